//! Every validation message a user can hit, pinned: each names the construct, the property,
//! the bad value and the fix. A change here changes what users read.

use constructs::function::FunctionCode;
use constructs::kafka::{
    BootstrapServers, EventRecordFormat, RegistryAccess, SchemaAttribute, SchemaRegistry,
};
use constructs::monitoring::MappingAlarm;
use constructs::secret::{OAuthField, SecretRotation};
use constructs::{
    AnomalyFunction, ConsumptionMode, Egress, KafkaAuth, KafkaSource, MtlsSecret, OAuthSecret,
    OnFailure, ProvisionedPollers, RcfEndpoint, SaslSecret, Stack, StartingPosition, Value, Vpc,
};

const CLUSTER: &str =
    "arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2";
const SECRET: &str = "arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_logs-AbCdEf";
const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const BROKERS: [&str; 2] = ["b-1.kafka.example.com:9096", "b-2.kafka.example.com:9096"];

/// A stack whose function consumes the source built by `source` (given the stack, so it can
/// add secrets and networks first).
fn with_source(source: impl FnOnce(&mut Stack) -> KafkaSource) -> Stack {
    with_function(source, |f| f)
}

fn with_function(
    source: impl FnOnce(&mut Stack) -> KafkaSource,
    function: impl FnOnce(AnomalyFunction) -> AnomalyFunction,
) -> Stack {
    let mut stack = Stack::new("errors");
    let scorer = stack.add(
        "Scorer",
        RcfEndpoint::existing("rcf-anomaly-endpoint").feature_dim(3),
    );
    let source = source(&mut stack);
    let logs = stack.add("AppLogs", source);
    let code = FunctionCode::s3("my-artifacts", "anomaly-function/bootstrap.zip");
    stack.add(
        "Detector",
        function(AnomalyFunction::new(code).scorer(&scorer).add_source(&logs)),
    );
    stack
}

fn msk() -> KafkaSource {
    KafkaSource::msk(CLUSTER, "app-logs").starting_position(StartingPosition::Latest)
}

fn message(stack: Stack) -> String {
    match stack.synth() {
        Ok(_) => panic!("the stack must be refused"),
        Err(errors) => errors.to_string(),
    }
}

macro_rules! refused {
    ($name:ident, $stack:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(message($stack));
        }
    };
}

