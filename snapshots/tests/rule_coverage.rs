//! Every published rule is shown firing by a test: its id appears in a message snapshot, or
//! (for rules only the function at cold start or `synth --code-zip` can meet) in the test
//! named below, which asserts that id. A new rule without a test that makes it fire fails here.

use std::collections::BTreeSet;
use std::path::Path;

/// Rules whose messages are not in this crate's snapshots, and the test that asserts each.
const ASSERTED_ELSEWHERE: &[(&str, &str)] = &[
    ("E0800", "runtime/tests/invoke.rs"),
    ("E0801", "runtime/tests/invoke.rs"),
    ("E0816", "runtime/tests/invoke.rs"),
    ("E0817", "synth/tests/cli.rs"),
    ("E0818", "synth/tests/cli.rs"),
    ("E0819", "runtime/tests/invoke.rs"),
    ("E1001", "synth/tests/cli.rs"),
    ("E1002", "synth/tests/cli.rs"),
    ("E1003", "synth/tests/cli.rs"),
    ("E1004", "synth/tests/cli.rs"),
    ("E1005", "synth/tests/cli.rs"),
];

fn workspace() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The ids printed in the message snapshots (`error[E0104]`, `warning[W0128]`).
fn snapshotted() -> BTreeSet<String> {
    let dir = workspace().join("snapshots/tests/snapshots");
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (i, _) in text.match_indices('[') {
            let id = &text[i + 1..];
            if id.len() > 6
                && (id.starts_with('E') || id.starts_with('W'))
                && id[1..5].chars().all(|c| c.is_ascii_digit())
                && id[5..].starts_with(']')
            {
                ids.insert(id[..5].to_owned());
            }
        }
    }
    ids
}

#[test]
fn every_rule_fires_in_some_test() {
    let seen = snapshotted();
    let mut missing = Vec::new();
    for rule in constructs::rules::all() {
        if seen.contains(rule.id) {
            continue;
        }
        match ASSERTED_ELSEWHERE.iter().find(|(id, _)| *id == rule.id) {
            Some((id, file)) => {
                let text = std::fs::read_to_string(workspace().join(file))
                    .unwrap_or_else(|e| panic!("{file}: {e}"));
                assert!(text.contains(id), "{file} does not assert {id}");
            }
            None => missing.push(format!("{} ({})", rule.id, rule.title)),
        }
    }
    assert!(
        missing.is_empty(),
        "no test shows these rules firing; add a snapshotted case (snapshots/tests/errors.rs or \
         config_errors.rs):\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_snapshotted_id_is_a_published_rule() {
    for id in snapshotted() {
        assert!(
            constructs::rules::lookup(&id).is_some(),
            "{id} appears in a snapshot but `synth explain` does not know it"
        );
    }
}
