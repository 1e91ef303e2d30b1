//! `synth calibrate`: proposes an anomaly threshold from scores, for either backend: mean +
//! k·σ (AWS's rule for Random Cut Forest uses k = 3), the quantile that flags a chosen share of
//! records, and the adaptive threshold (the one chosen on NAB) starting from the scores' mean
//! and standard deviation, each with the share it flags, ready to paste into a stack file or
//! Rust.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;
use contract::{AdaptiveThreshold, ScoreStatistics};
use detect::decision::AdaptiveState;
use detect::rcf::{Model, ScoreSummary, quantile_of_sorted};

use crate::data::{DataArgs, Rows};
use crate::render::write_stdout;

/// `synth calibrate` arguments.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Scores to calibrate on: one number per line, or SageMaker responses
    /// (`{"scores":[{"score":x},…]}`, one per line or the whole file).
    #[arg(long, value_name = "FILE", conflicts_with = "model")]
    pub scores: Option<PathBuf>,

    /// A model file (`synth train`): scores --data with it as the function would (without
    /// learning). Use recent records the model was not trained on where you can.
    #[arg(long, value_name = "FILE", requires = "data")]
    pub model: Option<PathBuf>,

    /// The records --model scores, and their features.
    #[command(flatten)]
    pub data: DataArgs,

    /// Standard deviations above the mean for the sigma threshold.
    #[arg(long, value_name = "K", default_value_t = 3.0)]
    pub k: f64,

    /// The share of records the quantile threshold flags (0.001: one in a thousand).
    #[arg(long, value_name = "RATE", default_value_t = 0.001)]
    pub alert_rate: f64,
}

/// The proposed thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// The scores' distribution.
    pub summary: ScoreSummary,
    /// k.
    pub k: f64,
    /// mean + k·σ.
    pub sigma_threshold: f64,
    /// The share of the scores above it.
    pub sigma_rate: f64,
    /// The alert rate asked for.
    pub alert_rate: f64,
    /// The (1 − alert rate) quantile.
    pub quantile_threshold: f64,
    /// The share of the scores above it.
    pub quantile_rate: f64,
    /// The adaptive threshold (the contract's defaults) starting from these scores' mean and
    /// standard deviation.
    pub adaptive: AdaptiveThreshold,
    /// The share of the scores it flags when they stream in the order given.
    pub adaptive_rate: f64,
}

impl Calibration {
    /// Calibrates on `scores` (all finite; at least one).
    pub fn new(scores: &[f64], k: f64, alert_rate: f64) -> Calibration {
        let summary = ScoreSummary::from_scores(scores);
        let mut sorted = scores.to_vec();
        sorted.sort_unstable_by(f64::total_cmp);
        let sigma_threshold = summary.mean_plus_sigma(k);
        let quantile_threshold = quantile(&sorted, 1.0 - alert_rate);
        let adaptive = AdaptiveThreshold {
            initial: Some(ScoreStatistics {
                mean: summary.mean,
                stddev: summary.stddev,
            }),
            ..AdaptiveThreshold::default()
        };
        let mut state = AdaptiveState::new(&adaptive);
        let flagged = scores.iter().filter(|&&s| state.observe(s)).count();
        Calibration {
            adaptive,
            adaptive_rate: flagged as f64 / scores.len().max(1) as f64,
            k,
            sigma_threshold,
            sigma_rate: above(&sorted, sigma_threshold),
            alert_rate,
            quantile_threshold,
            quantile_rate: above(&sorted, quantile_threshold),
            summary,
        }
    }

