//! The alarms and dashboard `Monitoring` emits, and every rule with its message.

use serde_json::Value as Json;

use super::*;
use crate::kafka::{KafkaSource, StartingPosition};
use crate::sinks::AlertTopic;
use crate::{AnomalyFunction, Diagnostic, FunctionCode, RcfEndpoint, Stack, Synthesized};

const CLUSTER: &str =
    "arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-1111-2222-3333-444455556666-2";

/// What the function under watch is wired to.
#[derive(Clone, Copy)]
struct Wiring {
    source: bool,
    scorer: bool,
    topic: bool,
}

const ALL: Wiring = Wiring {
    source: true,
    scorer: true,
    topic: true,
};

fn stack(wiring: Wiring, f: impl FnOnce(Monitoring) -> Monitoring) -> (Stack, Handle<Monitoring>) {
    let mut stack = Stack::new("watched");
    let mut function = AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip"))
        .metrics_namespace("Orders/Anomalies");
    if wiring.scorer {
        let scorer = stack.add(
            "Scorer",
            RcfEndpoint::existing("rcf-anomaly-endpoint").variant_name("blue"),
        );
        function = function.scorer(&scorer);
    }
    if wiring.source {
        let logs = stack.add(
            "AppLogs",
            KafkaSource::msk(CLUSTER, "app-logs").starting_position(StartingPosition::Latest),
        );
        function = function.add_source(&logs);
    }
    let detector = stack.add("Detector", function);
    let mut monitoring = Monitoring::new(&detector);
    if wiring.topic {
        let topic = stack.add("Alerts", AlertTopic::new());
        monitoring = monitoring.alert_topic(&topic);
    }
    let handle = stack.add("Watch", f(monitoring));
    (stack, handle)
}

fn synth(wiring: Wiring, f: impl FnOnce(Monitoring) -> Monitoring) -> Synthesized {
    stack(wiring, f)
        .0
        .synth()
        .unwrap_or_else(|e| panic!("the stack synthesizes:\n{e}"))
}

/// Only the monitoring's diagnostics (the function reports a missing scorer on its own).
fn monitoring_errors(f: impl FnOnce(Monitoring) -> Monitoring) -> Vec<Diagnostic> {
    match stack(ALL, f).0.synth() {
        Ok(_) => panic!("the rules are invalid"),
        Err(e) => e
            .errors
            .into_iter()
            .filter(|d| d.construct == "Monitoring")
            .collect(),
    }
}

fn alarm(t: &Json, name: &str) -> Json {
    t["Resources"][format!("Watch{name}Alarm")]["Properties"].clone()
}

#[test]
fn every_alarm_with_its_metric() {
    let s = synth(ALL, |m| m);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let t = s.template.to_value();
    let by_function =
        serde_json::json!([{"Name": "FunctionName", "Value": {"Ref": "DetectorFunction"}}]);
    let expect = |name: &str, namespace: &str, metric: &str, statistic: &str, missing: &str| {
        let a = alarm(&t, name);
        assert_eq!(
            (
                a["Namespace"].as_str(),
                a["MetricName"].as_str(),
                a["Statistic"].as_str(),
                a["TreatMissingData"].as_str()
            ),
            (
                Some(namespace),
                Some(metric),
                Some(statistic),
                Some(missing)
            ),
            "{name}"
        );
        assert_eq!(a["ComparisonOperator"], "GreaterThanOrEqualToThreshold");
        assert_eq!(a["ActionsEnabled"], true);
        assert_eq!(
            a["AlarmActions"],
            serde_json::json!([{"Ref": "AlertsTopic"}])
        );
        a
    };
    for (name, metric) in [
        ("FunctionErrors", "Errors"),
        ("FunctionThrottles", "Throttles"),
    ] {
        let a = expect(name, "AWS/Lambda", metric, "Sum", "notBreaching");
        assert_eq!(a["Dimensions"], by_function);
        assert_eq!(a["OKActions"], a["AlarmActions"]);
    }
    let lag = expect("OffsetLag", "AWS/Lambda", "OffsetLag", "Maximum", "missing");
    assert_eq!(lag["Dimensions"], by_function);
    assert_eq!(
        (lag["Threshold"].as_i64(), lag["EvaluationPeriods"].as_i64()),
        (Some(10_000), Some(3))
    );
    for (name, metric, threshold) in [
        ("Anomalies", "Anomalies", 10),
        ("BadRecords", "BadRecords", 1),
    ] {
        let a = expect(name, "Orders/Anomalies", metric, "Sum", "notBreaching");
        assert_eq!(
            a["Dimensions"], by_function,
            "the runtime's dimension is the function's name"
        );
        assert!(
            a.get("OKActions").is_none(),
            "{name} reports events, not states"
        );
        assert_eq!(a["Threshold"], threshold);
        assert_eq!(a["Period"], DEFAULT_PERIOD_SECONDS);
    }
    let by_variant = serde_json::json!([
        {"Name": "EndpointName", "Value": "rcf-anomaly-endpoint"},
        {"Name": "VariantName", "Value": "blue"},
    ]);
    let errors = expect(
        "EndpointErrors",
        "AWS/SageMaker",
        "Invocation5XXErrors",
        "Sum",
        "notBreaching",
    );
    assert_eq!(errors["Dimensions"], by_variant);
    let latency = expect(
        "ModelLatency",
        "AWS/SageMaker",
        "ModelLatency",
        "Average",
        "notBreaching",
    );
    assert_eq!(latency["Dimensions"], by_variant);
    assert_eq!(latency["Threshold"], 2_000_000);
}

