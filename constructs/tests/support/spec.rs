//! Strategies for whole stacks: a [`StackSpec`] holds every prop of every construct, and the
//! wiring between them as choices that [`super::build`] interprets.
//!
//! Hostility `h` (see [`super::values`]) makes props hostile; with `h == 0` the spec is a
//! stack that must synthesize, and [`super::build`] wires it only in ways the constructs
//! accept (for example, SCRAM on MSK only with a secret MSK accepts).

use constructs::contract::{FeatureSpec, Threshold};
use constructs::{Egress, LogLevel, MappingMetric, Value};
use proptest::prelude::*;
use proptest::sample::select;

use super::values::*;

/// How hostile stacks are, with the weight of each level: most cases are valid or nearly so,
/// so that the valid paths are covered as well as the refusals.
pub fn hostility() -> S<u32> {
    prop_oneof![4 => Just(0u32), 3 => Just(1), 2 => Just(3), 1 => Just(10)].boxed()
}

/// A VPC.
#[derive(Debug, Clone)]
pub enum VpcSpec {
    /// `Vpc::import`, plus created-only builder calls (hostile) by index.
    Import {
        vpc_id: Value,
        subnets: Vec<Value>,
        groups: Vec<Value>,
        misuse: Vec<u8>,
    },
    /// `Vpc::create` with each optional setting.
    Create {
        cidr: Option<Value>,
        egress: Option<Egress>,
        ports: Option<Vec<Value>>,
        retention: Option<Value>,
    },
}

/// A secret.
#[derive(Debug, Clone)]
pub enum SecretSpec {
    /// `SaslSecret::import(arn)`, optionally with its key.
    SaslImport { arn: Value, kms: Option<Value> },
    /// `SaslSecret::generate(username)`, optionally with a key, an MSK cluster and a rotation
    /// (function ARN, days; boxed, as rarely set).
    SaslGenerate {
        username: Value,
        kms: Option<Value>,
        for_msk: Option<Value>,
        rotation: Option<Box<(Value, Value)>>,
    },
    /// `MtlsSecret::import(arn)`.
    Mtls { arn: Value, kms: Option<Value> },
    /// `RootCaSecret::import(arn)`.
    RootCa { arn: Value, kms: Option<Value> },
}

/// The cluster of a source.
#[derive(Debug, Clone)]
pub enum ClusterSpec {
    /// `KafkaSource::msk(cluster_arn, ..)`.
    Msk(Value),
    /// `KafkaSource::self_managed(servers, ..)`: each server, or one deploy-time list.
    SelfManaged(Result<Vec<Value>, Value>),
    /// `KafkaSource::confluent(bootstrap, .., api_key)`.
    Confluent(Value),
}

/// Where a source starts.
#[derive(Debug, Clone)]
pub enum StartSpec {
    Latest,
    TrimHorizon,
    AtTimestamp(Value),
}

/// An on-failure destination: this stack's queue or topic by index, or an ARN or topic.
#[derive(Debug, Clone)]
pub enum FailureSpec {
    Queue(usize),
    Topic(usize),
    Sqs(Value),
    Sns(Value),
    S3(Value),
    Kafka(Value),
}

/// A Kafka source.
#[derive(Debug, Clone)]
pub struct SourceSpec {
    pub cluster: ClusterSpec,
    pub topic: Value,
    /// Which authentication (interpreted per cluster kind), and which secret.
    pub auth: u8,
    pub secret: usize,
    pub root_ca: Option<usize>,
    pub vpc: Option<usize>,
    pub start: Option<StartSpec>,
    pub batch_size: Option<Value>,
    pub window: Option<Value>,
    pub group: Option<Value>,
    pub enabled: Option<Value>,
    pub filters: Vec<serde_json::Value>,
    pub on_failure: Option<FailureSpec>,
    pub pollers: Option<(Value, Value, Option<Value>)>,
    pub retry: Option<Value>,
    pub age: Option<Value>,
    pub bisect: Option<Value>,
    pub report: bool,
    pub metrics: Vec<MappingMetric>,
    pub log_level: Option<LogLevel>,
    pub tags: Vec<(String, Value)>,
    /// Which function consumes it (interpreted modulo the functions), if any; hostile stacks
    /// may bind it twice.
    pub consumer: Option<usize>,
    pub second_consumer: Option<usize>,
}

/// The model artifact of a created endpoint.
#[derive(Debug, Clone)]
pub enum ModelSpec {
    Url(Value),
    Parts(Value, Value),
}

/// An endpoint.
#[derive(Debug, Clone)]
pub struct EndpointSpec {
    /// `existing(name)` or `new(model)`.
    pub source: Result<Value, ModelSpec>,
    pub feature_dim: Option<usize>,
    pub variant: Option<String>,
    pub instance_type: Option<Value>,
    pub instance_count: Option<Value>,
    pub serverless: Option<(Value, Value)>,
    pub data_capture: Option<(Value, Value)>,
    pub autoscaling: Option<(Value, Value, Value)>,
    pub region: Option<String>,
    pub model_key: Option<Value>,
}

/// A queue.
#[derive(Debug, Clone)]
pub struct QueueSpec {
    pub retention: Option<Value>,
    pub reuse: Option<Value>,
}

