//! Least privilege, no secrets, encryption at rest: proven on every example template and on a
//! deterministic sample of generated ones.
//!
//! - Every IAM policy (role inline policies, managed policies, key policies, queue and topic
//!   policies) grants no wildcard action and names `"Resource": "*"` only for the actions
//!   `constructs::iam::unscoped` lists as unscopable, each with its reason.
//! - No template holds a secret-looking literal (private keys, AWS keys, passwords).
//! - Every resource that stores data is encrypted with the stack's customer-managed key, the
//!   created one or the one `Stack::encryption_key_arn` imports.

// Helpers outside `#[test]` functions panic on a broken setup too: that is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use constructs::iam::unscoped::{UNSCOPED_ACTIONS, unscoped_reason};
use constructs::{Stack, Value};
use examples::Options;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value as Json;

use support::generate::documents;
use support::stack_file::{Outcome, keys, run};
use support::{audit, checks};

const IMPORTED_KEY: &str =
    "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/// Every example, synthesized: (name, template JSON).
fn examples_with(key: Option<&str>) -> Vec<(&'static str, Json)> {
    examples::all()
        .iter()
        .map(|example| {
            let mut stack: Stack = (example.build)(&Options::default());
            if let Some(key) = key {
                stack.encryption_key_arn(key);
            }
            let synthesized = stack
                .synth()
                .unwrap_or_else(|e| panic!("example {}:\n{e}", example.name));
            (example.name, synthesized.template.to_value())
        })
        .collect()
}

/// A generated stack file that synthesized: its text, the file as JSON, and its template.
struct Generated {
    text: String,
    file: Json,
    template: Json,
}

/// A deterministic sample of generated valid stack documents that synthesize.
fn generated(count: usize) -> Vec<Generated> {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[0x1e; 32]),
    );
    let strategy = documents(0);
    let mut out = Vec::new();
    while out.len() < count {
        let doc = strategy
            .new_tree(&mut runner)
            .expect("a document")
            .current();
        let text = doc.text().expect("writable");
        if let Ok(Outcome::Synthesized(file, synthesized)) = run(&text, doc.format()) {
            out.push(Generated {
                text,
                file: file.to_json(),
                template: synthesized.template.to_value(),
            });
        }
    }
    out
}

fn fail_on(problems: Vec<String>, what: &str) {
    assert!(problems.is_empty(), "{what}:\n{}", problems.join("\n"));
}

#[test]
fn example_policies_grant_least_privilege() {
    for (name, template) in examples_with(None) {
        fail_on(audit::violations(&template), name);
    }
}

#[test]
fn generated_policies_grant_least_privilege() {
    for g in generated(60) {
        fail_on(audit::violations(&g.template), &g.text);
    }
}

/// The audit can fail: each kind of over-broad statement is caught.
#[test]
fn the_audit_catches_over_broad_statements() {
    let role = |statement: Json| {
        serde_json::json!({"Resources": {
            "R": {"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"}}]},
                "ManagedPolicyArns": [{"Ref": "RPolicy"}]
            }},
            "RPolicy": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {
                "Description": "d",
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]}
            }}
        }})
    };
    let bad = [
        serde_json::json!({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}),
        serde_json::json!({"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}),
        serde_json::json!({"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}),
        serde_json::json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}),
        serde_json::json!({"Effect": "Allow", "NotAction": "s3:GetObject", "Resource": "arn:aws:s3:::b"}),
        serde_json::json!({"Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*"}),
        serde_json::json!({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:*"}),
    ];
    for statement in bad {
        assert!(
            !audit::violations(&role(statement.clone())).is_empty(),
            "not caught: {statement}"
        );
    }
    let good = serde_json::json!({"Effect": "Allow", "Action": ["xray:PutTraceSegments"], "Resource": "*"});
    assert_eq!(audit::violations(&role(good.clone())), Vec::<String>::new());
    let mut admin = role(good);
    admin["Resources"]["R"]["Properties"]["ManagedPolicyArns"]
        .as_array_mut()
        .expect("a list")
        .push(serde_json::json!(
            "arn:aws:iam::aws:policy/AdministratorAccess"
        ));
    assert!(
        !audit::violations(&admin).is_empty(),
        "an unseen policy is caught"
    );
    let open_queue = serde_json::json!({"Resources": {"P": {"Type": "AWS::SQS::QueuePolicy", "Properties": {
        "PolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]}
    }}}});
    assert!(!audit::violations(&open_queue).is_empty());
    let key = |statement: Json| serde_json::json!({"Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Statement": [statement]}}}}});
    let logs_without_condition = serde_json::json!({"Effect": "Allow", "Principal": {"Service": {"Fn::Sub": "logs.${AWS::Region}.amazonaws.com"}}, "Action": ["kms:Decrypt*"], "Resource": "*"});
    assert!(!audit::violations(&key(logs_without_condition)).is_empty());
    let stranger = serde_json::json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "kms:*", "Resource": "*"});
    assert!(!audit::violations(&key(stranger)).is_empty());
}

/// Every action the allow-list names is one AWS documents without resource types; the list
/// is what the statements on `*` in the examples use, and nothing more.
#[test]
fn the_allow_list_is_what_the_examples_use() {
    let mut used = std::collections::BTreeSet::new();
    for (_, template) in examples_with(None) {
        collect_unscoped(&template, &mut used);
    }
    for g in generated(60) {
        collect_unscoped(&g.template, &mut used);
    }
    for action in &used {
        assert!(
            unscoped_reason(action).is_some(),
            "{action} is not allow-listed"
        );
    }
    let unused: Vec<&str> = UNSCOPED_ACTIONS
        .iter()
        .map(|e| e.action)
        .filter(|a| !used.contains(*a))
        .collect();
    assert!(
        unused.is_empty(),
        "allow-listed but never granted (remove them): {unused:?}"
    );
}

