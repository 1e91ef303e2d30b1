//! Synthesizes one Kafka source of each kind (and one with every option) bound to a minimal
//! stand-in function, and runs `cfn-lint` on the JSON and YAML templates: no errors, no
//! warnings. cfn-lint carries every resource schema, so this catches schema mistakes in what
//! the Kafka and secret constructs emit.

use std::path::PathBuf;

use constructs::function::FunctionTarget;
use constructs::iam::{PolicyDocument, Statement};
use constructs::kafka::{
    KafkaAuth, KafkaSource, LogLevel, MappingMetric, OnFailure, ProvisionedPollers,
    StartingPosition,
};
use constructs::resources::iam::Role;
use constructs::resources::lambda::{Function, FunctionCode};
use constructs::secret::{MtlsSecret, RootCaSecret, SaslSecret};
use constructs::vpc::Vpc;
use constructs::{Construct, Handle, Parameter, Resource, Scope, Stack, SynthContext, Value};
use snapshots::cfn_lint::{CfnLint, Report};

const CLUSTER: &str =
    "arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-1111-2222-3333-444455556666-2";
const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/// The least a consuming function needs to be: a role, a function, and the bindings.
struct StandIn(Vec<Handle<KafkaSource>>);

impl Construct for StandIn {
    fn kind(&self) -> &'static str {
        "StandIn"
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        let role = scope.logical_id("Role");
        let trust = Statement::allow(["sts:AssumeRole"]).service_principal("lambda.amazonaws.com");
        ctx.add_role(
            scope,
            role.clone(),
            Role {
                assume_role_policy_document: PolicyDocument::new(vec![trust]),
                ..Default::default()
            },
            "ConsumeKafka",
        );
        let function = scope.logical_id("Function");
        let props = Function {
            runtime: "provided.al2023".into(),
            handler: "bootstrap".into(),
            architectures: vec!["arm64".into()],
            code: FunctionCode {
                s3_bucket: "code-bucket".into(),
                s3_key: "bootstrap.zip".into(),
                s3_object_version: None,
            },
            role: Value::get_att(&role, "Arn"),
            timeout: Some(60.into()),
            ..Default::default()
        };
        ctx.add_resource(scope, function.clone(), Resource::new(&props));
        let target = FunctionTarget {
            scope,
            function_name: Value::reference(&function),
            function_id: function,
            role,
            record_format: constructs::contract::RecordFormat::Json,
        };
        for source in &self.0 {
            source.bind(&target, ctx);
        }
    }
}

