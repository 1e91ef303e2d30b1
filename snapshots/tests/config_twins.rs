//! Every example exists twice: as Rust (examples/src) and as a stack file
//! (examples/stacks/NAME.yaml). Both must synthesize byte-identical templates and the same
//! warnings, and every stack file must follow the published JSON Schema.

use std::path::{Path, PathBuf};

use constructs::config::{self, BuildOptions, StackFile};
use constructs::function::Architecture;
use examples::Options;

fn stacks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/stacks")
}

fn load(name: &str) -> StackFile {
    let path = stacks().join(format!("{name}.yaml"));
    StackFile::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// The first line where two texts differ, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  rust: {x}\n  yaml: {y}", i + 1);
        }
    }
    format!(
        "one is a prefix of the other ({} vs {} lines)",
        a.lines().count(),
        b.lines().count()
    )
}

fn assert_twins(name: &str, options: &Options, build: &BuildOptions) {
    let example = examples::find(name).unwrap_or_else(|| panic!("no example {name}"));
    let rust = (example.build)(options)
        .synth()
        .unwrap_or_else(|e| panic!("example {name}:\n{e}"));
    let yaml = load(name)
        .synth(build)
        .unwrap_or_else(|e| panic!("stack file {name}:\n{e}"));
    let (r, y) = (rust.template.to_json(), yaml.template.to_json());
    assert!(
        r == y,
        "{name}: templates differ at {}",
        first_difference(&r, &y)
    );
    assert_eq!(rust.warnings, yaml.warnings, "{name}: warnings differ");
    assert_eq!(
        ownership(&rust.tree),
        ownership(&yaml.tree),
        "{name}: construct trees differ"
    );
}

/// Each node's path, kind and entries (in any order: a file adds its constructs section by
/// section, a Rust example in its own order).
fn ownership(tree: &constructs::ConstructTree) -> Vec<(String, &'static str, Vec<String>)> {
    let mut nodes: Vec<_> = tree
        .nodes()
        .map(|node| {
            let mut ids: Vec<String> = node.logical_ids().iter().map(ToString::to_string).collect();
            ids.sort();
            (node.path().to_owned(), node.kind(), ids)
        })
        .collect();
    nodes.sort();
    nodes
}

#[test]
fn every_example_has_a_twin_that_synthesizes_the_same_template() {
    for example in examples::all() {
        assert_twins(example.name, &Options::default(), &BuildOptions::default());
    }
}

#[test]
fn twins_agree_on_the_package_options_too() {
    let key = "anomaly-function/0123abcd.zip";
    for example in examples::all() {
        assert_twins(
            example.name,
            &Options {
                code_key: Some(key.to_owned()),
                architecture: Architecture::X86_64,
            },
            &BuildOptions {
                code_key: Some(key.to_owned()),
                architecture: Some(Architecture::X86_64),
            },
        );
    }
}

#[test]
fn every_stack_file_is_an_example() {
    let names: Vec<&str> = examples::all().iter().map(|e| e.name).collect();
    for entry in std::fs::read_dir(stacks()).unwrap_or_else(|e| panic!("examples/stacks: {e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            assert!(names.contains(&stem), "{} has no example", path.display());
        }
    }
}

#[test]
fn every_stack_file_follows_the_schema() {
    let schema = config::schema();
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("schema: {e}"));
    for example in examples::all() {
        let file = load(example.name).to_json();
        let errors: Vec<String> = validator
            .iter_errors(&file)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            example.name,
            errors.join("\n")
        );
    }
}

#[test]
fn the_schema_refuses_what_the_parser_refuses() {
    let validator =
        jsonschema::validator_for(&config::schema()).unwrap_or_else(|e| panic!("schema: {e}"));
    let mut file = load("complete_msk").to_json();
    file["kafka_sources"]["AppLogs"]["batch_siz"] = serde_json::json!(5);
    assert!(!validator.is_valid(&file));
    let mut file = load("complete_msk").to_json();
    file["endpoints"]["Scorer"]["existing"] = serde_json::json!("rcf");
    assert!(!validator.is_valid(&file), "existing and create together");
}

#[test]
fn the_checked_in_schema_is_current() {
    let path = stacks().join(config::SCHEMA_FILE);
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == config::schema_json(),
        "{} is stale: run `cargo run -p synth -- schema > examples/stacks/{}`",
        path.display(),
        config::SCHEMA_FILE
    );
}
