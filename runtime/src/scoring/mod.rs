//! Scoring: feature rows to scores through an endpoint, in as few calls as the body limit
//! allows, with rows the model rejects narrowed down to the rows themselves; or inside the
//! function with an [`embedded`] forest. [`backend::ScoreBackend`] is what the handler
//! calls either way.

pub mod backend;
pub mod embedded;
pub mod request;
pub mod response;
pub mod sagemaker;

use std::collections::VecDeque;
use std::future::Future;
use std::ops::Range;
use std::time::{Duration, Instant};

use contract::ContentType;

use crate::deadline::Deadline;
use crate::error::Error;
use request::Chunk;

/// Extra calls allowed per invocation to find the rows inside a rejected chunk. One bad row
/// in a 10,000-row chunk takes about 28; past the budget, a rejected chunk's rows are all
/// reported as rejected.
pub const MAX_NARROWING_CALLS: usize = 200;

/// What one call to an endpoint can end in, besides a body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvokeError {
    /// The model refused the input (its container answered 4xx): the rows are at fault.
    #[error("rejected: {0}")]
    Rejected(String),
    /// Anything else (throttling, 5xx, timeouts, access): retrying the batch may succeed.
    #[error("{0}")]
    Failed(String),
}

/// Something that scores request bodies: a SageMaker endpoint, or a stand-in.
pub trait Endpoint: Send + Sync {
    /// The endpoint's name, for errors and logs.
    fn name(&self) -> &str;

    /// Sends one body and returns the response body.
    fn invoke(
        &self,
        body: Vec<u8>,
        content_type: ContentType,
        deadline: Deadline,
    ) -> impl Future<Output = Result<Vec<u8>, InvokeError>> + Send;
}

/// How rows are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoringOptions {
    /// Request body format.
    pub content_type: ContentType,
    /// Largest body per call ([`request::MAX_BODY_BYTES`] in production).
    pub max_body_bytes: usize,
    /// Extra calls allowed for narrowing ([`MAX_NARROWING_CALLS`] in production).
    pub max_narrowing_calls: usize,
}

impl ScoringOptions {
    /// The production options for a content type.
    pub fn new(content_type: ContentType) -> Self {
        Self {
            content_type,
            max_body_bytes: request::MAX_BODY_BYTES,
            max_narrowing_calls: MAX_NARROWING_CALLS,
        }
    }
}

/// The scores of a row table.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// One entry per row: its score, or why the model rejected it.
    pub rows: Vec<Result<f64, String>>,
    /// `InvokeEndpoint` calls made (narrowing included, SDK retries not).
    pub calls: usize,
    /// Time spent in calls.
    pub latency: Duration,
}

/// Encodes the whole row table (see [`request::encode`]).
pub fn encode_all(rows: &[f64], width: usize, options: &ScoringOptions) -> Vec<Chunk> {
    let count = rows.len().checked_div(width).unwrap_or(0);
    request::encode(
        rows,
        width,
        0..count,
        options.content_type,
        options.max_body_bytes,
    )
}

/// Scores every row of `chunks` (made by [`encode_all`] from `rows`). A chunk the model
/// rejects is split in halves until the rejected rows are found; any other failure, a
/// malformed response or a wrong score count fails the whole call with a retryable error.
pub async fn score<E: Endpoint>(
    endpoint: &E,
    rows: &[f64],
    width: usize,
    chunks: Vec<Chunk>,
    options: &ScoringOptions,
    deadline: Deadline,
) -> Result<Scores, Error> {
    let count = rows.len().checked_div(width).unwrap_or(0);
    let mut out: Vec<Option<Result<f64, String>>> = vec![None; count];
    let mut queue: VecDeque<Chunk> = chunks.into();
    let mut calls = 0;
    let mut narrowing = 0;
    let started = Instant::now();
    while let Some(chunk) = queue.pop_front() {
        calls += 1;
        let range = chunk.rows.clone();
        match endpoint
            .invoke(chunk.body, options.content_type, deadline)
            .await
        {
            Ok(body) => {
                let scores =
                    response::parse(&body, range.len()).map_err(|e| Error::BadResponse {
                        endpoint: endpoint.name().to_owned(),
                        rows: range.clone(),
                        problem: e.to_string(),
                    })?;
                for (slot, s) in out[range].iter_mut().zip(scores) {
                    *slot = Some(Ok(s));
                }
            }
            Err(InvokeError::Rejected(message)) => {
                if range.len() == 1 {
                    out[range.start] = Some(Err(message));
                } else if narrowing + 2 > options.max_narrowing_calls {
                    let why = format!(
                        "{message} (for its chunk of {} rows; narrowing stopped after {narrowing} calls)",
                        range.len()
                    );
                    for slot in &mut out[range] {
                        *slot = Some(Err(why.clone()));
                    }
                } else {
                    narrowing += 2;
                    let mid = range.start + range.len() / 2;
                    for half in [mid..range.end, range.start..mid] {
                        for c in split(rows, width, half, options).into_iter().rev() {
                            queue.push_front(c);
                        }
                    }
                }
            }
            Err(InvokeError::Failed(message)) => {
                return Err(Error::Scoring {
                    endpoint: endpoint.name().to_owned(),
                    rows: range,
                    message,
                });
            }
        }
    }
    // Every chunk's rows were filled or the loop returned early; a gap would be a bug in
    // the chunking, reported rather than panicked on.
    let rows = out
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            s.unwrap_or_else(|| {
                Err(format!(
                    "row {i} was not sent to the endpoint (internal error)"
                ))
            })
        })
        .collect();
    Ok(Scores {
        rows,
        calls,
        latency: started.elapsed(),
    })
}

fn split(rows: &[f64], width: usize, range: Range<usize>, options: &ScoringOptions) -> Vec<Chunk> {
    request::encode(
        rows,
        width,
        range,
        options.content_type,
        options.max_body_bytes,
    )
}
