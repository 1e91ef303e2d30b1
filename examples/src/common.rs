//! Parameters and wiring every example shares.

use constructs::function::{Architecture, FunctionCode};
use constructs::{AnomalyFunction, Handle, Parameter, ParameterType, RcfEndpoint, Stack, Value};

/// What `synth` can vary across every example.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Default for the `CodeKey` parameter (`synth --code-zip` derives it from the zip's
    /// SHA-256); `anomaly-function/bootstrap.zip` when unset.
    pub code_key: Option<String>,
    /// The function's architecture; it must match the zip.
    pub architecture: Architecture,
}

/// Default object key of the function package.
pub const DEFAULT_CODE_KEY: &str = "anomaly-function/bootstrap.zip";

/// `CodeBucket` and `CodeKey` parameters: where the deployer uploaded `bootstrap.zip`.
pub(crate) fn code(stack: &mut Stack, options: &Options) -> FunctionCode {
    let bucket = stack.add_parameter(
        "CodeBucket",
        Parameter::string(
            "S3 bucket, in the stack's region, holding the function package (bootstrap.zip)",
        )
        .allowed_pattern(
            "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
            "an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens",
        ),
    );
    let key = stack.add_parameter(
        "CodeKey",
        Parameter::string(
            "S3 key of the function package built with cargo lambda build --output-format zip",
        )
        .default_value(options.code_key.as_deref().unwrap_or(DEFAULT_CODE_KEY))
        .length(1, 1024),
    );
    FunctionCode::s3(bucket, key)
}

/// `EndpointName` parameter: the SageMaker RCF endpoint that scores the features.
pub(crate) fn scorer(stack: &mut Stack) -> Handle<RcfEndpoint> {
    let name = stack.add_parameter(
        "EndpointName",
        Parameter::string(
            "Name of the SageMaker Random Cut Forest endpoint that scores records (lower-case)",
        )
        .default_value("rcf-anomaly-endpoint")
        .allowed_pattern(
            "^[a-z0-9](-?[a-z0-9]){0,62}$",
            "a lower-case SageMaker endpoint name: letters, digits and single hyphens",
        ),
    );
    stack.add("Scorer", RcfEndpoint::existing(name).feature_dim(3))
}

/// The `ClusterArn` parameter: an MSK cluster's ARN, checked by pattern at deploy time.
pub(crate) fn msk_cluster(stack: &mut Stack, description: &str) -> Value {
    stack.add_parameter(
        "ClusterArn",
        Parameter::string(description).allowed_pattern(
            "^arn:aws[a-z-]*:kafka:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9-]+/[A-Za-z0-9-]+$",
            "an MSK cluster ARN: arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID",
        ),
    )
}

/// `Topic` parameter: the Kafka topic holding the log lines.
pub(crate) fn topic(stack: &mut Stack) -> Value {
    stack.add_parameter(
        "Topic",
        Parameter::string("Kafka topic carrying JSON log lines").allowed_pattern(
            "^[a-zA-Z0-9_-][a-zA-Z0-9._-]{0,248}$",
            "a Kafka topic name: 1-249 letters, digits, dots, underscores and hyphens",
        ),
    )
}

/// The `BootstrapServer` parameter: a Confluent Cloud cluster's bootstrap endpoint.
pub(crate) fn confluent_bootstrap(stack: &mut Stack) -> Value {
    stack.add_parameter(
        "BootstrapServer",
        Parameter::string(
            "Confluent Cloud bootstrap endpoint, host:port (Cluster settings > Endpoints)",
        )
        .allowed_pattern(
            "^[A-Za-z0-9.-]+:[0-9]{1,5}$",
            "host:port, e.g. the pkc-… endpoint on port 9092",
        ),
    )
}

/// A parameter holding a Secrets Manager secret ARN.
pub(crate) fn secret_arn(
    stack: &mut Stack,
    id: &str,
    description: &str,
    name_prefix: &str,
) -> Value {
    stack.add_parameter(
        id,
        Parameter::string(description).allowed_pattern(
            format!(
                "^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{{12}}:secret:{name_prefix}.+$"
            ),
            format!(
                "a Secrets Manager secret ARN{}",
                if name_prefix.is_empty() {
                    String::new()
                } else {
                    format!(" whose name starts with {name_prefix}")
                }
            ),
        ),
    )
}

/// A parameter holding a customer-managed KMS key ARN.
pub(crate) fn kms_key_arn(stack: &mut Stack, id: &str, description: &str) -> Value {
    stack.add_parameter(
        id,
        Parameter::string(description).allowed_pattern(
            "^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-f0-9-]{36}$",
            "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID)",
        ),
    )
}

/// A `BootstrapServers` parameter: comma-separated `host:port` pairs.
pub(crate) fn bootstrap_servers(stack: &mut Stack, description: &str) -> Value {
    stack.add_parameter(
        "BootstrapServers",
        Parameter::new(ParameterType::CommaDelimitedList, description),
    )
}

/// The `BootstrapServers` parameter of brokers reached over SASL/OAUTHBEARER.
pub(crate) fn oauthbearer_servers(stack: &mut Stack) -> Value {
    bootstrap_servers(
        stack,
        "Broker addresses as host:port (their SASL_SSL OAUTHBEARER listener), comma-separated (1 to 10)",
    )
}

/// A parameter holding one OAuth value Lambda sends with the token request (scope, audience):
/// 1 to 200 characters, the limit of a source access configuration's `URI`.
pub(crate) fn oauth_value(stack: &mut Stack, id: &str, description: &str, default: &str) -> Value {
    stack.add_parameter(
        id,
        Parameter::string(description)
            .default_value(default)
            .length(1, 200),
    )
}

/// The detector function with the options every example honours.
pub(crate) fn function(
    code: FunctionCode,
    options: &Options,
    scorer: &Handle<RcfEndpoint>,
) -> AnomalyFunction {
    AnomalyFunction::new(code)
        .architecture(options.architecture)
        .scorer(scorer)
}
