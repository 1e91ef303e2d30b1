//! `synth train`: trains the embedded scorer's Random Cut Forest on historical records and
//! writes the model file the function loads (`Scorer::embedded_s3`, `Scorer::bundled`).
//! Deterministic given the seed: the same data and arguments write the same bytes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;
use detect::rcf::{ForestParams, ScoreSummary, train};

use crate::data::DataArgs;

/// `synth train` arguments.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// The data and its features.
    #[command(flatten)]
    pub data: DataArgs,

    /// Trees in the forest.
    #[arg(long, value_name = "N", default_value_t = ForestParams::default().trees)]
    pub trees: usize,

    /// Points sampled per tree.
    #[arg(long, value_name = "N", default_value_t = ForestParams::default().sample_size)]
    pub sample_size: usize,

    /// Consecutive rows joined into one point (for a univariate series; 1 for log records).
    #[arg(long, value_name = "N", default_value_t = ForestParams::default().shingle_size)]
    pub shingle: usize,

    /// The seed of every random choice.
    #[arg(long, value_name = "N", default_value_t = ForestParams::default().seed)]
    pub seed: u64,

    /// Where to write the model file.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
}

/// Trains, writes the model file and reports on stderr what was read and the distribution of
/// the training scores.
pub fn run(args: &TrainArgs) -> Result<(), String> {
    let reading = args.data.reading()?;
    let rows = args.data.read(&reading.format, reading.specs.as_deref())?;
    let params = ForestParams {
        trees: args.trees,
        sample_size: args.sample_size,
        shingle_size: args.shingle,
        seed: args.seed,
    };
    let width = rows.features.len();
    let model = train(&rows.values, width, rows.features.clone(), params)
        .map_err(|e| format!("error: training failed: {e}\n"))?;
    let bytes = model.to_bytes();
    std::fs::write(&args.output, &bytes)
        .map_err(|e| format!("error: cannot write {}: {e}\n", args.output.display()))?;
    let data = args.data.data.as_deref().unwrap_or(Path::new("-"));
    let mut report = rows.report(data);
    let _ = write!(
        report,
        "\nforest: {} trees, sample size {}, shingle {}, seed {}",
        params.trees, params.sample_size, params.shingle_size, params.seed
    );
    let _ = write!(
        report,
        "\ntraining scores (each row scored before it was learnt, after the first {} rows):\n{}",
        rows.len() as u64 - model.training.count,
        describe(&model.training)
    );
    let _ = write!(
        report,
        "\nwrote {} ({} bytes); choose a threshold with `synth calibrate --model {} --data RECENT_RECORDS`",
        args.output.display(),
        bytes.len(),
        args.output.display()
    );
    eprintln!("{report}");
    Ok(())
}

/// Count, mean, standard deviation, quantiles and maximum, one line each.
pub fn describe(summary: &ScoreSummary) -> String {
    let mut out = format!(
        "  count {}\n  mean {}\n  stddev {}\n  mean + 3σ {}",
        summary.count,
        summary.mean,
        summary.stddev,
        summary.mean_plus_sigma(3.0)
    );
    for (q, score) in &summary.quantiles {
        let _ = write!(out, "\n  p{} {score}", q * 100.0);
    }
    let _ = write!(out, "\n  max {}", summary.max);
    out
}
