//! `nab --data DIR`: streams every series a NAB windows file names through the embedded forest
//! (as `score-series` does), scores the detections with NAB's standard profile and prints
//! per-file and overall scores.
//!
//! With NAB's own checkout, `--data NAB/data --windows NAB/labels/combined_windows.json`;
//! `--split development` or `--split held-out` keeps the series that chose the detector's
//! settings or the ones that judge it (see [`split`](crate::nab::split)), and `--select` runs
//! the cross-validation that chose them (see [`select`]).
//!
//! Two results are printed. The first uses the threshold the arguments describe (by default
//! the function's adaptive threshold) — what a deployment would get. The second tries each k
//! in [`SWEEP`] and reports the best over the whole corpus: that is tuned on the labels being
//! scored (NAB does the same for every detector on its scoreboard, optimising one threshold per
//! detector and profile over its corpus), so it is an optimistic figure.
//!
//! `--published NAB` adds a third: every detector NAB publishes results for, scored on the same
//! series at NAB's threshold for it (see [`published`]) and ranked with this one, and how many
//! of NAB's own per-file scores this scorer reproduces. Any directory in NAB's layout will do:
//! the `aws_trcf_nab` example writes AWS's thresholded forest's results in it.
//!
//! A series that cannot be read is reported and left out; the others are scored. Repeated or
//! out-of-order timestamps are warned about, with their line, and kept in file order.
//!
//! Exit status: 0 with the tables on stdout; 1 when some series or published detector could not
//! be read (the others' tables are still printed), a picture could not be drawn, or stdout
//! cannot be written; 2 for a bad argument, windows file or thresholds file.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::score_series::ForestArgs;
use super::{Host, SeriesPlot};
use crate::nab::corpus::{self, CorpusSeries};
use crate::nab::published::{self, Scoreboard, Standing};
use crate::nab::score::{FileScore, NabProfile, Profile, score_file};
use crate::nab::select::{self, SEEDS, Scored, Selection};
use crate::nab::split::Split;
use crate::rcf::ForestParams;
use crate::series::{ScoredSeries, SeriesOptions, Threshold, flag, stream_scores};

/// The k values the corpus-best result tries.
pub const SWEEP: [f64; 12] = [1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0, 7.0, 8.0, 10.0];

/// Arguments of `nab`.
#[derive(Debug, Clone, Args)]
pub struct NabArgs {
    /// The corpus: the series files under it, named relative to it in the windows file.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// The windows file (default: DIR/windows.json; NAB's is labels/combined_windows.json).
    #[arg(long, value_name = "FILE")]
    pub windows: Option<PathBuf>,
    /// Which series of the corpus to score.
    #[arg(long, value_enum, default_value_t = Split::All)]
    pub split: Split,
    /// NAB's application profile: the weights of a detected window, a false positive and a
    /// missed window (the published detectors are then scored at NAB's threshold for it).
    #[arg(long, value_enum, default_value_t = NabProfile::Standard)]
    pub profile: NabProfile,
    /// Also draw each series, its scores, the threshold, the windows and the flags into
    /// `DIR/<group>_<file>.svg`.
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
    /// Run the cross-validation that chose the adaptive threshold's settings on the
    /// development series (4 forest seeds; minutes) instead of scoring.
    #[arg(long, conflicts_with_all = ["plots", "published"])]
    pub select: bool,
    /// Also score the detectors NAB publishes results for on the same series, each at NAB's
    /// own threshold for it, and check NAB's per-file scores against this scorer's. NAB is
    /// a checkout of NAB's repository (its results/ and config/thresholds.json), or any
    /// directory in its layout.
    #[arg(long, value_name = "NAB")]
    pub published: Option<PathBuf>,
    /// The forest and threshold options.
    #[command(flatten)]
    pub forest: ForestArgs,
}

/// One series of a corpus, streamed through the forest.
#[derive(Debug, Clone)]
pub struct ScoredFile {
    /// The series.
    pub series: CorpusSeries,
    /// Its scores.
    pub scores: Vec<f64>,
}

