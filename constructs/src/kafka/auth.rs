//! How the mapping authenticates to the brokers.

use crate::construct::Handle;
use crate::context::SynthContext;
use crate::iam::Statement;
use crate::logical_id::LogicalId;
use crate::props::Prop;
use crate::resources::lambda::SourceAccessConfiguration;
use crate::rules::Rule;
use crate::rules::kafka as rule;
use crate::scope::Scope;
use crate::secret::reference_name;
use crate::secret::sasl::MSK_SECRET_PREFIX;
use crate::secret::{MtlsSecret, OAuthSecret, SaslSecret};
use crate::validate::Validator;
use crate::value::Value;

use super::oauth::{IamWebIdentity, OAuthBearer};
use super::source::KafkaCluster;

/// How the event source mapping authenticates to the Kafka brokers.
///
/// | | MSK | self-managed | Confluent Cloud |
/// |---|---|---|---|
/// | `Iam` | default | – | – |
/// | `IamCluster` (`IAM_AUTH`) | – | ✓ (an MSK cluster behind your own networking) | – |
/// | `IamWebIdentity` (`IAM_OAUTHBEARER_AUTH`) | – | ✓ | – |
/// | `OAuth` (`OAUTHBEARER_AUTH`) | – | ✓ | ✓ |
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
    /// IAM access control on an MSK cluster read as a self-managed source (through a custom
    /// domain or another account's network): `IAM_AUTH`, with the role's `kafka-cluster:`
    /// statements scoped to this cluster ARN.
    IamCluster(Prop<String>),
    /// SASL/OAUTHBEARER with an AWS web identity token for the function's role
    /// (`IAM_OAUTHBEARER_AUTH` and `OAUTHBEARER_AUDIENCE`; self-managed only).
    IamWebIdentity(IamWebIdentity),
    /// SASL/OAUTHBEARER with a token from your identity provider (`OAUTHBEARER_AUTH`;
    /// self-managed and Confluent Cloud).
    #[serde(rename = "oauth")]
    #[schemars(rename = "oauth")]
    OAuth(Box<OAuthBearer>),
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

impl From<OAuthBearer> for KafkaAuth {
    fn from(oauth: OAuthBearer) -> Self {
        KafkaAuth::OAuth(Box::new(oauth))
    }
}

impl KafkaAuth {
    /// SASL/OAUTHBEARER with the client credentials in `secret`; add the scope, audience and
    /// Confluent Cloud's logical cluster and identity pool on the result.
    pub fn oauth(secret: &Handle<OAuthSecret>) -> OAuthBearer {
        OAuthBearer::new(secret)
    }

    /// SASL/OAUTHBEARER with an AWS web identity token for `audience` (what the brokers
    /// expect in the token's `aud` claim).
    pub fn iam_web_identity(audience: impl Into<Value>) -> Self {
        KafkaAuth::IamWebIdentity(IamWebIdentity {
            audience: Prop::new(audience),
        })
    }

    /// IAM access control (`IAM_AUTH`) on the MSK cluster `cluster_arn`, read as a self-managed
    /// source.
    pub fn iam_cluster(cluster_arn: impl Into<Value>) -> Self {
        KafkaAuth::IamCluster(Prop::new(cluster_arn))
    }

