//! `Queue`: an SQS queue for bad records and for batches a Kafka mapping gives up on.

use super::policy::{deny_insecure_transport, key_use_through};
use crate::construct::{Construct, Handle};
use crate::context::SynthContext;
use crate::iam::{PolicyDocument, Statement};
use crate::logical_id::LogicalId;
use crate::props::{Prop, Referable};
use crate::resources::sqs::{Queue as QueueProps, QueuePolicy};
use crate::scope::Scope;
use crate::template::Resource;
use crate::validate::Validator;
use crate::value::Value;

const KIND: &str = "Queue";

/// Default retention: 14 days, the longest SQS allows, to leave time to replay.
pub const DEFAULT_RETENTION_SECONDS: i64 = 1_209_600;

/// Default data-key reuse: 5 minutes, SQS's own default.
pub const DEFAULT_DATA_KEY_REUSE_SECONDS: i64 = 300;

/// An SQS queue encrypted with the stack's customer-managed key, keeping messages 14 days,
/// whose policy refuses requests without TLS.
///
/// Wire it to the function for records it cannot score
/// ([`AnomalyFunction::bad_record_queue`](crate::AnomalyFunction::bad_record_queue)) and/or to
/// a Kafka source for batches the mapping discards
/// ([`OnFailure::queue`](crate::OnFailure::queue)); either way the role gets `sqs:SendMessage`
/// on it and the key use SQS needs from a producer.
///
/// ```
/// use constructs::{sinks::Queue, Stack};
/// let mut stack = Stack::new("demo");
/// let queue = stack.add("BadRecords", Queue::new());
/// assert_eq!(queue.queue_url().describe(), r#"{"Ref":"BadRecordsQueue"}"#);
/// assert!(stack.synth().is_ok());
/// ```
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "An SQS queue, encrypted with the stack's key.")]
#[serde(default, deny_unknown_fields)]
pub struct Queue {
    /// Seconds a message is kept, 60 to 1,209,600 (default 14 days).
    #[schemars(extend("minimum" = 60, "maximum" = 1_209_600))]
    retention_seconds: Prop<i64>,
    /// Seconds SQS reuses a data key, 60 to 86,400 (default 300).
    #[schemars(extend("minimum" = 60, "maximum" = 86_400))]
    data_key_reuse_seconds: Prop<i64>,
}

impl Referable for Queue {
    const KIND: &'static str = KIND;
    const SECTION: &'static str = "queues";
}

impl Default for Queue {
    fn default() -> Self {
        Self::new()
    }
}

impl Queue {
    /// A queue keeping messages [`DEFAULT_RETENTION_SECONDS`] (14 days).
    pub fn new() -> Self {
        Self {
            retention_seconds: Prop::new(DEFAULT_RETENTION_SECONDS),
            data_key_reuse_seconds: Prop::new(DEFAULT_DATA_KEY_REUSE_SECONDS),
        }
    }

    /// Seconds a message is kept, 60 to 1,209,600 (14 days, the default).
    pub fn retention_seconds(mut self, seconds: impl Into<Value>) -> Self {
        self.retention_seconds = Prop::new(seconds);
        self
    }

    /// Seconds SQS reuses a data key before asking KMS for a new one, 60 to 86,400 (default
    /// 300): longer means fewer KMS calls, shorter means less data under one data key.
    pub fn data_key_reuse_seconds(mut self, seconds: impl Into<Value>) -> Self {
        self.data_key_reuse_seconds = Prop::new(seconds);
        self
    }

    fn validate(&self, v: &mut Validator<'_>) {
        v.int_range(
            &crate::rules::sinks::QUEUE_RETENTION,
            "retention_seconds",
            &self.retention_seconds,
            60,
            DEFAULT_RETENTION_SECONDS,
            "SQS keeps messages 1 minute to 14 days",
        );
        v.int_range(
            &crate::rules::sinks::QUEUE_DATA_KEY_REUSE,
            "data_key_reuse_seconds",
            &self.data_key_reuse_seconds,
            60,
            86_400,
            "SQS reuses a data key 1 minute to 24 hours",
        );
    }
}

impl Construct for Queue {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        self.validate(&mut ctx.validator(KIND, scope));
        let key = ctx.encryption_key();
        let id = queue_id(scope);
        ctx.add_resource(
            scope,
            id.clone(),
            Resource::new(&QueueProps {
                message_retention_period: Some(self.retention_seconds.value().clone()),
                kms_master_key_id: Some(key.arn),
                kms_data_key_reuse_period_seconds: Some(
                    self.data_key_reuse_seconds.value().clone(),
                ),
            }),
        );
        let policy = QueuePolicy {
            policy_document: PolicyDocument::new(vec![deny_insecure_transport(
                &["sqs:*"],
                Value::get_att(&id, "Arn"),
            )]),
            queues: vec![Value::reference(&id)],
        };
        ctx.add_resource(scope, scope.logical_id("Policy"), Resource::new(&policy));
    }
}

fn queue_id(scope: &Scope) -> LogicalId {
    scope.logical_id("Queue")
}

impl Handle<Queue> {
    /// The logical id of the `AWS::SQS::Queue`.
    pub fn queue_id(&self) -> LogicalId {
        queue_id(self.scope())
    }

    /// The queue's URL (`Ref`), which the runtime sends to.
    pub fn queue_url(&self) -> Value {
        Value::reference(&self.queue_id())
    }

    /// The queue's ARN.
    pub fn queue_arn(&self) -> Value {
        Value::get_att(&self.queue_id(), "Arn")
    }

    /// Lets `role` send to this queue: `sqs:SendMessage` on it (which also authorizes
    /// `SendMessageBatch`, the call the runtime makes), and `kms:GenerateDataKey` and
    /// `kms:Decrypt` on the stack's key — what AWS documents a producer to a queue encrypted
    /// with a customer-managed key needs — through SQS for this queue only (`kms:ViaService`,
    /// encryption context `aws:sqs:arn`).
    pub fn grant_send(&self, scope: &Scope, role: &LogicalId, ctx: &mut SynthContext) {
        for statement in self.send_statements(ctx) {
            ctx.grant(scope, role, statement);
        }
    }

    /// The statements [`Handle::<Queue>::grant_send`] grants.
    pub(crate) fn send_statements(&self, ctx: &mut SynthContext) -> Vec<Statement> {
        let key = ctx.encryption_key();
        vec![
            Statement::allow(["sqs:SendMessage"])
                .sid(self.scope().logical_id("Send").as_str())
                .on(self.queue_arn()),
            key_use_through(
                self.scope().logical_id("UseKey").as_str(),
                &["kms:GenerateDataKey", "kms:Decrypt"],
                key.arn,
                "sqs",
                "aws:sqs:arn",
                self.queue_arn(),
            ),
        ]
    }
}