refused!(
    self_managed_without_starting_position,
    with_source(|_| KafkaSource::self_managed(BROKERS, "app-logs"))
);
refused!(
    at_timestamp_without_timestamp,
    with_source(|_| msk().starting_position(StartingPosition::at_timestamp(Value::no_value())))
);
refused!(
    vpc_subnets_without_security_groups,
    with_source(|s| {
        let vpc = s.add(
            "Net",
            Vpc::import(
                "vpc-0123456789abcdef0",
                vec!["subnet-0a1b2c3d".into(), "subnet-0a1b2c3e".into()],
                vec![],
            ),
        );
        KafkaSource::self_managed(BROKERS, "app-logs")
            .vpc(&vpc)
            .starting_position(StartingPosition::Latest)
    })
);
refused!(
    vpc_security_groups_without_subnets,
    with_source(|s| {
        let vpc = s.add(
            "Net",
            Vpc::import(
                "vpc-0123456789abcdef0",
                vec![],
                vec!["sg-0123456789abcdef0".into()],
            ),
        );
        KafkaSource::self_managed(BROKERS, "app-logs")
            .vpc(&vpc)
            .starting_position(StartingPosition::Latest)
    })
);
refused!(
    provisioned_only_options_without_pollers,
    with_source(|_| {
        msk()
            .max_retry_attempts(3)
            .max_record_age_seconds(3600)
            .bisect_batch_on_error(true)
            .report_batch_item_failures(true)
            .metrics([constructs::MappingMetric::EventCount])
            .system_log_level(constructs::LogLevel::Warn)
    })
);
refused!(
    more_minimum_than_maximum_pollers,
    with_source(|_| msk().provisioned_pollers(ProvisionedPollers::new(50, 10)))
);
refused!(
    memory_outside_lambda_limits,
    with_function(|_| msk(), |f| f.memory_mb(20000))
);
refused!(
    timeout_over_fourteen_minutes,
    with_function(|_| msk(), |f| f.timeout_seconds(900))
);
refused!(
    secret_that_is_not_a_secrets_manager_arn,
    with_source(|s| {
        let secret = s.add("Creds", SaslSecret::import("my-kafka-password"));
        KafkaSource::self_managed(BROKERS, "app-logs")
            .auth(KafkaAuth::Scram512(secret))
            .starting_position(StartingPosition::Latest)
    })
);
refused!(
    scram_256_on_msk,
    with_source(|s| {
        let secret = s.add("Creds", SaslSecret::import(SECRET).kms_key_arn(KEY));
        msk().auth(KafkaAuth::Scram256(secret))
    })
);
refused!(
    msk_scram_secret_without_customer_managed_key,
    with_source(|s| {
        let secret = s.add("Creds", SaslSecret::import(SECRET));
        msk().auth(KafkaAuth::Scram512(secret))
    })
);
refused!(
    iam_auth_on_self_managed,
    with_source(|_| KafkaSource::self_managed(BROKERS, "app-logs")
        .auth(KafkaAuth::Iam)
        .starting_position(StartingPosition::Latest))
);
refused!(
    iam_auth_on_confluent,
    with_source(|s| {
        let key = s.add("ApiKey", SaslSecret::import(SECRET));
        KafkaSource::confluent(
            "pkc-abc12.us-east-1.aws.confluent.cloud:9092",
            "app-logs",
            &key,
        )
        .auth(KafkaAuth::Iam)
        .starting_position(StartingPosition::Latest)
    })
);
refused!(
    root_ca_on_msk,
    with_source(|s| {
        let cert = s.add("Cert", MtlsSecret::import(SECRET));
        let ca = s.add("Ca", constructs::RootCaSecret::import(SECRET));
        msk().auth(KafkaAuth::Mtls(cert)).root_ca(&ca)
    })
);
refused!(
    topic_with_bad_characters_and_length,
    with_source(
        |_| KafkaSource::msk(CLUSTER, format!("app logs/{}", "x".repeat(250)))
            .starting_position(StartingPosition::Latest)
    )
);
refused!(
    consumer_group_with_bad_characters,
    with_source(|_| msk().consumer_group_id("detector group#1"))
);
refused!(
    bootstrap_servers_not_host_port,
    with_source(|_| {
        KafkaSource::self_managed(
            [
                "https://b-1.example.com:9096",
                "b-2.example.com",
                "b-3.example.com:9096,b-4.example.com:9096",
            ],
            "app-logs",
        )
        .starting_position(StartingPosition::Latest)
    })
);
refused!(
    more_than_ten_bootstrap_servers,
    with_source(|_| {
        let servers: Vec<String> = (1..=11)
            .map(|i| format!("b-{i}.example.com:9092"))
            .collect();
        KafkaSource::self_managed(BootstrapServers::from(servers), "app-logs")
            .starting_position(StartingPosition::Latest)
    })
);
refused!(duplicate_consumer_group_ids, {
    let mut stack = Stack::new("errors");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let a = stack.add(
        "OrdersLogs",
        KafkaSource::msk(CLUSTER, "orders")
            .starting_position(StartingPosition::Latest)
            .consumer_group_id("detector"),
    );
    let b = stack.add(
        "PaymentsLogs",
        KafkaSource::msk(CLUSTER, "payments")
            .starting_position(StartingPosition::Latest)
            .consumer_group_id("detector"),
    );
    let code = FunctionCode::s3("my-artifacts", "anomaly-function/bootstrap.zip");
    stack.add(
        "Detector",
        AnomalyFunction::new(code)
            .scorer(&scorer)
            .add_source(&a)
            .add_source(&b),
    );
    stack
});
refused!(function_without_scorer, {
    let mut stack = Stack::new("errors");
    let logs = stack.add("AppLogs", msk());
    stack.add(
        "Detector",
        AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip")).add_source(&logs),
    );
    stack
});
refused!(
    feature_count_differs_from_the_model,
    with_function(
        |_| msk(),
        |f| f.features([constructs::contract::FeatureSpec::new("latency_ms")])
    )
);
refused!(function_in_a_vpc_without_a_route_to_sagemaker, {
    let mut stack = Stack::new("errors");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let vpc = stack.add("Network", Vpc::create().egress(Egress::InterfaceEndpoints));
    let logs = stack.add("AppLogs", msk());
    let code = FunctionCode::s3("my-artifacts", "bootstrap.zip");
    stack.add(
        "Detector",
        AnomalyFunction::new(code)
            .scorer(&scorer)
            .add_source(&logs)
            .vpc(&vpc),
    );
    stack
});
refused!(duplicate_construct_ids_and_bad_stack_name, {
    let mut stack = Stack::new("1 bad name");
    stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    stack.add("Scorer", RcfEndpoint::existing("other-endpoint"));
    stack.add("bad id!", RcfEndpoint::existing("third-endpoint"));
    stack
});
refused!(source_fed_to_two_functions, {
    let mut stack = Stack::new("errors");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let logs = stack.add("AppLogs", msk());
    for id in ["Detector", "Second"] {
        let code = FunctionCode::s3("my-artifacts", "bootstrap.zip");
        stack.add(
            id,
            AnomalyFunction::new(code).scorer(&scorer).add_source(&logs),
        );
    }
    stack
});
refused!(created_vpc_with_bad_cidr_and_ports, {
    let mut stack = Stack::new("errors");
    stack.add(
        "Network",
        Vpc::create()
            .cidr("8.8.0.0/12")
            .broker_ports([0, 9092, 9092]),
    );
    stack
});
refused!(rcf_endpoint_with_bad_props, {
    let mut stack = Stack::new("errors");
    stack.add(
        "Scorer",
        RcfEndpoint::new("http://models/rcf.tar")
            .instance_type("c5.xlarge")
            .instance_count(0)
            .autoscaling(4, 2, 0.0)
            .region("af-mars-1"),
    );
    stack
});
refused!(bad_record_queue_with_batch_item_failures, {
    let mut stack = Stack::new("errors");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let queue = stack.add("BadRecords", constructs::Queue::new());
    let logs = stack.add(
        "AppLogs",
        msk()
            .provisioned_pollers(ProvisionedPollers::new(1, 2))
            .max_retry_attempts(2)
            .report_batch_item_failures(true),
    );
    let code = FunctionCode::s3("my-artifacts", "bootstrap.zip");
    stack.add(
        "Detector",
        AnomalyFunction::new(code)
            .scorer(&scorer)
            .add_source(&logs)
            .bad_record_queue(&queue),
    );
    stack
});

// Every other message a stack can produce, grouped by construct: each case names the
// messages it pins.

