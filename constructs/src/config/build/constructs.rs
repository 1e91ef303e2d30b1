//! Secrets, networks, sinks, endpoints and monitoring: each built with its public builder.

use super::{At, Builder};
use crate::config::model::{
    AlarmRuleConfig, AlertTopicConfig, AnomalyTableConfig, EgressConfig, EndpointConfig,
    ImportedSecretConfig, MonitoringConfig, QueueConfig, SaslSecretConfig, VpcConfig,
};
use crate::config::refs::{AnyHandle, Kind};
use crate::endpoint::RcfEndpoint;
use crate::monitoring::{AlarmRule, Monitoring};
use crate::secret::{MtlsSecret, RootCaSecret, SaslSecret};
use crate::sinks::{AlertTopic, AnomalyTable, Queue};
use crate::vpc::{Egress, Vpc};

/// A `Monitoring` builder method that sets one alarm's rule.
type SetRule = fn(Monitoring, AlarmRule) -> Monitoring;

impl Builder<'_> {
    /// Builds and adds construct `id` of `kind`.
    pub(super) fn construct(&mut self, kind: Kind, id: &str) -> Option<AnyHandle> {
        let config = self.config;
        let at = At {
            kind: kind.name(),
            id,
        };
        Some(match kind {
            Kind::SaslSecret => {
                let secret = self.sasl_secret(at, config.sasl_secrets.get(id)?)?;
                AnyHandle::SaslSecret(self.stack.add(id, secret))
            }
            Kind::MtlsSecret => {
                let c = config.mtls_secrets.get(id)?;
                let mut secret = MtlsSecret::import(self.val(at, "import", &c.import));
                if let Some(key) = self.opt(at, "kms_key_arn", c.kms_key_arn.as_ref()) {
                    secret = secret.kms_key_arn(key);
                }
                AnyHandle::MtlsSecret(self.stack.add(id, secret))
            }
            Kind::RootCaSecret => {
                let c: &ImportedSecretConfig = config.root_ca_secrets.get(id)?;
                let mut secret = RootCaSecret::import(self.val(at, "import", &c.import));
                if let Some(key) = self.opt(at, "kms_key_arn", c.kms_key_arn.as_ref()) {
                    secret = secret.kms_key_arn(key);
                }
                AnyHandle::RootCaSecret(self.stack.add(id, secret))
            }
            Kind::Vpc => {
                let vpc = self.vpc(at, config.vpcs.get(id)?)?;
                AnyHandle::Vpc(self.stack.add(id, vpc))
            }
            Kind::Queue => {
                let queue = self.queue(at, config.queues.get(id)?);
                AnyHandle::Queue(self.stack.add(id, queue))
            }
            Kind::AnomalyTable => {
                let table = self.table(at, config.anomaly_tables.get(id)?);
                AnyHandle::AnomalyTable(self.stack.add(id, table))
            }
            Kind::AlertTopic => {
                let topic = self.topic(at, config.alert_topics.get(id)?);
                AnyHandle::AlertTopic(self.stack.add(id, topic))
            }
            Kind::RcfEndpoint => {
                let endpoint = self.endpoint(at, config.endpoints.get(id)?)?;
                AnyHandle::RcfEndpoint(self.stack.add(id, endpoint))
            }
            Kind::KafkaSource => {
                let source = self.kafka_source(at, config.kafka_sources.get(id)?)?;
                AnyHandle::KafkaSource(self.stack.add(id, source))
            }
            Kind::AnomalyFunction => {
                let function = self.function(at, config.functions.get(id)?)?;
                AnyHandle::AnomalyFunction(self.stack.add(id, function))
            }
            Kind::Monitoring => {
                let monitoring = self.monitoring(at, config.monitoring.get(id)?)?;
                AnyHandle::Monitoring(self.stack.add(id, monitoring))
            }
        })
    }

    fn sasl_secret(&mut self, at: At<'_>, c: &SaslSecretConfig) -> Option<SaslSecret> {
        let mut secret = match (&c.import, &c.generate) {
            (Some(arn), None) => SaslSecret::import(self.val(at, "import", arn)),
            (None, Some(username)) => SaslSecret::generate(self.val(at, "generate", username)),
            (import, generate) => {
                let given: Vec<&str> = [
                    ("import", import.is_some()),
                    ("generate", generate.is_some()),
                ]
                .into_iter()
                .filter_map(|(k, set)| set.then_some(k))
                .collect();
                self.exactly_one(at, &["import", "generate"], &given);
                return None;
            }
        };
        if let Some(key) = self.opt(at, "kms_key_arn", c.kms_key_arn.as_ref()) {
            secret = secret.kms_key_arn(key);
        }
        if let Some(cluster) = self.opt(at, "for_msk", c.for_msk.as_ref()) {
            secret = secret.for_msk(cluster);
        }
        Some(secret)
    }

    fn vpc(&mut self, at: At<'_>, c: &VpcConfig) -> Option<Vpc> {
        match (&c.import, &c.create) {
            (Some(import), None) => {
                let vpc_id = self.val(at, "vpc_id", &import.vpc_id);
                let subnets = self.vals(at, "subnet_ids", &import.subnet_ids);
                let groups = self.vals(at, "security_group_ids", &import.security_group_ids);
                Some(Vpc::import(vpc_id, subnets, groups))
            }
            (None, Some(create)) => {
                let mut vpc = Vpc::create();
                if let Some(cidr) = self.opt(at, "cidr", create.cidr.as_ref()) {
                    vpc = vpc.cidr(cidr);
                }
                if let Some(egress) = create.egress {
                    vpc = vpc.egress(match egress {
                        EgressConfig::InterfaceEndpoints => Egress::InterfaceEndpoints,
                        EgressConfig::NatGateway => Egress::NatGateway,
                    });
                }
                if let Some(ports) = &create.broker_ports {
                    let ports = self.vals(at, "broker_ports", ports);
                    vpc = vpc.broker_ports(ports);
                }
                if let Some(days) = self.opt(
                    at,
                    "flow_log_retention_days",
                    create.flow_log_retention_days.as_ref(),
                ) {
                    vpc = vpc.flow_log_retention_days(days);
                }
                Some(vpc)
            }
            (import, create) => {
                let given: Vec<&str> = [("import", import.is_some()), ("create", create.is_some())]
                    .into_iter()
                    .filter_map(|(k, set)| set.then_some(k))
                    .collect();
                self.exactly_one(at, &["import", "create"], &given);
                None
            }
        }
    }

    fn queue(&mut self, at: At<'_>, c: &QueueConfig) -> Queue {
        let mut queue = Queue::new();
        if let Some(s) = self.opt(at, "retention_seconds", c.retention_seconds.as_ref()) {
            queue = queue.retention_seconds(s);
        }
        if let Some(s) = self.opt(
            at,
            "data_key_reuse_seconds",
            c.data_key_reuse_seconds.as_ref(),
        ) {
            queue = queue.data_key_reuse_seconds(s);
        }
        queue
    }

    fn table(&mut self, at: At<'_>, c: &AnomalyTableConfig) -> AnomalyTable {
        let mut table = AnomalyTable::new();
        if let Some(days) = c.ttl_days {
            table = table.ttl_days(days);
        }
        if let Some(enabled) = c.deletion_protection {
            table = table.deletion_protection(enabled);
        }
        if let Some(name) = self.opt(at, "table_name", c.table_name.as_ref()) {
            table = table.table_name(name);
        }
        table
    }

    fn topic(&mut self, at: At<'_>, c: &AlertTopicConfig) -> AlertTopic {
        let mut topic = AlertTopic::new();
        if let Some(name) = self.opt(at, "display_name", c.display_name.as_ref()) {
            topic = topic.display_name(name);
        }
        for email in self.vals(at, "emails", &c.emails) {
            topic = topic.email(email);
        }
        topic
    }

    fn endpoint(&mut self, at: At<'_>, c: &EndpointConfig) -> Option<RcfEndpoint> {
        let mut endpoint = match (&c.existing, &c.create) {
            (Some(name), None) => RcfEndpoint::existing(self.val(at, "existing", name)),
            (None, Some(create)) => {
                let mut endpoint = match (&create.model_data_url, &create.model_data) {
                    (Some(url), None) => RcfEndpoint::new(self.val(at, "model_data_url", url)),
                    (None, Some(parts)) => {
                        let bucket = self.val(at, "bucket", &parts.bucket);
                        let key = self.val(at, "key", &parts.key);
                        RcfEndpoint::new_from(bucket, key)
                    }
                    (url, parts) => {
                        let given: Vec<&str> = [
                            ("model_data_url", url.is_some()),
                            ("model_data", parts.is_some()),
                        ]
                        .into_iter()
                        .filter_map(|(k, set)| set.then_some(k))
                        .collect();
                        self.exactly_one(at, &["model_data_url", "model_data"], &given);
                        return None;
                    }
                };
                if let Some(t) = self.opt(at, "instance_type", create.instance_type.as_ref()) {
                    endpoint = endpoint.instance_type(t);
                }
                if let Some(n) = self.opt(at, "instance_count", create.instance_count.as_ref()) {
                    endpoint = endpoint.instance_count(n);
                }
                if let Some(s) = &create.serverless {
                    let memory = self.val(at, "serverless.memory_mb", &s.memory_mb);
                    let concurrency =
                        self.val(at, "serverless.max_concurrency", &s.max_concurrency);
                    endpoint = endpoint.serverless(memory, concurrency);
                }
                if let Some(d) = &create.data_capture {
                    let uri = self.val(at, "data_capture.s3_uri", &d.s3_uri);
                    let percent =
                        self.val(at, "data_capture.sampling_percent", &d.sampling_percent);
                    endpoint = endpoint.data_capture(uri, percent);
                }
                if let Some(a) = &create.autoscaling {
                    let min = self.val(at, "autoscaling.min", &a.min);
                    let max = self.val(at, "autoscaling.max", &a.max);
                    let target = self.val(
                        at,
                        "autoscaling.target_invocations_per_instance",
                        &a.target_invocations_per_instance,
                    );
                    endpoint = endpoint.autoscaling(min, max, target);
                }
                if let Some(region) = &create.region {
                    endpoint = endpoint.region(region.clone());
                }
                if let Some(key) = self.opt(at, "model_data_key", create.model_data_key.as_ref()) {
                    endpoint = endpoint.model_data_key(key);
                }
                endpoint
            }
            (existing, create) => {
                let given: Vec<&str> = [
                    ("existing", existing.is_some()),
                    ("create", create.is_some()),
                ]
                .into_iter()
                .filter_map(|(k, set)| set.then_some(k))
                .collect();
                self.exactly_one(at, &["existing", "create"], &given);
                return None;
            }
        };
        if let Some(dim) = c.feature_dim {
            endpoint = endpoint.feature_dim(dim);
        }
        if let Some(name) = &c.variant_name {
            endpoint = endpoint.variant_name(name.clone());
        }
        Some(endpoint)
    }

    fn monitoring(&mut self, at: At<'_>, c: &MonitoringConfig) -> Option<Monitoring> {
        let function = self.handle(at, "function", &c.function)?;
        let mut monitoring = Monitoring::new(&function);
        if let Some(topic) = self.optional(at, "alert_topic", c.alert_topic.as_ref()) {
            monitoring = monitoring.alert_topic(&topic);
        }
        let rules: [(&str, &Option<AlarmRuleConfig>, SetRule); 7] = [
            (
                "function_errors",
                &c.function_errors,
                Monitoring::function_errors,
            ),
            (
                "function_throttles",
                &c.function_throttles,
                Monitoring::function_throttles,
            ),
            ("offset_lag", &c.offset_lag, Monitoring::offset_lag),
            ("anomalies", &c.anomalies, Monitoring::anomalies),
            ("bad_records", &c.bad_records, Monitoring::bad_records),
            (
                "endpoint_errors",
                &c.endpoint_errors,
                Monitoring::endpoint_errors,
            ),
            ("model_latency", &c.model_latency, Monitoring::model_latency),
        ];
        for (property, rule, set) in rules {
            if let Some(rule) = rule {
                let rule = self.alarm_rule(at, property, rule);
                monitoring = set(monitoring, rule);
            }
        }
        Some(monitoring)
    }

    fn alarm_rule(&mut self, at: At<'_>, property: &str, c: &AlarmRuleConfig) -> AlarmRule {
        let p = |field: &str| format!("{property}.{field}");
        let mut rule = AlarmRule::new(self.val(at, &p("threshold"), &c.threshold));
        if let Some(s) = self.opt(at, &p("period_seconds"), c.period_seconds.as_ref()) {
            rule = rule.period_seconds(s);
        }
        if let Some(n) = self.opt(at, &p("evaluation_periods"), c.evaluation_periods.as_ref()) {
            rule = rule.evaluation_periods(n);
        }
        if let Some(n) = self.opt(
            at,
            &p("datapoints_to_alarm"),
            c.datapoints_to_alarm.as_ref(),
        ) {
            rule = rule.datapoints_to_alarm(n);
        }
        rule
    }
}
