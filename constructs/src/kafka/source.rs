//! `KafkaSource` props and builder.

use crate::construct::Handle;
use crate::props::{Choices, Prop, Referable, choice};
use crate::resources::Tag;
use crate::secret::{RootCaSecret, SaslSecret};
use crate::value::Value;
use crate::vpc::Vpc;

use super::{
    BootstrapServers, ConsumptionMode, KafkaAuth, LogLevel, MappingMetric, OAuthBearer, OnFailure,
    ProvisionedPollers, SchemaRegistry, StartingPosition,
};

/// Which kind of Kafka cluster a source reads from.
#[derive(Debug, Clone, PartialEq)]
pub enum KafkaCluster {
    /// An Amazon MSK cluster (provisioned or serverless), by ARN; or a provisioned cluster of
    /// another account, reached through a managed VPC connection.
    Msk {
        /// `arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID` (the owner's, when cross-account).
        cluster_arn: Value,
        /// The managed VPC connection of a cross-account mapping,
        /// `arn:aws:kafka:REGION:ACCOUNT:vpc-connection/OWNER_ACCOUNT/CLUSTER_NAME/UUID`.
        vpc_connection: Option<Value>,
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
            KafkaCluster::Msk {
                vpc_connection: Some(_),
                ..
            } => "a cross-account MSK source",
            KafkaCluster::Msk { .. } => "an MSK source",
            KafkaCluster::SelfManaged { .. } => "a self-managed source",
            KafkaCluster::Confluent { .. } => "a Confluent Cloud source",
        }
    }
}

/// An Amazon MSK cluster.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct MskCluster {
    /// `arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID` (the owner account's cluster, for a
    /// cross-account source).
    #[schemars(extend("examples" = ["arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2", "arn:aws:kafka:us-east-1:123456789012:cluster/orders/1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f-1"]))]
    cluster_arn: Prop<String>,
    /// For a provisioned cluster of another account: this account's managed VPC connection to
    /// it (multi-VPC private connectivity),
    /// `arn:aws:kafka:REGION:ACCOUNT:vpc-connection/OWNER_ACCOUNT/CLUSTER_NAME/UUID`. The
    /// mapping reads through it; the principal that deploys the stack needs
    /// `kafka:ListVpcConnections`.
    #[serde(default)]
    vpc_connection_arn: Option<Prop<String>>,
}

/// A self-managed cluster.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct SelfManagedCluster {
    /// 1 to 10 brokers as `host:port`, or one intrinsic giving the whole list (a
    /// `CommaDelimitedList` parameter).
    #[schemars(extend("examples" = [["b-1.kafka.example.com:9096", "b-2.kafka.example.com:9096"], ["10.0.1.17:9092"]], "minItems" = 1, "maxItems" = 10, "uniqueItems" = true))]
    bootstrap_servers: BootstrapServers,
}

