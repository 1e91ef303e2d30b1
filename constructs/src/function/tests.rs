//! Rules and output of `AnomalyFunction`.

use super::*;
use crate::contract::FunctionConfig;
use crate::{KafkaSource, Stack, StartingPosition, SynthErrors, Synthesized};

const CLUSTER: &str =
    "arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2";

fn code() -> FunctionCode {
    FunctionCode::s3("my-artifacts", "anomaly-function/bootstrap.zip")
}

/// A stack with one MSK source and an existing endpoint, the function shaped by `f`, which
/// is given the stack to add what the function refers to (a parameter, a VPC) first.
fn stack_with(f: impl FnOnce(&mut Stack, AnomalyFunction) -> AnomalyFunction) -> Stack {
    let mut stack = Stack::new("test");
    let scorer = stack.add(
        "Scorer",
        RcfEndpoint::existing("rcf-anomaly-endpoint").feature_dim(3),
    );
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(CLUSTER, "app-logs").starting_position(StartingPosition::Latest),
    );
    let function = f(
        &mut stack,
        AnomalyFunction::new(code())
            .scorer(&scorer)
            .add_source(&logs),
    );
    stack.add("Detector", function);
    stack
}

/// [`stack_with`], synthesized.
fn synth(f: impl FnOnce(AnomalyFunction) -> AnomalyFunction) -> Result<Synthesized, SynthErrors> {
    stack_with(|_, function| f(function)).synth()
}

/// The (property, value, problem) of every error.
fn errors(
    f: impl FnOnce(AnomalyFunction) -> AnomalyFunction,
) -> Vec<(String, Option<String>, String)> {
    synth(f)
        .expect_err("the props are invalid")
        .errors
        .into_iter()
        .map(|d| {
            assert_eq!(d.construct, "AnomalyFunction");
            assert!(!d.fix.is_empty());
            (d.property, d.value, d.problem)
        })
        .collect()
}

