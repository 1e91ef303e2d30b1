//! Every validation rule: the bad value, and the message naming property, value and fix.

use serde_json::json;

use super::*;

#[test]
fn topic_rules() {
    error_on(
        msk_topic(&"a".repeat(250)),
        "topic",
        "aaaa",
        "is 250 characters long; it must be 2 to 249",
    );
    error_on(msk_topic("a"), "topic", "\"a\"", "at least two characters");
    error_on(msk_topic(""), "topic", "\"\"", "is 0 characters long");
    error_on(msk_topic(".hidden"), "topic", ".hidden", "starts with '.'");
    error_on(msk_topic("app/logs"), "topic", "app/logs", "contains '/'");
}

#[test]
fn cluster_arn_rules() {
    let source =
        |arn: &str| KafkaSource::msk(arn, "app-logs").starting_position(StartingPosition::Latest);
    error_on(
        source("logs-cluster"),
        "cluster_arn",
        "logs-cluster",
        "is not the ARN of an MSK cluster",
    );
    error_on(
        source("arn:aws:kafka:us-east-1:123456789012:cluster/logs"),
        "cluster_arn",
        "cluster/logs",
        "does not end in cluster/NAME/UUID",
    );
}

#[test]
fn bootstrap_server_rules() {
    let source = |servers: Vec<&str>| {
        KafkaSource::self_managed(servers, "app-logs")
            .starting_position(StartingPosition::Latest)
            .auth(KafkaAuth::Scram512(Handle::new(
                Scope::root("Creds"),
                SaslSecret::import(PLAIN_SECRET),
            )))
    };
    error_on(
        source(vec![]),
        "bootstrap_servers",
        "[]",
        "has 0 entries; a mapping takes 1 to 10",
    );
    let eleven: Vec<String> = (0..11).map(|i| format!("b-{i}.example.com:9096")).collect();
    error_on(
        source(eleven.iter().map(String::as_str).collect()),
        "bootstrap_servers",
        "b-10.example.com",
        "has 11 entries",
    );
    error_on(
        source(vec!["SASL_SSL://b-1.example.com:9096"]),
        "bootstrap_servers",
        "SASL_SSL://",
        "has a scheme",
    );
    error_on(
        source(vec!["b-1.example.com:9096,b-2.example.com:9096"]),
        "bootstrap_servers",
        ",b-2",
        "joins several servers",
    );
    error_on(
        source(vec!["b-1.example.com"]),
        "bootstrap_servers",
        "b-1.example.com",
        "has no port",
    );
    error_on(
        source(vec!["b-1.example.com:65536"]),
        "bootstrap_servers",
        "65536",
        "ports are 1 to 65535",
    );
    error_on(
        source(vec!["b_1.example.com:9092"]),
        "bootstrap_servers",
        "b_1",
        "hosts are DNS names",
    );
    error_on(
        source(vec!["b-1.example.com:9096", "b-1.example.com:9096"]),
        "bootstrap_servers",
        "b-1.example.com:9096",
        "is listed twice",
    );
}

#[test]
fn batch_and_window_ranges() {
    error_on(
        msk().batch_size(0),
        "batch_size",
        "0",
        "between 1 and 10000",
    );
    error_on(
        msk().batch_size(10_001),
        "batch_size",
        "10001",
        "between 1 and 10000",
    );
    error_on(
        msk().batching_window_seconds(301),
        "batching_window_seconds",
        "301",
        "between 0 and 300",
    );
    error_on(
        msk().batching_window_seconds(-1),
        "batching_window_seconds",
        "-1",
        "between 0 and 300",
    );
    error_on(
        msk().enabled("yes"),
        "enabled",
        "yes",
        "must be true or false",
    );
}

#[test]
fn starting_position_is_required_and_timestamps_are_seconds() {
    error_on(
        KafkaSource::msk(CLUSTER, "app-logs"),
        "starting_position",
        "",
        "is missing",
    );
    error_on(
        KafkaSource::self_managed(["b-1.example.com:9092"], "app-logs").auth(KafkaAuth::Plain(
            Handle::new(Scope::root("Creds"), SaslSecret::import(PLAIN_SECRET)),
        )),
        "starting_position",
        "",
        "is missing",
    );
    let at = |t: Value| {
        KafkaSource::msk(CLUSTER, "app-logs").starting_position(StartingPosition::at_timestamp(t))
    };
    error_on(
        at(Value::no_value()),
        "starting_position",
        "AWS::NoValue",
        "AT_TIMESTAMP without a timestamp",
    );
    error_on(
        at(Json::Null.into()),
        "starting_position",
        "AWS::NoValue",
        "AT_TIMESTAMP without a timestamp",
    );
    error_on(
        at(1_735_689_600_000_i64.into()),
        "starting_position",
        "1735689600000",
        "looks like milliseconds",
    );
    error_on(
        at((-5).into()),
        "starting_position",
        "-5",
        "non-negative Unix time in seconds",
    );
    error_on(
        at("yesterday".into()),
        "starting_position",
        "yesterday",
        "non-negative Unix time in seconds",
    );
}

