//! Scoring a series as a stream, and the calibrated threshold.
//!
//! Each value is scored by the forest, then learnt (`score_then_update`). The threshold is
//! calibrated on the series' own beginning: the **probationary period**, NAB's first 15 % of
//! the points (at most 750), extended if needed so that it holds at least
//! [`MIN_CALIBRATION`] real scores after the forest's warm-up. With `Calibrated { sigmas }`
//! the threshold is `mean + sigmas · σ` of the scores in that period; with `Fixed(x)` it is
//! `x`. Points inside the calibration period are never flagged (there is no threshold yet),
//! points after it are flagged when their score reaches the threshold, and after a flag the
//! next `cooldown` points are not flagged again (one alert per event, not one per point).

use crate::rcf::{Forest, ForestParams, RcfError, ScoreSummary};

/// The default shingle for a univariate series: how many consecutive values make one point.
/// Chosen on the shared NAB series (shingles of 8 to 48 tried; 24–32 score best).
pub const DEFAULT_SHINGLE: usize = 32;
/// The default `k` of the calibrated threshold `mean + k · σ`: 3, AWS's rule for RCF scores.
pub const DEFAULT_SIGMAS: f64 = 3.0;
/// The default number of points after a flag that are not flagged again: one alert per event.
/// Chosen on the shared NAB series (50 to 200 tried, all within 3 points of each other).
pub const DEFAULT_COOLDOWN: usize = 100;
/// The fewest real (post-warm-up) scores the threshold is calibrated on.
pub const MIN_CALIBRATION: usize = 32;

/// How scores become anomalies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    /// A fixed score.
    Fixed(f64),
    /// `mean + sigmas · σ` of the scores in the calibration period.
    Calibrated {
        /// The number of standard deviations above the mean.
        sigmas: f64,
    },
}

/// How a series is scored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesOptions {
    /// The forest's parameters (`shingle_size` [`DEFAULT_SHINGLE`] by default).
    pub params: ForestParams,
    /// The threshold (calibrated at [`DEFAULT_SIGMAS`] by default).
    pub threshold: Threshold,
    /// Points after a flag that are not flagged again ([`DEFAULT_COOLDOWN`] by default).
    pub cooldown: usize,
}

impl Default for SeriesOptions {
    fn default() -> SeriesOptions {
        SeriesOptions {
            params: ForestParams {
                shingle_size: DEFAULT_SHINGLE,
                ..ForestParams::default()
            },
            threshold: Threshold::Calibrated {
                sigmas: DEFAULT_SIGMAS,
            },
            cooldown: DEFAULT_COOLDOWN,
        }
    }
}

/// A scored series.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredSeries {
    /// Each point's score (0 during the forest's warm-up).
    pub scores: Vec<f64>,
    /// Whether each point is flagged.
    pub anomalies: Vec<bool>,
    /// The threshold used (infinite when the series is too short to calibrate one).
    pub threshold: f64,
    /// The number of points at the start used for calibration and never flagged.
    pub calibrated_until: usize,
}

/// NAB's probationary period for a series of `n` points: the first 15 %, at most 750.
pub fn probation_len(n: usize) -> usize {
    (n * 15 / 100).min(750)
}

/// Scores `values` as a stream: see the module documentation.
///
/// ```
/// use detect::series::{SeriesOptions, score_series};
///
/// let mut values: Vec<f64> = (0..1200).map(|t| (f64::from(t) / 5.0).sin()).collect();
/// values[1000] = 6.0;
/// let scored = score_series(&values, &SeriesOptions::default())?;
/// assert!(scored.anomalies[1000]);
/// # Ok::<(), detect::rcf::RcfError>(())
/// ```
pub fn score_series(values: &[f64], options: &SeriesOptions) -> Result<ScoredSeries, RcfError> {
    Ok(flag(stream_scores(values, &options.params)?, options))
}

/// Each value's score as a stream: scored, then learnt.
pub fn stream_scores(values: &[f64], params: &ForestParams) -> Result<Vec<f64>, RcfError> {
    let mut forest = Forest::new(1, *params)?;
    values
        .iter()
        .map(|&v| forest.try_score_then_update(&[v]))
        .collect()
}

