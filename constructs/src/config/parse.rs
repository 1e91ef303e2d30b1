//! Reading a stack file: syntax, then every construct entry on its own (so one bad entry does
//! not hide the problems of the others), then the whole file into its typed model.

use super::build::read_pruned;
use super::de::{self, DeError, ErrorKind};
use super::locations::{Problem, diagnostic};
use super::model::StackConfig;
use super::node::{Location, Node, NodeValue};
use super::refs::Kind;
use super::suggest::did_you_mean;
use super::{Format, yaml};
use crate::diagnostic::Diagnostic;
use crate::props::expr::EXPR_KEYS;
use crate::rules::stack_file::{
    DUPLICATE_ID, MISSING_KEY, NOT_A_MAP, SYNTAX, UNKNOWN_CHOICE, UNKNOWN_INTRINSIC, UNKNOWN_KEY,
    UNREADABLE_VALUE, WRONG_TYPE,
};

/// What [`read`] gives: the file's nodes, its top level and the problems found in it (the
/// entries of its sections are read when the stack is built); or, when the file cannot be
/// read at all, every problem found.
pub(crate) fn read(
    file: &str,
    text: &str,
    format: Format,
) -> Result<(Node, StackConfig, Vec<Problem>), Vec<Problem>> {
    if format == Format::Json {
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
            return Err(vec![syntax(
                file,
                format,
                e.to_string(),
                e.line(),
                e.column(),
            )]);
        }
    }
    let root = yaml::parse(text).map_err(|e| {
        vec![syntax(
            file,
            format,
            e.message,
            e.location.line,
            e.location.column,
        )]
    })?;
    let stack_name = root
        .entry("name")
        .and_then(|(_, n)| n.as_str())
        .unwrap_or(file)
        .to_owned();
    if !matches!(root.value, NodeValue::Map(_)) {
        return Err(vec![Problem {
            location: Some(root.location),
            diagnostic: diagnostic(
                &NOT_A_MAP,
                "StackFile",
                file,
                "document",
                format!("the file holds {}, not a map of sections", root.describe()),
                "start from `synth init`, which writes a commented stack.yaml",
            ),
        }]);
    }
    let mut problems = Vec::new();
    check_duplicate_ids(&root, &mut problems);
    let config =
        read_pruned::<StackConfig>(&root, "Stack", &stack_name, None, &mut |p| problems.push(p));
    problems.sort_by_key(|p| p.location);
    match config {
        Some(config) => Ok((root, config, problems)),
        None => Err(problems),
    }
}

fn syntax(file: &str, format: Format, message: String, line: usize, column: usize) -> Problem {
    let language = match format {
        Format::Yaml => "YAML",
        Format::Json => "JSON",
    };
    Problem {
        // serde_json gives column 0 at the end of an empty line; locations count from 1.
        location: Some(Location {
            line: line.max(1),
            column: column.max(1),
        }),
        diagnostic: diagnostic(
            &SYNTAX,
            "StackFile",
            file,
            "syntax",
            format!("is not valid {language}: {message}"),
            format!("correct the {language} at this position"),
        ),
    }
}

/// Construct ids are unique across sections.
fn check_duplicate_ids(root: &Node, problems: &mut Vec<Problem>) {
    let mut seen: Vec<(&str, Kind, Location)> = Vec::new();
    for (section, node) in root.entries() {
        let Some(kind) = Kind::from_section(&section.name) else {
            continue;
        };
        for (key, _) in node.entries() {
            if let Some((_, other, at)) = seen.iter().find(|(id, ..)| *id == key.name) {
                problems.push(Problem {
                    location: Some(key.location),
                    diagnostic: Diagnostic {
                        value: Some(format!("{:?}", key.name)),
                        ..diagnostic(
                            &DUPLICATE_ID,
                            kind.name(),
                            &key.name,
                            "id",
                            format!("is also the id of the {} at {at}", other.name()),
                            "give each construct its own id",
                        )
                    },
                });
            } else {
                seen.push((&key.name, kind, key.location));
            }
        }
    }
}

