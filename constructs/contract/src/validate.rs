//! The contract's rules: every one a configuration can break, checked at synthesis and again
//! at cold start, all reported together.

use crate::config::FunctionConfig;
use crate::derive::{CategoryMap, Derive};
use crate::features::FeatureSpec;
use crate::format::{RecordFormat, compile_regex, group_names};
use crate::rule::ContractRule;
use crate::scorer::{
    MAX_S3_KEY_BYTES, ModelSource, S3Object, ScorerConfig, is_valid_endpoint_name,
};
use crate::threshold::{AdaptiveThreshold, MAX_ADAPTIVE_WINDOW, Threshold};
use crate::wire::{CONTRACT_VERSION, MAX_FEATURES};

/// A rule of the contract that a config breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("[{rule}] {field}: {problem}; fix: {fix}")]
pub struct ContractError {
    /// The rule broken (its id is `synth explain`'s key).
    pub rule: ContractRule,
    /// The field at fault, as a path (`features[2].path`).
    pub field: String,
    /// What is wrong.
    pub problem: String,
    /// What to do about it.
    pub fix: String,
}

impl ModelSource {
    /// Every rule the location breaks, as `(rule, field below scorer.model, problem, fix)`.
    fn problems(&self) -> Vec<(ContractRule, String, String, &'static str)> {
        let mut out = Vec::new();
        match self {
            ModelSource::Bundled(path) => {
                let fix =
                    "give the model file's path relative to the package root, e.g. `model.json`";
                if path.is_empty() {
                    out.push((
                        ContractRule::ModelPath,
                        "bundled".into(),
                        "is empty".into(),
                        fix,
                    ));
                } else if path.starts_with('/') || path.starts_with('\\') {
                    out.push((
                        ContractRule::ModelPath,
                        "bundled".into(),
                        format!(
                            "`{path}` is absolute; the file must be inside the deployment package"
                        ),
                        fix,
                    ));
                } else if path.split(['/', '\\']).any(|part| part == "..") {
                    out.push((
                        ContractRule::ModelPath,
                        "bundled".into(),
                        format!(
                            "`{path}` contains `..`; the file must be inside the deployment package"
                        ),
                        fix,
                    ));
                } else if path.ends_with('/') {
                    out.push((
                        ContractRule::ModelPath,
                        "bundled".into(),
                        format!("`{path}` names a directory"),
                        fix,
                    ));
                }
                if path.chars().any(char::is_control) {
                    out.push((
                        ContractRule::ModelPath,
                        "bundled".into(),
                        format!("{path:?} contains a control character"),
                        "remove it",
                    ));
                }
            }
            ModelSource::S3(S3Object { bucket, key }) => {
                if bucket.is_empty() || bucket.contains('/') || bucket.chars().any(char::is_control)
                {
                    out.push((
                        ContractRule::ModelBucket,
                        "s3.bucket".into(),
                        format!("{bucket:?} is not a bucket name"),
                        "give the bucket's name (not its ARN or an s3:// URI)",
                    ));
                }
                let fix = "give the key of the model file written by `synth train`";
                if key.is_empty() {
                    out.push((
                        ContractRule::ModelKey,
                        "s3.key".into(),
                        "is empty".into(),
                        fix,
                    ));
                } else if key.ends_with('/') {
                    out.push((
                        ContractRule::ModelKey,
                        "s3.key".into(),
                        format!("`{key}` ends with `/`, so it names a prefix, not an object"),
                        fix,
                    ));
                } else if key.len() > MAX_S3_KEY_BYTES {
                    out.push((
                        ContractRule::ModelKey,
                        "s3.key".into(),
                        format!(
                            "has {} bytes; S3 keys have at most {MAX_S3_KEY_BYTES}",
                            key.len()
                        ),
                        fix,
                    ));
                }
            }
        }
        out
    }
}

