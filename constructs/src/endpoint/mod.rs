//! `RcfEndpoint`: the SageMaker Random Cut Forest endpoint that scores feature rows, either
//! created by the stack ([`RcfEndpoint::new`]) or made elsewhere and used by name
//! ([`RcfEndpoint::existing`]).

mod autoscaling;
mod created;
mod data_capture;
mod existing;
mod handle;
mod images;
mod model_data;
mod role;
mod s3_uri;
#[cfg(test)]
mod tests;
mod variant;

pub use images::{IMAGE_TAG, REGISTRIES, REPOSITORY, registry_account};
pub use role::ENDPOINT_METRICS_NAMESPACE;
pub(crate) use s3_uri::bucket_problem;
pub use variant::{DEFAULT_INSTANCE_TYPE, DEFAULT_VARIANT_NAME};

use crate::construct::Construct;
use crate::context::SynthContext;
use crate::props::{Choices, Prop, Referable, choice};
use crate::scope::Scope;
use crate::validate::{Validator, exactly_one};
use crate::value::Value;

use created::CreatedOptions;

const KIND: &str = "RcfEndpoint";

/// A SageMaker Random Cut Forest endpoint the function sends feature rows to.
///
/// [`RcfEndpoint::new`] creates the model, endpoint configuration, endpoint and execution
/// role from a trained `model.tar.gz`; [`RcfEndpoint::existing`] uses an endpoint made
/// elsewhere. Either way the handle `stack.add` returns gives the endpoint's name and ARN
/// and grants `sagemaker:InvokeEndpoint`.
///
/// ```
/// use constructs::{RcfEndpoint, Stack};
/// let mut stack = Stack::new("demo");
/// let existing = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint").feature_dim(3));
/// assert_eq!(existing.endpoint_name().as_str(), Some("rcf-anomaly-endpoint"));
///
/// let created = stack.add(
///     "Detector",
///     RcfEndpoint::new("s3://my-models/rcf/output/model.tar.gz")
///         .feature_dim(3)
///         .instance_type("ml.c5.large")
///         .autoscaling(1, 4, 1000),
/// );
/// assert_eq!(created.endpoint_name().describe(), r#"{"Fn::GetAtt":["DetectorEndpoint","EndpointName"]}"#);
/// assert!(stack.synth().is_ok());
/// ```
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[schemars(
    description = "A Random Cut Forest endpoint: an existing one by name (`existing`), or one the stack creates from a trained model (`create`). Exactly one of the two."
)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["existing"], "properties": {"existing": {"not": {"type": "null"}}}}, {"required": ["create"], "properties": {"create": {"not": {"type": "null"}}}}]))]
pub struct RcfEndpoint {
    /// The name of an endpoint made elsewhere (lower-case when given as a parameter).
    #[serde(default)]
    #[schemars(extend("examples" = ["rcf-anomaly-endpoint", "orders-rcf"], "pattern" = "^[a-zA-Z0-9](-?[a-zA-Z0-9]){0,62}$", "maxLength" = 63))]
    existing: Option<Prop<String>>,
    /// An endpoint the stack creates: model, endpoint configuration, endpoint and role.
    #[serde(default)]
    create: Option<CreatedOptions>,
    /// The number of features the model was trained on; the functions scoring with it must
    /// extract exactly that many.
    #[serde(default)]
    #[schemars(range(min = 1), extend("examples" = [3]))]
    feature_dim: Option<usize>,
    /// The production variant's name (default `AllTraffic`): 1 to 63 letters, digits and
    /// hyphens.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$"))]
    variant_name: Option<String>,
    /// Settings of created endpoints given to an existing one, by builder method.
    #[serde(skip)]
    #[schemars(skip)]
    misused: Vec<&'static str>,
}

impl Choices for RcfEndpoint {
    fn choice_problems(&self) -> Vec<(&'static [&'static str], Vec<&'static str>)> {
        let mut problems: Vec<_> = choice(
            &["existing", "create"],
            &[self.existing.is_some(), self.create.is_some()],
        )
        .into_iter()
        .collect();
        if let Some(options) = &self.create {
            problems.extend(options.choice_problem());
        }
        problems
    }
}

impl Referable for RcfEndpoint {
    const KIND: &'static str = KIND;
    const SECTION: &'static str = "endpoints";
}

/// Where the endpoint comes from: exactly one of `existing` and `create`.
#[derive(Debug, Clone, Copy)]
enum Source<'a> {
    /// Made elsewhere; used by name.
    Existing { name: &'a Value },
    /// Created by the stack from a model artifact.
    Created { options: &'a CreatedOptions },
}

impl RcfEndpoint {
    fn with_source(existing: Option<Value>, create: Option<CreatedOptions>) -> Self {
        Self {
            existing: existing.map(Prop::new),
            create,
            feature_dim: None,
            variant_name: None,
            misused: Vec::new(),
        }
    }

    /// Where the endpoint comes from; `None` unless exactly one of `existing` and `create` is
    /// given (which only a stack file can get wrong).
    fn source(&self) -> Option<Source<'_>> {
        match (&self.existing, &self.create) {
            (Some(name), None) => Some(Source::Existing { name }),
            (None, Some(options)) => Some(Source::Created { options }),
            _ => None,
        }
    }

    /// Sets a setting of a created endpoint; on an existing one, records the misuse.
    fn created(mut self, property: &'static str, set: impl FnOnce(&mut CreatedOptions)) -> Self {
        match &mut self.create {
            Some(options) => set(options),
            None => self.misused.push(property),
        }
        self
    }

    /// The number of features the model was trained on (RCF's `feature_dim`). When set, the
    /// function's feature count must match it.
    pub fn feature_dim(mut self, feature_dim: usize) -> Self {
        self.feature_dim = Some(feature_dim);
        self
    }

    /// The production variant's name (default [`DEFAULT_VARIANT_NAME`], `AllTraffic`): 1 to
    /// 63 letters, digits and hyphens. For an existing endpoint, the name of its variant, which
    /// alarms on per-variant metrics need.
    pub fn variant_name(mut self, name: impl Into<String>) -> Self {
        self.variant_name = Some(name.into());
        self
    }

    /// Every region AWS publishes the Random Cut Forest image in, sorted.
    pub fn supported_regions() -> impl Iterator<Item = &'static str> {
        REGISTRIES.iter().map(|(region, _)| *region)
    }

    fn variant(&self) -> &str {
        self.variant_name.as_deref().unwrap_or(DEFAULT_VARIANT_NAME)
    }

    /// Checks that apply to both kinds of endpoint.
    fn validate_common(&self, v: &mut Validator<'_>) {
        if self.feature_dim == Some(0) {
            v.error(
                &crate::rules::endpoint::FEATURE_DIM,
                "feature_dim",
                Some(&Value::Int(0)),
                "must be at least 1",
                "set feature_dim to the number of features the model was trained on",
            );
        }
        if let Some(name) = &self.variant_name {
            variant::check_variant_name(v, name);
        }
    }
}

impl Construct for RcfEndpoint {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        self.validate_common(&mut ctx.validator(KIND, scope));
        match self.source() {
            Some(Source::Existing { name }) => {
                self.validate_existing(name, &mut ctx.validator(KIND, scope))
            }
            Some(Source::Created { options }) => self.synthesize_created(options, scope, ctx),
            None => {
                for (keys, given) in self.choice_problems() {
                    exactly_one(&mut ctx.validator(KIND, scope), keys, &given);
                }
            }
        }
    }
}
