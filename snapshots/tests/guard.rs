//! AWS CloudFormation Guard (policy as code, used as a library) over every example template,
//! with the stack's created key and with an imported one: encryption at rest, TLS-only queue
//! and topic policies (tests/guard/*.guard), and least privilege in role policies, whose rule
//! is written from the allow-list in `constructs::iam::unscoped` so the list stays in one place.

use std::path::Path;

use constructs::iam::unscoped::UNSCOPED_ACTIONS;
use examples::Options;
use serde_json::Value as Json;

const IMPORTED_KEY: &str =
    "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/// The role-policy rule: no action wildcards, and `Resource: "*"` only for the allow-listed
/// actions.
fn least_privilege_rule() -> String {
    let actions: Vec<String> = UNSCOPED_ACTIONS
        .iter()
        .map(|entry| format!("'{}'", entry.action))
        .collect();
    format!(
        r#"
let roles = Resources.*[ Type == 'AWS::IAM::Role' ]
rule role_policies_use_no_action_wildcards when %roles !empty {{
    %roles.Properties.Policies[*].PolicyDocument.Statement[*].Action[*] != /\*/
}}
rule role_policies_name_every_resource_only_for_unscopable_actions when %roles !empty {{
    let unscoped = %roles.Properties.Policies[*].PolicyDocument.Statement[ some Resource[*] == '*' ]
    when %unscoped !empty {{
        %unscoped.Action[*] in [{}]
    }}
}}
"#,
        actions.join(", ")
    )
}

/// Every rule set: (name, rules).
fn rule_sets() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/guard");
    let mut sets: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "guard"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            (path.display().to_string(), text)
        })
        .collect();
    sets.sort();
    assert!(sets.len() >= 2, "the rule files are missing");
    sets.push((
        "least_privilege (generated)".to_owned(),
        least_privilege_rule(),
    ));
    sets
}

/// Guard's report on `template` for `rules`: `None` when it passes, the failing rules when not.
fn failures(template: &str, rules: &(String, String)) -> Option<String> {
    let report = cfn_guard::run_checks(
        cfn_guard::ValidateInput {
            content: template,
            file_name: "template.json",
        },
        cfn_guard::ValidateInput {
            content: &rules.1,
            file_name: &rules.0,
        },
        false,
    )
    .unwrap_or_else(|e| panic!("guard could not evaluate {}: {e}", rules.0));
    let report: Json = serde_json::from_str(&report).unwrap_or_else(|e| panic!("{e}: {report}"));
    match report["status"].as_str() {
        Some("PASS" | "SKIP") => None,
        _ => Some(serde_json::to_string_pretty(&report["not_compliant"]).unwrap_or_default()),
    }
}

fn templates(key: Option<&str>) -> Vec<(&'static str, String)> {
    examples::all()
        .iter()
        .map(|example| {
            let mut stack = (example.build)(&Options::default());
            if let Some(key) = key {
                stack.encryption_key_arn(key);
            }
            let template = stack
                .synth()
                .unwrap_or_else(|e| panic!("{}: {e}", example.name))
                .template
                .to_json();
            (example.name, template)
        })
        .collect()
}

#[test]
fn every_example_passes_the_guard_rules() {
    let sets = rule_sets();
    for key in [None, Some(IMPORTED_KEY)] {
        for (name, template) in templates(key) {
            for rules in &sets {
                if let Some(report) = failures(&template, rules) {
                    panic!(
                        "{name} (imported key: {key:?}) fails {}:\n{report}",
                        rules.0
                    );
                }
            }
        }
    }
}

/// The rules can fail: an unencrypted queue, an AWS-managed topic key, a role granting a
/// wildcard action and `s3:GetObject` on every resource, a queue policy without TLS.
#[test]
fn the_guard_rules_catch_what_they_are_for() {
    let template = serde_json::json!({"Resources": {
        "Q": {"Type": "AWS::SQS::Queue", "Properties": {}},
        "T": {"Type": "AWS::SNS::Topic", "Properties": {"KmsMasterKeyId": "alias/aws/sns"}},
        "P": {"Type": "AWS::SQS::QueuePolicy", "Properties": {"Queues": [], "PolicyDocument": {"Statement": [
            {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": ["sqs:SendMessage"], "Resource": ["arn:aws:sqs:us-east-1:123456789012:q"]}
        ]}}},
        "R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}, "Policies": [
            {"PolicyName": "p", "PolicyDocument": {"Statement": [
                {"Effect": "Allow", "Action": ["s3:*"], "Resource": ["arn:aws:s3:::b/*"]},
                {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"]}
            ]}}
        ]}}
    }})
    .to_string();
    let failed: Vec<String> = rule_sets()
        .iter()
        .filter_map(|rules| failures(&template, rules).map(|report| (rules, report)))
        .flat_map(|(_, report)| {
            serde_json::from_str::<Json>(&report)
                .unwrap_or_default()
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r["Rule"]["name"].as_str().map(str::to_owned))
                .collect::<Vec<_>>()
        })
        .collect();
    for rule in [
        "sqs_queues_use_a_customer_managed_key",
        "sns_topics_use_a_customer_managed_key",
        "queue_policies_deny_insecure_transport",
        "role_policies_use_no_action_wildcards",
        "role_policies_name_every_resource_only_for_unscopable_actions",
    ] {
        assert!(
            failed.iter().any(|f| f == rule),
            "{rule} did not fail: {failed:?}"
        );
    }
}
