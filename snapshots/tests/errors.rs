//! Every validation message a user can hit, pinned: each names the construct, the property,
//! the bad value and the fix. A change here changes what users read.

use constructs::function::FunctionCode;
use constructs::kafka::BootstrapServers;
use constructs::{
    AnomalyFunction, Egress, KafkaAuth, KafkaSource, MtlsSecret, ProvisionedPollers, RcfEndpoint,
    SaslSecret, Stack, StartingPosition, Value, Vpc,
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
    with_source(|_| msk().starting_position(StartingPosition::AtTimestamp(Value::no_value())))
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