/// An anomaly table.
#[derive(Debug, Clone)]
pub struct TableSpec {
    pub ttl_days: Option<u32>,
    pub deletion_protection: Option<bool>,
    pub name: Option<Value>,
}

/// An alert topic.
#[derive(Debug, Clone)]
pub struct TopicSpec {
    pub display_name: Option<Value>,
    pub emails: Vec<Value>,
}

/// A function.
#[derive(Debug, Clone)]
pub struct FunctionSpec {
    pub bucket: Value,
    pub key: Value,
    pub description: Option<String>,
    pub x86: bool,
    pub memory: Option<Value>,
    pub timeout: Option<Value>,
    pub concurrency: Option<Value>,
    pub retention: Option<Value>,
    pub log_level: u8,
    pub features: Option<Vec<FeatureSpec>>,
    pub threshold: Option<Threshold>,
    pub json: bool,
    pub namespace: Option<String>,
    pub scorer: Option<usize>,
    pub table: Option<usize>,
    pub topic: Option<usize>,
    pub queue: Option<usize>,
    pub vpc: Option<usize>,
    pub tracing: bool,
    pub signing: Option<Value>,
    pub tags: Vec<(String, Value)>,
    /// Whether its sources report batch item failures (valid stacks: all or none).
    pub report: bool,
}

/// An alarm rule: threshold, period, evaluation periods, datapoints.
pub type RuleSpec = (Value, Option<Value>, Option<Value>, Option<Value>);

/// Monitoring of a function.
#[derive(Debug, Clone)]
pub struct MonitoringSpec {
    pub function: usize,
    pub topic: Option<usize>,
    pub rules: Vec<(u8, RuleSpec)>,
}

/// A user output: its id and what it shows.
#[derive(Debug, Clone)]
pub struct OutputSpec {
    pub id: String,
    pub value: u8,
}

/// A whole stack.
#[derive(Debug, Clone)]
pub struct StackSpec {
    pub hostility: u32,
    pub name: String,
    pub description: Option<String>,
    pub key: Option<Value>,
    pub extra_parameters: Vec<String>,
    pub vpcs: Vec<VpcSpec>,
    pub secrets: Vec<SecretSpec>,
    pub queues: Vec<QueueSpec>,
    pub tables: Vec<TableSpec>,
    pub topics: Vec<TopicSpec>,
    pub endpoints: Vec<EndpointSpec>,
    pub sources: Vec<SourceSpec>,
    pub functions: Vec<FunctionSpec>,
    pub monitorings: Vec<MonitoringSpec>,
    pub outputs: Vec<OutputSpec>,
    /// Construct ids replaced by hostile ones: (the n-th construct added, its id).
    pub ids: Vec<(usize, String)>,
}

impl StackSpec {
    /// True when the spec holds a deliberately dangling `Ref` (not just text that looks like
    /// one): only then may synthesis report a reference that points at nothing.
    pub fn has_dangling_ref(&self) -> bool {
        let text = format!("{self:?}");
        text.contains(&format!("Ref(\"{DANGLING}\")"))
            || text.contains(&format!("Sub(\"${{{DANGLING}}}"))
    }
}

