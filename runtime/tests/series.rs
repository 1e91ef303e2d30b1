//! `anomaly-function score-series` and `nab` end to end, on a shared NAB series.

// Tests: a panic is a failed test with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use detect::nab::{time, windows};

/// The NAB series kept with the tests (a copy of the shared corpus; MIT, see its LICENSE.txt).
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nab")
}

const FILE: &str = "artificialWithAnomaly/art_daily_jumpsup.csv";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anomaly-function"))
        .args(args)
        .output()
        .unwrap()
}

/// A smaller forest than the default keeps the debug-build test quick.
const SMALL: [&str; 4] = ["--trees", "30", "--sample-size", "128"];

#[test]
fn score_series_is_deterministic_and_detects_the_labelled_window() {
    let input = corpus().join(FILE);
    let input = input.to_str().unwrap();
    let mut args = vec!["score-series", "--input", input];
    args.extend(SMALL);
    let first = run(&args);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let second = run(&args);
    assert_eq!(first.stdout, second.stdout, "two runs differ");

    let text = String::from_utf8(first.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("timestamp,value,score,anomaly"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 4032);
    assert!(
        rows.iter()
            .all(|r| r.len() == 4 && (r[3] == "0" || r[3] == "1"))
    );
    let flagged: Vec<i64> = rows
        .iter()
        .filter(|r| r[3] == "1")
        .map(|r| time::parse(r[0]).unwrap())
        .collect();
    let labels =
        windows::load(&std::fs::read_to_string(corpus().join("windows.json")).unwrap()).unwrap();
    let in_window = flagged
        .iter()
        .filter(|&&t| labels[FILE].iter().any(|&(s, e)| s <= t && t <= e))
        .count();
    assert!(in_window >= 1, "no flag in {:?}: {flagged:?}", labels[FILE]);
    assert!(flagged.len() <= 5, "{} flags", flagged.len());
}

#[test]
fn bad_input_lines_exit_2_with_their_line_number() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("series_bad_line.csv");
    std::fs::write(
        &path,
        "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,oops\n",
    )
    .unwrap();
    let out = run(&["score-series", "--input", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 3") && stderr.contains("oops"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());

    let missing = run(&["score-series", "--input", "/nonexistent/series.csv"]);
    assert_eq!(missing.status.code(), Some(2));
    let bad_param = run(&[
        "score-series",
        "--input",
        path.to_str().unwrap(),
        "--trees",
        "0",
    ]);
    assert_eq!(bad_param.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_param.stderr).contains("trees"));
}

#[test]
fn nab_scores_a_small_corpus() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("nab_small");
    std::fs::create_dir_all(&dir).unwrap();
    let mut csv = String::from("timestamp,value\n");
    for i in 0..1000 {
        let v = if (800..805).contains(&i) {
            40.0
        } else {
            f64::from(i % 24)
        };
        csv.push_str(&format!("2014-01-01 {:02}:{:02}:00,{v}\n", i / 60, i % 60));
    }
    std::fs::write(dir.join("s.csv"), csv).unwrap();
    std::fs::write(
        dir.join("windows.json"),
        r#"{"s.csv": [["2014-01-01 13:10:00.000000", "2014-01-01 13:40:00.000000"]]}"#,
    )
    .unwrap();
    let mut args = vec!["nab", "--data", dir.to_str().unwrap(), "--shingle", "8"];
    args.extend(SMALL);
    let out = run(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let overall = text.lines().find(|l| l.starts_with("overall")).unwrap();
    let fields: Vec<&str> = overall.split_whitespace().collect();
    // windows 1, detected 1.
    assert_eq!(&fields[1..3], ["1", "1"], "{text}");

    let missing = run(&["nab", "--data", "/nonexistent"]);
    assert_eq!(missing.status.code(), Some(2));
}

/// `nab --published` ranks NAB's published detectors with this one on the same series, and this
/// scorer reproduces NAB's own scores of them: KNN-CAD's results for two fixture series (an
/// excerpt of NAB's `results/`, see the fixture's README), whose raw scores NAB gives as
/// 0.8640444668030384 and 0.4082271798384737.
#[test]
fn nab_published_reproduces_nabs_own_scores_of_a_published_detector() {
    let data = corpus();
    let published = data.join("published");
    let windows = published.join("windows.json");
    // `nab` on the two series, with the published detectors of the checkout `nab`.
    let nab_in = |nab: &Path, profile: &str| {
        let mut args = vec![
            "nab",
            "--data",
            data.to_str().unwrap(),
            "--windows",
            windows.to_str().unwrap(),
            "--published",
            nab.to_str().unwrap(),
            "--profile",
            profile,
        ];
        args.extend(SMALL);
        run(&args)
    };
    let nab_with = |nab: &Path| nab_in(nab, "standard");
    let out = nab_with(&published);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let row = text.lines().find(|l| l.starts_with("knncad ")).unwrap();
    let fields: Vec<&str> = row.split_whitespace().collect();
    // threshold, windows, detected, FP, raw, normalised, agreement with NAB's own scores.
    assert_eq!(fields[1..5], ["1.0000", "2", "2", "7"], "{text}");
    let raw: f64 = fields[5].parse().unwrap();
    assert!((raw - (0.864_044_466_803_038_4 + 0.408_227_179_838_473_7)).abs() < 1e-3);
    assert_eq!(fields[7], "2/2", "{text}");
    assert!(text.contains("this detector (first table)"), "{text}");

    // With false positives costing twice as much, NAB gives 0.7295356565306357 and
    // -0.14177282016152637 for the same detections.
    let out = nab_in(&published, "reward-low-fp-rate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("NAB reward_low_FP_rate profile (A_TP 1.0, A_FP 0.22, A_FN 1.0)"),
        "{text}"
    );
    let row = text.lines().find(|l| l.starts_with("knncad ")).unwrap();
    let fields: Vec<&str> = row.split_whitespace().collect();
    let raw: f64 = fields[5].parse().unwrap();
    assert!((raw - (0.729_535_656_530_635_7 - 0.141_772_820_161_526_37)).abs() < 1e-3);
    assert_eq!(fields[7], "2/2", "{text}");
    // The fixture has no threshold of KNN-CAD's for this profile: it is reported and left out.
    let out = nab_in(&published, "reward-low-fn-rate");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("knncad has no `reward_low_FN_rate` threshold")
    );

    // A thresholds file that cannot be read stops the run; a detector whose results cannot be
    // read is reported and the run goes on without it (exit 1).
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("nab_published_missing");
    let _ = std::fs::remove_dir_all(&dir);
    let out = nab_with(&dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("thresholds.json"));
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::write(
        dir.join("config/thresholds.json"),
        r#"{"gone": {"standard": {"threshold": 0.5}}}"#,
    )
    .unwrap();
    let out = nab_with(&dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "results/gone/realAWSCloudwatch/gone_ec2_cpu_utilization_825cc2.csv: cannot read it"
        ),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("this detector (first table)"));
    std::fs::remove_dir_all(&dir).unwrap();
}
