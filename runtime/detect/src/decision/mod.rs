//! The anomaly decision: which scores are anomalies, for a contract threshold.
//!
//! A fixed or sigma threshold is one number: a score strictly above it is an anomaly. An
//! adaptive threshold ([`AdaptiveState`]) is state that follows the scores in the order they
//! are decided, so a [`Decision`] keeps it behind a lock and decides a batch's scores in
//! record order. In the Lambda function that state lives as long as the execution environment:
//! each warm environment learns from the records it scores and starts again at a cold start.

mod adaptive;

use std::sync::Mutex;

use contract::Threshold;

pub use adaptive::AdaptiveState;

/// Decides which scores are anomalies.
///
/// ```
/// use contract::Threshold;
/// use detect::decision::Decision;
/// let fixed = Decision::new(&Threshold::Fixed { value: 3.0 });
/// assert_eq!(fixed.decide(&[Some(3.0), None, Some(3.01)]), [false, false, true]);
/// let sigma = Decision::new(&Threshold::Sigma { mean: 1.0, stddev: 0.5, k: 3.0 });
/// assert_eq!(sigma.level(), Some(2.5));
/// ```
#[derive(Debug)]
pub struct Decision {
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// A score strictly above this value.
    Level(f64),
    /// An adaptive threshold, decided in order.
    Adaptive(Mutex<AdaptiveState>),
}

impl Decision {
    /// The decision for a contract threshold.
    pub fn new(threshold: &Threshold) -> Self {
        let kind = match threshold {
            Threshold::Adaptive(settings) => {
                Kind::Adaptive(Mutex::new(AdaptiveState::new(settings)))
            }
            fixed => Kind::Level(fixed.value().unwrap_or(f64::INFINITY)),
        };
        Self { kind }
    }

    /// The score above which a record is an anomaly now: the fixed level, or the adaptive
    /// threshold's current level (`None` while it warms up).
    pub fn level(&self) -> Option<f64> {
        match &self.kind {
            Kind::Level(level) => Some(*level),
            Kind::Adaptive(state) => match state.lock() {
                Ok(state) => state.level(),
                Err(poisoned) => poisoned.into_inner().level(),
            },
        }
    }

    /// Decides a batch of scores in order (`None`: a record that has no score, which the
    /// decision skips); returns whether each is an anomaly. An adaptive threshold learns from
    /// the batch as it goes.
    pub fn decide(&self, scores: &[Option<f64>]) -> Vec<bool> {
        match &self.kind {
            Kind::Level(level) => scores
                .iter()
                .map(|s| s.is_some_and(|s| s > *level))
                .collect(),
            Kind::Adaptive(state) => {
                // A panic elsewhere while the lock was held cannot leave the statistics
                // half-updated (each update is a few assignments of plain numbers): go on.
                let mut state = match state.lock() {
                    Ok(state) => state,
                    Err(poisoned) => poisoned.into_inner(),
                };
                scores
                    .iter()
                    .map(|s| s.is_some_and(|s| state.observe(s)))
                    .collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::AdaptiveThreshold;

    #[test]
    fn an_adaptive_decision_keeps_its_state_across_batches() {
        let decision = Decision::new(&Threshold::Adaptive(AdaptiveThreshold {
            warm_up: 10,
            window: 1,
            ..AdaptiveThreshold::default()
        }));
        assert_eq!(decision.level(), None);
        let ordinary: Vec<Option<f64>> = (0..50)
            .map(|i| Some(1.0 + 0.01 * f64::from(i % 5)))
            .collect();
        assert!(decision.decide(&ordinary).iter().all(|a| !a));
        let level = decision.level().unwrap();
        assert!(level > 1.0 && level < 1.5, "{level}");
        assert_eq!(
            decision.decide(&[Some(5.0), None, Some(5.0)]),
            [true, false, false]
        );
    }
}
