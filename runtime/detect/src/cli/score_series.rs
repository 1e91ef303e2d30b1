//! `score-series`: score a NAB-format series file as a stream and print
//! `timestamp,value,score,anomaly` rows; `--plot out.svg` also draws it (with `synth`).
//!
//! Repeated or out-of-order timestamps are warned about on stderr, with their line, and the
//! points scored in file order.
//!
//! Exit status: 0 with the rows on stdout; 2 for a bad argument or input line (the line
//! number on stderr); 1 when stdout or the picture cannot be written.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use contract::AdaptiveThreshold;

use super::{Host, SeriesPlot};
use crate::rcf::ForestParams;
use crate::series::scoring::{DEFAULT_COOLDOWN, DEFAULT_SHINGLE, DEFAULT_SIGMAS};
use crate::series::{SeriesOptions, Threshold, read_series, score_series, write_scored};

/// Arguments of `score-series`.
#[derive(Debug, Clone, Args)]
pub struct ScoreSeriesArgs {
    /// The series (CSV with the header `timestamp,value`).
    #[arg(long, value_name = "SERIES.csv")]
    pub input: PathBuf,
    /// Also draw the series, its scores, the threshold and the flags into an SVG file.
    #[arg(long, value_name = "OUT.svg")]
    pub plot: Option<PathBuf>,
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
    /// `adaptive` (the function's `{kind: adaptive}`: the recent scores against the running
    /// mean and deviation of the scores before), `calibrated` (mean + SIGMAS · σ of the scores
    /// in the probationary first 15 %), or a fixed score.
    #[arg(long, value_name = "adaptive|calibrated|X", default_value = "adaptive", value_parser = parse_threshold)]
    pub threshold: ThresholdArg,
    /// The k of the threshold: standard deviations above the mean (default 2 adaptive, 3
    /// calibrated).
    #[arg(long, value_name = "K")]
    pub sigmas: Option<f64>,
    /// Points after a flagged one that are not flagged again.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_COOLDOWN)]
    pub cooldown: usize,
    /// Adaptive: scores after which a past score's weight halves.
    #[arg(long, value_name = "N", default_value_t = AdaptiveThreshold::default().half_life)]
    pub half_life: u32,
    /// Adaptive: scores averaged into the one compared.
    #[arg(long, value_name = "N", default_value_t = AdaptiveThreshold::default().window)]
    pub window: u32,
    /// Adaptive: the smallest standard deviation, as a share of the mean.
    #[arg(long, value_name = "SHARE", default_value_t = AdaptiveThreshold::default().floor)]
    pub floor: f64,
    /// Adaptive: scores seen before the first can be flagged.
    #[arg(long, value_name = "N", default_value_t = AdaptiveThreshold::default().warm_up)]
    pub warm_up: u32,
}

/// `--threshold`: the kind, or a fixed score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ThresholdArg {
    /// The adaptive threshold.
    Adaptive,
    /// Calibrated on the series' probationary period.
    Calibrated,
    /// This score.
    Fixed(f64),
}

/// Parses `--threshold`.
pub fn parse_threshold(s: &str) -> Result<ThresholdArg, String> {
    match s {
        "adaptive" => return Ok(ThresholdArg::Adaptive),
        "calibrated" => return Ok(ThresholdArg::Calibrated),
        _ => {}
    }
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(ThresholdArg::Fixed(x)),
        _ => Err(format!(
            "`{s}` is neither a number nor `adaptive` or `calibrated`"
        )),
    }
}

impl ForestArgs {
    /// The forest's parameters.
    pub fn params(&self) -> ForestParams {
        ForestParams {
            trees: self.trees,
            sample_size: self.sample_size,
            shingle_size: self.shingle,
            seed: self.seed,
        }
    }

    /// The adaptive threshold these arguments describe (whatever `--threshold` says).
    pub fn adaptive(&self) -> AdaptiveThreshold {
        AdaptiveThreshold {
            k: self.sigmas.unwrap_or(AdaptiveThreshold::default().k),
            half_life: self.half_life,
            window: self.window,
            floor: self.floor,
            cooldown: u32::try_from(self.cooldown).unwrap_or(u32::MAX),
            warm_up: self.warm_up,
            initial: None,
        }
    }