fn vpc(h: u32) -> S<VpcSpec> {
    let subnet_literals = (hex(17), hex(8)).prop_map(|(a, b)| {
        vec![
            Value::from(format!("subnet-{a}")),
            Value::from(format!("subnet-{b}")),
        ]
    });
    let valid_import = (
        prop_oneof![
            hex(17).prop_map(|x| Value::from(format!("vpc-{x}"))),
            Just(reference(P_VPC)),
        ],
        subnet_literals,
        proptest::sample::subsequence(vec![0usize, 1, 2, 3], 1..=4),
        hex(8),
        any::<bool>(),
    )
        .prop_map(|(vpc_id, literals, picks, sg, sg_param)| {
            let pool = [
                literals[0].clone(),
                literals[1].clone(),
                reference(P_SUBNETS[0]),
                reference(P_SUBNETS[1]),
            ];
            let mut groups = vec![Value::from(format!("sg-{sg}"))];
            if sg_param {
                groups.push(reference(P_SG));
            }
            VpcSpec::Import {
                vpc_id,
                subnets: picks.into_iter().map(|i| pool[i].clone()).collect(),
                groups,
                misuse: Vec::new(),
            }
        })
        .boxed();
    let bad_id = prop_oneof![
        bad_string_value(),
        Just(Value::from("vpc-123")),
        Just(Value::from("subnet-0A1B2C3D")),
        Just(Value::from("sg-0123456789abcdef")),
    ];
    let bad_import = (
        bad_id.clone(),
        proptest::collection::vec(bad_id.clone(), 0..20),
        proptest::collection::vec(bad_id, 0..8),
        proptest::collection::vec(0u8..4, 0..3),
    )
        .prop_map(|(vpc_id, subnets, groups, misuse)| VpcSpec::Import {
            vpc_id,
            subnets,
            groups,
            misuse,
        })
        .boxed();
    let cidr = prop_oneof![
        (0u8..=255, 16u8..=24).prop_map(|(b, p)| {
            let mask = u32::MAX << (32 - u32::from(p));
            let addr = (10u32 << 24 | u32::from(b) << 16) & mask;
            Value::from(format!("{}/{p}", std::net::Ipv4Addr::from(addr)))
        }),
        Just(Value::from("172.16.0.0/16")),
        Just(Value::from("192.168.0.0/24")),
        Just(reference(P_STR)),
    ]
    .boxed();
    let bad_cidr = prop_oneof![
        Just(Value::from("8.8.0.0/16")),
        Just(Value::from("10.0.0.0/8")),
        Just(Value::from("10.0.0.1/16")),
        Just(Value::from("10.0.0.0/25")),
        Just(Value::from("10.0.0.0/+16")),
        Just(Value::from("10.0.0/16")),
        bad_string_value(),
    ]
    .boxed();
    let ports = proptest::collection::btree_set(1i64..=65535, 1..5)
        .prop_map(|set| set.into_iter().map(Value::Int).collect::<Vec<_>>())
        .boxed();
    let bad_ports = prop_oneof![
        Just(Vec::new()),
        proptest::collection::vec(bad_int_value(&[1, 65535]), 1..6),
        Just(vec![Value::Int(9092), Value::Int(9092)]),
        Just(vec![Value::Int(-5), Value::Int(5)]),
        (60usize..70).prop_map(|n| (1..=n as i64).map(Value::Int).collect()),
    ]
    .boxed();
    let retention = select(
        &[
            1i64, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192,
            2557, 2922, 3288, 3653,
        ][..],
    )
    .prop_map(Value::Int)
    .boxed();
    let egress = hv(
        h,
        select(vec![Egress::InterfaceEndpoints, Egress::NatGateway]).boxed(),
        Just(Egress::Unknown).boxed(),
    );
    let create = (
        opt(h, cidr, bad_cidr),
        proptest::option::of(egress),
        opt(h, ports, bad_ports),
        opt(h, retention, bad_int_value(&[0, 1, 4, 3653, 3654])),
    )
        .prop_map(|(cidr, egress, ports, retention)| VpcSpec::Create {
            cidr,
            egress,
            ports,
            retention,
        })
        .boxed();
    prop_oneof![hv(h, valid_import, bad_import), create].boxed()
}

fn kms(h: u32) -> S<Option<Value>> {
    opt(
        h,
        prop_oneof![
            3 => key_arn().prop_map(Value::from),
            1 => Just(reference(P_STR)),
        ]
        .boxed(),
        prop_oneof![
            Just(Value::from("alias/my-key")),
            Just(Value::from("arn:aws:kms:us-east-1:123456789012:alias/x")),
            bad_string_value(),
        ]
        .boxed(),
    )
}

fn secret_arn_value(h: u32) -> S<Value> {
    hv(
        h,
        prop_oneof![
            2 => secret_arn("AmazonMSK_").prop_map(Value::from),
            2 => secret_arn("").prop_map(Value::from),
            1 => Just(reference(P_STR)),
        ]
        .boxed(),
        prop_oneof![
            Just(Value::from("my-kafka-password")),
            Just(Value::from("arn:aws:kms:us-east-1:123456789012:key/x")),
            Just(Value::from(
                "arn:aws:secretsmanager:us-east-1:1234:secret:x"
            )),
            bad_string_value(),
        ]
        .boxed(),
    )
}

fn secret(h: u32) -> S<SecretSpec> {
    let username = string_prop(h, "[a-zA-Z0-9._@-]{1,20}".boxed());
    let for_msk = opt(
        h,
        select(CLUSTERS.to_vec()).prop_map(Value::from).boxed(),
        bad_string_value(),
    );
    let function = hv(
        h,
        prop_oneof![
            "[A-Za-z0-9_-]{1,64}".prop_map(|name| Value::from(format!(
                "arn:aws:lambda:us-east-1:123456789012:function:{name}"
            ))),
            Just(reference(P_STR)),
        ]
        .boxed(),
        prop_oneof![
            Just(Value::from("rotate-kafka-user")),
            Just(Value::from(
                "arn:aws:lambda:us-east-1:123456789012:layer:rotate"
            )),
            bad_string_value(),
        ]
        .boxed(),
    );
    let rotation =
        proptest::option::of((function, int_prop(h, 1, 1000, &[1, 1000])).prop_map(Box::new));
    prop_oneof![
        3 => (secret_arn_value(h), kms(h)).prop_map(|(arn, kms)| SecretSpec::SaslImport { arn, kms }),
        2 => (username, kms(h), for_msk, rotation).prop_map(|(username, kms, for_msk, rotation)| SecretSpec::SaslGenerate { username, kms, for_msk, rotation }),
        1 => (secret_arn_value(h), kms(h)).prop_map(|(arn, kms)| SecretSpec::Mtls { arn, kms }),
        1 => (secret_arn_value(h), kms(h)).prop_map(|(arn, kms)| SecretSpec::RootCa { arn, kms }),
    ]
    .boxed()
}

