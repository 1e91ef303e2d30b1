//! One problem cfn-lint found, and how serious it is.

use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;

/// How serious a finding is, as cfn-lint grades it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Level {
    /// Advice (`I` rules).
    Informational,
    /// A likely mistake (`W` rules); it fails a lint as an error does.
    Warning,
    /// A template CloudFormation would reject (`E` rules).
    Error,
}

impl Level {
    /// Whether a finding of this level fails the lint: errors and warnings do.
    pub fn fails(self) -> bool {
        self >= Level::Warning
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Informational => "informational",
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// One problem cfn-lint found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's id, e.g. `E3002`.
    pub rule: String,
    /// How serious it is.
    pub level: Level,
    /// cfn-lint's message.
    pub message: String,
    /// The template file, when the finding is about one.
    pub file: Option<PathBuf>,
    /// Where in the file it starts (1-based).
    pub line: u64,
    /// The column it starts at (1-based).
    pub column: u64,
    /// The path to the offending node, e.g. `["Resources", "Queue", "Properties"]`; empty
    /// when cfn-lint gives none.
    pub path: Vec<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}:", file.display())?;
        }
        write!(
            f,
            "{}:{}: {} {}: {}",
            self.line, self.column, self.level, self.rule, self.message
        )?;
        if !self.path.is_empty() {
            write!(f, " (at {})", self.path.join("/"))?;
        }
        Ok(())
    }
}
