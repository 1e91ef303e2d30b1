//! Construct-tier checks of an `AnomalyFunction`'s props.

use super::AnomalyFunction;
use super::environment::{ENVIRONMENT_LIMIT_BYTES, Encoded};
use crate::contract::FunctionConfig;
use crate::resources::logs::{RETENTION_DAYS, retention_days_list};
use crate::rules::function as rules;
use crate::validate::Validator;
use crate::value::Value;
use crate::vpc::Egress;

/// The longest timeout Lambda accepts for a function with a Kafka event source mapping.
pub const KAFKA_MAX_TIMEOUT_SECONDS: i64 = 840;

impl AnomalyFunction {
    /// Records every problem with the props; `config` is the contract as synthesized (with
    /// deploy-time values replaced by valid stand-ins) and `env` its encoding.
    pub(super) fn validate(&self, v: &mut Validator<'_>, config: &FunctionConfig, env: &Encoded) {
        v.int_range(
            &rules::MEMORY,
            "memory_mb",
            &self.memory_mb,
            128,
            10240,
            "Lambda functions have 128 MB to 10,240 MB of memory",
        );
        let max_timeout = if self.sources.is_empty() {
            900
        } else {
            KAFKA_MAX_TIMEOUT_SECONDS
        };
        let (timeout_rule, why) = if self.sources.is_empty() {
            (&rules::TIMEOUT, "Lambda allows at most 15 minutes")
        } else {
            (
                &rules::KAFKA_TIMEOUT,
                "Lambda refuses event source mappings from Kafka to functions whose timeout exceeds 14 minutes",
            )
        };
        v.int_range(
            timeout_rule,
            "timeout_seconds",
            &self.timeout_seconds,
            1,
            max_timeout,
            why,
        );
        if let Some(concurrency) = &self.reserved_concurrency {
            if v.int_range(
                &rules::RESERVED_CONCURRENCY,
                "reserved_concurrency",
                concurrency,
                0,
                1_000_000,
                "reserved concurrency counts concurrent executions",
            ) == Some(0)
            {
                v.error(
                    &rules::RESERVED_CONCURRENCY_ZERO,
                    "reserved_concurrency",
                    Some(concurrency),
                    "0 throttles every invocation, so the mapping never delivers a batch",
                    "reserve at least 1, or leave reserved_concurrency unset",
                );
            }
        }
        if let Value::Int(days) = self.log_retention_days.value() {
            if !RETENTION_DAYS.contains(days) {
                v.error(
                    &rules::LOG_RETENTION,
                    "log_retention_days",
                    Some(self.log_retention_days.value()),
                    "is not a retention period CloudWatch Logs offers",
                    format!("use one of {}", retention_days_list()),
                );
            }
        } else if !self.log_retention_days.is_intrinsic() {
            v.error(
                &rules::LOG_RETENTION,
                "log_retention_days",
                Some(self.log_retention_days.value()),
                "must be a whole number of days",
                format!("use one of {}", retention_days_list()),
            );
        }
        if let Some(description) = &self.description {
            v.string_len(
                &rules::DESCRIPTION,
                "description",
                &Value::from(description.as_str()),
                0,
                256,
                "Lambda descriptions have at most 256 characters",
            );
        }
        v.string_len(
            &rules::CODE_BUCKET,
            "code.bucket",
            &self.code.bucket,
            3,
            63,
            "S3 bucket names have 3 to 63 characters",
        );
        v.chars(
            &rules::CODE_BUCKET,
            "code.bucket",
            &self.code.bucket,
            |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-',
            "lower-case letters, digits, `.` and `-`",
        );
        v.string_len(
            &rules::CODE_KEY,
            "code.key",
            &self.code.key,
            1,
            1024,
            "S3 object keys have 1 to 1024 bytes",
        );
        if let Some(arn) = &self.code_signing_config_arn {
            v.arn(
                &rules::CODE_SIGNING_CONFIG,
                "code_signing_config_arn",
                arn,
                "lambda",
                "code-signing-config:",
                "a Lambda code-signing configuration",
            );
        }
        for (i, tag) in self.tags.iter().enumerate() {
            v.string_len(
                &rules::TAG_LENGTH,
                &format!("tag[{i}].key"),
                &Value::from(tag.key.as_str()),
                1,
                128,
                "tag keys have 1 to 128 characters",
            );
            // AWS reserves the prefix in any case (`aws:`, `AWS:`, `Aws:`).
            if tag.key.to_ascii_lowercase().starts_with("aws:") {
                v.error(
                    &rules::TAG_RESERVED_PREFIX,
                    &format!("tag[{i}].key"),
                    Some(&Value::from(tag.key.as_str())),
                    "the `aws:` prefix is reserved for AWS",
                    "choose a key without the `aws:` prefix",
                );
            }
            if self.tags[..i].iter().any(|t| t.key == tag.key) {
                v.error(&rules::TAG_REPEATED,
                    &format!("tag[{i}].key"),
                    Some(&Value::from(tag.key.as_str())),
                    "is given twice; the function, its role and its log group would get two tags of this key, which AWS refuses",
                    "give each tag key once",
                );
            }
            v.string_len(
                &rules::TAG_LENGTH,
                &format!("tag[{i}].value"),
                &tag.value,
                0,
                256,
                "tag values have at most 256 characters",
            );
        }
        // An embedded model's features are checked by the function at cold start: the model
        // file is not read at synthesis.
        if let Some(scorer) = &self.scorer {
            scorer.validate(v);
        }
        match self.endpoint() {
            None if self.scorer.is_none() => v.error(&rules::NO_SCORER,
                "scorer",
                None,
                "no scoring endpoint is wired, so the function has nothing to score records with",
                "wire one with .scorer(&endpoint), e.g. RcfEndpoint::existing(\"rcf-anomaly-endpoint\"), or embed a model file with .scorer(Scorer::embedded_s3(bucket, key))",
            ),
            None => {}
            Some(endpoint) => {
                if let Some(dim) = endpoint.feature_dim() {
                    if dim != self.features.len() {
                        v.error(&rules::FEATURE_DIM,
                            "features",
                            Some(&Value::Int(self.features.len() as i64)),
                            format!(
                                "the function extracts {} feature{} but endpoint `{}` was trained on feature_dim = {dim}",
                                self.features.len(),
                                if self.features.len() == 1 { "" } else { "s" },
                                endpoint.id()
                            ),
                            "list exactly the features the model was trained on, in training order",
                        );
                    }
                }
            }
        }
        if let Some(vpc) = &self.vpc {
            if vpc.egress() == Egress::InterfaceEndpoints {
                v.error(&rules::VPC_WITHOUT_ROUTE,
                    "vpc",
                    Some(&Value::from(vpc.id())),
                    "the VPC's interface endpoints reach only Lambda, STS and Secrets Manager, so the function could not call SageMaker Runtime (or its sinks) from it",
                    "create the VPC with .egress(Egress::NatGateway), or leave the function outside the VPC (the pollers use the source's network anyway)",
                );
            }
        }
        if self.sources.is_empty() {
            v.warn(
                &rules::NO_SOURCE,
                "add_source",
                None,
                "no Kafka source is wired, so nothing will invoke the function",
                "wire a source with .add_source(&source)",
            );
        }
        let reporting: Vec<bool> = self
            .sources
            .iter()
            .map(|s| s.reports_batch_item_failures())
            .collect();
        if reporting.iter().any(|r| *r) && reporting.iter().any(|r| !*r) {
            v.error(&rules::MIXED_BATCH_ITEM_FAILURES,
                "add_source",
                None,
                "some sources report batch item failures and others do not; the function answers every mapping the same way, so records of the others would be lost on partial failure",
                "set report_batch_item_failures the same on every source of this function",
            );
        }
        if let (Some(queue), true) = (&self.bad_record_queue, reporting.iter().any(|r| *r)) {
            v.error(&rules::BAD_RECORD_QUEUE_TWICE,
                "bad_record_queue",
                Some(&Value::from(queue.id())),
                "the sources report batch item failures, so the function returns bad records to the mapping, which retries them and then sends them to its on-failure destination; the queue would receive each bad record a second time",
                "remove bad_record_queue and give the source .on_failure(OnFailure::queue(&queue)), or turn report_batch_item_failures off",
            );
        }
        if let Err(errors) = config.validate() {
            for e in errors {
                v.error(
                    crate::rules::contract::rule(e.rule),
                    &e.field,
                    None,
                    e.problem,
                    e.fix,
                );
            }
        }
        if env.estimated_bytes > ENVIRONMENT_LIMIT_BYTES {
            v.error(&rules::ENVIRONMENT_SIZE,
                "features",
                Some(&Value::Int(env.estimated_bytes as i64)),
                format!("the runtime configuration takes about {} bytes, but Lambda allows {ENVIRONMENT_LIMIT_BYTES} bytes of environment variables", env.estimated_bytes),
                "use fewer features or shorter feature names and paths",
            );
        }
    }
}
