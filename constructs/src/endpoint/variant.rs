//! The endpoint's production variant: its name and its capacity, instances or serverless.

use crate::props::Prop;
use crate::resources::sagemaker::{ProductionVariant, ServerlessConfig};
use crate::validate::Validator;
use crate::value::Value;

/// The instance type when none is given: AWS recommends `ml.c5.xl` for RCF inference.
pub const DEFAULT_INSTANCE_TYPE: &str = "ml.c5.xlarge";
/// The variant name when none is given (the SageMaker SDKs' default too).
pub const DEFAULT_VARIANT_NAME: &str = "AllTraffic";

/// Serverless capacity limits (ProductionVariantServerlessConfig in the SageMaker API).
const SERVERLESS_MEMORY_MB: (i64, i64, i64) = (1024, 6144, 1024);
const SERVERLESS_MAX_CONCURRENCY: (i64, i64) = (1, 200);

/// Serverless capacity, as given to `.serverless(memory_mb, max_concurrency)`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Serverless {
    /// 1024 to 6144 MB, in steps of 1024.
    #[schemars(extend("examples" = [1024, 2048, 6144], "minimum" = 1024, "maximum" = 6144, "multipleOf" = 1024))]
    pub(super) memory_mb: Prop<i64>,
    /// 1 to 200 concurrent invocations.
    #[schemars(extend("minimum" = 1, "maximum" = 200))]
    pub(super) max_concurrency: Prop<i64>,
}

/// Instance capacity as given to `.instance_type(..)` and `.instance_count(..)`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Instances<'a> {
    pub(super) instance_type: Option<&'a Value>,
    pub(super) count: Option<&'a Value>,
}

impl Instances<'_> {
    pub(super) fn instance_type(&self) -> Value {
        self.instance_type
            .cloned()
            .unwrap_or_else(|| DEFAULT_INSTANCE_TYPE.into())
    }

    pub(super) fn count(&self) -> Value {
        self.count.cloned().unwrap_or(Value::Int(1))
    }

    /// True when the instance type is a literal whose family carries local NVMe instance
    /// storage (AWS's naming convention: a `d` among the attribute letters after the
    /// generation, as in `c5d`, `m6id`, `g4dn`, `p4de`). SageMaker encrypts those volumes in
    /// hardware and refuses a `KmsKeyId` for them.
    pub(super) fn has_local_storage(&self) -> bool {
        let instance_type = self.instance_type();
        let Some(family) = instance_type.as_str().and_then(|t| t.split('.').nth(1)) else {
            return false;
        };
        let attributes = family
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .trim_start_matches(|c: char| c.is_ascii_digit());
        attributes.contains('d')
    }

    pub(super) fn validate(&self, v: &mut Validator<'_>) {
        if let Some(instance_type) = self.instance_type {
            check_instance_type(v, instance_type);
        }
        if let Some(count) = self.count {
            check_instance_count(v, "instance_count", count);
        }
    }

    pub(super) fn variant(&self, variant_name: &str, model_name: Value) -> ProductionVariant {
        ProductionVariant {
            variant_name: variant_name.into(),
            model_name,
            instance_type: Some(self.instance_type()),
            initial_instance_count: Some(self.count()),
            initial_variant_weight: Some(Value::Int(1)),
            serverless_config: None,
        }
    }
}

impl Serverless {
    pub(super) fn validate(&self, v: &mut Validator<'_>) {
        let (min, max, step) = SERVERLESS_MEMORY_MB;
        let why = "serverless endpoints have 1024 to 6144 MB of memory";
        if let Some(mb) = v.int_range(
            &crate::rules::endpoint::SERVERLESS_MEMORY,
            "serverless.memory_mb",
            &self.memory_mb,
            min,
            max,
            why,
        ) {
            if mb % step != 0 {
                v.error(
                    &crate::rules::endpoint::SERVERLESS_MEMORY,
                    "serverless.memory_mb",
                    Some(self.memory_mb.value()),
                    "must be a multiple of 1024: serverless memory comes in 1 GB steps",
                    "use 1024, 2048, 3072, 4096, 5120 or 6144",
                );
            }
        }
        let (min, max) = SERVERLESS_MAX_CONCURRENCY;
        v.int_range(
            &crate::rules::endpoint::SERVERLESS_CONCURRENCY,
            "serverless.max_concurrency",
            &self.max_concurrency,
            min,
            max,
            "a serverless endpoint serves 1 to 200 concurrent invocations",
        );
    }

    pub(super) fn variant(&self, variant_name: &str, model_name: Value) -> ProductionVariant {
        ProductionVariant {
            variant_name: variant_name.into(),
            model_name,
            serverless_config: Some(ServerlessConfig {
                memory_size_in_mb: self.memory_mb.value().clone(),
                max_concurrency: self.max_concurrency.value().clone(),
            }),
            ..ProductionVariant::default()
        }
    }
}

/// Checks that a literal instance count is a whole number of at least 1; returns it when it is.
pub(super) fn check_instance_count(
    v: &mut Validator<'_>,
    property: &str,
    value: &Value,
) -> Option<i64> {
    match value {
        Value::Int(n) if *n >= 1 => Some(*n),
        Value::Intrinsic(_) => None,
        _ => {
            v.error(&crate::rules::endpoint::INSTANCE_COUNT,
                property,
                Some(value),
                "must be a whole number of at least 1: an endpoint variant runs on one or more instances",
                format!("set {property} to 1 or more (use .serverless(..) for capacity that scales to zero)"),
            );
            None
        }
    }
}

