//! Scoring a series as a stream, and flagging its anomalies.
//!
//! Each value is scored by the forest, then learnt (`score_then_update`). The scores (from the
//! forest's first real score on) then pass through a threshold, in order:
//!
//! * **Adaptive** (the default): the threshold the function uses with
//!   `{kind: adaptive}` ([`AdaptiveThreshold`], decided by [`AdaptiveState`]): the mean of the
//!   last few scores against the running mean and standard deviation of the scores before.
//!   What the NAB score of `anomaly-function nab` measures is what a function with that
//!   threshold flags.
//! * **Calibrated**: `mean + sigmas · σ` of the scores in the series' **probationary
//!   period** (NAB's first 15 % of the points, at most 750, extended if needed so that it holds
//!   at least [`MIN_CALIBRATION`] real scores), never flagging inside it, and one flag per
//!   `cooldown` points after it. This was the default before the adaptive threshold; it is
//!   kept for comparison.
//! * **Fixed**: a score at or above the value, one flag per `cooldown` points.

use contract::AdaptiveThreshold;

use crate::decision::AdaptiveState;
use crate::rcf::{Forest, ForestParams, RcfError, ScoreSummary};

/// The default shingle for a univariate series: how many consecutive values make one point.
/// Chosen in an earlier release on seven NAB series (shingles of 8 to 48 tried; 24–32 scored
/// best), and kept: the leave-one-group-out cross-validation that chose the adaptive
/// threshold's settings was run with it.
pub const DEFAULT_SHINGLE: usize = 32;
/// The default `k` of the calibrated threshold `mean + k · σ`: 3, AWS's rule for RCF scores.
pub const DEFAULT_SIGMAS: f64 = 3.0;
/// The default number of points after a flag that are not flagged again by a calibrated or
/// fixed threshold: one alert per event (the adaptive threshold has its own `cooldown`, 100 by
/// default as well).
pub const DEFAULT_COOLDOWN: usize = 100;
/// The fewest real (post-warm-up) scores a calibrated threshold is calibrated on.
pub const MIN_CALIBRATION: usize = 32;

/// How scores become anomalies.
#[derive(Debug, Clone, PartialEq)]
pub enum Threshold {
    /// The function's adaptive threshold.
    Adaptive(AdaptiveThreshold),
    /// `mean + sigmas · σ` of the scores in the probationary period.
    Calibrated {
        /// The number of standard deviations above the mean.
        sigmas: f64,
    },
    /// A fixed score.
    Fixed(f64),
}

/// How a series is scored.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesOptions {
    /// The forest's parameters (`shingle_size` [`DEFAULT_SHINGLE`] by default).
    pub params: ForestParams,
    /// The threshold (adaptive, with the contract's defaults, by default).
    pub threshold: Threshold,
    /// Points after a flag that are not flagged again, for a calibrated or fixed threshold
    /// ([`DEFAULT_COOLDOWN`] by default).
    pub cooldown: usize,
}

