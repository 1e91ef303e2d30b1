//! The complete pipeline on Amazon MSK with IAM access control: the reference stack.

use constructs::{KafkaSource, OnFailure, Stack, StartingPosition};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-detection");
    stack.description("Real-time anomaly detection on Kafka logs: Amazon MSK (IAM auth) -> Lambda -> SageMaker Random Cut Forest -> DynamoDB, SNS, CloudWatch");
    let topic = common::topic(&mut stack);
    let cluster = common::msk_cluster(
        &mut stack,
        "ARN of the MSK cluster (IAM access control enabled)",
    );
    let sinks = super::sinks(&mut stack);
    let source = stack.add(
        "AppLogs",
        KafkaSource::msk(cluster, topic)
            .starting_position(StartingPosition::Latest)
            .batch_size(1000)
            .batching_window_seconds(1)
            .on_failure(OnFailure::queue(&sinks.queue)),
    );
    super::detector(&mut stack, options, &sinks, &source);
    stack
}
