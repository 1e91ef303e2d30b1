//! The complete pipeline on self-managed Kafka reached through a VPC with SASL/SCRAM-512.

use constructs::kafka::BootstrapServers;
use constructs::{
    KafkaAuth, KafkaSource, OnFailure, Parameter, ParameterType, SaslSecret, Stack,
    StartingPosition, Vpc,
};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-detection-self-managed");
    stack.description("Real-time anomaly detection on Kafka logs: self-managed Kafka in a VPC (SASL/SCRAM-512) -> Lambda -> SageMaker Random Cut Forest -> DynamoDB, SNS, CloudWatch");
    let topic = common::topic(&mut stack);
    let servers = common::bootstrap_servers(
        &mut stack,
        "Broker SASL_SSL listeners as host:port, comma-separated (1 to 10), reachable from the subnets",
    );
    let vpc_id = stack.add_parameter(
        "VpcId",
        Parameter::new(ParameterType::VpcId, "VPC the brokers are reachable from"),
    );
    let subnet_a = stack.add_parameter(
        "SubnetA",
        Parameter::new(
            ParameterType::SubnetId,
            "First private subnet for the mapping's pollers",
        ),
    );
    let subnet_b = stack.add_parameter(
        "SubnetB",
        Parameter::new(
            ParameterType::SubnetId,
            "Second private subnet for the mapping's pollers, in another Availability Zone",
        ),
    );
    let group = stack.add_parameter(
        "SecurityGroupId",
        Parameter::new(
            ParameterType::SecurityGroupId,
            "Security group for the pollers; the brokers must accept it on their SASL port",
        ),
    );
    let secret_arn = common::secret_arn(
        &mut stack,
        "ScramSecretArn",
        "ARN of the secret holding {\"username\",\"password\"} for SASL/SCRAM-512",
        "",
    );
    let secret = stack.add("BrokerCredentials", SaslSecret::import(secret_arn));
    let vpc = stack.add(
        "BrokerNetwork",
        Vpc::import(vpc_id, vec![subnet_a, subnet_b], vec![group]),
    );
    let sinks = super::sinks(&mut stack);
    let source = stack.add(
        "AppLogs",
        KafkaSource::self_managed(BootstrapServers::list(servers), topic)
            .auth(KafkaAuth::Scram512(secret))
            .vpc(&vpc)
            .starting_position(StartingPosition::Latest)
            .batch_size(1000)
            .batching_window_seconds(1)
            .on_failure(OnFailure::queue(&sinks.queue)),
    );
    super::detector(&mut stack, options, &sinks, &source);
    stack
}
