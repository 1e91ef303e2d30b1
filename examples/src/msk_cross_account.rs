//! A provisioned Amazon MSK cluster in another account, read through this account's managed VPC
//! connection (multi-VPC private connectivity) with IAM access control. The mapping's event
//! source is the connection (the role may describe it); the `kafka-cluster:` statements name the
//! owner's cluster, topic and group, which the owner's cluster policy must also grant this
//! account. The principal deploying this stack needs `kafka:ListVpcConnections`.

use constructs::{KafkaSource, Parameter, Stack, StartingPosition};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-msk-cross-account");
    stack.description("Real-time anomaly detection on Kafka logs: Amazon MSK in another account (managed VPC connection, IAM auth) -> Lambda -> SageMaker Random Cut Forest");
    let code = common::code(&mut stack, options);
    let scorer = common::scorer(&mut stack);
    let topic = common::topic(&mut stack);
    let connection = stack.add_parameter(
        "VpcConnectionArn",
        Parameter::string("ARN of this account's managed VPC connection to the cluster")
            .allowed_pattern(
                "^arn:aws[a-z-]*:kafka:[a-z0-9-]+:[0-9]{12}:vpc-connection/[0-9]{12}/[A-Za-z0-9-]+/[A-Za-z0-9-]+$",
                "a managed VPC connection ARN: arn:aws:kafka:REGION:ACCOUNT:vpc-connection/OWNER_ACCOUNT/CLUSTER_NAME/UUID",
            ),
    );
    let cluster = common::msk_cluster(
        &mut stack,
        "ARN of the other account's MSK cluster (provisioned, IAM access control enabled)",
    );
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk_cross_account(connection, cluster, topic)
            .starting_position(StartingPosition::Latest),
    );
    stack.add(
        "Detector",
        common::function(code, options, &scorer).add_source(&logs),
    );
    stack
}
