//! `AnomalyTable`: the DynamoDB table the function writes one item per anomaly to.

use super::policy::key_use_through;
use crate::construct::{Construct, Handle};
use crate::context::SynthContext;
use crate::contract::{
    ANOMALY_TABLE_PARTITION_KEY, ANOMALY_TABLE_SORT_KEY, ANOMALY_TABLE_TTL_ATTRIBUTE,
};
use crate::iam::Statement;
use crate::logical_id::LogicalId;
use crate::props::{OptionalProp, Prop, Referable};
use crate::resources::dynamodb::{
    AttributeDefinition, KeySchemaElement, PointInTimeRecoverySpecification, SseSpecification,
    Table, TimeToLiveSpecification,
};
use crate::scope::Scope;
use crate::template::{DeletionPolicy, Resource};
use crate::validate::Validator;
use crate::value::Value;

const KIND: &str = "AnomalyTable";

/// The DynamoDB table of anomalies: one item per anomalous record, keyed by
/// `topic_partition` (string, `<topic>#<partition>`) and `offset` (number), so a retried batch
/// rewrites the same items instead of duplicating them.
///
/// On-demand capacity, point-in-time recovery, encryption with the stack's customer-managed
/// key, TTL on `expires_at` (the runtime writes it when [`AnomalyTable::ttl_days`] is set),
/// deletion protection, and `DeletionPolicy`/`UpdateReplacePolicy: Retain`: the table holds
/// data, so removing it from the stack or replacing it keeps the old table.
///
/// ```
/// use constructs::{sinks::AnomalyTable, Stack};
/// let mut stack = Stack::new("demo");
/// let table = stack.add("Anomalies", AnomalyTable::new().ttl_days(30));
/// assert_eq!(table.table_name().describe(), r#"{"Ref":"AnomaliesTable"}"#);
/// assert_eq!(table.ttl_days(), Some(30));
/// assert!(stack.synth().is_ok());
/// ```
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[schemars(
    description = "A DynamoDB table of anomalies, keyed by topic#partition and offset, encrypted with the stack's key."
)]
#[serde(default, deny_unknown_fields)]
pub struct AnomalyTable {
    /// Days an anomaly is kept before DynamoDB's TTL deletes it (at least 1; unset keeps
    /// them).
    #[schemars(range(min = 1))]
    ttl_days: Option<u32>,
    /// Whether DynamoDB refuses to delete the table (default true).
    deletion_protection: bool,
    /// Days the table can be restored back to with point-in-time recovery, 1 to 35 (default
    /// 35, DynamoDB's own).
    #[schemars(extend("minimum" = 1, "maximum" = 35))]
    recovery_period_days: Option<Prop<i64>>,
    /// A fixed table name (3 to 255 letters, digits, `_`, `-`, `.`); by default
    /// CloudFormation generates one.
    #[schemars(extend("pattern" = "^[a-zA-Z0-9_.-]{3,255}$"))]
    table_name: Option<Prop<String>>,
}

impl Referable for AnomalyTable {
    const KIND: &'static str = KIND;
    const SECTION: &'static str = "anomaly_tables";
}

impl Default for AnomalyTable {
    fn default() -> Self {
        Self::new()
    }
}

impl AnomalyTable {
    /// A table whose items never expire, with deletion protection on.
    pub fn new() -> Self {
        Self {
            ttl_days: None,
            deletion_protection: true,
            recovery_period_days: None,
            table_name: None,
        }
    }

    /// Days an anomaly is kept before DynamoDB's TTL deletes it (at least 1). The function
    /// writes each item's expiry time; without this, items are kept.
    pub fn ttl_days(mut self, days: u32) -> Self {
        self.ttl_days = Some(days);
        self
    }

    /// Whether DynamoDB refuses to delete the table (default: true).
    pub fn deletion_protection(mut self, enabled: bool) -> Self {
        self.deletion_protection = enabled;
        self
    }

    /// A fixed table name (3 to 255 letters, digits, `_`, `-` and `.`). By default
    /// CloudFormation generates one; a fixed name makes replacing the table impossible and,
    /// since the table is retained, redeploying a deleted stack fail until the old table is
    /// removed.
    pub fn table_name(mut self, name: impl Into<Value>) -> Self {
        self.table_name = Some(Prop::new(name));
        self
    }

    /// Days the table can be restored back to with point-in-time recovery (1 to 35; default
    /// 35). Recovery is always on; a shorter window keeps fewer days of continuous backups.
    pub fn recovery_period_days(mut self, days: impl Into<Value>) -> Self {
        self.recovery_period_days = Some(Prop::new(days));
        self
    }

