//! Where the function's log lines go: stdout under Lambda (CloudWatch Logs reads it), stderr
//! for the local `invoke` (whose stdout is the result), or memory in tests.

use std::io::Write;
use std::sync::{Arc, Mutex};

/// A destination for structured log lines (one JSON object per line).
#[derive(Debug, Clone, Default)]
pub enum Log {
    /// Standard output (Lambda).
    #[default]
    Stdout,
    /// Standard error (local `invoke`).
    Stderr,
    /// Kept in memory, for tests to read.
    Memory(Arc<Mutex<Vec<String>>>),
}

impl Log {
    /// A log that keeps its lines in memory; read them with [`Log::lines`].
    pub fn memory() -> Self {
        Log::Memory(Arc::default())
    }

    /// Writes one line. A log that cannot be written to is not a reason to fail a batch.
    pub fn line(&self, line: &str) {
        match self {
            Log::Stdout => {
                let _ = writeln!(std::io::stdout().lock(), "{line}");
            }
            Log::Stderr => {
                let _ = writeln!(std::io::stderr().lock(), "{line}");
            }
            Log::Memory(lines) => {
                if let Ok(mut lines) = lines.lock() {
                    lines.push(line.to_owned());
                }
            }
        }
    }

    /// Writes many lines under one lock.
    pub fn lines_from<I: IntoIterator<Item = String>>(&self, lines: I) {
        match self {
            Log::Stdout => {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                for l in lines {
                    let _ = writeln!(out, "{l}");
                }
            }
            Log::Stderr => {
                let mut out = std::io::BufWriter::new(std::io::stderr().lock());
                for l in lines {
                    let _ = writeln!(out, "{l}");
                }
            }
            Log::Memory(_) => {
                for l in lines {
                    self.line(&l);
                }
            }
        }
    }

    /// The lines written so far (empty unless this is a memory log).
    pub fn lines(&self) -> Vec<String> {
        match self {
            Log::Memory(lines) => lines.lock().map(|l| l.clone()).unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}
