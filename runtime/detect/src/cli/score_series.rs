//! `anomaly-function score-series`: score a NAB-format series file as a stream and print
//! `timestamp,value,score,anomaly` rows.
//!
//! Exit status: 0 with the rows on stdout; 2 for a bad argument or input line (the line
//! number on stderr); 1 when stdout cannot be written.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::rcf::ForestParams;
use crate::series::scoring::{DEFAULT_COOLDOWN, DEFAULT_SHINGLE, DEFAULT_SIGMAS};
use crate::series::{SeriesOptions, Threshold, read_series, score_series, write_scored};

/// Arguments of `score-series`.
#[derive(Debug, Clone, Args)]
pub struct ScoreSeriesArgs {
    /// The series (CSV with the header `timestamp,value`).
    #[arg(long, value_name = "SERIES.csv")]
    pub input: PathBuf,
    /// The forest and threshold options.
    #[command(flatten)]
    pub forest: ForestArgs,
}

/// The forest and threshold options shared by `score-series` and `nab`.
#[derive(Debug, Clone, Args)]
pub struct ForestArgs {
    /// Consecutive values joined into one point.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SHINGLE)]
    pub shingle: usize,
    /// Trees in the forest.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub trees: usize,
    /// Points sampled per tree.
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub sample_size: usize,
    /// The seed of every random choice.
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub seed: u64,
    /// `calibrated` (mean + SIGMAS · σ of the scores in the probationary first 15 %), or a
    /// fixed score.
    #[arg(long, value_name = "X|calibrated", default_value = "calibrated", value_parser = parse_threshold)]
    pub threshold: ThresholdArg,
    /// The k of a calibrated threshold, mean + k · σ.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_SIGMAS)]
    pub sigmas: f64,
    /// Points after a flagged one that are not flagged again.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_COOLDOWN)]
    pub cooldown: usize,
}

/// `--threshold`: a fixed score or `calibrated`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ThresholdArg {
    /// Calibrated on the series.
    Calibrated,
    /// This score.
    Fixed(f64),
}

/// Parses `--threshold`.
pub fn parse_threshold(s: &str) -> Result<ThresholdArg, String> {
    if s == "calibrated" {
        return Ok(ThresholdArg::Calibrated);
    }
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(ThresholdArg::Fixed(x)),
        _ => Err(format!("`{s}` is neither a number nor `calibrated`")),
    }
}

impl ForestArgs {
    /// The scoring options these arguments describe, checked.
    pub fn options(&self) -> Result<SeriesOptions, String> {
        let params = ForestParams {
            trees: self.trees,
            sample_size: self.sample_size,
            shingle_size: self.shingle,
            seed: self.seed,
        };
        params.validate().map_err(|e| e.to_string())?;
        if !self.sigmas.is_finite() {
            return Err(format!("--sigmas {} is not a finite number", self.sigmas));
        }
        let threshold = match self.threshold {
            ThresholdArg::Calibrated => Threshold::Calibrated {
                sigmas: self.sigmas,
            },
            ThresholdArg::Fixed(x) => Threshold::Fixed(x),
        };
        Ok(SeriesOptions {
            params,
            threshold,
            cooldown: self.cooldown,
        })
    }
}

/// Runs `score-series` and returns the process's exit status.
pub fn run(args: &ScoreSeriesArgs) -> ExitCode {
    let fail = |code: u8, message: String| {
        eprintln!("anomaly-function score-series: {message}");
        ExitCode::from(code)
    };
    let options = match args.forest.options() {
        Ok(o) => o,
        Err(e) => return fail(2, e),
    };
    let text = match std::fs::read_to_string(&args.input) {
        Ok(t) => t,
        Err(e) => return fail(2, format!("cannot read {}: {e}", args.input.display())),
    };
    let points = match read_series(&text) {
        Ok(p) => p,
        Err(e) => return fail(2, format!("{}: {e}", args.input.display())),
    };
    let values: Vec<f64> = points.iter().map(|p| p.value).collect();
    let scored = match score_series(&values, &options) {
        Ok(s) => s,
        Err(e) => return fail(2, e.to_string()),
    };
    if scored.threshold.is_infinite() {
        eprintln!(
            "anomaly-function score-series: {} points are too few to calibrate a threshold; none flagged",
            points.len()
        );
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match write_scored(&points, &scored, &mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader stopped early (`| head`): nothing more is wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(1, format!("cannot write the output: {e}")),
    }
}
