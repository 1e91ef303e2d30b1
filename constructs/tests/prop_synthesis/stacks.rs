//! Stacks built through the Rust builders from arbitrary props: `synth` either returns a
//! template that keeps every invariant, or errors whose every field is filled in; it never
//! panics, and a valid stack is never refused.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use constructs::{Stack, SynthErrors, Synthesized, Value};
use proptest::test_runner::{TestCaseError, TestRunner};

use crate::support::build::build;
use crate::support::spec::{SecretSpec, StackSpec, any_stack};
use crate::support::{audit, checks};
use crate::{config, panic_message};

/// Cases per run: about a second of synthesis in a debug build.
const CASES: u32 = 600;

/// What the cases came to.
#[derive(Debug, Default)]
struct Tally {
    cases: u32,
    valid: u32,
    synthesized: u32,
    refused: u32,
}

/// Builds and synthesizes `spec`, catching any panic.
pub fn synthesize(spec: &StackSpec) -> Result<(String, Result<Synthesized, SynthErrors>), String> {
    catch_unwind(AssertUnwindSafe(|| {
        let built = build(spec);
        let result = built.stack.synth();
        (built.recipe, result)
    }))
    .map_err(|panic| {
        format!(
            "building or synthesizing panicked: {}",
            panic_message(&*panic)
        )
    })
}

/// The key every encrypted resource must use, and the keys secrets were given explicitly.
pub fn keys(spec: &StackSpec) -> (serde_json::Value, Vec<serde_json::Value>) {
    let json = |v: &Value| serde_json::to_value(v).unwrap_or_default();
    let key = spec.key.as_ref().map_or_else(checks::created_key, json);
    let secret_keys = spec
        .secrets
        .iter()
        .filter_map(|s| match s {
            SecretSpec::SaslGenerate { kms: Some(k), .. } => Some(json(k)),
            _ => None,
        })
        .collect();
    (key, secret_keys)
}

/// Every invariant of a synthesized template.
pub fn template_problems(spec: &StackSpec, synthesized: &Synthesized) -> Vec<String> {
    let template = &synthesized.template;
    let json = template.to_value();
    let mut problems = checks::round_trip(template);
    problems.extend(checks::unique_ids(template));
    problems.extend(
        template
            .dangling_references()
            .into_iter()
            .map(|d| format!("dangling {} at {}", d.reference, d.location)),
    );
    problems.extend(audit::violations(&json));
    let (key, secret_keys) = keys(spec);
    problems.extend(checks::encryption(&json, &key, &secret_keys));
    if spec.hostility == 0 {
        // Hostile props may carry text that looks like a secret on purpose.
        problems.extend(checks::secret_literals(&json));
    }
    problems.extend(synthesized.warnings.iter().flat_map(checks::complete));
    problems
}

/// What must hold of a refusal.
fn refusal_problems(spec: &StackSpec, errors: &SynthErrors) -> Vec<String> {
    let mut problems: Vec<String> = errors
        .errors
        .iter()
        .chain(&errors.warnings)
        .flat_map(checks::complete)
        .collect();
    if errors.errors.is_empty() {
        problems.push("refused without an error".to_owned());
    }
    if spec.hostility == 0 {
        problems.push(format!("a valid stack was refused:\n{errors}"));
    }
    if !spec.has_dangling_ref() {
        for d in errors.errors.iter().filter(|d| d.property == "reference") {
            problems.push(format!(
                "a reference points at nothing although no prop refers to a missing target: {d}"
            ));
        }
    }
    problems
}

fn check(spec: &StackSpec, tally: &RefCell<Tally>) -> Result<(), String> {
    let (recipe, result) = synthesize(spec)?;
    let problems = {
        let mut tally = tally.borrow_mut();
        tally.cases += 1;
        tally.valid += u32::from(spec.hostility == 0);
        match &result {
            Ok(synthesized) => {
                tally.synthesized += 1;
                template_problems(spec, synthesized)
            }
            Err(errors) => {
                tally.refused += 1;
                refusal_problems(spec, errors)
            }
        }
    };
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n\nrecipe:\n{recipe}", problems.join("\n")))
    }
}

#[test]
fn synthesis_never_panics_and_keeps_its_invariants() {
    let tally = RefCell::new(Tally::default());
    let mut runner = TestRunner::new(config(CASES));
    let result = runner.run(&any_stack(), |spec| {
        check(&spec, &tally).map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let tally = tally.into_inner();
    eprintln!("synthesis property: {tally:?}");
    // The generator must reach both outcomes, or the property tests little.
    assert!(
        tally.synthesized * 4 >= tally.cases && tally.refused * 10 >= tally.cases,
        "the generator is lopsided: {tally:?}"
    );
}

/// An empty stack is the smallest valid input.
#[test]
fn an_empty_stack_synthesizes() {
    let synthesized = Stack::new("empty").synth().expect("valid");
    assert!(checks::round_trip(&synthesized.template).is_empty());
}
