//! Features: which numbers a record yields, and how its value is read.

use serde::{Deserialize, Serialize};

/// How a record's value is decoded before features are extracted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordFormat {
    /// Each record value is one UTF-8 JSON object (a structured log line).
    #[default]
    JsonLines,
}

/// One feature: a number taken from a field of the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FeatureSpec {
    /// The feature's name, used in logs and results.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub name: String,
    /// A dot-separated field path into the JSON record (`http.latency_ms`); defaults to `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[^.]+(\.[^.]+)*$")))]
    pub path: Option<String>,
    /// The value used when the field is missing or null; without one, such a record is bad.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<f64>,
}

impl FeatureSpec {
    /// A feature read from the top-level field `name`, with no default.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            path: None,
            default: None,
        }
    }

    /// The field path, `name` when no path is set.
    pub fn field_path(&self) -> &str {
        self.path.as_deref().unwrap_or(&self.name)
    }
}
