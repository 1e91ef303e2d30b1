//! Synthesis never panics, and what it produces keeps its promises: property tests over whole
//! stacks built from arbitrary props (through the Rust builders and through stack files), and
//! cfn-lint over a sample of the templates they synthesize.
//!
//! Case counts default to what runs in seconds in a debug build; `PROPTEST_CASES` raises them
//! for a longer hunt (e.g. `PROPTEST_CASES=20000 cargo test -p constructs --test
//! prop_synthesis -- --nocapture` prints what ran).

// Helpers outside `#[test]` functions panic on a broken setup too: that is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

#[path = "prop_synthesis/cfn_lint.rs"]
mod cfn_lint;
#[path = "prop_synthesis/regressions.rs"]
mod regressions;
#[path = "prop_synthesis/stack_files.rs"]
mod stack_files;
#[path = "prop_synthesis/stacks.rs"]
mod stacks;

use proptest::test_runner::Config;

/// A runner configuration of `default` cases (or `PROPTEST_CASES`), writing no regression
/// files: bugs found become named regression tests instead.
pub fn config(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2000,
        ..Config::default()
    }
}

/// The message of a caught panic.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".to_owned())
}
