//! E02xx, W02xx: `AnomalyFunction`, the Lambda function that scores the records (its Lambda
//! settings, its wiring to a scorer, sources and sinks, and its log group). The function's
//! configuration contract has rules of its own (E08xx).

use super::rules;

rules! {
    /// `memory_mb` outside 128..=10240.
    MEMORY = "E0201" => {
        title: "memory_mb is outside Lambda's 128 MB to 10,240 MB",
        checks: "Lambda gives a function between 128 MB and 10,240 MB of memory (the \
                 function's MemorySize); a literal outside that range, or one that is not a \
                 whole number, would fail the deployment.",
        example: "functions:\n  Detector:\n    memory_mb: 64",
        fix: "set memory_mb to a whole number from 128 to 10240",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-memorysize",
    }
    /// `timeout_seconds` outside 1..=900 (no Kafka source).
    TIMEOUT = "E0202" => {
        title: "timeout_seconds is outside Lambda's 1 to 900 seconds",
        checks: "A Lambda function runs for at most 15 minutes (the function's Timeout, 1 to \
                 900 seconds). This rule applies to a function no Kafka source invokes; with a \
                 source the limit is lower (E0203).",
        example: "functions:\n  Detector:\n    timeout_seconds: 1200",
        fix: "set timeout_seconds to a whole number from 1 to 900",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-timeout",
    }
    /// `timeout_seconds` over 840 on a function a Kafka source invokes.
    KAFKA_TIMEOUT = "E0203" => {
        title: "timeout_seconds is outside 1 to 840 seconds (14 minutes) on a function a Kafka source invokes",
        checks: "Lambda's event source mappings for Amazon MSK and self-managed Kafka support \
                 only functions whose timeout is at most 14 minutes, although other functions \
                 may run for 15. A function with a source must have a timeout of 1 to 840 \
                 seconds.",
        example: "kafka_sources:\n  AppLogs: {msk: {cluster_arn: {ref: ClusterArn}}, topic: app-logs, starting_position: latest}\nfunctions:\n  Detector:\n    sources: [AppLogs]\n    timeout_seconds: 900",
        fix: "set timeout_seconds to 840 or less",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/with-msk-configure.html#msk-esm-overview",
    }
    /// `reserved_concurrency` not a whole number of executions.
    RESERVED_CONCURRENCY = "E0204" => {
        title: "reserved_concurrency is not a whole number from 0 to 1,000,000",
        checks: "Reserved concurrency counts concurrent executions (the function's \
                 ReservedConcurrentExecutions, at least 0). The construct also refuses more \
                 than 1,000,000, far above any account's concurrency quota, as a mistyped \
                 value.",
        example: "functions:\n  Detector:\n    reserved_concurrency: -1",
        fix: "reserve a whole number of executions (at least 1), or leave reserved_concurrency unset",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-reservedconcurrentexecutions",
    }
    /// `reserved_concurrency` of 0.
    RESERVED_CONCURRENCY_ZERO = "E0205" => {
        title: "reserved_concurrency of 0 throttles every invocation",
        checks: "Lambda accepts a reserved concurrency of 0, but it stops the function from \
                 running at all: the Kafka mapping could never deliver a batch.",
        example: "functions:\n  Detector:\n    reserved_concurrency: 0",
        fix: "reserve at least 1, or leave reserved_concurrency unset",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html",
    }
    /// `log_retention_days` not one CloudWatch Logs offers.
    LOG_RETENTION = "E0206" => {
        title: "log_retention_days is not a retention period CloudWatch Logs offers",
        checks: "CloudWatch Logs keeps a log group's events for one of a fixed list of periods \
                 (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, \
                 2192, 2557, 2922, 3288 or 3653 days); any other number is refused.",
        example: "functions:\n  Detector:\n    log_retention_days: 10",
        fix: "use one of the periods listed, e.g. 30 or 365",
        docs: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html#CWL-PutRetentionPolicy-request-retentionInDays",
    }
    /// `description` longer than 256 characters.
    DESCRIPTION = "E0207" => {
        title: "description is longer than Lambda's 256 characters",
        checks: "A Lambda function's Description has at most 256 characters.",
        example: "functions:\n  Detector:\n    description: \"<300 characters>\"",
        fix: "shorten the description to 256 characters",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-description",
    }
    /// `code.bucket` not an S3 bucket name.
    CODE_BUCKET = "E0208" => {
        title: "code.bucket is not an S3 bucket name",
        checks: "The function's package is read from an S3 bucket, named with 3 to 63 \
                 lower-case letters, digits, dots and hyphens (S3's naming rules for general \
                 purpose buckets).",
        example: "functions:\n  Detector:\n    code: {bucket: My_Artifacts, key: anomaly-function/bootstrap.zip}",
        fix: "give the bucket's name: 3 to 63 lower-case letters, digits, `.` and `-`",
        docs: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
    }
    /// `code.key` empty or longer than 1,024.
    CODE_KEY = "E0209" => {
        title: "code.key is empty or longer than 1,024 characters",
        checks: "The package's object key (the function's Code.S3Key) has 1 to 1,024 \
                 characters.",
        example: "functions:\n  Detector:\n    code: {bucket: my-artifacts, key: ''}",
        fix: "give the key the package was uploaded under (synth --code-zip prints it)",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html#cfn-lambda-function-code-s3key",
    }
    /// `code_signing_config_arn` not a code-signing configuration's ARN.
    CODE_SIGNING_CONFIG = "E0210" => {
        title: "code_signing_config_arn is not the ARN of a Lambda code-signing configuration",
        checks: "A function names its code-signing configuration by ARN: \
                 `arn:PARTITION:lambda:REGION:ACCOUNT:code-signing-config:csc-…`.",
        example: "functions:\n  Detector:\n    code_signing_config_arn: csc-0123456789abcdef0",
        fix: "give the full ARN of the code-signing configuration",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#cfn-lambda-function-codesigningconfigarn",
    }
    /// A tag key or value of the wrong length.
    TAG_LENGTH = "E0211" => {
        title: "a tag key is not 1 to 128 characters, or a tag value is longer than 256",
        checks: "The function's tags go on the function, its role and its log group; each of \
                 them takes keys of 1 to 128 characters and values of at most 256.",
        example: "functions:\n  Detector:\n    tags: {\"\": sre}",
        fix: "give every tag a key of 1 to 128 characters and a value of at most 256",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html",
    }
    /// A tag key with the reserved `aws:` prefix.
    TAG_RESERVED_PREFIX = "E0212" => {
        title: "a tag key starts with the reserved prefix `aws:`",
        checks: "AWS reserves tag keys starting with `aws:` (in any case: `AWS:`, `Aws:`) for \
                 its own tags; a template cannot set them.",
        example: "functions:\n  Detector:\n    tags: {\"aws:team\": sre}",
        fix: "choose a key without the `aws:` prefix",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html",
    }
    /// A tag key given twice.
    TAG_REPEATED = "E0213" => {
        title: "a tag key is given twice",
        checks: "A resource has one value per tag key; the function, its role and its log \
                 group would get two tags of the same key, which AWS refuses.",
        example: "AnomalyFunction::new(code).tag(\"team\", \"sre\").tag(\"team\", \"ops\")",
        fix: "give each tag key once",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html",
    }
    /// No scorer.
    NO_SCORER = "E0214" => {
        title: "the function has no scorer",
        checks: "Every record is scored, either by a SageMaker Random Cut Forest endpoint or by \
                 a forest embedded in the function; a function with neither has nothing to \
                 score records with.",
        example: "functions:\n  Detector:\n    code: {bucket: my-artifacts, key: bootstrap.zip}\n    sources: [AppLogs]   # no scorer",
        fix: "give the function a scorer: an `endpoints` id, or `{embedded: {model: ...}}`",
        docs: "https://docs.aws.amazon.com/sagemaker/latest/dg/randomcutforest.html",
    }
    /// The function's features differ in number from the endpoint's `feature_dim`.
    FEATURE_DIM = "E0215" => {
        title: "the function extracts a different number of features than its endpoint was trained on",
        checks: "A Random Cut Forest model scores rows of exactly the dimension it was trained \
                 on (its feature_dim); a function that sends another number of features gets \
                 every request refused.",
        example: "endpoints:\n  Scorer: {existing: rcf-anomaly-endpoint, feature_dim: 2}\nfunctions:\n  Detector:\n    scorer: Scorer\n    features: [{name: a}, {name: b}, {name: c}]",
        fix: "list exactly the features the model was trained on, in training order",
        docs: "https://docs.aws.amazon.com/sagemaker/latest/dg/rcf_hyperparameters.html",
    }
    /// The function's VPC has no route to SageMaker Runtime or the sinks.
    VPC_WITHOUT_ROUTE = "E0216" => {
        title: "the function's VPC has no route to SageMaker Runtime or its sinks",
        checks: "A function in a VPC reaches AWS services only through that VPC. A VPC created \
                 with `egress: interface_endpoints` has endpoints for Lambda, STS and Secrets \
                 Manager only, so the function could not call SageMaker Runtime, DynamoDB or \
                 SNS.",
        example: "vpcs:\n  Network: {create: {cidr: 10.40.0.0/16, egress: interface_endpoints}}\nfunctions:\n  Detector:\n    vpc: Network",
        fix: "create the VPC with `egress: nat_gateway`, or leave the function outside the VPC",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html",
    }
    /// No Kafka source (warning).
    NO_SOURCE = "W0217" => {
        title: "no Kafka source invokes the function",
        checks: "The function is invoked by the event source mappings of its Kafka sources; \
                 without one it deploys but never runs.",
        example: "functions:\n  Detector:\n    code: {bucket: my-artifacts, key: bootstrap.zip}\n    scorer: Scorer   # no sources",
        fix: "wire a source (`sources: [AppLogs]`, or `.add_source(&source)`)",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html",
    }
    /// Sources that disagree on batch item failures.
    MIXED_BATCH_ITEM_FAILURES = "E0218" => {
        title: "the function's sources disagree on report_batch_item_failures",
        checks: "The function answers every mapping the same way: with the failed records \
                 listed (ReportBatchItemFailures) or by failing the invocation. A source that \
                 does not expect the list would treat a partial failure as success and lose \
                 those records.",
        example: "kafka_sources:\n  A: {..., report_batch_item_failures: true}\n  B: {...}\nfunctions:\n  Detector:\n    sources: [A, B]",
        fix: "set report_batch_item_failures the same on every source of the function",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/kafka-retry-configurations.html",
    }
    /// A bad-record queue while the sources report batch item failures.
    BAD_RECORD_QUEUE_TWICE = "E0219" => {
        title: "a bad-record queue would receive each bad record twice",
        checks: "With report_batch_item_failures the function returns bad records to the \
                 mapping, which retries them and then sends them to its on-failure \
                 destination; a bad-record queue of the function would receive them as well.",
        example: "kafka_sources:\n  AppLogs: {..., report_batch_item_failures: true}\nfunctions:\n  Detector:\n    sources: [AppLogs]\n    bad_record_queue: BadRecords",
        fix: "drop bad_record_queue and give the source `on_failure: {queue: BadRecords}`, or turn report_batch_item_failures off",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/kafka-on-failure.html",
    }
    /// The configuration exceeds Lambda's 4 KB of environment variables.
    ENVIRONMENT_SIZE = "E0220" => {
        title: "the function's configuration exceeds Lambda's 4 KB of environment variables",
        checks: "The function receives its configuration in an environment variable, and all \
                 of a function's environment variables together may take at most 4 KB; many \
                 or long feature names and paths exceed it.",
        example: "functions:\n  Detector:\n    features: [<60 features with long names and paths>]",
        fix: "use fewer features or shorter feature names and paths",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html",
    }
    /// The log group uses an imported key whose policy the stack cannot change (warning).
    LOG_GROUP_IMPORTED_KEY = "W0221" => {
        title: "the log group is encrypted with an imported key whose policy the stack cannot change",
        checks: "CloudWatch Logs encrypts the function's log group only if the key policy lets \
                 the logs service principal of the region use the key. A stack that creates its \
                 key grants that; with `encryption_key_arn` the key's owner must.",
        example: "encryption_key_arn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\nfunctions:\n  Detector: {...}",
        fix: "make sure the key policy lets logs.REGION.amazonaws.com use the key",
        docs: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
    }
}
