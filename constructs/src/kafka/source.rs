//! `KafkaSource` props and builder.

use crate::construct::Handle;
use crate::resources::Tag;
use crate::secret::{RootCaSecret, SaslSecret};
use crate::value::Value;
use crate::vpc::Vpc;

use super::{
    BootstrapServers, KafkaAuth, LogLevel, MappingMetric, OnFailure, ProvisionedPollers,
    StartingPosition,
};

/// Which kind of Kafka cluster a source reads from.
#[derive(Debug, Clone, PartialEq)]
pub enum KafkaCluster {
    /// An Amazon MSK cluster (provisioned or serverless), by ARN.
    Msk {
        /// `arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID`.
        cluster_arn: Value,
    },
    /// A self-managed cluster (EC2, EKS, on premises, another provider), by bootstrap servers.
    SelfManaged {
        /// `host:port` entries.
        bootstrap_servers: BootstrapServers,
    },
    /// A Confluent Cloud cluster, by its bootstrap endpoint.
    Confluent {
        /// `pkc-….REGION.aws.confluent.cloud:9092`.
        bootstrap_servers: BootstrapServers,
    },
}

impl KafkaCluster {
    /// The name messages use.
    pub fn describe(&self) -> &'static str {
        match self {
            KafkaCluster::Msk { .. } => "an MSK source",
            KafkaCluster::SelfManaged { .. } => "a self-managed source",
            KafkaCluster::Confluent { .. } => "a Confluent Cloud source",
        }
    }
}

/// One Kafka topic feeding one function through an `AWS::Lambda::EventSourceMapping`.
///
/// Built with [`KafkaSource::msk`], [`KafkaSource::self_managed`] or
/// [`KafkaSource::confluent`] and added to a stack; the consuming function binds it
/// ([`Handle::<KafkaSource>::bind`]), which emits the mapping and grants the function's role
/// what the mapping needs. [`KafkaSource::starting_position`] is required.
///
/// ```
/// use constructs::kafka::{KafkaAuth, KafkaSource, OnFailure, ProvisionedPollers, StartingPosition};
/// use constructs::secret::SaslSecret;
/// use constructs::Stack;
///
/// let mut stack = Stack::new("orders-anomaly");
/// let creds = stack.add(
///     "BrokerCredentials",
///     SaslSecret::import("arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_app-AbCdEf")
///         .kms_key_arn("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
/// );
/// let logs = stack.add(
///     "AppLogs",
///     KafkaSource::msk("arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2", "app-logs")
///         .auth(KafkaAuth::Scram512(creds.clone()))
///         .starting_position(StartingPosition::Latest)
///         .batch_size(500)
///         .batching_window_seconds(5)
///         .filter(serde_json::json!({"value": {"level": ["ERROR"]}}))
///         .on_failure(OnFailure::Sqs("arn:aws:sqs:us-east-1:123456789012:bad-records".into()))
///         .provisioned_pollers(ProvisionedPollers::new(1, 10))
///         .report_batch_item_failures(true),
/// );
/// assert!(logs.reports_batch_item_failures());
/// assert_eq!(logs.mapping_id().as_str(), "AppLogsMapping");
/// ```
#[derive(Debug, Clone)]
pub struct KafkaSource {
    pub(crate) cluster: KafkaCluster,
    pub(crate) topic: Value,
    pub(crate) auth: Option<KafkaAuth>,
    pub(crate) root_ca: Option<Handle<RootCaSecret>>,
    pub(crate) vpc: Option<Handle<Vpc>>,
    pub(crate) starting_position: Option<StartingPosition>,
    pub(crate) batch_size: Option<Value>,
    pub(crate) batching_window: Option<Value>,
    pub(crate) consumer_group_id: Option<Value>,
    pub(crate) enabled: Option<Value>,
    pub(crate) filters: Vec<serde_json::Value>,
    pub(crate) on_failure: Option<OnFailure>,
    pub(crate) pollers: Option<ProvisionedPollers>,
    pub(crate) max_retry_attempts: Option<Value>,
    pub(crate) max_record_age: Option<Value>,
    pub(crate) bisect: Option<Value>,
    pub(crate) report_batch_item_failures: bool,
    pub(crate) metrics: Vec<MappingMetric>,
    pub(crate) system_log_level: Option<LogLevel>,
    pub(crate) tags: Vec<Tag>,
}

