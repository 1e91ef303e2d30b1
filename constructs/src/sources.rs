//! The crate's own source files, for tests that hold the code to a convention (which module
//! may name a waived check, which reasons an unscoped grant may give).

use std::path::PathBuf;

/// Every file under `constructs/src`, with its text, in no particular order.
pub(crate) fn source_files() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                files.push((path, text));
            }
        }
    }
    files
}
