//! The AWS SDK configuration and the clients built from it, once per cold start.
//!
//! One HTTP/TLS stack: hyper 1 with rustls on *ring* (the SDK crates' default features are
//! off). Endpoints follow the SDK's standard overrides: `AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME`,
//! `AWS_ENDPOINT_URL_DYNAMODB`, … or `AWS_ENDPOINT_URL` for all services.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sagemakerruntime::config::SharedHttpClient;
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
use constructs::contract::{FunctionConfig, ScorerConfig};

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
    let ScorerConfig::SageMaker { endpoint_name, .. } = &config.scorer;
    SageMakerEndpoint::new(
        aws_sdk_sagemakerruntime::Client::new(sdk),
        endpoint_name.clone(),
    )
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
