//! A stack file's text read, built and synthesized the way `synth` does it, and what must
//! hold of the outcome: a template that keeps every invariant, or problems that say what,
//! where and how to fix.

use std::panic::{AssertUnwindSafe, catch_unwind};

use constructs::config::{BuildOptions, ConfigErrors, Format, Problem, StackFile};
use constructs::props::Prop;
use constructs::{Synthesized, Value};
use serde_json::Value as Json;

use super::{audit, checks};

/// What reading and synthesizing a file came to.
pub enum Outcome {
    /// The file could not be read.
    Unreadable(ConfigErrors),
    /// It was read and refused.
    Refused(StackFile, ConfigErrors),
    /// It synthesized.
    Synthesized(StackFile, Box<Synthesized>),
}

/// Reads and synthesizes `text`; `Err` with the message of a panic.
pub fn run(text: &str, format: Format) -> Result<Outcome, String> {
    catch_unwind(AssertUnwindSafe(|| {
        match StackFile::parse("stack.yaml", text, format) {
            Err(errors) => Outcome::Unreadable(errors),
            Ok(file) => match file.synth(&BuildOptions::default()) {
                Ok(synthesized) => Outcome::Synthesized(file, Box::new(synthesized)),
                Err(errors) => Outcome::Refused(file, errors),
            },
        }
    }))
    .map_err(|panic| format!("panicked: {}", crate::support::panic_message(&*panic)))
}

/// Problems of one problem report: an empty field, a rule `constructs::rules` does not
/// publish, or a location outside the text (or none, when `must_locate` or when the problem
/// is the file's own, an `E09xx`).
pub fn problem_problems(problem: &Problem, text: &str, must_locate: bool) -> Vec<String> {
    let d = &problem.diagnostic;
    let must_locate = must_locate || d.rule.id.starts_with("E09");
    let mut out = checks::complete(d);
    if constructs::rules::lookup(d.rule.id).is_none_or(|rule| rule.title != d.rule.title) {
        out.push(format!("rule {} is not published: {d}", d.rule.id));
    }
    // YAML breaks lines at `\n`, `\r\n` and a lone `\r`.
    let lines = text.replace("\r\n", "\n").split(['\n', '\r']).count();
    match problem.location {
        Some(at) if at.line == 0 || at.column == 0 || at.line > lines + 1 => out.push(format!(
            "location {at} is outside the {lines}-line file: {}",
            problem.render("stack.yaml")
        )),
        None if must_locate => {
            out.push(format!("no location: {}", problem.render("stack.yaml")));
        }
        _ => {}
    }
    out
}

/// Problems of a refusal: those of each report, and a refusal without an error.
pub fn refusal_problems(errors: &ConfigErrors, text: &str, must_locate: bool) -> Vec<String> {
    let mut out: Vec<String> = errors
        .errors
        .iter()
        .chain(&errors.warnings)
        .flat_map(|p| problem_problems(p, text, must_locate))
        .collect();
    if errors.errors.is_empty() {
        out.push("failed without an error".to_owned());
    }
    out
}

/// Every invariant of a template synthesized from `file` (whose text is `text`): it reads
/// back, its ids are unique logical ids, its references resolve, its policies grant least
/// privilege, it encrypts with the stack's key, its warnings are complete; and, unless the
/// text itself held some, it holds no secret-looking literal.
pub fn template_problems(file: &StackFile, synthesized: &Synthesized, text: &str) -> Vec<String> {
    let template = &synthesized.template;
    let json = template.to_value();
    let mut out = checks::round_trip(template);
    out.extend(checks::unique_ids(template));
    out.extend(
        template
            .dangling_references()
            .into_iter()
            .map(|d| format!("dangling {} at {}", d.reference, d.location)),
    );
    out.extend(audit::violations(&json));
    let (key, secret_keys) = keys(&file.to_json());
    out.extend(checks::encryption(&json, &key, &secret_keys));
    if checks::secret_text(text).is_empty() {
        out.extend(checks::secret_literals(&json));
    }
    out.extend(
        synthesized
            .warnings
            .iter()
            .flat_map(|w| problem_problems(&file.locate(w.clone()), text, false)),
    );
    out
}

/// The key every encrypted resource of the file's stack must use (its `encryption_key_arn`,
/// or the key the stack creates), and the keys given to its secrets (each `kms_key_arn`).
pub fn keys(file: &Json) -> (Json, Vec<Json>) {
    let template_form = |value: &Json| -> Option<Json> {
        let prop: Prop<String> = serde_json::from_value(value.clone()).ok()?;
        serde_json::to_value(Value::from(prop)).ok()
    };
    let key = file
        .get("encryption_key_arn")
        .and_then(template_form)
        .unwrap_or_else(checks::created_key);
    let mut secret_keys = Vec::new();
    collect(file, "kms_key_arn", &mut secret_keys);
    let secret_keys = secret_keys.iter().filter_map(template_form).collect();
    (key, secret_keys)
}

/// Every value under a key named `name`.
fn collect(value: &Json, name: &str, out: &mut Vec<Json>) {
    match value {
        Json::Object(map) => {
            for (key, child) in map {
                if key == name {
                    out.push(child.clone());
                }
                collect(child, name, out);
            }
        }
        Json::Array(items) => items.iter().for_each(|item| collect(item, name, out)),
        _ => {}
    }
}
