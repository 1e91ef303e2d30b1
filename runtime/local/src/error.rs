//! Why the local event source, the sample producer or the local scorer stopped.

/// A handler's error, as the poller keeps it (the handler's own type, boxed).
pub type HandlerFailure = Box<dyn std::error::Error + Send + Sync>;

/// What ends a local run early. Offsets are committed only after a batch succeeds, so none of
/// these loses a record: whatever was not committed is delivered again on the next start.
#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    /// The broker could not be used (unreachable, unknown topic, refused request).
    #[error("Kafka: {0}")]
    Kafka(String),
    /// Offsets could not be committed after a batch succeeded; its records will be
    /// delivered again.
    #[error(
        "committing offsets {offsets} failed: {message}; these records will be delivered again \
         on the next start"
    )]
    Commit {
        /// The offsets, `<topic>-<partition>@<offset>, …`.
        offsets: String,
        /// What the broker or client said.
        message: String,
    },
    /// The handler failed in a way a retry cannot fix (an invalid configuration or event).
    #[error("{0}")]
    Handler(#[source] HandlerFailure),
    /// Stopped (Ctrl-C) while a batch was failing; its offsets were not committed.
    #[error(
        "stopped while a batch of {records} records was failing ({error}); nothing was \
         committed for it, so it will be delivered again on the next start"
    )]
    StoppedWithFailedBatch {
        /// Records in the batch.
        records: usize,
        /// The last attempt's error.
        error: HandlerFailure,
    },
    /// Interrupted a second time while a batch was being handled; its offsets were not
    /// committed.
    #[error(
        "interrupted while handling a batch of {records} records; nothing was committed for \
         it, so it will be delivered again on the next start"
    )]
    Interrupted {
        /// Records in the batch.
        records: usize,
    },
    /// A record could not be written into the event (serde_json refused it).
    #[error("cannot write {topic}-{partition}@{offset} into the event: {message}")]
    Record {
        /// The record's topic.
        topic: String,
        /// Its partition.
        partition: i32,
        /// Its offset.
        offset: i64,
        /// What serde_json said.
        message: String,
    },
    /// Writing a result line, reading a file or serving a socket failed.
    #[error("{0}")]
    Io(String),
}

impl LocalError {
    /// The process's exit status for this error: 2 when the handler refused a batch in a way
    /// no retry fixes (its configuration or the event is at fault), 130 after an interrupt, 1
    /// otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            LocalError::Handler(_) => 2,
            LocalError::Interrupted { .. } => 130,
            _ => 1,
        }
    }
}

impl From<rdkafka::error::KafkaError> for LocalError {
    fn from(e: rdkafka::error::KafkaError) -> Self {
        LocalError::Kafka(e.to_string())
    }
}