impl AdaptiveThreshold {
    /// Every rule the settings break, as `(rule, field below threshold, problem, fix)`.
    fn problems(&self) -> Vec<(ContractRule, &'static str, String, &'static str)> {
        let mut out = Vec::new();
        if !self.k.is_finite() || self.k <= 0.0 {
            out.push((
                ContractRule::AdaptiveK,
                "k",
                format!("is {}", self.k),
                "use a finite number above 0 (2 is the default, chosen on NAB)",
            ));
        }
        if self.half_life == 0 {
            out.push((
                ContractRule::AdaptiveHalfLife,
                "half_life",
                "is 0".into(),
                "use 1 or more scores (4000 is the default)",
            ));
        }
        if !(1..=MAX_ADAPTIVE_WINDOW).contains(&self.window) {
            out.push((
                ContractRule::AdaptiveWindow,
                "window",
                format!("is {}", self.window),
                "average 1 to 1000 scores (3 is the default)",
            ));
        }
        if !self.floor.is_finite() || self.floor < 0.0 {
            out.push((
                ContractRule::AdaptiveFloor,
                "floor",
                format!("is {}", self.floor),
                "use a finite share of at least 0 (0.2 is the default)",
            ));
        }
        if let Some(initial) = &self.initial {
            if !initial.mean.is_finite() {
                out.push((
                    ContractRule::AdaptiveInitial,
                    "initial.mean",
                    format!("is {}, not a finite number", initial.mean),
                    "use the mean training score `synth calibrate` prints",
                ));
            }
            if !initial.stddev.is_finite() || initial.stddev < 0.0 {
                out.push((
                    ContractRule::AdaptiveInitial,
                    "initial.stddev",
                    format!("is {}", initial.stddev),
                    "use a finite number of at least 0 (`synth calibrate` measures it)",
                ));
            }
        }
        out
    }
}

/// Every problem with a feature's derivation and unit, as `(field, problem, fix)`.
fn derive_problems(feature: &FeatureSpec) -> Vec<(&'static str, String, &'static str)> {
    let mut out = Vec::new();
    let finite = "use a finite number";
    match &feature.derive {
        Some(Derive::Indicator(at_least)) if !at_least.is_finite() => {
            out.push((
                "derive",
                format!("indicator is {at_least}, not a finite number"),
                finite,
            ));
        }
        Some(Derive::Map(CategoryMap { values, other })) => {
            if values.is_empty() {
                out.push((
                    "derive",
                    "map lists no category".to_owned(),
                    "list each category's number, e.g. `{map: {GET: 0, POST: 1}, other: 2}`",
                ));
            }
            for (category, value) in values.iter().filter(|(_, v)| !v.is_finite()) {
                out.push((
                    "derive",
                    format!("map gives `{category}` {value}, not a finite number"),
                    finite,
                ));
            }
            if let Some(other) = other.filter(|o| !o.is_finite()) {
                out.push((
                    "derive",
                    format!("other is {other}, not a finite number"),
                    finite,
                ));
            }
            if let Some(unit) = feature.unit {
                out.push((
                    "unit",
                    format!(
                        "is `{}`, but a map reads categories, not durations",
                        unit.name()
                    ),
                    "remove `unit`, or the map",
                ));
            }
        }
        _ => {}
    }
    out
}

