//! `AWS::SageMaker::*` resource types.

use serde::Serialize;

use super::Tag;
use crate::template::ResourceProperties;
use crate::value::Value;

/// `AWS::SageMaker::Model`: an inference image with its model artifacts and execution role.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Model {
    /// The role SageMaker assumes to pull the image, read the artifacts and write logs.
    pub execution_role_arn: Value,
    /// The single container that serves the model.
    pub primary_container: ContainerDefinition,
    /// Runs the container with no outbound network access (SageMaker still downloads the
    /// artifacts and image). Not supported by serverless endpoints.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_network_isolation: Option<bool>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Model {
    const TYPE: &'static str = "AWS::SageMaker::Model";
}

/// `ContainerDefinition` of a model.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContainerDefinition {
    /// The ECR image URI, e.g. `<account>.dkr.ecr.<region>.amazonaws.com/randomcutforest:1`.
    pub image: Value,
    /// The `s3://…/model.tar.gz` artifact a training job produced.
    pub model_data_url: Value,
}

/// `AWS::SageMaker::EndpointConfig`: what an endpoint runs and on which capacity.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointConfig {
    /// The variants (models and their capacity).
    pub production_variants: Vec<ProductionVariant>,
    /// KMS key that encrypts the ML storage volume of the hosting instances. Must be absent
    /// for instance types with local (NVMe) storage, which is encrypted by hardware.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<Value>,
    /// Capture of requests and responses to S3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_capture_config: Option<DataCaptureConfig>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for EndpointConfig {
    const TYPE: &'static str = "AWS::SageMaker::EndpointConfig";
}

/// `ProductionVariant` of an endpoint configuration: instance-based (instance type and
/// count) or serverless ([`ServerlessConfig`]).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProductionVariant {
    /// The variant's name (metrics and autoscaling name it).
    pub variant_name: Value,
    /// The model's name.
    pub model_name: Value,
    /// ML instance type, e.g. `ml.c5.xlarge`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<Value>,
    /// Number of instances at creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_instance_count: Option<Value>,
    /// Share of the endpoint's traffic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_variant_weight: Option<Value>,
    /// Serverless capacity (instead of instances).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serverless_config: Option<ServerlessConfig>,
}

/// `ServerlessConfig` of a production variant.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerlessConfig {
    /// Memory: 1024 to 6144 MB in 1024 MB steps.
    #[serde(rename = "MemorySizeInMB")]
    pub memory_size_in_mb: Value,
    /// Concurrent invocations: 1 to 200.
    pub max_concurrency: Value,
}

/// `DataCaptureConfig` of an endpoint configuration.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DataCaptureConfig {
    /// Whether capture is on.
    pub enable_capture: bool,
    /// Percentage of requests captured (0–100).
    pub initial_sampling_percentage: Value,
    /// `s3://bucket/prefix` the captured data is written under.
    pub destination_s3_uri: Value,
    /// KMS key that encrypts the captured objects (S3 server-side encryption).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<Value>,
    /// What is captured.
    pub capture_options: Vec<CaptureOption>,
    /// Content types captured as text rather than base64.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capture_content_type_header: Option<CaptureContentTypeHeader>,
}

/// One `CaptureOption`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CaptureOption {
    /// Requests or responses.
    pub capture_mode: CaptureMode,
}

/// What a capture option records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CaptureMode {
    /// Request bodies.
    Input,
    /// Response bodies.
    Output,
}

/// `CaptureContentTypeHeader`: content types recorded as text.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CaptureContentTypeHeader {
    /// CSV content types, e.g. `text/csv`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub csv_content_types: Vec<String>,
    /// JSON content types, e.g. `application/json`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub json_content_types: Vec<String>,
}

/// `AWS::SageMaker::Endpoint`. `Ref` returns its ARN; `Fn::GetAtt … EndpointName` its name.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Endpoint {
    /// The endpoint configuration's name.
    pub endpoint_config_name: Value,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Endpoint {
    const TYPE: &'static str = "AWS::SageMaker::Endpoint";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_follow_the_schema() {
        let config = EndpointConfig {
            production_variants: vec![ProductionVariant {
                variant_name: "AllTraffic".into(),
                model_name: "m".into(),
                serverless_config: Some(ServerlessConfig {
                    memory_size_in_mb: 2048.into(),
                    max_concurrency: 5.into(),
                }),
                ..ProductionVariant::default()
            }],
            data_capture_config: Some(DataCaptureConfig {
                enable_capture: true,
                initial_sampling_percentage: 10.into(),
                destination_s3_uri: "s3://b/p".into(),
                kms_key_id: None,
                capture_options: vec![CaptureOption {
                    capture_mode: CaptureMode::Input,
                }],
                capture_content_type_header: None,
            }),
            ..EndpointConfig::default()
        };
        let json = serde_json::to_value(&config).unwrap_or_default();
        let variant = &json["ProductionVariants"][0];
        assert_eq!(variant["ServerlessConfig"]["MemorySizeInMB"], 2048);
        assert_eq!(variant["ServerlessConfig"]["MaxConcurrency"], 5);
        assert!(variant.get("InstanceType").is_none());
        let capture = &json["DataCaptureConfig"];
        assert_eq!(capture["DestinationS3Uri"], "s3://b/p");
        assert_eq!(capture["InitialSamplingPercentage"], 10);
        assert_eq!(capture["CaptureOptions"][0]["CaptureMode"], "Input");
        let model = serde_json::to_value(Model {
            execution_role_arn: "arn".into(),
            primary_container: ContainerDefinition {
                image: "i".into(),
                model_data_url: "s3://b/k.tar.gz".into(),
            },
            enable_network_isolation: Some(true),
            tags: Vec::new(),
        })
        .unwrap_or_default();
        assert_eq!(model["PrimaryContainer"]["ModelDataUrl"], "s3://b/k.tar.gz");
        assert_eq!(model["EnableNetworkIsolation"], true);
    }
}
