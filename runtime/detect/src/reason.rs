//! Why a record is bad: the record-level problems that are reported, never retried.

use std::fmt;

/// What is wrong with one record. Displayed as the `reason` of a bad record.
#[derive(Debug, Clone, PartialEq)]
pub enum BadReason {
    /// The value is null: a tombstone carries nothing to score.
    Tombstone,
    /// The value is not valid base64.
    Base64,
    /// The decoded value is not UTF-8.
    NotUtf8 {
        /// Byte offset of the first invalid sequence.
        at: usize,
    },
    /// The value is not JSON.
    NotJson(String),
    /// The value is JSON but not an object.
    NotObject,
    /// A feature's field is absent or null and the feature has no default.
    Missing {
        /// The feature's name.
        feature: String,
        /// Its field path.
        path: String,
    },
    /// A feature's field holds something that is not a number.
    NotNumber {
        /// The feature's name.
        feature: String,
        /// What the field holds (`a string "abc"`, `an object`).
        found: String,
    },
    /// A feature's value is NaN or infinite.
    NonFinite {
        /// The feature's name.
        feature: String,
    },
    /// A JSON field's category is not in its feature's map, which has no `other`.
    NotInMap {
        /// The feature's name.
        feature: String,
        /// The category, quoted.
        found: String,
    },
    /// A text record does not fit its format: `logfmt: unterminated quote at byte 41`.
    Malformed {
        /// The record format (`combined`, `logfmt`, `regex`, …).
        format: &'static str,
        /// What is wrong, and where.
        problem: String,
    },
    /// A text record's field holds what its feature cannot read:
    /// `combined: status `abc` is not a number`.
    Field {
        /// The record format.
        format: &'static str,
        /// The field (a preset's field, a logfmt key, a regex group).
        field: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The model refused the record's row.
    ModelRejected(String),
}

impl fmt::Display for BadReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadReason::Tombstone => f.write_str("value is null (a tombstone): nothing to score"),
            BadReason::Base64 => f.write_str("value is not valid base64"),
            BadReason::NotUtf8 { at } => write!(f, "value is not UTF-8 (invalid byte at {at})"),
            BadReason::NotJson(e) => write!(f, "value is not JSON: {e}"),
            BadReason::NotObject => f.write_str("value is JSON but not an object"),
            BadReason::Missing { feature, path } => {
                write!(
                    f,
                    "feature `{feature}` is missing: field `{path}` is absent or null and the feature has no default"
                )
            }
            BadReason::NotNumber { feature, found } => {
                write!(f, "feature `{feature}` is not a number: found {found}")
            }
            BadReason::NonFinite { feature } => {
                write!(f, "feature `{feature}` is not a finite number")
            }
            BadReason::NotInMap { feature, found } => write!(
                f,
                "feature `{feature}`: {found} is not in its map, which has no `other`"
            ),
            BadReason::Malformed { format, problem } => write!(f, "{format}: {problem}"),
            BadReason::Field {
                format,
                field,
                problem,
            } => write!(f, "{format}: {field} {problem}"),
            BadReason::ModelRejected(m) => write!(f, "the model rejected the record: {m}"),
        }
    }
}
