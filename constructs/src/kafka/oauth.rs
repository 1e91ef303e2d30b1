//! SASL/OAUTHBEARER on self-managed clusters: tokens from your identity provider
//! (`OAUTHBEARER_AUTH` and its optional entries) or AWS web identity tokens
//! (`IAM_OAUTHBEARER_AUTH` with `OAUTHBEARER_AUDIENCE`).

use crate::construct::Handle;
use crate::iam::Statement;
use crate::iam::unscoped::WEB_IDENTITY_TOKEN_REASON;
use crate::props::{OptionalProp, Prop};
use crate::resources::lambda::SourceAccessConfiguration;
use crate::rules::kafka as rule;
use crate::scope::Scope;
use crate::secret::OAuthSecret;
use crate::validate::Validator;
use crate::value::Value;

/// The longest `URI` of a source access configuration, which holds each literal OAuth value.
pub const MAX_OAUTH_VALUE_LEN: usize = 200;

/// SASL/OAUTHBEARER with an access token Lambda requests from your identity provider with the
/// credentials of an [`OAuthSecret`] (`OAUTHBEARER_AUTH`), and the optional values Lambda sends
/// with the request or to the brokers, each its own `SourceAccessConfigurations` entry:
/// `scope` (`OAUTHBEARER_SCOPE`), `audience` (`OAUTHBEARER_AUDIENCE`), and Confluent Cloud's
/// `logical_cluster` (`OAUTHBEARER_LOGICAL_CLUSTER`) and `identity_pool`
/// (`OAUTHBEARER_IDENTITY_POOL`). Self-managed and Confluent Cloud sources only.
///
/// ```
/// use constructs::kafka::KafkaAuth;
/// use constructs::{OAuthSecret, Stack};
/// let mut stack = Stack::new("orders-anomaly");
/// let idp = stack.add(
///     "IdpClient",
///     OAuthSecret::import("arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-oauth-AbCdEf"),
/// );
/// let auth: KafkaAuth = KafkaAuth::oauth(&idp).scope("kafka").audience("kafka-brokers").into();
/// assert_eq!(auth.describe(), "KafkaAuth::OAuth");
/// ```
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "SASL/OAUTHBEARER with an identity provider's token.")]
#[serde(deny_unknown_fields)]
pub struct OAuthBearer {
    /// The `oauth_secrets` id holding the client credentials.
    pub(crate) secret: Handle<OAuthSecret>,
    /// The scope Lambda requests with the token (1 to 200 characters).
    #[serde(default)]
    pub(crate) scope: Option<Prop<String>>,
    /// The audience Lambda requests with the token (1 to 200 characters).
    #[serde(default)]
    pub(crate) audience: Option<Prop<String>>,
    /// The logical cluster id Lambda sends to the brokers (Confluent Cloud's `lkc-…`).
    #[serde(default)]
    pub(crate) logical_cluster: Option<Prop<String>>,
    /// The identity pool id Lambda sends to the brokers (Confluent Cloud's `pool-…`).
    #[serde(default)]
    pub(crate) identity_pool: Option<Prop<String>>,
}

impl OAuthBearer {
    /// OAuth with the client credentials in `secret`.
    pub fn new(secret: &Handle<OAuthSecret>) -> Self {
        Self {
            secret: secret.clone(),
            scope: None,
            audience: None,
            logical_cluster: None,
            identity_pool: None,
        }
    }

    /// The scope Lambda requests (`OAUTHBEARER_SCOPE`).
    pub fn scope(mut self, scope: impl Into<Value>) -> Self {
        self.scope = Some(Prop::new(scope));
        self
    }

    /// The audience Lambda requests (`OAUTHBEARER_AUDIENCE`).
    pub fn audience(mut self, audience: impl Into<Value>) -> Self {
        self.audience = Some(Prop::new(audience));
        self
    }

    /// The logical cluster id sent to the brokers (`OAUTHBEARER_LOGICAL_CLUSTER`; Confluent
    /// Cloud).
    pub fn logical_cluster(mut self, id: impl Into<Value>) -> Self {
        self.logical_cluster = Some(Prop::new(id));
        self
    }