#[test]
fn alarms_follow_the_wiring() {
    let (_, all) = stack(ALL, |m| m);
    assert_eq!(all.alarm_ids().len(), 7);
    let bare = Wiring {
        source: false,
        scorer: false,
        topic: true,
    };
    let (s, handle) = stack(bare, |m| m);
    let ids: Vec<String> = handle.alarm_ids().iter().map(|id| id.to_string()).collect();
    assert_eq!(
        ids,
        [
            "WatchFunctionErrorsAlarm",
            "WatchFunctionThrottlesAlarm",
            "WatchAnomaliesAlarm",
            "WatchBadRecordsAlarm"
        ]
    );
    assert_eq!(handle.alarm_id(Alarm::OffsetLag), None);
    // The function itself reports the missing scorer; no other alarm is created.
    let err = s.synth().err().unwrap_or_else(|| panic!("no scorer"));
    assert!(err.errors.iter().all(|d| d.construct == "AnomalyFunction"));
}

#[test]
fn created_endpoints_are_watched_by_their_deployed_name() {
    let mut stack = Stack::new("watched");
    let scorer = stack.add(
        "Scorer",
        RcfEndpoint::new("s3://rcf-models-123456789012/model.tar.gz"),
    );
    let detector = stack.add(
        "Detector",
        AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip")).scorer(&scorer),
    );
    let topic = stack.add("Alerts", AlertTopic::new());
    stack.add("Watch", Monitoring::new(&detector).alert_topic(&topic));
    let s = stack.synth().unwrap_or_else(|e| panic!("{e}"));
    let t = s.template.to_value();
    assert_eq!(
        alarm(&t, "EndpointErrors")["Dimensions"][0]["Value"],
        serde_json::json!({"Fn::GetAtt": ["ScorerEndpoint", "EndpointName"]})
    );
    assert_eq!(
        alarm(&t, "EndpointErrors")["Dimensions"][1]["Value"],
        "AllTraffic"
    );
}

#[test]
fn rules_replace_the_defaults() {
    let t = synth(ALL, |m| {
        m.offset_lag(
            AlarmRule::new(50_000)
                .period_seconds(60)
                .evaluation_periods(15)
                .datapoints_to_alarm(10),
        )
        .anomalies(AlarmRule::new(1))
        .anomalies(AlarmRule::new(2))
    })
    .template
    .to_value();
    let lag = alarm(&t, "OffsetLag");
    assert_eq!(
        (
            lag["Threshold"].as_i64(),
            lag["Period"].as_i64(),
            lag["EvaluationPeriods"].as_i64(),
            lag["DatapointsToAlarm"].as_i64()
        ),
        (Some(50_000), Some(60), Some(15), Some(10))
    );
    assert_eq!(alarm(&t, "Anomalies")["Threshold"], 2, "the last rule wins");
}