fn cluster(h: u32) -> S<ClusterSpec> {
    let msk = hv(
        h,
        prop_oneof![
            3 => select(CLUSTERS.to_vec()).prop_map(Value::from),
            1 => Just(reference(P_STR)),
        ]
        .boxed(),
        prop_oneof![
            Just(Value::from(
                "arn:aws:kafka:us-east-1:123456789012:cluster/logs"
            )),
            Just(Value::from(
                "arn:aws:kafka:us-east-1:123456789012:topic/a/b/c"
            )),
            bad_string_value(),
        ]
        .boxed(),
    );
    let servers = hv(
        h,
        prop_oneof![
            3 => proptest::collection::btree_set(host_port(), 1..=10)
                .prop_map(|s| Ok(s.into_iter().map(Value::from).collect())),
            1 => Just(Err(reference(P_LIST))),
        ]
        .boxed(),
        prop_oneof![
            Just(Ok(Vec::new())),
            proptest::collection::vec(bad_host_port().prop_map(Value::from), 1..4).prop_map(Ok),
            (11usize..13).prop_map(|n| Ok((0..n)
                .map(|i| Value::from(format!("b-{i}.example.com:9092")))
                .collect())),
            Just(Ok(vec![Value::from("b:1"), Value::from("b:1")])),
            wrong_type().prop_map(Err),
        ]
        .boxed(),
    );
    let bootstrap = hv(
        h,
        host_port().prop_map(Value::from).boxed(),
        bad_host_port().prop_map(Value::from).boxed(),
    );
    prop_oneof![
        msk.prop_map(ClusterSpec::Msk),
        servers.prop_map(ClusterSpec::SelfManaged),
        bootstrap.prop_map(ClusterSpec::Confluent),
    ]
    .boxed()
}

fn start(h: u32) -> S<Option<StartSpec>> {
    let valid = prop_oneof![
        Just(StartSpec::Latest),
        Just(StartSpec::TrimHorizon),
        prop_oneof![
            (0i64..=9_999_999_999).prop_map(Value::Int),
            Just(Value::Int(9_999_999_999)),
            Just(Value::Int(0)),
            (0.0f64..9e9).prop_map(Value::Float),
            Just(reference(P_NUM)),
        ]
        .prop_map(StartSpec::AtTimestamp),
    ]
    .prop_map(Some)
    .boxed();
    let bad = prop_oneof![
        Just(None),
        prop_oneof![
            bad_int_value(&[0, 9_999_999_999, 1_767_225_600_000]),
            nasty_float().prop_map(Value::Float),
        ]
        .prop_map(|t| Some(StartSpec::AtTimestamp(t))),
    ]
    .boxed();
    hv(h, valid, bad)
}

fn filters(h: u32) -> S<Vec<serde_json::Value>> {
    let pattern = prop_oneof![
        "[a-z]{1,10}".prop_map(|k| serde_json::json!({"value": {k: [{"exists": true}]}})),
        ("[a-z]{1,10}", "[A-Z]{1,10}").prop_map(|(k, v)| serde_json::json!({"value": {k: [v]}})),
    ];
    let valid = proptest::collection::btree_set(pattern.prop_map(|p| p.to_string()), 0..4)
        .prop_map(|set| {
            set.into_iter()
                .map(|s| serde_json::from_str(&s).expect("a pattern"))
                .collect()
        })
        .boxed();
    let bad = prop_oneof![
        Just(vec![serde_json::json!([1, 2])]),
        Just(vec![serde_json::json!("text")]),
        Just(vec![
            serde_json::json!({"a": 1}),
            serde_json::json!({"a": 1})
        ]),
        (21usize..23).prop_map(|n| (0..n).map(|i| serde_json::json!({"v": i})).collect()),
        Just(vec![serde_json::json!({"value": "x".repeat(4100)})]),
        nasty_string().prop_map(|key| {
            let mut pattern = serde_json::Map::new();
            pattern.insert(key, serde_json::json!(["${DanglingParam}"]));
            vec![serde_json::Value::Object(pattern)]
        }),
    ]
    .boxed();
    hv(h, valid, bad)
}

fn on_failure(h: u32) -> S<Option<FailureSpec>> {
    let valid = prop_oneof![
        (0usize..4).prop_map(FailureSpec::Queue),
        (0usize..4).prop_map(FailureSpec::Topic),
        Just(FailureSpec::Sqs(Value::from(
            "arn:aws:sqs:us-east-1:123456789012:bad-records"
        ))),
        Just(FailureSpec::Sns(Value::from(
            "arn:aws:sns:us-east-1:123456789012:failures"
        ))),
        Just(FailureSpec::S3(Value::from("arn:aws:s3:::failed-batches"))),
        Just(FailureSpec::Sqs(reference(P_STR))),
        "[a-z][a-z0-9._-]{0,20}-dlq".prop_map(|t| FailureSpec::Kafka(Value::from(t))),
    ]
    .boxed();
    let bad = prop_oneof![
        bad_string_value().prop_map(FailureSpec::Sqs),
        bad_string_value().prop_map(FailureSpec::Sns),
        prop_oneof![
            Just(Value::from("arn:aws:s3:::bucket/key")),
            Just(Value::from("arn:aws:s3:us-east-1:123456789012:bucket")),
            bad_string_value()
        ]
        .prop_map(FailureSpec::S3),
        bad_string_value().prop_map(FailureSpec::Kafka),
    ]
    .boxed();
    opt(h, valid, bad)
}

