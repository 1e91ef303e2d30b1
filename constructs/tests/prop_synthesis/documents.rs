//! Stack documents generated from the stack file's JSON Schema, written as YAML or JSON, read
//! and synthesized through `StackFile` (the construct props, builders and validation of the
//! Rust API): reading and synthesis never panic; a template keeps every invariant; a refusal
//! says what, where and how to fix, by a published rule. The schema and the reader agree: a
//! document the schema accepts has no problem of shape (unknown keys, wrong types, missing
//! keys, choices), and one it refuses is refused.
//!
//! So that the generator is not vacuous, the run counts what synthesized at hostility 0 (a
//! floor on the fraction, on each construct kind, and on the schema's properties and choices
//! exercised), printed with `--nocapture`.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use proptest::test_runner::{TestCaseError, TestRunner};
use serde_json::Value as Json;

use crate::config;
use crate::support::generate::{Document, any_document, coverage, walk};
use crate::support::stack_file::{Outcome, refusal_problems, run, template_problems};

/// Cases per run: a few seconds in a debug build.
const CASES: u32 = 600;

/// At hostility 0, at least this fraction of documents synthesizes (measured: see the report
/// of the commit that set it; the rest are refused by rules across constructs that a JSON
/// Schema cannot state, such as a feature count matching the endpoint's).
const VALID_FLOOR: f64 = 0.25;
/// Each construct kind is in at least this fraction of the documents that synthesized at
/// hostility 0.
const KIND_FLOOR: f64 = 0.10;
/// At least this fraction of the schema's properties and choices is in a document that
/// synthesized at hostility 0. Measured 89.8% after the record formats landed: a feature must
/// name a field of the function's record format (E0821), which the schema cannot state, so
/// the text formats and derived features rarely synthesize (95.9% before them).
const COVERAGE_FLOOR: f64 = 0.85;

/// Rules of the file's shape: a document valid under the schema never breaks them. (E0907, a
/// value that cannot be read as written, also covers what JSON Schema does not type: the
/// kinds of an intrinsic's arguments and result.)
const SHAPE_RULES: &[&str] = &[
    "E0900", "E0901", "E0902", "E0903", "E0904", "E0905", "E0906", "E0915",
];

/// What the cases came to.
#[derive(Debug, Default)]
struct Tally {
    /// By hostility: (cases, synthesized).
    by_hostility: BTreeMap<u32, (u32, u32)>,
    /// Construct sections → documents synthesized at hostility 0 that have one.
    kinds: BTreeMap<String, u32>,
    /// Schema labels in documents synthesized at hostility 0.
    labels: BTreeSet<String>,
    /// Refusals at hostility 0, by rule.
    refused_by: BTreeMap<&'static str, u32>,
}

struct Checker {
    schema: Json,
    validator: jsonschema::Validator,
    sections: BTreeSet<String>,
    tally: RefCell<Tally>,
}

impl Checker {
    fn new() -> Self {
        let schema = constructs::config::schema();
        let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
        let sections = walk::sections(&schema);
        Self {
            schema,
            validator,
            sections,
            tally: RefCell::new(Tally::default()),
        }
    }