    fn validate(&self, v: &mut Validator<'_>) {
        if let Some(days) = &self.recovery_period_days {
            v.int_range(
                &crate::rules::sinks::RECOVERY_PERIOD,
                "recovery_period_days",
                days,
                1,
                35,
                "DynamoDB keeps point-in-time backups for 1 to 35 days",
            );
        }
        if self.ttl_days == Some(0) {
            v.error(
                &crate::rules::contract::ANOMALY_TTL,
                "ttl_days",
                Some(&Value::Int(0)),
                "would expire every anomaly as soon as it is written",
                "keep anomalies at least 1 day, or leave ttl_days unset to keep them",
            );
        }
        if let Some(name) = &self.table_name {
            v.string_len(
                &crate::rules::sinks::TABLE_NAME,
                "table_name",
                name,
                3,
                255,
                "DynamoDB table names have 3 to 255 characters",
            );
            v.chars(
                &crate::rules::sinks::TABLE_NAME,
                "table_name",
                name,
                |c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'),
                "letters, digits, `_`, `-` and `.`",
            );
        }
    }
}

impl Construct for AnomalyTable {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        self.validate(&mut ctx.validator(KIND, scope));
        let key = ctx.encryption_key();
        let table = Table {
            table_name: self.table_name.clone().map(Prop::into_value),
            billing_mode: "PAY_PER_REQUEST".into(),
            attribute_definitions: vec![
                AttributeDefinition {
                    attribute_name: ANOMALY_TABLE_PARTITION_KEY.into(),
                    attribute_type: "S".into(),
                },
                AttributeDefinition {
                    attribute_name: ANOMALY_TABLE_SORT_KEY.into(),
                    attribute_type: "N".into(),
                },
            ],
            key_schema: vec![
                KeySchemaElement {
                    attribute_name: ANOMALY_TABLE_PARTITION_KEY.into(),
                    key_type: "HASH".into(),
                },
                KeySchemaElement {
                    attribute_name: ANOMALY_TABLE_SORT_KEY.into(),
                    key_type: "RANGE".into(),
                },
            ],
            point_in_time_recovery_specification: Some(PointInTimeRecoverySpecification {
                point_in_time_recovery_enabled: true,
                recovery_period_in_days: self.recovery_period_days.to_value(),
            }),
            sse_specification: Some(SseSpecification {
                sse_enabled: true,
                sse_type: "KMS".into(),
                kms_master_key_id: key.arn,
            }),
            // Always on, whether or not the function writes the attribute, so setting
            // ttl_days later changes only the function, not the table.
            time_to_live_specification: Some(TimeToLiveSpecification {
                attribute_name: ANOMALY_TABLE_TTL_ATTRIBUTE.into(),
                enabled: true,
            }),
            deletion_protection_enabled: Some(self.deletion_protection),
        };
        ctx.add_resource(
            scope,
            table_id(scope),
            Resource::new(&table).retain_policy(DeletionPolicy::Retain),
        );
    }
}

fn table_id(scope: &Scope) -> LogicalId {
    scope.logical_id("Table")
}

impl Handle<AnomalyTable> {
    /// The logical id of the `AWS::DynamoDB::Table`.
    pub fn table_id(&self) -> LogicalId {
        table_id(self.scope())
    }

    /// The table's name (`Ref`).
    pub fn table_name(&self) -> Value {
        Value::reference(&self.table_id())
    }

    /// The table's ARN.
    pub fn table_arn(&self) -> Value {
        Value::get_att(&self.table_id(), "Arn")
    }

    /// Days anomalies are kept, when set.
    pub fn ttl_days(&self) -> Option<u32> {
        self.props().ttl_days
    }

    /// Lets `role` write anomalies: `dynamodb:BatchWriteItem` (the one call the runtime makes)
    /// on this table, and `kms:Decrypt` on the stack's key through DynamoDB for this table
    /// only. DynamoDB decrypts the table key with the caller's credentials when the caller
    /// first accesses a table encrypted with a customer-managed key (AWS KMS Developer Guide,
    /// "How Amazon DynamoDB uses AWS KMS"), so a writer needs that one key permission;
    /// `kms:ViaService` and the `aws:dynamodb:tableName` encryption context limit it to this
    /// table.
    pub fn grant_write(&self, scope: &Scope, role: &LogicalId, ctx: &mut SynthContext) {
        ctx.grant(
            scope,
            role,
            Statement::allow(["dynamodb:BatchWriteItem"])
                .sid(self.scope().logical_id("Write").as_str())
                .on(self.table_arn()),
        );
        let key = ctx.encryption_key();
        ctx.grant(
            scope,
            role,
            key_use_through(
                self.scope().logical_id("Decrypt").as_str(),
                &["kms:Decrypt"],
                key.arn,
                "dynamodb",
                "aws:dynamodb:tableName",
                self.table_name(),
            ),
        );
    }
}