fn pollers(h: u32) -> S<Option<(Value, Value, Option<Value>)>> {
    let valid = (
        1i64..=200,
        0i64..=1800,
        proptest::option::of(prop_oneof!["[a-z0-9_-]{1,40}", Just("g".repeat(128))]),
    )
        .prop_map(|(min, extra, group)| {
            (
                Value::Int(min),
                Value::Int((min + extra).min(2000)),
                group.map(Value::from),
            )
        })
        .boxed();
    let bad = (
        bad_int_value(&[1, 200]),
        bad_int_value(&[1, 2000]),
        proptest::option::of(bad_string_value()),
    )
        .boxed();
    opt(h, valid, bad)
}

fn source(h: u32) -> S<SourceSpec> {
    let topic = string_prop(h, topic_name());
    let group = opt(
        h,
        group_id().prop_map(Value::from).boxed(),
        bad_string_value(),
    );
    let first = (
        cluster(h),
        topic,
        any::<u8>(),
        any::<usize>(),
        proptest::option::of(any::<usize>()),
        proptest::option::of(any::<usize>()),
        start(h),
        opt(h, int_value(1, 10_000), bad_int_value(&[1, 10_000])),
        opt(h, int_value(0, 300), bad_int_value(&[0, 300])),
        group,
    );
    let second = (
        opt(h, any::<bool>().prop_map(Value::Bool).boxed(), wrong_type()),
        filters(h),
        on_failure(h),
        pollers(h),
        opt(h, int_value(-1, 10_000), bad_int_value(&[-1, 10_000])),
        opt(
            h,
            prop_oneof![Just(Value::Int(-1)), int_value(60, 604_800)].boxed(),
            bad_int_value(&[-1, 60, 604_800]),
        ),
        opt(h, any::<bool>().prop_map(Value::Bool).boxed(), wrong_type()),
        any::<bool>(),
        proptest::sample::subsequence(
            vec![
                MappingMetric::EventCount,
                MappingMetric::ErrorCount,
                MappingMetric::KafkaMetrics,
            ],
            0..=3,
        ),
        proptest::option::of(select(vec![
            LogLevel::Debug,
            LogLevel::Info,
            LogLevel::Warn,
        ])),
    );
    let third = (
        tags(h),
        proptest::option::of(any::<usize>()),
        if h == 0 {
            Just(None).boxed()
        } else {
            prop_oneof![9 => Just(None), 1 => any::<usize>().prop_map(Some)].boxed()
        },
    );
    (first, second, third)
        .prop_map(
            |(
                (cluster, topic, auth, secret, root_ca, vpc, start, batch_size, window, group),
                (
                    enabled,
                    filters,
                    on_failure,
                    pollers,
                    retry,
                    age,
                    bisect,
                    report,
                    metrics,
                    log_level,
                ),
                (tags, consumer, second_consumer),
            )| SourceSpec {
                cluster,
                topic,
                auth,
                secret,
                root_ca,
                vpc,
                start,
                batch_size,
                window,
                group,
                enabled,
                filters,
                on_failure,
                pollers,
                retry,
                age,
                bisect,
                report,
                metrics,
                log_level,
                tags,
                consumer,
                second_consumer,
            },
        )
        .boxed()
}

