//! NAB's scoring of one file's detections, and the normalised score.
//!
//! As NAB defines it:
//!
//! * The first 15 % of a file (at most 750 points) is the **probationary period**: detections
//!   there are ignored, and windows wholly inside it are not scored.
//! * Inside a window of `w` points ending at index `r`, a detection at `i` is worth
//!   `A_TP · σ(y) / σ(−1)` with `y = −(r − i + 1) / w` and the scaled sigmoid
//!   `σ(y) = 2 / (1 + e^{5y}) − 1` (−1 from `y ≥ 3` on): a detection at the window's first
//!   point earns `A_TP`, one at its end almost nothing. Only a window's best (its first)
//!   detection counts; a window without one costs `A_FN`.
//! * A detection outside every window costs `A_FP · σ(y)` (σ is negative there), with `y`
//!   its distance past the end of the preceding window over that window's width less one;
//!   before the first window `y = 3`, the full `A_FP`. So a detection just after a window is
//!   nearly free and a far one costs `A_FP`.
//! * The raw score is the sum. The null detector (no detections) scores `−A_FN` per window;
//!   the perfect one detects every window at its first scored point. The normalised score is
//!   `100 · (S − S_null) / (S_perfect − S_null)`, over a file or summed over a corpus.

use std::ops::RangeInclusive;

use crate::series::probation_len;

/// A NAB application profile's weights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Profile {
    /// A_TP, the reward for detecting a window.
    pub tp: f64,
    /// A_FP, the cost of a false positive.
    pub fp: f64,
    /// A_FN, the cost of a missed window.
    pub fn_: f64,
    /// A_TN (NAB lists it; true negatives add nothing to the score).
    pub tn: f64,
}

/// NAB's standard profile.
pub const STANDARD: Profile = Profile {
    tp: 1.0,
    fp: 0.11,
    fn_: 1.0,
    tn: 1.0,
};

/// NAB's profile for applications where false positives cost more: twice the standard A_FP.
pub const REWARD_LOW_FP_RATE: Profile = Profile {
    fp: 0.22,
    ..STANDARD
};

/// NAB's profile for applications where misses cost more: twice the standard A_FN.
pub const REWARD_LOW_FN_RATE: Profile = Profile {
    fn_: 2.0,
    ..STANDARD
};

/// NAB's application profiles (NAB's `config/profiles.json`), by name.
///
/// ```
/// use detect::nab::score::{NabProfile, STANDARD};
///
/// assert_eq!(NabProfile::Standard.weights(), STANDARD);
/// assert_eq!(NabProfile::RewardLowFpRate.nab_name(), "reward_low_FP_rate");
/// assert_eq!(NabProfile::RewardLowFnRate.weights().fn_, 2.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum NabProfile {
    /// A_TP 1, A_FP 0.11, A_FN 1.
    #[default]
    Standard,
    /// A_TP 1, A_FP 0.22, A_FN 1.
    RewardLowFpRate,
    /// A_TP 1, A_FP 0.11, A_FN 2.
    RewardLowFnRate,
}

impl NabProfile {
    /// The profile's weights.
    pub fn weights(self) -> Profile {
        match self {
            NabProfile::Standard => STANDARD,
            NabProfile::RewardLowFpRate => REWARD_LOW_FP_RATE,
            NabProfile::RewardLowFnRate => REWARD_LOW_FN_RATE,
        }
    }

    /// The profile's name in NAB's files (`config/thresholds.json`, results file names).
    pub fn nab_name(self) -> &'static str {
        match self {
            NabProfile::Standard => "standard",
            NabProfile::RewardLowFpRate => "reward_low_FP_rate",
            NabProfile::RewardLowFnRate => "reward_low_FN_rate",
        }
    }
}

/// NAB's scaled sigmoid: `2 / (1 + e^{5y}) − 1`, and −1 for `y ≥ 3`.
pub fn scaled_sigmoid(y: f64) -> f64 {
    if y >= 3.0 {
        -1.0
    } else {
        2.0 / (1.0 + (5.0 * y).exp()) - 1.0
    }
}

/// One file's (or a corpus's) NAB score.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FileScore {
    /// The detector's raw score.
    pub raw: f64,
    /// The null detector's.
    pub null: f64,
    /// The perfect detector's.
    pub perfect: f64,
    /// Scored windows.
    pub windows: usize,
    /// Windows detected.
    pub detected: usize,
    /// Scored detections outside every window.
    pub false_positives: usize,
}

impl FileScore {
    /// `100 · (raw − null) / (perfect − null)`; `None` without scored windows (the perfect
    /// and null detectors then tie).
    pub fn normalized(&self) -> Option<f64> {
        let span = self.perfect - self.null;
        (span > 0.0).then(|| 100.0 * (self.raw - self.null) / span)
    }

    /// Adds another file's score (a corpus score is the sum of its files').
    pub fn add(&mut self, other: &FileScore) {
        self.raw += other.raw;
        self.null += other.null;
        self.perfect += other.perfect;
        self.windows += other.windows;
        self.detected += other.detected;
        self.false_positives += other.false_positives;
    }
}

