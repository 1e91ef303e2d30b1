//! The configuration contract between the stack and the function it deploys.
//!
//! `AnomalyFunction` (in `constructs`) serializes a [`FunctionConfig`] into the function's
//! environment variable [`CONFIG_ENV`]; the runtime parses and
//! [validates](FunctionConfig::validate) the same type at cold start. Both sides share this
//! one definition and the [wire constants](wire), so they cannot drift apart. This crate
//! depends on serde, and on `regex` to check a record format's pattern (its JSON Schema derive
//! is behind the `schema` feature, which the Lambda package leaves off).
//!
//! ```
//! use contract::FunctionConfig;
//! let config = FunctionConfig::default();
//! let json = serde_json::to_string(&config).unwrap();
//! let back: FunctionConfig = serde_json::from_str(&json).unwrap();
//! assert_eq!(back, config);
//! assert!(back.validate().is_ok());
//! ```

pub mod config;
pub mod derive;
pub mod features;
pub mod format;
pub mod rule;
pub mod scorer;
pub mod sinks;
pub mod threshold;
pub mod unit;
pub mod validate;
pub mod wire;

pub use config::FunctionConfig;
pub use derive::{CategoryMap, Derive};
pub use features::FeatureSpec;
pub use format::{
    ALB_FIELDS, ALB_REQUEST_PARTS, ALB_REQUIRED_FIELDS, COMBINED_FIELDS, COMBINED_TIMED_FIELDS,
    COMMON_FIELDS, REQUEST_PARTS, RecordFormat, compile_regex, group_names,
};
pub use rule::ContractRule;
pub use scorer::{
    ContentType, MAX_S3_KEY_BYTES, ModelSource, S3Object, ScorerConfig, is_valid_endpoint_name,
};
pub use sinks::SinkConfig;
pub use threshold::{AdaptiveThreshold, MAX_ADAPTIVE_WINDOW, ScoreStatistics, Threshold};
pub use unit::DurationUnit;
pub use validate::ContractError;
pub use wire::*;
