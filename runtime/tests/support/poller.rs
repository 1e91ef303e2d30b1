//! The built `anomaly-function` as a child process (`local`, `produce`, `serve-zscore`): fake
//! AWS credentials, endpoints pointed at local servers, stdout read line by line as it comes,
//! stderr kept in a file for failure messages; SIGINT and SIGKILL on request.

// Test support: a panic here is a failed test with its message, which is what we want.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use runtime::InvocationResult;

use super::unique;

/// A running `anomaly-function`.
pub struct Process {
    label: String,
    child: Child,
    lines: Receiver<String>,
    stderr: PathBuf,
}

/// The environment every child gets: fake credentials, no shared config, no instance
/// metadata, a region, and `endpoints` (`AWS_ENDPOINT_URL_<SERVICE>` → URL).
pub fn aws_env(endpoints: &[(&str, String)]) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = [
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("AWS_CONFIG_FILE", "/nonexistent"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
        ("NO_PROXY", "127.0.0.1,localhost"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    env.extend(endpoints.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    env
}

impl Process {
    /// Starts the binary with `args` and exactly `env` (plus PATH).
    pub fn start(args: &[String], env: &[(String, String)]) -> Self {
        let stderr = std::env::temp_dir().join(format!("{}.stderr", unique("anomaly-function")));
        let mut child = Command::new(env!("CARGO_BIN_EXE_anomaly-function"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Self {
            label: args.iter().take(1).cloned().collect(),
            child,
            lines,
            stderr,
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What it wrote to stderr so far, after a line naming the process.
    pub fn stderr(&self) -> String {
        format!(
            "[{} pid {}]\n{}",
            self.label,
            self.pid(),
            std::fs::read_to_string(&self.stderr).unwrap_or_default()
        )
    }

    /// The next stdout line, waiting up to `timeout`; panics with stderr when none comes.
    pub fn line(&self, timeout: Duration) -> String {
        match self.lines.recv_timeout(timeout) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => {
                panic!("no output within {timeout:?}; stderr:\n{}", self.stderr())
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("stdout closed; stderr:\n{}", self.stderr())
            }
        }
    }

    /// The next result line.
    pub fn result(&self, timeout: Duration) -> InvocationResult {
        let line = self.line(timeout);
        serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("not a result ({e}): {line}\nstderr:\n{}", self.stderr()))
    }

    /// Result lines until they hold `records` records in all, within `timeout`.
    pub fn results_until(&self, records: usize, timeout: Duration) -> Vec<InvocationResult> {
        let until = Instant::now() + timeout;
        let mut results = Vec::new();
        let mut seen = 0;
        while seen < records {
            let left = until.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "{seen} of {records} records within {timeout:?}; stderr:\n{}",
                self.stderr()
            );
            let r = self.result(left);
            seen += r.records;
            results.push(r);
        }
        results
    }

    /// Sends SIGINT (Ctrl-C).
    pub fn interrupt(&self) {
        let status = Command::new("kill")
            .args(["-INT", &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Sends SIGKILL and reaps the process.
    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Waits for the exit, up to `timeout`.
    pub fn wait(&mut self, timeout: Duration) -> ExitStatus {
        let until = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < until,
                "still running after {timeout:?}; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// True when stdout has no further line within `wait`.
    pub fn quiet_for(&self, wait: Duration) -> bool {
        matches!(
            self.lines.recv_timeout(wait),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected)
        )
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let _ = std::fs::remove_file(&self.stderr);
    }
}