fn single(f: impl FnOnce(AnomalyFunction) -> AnomalyFunction) -> (String, Option<String>, String) {
    let mut all = errors(f);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

#[test]
fn defaults_synthesize_cleanly() {
    let s = synth(|f| f).expect("defaults are valid");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let t = s.template.to_value();
    let function = &t["Resources"]["DetectorFunction"]["Properties"];
    assert_eq!(function["Runtime"], "provided.al2023");
    assert_eq!(function["Handler"], "bootstrap");
    assert_eq!(function["Architectures"][0], "arm64");
    assert_eq!(function["MemorySize"], DEFAULT_MEMORY_MB);
    assert_eq!(function["Timeout"], DEFAULT_TIMEOUT_SECONDS);
    let env = function["Environment"]["Variables"]["ANOMALY_CONFIG"]
        .as_str()
        .expect("a literal endpoint gives a literal config");
    let config = FunctionConfig::from_json(env).expect("the runtime accepts what the stack writes");
    assert_eq!(config, FunctionConfig::default());
    assert_eq!(
        t["Resources"]["DetectorLogGroup"]["Properties"]["RetentionInDays"],
        DEFAULT_LOG_RETENTION_DAYS
    );
}

#[test]
fn memory_outside_lambda_limits() {
    let (p, v, problem) = single(|f| f.memory_mb(64));
    assert_eq!((p.as_str(), v.as_deref()), ("memory_mb", Some("64")));
    assert!(problem.contains("128 and 10240"), "{problem}");
    assert_eq!(single(|f| f.memory_mb(10241)).0, "memory_mb");
}

#[test]
fn timeout_over_fourteen_minutes_with_a_kafka_source() {
    let (p, v, problem) = single(|f| f.timeout_seconds(841));
    assert_eq!((p.as_str(), v.as_deref()), ("timeout_seconds", Some("841")));
    assert!(problem.contains("14 minutes"), "{problem}");
    assert!(synth(|f| f.timeout_seconds(840)).is_ok());
}

#[test]
fn reserved_concurrency_of_zero() {
    let (p, _, problem) = single(|f| f.reserved_concurrency(0));
    assert_eq!(p, "reserved_concurrency");
    assert!(problem.contains("throttles every invocation"), "{problem}");
}

#[test]
fn retention_not_offered_by_cloudwatch() {
    let (p, v, _) = single(|f| f.log_retention_days(42));
    assert_eq!(
        (p.as_str(), v.as_deref()),
        ("log_retention_days", Some("42"))
    );
}

#[test]
fn short_retention_is_allowed_with_a_recorded_reason() {
    let t = synth(|f| f.log_retention_days(30)).expect("valid").template;
    let reasons = t
        .resources
        .get(&crate::LogicalId::new("DetectorLogGroup").unwrap())
        .unwrap()
        .suppressions(crate::template::Scanner::Checkov);
    assert_eq!(reasons.len(), 1);
    assert!(reasons[0].1.contains("30 days"));
}

/// The checks suppressed on the function, by scanner: (checkov ids, Guard rule ids).
fn function_suppressions(t: &crate::Template) -> (Vec<String>, Vec<String>) {
    let function = &t.resources[&crate::LogicalId::new("DetectorFunction").unwrap()];
    let ids = |scanner| {
        function
            .suppressions(scanner)
            .into_iter()
            .map(|(id, reason)| {
                assert!(!reason.trim().is_empty(), "{id} has no reason");
                id
            })
            .collect()
    };
    (
        ids(crate::template::Scanner::Checkov),
        ids(crate::template::Scanner::Guard),
    )
}

#[test]
fn the_function_suppresses_only_what_applies_to_it() {
    let defaults = synth(|f| f).expect("valid").template;
    assert_eq!(
        function_suppressions(&defaults),
        (
            vec![
                "CKV_AWS_116".into(),
                "CKV_AWS_117".into(),
                "CKV_AWS_115".into()
            ],
            vec![
                "LAMBDA_DLQ_CHECK".into(),
                "LAMBDA_INSIDE_VPC".into(),
                "LAMBDA_CONCURRENCY_CHECK".into()
            ]
        )
    );
    // Reserved concurrency set: no concurrency suppression for either scanner.
    let reserved = synth(|f| f.reserved_concurrency(5))
        .expect("valid")
        .template;
    let (checkov, guard) = function_suppressions(&reserved);
    assert!(!checkov.contains(&"CKV_AWS_115".to_owned()), "{checkov:?}");
    assert!(
        !guard.contains(&"LAMBDA_CONCURRENCY_CHECK".to_owned()),
        "{guard:?}"
    );
    // From a parameter: set, but the registry's rule cannot read it; checkov can.
    let stack = stack_with(|stack, f| {
        f.reserved_concurrency(stack.add_parameter("Concurrency", crate::Parameter::number("cap")))
    });
    let (checkov, guard) = function_suppressions(&stack.synth().expect("valid").template);
    assert!(!checkov.contains(&"CKV_AWS_115".to_owned()), "{checkov:?}");
    assert!(
        guard.contains(&"LAMBDA_CONCURRENCY_CHECK".to_owned()),
        "{guard:?}"
    );
}

#[test]
fn a_function_in_a_vpc_keeps_its_vpc_check() {
    let stack = stack_with(|stack, f| {
        f.vpc(&stack.add(
            "Network",
            crate::Vpc::create().egress(crate::Egress::NatGateway),
        ))
    });
    let (checkov, guard) = function_suppressions(&stack.synth().expect("valid").template);
    assert!(!checkov.contains(&"CKV_AWS_117".to_owned()), "{checkov:?}");
    assert!(
        !guard.contains(&"LAMBDA_INSIDE_VPC".to_owned()),
        "{guard:?}"
    );
    assert!(guard.contains(&"LAMBDA_DLQ_CHECK".to_owned()), "{guard:?}");
}

/// A role granted more than one managed policy holds gets a second one, next to the first
/// and attached after it; the first keeps its id and description.
#[test]
fn a_large_grant_spills_into_a_second_policy() {
    let mut stack = Stack::new("test");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let mut function = AnomalyFunction::new(code()).scorer(&scorer);
    for i in 0..6 {
        let source = stack.add(
            &format!("Logs{i}"),
            KafkaSource::msk(CLUSTER, format!("app-logs-{i}"))
                .starting_position(StartingPosition::Latest),
        );
        function = function.add_source(&source);
    }
    stack.add("Detector", function);
    let t = stack.synth().expect("valid").template.to_value();
    let ids: Vec<&String> = t["Resources"].as_object().unwrap().keys().collect();
    let role = ids.iter().position(|id| *id == "DetectorRole").unwrap();
    assert_eq!(ids[role + 1], "DetectorRolePolicy");
    assert_eq!(ids[role + 2], "DetectorRolePolicy2");
    assert!(!ids.contains(&&"DetectorRolePolicy3".to_owned()));
    assert_eq!(
        t["Resources"]["DetectorRole"]["Properties"]["ManagedPolicyArns"],
        serde_json::json!([{"Ref": "DetectorRolePolicy"}, {"Ref": "DetectorRolePolicy2"}])
    );
    for id in ["DetectorRolePolicy", "DetectorRolePolicy2"] {
        let statements = &t["Resources"][id]["Properties"]["PolicyDocument"]["Statement"];
        assert!(statements.to_string().len() <= crate::context::POLICY_BUDGET + 2);
    }
    let description = |id: &str| {
        t["Resources"][id]["Properties"]["Description"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        description("DetectorRolePolicy"),
        "AnomalyFunctionPermissions"
    );
    assert_eq!(
        description("DetectorRolePolicy2"),
        "AnomalyFunctionPermissions, part 2"
    );
}

#[test]
fn missing_scorer() {
    let mut stack = Stack::new("test");
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(CLUSTER, "app-logs").starting_position(StartingPosition::Latest),
    );
    stack.add("Detector", AnomalyFunction::new(code()).add_source(&logs));
    let e = stack.synth().expect_err("no scorer").errors;
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].property, "scorer");
}