fn endpoint(h: u32) -> S<EndpointSpec> {
    let name = string_prop(
        h,
        prop_oneof!["[a-z0-9]([a-z0-9]|-[a-z0-9]){0,30}", Just("a".repeat(63))].boxed(),
    );
    let url = hv(
        h,
        prop_oneof![
            3 => ("[a-z0-9][a-z0-9-]{1,20}[a-z0-9]", "[a-z0-9/_-]{0,30}")
                .prop_map(|(b, k)| Value::from(format!("s3://{b}/{k}model.tar.gz"))),
            1 => Just(reference(P_STR)),
        ]
        .boxed(),
        prop_oneof![
            Just(Value::from("http://models/rcf.tar")),
            Just(Value::from("s3://Models/x.tar.gz")),
            Just(Value::from("s3://models/")),
            Just(Value::from("s3://models/model.pkl")),
            Just(Value::from("s3://models/a b.tar.gz")),
            Just(Value::from(format!(
                "s3://models/{}.tar.gz",
                "k".repeat(1100)
            ))),
            bad_string_value(),
        ]
        .boxed(),
    );
    let parts = (
        string_prop(
            h,
            "b[a-z0-9-]{0,8}[a-z0-9]{2}(\\.[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?)?".boxed(),
        ),
        string_prop(h, "[a-z0-9/_-]{0,30}model\\.tar\\.gz".boxed()),
    );
    let model = prop_oneof![
        3 => url.prop_map(ModelSpec::Url),
        1 => parts.prop_map(|(b, k)| ModelSpec::Parts(b, k)),
    ];
    let instance_type = hv(
        h,
        prop_oneof![
            select(vec![
                "ml.c5.large",
                "ml.c5.xlarge",
                "ml.m5.large",
                "ml.c5d.xlarge",
                "ml.m5d.xlarge",
                "ml.g4dn.xlarge",
                "ml.t2.medium"
            ])
            .prop_map(Value::from),
            Just(reference(P_STR)),
        ]
        .boxed(),
        prop_oneof![
            Just(Value::from("c5.xlarge")),
            Just(Value::from("ml.C5.xlarge")),
            bad_string_value()
        ]
        .boxed(),
    );
    let serverless = (
        hv(
            h,
            select(vec![1024i64, 2048, 3072, 4096, 5120, 6144])
                .prop_map(Value::Int)
                .boxed(),
            bad_int_value(&[1024, 1500, 6144]),
        ),
        int_prop(h, 1, 200, &[1, 200]),
    );
    let capture = (
        hv(
            h,
            ("[a-z0-9][a-z0-9-]{1,20}[a-z0-9]", "[a-z0-9/_-]{0,20}")
                .prop_map(|(b, p)| Value::from(format!("s3://{b}/{p}")))
                .boxed(),
            bad_string_value(),
        ),
        int_prop(h, 0, 100, &[0, 100]),
    );
    let autoscaling = hv(
        h,
        (
            1i64..=5,
            0i64..=5,
            prop_oneof![
                (1i64..5000).prop_map(Value::Int),
                (0.5f64..5000.0).prop_map(Value::Float)
            ],
        )
            .prop_map(|(min, extra, target)| (Value::Int(min), Value::Int(min + extra), target))
            .boxed(),
        (
            bad_int_value(&[0, 1]),
            bad_int_value(&[0, 1]),
            prop_oneof![nasty_float().prop_map(Value::Float), wrong_type()],
        )
            .boxed(),
    );
    let region = hv(
        h,
        select(vec!["us-east-1", "eu-west-1", "ap-southeast-2"])
            .prop_map(str::to_owned)
            .boxed(),
        prop_oneof![Just("af-mars-1".to_owned()), nasty_string()].boxed(),
    );
    let variant = hv(
        h,
        "[a-zA-Z0-9](-?[a-zA-Z0-9]){0,20}".boxed(),
        prop_oneof![Just("-a".to_owned()), Just("a".repeat(64)), nasty_string()].boxed(),
    );
    (
        prop_oneof![name.prop_map(Ok), model.prop_map(Err)],
        proptest::option::of(hv(h, (1usize..=5).boxed(), Just(0usize).boxed())),
        proptest::option::of(variant),
        opt(h, instance_type, bad_string_value()),
        opt(h, int_value(1, 4), bad_int_value(&[0, 1])),
        proptest::option::of(serverless),
        proptest::option::of(capture),
        proptest::option::of(autoscaling),
        proptest::option::of(region),
        kms(h),
    )
        .prop_map(
            |(
                source,
                feature_dim,
                variant,
                instance_type,
                instance_count,
                serverless,
                data_capture,
                autoscaling,
                region,
                model_key,
            )| EndpointSpec {
                source,
                feature_dim,
                variant,
                instance_type,
                instance_count,
                serverless,
                data_capture,
                autoscaling,
                region,
                model_key,
            },
        )
        .boxed()
}

fn queue(h: u32) -> S<QueueSpec> {
    (
        opt(h, int_value(60, 1_209_600), bad_int_value(&[60, 1_209_600])),
        opt(h, int_value(60, 86_400), bad_int_value(&[60, 86_400])),
    )
        .prop_map(|(retention, reuse)| QueueSpec { retention, reuse })
        .boxed()
}

fn table(h: u32) -> S<TableSpec> {
    (
        opt(h, (1u32..=3650).boxed(), Just(0u32).boxed()),
        proptest::option::of(any::<bool>()),
        opt(
            h,
            prop_oneof!["[a-zA-Z0-9_.-]{3,30}", Just("t".repeat(255))]
                .prop_map(Value::from)
                .boxed(),
            prop_oneof![
                Just(Value::from("ab")),
                Just(Value::from("t".repeat(256))),
                bad_string_value()
            ]
            .boxed(),
        ),
    )
        .prop_map(|(ttl_days, deletion_protection, name)| TableSpec {
            ttl_days,
            deletion_protection,
            name,
        })
        .boxed()
}

fn topic(h: u32) -> S<TopicSpec> {
    let email = hv(
        h,
        prop_oneof![
            "[a-z0-9._+-]{1,20}@[a-z0-9-]{1,20}\\.[a-z]{2,6}".prop_map(Value::from),
            Just(reference(P_EMAIL)),
        ]
        .boxed(),
        prop_oneof![
            Just(Value::from("oncall")),
            Just(Value::from("a@b")),
            Just(Value::from("a b@c.com")),
            bad_string_value()
        ]
        .boxed(),
    );
    (
        opt(
            h,
            text(100)
                .prop_filter("non-empty", |t| !t.is_empty())
                .prop_map(Value::from)
                .boxed(),
            bad_string_value(),
        ),
        proptest::collection::vec(email, 0..3),
    )
        .prop_map(|(display_name, emails)| TopicSpec {
            display_name,
            emails,
        })
        .boxed()
}

