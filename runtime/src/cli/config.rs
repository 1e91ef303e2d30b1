//! The configuration a command outside Lambda runs with: `--config FILE`, else
//! [`CONFIG_ENV`], else the seed's defaults, with the scorer flags' overrides, validated.

use std::path::Path;

use contract::{
    CONFIG_ENV, ContentType, ContractError, ContractRule, FunctionConfig, ScorerConfig, Threshold,
};

use super::args::ScorerArgs;
use crate::error::Error;

/// Loads the configuration from a `--config` file (else [`CONFIG_ENV`], else the seed's
/// defaults), with an `--endpoint` name and a `--threshold` replacing the configuration's, and
/// validates it.
pub fn load_config(config: Option<&Path>, overrides: &ScorerArgs) -> Result<FunctionConfig, Error> {
    let text = match config {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
            Error::Config(vec![ContractError {
                rule: ContractRule::ConfigMissing,
                field: "--config".into(),
                problem: format!("cannot read {}: {e}", path.display()),
                fix: "pass a readable JSON file".into(),
            }])
        })?),
        None => std::env::var(CONFIG_ENV).ok(),
    };
    let mut config = match text {
        Some(text) => FunctionConfig::from_json(&text).map_err(Error::Config)?,
        None => FunctionConfig::default(),
    };
    if let Some(value) = overrides.threshold {
        config.threshold = Threshold::Fixed { value };
    }
    if let Some(name) = &overrides.endpoint {
        match &mut config.scorer {
            ScorerConfig::SageMaker { endpoint_name, .. } => name.clone_into(endpoint_name),
            // `--endpoint` asks for an endpoint: it replaces an embedded scorer.
            scorer @ ScorerConfig::Embedded { .. } => {
                *scorer = ScorerConfig::SageMaker {
                    endpoint_name: name.to_owned(),
                    content_type: ContentType::default(),
                }
            }
        }
    }
    config.validate().map_err(Error::Config)?;
    Ok(config)
}
