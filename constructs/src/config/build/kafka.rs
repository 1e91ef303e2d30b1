//! Kafka sources.

use super::{At, Builder};
use crate::config::model::{
    AuthConfig, KafkaSourceConfig, MappingLogLevel, MetricConfig, OnFailureConfig,
    StartingPositionConfig,
};
use crate::kafka::{
    BootstrapServers, KafkaAuth, KafkaSource, LogLevel, MappingMetric, OnFailure,
    ProvisionedPollers, StartingPosition,
};
use crate::value::Value;

impl Builder<'_> {
    pub(super) fn kafka_source(
        &mut self,
        at: At<'_>,
        c: &KafkaSourceConfig,
    ) -> Option<KafkaSource> {
        let topic = self.val(at, "topic", &c.topic);
        let mut source = match (&c.msk, &c.self_managed, &c.confluent) {
            (Some(msk), None, None) => {
                KafkaSource::msk(self.val(at, "cluster_arn", &msk.cluster_arn), topic)
            }
            (None, Some(cluster), None) => {
                let servers = match self.list(at, "bootstrap_servers", &cluster.bootstrap_servers) {
                    Value::List(items) => BootstrapServers::Each(items),
                    whole => BootstrapServers::list(whole),
                };
                KafkaSource::self_managed(servers, topic)
            }
            (None, None, Some(cluster)) => {
                let bootstrap = self.val(at, "bootstrap", &cluster.bootstrap);
                let api_key = self.handle(at, "api_key", &cluster.api_key)?;
                KafkaSource::confluent(bootstrap, topic, &api_key)
            }
            (msk, self_managed, confluent) => {
                let given: Vec<&str> = [
                    ("msk", msk.is_some()),
                    ("self_managed", self_managed.is_some()),
                    ("confluent", confluent.is_some()),
                ]
                .into_iter()
                .filter_map(|(k, set)| set.then_some(k))
                .collect();
                self.exactly_one(at, &["msk", "self_managed", "confluent"], &given);
                return None;
            }
        };
        if let Some(auth) = &c.auth {
            source = source.auth(self.auth(at, auth)?);
        }
        if let Some(ca) = self.optional(at, "root_ca", c.root_ca.as_ref()) {
            source = source.root_ca(&ca);
        }
        if let Some(vpc) = self.optional(at, "vpc", c.vpc.as_ref()) {
            source = source.vpc(&vpc);
        }
        source = source.starting_position(match &c.starting_position {
            StartingPositionConfig::Latest => StartingPosition::Latest,
            StartingPositionConfig::TrimHorizon => StartingPosition::TrimHorizon,
            StartingPositionConfig::AtTimestamp(t) => {
                StartingPosition::AtTimestamp(self.val(at, "starting_position", t))
            }
        });
        if let Some(n) = self.opt(at, "batch_size", c.batch_size.as_ref()) {
            source = source.batch_size(n);
        }
        if let Some(s) = self.opt(
            at,
            "batching_window_seconds",
            c.batching_window_seconds.as_ref(),
        ) {
            source = source.batching_window_seconds(s);
        }
        if let Some(group) = self.opt(at, "consumer_group_id", c.consumer_group_id.as_ref()) {
            source = source.consumer_group_id(group);
        }
        if let Some(enabled) = self.opt(at, "enabled", c.enabled.as_ref()) {
            source = source.enabled(enabled);
        }
        for pattern in &c.filters {
            source = source.filter(pattern.clone());
        }
        if let Some(destination) = &c.on_failure {
            source = source.on_failure(self.on_failure(at, destination)?);
        }
        if let Some(p) = &c.provisioned_pollers {
            let minimum = self.val(at, "provisioned_pollers.minimum", &p.minimum);
            let maximum = self.val(at, "provisioned_pollers.maximum", &p.maximum);
            let mut pollers = ProvisionedPollers::new(minimum, maximum);
            if let Some(group) = self.opt(at, "provisioned_pollers.group", p.group.as_ref()) {
                pollers = pollers.group(group);
            }
            source = source.provisioned_pollers(pollers);
        }
        if let Some(n) = self.opt(at, "max_retry_attempts", c.max_retry_attempts.as_ref()) {
            source = source.max_retry_attempts(n);
        }
        if let Some(s) = self.opt(
            at,
            "max_record_age_seconds",
            c.max_record_age_seconds.as_ref(),
        ) {
            source = source.max_record_age_seconds(s);
        }
        if let Some(b) = self.opt(
            at,
            "bisect_batch_on_error",
            c.bisect_batch_on_error.as_ref(),
        ) {
            source = source.bisect_batch_on_error(b);
        }
        if c.report_batch_item_failures {
            source = source.report_batch_item_failures(true);
        }
        if !c.metrics.is_empty() {
            source = source.metrics(c.metrics.iter().map(|m| match m {
                MetricConfig::EventCount => MappingMetric::EventCount,
                MetricConfig::ErrorCount => MappingMetric::ErrorCount,
                MetricConfig::KafkaMetrics => MappingMetric::KafkaMetrics,
            }));
        }
        if let Some(level) = c.system_log_level {
            source = source.system_log_level(match level {
                MappingLogLevel::Debug => LogLevel::Debug,
                MappingLogLevel::Info => LogLevel::Info,
                MappingLogLevel::Warn => LogLevel::Warn,
            });
        }
        for (key, value) in &c.tags {
            let value = self.val(at, "tags", value);
            source = source.tag(key.clone(), value);
        }
        Some(source)
    }

    fn auth(&mut self, at: At<'_>, auth: &AuthConfig) -> Option<KafkaAuth> {
        Some(match auth {
            AuthConfig::Iam => KafkaAuth::Iam,
            AuthConfig::Scram512(id) => KafkaAuth::Scram512(self.handle(at, "auth", id)?),
            AuthConfig::Scram256(id) => KafkaAuth::Scram256(self.handle(at, "auth", id)?),
            AuthConfig::Plain(id) => KafkaAuth::Plain(self.handle(at, "auth", id)?),
            AuthConfig::Mtls(id) => KafkaAuth::Mtls(self.handle(at, "auth", id)?),
        })
    }

    fn on_failure(&mut self, at: At<'_>, destination: &OnFailureConfig) -> Option<OnFailure> {
        const P: &str = "on_failure";
        Some(match destination {
            OnFailureConfig::Queue(id) => OnFailure::queue(&self.handle(at, P, id)?),
            OnFailureConfig::Topic(id) => OnFailure::topic(&self.handle(at, P, id)?),
            OnFailureConfig::Sqs(arn) => OnFailure::Sqs(self.val(at, P, arn)),
            OnFailureConfig::Sns(arn) => OnFailure::Sns(self.val(at, P, arn)),
            OnFailureConfig::S3(arn) => OnFailure::S3(self.val(at, P, arn)),
            OnFailureConfig::KafkaTopic(topic) => OnFailure::KafkaTopic(self.val(at, P, topic)),
        })
    }
}
