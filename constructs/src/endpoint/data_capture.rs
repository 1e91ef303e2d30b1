//! Capture of the endpoint's requests and responses to S3 (SageMaker data capture).

use super::s3_uri;
use crate::context::SynthContext;
use crate::iam::Statement;
use crate::logical_id::LogicalId;
use crate::props::Prop;
use crate::resources::sagemaker::{
    CaptureContentTypeHeader, CaptureMode, CaptureOption, DataCaptureConfig,
};
use crate::scope::Scope;
use crate::validate::Validator;
use crate::value::Value;

/// The longest `DestinationS3Uri` SageMaker accepts.
const MAX_DESTINATION_LEN: usize = 512;

/// Data capture, as given to `.data_capture(s3_uri, sampling_percent)`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct DataCapture {
    /// `s3://bucket/prefix` (no trailing `/` when a parameter).
    #[serde(rename = "s3_uri")]
    #[schemars(extend("examples" = ["s3://my-captures/rcf", "s3://anomaly-captures-123456789012/orders"]))]
    pub(super) destination: Prop<String>,
    /// Percentage of requests captured, 0 to 100.
    #[schemars(extend("minimum" = 0, "maximum" = 100))]
    pub(super) sampling_percent: Prop<i64>,
}

impl DataCapture {
    pub(super) fn validate(&self, v: &mut Validator<'_>, serverless: bool) {
        s3_uri::check(
            v,
            "data_capture.s3_uri",
            &self.destination,
            MAX_DESTINATION_LEN,
            false,
        );
        v.int_range(
            &crate::rules::endpoint::DATA_CAPTURE_SAMPLING,
            "data_capture.sampling_percent",
            &self.sampling_percent,
            0,
            100,
            "it is the percentage of requests captured",
        );
        if serverless {
            v.error(
                &crate::rules::endpoint::SERVERLESS_UNSUPPORTED,
                "data_capture",
                None,
                "serverless endpoints do not support data capture",
                "remove .data_capture(..) or host the endpoint on instances (drop .serverless(..))",
            );
        }
    }

    /// The endpoint configuration's `DataCaptureConfig`: requests and responses, CSV and JSON
    /// kept as text, objects encrypted with `key`.
    pub(super) fn config(&self, key: &Value) -> DataCaptureConfig {
        DataCaptureConfig {
            enable_capture: true,
            initial_sampling_percentage: self.sampling_percent.value().clone(),
            destination_s3_uri: self.destination.value().clone(),
            kms_key_id: Some(key.clone()),
            capture_options: vec![
                CaptureOption {
                    capture_mode: CaptureMode::Input,
                },
                CaptureOption {
                    capture_mode: CaptureMode::Output,
                },
            ],
            capture_content_type_header: Some(CaptureContentTypeHeader {
                csv_content_types: vec!["text/csv".into()],
                json_content_types: vec!["application/json".into()],
            }),
        }
    }

    /// Lets the execution role write the captured objects under the destination prefix and
    /// encrypt them with `key` through S3. SageMaker writes them with the role given to
    /// `CreateModel`, whose permissions the key must allow; S3 server-side encryption calls
    /// `GenerateDataKey` (and `Decrypt` for multipart uploads) on the role's behalf.
    pub(super) fn grant(
        &self,
        scope: &Scope,
        ctx: &mut SynthContext,
        role: &LogicalId,
        key: &Value,
    ) {
        let objects = s3_uri::object_arn(s3_uri::path(&self.destination), "/*");
        ctx.grant(
            scope,
            role,
            Statement::allow(["s3:PutObject"])
                .sid("WriteCapturedData")
                .on(objects),
        );
        ctx.grant(
            scope,
            role,
            Statement::allow(["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"])
                .sid("EncryptCapturedData")
                .on(key.clone())
                .condition(
                    "StringEquals",
                    "kms:ViaService",
                    Value::sub("s3.${AWS::Region}.amazonaws.com"),
                ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;

    fn problems(capture: &DataCapture, serverless: bool) -> Vec<(String, String)> {
        let mut d = Diagnostics::default();
        let scope = Scope::root("E");
        capture.validate(&mut Validator::new(&mut d, "Test", &scope), serverless);
        d.iter()
            .map(|d| (d.property.clone(), d.problem.clone()))
            .collect()
    }

    fn capture(uri: &str, percent: i64) -> DataCapture {
        DataCapture {
            destination: uri.into(),
            sampling_percent: percent.into(),
        }
    }

    #[test]
    fn validates_destination_percentage_and_serverless() {
        assert!(problems(&capture("s3://captures/rcf", 10), false).is_empty());
        assert!(problems(&capture("s3://captures", 100), false).is_empty());
        let p = problems(&capture("captures/rcf", 101), true);
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!(p[0].0, "data_capture.s3_uri");
        assert_eq!(p[1].0, "data_capture.sampling_percent");
        assert!(p[1].1.contains("between 0 and 100"));
        assert_eq!(
            p[2],
            (
                "data_capture".to_owned(),
                "serverless endpoints do not support data capture".to_owned()
            )
        );
    }

    #[test]
    fn config_captures_both_directions_as_text() {
        let json = serde_json::to_value(capture("s3://c/p", 5).config(&"arn:key".into()))
            .unwrap_or_default();
        assert_eq!(
            json["CaptureOptions"],
            serde_json::json!([{"CaptureMode": "Input"}, {"CaptureMode": "Output"}])
        );
        assert_eq!(json["KmsKeyId"], "arn:key");
        assert_eq!(
            json["CaptureContentTypeHeader"]["CsvContentTypes"][0],
            "text/csv"
        );
        assert_eq!(json["EnableCapture"], true);
    }
}
