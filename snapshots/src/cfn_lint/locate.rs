//! Which cfn-lint runs: the pinned one, else the one on `PATH`.

use std::path::{Path, PathBuf};

/// Where `.ci/setup` installs the pinned cfn-lint: `.ci/cache/bin/cfn-lint` under the
/// workspace root (the parent of this crate's folder).
pub fn pinned_path() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .unwrap_or(manifest)
        .join(".ci/cache/bin/cfn-lint")
}

/// The pinned cfn-lint when it exists, else the bare name, which the OS looks up on `PATH`.
pub(super) fn program() -> PathBuf {
    let pinned = pinned_path();
    if pinned.is_file() {
        pinned
    } else {
        PathBuf::from("cfn-lint")
    }
}
