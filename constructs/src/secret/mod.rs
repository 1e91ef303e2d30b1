//! Secrets Manager secrets the Kafka sources (and schema registries) authenticate with: SASL
//! credentials ([`SaslSecret`]), mTLS client certificates ([`MtlsSecret`]), private root CAs
//! ([`RootCaSecret`]) and OAuth 2.0 client credentials ([`OAuthSecret`]).
//!
//! No secret material is ever written into a template: secrets are imported by ARN, or (SASL
//! only) created with a password that Secrets Manager generates at deploy time, which a
//! function you supply can rotate on a schedule ([`SecretRotation`]). Wiring a secret
//! to a consumer grants `secretsmanager:GetSecretValue` on that secret and, when a
//! customer-managed KMS key encrypts it, `kms:Decrypt` on that key through Secrets Manager only.

mod grant;
mod mtls;
mod oauth;
mod reference;
mod root_ca;
mod rotation;
pub(crate) mod sasl;

pub use grant::SecretKey;
pub use mtls::MtlsSecret;
pub use oauth::{OAuthField, OAuthGrant, OAuthSecret};
pub use root_ca::RootCaSecret;
pub use rotation::{DEFAULT_ROTATION_DAYS, SecretRotation};
pub use sasl::{MSK_SECRET_PREFIX, PASSWORD_EXCLUDED_CHARACTERS, PASSWORD_LENGTH, SaslSecret};

pub(crate) use oauth::check_https;
pub(crate) use reference::{ImportedSecret, secret_name as reference_name};
