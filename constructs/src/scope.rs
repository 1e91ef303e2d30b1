//! Construct paths and the logical ids derived from them.

use std::fmt;

use crate::logical_id::{LogicalId, MAX_LOGICAL_ID_LEN};

/// Where a construct sits in the stack: its id and the ids of the constructs above it.
///
/// Logical ids are derived from the path alone, so they stay stable when props change.
///
/// ```
/// use constructs::Scope;
/// let scope = Scope::root("network").child("subnet-a");
/// assert_eq!(scope.path(), "network/subnet-a");
/// assert_eq!(scope.logical_id("Subnet").as_str(), "NetworkSubnetASubnet");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope {
    path: Vec<String>,
}

impl Scope {
    /// A top-level construct scope.
    pub fn root(id: impl Into<String>) -> Self {
        Self {
            path: vec![id.into()],
        }
    }

    /// A scope nested under this one.
    pub fn child(&self, id: impl Into<String>) -> Self {
        let mut path = self.path.clone();
        path.push(id.into());
        Self { path }
    }

    /// The construct's own id (the last path element).
    pub fn id(&self) -> &str {
        self.path.last().map(String::as_str).unwrap_or_default()
    }

    /// The path joined with `/`, as shown in messages.
    pub fn path(&self) -> String {
        self.path.join("/")
    }

    /// The logical id of a resource this construct owns: the PascalCase path followed by
    /// `suffix` (an ASCII alphanumeric resource role such as `Role` or `Function`).
    pub fn logical_id(&self, suffix: &str) -> LogicalId {
        let mut id: String = self
            .path
            .iter()
            .map(|p| LogicalId::pascal_fragment(p))
            .collect();
        id.extend(suffix.chars().filter(char::is_ascii_alphanumeric));
        if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
            id.insert(0, 'C');
        }
        id.truncate(MAX_LOGICAL_ID_LEN);
        // The id is non-empty, at most 255 characters and made only of ASCII alphanumerics
        // (pascal_fragment and the filter above keep nothing else), so it is always valid.
        LogicalId::new(id).unwrap_or_else(|_| unreachable!("derived logical ids are valid"))
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path())
    }
}

/// What messages call a stack or construct named `name`: the name itself, or, when it has no
/// visible character (empty, or only spaces and controls), the name quoted with its escapes,
/// so that a message never names nothing.
pub(crate) fn visible_name(name: &str) -> String {
    if name.chars().any(|c| !c.is_whitespace() && !c.is_control()) {
        name.to_owned()
    } else {
        format!("{name:?}")
    }
}

/// Checks a construct id: 1 to 64 characters, ASCII letters, digits, `-` and `_`, starting with
/// a letter. Returns the reason when it is not valid.
pub fn check_construct_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("a construct id cannot be empty".into());
    }
    if id.chars().count() > 64 {
        return Err(format!(
            "is {} characters long; construct ids have at most 64",
            id.chars().count()
        ));
    }
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err("must start with an ASCII letter".into());
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "contains {c:?}; construct ids use ASCII letters, digits, `-` and `_`"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logical_ids_from_paths() {
        assert_eq!(
            Scope::root("Detector").logical_id("Role").as_str(),
            "DetectorRole"
        );
        assert_eq!(
            Scope::root("app-logs").logical_id("Mapping").as_str(),
            "AppLogsMapping"
        );
    }

    #[test]
    fn construct_ids() {
        assert!(check_construct_id("app-logs_1").is_ok());
        assert!(check_construct_id("").is_err());
        assert!(check_construct_id("1abc").is_err());
        assert!(check_construct_id("a b").is_err());
        assert!(check_construct_id(&"a".repeat(65)).is_err());
    }
}
