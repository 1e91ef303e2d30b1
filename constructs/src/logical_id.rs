//! Logical ids: the names resources, parameters and outputs have inside a template.

use std::fmt;

use serde::{Serialize, Serializer};

/// The maximum length CloudFormation allows for a logical id.
pub const MAX_LOGICAL_ID_LEN: usize = 255;

/// A CloudFormation logical id: 1 to 255 ASCII letters and digits.
///
/// Logical ids are derived from construct paths (see [`crate::Scope::logical_id`]) and never
/// from mutable content such as topics or broker lists, so they stay stable across releases:
/// a changed logical id makes CloudFormation replace the live resource.
///
/// ```
/// use constructs::LogicalId;
/// assert!(LogicalId::new("DetectorRole").is_ok());
/// assert!(LogicalId::new("detector-role").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LogicalId(String);

/// Why a string is not a valid logical id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidLogicalId {
    /// The id is empty.
    #[error("a logical id cannot be empty")]
    Empty,
    /// The id is longer than CloudFormation allows.
    #[error("logical id `{0}` is longer than {MAX_LOGICAL_ID_LEN} characters")]
    TooLong(String),
    /// The id contains a character other than ASCII letters and digits.
    #[error("logical id `{0}` may contain only ASCII letters and digits")]
    BadCharacter(String),
}

impl LogicalId {
    /// Checks and wraps a logical id.
    pub fn new(id: impl Into<String>) -> Result<Self, InvalidLogicalId> {
        let id = id.into();
        if id.is_empty() {
            return Err(InvalidLogicalId::Empty);
        }
        if id.len() > MAX_LOGICAL_ID_LEN {
            return Err(InvalidLogicalId::TooLong(id));
        }
        if !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(InvalidLogicalId::BadCharacter(id));
        }
        Ok(Self(id))
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// This id followed by the ASCII letters and digits of `suffix` (cut at 255 characters):
    /// the id of something that belongs to this one, e.g. a role's policy `DetectorRolePolicy`.
    pub fn with_suffix(&self, suffix: &str) -> LogicalId {
        let mut id = self.0.clone();
        id.extend(suffix.chars().filter(char::is_ascii_alphanumeric));
        id.truncate(MAX_LOGICAL_ID_LEN);
        // A valid id (non-empty, ASCII alphanumerics) followed by ASCII alphanumerics, cut to
        // the maximum length, is valid.
        LogicalId::new(id).unwrap_or_else(|_| unreachable!("a valid id with a suffix is valid"))
    }

    /// Converts a construct id such as `app-logs` or `msk_iam` into its PascalCase logical-id
    /// fragment (`AppLogs`, `MskIam`): separators are dropped and the letter after each is
    /// upper-cased.
    pub fn pascal_fragment(id: &str) -> String {
        let mut out = String::with_capacity(id.len());
        let mut upper = true;
        for c in id.chars() {
            if c.is_ascii_alphanumeric() {
                if upper {
                    out.push(c.to_ascii_uppercase());
                } else {
                    out.push(c);
                }
                upper = false;
            } else {
                upper = true;
            }
        }
        out
    }
}

impl fmt::Display for LogicalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for LogicalId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl AsRef<str> for LogicalId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_fragments() {
        assert_eq!(LogicalId::pascal_fragment("app-logs"), "AppLogs");
        assert_eq!(LogicalId::pascal_fragment("msk_iam"), "MskIam");
        assert_eq!(LogicalId::pascal_fragment("Detector"), "Detector");
        assert_eq!(LogicalId::pascal_fragment("a--b"), "AB");
    }

    #[test]
    fn rejects_bad_ids() {
        assert_eq!(LogicalId::new(""), Err(InvalidLogicalId::Empty));
        assert!(matches!(
            LogicalId::new("a".repeat(256)),
            Err(InvalidLogicalId::TooLong(_))
        ));
        assert!(matches!(
            LogicalId::new("a-b"),
            Err(InvalidLogicalId::BadCharacter(_))
        ));
        assert!(LogicalId::new("a".repeat(255)).is_ok());
    }
}
