//! Stack files: arbitrary YAML and JSON text, and arbitrary mutations of the examples' YAML
//! twins, never make reading, building or synthesizing panic; they either synthesize a
//! template that keeps its invariants or return problems that say what, where and how to fix.

use std::path::Path;

use constructs::config::Format;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{TestCaseError, TestRunner};
use serde_json::Value as Json;

use crate::config;
use crate::support::stack_file::{Outcome, refusal_problems, run, template_problems};
use crate::support::values::{TOKENS, nasty_string};

/// Cases of mutated examples, and of arbitrary documents.
const MUTATION_CASES: u32 = 400;
const DOCUMENT_CASES: u32 = 300;

/// The examples' stack files: (name, text).
fn examples() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/stacks");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("examples/stacks")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read_to_string(&p).expect("readable"))
        })
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the examples' stack files are missing");
    files
}

/// One edit of a file's text, by line (taken modulo the line count).
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    /// Replaces what follows the line's first `: ` (its scalar value).
    Value(usize, String),
    /// Replaces the line's key (what precedes `:`), keeping the indentation.
    Key(usize, String),
    Insert(usize, String),
    Indent(usize, bool),
    Truncate(usize),
    /// Replaces one character (by index modulo the length).
    Char(usize, char),
}

fn scalar() -> BoxedStrategy<String> {
    prop_oneof![
        select(
            &[
                "",
                "~",
                "null",
                "[]",
                "{}",
                "-1",
                "0",
                "1e400",
                "-.inf",
                ".nan",
                "0x10",
                "0o17",
                "!!binary aGVsbG8=",
                "*a",
                "&a b",
                "{ref: X}",
                "{ref: AWS::Region}",
                "{sub: '${Nope}'}",
                "{get_att: Detector.function_arn}",
                "{get_att: Nope.arn}",
                "|",
                ">",
                "'",
                "\"",
                "yes",
                "no",
                "9999999999999999999999",
                "-9223372036854775809",
                "[1, [2, [3]]]",
                "{a: {b: {c: d}}}",
                "!Ref X",
                "@x",
                "`x`",
                "%x",
                "? x",
                "- x",
                "{join: [',', []]}",
                "{select: [99, []]}",
                "{cidr: [x, 999, 999]}",
                "{split: [',', x]}",
            ][..]
        )
        .prop_map(str::to_owned),
        nasty_string().prop_map(|s| format!("{s:?}")),
        nasty_string(),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
    ]
    .boxed()
}

/// A key: a property name the schema knows (so a new property is fuzzed with no edit here),
/// YAML's structural keys (merge, complex key, sequence, alias, empty), or hostile text.
fn key() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(vocabulary()),
        1 => select(&["<<", "? ", "", "-", "*"][..]).prop_map(str::to_owned),
        2 => nasty_string(),
    ]
    .boxed()
}

