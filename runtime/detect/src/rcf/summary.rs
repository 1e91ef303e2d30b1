//! The distribution of a set of scores, for choosing thresholds.

use serde::{Deserialize, Serialize};

/// The quantile levels a [`ScoreSummary`] records.
pub const QUANTILES: [f64; 6] = [0.5, 0.9, 0.95, 0.99, 0.995, 0.999];

/// Count, mean, standard deviation, quantiles and maximum of some scores.
///
/// ```
/// use detect::rcf::ScoreSummary;
///
/// let scores: Vec<f64> = (1..=1000).map(f64::from).collect();
/// let s = ScoreSummary::from_scores(&scores);
/// assert_eq!((s.count, s.mean, s.max), (1000, 500.5, 1000.0));
/// assert_eq!(s.quantile(0.5), Some(500.5));
/// assert_eq!(s.quantile(0.7), None);
/// ```
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ScoreSummary {
    /// How many scores (non-finite ones are left out).
    pub count: u64,
    /// Their mean (0 when there are none).
    pub mean: f64,
    /// Their population standard deviation (0 when there are none).
    pub stddev: f64,
    /// `(q, score)` for each level in [`QUANTILES`], linearly interpolated between the
    /// sorted scores (position `q · (count − 1)`); empty when there are no scores.
    pub quantiles: Vec<(f64, f64)>,
    /// The largest score (0 when there are none).
    pub max: f64,
}

impl ScoreSummary {
    /// Summarises `scores`, leaving out any that are not finite.
    pub fn from_scores(scores: &[f64]) -> ScoreSummary {
        let mut sorted: Vec<f64> = scores.iter().copied().filter(|s| s.is_finite()).collect();
        sorted.sort_unstable_by(f64::total_cmp);
        let Some(&max) = sorted.last() else {
            return ScoreSummary {
                count: 0,
                mean: 0.0,
                stddev: 0.0,
                quantiles: Vec::new(),
                max: 0.0,
            };
        };
        let n = sorted.len() as f64;
        let mean = sorted.iter().sum::<f64>() / n;
        let variance = sorted.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n;
        let quantiles = QUANTILES
            .iter()
            .map(|&q| (q, quantile_of_sorted(&sorted, q).unwrap_or(max)))
            .collect();
        ScoreSummary {
            count: sorted.len() as u64,
            mean,
            stddev: variance.sqrt(),
            quantiles,
            max,
        }
    }

    /// The recorded score at quantile `q` (one of [`QUANTILES`]), or `None` for a level that
    /// is not recorded or when there were no scores.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        self.quantiles
            .iter()
            .find(|(level, _)| (level - q).abs() < 1e-9)
            .map(|&(_, score)| score)
    }

    /// `mean + k · stddev` (AWS's rule for RCF thresholds uses k = 3).
    pub fn mean_plus_sigma(&self, k: f64) -> f64 {
        self.mean + k * self.stddev
    }
}

/// The `q` quantile (clamped to 0..=1) of ascending `sorted` values, interpolated linearly
/// between neighbours at position `q · (n − 1)`, as [`ScoreSummary`] records its quantiles;
/// `None` when there are no values.
///
/// ```
/// use detect::rcf::quantile_of_sorted;
///
/// assert_eq!(quantile_of_sorted(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
/// assert_eq!(quantile_of_sorted(&[], 0.5), None);
/// ```
pub fn quantile_of_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let pos = q.clamp(0.0, 1.0) * last as f64;
    let lo = (pos.floor() as usize).min(last);
    let hi = (lo + 1).min(last);
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_known_scores() {
        let s = ScoreSummary::from_scores(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0, f64::NAN]);
        assert_eq!(s.count, 8);
        assert_eq!(s.mean, 5.0);
        assert_eq!(s.stddev, 2.0);
        assert_eq!(s.max, 9.0);
        assert_eq!(s.quantile(0.5), Some(4.5));
        assert_eq!(s.mean_plus_sigma(3.0), 11.0);
        assert_eq!(s.quantiles.len(), QUANTILES.len());
        let empty = ScoreSummary::from_scores(&[]);
        assert_eq!((empty.count, empty.quantile(0.5)), (0, None));
        let one = ScoreSummary::from_scores(&[3.0]);
        assert_eq!(one.quantile(0.999), Some(3.0));
    }
}
