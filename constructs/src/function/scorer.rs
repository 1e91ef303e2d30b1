//! What an `AnomalyFunction` scores with: a SageMaker endpoint, or a Random Cut Forest
//! embedded in the function and loaded from a model file.

use indexmap::IndexMap;

use super::environment::Deferred;
use crate::construct::Handle;
use crate::context::SynthContext;
use crate::contract::{ContentType, ModelSource, S3Object, ScorerConfig};
use crate::endpoint::{RcfEndpoint, bucket_problem};
use crate::iam::Statement;
use crate::logical_id::LogicalId;
use crate::props::Prop;
use crate::scope::Scope;
use crate::validate::Validator;
use crate::value::Value;

/// The scorer of an [`AnomalyFunction`](super::AnomalyFunction), given to
/// [`.scorer(..)`](super::AnomalyFunction::scorer): a SageMaker endpoint (`&endpoint`
/// converts), or an [`EmbeddedScorer`].
///
/// ```
/// use constructs::{AnomalyFunction, FunctionCode, RcfEndpoint, Scorer, Stack};
/// let mut stack = Stack::new("demo");
/// let endpoint = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
/// let code = FunctionCode::s3("my-artifacts", "bootstrap.zip");
/// // Through a SageMaker endpoint…
/// let with_endpoint = AnomalyFunction::new(code.clone()).scorer(&endpoint);
/// // …or inside the function, from a model file `synth train` wrote.
/// let embedded = AnomalyFunction::new(code)
///     .scorer(Scorer::embedded_s3("my-models", "rcf/model.json").learning(true));
/// ```
#[derive(Debug, Clone)]
pub enum Scorer {
    /// A SageMaker Random Cut Forest endpoint: `sagemaker:InvokeEndpoint` is granted on it
    /// alone, and [`Monitoring`](crate::Monitoring) watches its errors and latency.
    SageMaker(Handle<RcfEndpoint>),
    /// A forest inside the function: no SageMaker resources, no endpoint calls.
    Embedded(EmbeddedScorer),
}

/// `{embedded: {...}}`: a forest inside the function, in a stack file.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct EmbeddedChoice {
    /// The embedded forest.
    embedded: EmbeddedScorer,
}

impl<'de> serde::Deserialize<'de> for Scorer {
    /// The id of an `endpoints` entry (a plain string), or a map with the key `embedded`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct Choice;
        impl<'de> Visitor<'de> for Choice {
            type Value = Scorer;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("the id of an `endpoints` entry, or a map with the key `embedded`")
            }

            fn visit_str<E: de::Error>(self, id: &str) -> Result<Scorer, E> {
                use serde::Deserialize as _;
                Handle::<RcfEndpoint>::deserialize(de::value::StrDeserializer::<E>::new(id))
                    .map(Scorer::SageMaker)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scorer, A::Error> {
                use serde::Deserialize as _;
                EmbeddedChoice::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|choice| Scorer::Embedded(choice.embedded))
            }
        }
        deserializer.deserialize_any(Choice)
    }
}

impl schemars::JsonSchema for Scorer {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Scorer".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let endpoint = generator.subschema_for::<Handle<RcfEndpoint>>();
        let embedded = generator.subschema_for::<EmbeddedChoice>();
        schemars::json_schema!({
            "description": "What scores the features: the id of an `endpoints` entry, or a Random Cut Forest inside the function (`{embedded: {model: ..., learn: ...}}`).",
            "anyOf": [endpoint, embedded]
        })
    }
}

/// A Random Cut Forest inside the function, loaded from a model file (written by
/// `synth train`) once per cold start.
///
/// The stack does not read the model file; `synth --code-zip ZIP --model FILE` checks its
/// feature names against every function that reads a model from S3, and the function checks
/// them again at cold start, refusing to start on a mismatch.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(
    description = "A Random Cut Forest inside the function, trained offline with `synth train`."
)]
#[serde(deny_unknown_fields)]
pub struct EmbeddedScorer {
    /// Where the model file is.
    model: ModelLocation,
    /// Keep learning from every row scored (default false). Each warm execution environment
    /// learns on its own; nothing is written back to the model file.
    #[serde(default)]
    learn: bool,
}

