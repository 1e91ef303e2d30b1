//! The scorer behind `anomaly-function serve-zscore`: a streaming z-score, NOT Random Cut
//! Forest. It exists so the local pipeline runs without AWS; its scores only resemble RCF's in
//! that larger means more unusual.
//!
//! A row's score is its largest absolute z-score over the features,
//! `max_j |x_j − mean_j| / sd_j`, against the mean and standard deviation of the rows seen so
//! far (Welford's running update). So that outliers do not hide later ones, only rows scoring
//! at most [`BASELINE_LIMIT`] join the baseline. The first [`DEFAULT_WARMUP`] rows only learn
//! and score 0. A standard deviation is taken as at least 1% of the mean's magnitude (and at
//! least 0.001), so a feature that was constant so far (an HTTP status) still gives a finite
//! score when it changes. With the seed's threshold of 3, an anomaly is a record more than
//! three standard deviations out on some feature.

/// Rows that only learn before rows are scored.
pub const DEFAULT_WARMUP: u64 = 30;

/// Rows scoring above this do not join the baseline.
pub const BASELINE_LIMIT: f64 = 3.0;

/// Why a body cannot be scored (the endpoint answers it as a model error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    /// A row has a different number of features than the rows before it.
    #[error("row {row} has {got} features; earlier rows had {expected}")]
    Width {
        /// The row's index in the body.
        row: usize,
        /// Its width.
        got: usize,
        /// The width seen before.
        expected: usize,
    },
    /// A feature is not a finite number.
    #[error("row {row} feature {feature} is not a finite number")]
    NotFinite {
        /// The row's index in the body.
        row: usize,
        /// The feature's index.
        feature: usize,
    },
}

/// Running statistics of one feature.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Running {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Running {
    fn push(&mut self, x: f64) {
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    fn sd(&self) -> f64 {
        let var = if self.n > 1 {
            self.m2 / (self.n - 1) as f64
        } else {
            0.0
        };
        var.sqrt().max(self.mean.abs() * 0.01).max(0.001)
    }
}

/// The scorer's state: one baseline per feature.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ZScorer {
    features: Vec<Running>,
    seen: u64,
    warmup: u64,
}

impl ZScorer {
    /// A scorer that learns from the first `warmup` rows before scoring.
    pub fn new(warmup: u64) -> Self {
        Self {
            features: Vec::new(),
            seen: 0,
            warmup,
        }
    }

    /// Scores `rows` in order (each row also updates the baseline, as described above).
    /// Checks every row first, so a refused body changes nothing.
    pub fn score(&mut self, rows: &[Vec<f64>]) -> Result<Vec<f64>, ScoreError> {
        let expected = match self.features.len() {
            0 => rows.first().map_or(0, Vec::len),
            n => n,
        };
        for (row, values) in rows.iter().enumerate() {
            if values.len() != expected {
                return Err(ScoreError::Width {
                    row,
                    got: values.len(),
                    expected,
                });
            }
            if let Some(feature) = values.iter().position(|x| !x.is_finite()) {
                return Err(ScoreError::NotFinite { row, feature });
            }
        }
        if self.features.is_empty() {
            self.features = vec![Running::default(); expected];
        }
        Ok(rows.iter().map(|row| self.score_row(row)).collect())
    }

    fn score_row(&mut self, row: &[f64]) -> f64 {
        let learning = self.seen < self.warmup;
        self.seen += 1;
        let score = if learning {
            0.0
        } else {
            self.features
                .iter()
                .zip(row)
                .map(|(f, x)| (x - f.mean).abs() / f.sd())
                .fold(0.0, f64::max)
        };
        if learning || score <= BASELINE_LIMIT {
            for (f, x) in self.features.iter_mut().zip(row) {
                f.push(*x);
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warmup_rows_score_zero_then_outliers_score_high() {
        let mut z = ZScorer::new(4);
        let normal: Vec<Vec<f64>> = [100.0, 110.0, 90.0, 105.0, 95.0]
            .iter()
            .map(|&x| vec![x, 200.0])
            .collect();
        let scores = z.score(&normal).unwrap();
        assert_eq!(&scores[..4], &[0.0; 4]);
        assert!(scores[4] < 1.0, "{scores:?}");
        let s = z
            .score(&[vec![1_000.0, 200.0], vec![100.0, 500.0], vec![101.0, 200.0]])
            .unwrap();
        // mean 100, sd ≈ 7.9: 1000 is ~114 sd out; status 500 against a constant 200
        // (sd floored at 2) is 150 out; 101 is ordinary.
        assert!(s[0] > 100.0, "{s:?}");
        assert!((s[1] - 150.0).abs() < 1e-9, "{s:?}");
        assert!(s[2] < 1.0, "{s:?}");
    }

    #[test]
    fn outliers_do_not_move_the_baseline() {
        let mut z = ZScorer::new(0);
        z.score(&[vec![10.0], vec![12.0], vec![11.0]]).unwrap();
        let before = z.clone();
        z.score(&[vec![1e6]]).unwrap();
        assert_eq!(z.features, before.features);
    }

    #[test]
    fn bad_bodies_are_refused_whole() {
        let mut z = ZScorer::new(0);
        z.score(&[vec![1.0, 2.0]]).unwrap();
        let before = z.clone();
        assert_eq!(
            z.score(&[vec![1.0, 2.0], vec![1.0]]),
            Err(ScoreError::Width {
                row: 1,
                got: 1,
                expected: 2
            })
        );
        assert_eq!(
            z.score(&[vec![f64::NAN, 2.0]]),
            Err(ScoreError::NotFinite { row: 0, feature: 0 })
        );
        assert_eq!(z, before);
    }
}
