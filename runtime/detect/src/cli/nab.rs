//! `anomaly-function nab --data DIR`: streams every series listed in `DIR/windows.json`
//! through the embedded forest (as `score-series` does), scores the detections with NAB's
//! standard profile and prints per-file and overall scores.
//!
//! Two results are printed. **Calibrated** uses the threshold `score-series` uses, chosen
//! from each series' own probationary period — what a deployment would get. **Corpus-best k**
//! also tries each k of `mean + k·σ` in [`SWEEP`] and reports the best over the whole
//! corpus: that is tuned on the labels being scored (NAB does the same for every detector on
//! its scoreboard, optimising one threshold per detector and profile over its corpus), so it
//! is an optimistic figure.
//!
//! Exit status: 0 with the table on stdout; 2 for a bad argument or corpus; 1 when stdout
//! cannot be written.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::cli::score_series::ForestArgs;
use crate::nab::score::{FileScore, Profile, STANDARD, score_file};
use crate::nab::windows::{self, to_indices};
use crate::nab::{NabError, time};
use crate::series::{SeriesOptions, Threshold, flag, read_series, stream_scores};

/// The k values of `mean + k·σ` the corpus-best result tries.
pub const SWEEP: [f64; 12] = [2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0, 7.0, 8.0, 10.0, 12.0];

/// Arguments of `nab`.
#[derive(Debug, Clone, Args)]
pub struct NabArgs {
    /// The corpus: series files under it, named in its `windows.json`.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// The forest and threshold options.
    #[command(flatten)]
    pub forest: ForestArgs,
}

/// One series of a corpus, streamed through the forest.
#[derive(Debug, Clone)]
pub struct ScoredFile {
    /// Its name in `windows.json`.
    pub name: String,
    /// Its scores.
    pub scores: Vec<f64>,
    /// Its windows, as index ranges.
    pub windows: Vec<std::ops::RangeInclusive<usize>>,
}

/// Reads the corpus under `data` and streams each series through a forest.
pub fn score_corpus(data: &Path, options: &SeriesOptions) -> Result<Vec<ScoredFile>, NabError> {
    let path = data.join("windows.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| NabError::BadWindows(format!("cannot read {}: {e}", path.display())))?;
    let corpus = windows::load(&text)?;
    corpus
        .iter()
        .map(|(name, windows)| {
            let bad = |problem: String| NabError::BadSeries {
                file: name.clone(),
                problem,
            };
            let text = std::fs::read_to_string(data.join(name))
                .map_err(|e| bad(format!("cannot read it: {e}")))?;
            let points = read_series(&text).map_err(|e| bad(e.to_string()))?;
            let timestamps = points
                .iter()
                .map(|p| time::parse(&p.timestamp).map_err(|e| bad(e.to_string())))
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(i) = timestamps.windows(2).position(|w| w[0] >= w[1]) {
                return Err(bad(format!("timestamps do not increase at line {}", i + 3)));
            }
            let values: Vec<f64> = points.iter().map(|p| p.value).collect();
            let scores = stream_scores(&values, &options.params).map_err(|e| bad(e.to_string()))?;
            Ok(ScoredFile {
                name: name.clone(),
                scores,
                windows: to_indices(&timestamps, windows),
            })
        })
        .collect()
}

/// Each file's NAB score with `options`' threshold, and the corpus total.
pub fn evaluate(
    files: &[ScoredFile],
    options: &SeriesOptions,
    profile: &Profile,
) -> (Vec<FileScore>, FileScore) {
    let mut total = FileScore::default();
    let per_file = files
        .iter()
        .map(|f| {
            let flagged = flag(f.scores.clone(), options);
            let s = score_file(&flagged.anomalies, &f.windows, profile);
            total.add(&s);
            s
        })
        .collect();
    (per_file, total)
}

fn normalized(s: &FileScore) -> String {
    s.normalized()
        .map_or_else(|| "n/a".to_owned(), |v| format!("{v:.1}"))
}

/// The table of per-file and overall scores.
pub fn table(files: &[ScoredFile], per_file: &[FileScore], total: &FileScore) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<52} {:>7} {:>8} {:>4} {:>8} {:>10}",
        "file", "windows", "detected", "FP", "raw", "normalised"
    );
    for (f, s) in files.iter().zip(per_file).chain([(
        &ScoredFile {
            name: "overall".into(),
            scores: Vec::new(),
            windows: Vec::new(),
        },
        total,
    )]) {
        let _ = writeln!(
            out,
            "{:<52} {:>7} {:>8} {:>4} {:>8.3} {:>10}",
            f.name,
            s.windows,
            s.detected,
            s.false_positives,
            s.raw,
            normalized(s)
        );
    }
    out
}

/// Runs `nab` and returns the process's exit status.
pub fn run(args: &NabArgs) -> ExitCode {
    let fail = |message: String| {
        eprintln!("anomaly-function nab: {message}");
        ExitCode::from(2)
    };
    let options = match args.forest.options() {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let files = match score_corpus(&args.data, &options) {
        Ok(f) => f,
        Err(e) => return fail(e.to_string()),
    };
    let p = options.params;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "NAB standard profile (A_TP {:?}, A_FP {:?}, A_FN {:?}); forest: {} trees × {} samples, shingle {}, seed {}; cooldown {}",
        STANDARD.tp,
        STANDARD.fp,
        STANDARD.fn_,
        p.trees,
        p.sample_size,
        p.shingle_size,
        p.seed,
        options.cooldown
    );
    let label = match options.threshold {
        Threshold::Fixed(x) => format!("fixed threshold {x}"),
        Threshold::Calibrated { sigmas } => {
            format!("calibrated threshold: mean + {sigmas}·σ of each series' probationary scores")
        }
    };
    let (per_file, total) = evaluate(&files, &options, &STANDARD);
    let _ = writeln!(out, "\n{label}\n{}", table(&files, &per_file, &total));
    let best = SWEEP
        .iter()
        .map(|&k| {
            let o = SeriesOptions {
                threshold: Threshold::Calibrated { sigmas: k },
                ..options
            };
            let (per_file, total) = evaluate(&files, &o, &STANDARD);
            (k, per_file, total)
        })
        .max_by(|a, b| a.2.raw.total_cmp(&b.2.raw));
    if let Some((k, per_file, total)) = best {
        let _ = writeln!(
            out,
            "corpus-best k = {k} of {SWEEP:?} (tuned on these labels: optimistic)\n{}",
            table(&files, &per_file, &total)
        );
    }
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader stopped early (`| head`): nothing more is wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("anomaly-function nab: cannot write the output: {e}");
            ExitCode::FAILURE
        }
    }
}
