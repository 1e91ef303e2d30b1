//! Amazon MSK with SASL/SCRAM-512: credentials in a Secrets Manager secret named
//! `AmazonMSK_…` and encrypted with a customer-managed key, as MSK requires.

use constructs::{KafkaAuth, KafkaSource, SaslSecret, Stack, StartingPosition};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-msk-scram");
    stack.description("Real-time anomaly detection on Kafka logs: Amazon MSK (SASL/SCRAM-512) -> Lambda -> SageMaker Random Cut Forest");
    let code = common::code(&mut stack, options);
    let scorer = common::scorer(&mut stack);
    let topic = common::topic(&mut stack);
    let cluster = common::msk_cluster(
        &mut stack,
        "ARN of the MSK cluster (SASL/SCRAM enabled, secret associated)",
    );
    let secret_arn = common::secret_arn(
        &mut stack,
        "ScramSecretArn",
        "ARN of the SCRAM secret ({\"username\",\"password\"}) associated with the cluster",
        "AmazonMSK_",
    );
    let key_arn = common::kms_key_arn(
        &mut stack,
        "ScramSecretKeyArn",
        "ARN of the customer-managed KMS key that encrypts the SCRAM secret",
    );
    let secret = stack.add(
        "ScramCredentials",
        SaslSecret::import(secret_arn).kms_key_arn(key_arn),
    );
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(cluster, topic)
            .auth(KafkaAuth::Scram512(secret))
            .starting_position(StartingPosition::Latest),
    );
    stack.add(
        "Detector",
        common::function(code, options, &scorer).add_source(&logs),
    );
    stack
}