impl KafkaSource {
    fn new(cluster: KafkaCluster, topic: Value, auth: Option<KafkaAuth>) -> Self {
        Self {
            cluster,
            topic,
            auth,
            root_ca: None,
            vpc: None,
            starting_position: None,
            batch_size: None,
            batching_window: None,
            consumer_group_id: None,
            enabled: None,
            filters: Vec::new(),
            on_failure: None,
            pollers: None,
            max_retry_attempts: None,
            max_record_age: None,
            bisect: None,
            report_batch_item_failures: false,
            metrics: Vec::new(),
            system_log_level: None,
            tags: Vec::new(),
        }
    }

    /// A topic of the Amazon MSK cluster `cluster_arn`. Authentication defaults to IAM
    /// access control ([`KafkaAuth::Iam`]). The pollers use the cluster's own VPC, subnets
    /// and security groups, which must let them reach the brokers (and, in on-demand mode,
    /// Lambda and STS through a NAT gateway or interface endpoints): the stack cannot see that
    /// network and does not check it.
    pub fn msk(cluster_arn: impl Into<Value>, topic: impl Into<Value>) -> Self {
        Self::new(
            KafkaCluster::Msk {
                cluster_arn: cluster_arn.into(),
            },
            topic.into(),
            None,
        )
    }

    /// A topic of a self-managed cluster reached through `bootstrap_servers` (`host:port`,
    /// 1–10). Give it a secret ([`KafkaSource::auth`]) when the brokers are reached over the
    /// internet, or a [`Vpc`] ([`KafkaSource::vpc`]) when they are private. Servers known at
    /// synthesis are checked; a deploy-time list is given with [`BootstrapServers::list`].
    pub fn self_managed(
        bootstrap_servers: impl Into<BootstrapServers>,
        topic: impl Into<Value>,
    ) -> Self {
        Self::new(
            KafkaCluster::SelfManaged {
                bootstrap_servers: bootstrap_servers.into(),
            },
            topic.into(),
            None,
        )
    }

    /// A topic of a Confluent Cloud cluster: SASL/PLAIN over TLS (`BASIC_AUTH`) with the API
    /// key and secret stored as `{"username": "<api key>", "password": "<api secret>"}` in
    /// `api_key`. Public by default; add [`KafkaSource::vpc`] for PrivateLink.
    pub fn confluent(
        bootstrap: impl Into<Value>,
        topic: impl Into<Value>,
        api_key: &Handle<SaslSecret>,
    ) -> Self {
        Self::new(
            KafkaCluster::Confluent {
                bootstrap_servers: BootstrapServers::Each(vec![bootstrap.into()]),
            },
            topic.into(),
            Some(KafkaAuth::Plain(api_key.clone())),
        )
    }