/// A Confluent Cloud cluster.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["api_key"], "properties": {"api_key": {"not": {"type": "null"}}}}, {"required": ["oauth"], "properties": {"oauth": {"not": {"type": "null"}}}}]))]
struct ConfluentCluster {
    /// The bootstrap endpoint, `pkc-….REGION.aws.confluent.cloud:9092`.
    #[schemars(extend("examples" = ["pkc-12abc.us-east-1.aws.confluent.cloud:9092"]))]
    bootstrap: Prop<String>,
    /// The `sasl_secrets` id holding the API key as `{"username": KEY, "password": SECRET}`
    /// (SASL/PLAIN). Exactly one of `api_key` and `oauth`.
    #[serde(default)]
    api_key: Option<Handle<SaslSecret>>,
    /// OAuth instead of an API key: `{secret: OAUTH_SECRET_ID, logical_cluster: lkc-…,
    /// identity_pool: pool-…, scope?, audience?}`.
    #[serde(default)]
    oauth: Option<OAuthBearer>,
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
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[schemars(
    description = "One Kafka topic feeding one function through an event source mapping. Exactly one of `msk`, `self_managed` and `confluent` says which cluster."
)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["msk"], "properties": {"msk": {"not": {"type": "null"}}}}, {"required": ["self_managed"], "properties": {"self_managed": {"not": {"type": "null"}}}}, {"required": ["confluent"], "properties": {"confluent": {"not": {"type": "null"}}}}]))]
// `topic` is always given, so its dependency states E0107: a starting position, unless the
// source is in queue mode, which takes no starting position or batching window (E0155).
#[schemars(extend("dependencies" = {
    "topic": {"anyOf": [{"required": ["starting_position"]}, {"required": ["consumption_mode"], "properties": {"consumption_mode": {"const": "queue"}}}]},
    "starting_position": {"properties": {"consumption_mode": {"not": {"const": "queue"}}}},
    "batching_window_seconds": {"properties": {"consumption_mode": {"not": {"const": "queue"}}}},
    "root_ca": ["self_managed"],
    "vpc": {"not": {"required": ["msk"]}},
    "self_managed": {"anyOf": [{"required": ["vpc"]}, {"required": ["auth"]}]},
    "max_retry_attempts": ["provisioned_pollers"],
    "max_record_age_seconds": ["provisioned_pollers"],
    "bisect_batch_on_error": ["provisioned_pollers"],
    "system_log_level": ["provisioned_pollers"],
    "metrics": {"anyOf": [{"properties": {"metrics": {"maxItems": 0}}}, {"required": ["provisioned_pollers"]}]},
    "report_batch_item_failures": {"anyOf": [{"properties": {"report_batch_item_failures": {"const": false}}}, {"required": ["provisioned_pollers"]}]}
}))]
pub struct KafkaSource {
    /// An Amazon MSK cluster. Authentication defaults to IAM.
    #[serde(default)]
    msk: Option<MskCluster>,
    /// A self-managed cluster (EC2, EKS, on premises, another provider).
    #[serde(default)]
    self_managed: Option<SelfManagedCluster>,
    /// A Confluent Cloud cluster: SASL/PLAIN over TLS with an API key, or OAuth.
    #[serde(default)]
    confluent: Option<ConfluentCluster>,
    /// The topic (1 to 249 letters, digits, `.`, `_` and `-`).
    #[schemars(extend("pattern" = "^[a-zA-Z0-9_-][a-zA-Z0-9._-]{1,248}$"))]
    pub(crate) topic: Prop<String>,
    /// How the mapping authenticates: `iam` (MSK only), `{iam_cluster: MSK_CLUSTER_ARN}` and
    /// `{iam_web_identity: {audience}}` (self-managed), `{oauth: {secret: Id, scope?,
    /// audience?, logical_cluster?, identity_pool?}}` (self-managed, Confluent), or a secret of
    /// this file: `{scram_512: Id}`, `{scram_256: Id}` (self-managed), `{plain: Id}`
    /// (self-managed, Confluent), `{mtls: Id}`.
    #[serde(default)]
    auth: Option<KafkaAuth>,
    /// The private root CA the brokers' certificates chain to (a `root_ca_secrets` id;
    /// self-managed only).
    #[serde(default)]
    pub(crate) root_ca: Option<Handle<RootCaSecret>>,
    /// The VPC (a `vpcs` id) whose subnets and security groups the pollers use (self-managed
    /// and Confluent only).
    #[serde(default)]
    pub(crate) vpc: Option<Handle<Vpc>>,
    /// Where a new consumer group starts reading: `latest`, `trim_horizon` or
    /// `{at_timestamp: UNIX_SECONDS}`. Required (the wrong one skips or replays the topic),
    /// except in queue mode, which takes none.
    #[serde(default)]
    pub(crate) starting_position: Option<StartingPosition>,
    /// `stream` (a consumer group, Lambda's default) or `queue` (a Kafka share group; Kafka 4.2
    /// or later; self-managed only). Fixed at creation: switching replaces the mapping under a
    /// new logical id and a new default group.
    #[serde(default)]
    pub(crate) consumption_mode: Option<ConsumptionMode>,
    /// A schema registry that validates the records and hands the function JSON:
    /// `{glue: REGISTRY_ARN}` or `{confluent: URL, access: [...]}` (provisioned mode only).
    #[serde(default, rename = "schema_registry", deserialize_with = "one_registry")]
    #[schemars(with = "SchemaRegistry")]
    pub(crate) schema_registries: Vec<SchemaRegistry>,
    /// Records per batch, 1 to 10,000 (Lambda's default is 100).
    #[serde(default)]
    #[schemars(extend("minimum" = 1, "maximum" = 10_000))]
    pub(crate) batch_size: Option<Prop<i64>>,
    /// Seconds to gather records before invoking, 0 to 300 (Lambda's default is 500 ms).
    #[serde(default, rename = "batching_window_seconds")]
    #[schemars(extend("minimum" = 0, "maximum" = 300))]
    pub(crate) batching_window: Option<Prop<i64>>,
    /// The consumer group (1 to 200 characters of `[a-zA-Z0-9-/*:_+=.@]`, unique among the
    /// stack's sources, immutable). Defaults to `${AWS::StackName}-<id>`.
    #[serde(default)]
    #[schemars(extend("pattern" = "^[a-zA-Z0-9/*:_+=.@-]{1,200}$"))]
    pub(crate) consumer_group_id: Option<Prop<String>>,
    /// Whether the mapping polls (default true).
    #[serde(default)]
    pub(crate) enabled: Option<Prop<bool>>,
    /// Filter patterns (JSON objects, up to 20); records matching none are dropped before the
    /// function sees them.
    #[serde(default)]
    #[schemars(extend("items" = {"type": "object"}, "maxItems" = 20, "uniqueItems" = true, "examples" = [[{"value": {"level": ["ERROR"]}}], [{"value": {"status": [{"numeric": [">=", 500]}]}}, {"value": {"latency_ms": [{"numeric": [">", 1000]}]}}]]))]
    pub(crate) filters: Vec<serde_json::Value>,
    /// Where batches the mapping gives up on go: `{queue: Id}`, `{topic: Id}` (this file's
    /// queues and alert topics), `{sqs: ARN}`, `{sns: ARN}`, `{s3: BUCKET_ARN}` or
    /// `{kafka_topic: NAME}`.
    #[serde(default)]
    pub(crate) on_failure: Option<OnFailure>,
    /// Provisioned mode: dedicated pollers. Needed by the retry, record-age, bisect,
    /// batch-item-failure, metrics and log options.
    #[serde(default, rename = "provisioned_pollers")]
    pub(crate) pollers: Option<ProvisionedPollers>,
    /// Retries of a failed batch: -1 (until the record expires) or 0 to 10,000. Provisioned
    /// mode only.
    #[serde(default)]
    #[schemars(extend("minimum" = -1, "maximum" = 10_000))]
    pub(crate) max_retry_attempts: Option<Prop<i64>>,
    /// Oldest record age sent to the function: -1 (no limit) or 60 to 604,800 seconds.
    /// Provisioned mode only.
    #[serde(default, rename = "max_record_age_seconds")]
    #[schemars(extend("examples" = [-1, 60, 3600, 604_800], "minimum" = -1, "maximum" = 604_800))]
    pub(crate) max_record_age: Option<Prop<i64>>,
    /// Splits a failing batch in two and retries each half. Provisioned mode only.
    #[serde(default, rename = "bisect_batch_on_error")]
    pub(crate) bisect: Option<Prop<bool>>,
    /// Lets the function report which records failed, so only those are retried.
    /// Provisioned mode only.
    #[serde(default)]
    pub(crate) report_batch_item_failures: bool,
    /// Metrics the mapping publishes. Provisioned mode only.
    #[serde(default)]
    pub(crate) metrics: Vec<MappingMetric>,
    /// The mapping's own log level. Provisioned mode only.
    #[serde(default)]
    pub(crate) system_log_level: Option<LogLevel>,
    /// Tags of the mapping (key 1 to 128 characters, not starting with `aws:`; value up to
    /// 256).
    #[serde(default, deserialize_with = "crate::props::tags::map::deserialize")]
    #[schemars(with = "crate::props::tags::TagMap")]
    #[schemars(extend("default" = {}, "propertyNames" = {"minLength": 1, "maxLength": 128, "not": {"pattern": "^[aA][wW][sS]:"}}))]
    pub(crate) tags: Vec<Tag>,
}

