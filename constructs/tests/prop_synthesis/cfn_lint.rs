//! cfn-lint (AWS's CloudFormation linter, which carries every resource schema) over a sample
//! of templates synthesized from generated stack documents: every template synthesis accepts
//! must lint clean, warnings included. The sample is deterministic (a fixed seed) and includes
//! documents with hostile values that synthesis accepted, which is where a missing check shows
//! up.

use std::path::PathBuf;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
use snapshots::cfn_lint::{CfnLint, Report};

use crate::config;
use crate::support::generate::documents;
use crate::support::stack_file::{Outcome, run};

/// Templates linted per run.
const SAMPLE: usize = 24;

/// A fresh scratch directory under the system temp dir.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("prop-synthesis-cfn-lint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn generated_templates_pass_cfn_lint() {
    // `CFN_LINT_SEED` (a byte) and `CFN_LINT_SAMPLE` vary the sample for a longer hunt.
    let env = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
    };
    let seed = [env("CFN_LINT_SEED").map_or(0x5e, |s| s as u8); 32];
    let sample = env("CFN_LINT_SAMPLE").unwrap_or(SAMPLE);
    let mut runner = TestRunner::new_with_rng(
        config(sample as u32),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    );
    // Half valid documents, half documents with (mildly) hostile values that synthesis
    // accepted anyway: the second half is where a missing check shows up.
    let strategies = [documents(0), documents(1)];
    let dir = scratch();
    let mut files = Vec::new();
    let mut sources = Vec::new();
    let mut taken = [0; 2];
    let mut yamls = Vec::new();
    for attempt in 0..sample * 200 {
        let kind = attempt % 2;
        if taken[kind] == sample / 2 {
            continue;
        }
        let doc = strategies[kind]
            .new_tree(&mut runner)
            .expect("a document")
            .current();
        let Ok(text) = doc.text() else { continue };
        let Ok(Outcome::Synthesized(_, synthesized)) = run(&text, doc.format()) else {
            continue;
        };
        taken[kind] += 1;
        let path = dir.join(format!("generated-{attempt}.json"));
        std::fs::write(&path, synthesized.template.to_json()).expect("write");
        sources.push(format!("{}:\n{text}", path.display()));
        files.push(path);
        if kind == 1 {
            // The YAML rendering too, where hostile text tests the quoting and escapes.
            let yaml = dir.join(format!("generated-{attempt}.yaml"));
            std::fs::write(&yaml, synthesized.template.to_yaml()).expect("write");
            yamls.push(yaml);
        }
    }
    assert_eq!(
        files.len(),
        sample,
        "the generator synthesized too few stacks"
    );
    // W2001 (unused parameter): a document may declare parameters it never refers to.
    let mut templates = files;
    templates.extend(yamls);
    CfnLint::new()
        .ignore_check("W2001")
        .lint_files(&templates)
        .and_then(Report::require_clean)
        .unwrap_or_else(|e| {
            panic!(
                "generated templates: {e}\n\nstack files:\n{}",
                sources.join("\n\n")
            )
        });
    let _ = std::fs::remove_dir_all(&dir);
}
