//! What a binding emits: the mapping's properties and the role's statements.

use serde_json::json;

use super::*;

#[test]
fn at_timestamp_emits_the_timestamp() {
    let mut stack = Stack::new("test");
    consumed(
        &mut stack,
        msk().starting_position(StartingPosition::AtTimestamp(1_735_689_600.into())),
    );
    let t = template(&stack);
    assert_eq!(
        mapping(&t)["Properties"]["StartingPosition"],
        "AT_TIMESTAMP"
    );
    assert_eq!(
        mapping(&t)["Properties"]["StartingPositionTimestamp"],
        1_735_689_600
    );
}

#[test]
fn default_consumer_group_is_per_stack_and_source() {
    let mut stack = Stack::new("test");
    let source = consumed(&mut stack, msk());
    let t = template(&stack);
    assert_eq!(
        mapping(&t)["Properties"]["AmazonManagedKafkaEventSourceConfig"]["ConsumerGroupId"],
        json!({"Fn::Sub": "${AWS::StackName}-AppLogs"})
    );
    assert_eq!(
        source.consumer_group_id(),
        Value::sub("${AWS::StackName}-AppLogs")
    );
}

#[test]
fn generated_msk_secret_is_named_encrypted_and_associated() {
    let mut stack = Stack::new("test");
    let creds = stack.add("Creds", SaslSecret::generate("detector").for_msk(CLUSTER));
    consumed(&mut stack, msk().auth(KafkaAuth::Scram512(creds)));
    let synthesized = stack.synth().unwrap();
    assert_reported(
        &synthesized.warnings,
        "for_msk",
        "cluster/logs",
        "disassociates every secret",
    );
    let t = synthesized.template.to_value();
    let secret = &t["Resources"]["CredsSecret"];
    assert_eq!(secret["Type"], "AWS::SecretsManager::Secret");
    assert_eq!(
        secret["Properties"]["Name"],
        json!({"Fn::Sub": "AmazonMSK_${AWS::StackName}-Creds"})
    );
    assert_eq!(
        secret["Properties"]["KmsKeyId"],
        json!({"Fn::GetAtt": ["EncryptionKey", "Arn"]})
    );
    assert_eq!(
        secret["Properties"]["GenerateSecretString"],
        json!({
            "SecretStringTemplate": "{\"username\":\"detector\"}",
            "GenerateStringKey": "password",
            "ExcludeCharacters": "\"\\/@ ",
            "PasswordLength": 32
        })
    );
    assert!(!synthesized.template.to_json().contains("\"SecretString\""));
    let association = &t["Resources"]["CredsScramAssociation"];
    assert_eq!(association["Type"], "AWS::MSK::BatchScramSecret");
    assert_eq!(
        association["Properties"]["SecretArnList"],
        json!([{"Ref": "CredsSecret"}])
    );
    assert_eq!(mapping(&t)["DependsOn"], json!(["CredsScramAssociation"]));
    assert_eq!(
        mapping(&t)["Properties"]["SourceAccessConfigurations"],
        json!([{"Type": "SASL_SCRAM_512_AUTH", "URI": {"Ref": "CredsSecret"}}])
    );
    let s = statements(&t);
    assert_eq!(
        statement(&s, "CredsRead")["Resource"],
        json!([{"Ref": "CredsSecret"}])
    );
    assert_eq!(
        statement(&s, "CredsDecrypt")["Resource"],
        json!([{"Fn::GetAtt": ["EncryptionKey", "Arn"]}])
    );
    assert!(
        !s.iter()
            .any(|s| s["Action"].to_string().contains("kafka-cluster"))
    );
}

#[test]
fn intrinsic_usernames_are_spliced_into_the_template() {
    let mut stack = Stack::new("test");
    let user = stack.add_parameter("User", crate::Parameter::string("SASL user"));
    stack.add("Creds", SaslSecret::generate(user));
    let t = template(&stack);
    assert_eq!(
        t["Resources"]["CredsSecret"]["Properties"]["GenerateSecretString"]["SecretStringTemplate"],
        json!({"Fn::Join": ["", ["{\"username\":\"", {"Ref": "User"}, "\"}"]]})
    );
    assert!(
        t["Resources"]["CredsSecret"]["Properties"]
            .get("Name")
            .is_none()
    );
}