#[test]
fn each_bad_value_is_named() {
    let cases: Vec<(Monitoring2, &str, &str)> = vec![
        (
            |m| m.function_errors(AlarmRule::new(0)),
            "function_errors.threshold",
            "must be a number above 0",
        ),
        (
            |m| m.function_throttles(AlarmRule::new(-1.5)),
            "function_throttles.threshold",
            "must be a number above 0",
        ),
        (
            |m| m.anomalies(AlarmRule::new("ten")),
            "anomalies.threshold",
            "must be a number",
        ),
        (
            |m| m.bad_records(AlarmRule::new(1).period_seconds(90)),
            "bad_records.period_seconds",
            "90 is not a whole number of minutes",
        ),
        (
            |m| m.bad_records(AlarmRule::new(1).period_seconds(30)),
            "bad_records.period_seconds",
            "must be between 60 and 86400",
        ),
        (
            |m| m.endpoint_errors(AlarmRule::new(1).evaluation_periods(0)),
            "endpoint_errors.evaluation_periods",
            "must be between 1 and",
        ),
        (
            |m| {
                m.offset_lag(
                    AlarmRule::new(1)
                        .period_seconds(600)
                        .evaluation_periods(145),
                )
            },
            "offset_lag.evaluation_periods",
            "but CloudWatch evaluates at most 86400 s",
        ),
        (
            |m| {
                m.model_latency(
                    AlarmRule::new(1)
                        .period_seconds(3600)
                        .evaluation_periods(169),
                )
            },
            "model_latency.evaluation_periods",
            "at most 604800 s (7 days)",
        ),
        (
            |m| {
                m.model_latency(
                    AlarmRule::new(1)
                        .evaluation_periods(2)
                        .datapoints_to_alarm(3),
                )
            },
            "model_latency.datapoints_to_alarm",
            "must be between 1 and 2",
        ),
    ];
    for (f, property, problem) in cases {
        let found = monitoring_errors(f);
        assert_eq!(found.len(), 1, "{property}: {found:?}");
        assert_eq!(found[0].property, property);
        assert!(
            found[0].problem.contains(problem),
            "{property}: {}",
            found[0].problem
        );
        assert!(!found[0].fix.is_empty());
    }
}

type Monitoring2 = fn(Monitoring) -> Monitoring;

#[test]
fn every_problem_is_reported_at_once() {
    let found: Vec<String> = monitoring_errors(|m| {
        m.function_errors(AlarmRule::new(0).period_seconds(61))
            .offset_lag(
                AlarmRule::new(5)
                    .evaluation_periods(0)
                    .datapoints_to_alarm(0),
            )
    })
    .into_iter()
    .map(|d| d.property)
    .collect();
    assert_eq!(
        found,
        [
            "function_errors.threshold",
            "function_errors.period_seconds",
            "offset_lag.evaluation_periods",
            "offset_lag.datapoints_to_alarm",
        ]
    );
}

#[test]
fn parameters_skip_literal_checks() {
    let mut stack = Stack::new("watched");
    let threshold = stack.add_parameter("LagThreshold", crate::Parameter::number("records"));
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let detector = stack.add(
        "Detector",
        AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip")).scorer(&scorer),
    );
    let topic = stack.add("Alerts", AlertTopic::new());
    stack.add(
        "Watch",
        Monitoring::new(&detector)
            .alert_topic(&topic)
            .bad_records(AlarmRule::new(threshold.clone()).period_seconds(threshold)),
    );
    assert!(stack.synth().is_ok());
}

#[test]
fn unused_rules_and_silent_alarms_are_warnings() {
    let bare = Wiring {
        source: false,
        scorer: true,
        topic: false,
    };
    let s = synth(bare, |m| m.offset_lag(AlarmRule::new(5)));
    let found: Vec<(&str, &str)> = s
        .warnings
        .iter()
        .filter(|d| d.construct == "Monitoring")
        .map(|d| (d.property.as_str(), d.problem.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "offset_lag",
                "function `Detector` has no Kafka source, so the OffsetLag alarm is not created and this rule is unused"
            ),
            (
                "alert_topic",
                "the alarms change state without notifying anyone"
            ),
        ]
    );
    let t = s.template.to_value();
    assert!(alarm(&t, "FunctionErrors").get("AlarmActions").is_none());
}

