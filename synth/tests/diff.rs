//! `synth diff` as a user runs it: exit codes (0 same, 2 changes, 1 errors and usage errors,
//! and data at risk with --fail-on-data-risk), a consumer-group change, a batch-size change,
//! and deployed templates in every form `aws cloudformation get-template` gives them.

// Test helpers panic on setup failures: a panic here is a failed test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::{package, scratch, stderr, stdout, synth};

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The reference stack file, copied into `dir` with `edit` applied to its text.
fn stack_file(dir: &Path, name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("examples/stacks/complete_msk.yaml")).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, edit(&text)).unwrap();
    file
}

/// `synth` of the reference stack written to `dir/deployed.json`, as if deployed.
fn deployed(dir: &Path) -> PathBuf {
    let o = synth(&["--out", path(&dir.join("deployed.json"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    dir.join("deployed.json")
}

#[test]
fn the_same_stack_exits_0_from_json_and_yaml() {
    let dir = scratch("diff-same");
    let json = deployed(&dir);
    let o = synth(&["diff", "--against", path(&json)]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("No changes"), "{}", stdout(&o));

    let yaml = dir.join("deployed.yaml");
    let o = synth(&["--format", "yaml", "--out", path(&yaml)]);
    assert!(o.status.success());
    let o = synth(&[
        "diff",
        "--against",
        path(&yaml),
        "--example",
        "complete_msk",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn a_consumer_group_change_replaces_the_mapping_and_fails_on_data_risk() {
    let dir = scratch("diff-group");
    let against = deployed(&dir);
    let changed = stack_file(&dir, "stack.yaml", |t| {
        t.replace(
            "    batch_size: 1000\n",
            "    batch_size: 1000\n    consumer_group_id: anomaly-detector-v2\n",
        )
    });
    let args = [
        "diff",
        "--against",
        path(&against),
        "--config",
        path(&changed),
    ];
    let o = synth(&args);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(
        report.contains(
            "  replace  AppLogsMapping  AWS::Lambda::EventSourceMapping  (KafkaSource `AppLogs`)"
        ),
        "{report}"
    );
    assert!(report.contains("ConsumerGroupId: !Sub \"${AWS::StackName}-AppLogs\" -> \"anomaly-detector-v2\"  [replaces]"), "{report}");
    assert!(
        report.contains("[data risk: records never scored]"),
        "{report}"
    );
    assert!(report.contains("cannot deploy in one step"), "{report}");
    assert!(
        report.contains("1. without the KafkaSource `AppLogs`"),
        "{report}"
    );

    let mut strict = args.to_vec();
    strict.push("--fail-on-data-risk");
    let o = synth(&strict);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("replace  AppLogsMapping"),
        "the report is printed"
    );
    assert!(
        stderr(&o).contains("--fail-on-data-risk: the deploy would lose data or read records again: AppLogsMapping (records never scored)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_batch_size_change_is_an_update() {
    let dir = scratch("diff-batch");
    let against = deployed(&dir);
    let changed = stack_file(&dir, "stack.yaml", |t| {
        t.replace("    batch_size: 1000\n", "    batch_size: 500\n")
    });
    for extra in [&[][..], &["--fail-on-data-risk"][..]] {
        let mut args = vec![
            "diff",
            "--against",
            path(&against),
            "--config",
            path(&changed),
        ];
        args.extend(extra);
        let o = synth(&args);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let report = stdout(&o);
        assert!(
            report.contains("  update   AppLogsMapping  AWS::Lambda::EventSourceMapping"),
            "{report}"
        );
        assert!(
            report.contains("      BatchSize: 1000 -> 500\n"),
            "{report}"
        );
        assert!(!report.contains("replace "), "{report}");
    }
}

/// `value` as YAML in flow style with every intrinsic function in its short form (`!Ref X`,
/// `!GetAtt A.B`, `!Sub "…"`), as a hand-written template might spell it.
fn short_form_yaml(value: &Value) -> String {
    match value {
        Value::Object(map) if map.len() == 1 => {
            let (key, arg) = map.iter().next().unwrap();
            let is_function = key == "Ref" || key == "Condition" || key.starts_with("Fn::");
            if !is_function {
                return format!(
                    "{{{}: {}}}",
                    Value::String(key.clone()),
                    short_form_yaml(arg)
                );
            }
            let name = key.strip_prefix("Fn::").unwrap_or(key);
            match (name, arg) {
                ("GetAtt", Value::Array(parts)) => {
                    let parts: Vec<&str> = parts.iter().map(|p| p.as_str().unwrap()).collect();
                    format!("!GetAtt {}", parts.join("."))
                }
                _ => format!("!{name} {}", short_form_yaml(arg)),
            }
        }
        Value::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), short_form_yaml(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(short_form_yaml).collect();
            format!("[{}]", items.join(", "))
        }
        scalar => scalar.to_string(),
    }
}

#[test]
fn a_yaml_template_with_short_forms_reads_like_json() {
    let dir = scratch("diff-yaml");
    let json = deployed(&dir);
    let template: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let yaml = short_form_yaml(&template);
    assert!(
        yaml.contains("!Ref \"ClusterArn\"")
            && yaml.contains("!GetAtt EncryptionKey.Arn")
            && yaml.contains("!Sub "),
        "{yaml}"
    );
    let written = dir.join("deployed.yaml");
    std::fs::write(&written, &yaml).unwrap();
    let o = synth(&["diff", "--against", path(&written)]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));

    // What `get-template --query TemplateBody` prints for a stack deployed from YAML: a JSON
    // string holding the text; and the whole response without --query.
    let body = dir.join("body.json");
    std::fs::write(&body, Value::String(yaml.clone()).to_string()).unwrap();
    let response = dir.join("response.json");
    std::fs::write(
        &response,
        serde_json::json!({"TemplateBody": yaml, "StagesAvailable": ["Original", "Processed"]})
            .to_string(),
    )
    .unwrap();
    for file in [&body, &response] {
        let o = synth(&["diff", "--against", path(file)]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}: {}",
            file.display(),
            stderr(&o)
        );
    }

    // A change reads the same through YAML as through JSON.
    let changed = yaml.replace("\"BatchSize\": 1000", "\"BatchSize\": 100");
    assert_ne!(changed, yaml);
    std::fs::write(&written, changed).unwrap();
    let o = synth(&["diff", "--against", path(&written)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("      BatchSize: 100 -> 1000\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn errors_and_usage_errors_exit_1() {
    let o = synth(&["diff"]);
    assert_eq!(o.status.code(), Some(1), "--against is required");
    assert!(stderr(&o).contains("--against"), "{}", stderr(&o));
    let o = synth(&["diff", "--against", "x.json", "--bogus"]);
    assert_eq!(o.status.code(), Some(1));
    let o = synth(&[
        "diff",
        "--against",
        "x.json",
        "--example",
        "a",
        "--config",
        "b",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = synth(&["diff", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("--fail-on-data-risk"));

    let dir = scratch("diff-errors");
    let o = synth(&["diff", "--against", path(&dir.join("missing.json"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("cannot read it"), "{}", stderr(&o));
    let not_a_template = dir.join("list.json");
    std::fs::write(&not_a_template, "{\"StackResources\": []}").unwrap();
    let o = synth(&["diff", "--against", path(&not_a_template)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no `Resources`"), "{}", stderr(&o));
    let against = deployed(&dir);
    let o = synth(&["diff", "--against", path(&against), "--example", "kinesis"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no example named `kinesis`"));
}

#[test]
fn out_writes_the_compared_template_as_synth_would() {
    let dir = scratch("diff-out");
    let against = deployed(&dir);
    let out = dir.join("stack.yaml");
    let o = synth(&[
        "diff",
        "--against",
        path(&against),
        "--example",
        "confluent",
        "--out",
        path(&out),
        "--format",
        "yaml",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let printed = synth(&["--example", "confluent", "--format", "yaml"]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), stdout(&printed));
}

#[test]
fn code_zip_shapes_the_compared_template_as_it_does_synths() {
    let dir = scratch("diff-code-zip");
    // An x86_64 `bootstrap` (ELF machine 62).
    let zip = package(&dir, "bootstrap", 62);
    let deployed = dir.join("deployed.json");
    let o = synth(&["--code-zip", path(&zip), "--out", path(&deployed)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = synth(&[
        "diff",
        "--against",
        path(&deployed),
        "--code-zip",
        path(&zip),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stderr(&o).is_empty(), "no deploy commands: {}", stderr(&o));

    let o = synth(&["diff", "--against", path(&deployed)]);
    assert_eq!(o.status.code(), Some(2));
    let report = stdout(&o);
    assert!(
        report.contains("Architectures[0]: \"x86_64\" -> \"arm64\""),
        "{report}"
    );
    assert!(report.contains("  update   Parameters.CodeKey"), "{report}");
    let o = synth(&[
        "diff",
        "--against",
        path(&deployed),
        "--code-zip",
        path(&zip),
        "--architecture",
        "arm64",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a contradicting --architecture is an error"
    );
}
