//! AWS's own thresholded Random Cut Forest on NAB, as an outside reference for `nab`.
//!
//! ```text
//! cargo run --release -p detect --example aws_trcf_nab -- --data NAB/data --out DIR [--shingle N]...
//! synth nab --data NAB/data --windows NAB/labels/combined_windows.json --split held-out --published DIR
//! ```
//!
//! Streams every series under `--data` (`<group>/<file>.csv`, NAB's layout) through
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
//! still written, and the run exits 1. `krcflib` is a dev-dependency: this example never
//! enters the Lambda package.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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

/// The command line: where the series are, where the results go, which shingles.
struct Args {
    data: PathBuf,
    out: PathBuf,
    shingles: Vec<usize>,
}

fn parse(args: Vec<String>) -> Result<Args, String> {
    const USAGE: &str = "usage: aws_trcf_nab --data NAB/data --out DIR [--shingle N]...";
    let (mut data, mut out, mut shingles) = (None, None, Vec::new());
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value; {USAGE}"))?;
        match flag.as_str() {
            "--data" => data = Some(PathBuf::from(value)),
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
        out: out.ok_or_else(|| format!("--out is required; {USAGE}"))?,
        shingles,
    })
}

/// Writes every detector's results and the thresholds file; returns how many series failed.
fn run(args: Vec<String>) -> Result<usize, Box<dyn Error>> {
    let args = parse(args)?;
    let series = list(&args.data)?;
    if series.is_empty() {
        return Err(format!("no <group>/<file>.csv series under {}", args.data.display()).into());
    }
    let mut failed = 0;
    let mut thresholds = BTreeMap::new();
    for &shingle in &args.shingles {
        let name = format!("awsTRCF_shingle{shingle}");
        // The series are independent: share them out among the CPUs.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let problems: Vec<String> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|w| {
                    let (series, args, name) = (&series, &args, &name);
                    scope.spawn(move || {
                        let mut problems = Vec::new();
                        for relative in series.iter().skip(w).step_by(threads) {
                            if let Err(e) = write_one(args, relative, name, shingle) {
                                problems.push(format!("{}: {e}", relative.display()));
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

/// The series under `data`, as `<group>/<file>.csv`, sorted.
fn list(data: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let mut series = Vec::new();
    let groups = std::fs::read_dir(data).map_err(|e| format!("{}: {e}", data.display()))?;
    for group in groups {
        let group = group?;
        if !group.file_type()?.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(group.path())? {
            let file = file?.file_name();
            if Path::new(&file).extension().is_some_and(|e| e == "csv") {
                series.push(Path::new(&group.file_name()).join(file));
            }
        }
    }
    series.sort();
    Ok(series)
}

/// Streams one series through a fresh `BasicTRCF` and writes its results file.
fn write_one(
    args: &Args,
    relative: &Path,
    name: &str,
    shingle: usize,
) -> Result<(), Box<dyn Error>> {
    let text = std::fs::read_to_string(args.data.join(relative))?;
    // Repeated or out-of-order timestamps are read as they are, as `nab` reads them.
    let series = detect::series::read_series(&text)?;
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
    let (group, file) = match (relative.parent(), relative.file_name()) {
        (Some(group), Some(file)) => (group, file.to_string_lossy()),
        _ => return Err("not a <group>/<file>.csv path".into()),
    };
    let dir = args.out.join("results").join(name).join(group);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}_{file}")), rows)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    // A failed unwrap is a failed test.
    #![allow(clippy::unwrap_used)]

    use super::*;
    use detect::nab::{published, windows};

    /// The results it writes are what `nab --published` reads: one detector per shingle, every
    /// series, and as many detections as rows it flagged.
    #[test]
    fn writes_results_that_nab_published_reads() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/nab");
        let data = std::env::temp_dir().join(format!("aws-trcf-nab-data-{}", std::process::id()));
        let out = std::env::temp_dir().join(format!("aws-trcf-nab-out-{}", std::process::id()));
        let series = "artificialWithAnomaly/art_load_balancer_spikes.csv";
        std::fs::create_dir_all(data.join("artificialWithAnomaly")).unwrap();
        std::fs::copy(fixtures.join(series), data.join(series)).unwrap();
        let argv = |s: &[&str]| s.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
        let failed = run(argv(&[
            "--data",
            data.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--shingle",
            "4",
        ]))
        .unwrap();
        assert_eq!(failed, 0);

        let labels = windows::read(&fixtures.join("published/windows.json")).unwrap();
        let board = published::read(&out, &labels, &[series], "standard").unwrap();
        assert!(board.failures.is_empty(), "{:?}", board.failures);
        assert_eq!(board.detectors.len(), 1);
        let detector = &board.detectors[0];
        assert_eq!(detector.name, "awsTRCF_shingle4");
        let written = std::fs::read_to_string(
            out.join("results/awsTRCF_shingle4/artificialWithAnomaly/awsTRCF_shingle4_art_load_balancer_spikes.csv"),
        )
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

        std::fs::remove_dir_all(&data).unwrap();
        std::fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn bad_command_lines_say_what_is_wrong() {
        let argv = |s: &[&str]| s.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
        let e = |s: &[&str]| parse(argv(s)).err().unwrap();
        assert!(e(&["--out", "x"]).starts_with("--data is required"));
        assert!(e(&["--data", "x", "--shingle", "0"]).contains("a whole number ≥ 1"));
        assert!(e(&["--data"]).starts_with("--data needs a value"));
        assert!(e(&["--colour", "x"]).starts_with("unknown option `--colour`"));
        let a = parse(argv(&["--data", "d", "--out", "o"])).unwrap();
        assert_eq!(a.shingles, SHINGLES);
    }
}
