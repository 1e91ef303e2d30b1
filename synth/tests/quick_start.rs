//! The README's "See it flag anomalies" walk-through, step by step: sample logs, `synth train`,
//! `synth calibrate`, then the function's handler with the embedded scorer at the proposed
//! threshold (what `anomaly-function invoke --scorer embedded --model` runs) on a sample event.
//! Every injected anomaly must be flagged, and few normal lines.

// Test helpers panic on setup failures: a panic here is a failed test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use contract::{FunctionConfig, Threshold};
use detect::cli::sample::{SampleArgs, SampleFormat, write};
use detect::loggen::LineFormat;
use runtime::Handler;
use runtime::deadline::Deadline;
use runtime::scoring::embedded::EmbeddedScorer;
use runtime::sinks::Sinks;
use runtime::sinks::log::Log;
use support::{scratch, stderr, stdout, synth};

/// `anomaly-function sample` with the README's arguments.
fn sample(
    count: u64,
    anomaly_rate: f64,
    seed: u64,
    format: SampleFormat,
    record_format: LineFormat,
) -> (Vec<u8>, Vec<(i32, i64)>) {
    let args = SampleArgs {
        count,
        anomaly_rate,
        format,
        record_format,
        topic: "app-logs".into(),
        partitions: 3,
        seed,
    };
    let mut out = Vec::new();
    let anomalies = write(&args, &mut out).unwrap();
    (out, anomalies)
}

#[test]
fn the_readme_walk_through_flags_every_injected_anomaly() {
    walk_through("quick-start", LineFormat::Json, FunctionConfig::default());
}

/// The text-log variant: nginx access logs with timings, three derived features.
#[test]
fn the_readme_text_log_walk_through_flags_every_injected_anomaly() {
    let config = FunctionConfig::from_json(TEXT_LOG_DETECTOR).unwrap();
    walk_through("quick-start-text", LineFormat::CombinedTimed, config);
}

/// The README's `detector.json` for the text-log walk-through.
const TEXT_LOG_DETECTOR: &str = r#"{
  "version": 1,
  "record_format": "combined_timed",
  "features": [
    {"name": "request_time", "derive": "log"},
    {"name": "status_class", "path": "status", "derive": "class"},
    {"name": "body_bytes_sent", "derive": "log"}
  ],
  "scorer": {"kind": "embedded", "model": {"bundled": "model.json"}},
  "threshold": {"kind": "fixed", "value": 3.0}
}"#;

/// Sample `lines`, train, calibrate, and run the handler as `invoke` would with `config`.
fn walk_through(name: &str, lines: LineFormat, config: FunctionConfig) {
    let dir = scratch(name);
    let (training, none) = sample(5_000, 0.0, 1, SampleFormat::Lines, lines);
    assert!(none.is_empty());
    let data = dir.join("train.log");
    std::fs::write(&data, training).unwrap();
    let model = dir.join("model.json");
    let detector = dir.join("detector.json");
    std::fs::write(&detector, serde_json::to_string(&config).unwrap()).unwrap();
    let features = ["--function-config", detector.to_str().unwrap()];
    let trained = synth(
        &[
            &[
                "train",
                "--data",
                data.to_str().unwrap(),
                "--output",
                model.to_str().unwrap(),
            ][..],
            &features,
        ]
        .concat(),
    );
    assert!(trained.status.success(), "{}", stderr(&trained));

    let calibrated = synth(
        &[
            &[
                "calibrate",
                "--model",
                model.to_str().unwrap(),
                "--data",
                data.to_str().unwrap(),
            ][..],
            &features,
        ]
        .concat(),
    );
    assert!(calibrated.status.success(), "{}", stderr(&calibrated));
    let text = format!("{}{}", stdout(&calibrated), stderr(&calibrated));
    // "threshold: {kind: fixed, value: X}" is the alert-rate quantile.
    let threshold: f64 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("threshold: {kind: fixed, value: "))
        .and_then(|v| v.strip_suffix('}'))
        .expect("calibrate proposes a fixed threshold")
        .parse()
        .unwrap();

    let (event, injected) = sample(2_000, 0.01, 2, SampleFormat::Event, lines);
    assert!(injected.len() >= 10, "{injected:?}");
    let config = FunctionConfig {
        threshold: Threshold::Fixed { value: threshold },
        ..config
    };
    let bytes = std::fs::read(&model).unwrap();
    let scorer = EmbeddedScorer::from_bytes(&bytes, &config.features, false, "model.json").unwrap();
    let handler = Handler::new(
        &config,
        scorer,
        Sinks::default(),
        Log::memory(),
        "quick-start",
    );
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(handler.handle(&event, Deadline::after(Duration::from_secs(60))))
        .unwrap();

    assert_eq!((result.records, result.scored), (2_000, 2_000));
    let flagged: BTreeSet<(i32, i64)> = result
        .anomalies
        .iter()
        .map(|a| (a.partition as i32, a.offset))
        .collect();
    let injected: BTreeSet<(i32, i64)> = injected.into_iter().collect();
    let missed: Vec<_> = injected.difference(&flagged).collect();
    let false_alarms = flagged.difference(&injected).count();
    eprintln!(
        "{name}: threshold {threshold}, {} injected, {} flagged, {} missed, {false_alarms} false alarms",
        injected.len(),
        flagged.len(),
        missed.len()
    );
    assert!(missed.is_empty(), "missed {missed:?}");
    assert!(false_alarms <= 10, "{false_alarms} false alarms");
}