#[test]
fn consumer_group_rules() {
    error_on(
        msk().consumer_group_id("g".repeat(201)),
        "consumer_group_id",
        "ggg",
        "is 201 characters long",
    );
    error_on(
        msk().consumer_group_id(""),
        "consumer_group_id",
        "\"\"",
        "must not be empty",
    );
    error_on(
        msk().consumer_group_id("team#1"),
        "consumer_group_id",
        "team#1",
        "contains '#'",
    );
}

#[test]
fn explicit_consumer_group_ids_are_unique_in_the_stack() {
    let mut stack = Stack::new("test");
    let a = stack.add("AppLogs", msk().consumer_group_id("detector"));
    let b = stack.add(
        "AuditLogs",
        msk_topic("audit-logs").consumer_group_id("detector"),
    );
    stack.add("Detector", Consumer(vec![a, b]));
    let ds = errors(&stack);
    assert_reported(
        &ds,
        "consumer_group_id",
        "detector",
        "is also the consumer group of source `AppLogs`",
    );
    assert_eq!(ds[0].path, "AuditLogs");
}

#[test]
fn filter_rules() {
    error_on(
        msk().filter(json!(["value"])),
        "filter",
        "[\\\"value\\\"]",
        "must be a JSON object",
    );
    let long = json!({"value": {"message": ["x".repeat(MAX_FILTER_LEN)]}});
    error_on(
        msk().filter(long),
        "filter",
        "xxxx",
        "Lambda takes patterns up to 4096",
    );
    let pattern = json!({"value": {"level": ["ERROR"]}});
    error_on(
        msk().filter(pattern.clone()).filter(pattern),
        "filter",
        "ERROR",
        "is given twice",
    );
    let many = (0..21).fold(msk(), |s, i| s.filter(json!({"value": {"n": [i]}})));
    error_on(many, "filter", "21", "a mapping takes at most 20 patterns");
}

#[test]
fn tag_rules() {
    error_on(
        msk().tag("aws:owner", "sre"),
        "tag",
        "aws:owner",
        "prefix AWS reserves",
    );
    error_on(
        msk().tag("team", "sre").tag("team", "ops"),
        "tag",
        "team",
        "is given twice",
    );
    error_on(msk().tag("", "sre"), "tag", "\"\"", "must not be empty");
    error_on(
        msk().tag("team", "s".repeat(257)),
        "tag",
        "sss",
        "is 257 characters long",
    );
}

#[test]
fn msk_refuses_scram_256_and_plain() {
    error_with(
        |s| {
            msk().auth(KafkaAuth::Scram256(sasl(
                s,
                SaslSecret::import(SECRET).kms_key_arn(KEY),
            )))
        },
        "auth",
        "KafkaAuth::Scram256",
        "Amazon MSK supports only SCRAM-SHA-512",
    );
    error_with(
        |s| {
            msk().auth(KafkaAuth::Plain(sasl(
                s,
                SaslSecret::import(SECRET).kms_key_arn(KEY),
            )))
        },
        "auth",
        "KafkaAuth::Plain",
        "does not offer SASL/PLAIN",
    );
}

#[test]
fn iam_is_msk_only() {
    error_on(
        self_managed().auth(KafkaAuth::Iam),
        "auth",
        "KafkaAuth::Iam",
        "exists only for MSK sources, not for a self-managed source",
    );
    error_with(
        |s| {
            let key = sasl(s, SaslSecret::import(PLAIN_SECRET));
            KafkaSource::confluent(
                "pkc-abc12.us-east-1.aws.confluent.cloud:9092",
                "app-logs",
                &key,
            )
            .starting_position(StartingPosition::Latest)
            .auth(KafkaAuth::Iam)
        },
        "auth",
        "KafkaAuth::Iam",
        "exists only for MSK sources, not for a Confluent Cloud source",
    );
}

