//! AWS's own thresholded Random Cut Forest on NAB, as an outside reference for `nab`.
//!
//! ```text
//! cargo run --release -p detect --example aws_trcf_nab -- \
//!     --data NAB/data --windows NAB/labels/combined_windows.json --out DIR [--shingle N]...
//! synth nab --data NAB/data --windows NAB/labels/combined_windows.json --split held-out --published DIR
//! ```
//!
//! Streams every series the windows file names, read from `--data` as `nab` reads them
//! ([`detect::nab::corpus::read`]), through
//! `krcflib` 4.0.2's `BasicTRCF`, the Rust code of aws/random-cut-forest-by-aws: the forest
//! with AWS's own thresholding (input normalisation, the basic thresholder's z-factor, the
//! predictor-corrector), with AWS's defaults for all of it and the same forest as
//! `score-series` (100 trees × 256 samples, time decay 1 / (10 · 256), seed 42). A point
//! is flagged when its anomaly grade is above 0, which is AWS's own verdict; no threshold is
//! chosen here, on any labels.
//!
//! It writes the results in the layout of NAB's repository, so that `nab --published DIR`
//! scores them on any split next to this crate's detector: per shingle `N` (4, 8 and 32
//! unless `--shingle` is given), a detector `awsTRCF_shingleN` with
//! `DIR/results/awsTRCF_shingleN/<group>/awsTRCF_shingleN_<file>.csv`
//! (`timestamp,value,anomaly_score,anomaly_grade`; `anomaly_score` 1 where flagged, else 0)
//! and its threshold, 1 for every profile, in `DIR/config/thresholds.json`.
//!
//! A series that cannot be read is reported with the reason and left out, the others are
//! still written, and the run exits 1 (2 for a bad command line or windows file). `krcflib` is a dev-dependency: this example never
//! enters the Lambda package.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;

use detect::nab::corpus::{self, CorpusSeries};
use detect::nab::split::Split;
use rcflib::rcf::RCFOptionsBuilder;
use rcflib::trcf::basictrcf::BasicTRCFBuilder;

/// The forest `score-series` uses: 100 trees × 256 samples, seed 42.
const TREES: usize = 100;
const SAMPLES: usize = 256;
const SEED: u64 = 42;
/// The shingles run unless `--shingle` says otherwise: AWS's examples use small ones,
/// `score-series` uses 32.
const SHINGLES: [usize; 3] = [4, 8, 32];
/// NAB's three profiles, each given the same threshold: the flag itself.
const PROFILES: [&str; 3] = ["standard", "reward_low_FP_rate", "reward_low_FN_rate"];

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(failed) => {
            eprintln!("aws_trcf_nab: {failed} series could not be scored");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("aws_trcf_nab: {e}");
            ExitCode::from(2)
        }
    }
}

/// The command line: where the series and their windows are, where the results go, which
/// shingles.
struct Args {
    data: PathBuf,
    windows: PathBuf,
    out: PathBuf,
    shingles: Vec<usize>,
}

fn parse(args: Vec<String>) -> Result<Args, String> {
    const USAGE: &str =
        "usage: aws_trcf_nab --data NAB/data --windows WINDOWS.json --out DIR [--shingle N]...";
    let (mut data, mut windows, mut out, mut shingles) = (None, None, None, Vec::new());
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value; {USAGE}"))?;
        match flag.as_str() {
            "--data" => data = Some(PathBuf::from(value)),
            "--windows" => windows = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--shingle" => match value.parse::<usize>() {
                Ok(n) if n >= 1 => shingles.push(n),
                _ => return Err(format!("--shingle `{value}`: a whole number ≥ 1")),
            },
            _ => return Err(format!("unknown option `{flag}`; {USAGE}")),
        }
    }
    if shingles.is_empty() {
        shingles = SHINGLES.to_vec();
    }
    Ok(Args {
        data: data.ok_or_else(|| format!("--data is required; {USAGE}"))?,
        windows: windows.ok_or_else(|| format!("--windows is required; {USAGE}"))?,
        out: out.ok_or_else(|| format!("--out is required; {USAGE}"))?,
        shingles,
    })
}

/// Writes every detector's results and the thresholds file; returns how many series failed.
fn run(args: Vec<String>) -> Result<usize, Box<dyn Error>> {
    let args = parse(args)?;
    let corpus = corpus::read(&args.data, &args.windows, Split::All)?;
    for failure in &corpus.failures {
        eprintln!("aws_trcf_nab: {failure}");
    }
    let mut failed = corpus.failures.len();
    let mut thresholds = BTreeMap::new();
    for &shingle in &args.shingles {
        let name = format!("awsTRCF_shingle{shingle}");
        // The series are independent: share them out among the CPUs.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let problems: Vec<String> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|w| {
                    let (corpus, out, name) = (&corpus, &args.out, &name);
                    scope.spawn(move || {
                        let mut problems = Vec::new();
                        for series in corpus.series.iter().skip(w).step_by(threads) {
                            if let Err(e) = write_one(out, series, name, shingle) {
                                problems.push(format!("{}: {e}", series.name));
                            }
                        }
                        problems
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| {
                    w.join()
                        .unwrap_or_else(|_| vec!["a worker thread panicked".to_owned()])
                })
                .collect()
        });
        for problem in &problems {
            eprintln!("aws_trcf_nab: {name}: {problem}");
        }
        failed += problems.len();
        let profiles: BTreeMap<&str, serde_json::Value> = PROFILES
            .iter()
            .map(|p| (*p, serde_json::json!({ "threshold": 1.0 })))
            .collect();
        thresholds.insert(name, profiles);
    }
    let config = args.out.join("config");
    std::fs::create_dir_all(&config)?;
    std::fs::write(
        config.join("thresholds.json"),
        serde_json::to_string_pretty(&thresholds)? + "\n",
    )?;
    Ok(failed)
}