    /// The name messages use, e.g. `KafkaAuth::Scram256`.
    pub fn describe(&self) -> &'static str {
        match self {
            KafkaAuth::Iam => "KafkaAuth::Iam",
            KafkaAuth::IamCluster(_) => "KafkaAuth::IamCluster",
            KafkaAuth::IamWebIdentity(_) => "KafkaAuth::IamWebIdentity",
            KafkaAuth::OAuth(_) => "KafkaAuth::OAuth",
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

    /// True when the pollers read a secret from Secrets Manager to authenticate.
    pub fn reads_secret(&self) -> bool {
        matches!(
            self,
            KafkaAuth::OAuth(_)
                | KafkaAuth::Scram512(_)
                | KafkaAuth::Scram256(_)
                | KafkaAuth::Plain(_)
                | KafkaAuth::Mtls(_)
        )
    }

    /// The `SourceAccessConfigurations` entries (none for MSK IAM, which has none).
    pub fn entries(&self) -> Vec<SourceAccessConfiguration> {
        let secret = |kind: &str, arn: Value| vec![SourceAccessConfiguration::new(kind, arn)];
        match self {
            KafkaAuth::Iam => Vec::new(),
            KafkaAuth::IamCluster(_) => vec![SourceAccessConfiguration::flag("IAM_AUTH")],
            KafkaAuth::IamWebIdentity(web) => web.entries(),
            KafkaAuth::OAuth(oauth) => oauth.entries(),
            KafkaAuth::Scram512(s) => secret("SASL_SCRAM_512_AUTH", s.arn()),
            KafkaAuth::Scram256(s) => secret("SASL_SCRAM_256_AUTH", s.arn()),
            KafkaAuth::Plain(s) => secret("BASIC_AUTH", s.arn()),
            KafkaAuth::Mtls(s) => secret("CLIENT_CERTIFICATE_TLS_AUTH", s.arn()),
        }
    }

    /// Lets `role` read the secret the mapping authenticates with, if any.
    pub(crate) fn grant_secret(&self, scope: &Scope, role: &LogicalId, ctx: &mut SynthContext) {
        match self {
            KafkaAuth::Scram512(s) | KafkaAuth::Scram256(s) | KafkaAuth::Plain(s) => {
                s.grant_read(scope, role, ctx);
            }
            KafkaAuth::Mtls(s) => s.grant_read(scope, role, ctx),
            KafkaAuth::OAuth(oauth) => oauth.secret().grant_read(scope, role, ctx),
            KafkaAuth::Iam | KafkaAuth::IamCluster(_) | KafkaAuth::IamWebIdentity(_) => {}
        }
    }

    /// The web identity token statement, for [`KafkaAuth::IamWebIdentity`].
    pub(crate) fn web_identity_statement(&self, source: &Scope) -> Option<Statement> {
        match self {
            KafkaAuth::IamWebIdentity(web) => Some(web.statement(source)),
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
                "set auth(KafkaAuth::Scram512(..)), Scram256, Plain, Mtls, oauth(..) or iam_web_identity(..), or vpc(&vpc) for brokers inside a VPC",
            );
        }
        return;
    };
    let refuse = |v: &mut Validator<'_>, broken: &'static Rule, problem: &str, fix: &str| {
        v.error(broken, P, Some(&Value::from(auth.describe())), problem, fix);
    };
    match auth {
        KafkaAuth::OAuth(oauth) => oauth.check(v),
        KafkaAuth::IamWebIdentity(web) => web.check(v),
        KafkaAuth::IamCluster(arn) => {
            super::validate::check_cluster_arn(v, "auth.iam_cluster", arn)
        }
        _ => {}
    }
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
        (
            KafkaCluster::Msk { .. },
            KafkaAuth::OAuth(_) | KafkaAuth::IamWebIdentity(_) | KafkaAuth::IamCluster(_),
        ) => refuse(
            v,
            &rule::AUTH_SELF_MANAGED_ONLY,
            "is a self-managed Kafka authentication (OAUTHBEARER_AUTH, IAM_OAUTHBEARER_AUTH or IAM_AUTH); an MSK source authenticates with MSK IAM access control, SCRAM-512 or mTLS",
            "use KafkaAuth::Iam (the default) for IAM access control on an MSK source, or read the cluster as a self-managed source",
        ),
        (KafkaCluster::Msk { cluster_arn, .. }, KafkaAuth::Scram512(secret)) => {
            check_msk_scram_secret(v, cluster_arn, secret);
        }
        (KafkaCluster::SelfManaged { .. } | KafkaCluster::Confluent { .. }, KafkaAuth::Iam) => {
            refuse(
                v,
                &rule::IAM_NOT_ON_MSK,
                &format!(
                    "MSK IAM access control without a cluster ARN exists only for MSK sources, not for {}",
                    cluster.describe()
                ),
                "for an MSK cluster behind your own networking use KafkaAuth::iam_cluster(CLUSTER_ARN) (IAM_AUTH); otherwise a SASL, mTLS or OAuth secret",
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
        (KafkaCluster::Confluent { .. }, KafkaAuth::OAuth(oauth))
            if oauth.logical_cluster.is_none() =>
        {
            v.warn(
                &rule::CONFLUENT_OAUTH_LOGICAL_CLUSTER,
                "auth.oauth.logical_cluster",
                None,
                "is missing: Confluent Cloud expects the logical cluster id (lkc-…) with an OAuth token, except for Enterprise clusters reached over PrivateLink",
                "set logical_cluster (OAUTHBEARER_LOGICAL_CLUSTER) to the cluster's lkc-… id, and identity_pool if the identity pool is not resolved by the token",
            );
        }
        (KafkaCluster::Confluent { .. }, KafkaAuth::OAuth(_)) => {}
        (KafkaCluster::Confluent { .. }, _) => refuse(
            v,
            &rule::CONFLUENT_AUTH,
            "Confluent Cloud takes an API key (SASL/PLAIN, BASIC_AUTH) or an OAuth token (OAUTHBEARER_AUTH) only",
            "use the api_key or oauth of KafkaSource::confluent / confluent_oauth",
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