fn stack() -> Stack {
    let mut stack = Stack::new("kafka-sources");
    stack.description("Kafka sources of each kind, bound to stand-in functions");
    let cluster_param = stack.add_parameter(
        "ClusterArn",
        Parameter::string("ARN of a second MSK cluster"),
    );

    // MSK with IAM access control (the default) on a cluster given as a parameter.
    let msk_iam = stack.add(
        "MskIam",
        KafkaSource::msk(cluster_param, "app-logs").starting_position(StartingPosition::Latest),
    );

    // MSK with SASL/SCRAM: a generated, associated secret.
    let scram = stack.add(
        "ScramUser",
        SaslSecret::generate("detector").for_msk(CLUSTER),
    );
    let msk_scram = stack.add(
        "MskScram",
        KafkaSource::msk(CLUSTER, "audit-logs")
            .auth(KafkaAuth::Scram512(scram))
            .starting_position(StartingPosition::TrimHorizon),
    );

    // MSK with mTLS and every option set.
    let cert = stack.add(
        "ClientCert",
        MtlsSecret::import(
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-client-AbCdEf",
        )
        .kms_key_arn(KEY),
    );
    let everything = stack.add(
        "Everything",
        KafkaSource::msk(CLUSTER, "app-metrics")
            .auth(KafkaAuth::Mtls(cert))
            .starting_position(StartingPosition::at_timestamp(1_735_689_600))
            .batch_size(500)
            .batching_window_seconds(5)
            .consumer_group_id("detector")
            .enabled(true)
            .filter(serde_json::json!({"value": {"level": ["ERROR"]}}))
            .on_failure(OnFailure::S3("arn:aws:s3:::failed-batches".into()))
            .provisioned_pollers(ProvisionedPollers::new(1, 10).group("detectors"))
            .max_retry_attempts(3)
            .max_record_age_seconds(3600)
            .bisect_batch_on_error(true)
            .report_batch_item_failures(true)
            .metrics([
                MappingMetric::EventCount,
                MappingMetric::ErrorCount,
                MappingMetric::KafkaMetrics,
            ])
            .system_log_level(LogLevel::Warn)
            .tag("team", "sre"),
    );

    // Self-managed with SCRAM-256, a private root CA and a VPC.
    let vpc = stack.add(
        "BrokerNet",
        Vpc::import(
            "vpc-0123456789abcdef0",
            vec![
                "subnet-0123456789abcdef0".into(),
                "subnet-0fedcba9876543210".into(),
            ],
            vec!["sg-0123456789abcdef0".into()],
        ),
    );
    let user = stack.add(
        "BrokerUser",
        SaslSecret::import(
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-user-AbCdEf",
        )
        .kms_key_arn(KEY),
    );
    let ca = stack.add(
        "BrokerCa",
        RootCaSecret::import(
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-ca-AbCdEf",
        ),
    );
    let self_managed = stack.add(
        "SelfManaged",
        KafkaSource::self_managed(
            ["b-1.kafka.example.com:9096", "b-2.kafka.example.com:9096"],
            "app-logs",
        )
        .auth(KafkaAuth::Scram256(user))
        .root_ca(&ca)
        .vpc(&vpc)
        .starting_position(StartingPosition::Latest)
        .on_failure(OnFailure::Sqs(
            "arn:aws:sqs:us-east-1:123456789012:bad-records".into(),
        )),
    );

    // Confluent Cloud with an API key.
    let api_key = stack.add(
        "ConfluentKey",
        SaslSecret::import(
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:confluent-key-AbCdEf",
        ),
    );
    let confluent = stack.add(
        "Confluent",
        KafkaSource::confluent(
            "pkc-abc12.us-east-1.aws.confluent.cloud:9092",
            "app-logs",
            &api_key,
        )
        .starting_position(StartingPosition::Latest)
        .on_failure(OnFailure::Sns(
            "arn:aws:sns:us-east-1:123456789012:kafka-failures".into(),
        )),
    );

    stack.add("Detector", StandIn(vec![msk_iam, msk_scram, everything]));
    stack.add("Auditor", StandIn(vec![self_managed, confluent]));
    stack
}

/// Not even an informational finding, nor anything on stderr: cfn-lint has nothing to say.
#[test]
fn every_kind_of_source_passes_cfn_lint() {
    let synthesized = stack()
        .synth()
        .unwrap_or_else(|e| panic!("synthesis failed:\n{e}"));
    CfnLint::new()
        .write_and_lint(
            &PathBuf::from(env!("CARGO_TARGET_TMPDIR")),
            &[
                ("kafka_sources.json", synthesized.template.to_json()),
                ("kafka_sources.yaml", synthesized.template.to_yaml()),
            ],
        )
        .and_then(Report::require_silent)
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn the_stack_is_deterministic_and_secret_free() {
    let a = stack()
        .synth()
        .unwrap_or_else(|e| panic!("{e}"))
        .template
        .to_json();
    let b = stack()
        .synth()
        .unwrap_or_else(|e| panic!("{e}"))
        .template
        .to_json();
    assert_eq!(a, b);
    assert!(!a.contains("\"SecretString\""));
    assert!(!a.contains("\"password\":"));
}

#[test]
fn the_stack_warns_only_about_what_it_cannot_see() {
    let warnings = stack().synth().unwrap_or_else(|e| panic!("{e}")).warnings;
    let mut seen: Vec<(String, String)> = warnings
        .iter()
        .map(|w| (w.path.clone(), w.property.clone()))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        vec![
            ("ScramUser".to_owned(), "for_msk".to_owned()),
            ("SelfManaged".to_owned(), "vpc".to_owned()),
        ],
        "{warnings:#?}"
    );
}
