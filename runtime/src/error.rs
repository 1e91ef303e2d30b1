//! The errors that fail an invocation. Record-level problems are not errors: they are
//! [bad records](crate::result::BadRecord), reported in the result.

use std::ops::Range;

use contract::ContractError;

/// Why an invocation (or the cold start) failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The configuration breaks the contract; the function cannot start.
    #[error("the function's configuration is invalid:\n{}", list(.0))]
    Config(Vec<ContractError>),
    /// The payload is not a Kafka event; retrying cannot help.
    #[error("{0}")]
    InvalidEvent(String),
    /// An endpoint call failed in a way a retry of the batch may fix (throttling, 5xx,
    /// timeouts, access, a missing endpoint).
    #[error("scoring rows {}..{} on endpoint `{endpoint}` failed: {message}", rows.start, rows.end)]
    Scoring {
        /// The endpoint's name.
        endpoint: String,
        /// The rows of the failed call.
        rows: Range<usize>,
        /// What went wrong.
        message: String,
    },
    /// The endpoint answered with something other than one score per row.
    #[error("endpoint `{endpoint}` answered rows {}..{} with an unusable response: {problem}", rows.start, rows.end)]
    BadResponse {
        /// The endpoint's name.
        endpoint: String,
        /// The rows of the call.
        rows: Range<usize>,
        /// What is wrong with the response.
        problem: String,
    },
    /// A sink (DynamoDB, SNS, SQS) could not take what it was given.
    #[error("{sink} failed: {message}")]
    Sink {
        /// Which sink and resource (`DynamoDB table anomalies`).
        sink: String,
        /// What went wrong.
        message: String,
    },
}

fn list(errors: &[ContractError]) -> String {
    errors
        .iter()
        .map(|e| format!("  - {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// True when failing the invocation and letting the event source mapping retry the batch
    /// may succeed; false for an invalid configuration or event.
    pub fn is_retryable(&self) -> bool {
        !matches!(self, Error::Config(_) | Error::InvalidEvent(_))
    }

    /// The exit status of a command outside Lambda (`invoke`, `local`) that failed with this
    /// error: 1 when a retry may succeed, 2 for an invalid configuration, event or argument.
    pub fn exit_code(&self) -> u8 {
        if self.is_retryable() { 1 } else { 2 }
    }

    /// A short name for the error kind (the Lambda error type).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Config(_) => "InvalidConfiguration",
            Error::InvalidEvent(_) => "InvalidEvent",
            Error::Scoring { .. } => "ScoringFailed",
            Error::BadResponse { .. } => "BadScoringResponse",
            Error::Sink { .. } => "SinkFailed",
        }
    }
}

impl From<detect::event::EventError> for Error {
    /// An event that cannot be decoded is invalid: retrying cannot help.
    fn from(e: detect::event::EventError) -> Self {
        Error::InvalidEvent(e.0)
    }
}
