//! The table of create-only properties `synth diff` uses (`synth/src/diff/schema_table.rs`) is
//! generated from the resource schemas cfn-lint bundles, and this test is its generator: it
//! rebuilds the table from the installed cfn-lint and fails when the committed file differs, so
//! the table cannot drift from the schemas CI lints with. After upgrading cfn-lint, rewrite it
//! with `SYNTH_UPDATE_CREATE_ONLY=1 cargo test -p synth --test create_only_table` and review
//! the diff: a property that became create-only turns some updates into replacements.
//!
//! The resource types are every `"AWS::Service::Type"` literal in the constructs' and examples'
//! sources that names a resource type in the schemas (so a new resource type is covered as soon
//! as its code exists), and the test checks that every example's template uses no other type.
//!
//! The schemas are found next to the `cfn-lint` on PATH (`.ci/test` puts the pinned one there),
//! or in `CFN_LINT_SCHEMAS` (cfn-lint's `data/schemas` directory) when that is set.

// Test helpers panic on setup failures: a panic here is a failed test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

const TABLE: &str = "src/diff/schema_table.rs";
/// The region whose provider list names each type's schema: us-east-1 has every type we emit.
const REGION: &str = "us-east-1";

#[test]
fn the_create_only_table_matches_the_installed_cfn_lint() {
    let schemas = schemas_dir();
    let version = cfn_lint_version(&schemas);
    let date = read_json(&schemas.join("version.json"))["schema_date"]
        .as_str()
        .expect("version.json has a schema_date")
        .to_owned();
    let providers = read_json(&schemas.join("providers").join(format!("{REGION}.json")));
    let providers = providers.as_object().expect("a provider list");

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut types = BTreeMap::new();
    for dir in ["constructs/src", "examples/src"] {
        for literal in type_literals(&root.join(dir)) {
            if let Some(hash) = providers.get(&literal).and_then(Value::as_str) {
                let schema = read_json(&schemas.join("resources").join(format!("{hash}.json")));
                types.insert(literal, create_only(&schema));
            }
        }
    }
    assert!(
        types.contains_key("AWS::Lambda::EventSourceMapping"),
        "the scan of the constructs' sources found the resource types: {types:?}"
    );

    for example in examples::all() {
        let template = (example.build)(&examples::Options::default())
            .synth()
            .unwrap_or_else(|e| panic!("{} synthesizes: {e}", example.name))
            .template;
        for (id, resource) in &template.resources {
            assert!(
                types.contains_key(resource.resource_type),
                "{}: {id} is a {}, which no `\"AWS::…\"` literal in the constructs' sources names",
                example.name,
                resource.resource_type
            );
        }
    }

    let generated = render(&version, &date, &types);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(TABLE);
    if std::env::var_os("SYNTH_UPDATE_CREATE_ONLY").is_some() {
        std::fs::write(&path, &generated).expect("write the table");
        return;
    }
    let committed = std::fs::read_to_string(&path).expect("the committed table");
    assert!(
        committed == generated,
        "{TABLE} differs from what cfn-lint {version}'s schemas (dated {date}) give; \
         rewrite it with `SYNTH_UPDATE_CREATE_ONLY=1 cargo test -p synth --test create_only_table` \
         and review the diff.\n--- generated ---\n{generated}"
    );
}

/// The schemas' directory: `CFN_LINT_SCHEMAS`, else the `cfnlint/data/schemas` of the virtual
/// environment the `cfn-lint` on PATH runs in.
fn schemas_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CFN_LINT_SCHEMAS") {
        return PathBuf::from(dir);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let executable = std::env::split_paths(&path)
        .map(|dir| dir.join("cfn-lint"))
        .find(|candidate| candidate.is_file())
        .expect("cfn-lint is not on PATH: run the tests with ./.ci/test, which puts the pinned one there, or set CFN_LINT_SCHEMAS");
    let real = std::fs::canonicalize(&executable).expect("cfn-lint's real path");
    let venv = real
        .parent()
        .and_then(Path::parent)
        .expect("cfn-lint lives in a virtual environment's bin/");
    let lib = venv.join("lib");
    std::fs::read_dir(&lib)
        .unwrap_or_else(|e| panic!("{}: {e}", lib.display()))
        .map(|entry| {
            entry
                .unwrap()
                .path()
                .join("site-packages/cfnlint/data/schemas")
        })
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| panic!("no cfnlint/data/schemas under {}", lib.display()))
}

/// The cfn-lint release installed next to `schemas` (its `cfn_lint-VERSION.dist-info`).
fn cfn_lint_version(schemas: &Path) -> String {
    let site_packages = schemas.ancestors().nth(3).expect("site-packages");
    std::fs::read_dir(site_packages)
        .expect("site-packages")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            Some(
                name.strip_prefix("cfn_lint-")?
                    .strip_suffix(".dist-info")?
                    .to_owned(),
            )
        })
        .next()
        .expect("a cfn_lint-VERSION.dist-info next to cfnlint")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `"AWS::A::B"` string literal in the Rust files below `dir`.
fn type_literals(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split('"').skip(1).step_by(2) {
                    let parts: Vec<&str> = piece.split("::").collect();
                    let is_type = parts.len() == 3
                        && parts[0] == "AWS"
                        && parts[1..]
                            .iter()
                            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
                    if is_type {
                        out.push(piece.to_owned());
                    }
                }
            }
        }
    }
    out
}

/// A schema's `createOnlyProperties`, below `/properties/`, sorted.
fn create_only(schema: &Value) -> Vec<String> {
    let mut paths: Vec<String> = schema["createOnlyProperties"]
        .as_array()
        .map(|paths| {
            paths
                .iter()
                .filter_map(Value::as_str)
                .map(|p| p.strip_prefix("/properties/").unwrap_or(p).to_owned())
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
}

fn render(version: &str, date: &str, types: &BTreeMap<String, Vec<String>>) -> String {
    let mut out = format!(
        "//! CloudFormation's create-only properties (changing one replaces the resource) of every
//! resource type the constructs emit, from the resource schemas cfn-lint {version} bundles
//! ({REGION}; schema date {date}).
//!
//! Generated by `SYNTH_UPDATE_CREATE_ONLY=1 cargo test -p synth --test create_only_table`,
//! which fails while this file differs from the installed cfn-lint's schemas. Do not edit.

/// The cfn-lint release whose bundled schemas this table comes from.
pub const CFN_LINT_VERSION: &str = \"{version}\";

/// The `schema_date` of those schemas (`cfnlint/data/schemas/version.json`).
pub const SCHEMA_DATE: &str = \"{date}\";

/// Resource type → its create-only property paths: `/`-separated below `Properties`, `*` for
/// every item of a list; sorted. A type with none changes every property in place.
#[rustfmt::skip]
pub const CREATE_ONLY: &[(&str, &[&str])] = &[
"
    );
    for (resource_type, paths) in types {
        let paths: Vec<String> = paths.iter().map(|p| format!("{p:?}")).collect();
        let _ = writeln!(out, "    ({resource_type:?}, &[{}]),", paths.join(", "));
    }
    out.push_str("];\n");
    out
}
