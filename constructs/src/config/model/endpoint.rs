//! SageMaker Random Cut Forest endpoints.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::config::value::Val;

/// A Random Cut Forest endpoint: an existing one by name (`existing`), or one the stack
/// creates from a trained model (`create`). Exactly one of the two.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["existing"]}, {"required": ["create"]}]))]
pub struct EndpointConfig {
    /// The name of an endpoint made elsewhere (lower-case when given as a parameter).
    #[serde(default)]
    pub existing: Option<Val<String>>,
    /// An endpoint the stack creates: model, endpoint configuration, endpoint and role.
    #[serde(default)]
    pub create: Option<CreateEndpoint>,
    /// The number of features the model was trained on; the functions scoring with it must
    /// extract exactly that many.
    #[serde(default)]
    pub feature_dim: Option<usize>,
    /// The production variant's name (default `AllTraffic`): 1 to 63 letters, digits and
    /// hyphens.
    #[serde(default)]
    pub variant_name: Option<String>,
}

/// An endpoint the stack creates. Exactly one of `model_data_url` and `model_data`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["model_data_url"]}, {"required": ["model_data"]}]))]
pub struct CreateEndpoint {
    /// The `s3://bucket/key/model.tar.gz` an RCF training job wrote (bucket in the stack's
    /// region).
    #[serde(default)]
    pub model_data_url: Option<Val<String>>,
    /// The same artifact as a bucket and key.
    #[serde(default)]
    pub model_data: Option<ModelDataParts>,
    /// The ML instance type (default `ml.c5.xlarge`).
    #[serde(default)]
    pub instance_type: Option<Val<String>>,
    /// Instances at creation (default 1).
    #[serde(default)]
    pub instance_count: Option<Val<i64>>,
    /// Serverless capacity instead of instances.
    #[serde(default)]
    pub serverless: Option<ServerlessConfig>,
    /// Captures a sample of requests and responses to S3.
    #[serde(default)]
    pub data_capture: Option<DataCaptureConfig>,
    /// Scales the variant on invocations per instance.
    #[serde(default)]
    pub autoscaling: Option<AutoscalingConfig>,
    /// The region the stack will be deployed in, when known: synthesis fails at once where
    /// AWS publishes no RCF image.
    #[serde(default)]
    pub region: Option<String>,
    /// The customer-managed KMS key (ARN) the model artifact is encrypted with.
    #[serde(default)]
    pub model_data_key: Option<Val<String>>,
}

/// A model artifact as bucket and key.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelDataParts {
    /// The bucket.
    pub bucket: Val<String>,
    /// The object key of `model.tar.gz`.
    pub key: Val<String>,
}

/// Serverless capacity.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerlessConfig {
    /// 1024 to 6144 MB, in steps of 1024.
    pub memory_mb: Val<i64>,
    /// 1 to 200 concurrent invocations.
    pub max_concurrency: Val<i64>,
}

/// Data capture.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataCaptureConfig {
    /// `s3://bucket/prefix` (no trailing `/` when a parameter).
    pub s3_uri: Val<String>,
    /// Percentage of requests captured, 0 to 100.
    pub sampling_percent: Val<i64>,
}

/// Variant autoscaling.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AutoscalingConfig {
    /// Fewest instances (at least 1).
    pub min: Val<i64>,
    /// Most instances (at least `min`).
    pub max: Val<i64>,
    /// Invocations per instance per minute to keep near.
    pub target_invocations_per_instance: Val<i64>,
}
