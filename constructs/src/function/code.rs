//! Where the function's deployment package comes from, and what it runs on.

use crate::props::Prop;
use crate::value::Value;

/// The deployment package: a `bootstrap.zip` in S3, built from the workspace's `runtime`
/// crate with `cargo lambda build --release --output-format zip`.
///
/// ```
/// use constructs::function::FunctionCode;
/// let code = FunctionCode::s3("my-artifacts", "anomaly-function/bootstrap.zip");
/// assert_eq!(code.bucket.as_str(), Some("my-artifacts"));
/// ```
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "Where the package is.")]
#[serde(deny_unknown_fields)]
pub struct FunctionCode {
    /// The S3 bucket (same region as the stack).
    #[schemars(extend("examples" = ["my-artifacts", "anomaly-packages-123456789012"], "pattern" = "^[a-z0-9.-]{3,63}$"))]
    pub bucket: Prop<String>,
    /// The object key.
    #[schemars(extend("examples" = ["anomaly-function/bootstrap.zip"], "minLength" = 1, "maxLength" = 1024))]
    pub key: Prop<String>,
}

impl FunctionCode {
    /// A package at `s3://bucket/key`; either may be a parameter.
    pub fn s3(bucket: impl Into<Value>, key: impl Into<Value>) -> Self {
        Self {
            bucket: Prop::new(bucket),
            key: Prop::new(key),
        }
    }
}

/// The instruction set the function runs on; it must match the binary in the package.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "A Lambda architecture.")]
pub enum Architecture {
    /// Graviton (`arm64`): cheaper per GB-second; build with `cargo lambda build --arm64`.
    #[default]
    #[serde(rename = "arm64")]
    #[schemars(rename = "arm64")]
    Arm64,
    /// `x86_64`.
    #[serde(rename = "x86_64")]
    #[schemars(rename = "x86_64")]
    X86_64,
}

impl Architecture {
    /// The name Lambda uses.
    pub fn lambda_name(self) -> &'static str {
        match self {
            Architecture::Arm64 => "arm64",
            Architecture::X86_64 => "x86_64",
        }
    }
}

/// The level of the function's own log lines that Lambda keeps (JSON log format).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "The function's log level.")]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "FunctionLogLevel")]
pub enum LogLevel {
    /// Everything.
    Trace,
    /// Debugging detail.
    Debug,
    /// Normal operation (anomalies are logged at this level).
    #[default]
    Info,
    /// Problems only.
    Warn,
    /// Failures only.
    Error,
}

impl LogLevel {
    /// The name Lambda's `ApplicationLogLevel` uses.
    pub fn lambda_name(self) -> &'static str {
        match self {
            LogLevel::Trace => "TRACE",
            LogLevel::Debug => "DEBUG",
            LogLevel::Info => "INFO",
            LogLevel::Warn => "WARN",
            LogLevel::Error => "ERROR",
        }
    }
}
