//! What each sink emits, what its grants contain, and every rule with its message.

use serde_json::Value as Json;

use super::*;
use crate::kafka::{KafkaSource, OnFailure, StartingPosition};
use crate::{AnomalyFunction, Diagnostic, FunctionCode, Parameter, RcfEndpoint, Stack};

const CLUSTER: &str =
    "arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-1111-2222-3333-444455556666-2";
const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn template(stack: &Stack) -> Json {
    match stack.synth() {
        Ok(s) => s.template.to_value(),
        Err(e) => panic!("the stack synthesizes:\n{e}"),
    }
}

fn errors(stack: &Stack) -> Vec<Diagnostic> {
    match stack.synth() {
        Ok(_) => panic!("the stack has errors"),
        Err(e) => e.errors,
    }
}

/// The statement with `sid` in the role `role`'s managed policy.
fn statement(t: &Json, role: &str, sid: &str) -> Json {
    t["Resources"][format!("{role}Policy")]["Properties"]["PolicyDocument"]["Statement"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["Sid"] == sid))
        .cloned()
        .unwrap_or_else(|| panic!("{role} has no statement {sid}"))
}

fn sids(t: &Json, role: &str) -> Vec<String> {
    t["Resources"][format!("{role}Policy")]["Properties"]["PolicyDocument"]["Statement"]
        .as_array()
        .map(|s| {
            s.iter()
                .map(|s| s["Sid"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A function with an existing endpoint and no source, wired by `f`.
fn function_stack(f: impl FnOnce(&mut Stack, AnomalyFunction) -> AnomalyFunction) -> Stack {
    let mut stack = Stack::new("sinks");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let function =
        AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip")).scorer(&scorer);
    let function = f(&mut stack, function);
    stack.add("Detector", function);
    stack
}

#[test]
fn table_keys_follow_the_contract_and_the_data_is_kept() {
    let mut stack = Stack::new("sinks");
    stack.add("Anomalies", AnomalyTable::new());
    let t = template(&stack);
    let table = &t["Resources"]["AnomaliesTable"];
    assert_eq!(table["DeletionPolicy"], "Retain");
    assert_eq!(table["UpdateReplacePolicy"], "Retain");
    let p = &table["Properties"];
    assert_eq!(p["BillingMode"], "PAY_PER_REQUEST");
    assert_eq!(
        p["KeySchema"],
        serde_json::json!([
            {"AttributeName": crate::contract::ANOMALY_TABLE_PARTITION_KEY, "KeyType": "HASH"},
            {"AttributeName": crate::contract::ANOMALY_TABLE_SORT_KEY, "KeyType": "RANGE"},
        ])
    );
    assert_eq!(p["AttributeDefinitions"][0]["AttributeType"], "S");
    assert_eq!(p["AttributeDefinitions"][1]["AttributeType"], "N");
    assert_eq!(
        p["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"],
        true
    );
    assert_eq!(
        p["SSESpecification"],
        serde_json::json!({"SSEEnabled": true, "SSEType": "KMS", "KMSMasterKeyId": {"Fn::GetAtt": ["EncryptionKey", "Arn"]}})
    );
    assert_eq!(
        p["TimeToLiveSpecification"]["AttributeName"],
        crate::contract::ANOMALY_TABLE_TTL_ATTRIBUTE
    );
    assert_eq!(p["DeletionProtectionEnabled"], true);
    assert!(p.get("TableName").is_none());
}

#[test]
fn table_options() {
    let mut stack = Stack::new("sinks");
    stack.add(
        "Anomalies",
        AnomalyTable::new()
            .deletion_protection(false)
            .table_name("orders-anomalies"),
    );
    let p = &template(&stack)["Resources"]["AnomaliesTable"]["Properties"];
    assert_eq!(p["DeletionProtectionEnabled"], false);
    assert_eq!(p["TableName"], "orders-anomalies");
}

#[test]
fn table_problems_are_reported_together() {
    let mut stack = Stack::new("sinks");
    stack.add(
        "Anomalies",
        AnomalyTable::new().ttl_days(0).table_name("a!"),
    );
    let found: Vec<(String, Option<String>)> = errors(&stack)
        .into_iter()
        .map(|d| {
            assert_eq!(
                (d.construct.as_str(), d.path.as_str()),
                ("AnomalyTable", "Anomalies")
            );
            (d.property, d.value)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("ttl_days".to_owned(), Some("0".to_owned())),
            ("table_name".to_owned(), Some("\"a!\"".to_owned())),
            ("table_name".to_owned(), Some("\"a!\"".to_owned())),
        ]
    );
}

#[test]
fn writers_get_batch_write_and_decrypt_for_this_table_only() {
    let stack = function_stack(|stack, f| {
        let table = stack.add("Anomalies", AnomalyTable::new());
        f.anomaly_table(&table)
    });
    let t = template(&stack);
    let write = statement(&t, "DetectorRole", "AnomaliesWrite");
    assert_eq!(
        write["Action"],
        serde_json::json!(["dynamodb:BatchWriteItem"])
    );
    assert_eq!(
        write["Resource"],
        serde_json::json!([{"Fn::GetAtt": ["AnomaliesTable", "Arn"]}])
    );
    let decrypt = statement(&t, "DetectorRole", "AnomaliesDecrypt");
    assert_eq!(decrypt["Action"], serde_json::json!(["kms:Decrypt"]));
    assert_eq!(
        decrypt["Condition"]["StringEquals"],
        serde_json::json!({
            "kms:ViaService": {"Fn::Sub": "dynamodb.${AWS::Region}.amazonaws.com"},
            "kms:EncryptionContext:aws:dynamodb:tableName": {"Ref": "AnomaliesTable"},
        })
    );
}

#[test]
fn topic_is_encrypted_and_lets_alarms_publish_over_tls_only() {
    let mut stack = Stack::new("sinks");
    stack.add("Alerts", AlertTopic::new().display_name("Anomalies"));
    let t = template(&stack);
    let topic = &t["Resources"]["AlertsTopic"]["Properties"];
    assert_eq!(
        topic["KmsMasterKeyId"],
        serde_json::json!({"Fn::GetAtt": ["EncryptionKey", "Arn"]})
    );
    assert_eq!(topic["DisplayName"], "Anomalies");
    let policy = &t["Resources"]["AlertsPolicy"]["Properties"];
    assert_eq!(
        policy["Topics"],
        serde_json::json!([{"Ref": "AlertsTopic"}])
    );
    let statements = &policy["PolicyDocument"]["Statement"];
    assert_eq!(
        statements[0]["Principal"]["Service"],
        "cloudwatch.amazonaws.com"
    );
    assert_eq!(
        statements[0]["Condition"]["StringEquals"]["aws:SourceAccount"],
        serde_json::json!({"Ref": "AWS::AccountId"})
    );
    assert_eq!(statements[1]["Effect"], "Deny");
    assert_eq!(
        statements[1]["Condition"]["Bool"]["aws:SecureTransport"],
        "false"
    );
    let key = t["Resources"]["EncryptionKey"]["Properties"]["KeyPolicy"]["Statement"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["Sid"] == "CloudWatchAlarmsUseKey"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(key["Principal"]["Service"], "cloudwatch.amazonaws.com");
    assert_eq!(
        key["Action"],
        serde_json::json!(["kms:Decrypt", "kms:GenerateDataKey*"])
    );
}

#[test]
fn two_topics_share_one_key_statement() {
    let mut stack = Stack::new("sinks");
    stack.add("Alerts", AlertTopic::new());
    stack.add("Pages", AlertTopic::new());
    let t = template(&stack);
    let count = t["Resources"]["EncryptionKey"]["Properties"]["KeyPolicy"]["Statement"]
        .as_array()
        .map(|s| {
            s.iter()
                .filter(|s| s["Sid"] == "CloudWatchAlarmsUseKey")
                .count()
        });
    assert_eq!(count, Some(1));
}

#[test]
fn a_parameter_address_subscribes_only_when_given() {
    let mut stack = Stack::new("sinks");
    let email = stack.add_parameter("AlertEmail", Parameter::string("address").default_value(""));
    stack.add(
        "Alerts",
        AlertTopic::new().email("oncall@example.com").email(email),
    );
    let t = template(&stack);
    let literal = &t["Resources"]["AlertsEmailSubscription"];
    assert!(literal.get("Condition").is_none());
    assert_eq!(literal["Properties"]["Protocol"], "email");
    assert_eq!(literal["Properties"]["Endpoint"], "oncall@example.com");
    let optional = &t["Resources"]["AlertsEmailSubscription2"];
    assert_eq!(optional["Condition"], "AlertsHasEmail2");
    assert_eq!(
        t["Conditions"]["AlertsHasEmail2"],
        serde_json::json!({"Fn::Not": [{"Fn::Equals": [{"Ref": "AlertEmail"}, ""]}]})
    );
}

#[test]
fn bad_addresses_and_names() {
    let mut stack = Stack::new("sinks");
    stack.add(
        "Alerts",
        AlertTopic::new()
            .email("not-an-address")
            .email(3)
            .display_name("x".repeat(101)),
    );
    let found: Vec<(String, String)> = errors(&stack)
        .into_iter()
        .map(|d| (d.property, d.problem))
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0].0, "display_name");
    assert_eq!(
        found[1],
        ("email".to_owned(), "is not an e-mail address".to_owned())
    );
    assert_eq!(
        found[2],
        ("email".to_owned(), "must be a string".to_owned())
    );
}

#[test]
fn an_imported_key_is_a_warning_for_alarm_notifications() {
    let mut stack = Stack::new("sinks");
    stack.encryption_key_arn(KEY);
    stack.add("Alerts", AlertTopic::new());
    let s = stack.synth().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(s.warnings[0].fix.contains("cloudwatch.amazonaws.com"));
    assert_eq!(
        s.template.to_value()["Resources"]["AlertsTopic"]["Properties"]["KmsMasterKeyId"],
        KEY
    );
}

#[test]
fn publishers_get_publish_and_key_use_through_sns_for_this_topic() {
    let stack = function_stack(|stack, f| {
        let topic = stack.add("Alerts", AlertTopic::new());
        f.alert_topic(&topic)
    });
    let t = template(&stack);
    let publish = statement(&t, "DetectorRole", "AlertsPublish");
    assert_eq!(
        publish["Resource"],
        serde_json::json!([{"Ref": "AlertsTopic"}])
    );
    let key = statement(&t, "DetectorRole", "AlertsUseKey");
    assert_eq!(
        key["Action"],
        serde_json::json!(["kms:Decrypt", "kms:GenerateDataKey"])
    );
    assert_eq!(
        key["Condition"]["StringEquals"]["kms:EncryptionContext:aws:sns:topicArn"],
        serde_json::json!({"Ref": "AlertsTopic"})
    );
}

#[test]
fn queue_defaults() {
    let mut stack = Stack::new("sinks");
    stack.add("BadRecords", Queue::new());
    let t = template(&stack);
    let p = &t["Resources"]["BadRecordsQueue"]["Properties"];
    assert_eq!(p["MessageRetentionPeriod"], DEFAULT_RETENTION_SECONDS);
    assert_eq!(
        p["KmsDataKeyReusePeriodSeconds"],
        DEFAULT_DATA_KEY_REUSE_SECONDS
    );
    assert_eq!(
        p["KmsMasterKeyId"],
        serde_json::json!({"Fn::GetAtt": ["EncryptionKey", "Arn"]})
    );
    let policy = &t["Resources"]["BadRecordsPolicy"]["Properties"];
    assert_eq!(
        policy["Queues"],
        serde_json::json!([{"Ref": "BadRecordsQueue"}])
    );
    let deny = &policy["PolicyDocument"]["Statement"][0];
    assert_eq!(deny["Effect"], "Deny");
    assert_eq!(deny["Action"], serde_json::json!(["sqs:*"]));
}

#[test]
fn queue_ranges() {
    let mut stack = Stack::new("sinks");
    stack.add(
        "BadRecords",
        Queue::new()
            .retention_seconds(59)
            .data_key_reuse_seconds(86_401),
    );
    let found: Vec<(String, String)> = errors(&stack)
        .into_iter()
        .map(|d| (d.property, d.problem))
        .collect();
    assert_eq!(
        found,
        [
            (
                "retention_seconds".to_owned(),
                "must be between 60 and 1209600: SQS keeps messages 1 minute to 14 days".to_owned()
            ),
            (
                "data_key_reuse_seconds".to_owned(),
                "must be between 60 and 86400: SQS reuses a data key 1 minute to 24 hours"
                    .to_owned()
            ),
        ]
    );
}

#[test]
fn a_stack_queue_as_on_failure_destination_grants_its_key_once() {
    let mut stack = Stack::new("sinks");
    let queue = stack.add("Failures", Queue::new());
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(CLUSTER, "app-logs")
            .starting_position(StartingPosition::Latest)
            .on_failure(OnFailure::queue(&queue)),
    );
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    // The same queue also takes the function's bad records.
    stack.add(
        "Detector",
        AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip"))
            .scorer(&scorer)
            .add_source(&logs)
            .bad_record_queue(&queue),
    );
    let t = template(&stack);
    assert_eq!(
        t["Resources"]["AppLogsMapping"]["Properties"]["DestinationConfig"]["OnFailure"]["Destination"],
        serde_json::json!({"Fn::GetAtt": ["FailuresQueue", "Arn"]})
    );
    let sids = sids(&t, "DetectorRole");
    assert_eq!(
        sids.iter().filter(|s| *s == "FailuresSend").count(),
        1,
        "{sids:?}"
    );
    assert_eq!(
        sids.iter().filter(|s| *s == "FailuresUseKey").count(),
        1,
        "{sids:?}"
    );
    let key = statement(&t, "DetectorRole", "FailuresUseKey");
    assert_eq!(
        key["Action"],
        serde_json::json!(["kms:GenerateDataKey", "kms:Decrypt"])
    );
    assert_eq!(
        key["Condition"]["StringEquals"]["kms:ViaService"],
        serde_json::json!({"Fn::Sub": "sqs.${AWS::Region}.amazonaws.com"})
    );
}

#[test]
fn a_stack_topic_as_on_failure_destination() {
    let mut stack = Stack::new("sinks");
    let topic = stack.add("Alerts", AlertTopic::new());
    let logs = stack.add(
        "AppLogs",
        KafkaSource::msk(CLUSTER, "app-logs")
            .starting_position(StartingPosition::Latest)
            .on_failure(OnFailure::topic(&topic)),
    );
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    stack.add(
        "Detector",
        AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip"))
            .scorer(&scorer)
            .add_source(&logs),
    );
    let t = template(&stack);
    assert_eq!(
        t["Resources"]["AppLogsMapping"]["Properties"]["DestinationConfig"]["OnFailure"]["Destination"],
        serde_json::json!({"Ref": "AlertsTopic"})
    );
    let sids = sids(&t, "DetectorRole");
    assert!(sids.contains(&"AlertsPublish".to_owned()), "{sids:?}");
    assert!(sids.contains(&"AlertsUseKey".to_owned()), "{sids:?}");
}
