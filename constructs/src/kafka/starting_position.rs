//! Where a new consumer group starts reading.

use crate::props::Prop;
use crate::value::Value;

/// Where the mapping starts reading a topic when its consumer group has no committed offsets
/// (with committed offsets, Kafka resumes from them and this setting is ignored). Required:
/// there is no default, because the wrong one either skips or replays the whole topic.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "Where a new consumer group starts.")]
#[serde(rename_all = "snake_case")]
pub enum StartingPosition {
    /// Only records written after the mapping is created (`LATEST`).
    Latest,
    /// The oldest record still in the topic (`TRIM_HORIZON`).
    TrimHorizon,
    /// The first record at or after this time, in Unix seconds (`AT_TIMESTAMP` with
    /// `StartingPositionTimestamp`).
    #[schemars(extend("examples" = [{"at_timestamp": 1_767_225_600}]))]
    AtTimestamp(Prop<i64>),
}

impl StartingPosition {
    /// [`StartingPosition::AtTimestamp`] at `unix_seconds` (a literal or a parameter).
    pub fn at_timestamp(unix_seconds: impl Into<Value>) -> Self {
        StartingPosition::AtTimestamp(Prop::new(unix_seconds))
    }

    /// The `StartingPosition` value CloudFormation expects.
    pub fn name(&self) -> &'static str {
        match self {
            StartingPosition::Latest => "LATEST",
            StartingPosition::TrimHorizon => "TRIM_HORIZON",
            StartingPosition::AtTimestamp(_) => "AT_TIMESTAMP",
        }
    }

    /// The `StartingPositionTimestamp`, for [`StartingPosition::AtTimestamp`].
    pub fn timestamp(&self) -> Option<&Value> {
        match self {
            StartingPosition::AtTimestamp(t) => Some(t),
            _ => None,
        }
    }
}