    /// The explanation and the snippets to paste.
    pub fn render(&self, source: &str) -> String {
        let s = &self.summary;
        let mut out = format!(
            "{} scores from {source}: mean {}, stddev {}, max {}\n\n",
            s.count, s.mean, s.stddev, s.max
        );
        let _ = writeln!(
            out,
            "mean + {}σ = {}\n  flags {} of these scores ({}); AWS's rule for Random Cut Forest uses 3σ of the training scores",
            self.k,
            self.sigma_threshold,
            percent(self.sigma_rate),
            count(self.sigma_rate, s.count)
        );
        let _ = writeln!(
            out,
            "quantile {} = {}\n  flags {} of these scores ({}) for the alert rate {} you asked for",
            1.0 - self.alert_rate,
            self.quantile_threshold,
            percent(self.quantile_rate),
            count(self.quantile_rate, s.count),
            self.alert_rate
        );
        let a = &self.adaptive;
        let _ = writeln!(
            out,
            "adaptive (k {}, half-life {}, window {}, floor {}, cooldown {}: the settings chosen on NAB), starting from these scores' mean and stddev\n  flags {} of these scores ({}) when they stream in this order; it then follows the scores, per warm execution environment",
            a.k,
            a.half_life,
            a.window,
            a.floor,
            a.cooldown,
            percent(self.adaptive_rate),
            count(self.adaptive_rate, s.count)
        );
        let _ = write!(
            out,
            "\nA record is an anomaly when its score is above the threshold. Stack file (functions.ID):\n  threshold: {{kind: sigma, mean: {}, stddev: {}, k: {}}}\n  threshold: {{kind: fixed, value: {}}}\n  threshold: {{kind: adaptive, initial: {{mean: {}, stddev: {}}}}}\nRust (AnomalyFunction):\n  .threshold(Threshold::Sigma {{ mean: {:?}, stddev: {:?}, k: {:?} }})\n  .threshold(Threshold::Fixed {{ value: {:?} }})\n  .threshold(Threshold::Adaptive(AdaptiveThreshold {{ initial: Some(ScoreStatistics {{ mean: {:?}, stddev: {:?} }}), ..AdaptiveThreshold::default() }}))\n",
            s.mean,
            s.stddev,
            self.k,
            self.quantile_threshold,
            s.mean,
            s.stddev,
            s.mean,
            s.stddev,
            self.k,
            self.quantile_threshold,
            s.mean,
            s.stddev
        );
        out
    }
}

/// The `q` quantile of sorted values (0 for none), interpolated linearly between neighbours
/// as [`ScoreSummary`] records its quantiles (see [`quantile_of_sorted`]).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    quantile_of_sorted(sorted, q).unwrap_or(0.0)
}

/// The share of sorted values strictly above `threshold`.
fn above(sorted: &[f64], threshold: f64) -> f64 {
    let at_or_below = sorted.partition_point(|s| *s <= threshold);
    (sorted.len() - at_or_below) as f64 / sorted.len().max(1) as f64
}

fn percent(rate: f64) -> String {
    format!("{:.3}%", rate * 100.0)
}

fn count(rate: f64, total: u64) -> String {
    let n = (rate * total as f64).round() as u64;
    format!("{n} of {total}")
}

/// Parses a scores file: a number per line, or SageMaker responses. Bad lines are errors
/// (with their numbers), so a truncated file is not calibrated on silently.
pub fn parse_scores(text: &str) -> Result<Vec<f64>, String> {
    let response = |value: &serde_json::Value| -> Option<Vec<f64>> {
        value
            .get("scores")?
            .as_array()?
            .iter()
            .map(|s| s.get("score").and_then(serde_json::Value::as_f64))
            .collect()
    };
    if let Ok(whole) = serde_json::from_str::<serde_json::Value>(text) {
        if whole.is_object() {
            return response(&whole).ok_or_else(|| {
                "error: the scores file is JSON but not a response {\"scores\":[{\"score\":x},…]}\n"
                    .to_owned()
            });
        }
    }
    let mut scores = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Ok(score) = line.parse::<f64>() {
            if score.is_finite() {
                scores.push(score);
                continue;
            }
        } else if let Some(batch) = serde_json::from_str(line).ok().as_ref().and_then(response) {
            scores.extend(batch);
            continue;
        }
        bad.push(format!("  line {}: {line:.60}", i + 1));
    }
    if !bad.is_empty() {
        let n = bad.len();
        bad.truncate(10);
        return Err(format!(
            "error: {n} line{} of the scores file {} neither a finite number nor a response {{\"scores\":[{{\"score\":x}},…]}}:\n{}\n",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            bad.join("\n")
        ));
    }
    if scores.is_empty() {
        return Err("error: the scores file holds no score\n".into());
    }
    Ok(scores)
}

/// Scores every row of `rows` with the model's forest, without learning (as the function
/// does with `learn` off).
fn score_rows(model: &Model, rows: &Rows) -> Result<Vec<f64>, String> {
    if rows.features != model.features {
        return Err(format!(
            "error: the model was trained on features [{}], but the data gives [{}]\n  fix: pass the model's features (--features {} or the --config its function uses)\n",
            model.features.join(", "),
            rows.features.join(", "),
            model.features.join(",")
        ));
    }
    rows.values
        .chunks_exact(rows.features.len())
        .map(|row| {
            model
                .forest
                .try_score(row)
                .map_err(|e| format!("error: scoring failed: {e}\n"))
        })
        .collect()
}

