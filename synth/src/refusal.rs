//! Why `synth` refuses a file it was given (`--code-zip`, `--model`) or what it found in
//! one: the file cannot be read at all, or it breaks a rule, reported as a [`Diagnostic`]
//! with the rule's id (`error[E1002]: …`) like every problem of a stack.

use std::fmt;

use constructs::rules::Rule;
use constructs::{Diagnostic, Severity};

/// One reason to refuse a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The file cannot be read (missing, no permission): no rule applies.
    Unreadable(String),
    /// The file breaks a rule.
    Broken(Box<Diagnostic>),
}

impl Refusal {
    /// An error under `rule` about `property` of the thing `construct` `path` names (a flag
    /// and its file, or a function of the template by logical id).
    pub fn broken(
        rule: &'static Rule,
        (construct, path): (&str, &str),
        property: &str,
        value: Option<String>,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Refusal::Broken(Box::new(Diagnostic {
            rule,
            severity: Severity::Error,
            construct: construct.to_owned(),
            path: path.to_owned(),
            property: property.to_owned(),
            value,
            problem: problem.into(),
            fix: fix.into(),
        }))
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Unreadable(message) => write!(f, "error: {message}"),
            Refusal::Broken(diagnostic) => write!(f, "{diagnostic}"),
        }
    }
}

/// Every refusal, one after the other, as `synth` prints them.
pub fn render(refusals: &[Refusal]) -> String {
    refusals.iter().map(|r| format!("{r}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_file_prints_its_rule_id_and_an_unreadable_one_none() {
        let broken = Refusal::broken(
            &constructs::rules::package::PACKAGE_NOT_ZIP,
            ("--code-zip", "dist/x.zip"),
            "archive",
            None,
            "is not a zip archive (no end of central directory)",
            "rebuild it",
        );
        let unreadable = Refusal::Unreadable("cannot read --code-zip dist/x.zip: gone".into());
        assert_eq!(
            render(&[broken, unreadable]),
            "error[E1001]: --code-zip `dist/x.zip`: archive: is not a zip archive (no end of central directory)\n  fix: rebuild it\nerror: cannot read --code-zip dist/x.zip: gone\n"
        );
    }
}
