//! The mapping's Kafka consumer group.

use crate::rules::kafka as rule;
use crate::scope::Scope;
use crate::validate::Validator;
use crate::value::Value;

/// The default consumer group id of the source at `scope`: `${AWS::StackName}-<construct path>`.
///
/// Kafka tracks committed offsets per group, so the group decides where a mapping resumes and
/// which consumers share the partitions. A fixed default (say, the construct id alone) would
/// make two deployments of the same template against the same cluster (a staging and a
/// production stack, or a blue/green pair) join one group and split the topic's partitions
/// between them, each seeing only part of the records. The stack name keeps deployments apart
/// and the construct path keeps a stack's sources apart, while the id stays the same across
/// updates of one stack (the property cannot change after creation). A stack name (≤128) and
/// a construct id (≤64) fit the 200-character limit.
pub fn default_group_id(scope: &Scope) -> Value {
    Value::sub(format!(
        "${{AWS::StackName}}-{}",
        crate::value::sub::sub_literal(&scope.path())
    ))
}

/// The default group id of a queue-mode source: `${AWS::StackName}-<construct path>-queue`.
/// A share group cannot take over a consumer group's id (Kafka keeps one group type per id),
/// and when a source switches modes CloudFormation creates the new mapping before deleting the
/// old one, while Lambda wants group ids unique among a region's Kafka mappings: the suffix
/// keeps the two apart.
pub(crate) fn default_share_group_id(scope: &Scope) -> Value {
    Value::sub(format!(
        "${{AWS::StackName}}-{}-queue",
        crate::value::sub::sub_literal(&scope.path())
    ))
}

/// Checks a literal group id: 1–200 characters of `[a-zA-Z0-9-/*:_+=.@]`.
pub(crate) fn check_group_id(v: &mut Validator<'_>, group: &Value) {
    const P: &str = "consumer_group_id";
    v.string_len(
        &rule::CONSUMER_GROUP_ID,
        P,
        group,
        1,
        200,
        "Lambda's ConsumerGroupId limit",
    );
    v.chars(
        &rule::CONSUMER_GROUP_ID,
        P,
        group,
        |c| c.is_ascii_alphanumeric() || "-/*:_+=.@".contains(c),
        "ASCII letters, digits and '-', '/', '*', ':', '_', '+', '=', '.', '@'",
    );
}
