//! Tests of `synth diff` on whole templates: the Kafka mapping's cases, the sections outside
//! `Resources`, and the table of every property change of every stateful resource the examples
//! emit.

// A failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod changes_table;
mod mapping;
mod sections;

use serde_json::Value as Json;

use super::changes::Plan;
use super::owners::Declared;
use super::plan::plan;

/// An example's template as `synth` makes it.
fn example(name: &str) -> Json {
    let example = examples::find(name).expect("an example");
    (example.build)(&examples::Options::default())
        .synth()
        .expect("the example synthesizes")
        .template
        .to_value()
}

/// The plan for deploying `new` over `old`, with no construct tree.
fn compare(old: &Json, new: &Json) -> Plan {
    plan(old, new, &Declared::new([]))
}
