//! `MtlsSecret`: a client certificate for mutual TLS (`CLIENT_CERTIFICATE_TLS_AUTH`).

use crate::construct::{Construct, Handle};
use crate::context::SynthContext;
use crate::logical_id::LogicalId;
use crate::props::{Prop, Referable};
use crate::scope::Scope;
use crate::value::Value;

use super::grant::grant_read;
use super::{ImportedSecret, SecretKey};

/// An existing Secrets Manager secret holding a client certificate for mutual TLS:
/// `{"certificate": "<X.509 PEM chain>", "privateKey": "<PKCS#8 PEM>", "privateKeyPassword":
/// "<only when the key is encrypted>"}`.
///
/// ```
/// use constructs::{secret::MtlsSecret, Stack};
/// let mut stack = Stack::new("orders-anomaly");
/// let cert = stack.add(
///     "ClientCert",
///     MtlsSecret::import("arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-client-AbCdEf"),
/// );
/// assert_eq!(cert.arn().as_str(), Some("arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-client-AbCdEf"));
/// ```
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[schemars(
    description = "An existing secret: an mTLS client certificate (`{\"certificate\", \"privateKey\", \"privateKeyPassword\"?}`) or a root CA (`{\"certificate\"}`)."
)]
#[serde(transparent)]
pub struct MtlsSecret {
    secret: ImportedSecret,
}

impl Referable for MtlsSecret {
    const KIND: &'static str = "MtlsSecret";
    const SECTION: &'static str = "mtls_secrets";
}

impl MtlsSecret {
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

impl Construct for MtlsSecret {
    fn kind(&self) -> &'static str {
        "MtlsSecret"
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        self.secret.validate(&mut ctx.validator(self.kind(), scope));
    }
}

impl Handle<MtlsSecret> {
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
