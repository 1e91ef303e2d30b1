//! Shared test support: event generators, the SageMaker stand-in, SDK configs for local
//! servers, and the moto endpoint.

// Test support: a panic here is a failed test with its message, which is what we want.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod dynamodb;
pub mod events;
#[cfg(feature = "local")]
pub mod kafka;
#[cfg(feature = "local")]
pub mod poller;
pub mod standin;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sagemakerruntime::config::{Credentials, SharedCredentialsProvider};

/// An SDK config for a local server: fake credentials set on the config itself (never the
/// environment's), region us-east-1, every service at `url`.
pub fn sdk_config(url: &str) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "testing", "testing", None, None, "tests",
        )))
        .endpoint_url(url)
        .http_client(runtime::clients::http_client())
        .build()
}

/// The moto server `.ci/test` starts; fails (never skips) when it is not there.
pub fn moto_endpoint() -> String {
    match std::env::var("MOTO_ENDPOINT") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!("MOTO_ENDPOINT is not set: run ./.ci/test, which starts moto"),
    }
}

/// A name no other test uses, in this run or an earlier one against the same moto or broker
/// (process id, start time, counter).
pub fn unique(prefix: &str) -> String {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    static STARTED: OnceLock<u128> = OnceLock::new();
    let started = STARTED.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis()
    });
    format!(
        "{prefix}-{}-{started}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// A file in the system's temporary directory, removed when dropped (a test that fails still
/// leaves nothing behind once it unwinds).
#[derive(Debug)]
pub struct TempFile(std::path::PathBuf);

impl TempFile {
    /// Writes `bytes` to a new file named after `prefix` (made unique) with `extension`.
    pub fn write(prefix: &str, extension: &str, bytes: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!("{}.{extension}", unique(prefix)));
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }
}

impl std::ops::Deref for TempFile {
    type Target = std::path::Path;

    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