#[test]
fn feature_count_must_match_the_model() {
    let (p, v, problem) = single(|f| f.features([crate::contract::FeatureSpec::new("latency")]));
    assert_eq!((p.as_str(), v.as_deref()), ("features", Some("1")));
    assert!(problem.contains("feature_dim = 3"), "{problem}");
}

#[test]
fn contract_rules_surface_as_errors() {
    let dup = [
        crate::contract::FeatureSpec::new("a"),
        crate::contract::FeatureSpec::new("a"),
        crate::contract::FeatureSpec {
            name: "c".into(),
            path: Some("x..y".into()),
            default: None,
            unit: None,
            derive: None,
        },
    ];
    let props: Vec<String> = errors(|f| f.features(dup))
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(props, vec!["features[1].name", "features[2].path"]);
}

#[test]
fn configuration_too_large_for_the_environment() {
    let many = (0..60).map(|i| crate::contract::FeatureSpec {
        name: format!("feature_with_a_rather_long_descriptive_name_{i:02}"),
        path: Some(format!(
            "deeply.nested.structure.of.the.log.line.field_{i:02}"
        )),
        default: Some(0.0),
        unit: None,
        derive: None,
    });
    let mut stack = Stack::new("test");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(CLUSTER, "app-logs").starting_position(StartingPosition::Latest),
    );
    stack.add(
        "Detector",
        AnomalyFunction::new(code())
            .scorer(&scorer)
            .add_source(&logs)
            .features(many),
    );
    let e = stack.synth().expect_err("too large").errors;
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].problem.contains("4096 bytes"), "{}", e[0].problem);
}

#[test]
fn sources_must_agree_on_partial_batch_failures() {
    let mut stack = Stack::new("test");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let a = stack.add(
        "A",
        KafkaSource::msk(CLUSTER, "a-logs")
            .starting_position(StartingPosition::Latest)
            .provisioned_pollers(crate::ProvisionedPollers::new(1, 2))
            .max_retry_attempts(2)
            .report_batch_item_failures(true),
    );
    let b = stack.add(
        "B",
        KafkaSource::msk(CLUSTER, "b-logs").starting_position(StartingPosition::Latest),
    );
    stack.add(
        "Detector",
        AnomalyFunction::new(code())
            .scorer(&scorer)
            .add_source(&a)
            .add_source(&b),
    );
    let e = stack.synth().expect_err("mixed").errors;
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].property, "add_source");
    assert!(e[0].problem.contains("lost"));
}

