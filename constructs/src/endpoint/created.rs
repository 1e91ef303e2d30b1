//! An RCF endpoint the stack creates: model, endpoint configuration, endpoint, execution
//! role and, optionally, variant autoscaling.

use super::autoscaling::Autoscaling;
use super::data_capture::DataCapture;
use super::images::{self, registry_account, supported_list};
use super::model_data::{self, ModelData};
use super::role::{RoleGrants, add_execution_role};
use super::variant::{Instances, Serverless};
use super::{KIND, RcfEndpoint};
use crate::context::SynthContext;
use crate::logical_id::LogicalId;
use crate::props::{Prop, choice};
use crate::resources::sagemaker::{ContainerDefinition, Endpoint, EndpointConfig, Model};
use crate::scope::Scope;
use crate::template::{Parameter, Resource, Suppression};
use crate::validate::{Validator, exactly_one};
use crate::value::Value;

/// An endpoint the stack creates. Exactly one of `model_data_url` and `model_data`.
#[derive(Debug, Clone, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["model_data_url"], "properties": {"model_data_url": {"not": {"type": "null"}}}}, {"required": ["model_data"], "properties": {"model_data": {"not": {"type": "null"}}}}]))]
#[schemars(extend("dependencies" = {"serverless": {"not": {"anyOf": [{"required": ["instance_type"]}, {"required": ["instance_count"]}, {"required": ["autoscaling"]}, {"required": ["data_capture"]}]}}}))]
pub(super) struct CreatedOptions {
    /// The `s3://bucket/key/model.tar.gz` an RCF training job wrote (bucket in the stack's
    /// region).
    #[serde(default)]
    #[schemars(extend("examples" = ["s3://my-models/rcf/output/model.tar.gz", "s3://anomaly-models-123456789012/orders/model.tar.gz"]))]
    model_data_url: Option<Prop<String>>,
    /// The same artifact as a bucket and key.
    #[serde(default)]
    model_data: Option<ModelDataParts>,
    /// The ML instance type (default `ml.c5.xlarge`).
    #[serde(default)]
    #[schemars(extend("examples" = ["ml.c5.xlarge", "ml.m5.large", "ml.c5d.xlarge"], "pattern" = "^ml\\."))]
    instance_type: Option<Prop<String>>,
    /// Instances at creation (default 1).
    #[serde(default)]
    #[schemars(extend("minimum" = 1))]
    instance_count: Option<Prop<i64>>,
    /// Serverless capacity instead of instances.
    #[serde(default)]
    serverless: Option<Serverless>,
    /// Captures a sample of requests and responses to S3.
    #[serde(default)]
    data_capture: Option<DataCapture>,
    /// Scales the variant on invocations per instance.
    #[serde(default)]
    autoscaling: Option<Autoscaling>,
    /// The region the stack will be deployed in, when known: synthesis fails at once where
    /// AWS publishes no RCF image.
    #[serde(default)]
    #[schemars(extend("examples" = ["us-east-1", "eu-west-1", "ap-southeast-2"]))]
    region: Option<String>,
    /// The customer-managed KMS key (ARN) the model artifact is encrypted with.
    #[serde(default)]
    #[schemars(extend("examples" = ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]))]
    model_data_key: Option<Prop<String>>,
}

/// A model artifact as bucket and key.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ModelDataParts {
    /// The bucket.
    #[schemars(extend("examples" = ["my-models", "anomaly-models-123456789012"]))]
    bucket: Prop<String>,
    /// The object key of `model.tar.gz`.
    #[schemars(extend("examples" = ["rcf/output/model.tar.gz"]))]
    key: Prop<String>,
}

impl CreatedOptions {
    /// The instance capacity given.
    fn instances(&self) -> Instances<'_> {
        Instances {
            instance_type: self.instance_type.as_deref(),
            count: self.instance_count.as_deref(),
        }
    }

    /// Not exactly one of `model_data_url` and `model_data`.
    pub(super) fn choice_problem(&self) -> Option<(&'static [&'static str], Vec<&'static str>)> {
        choice(
            &["model_data_url", "model_data"],
            &[self.model_data_url.is_some(), self.model_data.is_some()],
        )
    }

    /// The model artifact; `None` unless exactly one of `model_data_url` and `model_data` is
    /// given (which only a stack file can get wrong).
    fn model_data(&self) -> Option<ModelData> {
        match (&self.model_data_url, &self.model_data) {
            (Some(url), None) => Some(ModelData::Url(url.value().clone())),
            (None, Some(parts)) => Some(ModelData::Parts {
                bucket: parts.bucket.value().clone(),
                key: parts.key.value().clone(),
            }),
            _ => None,
        }
    }
}

/// The logical id of a created endpoint's `AWS::SageMaker::Endpoint`.
pub(super) fn endpoint_id(scope: &Scope) -> LogicalId {
    scope.logical_id("Endpoint")
}

