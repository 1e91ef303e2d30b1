//! Synthesis never panics, and what it produces keeps its promises: property tests over whole
//! stack documents generated from the stack file's JSON Schema (which derives from the
//! construct props), over arbitrary text and mutated examples, and cfn-lint over a sample of
//! the templates they synthesize.
//!
//! The documents come from `support::generate`, which knows no construct: a property added to
//! a props struct is generated from its definition (type, bounds, pattern, examples, the
//! section a reference names) with no change to these tests.
//!
//! Case counts default to what runs in seconds in a debug build; `PROPTEST_CASES` raises them
//! for a longer hunt (e.g. `PROPTEST_CASES=5000 cargo test -p constructs --test
//! prop_synthesis -- --nocapture` prints what ran: the fraction of valid documents that
//! synthesized, the construct kinds and the schema coverage). `CFN_LINT_SEED` and
//! `CFN_LINT_SAMPLE` vary the cfn-lint sample; `SHOW_REFUSED=E0122` prints the valid documents
//! refused with that text.
//!
//! The runs are seeded (`SEED`), so a run in CI explores the same documents every time and
//! its verdict depends only on the code; `PROPTEST_RNG_SEED=<n>` explores others (a hunt over
//! seeds: `for n in $(seq 100); do PROPTEST_RNG_SEED=$n cargo test ...; done`).

// Helpers outside `#[test]` functions panic on a broken setup too: that is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

#[path = "prop_synthesis/cfn_lint.rs"]
mod cfn_lint;
#[path = "prop_synthesis/documents.rs"]
mod documents;
#[path = "prop_synthesis/regressions.rs"]
mod regressions;
#[path = "prop_synthesis/stack_files.rs"]
mod stack_files;

use proptest::test_runner::{Config, RngSeed};

/// The seed of every run unless `PROPTEST_RNG_SEED` gives another.
const SEED: u64 = 0x5eed;

/// A runner configuration of `default` cases (or `PROPTEST_CASES`), seeded with `SEED` (or
/// `PROPTEST_RNG_SEED`), writing no regression files: bugs found become named regression
/// tests instead.
pub fn config(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    // `Config::default()` reads `PROPTEST_RNG_SEED`; without it, the seed is fixed.
    let defaults = Config::default();
    let rng_seed = match defaults.rng_seed {
        RngSeed::Random => RngSeed::Fixed(SEED),
        given => given,
    };
    Config {
        cases,
        rng_seed,
        failure_persistence: None,
        max_shrink_iters: 2000,
        ..defaults
    }
}