    /// Why the schema refuses `json`, or nothing.
    fn schema_errors(&self, json: &Json) -> Vec<String> {
        self.validator
            .iter_errors(json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    fn check(&self, doc: &Document) -> Result<(), String> {
        let text = doc.text()?;
        let mut problems = Vec::new();
        if doc.hostility == 0 {
            let errors = self.schema_errors(&doc.json);
            if !errors.is_empty() {
                return Err(format!(
                    "the generator wrote a document the schema refuses:\n{}",
                    errors.join("\n")
                ));
            }
        }
        let outcome = run(&text, doc.format())?;
        let synthesized = matches!(outcome, Outcome::Synthesized(..));
        {
            let mut tally = self.tally.borrow_mut();
            let entry = tally.by_hostility.entry(doc.hostility).or_default();
            entry.0 += 1;
            entry.1 += u32::from(synthesized);
        }
        match &outcome {
            Outcome::Unreadable(errors) => {
                problems.extend(refusal_problems(errors, &text, true));
                if doc.hostility == 0 {
                    problems.push(format!("a valid document is unreadable:\n{errors}"));
                }
            }
            Outcome::Refused(file, errors) => {
                problems.extend(refusal_problems(errors, &text, false));
                let valid = !doc.non_finite() && self.schema_errors(&file.to_json()).is_empty();
                for problem in &errors.errors {
                    let id = problem.diagnostic.rule.id;
                    if valid && SHAPE_RULES.contains(&id) {
                        problems.push(format!(
                            "the schema accepts a document the reader finds ill-shaped: {}",
                            problem.render("stack.yaml")
                        ));
                    }
                    if doc.hostility == 0 && (id.starts_with("E09") || id == "E0009") {
                        problems.push(format!(
                            "a valid document's references or shape are refused: {}",
                            problem.render("stack.yaml")
                        ));
                    }
                }
                if doc.hostility == 0 {
                    // `SHOW_REFUSED=E0122` prints the valid documents refused with that text.
                    if std::env::var("SHOW_REFUSED").is_ok_and(|r| errors.to_string().contains(&r))
                    {
                        eprintln!("refused: {errors}\n{text}");
                    }
                    let mut tally = self.tally.borrow_mut();
                    for problem in &errors.errors {
                        *tally
                            .refused_by
                            .entry(problem.diagnostic.rule.id)
                            .or_default() += 1;
                    }
                }
            }
            Outcome::Synthesized(file, synthesized) => {
                let json = file.to_json();
                problems.extend(template_problems(file, synthesized, &text));
                // The reader reads a key given as null as absent; so does this check.
                let refused = self.schema_errors(&without_nulls(&json));
                if !refused.is_empty() && !doc.non_finite() {
                    problems.push(format!(
                        "the schema refuses a document that synthesizes (an annotation says more than the rules):\n{}",
                        refused.join("\n")
                    ));
                }
                if doc.hostility == 0 && !doc.non_finite() {
                    problems.extend(self.single_value_breaks(&json));
                }
                if doc.hostility == 0 {
                    let mut tally = self.tally.borrow_mut();
                    for section in &self.sections {
                        let has = json
                            .get(section)
                            .and_then(Json::as_object)
                            .is_some_and(|m| !m.is_empty());
                        *tally.kinds.entry(section.clone()).or_default() += u32::from(has);
                    }
                    tally.labels.extend(coverage::present(&self.schema, &json));
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("{}\n--- text ---\n{text}", problems.join("\n")))
        }
    }

    /// Each of some numbers and strings of a document that synthesized, pushed alone far above
    /// and far below its range (a string: 5,000 characters): when the schema refuses the result, synthesis must refuse it too. A
    /// rule that checks less than the schema states lets through a value that CloudFormation or
    /// the function refuses later (one wrong value in an otherwise valid document is how a
    /// user meets it).
    fn single_value_breaks(&self, json: &Json) -> Vec<String> {
        let mut leaves = Vec::new();
        value_leaves(json, String::new(), &mut leaves);
        let step = leaves.len().div_ceil(MUTATED_LEAVES).max(1);
        let mut out = Vec::new();
        let long = Json::from("a".repeat(5000));
        for pointer in leaves.iter().step_by(step) {
            let is_text = json.pointer(pointer).is_some_and(Json::is_string);
            let breaks = if is_text {
                vec![long.clone()]
            } else {
                vec![
                    Json::from(1_000_000_000_i64),
                    Json::from(-1_000_000_000_i64),
                ]
            };
            for far in breaks {
                let mut mutated = json.clone();
                if let Some(leaf) = mutated.pointer_mut(pointer) {
                    *leaf = far.clone();
                }
                let refused = self.schema_errors(&without_nulls(&mutated));
                if refused.is_empty() {
                    continue;
                }
                let text = mutated.to_string();
                match run(&text, constructs::config::Format::Json) {
                    Err(panic) => out.push(format!("{pointer} = {}: {panic}", short(&far))),
                    Ok(Outcome::Synthesized(..)) => out.push(format!(
                        "{pointer} = {} synthesizes, but the schema refuses it ({}): a rule checks less than the schema states",
                        short(&far),
                        refused.iter().map(|r| short(&Json::from(r.as_str()))).collect::<Vec<_>>().join("; ")
                    )),
                    Ok(_) => {}
                }
            }
        }
        out
    }
}

/// Numbers pushed out of range per document that synthesized (see
/// [`Checker::single_value_breaks`]): enough to reach most properties over a run, few enough to
/// keep the run to seconds.
const MUTATED_LEAVES: usize = 8;

/// A value as a message shows it: long text cut short.
fn short(value: &Json) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}… ({} characters)", &text[..at], text.chars().count()),
        None => text,
    }
}