/// Where an embedded forest's model file is. Exactly one key.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum ModelLocation {
    /// A path inside the deployment package, relative to its root (`model.json`).
    #[schemars(extend("examples" = [{"bundled": "model.json"}]))]
    Bundled(String),
    /// An S3 object (`s3:GetObject` on it is granted); bucket and key may be parameters.
    S3 {
        /// The bucket's name.
        #[schemars(extend("examples" = ["my-models"]))]
        bucket: Prop<String>,
        /// The object's key.
        #[schemars(extend("examples" = ["orders/model.json"]))]
        key: Prop<String>,
    },
}

impl Scorer {
    /// A forest loaded from `s3://bucket/key` at cold start (either may be a parameter);
    /// the function's role may `s3:GetObject` that one object. When the bucket encrypts with
    /// a customer-managed KMS key, that key's policy must also let the role decrypt.
    pub fn embedded_s3(bucket: impl Into<Value>, key: impl Into<Value>) -> EmbeddedScorer {
        EmbeddedScorer {
            model: ModelLocation::S3 {
                bucket: Prop::new(bucket),
                key: Prop::new(key),
            },
            learn: false,
        }
    }

    /// A forest loaded from `path` inside the deployment package (relative to the Lambda task
    /// root, e.g. `model.json` next to `bootstrap`); no permission is needed. `cargo lambda
    /// build` zips only `bootstrap`: add the model file to the zip before uploading it
    /// (`zip -j bootstrap.zip model.json`); `synth --code-zip` then checks it is there and has
    /// the function's features.
    pub fn bundled(path: impl Into<String>) -> EmbeddedScorer {
        EmbeddedScorer {
            model: ModelLocation::Bundled(path.into()),
            learn: false,
        }
    }

    /// The SageMaker endpoint, when the function scores through one.
    pub fn endpoint(&self) -> Option<&Handle<RcfEndpoint>> {
        match self {
            Scorer::SageMaker(endpoint) => Some(endpoint),
            Scorer::Embedded(_) => None,
        }
    }

    /// The contract's scorer; deploy-time values become `deferred` tokens.
    pub(super) fn contract(
        &self,
        content_type: ContentType,
        deferred: &mut Deferred,
    ) -> ScorerConfig {
        match self {
            Scorer::SageMaker(endpoint) => ScorerConfig::SageMaker {
                endpoint_name: deferred.slot(&endpoint.endpoint_name()),
                content_type,
            },
            Scorer::Embedded(embedded) => ScorerConfig::Embedded {
                model: match &embedded.model {
                    ModelLocation::Bundled(path) => ModelSource::Bundled(path.clone()),
                    ModelLocation::S3 { bucket, key } => ModelSource::S3(S3Object {
                        bucket: deferred.slot(bucket),
                        key: deferred.slot(key),
                    }),
                },
                learn: embedded.learn,
            },
        }
    }

    /// Grants `role` what scoring needs: `sagemaker:InvokeEndpoint` on the endpoint, or
    /// `s3:GetObject` on the model object (nothing for a bundled model).
    pub(super) fn grant(&self, scope: &Scope, role: &LogicalId, ctx: &mut SynthContext) {
        match self {
            Scorer::SageMaker(endpoint) => endpoint.grant_invoke(scope, role, ctx),
            Scorer::Embedded(embedded) => {
                if let ModelLocation::S3 { bucket, key } = &embedded.model {
                    let mut vars = IndexMap::new();
                    vars.insert("Bucket".to_owned(), bucket.value().clone());
                    vars.insert("Key".to_owned(), key.value().clone());
                    ctx.grant(
                        scope,
                        role,
                        Statement::allow(["s3:GetObject"])
                            .sid("ReadModel")
                            .on(Value::sub_with(
                                "arn:${AWS::Partition}:s3:::${Bucket}/${Key}",
                                vars,
                            )),
                    );
                }
            }
        }
    }