impl RcfEndpoint {
    /// An endpoint the stack creates from the model artifact a SageMaker RCF training job
    /// wrote: `model_data_url` is `s3://bucket/key/model.tar.gz`, as a literal or a
    /// parameter (see [`RcfEndpoint::model_data_url_parameter`]). The bucket must be in the
    /// stack's region.
    ///
    /// The stack adds the model (the region's RCF image), an endpoint configuration (one
    /// variant on one `ml.c5.xlarge` unless configured otherwise, its storage encrypted with
    /// the stack's key), the endpoint, and an execution role that may read only that object,
    /// pull only the RCF image and write only endpoint logs and metrics.
    pub fn new(model_data_url: impl Into<Value>) -> Self {
        let options = CreatedOptions {
            model_data_url: Some(Prop::new(model_data_url)),
            ..CreatedOptions::default()
        };
        Self::with_source(None, Some(options))
    }

    /// Like [`RcfEndpoint::new`], with the artifact given as a bucket name and object key
    /// (literals or parameters).
    pub fn new_from(bucket: impl Into<Value>, key: impl Into<Value>) -> Self {
        let options = CreatedOptions {
            model_data: Some(ModelDataParts {
                bucket: Prop::new(bucket),
                key: Prop::new(key),
            }),
            ..CreatedOptions::default()
        };
        Self::with_source(None, Some(options))
    }

    /// A `String` parameter for [`RcfEndpoint::new`] that CloudFormation checks is an
    /// `s3://BUCKET/KEY.tar.gz` URI before deploying.
    ///
    /// ```
    /// use constructs::{RcfEndpoint, Stack};
    /// let mut stack = Stack::new("demo");
    /// let url = stack.add_parameter(
    ///     "ModelDataUrl",
    ///     RcfEndpoint::model_data_url_parameter("The model.tar.gz of the RCF training job"),
    /// );
    /// stack.add("Detector", RcfEndpoint::new(url));
    /// assert!(stack.synth().is_ok());
    /// ```
    pub fn model_data_url_parameter(description: &str) -> Parameter {
        model_data::url_parameter(description)
    }

    /// The ML instance type hosting the model (default [`super::DEFAULT_INSTANCE_TYPE`]),
    /// e.g. `ml.c5.large`. Types with local NVMe storage (`ml.c5d.*`, `ml.m6id.*`, …) are
    /// encrypted by hardware, so their endpoint configuration names no KMS key.
    pub fn instance_type(self, instance_type: impl Into<Value>) -> Self {
        let instance_type = Prop::new(instance_type);
        self.created("instance_type", |o| o.instance_type = Some(instance_type))
    }

    /// The number of instances at creation (default 1, at least 1).
    pub fn instance_count(self, count: impl Into<Value>) -> Self {
        let count = Prop::new(count);
        self.created("instance_count", |o| o.instance_count = Some(count))
    }

    /// Serverless capacity instead of instances: `memory_mb` 1024 to 6144 in 1024 steps,
    /// `max_concurrency` 1 to 200. Serverless endpoints support neither data capture nor
    /// instance autoscaling, and run the model without network isolation.
    pub fn serverless(
        self,
        memory_mb: impl Into<Value>,
        max_concurrency: impl Into<Value>,
    ) -> Self {
        let serverless = Serverless {
            memory_mb: Prop::new(memory_mb),
            max_concurrency: Prop::new(max_concurrency),
        };
        self.created("serverless", |o| o.serverless = Some(serverless))
    }

    /// Captures `sampling_percent` (0–100) of requests and responses under `s3_uri`
    /// (`s3://bucket/prefix`), encrypted with the stack's key. The execution role may write
    /// under that prefix only; a parameter given here must not end with `/`, since the
    /// granted ARN is the value followed by `/*`.
    pub fn data_capture(
        self,
        s3_uri: impl Into<Value>,
        sampling_percent: impl Into<Value>,
    ) -> Self {
        let capture = DataCapture {
            destination: Prop::new(s3_uri),
            sampling_percent: Prop::new(sampling_percent),
        };
        self.created("data_capture", |o| o.data_capture = Some(capture))
    }

    /// Scales the variant between `min` and `max` instances (1 ≤ min ≤ max), keeping
    /// `target_invocations_per_instance` (per minute, `SageMakerVariantInvocationsPerInstance`)
    /// near the target. Application Auto Scaling uses its SageMaker service-linked role
    /// (`AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`), created if missing.
    pub fn autoscaling(
        self,
        min: impl Into<Value>,
        max: impl Into<Value>,
        target_invocations_per_instance: impl Into<Value>,
    ) -> Self {
        let scaling = Autoscaling {
            min: Prop::new(min),
            max: Prop::new(max),
            target: Prop::new(target_invocations_per_instance),
        };
        self.created("autoscaling", |o| o.autoscaling = Some(scaling))
    }

    /// The region the stack will be deployed in, when known: synthesis fails at once if AWS
    /// publishes no RCF image there (the template's rule would refuse it at deploy time).
    pub fn region(self, region: impl Into<String>) -> Self {
        let region = region.into();
        self.created("region", |o| o.region = Some(region))
    }