#[test]
fn the_dashboard_holds_every_graph_with_deploy_time_names() {
    let (stack, handle) = stack(ALL, |m| m);
    let t = stack
        .synth()
        .unwrap_or_else(|e| panic!("{e}"))
        .template
        .to_value();
    let dashboard = &t["Resources"][handle.dashboard_id().as_str()]["Properties"];
    assert_eq!(
        dashboard["DashboardName"],
        serde_json::json!({"Fn::Sub": "${AWS::StackName}-${AWS::Region}-Watch"})
    );
    assert_eq!(
        handle.dashboard_name().describe(),
        r#"{"Ref":"WatchDashboard"}"#
    );
    let sub = &dashboard["DashboardBody"]["Fn::Sub"];
    let body: Json = serde_json::from_str(sub[0].as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("the body is JSON: {e}"));
    let variables = &sub[1];
    assert_eq!(
        variables["Deployed0"],
        serde_json::json!({"Ref": "AWS::Region"})
    );
    assert_eq!(
        variables["Deployed1"],
        serde_json::json!({"Ref": "DetectorFunction"})
    );
    let widgets = body["widgets"].as_array().cloned().unwrap_or_default();
    let titles: Vec<&str> = widgets
        .iter()
        .map(|w| w["properties"]["title"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        titles,
        [
            "Alarms",
            "Records, scored and anomalies",
            "Bad records",
            "Highest score per invocation",
            "Kafka offset lag (records)",
            "Scoring latency per invocation (ms)",
            "Model latency (µs)",
            "Endpoint invocations and errors",
            "Function invocations, errors and throttles",
        ]
    );
    assert_eq!(
        widgets[0]["properties"]["alarms"].as_array().map(Vec::len),
        Some(7)
    );
    // The endpoint's literal name stays literal, so the alarms follow the function's name.
    assert_eq!(
        variables["Deployed2"],
        serde_json::json!({"Fn::GetAtt": ["WatchFunctionErrorsAlarm", "Arn"]})
    );
    let score = &widgets[3]["properties"];
    assert_eq!(score["annotations"]["horizontal"][0]["value"], 3.0);
    assert_eq!(
        score["metrics"][0],
        serde_json::json!(["Orders/Anomalies", "MaxScore", "FunctionName", "${Deployed1}", {"label": "max score"}])
    );
    assert_eq!(widgets[4]["properties"]["region"], "${Deployed0}");
    // Two graphs per row, below the alarm strip, without overlaps.
    let places: Vec<(i64, i64)> = widgets
        .iter()
        .skip(1)
        .map(|w| (w["x"].as_i64().unwrap_or(-1), w["y"].as_i64().unwrap_or(-1)))
        .collect();
    assert_eq!(places[..4], [(0, 3), (12, 3), (0, 9), (12, 9)]);
}

#[test]
fn the_dashboard_leaves_out_what_is_not_wired() {
    let bare = Wiring {
        source: false,
        scorer: false,
        topic: true,
    };
    let (stack, _) = stack(bare, |m| m);
    // The function without a scorer fails synthesis; the dashboard is built all the same.
    let err = stack.synth().err().unwrap_or_else(|| panic!("no scorer"));
    assert!(err.errors.iter().all(|d| d.construct == "AnomalyFunction"));
    let (_, handle) = self::stack(bare, |m| m);
    let body = dashboard::body(
        &handle.props().function,
        &handle.props().function.function_name(),
        &[],
    );
    let text = body.describe();
    assert!(
        !text.contains("OffsetLag") && !text.contains("AWS/SageMaker"),
        "{text}"
    );
    assert!(
        !text.contains("\\\"alarm\\\""),
        "no alarm strip without alarms"
    );
}

/// A stack whose function reads `source` (built from the MSK source), watched with `f`.
fn mapping_stack(
    source: impl FnOnce(KafkaSource) -> KafkaSource,
    f: impl FnOnce(Monitoring) -> Monitoring,
) -> (Stack, Handle<Monitoring>, Handle<KafkaSource>) {
    let mut stack = Stack::new("watched");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let logs = stack.add(
        "app-logs",
        source(
            KafkaSource::msk(CLUSTER, "app-logs")
                .starting_position(StartingPosition::Latest)
                .provisioned_pollers(crate::ProvisionedPollers::new(1, 2)),
        ),
    );
    let detector = stack.add(
        "Detector",
        AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip"))
            .scorer(&scorer)
            .add_source(&logs),
    );
    let topic = stack.add("Alerts", AlertTopic::new());
    let watch = stack.add("Watch", f(Monitoring::new(&detector).alert_topic(&topic)));
    (stack, watch, logs)
}

#[test]
fn mapping_metrics_get_alarms_by_the_mapping_uuid() {
    use crate::kafka::{MappingMetric, OnFailure};
    let (stack, watch, logs) = mapping_stack(
        |s| {
            s.on_failure(OnFailure::sqs("arn:aws:sqs:us-east-1:123456789012:failed"))
                .metrics([
                    MappingMetric::EventCount,
                    MappingMetric::ErrorCount,
                    MappingMetric::KafkaMetrics,
                ])
        },
        |m| m.mapping_alarm(MappingAlarm::MaxOffsetLag, AlarmRule::new(500)),
    );
    let s = stack.synth().unwrap_or_else(|e| panic!("{e}"));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let t = s.template.to_value();
    let by_mapping =
        serde_json::json!([{"Name": "EventSourceMappingUUID", "Value": {"Ref": "AppLogsMapping"}}]);
    for (name, metric, statistic, threshold) in [
        ("DroppedEvents", "DroppedEventCount", "Sum", 1),
        ("PollingErrors", "PollingErrorCount", "Sum", 1),
        (
            "DestinationDeliveryErrors",
            "OnFailureDestinationDeliveryErrorCount",
            "Sum",
            1,
        ),
        ("MaxOffsetLag", "MaxOffsetLag", "Maximum", 500),
    ] {
        let a = alarm(&t, &format!("AppLogs{name}"));
        assert_eq!(
            (
                a["Namespace"].as_str(),
                a["MetricName"].as_str(),
                a["Statistic"].as_str()
            ),
            (Some("AWS/Lambda"), Some(metric), Some(statistic)),
            "{name}"
        );
        assert_eq!(a["Dimensions"], by_mapping, "{name}");
        assert_eq!(a["Threshold"], threshold, "{name}");
    }
    // No schema registry: no alarm on its errors.
    assert_eq!(
        watch.mapping_alarm_id(&logs, MappingAlarm::SchemaRegistryErrors),
        None
    );
    assert_eq!(watch.alarm_ids().len(), 7 + 4);
    let body = t["Resources"]["WatchDashboard"]["Properties"]["DashboardBody"].to_string();
    for graph in [
        "Mapping app-logs: records",
        "Mapping app-logs: errors",
        "Mapping app-logs: offset lag",
    ] {
        assert!(body.contains(graph), "{graph} in {body}");
    }
    assert!(body.contains("EventSourceMappingUUID"));
}

#[test]
fn sources_without_mapping_metrics_get_no_mapping_alarms() {
    let (stack, watch, _) = mapping_stack(|s| s, |m| m);
    let s = stack.synth().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(watch.alarm_ids().len(), 7);
    assert!(!s.template.to_json().contains("EventSourceMappingUUID"));
}

#[test]
fn a_mapping_rule_without_the_metric_is_unused() {
    let (stack, _, _) = mapping_stack(
        |s| s,
        |m| m.mapping_alarm(MappingAlarm::PollingErrors, AlarmRule::new(5)),
    );
    let warnings = stack.synth().unwrap_or_else(|e| panic!("{e}")).warnings;
    let w = warnings
        .iter()
        .find(|d| d.rule.id == "W0706")
        .unwrap_or_else(|| panic!("{warnings:?}"));
    assert_eq!(w.property, "polling_errors");
    assert!(
        w.problem.contains("publishes PollingErrorCount"),
        "{}",
        w.problem
    );
}

#[test]
fn dropped_records_nobody_counts_are_flagged() {
    let (stack, _, _) = mapping_stack(|s| s.max_retry_attempts(2), |m| m);
    let warnings = stack.synth().unwrap_or_else(|e| panic!("{e}")).warnings;
    let w = warnings
        .iter()
        .find(|d| d.rule.id == "W0708")
        .unwrap_or_else(|| panic!("{warnings:?}"));
    assert_eq!(w.value.as_deref(), Some("\"app-logs\""));
    assert!(w.problem.contains("leave no trace"), "{}", w.problem);
    let (stack, _, _) = mapping_stack(
        |s| {
            s.max_retry_attempts(2)
                .metrics([crate::kafka::MappingMetric::EventCount])
        },
        |m| m,
    );
    let warnings = stack.synth().unwrap_or_else(|e| panic!("{e}")).warnings;
    assert!(
        !warnings.iter().any(|d| d.rule.id == "W0708"),
        "{warnings:?}"
    );
}

#[test]
fn a_mapping_refused_for_its_logical_id_is_reported_once() {
    // An output takes the mapping's logical id: the mapping is refused, and the alarms that
    // name it do not add a second error about a reference to nothing.
    let (mut stack, _, _) = mapping_stack(
        |s| s.metrics([crate::kafka::MappingMetric::KafkaMetrics]),
        |m| m,
    );
    stack.add_output("AppLogsMapping", crate::Output::new("taken", "a literal"));
    let errors = stack.synth().expect_err("the mapping's id is taken").errors;
    let ids: Vec<&str> = errors.iter().map(|d| d.rule.id).collect();
    assert_eq!(ids, ["E0005"], "{errors:?}");
}
