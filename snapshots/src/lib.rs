//! Snapshot tests live in `tests/`: every example's template (JSON and YAML) and every
//! validation message, pinned with insta. Review changes with `cargo insta review`.
