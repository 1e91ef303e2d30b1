//! Features: which numbers a record yields, and how its value is read.
//!
//! ```
//! use contract::{Derive, FeatureSpec};
//! let spec: FeatureSpec = serde_json::from_str(
//!     r#"{"name":"bytes","path":"body_bytes_sent","default":0,"derive":"log"}"#,
//! ).unwrap();
//! assert_eq!(spec.field_path(), "body_bytes_sent");
//! assert_eq!(spec.derive, Some(Derive::Log));
//! ```

use serde::{Deserialize, Serialize};

use crate::derive::Derive;
use crate::unit::DurationUnit;

/// One feature: a number taken from a field of the record. In JSON records the field is a
/// dot-separated path; in text formats it names a preset's field, a logfmt key or a regex
/// group. A field may hold a number, a numeric string, a boolean (1 or 0), or a duration with
/// a unit (`18ms`, converted to the feature's `unit`); `-`, an empty text value or JSON null
/// mean missing. The feature's number may be derived from the field (`log`, `indicator`,
/// `class`, `map`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FeatureSpec {
    /// The feature's name, used in logs and results.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub name: String,
    /// The field it reads: a dot-separated path into a JSON record (`http.latency_ms`), or a
    /// text format's field, key or group name; defaults to `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[^.]+(\.[^.]+)*$")))]
    pub path: Option<String>,
    /// The feature's value when the field is missing, null or `-`; without one, such a record
    /// is bad.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<f64>,
    /// The unit that durations written with a unit (`18ms`, `1.5s`) convert to; default `ms`.
    /// Bare numbers are taken as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<DurationUnit>,
    /// A number derived from the field: `log`, `class`, `{indicator: A}` or
    /// `{map: {CATEGORY: NUMBER, ...}, other: NUMBER}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derive: Option<Derive>,
}

impl FeatureSpec {
    /// A feature read from the top-level field `name`, with no default.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            path: None,
            default: None,
            unit: None,
            derive: None,
        }
    }

    /// The field path, `name` when no path is set.
    pub fn field_path(&self) -> &str {
        self.path.as_deref().unwrap_or(&self.name)
    }

    /// The unit durations convert to (milliseconds unless set).
    pub fn duration_unit(&self) -> DurationUnit {
        self.unit.unwrap_or_default()
    }
}