    /// The scoring options these arguments describe, checked.
    pub fn options(&self) -> Result<SeriesOptions, String> {
        let params = self.params();
        params.validate().map_err(|e| e.to_string())?;
        if let Some(k) = self.sigmas.filter(|k| !k.is_finite()) {
            return Err(format!("--sigmas {k} is not a finite number"));
        }
        let threshold = match self.threshold {
            ThresholdArg::Adaptive => {
                let settings = self.adaptive();
                let config = contract::FunctionConfig {
                    threshold: contract::Threshold::Adaptive(settings.clone()),
                    ..contract::FunctionConfig::default()
                };
                if let Err(errors) = config.validate() {
                    let problems: Vec<String> = errors
                        .iter()
                        .map(|e| format!("{} {} ({}): {}", e.field, e.problem, e.rule, e.fix))
                        .collect();
                    return Err(problems.join("; "));
                }
                Threshold::Adaptive(settings)
            }
            ThresholdArg::Calibrated => Threshold::Calibrated {
                sigmas: self.sigmas.unwrap_or(DEFAULT_SIGMAS),
            },
            ThresholdArg::Fixed(x) => Threshold::Fixed(x),
        };
        Ok(SeriesOptions {
            params,
            threshold,
            cooldown: self.cooldown,
        })
    }

    /// A line describing the threshold, for reports.
    pub fn describe(options: &SeriesOptions) -> String {
        match &options.threshold {
            Threshold::Adaptive(a) => format!(
                "adaptive threshold: mean of the last {} scores > running mean + {}·max(σ, {}·mean) (half-life {}, warm-up {}, cooldown {})",
                a.window, a.k, a.floor, a.half_life, a.warm_up, a.cooldown
            ),
            Threshold::Calibrated { sigmas } => format!(
                "calibrated threshold: mean + {sigmas}·σ of each series' probationary scores (cooldown {})",
                options.cooldown
            ),
            Threshold::Fixed(x) => {
                format!("fixed threshold {x} (cooldown {})", options.cooldown)
            }
        }
    }
}

/// Runs `score-series` for `host` and returns the process's exit status.
pub fn run(args: &ScoreSeriesArgs, host: &Host) -> ExitCode {
    let program = host.program;
    let fail = |code: u8, message: String| {
        eprintln!("{program} score-series: {message}");
        ExitCode::from(code)
    };
    let plotter = match (&args.plot, host.plotter) {
        (Some(_), None) => return fail(2, host.no_plotter("--plot")),
        (_, plotter) => plotter,
    };
    let options = match args.forest.options() {
        Ok(o) => o,
        Err(e) => return fail(2, e),
    };
    let text = match std::fs::read_to_string(&args.input) {
        Ok(t) => t,
        Err(e) => return fail(2, format!("cannot read {}: {e}", args.input.display())),
    };
    let series = match read_series(&text) {
        Ok(s) => s,
        Err(e) => return fail(2, format!("{}: {e}", args.input.display())),
    };
    for warning in &series.warnings {
        eprintln!(
            "{program} score-series: warning: {}: {warning}",
            args.input.display()
        );
    }
    let points = &series.points;
    let values: Vec<f64> = points.iter().map(|p| p.value).collect();
    let scored = match score_series(&values, &options) {
        Ok(s) => s,
        Err(e) => return fail(2, e.to_string()),
    };
    if scored.flaggable_from >= points.len() {
        eprintln!(
            "{program} score-series: {} points are too few for a threshold; none flagged",
            points.len()
        );
    }
    if let (Some(path), Some(plotter)) = (&args.plot, plotter) {
        let timestamps: Vec<String> = points.iter().map(|p| p.timestamp.clone()).collect();
        let title = args.input.display().to_string();
        let plot = SeriesPlot {
            title: &title,
            timestamps: &timestamps,
            values: &values,
            scores: &scored.scores,
            levels: &scored.levels,
            anomalies: &scored.anomalies,
            windows: &[],
        };
        if let Err(e) = plotter(&plot, path) {
            return fail(1, format!("cannot draw {}: {e}", path.display()));
        }
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match write_scored(points, &scored, &mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader stopped early (`| head`): nothing more is wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(1, format!("cannot write the output: {e}")),
    }
}
