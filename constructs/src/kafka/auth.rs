//! How the mapping authenticates to the brokers.

use crate::construct::Handle;
use crate::rules::Rule;
use crate::rules::kafka as rule;
use crate::secret::reference_name;
use crate::secret::sasl::MSK_SECRET_PREFIX;
use crate::secret::{MtlsSecret, SaslSecret};
use crate::validate::Validator;
use crate::value::Value;

use super::source::KafkaCluster;

/// How the event source mapping authenticates to the Kafka brokers.
///
/// | | MSK | self-managed | Confluent Cloud |
/// |---|---|---|---|
/// | `Iam` | default | – | – |
/// | `Scram512` | ✓ (`AmazonMSK_` secret, customer-managed key) | ✓ | – |
/// | `Scram256` | – (MSK supports only SCRAM-SHA-512) | ✓ | – |
/// | `Plain` | – | ✓ | ✓ (API key and secret) |
/// | `Mtls` | ✓ | ✓ | – |
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "How the mapping authenticates.")]
#[serde(rename_all = "snake_case")]
pub enum KafkaAuth {
    /// IAM access control (MSK only; no secret).
    Iam,
    /// SASL/SCRAM-SHA-512 (`SASL_SCRAM_512_AUTH`).
    #[serde(rename = "scram_512")]
    #[schemars(rename = "scram_512")]
    Scram512(Handle<SaslSecret>),
    /// SASL/SCRAM-SHA-256 (`SASL_SCRAM_256_AUTH`; self-managed only).
    #[serde(rename = "scram_256")]
    #[schemars(rename = "scram_256")]
    Scram256(Handle<SaslSecret>),
    /// SASL/PLAIN over TLS (`BASIC_AUTH`; self-managed and Confluent Cloud).
    Plain(Handle<SaslSecret>),
    /// Mutual TLS with a client certificate (`CLIENT_CERTIFICATE_TLS_AUTH`).
    Mtls(Handle<MtlsSecret>),
}

impl KafkaAuth {
    /// The `SourceAccessConfigurations` type, or `None` for IAM (which has none).
    pub fn access_type(&self) -> Option<&'static str> {
        match self {
            KafkaAuth::Iam => None,
            KafkaAuth::Scram512(_) => Some("SASL_SCRAM_512_AUTH"),
            KafkaAuth::Scram256(_) => Some("SASL_SCRAM_256_AUTH"),
            KafkaAuth::Plain(_) => Some("BASIC_AUTH"),
            KafkaAuth::Mtls(_) => Some("CLIENT_CERTIFICATE_TLS_AUTH"),
        }
    }

    /// The name messages use, e.g. `KafkaAuth::Scram256`.
    pub fn describe(&self) -> &'static str {
        match self {
            KafkaAuth::Iam => "KafkaAuth::Iam",
            KafkaAuth::Scram512(_) => "KafkaAuth::Scram512",
            KafkaAuth::Scram256(_) => "KafkaAuth::Scram256",
            KafkaAuth::Plain(_) => "KafkaAuth::Plain",
            KafkaAuth::Mtls(_) => "KafkaAuth::Mtls",
        }
    }

    /// The SASL secret, for the SASL variants.
    pub fn sasl_secret(&self) -> Option<&Handle<SaslSecret>> {
        match self {
            KafkaAuth::Scram512(s) | KafkaAuth::Scram256(s) | KafkaAuth::Plain(s) => Some(s),
            _ => None,
        }
    }
}