#[test]
fn intrinsics_skip_literal_checks() {
    let mut stack = Stack::new("test");
    let cluster = stack.add_parameter("ClusterArn", crate::Parameter::string("MSK cluster ARN"));
    let topic = stack.add_parameter("Topic", crate::Parameter::string("topic"));
    let size = stack.add_parameter("BatchSize", crate::Parameter::string("batch size"));
    consumed(
        &mut stack,
        KafkaSource::msk(cluster, topic)
            .starting_position(StartingPosition::Latest)
            .batch_size(size),
    );
    let t = template(&stack);
    let s = statements(&t);
    assert_eq!(
        statement(&s, "AppLogsReadTopic")["Resource"],
        json!([{"Fn::Join": ["", [
            {"Fn::Select": [0, {"Fn::Split": [":cluster/", {"Ref": "ClusterArn"}]}]},
            ":topic/",
            {"Fn::Select": [1, {"Fn::Split": [":cluster/", {"Ref": "ClusterArn"}]}]},
            "/",
            {"Ref": "Topic"}
        ]]}])
    );
}

#[test]
fn msk_iam_mapping_and_least_privilege() {
    let mut stack = Stack::new("test");
    consumed(&mut stack, msk());
    let t = template(&stack);
    let m = mapping(&t);
    assert_eq!(m["Type"], "AWS::Lambda::EventSourceMapping");
    assert_eq!(
        m["Properties"],
        json!({
            "FunctionName": {"Ref": "DetectorFunction"},
            "EventSourceArn": CLUSTER,
            "Topics": ["app-logs"],
            "StartingPosition": "LATEST",
            "AmazonManagedKafkaEventSourceConfig": {"ConsumerGroupId": {"Fn::Sub": "${AWS::StackName}-AppLogs"}}
        })
    );
    let s = statements(&t);
    let topic = "arn:aws:kafka:us-east-1:123456789012:topic/logs/0b1c2d3e-1111-2222-3333-444455556666-2/app-logs";
    assert_eq!(
        statement(&s, "AppLogsReadTopic")["Resource"],
        json!([topic])
    );
    assert_eq!(
        statement(&s, "AppLogsUseGroup")["Resource"],
        json!([{"Fn::Join": ["", [
            "arn:aws:kafka:us-east-1:123456789012:group/logs/0b1c2d3e-1111-2222-3333-444455556666-2/",
            {"Fn::Sub": "${AWS::StackName}-AppLogs"}
        ]]}])
    );
    assert_eq!(
        statement(&s, "AppLogsConnectCluster")["Resource"],
        json!([CLUSTER])
    );
    assert_eq!(
        statement(&s, "AppLogsDescribeCluster")["Action"],
        json!(["kafka:DescribeClusterV2"])
    );
    assert_eq!(
        statement(&s, "MskGetBootstrapBrokers")["Resource"],
        json!(["*"])
    );
    assert_eq!(
        statement(&s, "MskPollersCreateNetworkInterfaces")["Resource"][1],
        json!({"Fn::Sub": "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:subnet/*"})
    );
    let wildcards: Vec<&Json> = s.iter().filter(|s| s["Resource"] == json!(["*"])).collect();
    assert_eq!(
        wildcards.len(),
        2,
        "only GetBootstrapBrokers and the EC2 Describe actions: {wildcards:?}"
    );
    assert!(
        !s.iter()
            .any(|s| s["Action"].to_string().contains("secretsmanager"))
    );
    assert!(
        t["Resources"].get("EncryptionKey").is_none(),
        "no key without filters or secrets"
    );
}