#[test]
fn function_in_a_vpc_that_only_reaches_lambda_sts_and_secrets() {
    let mut stack = Stack::new("test");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(CLUSTER, "app-logs").starting_position(StartingPosition::Latest),
    );
    let vpc = stack.add("Network", crate::Vpc::create());
    stack.add(
        "Detector",
        AnomalyFunction::new(code())
            .scorer(&scorer)
            .add_source(&logs)
            .vpc(&vpc),
    );
    let e = stack.synth().expect_err("no route to SageMaker").errors;
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].property, "vpc");
}

#[test]
fn every_problem_is_reported_at_once() {
    let props: Vec<String> = errors(|f| {
        f.memory_mb(1)
            .timeout_seconds(5000)
            .log_retention_days(2)
            .reserved_concurrency(0)
            .description("x".repeat(300))
    })
    .into_iter()
    .map(|e| e.0)
    .collect();
    assert_eq!(
        props,
        vec![
            "memory_mb",
            "timeout_seconds",
            "reserved_concurrency",
            "log_retention_days",
            "description"
        ]
    );
}

#[test]
fn role_gets_exactly_what_the_wiring_needs() {
    let t = synth(|f| f).expect("valid").template.to_value();
    let statements =
        t["Resources"]["DetectorRolePolicy"]["Properties"]["PolicyDocument"]["Statement"]
            .as_array()
            .expect("statements")
            .clone();
    let sids: Vec<&str> = statements
        .iter()
        .map(|s| s["Sid"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        sids,
        vec![
            "WriteOwnLogs",
            "ScorerInvoke",
            "AppLogsDescribeCluster",
            "MskGetBootstrapBrokers",
            "AppLogsConnectCluster",
            "AppLogsReadTopic",
            "AppLogsUseGroup",
            "MskPollersCreateNetworkInterfaces",
            "MskPollersDeleteNetworkInterfaces",
            "DescribeNetworkForEnis",
        ]
    );
    let invoke = &statements[1];
    assert_eq!(
        invoke["Resource"][0]["Fn::Sub"],
        "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint/rcf-anomaly-endpoint"
    );
}

#[test]
fn deploy_time_endpoint_names_become_sub_variables() {
    let mut stack = Stack::new("test");
    let name = stack.add_parameter("EndpointName", crate::Parameter::string("endpoint"));
    let scorer = stack.add("Scorer", RcfEndpoint::existing(name));
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(CLUSTER, "app-logs").starting_position(StartingPosition::Latest),
    );
    stack.add(
        "Detector",
        AnomalyFunction::new(code())
            .scorer(&scorer)
            .add_source(&logs),
    );
    let t = stack.synth().expect("valid").template.to_value();
    let sub = &t["Resources"]["DetectorFunction"]["Properties"]["Environment"]["Variables"]["ANOMALY_CONFIG"]
        ["Fn::Sub"];
    assert!(
        sub[0]
            .as_str()
            .unwrap_or_default()
            .contains("\"endpoint_name\":\"${Deployed0}\"")
    );
    assert_eq!(sub[1]["Deployed0"]["Ref"], "EndpointName");
}

/// A stack whose function writes to a table (kept `ttl_days`), an alert topic and a
/// bad-record queue.
fn with_sinks(ttl_days: u32) -> Stack {
    let mut stack = Stack::new("test");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(CLUSTER, "app-logs").starting_position(StartingPosition::Latest),
    );
    let table = stack.add(
        "Anomalies",
        crate::sinks::AnomalyTable::new().ttl_days(ttl_days),
    );
    let topic = stack.add("Alerts", crate::sinks::AlertTopic::new());
    let queue = stack.add("BadRecords", crate::sinks::Queue::new());
    stack.add(
        "Detector",
        AnomalyFunction::new(code())
            .scorer(&scorer)
            .add_source(&logs)
            .anomaly_table(&table)
            .alert_topic(&topic)
            .bad_record_queue(&queue),
    );
    stack
}