    /// The ARN of the customer-managed KMS key the model artifact is encrypted with, when it
    /// is: the execution role may then decrypt with it, through S3 only.
    pub fn model_data_key(self, key_arn: impl Into<Value>) -> Self {
        let key = Prop::new(key_arn);
        self.created("model_data_key", |o| o.model_data_key = Some(key))
    }

    fn validate_created(&self, options: &CreatedOptions, v: &mut Validator<'_>) {
        match options.model_data() {
            Some(model_data) => model_data.validate(v),
            None => {
                if let Some((keys, given)) = options.choice_problem() {
                    exactly_one(v, keys, &given);
                }
            }
        }
        let serverless = options.serverless.is_some();
        if let Some(s) = &options.serverless {
            s.validate(v);
            for (property, set) in [
                ("instance_type", options.instance_type.is_some()),
                ("instance_count", options.instance_count.is_some()),
            ] {
                if set {
                    v.error(
                        &crate::rules::endpoint::SERVERLESS_UNSUPPORTED,
                        property,
                        None,
                        "does not apply to a serverless endpoint",
                        format!("remove .{property}(..) or .serverless(..)"),
                    );
                }
            }
        }
        options.instances().validate(v);
        if let Some(capture) = &options.data_capture {
            capture.validate(v, serverless);
        }
        if let Some(scaling) = &options.autoscaling {
            scaling.validate(v, serverless);
        }
        if let Some(region) = &options.region {
            if registry_account(region).is_none() {
                v.error(&crate::rules::endpoint::REGION_WITHOUT_IMAGE,
                    "region",
                    Some(&Value::from(region.as_str())),
                    format!("has no SageMaker Random Cut Forest image; AWS publishes it in {}", supported_list()),
                    "deploy the stack in one of those regions, or score with RcfEndpoint::existing(name) hosted elsewhere",
                );
            }
        }
        if let Some(key) = &options.model_data_key {
            v.arn(
                &crate::rules::endpoint::MODEL_DATA_KMS_KEY,
                "model_data_key",
                key,
                "kms",
                "key/",
                "a KMS key",
            );
        }
    }

    pub(super) fn synthesize_created(
        &self,
        options: &CreatedOptions,
        scope: &Scope,
        ctx: &mut SynthContext,
    ) {
        self.validate_created(options, &mut ctx.validator(KIND, scope));
        let Some(model_data) = options.model_data() else {
            return;
        };
        let key = ctx.encryption_key();
        if !key.created {
            ctx.validator(KIND, scope).warn(&crate::rules::endpoint::IMPORTED_KEY,
                "encryption_key",
                None,
                "the endpoint's storage and captured data are encrypted with the stack's imported key, whose policy this stack cannot change",
                "make sure the key policy lets IAM policies grant its use (the account-root statement) and lets the deploying principal create grants",
            );
        }
        let image = images::register(ctx);
        let role_id = add_execution_role(
            scope,
            ctx,
            RoleGrants {
                model_object_arn: model_data.object_arn(),
                repository_arn: image.repository_arn,
                model_data_key: options.model_data_key.clone().map(Prop::into_value),
            },
        );
        if let Some(capture) = &options.data_capture {
            capture.grant(scope, ctx, &role_id, &key.arn);
        }

        let model_id = scope.logical_id("Model");
        let mut model = Resource::new(&Model {
            execution_role_arn: Value::get_att(&role_id, "Arn"),
            primary_container: ContainerDefinition {
                image: image.uri,
                model_data_url: model_data.url(),
            },
            enable_network_isolation: Some(options.serverless.is_none()),
            tags: Vec::new(),
        });
        if options.serverless.is_some() {
            model = model.suppress(&Suppression::ServerlessModelWithoutNetworkIsolation);
        }
        ctx.add_resource(scope, model_id.clone(), model);

        let model_name = Value::get_att(&model_id, "ModelName");
        let variant_name = self.variant();
        let (variant, volume_key) = match &options.serverless {
            Some(serverless) => (
                serverless.variant(variant_name, model_name),
                Some(key.arn.clone()),
            ),
            None => {
                let instances = options.instances();
                let volume_key = (!instances.has_local_storage()).then(|| key.arn.clone());
                (instances.variant(variant_name, model_name), volume_key)
            }
        };
        let config_id = scope.logical_id("EndpointConfig");
        let config = EndpointConfig {
            production_variants: vec![variant],
            kms_key_id: volume_key,
            data_capture_config: options.data_capture.as_ref().map(|c| c.config(&key.arn)),
            tags: Vec::new(),
        };
        ctx.add_resource(scope, config_id.clone(), Resource::new(&config));

        let endpoint = endpoint_id(scope);
        ctx.add_resource(
            scope,
            endpoint.clone(),
            Resource::new(&Endpoint {
                endpoint_config_name: Value::get_att(&config_id, "EndpointConfigName"),
                tags: Vec::new(),
            }),
        );
        if let Some(scaling) = &options.autoscaling {
            scaling.synthesize(scope, ctx, &endpoint, variant_name);
        }
    }
}
