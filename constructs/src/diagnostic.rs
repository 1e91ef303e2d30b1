//! Validation problems: what was wrong, where, with which value, and how to fix it.

use std::fmt;

use crate::rules::Rule;
pub use crate::rules::Severity;

/// One problem found while synthesizing: the construct, the property, the bad value, what is
/// wrong with it and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The rule broken; its id is printed with the message (`error[E0104]`).
    pub rule: &'static Rule,
    /// Error or warning.
    pub severity: Severity,
    /// The construct's kind, e.g. `KafkaSource`.
    pub construct: String,
    /// The construct's path in the stack, e.g. `AppLogs`.
    pub path: String,
    /// The property at fault, as the builder method or config key names it, e.g. `batch_size`.
    pub property: String,
    /// The offending value as the user gave it, when there is one.
    pub value: Option<String>,
    /// What is wrong.
    pub problem: String,
    /// What to do about it.
    pub fix: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{level}[{}]: {} `{}`: {}",
            self.rule.id, self.construct, self.path, self.property
        )?;
        if let Some(value) = &self.value {
            write!(f, " = {value}")?;
        }
        write!(f, ": {}\n  fix: {}", self.problem, self.fix)
    }
}

/// Every error found in one synthesis run, reported together, plus the warnings seen on the way.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SynthErrors {
    /// The errors; never empty.
    pub errors: Vec<Diagnostic>,
    /// Warnings found in the same run.
    pub warnings: Vec<Diagnostic>,
}

impl fmt::Display for SynthErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        writeln!(
            f,
            "synthesis failed with {n} error{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for diagnostic in self.errors.iter().chain(&self.warnings) {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics for one construct so that every problem is reported at once.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Moves all diagnostics out of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when at least one error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All recorded diagnostics in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Splits into (errors, warnings), each de-duplicated and in the order found.
    pub fn split(self) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let mut seen = std::collections::HashSet::new();
        let (errors, warnings): (Vec<_>, Vec<_>) = self
            .items
            .into_iter()
            .filter(|d| seen.insert(d.clone()))
            .partition(|d| d.severity == Severity::Error);
        (errors, warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_construct_property_value_and_fix() {
        let d = Diagnostic {
            rule: &crate::rules::contract::NO_FEATURES,
            severity: Severity::Error,
            construct: "KafkaSource".into(),
            path: "AppLogs".into(),
            property: "batch_size".into(),
            value: Some("20000".into()),
            problem: "must be between 1 and 10000".into(),
            fix: "lower batch_size to 10000 or less".into(),
        };
        assert_eq!(
            d.to_string(),
            "error[E0802]: KafkaSource `AppLogs`: batch_size = 20000: must be between 1 and 10000\n  fix: lower batch_size to 10000 or less"
        );
    }
}
