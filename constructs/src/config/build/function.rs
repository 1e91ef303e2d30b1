//! Functions: code, wiring and runtime settings.

use super::{At, Builder};
use crate::config::model::{
    ArchitectureConfig, EmbeddedConfig, FunctionConfig, FunctionLogLevel, ModelConfig, ScorerChoice,
};
use crate::config::value::Val;
use crate::construct::Handle;
use crate::endpoint::RcfEndpoint;
use crate::function::{
    AnomalyFunction, Architecture, EmbeddedScorer, FunctionCode, LogLevel, Scorer,
};
use crate::value::Value;

impl Builder<'_> {
    pub(super) fn function(&mut self, at: At<'_>, c: &FunctionConfig) -> Option<AnomalyFunction> {
        let bucket = self.val(at, "code.bucket", &c.code.bucket);
        let key = match (&c.code.key, &self.options.code_key) {
            // The package key replaces a literal key; a parameter's default is set instead.
            (Val::Literal(_), Some(package_key)) => Value::String(package_key.clone()),
            (key, _) => self.val(at, "code.key", key),
        };
        let mut function = AnomalyFunction::new(FunctionCode::s3(bucket, key));
        if let Some(architecture) = self.architecture(at, c.architecture) {
            function = function.architecture(architecture);
        }
        match &c.scorer {
            Some(ScorerChoice::Endpoint(id)) => {
                let endpoint: Option<Handle<RcfEndpoint>> = self.handle(at, "scorer", id);
                if let Some(endpoint) = endpoint {
                    function = function.scorer(&endpoint);
                }
            }
            Some(ScorerChoice::Embedded(choice)) => {
                function = function.scorer(self.embedded(at, &choice.embedded));
            }
            None => {}
        }
        for source in &c.sources {
            if let Some(source) = self.handle(at, "sources", source) {
                function = function.add_source(&source);
            }
        }
        if let Some(table) = self.optional(at, "anomaly_table", c.anomaly_table.as_ref()) {
            function = function.anomaly_table(&table);
        }
        if let Some(topic) = self.optional(at, "alert_topic", c.alert_topic.as_ref()) {
            function = function.alert_topic(&topic);
        }
        if let Some(queue) = self.optional(at, "bad_record_queue", c.bad_record_queue.as_ref()) {
            function = function.bad_record_queue(&queue);
        }
        if let Some(format) = &c.record_format {
            function = function.record_format(format.clone());
        }
        if let Some(features) = &c.features {
            function = function.features(features.iter().cloned());
        }
        if let Some(threshold) = &c.threshold {
            function = function.threshold(threshold.clone());
        }
        if let Some(content_type) = c.content_type {
            function = function.content_type(content_type);
        }
        if let Some(namespace) = &c.metrics_namespace {
            function = function.metrics_namespace(namespace.clone());
        }
        if let Some(description) = &c.description {
            function = function.description(description.clone());
        }
        if let Some(mb) = self.opt(at, "memory_mb", c.memory_mb.as_ref()) {
            function = function.memory_mb(mb);
        }
        if let Some(s) = self.opt(at, "timeout_seconds", c.timeout_seconds.as_ref()) {
            function = function.timeout_seconds(s);
        }
        if let Some(n) = self.opt(at, "reserved_concurrency", c.reserved_concurrency.as_ref()) {
            function = function.reserved_concurrency(n);
        }
        if let Some(days) = self.opt(at, "log_retention_days", c.log_retention_days.as_ref()) {
            function = function.log_retention_days(days);
        }
        if let Some(level) = c.log_level {
            function = function.log_level(match level {
                FunctionLogLevel::Trace => LogLevel::Trace,
                FunctionLogLevel::Debug => LogLevel::Debug,
                FunctionLogLevel::Info => LogLevel::Info,
                FunctionLogLevel::Warn => LogLevel::Warn,
                FunctionLogLevel::Error => LogLevel::Error,
            });
        }
        if let Some(vpc) = self.optional(at, "vpc", c.vpc.as_ref()) {
            function = function.vpc(&vpc);
        }
        if c.tracing {
            function = function.tracing(true);
        }
        if let Some(arn) = self.opt(
            at,
            "code_signing_config_arn",
            c.code_signing_config_arn.as_ref(),
        ) {
            function = function.code_signing_config_arn(arn);
        }
        for (key, value) in &c.tags {
            let value = self.val(at, "tags", value);
            function = function.tag(key.clone(), value);
        }
        Some(function)
    }

    /// The embedded scorer a function's `scorer: {embedded: ...}` describes.
    fn embedded(&mut self, at: At<'_>, c: &EmbeddedConfig) -> EmbeddedScorer {
        let scorer = match &c.model {
            ModelConfig::Bundled(path) => Scorer::bundled(path.clone()),
            ModelConfig::S3(s3) => {
                let bucket = self.val(at, "scorer.model.s3.bucket", &s3.bucket);
                let key = self.val(at, "scorer.model.s3.key", &s3.key);
                Scorer::embedded_s3(bucket, key)
            }
        };
        scorer.learning(c.learn)
    }

    /// The file's architecture, or the one synth was given; a contradiction is an error.
    fn architecture(
        &mut self,
        at: At<'_>,
        written: Option<ArchitectureConfig>,
    ) -> Option<Architecture> {
        let written = written.map(|a| match a {
            ArchitectureConfig::Arm64 => Architecture::Arm64,
            ArchitectureConfig::X86_64 => Architecture::X86_64,
        });
        match (written, self.options.architecture) {
            (Some(w), Some(given)) if w != given => {
                self.error(
                    at,
                    "architecture",
                    Some(format!("{:?}", w.lambda_name())),
                    format!(
                        "contradicts the architecture synth was given, {} (from --architecture or the --code-zip binary)",
                        given.lambda_name()
                    ),
                    format!(
                        "remove `architecture` from the file, or build the package for {}",
                        w.lambda_name()
                    ),
                );
                None
            }
            (Some(w), _) => Some(w),
            (None, given) => given,
        }
    }
}
