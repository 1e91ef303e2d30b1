//! The embedded scorer: a Random Cut Forest loaded from a model file at cold start, scoring
//! rows directly (no request bodies, no network). With `learn`, it learns every row after
//! scoring it, under a lock; each warm container learns on its own.

use std::sync::Mutex;
use std::time::Instant;

use contract::{ContractError, ContractRule, FeatureSpec};

use super::backend::ScoreBackend;
use super::{Scores, ScoringOptions};
use crate::deadline::Deadline;
use crate::error::Error;
use detect::rcf::{Forest, Model, RcfError};

/// The forest, fixed or learning.
#[derive(Debug)]
enum ForestCell {
    /// Scores only: shared without a lock.
    Fixed(Forest),
    /// Scores, then learns each row: one batch at a time.
    Learning(Mutex<Forest>),
}

/// A forest that scores feature rows inside the function.
///
/// ```
/// use contract::FeatureSpec;
/// use detect::rcf::{ForestParams, train};
/// use runtime::scoring::embedded::EmbeddedScorer;
///
/// let rows: Vec<f64> = (0..400).map(|i| f64::from(i % 5)).collect();
/// let params = ForestParams { trees: 20, sample_size: 64, ..ForestParams::default() };
/// let model = train(&rows, 1, vec!["latency".into()], params).unwrap();
/// let scorer = EmbeddedScorer::new(model, &[FeatureSpec::new("latency")], false, "model.json").unwrap();
/// let scores = scorer.score_all(&[2.0, 50.0], 1);
/// assert!(scores[1].as_ref().unwrap() > scores[0].as_ref().unwrap());
/// ```
#[derive(Debug)]
pub struct EmbeddedScorer {
    forest: ForestCell,
    /// The forest's row width (read here once: the learning forest is behind a lock).
    dimensions: usize,
    /// Where the model came from, for messages.
    source: String,
}

impl EmbeddedScorer {
    /// A scorer for `model`, whose features must be `features` in the same order (the cold
    /// start's check); `source` names the model file in messages.
    pub fn new(
        model: Model,
        features: &[FeatureSpec],
        learn: bool,
        source: impl Into<String>,
    ) -> Result<Self, Error> {
        let source = source.into();
        let expected: Vec<&str> = features.iter().map(|f| f.name.as_str()).collect();
        if model.features != expected {
            return Err(Error::Config(vec![ContractError {
                rule: ContractRule::ModelFeatures,
                field: "scorer.model".into(),
                problem: format!(
                    "the model {source} was trained on features [{}], but the function extracts [{}]",
                    model.features.join(", "),
                    expected.join(", ")
                ),
                fix: "train the model on the function's features, in the same order (synth train --config or --features), or change the function's features to the model's".into(),
            }]));
        }
        let mut forest = model.forest;
        forest.set_threads(detect::cpus::threads());
        let dimensions = forest.dimensions();
        let forest = if learn {
            ForestCell::Learning(Mutex::new(forest))
        } else {
            ForestCell::Fixed(forest)
        };
        Ok(Self {
            forest,
            dimensions,
            source,
        })
    }

    /// Reads a model file's bytes (see [`new`](Self::new)).
    pub fn from_bytes(
        bytes: &[u8],
        features: &[FeatureSpec],
        learn: bool,
        source: impl Into<String>,
    ) -> Result<Self, Error> {
        let source = source.into();
        let model = Model::from_bytes(bytes).map_err(|e| {
            Error::Config(vec![ContractError {
                rule: ContractRule::ModelUnreadable,
                field: "scorer.model".into(),
                problem: format!("{source} is not a usable model file: {e}"),
                fix: "point the scorer at a model file written by `synth train`".into(),
            }])
        })?;
        Self::new(model, features, learn, source)
    }

    /// Where the model came from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// True when the forest learns the rows it scores.
    pub fn is_learning(&self) -> bool {
        matches!(self.forest, ForestCell::Learning(_))
    }

