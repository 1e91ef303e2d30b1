//! The shared cfn-lint runner against the pinned cfn-lint: a clean template is clean, JSON or
//! YAML, text or file; an error and a warning both fail, each reported with its rule, level and
//! place; an ignored check is left out; and a missing cfn-lint is an error naming `.ci/setup`.

use snapshots::cfn_lint::{CfnLint, Error, Level, Report, pinned_path};

const CLEAN_JSON: &str = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}
}"#;

const CLEAN_YAML: &str =
    "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n";

/// A queue with a property SQS does not have (E3002) and a parameter nothing uses (W2001).
const BROKEN_YAML: &str = "\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Unused:
    Type: String
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      Colour: blue
";

fn lint(linter: &CfnLint, template: &str) -> Report {
    linter.lint_text(template).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn clean_templates_are_clean_in_json_and_yaml() {
    for template in [CLEAN_JSON, CLEAN_YAML] {
        let report = lint(&CfnLint::new(), template);
        assert!(report.is_clean(), "{report}");
        assert!(report.is_silent(), "{report}");
    }
}

#[test]
fn an_error_and_a_warning_both_fail_with_their_rule_level_and_place() {
    let report = lint(&CfnLint::new(), BROKEN_YAML);
    assert!(!report.is_clean(), "{report}");
    let failures: Vec<(&str, Level)> = report
        .failures()
        .map(|f| (f.rule.as_str(), f.level))
        .collect();
    assert_eq!(
        failures,
        [("W2001", Level::Warning), ("E3002", Level::Error)],
        "{report}"
    );
    let error = report
        .findings
        .iter()
        .find(|f| f.rule == "E3002")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(error.path, ["Resources", "Queue", "Properties", "Colour"]);
    assert_eq!(error.line, 9, "{report}");
    assert!(error.message.contains("Colour"), "{report}");
    assert!(
        report.to_string().contains("error E3002"),
        "the report names the rule: {report}"
    );
}

#[test]
fn an_ignored_check_is_left_out() {
    let report = lint(&CfnLint::new().ignore_check("W2001"), BROKEN_YAML);
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["E3002"], "{report}");
}

#[test]
fn files_are_written_linted_in_one_run_and_kept() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cfn-lint-files");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let report = CfnLint::new()
        .write_and_lint(
            &dir,
            &[("clean.json", CLEAN_JSON), ("clean.yaml", CLEAN_YAML)],
        )
        .and_then(Report::require_clean)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(report.is_silent(), "{report}");
    assert!(
        dir.join("clean.json").is_file() && dir.join("clean.yaml").is_file(),
        "the written templates stay for other tools"
    );

    let report = CfnLint::new()
        .write_and_lint(
            &dir,
            &[("clean.json", CLEAN_JSON), ("broken.yaml", BROKEN_YAML)],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!report.findings.is_empty());
    let broken = dir.join("broken.yaml");
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.file.as_deref() == Some(broken.as_path())),
        "{report}"
    );
    let refused = CfnLint::new()
        .lint_files(&[&broken])
        .and_then(Report::require_clean)
        .unwrap_err();
    assert!(
        matches!(&refused, Error::Findings { report } if report.findings.len() == 2),
        "{refused}"
    );
}

#[test]
fn a_missing_cfn_lint_names_the_setup_script() {
    let pinned = pinned_path();
    assert!(
        pinned.ends_with(".ci/cache/bin/cfn-lint"),
        "{}",
        pinned.display()
    );
    let message = Error::NotFound { pinned }.to_string();
    assert!(message.contains("run `.ci/setup`"), "{message}");
    assert!(message.contains("PATH"), "{message}");
}
