//! The complete pipeline on Confluent Cloud with an API key.

use constructs::{KafkaSource, OnFailure, SaslSecret, Stack, StartingPosition};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-detection-confluent");
    stack.description("Real-time anomaly detection on Kafka logs: Confluent Cloud (API key) -> Lambda -> SageMaker Random Cut Forest -> DynamoDB, SNS, CloudWatch");
    let topic = common::topic(&mut stack);
    let bootstrap = common::confluent_bootstrap(&mut stack);
    let key_arn = common::secret_arn(
        &mut stack,
        "ApiKeySecretArn",
        "ARN of the secret holding the Confluent API key as {\"username\": KEY, \"password\": SECRET}",
        "",
    );
    let api_key = stack.add("ConfluentApiKey", SaslSecret::import(key_arn));
    let sinks = super::sinks(&mut stack);
    let source = stack.add(
        "AppLogs",
        KafkaSource::confluent(bootstrap, topic, &api_key)
            .starting_position(StartingPosition::Latest)
            .batch_size(1000)
            .batching_window_seconds(1)
            .on_failure(OnFailure::queue(&sinks.queue)),
    );
    super::detector(&mut stack, options, &sinks, &source);
    stack
}