/// `ml.<family>.<size>`, e.g. `ml.c5.xlarge`, `ml.m6id.2xlarge`.
fn check_instance_type(v: &mut Validator<'_>, value: &Value) {
    let Value::String(s) = value else {
        if !value.is_intrinsic() {
            v.error(
                &crate::rules::endpoint::INSTANCE_TYPE,
                "instance_type",
                Some(value),
                "must be a string",
                "give an ML instance type such as ml.c5.xlarge",
            );
        }
        return;
    };
    let parts: Vec<&str> = s.split('.').collect();
    let word = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    let ok = parts.len() == 3
        && parts[0] == "ml"
        && word(parts[1])
        && parts[1].starts_with(|c: char| c.is_ascii_lowercase())
        && word(parts[2]);
    if !ok {
        v.error(
            &crate::rules::endpoint::INSTANCE_TYPE,
            "instance_type",
            Some(value),
            "is not a SageMaker ML instance type (ml.<family>.<size>)",
            format!(
                "use an ML instance type such as {DEFAULT_INSTANCE_TYPE} (note the ml. prefix)"
            ),
        );
    }
}

/// Checks a variant name: 1 to 63 letters, digits and hyphens, starting and ending with a
/// letter or digit (`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`).
pub(super) fn check_variant_name(v: &mut Validator<'_>, name: &str) {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if !ok {
        v.error(
            &crate::rules::endpoint::VARIANT_NAME,
            "variant_name",
            Some(&Value::from(name)),
            "is not a SageMaker variant name",
            "use 1 to 63 letters, digits and hyphens, starting and ending with a letter or digit",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::scope::Scope;

    fn problems(f: impl FnOnce(&mut Validator<'_>)) -> Vec<(String, String)> {
        let mut d = Diagnostics::default();
        let scope = Scope::root("E");
        f(&mut Validator::new(&mut d, "Test", &scope));
        d.iter()
            .map(|d| (d.property.clone(), d.problem.clone()))
            .collect()
    }

    fn check_type(v: &mut Validator<'_>, instance_type: &str) {
        let instance_type = Value::from(instance_type);
        Instances {
            instance_type: Some(&instance_type),
            count: None,
        }
        .validate(v);
    }

    #[test]
    fn instance_types() {
        for ok in [
            "ml.c5.xlarge",
            "ml.m6id.2xlarge",
            "ml.g4dn.xlarge",
            "ml.t2.medium",
        ] {
            assert!(problems(|v| check_type(v, ok)).is_empty(), "{ok}");
        }
        for bad in [
            "c5.xlarge",
            "ml.c5",
            "ml.C5.xlarge",
            "ml..xlarge",
            "ml.c5.xlarge.x",
            "ml.5c.large",
        ] {
            let p = problems(|v| check_type(v, bad));
            assert_eq!(p.len(), 1, "{bad}");
            assert_eq!(p[0].0, "instance_type");
            assert!(p[0].1.contains("ml.<family>.<size>"));
        }
    }

    #[test]
    fn instance_counts() {
        let check = |v: &mut Validator<'_>, count: Value| {
            Instances {
                instance_type: None,
                count: Some(&count),
            }
            .validate(v)
        };
        assert!(problems(|v| check(v, Value::Int(2))).is_empty());
        assert!(problems(|v| check(v, Value::region())).is_empty());
        let p = problems(|v| check(v, Value::Int(0)));
        assert_eq!(p, vec![("instance_count".to_owned(), "must be a whole number of at least 1: an endpoint variant runs on one or more instances".to_owned())]);
    }

    #[test]
    fn local_storage_follows_the_naming_convention() {
        assert!(!Instances::default().has_local_storage());
        let local = |t: &str| {
            let t = Value::from(t);
            Instances {
                instance_type: Some(&t),
                count: None,
            }
            .has_local_storage()
        };
        assert!(local("ml.c5d.xlarge"));
        assert!(local("ml.m6id.large"));
        assert!(local("ml.g4dn.xlarge"));
        assert!(!local("ml.c6gn.large"));
        assert!(!local("ml.inf1.xlarge"));
    }

    #[test]
    fn serverless_limits() {
        let s = |mb: i64, c: i64| Serverless {
            memory_mb: mb.into(),
            max_concurrency: c.into(),
        };
        assert!(problems(|v| s(2048, 20).validate(v)).is_empty());
        assert!(problems(|v| s(6144, 200).validate(v)).is_empty());
        let p = problems(|v| s(1500, 201).validate(v));
        assert_eq!(p.len(), 2);
        assert_eq!(
            p[0].1,
            "must be a multiple of 1024: serverless memory comes in 1 GB steps"
        );
        assert_eq!(p[1].0, "serverless.max_concurrency");
        assert!(p[1].1.contains("between 1 and 200"));
        assert!(
            problems(|v| s(512, 1).validate(v))[0]
                .1
                .contains("between 1024 and 6144")
        );
    }

    #[test]
    fn variant_names() {
        assert!(problems(|v| check_variant_name(v, "AllTraffic")).is_empty());
        assert!(problems(|v| check_variant_name(v, "blue-2")).is_empty());
        for bad in ["", "-a", "a-", "a_b", &"a".repeat(64)] {
            assert_eq!(problems(|v| check_variant_name(v, bad)).len(), 1, "{bad}");
        }
    }
}
