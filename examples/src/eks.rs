//! Kafka brokers running inside an Amazon EKS cluster (for example with Strimzi), consumed
//! through the cluster's VPC with SASL/SCRAM-512 over TLS signed by the cluster's own CA.
//!
//! The mapping's pollers are not pods: they run in the given subnets and resolve broker
//! addresses through the VPC's DNS, not the cluster's. Before deploying, check:
//!
//! 1. **Advertised listeners** — every broker advertises an address reachable from the VPC on
//!    the listener Lambda uses: an internal load balancer or NodePort per broker, or pod IPs
//!    when the VPC CNI gives pods VPC addresses. Names under `*.svc.cluster.local` do not
//!    resolve outside the cluster, and the mapping fails after the bootstrap connection.
//! 2. **Bootstrap servers** — the same reachable addresses (host:port), 1 to 10 of them.
//! 3. **Security groups** — the broker nodes' (or pods') security group allows the pollers'
//!    security group on the listener port.
//! 4. **Subnets** — private subnets of the cluster's VPC with a NAT route or interface
//!    endpoints for Lambda, STS and Secrets Manager.
//! 5. **TLS** — the listener's certificate chains to the root CA in `RootCaSecretArn`
//!    (Strimzi: the `<cluster>-cluster-ca-cert` secret's `ca.crt`), and its names match the
//!    advertised hosts.
//! 6. **User** — a SCRAM-SHA-512 user (Strimzi `KafkaUser` with `authentication: scram-sha-512`)
//!    allowed to read the topic and use the consumer group; its credentials in
//!    `ScramSecretArn` as {"username","password"}.

use constructs::kafka::BootstrapServers;
use constructs::{
    KafkaAuth, KafkaSource, Parameter, ParameterType, RootCaSecret, SaslSecret, Stack,
    StartingPosition, Vpc,
};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-eks");
    stack.description("Real-time anomaly detection on Kafka logs: Kafka on Amazon EKS (SASL/SCRAM-512, private CA) -> Lambda -> SageMaker Random Cut Forest");
    let code = common::code(&mut stack, options);
    let scorer = common::scorer(&mut stack);
    let topic = common::topic(&mut stack);
    let servers = common::bootstrap_servers(
        &mut stack,
        "Advertised broker addresses reachable from the subnets, host:port, comma-separated (1 to 10)",
    );
    let vpc_id = stack.add_parameter(
        "ClusterVpcId",
        Parameter::new(ParameterType::VpcId, "VPC of the EKS cluster"),
    );
    let subnet_a = stack.add_parameter(
        "SubnetA",
        Parameter::new(
            ParameterType::SubnetId,
            "First private subnet of the cluster's VPC for the pollers",
        ),
    );
    let subnet_b = stack.add_parameter(
        "SubnetB",
        Parameter::new(
            ParameterType::SubnetId,
            "Second private subnet of the cluster's VPC, in another Availability Zone",
        ),
    );
    let group = stack.add_parameter(
        "PollerSecurityGroupId",
        Parameter::new(ParameterType::SecurityGroupId, "Security group for the pollers; the brokers' security group must allow it on the listener port"),
    );
    let secret_arn = common::secret_arn(
        &mut stack,
        "ScramSecretArn",
        "ARN of the secret holding the SCRAM-SHA-512 user's {\"username\",\"password\"}",
        "",
    );
    let ca_arn = common::secret_arn(
        &mut stack,
        "RootCaSecretArn",
        "ARN of the secret holding {\"certificate\"}: the PEM CA that signed the broker certificates",
        "",
    );
    let secret = stack.add("KafkaUser", SaslSecret::import(secret_arn));
    let ca = stack.add("ClusterCa", RootCaSecret::import(ca_arn));
    let vpc = stack.add(
        "ClusterNetwork",
        Vpc::import(vpc_id, vec![subnet_a, subnet_b], vec![group]),
    );
    let logs = stack.add(
        "AppLogs",
        KafkaSource::self_managed(BootstrapServers::list(servers), topic)
            .auth(KafkaAuth::Scram512(secret))
            .root_ca(&ca)
            .vpc(&vpc)
            .starting_position(StartingPosition::Latest),
    );
    stack.add(
        "Detector",
        common::function(code, options, &scorer).add_source(&logs),
    );
    stack
}