/// A stack's warnings, for stacks that synthesize.
fn warnings(stack: Stack) -> String {
    match stack.synth() {
        Ok(synthesized) => synthesized
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
        Err(errors) => panic!("the stack must synthesize:\n{errors}"),
    }
}

macro_rules! warned {
    ($name:ident, $stack:expr) => {
        #[test]
        fn $name() {
            let warnings = warnings($stack);
            assert!(!warnings.is_empty(), "the stack must warn");
            insta::assert_snapshot!(warnings);
        }
    };
}

fn logical_id(id: &str) -> constructs::LogicalId {
    constructs::LogicalId::new(id).unwrap_or_else(|e| panic!("{e}"))
}

fn imported_vpc(stack: &mut Stack, subnets: &[&str]) -> constructs::Handle<Vpc> {
    stack.add(
        "Net",
        Vpc::import(
            "vpc-0123456789abcdef0",
            subnets.iter().map(|s| Value::from(*s)).collect(),
            vec!["sg-0123456789abcdef0".into()],
        ),
    )
}

// Stack-wide: logical ids, outputs, parameters, references, grants, names.

refused!(construct_ids_that_differ_only_in_separators, {
    let mut stack = Stack::new("errors");
    stack.add("App-Logs", constructs::Queue::new());
    stack.add("AppLogs", constructs::Queue::new());
    stack
});
refused!(stack_output_taking_a_construct_output_id, {
    let mut stack = Stack::new("errors");
    stack.add_output(
        "NetworkVpcId",
        constructs::Output::new("The network", "vpc-0123456789abcdef0"),
    );
    stack.add("Network", Vpc::create());
    stack
});
refused!(parameter_named_like_the_stack_key, {
    let mut stack = Stack::new("errors");
    stack.add_parameter("EncryptionKey", constructs::Parameter::string("a key"));
    stack.add("BadRecords", constructs::Queue::new());
    stack
});
refused!(
    reference_to_a_parameter_the_stack_lacks,
    with_source(
        |_| KafkaSource::msk(CLUSTER, Value::reference(&logical_id("TopicName")))
            .starting_position(StartingPosition::Latest)
    )
);
refused!(description_longer_than_cloudformation_takes, {
    let mut stack = Stack::new("errors");
    stack.description("é".repeat(513));
    stack
});
refused!(ids_and_name_without_a_visible_character, {
    let mut stack = Stack::new("");
    stack.add("", constructs::Queue::new());
    stack.add("\t", constructs::Queue::new());
    stack
});
refused!(duplicate_parameters_and_outputs, {
    let mut stack = Stack::new("errors");
    stack.add_parameter("Topic", constructs::Parameter::string("a topic"));
    stack.add_parameter("Topic", constructs::Parameter::string("the same topic"));
    stack.add_output("Out", constructs::Output::new("an output", "x"));
    stack.add_output("Out", constructs::Output::new("another", "y"));
    stack.add_output("Bad-Id", constructs::Output::new("a third", "z"));
    stack
});

/// A construct that grants to a role no construct added: what a custom construct wiring a
/// handle to the wrong role id meets.
struct GrantsToNowhere(constructs::Handle<constructs::Queue>);

impl constructs::Construct for GrantsToNowhere {
    fn kind(&self) -> &'static str {
        "GrantsToNowhere"
    }

    fn synthesize(&self, scope: &constructs::Scope, ctx: &mut constructs::SynthContext) {
        self.0.grant_send(scope, &logical_id("NoSuchRole"), ctx);
    }
}

refused!(grant_to_a_role_outside_the_stack, {
    let mut stack = Stack::new("errors");
    let queue = stack.add("BadRecords", constructs::Queue::new());
    stack.add("Custom", GrantsToNowhere(queue));
    stack
});

// Kafka sources.

