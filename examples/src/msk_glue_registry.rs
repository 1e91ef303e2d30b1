//! Amazon MSK (IAM auth) whose producers write Avro, Protobuf or JSON Schema records with the
//! AWS Glue Schema Registry. The mapping (provisioned mode) validates each value against the
//! registry and hands the function JSON text, which it scores like any JSON log line; records
//! whose schema is unknown or that do not deserialize, and records the function fails, go to an
//! SQS queue after two retries. The mapping publishes its own metrics, which Monitoring alarms
//! on and graphs.

use constructs::kafka::SchemaRegistry;
use constructs::{
    AlertTopic, KafkaSource, MappingMetric, Monitoring, OnFailure, Parameter, ProvisionedPollers,
    Queue, Stack, StartingPosition,
};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-glue-registry");
    stack.description("Real-time anomaly detection on Kafka logs: Amazon MSK (IAM auth, AWS Glue Schema Registry) -> Lambda -> SageMaker Random Cut Forest");
    let code = common::code(&mut stack, options);
    let scorer = common::scorer(&mut stack);
    let topic = common::topic(&mut stack);
    let cluster = common::msk_cluster(
        &mut stack,
        "ARN of the MSK cluster (IAM access control enabled)",
    );
    let registry = stack.add_parameter(
        "RegistryArn",
        Parameter::string("ARN of the AWS Glue schema registry the producers serialize with")
            .allowed_pattern(
                "^arn:aws[a-z-]*:glue:[a-z0-9-]+:[0-9]{12}:registry/[A-Za-z0-9_$#.-]{1,255}$",
                "a Glue registry ARN: arn:aws:glue:REGION:ACCOUNT:registry/NAME",
            ),
    );
    let failed = stack.add("FailedRecords", Queue::new());
    let alerts = stack.add("Alerts", AlertTopic::new());
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(cluster, topic)
            .starting_position(StartingPosition::Latest)
            .provisioned_pollers(ProvisionedPollers::new(1, 4))
            .schema_registry(SchemaRegistry::glue(registry))
            .on_failure(OnFailure::queue(&failed))
            .max_retry_attempts(2)
            .report_batch_item_failures(true)
            .metrics([
                MappingMetric::EventCount,
                MappingMetric::ErrorCount,
                MappingMetric::KafkaMetrics,
            ]),
    );
    let detector = stack.add(
        "Detector",
        common::function(code, options, &scorer)
            .add_source(&logs)
            .alert_topic(&alerts),
    );
    stack.add(
        "Monitoring",
        Monitoring::new(&detector).alert_topic(&alerts),
    );
    stack
}
