//! Confluent Cloud: the cluster's bootstrap endpoint and an API key/secret pair stored in
//! Secrets Manager as {"username": KEY, "password": SECRET}; SASL/PLAIN over TLS, public.

use constructs::{KafkaSource, SaslSecret, Stack, StartingPosition};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-confluent");
    stack.description("Real-time anomaly detection on Kafka logs: Confluent Cloud (API key) -> Lambda -> SageMaker Random Cut Forest");
    let code = common::code(&mut stack, options);
    let scorer = common::scorer(&mut stack);
    let topic = common::topic(&mut stack);
    let bootstrap = common::confluent_bootstrap(&mut stack);
    let key_arn = common::secret_arn(
        &mut stack,
        "ApiKeySecretArn",
        "ARN of the secret holding the Confluent API key as {\"username\": KEY, \"password\": SECRET}",
        "",
    );
    let api_key = stack.add("ConfluentApiKey", SaslSecret::import(key_arn));
    let logs = stack.add(
        "AppLogs",
        KafkaSource::confluent(bootstrap, topic, &api_key)
            .starting_position(StartingPosition::Latest),
    );
    stack.add(
        "Detector",
        common::function(code, options, &scorer).add_source(&logs),
    );
    stack
}