refused!(msk_source_in_a_vpc_with_a_short_cluster_arn, {
    let mut stack = Stack::new("errors");
    let vpc = imported_vpc(&mut stack, &["subnet-0a1b2c3d", "subnet-0a1b2c3e"]);
    stack.add(
        "AppLogs",
        KafkaSource::msk(
            "arn:aws:kafka:us-east-1:123456789012:cluster/logs",
            "app-logs",
        )
        .vpc(&vpc)
        .starting_position(StartingPosition::Latest),
    );
    stack
});
refused!(
    vpc_without_subnets_or_security_groups,
    with_source(|s| {
        let vpc = s.add("Net", Vpc::import("vpc-0123456789abcdef0", vec![], vec![]));
        KafkaSource::self_managed(BROKERS, "app-logs")
            .vpc(&vpc)
            .starting_position(StartingPosition::Latest)
    })
);
refused!(starting_timestamps_in_milliseconds_or_negative, {
    let mut stack = Stack::new("errors");
    for (id, t) in [
        ("Millis", Value::Int(1_767_225_600_000)),
        ("Negative", Value::Int(-5)),
        ("NotANumber", Value::from("yesterday")),
    ] {
        stack.add(
            id,
            KafkaSource::msk(CLUSTER, "app-logs")
                .starting_position(StartingPosition::at_timestamp(t)),
        );
    }
    stack
});
refused!(
    kafka_props_of_the_wrong_kind,
    with_source(|_| KafkaSource::msk(CLUSTER, 42)
        .starting_position(StartingPosition::Latest)
        .batch_size("100")
        .enabled("yes"))
);
refused!(
    filters_beyond_lambdas_limits,
    with_source(|_| {
        let mut source = msk()
            .filter(serde_json::json!(["ERROR"]))
            .filter(serde_json::json!({"value": {"message": ["x".repeat(4100)]}}));
        for i in 0..19 {
            source = source.filter(serde_json::json!({"value": {"level": [i]}}));
        }
        source.filter(serde_json::json!({"value": {"level": [0]}}))
    })
);
refused!(
    dead_letter_topic_that_is_the_source_topic,
    with_source(|_| msk()
        .provisioned_pollers(ProvisionedPollers::new(1, 2))
        .on_failure(constructs::OnFailure::KafkaTopic("app-logs".into())))
);
refused!(on_failure_destinations_that_are_not_arns, {
    let mut stack = Stack::new("errors");
    for (id, destination) in [
        ("NumberBucket", constructs::OnFailure::s3(Value::Int(1))),
        (
            "ObjectNotBucket",
            constructs::OnFailure::S3("arn:aws:s3:::failed-batches/key".into()),
        ),
        ("NumberQueue", constructs::OnFailure::sqs(Value::Int(3))),
    ] {
        stack.add(id, msk().on_failure(destination).consumer_group_id(id));
    }
    stack
});
refused!(
    tags_reserved_and_repeated,
    with_source(|_| msk()
        .tag("aws:team", "sre")
        .tag("team", "sre")
        .tag("team", "data"))
);
refused!(
    record_age_between_no_limit_and_a_minute,
    with_source(|_| msk()
        .provisioned_pollers(ProvisionedPollers::new(1, 2))
        .max_record_age_seconds(30))
);
refused!(
    provisioned_options_and_tag_values_beyond_their_limits,
    with_source(|_| msk()
        .provisioned_pollers(ProvisionedPollers::new(1, 2).group("detectors #1"))
        .max_retry_attempts(20_000)
        .tag("team", "x".repeat(257)))
);
refused!(
    topic_starting_with_a_dot,
    with_source(
        |_| KafkaSource::msk(CLUSTER, ".hidden").starting_position(StartingPosition::Latest)
    )
);
refused!(
    bootstrap_servers_repeated_or_with_bad_hosts_and_ports,
    with_source(|_| KafkaSource::self_managed(
        [
            "b-1.example.com:9096",
            "b-1.example.com:9096",
            "b_1.example.com:9096",
            "b-2.example.com:99999",
        ],
        "app-logs"
    )
    .auth(KafkaAuth::Iam)
    .starting_position(StartingPosition::Latest))
);
refused!(secrets_msk_refuses, {
    let mut stack = Stack::new("errors");
    let other =
        "arn:aws:kafka:us-east-1:123456789012:cluster/other/1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f-1";
    let misnamed = stack.add(
        "Misnamed",
        SaslSecret::import("arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-AbCdEf")
            .kms_key_arn(KEY),
    );
    let unassociated = stack.add("Unassociated", SaslSecret::generate("detector"));
    let elsewhere = stack.add("Elsewhere", SaslSecret::generate("detector").for_msk(other));
    for (id, auth) in [
        ("MisnamedLogs", KafkaAuth::Scram512(misnamed.clone())),
        ("UnassociatedLogs", KafkaAuth::Scram512(unassociated)),
        ("ElsewhereLogs", KafkaAuth::Scram512(elsewhere)),
        ("PlainLogs", KafkaAuth::Plain(misnamed)),
    ] {
        stack.add(id, msk().auth(auth).consumer_group_id(id));
    }
    stack
});
refused!(confluent_with_a_generated_key_or_mtls, {
    let mut stack = Stack::new("errors");
    let generated = stack.add("Generated", SaslSecret::generate("detector"));
    let cert = stack.add("Cert", MtlsSecret::import(SECRET));
    let endpoint = "pkc-abc12.us-east-1.aws.confluent.cloud:9092";
    stack.add(
        "GeneratedLogs",
        KafkaSource::confluent(endpoint, "app-logs", &generated)
            .starting_position(StartingPosition::Latest),
    );
    stack.add(
        "MtlsLogs",
        KafkaSource::confluent(endpoint, "app-logs", &generated)
            .auth(KafkaAuth::Mtls(cert))
            .starting_position(StartingPosition::Latest),
    );
    stack
});
refused!(sasl_secret_props, {
    let mut stack = Stack::new("errors");
    stack.add("Imported", SaslSecret::import(SECRET).for_msk(CLUSTER));
    stack.add("Spaced", SaslSecret::generate("anomaly detector"));
    stack.add("First", SaslSecret::generate("detector").for_msk(CLUSTER));
    stack.add(
        "Second",
        SaslSecret::generate("detector")
            .for_msk(CLUSTER)
            .kms_key_arn("alias/kafka"),
    );
    stack
});
refused!(secret_rotation_props, {
    let mut stack = Stack::new("errors");
    stack.add(
        "Imported",
        SaslSecret::import(SECRET).rotation(SecretRotation::new(
            "arn:aws:lambda:us-east-1:123456789012:function:rotate-kafka-user",
        )),
    );
    stack.add(
        "NotAFunction",
        SaslSecret::generate("detector").rotation(SecretRotation::new("rotate-kafka-user")),
    );
    stack.add(
        "Never",
        SaslSecret::generate("detector").rotation(
            SecretRotation::new("arn:aws:lambda:us-east-1:123456789012:function:rotate")
                .after_days(0),
        ),
    );
    stack
});
warned!(generated_msk_secret_takes_over_the_clusters_associations, {
    let mut stack = Stack::new("warnings");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let secret = stack.add("Creds", SaslSecret::generate("detector").for_msk(CLUSTER));
    let logs = stack.add("AppLogs", msk().auth(KafkaAuth::Scram512(secret)));
    let code = FunctionCode::s3("my-artifacts", "bootstrap.zip");
    stack.add(
        "Detector",
        AnomalyFunction::new(code).scorer(&scorer).add_source(&logs),
    );
    stack
});
warned!(what_the_stack_cannot_see_of_networks_and_destinations, {
    let mut stack = Stack::new("warnings");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let vpc = imported_vpc(&mut stack, &["subnet-0a1b2c3d"]);
    let in_vpc = stack.add(
        "VpcLogs",
        KafkaSource::self_managed(BROKERS, "app-logs")
            .vpc(&vpc)
            .provisioned_pollers(ProvisionedPollers::new(1, 2))
            .on_failure(constructs::OnFailure::Sqs(
                "arn:aws:sqs:us-east-1:123456789012:bad-records".into(),
            ))
            .starting_position(StartingPosition::Latest),
    );
    let dead_letters = stack.add(
        "MskLogs",
        msk().on_failure(constructs::OnFailure::KafkaTopic("app-logs-dlq".into())),
    );
    stack.add("Unconsumed", msk().consumer_group_id("unconsumed"));
    let code = FunctionCode::s3("my-artifacts", "bootstrap.zip");
    stack.add(
        "Detector",
        AnomalyFunction::new(code)
            .scorer(&scorer)
            .add_source(&in_vpc)
            .add_source(&dead_letters),
    );
    stack
});

