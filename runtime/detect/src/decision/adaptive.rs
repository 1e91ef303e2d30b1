//! The adaptive threshold's state: running statistics of the scores and the flag logic (see
//! [`AdaptiveThreshold`] for what it decides).

use std::collections::VecDeque;

use contract::AdaptiveThreshold;

/// An adaptive threshold as it streams: its settings, the running mean and variance of the
/// scores it learnt (exponentially weighted, West 1979's incremental form), the last
/// `window` scores, and the cooldown.
///
/// ```
/// use contract::AdaptiveThreshold;
/// use detect::decision::AdaptiveState;
///
/// let mut state = AdaptiveState::new(&AdaptiveThreshold { warm_up: 10, ..Default::default() });
/// let mut flags = Vec::new();
/// for i in 0..300 {
///     let score = if i == 200 { 9.0 } else { 1.0 + 0.1 * f64::from(i % 3) };
///     flags.push(state.observe(score));
/// }
/// let flagged: Vec<usize> = (0..300).filter(|&i| flags[i]).collect();
/// assert_eq!(flagged, [200]);
/// ```
#[derive(Debug, Clone)]
pub struct AdaptiveState {
    settings: AdaptiveThreshold,
    /// The weight of a score one step older.
    decay: f64,
    /// Total weight of the learnt scores.
    weight: f64,
    mean: f64,
    /// Weighted sum of squared deviations (variance × weight).
    spread: f64,
    /// Scores learnt, capped at `warm_up`.
    learnt: u64,
    /// The last `window` scores and their sum.
    recent: VecDeque<f64>,
    recent_sum: f64,
    /// Scores still to pass before the next can be flagged.
    quiet: u64,
}

impl AdaptiveState {
    /// A fresh state: the statistics from `settings.initial` (as if `warm_up` scores with that
    /// mean and deviation had been seen), else none, to warm up.
    pub fn new(settings: &AdaptiveThreshold) -> AdaptiveState {
        let half_life = f64::from(settings.half_life.max(1));
        let mut state = AdaptiveState {
            settings: settings.clone(),
            decay: (-std::f64::consts::LN_2 / half_life).exp(),
            weight: 0.0,
            mean: 0.0,
            spread: 0.0,
            learnt: 0,
            recent: VecDeque::with_capacity(settings.window.max(1) as usize + 1),
            recent_sum: 0.0,
            quiet: 0,
        };
        if let Some(initial) = settings.initial {
            let w = f64::from(settings.warm_up.max(1));
            state.weight = w;
            state.mean = initial.mean;
            state.spread = initial.stddev * initial.stddev * w;
            state.learnt = u64::from(settings.warm_up);
        }
        state
    }

    /// The threshold the mean of the last `window` scores must pass now: `mean + k ·
    /// max(stddev, floor · mean)` of the learnt scores; `None` while warming up.
    pub fn level(&self) -> Option<f64> {
        if self.weight <= 0.0 || self.learnt < u64::from(self.settings.warm_up) {
            return None;
        }
        let stddev = (self.spread / self.weight).max(0.0).sqrt();
        let stddev = stddev.max(self.settings.floor * self.mean);
        Some(self.mean + self.settings.k * stddev)
    }

    /// Takes the next score; returns whether it is an anomaly. A flagged score is not learnt.
    pub fn observe(&mut self, score: f64) -> bool {
        if !score.is_finite() {
            return false;
        }
        self.recent.push_back(score);
        self.recent_sum += score;
        if self.recent.len() > self.settings.window.max(1) as usize {
            if let Some(old) = self.recent.pop_front() {
                self.recent_sum -= old;
            }
        }
        let short = self.recent_sum / self.recent.len() as f64;
        let flagged = self.quiet == 0 && self.level().is_some_and(|level| short > level);
        if flagged {
            self.quiet = u64::from(self.settings.cooldown);
        } else {
            self.quiet = self.quiet.saturating_sub(1);
            self.learn(score);
        }
        flagged
    }

    fn learn(&mut self, score: f64) {
        self.weight = self.weight * self.decay + 1.0;
        let delta = score - self.mean;
        self.mean += delta / self.weight;
        self.spread = self.spread * self.decay + delta * (score - self.mean);
        if self.learnt < u64::from(self.settings.warm_up) {
            self.learnt += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::ScoreStatistics;

    fn noisy(i: u32) -> f64 {
        1.0 + 0.05 * f64::from((i * 7919) % 13) / 13.0
    }

    #[test]
    fn warms_up_then_flags_once_per_cooldown() {
        let settings = AdaptiveThreshold {
            window: 1,
            cooldown: 5,
            ..AdaptiveThreshold::default()
        };
        let mut s = AdaptiveState::new(&settings);
        // A spike during the warm-up is not flagged.
        assert!(!s.observe(50.0));
        for i in 0..200 {
            assert!(!s.observe(noisy(i)), "{i}");
        }
        assert!(s.level().is_some());
        // A burst: flagged at its start, then quiet for the cooldown, then flagged again.
        let flags: Vec<bool> = (0..8).map(|_| s.observe(20.0)).collect();
        assert_eq!(
            flags,
            [true, false, false, false, false, false, true, false]
        );
    }

    #[test]
    fn matches_the_batch_statistics() {
        // With no decay to speak of, the running statistics are the plain mean and variance
        // (k large enough that nothing is flagged, so every score is learnt).
        let settings = AdaptiveThreshold {
            half_life: u32::MAX,
            warm_up: 3,
            k: 10.0,
            floor: 0.0,
            window: 1,
            ..AdaptiveThreshold::default()
        };
        let mut s = AdaptiveState::new(&settings);
        for x in [1.0, 2.0, 3.0, 4.0] {
            s.observe(x);
        }
        // mean 2.5, population stddev sqrt(1.25).
        let level = s.level().unwrap();
        assert!(
            (level - (2.5 + 10.0 * 1.25f64.sqrt())).abs() < 1e-6,
            "{level}"
        );
    }

    #[test]
    fn initial_statistics_skip_the_warm_up_and_the_floor_holds_on_flat_scores() {
        let settings = AdaptiveThreshold {
            initial: Some(ScoreStatistics {
                mean: 1.0,
                stddev: 0.0,
            }),
            window: 1,
            ..AdaptiveThreshold::default()
        };
        let mut s = AdaptiveState::new(&settings);
        // stddev 0, floor 0.2: the level is 1 + 2 · 0.2 = 1.4.
        assert!((s.level().unwrap() - 1.4).abs() < 1e-12);
        assert!(!s.observe(1.3));
        assert!(s.observe(1.5));
        assert!(!s.observe(f64::NAN));
    }
}
