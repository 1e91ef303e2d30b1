//! Amazon MSK with IAM access control: no secret; the function's role gets `kafka-cluster:*`
//! actions scoped to the cluster, the topic and the consumer group.

use constructs::{KafkaSource, Stack, StartingPosition};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-msk-iam");
    stack.description("Real-time anomaly detection on Kafka logs: Amazon MSK (IAM auth) -> Lambda -> SageMaker Random Cut Forest");
    let code = common::code(&mut stack, options);
    let scorer = common::scorer(&mut stack);
    let topic = common::topic(&mut stack);
    let cluster = common::msk_cluster(
        &mut stack,
        "ARN of the MSK cluster (IAM access control enabled)",
    );
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(cluster, topic).starting_position(StartingPosition::Latest),
    );
    stack.add(
        "Detector",
        common::function(code, options, &scorer).add_source(&logs),
    );
    stack
}