// Networks.

refused!(created_vpc_settings_of_the_wrong_kind, {
    let mut stack = Stack::new("errors");
    stack.add(
        "NetA",
        Vpc::create()
            .egress(Egress::Unknown)
            .cidr(Value::Int(10))
            .broker_ports(Vec::<i64>::new())
            .flow_log_retention_days(2),
    );
    stack.add("NetB", Vpc::create().cidr("10.0.0/16"));
    stack
});
refused!(imported_vpc_ids_malformed, {
    let mut stack = Stack::new("errors");
    let subnets: Vec<Value> = (0..17)
        .map(|i| Value::from(format!("subnet-0a1b2c{i:02x}")))
        .collect();
    stack.add(
        "Net",
        Vpc::import(Value::Int(5), subnets, vec!["sg-123".into()]).cidr("10.0.0.0/16"),
    );
    stack
});
refused!(imported_vpc_ids_repeated, {
    let mut stack = Stack::new("errors");
    stack.add(
        "Net",
        Vpc::import(
            "vpc-0123456789abcdef0",
            vec!["subnet-0a1b2c3d".into(), "subnet-0a1b2c3d".into()],
            vec!["sg-0123456789abcdef0".into(), "sg-0123456789abcdef0".into()],
        ),
    );
    stack
});
warned!(created_vpc_with_more_ports_than_the_rule_quota, {
    let mut stack = Stack::new("warnings");
    stack.add("Network", Vpc::create().broker_ports(9000..9060));
    stack
});
warned!(imported_key_whose_policy_the_stack_cannot_see, {
    let mut stack = Stack::new("warnings");
    stack.encryption_key_arn(KEY);
    stack.add("Network", Vpc::create());
    let scorer = stack.add(
        "Scorer",
        RcfEndpoint::new("s3://models/rcf/model.tar.gz").feature_dim(3),
    );
    let alerts = stack.add("Alerts", constructs::AlertTopic::new());
    let logs = stack.add("AppLogs", msk());
    let code = FunctionCode::s3("my-artifacts", "bootstrap.zip");
    stack.add(
        "Detector",
        AnomalyFunction::new(code)
            .scorer(&scorer)
            .add_source(&logs)
            .alert_topic(&alerts),
    );
    stack
});

// Functions.

refused!(
    function_props_out_of_range,
    with_function(
        |_| msk(),
        |f| f
            .reserved_concurrency(0)
            .log_retention_days(2)
            .tag("aws:team", "sre")
            .tag("AWS:owner", "sre")
            .tag("team", "sre")
            .tag("team", "data")
            .threshold(constructs::contract::Threshold::Fixed { value: f64::NAN })
            .metrics_namespace(":anomalies")
    )
);
refused!(
    function_retention_that_is_not_a_number,
    with_function(|_| msk(), |f| f.log_retention_days("a year"))
);
refused!(sources_that_disagree_on_batch_item_failures, {
    let mut stack = Stack::new("errors");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let reporting = stack.add(
        "Reporting",
        msk()
            .provisioned_pollers(ProvisionedPollers::new(1, 2))
            .max_retry_attempts(2)
            .report_batch_item_failures(true),
    );
    let silent = stack.add("Silent", msk().consumer_group_id("silent"));
    let code = FunctionCode::s3("my-artifacts", "bootstrap.zip");
    stack.add(
        "Detector",
        AnomalyFunction::new(code)
            .scorer(&scorer)
            .add_source(&reporting)
            .add_source(&silent),
    );
    stack
});
refused!(runtime_configuration_beyond_lambdas_environment_limit, {
    let mut stack = Stack::new("errors");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let features = (0..60).map(|i| constructs::contract::FeatureSpec {
        name: format!("feature_with_a_long_descriptive_name_{i:02}"),
        path: Some(format!("payload.metrics.some_deeply_nested_field_{i:02}")),
        default: None,
        unit: None,
        derive: None,
    });
    let code = FunctionCode::s3("my-artifacts", "bootstrap.zip");
    stack.add(
        "Detector",
        AnomalyFunction::new(code)
            .scorer(&scorer)
            .features(features),
    );
    stack
});

