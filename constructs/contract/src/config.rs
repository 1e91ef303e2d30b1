//! The function's configuration, decided at synthesis and read at cold start.

use serde::{Deserialize, Serialize};

use crate::features::FeatureSpec;
use crate::format::RecordFormat;
use crate::rule::ContractRule;
use crate::scorer::{ContentType, ScorerConfig};
use crate::sinks::SinkConfig;
use crate::threshold::Threshold;
use crate::validate::ContractError;
use crate::wire::{CONFIG_ENV, CONTRACT_VERSION, DEFAULT_METRICS_NAMESPACE};

/// Everything the function needs to know, decided at synthesis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FunctionConfig {
    /// Contract version; always [`CONTRACT_VERSION`].
    pub version: u32,
    /// How a record's value is read.
    #[serde(default)]
    pub record_format: RecordFormat,
    /// The features extracted from each record, in the order the model was trained on.
    pub features: Vec<FeatureSpec>,
    /// What scores the feature rows.
    pub scorer: ScorerConfig,
    /// When a score is an anomaly.
    pub threshold: Threshold,
    /// Where results go; every sink is optional.
    #[serde(default)]
    pub sinks: SinkConfig,
    /// The embedded-metric-format namespace.
    #[serde(default = "default_namespace")]
    pub metrics_namespace: String,
    /// True when the event source mapping has `FunctionResponseTypes: [ReportBatchItemFailures]`,
    /// so the function reports failed records instead of failing the whole batch.
    #[serde(default)]
    pub report_batch_item_failures: bool,
}

fn default_namespace() -> String {
    DEFAULT_METRICS_NAMESPACE.to_owned()
}

impl Default for FunctionConfig {
    /// The seed's defaults: JSON log lines with `response_time_ms`, `status` and
    /// `duration_ms`, a fixed threshold of 3.0, endpoint `rcf-anomaly-endpoint`, `text/csv`.
    fn default() -> Self {
        Self {
            version: CONTRACT_VERSION,
            record_format: RecordFormat::Json,
            features: ["response_time_ms", "status", "duration_ms"]
                .into_iter()
                .map(FeatureSpec::new)
                .collect(),
            scorer: ScorerConfig::SageMaker {
                endpoint_name: "rcf-anomaly-endpoint".into(),
                content_type: ContentType::Csv,
            },
            threshold: Threshold::Fixed { value: 3.0 },
            sinks: SinkConfig::default(),
            metrics_namespace: default_namespace(),
            report_batch_item_failures: false,
        }
    }
}

impl FunctionConfig {
    /// Parses and validates a config from its JSON text, as the runtime does at cold start.
    pub fn from_json(text: &str) -> Result<Self, Vec<ContractError>> {
        let config: Self = serde_json::from_str(text).map_err(|e| {
            vec![ContractError {
                rule: ContractRule::Json,
                field: CONFIG_ENV.into(),
                problem: format!("is not a valid configuration: {e}"),
                fix: "deploy the function and the stack from the same release, or correct the JSON"
                    .into(),
            }]
        })?;
        config.validate()?;
        Ok(config)
    }
}