    /// How the mapping authenticates (see [`KafkaAuth`] for what each cluster kind accepts).
    pub fn auth(mut self, auth: KafkaAuth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// The private root CA the brokers' certificates chain to (self-managed only).
    pub fn root_ca(mut self, ca: &Handle<RootCaSecret>) -> Self {
        self.root_ca = Some(ca.clone());
        self
    }

    /// The VPC whose subnets and security groups the pollers use to reach the brokers
    /// (self-managed and Confluent Cloud only).
    pub fn vpc(mut self, vpc: &Handle<Vpc>) -> Self {
        self.vpc = Some(vpc.clone());
        self
    }

    /// Where a new consumer group starts reading. Required.
    pub fn starting_position(mut self, position: StartingPosition) -> Self {
        self.starting_position = Some(position);
        self
    }

    /// Records per batch, 1–10,000 (Lambda's default is 100).
    pub fn batch_size(mut self, size: impl Into<Value>) -> Self {
        self.batch_size = Some(size.into());
        self
    }

    /// Seconds to gather records before invoking, 0–300 (Lambda's default is 500 ms; once
    /// set, the window cannot return to that default).
    pub fn batching_window_seconds(mut self, seconds: impl Into<Value>) -> Self {
        self.batching_window = Some(seconds.into());
        self
    }

    /// The Kafka consumer group (1–200 characters of `[a-zA-Z0-9-/*:_+=.@]`, unique among the
    /// stack's sources, immutable once deployed). Defaults to
    /// `${AWS::StackName}-<construct id>` (see [`super::default_group_id`] for why).
    pub fn consumer_group_id(mut self, id: impl Into<Value>) -> Self {
        self.consumer_group_id = Some(id.into());
        self
    }

    /// Whether the mapping polls (default: true).
    pub fn enabled(mut self, enabled: impl Into<Value>) -> Self {
        self.enabled = Some(enabled.into());
        self
    }

    /// Adds a filter pattern (a JSON object, at most 4 KB, up to 20 patterns); records that
    /// match none are dropped before the function sees them. The criteria are encrypted with
    /// the stack's customer-managed key and the function's role may decrypt them.
    pub fn filter(mut self, pattern: serde_json::Value) -> Self {
        self.filters.push(pattern);
        self
    }

    /// Where to send batches the mapping gives up on.
    pub fn on_failure(mut self, destination: OnFailure) -> Self {
        self.on_failure = Some(destination);
        self
    }

    /// Provisioned mode (dedicated pollers); needed for retries, record age, bisecting,
    /// partial batch responses, metrics and logs.
    pub fn provisioned_pollers(mut self, pollers: ProvisionedPollers) -> Self {
        self.pollers = Some(pollers);
        self
    }

    /// Retries of a failed batch: -1 (until the record expires, the default) or 0–10,000.
    /// Provisioned mode only.
    pub fn max_retry_attempts(mut self, attempts: impl Into<Value>) -> Self {
        self.max_retry_attempts = Some(attempts.into());
        self
    }

    /// Oldest record age sent to the function: -1 (no limit, the default) or 60–604,800
    /// seconds. Provisioned mode only.
    pub fn max_record_age_seconds(mut self, seconds: impl Into<Value>) -> Self {
        self.max_record_age = Some(seconds.into());
        self
    }

    /// Splits a failing batch in two and retries each half. Provisioned mode only.
    pub fn bisect_batch_on_error(mut self, bisect: impl Into<Value>) -> Self {
        self.bisect = Some(bisect.into());
        self
    }

    /// Lets the function report which records failed (`ReportBatchItemFailures`), so only
    /// those are retried. Provisioned mode only.
    pub fn report_batch_item_failures(mut self, report: bool) -> Self {
        self.report_batch_item_failures = report;
        self
    }

    /// Metrics the mapping publishes. Provisioned mode only.
    pub fn metrics(mut self, metrics: impl IntoIterator<Item = MappingMetric>) -> Self {
        for metric in metrics {
            if !self.metrics.contains(&metric) {
                self.metrics.push(metric);
            }
        }
        self
    }

    /// The mapping's own log level. Provisioned mode only.
    pub fn system_log_level(mut self, level: LogLevel) -> Self {
        self.system_log_level = Some(level);
        self
    }

    /// Tags the mapping (key 1–128 characters, not starting with `aws:`; value up to 256).
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.tags.push(Tag::new(key, value));
        self
    }

    /// The cluster the source reads from.
    pub fn cluster(&self) -> &KafkaCluster {
        &self.cluster
    }

    /// The authentication in effect: the one given, or IAM for MSK when none was.
    pub fn effective_auth(&self) -> Option<KafkaAuth> {
        match (&self.auth, &self.cluster) {
            (Some(auth), _) => Some(auth.clone()),
            (None, KafkaCluster::Msk { .. }) => Some(KafkaAuth::Iam),
            (None, _) => None,
        }
    }
}