// Endpoints.

refused!(serverless_endpoint_with_instance_options, {
    let mut stack = Stack::new("errors");
    stack.add(
        "Scorer",
        RcfEndpoint::new("s3://models/rcf/model.tar.gz")
            .serverless(1500, 10)
            .instance_type("ml.c5.large")
            .data_capture("s3://captures/rcf", 10)
            .autoscaling(1, 2, "fast")
            .feature_dim(0)
            .variant_name("-blue"),
    );
    stack
});
refused!(model_and_capture_locations_that_are_not_s3_objects, {
    let mut stack = Stack::new("errors");
    stack.add(
        "NumberModel",
        RcfEndpoint::new(Value::Int(3))
            .data_capture(format!("s3://Captures Bucket/{}", "k".repeat(500)), 5),
    );
    stack.add("NoObject", RcfEndpoint::new("s3://models/"));
    stack.add("BucketUri", RcfEndpoint::new_from("s3://models", ""));
    stack.add("Pickle", RcfEndpoint::new_from("models", "rcf/model.pkl"));
    stack
});
refused!(existing_endpoint_with_created_options, {
    let mut stack = Stack::new("errors");
    stack.add(
        "Scorer",
        RcfEndpoint::existing("Bad_Name")
            .instance_type("ml.c5.large")
            .autoscaling(1, 2, 100)
            .model_data_key(KEY),
    );
    stack
});

// Sinks.

refused!(sinks_out_of_range, {
    let mut stack = Stack::new("errors");
    stack.add(
        "Anomalies",
        constructs::AnomalyTable::new()
            .ttl_days(0)
            .table_name("anomaly table"),
    );
    stack.add(
        "Alerts",
        constructs::AlertTopic::new()
            .display_name("")
            .email("oncall")
            .email(Value::Int(1)),
    );
    stack.add(
        "BadRecords",
        constructs::Queue::new()
            .retention_seconds(30)
            .data_key_reuse_seconds(100_000),
    );
    stack
});

// Monitoring.

fn monitored(monitoring: impl FnOnce(constructs::Monitoring) -> constructs::Monitoring) -> Stack {
    let mut stack = Stack::new("errors");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let logs = stack.add("AppLogs", msk());
    let code = FunctionCode::s3("my-artifacts", "bootstrap.zip");
    let detector = stack.add(
        "Detector",
        AnomalyFunction::new(code).scorer(&scorer).add_source(&logs),
    );
    let alerts = stack.add("Alerts", constructs::AlertTopic::new());
    stack.add(
        "Monitoring",
        monitoring(constructs::Monitoring::new(&detector).alert_topic(&alerts)),
    );
    stack
}

refused!(
    alarm_rules_cloudwatch_refuses,
    monitored(|m| m
        .function_errors(constructs::AlarmRule::new(0))
        .offset_lag(constructs::AlarmRule::new("lots"))
        .anomalies(constructs::AlarmRule::new(5).period_seconds(90))
        .model_latency(
            constructs::AlarmRule::new(1)
                .period_seconds(600)
                .evaluation_periods(200)
        )
        .bad_records(
            constructs::AlarmRule::new(1)
                .evaluation_periods(2)
                .datapoints_to_alarm(3)
        ))
);
warned!(monitoring_rules_that_do_not_apply, {
    let mut stack = Stack::new("warnings");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let code = FunctionCode::s3("my-artifacts", "bootstrap.zip");
    let detector = stack.add("Detector", AnomalyFunction::new(code).scorer(&scorer));
    stack.add(
        "Monitoring",
        constructs::Monitoring::new(&detector).offset_lag(constructs::AlarmRule::new(100)),
    );
    stack
});
refused!(runtime_contract_rules, {
    use constructs::contract::{FeatureSpec, Threshold};
    let mut stack = Stack::new("errors");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let code = || FunctionCode::s3("my-artifacts", "bootstrap.zip");
    stack.add(
        "NoFeatures",
        AnomalyFunction::new(code()).scorer(&scorer).features([]),
    );
    stack.add(
        "BadFeatures",
        AnomalyFunction::new(code())
            .scorer(&scorer)
            .features([
                FeatureSpec::new("latency"),
                FeatureSpec::new("latency"),
                FeatureSpec::new("status\u{7}"),
                FeatureSpec {
                    name: "bytes".into(),
                    path: Some("http..bytes".into()),
                    default: Some(f64::INFINITY),
                    unit: None,
                    derive: None,
                },
            ])
            .threshold(Threshold::Sigma {
                mean: f64::NAN,
                stddev: -1.0,
                k: 0.0,
            }),
    );
    stack.add(
        "TooManyFeatures",
        AnomalyFunction::new(code())
            .scorer(&scorer)
            .features((0..65).map(|i| FeatureSpec::new(format!("f{i}")))),
    );
    stack
});
refused!(imported_key_that_is_not_a_key_arn, {
    let mut stack = Stack::new("errors");
    stack.encryption_key_arn("alias/anomaly-detection");
    stack.add("BadRecords", constructs::Queue::new());
    stack
});
warned!(
    msk_iam_consumer_group_with_a_wildcard,
    with_source(|_| msk().consumer_group_id("detector-*"))
);
refused!(
    embedded_model_locations_that_are_not_objects_in_the_package_or_s3,
    {
        let mut stack = Stack::new("errors");
        let code = || FunctionCode::s3("my-artifacts", "anomaly-function/bootstrap.zip");
        stack.add(
            "S3Model",
            AnomalyFunction::new(code())
                .scorer(constructs::Scorer::embedded_s3("My_Models", "rcf/")),
        );
        stack.add(
            "EmptyS3Model",
            AnomalyFunction::new(code()).scorer(constructs::Scorer::embedded_s3("", "")),
        );
        stack.add(
            "OutsideThePackage",
            AnomalyFunction::new(code()).scorer(constructs::Scorer::bundled("../model.json")),
        );
        stack.add(
            "AbsolutePath",
            AnomalyFunction::new(code())
                .scorer(constructs::Scorer::bundled("/opt/model.json").learning(true)),
        );
        stack
    }
);

