//! Self-managed Kafka 4.2+ read in queue mode (a Kafka share group): several pollers read each
//! partition, so throughput no longer stops at the partition count, and records arrive
//! unordered. Queue mode takes no starting position and no batching window, and is fixed at
//! creation (this mapping's logical id, `AppLogsQueueMapping`, and its default group,
//! `<stack>-AppLogs-queue`, say so). Records the function cannot score are released for
//! redelivery, and after three retries go to an SQS queue.

use constructs::kafka::BootstrapServers;
use constructs::{
    ConsumptionMode, KafkaAuth, KafkaSource, OnFailure, ProvisionedPollers, Queue, SaslSecret,
    Stack,
};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-queue-mode");
    stack.description("Real-time anomaly detection on Kafka logs: self-managed Kafka in queue mode (share group, SASL/SCRAM-512) -> Lambda -> SageMaker Random Cut Forest");
    let code = common::code(&mut stack, options);
    let scorer = common::scorer(&mut stack);
    let topic = common::topic(&mut stack);
    let servers = common::bootstrap_servers(
        &mut stack,
        "Broker addresses as host:port (Kafka 4.2 or later with share groups enabled), comma-separated (1 to 10)",
    );
    let secret_arn = common::secret_arn(
        &mut stack,
        "ScramSecretArn",
        "ARN of the secret holding {\"username\",\"password\"} for SASL/SCRAM-512",
        "",
    );
    let secret = stack.add("BrokerCredentials", SaslSecret::import(secret_arn));
    let failed = stack.add("FailedRecords", Queue::new());
    let logs = stack.add(
        "AppLogs",
        KafkaSource::self_managed(BootstrapServers::list(servers), topic)
            .auth(KafkaAuth::Scram512(secret))
            .consumption_mode(ConsumptionMode::Queue)
            .provisioned_pollers(ProvisionedPollers::new(2, 10))
            .on_failure(OnFailure::queue(&failed))
            .max_retry_attempts(3)
            .report_batch_item_failures(true),
    );
    stack.add(
        "Detector",
        common::function(code, options, &scorer).add_source(&logs),
    );
    stack
}