fn collect_unscoped(template: &Json, used: &mut std::collections::BTreeSet<String>) {
    for resource in template["Resources"]
        .as_object()
        .into_iter()
        .flat_map(|r| r.values())
    {
        // Roles hold their grants in customer-managed policies; an inline policy is read
        // too, so a role that came back to inline policies is still audited here.
        let documents: Vec<&Json> = match resource["Type"].as_str() {
            Some("AWS::IAM::ManagedPolicy") => vec![&resource["Properties"]["PolicyDocument"]],
            Some("AWS::IAM::Role") => resource["Properties"]["Policies"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|policy| &policy["PolicyDocument"])
                .collect(),
            _ => continue,
        };
        for document in documents {
            for statement in document["Statement"].as_array().into_iter().flatten() {
                if statement["Resource"] == serde_json::json!(["*"]) || statement["Resource"] == "*"
                {
                    let actions = match &statement["Action"] {
                        Json::Array(a) => a.clone(),
                        other => vec![other.clone()],
                    };
                    used.extend(actions.iter().filter_map(|a| a.as_str().map(str::to_owned)));
                }
            }
        }
    }
}

#[test]
fn no_template_holds_a_secret() {
    for (name, template) in examples_with(None) {
        fail_on(checks::secret_literals(&template), name);
    }
    for g in generated(60) {
        fail_on(checks::secret_literals(&g.template), &g.text);
    }
}

/// The scan can fail: each kind of secret-looking literal is caught.
#[test]
fn the_secret_scan_catches_secrets() {
    let cases = [
        serde_json::json!({"Resources": {"S": {"Type": "AWS::SecretsManager::Secret", "Properties": {"SecretString": "{\"password\":\"hunter2\"}"}}}}),
        serde_json::json!({"Resources": {"S": {"Type": "AWS::SecretsManager::Secret", "Properties": {"GenerateSecretString": {"SecretStringTemplate": "{\"username\":\"u\",\"password\":\"p\"}", "GenerateStringKey": "password"}}}}}),
        serde_json::json!({"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {"Environment": {"Variables": {"DB_PASSWORD": "hunter2"}}}}}}),
        serde_json::json!({"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {"Environment": {"Variables": {"CERT": "-----BEGIN PRIVATE KEY-----\nMII"}}}}}}),
        serde_json::json!({"Parameters": {"P": {"Type": "String", "Default": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}}),
        serde_json::json!({"Outputs": {"O": {"Value": "AKIAIOSFODNN7EXAMPLE"}}}),
        serde_json::json!({"Outputs": {"O": {"Value": "https://user:secret@example.com"}}}),
    ];
    for case in cases {
        assert!(
            !checks::secret_literals(&case).is_empty(),
            "not caught: {case}"
        );
    }
}

/// A logical id is a name: one of 40 letters and digits is not taken for a secret key.
#[test]
fn the_secret_scan_spares_the_templates_own_logical_ids() {
    let id = "Monitoring0KafkaSource1MaxOffsetLagAlarm";
    assert_eq!(id.len(), 40);
    let template = serde_json::json!({
        "Resources": {id: {"Type": "AWS::CloudWatch::Alarm"}},
        "Outputs": {"O": {"Value": {"Fn::Sub": format!("${{{id}.Arn}}")}}, "A": {"Value": {"Fn::GetAtt": [id, "Arn"]}}}
    });
    assert_eq!(checks::secret_literals(&template), Vec::<String>::new());
}

#[test]
fn every_example_encrypts_with_the_created_key() {
    for (name, template) in examples_with(None) {
        fail_on(
            checks::encryption(&template, &checks::created_key(), &[]),
            name,
        );
    }
}

#[test]
fn every_example_encrypts_with_an_imported_key() {
    let key = serde_json::to_value(Value::from(IMPORTED_KEY)).expect("json");
    for (name, template) in examples_with(Some(IMPORTED_KEY)) {
        fail_on(checks::encryption(&template, &key, &[]), name);
        assert!(
            !template.to_string().contains("EncryptionKey"),
            "{name}: an imported key leaves no created key behind"
        );
    }
}

#[test]
fn generated_stacks_encrypt_with_their_key() {
    for g in generated(60) {
        let (key, secret_keys) = keys(&g.file);
        fail_on(checks::encryption(&g.template, &key, &secret_keys), &g.text);
    }
}

/// The check can fail: an unencrypted queue, a table with AWS-owned keys, another key.
#[test]
fn the_encryption_check_catches_gaps() {
    let key = checks::created_key();
    let with = |kind: &str, properties: Json| serde_json::json!({"Resources": {"X": {"Type": kind, "Properties": properties}}});
    for case in [
        with("AWS::SQS::Queue", serde_json::json!({})),
        with(
            "AWS::SNS::Topic",
            serde_json::json!({"KmsMasterKeyId": "alias/aws/sns"}),
        ),
        with(
            "AWS::DynamoDB::Table",
            serde_json::json!({"SSESpecification": {"SSEEnabled": true}}),
        ),
        with("AWS::Logs::LogGroup", serde_json::json!({})),
        with("AWS::S3::Bucket", serde_json::json!({})),
        with(
            "AWS::KMS::Key",
            serde_json::json!({"EnableKeyRotation": false}),
        ),
    ] {
        assert!(
            !checks::encryption(&case, &key, &[]).is_empty(),
            "not caught: {case}"
        );
    }
}