// Rules no case above shows: each rule id fires in some snapshot.

refused!(function_settings_lambda_refuses, {
    let mut stack = Stack::new("errors");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    stack.add(
        "Detector",
        AnomalyFunction::new(FunctionCode::s3("My_Artifacts", ""))
            .scorer(&scorer)
            .timeout_seconds(1000)
            .reserved_concurrency(-1)
            .description("d".repeat(300))
            .code_signing_config_arn("csc-0123456789abcdef0")
            .tag("", "sre")
            .tag("team", "s".repeat(300)),
    );
    stack
});
refused!(endpoint_concurrency_capture_sampling_and_artifact_key, {
    let mut stack = Stack::new("errors");
    stack.add(
        "Serverless",
        RcfEndpoint::new("s3://models/rcf/model.tar.gz").serverless(2048, 500),
    );
    stack.add(
        "Captured",
        RcfEndpoint::new("s3://models/rcf/model.tar.gz")
            .data_capture("s3://captures/rcf", 150)
            .model_data_key("alias/models"),
    );
    stack
});
refused!(
    alarm_rule_evaluating_no_period,
    monitored(|m| m.anomalies(constructs::AlarmRule::new(1).evaluation_periods(0)))
);

// Issue 16: schema registries, OAuth and IAM auth on self-managed sources, queue mode,
// cross-account MSK, stalled partitions, poller groups and the mapping's own metrics.

const REGISTRY: &str = "arn:aws:glue:us-east-1:123456789012:registry/orders";
const REGISTRY_URL: &str = "https://psrc-abc12.us-east-1.aws.confluent.cloud";
const CONNECTION: &str = "arn:aws:kafka:us-east-1:111122223333:vpc-connection/123456789012/logs/51jn98b4-0a61-46cc-b0a6-61g9a3d797d5-7";
const OAUTH: &str = "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-oauth-AbCdEf";
const QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:failed-records";

fn provisioned(source: KafkaSource) -> KafkaSource {
    source.provisioned_pollers(ProvisionedPollers::new(1, 2))
}

/// A stack whose function consumes every source `sources` adds.
fn with_sources(sources: impl FnOnce(&mut Stack) -> Vec<KafkaSource>) -> Stack {
    let mut stack = Stack::new("errors");
    let scorer = stack.add(
        "Scorer",
        RcfEndpoint::existing("rcf-anomaly-endpoint").feature_dim(3),
    );
    let built = sources(&mut stack);
    let mut function = AnomalyFunction::new(FunctionCode::s3(
        "my-artifacts",
        "anomaly-function/bootstrap.zip",
    ))
    .scorer(&scorer);
    for (i, source) in built.into_iter().enumerate() {
        let handle = stack.add(&format!("Logs{i}"), source);
        function = function.add_source(&handle);
    }
    stack.add("Detector", function);
    stack
}

