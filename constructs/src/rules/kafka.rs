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
                 `cluster/NAME/UUID`; a managed VPC connection's ARN goes in \
                 `vpc_connection_arn` instead. A generated SASL secret's `for_msk` cluster and \
                 an `iam_cluster` are checked the same way.",
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
                 committed offsets, Kafka resumes from them. Queue mode (a share group) takes no \
                 starting position and is exempt.",
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
        title: "consumer_group_id contains `*` on a source with IAM access control",
        checks: "With IAM access control (an MSK source with `iam`, or `iam_cluster`) the \
                 function's role is granted `DescribeGroup` and \
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
                 the brokers must authenticate their clients: SASL/SCRAM, SASL/PLAIN over TLS, \
                 mutual TLS, OAuth (SASL/OAUTHBEARER) or IAM.",
        example: "kafka_sources:\n  AppLogs:\n    self_managed: {bootstrap_servers: [b-1.example.com:9096]}\n    topic: app-logs\n    starting_position: latest",
        fix: "set auth (`{scram_512: ID}`, `{scram_256: ID}`, `{plain: ID}`, `{mtls: ID}`, `{oauth: {secret: ID}}`, `{iam_web_identity: {audience: ...}}` or `{iam_cluster: ARN}`), or vpc for brokers inside a VPC",
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
        title: "MSK IAM access control without a cluster ARN on a self-managed or Confluent Cloud source",
        checks: "`iam` is MSK IAM access control on an MSK source's own cluster. A self-managed \
                 source is an MSK cluster only when reached through your own networking, and then \
                 authenticates with `IAM_AUTH` scoped to that cluster's ARN (`iam_cluster`); \
                 other brokers authenticate with SASL, mTLS or OAuth.",
        example: "kafka_sources:\n  AppLogs:\n    self_managed: {bootstrap_servers: [b-1.example.com:9096]}\n    auth: iam",
        fix: "use `{iam_cluster: MSK_CLUSTER_ARN}` for an MSK cluster behind your own networking, or a SASL, mTLS or OAuth secret",
        docs: lambda_guide!("kafka-cluster-auth"),
    }
    /// A Confluent Cloud source with another authentication than SASL/PLAIN.
    CONFLUENT_AUTH = "E0121" => {
        title: "a Confluent Cloud source authenticates with something other than an API key or OAuth",
        checks: "Confluent Cloud clients authenticate with an API key and secret over SASL/PLAIN \
                 and TLS (`BASIC_AUTH`) or with an OAuth token (`OAUTHBEARER_AUTH`); \
                 `confluent` sets that up from `api_key` or `oauth`.",
        example: "kafka_sources:\n  AppLogs:\n    confluent: {bootstrap: 'pkc-abc12.us-east-1.aws.confluent.cloud:9092', api_key: ApiKey}\n    auth: {mtls: Cert}",
        fix: "remove auth: the source uses its api_key or oauth",
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
                 max_record_age_seconds, bisect_batch_on_error, report_batch_item_failures), the \
                 mapping's metrics and system_log_level, and a schema registry are available only \
                 in provisioned mode (a mapping with a schema registry cannot return to on-demand \
                 mode before the registry is removed).",
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
    /// A second schema registry on one mapping.
    SCHEMA_REGISTRY_TWICE = "E0143" => {
        title: "a source is given more than one schema registry",
        checks: "An event source mapping takes one schema registry (`SchemaRegistryConfig`). A \
                 second `schema_registry(..)` call is reported rather than silently replacing \
                 the first.",
        example: "KafkaSource::msk(cluster, \"orders\").schema_registry(SchemaRegistry::glue(a)).schema_registry(SchemaRegistry::glue(b))   // Rust",
        fix: "keep one registry; read topics that use another registry with their own source",
        docs: lambda_guide!("services-consume-kafka-events"),
    }
    /// A Glue registry ARN of the wrong shape.
    GLUE_REGISTRY_ARN = "E0144" => {
        title: "a Glue schema registry is not `arn:PARTITION:glue:REGION:ACCOUNT:registry/NAME`",
        checks: "A Glue registry is given by its ARN (the mapping's `SchemaRegistryURI`), and the \
                 role's `glue:GetSchemaVersion` grant on `schema/NAME/*` derives from it, so it \
                 must be a `glue` ARN of a registry whose name has 1 to 255 letters, digits, \
                 `-`, `_`, `$`, `#` and `.`.",
        example: "kafka_sources:\n  AppLogs:\n    schema_registry: {glue: orders-registry}",
        fix: "copy the registry's ARN from the Glue console or `aws glue get-registry`",
        docs: "https://docs.aws.amazon.com/glue/latest/webapi/API_RegistryId.html",
    }
    /// A Confluent registry URL that is not `https://`.
    CONFLUENT_REGISTRY_URL = "E0145" => {
        title: "a Confluent schema registry URL is not an https:// URL of at most 10,000 characters",
        checks: "Lambda fetches schemas from the registry's URL with the credentials of its access \
                 configurations, which must travel over TLS; `SchemaRegistryURI` takes at most \
                 10,000 characters.",
        example: "kafka_sources:\n  AppLogs:\n    schema_registry: {confluent: 'http://registry.internal:8081'}",
        fix: "use the registry's https:// URL",
        docs: esm!("aws-properties-lambda-eventsourcemapping-schemaregistryconfig", "cfn-lambda-eventsourcemapping-schemaregistryconfig-schemaregistryuri"),
    }
    /// Two registry access configurations of one type.
    REGISTRY_ACCESS_REPEATED = "E0146" => {
        title: "a schema registry's access configurations repeat a type",
        checks: "`AccessConfigs` holds one entry per way Lambda authenticates to the registry \
                 (`BASIC_AUTH`, `CLIENT_CERTIFICATE_TLS_AUTH`, `OAUTHBEARER_AUTH`) and its \
                 private CA (`SERVER_ROOT_CA_CERTIFICATE`); its items are unique, and two secrets \
                 of one type leave Lambda no way to choose.",
        example: "kafka_sources:\n  AppLogs:\n    schema_registry:\n      confluent: https://psrc-abc12.us-east-1.aws.confluent.cloud\n      access: [{basic: KeyA}, {basic: KeyB}]",
        fix: "keep one access configuration of each type",
        docs: esm!("aws-properties-lambda-eventsourcemapping-schemaregistryaccessconfig", "cfn-lambda-eventsourcemapping-schemaregistryaccessconfig-type"),
    }
    /// Access configurations Lambda does not take.
    REGISTRY_ACCESS_NOT_TAKEN = "E0147" => {
        title: "a schema registry has access configurations Lambda does not take",
        checks: "A Glue registry takes no access configuration: Lambda reads it with the \
                 function's execution role. A Confluent registry takes at most two \
                 (`AccessConfigs` has at most 2 items): one way to authenticate and the registry's \
                 private root CA.",
        example: "kafka_sources:\n  AppLogs:\n    schema_registry:\n      glue: 'arn:aws:glue:us-east-1:123456789012:registry/orders'\n      access: [{basic: Key}]",
        fix: "remove access from a Glue registry; keep at most one authentication and one root CA for a Confluent registry",
        docs: esm!("aws-properties-lambda-eventsourcemapping-schemaregistryconfig", "cfn-lambda-eventsourcemapping-schemaregistryconfig-accessconfigs"),
    }
    /// `SOURCE` records for a function that parses JSON.
    REGISTRY_SOURCE_FORMAT = "E0148" => {
        title: "a schema registry hands SOURCE records to a function that parses JSON",
        checks: "With `EventRecordFormat: SOURCE` Lambda removes the schema id and hands the \
                 function each record as the producer serialized it (Avro or Protobuf binary). The \
                 function parses each value as JSON, so every such record would be a bad record; \
                 with `JSON` Lambda deserializes the value and hands over JSON text.",
        example: "kafka_sources:\n  AppLogs:\n    schema_registry: {glue: 'arn:aws:glue:us-east-1:123456789012:registry/orders', record_format: source}",
        fix: "use record_format json (the default)",
        docs: esm!("aws-properties-lambda-eventsourcemapping-schemaregistryconfig", "cfn-lambda-eventsourcemapping-schemaregistryconfig-eventrecordformat"),
    }
    /// A schema registry without an on-failure destination (warning).
    REGISTRY_WITHOUT_DESTINATION = "W0149" => {
        title: "a schema registry drops records that fail validation: no on-failure destination",
        checks: "Lambda sends a record whose schema is not in the registry (`SCHEMA_NOT_FOUND`) or \
                 that fails to deserialize (`DESERIALIZATION_ERROR`) to the mapping's on-failure \
                 destination, and drops it when there is none: the function never sees it and no \
                 bad-record metric counts it.",
        example: "kafka_sources:\n  AppLogs:\n    schema_registry: {glue: ...}   # no on_failure",
        fix: "add on_failure so such records are kept",
        docs: lambda_guide!("services-consume-kafka-events"),
    }
    /// Schema validation that leaves out the value, or repeats an attribute.
    REGISTRY_VALIDATION = "E0150" => {
        title: "a schema registry does not validate the record's value, or lists an attribute twice",
        checks: "Lambda deserializes only the attributes it validates (`SchemaValidationConfigs`, \
                 unique items). The function scores the value, so `VALUE` must be validated, or \
                 the value reaches the function still in its wire format.",
        example: "kafka_sources:\n  AppLogs:\n    schema_registry: {glue: ..., validate: [key]}",
        fix: "validate `value` (the default), optionally with `key`, each once",
        docs: esm!("aws-properties-lambda-eventsourcemapping-schemavalidationconfig", "cfn-lambda-eventsourcemapping-schemavalidationconfig-attribute"),
    }
    /// A self-managed authentication on an MSK source.
    AUTH_SELF_MANAGED_ONLY = "E0151" => {
        title: "an MSK source uses OAuth, IAM web identity or IAM_AUTH",
        checks: "`OAUTHBEARER_AUTH`, `IAM_OAUTHBEARER_AUTH` and `IAM_AUTH` are source access \
                 configurations of self-managed Apache Kafka. An MSK source authenticates with \
                 MSK IAM access control (`iam`, the default), SASL/SCRAM-512 or mutual TLS.",
        example: "kafka_sources:\n  AppLogs:\n    msk: {cluster_arn: ...}\n    auth: {iam_web_identity: {audience: kafka}}",
        fix: "use `iam` for IAM access control on an MSK source, or read the cluster as a self-managed source",
        docs: lambda_guide!("kafka-cluster-auth"),
    }
    /// An OAuth value Lambda cannot carry.
    OAUTH_VALUE = "E0152" => {
        title: "an OAuth scope, audience, logical cluster or identity pool is empty or longer than 200 characters",
        checks: "Lambda takes each OAuth value as the literal `URI` of its own source access \
                 configuration (`OAUTHBEARER_SCOPE`, `OAUTHBEARER_AUDIENCE`, \
                 `OAUTHBEARER_LOGICAL_CLUSTER`, `OAUTHBEARER_IDENTITY_POOL`), of 1 to 200 \
                 characters.",
        example: "kafka_sources:\n  AppLogs:\n    auth: {iam_web_identity: {audience: ''}}",
        fix: "give a value of 1 to 200 characters",
        docs: esm!("aws-properties-lambda-eventsourcemapping-sourceaccessconfiguration", "cfn-lambda-eventsourcemapping-sourceaccessconfiguration-uri"),
    }
    /// Confluent Cloud OAuth without a logical cluster (warning).
    CONFLUENT_OAUTH_LOGICAL_CLUSTER = "W0153" => {
        title: "a Confluent Cloud OAuth source names no logical cluster",
        checks: "Confluent Cloud clients send the logical cluster id (`lkc-…`) with an OAuth \
                 token, and Lambda sends it as the `OAUTHBEARER_LOGICAL_CLUSTER` SASL extension; \
                 Confluent needs it except for Enterprise clusters reached over PrivateLink.",
        example: "kafka_sources:\n  AppLogs:\n    confluent: {bootstrap: ..., oauth: {secret: IdpClient}}",
        fix: "set `logical_cluster: lkc-…` (and `identity_pool: pool-…` when the token does not name it)",
        docs: "https://docs.confluent.io/cloud/current/security/authenticate/workload-identities/identity-providers/oauth/clients/configuration-reference.html",
    }
    /// Queue mode on an MSK source.
    QUEUE_MODE_NOT_SELF_MANAGED = "E0154" => {
        title: "queue mode on an MSK source",
        checks: "`ConsumptionMode` belongs to `SelfManagedKafkaEventSourceConfig`: Lambda reads \
                 self-managed Apache Kafka topics (Kafka 4.2 or later, share groups enabled) in \
                 queue mode, and MSK topics in stream mode only.",
        example: "kafka_sources:\n  AppLogs:\n    msk: {cluster_arn: ...}\n    consumption_mode: queue",
        fix: "remove consumption_mode, or read the cluster as a self-managed source",
        docs: "https://docs.aws.amazon.com/lambda/latest/api/API_SelfManagedKafkaEventSourceConfig.html",
    }
    /// An option queue mode does not take.
    QUEUE_MODE_OPTION = "E0155" => {
        title: "a starting position or batching window in queue mode",
        checks: "When `ConsumptionMode` is `Queue`, Lambda does not support `StartingPosition`, \
                 `StartingPositionTimestamp` and `MaximumBatchingWindowInSeconds`: a share group \
                 hands out the records the broker makes available.",
        example: "kafka_sources:\n  AppLogs:\n    consumption_mode: queue\n    starting_position: latest",
        fix: "remove starting_position and batching_window_seconds",
        docs: lambda_guide!("kafka-esm-parameters"),
    }
    /// Bisecting batches in queue mode (warning).
    QUEUE_MODE_BISECT = "W0156" => {
        title: "bisect_batch_on_error in queue mode",
        checks: "AWS documents splitting a failed batch for streams, read in offset order; it \
                 does not document it for queue mode, where the broker redelivers released \
                 records one by one. Partial batch responses (`report_batch_item_failures`) \
                 release exactly the failed records.",
        example: "kafka_sources:\n  AppLogs:\n    consumption_mode: queue\n    bisect_batch_on_error: true",
        fix: "remove bisect_batch_on_error; report failed records with report_batch_item_failures",
        docs: lambda_guide!("kafka-retry-configurations"),
    }
    /// A managed VPC connection ARN of the wrong shape.
    VPC_CONNECTION_ARN = "E0157" => {
        title: "a cross-account source's vpc_connection_arn is not a managed VPC connection ARN",
        checks: "A cross-account mapping's `EventSourceArn` is this account's managed VPC \
                 connection to the other account's cluster, \
                 `arn:PARTITION:kafka:REGION:ACCOUNT:vpc-connection/OWNER_ACCOUNT/CLUSTER_NAME/UUID`; \
                 the role is granted `kafka:DescribeVpcConnection` on exactly it.",
        example: "kafka_sources:\n  AppLogs:\n    msk: {vpc_connection_arn: 'arn:aws:kafka:us-east-1:111122223333:cluster/logs/UUID', cluster_arn: ...}",
        fix: "copy the connection's ARN from the MSK console (Managed VPC connections)",
        docs: lambda_guide!("msk-cross-account"),
    }
    /// A VPC connection that leads to another cluster than cluster_arn.
    CROSS_ACCOUNT_CLUSTER_MISMATCH = "E0158" => {
        title: "a cross-account source's VPC connection leads to another cluster than cluster_arn",
        checks: "The connection's ARN names the owner account and cluster it leads to; the IAM \
                 access-control statements are scoped to `cluster_arn`, so both must name the \
                 same cluster, in the same region.",
        example: "kafka_sources:\n  AppLogs:\n    msk:\n      vpc_connection_arn: 'arn:aws:kafka:us-east-1:111122223333:vpc-connection/444455556666/logs/UUID'\n      cluster_arn: 'arn:aws:kafka:us-east-1:777788889999:cluster/logs/UUID'",
        fix: "give the connection and the cluster it leads to",
        docs: lambda_guide!("msk-cross-account"),
    }
    /// Batch item failures that can stall a partition forever.
    PARTITION_STALL = "E0159" => {
        title: "report_batch_item_failures with no on-failure destination, unlimited retries and no record age limit",
        checks: "With partial batch responses the function reports the records it can never \
                 score (bad base64, not JSON, a missing feature) as failed. Retries and record \
                 age default to unlimited, so without an on-failure destination Lambda retries \
                 such a record until it expires from the topic: its partition stalls behind it, \
                 and each retry scores the records after it again and repeats their alerts. An \
                 on-failure destination bounds the retries (Lambda applies at most 10 when \
                 retries are unlimited) and keeps the record; a retry or age limit bounds them \
                 and drops it.",
        example: "kafka_sources:\n  AppLogs:\n    provisioned_pollers: {minimum: 1, maximum: 2}\n    report_batch_item_failures: true   # no on_failure, max_retry_attempts or max_record_age_seconds",
        fix: "add on_failure, or set max_retry_attempts (0-10000) or max_record_age_seconds (60-604800)",
        docs: lambda_guide!("kafka-retry-configurations"),
    }
    /// Too many mappings in one poller group.
    POLLER_GROUP_MAPPINGS = "E0160" => {
        title: "more than 100 of the stack's sources share a poller group",
        checks: "A poller group shares provisioned pollers among the mappings of one event-source \
                 VPC; it holds up to 100 event source mappings.",
        example: "kafka_sources:   # 101 sources with provisioned_pollers: {group: detectors, ...}",
        fix: "split the sources over several poller groups",
        docs: esm!("aws-properties-lambda-eventsourcemapping-provisionedpollerconfig", "cfn-lambda-eventsourcemapping-provisionedpollerconfig-pollergroupname"),
    }
    /// A poller group's maximum pollers add up to more than 2,000.
    POLLER_GROUP_POLLERS = "E0161" => {
        title: "a poller group's maximum pollers add up to more than 2,000",
        checks: "The aggregate maximum pollers of the mappings in a poller group cannot exceed \
                 2,000. The stack adds up the literal maximums of its sources naming the group; \
                 mappings of other stacks in the same group count too, which the stack cannot \
                 see.",
        example: "kafka_sources:\n  A: {provisioned_pollers: {minimum: 1, maximum: 1500, group: detectors}, ...}\n  B: {provisioned_pollers: {minimum: 1, maximum: 600, group: detectors}, ...}",
        fix: "lower the maximum pollers, or split the sources over several poller groups",
        docs: esm!("aws-properties-lambda-eventsourcemapping-provisionedpollerconfig", "cfn-lambda-eventsourcemapping-provisionedpollerconfig-pollergroupname"),
    }
    /// A schema registry hands JSON text to a function that reads a text log format.
    REGISTRY_JSON_TO_TEXT_FORMAT = "E0162" => {
        title: "a schema registry hands JSON records to a function that reads a text log format",
        checks: "With a schema registry and `EventRecordFormat: JSON`, Lambda deserializes each \
                 value (Avro, Protobuf or JSON Schema) and hands the function JSON text. A \
                 function whose `record_format` is a text format (logfmt, a regex or a preset \
                 such as combined) would find no field in that text: every record would be a \
                 bad record.",
        example: "kafka_sources:\n  AppLogs:\n    schema_registry: {glue: 'arn:aws:glue:us-east-1:123456789012:registry/orders'}\nfunctions:\n  Detector:\n    sources: [AppLogs]\n    record_format: combined",
        fix: "read the registry's records as JSON (the function's record_format json, the default), or consume the topic without a schema registry",
        docs: esm!("aws-properties-lambda-eventsourcemapping-schemaregistryconfig", "cfn-lambda-eventsourcemapping-schemaregistryconfig-eventrecordformat"),
    }
}
