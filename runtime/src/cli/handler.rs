//! The handler a command outside Lambda runs: the score backend its flags choose, and the
//! configuration's sinks, reached through the SDK's environment.

use contract::{ContractError, ContractRule, FunctionConfig, ScorerConfig};

use super::args::{ScorerArgs, ScorerKind};
use crate::clients;
use crate::error::Error;
use crate::handler::Handler;
use crate::lambda::function_name;
use crate::scoring::backend::Backend;
use crate::scoring::embedded::EmbeddedScorer;
use crate::sinks::log::Log;

/// The handler the local commands run: the backend [`choose_backend`] picks and the
/// configuration's sinks, reached through the SDK's environment (credentials, region, endpoint
/// URL overrides), with its log lines on stderr (stdout carries results).
pub async fn local_handler(
    config: &FunctionConfig,
    scoring: &ScorerArgs,
) -> Result<Handler<Backend>, Error> {
    let sdk = clients::load_sdk_config().await;
    Ok(Handler::new(
        config,
        choose_backend(&sdk, config, scoring).await?,
        clients::sinks(&sdk, config),
        Log::Stderr,
        function_name("anomaly-function-local"),
    ))
}

/// The backend the local commands score with: `--model` (embedded), else the configuration's
/// (which `--endpoint` may have replaced); `--scorer` must agree with it.
pub async fn choose_backend(
    sdk: &aws_config::SdkConfig,
    config: &FunctionConfig,
    args: &ScorerArgs,
) -> Result<Backend, Error> {
    let argument = |field: &str, problem: &str, fix: &str| {
        Error::Config(vec![ContractError {
            rule: ContractRule::ScorerArguments,
            field: field.into(),
            problem: problem.into(),
            fix: fix.into(),
        }])
    };
    let configured_learn = match &config.scorer {
        ScorerConfig::Embedded { learn, .. } => Some(*learn),
        ScorerConfig::SageMaker { .. } => None,
    };
    match (args.scorer, &args.model, configured_learn) {
        (Some(ScorerKind::Sagemaker), Some(_), _) => Err(argument(
            "--model",
            "gives a model file, but --scorer is sagemaker",
            "drop --model, or use --scorer embedded",
        )),
        (_, Some(path), learn) => {
            let bytes = std::fs::read(path).map_err(|e| {
                argument(
                    "--model",
                    &format!("cannot read {}: {e}", path.display()),
                    "pass the model file `synth train` wrote",
                )
            })?;
            let learn = args.learn || learn.unwrap_or(false);
            EmbeddedScorer::from_bytes(&bytes, &config.features, learn, path.display().to_string())
                .map(|scorer| Backend::Embedded(Box::new(scorer)))
        }
        (Some(ScorerKind::Embedded), None, None) => Err(argument(
            "--scorer",
            "is embedded, but the configuration scores with an endpoint and no --model is given",
            "pass --model FILE (a model file `synth train` wrote)",
        )),
        (Some(ScorerKind::Sagemaker), None, Some(_)) => Err(argument(
            "--scorer",
            "is sagemaker, but the configuration scores with an embedded model",
            "pass --endpoint NAME",
        )),
        (_, None, Some(learn)) if args.learn && !learn => {
            let mut config = config.clone();
            if let ScorerConfig::Embedded { learn, .. } = &mut config.scorer {
                *learn = true;
            }
            clients::scorer(sdk, &config).await
        }
        (_, None, _) => clients::scorer(sdk, config).await,
    }
}