    /// The AWS APIs the scorer calls, for descriptions.
    pub(super) fn service(&self) -> &'static str {
        match self {
            Scorer::SageMaker(_) => "SageMaker",
            Scorer::Embedded(_) => "S3",
        }
    }

    /// Checks what the contract cannot: S3 naming rules of literal buckets, and that bucket
    /// and key are strings.
    pub(super) fn validate(&self, v: &mut Validator<'_>) {
        let Scorer::Embedded(EmbeddedScorer {
            model: ModelLocation::S3 { bucket, key },
            ..
        }) = self
        else {
            return;
        };
        match bucket.value() {
            Value::String(name) if !name.is_empty() => {
                if let Some(problem) = bucket_problem(name) {
                    v.error(
                        &crate::rules::contract::MODEL_BUCKET,
                        "scorer.model.s3.bucket",
                        Some(bucket.value()),
                        format!("is not an S3 bucket name: {problem}"),
                        "give the bucket's name (not its ARN or an s3:// URI)",
                    );
                }
            }
            Value::String(_) => {}
            other if other.is_intrinsic() => {}
            other => v.error(
                &crate::rules::contract::MODEL_BUCKET,
                "scorer.model.s3.bucket",
                Some(other),
                "must be a string",
                "give the bucket's name",
            ),
        }
        if !matches!(key.value(), Value::String(_)) && !key.is_intrinsic() {
            v.error(
                &crate::rules::contract::MODEL_KEY,
                "scorer.model.s3.key",
                Some(key.value()),
                "must be a string",
                "give the key of the model file written by `synth train`",
            );
        }
    }
}

impl EmbeddedScorer {
    /// Keeps learning from every row scored (default off). Each warm execution environment
    /// learns on its own from the batches it receives and starts again from the model file
    /// at its cold start; nothing is written back. Scores then depend on the order batches
    /// arrive in, so leave it off where scores must be reproducible.
    pub fn learning(mut self, learn: bool) -> Self {
        self.learn = learn;
        self
    }
}

impl From<&Handle<RcfEndpoint>> for Scorer {
    fn from(endpoint: &Handle<RcfEndpoint>) -> Self {
        Scorer::SageMaker(endpoint.clone())
    }
}

