//! Running the `synth` binary as a user does, in scratch directories.

// Test helpers panic on setup failures: a panic here is a failed test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used, dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn synth(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synth"))
        .args(args)
        .output()
        .expect("synth runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch directory under the target dir, fresh per test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("synth-cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A zip holding `bootstrap` with the ELF header of `machine`.
pub fn package(dir: &Path, entry: &str, machine: u16) -> PathBuf {
    package_with(dir, entry, machine, &[])
}

/// [`package`], plus `files` (name and content).
pub fn package_with(dir: &Path, entry: &str, machine: u16, files: &[(&str, &[u8])]) -> PathBuf {
    let path = dir.join("bootstrap.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("zip file"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(entry, options).expect("entry");
    let mut elf = vec![0u8; 64];
    elf[..4].copy_from_slice(b"\x7fELF");
    elf[4] = 2;
    elf[5] = 1;
    elf[18..20].copy_from_slice(&machine.to_le_bytes());
    zip.write_all(&elf).expect("write");
    for (name, content) in files {
        zip.start_file(*name, options).expect("entry");
        zip.write_all(content).expect("write");
    }
    zip.finish().expect("finish");
    path
}

/// A model file trained by `synth train` on a few JSON log lines with `features`.
pub fn model(dir: &Path, features: &str) -> PathBuf {
    let data = dir.join("history.jsonl");
    let lines: String = (0..300)
        .map(|i| {
            format!(
                "{{\"response_time_ms\":{},\"status\":200,\"duration_ms\":{}}}\n",
                100 + i % 17,
                50 + i % 5
            )
        })
        .collect();
    std::fs::write(&data, lines).expect("data");
    let path = dir.join(format!("model-{}.json", features.replace(',', "-")));
    let o = synth(&[
        "train",
        "--data",
        data.to_str().expect("utf-8 path"),
        "--features",
        features,
        "--trees",
        "10",
        "--sample-size",
        "32",
        "--output",
        path.to_str().expect("utf-8 path"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    path
}