impl FunctionConfig {
    /// Checks every rule of the contract and returns all broken ones. Values that the stack
    /// fills in at deploy time (resource names) are checked by the runtime only.
    pub fn validate(&self) -> Result<(), Vec<ContractError>> {
        let mut errors = Vec::new();
        let mut err = |rule: ContractRule, field: String, problem: String, fix: &str| {
            errors.push(ContractError {
                rule,
                field,
                problem,
                fix: fix.to_owned(),
            })
        };
        if self.version != CONTRACT_VERSION {
            err(
                ContractRule::Version,
                "version".into(),
                format!(
                    "is {}, but this build understands version {CONTRACT_VERSION}",
                    self.version
                ),
                "deploy the function and the stack from the same release",
            );
        }
        if self.features.is_empty() {
            err(
                ContractRule::NoFeatures,
                "features".into(),
                "is empty".into(),
                "list at least one feature",
            );
        }
        if self.features.len() > MAX_FEATURES {
            err(
                ContractRule::TooManyFeatures,
                "features".into(),
                format!(
                    "has {} entries; at most {MAX_FEATURES} are supported",
                    self.features.len()
                ),
                "score with fewer features",
            );
        }
        let compiled = match &self.record_format {
            RecordFormat::Regex(pattern) => match compile_regex(pattern) {
                Ok(regex) => {
                    if group_names(&regex).is_empty() {
                        err(
                            ContractRule::RecordPattern,
                            "record_format.regex".into(),
                            format!("`{pattern}` has no named group, so no feature can read it"),
                            "name the groups features read, e.g. `(?P<latency_ms>\\d+)`",
                        );
                    }
                    Some(regex)
                }
                Err(e) => {
                    err(
                        ContractRule::RecordPattern,
                        "record_format.regex".into(),
                        format!("`{pattern}` is not a pattern: {e}"),
                        "correct the pattern (Rust `regex` syntax; named groups are \
                         `(?P<name>...)`)",
                    );
                    None
                }
            },
            _ => None,
        };
        let groups = compiled.as_ref().map(group_names).unwrap_or_default();
        let mut seen = std::collections::HashSet::new();
        for (i, feature) in self.features.iter().enumerate() {
            let field = |name: &str| format!("features[{i}].{name}");
            if feature.name.trim().is_empty() {
                err(
                    ContractRule::FeatureName,
                    field("name"),
                    "is empty".into(),
                    "give every feature a name",
                );
            } else if !seen.insert(feature.name.as_str()) {
                err(
                    ContractRule::FeatureName,
                    field("name"),
                    format!("`{}` appears twice", feature.name),
                    "give every feature its own name",
                );
            }
            if feature.name.chars().any(char::is_control) {
                err(
                    ContractRule::FeatureName,
                    field("name"),
                    format!("{:?} contains a control character", feature.name),
                    "remove it",
                );
            }
            let path = feature.field_path();
            if path.split('.').any(str::is_empty) || path.chars().any(char::is_control) {
                err(
                    ContractRule::FeaturePath,
                    field("path"),
                    format!("{path:?} is not a field path"),
                    "use dot-separated field names such as `http.latency_ms`",
                );
            }
            if let Some(d) = feature.default.filter(|d| !d.is_finite()) {
                err(
                    ContractRule::FeatureDefault,
                    field("default"),
                    format!("is {d}, not a finite number"),
                    "use a finite number or no default",
                );
            }
            // A broken pattern is reported once, above; its features are not checked against it.
            let checkable =
                !matches!(self.record_format, RecordFormat::Regex(_)) || compiled.is_some();
            if checkable && !self.record_format.has_field(path, &groups) {
                let (problem, fix) = match &self.record_format {
                    RecordFormat::Regex(_) => (
                        format!("`{path}` is not a named group of the pattern"),
                        "name one of the pattern's groups",
                    ),
                    format => (
                        format!("`{path}` is not a field of the `{}` format", format.name()),
                        "name one of the format's fields",
                    ),
                };
                let fields: Vec<&str> = match self.record_format.fields() {
                    Some(fields) => fields
                        .iter()
                        .chain(self.record_format.request_parts())
                        .copied()
                        .collect(),
                    None => groups.clone(),
                };
                err(
                    ContractRule::FeatureField,
                    field(if feature.path.is_some() {
                        "path"
                    } else {
                        "name"
                    }),
                    problem,
                    &format!("{fix}: {}", fields.join(", ")),
                );
            }
            for (name, problem, fix) in derive_problems(feature) {
                err(ContractRule::FeatureDerive, field(name), problem, fix);
            }
        }
        match &self.scorer {
            ScorerConfig::SageMaker { endpoint_name, .. } => {
                if !is_valid_endpoint_name(endpoint_name) {
                    err(
                        ContractRule::EndpointName,
                        "scorer.endpoint_name".into(),
                        format!("`{endpoint_name}` is not a SageMaker endpoint name"),
                        "use 1-63 letters, digits and single hyphens",
                    );
                }
            }
            ScorerConfig::Embedded { model, .. } => {
                for (rule, field, problem, fix) in model.problems() {
                    err(rule, format!("scorer.model.{field}"), problem, fix);
                }
            }
        }
        let finite = "use a finite number";
        match &self.threshold {
            Threshold::Fixed { value } if !value.is_finite() => {
                err(
                    ContractRule::ThresholdValue,
                    "threshold.value".into(),
                    format!("is {value}, not a finite number"),
                    finite,
                );
            }
            Threshold::Sigma { mean, stddev, k } => {
                if !mean.is_finite() {
                    err(
                        ContractRule::ThresholdValue,
                        "threshold.mean".into(),
                        format!("is {mean}, not a finite number"),
                        finite,
                    );
                }
                if !stddev.is_finite() || *stddev < 0.0 {
                    err(
                        ContractRule::ThresholdStddev,
                        "threshold.stddev".into(),
                        format!("is {stddev}"),
                        "use a finite number of at least 0",
                    );
                }
                if !k.is_finite() || *k <= 0.0 {
                    err(
                        ContractRule::ThresholdK,
                        "threshold.k".into(),
                        format!("is {k}"),
                        "use a finite number above 0 (AWS's rule of thumb is 3)",
                    );
                }
            }
            Threshold::Fixed { .. } => {}
            Threshold::Adaptive(a) => {
                for (rule, field, problem, fix) in a.problems() {
                    err(rule, format!("threshold.{field}"), problem, fix);
                }
            }
        }
        if self.sinks.anomaly_ttl_days == Some(0) {
            err(
                ContractRule::AnomalyTtl,
                "sinks.anomaly_ttl_days".into(),
                "is 0".into(),
                "keep anomalies at least 1 day, or leave the TTL unset to keep them",
            );
        }
        if self.metrics_namespace.is_empty()
            || self.metrics_namespace.len() > 255
            || self.metrics_namespace.starts_with(':')
            || self.metrics_namespace.chars().any(char::is_control)
        {
            err(
                ContractRule::MetricsNamespace,
                "metrics_namespace".into(),
                format!("`{}` is not a CloudWatch namespace", self.metrics_namespace),
                "use 1-255 printable characters, not starting with `:`",
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FeatureSpec;

    #[test]
    fn seed_defaults() {
        let c = FunctionConfig::default();
        assert_eq!(c.features.len(), 3);
        assert_eq!(c.threshold.value(), Some(3.0));
        assert!(c.validate().is_ok());
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(
            json,
            r#"{"version":1,"record_format":"json_lines","features":[{"name":"response_time_ms"},{"name":"status"},{"name":"duration_ms"}],"scorer":{"kind":"sagemaker","endpoint_name":"rcf-anomaly-endpoint","content_type":"text/csv"},"threshold":{"kind":"fixed","value":3.0},"sinks":{},"metrics_namespace":"KafkaAnomalyDetection","report_batch_item_failures":false}"#
        );
    }

    #[test]
    fn reports_every_broken_rule() {
        let mut c = FunctionConfig {
            version: 9,
            ..FunctionConfig::default()
        };
        c.features.push(FeatureSpec::new("status"));
        c.features[0].path = Some("a..b".into());
        c.features[1].default = Some(f64::INFINITY);
        c.threshold = Threshold::Sigma {
            mean: 1.0,
            stddev: -1.0,
            k: 0.0,
        };
        let errors = c.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "version",
                "features[0].path",
                "features[1].default",
                "features[3].name",
                "threshold.stddev",
                "threshold.k"
            ]
        );
    }

    fn embedded(model: ModelSource) -> FunctionConfig {
        FunctionConfig {
            scorer: ScorerConfig::Embedded {
                model,
                learn: false,
            },
            ..FunctionConfig::default()
        }
    }

    #[test]
    fn embedded_scorers_round_trip_in_their_documented_form() {
        let c = embedded(ModelSource::S3(S3Object {
            bucket: "models".into(),
            key: "rcf/model.json".into(),
        }));
        let json = serde_json::to_string(&c.scorer).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"embedded","model":{"s3":{"bucket":"models","key":"rcf/model.json"}},"learn":false}"#
        );
        let back: ScorerConfig =
            serde_json::from_str(r#"{"kind":"embedded","model":{"bundled":"model.json"}}"#)
                .unwrap();
        assert_eq!(
            back,
            ScorerConfig::Embedded {
                model: ModelSource::Bundled("model.json".into()),
                learn: false
            }
        );
        assert!(c.validate().is_ok());
        assert!(
            embedded(ModelSource::Bundled("models/rcf.json".into()))
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn embedded_model_locations_are_checked() {
        let problems = |model| {
            embedded(model)
                .validate()
                .unwrap_err()
                .into_iter()
                .map(|e| format!("{}: {}", e.field, e.problem))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            problems(ModelSource::Bundled("/opt/model.json".into())),
            [
                "scorer.model.bundled: `/opt/model.json` is absolute; the file must be inside the deployment package"
            ]
        );
        assert_eq!(
            problems(ModelSource::Bundled("a/../../model.json".into())),
            [
                "scorer.model.bundled: `a/../../model.json` contains `..`; the file must be inside the deployment package"
            ]
        );
        assert_eq!(
            problems(ModelSource::Bundled(String::new())),
            ["scorer.model.bundled: is empty"]
        );
        assert_eq!(
            problems(ModelSource::S3(S3Object {
                bucket: String::new(),
                key: "models/".into()
            })),
            [
                "scorer.model.s3.bucket: \"\" is not a bucket name",
                "scorer.model.s3.key: `models/` ends with `/`, so it names a prefix, not an object"
            ]
        );
        assert_eq!(
            problems(ModelSource::S3(S3Object {
                bucket: "b".into(),
                key: "k".repeat(1025)
            })),
            ["scorer.model.s3.key: has 1025 bytes; S3 keys have at most 1024"]
        );
    }

    fn with_format(format: RecordFormat, features: &[FeatureSpec]) -> FunctionConfig {
        FunctionConfig {
            record_format: format,
            features: features.to_vec(),
            ..FunctionConfig::default()
        }
    }

    fn problems(config: &FunctionConfig) -> Vec<String> {
        match config.validate() {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .into_iter()
                .map(|e| format!("{} {}: {}", e.rule, e.field, e.problem))
                .collect(),
        }
    }

    #[test]
    fn an_invalid_pattern_is_one_error_naming_the_problem() {
        let config = with_format(
            RecordFormat::Regex("(?P<ms>\\d+".into()),
            &[FeatureSpec::new("ms")],
        );
        assert_eq!(
            problems(&config),
            ["E0820 record_format.regex: `(?P<ms>\\d+` is not a pattern: unclosed group"]
        );
        let unnamed = with_format(
            RecordFormat::Regex("(\\d+)ms".into()),
            &[FeatureSpec::new("ms")],
        );
        assert_eq!(
            problems(&unnamed),
            [
                "E0820 record_format.regex: `(\\d+)ms` has no named group, so no feature can read it",
                "E0821 features[0].name: `ms` is not a named group of the pattern"
            ]
        );
        for class in ["(?P<g>\\p{Greek}+)", "(?P<g>[\\pL0-9]+)", "(?P<g>\\PN)"] {
            let greek = with_format(RecordFormat::Regex(class.into()), &[FeatureSpec::new("g")]);
            assert_eq!(
                problems(&greek),
                [format!(
                    "E0820 record_format.regex: `{class}` is not a pattern: it uses a Unicode class (`\\p{{...}}`), which the function's regex engine is built without"
                )]
            );
        }
        // What the lean build has: Unicode-aware Perl classes and case folding.
        let lean = with_format(
            RecordFormat::Regex("(?i)(?P<g>\\w+\\s\\d+\\b)".into()),
            &[FeatureSpec::new("g")],
        );
        assert_eq!(problems(&lean), Vec::<String>::new());
    }

    #[test]
    fn features_must_name_a_field_of_the_format() {
        let mut latency = FeatureSpec::new("latency");
        latency.path = Some("request_time".into());
        let config = with_format(
            RecordFormat::Combined,
            &[
                FeatureSpec::new("status"),
                FeatureSpec::new("method"),
                latency.clone(),
            ],
        );
        let found = problems(&config);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                == "E0821 features[2].path: `request_time` is not a field of the `combined` format",
            "{found:?}"
        );
        let errors = config.validate().unwrap_err();
        assert!(
            errors[0]
                .fix
                .contains("body_bytes_sent, http_referer, http_user_agent, method, path, protocol"),
            "{}",
            errors[0].fix
        );
        assert!(problems(&with_format(RecordFormat::CombinedTimed, &[latency])).is_empty());
        let regex = with_format(
            RecordFormat::Regex("(?P<ms>\\d+)ms".into()),
            &[FeatureSpec::new("ms"), FeatureSpec::new("status")],
        );
        let errors = regex.validate().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].fix, "name one of the pattern's groups: ms");
        assert!(
            problems(&with_format(
                RecordFormat::Logfmt,
                &[FeatureSpec::new("any.key")]
            ))
            .is_empty()
        );
    }

    #[test]
    fn derivations_must_be_usable() {
        let mut indicator = FeatureSpec::new("a");
        indicator.derive = Some(Derive::Indicator(f64::NAN));
        let mut map = FeatureSpec::new("b");
        map.derive = Some(Derive::Map(CategoryMap {
            values: [("GET".to_owned(), f64::INFINITY)].into(),
            other: Some(f64::NAN),
        }));
        map.unit = Some(crate::DurationUnit::S);
        let mut empty = FeatureSpec::new("c");
        empty.derive = Some(Derive::Map(CategoryMap::default()));
        let mut fine = FeatureSpec::new("d");
        fine.derive = Some(Derive::Log);
        fine.unit = Some(crate::DurationUnit::S);
        assert_eq!(
            problems(&with_format(
                RecordFormat::Json,
                &[indicator, map, empty, fine]
            )),
            [
                "E0822 features[0].derive: indicator is NaN, not a finite number",
                "E0822 features[1].derive: map gives `GET` inf, not a finite number",
                "E0822 features[1].derive: other is NaN, not a finite number",
                "E0822 features[1].unit: is `s`, but a map reads categories, not durations",
                "E0822 features[2].derive: map lists no category",
            ]
        );
    }

    #[test]
    fn adaptive_thresholds_are_checked_field_by_field() {
        let c = FunctionConfig {
            threshold: Threshold::Adaptive(AdaptiveThreshold {
                k: f64::NAN,
                half_life: 0,
                window: 1001,
                floor: -0.1,
                initial: Some(crate::ScoreStatistics {
                    mean: f64::INFINITY,
                    stddev: -1.0,
                }),
                ..AdaptiveThreshold::default()
            }),
            ..FunctionConfig::default()
        };
        let errors = c.validate().unwrap_err();
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.rule.id(), e.field.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("E0830", "threshold.k"),
                ("E0831", "threshold.half_life"),
                ("E0832", "threshold.window"),
                ("E0833", "threshold.floor"),
                ("E0834", "threshold.initial.mean"),
                ("E0834", "threshold.initial.stddev"),
            ]
        );
        let good = FunctionConfig {
            threshold: Threshold::Adaptive(AdaptiveThreshold::default()),
            ..FunctionConfig::default()
        };
        assert!(good.validate().is_ok());
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err = FunctionConfig::from_json(r#"{"version":1,"features":[],"scorer":{"kind":"sagemaker","endpoint_name":"x"},"threshold":{"kind":"fixed","value":1},"bogus":1}"#).unwrap_err();
        assert!(err[0].problem.contains("bogus"), "{err:?}");
    }
}