#[test]
fn sinks_reach_the_contract_as_deploy_time_values() {
    let t = with_sinks(30).synth().expect("valid").template.to_value();
    let sub = &t["Resources"]["DetectorFunction"]["Properties"]["Environment"]["Variables"]["ANOMALY_CONFIG"]
        ["Fn::Sub"];
    assert_eq!(sub[1]["Deployed0"]["Ref"], "AnomaliesTable");
    assert_eq!(sub[1]["Deployed1"]["Ref"], "AlertsTopic");
    assert_eq!(sub[1]["Deployed2"]["Ref"], "BadRecordsQueue");
    // What the runtime reads once CloudFormation has substituted the names.
    let deployed = sub[0]
        .as_str()
        .unwrap_or_default()
        .replace("${Deployed0}", "anomalies-table")
        .replace("${Deployed1}", "arn:aws:sns:us-east-1:123456789012:alerts")
        .replace(
            "${Deployed2}",
            "https://sqs.us-east-1.amazonaws.com/123456789012/bad-records",
        );
    let config = FunctionConfig::from_json(&deployed).expect("the runtime accepts the contract");
    assert_eq!(
        config.sinks,
        crate::contract::SinkConfig {
            anomaly_table: Some("anomalies-table".into()),
            anomaly_ttl_days: Some(30),
            alert_topic_arn: Some("arn:aws:sns:us-east-1:123456789012:alerts".into()),
            bad_record_queue_url: Some(
                "https://sqs.us-east-1.amazonaws.com/123456789012/bad-records".into()
            ),
        }
    );
}

#[test]
fn sinks_are_granted_exactly_what_the_runtime_calls() {
    let t = with_sinks(30).synth().expect("valid").template.to_value();
    let statements =
        t["Resources"]["DetectorRolePolicy"]["Properties"]["PolicyDocument"]["Statement"]
            .as_array()
            .expect("statements")
            .clone();
    let granted: Vec<(&str, Vec<&str>)> = statements
        .iter()
        .skip(2)
        .take(6)
        .map(|s| {
            (
                s["Sid"].as_str().unwrap_or_default(),
                s["Action"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|a| a.as_str()).collect())
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        granted,
        vec![
            ("AnomaliesWrite", vec!["dynamodb:BatchWriteItem"]),
            ("AnomaliesDecrypt", vec!["kms:Decrypt"]),
            ("AlertsPublish", vec!["sns:Publish"]),
            ("AlertsUseKey", vec!["kms:Decrypt", "kms:GenerateDataKey"]),
            ("BadRecordsSend", vec!["sqs:SendMessage"]),
            (
                "BadRecordsUseKey",
                vec!["kms:GenerateDataKey", "kms:Decrypt"]
            ),
        ]
    );
    for s in &statements[2..8] {
        assert_ne!(s["Resource"][0], "*", "{s}");
    }
}

#[test]
fn a_zero_ttl_is_reported_once_by_the_table() {
    let e = with_sinks(0).synth().expect_err("ttl of 0").errors;
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        (e[0].construct.as_str(), e[0].property.as_str()),
        ("AnomalyTable", "ttl_days")
    );
}

#[test]
fn bad_records_go_to_one_place_only() {
    let mut stack = Stack::new("test");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let queue = stack.add("BadRecords", crate::Queue::new());
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(CLUSTER, "app-logs")
            .starting_position(StartingPosition::Latest)
            .provisioned_pollers(crate::ProvisionedPollers::new(1, 2))
            .max_retry_attempts(2)
            .report_batch_item_failures(true),
    );
    stack.add(
        "Detector",
        AnomalyFunction::new(code())
            .scorer(&scorer)
            .add_source(&logs)
            .bad_record_queue(&queue),
    );
    let e = stack
        .synth()
        .expect_err("two destinations for bad records")
        .errors;
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        (e[0].property.as_str(), e[0].value.as_deref()),
        ("bad_record_queue", Some("\"BadRecords\""))
    );
    assert!(e[0].problem.contains("second time"));
}
