//! Amazon MSK with IAM auth, scored by a Random Cut Forest embedded in the function: no
//! SageMaker endpoint. The model file (`synth train --output model.json`) is read from S3 at
//! cold start; the function's role may `s3:GetObject` that one object. Anomalies go to a
//! DynamoDB table and an SNS topic, and CloudWatch alarms watch the function.

use constructs::{
    AlertTopic, AnomalyFunction, AnomalyTable, KafkaSource, Monitoring, Output, Parameter, Scorer,
    Stack, StartingPosition,
};

use crate::common::{self, Options};

/// Default object key of the model file.
pub const DEFAULT_MODEL_KEY: &str = "anomaly-function/model.json";

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-embedded");
    stack.description("Real-time anomaly detection on Kafka logs: Amazon MSK (IAM auth) -> Lambda with an embedded Random Cut Forest -> DynamoDB, SNS, CloudWatch");
    let code = common::code(&mut stack, options);
    let model_bucket = stack.add_parameter(
        "ModelBucket",
        Parameter::string(
            "S3 bucket, in the stack's region, holding the model file written by synth train",
        )
        .allowed_pattern(
            "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
            "an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens",
        ),
    );
    let model_key = stack.add_parameter(
        "ModelKey",
        Parameter::string("S3 key of the model file (synth train --output model.json)")
            .default_value(DEFAULT_MODEL_KEY)
            .length(1, 1024),
    );
    let topic = common::topic(&mut stack);
    let cluster = common::msk_cluster(
        &mut stack,
        "ARN of the MSK cluster (IAM access control enabled)",
    );
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(cluster, topic).starting_position(StartingPosition::Latest),
    );
    let table = stack.add("Anomalies", AnomalyTable::new().ttl_days(90));
    let alerts = stack.add(
        "Alerts",
        AlertTopic::new().display_name("Kafka anomaly alerts"),
    );
    let function = stack.add(
        "Detector",
        AnomalyFunction::new(code)
            .architecture(options.architecture)
            .scorer(Scorer::embedded_s3(model_bucket, model_key))
            .add_source(&logs)
            .anomaly_table(&table)
            .alert_topic(&alerts),
    );
    stack.add(
        "Monitoring",
        Monitoring::new(&function).alert_topic(&alerts),
    );
    stack.add_output(
        "FunctionName",
        Output::new("The detector function", function.function_name()),
    );
    stack
}