fn features(h: u32) -> S<Option<Vec<FeatureSpec>>> {
    let feature = (
        "[a-z][a-z0-9_]{0,12}",
        proptest::option::of("[a-z][a-z0-9_]{0,8}(\\.[a-z][a-z0-9_]{0,8}){0,2}"),
        proptest::option::of(-1e6f64..1e6),
    )
        .prop_map(|(name, path, default)| FeatureSpec {
            name,
            path,
            default,
            unit: None,
            derive: None,
        });
    let valid = proptest::collection::vec(feature, 1..8)
        .prop_map(|fs| {
            let mut seen = std::collections::HashSet::new();
            fs.into_iter()
                .filter(|f| seen.insert(f.name.clone()))
                .collect::<Vec<_>>()
        })
        .boxed();
    let bad_feature = (
        nasty_string(),
        proptest::option::of(nasty_string()),
        proptest::option::of(nasty_float()),
    )
        .prop_map(|(name, path, default)| FeatureSpec {
            name,
            path,
            default,
            unit: None,
            derive: None,
        });
    let bad = prop_oneof![
        Just(Vec::new()),
        proptest::collection::vec(bad_feature, 1..4),
        (65usize..70).prop_map(|n| (0..n).map(|i| FeatureSpec::new(format!("f{i}"))).collect()),
        (40usize..60).prop_map(|n| (0..n)
            .map(|i| FeatureSpec::new(format!("{}{i}", "long_feature_name_".repeat(5))))
            .collect()),
        Just(vec![FeatureSpec::new("a"), FeatureSpec::new("a")]),
    ]
    .boxed();
    opt(h, valid, bad)
}

fn threshold(h: u32) -> S<Option<Threshold>> {
    let valid = prop_oneof![
        (-1e6f64..1e6).prop_map(|value| Threshold::Fixed { value }),
        (-100.0f64..100.0, 0.0f64..50.0, 0.1f64..10.0)
            .prop_map(|(mean, stddev, k)| Threshold::Sigma { mean, stddev, k }),
    ]
    .boxed();
    let bad = prop_oneof![
        nasty_float().prop_map(|value| Threshold::Fixed { value }),
        (nasty_float(), nasty_float(), nasty_float())
            .prop_map(|(mean, stddev, k)| Threshold::Sigma { mean, stddev, k }),
    ]
    .boxed();
    opt(h, valid, bad)
}

fn function(h: u32) -> S<FunctionSpec> {
    let first = (
        string_prop(
            h,
            "b[a-z0-9-]{0,8}[a-z0-9]{2}(\\.[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?)?".boxed(),
        ),
        string_prop(h, "[a-zA-Z0-9/_.-]{1,30}\\.zip".boxed()),
        opt(h, text(256), nasty_string()),
        any::<bool>(),
        opt(h, int_value(128, 10_240), bad_int_value(&[128, 10_240])),
        opt(h, int_value(1, 840), bad_int_value(&[1, 840, 900])),
        opt(h, int_value(1, 1000), bad_int_value(&[0, 1_000_000])),
        opt(
            h,
            select(
                &[
                    1i64, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
                    2192, 2557, 2922, 3288, 3653,
                ][..],
            )
            .prop_map(Value::Int)
            .boxed(),
            bad_int_value(&[0, 2, 3653]),
        ),
        0u8..5,
        features(h),
    );
    let second = (
        threshold(h),
        any::<bool>(),
        opt(
            h,
            prop_oneof!["[A-Za-z0-9/_.#-]{1,30}", Just("n".repeat(255))].boxed(),
            prop_oneof![
                Just(String::new()),
                Just(":x".to_owned()),
                Just("n".repeat(256)),
                nasty_string()
            ]
            .boxed(),
        ),
        proptest::option::of(any::<usize>()),
        proptest::option::of(any::<usize>()),
        proptest::option::of(any::<usize>()),
        proptest::option::of(any::<usize>()),
        proptest::option::of(any::<usize>()),
        any::<bool>(),
        opt(
            h,
            prop_oneof![
                "[a-z0-9]{17}".prop_map(|id| Value::from(format!(
                    "arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-{id}"
                ))),
                Just(reference(P_STR)),
            ]
            .boxed(),
            bad_string_value(),
        ),
    );
    let third = (tags(h), any::<bool>());
    (first, second, third)
        .prop_map(
            |(
                (
                    bucket,
                    key,
                    description,
                    x86,
                    memory,
                    timeout,
                    concurrency,
                    retention,
                    log_level,
                    features,
                ),
                (threshold, json, namespace, scorer, table, topic, queue, vpc, tracing, signing),
                (tags, report),
            )| FunctionSpec {
                bucket,
                key,
                description,
                x86,
                memory,
                timeout,
                concurrency,
                retention,
                log_level,
                features,
                threshold,
                json,
                namespace,
                scorer,
                table,
                topic,
                queue,
                vpc,
                tracing,
                signing,
                tags,
                report,
            },
        )
        .boxed()
}