fn mutation() -> BoxedStrategy<Mutation> {
    prop_oneof![
        1 => any::<usize>().prop_map(Mutation::Delete),
        1 => any::<usize>().prop_map(Mutation::Duplicate),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        4 => (any::<usize>(), scalar()).prop_map(|(l, v)| Mutation::Value(l, v)),
        1 => (any::<usize>(), key()).prop_map(|(l, k)| Mutation::Key(l, k)),
        1 => (any::<usize>(), prop_oneof![scalar(), select(TOKENS).prop_map(str::to_owned)])
            .prop_map(|(l, t)| Mutation::Insert(l, t)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(l, d)| Mutation::Indent(l, d)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        1 => (any::<usize>(), any::<char>()).prop_map(|(i, c)| Mutation::Char(i, c)),
    ]
    .boxed()
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for m in mutations {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let n = lines.len();
        match m {
            Mutation::Delete(l) => {
                lines.remove(l % n);
            }
            Mutation::Duplicate(l) => {
                let line = lines[l % n].clone();
                lines.insert(l % n, line);
            }
            Mutation::Swap(a, b) => lines.swap(a % n, b % n),
            Mutation::Value(l, v) => {
                let line = &mut lines[l % n];
                if let Some(at) = line.find(": ") {
                    line.truncate(at + 2);
                    line.push_str(v);
                } else {
                    line.push_str(v);
                }
            }
            Mutation::Key(l, k) => {
                let line = &mut lines[l % n];
                let indent = line.len() - line.trim_start().len();
                if let Some(at) = line.find(':') {
                    if at >= indent {
                        line.replace_range(indent..at, k);
                    }
                }
            }
            Mutation::Insert(l, t) => lines.insert(l % (n + 1), t.clone()),
            Mutation::Indent(l, deeper) => {
                let line = &mut lines[l % n];
                if *deeper {
                    line.insert_str(0, "  ");
                } else if line.starts_with("  ") {
                    line.replace_range(..2, "");
                }
            }
            Mutation::Truncate(l) => lines.truncate(l % n),
            Mutation::Char(i, c) => {
                let line = &mut lines[i % n];
                let chars: Vec<char> = line.chars().collect();
                if !chars.is_empty() {
                    let at = (i / n) % chars.len();
                    *line = chars[..at]
                        .iter()
                        .chain(std::iter::once(c))
                        .chain(&chars[at + 1..])
                        .collect();
                }
            }
        }
    }
    lines.join("\n")
}

/// Reads, builds and synthesizes `text`; returns what is wrong with the outcome.
fn check_file(text: &str, format: Format) -> Result<(), String> {
    let problems = match run(text, format)? {
        Outcome::Unreadable(errors) => refusal_problems(&errors, text, true),
        Outcome::Refused(_, errors) => refusal_problems(&errors, text, false),
        Outcome::Synthesized(file, synthesized) => template_problems(&file, &synthesized, text),
    };
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn mutated_example_files_never_panic() {
    let files = examples();
    let mut runner = TestRunner::new(config(MUTATION_CASES));
    let strategy = (0..files.len(), proptest::collection::vec(mutation(), 1..6));
    let result = runner.run(&strategy, |(i, mutations)| {
        let text = apply(&files[i].1, &mutations);
        check_file(&text, Format::Yaml)
            .map_err(|e| TestCaseError::fail(format!("{}:\n{e}\n--- text ---\n{text}", files[i].0)))
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Every property name the stack-file schema knows, to reach deep into the reader.
fn vocabulary() -> Vec<String> {
    fn walk(schema: &Json, out: &mut Vec<String>) {
        match schema {
            Json::Object(map) => {
                if let Some(Json::Object(properties)) = map.get("properties") {
                    out.extend(properties.keys().cloned());
                }
                map.values().for_each(|v| walk(v, out));
            }
            Json::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&constructs::config::schema(), &mut out);
    out.sort();
    out.dedup();
    assert!(out.len() > 50, "the schema names few properties: {out:?}");
    out
}

fn document(vocabulary: Vec<String>) -> BoxedStrategy<Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number)),
        nasty_string().prop_map(Json::String),
        select(vocabulary.clone()).prop_map(Json::String),
    ];
    let keys = prop_oneof![4 => select(vocabulary), 1 => nasty_string()];
    leaf.prop_recursive(4, 64, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            proptest::collection::vec((keys.clone(), inner), 0..6)
                .prop_map(|entries| Json::Object(entries.into_iter().collect())),
        ]
    })
    .prop_map(|body| {
        // Mostly stack-shaped: a name and sections.
        match body {
            Json::Object(mut map) => {
                map.entry("name").or_insert_with(|| Json::from("fuzzed"));
                Json::Object(map)
            }
            other => other,
        }
    })
    .boxed()
}

#[test]
fn arbitrary_documents_never_panic() {
    let mut runner = TestRunner::new(config(DOCUMENT_CASES));
    let strategy = (document(vocabulary()), any::<bool>());
    let result = runner.run(&strategy, |(doc, as_json)| {
        let (text, format) = if as_json {
            (doc.to_string(), Format::Json)
        } else {
            (
                serde_saphyr::to_string(&doc).unwrap_or_default(),
                Format::Yaml,
            )
        };
        check_file(&text, format)
            .map_err(|e| TestCaseError::fail(format!("{e}\n--- text ---\n{text}")))
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn arbitrary_text_never_panics() {
    let mut runner = TestRunner::new(config(DOCUMENT_CASES));
    let line = prop_oneof![
        select(TOKENS).prop_map(str::to_owned),
        scalar(),
        (key(), scalar()).prop_map(|(k, v)| format!("{k}: {v}")),
        (0usize..8, key(), scalar()).prop_map(|(n, k, v)| format!("{}{k}: {v}", " ".repeat(n))),
    ];
    let strategy = (proptest::collection::vec(line, 0..20), any::<bool>());
    let result = runner.run(&strategy, |(lines, as_json)| {
        let text = lines.join("\n");
        let format = if as_json { Format::Json } else { Format::Yaml };
        check_file(&text, format)
            .map_err(|e| TestCaseError::fail(format!("{e}\n--- text ---\n{text}")))
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn unmutated_examples_pass_the_checks() {
    for (name, text) in examples() {
        if let Err(e) = check_file(&text, Format::Yaml) {
            panic!("{name}: {e}");
        }
    }
}
