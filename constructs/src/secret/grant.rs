//! The one grant every secret shares: read its value, and decrypt it with its customer-managed
//! key through Secrets Manager.

use crate::context::SynthContext;
use crate::iam::Statement;
use crate::logical_id::LogicalId;
use crate::scope::Scope;
use crate::value::Value;

/// How a secret's value is encrypted at rest.
#[derive(Debug, Clone, PartialEq)]
pub enum SecretKey {
    /// Secrets Manager's AWS managed key (`aws/secretsmanager`): its key policy already lets
    /// principals of the account decrypt through Secrets Manager, so no key grant is needed.
    AwsManaged,
    /// A customer-managed key, by ARN.
    Customer(Value),
    /// The stack's own encryption key ([`SynthContext::encryption_key`]).
    StackKey,
}

/// Grants `role` `secretsmanager:GetSecretValue` on the secret at `secret` (ARN `arn`) and, when
/// a customer-managed key encrypts it, `kms:Decrypt` on that key conditioned on
/// `kms:ViaService` = `secretsmanager.<region>.amazonaws.com`, so the key serves only reads
/// through Secrets Manager. Statement ids derive from the secret's path, so each secret's
/// grants are distinct and granting the same secret twice adds them once.
pub(crate) fn grant_read(
    secret: &Scope,
    arn: &Value,
    key: &SecretKey,
    grantee: &Scope,
    role: &LogicalId,
    ctx: &mut SynthContext,
) {
    let read = Statement::allow(["secretsmanager:GetSecretValue"])
        .sid(secret.logical_id("Read").as_str())
        .on(arn.clone());
    ctx.grant(grantee, role, read);
    let key_arn = match key {
        SecretKey::AwsManaged => return,
        SecretKey::Customer(arn) => arn.clone(),
        SecretKey::StackKey => ctx.encryption_key().arn,
    };
    let decrypt = Statement::allow(["kms:Decrypt"])
        .sid(secret.logical_id("Decrypt").as_str())
        .on(key_arn)
        .condition(
            "StringEquals",
            "kms:ViaService",
            Value::sub("secretsmanager.${AWS::Region}.amazonaws.com"),
        );
    ctx.grant(grantee, role, decrypt);
}
