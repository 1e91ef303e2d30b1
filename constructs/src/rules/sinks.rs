//! E06xx, W06xx: the sinks: `Queue` (bad records), `AnomalyTable` (DynamoDB) and
//! `AlertTopic` (SNS). A table's anomaly TTL is checked by the contract's rule E0814.

use super::rules;

rules! {
    /// Queue `retention_seconds` outside 60..=1,209,600.
    QUEUE_RETENTION = "E0601" => {
        title: "queue retention_seconds is outside SQS's 60 seconds to 14 days",
        checks: "SQS keeps a message 1 minute to 14 days (the queue's MessageRetentionPeriod, \
                 60 to 1,209,600 seconds).",
        example: "queues:\n  BadRecords: {retention_seconds: 30}",
        fix: "set retention_seconds to a whole number from 60 to 1209600",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#cfn-sqs-queue-messageretentionperiod",
    }
    /// Queue `data_key_reuse_seconds` outside 60..=86,400.
    QUEUE_DATA_KEY_REUSE = "E0602" => {
        title: "queue data_key_reuse_seconds is outside SQS's 60 seconds to 24 hours",
        checks: "SQS reuses a data key from KMS for 1 minute to 24 hours (the queue's \
                 KmsDataKeyReusePeriodSeconds, 60 to 86,400).",
        example: "queues:\n  BadRecords: {data_key_reuse_seconds: 172800}",
        fix: "set data_key_reuse_seconds to a whole number from 60 to 86400",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#cfn-sqs-queue-kmsdatakeyreuseperiodseconds",
    }
    /// Table name not a DynamoDB table name.
    TABLE_NAME = "E0603" => {
        title: "table_name is not 3 to 255 letters, digits, `_`, `-` and `.`",
        checks: "DynamoDB table names have 3 to 255 characters: letters, digits, underscores, \
                 hyphens and dots.",
        example: "anomaly_tables:\n  Anomalies: {table_name: 'kafka anomalies'}",
        fix: "use 3 to 255 letters, digits, `_`, `-` and `.`, or leave table_name unset",
        docs: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html",
    }
    /// Topic display name empty or longer than 100.
    TOPIC_DISPLAY_NAME = "E0604" => {
        title: "display_name is empty or longer than SNS's 100 characters",
        checks: "An SNS topic's display name (the sender shown in e-mail and SMS notifications) \
                 has at most 100 characters; an empty one would show nothing.",
        example: "alert_topics:\n  Alerts: {display_name: ''}",
        fix: "give display_name 1 to 100 characters, or leave it unset",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html#cfn-sns-topic-displayname",
    }
    /// An e-mail subscription that is not an address.
    EMAIL = "E0605" => {
        title: "an e-mail subscription is not an e-mail address",
        checks: "The topic subscribes each address with the `email` protocol, whose endpoint is \
                 an e-mail address: a local part, `@`, and a domain with a dot, without spaces.",
        example: "alert_topics:\n  Alerts: {emails: [oncall.example.com]}",
        fix: "give an address such as oncall@example.com, or a parameter that may be empty",
        docs: "https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html#API_Subscribe_RequestParameters",
    }
    /// The topic uses an imported key whose policy the stack cannot change (warning).
    TOPIC_IMPORTED_KEY = "W0606" => {
        title: "the alert topic uses an imported key whose policy the stack cannot change",
        checks: "CloudWatch alarms publish to an encrypted topic only if the key policy lets \
                 cloudwatch.amazonaws.com call kms:Decrypt and kms:GenerateDataKey*. A stack \
                 that creates its key adds that statement; with `encryption_key_arn` the key's \
                 owner must.",
        example: "encryption_key_arn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\nalert_topics:\n  Alerts: {}",
        fix: "make sure the key policy lets cloudwatch.amazonaws.com call kms:Decrypt and kms:GenerateDataKey*",
        docs: "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
    }
    /// Point-in-time recovery period outside 1 to 35 days.
    RECOVERY_PERIOD = "E0607" => {
        title: "recovery_period_days is outside DynamoDB's 1 to 35 days",
        checks: "The anomaly table keeps continuous backups (point-in-time recovery) for a \
                 recovery period of 1 to 35 days; DynamoDB refuses any other.",
        example: "anomaly_tables:\n  Anomalies: {recovery_period_days: 90}",
        fix: "use 1 to 35 days, or leave recovery_period_days unset for DynamoDB's 35",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-pointintimerecoveryspecification.html",
    }
}
