//! What the handler scores rows with: anything that answers request bodies (an
//! [`Endpoint`]), or a forest that scores rows directly, behind one [`ScoreBackend`] trait.

use std::future::Future;

use super::embedded::EmbeddedScorer;
use super::sagemaker::SageMakerEndpoint;
use super::{Endpoint, Scores, ScoringOptions, encode_all, score};
use crate::deadline::Deadline;
use crate::error::Error;

/// Scores a table of feature rows (`width` numbers each, flat), one result per row.
pub trait ScoreBackend: Send + Sync {
    /// Scores every row. An error fails the invocation (the mapping retries the batch);
    /// rows the model refuses are `Err` entries of [`Scores::rows`] instead.
    fn score_rows(
        &self,
        rows: &[f64],
        width: usize,
        options: &ScoringOptions,
        deadline: Deadline,
    ) -> impl Future<Output = Result<Scores, Error>> + Send;
}

/// An endpoint scores the request bodies [`encode_all`] makes of the rows.
impl<E: Endpoint> ScoreBackend for E {
    async fn score_rows(
        &self,
        rows: &[f64],
        width: usize,
        options: &ScoringOptions,
        deadline: Deadline,
    ) -> Result<Scores, Error> {
        let chunks = encode_all(rows, width, options);
        score(self, rows, width, chunks, options, deadline).await
    }
}

/// The scorer a configuration names, chosen at cold start.
#[derive(Debug)]
pub enum Backend {
    /// A SageMaker endpoint.
    SageMaker(SageMakerEndpoint),
    /// A forest inside the function (boxed: it is much larger than an endpoint handle).
    Embedded(Box<EmbeddedScorer>),
}

impl ScoreBackend for Backend {
    async fn score_rows(
        &self,
        rows: &[f64],
        width: usize,
        options: &ScoringOptions,
        deadline: Deadline,
    ) -> Result<Scores, Error> {
        match self {
            Backend::SageMaker(endpoint) => {
                endpoint.score_rows(rows, width, options, deadline).await
            }
            Backend::Embedded(forest) => forest.score_rows(rows, width, options, deadline).await,
        }
    }
}
