//! The AWS SDK configuration and the clients built from it, once per cold start.
//!
//! One HTTP/TLS stack: hyper 1 with rustls on *ring* (the SDK crates' default features are
//! off). Endpoints follow the SDK's standard overrides: `AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME`,
//! `AWS_ENDPOINT_URL_DYNAMODB`, … or `AWS_ENDPOINT_URL` for all services.

pub mod s3;

use std::path::PathBuf;
use std::time::Duration;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sagemakerruntime::config::SharedHttpClient;
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
use contract::{ContractError, ContractRule, FunctionConfig, ModelSource, S3Object, ScorerConfig};

use crate::error::Error;
use crate::scoring::backend::Backend;
use crate::scoring::embedded::EmbeddedScorer;
use crate::scoring::sagemaker::SageMakerEndpoint;
use crate::sinks::Sinks;
use crate::sinks::dynamodb::AnomalyTable;
use crate::sinks::sns::AlertTopic;
use crate::sinks::sqs::BadRecordQueue;

/// The region used when nothing in the environment names one (local runs only).
pub const FALLBACK_REGION: &str = "us-east-1";

/// Loads the SDK configuration from the environment (credentials, region, endpoint
/// overrides), with the rustls/ring HTTPS client. When no region is configured
/// (`AWS_REGION`, `AWS_DEFAULT_REGION`), [`FALLBACK_REGION`] is used rather than asking
/// instance metadata.
pub async fn load_sdk_config() -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(http_client());
    let region_set = ["AWS_REGION", "AWS_DEFAULT_REGION"]
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|r| !r.is_empty()));
    if !region_set {
        loader = loader.region(Region::new(FALLBACK_REGION));
    }
    loader.load().await
}

/// The HTTP client every AWS client uses: hyper 1 with rustls on *ring*; it also speaks
/// plain `http://` for local stand-ins.
pub fn http_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https()
}

/// The SageMaker endpoint the config names.
pub fn endpoint(sdk: &SdkConfig, config: &FunctionConfig) -> SageMakerEndpoint {
    let endpoint_name = match &config.scorer {
        ScorerConfig::SageMaker { endpoint_name, .. } => endpoint_name.clone(),
        // An embedded scorer has no endpoint; `scorer` builds the backend a config names.
        ScorerConfig::Embedded { .. } => String::new(),
    };
    SageMakerEndpoint::new(aws_sdk_sagemakerruntime::Client::new(sdk), endpoint_name)
}

/// The scorer the config names: its SageMaker endpoint, or its embedded forest with the
/// model file loaded (from the package or S3) and checked against the config's features.
/// A model that cannot be read or does not fit fails the cold start.
pub async fn scorer(sdk: &SdkConfig, config: &FunctionConfig) -> Result<Backend, Error> {
    match &config.scorer {
        ScorerConfig::SageMaker { .. } => Ok(Backend::SageMaker(endpoint(sdk, config))),
        ScorerConfig::Embedded { model, learn } => {
            let (bytes, source) = read_model(sdk, model).await?;
            EmbeddedScorer::from_bytes(&bytes, &config.features, *learn, source)
                .map(|scorer| Backend::Embedded(Box::new(scorer)))
        }
    }
}

/// Time allowed to read a model file from S3 (one attempt: a failed cold start is retried by
/// Lambda).
pub const MODEL_READ_TIMEOUT: Duration = Duration::from_secs(20);

/// The model file's bytes and a description of where they came from. A bundled file is read
/// below `$LAMBDA_TASK_ROOT` (the unpacked package; the working directory outside Lambda).
pub async fn read_model(sdk: &SdkConfig, model: &ModelSource) -> Result<(Vec<u8>, String), Error> {
    let unreadable = |field: &str, problem: String, fix: &str| {
        Error::Config(vec![ContractError {
            rule: ContractRule::ModelUnreadable,
            field: field.into(),
            problem,
            fix: fix.into(),
        }])
    };
    match model {
        ModelSource::Bundled(path) => {
            let root =
                std::env::var_os("LAMBDA_TASK_ROOT").map_or_else(PathBuf::new, PathBuf::from);
            let file = root.join(path);
            let bytes = std::fs::read(&file).map_err(|e| {
                unreadable(
                    "scorer.model.bundled",
                    format!("cannot read {}: {e}", file.display()),
                    "put the model file written by `synth train` into the deployment zip at that path",
                )
            })?;
            Ok((bytes, file.display().to_string()))
        }
        ModelSource::S3(S3Object { bucket, key }) => {
            let source = format!("s3://{bucket}/{key}");
            let bytes = s3::get_object(sdk, bucket, key, MODEL_READ_TIMEOUT)
                .await
                .map_err(|e| {
                    unreadable(
                        "scorer.model.s3",
                        format!("cannot read {source}: {e}"),
                        "upload the model file written by `synth train` there, and let the function's role s3:GetObject it (and kms:Decrypt with the bucket's key, if it has a customer-managed one)",
                    )
                })?;
            Ok((bytes, source))
        }
    }
}

/// The sinks the config names.
pub fn sinks(sdk: &SdkConfig, config: &FunctionConfig) -> Sinks {
    let s = &config.sinks;
    Sinks {
        table: s
            .anomaly_table
            .as_ref()
            .map(|t| AnomalyTable::new(aws_sdk_dynamodb::Client::new(sdk), t, s.anomaly_ttl_days)),
        alerts: s
            .alert_topic_arn
            .as_ref()
            .map(|t| AlertTopic::new(aws_sdk_sns::Client::new(sdk), t)),
        bad_records: s
            .bad_record_queue_url
            .as_ref()
            .map(|q| BadRecordQueue::new(aws_sdk_sqs::Client::new(sdk), q)),
    }
}