/// A file gives at most one registry; the builder records each call, so a second is reported.
fn one_registry<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<SchemaRegistry>, D::Error> {
    <Option<SchemaRegistry> as serde::Deserialize>::deserialize(deserializer)
        .map(|registry| registry.into_iter().collect())
}

impl Choices for KafkaSource {
    fn choice_problems(&self) -> Vec<(&'static [&'static str], Vec<&'static str>)> {
        choice(
            &["msk", "self_managed", "confluent"],
            &[
                self.msk.is_some(),
                self.self_managed.is_some(),
                self.confluent.is_some(),
            ],
        )
        .into_iter()
        .collect()
    }
}

impl Referable for KafkaSource {
    const KIND: &'static str = super::KIND;
    const SECTION: &'static str = "kafka_sources";
}

impl KafkaSource {
    fn new(topic: Value) -> Self {
        Self {
            msk: None,
            self_managed: None,
            confluent: None,
            topic: Prop::new(topic),
            auth: None,
            root_ca: None,
            vpc: None,
            starting_position: None,
            consumption_mode: None,
            schema_registries: Vec::new(),
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
        Self {
            msk: Some(MskCluster {
                cluster_arn: Prop::new(cluster_arn),
                vpc_connection_arn: None,
            }),
            ..Self::new(topic.into())
        }
    }

    /// A topic of a provisioned MSK cluster in another account (`cluster_arn`, the owner's
    /// ARN), read through this account's managed VPC connection `vpc_connection_arn`
    /// (`arn:aws:kafka:REGION:ACCOUNT:vpc-connection/OWNER_ACCOUNT/CLUSTER_NAME/UUID`, from the
    /// cluster's multi-VPC private connectivity). The mapping's `EventSourceArn` is the
    /// connection; the role gets `kafka:DescribeVpcConnection` on it, and IAM access control is
    /// scoped to the owner's cluster, topic and group ARNs (the owner's cluster policy must
    /// allow this account too). The principal deploying the stack needs
    /// `kafka:ListVpcConnections`. Serverless clusters cannot be read across accounts.
    pub fn msk_cross_account(
        vpc_connection_arn: impl Into<Value>,
        cluster_arn: impl Into<Value>,
        topic: impl Into<Value>,
    ) -> Self {
        Self {
            msk: Some(MskCluster {
                cluster_arn: Prop::new(cluster_arn),
                vpc_connection_arn: Some(Prop::new(vpc_connection_arn)),
            }),
            ..Self::new(topic.into())
        }
    }

    /// A topic of a self-managed cluster reached through `bootstrap_servers` (`host:port`,
    /// 1–10). Give it a secret ([`KafkaSource::auth`]) when the brokers are reached over the
    /// internet, or a [`Vpc`] ([`KafkaSource::vpc`]) when they are private. Servers known at
    /// synthesis are checked; a deploy-time list is given with [`BootstrapServers::list`].
    pub fn self_managed(
        bootstrap_servers: impl Into<BootstrapServers>,
        topic: impl Into<Value>,
    ) -> Self {
        Self {
            self_managed: Some(SelfManagedCluster {
                bootstrap_servers: bootstrap_servers.into(),
            }),
            ..Self::new(topic.into())
        }
    }

    /// A topic of a Confluent Cloud cluster: SASL/PLAIN over TLS (`BASIC_AUTH`) with the API
    /// key and secret stored as `{"username": "<api key>", "password": "<api secret>"}` in
    /// `api_key`. Public by default; add [`KafkaSource::vpc`] for PrivateLink.
    pub fn confluent(
        bootstrap: impl Into<Value>,
        topic: impl Into<Value>,
        api_key: &Handle<SaslSecret>,
    ) -> Self {
        Self {
            confluent: Some(ConfluentCluster {
                bootstrap: Prop::new(bootstrap),
                api_key: Some(api_key.clone()),
                oauth: None,
            }),
            ..Self::new(topic.into())
        }
    }

    /// A topic of a Confluent Cloud cluster with OAuth (SASL/OAUTHBEARER over TLS): the token
    /// comes from your identity provider with the credentials of `oauth`'s secret; Confluent
    /// Cloud expects the logical cluster (`lkc-…`) and usually the identity pool (`pool-…`)
    /// with it ([`OAuthBearer::logical_cluster`], [`OAuthBearer::identity_pool`]).
    pub fn confluent_oauth(
        bootstrap: impl Into<Value>,
        topic: impl Into<Value>,
        oauth: OAuthBearer,
    ) -> Self {
        Self {
            confluent: Some(ConfluentCluster {
                bootstrap: Prop::new(bootstrap),
                api_key: None,
                oauth: Some(oauth),
            }),
            ..Self::new(topic.into())
        }
    }

    /// The cluster the source reads from; `None` unless exactly one of `msk`,
    /// `self_managed` and `confluent` is given (which only a stack file can get wrong).
    pub fn cluster(&self) -> Option<KafkaCluster> {
        match (&self.msk, &self.self_managed, &self.confluent) {
            (Some(msk), None, None) => Some(KafkaCluster::Msk {
                cluster_arn: msk.cluster_arn.value().clone(),
                vpc_connection: msk.vpc_connection_arn.clone().map(Prop::into_value),
            }),
            (None, Some(cluster), None) => Some(KafkaCluster::SelfManaged {
                bootstrap_servers: cluster.bootstrap_servers.clone(),
            }),
            (None, None, Some(cluster)) => Some(KafkaCluster::Confluent {
                bootstrap_servers: BootstrapServers::Each(vec![cluster.bootstrap.value().clone()]),
            }),
            _ => None,
        }
    }

    /// The authentication given: [`KafkaSource::auth`], or a Confluent Cloud source's API key
    /// (SASL/PLAIN) or OAuth.
    pub(crate) fn given_auth(&self) -> Option<KafkaAuth> {
        match (&self.auth, &self.confluent) {
            (Some(auth), _) => Some(auth.clone()),
            (None, Some(cluster)) => match (&cluster.api_key, &cluster.oauth) {
                (Some(key), _) => Some(KafkaAuth::Plain(key.clone())),
                (None, Some(oauth)) => Some(oauth.clone().into()),
                (None, None) => None,
            },
            (None, None) => None,
        }
    }

    /// The problem with a Confluent Cloud source's credentials: not exactly one of `api_key`
    /// and `oauth` (which only a stack file can get wrong).
    pub(crate) fn confluent_choice(&self) -> Option<(&'static [&'static str], Vec<&'static str>)> {
        self.confluent.as_ref().and_then(|cluster| {
            choice(
                &["api_key", "oauth"],
                &[cluster.api_key.is_some(), cluster.oauth.is_some()],
            )
        })
    }