refused!(
    poison_pill_partition_stall,
    with_source(|_| provisioned(msk()).report_batch_item_failures(true))
);
refused!(
    glue_registry_refusals,
    with_sources(|s| {
        let key = s.add("RegistryKey", SaslSecret::import(SECRET));
        vec![
            provisioned(msk())
                .on_failure(OnFailure::sqs(QUEUE_ARN))
                .schema_registry(
                    SchemaRegistry::glue("orders")
                        .access(RegistryAccess::basic(&key))
                        .validate(SchemaAttribute::Key)
                        .record_format(EventRecordFormat::Source),
                ),
            provisioned(msk())
                .consumer_group_id("second")
                .on_failure(OnFailure::sqs(QUEUE_ARN))
                .schema_registry(
                    SchemaRegistry::glue(Value::from(5))
                        .validate(SchemaAttribute::Value)
                        .validate(SchemaAttribute::Value),
                ),
        ]
    })
);
refused!(
    one_registry_per_mapping_and_provisioned_only,
    with_source(|_| {
        msk()
            .schema_registry(SchemaRegistry::glue(REGISTRY))
            .schema_registry(SchemaRegistry::confluent(REGISTRY_URL))
    })
);
refused!(
    confluent_registry_refusals,
    with_sources(|s| {
        let key = s.add("RegistryKey", SaslSecret::import(SECRET));
        let other = s.add("OtherKey", SaslSecret::import(SECRET));
        let cert = s.add("RegistryCert", MtlsSecret::import(SECRET));
        let idp = s.add("Idp", OAuthSecret::import(OAUTH));
        let registry = |url: Value| SchemaRegistry::confluent(url);
        let source = |s: KafkaSource| {
            provisioned(s)
                .auth(KafkaAuth::Plain(key.clone()))
                .on_failure(OnFailure::sqs(QUEUE_ARN))
        };
        vec![
            source(KafkaSource::self_managed(BROKERS, "a-logs")).schema_registry(
                registry("http://registry.internal:8081".into())
                    .access(RegistryAccess::basic(&key))
                    .access(RegistryAccess::basic(&other)),
            ),
            source(KafkaSource::self_managed(BROKERS, "b-logs")).schema_registry(
                registry(REGISTRY_URL.into())
                    .access(RegistryAccess::basic(&key))
                    .access(RegistryAccess::mtls(&cert))
                    .access(RegistryAccess::oauth(&idp)),
            ),
            source(KafkaSource::self_managed(BROKERS, "c-logs"))
                .schema_registry(registry("https:///registry".into())),
            source(KafkaSource::self_managed(BROKERS, "d-logs"))
                .schema_registry(registry(Value::from(8081))),
        ]
        .into_iter()
        .map(|s| s.starting_position(StartingPosition::Latest))
        .collect()
    })
);
warned!(
    registry_without_a_destination,
    with_source(|_| provisioned(msk()).schema_registry(SchemaRegistry::glue(REGISTRY)))
);
refused!(oauth_secret_refusals, {
    let mut stack = Stack::new("errors");
    stack.add(
        "Mixed",
        OAuthSecret::import(OAUTH)
            .token_endpoint_url("http://idp.example.com/token")
            .client_credentials()
            .jwt_bearer(),
    );
    stack.add(
        "HalfJwt",
        OAuthSecret::import(OAUTH)
            .token_endpoint_url("https:///token")
            .field(OAuthField::ClientEmail),
    );
    stack.add(
        "NoGrant",
        OAuthSecret::import(OAUTH)
            .token_endpoint_url(Value::from(443))
            .field(OAuthField::IdpCaCertificate),
    );
    stack.add(
        "Lifetime",
        OAuthSecret::import(OAUTH)
            .client_credentials()
            .field(OAuthField::TokenExpirationSeconds),
    );
    stack
});
refused!(
    self_managed_authentications_on_msk_and_oauth_values,
    with_sources(|s| {
        let idp = s.add("Idp", OAuthSecret::import(OAUTH).client_credentials());
        vec![
            msk().auth(KafkaAuth::iam_web_identity("kafka")),
            msk()
                .consumer_group_id("oauth-on-msk")
                .auth(KafkaAuth::oauth(&idp)),
            KafkaSource::self_managed(BROKERS, "app-logs")
                .auth(KafkaAuth::oauth(&idp).scope("s".repeat(201)).audience(""))
                .starting_position(StartingPosition::Latest),
            KafkaSource::confluent_oauth(
                "pkc-abc12.us-east-1.aws.confluent.cloud:9092",
                "app-logs",
                KafkaAuth::oauth(&idp),
            )
            .consumer_group_id("confluent-oauth")
            .starting_position(StartingPosition::Latest),
        ]
    })
);
refused!(
    queue_mode_refusals,
    with_sources(|s| {
        let creds = s.add("Creds", SaslSecret::import(SECRET));
        vec![
            msk().consumption_mode(ConsumptionMode::Queue),
            KafkaSource::self_managed(BROKERS, "app-logs")
                .auth(KafkaAuth::Scram512(creds))
                .consumption_mode(ConsumptionMode::Queue)
                .starting_position(StartingPosition::TrimHorizon)
                .batching_window_seconds(5)
                .provisioned_pollers(ProvisionedPollers::new(1, 4))
                .bisect_batch_on_error(true),
        ]
    })
);
refused!(
    cross_account_refusals,
    with_sources(|_| {
        vec![
            KafkaSource::msk(CONNECTION, "a-logs"),
            KafkaSource::msk_cross_account(CLUSTER, CLUSTER, "b-logs"),
            KafkaSource::msk_cross_account(Value::from(7), CLUSTER, "c-logs"),
            KafkaSource::msk_cross_account(
                CONNECTION,
                "arn:aws:kafka:eu-west-1:210987654321:cluster/other/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2",
                "d-logs",
            ),
        ]
        .into_iter()
        .map(|s| s.starting_position(StartingPosition::Latest))
        .collect()
    })
);
refused!(
    poller_group_limits,
    with_sources(|_| {
        (0..101)
            .map(|i| {
                msk()
                    .consumer_group_id(format!("group-{i}"))
                    .provisioned_pollers(
                        ProvisionedPollers::new(1, if i == 0 { 1950 } else { 1 }).group("shared"),
                    )
            })
            .collect()
    })
);
warned!(mapping_alarms_nobody_can_use_and_drops_nobody_counts, {
    let mut stack = Stack::new("warnings");
    let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
    let logs = stack.add("AppLogs", provisioned(msk()).max_retry_attempts(2));
    let code = FunctionCode::s3("my-artifacts", "bootstrap.zip");
    let detector = stack.add(
        "Detector",
        AnomalyFunction::new(code).scorer(&scorer).add_source(&logs),
    );
    let topic = stack.add("Alerts", constructs::AlertTopic::new());
    stack.add(
        "Monitoring",
        constructs::Monitoring::new(&detector)
            .alert_topic(&topic)
            .mapping_alarm(
                MappingAlarm::SchemaRegistryErrors,
                constructs::AlarmRule::new(1),
            ),
    );
    stack
});
// A recovery window DynamoDB refuses (E0607); the stack file spells it the same way.
refused!(table_recovery_period_outside_one_to_thirty_five_days, {
    let mut stack = Stack::new("errors");
    stack.add(
        "Anomalies",
        constructs::AnomalyTable::new().recovery_period_days(90),
    );
    stack
});
