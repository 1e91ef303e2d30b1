//! `synth train` and `synth calibrate` as a user runs them: deterministic model files, bad
//! lines reported by number, thresholds from scores of either backend.

// Test helpers panic on setup failures: a panic here is a failed test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use std::fmt::Write as _;
use std::path::Path;

use detect::rcf::Model;
use support::{scratch, stderr, stdout, synth};

/// 1,500 log records (a slow one every 101st) and two bad lines (3 and 700).
fn logs(dir: &Path) -> String {
    let mut text = String::new();
    for i in 0..1500 {
        match i {
            2 => text.push_str("{\"response_time_ms\": 12, \"status\": 200\n"),
            699 => text.push_str(
                "{\"response_time_ms\": \"fast\", \"status\": 200, \"duration_ms\": 3}\n",
            ),
            _ => {
                let latency = if i % 101 == 7 {
                    2000
                } else {
                    80 + (i * 37) % 60
                };
                let _ = writeln!(
                    text,
                    r#"{{"level":"INFO","response_time_ms":{latency},"status":{},"duration_ms":{}.5,"path":"/orders/{i}"}}"#,
                    if i % 40 == 0 { 500 } else { 200 },
                    latency + 1
                );
            }
        }
    }
    let path = dir.join("logs.jsonl");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

fn train(data: &str, output: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "train",
        "--data",
        data,
        "--trees",
        "30",
        "--sample-size",
        "64",
        "--output",
        output.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    synth(&args)
}

#[test]
fn training_is_deterministic_given_the_seed_and_reports_bad_lines() {
    let dir = scratch("train-deterministic");
    let data = logs(&dir);
    let (a, b, c) = (dir.join("a.json"), dir.join("b.json"), dir.join("c.json"));
    let first = train(&data, &a, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let second = train(&data, &b, &[]);
    assert!(second.status.success(), "{}", stderr(&second));
    let (a_bytes, b_bytes) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(a_bytes, b_bytes, "same data, same seed: same model file");
    assert_eq!(stderr(&first), stderr(&second).replace("b.json", "a.json"));
    let other_seed = train(&data, &c, &["--seed", "7"]);
    assert!(other_seed.status.success());
    assert_ne!(
        std::fs::read(&c).unwrap(),
        a_bytes,
        "another seed, another forest"
    );

    let report = stderr(&first);
    assert!(
        report.contains("1498 rows of 3 features (response_time_ms, status, duration_ms)"),
        "{report}"
    );
    assert!(
        report.contains("2 bad lines left out:\n  line 3: value is not JSON"),
        "{report}"
    );
    assert!(
        report.contains("  line 700: feature `response_time_ms` is not a number"),
        "{report}"
    );
    assert!(
        report.contains("forest: 30 trees, sample size 64, shingle 1, seed 42"),
        "{report}"
    );
    let model = Model::from_bytes(&a_bytes).unwrap();
    assert_eq!(
        model.features,
        ["response_time_ms", "status", "duration_ms"]
    );
    assert!(
        report.contains(&format!(
            "  count {}\n  mean {}\n",
            model.training.count, model.training.mean
        )),
        "{report}"
    );
    assert!(stdout(&first).is_empty());
}

#[test]
fn csv_columns_and_shingles() {
    let dir = scratch("train-csv");
    let mut text = String::from("timestamp,value\n");
    for i in 0..400 {
        let _ = writeln!(
            text,
            "2024-01-01 00:{:02}:00,{}",
            i % 60,
            (f64::from(i) / 10.0).sin()
        );
    }
    let data = dir.join("series.csv");
    std::fs::write(&data, text).unwrap();
    let model = dir.join("model.json");
    let o = train(
        data.to_str().unwrap(),
        &model,
        &["--features", "value", "--shingle", "4"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let model = Model::from_bytes(&std::fs::read(&model).unwrap()).unwrap();
    assert_eq!(model.features, ["value"]);
    assert_eq!(model.params.shingle_size, 4);
    let missing = train(
        data.to_str().unwrap(),
        &dir.join("x.json"),
        &["--features", "latency"],
    );
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("the CSV header has no column `latency`"),
        "{}",
        stderr(&missing)
    );
}

/// Trains on `data` (one line each) with the stack file's function `Detector`, whose settings
/// after its code and scorer are `function`, and checks the model has `features`.
fn train_with_stack_file(name: &str, function: &str, data: &str, features: &[&str]) {
    let dir = scratch(name);
    let stack = dir.join("stack.yaml");
    std::fs::write(
        &stack,
        format!(
            "name: t\nfunctions:\n  Detector:\n    code: {{bucket: my-artifacts, key: b.zip}}\n    scorer: {{embedded: {{model: {{bundled: model.json}}}}}}\n{function}"
        ),
    )
    .unwrap();
    let path = dir.join("data.log");
    std::fs::write(&path, data).unwrap();
    let model = dir.join("model.json");
    let o = train(
        path.to_str().unwrap(),
        &model,
        &["--config", stack.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let report = format!(
        "{} rows of {} features ({})",
        data.lines().count(),
        features.len(),
        features.join(", ")
    );
    assert!(stderr(&o).contains(&report), "{}", stderr(&o));
    let model = Model::from_bytes(&std::fs::read(&model).unwrap()).unwrap();
    assert_eq!(model.features, features);
}

#[test]
fn features_come_from_the_stack_file() {
    let mut text = String::new();
    for i in 0..300 {
        let _ = writeln!(
            text,
            r#"{{"http":{{"latency_ms":{}}}{}}}"#,
            50 + i % 17,
            if i % 3 == 0 { ",\"bytes\":10" } else { "" }
        );
    }
    train_with_stack_file(
        "train-config",
        "    features:\n      - {name: latency, path: http.latency_ms}\n      - {name: bytes, default: 0}\n",
        &text,
        &["latency", "bytes"],
    );
}

#[test]
fn record_format_comes_from_the_stack_file() {
    // Read as JSON, every line would be bad and training refused.
    let mut text = String::new();
    for i in 0..300 {
        let _ = writeln!(
            text,
            r#"at=info method=GET path="/a b" service={}ms status={}"#,
            40 + i % 23,
            if i % 50 == 0 { 503 } else { 200 }
        );
    }
    train_with_stack_file(
        "train-config-format",
        "    record_format: logfmt\n    features:\n      - {name: service, unit: s}\n      - {name: status, derive: class}\n",
        &text,
        &["service", "status"],
    );
}

#[test]
fn a_record_format_that_does_not_read_is_refused_not_replaced_by_json() {
    let dir = scratch("train-config-bad-format");
    let stack = dir.join("stack.yaml");
    std::fs::write(
        &stack,
        "name: t\nfunctions:\n  Detector:\n    code: {bucket: my-artifacts, key: b.zip}\n    record_format: logfmtt\n",
    )
    .unwrap();
    let data = dir.join("data.log");
    std::fs::write(
        &data,
        "{\"response_time_ms\": 1, \"status_code\": 200, \"bytes\": 3}\n",
    )
    .unwrap();
    let out = dir.join("model.json");
    let o = train(
        data.to_str().unwrap(),
        &out,
        &["--config", stack.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("functions.Detector.record_format:") && err.contains("logfmtt"),
        "{err}"
    );
    assert!(!out.exists(), "no model file is written");
}

#[test]
fn data_without_a_usable_row_is_refused() {
    let dir = scratch("train-all-bad");
    let data = dir.join("bad.jsonl");
    std::fs::write(&data, "nope\n{\"status\": 200}\n").unwrap();
    let out = dir.join("model.json");
    let o = train(data.to_str().unwrap(), &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("holds no usable row"), "{err}");
    assert!(
        err.contains("line 1: value is not JSON")
            && err.contains("line 2: feature `response_time_ms` is missing"),
        "{err}"
    );
    assert!(!out.exists(), "no model file is written");
}

#[test]
fn calibrate_on_a_known_score_list() {
    let dir = scratch("calibrate-scores");
    let scores: String = (1..=1000).map(|i| format!("{i}\n")).collect();
    let path = dir.join("scores.txt");
    std::fs::write(&path, scores).unwrap();
    let o = synth(&[
        "calibrate",
        "--scores",
        path.to_str().unwrap(),
        "--k",
        "1",
        "--alert-rate",
        "0.01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("1000 scores from"), "{out}");
    assert!(
        out.contains("mean 500.5, stddev 288.6749902572095, max 1000"),
        "{out}"
    );
    assert!(
        out.contains(
            "mean + 1σ = 789.1749902572095\n  flags 21.100% of these scores (211 of 1000)"
        ),
        "{out}"
    );
    assert!(
        out.contains("quantile 0.99 = 990.01\n  flags 1.000% of these scores (10 of 1000)"),
        "{out}"
    );
    assert!(
        out.contains("threshold: {kind: sigma, mean: 500.5, stddev: 288.6749902572095, k: 1}"),
        "{out}"
    );
    assert!(
        out.contains("threshold: {kind: fixed, value: 990.01}"),
        "{out}"
    );
    assert!(
        out.contains(".threshold(Threshold::Fixed { value: 990.01 })"),
        "{out}"
    );

    // The SageMaker response format gives the same numbers.
    let response: Vec<String> = (1..=1000).map(|i| format!("{{\"score\":{i}}}")).collect();
    let json = dir.join("response.json");
    std::fs::write(&json, format!("{{\"scores\":[{}]}}", response.join(","))).unwrap();
    let o = synth(&[
        "calibrate",
        "--scores",
        json.to_str().unwrap(),
        "--k",
        "1",
        "--alert-rate",
        "0.01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).split_once('\n').unwrap().1,
        out.split_once('\n').unwrap().1
    );

    let bad = synth(&[
        "calibrate",
        "--scores",
        path.to_str().unwrap(),
        "--alert-rate",
        "2",
    ]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("--alert-rate 2 is not a share between 0 and 1"));
}

#[test]
fn calibrate_with_a_model_scores_the_records_as_the_function_would() {
    let dir = scratch("calibrate-model");
    let data = logs(&dir);
    let model = dir.join("model.json");
    assert!(train(&data, &model, &[]).status.success());
    let o = synth(&[
        "calibrate",
        "--model",
        model.to_str().unwrap(),
        "--data",
        &data,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("1498 scores from"), "{out}");
    assert!(out.contains("threshold: {kind: sigma, mean: "), "{out}");
    assert!(
        stderr(&o).contains("2 bad lines left out"),
        "{}",
        stderr(&o)
    );
    let again = synth(&[
        "calibrate",
        "--model",
        model.to_str().unwrap(),
        "--data",
        &data,
    ]);
    assert_eq!(stdout(&again), out, "calibration is deterministic");
}