    /// The identity pool id sent to the brokers (`OAUTHBEARER_IDENTITY_POOL`; Confluent Cloud).
    pub fn identity_pool(mut self, id: impl Into<Value>) -> Self {
        self.identity_pool = Some(Prop::new(id));
        self
    }

    /// The secret with the client credentials.
    pub fn secret(&self) -> &Handle<OAuthSecret> {
        &self.secret
    }

    /// The optional entries, as (type, property, value).
    fn extras(&self) -> [(&'static str, &'static str, Option<Value>); 4] {
        [
            ("OAUTHBEARER_SCOPE", "scope", self.scope.to_value()),
            ("OAUTHBEARER_AUDIENCE", "audience", self.audience.to_value()),
            (
                "OAUTHBEARER_LOGICAL_CLUSTER",
                "logical_cluster",
                self.logical_cluster.to_value(),
            ),
            (
                "OAUTHBEARER_IDENTITY_POOL",
                "identity_pool",
                self.identity_pool.to_value(),
            ),
        ]
    }

    /// `OAUTHBEARER_AUTH` with the secret's ARN, then each optional entry given.
    pub(crate) fn entries(&self) -> Vec<SourceAccessConfiguration> {
        let mut entries = vec![SourceAccessConfiguration::new(
            "OAUTHBEARER_AUTH",
            self.secret.arn(),
        )];
        for (kind, _, value) in self.extras() {
            if let Some(value) = value {
                entries.push(SourceAccessConfiguration::new(kind, value));
            }
        }
        entries
    }

    /// Each literal value fits a `URI`.
    pub(crate) fn check(&self, v: &mut Validator<'_>) {
        for (_, property, value) in self.extras() {
            if let Some(value) = value {
                check_value(v, &format!("auth.oauth.{property}"), &value);
            }
        }
    }
}

/// SASL/OAUTHBEARER with an AWS web identity token for the function's execution role
/// (`IAM_OAUTHBEARER_AUTH`): Lambda calls `sts:GetWebIdentityToken` for `audience`
/// (`OAUTHBEARER_AUDIENCE`, the only entry Lambda takes with it). The account must have
/// outbound identity federation turned on, and the brokers must trust the account's issuer.
/// Self-managed sources only.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "SASL/OAUTHBEARER with an AWS web identity token.")]
#[serde(deny_unknown_fields)]
pub struct IamWebIdentity {
    /// The audience the brokers expect (1 to 200 characters).
    pub(crate) audience: Prop<String>,
}

impl IamWebIdentity {
    /// `IAM_OAUTHBEARER_AUTH` (no `URI`) and `OAUTHBEARER_AUDIENCE`.
    pub(crate) fn entries(&self) -> Vec<SourceAccessConfiguration> {
        vec![
            SourceAccessConfiguration::flag("IAM_OAUTHBEARER_AUTH"),
            SourceAccessConfiguration::new("OAUTHBEARER_AUDIENCE", self.audience.value().clone()),
        ]
    }

    /// The audience fits a `URI`.
    pub(crate) fn check(&self, v: &mut Validator<'_>) {
        check_value(v, "auth.iam_web_identity.audience", &self.audience);
    }

    /// `sts:GetWebIdentityToken`, which supports no resource-level permissions, limited to the
    /// audience by the `sts:IdentityTokenAudience` condition key (a request may name several
    /// audiences, so every one must be this one: `ForAllValues:StringEquals`).
    pub(crate) fn statement(&self, source: &Scope) -> Statement {
        Statement::allow(["sts:GetWebIdentityToken"])
            .sid(source.logical_id("WebIdentityToken").as_str())
            .on_any_resource(WEB_IDENTITY_TOKEN_REASON)
            .condition(
                "ForAllValues:StringEquals",
                "sts:IdentityTokenAudience",
                self.audience.value().clone(),
            )
    }
}

/// A literal OAuth value: 1 to 200 characters (a `URI`'s length).
fn check_value(v: &mut Validator<'_>, property: &str, value: &Value) {
    v.string_len(
        &rule::OAUTH_VALUE,
        property,
        value,
        1,
        MAX_OAUTH_VALUE_LEN,
        "Lambda carries each OAuth value in a source access configuration's URI, of 1 to 200 characters",
    );
}