#[test]
fn self_managed_vpc_mapping_names_subnets_and_scopes_enis() {
    let mut stack = Stack::new("test");
    let subnet = stack.add_parameter("SubnetB", crate::Parameter::string("subnet"));
    let vpc = stack.add(
        "Net",
        Vpc::import(
            "vpc-0123456789abcdef0",
            vec!["subnet-0123456789abcdef0".into(), subnet],
            vec!["sg-0123456789abcdef0".into()],
        ),
    );
    let creds = sasl(
        &mut stack,
        SaslSecret::import(PLAIN_SECRET).kms_key_arn(KEY),
    );
    let ca = stack.add(
        "BrokerCa",
        RootCaSecret::import("arn:aws:secretsmanager:us-east-1:123456789012:secret:ca-AbCdEf"),
    );
    consumed(
        &mut stack,
        self_managed()
            .vpc(&vpc)
            .auth(KafkaAuth::Scram256(creds))
            .root_ca(&ca),
    );
    let t = template(&stack);
    let p = &mapping(&t)["Properties"];
    assert_eq!(
        p["SelfManagedEventSource"],
        json!({"Endpoints": {"KafkaBootstrapServers": ["b-1.example.com:9096", "b-2.example.com:9096"]}})
    );
    assert_eq!(
        p["SourceAccessConfigurations"],
        json!([
            {"Type": "SASL_SCRAM_256_AUTH", "URI": PLAIN_SECRET},
            {"Type": "SERVER_ROOT_CA_CERTIFICATE", "URI": "arn:aws:secretsmanager:us-east-1:123456789012:secret:ca-AbCdEf"},
            {"Type": "VPC_SUBNET", "URI": "subnet:subnet-0123456789abcdef0"},
            {"Type": "VPC_SUBNET", "URI": {"Fn::Join": ["", ["subnet:", {"Ref": "SubnetB"}]]}},
            {"Type": "VPC_SECURITY_GROUP", "URI": "security_group:sg-0123456789abcdef0"}
        ])
    );
    assert_eq!(
        p["SelfManagedKafkaEventSourceConfig"]["ConsumerGroupId"],
        json!({"Fn::Sub": "${AWS::StackName}-AppLogs"})
    );
    let s = statements(&t);
    let create = statement(&s, "AppLogsPollersCreateNetworkInterfaces")["Resource"].to_string();
    assert!(
        create.contains("subnet/subnet-0123456789abcdef0")
            && create.contains("security-group/sg-0123456789abcdef0")
            && !create.contains("subnet/*")
    );
    assert_eq!(
        statement(&s, "CredsDecrypt")["Condition"],
        json!({"StringEquals": {"kms:ViaService": {"Fn::Sub": "secretsmanager.${AWS::Region}.amazonaws.com"}}})
    );
    assert_eq!(statement(&s, "CredsDecrypt")["Resource"], json!([KEY]));
    assert_eq!(
        statement(&s, "BrokerCaRead")["Resource"],
        json!(["arn:aws:secretsmanager:us-east-1:123456789012:secret:ca-AbCdEf"])
    );
    assert!(
        s.iter().all(|s| s["Sid"] != "BrokerCaDecrypt"),
        "no key grant for an AWS-managed key"
    );
    assert!(
        !s.iter()
            .any(|s| s["Action"].to_string().contains("\"kafka"))
    );
}

#[test]
fn confluent_mapping_uses_basic_auth() {
    let mut stack = Stack::new("test");
    let key = sasl(&mut stack, SaslSecret::import(PLAIN_SECRET));
    consumed(
        &mut stack,
        KafkaSource::confluent(
            "pkc-abc12.us-east-1.aws.confluent.cloud:9092",
            "app-logs",
            &key,
        )
        .starting_position(StartingPosition::Latest),
    );
    let t = template(&stack);
    assert_eq!(
        mapping(&t)["Properties"]["SourceAccessConfigurations"],
        json!([{"Type": "BASIC_AUTH", "URI": PLAIN_SECRET}])
    );
    let s = statements(&t);
    assert_eq!(s.len(), 1, "only reading the API key: {s:?}");
}

#[test]
fn every_option_reaches_the_mapping() {
    let mut stack = Stack::new("test");
    consumed(
        &mut stack,
        msk()
            .batch_size(500)
            .batching_window_seconds(5)
            .consumer_group_id("detector")
            .enabled(true)
            .filter(json!({"value": {"level": ["ERROR"]}}))
            .on_failure(OnFailure::KafkaTopic("app-logs-dlq".into()))
            .provisioned_pollers(ProvisionedPollers::new(1, 10).group("detectors"))
            .max_retry_attempts(3)
            .max_record_age_seconds(3600)
            .bisect_batch_on_error(true)
            .report_batch_item_failures(true)
            .metrics([
                MappingMetric::EventCount,
                MappingMetric::KafkaMetrics,
                MappingMetric::EventCount,
            ])
            .system_log_level(LogLevel::Warn)
            .tag("team", "sre"),
    );
    let t = template(&stack);
    let p = &mapping(&t)["Properties"];
    assert_eq!(p["BatchSize"], 500);
    assert_eq!(p["MaximumBatchingWindowInSeconds"], 5);
    assert_eq!(p["Enabled"], true);
    assert_eq!(
        p["AmazonManagedKafkaEventSourceConfig"]["ConsumerGroupId"],
        "detector"
    );
    assert_eq!(
        p["FilterCriteria"],
        json!({"Filters": [{"Pattern": "{\"value\":{\"level\":[\"ERROR\"]}}"}]})
    );
    assert_eq!(
        p["KmsKeyArn"],
        json!({"Fn::GetAtt": ["EncryptionKey", "Arn"]})
    );
    assert_eq!(
        p["DestinationConfig"],
        json!({"OnFailure": {"Destination": "kafka://app-logs-dlq"}})
    );
    assert_eq!(
        p["ProvisionedPollerConfig"],
        json!({"MinimumPollers": 1, "MaximumPollers": 10, "PollerGroupName": "detectors"})
    );
    assert_eq!(p["MaximumRetryAttempts"], 3);
    assert_eq!(p["MaximumRecordAgeInSeconds"], 3600);
    assert_eq!(p["BisectBatchOnFunctionError"], true);
    assert_eq!(
        p["FunctionResponseTypes"],
        json!(["ReportBatchItemFailures"])
    );
    assert_eq!(
        p["MetricsConfig"],
        json!({"Metrics": ["EventCount", "KafkaMetrics"]})
    );
    assert_eq!(p["LoggingConfig"], json!({"SystemLogLevel": "WARN"}));
    assert_eq!(p["Tags"], json!([{"Key": "team", "Value": "sre"}]));
    let s = statements(&t);
    assert_eq!(
        statement(&s, "AppLogsDecryptFilters")["Resource"],
        json!([{"Fn::GetAtt": ["EncryptionKey", "Arn"]}])
    );
    assert_eq!(
        statement(&s, "AppLogsWriteDeadLetterTopic")["Resource"],
        json!([
            "arn:aws:kafka:us-east-1:123456789012:topic/logs/0b1c2d3e-1111-2222-3333-444455556666-2/app-logs-dlq"
        ])
    );
    assert_eq!(
        statement(&s, "AppLogsUseGroup")["Resource"][0]
            .as_str()
            .map(|r| r.ends_with("/detector")),
        Some(true)
    );
}

