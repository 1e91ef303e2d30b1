//! The anomaly decision: a score strictly above the threshold is an anomaly.

use contract::Threshold;

/// Decides which scores are anomalies.
///
/// ```
/// use contract::Threshold;
/// use detect::decision::Decision;
/// let fixed = Decision::new(&Threshold::Fixed { value: 3.0 });
/// assert!(!fixed.is_anomaly(3.0));
/// assert!(fixed.is_anomaly(3.01));
/// let sigma = Decision::new(&Threshold::Sigma { mean: 1.0, stddev: 0.5, k: 3.0 });
/// assert_eq!(sigma.threshold(), 2.5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    threshold: f64,
}

impl Decision {
    /// The decision for a contract threshold (fixed, or `mean + k·stddev`).
    pub fn new(threshold: &Threshold) -> Self {
        Self {
            threshold: threshold.value(),
        }
    }

    /// The score above which a record is an anomaly.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// True when `score` is strictly above the threshold.
    pub fn is_anomaly(&self, score: f64) -> bool {
        score > self.threshold
    }
}
