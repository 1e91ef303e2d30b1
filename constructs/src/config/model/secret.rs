//! Secrets Manager secrets.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::config::value::Val;

/// SASL credentials, `{"username": …, "password": …}`: an existing secret (`import`) or one
/// the stack creates with a generated password (`generate`). Exactly one of the two.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["import"]}, {"required": ["generate"]}]))]
pub struct SaslSecretConfig {
    /// An existing secret, by ARN (`arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf`).
    #[serde(default)]
    pub import: Option<Val<String>>,
    /// A secret the stack creates for this username, with a 32-character password that
    /// Secrets Manager generates (no `"`, `\`, `/`, `@` or space).
    #[serde(default)]
    pub generate: Option<Val<String>>,
    /// The customer-managed KMS key (a key ARN, not an alias) that encrypts the secret.
    /// Required for an imported secret used with Amazon MSK; for a generated secret it
    /// replaces the stack's key.
    #[serde(default)]
    pub kms_key_arn: Option<Val<String>>,
    /// Makes a generated secret a SASL/SCRAM user of this MSK cluster (its ARN): names it
    /// `AmazonMSK_<stack>-<id>` and associates it with the cluster (which replaces the
    /// cluster's other associations).
    #[serde(default)]
    pub for_msk: Option<Val<String>>,
}

/// An existing secret: an mTLS client certificate (`{"certificate", "privateKey",
/// "privateKeyPassword"?}`) or a root CA (`{"certificate"}`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportedSecretConfig {
    /// The secret's ARN.
    pub import: Val<String>,
    /// The customer-managed KMS key (a key ARN, not an alias) that encrypts the secret.
    #[serde(default)]
    pub kms_key_arn: Option<Val<String>>,
}
