//! cfn-lint (AWS's CloudFormation linter, which carries every resource schema) over a template
//! given as text or as files, JSON or YAML, with warnings counted as failures.
//!
//! The executable is the one `.ci/setup` pins (`.ci/cache/bin/cfn-lint` under the workspace
//! root), else `cfn-lint` on `PATH`. When neither exists, running fails with
//! [`Error::NotFound`], whose message names `.ci/setup`: a test never skips silently.
//!
//! ```no_run
//! use snapshots::cfn_lint::{CfnLint, Report};
//!
//! let template = r#"{"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}"#;
//! // Fails on an error or a warning, listing every finding; or when cfn-lint is missing.
//! CfnLint::new()
//!     .lint_text(template)
//!     .and_then(Report::require_clean)
//!     .unwrap_or_else(|e| panic!("the queue template: {e}"));
//! ```

mod error;
mod finding;
mod locate;
mod output;
mod report;
mod scratch;

use std::path::Path;
use std::process::Command;

pub use error::Error;
pub use finding::{Finding, Level};
pub use locate::pinned_path;
pub use report::Report;

/// A cfn-lint run's options: which checks to leave out. Warnings fail as errors do
/// (`--non-zero-exit-code warning`): [`Report::is_clean`] says whether either was found, and
/// [`Report::require_clean`] turns one into an [`Error`].
#[derive(Debug, Clone, Default)]
pub struct CfnLint {
    ignored_checks: Vec<String>,
}

impl CfnLint {
    /// A run with every check.
    pub fn new() -> Self {
        Self::default()
    }

    /// Leaves out the check `id` (e.g. `W2001`, an unused parameter).
    pub fn ignore_check(mut self, id: impl Into<String>) -> Self {
        self.ignored_checks.push(id.into());
        self
    }

    /// Lints `template` (JSON when it starts with `{`, else YAML), written to a scratch file
    /// that is removed afterwards.
    pub fn lint_text(&self, template: &str) -> Result<Report, Error> {
        let file = scratch::ScratchFile::write(template)?;
        self.lint_files(&[file.path()])
    }

    /// Writes each `(file name, template)` under `dir` (kept, so other tools such as checkov
    /// can read them too) and lints them in one run; each file's extension tells cfn-lint JSON
    /// from YAML, and each finding names its file.
    pub fn write_and_lint<N: AsRef<Path>, T: AsRef<str>>(
        &self,
        dir: &Path,
        templates: &[(N, T)],
    ) -> Result<Report, Error> {
        let mut paths = Vec::with_capacity(templates.len());
        for (name, template) in templates {
            let path = dir.join(name);
            std::fs::write(&path, template.as_ref()).map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
            paths.push(path);
        }
        self.lint_files(&paths)
    }

    /// Lints the template files at `paths` in one cfn-lint run (it loads its rules once).
    pub fn lint_files<P: AsRef<Path>>(&self, paths: &[P]) -> Result<Report, Error> {
        let program = locate::program();
        let mut command = Command::new(&program);
        command.args(["--format", "json", "--non-zero-exit-code", "warning"]);
        if !self.ignored_checks.is_empty() {
            command.arg("--ignore-checks").args(&self.ignored_checks);
        }
        command.arg("--").args(paths.iter().map(AsRef::as_ref));
        let out = command.output().map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound {
                pinned: pinned_path(),
            },
            _ => Error::Run {
                program: program.clone(),
                source,
            },
        })?;
        output::parse(&program, &out)
    }
}
