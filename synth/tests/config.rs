//! Stack files through the command line: `--config`, `schema`, `validate` and `diagram`.

// Test helpers panic on setup failures: a panic here is a failed test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use std::path::PathBuf;

use support::{package, scratch, stderr, stdout, synth};

fn stack_file(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/stacks")
        .join(format!("{name}.yaml"))
        .display()
        .to_string()
}

#[test]
fn a_stack_file_prints_the_same_template_as_its_example() {
    for format in ["json", "yaml"] {
        let from_file = synth(&["--config", &stack_file("eks"), "--format", format]);
        let from_example = synth(&["--example", "eks", "--format", format]);
        assert!(from_file.status.success(), "{}", stderr(&from_file));
        assert_eq!(stdout(&from_file), stdout(&from_example));
        assert!(
            stderr(&from_file)
                .contains("eks.yaml:84:10: warning[W0128]: KafkaSource `AppLogs`: vpc"),
            "{}",
            stderr(&from_file)
        );
    }
}

#[test]
fn a_json_stack_file_reads_like_its_yaml() {
    let dir = scratch("json-file");
    let yaml = std::fs::read_to_string(stack_file("msk_iam")).unwrap();
    let file = constructs::config::StackFile::parse(
        "msk_iam.yaml",
        &yaml,
        constructs::config::Format::Yaml,
    )
    .unwrap();
    let json = dir.join("stack.json");
    std::fs::write(
        &json,
        serde_json::to_string_pretty(&file.to_json()).unwrap(),
    )
    .unwrap();
    let o = synth(&["--config", json.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), stdout(&synth(&["--example", "msk_iam"])));
}