/// Prints the proposed thresholds.
pub fn run(args: &CalibrateArgs) -> Result<(), String> {
    if !(args.k.is_finite() && args.k > 0.0) {
        return Err(format!(
            "error: --k {} is not a positive number\n  fix: use e.g. 3\n",
            args.k
        ));
    }
    if !(args.alert_rate > 0.0 && args.alert_rate < 1.0) {
        return Err(format!(
            "error: --alert-rate {} is not a share between 0 and 1\n  fix: use e.g. 0.001 (one record in a thousand)\n",
            args.alert_rate
        ));
    }
    let (scores, source) = match (&args.scores, &args.model) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("error: cannot read {}: {e}\n", path.display()))?;
            (parse_scores(&text)?, path.display().to_string())
        }
        (None, Some(path)) => {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("error: cannot read {}: {e}\n", path.display()))?;
            let model = Model::from_bytes(&bytes)
                .map_err(|e| format!("error: {} is not a model file: {e}\n", path.display()))?;
            let reading = args.data.reading()?;
            let specs = match reading.specs {
                Some(specs) => specs,
                None => model
                    .features
                    .iter()
                    .map(contract::FeatureSpec::new)
                    .collect(),
            };
            let rows = args.data.read(&reading.format, Some(&specs))?;
            let data = args.data.data.as_deref().unwrap_or(Path::new("-"));
            eprintln!("{}", rows.report(data));
            (
                score_rows(&model, &rows)?,
                format!("{} scored by {}", data.display(), path.display()),
            )
        }
        (None, None) => {
            return Err(
                "error: nothing to calibrate on\n  fix: pass --scores FILE (any backend), or --model model.json --data FILE\n"
                    .into(),
            );
        }
    };
    write_stdout(&Calibration::new(&scores, args.k, args.alert_rate).render(&source))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn the_adaptive_threshold_flags_each_burst_once() {
        // Ordinary scores around 1 with two bursts of three scores of 10, 400 scores apart:
        // each burst is flagged, its neighbours wait out the cooldown (100 scores).
        let scores: Vec<f64> = (0..1000)
            .map(|i| match i {
                300..=302 | 700..=702 => 10.0,
                _ if i % 2 == 0 => 1.0,
                _ => 1.1,
            })
            .collect();
        let c = Calibration::new(&scores, 3.0, 0.001);
        assert_eq!(c.adaptive_rate, 0.002);
    }

    #[test]
    fn thresholds_of_a_known_list() {
        let scores: Vec<f64> = (1..=1000).map(f64::from).collect();
        let c = Calibration::new(&scores, 1.0, 0.001);
        assert_eq!(c.summary.mean, 500.5);
        assert!((c.summary.stddev - 288.674_990_257_210_7).abs() < 1e-9);
        assert!((c.sigma_threshold - 789.174_990_257_210_7).abs() < 1e-9);
        assert_eq!(c.sigma_rate, 0.211);
        assert!((c.quantile_threshold - 999.001).abs() < 1e-9);
        assert_eq!(c.quantile_rate, 0.001);
        // Rising scores never reach their own mean + 2σ (1,077.8), so the adaptive threshold,
        // started from their statistics, flags none of them.
        assert_eq!(c.adaptive_rate, 0.0);
        let text = c.render("test");
        assert!(
            text.contains("threshold: {kind: adaptive, initial: {mean: 500.5, stddev: "),
            "{text}"
        );
    }

    #[test]
    fn scores_files_of_both_backends() {
        assert_eq!(parse_scores("1.5\n\n2\n").unwrap(), [1.5, 2.0]);
        assert_eq!(
            parse_scores(r#"{"scores":[{"score":0.5},{"score":3.25}]}"#).unwrap(),
            [0.5, 3.25]
        );
        assert_eq!(
            parse_scores("{\"scores\":[{\"score\":1}]}\n{\"scores\":[{\"score\":2}]}\n").unwrap(),
            [1.0, 2.0]
        );
        let err = parse_scores("1\nNaN\nabc\n").unwrap_err();
        assert!(
            err.contains("2 lines") && err.contains("line 2: NaN") && err.contains("line 3: abc"),
            "{err}"
        );
        assert!(parse_scores("{\"other\":1}").is_err());
    }

    #[test]
    fn quantiles_interpolate() {
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
        assert_eq!(quantile(&[7.0], 0.999), 7.0);
        assert_eq!(quantile(&[1.0, 2.0], 1.0), 2.0);
    }
}
