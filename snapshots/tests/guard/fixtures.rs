//! The failing fixtures: `tests/guard/fixtures/RULE.yaml` or `RULE.CASE.yaml`, each a small
//! template on which the rule `RULE`, and no other, fails.

use std::path::Path;

use crate::rules::file_name;

/// A template on which one rule must fail.
pub struct Fixture {
    /// Its file name, e.g. `keys_rotate.yaml`.
    pub name: String,
    /// The rule it fails, from the file name up to the first `.`.
    pub rule: String,
    /// The template.
    pub text: String,
}

/// Every fixture, sorted by file name.
pub fn fixtures() -> Vec<Fixture> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/guard/fixtures");
    let mut fixtures: Vec<Fixture> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .map(|path| {
            let name = file_name(&path);
            let rule = name.split('.').next().unwrap_or_default().to_owned();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Fixture { name, rule, text }
        })
        .collect();
    fixtures.sort_by(|a, b| a.name.cmp(&b.name));
    fixtures
}