/// Calibrates the threshold on `scores` (a stream's, from [`stream_scores`] with
/// `options.params`) and flags the anomalies: see the module documentation.
pub fn flag(scores: Vec<f64>, options: &SeriesOptions) -> ScoredSeries {
    let n = scores.len();
    let warm_from = options.params.shingle_size - 1 + options.params.warm_up() as usize;
    let calibrated_until = probation_len(n).max(warm_from + MIN_CALIBRATION).min(n);
    let threshold = match options.threshold {
        Threshold::Fixed(x) => x,
        Threshold::Calibrated { .. } if calibrated_until < warm_from + MIN_CALIBRATION => {
            f64::INFINITY
        }
        Threshold::Calibrated { sigmas } => {
            ScoreSummary::from_scores(&scores[warm_from..calibrated_until]).mean_plus_sigma(sigmas)
        }
    };
    let mut anomalies = vec![false; n];
    let mut quiet_until = calibrated_until;
    for (i, &s) in scores.iter().enumerate().skip(calibrated_until) {
        if i >= quiet_until && s >= threshold {
            anomalies[i] = true;
            quiet_until = i + 1 + options.cooldown;
        }
    }
    ScoredSeries {
        scores,
        anomalies,
        threshold,
        calibrated_until,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quick() -> SeriesOptions {
        SeriesOptions {
            params: ForestParams {
                trees: 30,
                sample_size: 64,
                shingle_size: 4,
                seed: 1,
            },
            cooldown: 0,
            ..SeriesOptions::default()
        }
    }

    #[test]
    fn probation_is_nabs() {
        assert_eq!(probation_len(4032), 604);
        assert_eq!(probation_len(10320), 750);
        assert_eq!(probation_len(10), 1);
    }

    #[test]
    fn calibration_flags_a_spike_not_the_calibration_period() {
        let mut values: Vec<f64> = (0..800).map(|t| (f64::from(t) / 4.0).sin()).collect();
        values[20] = 50.0;
        values[700] = 9.0;
        let scored = score_series(&values, &quick()).unwrap();
        assert_eq!(scored.calibrated_until, 120);
        assert!(scored.threshold.is_finite() && scored.threshold > 1.0);
        assert!(scored.anomalies[700]);
        assert!(
            scored.anomalies[..scored.calibrated_until]
                .iter()
                .all(|a| !a)
        );
        let flagged = scored.anomalies.iter().filter(|a| **a).count();
        assert!(flagged < 10, "{flagged}");
    }

    #[test]
    fn cooldown_and_fixed_thresholds() {
        let values: Vec<f64> = (0..300).map(|t| f64::from(t % 7)).collect();
        let all = SeriesOptions {
            threshold: Threshold::Fixed(0.0),
            ..quick()
        };
        let scored = score_series(&values, &all).unwrap();
        assert!(
            scored.anomalies[scored.calibrated_until..]
                .iter()
                .all(|a| *a)
        );
        let spaced = SeriesOptions { cooldown: 9, ..all };
        let scored = score_series(&values, &spaced).unwrap();
        let flags: Vec<usize> = (0..300).filter(|&i| scored.anomalies[i]).collect();
        assert!(flags.windows(2).all(|w| w[1] - w[0] == 10), "{flags:?}");
    }

    #[test]
    fn a_short_series_gets_no_threshold() {
        let scored = score_series(&[1.0, 2.0, 3.0], &quick()).unwrap();
        assert_eq!(scored.threshold, f64::INFINITY);
        assert_eq!(scored.anomalies, [false; 3]);
        // With a probationary period shorter than the warm-up, calibration runs on until
        // it has MIN_CALIBRATION real scores: 16 warm-up + 3 shingle + 32.
        let values: Vec<f64> = (0..200).map(|t| f64::from(t % 5)).collect();
        let scored = score_series(&values, &quick()).unwrap();
        assert_eq!(scored.calibrated_until, 16 + 3 + 32);
        assert!(scored.threshold.is_finite());
    }
}