impl From<EmbeddedScorer> for Scorer {
    fn from(embedded: EmbeddedScorer) -> Self {
        Scorer::Embedded(embedded)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::contract::FunctionConfig;
    use crate::{
        AnomalyFunction, FunctionCode, KafkaSource, Monitoring, Parameter, Stack, StartingPosition,
        SynthErrors, Synthesized,
    };

    const CLUSTER: &str =
        "arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2";

    fn synth(scorer: impl FnOnce(&mut Stack) -> Scorer) -> Result<Synthesized, SynthErrors> {
        let mut stack = Stack::new("test");
        let scorer = scorer(&mut stack);
        let logs = stack.add(
            "AppLogs",
            KafkaSource::msk(CLUSTER, "app-logs").starting_position(StartingPosition::Latest),
        );
        let function = stack.add(
            "Detector",
            AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip"))
                .scorer(scorer)
                .add_source(&logs),
        );
        stack.add("Monitoring", Monitoring::new(&function));
        stack.synth()
    }

    fn statements(t: &serde_json::Value) -> Vec<serde_json::Value> {
        t["Resources"]["DetectorRolePolicy"]["Properties"]["PolicyDocument"]["Statement"]
            .as_array()
            .unwrap()
            .clone()
    }

    #[test]
    fn an_s3_model_is_read_with_get_object_on_that_object_and_nothing_of_sagemaker() {
        let s = synth(|stack| {
            let bucket = stack.add_parameter("ModelBucket", Parameter::string("bucket"));
            Scorer::embedded_s3(bucket, "rcf/model.json")
                .learning(true)
                .into()
        })
        .expect("valid");
        let json = s.template.to_json();
        assert!(!json.contains("sagemaker"), "{json}");
        assert!(!json.contains("SageMaker"), "{json}");
        let t = s.template.to_value();
        let read = statements(&t)
            .into_iter()
            .find(|s| s["Sid"] == "ReadModel")
            .expect("a ReadModel statement");
        assert_eq!(read["Action"], serde_json::json!(["s3:GetObject"]));
        assert_eq!(
            read["Resource"],
            serde_json::json!([{"Fn::Sub": ["arn:${AWS::Partition}:s3:::${Bucket}/${Key}",
                {"Bucket": {"Ref": "ModelBucket"}, "Key": "rcf/model.json"}]}])
        );
        let env = &t["Resources"]["DetectorFunction"]["Properties"]["Environment"]["Variables"]["ANOMALY_CONFIG"]
            ["Fn::Sub"];
        let text = env[0].as_str().unwrap();
        assert!(
            text.contains(r#""scorer":{"kind":"embedded","model":{"s3":{"bucket":"${Deployed0}","key":"rcf/model.json"}},"learn":true}"#),
            "{text}"
        );
        assert_eq!(
            env[1]["Deployed0"],
            serde_json::json!({"Ref": "ModelBucket"})
        );
    }

    #[test]
    fn a_bundled_model_needs_no_permission() {
        let s = synth(|_| Scorer::bundled("model.json").into()).expect("valid");
        let t = s.template.to_value();
        let actions = serde_json::to_string(&statements(&t)).unwrap();
        assert!(actions.contains("logs:PutLogEvents"), "{actions}");
        assert!(
            !actions.contains("s3:") && !actions.contains("sagemaker:"),
            "{actions}"
        );
        let env = t["Resources"]["DetectorFunction"]["Properties"]["Environment"]["Variables"]
            ["ANOMALY_CONFIG"]
            .as_str()
            .expect("a literal config");
        let config = FunctionConfig::from_json(env).expect("the runtime accepts it");
        assert_eq!(
            config.scorer,
            ScorerConfig::Embedded {
                model: ModelSource::Bundled("model.json".into()),
                learn: false
            }
        );
        let alarms: Vec<&String> = t["Resources"]
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| k.starts_with("Monitoring"))
            .collect();
        assert!(
            !alarms
                .iter()
                .any(|k| k.contains("Endpoint") || k.contains("ModelLatency")),
            "{alarms:?}"
        );
    }

    #[test]
    fn bad_model_locations_are_all_reported() {
        let problems = |scorer: Scorer| -> Vec<(String, String)> {
            synth(|_| scorer)
                .expect_err("invalid")
                .errors
                .into_iter()
                .map(|d| (d.property, d.problem))
                .collect()
        };
        assert_eq!(
            problems(Scorer::embedded_s3("My_Models", "models/").into()),
            [
                (
                    "scorer.model.s3.bucket".to_owned(),
                    "is not an S3 bucket name: bucket names use only lower-case letters, digits, `.` and `-`".to_owned()
                ),
                (
                    "scorer.model.s3.key".to_owned(),
                    "`models/` ends with `/`, so it names a prefix, not an object".to_owned()
                ),
            ]
        );
        assert_eq!(
            problems(Scorer::embedded_s3("", 3).into()),
            [
                (
                    "scorer.model.s3.key".to_owned(),
                    "must be a string".to_owned()
                ),
                (
                    "scorer.model.s3.bucket".to_owned(),
                    "\"\" is not a bucket name".to_owned()
                ),
            ]
        );
        assert_eq!(
            problems(Scorer::bundled("../model.json").into()),
            [(
                "scorer.model.bundled".to_owned(),
                "`../model.json` contains `..`; the file must be inside the deployment package"
                    .to_owned()
            )]
        );
    }
}
