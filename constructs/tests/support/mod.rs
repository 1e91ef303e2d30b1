//! Shared by the integration tests: whole stacks generated from arbitrary props, and the
//! checks every synthesized template must pass.

// Each test crate uses part of this module; helpers panic with their message on a broken
// setup, which is a failed test.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

pub mod audit;
pub mod build;
pub mod checks;
pub mod spec;
pub mod values;