#[test]
fn code_zip_sets_the_default_of_the_parameter_code_key_refers_to() {
    let zip = package(&scratch("config-zip"), "bootstrap", 62);
    let o = synth(&[
        "--config",
        &stack_file("complete_msk"),
        "--code-zip",
        zip.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let key = t["Parameters"]["CodeKey"]["Default"].as_str().unwrap();
    assert!(
        key.starts_with("anomaly-function/") && key.len() == "anomaly-function/".len() + 68,
        "{key}"
    );
    assert_eq!(
        t["Resources"]["DetectorFunction"]["Properties"]["Architectures"][0],
        "x86_64"
    );
    assert!(
        stderr(&o).contains("--stack-name kafka-anomaly-detection"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn errors_name_the_file_line_and_column_and_print_nothing_on_stdout() {
    let dir = scratch("broken");
    let text = std::fs::read_to_string(stack_file("msk_iam"))
        .unwrap()
        .replace(
            "starting_position: latest",
            "starting_position: latest\n    batch_size: 20000\n    batchsize: 1",
        );
    let file = dir.join("stack.yaml");
    std::fs::write(&file, text).unwrap();
    let o = synth(&["--config", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(
        err.contains(
            "stack.yaml:49:5: error[E0902]: KafkaSource `AppLogs`: batchsize: is not a key here"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `batch_size`?"), "{err}");

    let v = synth(&["validate", "--config", file.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1));
    assert_eq!(stderr(&v), err);
}

#[test]
fn schema_prints_the_library_schema() {
    let o = synth(&["schema"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), constructs::config::schema_json());
    let schema: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(schema["properties"]["kafka_sources"].is_object());
}

#[test]
fn validate_reports_warnings_and_succeeds() {
    let o = synth(&["validate", "--example", "eks"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("example `eks`: valid: stack `kafka-anomaly-eks` synthesizes"),
        "{out}"
    );
    assert!(out.contains("PROBLEM: Connection error"), "{out}");
    let o = synth(&["validate", "--config", &stack_file("eks")]);
    assert!(
        stdout(&o).contains("eks.yaml:84:10: warning[W0128]:"),
        "{}",
        stdout(&o)
    );
    let o = synth(&["validate"]);
    assert!(
        stdout(&o).contains("example `complete_msk`: valid"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn validate_fails_on_construct_errors_with_their_fix() {
    let dir = scratch("invalid");
    let file = dir.join("stack.yaml");
    let text = std::fs::read_to_string(stack_file("msk_iam"))
        .unwrap()
        .replace("feature_dim: 3", "feature_dim: 4");
    std::fs::write(&file, text).unwrap();
    let o = synth(&["validate", "--config", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error[E0215]: AnomalyFunction `Detector`: features = 3: the function extracts 3 features but endpoint `Scorer` was trained on feature_dim = 4"), "{err}");
    assert!(err.contains("fix: list exactly the features"), "{err}");
}

/// One malformed record must not hold a partition forever: a mapping whose function reports
/// failed records, with unlimited retries and no on-failure destination, is refused.
#[test]
fn validate_refuses_the_poison_pill_stack() {
    let dir = scratch("poison-pill");
    let file = dir.join("stack.yaml");
    let text = std::fs::read_to_string(stack_file("msk_iam")).unwrap().replace(
        "    starting_position: latest\n",
        "    starting_position: latest\n    provisioned_pollers: {minimum: 1, maximum: 2}\n    report_batch_item_failures: true\n",
    );
    std::fs::write(&file, text).unwrap();
    let o = synth(&["validate", "--config", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error[E0159]: KafkaSource `AppLogs`: report_batch_item_failures = true:"),
        "{err}"
    );
    assert!(err.contains("its partition stalls behind it"), "{err}");
    assert!(
        err.contains("fix: add on_failure(..)") && err.contains("max_retry_attempts to 0-10000"),
        "{err}"
    );
}

#[test]
fn diagram_draws_a_mermaid_flowchart_of_files_and_examples() {
    let from_example = synth(&["diagram", "--example", "complete_msk"]);
    let from_file = synth(&["diagram", "--config", &stack_file("complete_msk")]);
    assert!(from_example.status.success(), "{}", stderr(&from_example));
    let chart = stdout(&from_example);
    assert!(
        chart.starts_with("```mermaid\nflowchart LR\n") && chart.ends_with("```\n"),
        "{chart}"
    );
    assert!(
        chart.contains("subgraph g_Detector[\"AnomalyFunction Detector\"]"),
        "{chart}"
    );
    assert!(
        chart.contains("AppLogsMapping --> DetectorFunction"),
        "{chart}"
    );
    assert!(
        chart.contains("DetectorFunction --> ScorerEndpoint"),
        "{chart}"
    );
    assert!(
        chart.contains("DetectorFunction --> AnomaliesTable"),
        "{chart}"
    );
    assert_eq!(stdout(&from_file), chart);
}

#[test]
fn config_and_example_cannot_be_combined() {
    let o = synth(&["--config", &stack_file("eks"), "--example", "eks"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let o = synth(&["--config", &stack_file("eks"), "--list"]);
    assert_eq!(o.status.code(), Some(2));
}

/// The msk_iam stack file with `lines` added to its function.
fn msk_iam_function_with(dir: &std::path::Path, lines: &str) -> String {
    let text = std::fs::read_to_string(stack_file("msk_iam"))
        .unwrap()
        .replace(
            "    sources: [AppLogs]",
            &format!("    sources: [AppLogs]\n{lines}"),
        );
    let file = dir.join("stack.yaml");
    std::fs::write(&file, text).unwrap();
    file.to_string_lossy().into_owned()
}

#[test]
fn a_record_format_reaches_the_functions_configuration() {
    let dir = scratch("record-format");
    let combined = msk_iam_function_with(
        &dir,
        "    record_format: combined\n    features:\n      - {name: status}\n      - {name: body_bytes_sent, default: 0, derive: log}\n      - {name: is_5xx, path: status, derive: {indicator: 500}}",
    );
    let o = synth(&["--config", &combined]);
    assert!(o.status.success(), "{}", stderr(&o));
    let template: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let env = template["Resources"]["DetectorFunction"]["Properties"]["Environment"]["Variables"]
        ["ANOMALY_CONFIG"]
        .to_string();
    assert!(env.contains(r#"\"record_format\":\"combined\""#), "{env}");
    assert!(env.contains(r#"\"derive\":{\"indicator\":500.0}"#), "{env}");
    // `json`, the default, prints the same bytes as no key at all.
    let json = msk_iam_function_with(&dir, "    record_format: json");
    assert_eq!(
        stdout(&synth(&["--config", &json])),
        stdout(&synth(&["--example", "msk_iam"]))
    );
    let regex = msk_iam_function_with(
        &dir,
        "    record_format: {regex: '(?P<response_time_ms>\\d+) (?P<status>\\d{3}) (?P<duration_ms>\\d+)'}",
    );
    let o = synth(&["validate", "--config", &regex]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn an_invalid_pattern_or_a_feature_naming_no_group_fails_validate_with_rule_ids() {
    let dir = scratch("bad-regex");
    let file = msk_iam_function_with(
        &dir,
        "    record_format: {regex: '(?P<ms>\\d+ms'}\n    features: [{name: ms}]",
    );
    let o = synth(&["validate", "--config", &file]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error[E0820]: AnomalyFunction `Detector`: record_format.regex"),
        "{err}"
    );
    assert!(err.contains("is not a pattern: unclosed group"), "{err}");
    let explained = synth(&["explain", "E0820"]);
    assert!(
        stdout(&explained).contains("named group"),
        "{}",
        stdout(&explained)
    );

    let file = msk_iam_function_with(
        &dir,
        "    record_format: {regex: '(?P<ms>\\d+)ms'}\n    features: [{name: ms}, {name: status}]",
    );
    let err = stderr(&synth(&["validate", "--config", &file]));
    assert!(
        err.contains("error[E0821]: AnomalyFunction `Detector`: features[1].name"),
        "{err}"
    );
    assert!(
        err.contains("name one of the pattern's groups: ms"),
        "{err}"
    );
}
