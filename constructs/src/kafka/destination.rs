//! Where the mapping sends records it gives up on, and what the role needs to send them.

use crate::construct::Handle;
use crate::context::SynthContext;
use crate::iam::Statement;
use crate::props::Prop;
use crate::rules::kafka as rule;
use crate::scope::Scope;
use crate::sinks::{AlertTopic, Queue};
use crate::validate::{Arn, Validator};
use crate::value::Value;

use super::arn::concat;
use super::msk_iam::dead_letter_topic_statement;
use super::topic::check_topic;

/// The on-failure destination of a Kafka mapping (`DestinationConfig.OnFailure`): where
/// Lambda sends a batch it discards after its retries or its maximum record age run out.
///
/// SQS, SNS and S3 receive a JSON document describing the failed invocation (S3 also the
/// records); a Kafka topic receives the failed records themselves. When a destination given by
/// ARN is encrypted with a customer-managed KMS key, the role also needs that key
/// (`kms:GenerateDataKey` for S3; `kms:Decrypt` and `kms:GenerateDataKey` for SQS and SNS),
/// which this construct cannot see and does not grant. A queue or topic the stack creates
/// ([`OnFailure::queue`], [`OnFailure::topic`]) grants its key use itself.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "An on-failure destination.")]
#[serde(rename_all = "snake_case")]
pub enum OnFailure {
    /// A [`Queue`] of this stack (`sqs:SendMessage` and the use of its key through SQS).
    Queue(Handle<Queue>),
    /// An [`AlertTopic`] of this stack (`sns:Publish` and the use of its key through SNS).
    Topic(Handle<AlertTopic>),
    /// An SQS queue, by ARN (`sqs:SendMessage`).
    #[schemars(extend("examples" = [{"sqs": "arn:aws:sqs:us-east-1:123456789012:bad-records"}]))]
    Sqs(Prop<String>),
    /// An SNS topic, by ARN (`sns:Publish`; messages over 256 KB are dropped).
    #[schemars(extend("examples" = [{"sns": "arn:aws:sns:us-east-1:123456789012:failures"}]))]
    Sns(Prop<String>),
    /// An S3 bucket, by ARN `arn:aws:s3:::BUCKET` (`s3:PutObject` on its objects,
    /// `s3:ListBucket` on the bucket).
    #[schemars(extend("examples" = [{"s3": "arn:aws:s3:::failed-batches"}]))]
    S3(Prop<String>),
    /// A topic of the source's own cluster, by name (`kafka://TOPIC`). It must differ from the
    /// source topic; with MSK IAM access control the role gets `kafka-cluster:WriteData` on it,
    /// otherwise the cluster's ACLs must let the mapping's user write to it.
    #[schemars(extend("examples" = [{"kafka_topic": "app-logs-dlq"}]))]
    KafkaTopic(Prop<String>),
}

impl OnFailure {
    /// Sends discarded batches to `queue`, a queue of this stack.
    pub fn queue(queue: &Handle<Queue>) -> Self {
        OnFailure::Queue(queue.clone())
    }

    /// Sends discarded batches to the SQS queue `arn`.
    pub fn sqs(arn: impl Into<Value>) -> Self {
        OnFailure::Sqs(Prop::new(arn))
    }

    /// Sends discarded batches to the SNS topic `arn` (messages over 256 KB are dropped).
    pub fn sns(arn: impl Into<Value>) -> Self {
        OnFailure::Sns(Prop::new(arn))
    }

    /// Sends discarded batches to the S3 bucket `arn` (`arn:aws:s3:::BUCKET`).
    pub fn s3(arn: impl Into<Value>) -> Self {
        OnFailure::S3(Prop::new(arn))
    }

    /// Sends discarded records to `topic` of the source's own cluster.
    pub fn kafka_topic(topic: impl Into<Value>) -> Self {
        OnFailure::KafkaTopic(Prop::new(topic))
    }

    /// Sends discarded batches to `topic`, a topic of this stack (messages over 256 KB are
    /// dropped).
    pub fn topic(topic: &Handle<AlertTopic>) -> Self {
        OnFailure::Topic(topic.clone())
    }

    /// The `Destination` value.
    pub fn destination(&self) -> Value {
        match self {
            OnFailure::Queue(queue) => queue.queue_arn(),
            OnFailure::Topic(topic) => topic.topic_arn(),
            OnFailure::Sqs(arn) | OnFailure::Sns(arn) | OnFailure::S3(arn) => arn.value().clone(),
            OnFailure::KafkaTopic(topic) => concat(vec!["kafka://".into(), topic.value().clone()]),
        }
    }

