//! Statements every sink shares: using the stack's key through one service for one resource,
//! and refusing requests that do not use TLS.

use crate::iam::Statement;
use crate::value::Value;

/// Lets a caller use `key_arn` for `actions`, but only through `service` (`kms:ViaService` =
/// `<service>.<region>.amazonaws.com`) and only for the resource that service names in its
/// encryption context (`kms:EncryptionContext:<context_key>` = `context_value`).
pub(crate) fn key_use_through(
    sid: &str,
    actions: &[&str],
    key_arn: Value,
    service: &str,
    context_key: &str,
    context_value: Value,
) -> Statement {
    Statement::allow(actions.iter().copied())
        .sid(sid)
        .on(key_arn)
        .condition(
            "StringEquals",
            "kms:ViaService",
            Value::sub(format!("{service}.${{AWS::Region}}.amazonaws.com")),
        )
        .condition(
            "StringEquals",
            &format!("kms:EncryptionContext:{context_key}"),
            context_value,
        )
}

/// Refuses `actions` on `resource` to every principal whose request does not use TLS
/// (`aws:SecureTransport` = false), the resource-policy statement AWS recommends for SNS and
/// SQS.
pub(crate) fn deny_insecure_transport(actions: &[&str], resource: Value) -> Statement {
    Statement::deny(actions.iter().copied())
        .sid("DenyInsecureTransport")
        .aws_principal("*")
        .on(resource)
        .condition("Bool", "aws:SecureTransport", "false")
}
