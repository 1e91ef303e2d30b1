//! Every option of every construct set at once: a created VPC with a NAT gateway, a
//! self-managed cluster with a generated SCRAM-256 secret (rotated every 30 days by a function
//! you supply) and a private root CA, provisioned
//! pollers with retries, bisection, partial batch failures, metrics and logs, an event filter,
//! an on-failure queue, and a function with custom features, a calibrated threshold, JSON
//! requests, reserved concurrency, tracing and code signing.

use constructs::contract::{ContentType, FeatureSpec, Threshold};
use constructs::function::LogLevel as FunctionLogLevel;
use constructs::kafka::BootstrapServers;
use constructs::secret::SecretRotation;
use constructs::{
    Egress, KafkaAuth, KafkaSource, LogLevel, MappingMetric, OnFailure, Parameter,
    ProvisionedPollers, RootCaSecret, SaslSecret, Stack, StartingPosition, Vpc,
};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-everything");
    stack.description("Real-time anomaly detection on Kafka logs with every construct option set");
    let code = common::code(&mut stack, options);
    let scorer = common::scorer(&mut stack);
    let topic = common::topic(&mut stack);
    let servers = common::bootstrap_servers(
        &mut stack,
        "Broker SASL_SSL listeners as host:port, comma-separated (1 to 10), inside the created VPC",
    );
    let ca_arn = common::secret_arn(
        &mut stack,
        "RootCaSecretArn",
        "ARN of the secret holding {\"certificate\"}: the PEM root CA of the brokers",
        "",
    );
    let failure_queue = stack.add_parameter(
        "FailureQueueArn",
        Parameter::string("ARN of the SQS queue that receives batches the mapping gives up on")
            .allowed_pattern(
                "^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}(\\.fifo)?$",
                "an SQS queue ARN",
            ),
    );
    let rotation_function = stack.add_parameter(
        "RotationFunctionArn",
        Parameter::string(
            "ARN of the Lambda function that rotates the broker credentials (it changes the SCRAM user on the brokers, then stores the new password)",
        )
        .allowed_pattern(
            "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}$",
            "a Lambda function ARN",
        ),
    );
    let signing = stack.add_parameter(
        "CodeSigningConfigArn",
        Parameter::string("ARN of the Lambda code-signing configuration the package must satisfy")
            .allowed_pattern(
                "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:code-signing-config:csc-[a-z0-9]{17}$",
                "a Lambda code-signing configuration ARN",
            ),
    );

    let vpc = stack.add(
        "Network",
        Vpc::create()
            .cidr("10.40.0.0/16")
            .egress(Egress::NatGateway)
            .broker_ports([9093, 9096])
            .flow_log_retention_days(731),
    );
    let credentials = stack.add(
        "BrokerCredentials",
        SaslSecret::generate("anomaly-detector")
            .rotation(SecretRotation::new(rotation_function).after_days(30)),
    );
    let ca = stack.add("BrokerCa", RootCaSecret::import(ca_arn));
    let logs = stack.add(
        "AppLogs",
        KafkaSource::self_managed(BootstrapServers::list(servers), topic)
            .auth(KafkaAuth::Scram256(credentials))
            .root_ca(&ca)
            .vpc(&vpc)
            .starting_position(StartingPosition::at_timestamp(1_767_225_600))
            .batch_size(2000)
            .batching_window_seconds(2)
            .consumer_group_id("anomaly-detector-everything")
            .enabled(true)
            .filter(serde_json::json!({"value": {"service": [{"exists": true}]}}))
            .on_failure(OnFailure::sqs(failure_queue))
            .provisioned_pollers(ProvisionedPollers::new(2, 20).group("anomaly-detectors"))
            .max_retry_attempts(5)
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
    stack.add(
        "Detector",
        common::function(code, options, &scorer)
            .description("Flags anomalous request latencies in the app-logs topic")
            .features([
                FeatureSpec {
                    name: "latency_ms".into(),
                    path: Some("http.latency_ms".into()),
                    default: None,
                    unit: None,
                    derive: None,
                },
                FeatureSpec {
                    name: "status".into(),
                    path: Some("http.status".into()),
                    default: Some(200.0),
                    unit: None,
                    derive: None,
                },
                FeatureSpec {
                    name: "bytes".into(),
                    path: Some("http.response_bytes".into()),
                    default: Some(0.0),
                    unit: None,
                    derive: None,
                },
            ])
            .threshold(Threshold::Sigma {
                mean: 1.2,
                stddev: 0.4,
                k: 3.0,
            })
            .content_type(ContentType::Json)
            .metrics_namespace("Everything/AnomalyDetection")
            .memory_mb(2048)
            .timeout_seconds(300)
            .reserved_concurrency(20)
            .log_retention_days(731)
            .log_level(FunctionLogLevel::Debug)
            .vpc(&vpc)
            .tracing(true)
            .code_signing_config_arn(signing)
            .tag("team", "sre")
            .add_source(&logs),
    );
    stack
}
