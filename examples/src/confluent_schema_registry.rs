//! Confluent Cloud (API key) with Confluent Schema Registry: the mapping (provisioned mode)
//! validates each value with the registry, authenticating with a registry API key stored as
//! {"username": KEY, "password": SECRET}, and hands the function JSON text. Records the
//! registry rejects go to an SQS queue.

use constructs::kafka::{RegistryAccess, SchemaRegistry};
use constructs::{
    KafkaSource, OnFailure, Parameter, ProvisionedPollers, Queue, SaslSecret, Stack,
    StartingPosition,
};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-confluent-registry");
    stack.description("Real-time anomaly detection on Kafka logs: Confluent Cloud (API key, Confluent Schema Registry) -> Lambda -> SageMaker Random Cut Forest");
    let code = common::code(&mut stack, options);
    let scorer = common::scorer(&mut stack);
    let topic = common::topic(&mut stack);
    let bootstrap = common::confluent_bootstrap(&mut stack);
    let key_arn = common::secret_arn(
        &mut stack,
        "ApiKeySecretArn",
        "ARN of the secret holding the Kafka cluster's API key as {\"username\": KEY, \"password\": SECRET}",
        "",
    );
    let registry_url = stack.add_parameter(
        "RegistryUrl",
        Parameter::string("URL of the Confluent Schema Registry (Stream Governance endpoint)")
            .allowed_pattern(
                "^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/.*)?$",
                "an https:// URL, e.g. https://psrc-….REGION.aws.confluent.cloud",
            ),
    );
    let registry_key_arn = common::secret_arn(
        &mut stack,
        "RegistryKeySecretArn",
        "ARN of the secret holding the Schema Registry API key as {\"username\": KEY, \"password\": SECRET}",
        "",
    );
    let api_key = stack.add("ConfluentApiKey", SaslSecret::import(key_arn));
    let registry_key = stack.add("RegistryApiKey", SaslSecret::import(registry_key_arn));
    let failed = stack.add("FailedRecords", Queue::new());
    let logs = stack.add(
        "AppLogs",
        KafkaSource::confluent(bootstrap, topic, &api_key)
            .starting_position(StartingPosition::Latest)
            .provisioned_pollers(ProvisionedPollers::new(1, 2))
            .schema_registry(
                SchemaRegistry::confluent(registry_url)
                    .access(RegistryAccess::basic(&registry_key)),
            )
            .on_failure(OnFailure::queue(&failed)),
    );
    stack.add(
        "Detector",
        common::function(code, options, &scorer).add_source(&logs),
    );
    stack
}
