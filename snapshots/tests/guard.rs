//! AWS CloudFormation Guard (policy as code, used as a library) over every example template,
//! with the stack's created key and with an imported one: the project's own rules, in its own
//! words (`tests/guard/*.guard`) — encryption at rest, log retention, TLS-only queue and topic
//! policies, no security group open to the internet on every port, a reason for every
//! suppression — and least privilege in the roles' managed policies, whose rules are written
//! from the allow-list in `constructs::iam::unscoped` so the list stays in one place. (The AWS
//! Guard Rules Registry, which CI cannot download, is run by `.ci/guard-registry`.)
//!
//! Every rule proves it can fail: `tests/guard/fixtures/RULE[.CASE].yaml` is a small template
//! on which that rule, and no other, fails. A rule without a fixture, or a fixture without its
//! rule, fails the tests. Adding a rule is one place: the rule in a `.guard` file and its
//! fixtures next to it (see `tests/guard/README.md`).
//!
//! On the examples, a rule must PASS wherever it applies, and guard is asked what it applies
//! to with the rule's own `when %VAR !empty` query. SKIP is expected, and only accepted, where
//! that query selects nothing: a template without the rule's resource type (the imported-key
//! variants create no `AWS::KMS::Key`; most examples have no `AWS::SecretsManager::Secret`, no
//! queue, or no table). A rule that skips on a template holding its resources checked nothing
//! there, and fails the tests; so does a rule that applies to no example at all.

#[path = "guard/evaluation.rs"]
mod evaluation;
#[path = "guard/fixtures.rs"]
mod fixtures;
#[path = "guard/rules.rs"]
mod rules;

use std::collections::BTreeSet;

use evaluation::{Evaluation, Status};
use examples::Options;
use fixtures::fixtures;
use rules::{RuleFile, rule_files};

const IMPORTED_KEY: &str =
    "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/// Every example's template, `(name, JSON)`, with the stack's key or the imported `key`.
fn templates(key: Option<&str>) -> Vec<(String, String)> {
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
            let name = match key {
                Some(_) => format!("{} (imported key)", example.name),
                None => example.name.to_owned(),
            };
            (name, template)
        })
        .collect()
}

/// What is wrong with `file`'s rules on the template `name`: a rule that fails, or one that
/// skips although its `when` query selects resources of the template. The rules that passed
/// are added to `passed`.
fn problems_on(
    name: &str,
    template: &str,
    file: &RuleFile,
    passed: &mut BTreeSet<String>,
) -> Vec<String> {
    let evaluation = Evaluation::of(template, name, file);
    let probe = Evaluation::run(
        template,
        name,
        &format!("{} (what each rule applies to)", file.name),
        &file.applicability_probe(),
    );
    let mut problems = Vec::new();
    for rule in &file.rules {
        let applies = match &rule.when_selected {
            Some(_) => probe.status(&rule.name) == Status::Pass,
            None => true,
        };
        match (evaluation.status(&rule.name), applies) {
            (Status::Pass, true) => {
                passed.insert(rule.name.clone());
            }
            (Status::Skip, false) => {}
            (Status::Fail, _) => problems.push(format!(
                "{name}: rule {} ({}) fails:\n{}",
                rule.name,
                file.name,
                evaluation.failure(&rule.name)
            )),
            (Status::Skip, true) => problems.push(format!(
                "{name}: rule {} ({}) skipped, although its `when %{}` selects resources of this template: it checked nothing there",
                rule.name,
                file.name,
                rule.when_selected.as_deref().unwrap_or_default()
            )),
            (Status::Pass, false) => problems.push(format!(
                "{name}: rule {} ({}) passed, although its `when %{}` selects nothing here: the tests misread when it applies",
                rule.name,
                file.name,
                rule.when_selected.as_deref().unwrap_or_default()
            )),
        }
    }
    problems
}

#[test]
fn every_example_passes_every_rule_that_applies_to_it() {
    let files = rule_files();
    let mut passed = BTreeSet::new();
    let mut problems = Vec::new();
    for key in [None, Some(IMPORTED_KEY)] {
        for (name, template) in templates(key) {
            for file in &files {
                problems.extend(problems_on(&name, &template, file, &mut passed));
            }
        }
    }
    for rule in files.iter().flat_map(|f| &f.rules) {
        if !passed.contains(&rule.name) {
            problems.push(format!(
                "rule {} applies to no example template: no example exercises it",
                rule.name
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn every_rule_fails_on_its_fixtures_and_no_other_rule_does() {
    let files = rule_files();
    let fixtures = fixtures();
    let mut problems = Vec::new();
    for rule in files.iter().flat_map(|f| &f.rules) {
        if !fixtures.iter().any(|f| f.rule == rule.name) {
            problems.push(format!(
                "rule {} has no failing fixture: add tests/guard/fixtures/{}.yaml, a small template on which it fails",
                rule.name, rule.name
            ));
        }
    }
    for fixture in &fixtures {
        if !files
            .iter()
            .flat_map(|f| &f.rules)
            .any(|r| r.name == fixture.rule)
        {
            problems.push(format!(
                "fixture {} names no rule ({} is not one): name it RULE.yaml or RULE.CASE.yaml",
                fixture.name, fixture.rule
            ));
            continue;
        }
        let failed: Vec<String> = files
            .iter()
            .flat_map(|file| {
                let evaluation = Evaluation::of(&fixture.text, &fixture.name, file);
                evaluation
                    .failed()
                    .into_iter()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        if failed != [fixture.rule.as_str()] {
            problems.push(format!(
                "fixture {} must fail exactly rule {}; the rules that failed: {failed:?}",
                fixture.name, fixture.rule
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The example check can fail on a skip: a rule whose checks sit behind a condition no queue
/// meets skips on a template with a queue, and that is reported.
#[test]
fn a_rule_that_skips_resources_it_applies_to_is_reported() {
    let file = RuleFile::parse(
        "inline",
        r#"
let queues = Resources.*[ Type == 'AWS::SQS::Queue' ]
rule queues_checked_only_when_fifo when %queues !empty {
    let fifo = %queues[ Properties.FifoQueue == true ]
    when %fifo !empty {
        %fifo.Properties.ContentBasedDeduplication == true
    }
}
let tables = Resources.*[ Type == 'AWS::DynamoDB::Table' ]
rule tables_named when %tables !empty {
    %tables.Properties.TableName exists
}
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let template = r#"{"Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {}}}}"#;
    let mut passed = BTreeSet::new();
    let problems = problems_on("one queue", template, &file, &mut passed);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("rule queues_checked_only_when_fifo")
            && problems[0].contains("skipped, although its `when %queues` selects resources"),
        "{}",
        problems[0]
    );
    assert!(passed.is_empty(), "{passed:?}");
}

/// A rule whose header the tests cannot read is refused with the shapes they can.
#[test]
fn a_rule_of_another_shape_is_refused() {
    for text in [
        "rule r when Resources.*[ Type == 'AWS::SQS::Queue' ] !empty {\n}\n",
        "let queues = Resources.*[ Type == 'AWS::SQS::Queue' ]\nrule r when %tables !empty {\n}\n",
        "rule r when %queues !empty\n{\n}\n",
    ] {
        let error = RuleFile::parse("inline", text).expect_err(text);
        assert!(error.contains("`rule NAME when %VAR !empty {`"), "{error}");
    }
}