    /// How the mapping authenticates (see [`KafkaAuth`] for what each cluster kind accepts).
    pub fn auth(mut self, auth: impl Into<KafkaAuth>) -> Self {
        self.auth = Some(auth.into());
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

    /// Where a new consumer group starts reading. Required, except in queue mode.
    pub fn starting_position(mut self, position: StartingPosition) -> Self {
        self.starting_position = Some(position);
        self
    }

    /// How Lambda reads the topic (self-managed only; see [`ConsumptionMode`] for why a change
    /// replaces the mapping).
    pub fn consumption_mode(mut self, mode: ConsumptionMode) -> Self {
        self.consumption_mode = Some(mode);
        self
    }

    /// The schema registry that validates the records (provisioned mode only; one per
    /// mapping: a second call is reported, not a replacement).
    pub fn schema_registry(mut self, registry: SchemaRegistry) -> Self {
        self.schema_registries.push(registry);
        self
    }

    /// True in queue mode.
    pub(crate) fn is_queue(&self) -> bool {
        self.consumption_mode == Some(ConsumptionMode::Queue)
    }

    /// Records per batch, 1–10,000 (Lambda's default is 100).
    pub fn batch_size(mut self, size: impl Into<Value>) -> Self {
        self.batch_size = Some(Prop::new(size));
        self
    }

    /// Seconds to gather records before invoking, 0–300 (Lambda's default is 500 ms; once
    /// set, the window cannot return to that default).
    pub fn batching_window_seconds(mut self, seconds: impl Into<Value>) -> Self {
        self.batching_window = Some(Prop::new(seconds));
        self
    }

    /// The Kafka consumer group (1–200 characters of `[a-zA-Z0-9-/*:_+=.@]`, unique among the
    /// stack's sources, immutable once deployed). Defaults to
    /// `${AWS::StackName}-<construct id>` (see [`super::default_group_id`] for why).
    pub fn consumer_group_id(mut self, id: impl Into<Value>) -> Self {
        self.consumer_group_id = Some(Prop::new(id));
        self
    }

    /// Whether the mapping polls (default: true).
    pub fn enabled(mut self, enabled: impl Into<Value>) -> Self {
        self.enabled = Some(Prop::new(enabled));
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
        self.max_retry_attempts = Some(Prop::new(attempts));
        self
    }

    /// Oldest record age sent to the function: -1 (no limit, the default) or 60–604,800
    /// seconds. Provisioned mode only.
    pub fn max_record_age_seconds(mut self, seconds: impl Into<Value>) -> Self {
        self.max_record_age = Some(Prop::new(seconds));
        self
    }

    /// Splits a failing batch in two and retries each half. Provisioned mode only.
    pub fn bisect_batch_on_error(mut self, bisect: impl Into<Value>) -> Self {
        self.bisect = Some(Prop::new(bisect));
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

    /// The MSK cluster whose IAM access control the mapping uses, when it does: an MSK
    /// source's cluster (the owner's, across accounts) with [`KafkaAuth::Iam`], or the cluster
    /// of [`KafkaAuth::IamCluster`].
    pub(crate) fn iam_cluster(&self) -> Option<Value> {
        match (self.cluster(), self.effective_auth()) {
            (Some(KafkaCluster::Msk { cluster_arn, .. }), Some(KafkaAuth::Iam)) => {
                Some(cluster_arn)
            }
            (Some(KafkaCluster::SelfManaged { .. }), Some(KafkaAuth::IamCluster(arn))) => {
                Some(arn.into_value())
            }
            _ => None,
        }
    }

    /// The authentication in effect: the one given, or IAM for MSK when none was.
    pub fn effective_auth(&self) -> Option<KafkaAuth> {
        match (self.given_auth(), &self.msk) {
            (Some(auth), _) => Some(auth),
            (None, Some(_)) => Some(KafkaAuth::Iam),
            (None, None) => None,
        }
    }
}