/// Checks the authentication against the cluster kind, and the secret against the cluster's
/// rules (MSK SCRAM secrets: `AmazonMSK_` name and a customer-managed key).
pub(crate) fn check_auth(
    v: &mut Validator<'_>,
    cluster: &KafkaCluster,
    auth: Option<&KafkaAuth>,
    has_vpc: bool,
) {
    const P: &str = "auth";
    let Some(auth) = auth else {
        if matches!(cluster, KafkaCluster::SelfManaged { .. }) && !has_vpc {
            v.error(&rule::AUTH_MISSING,
                P,
                None,
                "is missing: a self-managed source without a VPC is reached over the internet, where Lambda needs credentials",
                "set auth(KafkaAuth::Scram512(..)), Scram256, Plain or Mtls, or vpc(&vpc) for brokers inside a VPC",
            );
        }
        return;
    };
    let refuse = |v: &mut Validator<'_>, broken: &'static Rule, problem: &str, fix: &str| {
        v.error(broken, P, Some(&Value::from(auth.describe())), problem, fix);
    };
    match (cluster, auth) {
        (KafkaCluster::Msk { .. }, KafkaAuth::Scram256(_)) => refuse(
            v,
            &rule::SCRAM_256_ON_MSK,
            "Amazon MSK supports only SCRAM-SHA-512",
            "use KafkaAuth::Scram512 with the same secret",
        ),
        (KafkaCluster::Msk { .. }, KafkaAuth::Plain(_)) => refuse(
            v,
            &rule::PLAIN_ON_MSK,
            "Amazon MSK does not offer SASL/PLAIN to Lambda",
            "use KafkaAuth::Iam, Scram512 or Mtls",
        ),
        (KafkaCluster::Msk { cluster_arn }, KafkaAuth::Scram512(secret)) => {
            check_msk_scram_secret(v, cluster_arn, secret);
        }
        (KafkaCluster::SelfManaged { .. } | KafkaCluster::Confluent { .. }, KafkaAuth::Iam) => {
            refuse(
                v,
                &rule::IAM_NOT_ON_MSK,
                &format!(
                    "IAM access control exists only for MSK, not for {}",
                    cluster.describe()
                ),
                "use a SASL or mTLS secret",
            )
        }
        (KafkaCluster::Confluent { .. }, KafkaAuth::Plain(secret))
            if secret.props().is_generated() =>
        {
            v.error(
                &rule::CONFLUENT_GENERATED_KEY,
                P,
                Some(&Value::from(secret.id())),
                "uses a generated secret, but Confluent Cloud issues API keys itself",
                "store the API key and secret in Secrets Manager and use SaslSecret::import",
            );
        }
        (KafkaCluster::Confluent { .. }, KafkaAuth::Plain(_)) => {}
        (KafkaCluster::Confluent { .. }, _) => refuse(
            v,
            &rule::CONFLUENT_AUTH,
            "Confluent Cloud takes SASL/PLAIN with an API key (BASIC_AUTH) only",
            "leave auth as KafkaSource::confluent set it",
        ),
        _ => {}
    }
}

/// MSK SASL/SCRAM secrets: imported ones must be named `AmazonMSK_…` and carry their
/// customer-managed key (MSK refuses secrets encrypted with Secrets Manager's default key);
/// generated ones must be associated with this cluster.
fn check_msk_scram_secret(v: &mut Validator<'_>, cluster: &Value, secret: &Handle<SaslSecret>) {
    const P: &str = "auth";
    let props = secret.props();
    if let Some(arn) = props.imported_arn() {
        if let Some(name) = reference_name(arn) {
            if !name.starts_with(MSK_SECRET_PREFIX) {
                v.error(&rule::MSK_SECRET_NAME,
                    P,
                    Some(arn),
                    format!("names secret {name:?}; Amazon MSK accepts only SCRAM secrets whose name starts with {MSK_SECRET_PREFIX}"),
                    format!("store the credentials in a secret named {MSK_SECRET_PREFIX}…"),
                );
            }
        }
        if secret.kms_key_arn().is_none() {
            v.error(&rule::MSK_SECRET_KEY,
                P,
                Some(arn),
                format!(
                    "secret `{}` has no kms_key_arn; Amazon MSK refuses secrets encrypted with Secrets Manager's default key, so it has a customer-managed one",
                    secret.id()
                ),
                "give the key with SaslSecret::import(..).kms_key_arn(\"arn:aws:kms:…:key/…\")",
            );
        }
        return;
    }
    match props.msk_cluster() {
        None => v.error(
            &rule::MSK_SECRET_ASSOCIATION,
            P,
            Some(&Value::from(secret.id())),
            "uses a generated secret that is not associated with an MSK cluster",
            "create it with SaslSecret::generate(..).for_msk(<this cluster's ARN>)",
        ),
        Some(associated) if associated.describe() != cluster.describe() => v.error(
            &rule::MSK_SECRET_ASSOCIATION,
            P,
            Some(associated),
            format!(
                "secret `{}` is associated with another cluster than this source's",
                secret.id()
            ),
            "pass this source's cluster ARN to SaslSecret::for_msk",
        ),
        Some(_) => {}
    }
}
