//! The forest's parameters and their checks.

use serde::{Deserialize, Serialize};

use super::RcfError;

/// The most trees a forest may have (SageMaker RCF's `num_trees` maximum).
pub const MAX_TREES: usize = 1000;
/// The largest sample per tree (SageMaker RCF's `num_samples_per_tree` maximum).
pub const MAX_SAMPLE_SIZE: usize = 2048;
/// The widest point a tree may hold, features × shingle size (SageMaker RCF's `feature_dim`
/// maximum).
pub const MAX_WIDTH: usize = 10_000;

/// How a [`Forest`](super::Forest) is built.
///
/// ```
/// use detect::rcf::ForestParams;
///
/// let params = ForestParams { shingle_size: 8, ..ForestParams::default() };
/// assert_eq!((params.trees, params.sample_size, params.seed), (100, 256, 42));
/// assert!(params.validate().is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForestParams {
    /// Number of trees, 1–1000; default 100 (SageMaker's `num_trees` default; SageMaker
    /// itself requires at least 50, smaller forests are allowed here for quick experiments).
    pub trees: usize,
    /// Points sampled per tree, 1–2048; default 256 (SageMaker's `num_samples_per_tree`
    /// default).
    pub sample_size: usize,
    /// Consecutive input points joined into one tree point, ≥ 1; default 1 (no shingling).
    /// Trees hold points `features × shingle_size` wide, at most 10,000.
    pub shingle_size: usize,
    /// The seed every random choice derives from; default 42.
    pub seed: u64,
}

impl Default for ForestParams {
    fn default() -> ForestParams {
        ForestParams {
            trees: 100,
            sample_size: 256,
            shingle_size: 1,
            seed: 42,
        }
    }
}

impl ForestParams {
    /// Checks the parameters on their own (the point width is checked by
    /// [`Forest::new`](super::Forest::new), which knows the feature count).
    pub fn validate(&self) -> Result<(), RcfError> {
        if !(1..=MAX_TREES).contains(&self.trees) {
            return Err(RcfError::BadParam {
                name: "trees",
                value: self.trees.to_string(),
                fix: format!("use 1 to {MAX_TREES} trees (100 is the default)"),
            });
        }
        if !(1..=MAX_SAMPLE_SIZE).contains(&self.sample_size) {
            return Err(RcfError::BadParam {
                name: "sample_size",
                value: self.sample_size.to_string(),
                fix: format!("use 1 to {MAX_SAMPLE_SIZE} points per tree (256 is the default)"),
            });
        }
        if !(1..=MAX_WIDTH).contains(&self.shingle_size) {
            return Err(RcfError::BadParam {
                name: "shingle_size",
                value: self.shingle_size.to_string(),
                fix: "use 1 (no shingling) or the number of consecutive points to join".into(),
            });
        }
        Ok(())
    }

    /// Checks the parameters for points of `dimensions` features.
    pub(crate) fn validate_for(&self, dimensions: usize) -> Result<(), RcfError> {
        self.validate()?;
        if dimensions == 0 || dimensions.saturating_mul(self.shingle_size) > MAX_WIDTH {
            return Err(RcfError::BadParam {
                name: "dimensions",
                value: format!("{dimensions} × shingle size {}", self.shingle_size),
                fix: format!("use 1 or more features, at most {MAX_WIDTH} values per tree point"),
            });
        }
        Ok(())
    }

    /// The number of points the forest learns before it scores (see
    /// [`Forest::score`](super::Forest::score)): a quarter of the sample size, at least 1.
    pub fn warm_up(&self) -> u64 {
        (self.sample_size as u64 / 4).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_params_name_the_field() {
        for (params, field) in [
            (
                ForestParams {
                    trees: 0,
                    ..ForestParams::default()
                },
                "trees",
            ),
            (
                ForestParams {
                    trees: 1001,
                    ..ForestParams::default()
                },
                "trees",
            ),
            (
                ForestParams {
                    sample_size: 0,
                    ..ForestParams::default()
                },
                "sample_size",
            ),
            (
                ForestParams {
                    sample_size: 4096,
                    ..ForestParams::default()
                },
                "sample_size",
            ),
            (
                ForestParams {
                    shingle_size: 0,
                    ..ForestParams::default()
                },
                "shingle_size",
            ),
        ] {
            match params.validate() {
                Err(RcfError::BadParam { name, .. }) => assert_eq!(name, field),
                other => panic!("{params:?}: {other:?}"),
            }
        }
        assert!(ForestParams::default().validate().is_ok());
        let wide = ForestParams {
            shingle_size: 100,
            ..ForestParams::default()
        };
        assert!(matches!(
            wide.validate_for(101),
            Err(RcfError::BadParam {
                name: "dimensions",
                ..
            })
        ));
        assert!(wide.validate_for(100).is_ok());
        assert!(wide.validate_for(0).is_err());
    }
}
