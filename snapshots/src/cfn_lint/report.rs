//! What one cfn-lint run found.

use std::fmt;

use super::{Error, Finding};

/// What one cfn-lint run found: every finding, whatever its level, and what cfn-lint printed on
/// stderr (nothing, on a healthy run).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every finding, in cfn-lint's order.
    pub findings: Vec<Finding>,
    /// cfn-lint's stderr.
    pub stderr: String,
}

impl Report {
    /// The findings that fail the lint: errors and warnings.
    pub fn failures(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.level.fails())
    }

    /// No errors and no warnings (informational findings may remain).
    pub fn is_clean(&self) -> bool {
        self.failures().next().is_none()
    }

    /// No findings at all, not even informational ones, and nothing on stderr.
    pub fn is_silent(&self) -> bool {
        self.findings.is_empty() && self.stderr.trim().is_empty()
    }

    /// This report when it [is clean](Report::is_clean), else [`Error::Findings`].
    pub fn require_clean(self) -> Result<Self, Error> {
        if self.is_clean() {
            Ok(self)
        } else {
            Err(Error::Findings { report: self })
        }
    }

    /// This report when it [is silent](Report::is_silent), else [`Error::Findings`].
    pub fn require_silent(self) -> Result<Self, Error> {
        if self.is_silent() {
            Ok(self)
        } else {
            Err(Error::Findings { report: self })
        }
    }
}

/// One finding per line, then stderr when there was any.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            writeln!(f, "{finding}")?;
        }
        if !self.stderr.trim().is_empty() {
            writeln!(f, "stderr:\n{}", self.stderr.trim_end())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn_lint::Level;

    fn finding(level: Level) -> Finding {
        Finding {
            rule: "X0000".to_owned(),
            level,
            message: "m".to_owned(),
            file: None,
            line: 1,
            column: 1,
            path: Vec::new(),
        }
    }

    #[test]
    fn require_clean_refuses_errors_and_warnings_and_require_silent_anything() {
        let advice = Report {
            findings: vec![finding(Level::Informational)],
            stderr: String::new(),
        };
        assert!(advice.clone().require_clean().is_ok());
        let refused = advice.require_silent().unwrap_err();
        assert!(
            refused.to_string().contains("informational X0000"),
            "{refused}"
        );
        for level in [Level::Warning, Level::Error] {
            let report = Report {
                findings: vec![finding(level)],
                stderr: String::new(),
            };
            let refused = report.require_clean().unwrap_err();
            assert!(
                refused
                    .to_string()
                    .starts_with("cfn-lint found problems:\n1:1: "),
                "{refused}"
            );
        }
        let noisy = Report {
            findings: Vec::new(),
            stderr: "a traceback".to_owned(),
        };
        assert!(noisy.clone().require_clean().is_ok());
        assert!(noisy.require_silent().is_err());
    }
}
