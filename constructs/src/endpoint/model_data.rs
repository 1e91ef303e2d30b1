//! Where the trained model artifact (`model.tar.gz`) lives, and the object ARN the execution
//! role may read.

use indexmap::IndexMap;

use super::s3_uri;
use crate::template::Parameter;
use crate::validate::Validator;
use crate::value::Value;

/// The longest `ModelDataUrl` SageMaker accepts.
const MAX_URL_LEN: usize = 1024;
/// SageMaker requires the artifact to be a single gzip-compressed tar archive.
const ARCHIVE_SUFFIX: &str = ".tar.gz";
/// `AllowedPattern` of a model-data-URL parameter.
const URL_PATTERN: &str = r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+\.tar\.gz$";

/// The model artifact's location.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum ModelData {
    /// `RcfEndpoint::new(url)`: an `s3://bucket/key` literal or a deploy-time value.
    Url(Value),
    /// `RcfEndpoint::new_from(bucket, key)`.
    Parts { bucket: Value, key: Value },
}

impl ModelData {
    /// The `ModelDataUrl`.
    pub(super) fn url(&self) -> Value {
        match self {
            ModelData::Url(url) => url.clone(),
            ModelData::Parts { bucket, key } => {
                Value::sub_with("s3://${Bucket}/${Key}", self.parts_vars(bucket, key))
            }
        }
    }

    /// The artifact's object ARN, for `s3:GetObject`.
    pub(super) fn object_arn(&self) -> Value {
        match self {
            ModelData::Url(url) => s3_uri::object_arn(s3_uri::path(url), ""),
            ModelData::Parts { bucket, key } => Value::sub_with(
                "arn:${AWS::Partition}:s3:::${Bucket}/${Key}",
                self.parts_vars(bucket, key),
            ),
        }
    }

    fn parts_vars(&self, bucket: &Value, key: &Value) -> IndexMap<String, Value> {
        let mut vars = IndexMap::new();
        vars.insert("Bucket".to_owned(), bucket.clone());
        vars.insert("Key".to_owned(), key.clone());
        vars
    }

    pub(super) fn validate(&self, v: &mut Validator<'_>) {
        match self {
            ModelData::Url(url) => {
                if let Some(location) = s3_uri::check(v, "model_data_url", url, MAX_URL_LEN, true) {
                    check_archive(v, "model_data_url", url, location.key);
                }
            }
            ModelData::Parts { bucket, key } => {
                if let Value::String(name) = bucket {
                    if let Some(problem) = s3_uri::bucket_problem(name) {
                        v.error(
                            &crate::rules::endpoint::S3_BUCKET,
                            "bucket",
                            Some(bucket),
                            format!("is not an S3 bucket name: {problem}"),
                            "give the bucket's name (not its ARN or an s3:// URI)",
                        );
                    }
                } else if !bucket.is_intrinsic() {
                    v.error(
                        &crate::rules::endpoint::S3_BUCKET,
                        "bucket",
                        Some(bucket),
                        "must be a string",
                        "give the bucket's name",
                    );
                }
                match key {
                    Value::String(k) => {
                        if k.is_empty() || k.len() > MAX_URL_LEN {
                            v.error(
                                &crate::rules::endpoint::MODEL_DATA_KEY,
                                "key",
                                Some(key),
                                "must have 1 to 1024 characters",
                                "give the object key of the model.tar.gz",
                            );
                        } else {
                            check_archive(v, "key", key, k);
                        }
                    }
                    other if other.is_intrinsic() => {}
                    other => v.error(
                        &crate::rules::endpoint::MODEL_DATA_KEY,
                        "key",
                        Some(other),
                        "must be a string",
                        "give the object key of the model.tar.gz",
                    ),
                }
            }
        }
    }
}

fn check_archive(v: &mut Validator<'_>, property: &str, value: &Value, key: &str) {
    if !key.ends_with(ARCHIVE_SUFFIX) {
        v.error(&crate::rules::endpoint::MODEL_DATA_ARCHIVE,
            property,
            Some(value),
            "does not name a .tar.gz archive: SageMaker loads model artifacts only from a single gzip-compressed tar archive",
            "point at the model.tar.gz the training job wrote",
        );
    }
}

/// A `String` parameter for the model artifact's URL, constrained to `s3://bucket/….tar.gz`
/// so that the object ARN the stack derives from it is well formed.
pub(super) fn url_parameter(description: &str) -> Parameter {
    Parameter::string(description).allowed_pattern(
        URL_PATTERN,
        "an S3 URI of a model archive: s3://BUCKET/KEY.tar.gz",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::scope::Scope;

    fn problems(data: &ModelData) -> Vec<(String, String)> {
        let mut d = Diagnostics::default();
        let scope = Scope::root("E");
        data.validate(&mut Validator::new(&mut d, "Test", &scope));
        d.iter()
            .map(|d| (d.property.clone(), d.problem.clone()))
            .collect()
    }

    #[test]
    fn urls_must_name_an_archive_in_s3() {
        assert!(
            problems(&ModelData::Url(
                "s3://models/rcf/output/model.tar.gz".into()
            ))
            .is_empty()
        );
        assert!(problems(&ModelData::Url(Value::region())).is_empty());
        let p = problems(&ModelData::Url("s3://models/rcf/model.pkl".into()));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, "model_data_url");
        assert!(p[0].1.starts_with("does not name a .tar.gz archive"));
        assert!(
            problems(&ModelData::Url(
                "https://models.s3.amazonaws.com/m.tar.gz".into()
            ))[0]
                .1
                .starts_with("must start with s3://")
        );
    }

    #[test]
    fn parts_are_checked_separately() {
        let parts = |b: Value, k: Value| ModelData::Parts { bucket: b, key: k };
        assert!(problems(&parts("models".into(), "rcf/model.tar.gz".into())).is_empty());
        assert!(problems(&parts(Value::region(), Value::region())).is_empty());
        let p = problems(&parts("s3://models".into(), "".into()));
        let properties: Vec<&str> = p.iter().map(|(prop, _)| prop.as_str()).collect();
        assert_eq!(properties, ["bucket", "key"]);
    }

    #[test]
    fn object_arns() {
        assert_eq!(
            ModelData::Url("s3://models/rcf/model.tar.gz".into())
                .object_arn()
                .describe(),
            r#"{"Fn::Sub":["arn:${AWS::Partition}:s3:::${S3Path}",{"S3Path":"models/rcf/model.tar.gz"}]}"#
        );
        let parts = ModelData::Parts {
            bucket: "b".into(),
            key: Value::region(),
        };
        assert_eq!(
            parts.url().describe(),
            r#"{"Fn::Sub":["s3://${Bucket}/${Key}",{"Bucket":"b","Key":{"Ref":"AWS::Region"}}]}"#
        );
        assert!(
            parts
                .object_arn()
                .describe()
                .contains("arn:${AWS::Partition}:s3:::${Bucket}/${Key}")
        );
    }
}