#[test]
fn confluent_takes_an_imported_api_key_only() {
    error_with(
        |s| {
            let key = sasl(s, SaslSecret::import(PLAIN_SECRET));
            KafkaSource::confluent(
                "pkc-abc12.us-east-1.aws.confluent.cloud:9092",
                "app-logs",
                &key,
            )
            .starting_position(StartingPosition::Latest)
            .auth(KafkaAuth::Scram512(key))
        },
        "auth",
        "KafkaAuth::Scram512",
        "Confluent Cloud takes an API key (SASL/PLAIN, BASIC_AUTH) or an OAuth token (OAUTHBEARER_AUTH) only",
    );
    error_with(
        |s| {
            let key = sasl(s, SaslSecret::generate("api-key"));
            KafkaSource::confluent(
                "pkc-abc12.us-east-1.aws.confluent.cloud:9092",
                "app-logs",
                &key,
            )
            .starting_position(StartingPosition::Latest)
        },
        "auth",
        "Creds",
        "Confluent Cloud issues API keys itself",
    );
}

#[test]
fn self_managed_without_vpc_needs_credentials() {
    error_on(self_managed(), "auth", "", "reached over the internet");
}

#[test]
fn msk_scram_secrets_follow_msk_rules() {
    error_with(
        |s| {
            msk().auth(KafkaAuth::Scram512(sasl(
                s,
                SaslSecret::import(PLAIN_SECRET).kms_key_arn(KEY),
            )))
        },
        "auth",
        "kafka-user-AbCdEf",
        "names secret \"kafka-user-AbCdEf\"; Amazon MSK accepts only SCRAM secrets whose name starts with AmazonMSK_",
    );
    error_with(
        |s| msk().auth(KafkaAuth::Scram512(sasl(s, SaslSecret::import(SECRET)))),
        "auth",
        "AmazonMSK_app",
        "secret `Creds` has no kms_key_arn",
    );
    error_with(
        |s| {
            msk().auth(KafkaAuth::Scram512(sasl(
                s,
                SaslSecret::generate("detector"),
            )))
        },
        "auth",
        "Creds",
        "not associated with an MSK cluster",
    );
    error_with(
        |s| {
            msk().auth(KafkaAuth::Scram512(sasl(
                s,
                SaslSecret::generate("detector").for_msk(OTHER_CLUSTER),
            )))
        },
        "auth",
        "cluster/other",
        "associated with another cluster",
    );
}

#[test]
fn root_ca_is_self_managed_only() {
    error_with(
        |s| {
            let ca = s.add("BrokerCa", RootCaSecret::import(PLAIN_SECRET));
            msk().root_ca(&ca)
        },
        "root_ca",
        "BrokerCa",
        "is set on an MSK source",
    );
    error_with(
        |s| {
            let ca = s.add("BrokerCa", RootCaSecret::import(PLAIN_SECRET));
            let key = sasl(s, SaslSecret::import(PLAIN_SECRET));
            KafkaSource::confluent(
                "pkc-abc12.us-east-1.aws.confluent.cloud:9092",
                "app-logs",
                &key,
            )
            .starting_position(StartingPosition::Latest)
            .root_ca(&ca)
        },
        "root_ca",
        "BrokerCa",
        "is set on a Confluent Cloud source",
    );
}

#[test]
fn vpc_is_for_self_managed_and_confluent() {
    error_with(
        |s| {
            let vpc = imported_vpc(s);
            msk().vpc(&vpc)
        },
        "vpc",
        "Net",
        "is set on an MSK source",
    );
}

#[test]
fn vpc_needs_subnets_and_security_groups_together() {
    let with = |subnets: Vec<Value>, groups: Vec<Value>| {
        move |s: &mut Stack| {
            let vpc = s.add("Net", Vpc::import("vpc-0123456789abcdef0", subnets, groups));
            self_managed().vpc(&vpc)
        }
    };
    error_with(
        with(vec![], vec!["sg-0123456789abcdef0".into()]),
        "vpc",
        "Net",
        "has security groups but no subnets",
    );
    error_with(
        with(vec!["subnet-0123456789abcdef0".into()], vec![]),
        "vpc",
        "Net",
        "has subnets but no security groups",
    );
}

#[test]
fn unknown_routes_warn_for_on_demand_pollers() {
    let mut stack = Stack::new("test");
    let vpc = imported_vpc(&mut stack);
    let creds = sasl(&mut stack, SaslSecret::import(PLAIN_SECRET));
    consumed(
        &mut stack,
        self_managed().vpc(&vpc).auth(KafkaAuth::Scram512(creds)),
    );
    let ws = warnings(&stack);
    assert_reported(&ws, "vpc", "Net", "reach Lambda, STS and Secrets Manager");
    assert!(ws.iter().all(|w| w.severity == Severity::Warning));
    assert!(ws[0].problem.contains("PROBLEM: Connection error"));
}

