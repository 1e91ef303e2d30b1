//! Snapshot tests live in `tests/`: every example's template (JSON and YAML) and every
//! validation message, pinned with insta. Review changes with `cargo insta review`.
//!
//! The library holds what the workspace's tests share: [`cfn_lint`], the one way a test runs
//! the pinned cfn-lint on a template. Crates take it as a dev-dependency; it depends on no
//! workspace crate, so `constructs` (whose tests use it) and this crate (whose tests use
//! `constructs`) do not form a build cycle.

pub mod cfn_lint;
