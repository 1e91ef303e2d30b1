//! Why an event could not be decoded at all.

/// Why an event could not be decoded at all (as opposed to one bad record in it, which is a
/// [`BadReason`](crate::reason::BadReason)).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EventError(pub String);