#[test]
fn provisioned_pollers_need_no_endpoints_but_destinations_do() {
    let mut stack = Stack::new("test");
    let vpc = imported_vpc(&mut stack);
    consumed(
        &mut stack,
        self_managed()
            .vpc(&vpc)
            .provisioned_pollers(ProvisionedPollers::new(1, 2)),
    );
    assert!(warnings(&stack).is_empty(), "{:?}", warnings(&stack));

    let mut stack = Stack::new("test");
    let vpc = imported_vpc(&mut stack);
    consumed(
        &mut stack,
        self_managed()
            .vpc(&vpc)
            .provisioned_pollers(ProvisionedPollers::new(1, 2))
            .on_failure(OnFailure::Sqs(QUEUE.into())),
    );
    let ws = warnings(&stack);
    assert_reported(
        &ws,
        "on_failure",
        "bad-records",
        "through its service's endpoint",
    );
    assert!(!ws.iter().any(|w| w.property == "vpc"));
}

#[test]
fn provisioned_only_options_are_refused_without_pollers_all_at_once() {
    let mut stack = Stack::new("test");
    consumed(
        &mut stack,
        msk()
            .max_retry_attempts(3)
            .max_record_age_seconds(3600)
            .bisect_batch_on_error(true)
            .report_batch_item_failures(true)
            .metrics([MappingMetric::EventCount])
            .system_log_level(LogLevel::Warn),
    );
    let ds = errors(&stack);
    for (property, value) in [
        ("max_retry_attempts", "3"),
        ("max_record_age_seconds", "3600"),
        ("bisect_batch_on_error", "true"),
        ("report_batch_item_failures", "true"),
        ("metrics", "EventCount"),
        ("system_log_level", "WARN"),
    ] {
        assert_reported(
            &ds,
            property,
            value,
            "is available only in provisioned mode",
        );
    }
    assert_eq!(ds.len(), 6);
}

#[test]
fn poller_rules() {
    let p = |min: i64, max: i64| msk().provisioned_pollers(ProvisionedPollers::new(min, max));
    error_on(
        p(0, 10),
        "provisioned_pollers",
        "0",
        "minimum number of pollers is 1 to 200",
    );
    error_on(
        p(201, 300),
        "provisioned_pollers",
        "201",
        "minimum number of pollers is 1 to 200",
    );
    error_on(
        p(1, 2001),
        "provisioned_pollers",
        "2001",
        "maximum number of pollers is 1 to 2000",
    );
    error_on(
        p(5, 2),
        "provisioned_pollers",
        "[5,2]",
        "has minimum 5 above maximum 2",
    );
    error_on(
        msk().provisioned_pollers(ProvisionedPollers::new(1, 2).group("my group")),
        "provisioned_pollers",
        "my group",
        "contains ' '",
    );
}

#[test]
fn retry_and_age_ranges() {
    let p = || msk().provisioned_pollers(ProvisionedPollers::new(1, 2));
    error_on(
        p().max_retry_attempts(-2),
        "max_retry_attempts",
        "-2",
        "between -1 and 10000",
    );
    error_on(
        p().max_retry_attempts(10_001),
        "max_retry_attempts",
        "10001",
        "between -1 and 10000",
    );
    error_on(
        p().max_record_age_seconds(59),
        "max_record_age_seconds",
        "59",
        "-1 (no limit) or 60 to 604800",
    );
    error_on(
        p().max_record_age_seconds(604_801),
        "max_record_age_seconds",
        "604801",
        "-1 (no limit) or 60 to 604800",
    );
    error_on(
        p().bisect_batch_on_error(1),
        "bisect_batch_on_error",
        "1",
        "must be true or false",
    );
    let mut stack = Stack::new("test");
    consumed(
        &mut stack,
        p().max_retry_attempts(-1).max_record_age_seconds(-1),
    );
    assert!(stack.synth().is_ok());
}

