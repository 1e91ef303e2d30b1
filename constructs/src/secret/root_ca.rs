//! `RootCaSecret`: the private root CA a self-managed cluster's brokers present
//! (`SERVER_ROOT_CA_CERTIFICATE`).

use crate::construct::{Construct, Handle};
use crate::context::SynthContext;
use crate::logical_id::LogicalId;
use crate::props::{Prop, Referable};
use crate::scope::Scope;
use crate::value::Value;

use super::grant::grant_read;
use super::{ImportedSecret, SecretKey};

/// An existing Secrets Manager secret holding the root CA certificate that signed a
/// self-managed cluster's broker certificates: `{"certificate": "<X.509 PEM>"}`.
///
/// ```
/// use constructs::{secret::RootCaSecret, Stack};
/// let mut stack = Stack::new("orders-anomaly");
/// let ca = stack.add(
///     "BrokerCa",
///     RootCaSecret::import("arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-ca-AbCdEf"),
/// );
/// assert!(ca.kms_key_arn().is_none());
/// ```
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[schemars(
    description = "An existing secret: an mTLS client certificate (`{\"certificate\", \"privateKey\", \"privateKeyPassword\"?}`) or a root CA (`{\"certificate\"}`)."
)]
#[serde(transparent)]
pub struct RootCaSecret {
    secret: ImportedSecret,
}

impl Referable for RootCaSecret {
    const KIND: &'static str = "RootCaSecret";
    const SECTION: &'static str = "root_ca_secrets";
}

impl RootCaSecret {
    /// An existing secret by ARN.
    pub fn import(arn: impl Into<Value>) -> Self {
        Self {
            secret: ImportedSecret::new(arn.into()),
        }
    }

    /// The customer-managed KMS key that encrypts the secret (a key ARN, not an alias).
    pub fn kms_key_arn(mut self, arn: impl Into<Value>) -> Self {
        self.secret.kms_key_arn = Some(Prop::new(arn));
        self
    }
}

impl Construct for RootCaSecret {
    fn kind(&self) -> &'static str {
        "RootCaSecret"
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        self.secret.validate(&mut ctx.validator(self.kind(), scope));
    }
}

impl Handle<RootCaSecret> {
    /// The secret's ARN.
    pub fn arn(&self) -> Value {
        self.props().secret.arn.value().clone()
    }

    /// The customer-managed key that encrypts the secret, when one was given.
    pub fn kms_key_arn(&self) -> Option<Value> {
        self.props()
            .secret
            .kms_key_arn
            .clone()
            .map(Prop::into_value)
    }

    /// How the secret is encrypted.
    pub fn key(&self) -> SecretKey {
        self.props().secret.key()
    }

    /// Lets `role` read the secret (see [`Handle::<super::SaslSecret>::grant_read`]).
    pub fn grant_read(&self, scope: &Scope, role: &LogicalId, ctx: &mut SynthContext) {
        grant_read(self.scope(), &self.arn(), &self.key(), scope, role, ctx);
    }
}