    /// One score per row of `rows` (`width` numbers each), in order; a row the forest cannot
    /// take (wrong width, a non-finite value) gets the reason instead.
    pub fn score_all(&self, rows: &[f64], width: usize) -> Vec<Result<f64, String>> {
        if width == 0 {
            return Vec::new();
        }
        let whole = &rows[..rows.len() / width * width];
        let rows = whole.chunks_exact(width);
        if width != self.dimensions {
            // Rows of another width: each gets the forest's reason (the forest would read
            // the batch in rows of its own width).
            let reason = RcfError::Dimension {
                expected: self.dimensions,
                got: width,
            }
            .to_string();
            return rows.map(|_| Err(reason.clone())).collect();
        }
        // The whole batch at once, tree group by tree group, shared out among the CPUs the
        // function has: the scores of scoring (or learning) row by row.
        match &self.forest {
            ForestCell::Fixed(forest) => forest
                .try_score_rows(whole)
                .into_iter()
                .map(|r| r.map_err(|e| e.to_string()))
                .collect(),
            ForestCell::Learning(cell) => {
                match cell.lock() {
                    Ok(mut forest) => forest
                        .try_score_then_update_rows(whole)
                        .into_iter()
                        .map(|r| r.map_err(|e| e.to_string()))
                        .collect(),
                    // A panic (a bug) while learning may have left a tree half-updated: its
                    // scores cannot be trusted, so every row is reported rather than scored
                    // until the execution environment restarts.
                    Err(_) => rows
                        .map(|_| {
                            Err(format!(
                                "the learning forest of {} was left unusable by an earlier panic",
                                self.source
                            ))
                        })
                        .collect(),
                }
            }
        }
    }
}

impl ScoreBackend for EmbeddedScorer {
    /// Scores in the calling task, no I/O (10,000 rows of 3 features with 100 trees, from
    /// `cargo bench -p detect --bench rcf` on the build machine: scoring only, 0.08 s on one
    /// thread and 0.06 s on two; learning, 0.14 s and 0.08 s). Never fails (there is nothing a
    /// retry could fix); makes no endpoint calls.
    async fn score_rows(
        &self,
        rows: &[f64],
        width: usize,
        _options: &ScoringOptions,
        _deadline: Deadline,
    ) -> Result<Scores, Error> {
        let started = Instant::now();
        let rows = self.score_all(rows, width);
        Ok(Scores {
            rows,
            calls: 0,
            latency: started.elapsed(),
        })
    }
}

#[cfg(test)]
mod tests {
    // A panic here is a failed test with its message.
    #![allow(clippy::unwrap_used)]

    use detect::rcf::{ForestParams, train};

    use super::*;

    fn scorer(learn: bool) -> EmbeddedScorer {
        let rows: Vec<f64> = (0..600).map(|i| f64::from(i % 7)).collect();
        let params = ForestParams {
            trees: 12,
            sample_size: 32,
            ..ForestParams::default()
        };
        let model = train(&rows, 2, vec!["a".into(), "b".into()], params).unwrap();
        let features = [FeatureSpec::new("a"), FeatureSpec::new("b")];
        EmbeddedScorer::new(model, &features, learn, "model.json").unwrap()
    }

    #[test]
    fn rows_of_another_width_each_get_the_reason_and_a_bad_row_only_its_own() {
        for learn in [false, true] {
            let s = scorer(learn);
            let wrong = s.score_all(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], 3);
            assert_eq!(wrong.len(), 2, "learn {learn}");
            for r in &wrong {
                let e = r.as_ref().unwrap_err();
                assert!(e.contains("3 values") && e.contains("expects 2"), "{e}");
            }
            let scored = s.score_all(&[1.0, 2.0, f64::NAN, 1.0, 3.0, 4.0], 2);
            assert!(scored[0].is_ok() && scored[2].is_ok(), "learn {learn}");
            assert!(
                scored[1].as_ref().unwrap_err().contains("NaN"),
                "{scored:?}"
            );
        }
    }
}