/// Streams each series through a forest with `params`.
pub fn score_corpus(
    series: Vec<CorpusSeries>,
    params: &ForestParams,
) -> Result<Vec<ScoredFile>, String> {
    series
        .into_iter()
        .map(|s| {
            let scores =
                stream_scores(&s.values(), params).map_err(|e| format!("{}: {e}", s.name))?;
            Ok(ScoredFile { series: s, scores })
        })
        .collect()
}

/// Each file's flags and NAB score with `options`' threshold, and the corpus total.
pub fn evaluate(
    files: &[ScoredFile],
    options: &SeriesOptions,
    profile: &Profile,
) -> (Vec<(ScoredSeries, FileScore)>, FileScore) {
    let mut total = FileScore::default();
    let per_file = files
        .iter()
        .map(|f| {
            let flagged = flag(f.scores.clone(), options);
            let s = score_file(&flagged.anomalies, &f.series.windows, profile);
            total.add(&s);
            (flagged, s)
        })
        .collect();
    (per_file, total)
}

fn normalized(s: &FileScore) -> String {
    s.normalized()
        .map_or_else(|| "n/a".to_owned(), |v| format!("{v:.1}"))
}

/// The table of per-file and overall scores.
pub fn table(names: &[&str], per_file: &[&FileScore], total: &FileScore) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<52} {:>7} {:>8} {:>4} {:>8} {:>10}",
        "file", "windows", "detected", "FP", "raw", "normalised"
    );
    for (name, s) in names.iter().zip(per_file).chain([(&"overall", &total)]) {
        let _ = writeln!(
            out,
            "{:<52} {:>7} {:>8} {:>4} {:>8.3} {:>10}",
            name,
            s.windows,
            s.detected,
            s.false_positives,
            s.raw,
            normalized(s)
        );
    }
    out
}