/// A deserialization error as a diagnostic of `construct` (its kind) `path` (its id).
pub(crate) fn problem(e: DeError, construct: &str, path: &str) -> Problem {
    let at = e.path.clone().unwrap_or_default();
    let rule = match &e.kind {
        ErrorKind::UnknownKey { .. } => &UNKNOWN_KEY,
        ErrorKind::UnknownChoice { expected, .. } if *expected == EXPR_KEYS => &UNKNOWN_INTRINSIC,
        ErrorKind::UnknownChoice { .. } => &UNKNOWN_CHOICE,
        ErrorKind::MissingKey(_) => &MISSING_KEY,
        ErrorKind::Invalid { .. } => &WRONG_TYPE,
        ErrorKind::Other(_) => &UNREADABLE_VALUE,
    };
    let (property, problem, fix) = match &e.kind {
        ErrorKind::UnknownKey { key, expected } => {
            let hint = did_you_mean(key, expected.iter().copied());
            (
                at,
                "is not a key here".to_owned(),
                if hint.is_empty() {
                    format!("remove it; the keys here are {}", de::list(expected))
                } else {
                    hint
                },
            )
        }
        ErrorKind::UnknownChoice { choice, expected } if *expected == EXPR_KEYS => {
            (at, format!("`{choice}` is not an intrinsic"), {
                let hint = did_you_mean(choice, expected.iter().copied());
                if hint.is_empty() {
                    format!(
                        "write a plain value, or an intrinsic: a map with one of the keys {}",
                        de::list(expected)
                    )
                } else {
                    hint
                }
            })
        }
        ErrorKind::UnknownChoice { choice, expected } => (
            at,
            format!("`{choice}` is not one of {}", de::list(expected)),
            {
                let hint = did_you_mean(choice, expected.iter().copied());
                if hint.is_empty() {
                    format!("use one of {}", de::list(expected))
                } else {
                    hint
                }
            },
        ),
        ErrorKind::MissingKey(key) => (
            if at.is_empty() {
                (*key).to_owned()
            } else {
                format!("{at}.{key}")
            },
            "is missing".to_owned(),
            format!("add `{key}`"),
        ),
        ErrorKind::Invalid { found, expected } => (
            at,
            format!("found {found}"),
            format!("write {}", plain_expected(expected)),
        ),
        ErrorKind::Other(message) => (
            at,
            message.clone(),
            "correct the value as described".to_owned(),
        ),
    };
    // An error about the entry as a whole (a string where its settings belong, say) has no
    // key path below the entry.
    let property = if property.is_empty() && !matches!(e.kind, ErrorKind::UnknownKey { .. }) {
        "settings".to_owned()
    } else {
        property
    };
    Problem {
        location: e.location,
        diagnostic: diagnostic(rule, construct, path, &property, problem, fix),
    }
}

/// Serde names Rust's integer types; messages name what they allow.
fn plain_expected(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a boolean" | "bool" => "true or false".to_owned(),
        // Serde names the Rust type of a struct; the file writes its settings as a map.
        other if other.starts_with("struct ") => "a map of settings".to_owned(),
        other => other.to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    /// Every section of the model is read entry by entry, so one bad entry never hides
    /// another's problems: the schema's top-level keys are the plain ones and the sections
    /// `check_entries` knows.
    #[test]
    fn every_section_is_read_entry_by_entry() {
        let schema = crate::config::schema();
        let keys: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let plain = [
            "$schema",
            "name",
            "description",
            "encryption_key_arn",
            "metadata",
        ];
        for key in keys.iter().filter(|k| !plain.contains(k)) {
            let entry_checked =
                Kind::from_section(key).is_some() || *key == "parameters" || *key == "outputs";
            assert!(entry_checked, "section `{key}` is not read entry by entry");
        }
        for kind in Kind::ALL {
            assert!(
                keys.contains(&kind.section()),
                "{} has no section",
                kind.name()
            );
        }
    }

    #[test]
    fn problems_of_several_entries_are_reported_together() {
        let text = "name: x\nqueues:\n  A: {retention: 1}\n  B: {data_key_reuse: 2}\n";
        let problems = crate::config::StackFile::parse("f.yaml", text, Format::Yaml)
            .unwrap()
            .synth(&crate::config::BuildOptions::default())
            .unwrap_err()
            .errors;
        let at: Vec<(usize, &str)> = problems
            .iter()
            .map(|p| (p.location.unwrap().line, p.diagnostic.property.as_str()))
            .collect();
        assert_eq!(at, [(3, "retention"), (4, "data_key_reuse")]);
        assert_eq!(
            problems[1].diagnostic.fix,
            "did you mean `data_key_reuse_seconds`?"
        );
    }
}