impl Default for SeriesOptions {
    fn default() -> SeriesOptions {
        SeriesOptions {
            params: ForestParams {
                shingle_size: DEFAULT_SHINGLE,
                ..ForestParams::default()
            },
            threshold: Threshold::Adaptive(AdaptiveThreshold::default()),
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
    /// The threshold each point was compared with (`None` where there was none yet). An
    /// adaptive threshold compares the mean of the last few scores with it.
    pub levels: Vec<Option<f64>>,
    /// The first point that could be flagged (the series' length when none could).
    pub flaggable_from: usize,
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

/// Each value's score as a stream: scored, then learnt, in batches whose trees are shared
/// out among the CPUs ([`crate::cpus::threads`]); the scores are those of scoring and
/// learning one value at a time.
pub fn stream_scores(values: &[f64], params: &ForestParams) -> Result<Vec<f64>, RcfError> {
    let mut forest = Forest::new(1, *params)?;
    forest.set_threads(crate::cpus::threads());
    let mut scores = Vec::with_capacity(values.len());
    let mut first_error = None;
    forest.score_then_update_rows_with(values, |r| match r {
        Ok(score) => scores.push(score),
        Err(e) => {
            first_error.get_or_insert(e);
        }
    });
    first_error.map_or(Ok(scores), Err)
}

/// The index of a stream's first real score (the forest scores 0 before it).
pub fn first_score(params: &ForestParams) -> usize {
    params.shingle_size - 1 + params.warm_up() as usize
}

/// Flags the anomalies in `scores` (a stream's, from [`stream_scores`] with
/// `options.params`): see the module documentation.
pub fn flag(scores: Vec<f64>, options: &SeriesOptions) -> ScoredSeries {
    let n = scores.len();
    let warm_from = first_score(&options.params).min(n);
    let mut anomalies = vec![false; n];
    let mut levels = vec![None; n];
    let mut flaggable_from = n;
    match &options.threshold {
        Threshold::Adaptive(settings) => {
            let mut state = AdaptiveState::new(settings);
            for i in warm_from..n {
                levels[i] = state.level();
                if levels[i].is_some() {
                    flaggable_from = flaggable_from.min(i);
                }
                anomalies[i] = state.observe(scores[i]);
            }
        }
        Threshold::Calibrated { sigmas } => {
            let until = probation_len(n).max(warm_from + MIN_CALIBRATION).min(n);
            if until >= warm_from + MIN_CALIBRATION {
                let level =
                    ScoreSummary::from_scores(&scores[warm_from..until]).mean_plus_sigma(*sigmas);
                flag_above(&scores, level, until, options.cooldown, &mut anomalies);
                levels[until..].fill(Some(level));
                flaggable_from = until;
            }
        }
        Threshold::Fixed(level) => {
            flag_above(&scores, *level, warm_from, options.cooldown, &mut anomalies);
            levels[warm_from..].fill(Some(*level));
            flaggable_from = warm_from;
        }
    }
    ScoredSeries {
        scores,
        anomalies,
        levels,
        flaggable_from,
    }
}

/// Flags the scores from `from` on that reach `level`, then skips `cooldown` points.
fn flag_above(scores: &[f64], level: f64, from: usize, cooldown: usize, flags: &mut [bool]) {
    let mut quiet_until = from;
    for (i, &s) in scores.iter().enumerate().skip(from) {
        if i >= quiet_until && s >= level {
            flags[i] = true;
            quiet_until = i + 1 + cooldown;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quick(threshold: Threshold) -> SeriesOptions {
        SeriesOptions {
            params: ForestParams {
                trees: 30,
                sample_size: 64,
                shingle_size: 4,
                seed: 1,
            },
            threshold,
            cooldown: 0,
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
        let scored = score_series(&values, &quick(Threshold::Calibrated { sigmas: 3.0 })).unwrap();
        assert_eq!(scored.flaggable_from, 120);
        let level = scored.levels[120].unwrap();
        assert!(level > 1.0, "{level}");
        assert!(scored.anomalies[700]);
        assert!(scored.anomalies[..scored.flaggable_from].iter().all(|a| !a));
        let flagged = scored.anomalies.iter().filter(|a| **a).count();
        assert!(flagged < 10, "{flagged}");
    }

    #[test]
    fn the_adaptive_threshold_warms_up_and_flags_a_spike_once() {
        let mut values: Vec<f64> = (0..1500).map(|t| (f64::from(t) / 4.0).sin()).collect();
        values[1200] = 9.0;
        let options = SeriesOptions {
            threshold: Threshold::Adaptive(AdaptiveThreshold::default()),
            ..quick(Threshold::Fixed(0.0))
        };
        let scored = score_series(&values, &options).unwrap();
        // The forest's first score at 3 + 16, then 100 scores of warm-up.
        assert_eq!(scored.flaggable_from, 19 + 100);
        assert!(scored.levels[..119].iter().all(Option::is_none));
        assert!(scored.anomalies[1200]);
        // One alert for the spike (the cooldown covers its shingle).
        assert!(!scored.anomalies[1201..1300].iter().any(|a| *a));
    }

    #[test]
    fn cooldown_and_fixed_thresholds() {
        let values: Vec<f64> = (0..300).map(|t| f64::from(t % 7)).collect();
        let all = quick(Threshold::Fixed(0.0));
        let scored = score_series(&values, &all).unwrap();
        assert!(scored.anomalies[scored.flaggable_from..].iter().all(|a| *a));
        let spaced = SeriesOptions { cooldown: 9, ..all };
        let scored = score_series(&values, &spaced).unwrap();
        let flags: Vec<usize> = (0..300).filter(|&i| scored.anomalies[i]).collect();
        assert!(flags.windows(2).all(|w| w[1] - w[0] == 10), "{flags:?}");
    }

    #[test]
    fn a_short_series_gets_no_threshold() {
        for threshold in [
            Threshold::Calibrated { sigmas: 3.0 },
            Threshold::Adaptive(AdaptiveThreshold::default()),
        ] {
            let scored = score_series(&[1.0, 2.0, 3.0], &quick(threshold)).unwrap();
            assert_eq!(scored.flaggable_from, 3);
            assert_eq!(scored.anomalies, [false; 3]);
        }
        // With a probationary period shorter than the warm-up, calibration runs on until
        // it has MIN_CALIBRATION real scores: 16 warm-up + 3 shingle + 32.
        let values: Vec<f64> = (0..200).map(|t| f64::from(t % 5)).collect();
        let scored = score_series(&values, &quick(Threshold::Calibrated { sigmas: 3.0 })).unwrap();
        assert_eq!(scored.flaggable_from, 16 + 3 + 32);
    }
}
