//! When a score counts as an anomaly.

use serde::{Deserialize, Serialize};

/// When a score counts as an anomaly.
///
/// ```
/// use contract::{AdaptiveThreshold, Threshold};
///
/// let fixed: Threshold = serde_json::from_str(r#"{"kind": "fixed", "value": 3.0}"#).unwrap();
/// assert_eq!(fixed.value(), Some(3.0));
/// // Every field of the adaptive kind has a default (the settings chosen on NAB).
/// let adaptive: Threshold = serde_json::from_str(r#"{"kind": "adaptive"}"#).unwrap();
/// assert_eq!(adaptive, Threshold::Adaptive(AdaptiveThreshold::default()));
/// assert_eq!(adaptive.value(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Threshold {
    /// A score strictly above a fixed value.
    Fixed {
        /// The threshold.
        value: f64,
    },
    /// A score strictly above `mean + k·stddev` of the scores seen on training data (AWS's
    /// rule uses k = 3).
    Sigma {
        /// Mean training score.
        mean: f64,
        /// Standard deviation of training scores.
        #[cfg_attr(feature = "schema", schemars(range(min = 0.0)))]
        stddev: f64,
        /// How many standard deviations above the mean.
        #[cfg_attr(feature = "schema", schemars(extend("exclusiveMinimum" = 0.0)))]
        k: f64,
    },
    /// A threshold that follows the scores as they stream (see [`AdaptiveThreshold`]).
    Adaptive(AdaptiveThreshold),
}

impl Threshold {
    /// The score above which a record is an anomaly, for the kinds that have one value
    /// (fixed and sigma); `None` for an adaptive threshold, whose level moves with the scores.
    pub fn value(&self) -> Option<f64> {
        match self {
            Threshold::Fixed { value } => Some(*value),
            Threshold::Sigma { mean, stddev, k } => Some(mean + k * stddev),
            Threshold::Adaptive(_) => None,
        }
    }
}

/// A threshold that follows the scores as they stream: a record is an anomaly when the mean
/// of the last `window` scores stands more than `k` standard deviations above the running
/// mean of the scores before it, with the standard deviation at least `floor` times that
/// mean. The running mean and standard deviation weigh past scores by age (a score's weight
/// halves every `half_life` scores) and leave out the scores flagged as anomalies, so an
/// anomaly does not raise the bar for the next. After a flag, the next `cooldown` scores are
/// not flagged (one alert per event); nothing is flagged until `warm_up` scores have been
/// seen, unless `initial` gives the statistics to start from (what `synth calibrate`
/// measures on a model's training scores).
///
/// The defaults are the settings chosen on the Numenta Anomaly Benchmark by leave-one-group-out
/// cross-validation (see the README's NAB section): k 2, half-life 4,000, window 3, floor 0.2,
/// cooldown 100, warm-up 100.
///
/// The statistics are state: in a Lambda function each warm execution environment keeps its
/// own, learnt from the records it scored since its cold start (a new environment starts from
/// `initial`, or warms up again). Environments that score different partitions learn different
/// baselines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AdaptiveThreshold {
    /// Standard deviations above the running mean (default 2).
    #[cfg_attr(feature = "schema", schemars(extend("exclusiveMinimum" = 0.0)))]
    pub k: f64,
    /// Scores after which a past score's weight halves (default 4,000).
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub half_life: u32,
    /// Scores averaged into the one compared, the current included (default 3; 1 compares each
    /// score on its own).
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 1000)))]
    pub window: u32,
    /// The smallest standard deviation, as a share of the running mean (default 0.2): on a
    /// flat stretch the scores barely vary, and without a floor any ripple would be an anomaly.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0)))]
    pub floor: f64,
    /// Scores after a flagged one that are not flagged (default 100).
    pub cooldown: u32,
    /// Scores seen before the first can be flagged, when there is no `initial` (default 100).
    pub warm_up: u32,
    /// The statistics to start from (mean and standard deviation of the model's training
    /// scores), so that a new execution environment flags from its first record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial: Option<ScoreStatistics>,
}

/// Where an adaptive threshold's statistics start.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScoreStatistics {
    /// The mean score.
    pub mean: f64,
    /// The scores' standard deviation.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0)))]
    pub stddev: f64,
}

impl Default for AdaptiveThreshold {
    fn default() -> Self {
        Self {
            k: 2.0,
            half_life: 4_000,
            window: 3,
            floor: 0.2,
            cooldown: 100,
            warm_up: 100,
            initial: None,
        }
    }
}

/// The largest `window` an adaptive threshold takes: the scores it averages are kept.
pub const MAX_ADAPTIVE_WINDOW: u32 = 1_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_kinds_read_and_write_their_documented_form() {
        let adaptive: Threshold = serde_json::from_str(
            r#"{"kind": "adaptive", "k": 2.5, "initial": {"mean": 1.0, "stddev": 0.25}}"#,
        )
        .unwrap();
        let Threshold::Adaptive(a) = &adaptive else {
            panic!("{adaptive:?}")
        };
        assert_eq!((a.k, a.cooldown), (2.5, 100));
        assert_eq!(
            serde_json::to_string(&adaptive).unwrap(),
            r#"{"kind":"adaptive","k":2.5,"half_life":4000,"window":3,"floor":0.2,"cooldown":100,"warm_up":100,"initial":{"mean":1.0,"stddev":0.25}}"#
        );
        for bad in [
            r#"{"kind": "adaptive", "bogus": 1}"#,
            r#"{"kind": "fixed", "value": 1, "bogus": 1}"#,
            r#"{"kind": "adaptive", "initial": {"mean": 1}}"#,
        ] {
            assert!(serde_json::from_str::<Threshold>(bad).is_err(), "{bad}");
        }
    }
}