/// Runs `nab` for `host` and returns the process's exit status.
pub fn run(args: &NabArgs, host: &Host) -> ExitCode {
    let program = host.program;
    let fail = |message: String| {
        eprintln!("{program} nab: {message}");
        ExitCode::from(2)
    };
    let plotter = match (&args.plots, host.plotter) {
        (Some(_), None) => return fail(host.no_plotter("--plots")),
        (_, plotter) => plotter,
    };
    let options = match args.forest.options() {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let windows = args
        .windows
        .clone()
        .unwrap_or_else(|| args.data.join("windows.json"));
    let split = if args.select {
        Split::Development
    } else {
        args.split
    };
    let corpus = match corpus::read(&args.data, &windows, split) {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    for failure in &corpus.failures {
        eprintln!("{program} nab: {failure} (left out)");
    }
    for series in &corpus.series {
        for warning in &series.warnings {
            eprintln!("{program} nab: warning: {}: {warning}", series.name);
        }
    }
    if corpus.series.is_empty() {
        return fail(format!(
            "no series of the {split:?} split could be read from {}",
            windows.display()
        ));
    }
    let mut status = if corpus.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    };
    let report = if args.select {
        match run_select(corpus.series, &options, &args.profile.weights()) {
            Ok(selection) => select_report(&selection, &options, args.profile),
            Err(e) => return fail(e),
        }
    } else {
        let labels = corpus.labels;
        let files = match score_corpus(corpus.series, &options.params) {
            Ok(f) => f,
            Err(e) => return fail(e),
        };
        let (per_file, total) = evaluate(&files, &options, &args.profile.weights());
        if let (Some(dir), Some(plotter)) = (&args.plots, plotter) {
            if let Err(e) = draw_all(dir, &files, &per_file, plotter) {
                eprintln!("{program} nab: {e}");
                status = ExitCode::FAILURE;
            }
        }
        let mut report = score_report(&files, &per_file, &total, &options, args.profile);
        if let Some(nab) = &args.published {
            let names: Vec<&str> = files.iter().map(|f| f.series.name.as_str()).collect();
            let board = match published::read(nab, &labels, &names, args.profile.nab_name()) {
                Ok(board) => board,
                Err(e) => return fail(e.to_string()),
            };
            for failure in &board.failures {
                eprintln!("{program} nab: {failure} (detector left out)");
                status = ExitCode::FAILURE;
            }
            report.push_str(&scoreboard_report(
                &board,
                &total,
                names.len(),
                args.profile,
            ));
        }
        report
    };
    match std::io::stdout().lock().write_all(report.as_bytes()) {
        Ok(()) => status,
        // The reader stopped early (`| head`): nothing more is wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => status,
        Err(e) => {
            eprintln!("{program} nab: cannot write the output: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The header and both tables.
fn score_report(
    files: &[ScoredFile],
    per_file: &[(ScoredSeries, FileScore)],
    total: &FileScore,
    options: &SeriesOptions,
    profile: NabProfile,
) -> String {
    let p = options.params;
    let w = profile.weights();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "NAB {} profile (A_TP {:?}, A_FP {:?}, A_FN {:?}); forest: {} trees × {} samples, shingle {}, seed {}",
        profile.nab_name(),
        w.tp,
        w.fp,
        w.fn_,
        p.trees,
        p.sample_size,
        p.shingle_size,
        p.seed
    );
    let names: Vec<&str> = files.iter().map(|f| f.series.name.as_str()).collect();
    let scores: Vec<&FileScore> = per_file.iter().map(|(_, s)| s).collect();
    let _ = writeln!(
        out,
        "\n{}\n{}",
        ForestArgs::describe(options),
        table(&names, &scores, total)
    );
    let best = SWEEP
        .iter()
        .map(|&k| {
            let threshold = match &options.threshold {
                Threshold::Adaptive(a) => {
                    Threshold::Adaptive(contract::AdaptiveThreshold { k, ..a.clone() })
                }
                _ => Threshold::Calibrated { sigmas: k },
            };
            let o = SeriesOptions {
                threshold,
                ..options.clone()
            };
            let (per_file, total) = evaluate(files, &o, &w);
            (k, per_file, total)
        })
        .max_by(|a, b| a.2.raw.total_cmp(&b.2.raw));
    if let Some((k, per_file, total)) = best {
        let scores: Vec<&FileScore> = per_file.iter().map(|(_, s)| s).collect();
        let _ = writeln!(
            out,
            "corpus-best k = {k} of {SWEEP:?} (tuned on these labels: optimistic)\n{}",
            table(&names, &scores, &total)
        );
    }
    out
}

/// NAB's published detectors on the same series, ranked with this detector (its first table's
/// total, `ours`), each with how many of NAB's own per-file scores this scorer reproduces.
fn scoreboard_report(
    board: &Scoreboard,
    ours: &FileScore,
    series: usize,
    profile: NabProfile,
) -> String {
    let weights = profile.weights();
    let standings: Vec<Standing> = board
        .detectors
        .iter()
        .map(|d| d.standing(&weights))
        .collect();
    // (name, threshold, total, agreement with NAB's own scores)
    let mut rows: Vec<(&str, String, &FileScore, String)> = standings
        .iter()
        .map(|s| {
            let agreement = if s.checked == 0 {
                "n/a".to_owned()
            } else {
                format!("{}/{}", s.agreeing, s.checked)
            };
            (
                s.name.as_str(),
                format!("{:.4}", s.threshold),
                &s.total,
                agreement,
            )
        })
        .chain([(
            "this detector (first table)",
            "adaptive".to_owned(),
            ours,
            String::new(),
        )])
        .collect();
    // Best first; the order of equal scores is the names'.
    rows.sort_by(|a, b| b.2.raw.total_cmp(&a.2.raw).then_with(|| a.0.cmp(b.0)));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Published detectors on the same {series} series, each at its {} threshold in config/thresholds.json (NAB chose those of its own detectors over its whole corpus, these labels included: optimistic); the last column counts the files whose raw score the detector's NAB scores file gives as this scorer does (n/a: no scores file)",
        profile.nab_name()
    );
    let _ = writeln!(
        out,
        "{:<28} {:>9} {:>7} {:>8} {:>4} {:>8} {:>10} {:>10}",
        "detector", "threshold", "windows", "detected", "FP", "raw", "normalised", "NAB agrees"
    );
    for (name, threshold, s, agreement) in rows {
        let _ = writeln!(
            out,
            "{:<28} {:>9} {:>7} {:>8} {:>4} {:>8.3} {:>10} {:>10}",
            name,
            threshold,
            s.windows,
            s.detected,
            s.false_positives,
            s.raw,
            normalized(s),
            agreement
        );
    }
    out
}

/// Scores the development series once per seed of [`SEEDS`] and runs the cross-validation.
fn run_select(
    series: Vec<CorpusSeries>,
    options: &SeriesOptions,
    profile: &Profile,
) -> Result<Selection, String> {
    let scored = series
        .iter()
        .map(|s| {
            let values = s.values();
            let scores = SEEDS
                .iter()
                .map(|&seed| {
                    let params = ForestParams {
                        seed,
                        ..options.params
                    };
                    stream_scores(&values, &params).map_err(|e| format!("{}: {e}", s.name))
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Scored {
                group: s.group().to_owned(),
                windows: s.windows.clone(),
                scores,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(select::select(&scored, options, profile))
}

fn select_report(selection: &Selection, options: &SeriesOptions, profile: NabProfile) -> String {
    let p = options.params;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Leave-one-group-out cross-validation of the adaptive threshold on NAB's {} profile ({} candidates; forest {} trees × {} samples, shingle {}, seeds {SEEDS:?})\n",
        profile.nab_name(),
        select::grid().len(),
        p.trees,
        p.sample_size,
        p.shingle_size
    );
    let _ = writeln!(
        out,
        "{:<24} {:<44} {:>7} {:>9}",
        "left out", "chosen on the other groups", "train", "left out"
    );
    for fold in &selection.folds {
        let c = &fold.chosen;
        let _ = writeln!(
            out,
            "{:<24} {:<44} {:>7.1} {:>9}",
            fold.held_out,
            format!(
                "k {} half-life {} window {} cooldown {}",
                c.k, c.half_life, c.window, c.cooldown
            ),
            fold.train,
            normalized(&fold.test)
        );
    }
    let c = &selection.chosen;
    let _ = writeln!(
        out,
        "\ncross-validated NAB score (left-out groups, pooled over seeds): {}\nchosen on all development groups: k {} half-life {} window {} floor {} cooldown {} warm-up {} ({:.1} on them, mean over seeds)",
        normalized(&selection.pooled),
        c.k,
        c.half_life,
        c.window,
        c.floor,
        c.cooldown,
        c.warm_up,
        selection.score
    );
    out
}

/// Draws every series into `dir`.
fn draw_all(
    dir: &std::path::Path,
    files: &[ScoredFile],
    per_file: &[(ScoredSeries, FileScore)],
    plotter: super::Plotter,
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (f, (flagged, _)) in files.iter().zip(per_file) {
        let timestamps: Vec<String> = f
            .series
            .points
            .iter()
            .map(|p| p.timestamp.clone())
            .collect();
        let values = f.series.values();
        let plot = SeriesPlot {
            title: &f.series.name,
            timestamps: &timestamps,
            values: &values,
            scores: &flagged.scores,
            levels: &flagged.levels,
            anomalies: &flagged.anomalies,
            windows: &f.series.windows,
        };
        let name = f.series.name.trim_end_matches(".csv").replace('/', "_");
        let path = dir.join(format!("{name}.svg"));
        plotter(&plot, &path).map_err(|e| format!("cannot draw {}: {e}", path.display()))?;
    }
    Ok(())
}
