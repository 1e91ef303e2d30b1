//! A template written to a file of its own for one cfn-lint run, removed afterwards.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Error;

/// Tells apart the scratch files of one process's concurrent tests.
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A template in a file under the system temp dir, named after this process and a counter,
/// with the extension its text calls for; removed on drop.
pub(super) struct ScratchFile(PathBuf);

impl ScratchFile {
    /// Writes `template` to a fresh file: `.json` when it starts with `{`, else `.yaml`.
    pub(super) fn write(template: &str) -> Result<Self, Error> {
        let extension = if template.trim_start().starts_with('{') {
            "json"
        } else {
            "yaml"
        };
        let path = std::env::temp_dir().join(format!(
            "cfn-lint-{}-{}.{extension}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, template).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        Ok(Self(path))
    }

    /// Where the template is.
    pub(super) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchFile {
    fn drop(&mut self) {
        // A leftover file in the temp dir is harmless; a failed removal is not worth a panic.
        let _ = std::fs::remove_file(&self.0);
    }
}