/// Scores one file: `detections[i]` says whether point `i` was flagged; `windows` are the
/// labelled windows as sorted, disjoint index ranges (see
/// [`to_indices`](super::windows::to_indices)).
pub fn score_file(
    detections: &[bool],
    windows: &[RangeInclusive<usize>],
    profile: &Profile,
) -> FileScore {
    let n = detections.len();
    let probation = probation_len(n);
    let max_tp = scaled_sigmoid(-1.0);
    let in_window_weight = |w: &RangeInclusive<usize>, i: usize| {
        let width = (w.end() - w.start() + 1) as f64;
        let y = -((w.end() - i + 1) as f64) / width;
        scaled_sigmoid(y) * profile.tp / max_tp
    };
    let mut score = FileScore::default();
    // Each scored window's best detection so far (−A_FN while it has none).
    let mut best: Vec<Option<f64>> = Vec::with_capacity(windows.len());
    for w in windows {
        if *w.end() >= probation && *w.end() < n {
            score.windows += 1;
            score.null -= profile.fn_;
            score.perfect += in_window_weight(w, (*w.start()).max(probation));
            best.push(Some(-profile.fn_));
        } else {
            best.push(None);
        }
    }
    let mut next = 0; // the first window not yet ended before the current point
    for (i, _) in detections.iter().enumerate().filter(|(_, d)| **d) {
        while next < windows.len() && *windows[next].end() < i {
            next += 1;
        }
        if i < probation {
            continue;
        }
        let inside = windows.get(next).filter(|w| w.contains(&i));
        match inside {
            Some(w) => {
                if let Some(b) = &mut best[next] {
                    *b = b.max(in_window_weight(w, i));
                }
            }
            None => {
                let y = match next.checked_sub(1).map(|p| &windows[p]) {
                    Some(prev) if prev.end() > prev.start() => {
                        (i - prev.end()) as f64 / (prev.end() - prev.start()) as f64
                    }
                    _ => 3.0,
                };
                score.raw += scaled_sigmoid(y) * profile.fp;
                score.false_positives += 1;
            }
        }
    }
    for b in best.into_iter().flatten() {
        score.raw += b;
        if b > -profile.fn_ {
            score.detected += 1;
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: usize = 1000; // probation: the first 150 points

    fn with(flags: &[usize]) -> Vec<bool> {
        let mut d = vec![false; N];
        for &i in flags {
            d[i] = true;
        }
        d
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn the_sigmoid_matches_nabs_published_points() {
        assert!(close(scaled_sigmoid(-1.0), 0.986_614_298_151_430_3));
        assert!((scaled_sigmoid(-0.5) - 0.848_28).abs() < 1e-5);
        assert!(close(scaled_sigmoid(0.0), 0.0));
        assert!(close(scaled_sigmoid(1.0), -0.986_614_298_151_430_3));
        assert_eq!(scaled_sigmoid(3.0), -1.0);
    }

    #[test]
    fn detections_in_misses_and_outside_windows() {
        let windows = [400..=499, 700..=799];
        // A detection at a window's first point earns A_TP; the other window's miss costs A_FN.
        let s = score_file(&with(&[400]), &windows, &STANDARD);
        assert!(close(s.raw, 1.0 - 1.0), "{s:?}");
        assert_eq!((s.windows, s.detected, s.false_positives), (2, 1, 0));
        // Only the first detection in a window counts; a later one does not add.
        let s = score_file(&with(&[400, 450, 700]), &windows, &STANDARD);
        assert!(close(s.raw, 2.0));
        // A late detection earns less.
        let late = score_file(&with(&[490, 700]), &windows, &STANDARD).raw;
        assert!(late > 1.2 && late < 1.3, "{late}");
        // Far false positive: −A_FP; before any window: −A_FP; right after a window: almost 0.
        let far = score_file(&with(&[400, 700, 999]), &windows, &STANDARD);
        assert!(close(
            far.raw,
            2.0 - 0.11 * 1.0 + 0.11 * (1.0 + scaled_sigmoid(200.0 / 99.0))
        ));
        let before = score_file(&with(&[200, 400, 700]), &windows, &STANDARD);
        assert!(close(before.raw, 2.0 - 0.11));
        assert_eq!(before.false_positives, 1);
        let after = score_file(&with(&[400, 500, 700]), &windows, &STANDARD);
        assert!(after.raw < 2.0 && after.raw > 2.0 - 0.01, "{}", after.raw);
        // Probationary detections are ignored.
        let s = score_file(&with(&[10, 149, 400, 700]), &windows, &STANDARD);
        assert!(close(s.raw, 2.0));
        assert_eq!(s.false_positives, 0);
    }

    #[test]
    fn perfect_is_100_and_null_is_0() {
        let windows = [400..=499, 700..=799];
        let perfect = score_file(&with(&[400, 700]), &windows, &STANDARD);
        assert!(close(perfect.normalized().unwrap(), 100.0));
        let null = score_file(&with(&[]), &windows, &STANDARD);
        assert!(close(null.raw, -2.0));
        assert!(close(null.normalized().unwrap(), 0.0));
        // A window partly in the probationary period is scored from its first scored point.
        let early = [100..=199];
        let s = score_file(&with(&[150]), &early, &STANDARD);
        assert!(close(s.normalized().unwrap(), 100.0));
        assert!(s.perfect < 1.0);
        // One wholly inside it is not scored at all; a file without windows has no
        // normalised score.
        let s = score_file(&with(&[50, 300]), &[10..=60], &STANDARD);
        assert_eq!((s.windows, s.normalized()), (0, None));
        assert!(close(s.raw, -0.11));
        let mut corpus = perfect;
        corpus.add(&null);
        assert!(close(corpus.normalized().unwrap(), 50.0));
    }
}
