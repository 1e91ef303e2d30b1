//! Reusable checks on construct properties. Every check records a [`Diagnostic`] instead of
//! returning early, so a construct reports all of its problems at once. Values that are
//! intrinsics are resolved at deploy time and pass every literal check.

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::rules::Rule;
use crate::scope::Scope;
use crate::value::Value;

mod arn;
mod choice;

pub use arn::Arn;
pub use choice::exactly_one;

/// Records problems for one construct.
pub struct Validator<'a> {
    diagnostics: &'a mut Diagnostics,
    construct: &'static str,
    path: String,
}

impl<'a> Validator<'a> {
    /// A validator for the construct of kind `construct` at `scope`.
    pub fn new(diagnostics: &'a mut Diagnostics, construct: &'static str, scope: &Scope) -> Self {
        Self {
            diagnostics,
            construct,
            path: scope.path(),
        }
    }

    fn record(
        &mut self,
        rule: &'static Rule,
        severity: Severity,
        property: &str,
        value: Option<String>,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.diagnostics.push(Diagnostic {
            rule,
            severity,
            construct: self.construct.to_owned(),
            path: self.path.clone(),
            property: property.to_owned(),
            value,
            problem: problem.into(),
            fix: fix.into(),
        });
    }

    /// Records an error on `property`, optionally quoting the bad value.
    pub fn error(
        &mut self,
        rule: &'static Rule,
        property: &str,
        value: Option<&Value>,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.record(
            rule,
            Severity::Error,
            property,
            value.map(Value::describe),
            problem,
            fix,
        );
    }

    /// Records a warning on `property`: synthesis goes on.
    pub fn warn(
        &mut self,
        rule: &'static Rule,
        property: &str,
        value: Option<&Value>,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.record(
            rule,
            Severity::Warning,
            property,
            value.map(Value::describe),
            problem,
            fix,
        );
    }

    /// Checks that a literal is a whole number in `min..=max`; `why` says where the limit comes
    /// from. Returns the number when it is a literal in range.
    pub fn int_range(
        &mut self,
        rule: &'static Rule,
        property: &str,
        value: &Value,
        min: i64,
        max: i64,
        why: &str,
    ) -> Option<i64> {
        match value {
            Value::Intrinsic(_) => None,
            Value::Int(i) if (min..=max).contains(i) => Some(*i),
            Value::Int(_) => {
                self.error(
                    rule,
                    property,
                    Some(value),
                    format!("must be between {min} and {max}: {why}"),
                    format!("set {property} to a whole number from {min} to {max}"),
                );
                None
            }
            _ => {
                self.error(
                    rule,
                    property,
                    Some(value),
                    "must be a whole number",
                    format!("set {property} to a whole number from {min} to {max}"),
                );
                None
            }
        }
    }

