//! Why a cfn-lint run produced no report.

use std::path::PathBuf;

use super::Report;

/// Why a cfn-lint run produced no [`Report`], or why a report was refused by
/// [`Report::require_clean`] or [`Report::require_silent`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The run found what the caller requires it not to.
    #[error("cfn-lint found problems:\n{report}")]
    Findings {
        /// Everything it found.
        report: Report,
    },
    /// Neither the pinned cfn-lint nor one on `PATH` exists.
    #[error(
        "cfn-lint is not installed: {} does not exist and there is no `cfn-lint` on PATH; run `.ci/setup` (it installs the pinned cfn-lint there) or put cfn-lint on PATH",
        pinned.display()
    )]
    NotFound {
        /// Where `.ci/setup` puts the pinned cfn-lint.
        pinned: PathBuf,
    },
    /// The template could not be written where cfn-lint reads it.
    #[error("could not write the template to {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// cfn-lint exists but could not be started.
    #[error("could not run {}: {source}", program.display())]
    Run {
        /// The executable.
        program: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// cfn-lint ran but its output is not a report: it crashed, was killed, or its exit status
    /// disagrees with the findings it printed.
    #[error("{} gave no usable report ({problem}); exit status {status}\nstdout:\n{stdout}\nstderr:\n{stderr}", program.display())]
    Output {
        /// The executable.
        program: PathBuf,
        /// What is wrong with the output.
        problem: String,
        /// Its exit status, as the OS reported it.
        status: String,
        /// What it printed on stdout.
        stdout: String,
        /// What it printed on stderr.
        stderr: String,
    },
}
