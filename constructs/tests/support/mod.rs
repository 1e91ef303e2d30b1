//! Shared by the integration tests: whole stack documents generated from the stack file's
//! JSON Schema, the stack-file runner, and the checks every synthesized template must pass.

// Each test crate uses part of this module; helpers panic with their message on a broken
// setup, which is a failed test.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

pub mod audit;
pub mod checks;
pub mod generate;
pub mod stack_file;
pub mod values;

/// The message of a caught panic.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".to_owned())
}