#[test]
fn destination_rules() {
    let p = || msk().provisioned_pollers(ProvisionedPollers::new(1, 2));
    error_on(
        p().on_failure(OnFailure::KafkaTopic("app-logs".into())),
        "on_failure",
        "app-logs",
        "is the source topic",
    );
    error_on(
        p().on_failure(OnFailure::KafkaTopic(".dlq".into())),
        "on_failure",
        ".dlq",
        "starts with '.'",
    );
    error_on(
        p().on_failure(OnFailure::Sqs(
            "arn:aws:sns:us-east-1:123456789012:alerts".into(),
        )),
        "on_failure",
        "sns",
        "is not the ARN of an SQS queue",
    );
    error_on(
        p().on_failure(OnFailure::Sns(QUEUE.into())),
        "on_failure",
        "bad-records",
        "is not the ARN of an SNS topic",
    );
    error_on(
        p().on_failure(OnFailure::S3("arn:aws:s3:::failed-batches/prefix".into())),
        "on_failure",
        "failed-batches/prefix",
        "is not the ARN of an S3 bucket",
    );
}

#[test]
fn kafka_destination_without_pollers_warns() {
    let mut stack = Stack::new("test");
    consumed(
        &mut stack,
        msk().on_failure(OnFailure::KafkaTopic("app-logs-dlq".into())),
    );
    assert_reported(
        &warnings(&stack),
        "on_failure",
        "app-logs-dlq",
        "only for mappings in provisioned mode",
    );
}

#[test]
fn secret_rules() {
    let mut stack = Stack::new("test");
    stack.add("A", SaslSecret::import("my-secret"));
    stack.add(
        "B",
        MtlsSecret::import(SECRET).kms_key_arn("arn:aws:kms:us-east-1:123456789012:alias/kafka"),
    );
    stack.add("C", RootCaSecret::import("arn:aws:s3:::bucket"));
    stack.add("D", SaslSecret::generate("my user"));
    stack.add("E", SaslSecret::import(SECRET).for_msk(CLUSTER));
    stack.add("F", SaslSecret::generate("x").for_msk("logs"));
    let ds = errors(&stack);
    assert_reported(
        &ds,
        "import",
        "my-secret",
        "is not the ARN of a Secrets Manager secret",
    );
    assert_reported(&ds, "kms_key_arn", "alias/kafka", "aliases cannot be used");
    assert_reported(
        &ds,
        "import",
        "arn:aws:s3:::bucket",
        "is not the ARN of a Secrets Manager secret",
    );
    assert_reported(&ds, "generate", "my user", "whitespace");
    assert_reported(
        &ds,
        "for_msk",
        "cluster/logs",
        "associates only secrets this stack generates",
    );
    assert_reported(
        &ds,
        "for_msk",
        "\"logs\"",
        "is not the ARN of an MSK cluster",
    );
    assert_eq!(ds.len(), 6, "{ds:?}");
}

#[test]
fn one_generated_secret_per_cluster() {
    let mut stack = Stack::new("test");
    stack.add("A", SaslSecret::generate("a").for_msk(CLUSTER));
    stack.add("B", SaslSecret::generate("b").for_msk(CLUSTER));
    let ds = errors(&stack);
    assert_reported(
        &ds,
        "for_msk",
        "cluster/logs",
        "is also the cluster of generated secret `A`",
    );
    assert_eq!(ds[0].path, "B");
}

#[test]
fn a_source_feeds_one_function() {
    let mut stack = Stack::new("test");
    let source = stack.add("AppLogs", msk());
    stack.add("Detector", Consumer(vec![source.clone()]));
    stack.add("Auditor", Consumer(vec![source]));
    let ds = errors(&stack);
    assert_reported(
        &ds,
        "bind",
        "Auditor",
        "function `Detector` already consumes",
    );
    assert_eq!(ds.len(), 1);
}

#[test]
fn an_unconsumed_source_warns_and_is_still_validated() {
    let mut stack = Stack::new("test");
    stack.add("AppLogs", msk());
    assert_reported(
        &warnings(&stack),
        "bind",
        "",
        "no function consumes this source",
    );
    let mut stack = Stack::new("test");
    stack.add("AppLogs", msk().batch_size(0));
    assert_reported(&errors(&stack), "batch_size", "0", "between 1 and 10000");
}

#[test]
fn every_problem_of_a_source_is_reported_together() {
    let mut stack = Stack::new("test");
    consumed(
        &mut stack,
        KafkaSource::msk("not-an-arn", ".bad")
            .batch_size(0)
            .batching_window_seconds(999)
            .consumer_group_id("a b")
            .auth(KafkaAuth::Iam)
            .max_retry_attempts(3),
    );
    let properties: Vec<String> = errors(&stack).into_iter().map(|d| d.property).collect();
    for p in [
        "cluster_arn",
        "topic",
        "starting_position",
        "batch_size",
        "batching_window_seconds",
        "consumer_group_id",
        "max_retry_attempts",
    ] {
        assert!(
            properties.iter().any(|q| q == p),
            "{p} missing from {properties:?}"
        );
    }
}
