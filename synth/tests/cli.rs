//! The `synth` command as a user runs it.

// Test helpers panic on setup failures: a panic here is a failed test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use support::{model, package, package_with, scratch, stderr, stdout, synth};

#[test]
fn prints_the_reference_stack_as_json_by_default() {
    let o = synth(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON on stdout");
    assert_eq!(t["AWSTemplateFormatVersion"], "2010-09-09");
    assert!(t["Resources"].as_object().is_some_and(|r| !r.is_empty()));
}

#[test]
fn prints_yaml_and_writes_files() {
    let o = synth(&["--format", "yaml"]);
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("AWSTemplateFormatVersion: \"2010-09-09\"\n"));
    let dir = scratch("out");
    let file = dir.join("stack.json");
    let o = synth(&[
        "--example",
        "confluent",
        "--out",
        file.to_str().expect("utf-8 path"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let written = std::fs::read_to_string(&file).expect("written");
    assert!(written.contains("BASIC_AUTH"));
}

#[test]
fn lists_every_example() {
    let o = synth(&["--list"]);
    assert!(o.status.success());
    let names: Vec<String> = stdout(&o)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    let expected: Vec<String> = examples::all().iter().map(|e| e.name.to_owned()).collect();
    assert_eq!(names, expected);
}

#[test]
fn an_unknown_example_fails_with_nothing_on_stdout() {
    let o = synth(&["--example", "kinesis"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("no example named `kinesis`"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("msk_iam"));
}

#[test]
fn warnings_go_to_stderr_and_the_template_to_stdout() {
    let o = synth(&["--example", "eks"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("warning[W0128]: KafkaSource `AppLogs`"));
    assert!(serde_json::from_str::<serde_json::Value>(&stdout(&o)).is_ok());
}

#[test]
fn code_zip_sets_a_content_addressed_key_and_the_binary_architecture() {
    let dir = scratch("zip");
    let zip = package(&dir, "bootstrap", 62);
    let o = synth(&["--code-zip", zip.to_str().expect("utf-8 path")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let key = t["Parameters"]["CodeKey"]["Default"]
        .as_str()
        .expect("CodeKey default")
        .to_owned();
    assert!(
        key.starts_with("anomaly-function/")
            && key.ends_with(".zip")
            && key.len() == "anomaly-function/".len() + 64 + 4,
        "{key}"
    );
    assert_eq!(
        t["Resources"]["DetectorFunction"]["Properties"]["Architectures"][0],
        "x86_64"
    );
    let err = stderr(&o);
    assert!(err.contains(&format!("s3://CODE_BUCKET/{key}")), "{err}");
    assert!(err.contains("aws cloudformation deploy --template-file stack.json --stack-name kafka-anomaly-detection --capabilities CAPABILITY_IAM"), "{err}");
    assert!(err.contains("CodeBucket=CODE_BUCKET"), "{err}");

    let arm = package(&scratch("zip-arm"), "bootstrap", 183);
    let o = synth(&["--code-zip", arm.to_str().expect("utf-8 path")]);
    let t: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(
        t["Resources"]["DetectorFunction"]["Properties"]["Architectures"][0],
        "arm64"
    );
}

#[test]
fn an_architecture_flag_that_contradicts_the_zip_is_refused() {
    let zip = package(&scratch("mismatch"), "bootstrap", 62);
    let o = synth(&[
        "--code-zip",
        zip.to_str().expect("utf-8 path"),
        "--architecture",
        "arm64",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).starts_with("error[E1004]: --code-zip `")
            && stderr(&o)
                .contains("bootstrap: is built for x86_64, which --architecture arm64 contradicts"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_zip_without_bootstrap_is_refused() {
    let zip = package(&scratch("no-bootstrap"), "handler", 62);
    let o = synth(&["--code-zip", zip.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error[E1002]: --code-zip `")
            && stderr(&o).contains("bootstrap: is not at the zip's root"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_file_that_is_not_a_zip_is_refused() {
    let dir = scratch("not-a-zip");
    let file = dir.join("bootstrap");
    std::fs::write(&file, b"\x7fELF not zipped").expect("file");
    let o = synth(&["--code-zip", file.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).starts_with("error[E1001]: --code-zip `")
            && stderr(&o).contains("archive: is not a zip archive"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bootstrap_that_is_no_lambda_executable_is_refused() {
    let zip = package(&scratch("riscv"), "bootstrap", 243);
    let o = synth(&["--code-zip", zip.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error[E1003]: --code-zip `")
            && stderr(&o).contains("bootstrap: is built for ELF machine 243"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_code_key_depends_on_content_not_on_zip_timestamps() {
    let key = |dir: &str| {
        let zip = package(&scratch(dir), "bootstrap", 62);
        let o = synth(&["--code-zip", zip.to_str().expect("utf-8 path")]);
        let t: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        t["Parameters"]["CodeKey"]["Default"].clone()
    };
    let first = key("same-a");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(
        first,
        key("same-b"),
        "rebuilding the same content keeps the key"
    );
    let other = package(&scratch("other"), "bootstrap", 183);
    let o = synth(&["--code-zip", other.to_str().expect("utf-8 path")]);
    let t: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_ne!(
        first, t["Parameters"]["CodeKey"]["Default"],
        "different content, different key"
    );
}

#[test]
fn a_model_file_is_checked_and_uploaded_under_a_content_addressed_key() {
    let dir = scratch("model");
    let zip = package(&dir, "bootstrap", 62);
    let model = model(&dir, "response_time_ms,status,duration_ms");
    let zip = zip.to_str().expect("utf-8 path");
    let model_arg = model.to_str().expect("utf-8 path");
    let yaml = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/stacks/embedded.yaml"
    );
    for stack in [["--example", "embedded"], ["--config", yaml]] {
        let with = synth(&[stack[0], stack[1], "--code-zip", zip, "--model", model_arg]);
        assert!(with.status.success(), "{}", stderr(&with));
        let without = synth(&[stack[0], stack[1], "--code-zip", zip]);
        assert_eq!(
            stdout(&with),
            stdout(&without),
            "--model changes the commands, not the template"
        );
        let err = stderr(&with);
        let key = err
            .split_whitespace()
            .find_map(|w| w.strip_prefix("ModelKey="))
            .expect("a ModelKey override")
            .to_owned();
        assert!(
            key.starts_with("anomaly-function/model-")
                && key.ends_with(".json")
                && key.len() == "anomaly-function/model-".len() + 64 + 5,
            "{key}"
        );
        assert!(
            err.contains(&format!("aws s3 cp {model_arg} s3://MODEL_BUCKET/{key}")),
            "{err}"
        );
        assert!(err.contains("ModelBucket=MODEL_BUCKET"), "{err}");
    }
}

#[test]
fn a_model_the_functions_would_refuse_fails_synthesis() {
    let dir = scratch("model-refused");
    let zip = package(&dir, "bootstrap", 62);
    let zip = zip.to_str().expect("utf-8 path");
    let two = model(&dir, "response_time_ms,status");
    let o = synth(&[
        "--example",
        "embedded",
        "--code-zip",
        zip,
        "--model",
        two.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(
        err.starts_with("error[E0818]: function `DetectorFunction`: features = [response_time_ms, status, duration_ms]: --model ")
            && err.contains("was trained on [response_time_ms, status]")
            && err.contains("--features response_time_ms,status,duration_ms"),
        "{err}"
    );

    let three = model(&dir, "response_time_ms,status,duration_ms");
    let o = synth(&[
        "--code-zip",
        zip,
        "--model",
        three.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error[E1005]: --model `")
            && stderr(&o).contains("no function of this stack reads its model from S3"),
        "{}",
        stderr(&o)
    );

    let not_a_model = dir.join("history.jsonl");
    let o = synth(&[
        "--example",
        "embedded",
        "--code-zip",
        zip,
        "--model",
        not_a_model.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error[E0817]: --model `")
            && stderr(&o).contains("not a model file"),
        "{}",
        stderr(&o)
    );

    let o = synth(&[
        "--example",
        "embedded",
        "--model",
        three.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(2), "--model needs --code-zip");
}

#[test]
fn a_bundled_model_is_checked_in_the_package() {
    let dir = scratch("bundled");
    let stack = dir.join("stack.yaml");
    std::fs::write(
        &stack,
        "name: t\nfunctions:\n  Detector:\n    code: {bucket: my-artifacts, key: b.zip}\n    scorer: {embedded: {model: {bundled: models/forest.json}}}\n",
    )
    .expect("stack file");
    let stack = stack.to_str().expect("utf-8 path");
    let run = |files: &[(&str, &[u8])]| {
        let zip = package_with(&dir, "bootstrap", 62, files);
        synth(&[
            "--config",
            stack,
            "--code-zip",
            zip.to_str().expect("utf-8 path"),
        ])
    };
    let read = |path: &std::path::Path| std::fs::read(path).expect("file");

    let good = model(&dir, "response_time_ms,status,duration_ms");
    let o = run(&[("models/forest.json", &read(&good))]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = run(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("error[E0817]: function `DetectorFunction`: scorer.model.bundled = \"models/forest.json\": --code-zip")
            && stderr(&o).contains("has no such file"),
        "{}",
        stderr(&o)
    );

    let other = model(&dir, "response_time_ms,status");
    let o = run(&[("models/forest.json", &read(&other))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error[E0818]: function `DetectorFunction`: features = ")
            && stderr(&o).contains("was trained on [response_time_ms, status]"),
        "{}",
        stderr(&o)
    );

    let o = run(&[("models/forest.json", b"name: t\n")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error[E0817]: function `DetectorFunction`: scorer.model.bundled")
            && stderr(&o).contains("is not a model file"),
        "{}",
        stderr(&o)
    );
}

/// `score-series --plot` draws the series, the scores, the threshold and the flags into an
/// SVG (a small forest, to keep the test quick), next to the rows it prints.
#[test]
fn score_series_draws_its_plot() {
    let dir = scratch("score-series-plot");
    let plot = dir.join("plot.svg");
    let input = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../runtime/tests/fixtures/nab/artificialWithAnomaly/art_daily_jumpsup.csv"
    );
    let o = synth(&[
        "score-series",
        "--input",
        input,
        "--trees",
        "10",
        "--sample-size",
        "64",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).lines().count(),
        4033,
        "a header and a row per point"
    );
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(200)]);
    for legend in ["value", "flagged", "score", "threshold"] {
        assert!(
            svg.contains(&format!("\n{legend}\n")),
            "no `{legend}` in the plot"
        );
    }
    assert!(svg.contains("<polyline"), "the series is drawn as a line");
}
