//! Self-managed Kafka with mutual TLS: a client certificate and key in one secret, and the
//! private root CA that signed the brokers' certificates in another.

use constructs::kafka::BootstrapServers;
use constructs::{KafkaAuth, KafkaSource, MtlsSecret, RootCaSecret, Stack, StartingPosition};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-self-managed-mtls");
    stack.description("Real-time anomaly detection on Kafka logs: self-managed Kafka (mutual TLS, private CA) -> Lambda -> SageMaker Random Cut Forest");
    let code = common::code(&mut stack, options);
    let scorer = common::scorer(&mut stack);
    let topic = common::topic(&mut stack);
    let servers = common::bootstrap_servers(
        &mut stack,
        "Broker TLS listeners as host:port, comma-separated (1 to 10)",
    );
    let client_arn = common::secret_arn(
        &mut stack,
        "ClientCertificateSecretArn",
        "ARN of the secret holding {\"certificate\",\"privateKey\"} (PEM chain and PKCS#8 key) for mutual TLS",
        "",
    );
    let ca_arn = common::secret_arn(
        &mut stack,
        "RootCaSecretArn",
        "ARN of the secret holding {\"certificate\"}: the PEM root CA of the brokers",
        "",
    );
    let client = stack.add("ClientCertificate", MtlsSecret::import(client_arn));
    let ca = stack.add("BrokerRootCa", RootCaSecret::import(ca_arn));
    let logs = stack.add(
        "AppLogs",
        KafkaSource::self_managed(BootstrapServers::list(servers), topic)
            .auth(KafkaAuth::Mtls(client))
            .root_ca(&ca)
            .starting_position(StartingPosition::TrimHorizon),
    );
    stack.add(
        "Detector",
        common::function(code, options, &scorer).add_source(&logs),
    );
    stack
}
