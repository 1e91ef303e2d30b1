//! E01xx, W01xx: `KafkaSource`, the event source mapping it becomes, and what the mapping
//! needs from its cluster, secrets, network and on-failure destination.

use super::rules;

/// A link to a property of `AWS::Lambda::EventSourceMapping` in the CloudFormation reference.
macro_rules! esm {
    ($page:literal, $fragment:literal) => {
        concat!(
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/",
            $page,
            ".html#",
            $fragment
        )
    };
}

/// A page of the Lambda developer guide.
macro_rules! lambda_guide {
    ($page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/lambda/latest/dg/",
            $page,
            ".html"
        )
    };
    ($page:literal, $fragment:literal) => {
        concat!(
            "https://docs.aws.amazon.com/lambda/latest/dg/",
            $page,
            ".html#",
            $fragment
        )
    };
}

const MSK_SCRAM_LIMITS: &str =
    "https://docs.aws.amazon.com/msk/latest/developerguide/msk-password-limitations.html";

rules! {
    /// An MSK cluster ARN (`cluster_arn`, `for_msk`) is not one.
    CLUSTER_ARN = "E0100" => {
        title: "an MSK cluster ARN is not `arn:PARTITION:kafka:REGION:ACCOUNT:cluster/NAME/UUID`",
        checks: "An MSK source is read from the cluster its ARN names, and the ARNs of its topics \
                 and consumer groups (which MSK IAM access control grants on) are derived from the \
                 cluster's name and UUID, so the ARN must be a `kafka` ARN of the form \
                 `cluster/NAME/UUID`. A generated SASL secret's `for_msk` cluster is checked the \
                 same way.",
        example: "kafka_sources:\n  AppLogs:\n    msk: {cluster_arn: 'arn:aws:kafka:us-east-1:123456789012:cluster/logs'}\n    topic: app-logs\n    starting_position: latest",
        fix: "copy the cluster ARN from the MSK console or `aws kafka list-clusters-v2`",
        docs: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmanagedstreamingforapachekafka.html#amazonmanagedstreamingforapachekafka-resources-for-iam-policies",
    }
    /// Fewer than 1 or more than 10 bootstrap servers.
    BOOTSTRAP_SERVER_COUNT = "E0101" => {
        title: "bootstrap_servers lists no broker, or more than 10",
        checks: "A self-managed or Confluent Cloud mapping reaches its cluster through 1 to 10 \
                 bootstrap servers (the `KafkaBootstrapServers` limit). A deploy-time list (a \
                 parameter `ref`) is passed through and checked by CloudFormation instead.",
        example: "kafka_sources:\n  AppLogs:\n    self_managed:\n      bootstrap_servers: [b-1.example.com:9092, ..., b-11.example.com:9092]",
        fix: "list between one and ten brokers of the cluster",
        docs: esm!("aws-properties-lambda-eventsourcemapping-endpoints", "cfn-lambda-eventsourcemapping-endpoints-kafkabootstrapservers"),
    }
    /// A bootstrap server is not `host:port`.
    BOOTSTRAP_SERVER = "E0102" => {
        title: "a bootstrap server is not `host:port` of at most 300 characters",
        checks: "Each bootstrap server is one `host:port` entry of 1 to 300 characters: a DNS name \
                 or IPv4 address made of dot-separated labels of letters, digits and inner \
                 hyphens, and a port from 1 to 65535 (Lambda's `KafkaBootstrapServers` pattern). \
                 A scheme (`SASL_SSL://`) or several servers joined with commas do not match.",
        example: "kafka_sources:\n  AppLogs:\n    self_managed:\n      bootstrap_servers: ['SASL_SSL://b-1.example.com:9096', 'b-2.example.com']",
        fix: "give each broker as host:port, e.g. `b-1.kafka.example.com:9096`",
        docs: esm!("aws-properties-lambda-eventsourcemapping-endpoints", "cfn-lambda-eventsourcemapping-endpoints-kafkabootstrapservers"),
    }
    /// A bootstrap server is listed twice.
    BOOTSTRAP_SERVER_REPEATED = "E0103" => {
        title: "a bootstrap server is listed twice",
        checks: "The bootstrap servers must be unique (`KafkaBootstrapServers` takes unique \
                 items); a repeated entry is usually a copy-paste slip that hides a missing \
                 broker.",
        example: "kafka_sources:\n  AppLogs:\n    self_managed:\n      bootstrap_servers: [b-1.example.com:9096, b-1.example.com:9096]",
        fix: "list each broker once",
        docs: esm!("aws-properties-lambda-eventsourcemapping-endpoints", "cfn-lambda-eventsourcemapping-endpoints-kafkabootstrapservers"),
    }
    /// `batch_size` outside 1..=10000.
    BATCH_SIZE = "E0104" => {
        title: "batch_size is outside 1-10,000",
        checks: "Lambda hands the function at most 10,000 Kafka records per invocation (MSK and \
                 self-managed Kafka: default 100, maximum 10,000), and a batch has at least one.",
        example: "kafka_sources:\n  AppLogs:\n    batch_size: 20000",
        fix: "set batch_size to a whole number from 1 to 10000",
        docs: esm!("aws-resource-lambda-eventsourcemapping", "cfn-lambda-eventsourcemapping-batchsize"),
    }
    /// `batching_window_seconds` outside 0..=300.
    BATCHING_WINDOW = "E0105" => {
        title: "batching_window_seconds is outside 0-300",
        checks: "Lambda gathers records for at most five minutes before it invokes the function \
                 (`MaximumBatchingWindowInSeconds`, 0 to 300; Kafka's default is 500 ms).",
        example: "kafka_sources:\n  AppLogs:\n    batching_window_seconds: 600",
        fix: "set batching_window_seconds to a whole number from 0 to 300",
        docs: esm!("aws-resource-lambda-eventsourcemapping", "cfn-lambda-eventsourcemapping-maximumbatchingwindowinseconds"),
    }
    /// A topic name Lambda does not accept.
    TOPIC_NAME = "E0106" => {
        title: "a topic name is too short or too long, starts with `.`, or holds characters other than `[a-zA-Z0-9._-]`",
        checks: "Kafka topic names have at most 249 characters of letters, digits, `.`, `_` and \
                 `-`. Lambda's `Topics` pattern (`^[^.]([a-zA-Z0-9\\-_.]+)`) also refuses a \
                 leading `.` and needs at least two characters for the source topic; a Kafka \
                 on-failure topic (`kafka://TOPIC`) may have one.",
        example: "kafka_sources:\n  AppLogs:\n    topic: 'app logs/v1'",
        fix: "use 2 to 249 letters, digits, `.`, `_` and `-`, not starting with `.`",
        docs: esm!("aws-resource-lambda-eventsourcemapping", "cfn-lambda-eventsourcemapping-topics"),
    }
    /// No starting position.
    STARTING_POSITION_MISSING = "E0107" => {
        title: "starting_position is missing",
        checks: "A new consumer group starts at `LATEST` (skipping what is already in the topic) \
                 or `TRIM_HORIZON` (replaying all of it) or at a time; the wrong guess loses or \
                 repeats records, so the stack asks instead of defaulting. Once the group has \
                 committed offsets, Kafka resumes from them.",
        example: "kafka_sources:\n  AppLogs:\n    msk: {cluster_arn: ...}\n    topic: app-logs\n    # no starting_position",
        fix: "set starting_position to `latest`, `trim_horizon` or `{at_timestamp: UNIX_SECONDS}`",
        docs: esm!("aws-resource-lambda-eventsourcemapping", "cfn-lambda-eventsourcemapping-startingposition"),
    }
    /// An `AT_TIMESTAMP` start without a timestamp in Unix seconds.
    STARTING_TIMESTAMP = "E0108" => {
        title: "an AT_TIMESTAMP starting position has no timestamp, or one that is not Unix seconds",
        checks: "`StartingPositionTimestamp` is the Unix time in seconds to start reading from: a \
                 non-negative number. A value above 9,999,999,999 (the year 2286 in seconds) is \
                 taken for milliseconds, and `AWS::NoValue` would remove the timestamp the \
                 position needs.",
        example: "kafka_sources:\n  AppLogs:\n    starting_position: {at_timestamp: 1767225600000}",
        fix: "give the start time in seconds since 1970-01-01T00:00:00Z, e.g. 1735689600",
        docs: esm!("aws-resource-lambda-eventsourcemapping", "cfn-lambda-eventsourcemapping-startingpositiontimestamp"),
    }
    /// A consumer group id Lambda does not accept.
    CONSUMER_GROUP_ID = "E0109" => {
        title: "consumer_group_id is not 1-200 characters of `[a-zA-Z0-9-/*:_+=.@]`",
        checks: "Lambda's `ConsumerGroupId` has 1 to 200 characters, each an ASCII letter, digit \
                 or one of `-/*:_+=.@`.",
        example: "kafka_sources:\n  AppLogs:\n    consumer_group_id: 'detector group#1'",
        fix: "use 1 to 200 letters, digits and `-/*:_+=.@`",
        docs: esm!("aws-properties-lambda-eventsourcemapping-selfmanagedkafkaeventsourceconfig", "cfn-lambda-eventsourcemapping-selfmanagedkafkaeventsourceconfig-consumergroupid"),
    }
    /// Two sources of the stack share a consumer group.
    CONSUMER_GROUP_SHARED = "E0110" => {
        title: "two sources of the stack use the same consumer_group_id",
        checks: "Kafka splits a topic's partitions among the consumers of a group, so two mappings \
                 in one group each see only part of their topic, and Lambda wants a consumer \
                 group id to be unique among all of an account's Kafka event sources. The \
                 default id (`${AWS::StackName}-<construct path>`) is unique by construction.",
        example: "kafka_sources:\n  OrdersLogs: {consumer_group_id: detector, ...}\n  PaymentsLogs: {consumer_group_id: detector, ...}",
        fix: "give each source its own consumer_group_id, or leave it unset for the per-stack default",
        docs: lambda_guide!("kafka-consumer-group-id"),
    }
    /// A `*` in an MSK IAM source's group id.
    CONSUMER_GROUP_WILDCARD = "W0111" => {
        title: "consumer_group_id contains `*` on an MSK source with IAM access control",
        checks: "With MSK IAM access control the function's role is granted `DescribeGroup` and \
                 `AlterGroup` on the group's ARN, `.../group/CLUSTER/UUID/GROUP`, and IAM reads a \
                 `*` there as a wildcard: the grant covers every group the id matches as a \
                 pattern.",
        example: "kafka_sources:\n  AppLogs:\n    msk: {cluster_arn: ...}\n    consumer_group_id: 'detector-*'",
        fix: "use a consumer group id without `*`",
        docs: "https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html",
    }
    /// `enabled` or `bisect_batch_on_error` is not a boolean.
    BOOLEAN_OPTION = "E0112" => {
        title: "enabled or bisect_batch_on_error is not true or false",
        checks: "`Enabled` and `BisectBatchOnFunctionError` are booleans. A stack file's parser \
                 refuses other values before this check; a Rust stack reaches it with a string \
                 or a number.",
        example: "KafkaSource::msk(cluster, \"app-logs\").enabled(\"yes\")   // Rust",
        fix: "set the option to true or false",
        docs: esm!("aws-resource-lambda-eventsourcemapping", "cfn-lambda-eventsourcemapping-enabled"),
    }
    /// More filter patterns than a mapping takes.
    FILTER_COUNT = "E0113" => {
        title: "more than 20 filter patterns",
        checks: "CloudFormation's `FilterCriteria` takes at most 20 patterns. Lambda's own quota \
                 is lower: five filters per mapping by default, raisable to ten on request, and \
                 creating the mapping fails above the account's quota.",
        example: "kafka_sources:\n  AppLogs:\n    filters: [{value: {level: [ERROR]}}, ...]   # 21 patterns",
        fix: "merge patterns (a pattern's fields match any of their listed values)",
        docs: lambda_guide!("invocation-eventfiltering"),
    }
    /// A filter pattern that is not a JSON object of at most 4096 characters.
    FILTER_PATTERN = "E0114" => {
        title: "a filter pattern is not a JSON object of at most 4,096 characters",
        checks: "Each pattern is a JSON object (such as `{\"value\": {\"level\": [\"ERROR\"]}}`; \
                 Kafka mappings filter on `value`) whose text has at most 4,096 characters, \
                 Lambda's `Filter.Pattern` limit.",
        example: "kafka_sources:\n  AppLogs:\n    filters: [[ERROR]]",
        fix: "give a JSON object such as `{value: {level: [ERROR]}}`, and shorten or split long ones",
        docs: "https://docs.aws.amazon.com/lambda/latest/api/API_Filter.html",
    }
    /// The same filter pattern twice.
    FILTER_REPEATED = "E0115" => {
        title: "a filter pattern is given twice",
        checks: "Lambda keeps a record that matches any of the patterns, so a repeated pattern \
                 adds nothing and uses up the mapping's filter quota; CloudFormation's `Filters` \
                 takes unique items.",
        example: "kafka_sources:\n  AppLogs:\n    filters: [{value: {level: [ERROR]}}, {value: {level: [ERROR]}}]",
        fix: "remove the duplicate pattern",
        docs: lambda_guide!("invocation-eventfiltering"),
    }
    /// A root CA on an MSK or Confluent Cloud source.
    ROOT_CA_NOT_SELF_MANAGED = "E0116" => {
        title: "root_ca is set on an MSK or Confluent Cloud source",
        checks: "`SERVER_ROOT_CA_CERTIFICATE` is for self-managed brokers whose certificates chain \
                 to a private CA. MSK and Confluent Cloud brokers present publicly trusted \
                 certificates.",
        example: "kafka_sources:\n  AppLogs:\n    msk: {cluster_arn: ...}\n    root_ca: BrokerCa",
        fix: "remove root_ca",
        docs: lambda_guide!("kafka-cluster-auth"),
    }
    /// A self-managed source outside a VPC without credentials.
    AUTH_MISSING = "E0117" => {
        title: "a self-managed source outside a VPC has no auth",
        checks: "Without a VPC the pollers reach a self-managed cluster over the internet, where \
                 the brokers must authenticate their clients: SASL/SCRAM, SASL/PLAIN over TLS or \
                 mutual TLS.",
        example: "kafka_sources:\n  AppLogs:\n    self_managed: {bootstrap_servers: [b-1.example.com:9096]}\n    topic: app-logs\n    starting_position: latest",
        fix: "set auth (`{scram_512: ID}`, `{scram_256: ID}`, `{plain: ID}` or `{mtls: ID}`), or vpc for brokers inside a VPC",
        docs: lambda_guide!("kafka-cluster-auth"),
    }
    /// SCRAM-SHA-256 on an MSK source.
    SCRAM_256_ON_MSK = "E0118" => {
        title: "SCRAM-SHA-256 on an MSK source",
        checks: "Amazon MSK supports only SCRAM-SHA-512 for SASL/SCRAM; `SASL_SCRAM_256_AUTH` is \
                 for self-managed clusters.",
        example: "kafka_sources:\n  AppLogs:\n    msk: {cluster_arn: ...}\n    auth: {scram_256: Creds}",
        fix: "use `{scram_512: ID}` with the same secret",
        docs: MSK_SCRAM_LIMITS,
    }
    /// SASL/PLAIN on an MSK source.
    PLAIN_ON_MSK = "E0119" => {
        title: "SASL/PLAIN on an MSK source",
        checks: "Amazon MSK does not support SASL/PLAIN authentication; its sources use IAM, \
                 SASL/SCRAM-512 or mutual TLS.",
        example: "kafka_sources:\n  AppLogs:\n    msk: {cluster_arn: ...}\n    auth: {plain: Creds}",
        fix: "use `iam`, `{scram_512: ID}` or `{mtls: ID}`",
        docs: lambda_guide!("msk-cluster-auth", "msk-sasl-scram"),
    }
    /// IAM access control on a self-managed or Confluent Cloud source.
    IAM_NOT_ON_MSK = "E0120" => {
        title: "IAM access control on a self-managed or Confluent Cloud source",
        checks: "IAM access control is a feature of Amazon MSK; self-managed and Confluent Cloud \
                 brokers authenticate Lambda with SASL or mutual TLS credentials from Secrets \
                 Manager.",
        example: "kafka_sources:\n  AppLogs:\n    self_managed: {bootstrap_servers: [b-1.example.com:9096]}\n    auth: iam",
        fix: "use a SASL or mTLS secret",
        docs: lambda_guide!("kafka-cluster-auth"),
    }
    /// A Confluent Cloud source with another authentication than SASL/PLAIN.
    CONFLUENT_AUTH = "E0121" => {
        title: "a Confluent Cloud source authenticates with something other than its API key",
        checks: "Confluent Cloud clients authenticate with an API key and secret over SASL/PLAIN \
                 and TLS, which the mapping sends as `BASIC_AUTH`; `confluent` sets that up from \
                 `api_key`.",
        example: "kafka_sources:\n  AppLogs:\n    confluent: {bootstrap: 'pkc-abc12.us-east-1.aws.confluent.cloud:9092', api_key: ApiKey}\n    auth: {mtls: Cert}",
        fix: "remove auth: the source uses the api_key secret",
        docs: lambda_guide!("kafka-cluster-auth"),
    }
    /// A Confluent Cloud API key that the stack would generate.
    CONFLUENT_GENERATED_KEY = "E0122" => {
        title: "a Confluent Cloud source uses a generated secret as its API key",
        checks: "Confluent Cloud issues API keys itself; a secret whose password Secrets Manager \
                 generates can never match one.",
        example: "sasl_secrets:\n  ApiKey: {generate: detector}\nkafka_sources:\n  AppLogs:\n    confluent: {bootstrap: ..., api_key: ApiKey}",
        fix: "store the API key and secret in Secrets Manager and import that secret",
        docs: lambda_guide!("kafka-cluster-auth"),
    }
    /// An MSK SCRAM secret not named `AmazonMSK_…`.
    MSK_SECRET_NAME = "E0123" => {
        title: "an MSK SCRAM secret's name does not start with `AmazonMSK_`",
        checks: "Amazon MSK associates only secrets whose name starts with `AmazonMSK_` with a \
                 cluster, so a SCRAM-512 source on MSK needs such a secret.",
        example: "sasl_secrets:\n  Creds: {import: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-AbCdEf', kms_key_arn: ...}\nkafka_sources:\n  AppLogs:\n    msk: {cluster_arn: ...}\n    auth: {scram_512: Creds}",
        fix: "store the credentials in a secret named `AmazonMSK_…`",
        docs: MSK_SCRAM_LIMITS,
    }
    /// An imported MSK SCRAM secret without its customer-managed key.
    MSK_SECRET_KEY = "E0124" => {
        title: "an imported MSK SCRAM secret has no kms_key_arn",
        checks: "Amazon MSK refuses secrets encrypted with Secrets Manager's default key, so an \
                 MSK SCRAM secret is encrypted with a customer-managed key; the function's role \
                 needs `kms:Decrypt` on that key, which the stack can only grant when it knows \
                 the key's ARN.",
        example: "sasl_secrets:\n  Creds: {import: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_logs-AbCdEf'}\nkafka_sources:\n  AppLogs:\n    msk: {cluster_arn: ...}\n    auth: {scram_512: Creds}",
        fix: "give the secret's key: `kms_key_arn: arn:aws:kms:REGION:ACCOUNT:key/ID`",
        docs: MSK_SCRAM_LIMITS,
    }
    /// A generated SCRAM secret that is not associated with the source's cluster.
    MSK_SECRET_ASSOCIATION = "E0125" => {
        title: "a generated SCRAM secret is not associated with the source's MSK cluster",
        checks: "MSK authenticates a SCRAM user only once its secret is associated with the \
                 cluster. A secret the stack generates for an MSK source must name that source's \
                 cluster in `for_msk`, which associates it.",
        example: "sasl_secrets:\n  Creds: {generate: detector}\nkafka_sources:\n  AppLogs:\n    msk: {cluster_arn: ...}\n    auth: {scram_512: Creds}",
        fix: "set `for_msk` on the secret to this source's cluster ARN",
        docs: "https://docs.aws.amazon.com/msk/latest/developerguide/msk-password-tutorial.html",
    }
    /// A VPC on an MSK source.
    VPC_ON_MSK = "E0126" => {
        title: "vpc is set on an MSK source",
        checks: "Lambda reaches MSK brokers through the cluster's own subnets and security \
                 groups; `VPC_SUBNET` and `VPC_SECURITY_GROUP` are for self-managed clusters.",
        example: "kafka_sources:\n  AppLogs:\n    msk: {cluster_arn: ...}\n    vpc: BrokerNetwork",
        fix: "remove vpc from the MSK source",
        docs: lambda_guide!("with-msk-cluster-network"),
    }
    /// A source VPC without subnets or security groups.
    VPC_SUBNETS_AND_GROUPS = "E0127" => {
        title: "the source's VPC lacks subnets or security groups",
        checks: "Lambda places the pollers' network interfaces in the given subnets with the given \
                 security groups, and needs both `VPC_SUBNET` and `VPC_SECURITY_GROUP` entries.",
        example: "vpcs:\n  Net:\n    import: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0a1b2c3d], security_group_ids: []}",
        fix: "give the VPC the subnet ids and security group ids that reach the brokers",
        docs: lambda_guide!("with-kafka-cluster-network"),
    }
    /// On-demand pollers in a VPC whose routes the stack cannot see.
    VPC_EGRESS_UNSEEN = "W0128" => {
        title: "on-demand pollers may not reach Lambda, STS and Secrets Manager from the VPC",
        checks: "In on-demand mode the pollers call Lambda and STS (and Secrets Manager, to read \
                 a secret) from the given subnets, through a NAT gateway or interface endpoints. \
                 For an imported VPC the stack cannot see either; without them the mapping \
                 reports `PROBLEM: Connection error`.",
        example: "vpcs:\n  Net:\n    import: {vpc_id: ..., subnet_ids: [...], security_group_ids: [...]}\nkafka_sources:\n  AppLogs:\n    self_managed: {bootstrap_servers: [...]}\n    vpc: Net",
        fix: "route the subnets through a NAT gateway or add interface endpoints (a created VPC can add them), or use provisioned_pollers, which need none",
        docs: lambda_guide!("with-kafka-cluster-network"),
    }
    /// Pollers in a VPC whose route to the destination's service the stack cannot see.
    DESTINATION_ENDPOINT_UNSEEN = "W0129" => {
        title: "pollers in the VPC may not reach the on-failure destination's service",
        checks: "Pollers in a VPC deliver to an SQS, SNS or S3 on-failure destination from the \
                 subnets, through that service's VPC endpoint (or a NAT route), which the stack \
                 cannot see or did not create.",
        example: "kafka_sources:\n  AppLogs:\n    vpc: Net\n    provisioned_pollers: {minimum: 1, maximum: 2}\n    on_failure: {sqs: 'arn:aws:sqs:us-east-1:123456789012:bad-records'}",
        fix: "add an interface endpoint (for S3, a gateway endpoint) for the destination's service, or a NAT route",
        docs: lambda_guide!("kafka-on-failure"),
    }
    /// An on-failure ARN of the wrong kind.
    ON_FAILURE_ARN = "E0130" => {
        title: "an on_failure destination is not the ARN of an SQS queue, SNS topic or S3 bucket",
        checks: "`sqs` takes a queue ARN, `sns` a topic ARN, and `s3` a bucket ARN, \
                 `arn:aws:s3:::BUCKET` (no region, account or object key); the role is granted \
                 delivery on exactly that ARN.",
        example: "kafka_sources:\n  AppLogs:\n    on_failure: {s3: 'arn:aws:s3:::failed-batches/key'}",
        fix: "give the destination's full ARN",
        docs: esm!("aws-properties-lambda-eventsourcemapping-onfailure", "cfn-lambda-eventsourcemapping-onfailure-destination"),
    }
    /// The on-failure Kafka topic is the source topic.
    DEAD_LETTER_TOPIC_IS_SOURCE = "E0131" => {
        title: "the on-failure Kafka topic is the source topic",
        checks: "Failed records written back to the topic the mapping reads would feed it again; \
                 Lambda refuses a destination topic equal to the source topic.",
        example: "kafka_sources:\n  AppLogs:\n    topic: app-logs\n    on_failure: {kafka_topic: app-logs}",
        fix: "send failed records to another topic, e.g. `app-logs-dlq`",
        docs: lambda_guide!("kafka-on-failure-destination"),
    }
    /// A Kafka-topic destination on a mapping in on-demand mode.
    KAFKA_DESTINATION_ON_DEMAND = "W0132" => {
        title: "a Kafka-topic on-failure destination on a mapping without provisioned pollers",
        checks: "The Lambda guide documents Kafka-topic on-failure destinations for mappings \
                 in provisioned mode only, so the stack warns about one on a mapping without \
                 provisioned pollers.",
        example: "kafka_sources:\n  AppLogs:\n    on_failure: {kafka_topic: app-logs-dlq}   # no provisioned_pollers",
        fix: "add provisioned_pollers, or use an SQS, SNS or S3 destination",
        docs: lambda_guide!("kafka-on-failure-destination"),
    }
    /// An option only provisioned mode offers, without provisioned pollers.
    PROVISIONED_ONLY = "E0133" => {
        title: "an option that needs provisioned pollers is set without them",
        checks: "For Kafka mappings, the error-handling controls (max_retry_attempts, \
                 max_record_age_seconds, bisect_batch_on_error, report_batch_item_failures) and \
                 the mapping's metrics and system_log_level are available only in provisioned \
                 mode.",
        example: "kafka_sources:\n  AppLogs:\n    max_retry_attempts: 3   # no provisioned_pollers",
        fix: "add `provisioned_pollers: {minimum: 1, maximum: N}`, or remove the option",
        docs: lambda_guide!("kafka-retry-configurations"),
    }
    /// `max_retry_attempts` outside -1..=10000.
    MAX_RETRY_ATTEMPTS = "E0134" => {
        title: "max_retry_attempts is outside -1-10,000",
        checks: "A failed batch is retried 0 to 10,000 times, or with -1 until its records \
                 expire.",
        example: "kafka_sources:\n  AppLogs:\n    provisioned_pollers: {minimum: 1, maximum: 2}\n    max_retry_attempts: 20000",
        fix: "set max_retry_attempts to -1 or a whole number from 0 to 10000",
        docs: lambda_guide!("kafka-retry-configurations"),
    }
    /// `max_record_age_seconds` neither -1 nor 60..=604800.
    MAX_RECORD_AGE = "E0135" => {
        title: "max_record_age_seconds is neither -1 nor 60-604,800",
        checks: "Records older than the maximum age are discarded: -1 keeps them, otherwise the \
                 age is 60 seconds to 7 days. The CloudFormation range, -1 to 604,800, also \
                 admits 0 to 59, which Lambda refuses.",
        example: "kafka_sources:\n  AppLogs:\n    provisioned_pollers: {minimum: 1, maximum: 2}\n    max_record_age_seconds: 30",
        fix: "set max_record_age_seconds to -1 or a whole number from 60 to 604800",
        docs: lambda_guide!("kafka-retry-configurations"),
    }
    /// Provisioned poller counts out of range or in the wrong order.
    POLLER_COUNTS = "E0136" => {
        title: "the provisioned pollers' minimum or maximum is out of range, or the minimum is above the maximum",
        checks: "A Kafka mapping in provisioned mode keeps 1 to 200 pollers warm (`MinimumPollers`) \
                 and scales to 1 to 2,000 (`MaximumPollers`), and the minimum cannot exceed the \
                 maximum.",
        example: "kafka_sources:\n  AppLogs:\n    provisioned_pollers: {minimum: 50, maximum: 10}",
        fix: "keep the minimum within 1-200, the maximum within 1-2000, and the minimum at most the maximum",
        docs: esm!("aws-properties-lambda-eventsourcemapping-provisionedpollerconfig", "cfn-lambda-eventsourcemapping-provisionedpollerconfig-maximumpollers"),
    }
    /// A poller group name Lambda does not accept.
    POLLER_GROUP_NAME = "E0137" => {
        title: "a poller group name is not 1-128 characters of `[a-zA-Z0-9-_]`",
        checks: "`PollerGroupName` takes up to 128 letters, digits, `-` and `_`; an empty name \
                 names no group, so the stack asks for at least one character.",
        example: "kafka_sources:\n  AppLogs:\n    provisioned_pollers: {minimum: 1, maximum: 10, group: 'detectors #1'}",
        fix: "use 1 to 128 letters, digits, `-` and `_`",
        docs: esm!("aws-properties-lambda-eventsourcemapping-provisionedpollerconfig", "cfn-lambda-eventsourcemapping-provisionedpollerconfig-pollergroupname"),
    }
    /// A tag key that is too long or reserved.
    TAG_KEY = "E0138" => {
        title: "a mapping tag key is not 1-128 characters, or starts with `aws:`",
        checks: "Tag keys have 1 to 128 characters, and the `aws:` prefix (in any case) is \
                 reserved for tags AWS sets.",
        example: "kafka_sources:\n  AppLogs:\n    tags: {'aws:team': sre}",
        fix: "choose a key of 1 to 128 characters that does not start with `aws:`",
        docs: esm!("aws-properties-lambda-eventsourcemapping-tag", "cfn-lambda-eventsourcemapping-tag-key"),
    }
    /// A tag key given twice.
    TAG_KEY_REPEATED = "E0139" => {
        title: "a mapping tag key is given twice",
        checks: "A resource has one value per tag key, so two values for one key cannot both \
                 apply; the stack refuses the pair instead of picking one.",
        example: "KafkaSource::msk(cluster, \"app-logs\").tag(\"team\", \"sre\").tag(\"team\", \"data\")   // Rust",
        fix: "give each tag key once",
        docs: esm!("aws-properties-lambda-eventsourcemapping-tag", "cfn-lambda-eventsourcemapping-tag-key"),
    }
    /// A tag value that is too long.
    TAG_VALUE = "E0140" => {
        title: "a mapping tag value is longer than 256 characters",
        checks: "Tag values have 0 to 256 characters.",
        example: "kafka_sources:\n  AppLogs:\n    tags: {team: 'xxxx...'}   # 257 characters",
        fix: "shorten the value to 256 characters or fewer",
        docs: esm!("aws-properties-lambda-eventsourcemapping-tag", "cfn-lambda-eventsourcemapping-tag-value"),
    }
    /// A source bound to a second function.
    BOUND_TWICE = "E0141" => {
        title: "a source is bound to a second function",
        checks: "A source is one event source mapping, which invokes one function. Two functions \
                 reading the same topic need two mappings, each with its own consumer group (in \
                 one group they would split the partitions).",
        example: "functions:\n  Detector: {sources: [AppLogs], ...}\n  Second: {sources: [AppLogs], ...}",
        fix: "add a second source on the same topic (with its own consumer group) for the other function",
        docs: lambda_guide!("kafka-consumer-group-id"),
    }
    /// A source no function consumes.
    UNCONSUMED = "W0142" => {
        title: "no function consumes the source",
        checks: "A source becomes an event source mapping only when a function lists it; until \
                 then nothing reads the topic.",
        example: "kafka_sources:\n  AppLogs: {...}\nfunctions:\n  Detector: {sources: []}",
        fix: "list the source in a function's sources, or remove it",
        docs: lambda_guide!("invocation-eventsourcemapping"),
    }
}
