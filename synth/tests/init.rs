//! `synth init`: for every source, the starter files, once their placeholders are filled,
//! synthesize a template cfn-lint accepts without errors or warnings; with `--rust`, the
//! crate builds the same template with the library.

// Test helpers panic on setup failures: a panic here is a failed test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::process::Command;

use snapshots::cfn_lint::{CfnLint, Report};
use support::{scratch, stderr, stdout, synth};

const SOURCES: [&str; 4] = ["msk", "self-managed", "confluent", "eks"];

/// What a user writes over each `"<placeholder>"` of the starter files.
const FILLED: [(&str, &str); 10] = [
    ("<topic>", "app-logs"),
    (
        "<arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID>",
        "arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2",
    ),
    (
        "<arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf>",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-user-AbCdEf",
    ),
    ("<vpc-0123456789abcdef0>", "vpc-0123456789abcdef0"),
    ("<subnet-0123456789abcdef0>", "subnet-0123456789abcdef0"),
    ("<subnet-0fedcba9876543210>", "subnet-0fedcba9876543210"),
    ("<sg-0123456789abcdef0>", "sg-0123456789abcdef0"),
    ("<broker-1.example.com:9096>", "b-1.kafka.example.com:9096"),
    ("<broker-2.example.com:9096>", "b-2.kafka.example.com:9096"),
    (
        "<s3://BUCKET/PATH/model.tar.gz>",
        "s3://my-models/rcf/output/model.tar.gz",
    ),
];

const CONFLUENT_BOOTSTRAP: (&str, &str) = (
    "<pkc-abc12.REGION.aws.confluent.cloud:9092>",
    "pkc-abc12.us-east-1.aws.confluent.cloud:9092",
);

/// `text` with every quoted placeholder filled; fails on a placeholder the table misses.
fn fill(text: &str) -> String {
    let mut out = text.to_owned();
    for (placeholder, value) in FILLED.iter().chain([&CONFLUENT_BOOTSTRAP]) {
        out = out.replace(&format!("\"{placeholder}\""), &format!("\"{value}\""));
    }
    if let Some(line) = out.lines().find(|l| l.contains("\"<")) {
        panic!("a placeholder this test does not fill: {line}");
    }
    out
}

fn init(dir: &Path, source: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["init", "--source", source, "--dir", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    synth(&args)
}

#[test]
fn every_starter_synthesizes_a_lint_clean_template_once_filled() {
    for source in SOURCES {
        let dir = scratch(&format!("init-{source}"));
        let o = init(&dir, source, &["--name", "orders-anomaly"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let stack = dir.join("stack.yaml");
        let text = std::fs::read_to_string(&stack).unwrap();
        assert!(text.starts_with("# yaml-language-server: $schema=stack.schema.json\n"));
        assert!(text.contains("name: orders-anomaly\n"), "{text}");

        // Unfilled, every placeholder is an error pointing at its line.
        let o = synth(&["validate", "--config", stack.to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{source}: placeholders must not validate"
        );
        assert!(stderr(&o).contains("stack.yaml:"), "{}", stderr(&o));

        std::fs::write(&stack, fill(&text)).unwrap();
        let o = synth(&["validate", "--config", stack.to_str().unwrap()]);
        assert!(o.status.success(), "{source}: {}", stderr(&o));
        let o = synth(&["--config", stack.to_str().unwrap()]);
        assert!(o.status.success(), "{source}: {}", stderr(&o));
        CfnLint::new()
            .lint_text(&stdout(&o))
            .and_then(Report::require_clean)
            .unwrap_or_else(|e| panic!("the {source} starter: {e}"));

        let schema = std::fs::read_to_string(dir.join("stack.schema.json")).unwrap();
        assert_eq!(schema, constructs::config::schema_json());
    }
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = scratch("init-twice");
    assert!(init(&dir, "msk", &[]).status.success());
    let stack = dir.join("stack.yaml");
    std::fs::write(&stack, "name: mine\n").unwrap();
    let o = init(&dir, "confluent", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exist"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&stack).unwrap(), "name: mine\n");
    let o = init(&dir, "confluent", &["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&stack)
            .unwrap()
            .contains("confluent:")
    );
}

#[test]
fn init_refuses_a_name_that_is_not_a_stack_name() {
    let dir = scratch("init-bad-name");
    let o = init(&dir, "msk", &["--name", "9 lives"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("is not a CloudFormation stack name"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.join("stack.yaml").exists());
}

#[test]
fn the_rust_starter_builds_the_same_template_as_the_stack_file() {
    let target = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("init-rust-target");
    for source in SOURCES {
        let dir = scratch(&format!("init-rust-{source}"));
        let o = init(&dir, source, &["--rust", "--name", "orders-anomaly"]);
        assert!(o.status.success(), "{}", stderr(&o));
        for file in ["stack.yaml", "src/main.rs"] {
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, fill(&text)).unwrap();
        }
        let run = Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--offline", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("cargo runs");
        assert!(
            run.status.success(),
            "{source}: the Rust starter failed:\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let from_file = synth(&["--config", dir.join("stack.yaml").to_str().unwrap()]);
        assert_eq!(
            String::from_utf8_lossy(&run.stdout),
            stdout(&from_file),
            "{source}: the Rust starter and stack.yaml differ"
        );
    }
}
