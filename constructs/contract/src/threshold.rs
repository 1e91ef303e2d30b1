//! When a score counts as an anomaly.

use serde::{Deserialize, Serialize};

/// When a score counts as an anomaly: strictly above the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Threshold {
    /// A fixed score.
    Fixed {
        /// The threshold.
        value: f64,
    },
    /// `mean + k·stddev` of the scores seen on training data (AWS's rule uses k = 3).
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
}

impl Threshold {
    /// The score above which a record is an anomaly.
    pub fn value(&self) -> f64 {
        match self {
            Threshold::Fixed { value } => *value,
            Threshold::Sigma { mean, stddev, k } => mean + k * stddev,
        }
    }
}
