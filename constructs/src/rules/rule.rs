//! One rule: a stable id and everything `synth explain` prints about it.

use std::fmt;

/// How serious a rule's [`Diagnostic`](crate::Diagnostic)s are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Synthesis fails.
    Error,
    /// Printed, but synthesis goes on: something the stack cannot see for itself (a route
    /// outside the stack, say) may make the deployed pipeline fail.
    Warning,
}

/// A check synthesis runs, with its stable id (`E0104`, `W0201`) and its documentation.
///
/// An id never changes meaning once published: a rule that goes away leaves its id unused,
/// and a new check gets a new id. `E` ids fail synthesis; `W` ids are warnings.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rule {
    /// The stable id: `E` or `W`, then four digits (the first two name the area, see
    /// [`super::AREAS`]).
    pub id: &'static str,
    /// One line: what is wrong when the rule fires.
    pub title: &'static str,
    /// What the rule checks, and why (the limit's source).
    pub checks: &'static str,
    /// A stack-file fragment that breaks the rule.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
    /// The AWS (or other primary) documentation the rule is taken from.
    pub docs: &'static str,
}

impl Rule {
    /// Error or warning, from the id's first letter.
    pub fn severity(&self) -> Severity {
        if self.id.starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// The full explanation, as `synth explain ID` prints it.
    pub fn explain(&self) -> String {
        let level = match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let example = self
            .example
            .lines()
            .map(|line| format!("    {line}"))
            .collect::<Vec<_>>()
            .join("\n");
        format!(
            "{level}[{}]: {}\n\n{}\n\nFor example:\n\n{example}\n\nFix: {}\n\nSee: {}\n",
            self.id, self.title, self.checks, self.fix, self.docs
        )
    }
}

impl fmt::Debug for Rule {
    // Only the id: diagnostics print their rule in test failures, and the whole text would
    // drown the rest.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rule({})", self.id)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

/// Declares an area's rules as constants and lists them in the area's `RULES`.
///
/// ```ignore
/// rules! {
///     /// KafkaSource `batch_size` out of range.
///     BATCH_SIZE = "E0104" => {
///         title: "…", checks: "…", example: "…", fix: "…", docs: "https://…",
///     }
/// }
/// ```
macro_rules! rules {
    ($(
        $(#[$meta:meta])*
        $name:ident = $id:expr => {
            title: $title:expr,
            checks: $checks:expr,
            example: $example:expr,
            fix: $fix:expr,
            docs: $docs:expr $(,)?
        }
    )*) => {
        $(
            $(#[$meta])*
            pub const $name: $crate::rules::Rule = $crate::rules::Rule {
                id: $id,
                title: $title,
                checks: $checks,
                example: $example,
                fix: $fix,
                docs: $docs,
            };
        )*
        /// Every rule of this area, in id order.
        pub const RULES: &[&$crate::rules::Rule] = &[$(&$name),*];
    };
}
pub(crate) use rules;
