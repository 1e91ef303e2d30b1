//! Synthesizes the whole pipeline — an MSK source whose failed batches go to a stack queue, a
//! created RCF endpoint, the function writing to an anomaly table, an alert topic and a
//! bad-record queue, and its alarms and dashboard — and runs `cfn-lint` on the JSON and YAML
//! templates: no errors, no warnings. The templates are written under the target dir, where
//! `checkov -f FILE --framework cloudformation` can be run on them too.

use std::path::PathBuf;

use constructs::kafka::{KafkaSource, OnFailure, StartingPosition};
use constructs::sinks::{AlertTopic, AnomalyTable, Queue};
use constructs::{
    AlarmRule, AnomalyFunction, FunctionCode, Monitoring, Output, Parameter, RcfEndpoint, Stack,
    Synthesized,
};
use snapshots::cfn_lint::{CfnLint, Report};

const CLUSTER: &str =
    "arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-1111-2222-3333-444455556666-2";
const MODEL: &str = "s3://rcf-models-123456789012/rcf/output/model.tar.gz";

/// Every sink and monitoring option wired together.
fn pipeline() -> Stack {
    let mut stack = Stack::new("anomaly-pipeline");
    stack.description("Kafka logs scored by a Random Cut Forest endpoint, with sinks and alarms");
    let email = stack.add_parameter(
        "AlertEmail",
        Parameter::string("E-mail address for alerts; leave empty for none").default_value(""),
    );
    let lag = stack.add_parameter(
        "OffsetLagThreshold",
        Parameter::number("Records behind before the offset-lag alarm fires").default_value(20000),
    );
    let scorer = stack.add("Scorer", RcfEndpoint::new(MODEL).feature_dim(3));
    let table = stack.add("Anomalies", AnomalyTable::new().ttl_days(90));
    let alerts = stack.add(
        "Alerts",
        AlertTopic::new()
            .display_name("Anomaly alerts")
            .email(email)
            .email("oncall@example.com"),
    );
    let bad = stack.add("BadRecords", Queue::new());
    let failed = stack.add("FailedBatches", Queue::new().retention_seconds(604_800));
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(CLUSTER, "app-logs")
            .starting_position(StartingPosition::Latest)
            .on_failure(OnFailure::queue(&failed)),
    );
    let detector = stack.add(
        "Detector",
        AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip"))
            .scorer(&scorer)
            .add_source(&logs)
            .anomaly_table(&table)
            .alert_topic(&alerts)
            .bad_record_queue(&bad),
    );
    let monitoring = stack.add(
        "Monitoring",
        Monitoring::new(&detector)
            .alert_topic(&alerts)
            .offset_lag(
                AlarmRule::new(lag)
                    .period_seconds(60)
                    .evaluation_periods(15)
                    .datapoints_to_alarm(10),
            )
            .model_latency(AlarmRule::new(1_500_000).evaluation_periods(2)),
    );
    stack.add_output(
        "Dashboard",
        Output::new(
            "The pipeline's CloudWatch dashboard",
            monitoring.dashboard_name(),
        ),
    );
    stack.add_output(
        "AnomalyTableName",
        Output::new("Where anomalies are written", table.table_name()),
    );
    stack.add_output(
        "AlertTopicArn",
        Output::new("Where alerts and alarms go", alerts.topic_arn()),
    );
    stack
}

/// The least: an existing endpoint, a table, no topic, default alarms.
fn minimal() -> Stack {
    let mut stack = Stack::new("anomaly-minimal");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let table = stack.add("Anomalies", AnomalyTable::new().deletion_protection(false));
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(CLUSTER, "app-logs").starting_position(StartingPosition::Latest),
    );
    let detector = stack.add(
        "Detector",
        AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip"))
            .scorer(&scorer)
            .add_source(&logs)
            .anomaly_table(&table),
    );
    let alerts = stack.add("Alerts", AlertTopic::new());
    stack.add(
        "Monitoring",
        Monitoring::new(&detector).alert_topic(&alerts),
    );
    stack
}

fn synth(stack: &Stack) -> Synthesized {
    stack
        .synth()
        .unwrap_or_else(|e| panic!("the stack synthesizes:\n{e}"))
}

fn template_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sinks-monitoring");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    dir
}

#[test]
fn cfn_lint_accepts_the_whole_pipeline() {
    let full = synth(&pipeline());
    assert!(full.warnings.is_empty(), "{:?}", full.warnings);
    let least = synth(&minimal());
    assert!(least.warnings.is_empty(), "{:?}", least.warnings);
    CfnLint::new()
        .write_and_lint(
            &template_dir(),
            &[
                ("pipeline.json", full.template.to_json()),
                ("pipeline.yaml", full.template.to_yaml()),
                ("minimal.json", least.template.to_json()),
                ("minimal.yaml", least.template.to_yaml()),
            ],
        )
        .and_then(Report::require_clean)
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn output_is_deterministic() {
    assert_eq!(
        synth(&pipeline()).template.to_json(),
        synth(&pipeline()).template.to_json()
    );
}