/// The JSON pointers of the numbers and strings in `json`.
fn value_leaves(json: &Json, at: String, out: &mut Vec<String>) {
    match json {
        Json::Number(_) | Json::String(_) => out.push(at),
        Json::Object(map) => {
            for (key, value) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                value_leaves(value, format!("{at}/{key}"), out);
            }
        }
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                value_leaves(item, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// `json` without the map entries whose value is null.
fn without_nulls(json: &Json) -> Json {
    match json {
        Json::Object(map) => Json::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

#[test]
fn generated_documents_synthesize_or_say_why() {
    let checker = Checker::new();
    let mut runner = TestRunner::new(config(CASES));
    let result = runner.run(&any_document(), |doc| {
        checker.check(&doc).map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let tally = checker.tally.into_inner();
    let (valid_cases, valid_synthesized) = tally.by_hostility.get(&0).copied().unwrap_or_default();
    let fraction = f64::from(valid_synthesized) / f64::from(valid_cases.max(1));
    eprintln!(
        "documents by hostility (cases, synthesized): {:?}",
        tally.by_hostility
    );
    eprintln!(
        "hostility 0: {valid_synthesized} of {valid_cases} synthesized ({:.1}%); refusals by rule: {:?}",
        100.0 * fraction,
        tally.refused_by
    );
    eprintln!(
        "construct kinds in synthesized hostility-0 documents: {:?}",
        tally.kinds
    );
    let universe = coverage::universe(&checker.schema);
    let missed: Vec<&String> = universe.difference(&tally.labels).collect();
    let covered = 1.0 - missed.len() as f64 / universe.len() as f64;
    eprintln!(
        "schema coverage: {} of {} properties and choices ({:.1}%); never in a synthesized document: {missed:?}",
        universe.len() - missed.len(),
        universe.len(),
        100.0 * covered
    );
    assert!(
        fraction >= VALID_FLOOR,
        "only {:.1}% of valid documents synthesized",
        100.0 * fraction
    );
    for (kind, n) in &tally.kinds {
        assert!(
            f64::from(*n) >= KIND_FLOOR * f64::from(valid_synthesized),
            "{kind} is in only {n} of {valid_synthesized} synthesized documents"
        );
    }
    assert!(
        covered >= COVERAGE_FLOOR,
        "the synthesized documents cover {:.1}% of the schema",
        100.0 * covered
    );
}

/// Every `examples` and `default` the schema gives is valid where it is given: the literals
/// the generator takes valid values from, and editors offer, are what the schema accepts.
#[test]
fn the_schema_examples_and_defaults_are_valid_where_given() {
    fn walk(root: &Json, node: &Json, at: &str, out: &mut Vec<String>) {
        let Json::Object(map) = node else {
            return;
        };
        let offered: Vec<&Json> = map
            .get("examples")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .chain(map.get("default"))
            .collect();
        if !offered.is_empty() {
            let mut schema = map.clone();
            schema.remove("examples");
            schema.remove("default");
            schema.insert("definitions".into(), root["definitions"].clone());
            schema.insert("$schema".into(), root["$schema"].clone());
            let validator = jsonschema::validator_for(&Json::Object(schema))
                .unwrap_or_else(|e| panic!("{at}: {e}"));
            for value in offered {
                if !validator.is_valid(value) {
                    out.push(format!("{at}: {value} is not valid there"));
                }
            }
        }
        // The subschemas: by name, in lists, or one.
        for key in ["properties", "definitions", "dependencies"] {
            for (name, child) in map.get(key).and_then(Json::as_object).into_iter().flatten() {
                walk(root, child, &format!("{at}/{key}/{name}"), out);
            }
        }
        for key in ["anyOf", "oneOf", "allOf", "items"] {
            let children = map.get(key).and_then(Json::as_array).into_iter().flatten();
            for (i, child) in children.enumerate() {
                walk(root, child, &format!("{at}/{key}/{i}"), out);
            }
        }
        for key in ["items", "additionalProperties", "not", "propertyNames"] {
            if let Some(child @ Json::Object(_)) = map.get(key) {
                walk(root, child, &format!("{at}/{key}"), out);
            }
        }
    }
    let schema = constructs::config::schema();
    let mut problems = Vec::new();
    walk(&schema, &schema, "#", &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