/// Streams one series through a fresh `BasicTRCF` and writes its results file under `out`.
fn write_one(
    out: &std::path::Path,
    series: &CorpusSeries,
    name: &str,
    shingle: usize,
) -> Result<(), Box<dyn Error>> {
    let mut trcf = BasicTRCFBuilder::new(1, shingle)
        .tree_capacity(SAMPLES)
        .number_of_trees(TREES)
        .random_seed(SEED)
        .build()
        .map_err(|e| format!("krcflib: {e:?}"))?;
    let mut rows = String::from("timestamp,value,anomaly_score,anomaly_grade\n");
    for (i, point) in series.points.iter().enumerate() {
        // krcflib takes f32 values and a sequence number for a timestamp.
        let verdict = trcf
            .process(&[point.value as f32], i as u64)
            .map_err(|e| format!("line {}: krcflib: {e:?}", point.line))?;
        let flagged = u8::from(verdict.anomaly_grade > 0.0);
        rows.push_str(&format!(
            "{},{},{flagged},{}\n",
            point.timestamp, point.value_text, verdict.anomaly_grade
        ));
    }
    // NAB names a series `group/file.csv`; its results sit at `group/<detector>_file.csv`.
    let (group, file) = series.name.rsplit_once('/').unwrap_or(("", &series.name));
    let dir = out.join("results").join(name).join(group);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}_{file}")), rows)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    // A failed unwrap is a failed test.
    #![allow(clippy::unwrap_used)]

    use super::*;
    use detect::nab::published;
    use std::path::Path;

    /// A scratch directory, removed when the test ends, passed or failed.
    struct Scratch(PathBuf);

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// The results it writes are what `nab --published` reads: one detector per shingle, every
    /// series that could be read, and as many detections as rows it flagged; a series that
    /// cannot be read is counted and the others are still written.
    #[test]
    fn writes_results_that_nab_published_reads() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/nab");
        let out =
            Scratch(std::env::temp_dir().join(format!("aws-trcf-nab-{}", std::process::id())));
        std::fs::create_dir_all(&out.0).unwrap();
        let series = "artificialWithAnomaly/art_load_balancer_spikes.csv";
        let windows = out.0.join("windows.json");
        std::fs::write(
            &windows,
            format!(
                r#"{{"{series}": [["2014-04-10 11:50:00.000000", "2014-04-11 21:20:00.000000"]],
                    "artificialWithAnomaly/missing.csv": []}}"#
            ),
        )
        .unwrap();
        let argv = |s: &[&str]| s.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
        let failed = run(argv(&[
            "--data",
            fixtures.to_str().unwrap(),
            "--windows",
            windows.to_str().unwrap(),
            "--out",
            out.0.to_str().unwrap(),
            "--shingle",
            "4",
        ]))
        .unwrap();
        assert_eq!(failed, 1, "the missing series is counted");

        let labels = detect::nab::windows::read(&windows).unwrap();
        let board = published::read(&out.0, &labels, &[series], "standard").unwrap();
        assert!(board.failures.is_empty(), "{:?}", board.failures);
        assert_eq!(board.detectors.len(), 1);
        let detector = &board.detectors[0];
        assert_eq!(detector.name, "awsTRCF_shingle4");
        let written = std::fs::read_to_string(out.0.join(
            "results/awsTRCF_shingle4/artificialWithAnomaly/awsTRCF_shingle4_art_load_balancer_spikes.csv",
        ))
        .unwrap();
        let flagged = written
            .lines()
            .skip(1)
            .filter(|l| l.split(',').nth(2) == Some("1"))
            .count();
        let detections = detector.files[0].detections.iter().filter(|d| **d).count();
        assert!(flagged > 0, "AWS's forest flags the spikes");
        assert_eq!(detections, flagged);
        assert_eq!(detector.files[0].detections.len(), 4032);
        // Scored as NAB scores it: the series' one labelled window counts.
        let standing = detector.standing(&detect::nab::score::STANDARD);
        assert_eq!(standing.total.windows, 1);
        // Each flag counts at most once: as the window's detection or as a false positive.
        assert!(standing.total.detected + standing.total.false_positives <= detections);
        // A series the windows file names but that cannot be read has no results file.
        assert!(
            !out.0
                .join("results/awsTRCF_shingle4/artificialWithAnomaly/awsTRCF_shingle4_missing.csv")
                .exists()
        );
    }

    #[test]
    fn bad_command_lines_say_what_is_wrong() {
        let argv = |s: &[&str]| s.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
        let e = |s: &[&str]| parse(argv(s)).err().unwrap();
        assert!(e(&["--out", "x"]).starts_with("--data is required"));
        assert!(e(&["--data", "d", "--out", "x"]).starts_with("--windows is required"));
        assert!(e(&["--data", "x", "--shingle", "0"]).contains("a whole number ≥ 1"));
        assert!(e(&["--data"]).starts_with("--data needs a value"));
        assert!(e(&["--colour", "x"]).starts_with("unknown option `--colour`"));
        let a = parse(argv(&["--data", "d", "--windows", "w", "--out", "o"])).unwrap();
        assert_eq!(a.shingles, SHINGLES);
    }
}