    /// Checks that a literal is a string whose length (in characters) is in `min..=max`.
    /// Returns the string when it is a literal (whatever its length).
    pub fn string_len<'v>(
        &mut self,
        rule: &'static Rule,
        property: &str,
        value: &'v Value,
        min: usize,
        max: usize,
        why: &str,
    ) -> Option<&'v str> {
        match value {
            Value::Intrinsic(_) => None,
            Value::String(s) => {
                let len = s.chars().count();
                if len < min || len > max {
                    let problem = if len < min && min == 1 {
                        format!("must not be empty: {why}")
                    } else {
                        format!("is {len} characters long; it must be {min} to {max}: {why}")
                    };
                    self.error(
                        rule,
                        property,
                        Some(value),
                        problem,
                        format!("give {property} {min} to {max} characters"),
                    );
                }
                Some(s)
            }
            _ => {
                self.error(
                    rule,
                    property,
                    Some(value),
                    "must be a string",
                    format!("give {property} as a string of {min} to {max} characters"),
                );
                None
            }
        }
    }

    /// Checks that every character of a literal string is `allowed`; `allowed_text` describes
    /// the allowed set for the message (e.g. "letters, digits and `-._`").
    pub fn chars(
        &mut self,
        rule: &'static Rule,
        property: &str,
        value: &Value,
        allowed: impl Fn(char) -> bool,
        allowed_text: &str,
    ) {
        if let Value::String(s) = value {
            let mut bad: Vec<char> = s.chars().filter(|c| !allowed(*c)).collect();
            bad.dedup();
            if !bad.is_empty() {
                let shown: Vec<String> = bad.iter().take(5).map(|c| format!("{c:?}")).collect();
                self.error(
                    rule,
                    property,
                    Some(value),
                    format!(
                        "contains {}; only {allowed_text} are allowed",
                        shown.join(", ")
                    ),
                    format!("remove those characters from {property}"),
                );
            }
        }
    }

    /// Checks that a literal is an ARN of `service` whose resource part starts with
    /// `resource_prefix` (e.g. `secret:`). `what` names the expected thing in messages.
    pub fn arn(
        &mut self,
        rule: &'static Rule,
        property: &str,
        value: &Value,
        service: &str,
        resource_prefix: &str,
        what: &str,
    ) {
        let Value::String(s) = value else {
            if !value.is_intrinsic() {
                self.error(
                    rule,
                    property,
                    Some(value),
                    format!("must be the ARN of {what}"),
                    format!("give {property} as a string such as arn:aws:{service}:REGION:ACCOUNT:{resource_prefix}…"),
                );
            }
            return;
        };
        if !Arn::parse(s).is_some_and(|arn| {
            arn.service == service
                && arn.resource.starts_with(resource_prefix)
                && arn.resource.len() > resource_prefix.len()
        }) {
            self.error(
                rule,
                property,
                Some(value),
                format!("is not the ARN of {what}"),
                format!(
                    "give the full ARN, arn:PARTITION:{service}:REGION:ACCOUNT:{resource_prefix}…"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    fn check(f: impl FnOnce(&mut Validator<'_>)) -> Vec<Diagnostic> {
        let mut d = Diagnostics::default();
        let scope = Scope::root("Thing");
        f(&mut Validator::new(&mut d, "Test", &scope));
        d.iter().cloned().collect()
    }

    #[test]
    fn int_range_skips_intrinsics_and_flags_literals() {
        assert!(
            check(|v| {
                v.int_range(&rules::function::MEMORY, "n", &Value::region(), 1, 2, "why");
            })
            .is_empty()
        );
        let d = check(|v| {
            v.int_range(&rules::function::MEMORY, "n", &Value::from(3), 1, 2, "why");
        });
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].value.as_deref(), Some("3"));
        assert!(d[0].problem.contains("between 1 and 2"));
        assert_eq!(
            check(|v| {
                v.int_range(
                    &rules::function::MEMORY,
                    "n",
                    &Value::from("3"),
                    1,
                    2,
                    "why",
                );
            })
            .len(),
            1
        );
    }

    /// The diagnostics of `string_len(value, 1, 3)`.
    fn length_1_to_3(value: &str) -> Vec<Diagnostic> {
        check(|v| {
            let value = Value::from(value);
            v.string_len(&rules::sinks::TABLE_NAME, "s", &value, 1, 3, "why");
        })
    }

    #[test]
    fn string_checks() {
        assert_eq!(length_1_to_3("").len(), 1);
        assert_eq!(length_1_to_3("abcd").len(), 1);
        assert!(length_1_to_3("abc").is_empty());
        let d = check(|v| {
            v.chars(
                &rules::sinks::TABLE_NAME,
                "s",
                &Value::from("a b"),
                |c| c.is_ascii_alphanumeric(),
                "letters",
            )
        });
        assert!(d[0].problem.contains("' '"));
    }

    /// The diagnostics of checking `value` as the ARN of a Secrets Manager secret.
    fn secret_arn(value: &str) -> Vec<Diagnostic> {
        check(|v| {
            let value = Value::from(value);
            v.arn(
                &rules::stack::ENCRYPTION_KEY_ARN,
                "a",
                &value,
                "secretsmanager",
                "secret:",
                "a secret",
            );
        })
    }

    #[test]
    fn arns() {
        let ok = "arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_x-AbCdEf";
        assert!(secret_arn(ok).is_empty());
        assert_eq!(secret_arn("my-secret").len(), 1);
        assert_eq!(
            secret_arn("arn:aws:kms:us-east-1:123456789012:key/x").len(),
            1
        );
        let parsed = Arn::parse(ok).unwrap();
        assert_eq!(parsed.resource, "secret:AmazonMSK_x-AbCdEf");
    }
}