#[test]
fn aws_destinations_grant_exactly_their_action() {
    let grants = |destination: OnFailure| {
        let mut stack = Stack::new("test");
        consumed(&mut stack, msk().on_failure(destination));
        statements(&template(&stack))
    };
    let s = grants(OnFailure::Sqs(QUEUE.into()));
    assert_eq!(
        statement(&s, "AppLogsOnFailure")["Action"],
        json!(["sqs:SendMessage"])
    );
    assert_eq!(
        statement(&s, "AppLogsOnFailure")["Resource"],
        json!([QUEUE])
    );
    let topic = "arn:aws:sns:us-east-1:123456789012:alerts";
    let s = grants(OnFailure::Sns(topic.into()));
    assert_eq!(
        statement(&s, "AppLogsOnFailure")["Action"],
        json!(["sns:Publish"])
    );
    let s = grants(OnFailure::S3("arn:aws:s3:::failed-batches".into()));
    assert_eq!(
        statement(&s, "AppLogsOnFailure")["Action"],
        json!(["s3:PutObject"])
    );
    assert_eq!(
        statement(&s, "AppLogsOnFailure")["Resource"],
        json!(["arn:aws:s3:::failed-batches/*"])
    );
    assert_eq!(
        statement(&s, "AppLogsOnFailureList")["Action"],
        json!(["s3:ListBucket"])
    );
    assert_eq!(
        statement(&s, "AppLogsOnFailureList")["Resource"],
        json!(["arn:aws:s3:::failed-batches"])
    );
}

#[test]
fn mtls_secret_is_read_and_typed() {
    let mut stack = Stack::new("test");
    let cert = stack.add(
        "ClientCert",
        MtlsSecret::import(PLAIN_SECRET).kms_key_arn(KEY),
    );
    consumed(&mut stack, msk().auth(KafkaAuth::Mtls(cert)));
    let t = template(&stack);
    assert_eq!(
        mapping(&t)["Properties"]["SourceAccessConfigurations"],
        json!([{"Type": "CLIENT_CERTIFICATE_TLS_AUTH", "URI": PLAIN_SECRET}])
    );
    let s = statements(&t);
    assert_eq!(
        statement(&s, "ClientCertRead")["Action"],
        json!(["secretsmanager:GetSecretValue"])
    );
    assert_eq!(statement(&s, "ClientCertDecrypt")["Resource"], json!([KEY]));
    assert!(
        !s.iter()
            .any(|s| s["Action"].to_string().contains("kafka-cluster")),
        "no IAM auth with mTLS"
    );
}

#[test]
fn synthesis_is_deterministic() {
    let build = || {
        let mut stack = Stack::new("test");
        let creds = stack.add("Creds", SaslSecret::generate("detector").for_msk(CLUSTER));
        consumed(
            &mut stack,
            msk()
                .auth(KafkaAuth::Scram512(creds))
                .filter(json!({"value": {"a": [1]}})),
        );
        stack.synth().unwrap().template.to_json()
    };
    assert_eq!(build(), build());
}

#[test]
fn handle_accessors() {
    let h = Handle::new(
        Scope::root("AppLogs"),
        msk().report_batch_item_failures(true),
    );
    assert!(h.reports_batch_item_failures());
    assert_eq!(h.mapping_id().as_str(), "AppLogsMapping");
    assert_eq!(h.topic(), &Value::from("app-logs"));
}
