//! The Lambda entry point: configuration and clients at cold start, then one handler call
//! per invocation through `lambda_runtime`.

use std::sync::Arc;

use contract::{CONFIG_ENV, ContractError, ContractRule, FunctionConfig};
use lambda_runtime::{Diagnostic, LambdaEvent, service_fn};
use serde_json::value::RawValue;

use crate::clients;
use crate::deadline::Deadline;
use crate::error::Error;
use crate::handler::Handler;
use crate::sinks::log::Log;

/// Reads and validates the configuration from [`CONFIG_ENV`]; every broken rule is listed.
pub fn config_from_env() -> Result<FunctionConfig, Error> {
    match std::env::var(CONFIG_ENV) {
        Ok(text) => FunctionConfig::from_json(&text).map_err(Error::Config),
        Err(_) => Err(Error::Config(vec![ContractError {
            rule: ContractRule::ConfigMissing,
            field: CONFIG_ENV.into(),
            problem: "is not set".into(),
            fix: "deploy the function with its stack, which sets it to the JSON configuration"
                .into(),
        }])),
    }
}

/// The function's name as Lambda gives it, or `fallback` outside Lambda.
pub fn function_name(fallback: &str) -> String {
    std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_else(|_| fallback.to_owned())
}

impl From<Error> for Diagnostic {
    fn from(e: Error) -> Self {
        Diagnostic {
            error_type: e.kind().to_owned(),
            error_message: e.to_string(),
        }
    }
}

/// Runs the function under the Lambda runtime API. A bad configuration, or an embedded
/// model that cannot be read or does not fit the features, fails the cold start with every
/// broken rule in the message.
pub async fn run() -> Result<(), lambda_runtime::Error> {
    let config = config_from_env()?;
    let sdk = clients::load_sdk_config().await;
    let handler = Arc::new(Handler::new(
        &config,
        clients::scorer(&sdk, &config).await?,
        clients::sinks(&sdk, &config),
        Log::Stdout,
        function_name("anomaly-function"),
    ));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Box<RawValue>>| {
        let handler = Arc::clone(&handler);
        async move {
            let deadline = Deadline::from_epoch_millis(event.context.deadline);
            handler
                .handle(event.payload.get().as_bytes(), deadline)
                .await
        }
    }))
    .await
}