    /// True for an AWS service destination (SQS, SNS, S3), which pollers in a VPC reach
    /// through that service's endpoint.
    pub fn is_aws_service(&self) -> bool {
        !matches!(self, OnFailure::KafkaTopic(_))
    }

    /// Checks the destination itself and against the source topic.
    pub(crate) fn validate(&self, v: &mut Validator<'_>, source_topic: &Value, provisioned: bool) {
        const P: &str = "on_failure";
        match self {
            // Built by this stack: their ARNs are right by construction.
            OnFailure::Queue(_) | OnFailure::Topic(_) => {}
            OnFailure::Sqs(arn) => v.arn(&rule::ON_FAILURE_ARN, P, arn, "sqs", "", "an SQS queue"),
            OnFailure::Sns(arn) => v.arn(&rule::ON_FAILURE_ARN, P, arn, "sns", "", "an SNS topic"),
            OnFailure::S3(arn) => check_bucket_arn(v, arn),
            OnFailure::KafkaTopic(topic) => {
                check_topic(v, P, topic, 1);
                if topic.describe() == source_topic.describe() {
                    v.error(&rule::DEAD_LETTER_TOPIC_IS_SOURCE,
                        P,
                        Some(topic),
                        "is the source topic; Lambda refuses a dead-letter topic that feeds the mapping itself",
                        "send failed records to another topic, e.g. \"<topic>-dlq\"",
                    );
                }
                if !provisioned {
                    v.warn(&rule::KAFKA_DESTINATION_ON_DEMAND,
                        P,
                        Some(topic),
                        "Lambda documents Kafka-topic destinations only for mappings in provisioned mode",
                        "add provisioned_pollers(ProvisionedPollers::new(1, N)), or use an SQS, SNS or S3 destination",
                    );
                }
            }
        }
    }

    /// What the role needs to deliver to the destination. `cluster` is the MSK cluster when
    /// the source uses MSK IAM access control (the only case where writing to a Kafka topic
    /// is an IAM permission).
    pub(crate) fn statements(
        &self,
        source: &Scope,
        iam_cluster: Option<&Value>,
        ctx: &mut SynthContext,
    ) -> Vec<Statement> {
        let sid = source.logical_id("OnFailure");
        match self {
            OnFailure::Queue(queue) => queue.send_statements(ctx),
            OnFailure::Topic(topic) => topic.publish_statements(ctx),
            OnFailure::Sqs(arn) => vec![
                Statement::allow(["sqs:SendMessage"])
                    .sid(sid.as_str())
                    .on(arn.clone()),
            ],
            OnFailure::Sns(arn) => vec![
                Statement::allow(["sns:Publish"])
                    .sid(sid.as_str())
                    .on(arn.clone()),
            ],
            OnFailure::S3(bucket) => vec![
                Statement::allow(["s3:PutObject"])
                    .sid(sid.as_str())
                    .on(concat(vec![bucket.value().clone(), "/*".into()])),
                Statement::allow(["s3:ListBucket"])
                    .sid(source.logical_id("OnFailureList").as_str())
                    .on(bucket.clone()),
            ],
            OnFailure::KafkaTopic(topic) => iam_cluster
                .map(|cluster| vec![dead_letter_topic_statement(source, cluster, topic)])
                .unwrap_or_default(),
        }
    }
}

/// `arn:PARTITION:s3:::BUCKET`: no region, no account, no object key.
fn check_bucket_arn(v: &mut Validator<'_>, arn: &Value) {
    let Some(s) = arn.as_str() else {
        if !arn.is_intrinsic() {
            v.error(
                &rule::ON_FAILURE_ARN,
                "on_failure",
                Some(arn),
                "must be the ARN of an S3 bucket",
                "give arn:aws:s3:::BUCKET",
            );
        }
        return;
    };
    let ok = Arn::parse(s).is_some_and(|a| {
        a.service == "s3"
            && a.region.is_empty()
            && a.account.is_empty()
            && !a.resource.contains('/')
    });
    if !ok {
        v.error(
            &rule::ON_FAILURE_ARN,
            "on_failure",
            Some(arn),
            "is not the ARN of an S3 bucket",
            "give the bucket's ARN, arn:aws:s3:::BUCKET (no key, region or account)",
        );
    }
}