fn rule(h: u32) -> S<RuleSpec> {
    let valid = (1i64..=24, 1i64..=10, proptest::option::of(0i64..10))
        .prop_flat_map(|(minutes, periods, datapoints)| {
            let period = minutes * 60;
            let max_periods = (86_400 / period).max(1);
            let periods = periods.min(max_periods);
            (
                prop_oneof![
                    (1i64..100_000).prop_map(Value::Int),
                    (0.001f64..1e6).prop_map(Value::Float),
                    Just(reference(P_NUM))
                ],
                Just(Some(Value::Int(period))),
                Just(Some(Value::Int(periods))),
                Just(datapoints.map(|d| Value::Int(d.min(periods - 1) + 1))),
            )
        })
        .boxed();
    let bad = (
        prop_oneof![
            nasty_float().prop_map(Value::Float),
            bad_int_value(&[0, 1]),
            wrong_type()
        ],
        proptest::option::of(bad_int_value(&[60, 61, 86_400, 3600])),
        proptest::option::of(bad_int_value(&[1, 1440, 10_080])),
        proptest::option::of(bad_int_value(&[0, 1])),
    )
        .boxed();
    hv(h, valid, bad)
}

fn monitoring(h: u32) -> S<MonitoringSpec> {
    (
        any::<usize>(),
        proptest::option::of(any::<usize>()),
        proptest::collection::vec((0u8..7, rule(h)), 0..4),
    )
        .prop_map(|(function, topic, rules)| MonitoringSpec {
            function,
            topic,
            rules,
        })
        .boxed()
}

fn construct_id() -> S<String> {
    prop_oneof![
        Just(String::new()),
        Just("1abc".to_owned()),
        Just("a b".to_owned()),
        Just("x".repeat(65)),
        Just("Source-0".to_owned()),
        Just("source0".to_owned()),
        Just("Source0".to_owned()),
        Just("Function0".to_owned()),
        Just("Detector".to_owned()),
        Just("Encryption".to_owned()),
        Just("Rcf".to_owned()),
        nasty_string(),
    ]
    .boxed()
}

fn stack_name() -> S<String> {
    prop_oneof![
        4 => "[a-zA-Z][a-zA-Z0-9-]{0,30}",
        1 => Just(format!("a{}", "-".repeat(127))),
    ]
    .boxed()
}

/// A stack at hostility `h`.
pub fn stack(h: u32) -> S<StackSpec> {
    let name = hv(
        h,
        stack_name(),
        prop_oneof![
            Just("1 bad name".to_owned()),
            Just("a".repeat(129)),
            nasty_string()
        ]
        .boxed(),
    );
    let extra_parameters = if h == 0 {
        Just(Vec::new()).boxed()
    } else {
        proptest::collection::vec(
            prop_oneof![
                Just("PStr".to_owned()),
                Just("Source0Mapping".to_owned()),
                Just("EncryptionKey".to_owned()),
                Just("Vpc0VpcId".to_owned()),
                Just("Topic0HasEmail".to_owned()),
                Just("RcfImageRegistry".to_owned()),
                Just("bad-id".to_owned()),
                nasty_string(),
            ],
            0..3,
        )
        .boxed()
    };
    let key = opt(
        h,
        prop_oneof![key_arn().prop_map(Value::from), Just(reference(P_STR))].boxed(),
        bad_string_value(),
    );
    let ids = if h == 0 {
        Just(Vec::new()).boxed()
    } else {
        proptest::collection::vec((0usize..30, construct_id()), 0..3).boxed()
    };
    let first = (
        name,
        proptest::option::of(hv(h, text(1024), nasty_string())),
        proptest::option::of(key),
        extra_parameters,
        proptest::collection::vec(vpc(h), 0..3),
        proptest::collection::vec(secret(h), 0..4),
        proptest::collection::vec(queue(h), 0..3),
        proptest::collection::vec(table(h), 0..2),
        proptest::collection::vec(topic(h), 0..3),
        proptest::collection::vec(endpoint(h), 0..3),
    );
    let second = (
        proptest::collection::vec(source(h), 0..4),
        proptest::collection::vec(function(h), 0..3),
        proptest::collection::vec(monitoring(h), 0..3),
        proptest::collection::vec(
            (
                hv(
                    h,
                    prop_oneof![
                        Just("Out1".to_owned()),
                        Just("Out2".to_owned()),
                        "Out[a-zA-Z0-9]{1,10}"
                    ]
                    .boxed(),
                    prop_oneof![
                        Just("Source0Mapping".to_owned()),
                        Just("PStr".to_owned()),
                        Just("bad id".to_owned()),
                        nasty_string()
                    ]
                    .boxed(),
                ),
                0u8..6,
            )
                .prop_map(|(id, value)| OutputSpec { id, value }),
            0..3,
        ),
        ids,
    );
    (first, second)
        .prop_map(
            move |(
                (
                    name,
                    description,
                    key,
                    extra_parameters,
                    vpcs,
                    secrets,
                    queues,
                    tables,
                    topics,
                    endpoints,
                ),
                (sources, functions, monitorings, outputs, ids),
            )| StackSpec {
                hostility: h,
                name,
                description,
                key: key.flatten(),
                extra_parameters,
                vpcs,
                secrets,
                queues,
                tables,
                topics,
                endpoints,
                sources,
                functions,
                monitorings,
                outputs,
                ids,
            },
        )
        .boxed()
}

/// A stack at any hostility.
pub fn any_stack() -> S<StackSpec> {
    hostility().prop_flat_map(stack).boxed()
}
