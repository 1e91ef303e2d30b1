//! `OAuthSecret`: the OAuth 2.0 client credentials Lambda exchanges for an access token when it
//! authenticates with SASL/OAUTHBEARER (`OAUTHBEARER_AUTH`), to Kafka brokers or to a Confluent
//! schema registry.

use crate::construct::{Construct, Handle};
use crate::context::SynthContext;
use crate::logical_id::LogicalId;
use crate::props::{Prop, Referable};
use crate::rules::secret as rule;
use crate::scope::Scope;
use crate::validate::Validator;
use crate::value::Value;

use super::SecretKey;
use super::grant::grant_read;
use super::reference::{check_import_arn, check_key_arn};

/// A key the OAuth secret's JSON holds besides the two every one has (`oauthTokenEndpointUrl`
/// and `oauthClientId`). Which keys are there decides the grant Lambda uses: `client_secret` for
/// client credentials, `client_email` with `private_key` for a JWT bearer assertion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "A key of the OAuth secret.")]
#[serde(rename_all = "snake_case")]
pub enum OAuthField {
    /// `oauthClientSecret`: the client secret (client credentials grant).
    ClientSecret,
    /// `oauthClientEmail`: the service account identity put in the JWT assertion (JWT bearer).
    ClientEmail,
    /// `oauthPrivateKey`: the PEM key that signs the JWT assertion (JWT bearer).
    PrivateKey,
    /// `oauthTokenExpirationSeconds`: the lifetime of the JWT assertion (JWT bearer only).
    TokenExpirationSeconds,
    /// `oauthIdpCaCertificate`: the identity provider's private root CA, in PEM.
    IdpCaCertificate,
}

impl OAuthField {
    /// The key in the secret's JSON.
    pub fn key(self) -> &'static str {
        match self {
            OAuthField::ClientSecret => "oauthClientSecret",
            OAuthField::ClientEmail => "oauthClientEmail",
            OAuthField::PrivateKey => "oauthPrivateKey",
            OAuthField::TokenExpirationSeconds => "oauthTokenExpirationSeconds",
            OAuthField::IdpCaCertificate => "oauthIdpCaCertificate",
        }
    }
}

/// An existing Secrets Manager secret holding OAuth 2.0 client credentials, the JSON document
/// Lambda documents for `OAUTHBEARER_AUTH`: `{"oauthTokenEndpointUrl": "https://…",
/// "oauthClientId": "…"}` plus either `"oauthClientSecret"` (client credentials grant) or
/// `"oauthClientEmail"` and `"oauthPrivateKey"` (JWT bearer grant), and optionally
/// `"oauthTokenExpirationSeconds"` (JWT bearer) and `"oauthIdpCaCertificate"`.
///
/// The secret's values never enter the template. What the stack can check it is told: the token
/// endpoint ([`OAuthSecret::token_endpoint_url`], an `https://` URL) and which keys the secret
/// holds ([`OAuthSecret::client_credentials`], [`OAuthSecret::jwt_bearer`],
/// [`OAuthSecret::field`]); a secret described with the keys of both grants is refused, as
/// Lambda refuses it. Wiring the secret grants `secretsmanager:GetSecretValue` on it (and
/// `kms:Decrypt` on its key through Secrets Manager).
///
/// ```
/// use constructs::{secret::OAuthSecret, Stack};
/// let mut stack = Stack::new("orders-anomaly");
/// let idp = stack.add(
///     "IdpClient",
///     OAuthSecret::import("arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-oauth-AbCdEf")
///         .token_endpoint_url("https://idp.example.com/oauth2/token")
///         .client_credentials(),
/// );
/// assert!(idp.kms_key_arn().is_none());
/// assert!(stack.synth().is_ok());
/// ```
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[schemars(
    description = "An existing secret with OAuth 2.0 client credentials for SASL/OAUTHBEARER: `{\"oauthTokenEndpointUrl\", \"oauthClientId\"}` plus `oauthClientSecret` (client credentials) or `oauthClientEmail` and `oauthPrivateKey` (JWT bearer)."
)]
#[serde(deny_unknown_fields)]
pub struct OAuthSecret {
    /// The secret's ARN (`arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf`).
    #[serde(rename = "import")]
    #[schemars(extend("examples" = ["arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka/oauth-AbCdEf", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:confluent-oauth-Gh1jK2"]))]
    arn: Prop<String>,
    /// The customer-managed KMS key (a key ARN, not an alias) that encrypts the secret.
    #[serde(default)]
    #[schemars(extend("examples" = ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]))]
    kms_key_arn: Option<Prop<String>>,
    /// The token endpoint the secret's `oauthTokenEndpointUrl` holds, so the stack can check it
    /// is an `https://` URL, as Lambda requires.
    #[serde(default)]
    #[schemars(extend("examples" = ["https://idp.example.com/oauth2/token", "https://login.example.org/realms/kafka/protocol/openid-connect/token"]))]
    token_endpoint_url: Option<Prop<String>>,
    /// The keys the secret holds besides `oauthTokenEndpointUrl` and `oauthClientId`:
    /// `client_secret` (client credentials), or `client_email` and `private_key` (JWT bearer);
    /// optionally `token_expiration_seconds` (JWT bearer) and `idp_ca_certificate`. Not both
    /// grants. Leave it out to describe nothing.
    #[serde(default)]
    fields: Vec<OAuthField>,
}

impl Referable for OAuthSecret {
    const KIND: &'static str = KIND;
    const SECTION: &'static str = "oauth_secrets";
}

const KIND: &str = "OAuthSecret";

/// The grant a described secret selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthGrant {
    /// `oauthClientSecret`.
    ClientCredentials,
    /// `oauthClientEmail` and `oauthPrivateKey`.
    JwtBearer,
}

impl OAuthSecret {
    /// An existing secret by ARN, its keys undescribed.
    pub fn import(arn: impl Into<Value>) -> Self {
        Self {
            arn: Prop::new(arn),
            kms_key_arn: None,
            token_endpoint_url: None,
            fields: Vec::new(),
        }
    }

    /// The customer-managed KMS key that encrypts the secret (a key ARN, not an alias).
    pub fn kms_key_arn(mut self, arn: impl Into<Value>) -> Self {
        self.kms_key_arn = Some(Prop::new(arn));
        self
    }

    /// The token endpoint the secret names (`oauthTokenEndpointUrl`), checked to be `https://`.
    pub fn token_endpoint_url(mut self, url: impl Into<Value>) -> Self {
        self.token_endpoint_url = Some(Prop::new(url));
        self
    }

    /// Says the secret holds `oauthClientSecret`: the client credentials grant.
    pub fn client_credentials(self) -> Self {
        self.field(OAuthField::ClientSecret)
    }

    /// Says the secret holds `oauthClientEmail` and `oauthPrivateKey`: the JWT bearer grant.
    pub fn jwt_bearer(self) -> Self {
        self.field(OAuthField::ClientEmail)
            .field(OAuthField::PrivateKey)
    }

    /// Says the secret holds `field`.
    pub fn field(mut self, field: OAuthField) -> Self {
        if !self.fields.contains(&field) {
            self.fields.push(field);
        }
        self
    }

    /// The grant the described keys select; `None` when they name none, or both.
    pub fn grant(&self) -> Option<OAuthGrant> {
        let has = |f| self.fields.contains(&f);
        let jwt = has(OAuthField::ClientEmail) || has(OAuthField::PrivateKey);
        match (has(OAuthField::ClientSecret), jwt) {
            (true, false) => Some(OAuthGrant::ClientCredentials),
            (false, true) => Some(OAuthGrant::JwtBearer),
            _ => None,
        }
    }

    fn validate(&self, v: &mut Validator<'_>) {
        check_import_arn(v, &self.arn);
        if let Some(key) = &self.kms_key_arn {
            check_key_arn(v, key);
        }
        if let Some(url) = &self.token_endpoint_url {
            check_https(
                v,
                &rule::OAUTH_TOKEN_ENDPOINT,
                "token_endpoint_url",
                url,
                "Lambda requests tokens only from an HTTPS token endpoint",
            );
        }
        if self.fields.is_empty() {
            return;
        }
        let has = |f| self.fields.contains(&f);
        let listed = Value::list(self.fields.iter().map(|f| f.key()));
        let jwt = has(OAuthField::ClientEmail) || has(OAuthField::PrivateKey);
        if has(OAuthField::ClientSecret) && jwt {
            v.error(
                &rule::OAUTH_GRANTS_MIXED,
                "fields",
                Some(&listed),
                "holds the keys of both grants (oauthClientSecret, and oauthClientEmail or oauthPrivateKey); Lambda refuses such a secret",
                "keep oauthClientSecret for client credentials, or oauthClientEmail and oauthPrivateKey for a JWT bearer assertion, not both",
            );
        } else if jwt && !(has(OAuthField::ClientEmail) && has(OAuthField::PrivateKey)) {
            let missing = if has(OAuthField::ClientEmail) {
                "oauthPrivateKey"
            } else {
                "oauthClientEmail"
            };
            v.error(
                &rule::OAUTH_GRANT_INCOMPLETE,
                "fields",
                Some(&listed),
                format!("describes a JWT bearer grant without {missing}; Lambda signs the assertion with oauthPrivateKey for oauthClientEmail"),
                format!("add {missing} to the secret (and to fields)"),
            );
        } else if !has(OAuthField::ClientSecret) && !jwt {
            v.error(
                &rule::OAUTH_GRANT_INCOMPLETE,
                "fields",
                Some(&listed),
                "names no grant: the secret needs oauthClientSecret (client credentials), or oauthClientEmail and oauthPrivateKey (JWT bearer)",
                "add the keys of one grant to the secret (and to fields)",
            );
        }
        if has(OAuthField::TokenExpirationSeconds) && self.grant() != Some(OAuthGrant::JwtBearer) {
            v.warn(
                &rule::OAUTH_EXPIRATION_WITHOUT_JWT,
                "fields",
                Some(&listed),
                "holds oauthTokenExpirationSeconds, which applies to the JWT bearer grant only: Lambda ignores it for client credentials",
                "remove oauthTokenExpirationSeconds from the secret, or use the JWT bearer grant",
            );
        }
    }
}

/// Checks that a literal URL starts with `https://` and names a host.
pub(crate) fn check_https(
    v: &mut Validator<'_>,
    broken: &'static crate::rules::Rule,
    property: &str,
    url: &Value,
    why: &str,
) {
    let Some(s) = url.as_str() else {
        if !url.is_intrinsic() {
            v.error(
                broken,
                property,
                Some(url),
                "must be an https:// URL",
                format!("give {property} as a string such as https://HOST/PATH"),
            );
        }
        return;
    };
    let host = s
        .strip_prefix("https://")
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => {}
        Some(_) => v.error(
            broken,
            property,
            Some(url),
            "names no host",
            format!("give {property} as https://HOST/PATH"),
        ),
        None => v.error(
            broken,
            property,
            Some(url),
            format!("is not an https:// URL; {why}"),
            "use the https:// address (TLS) of the same endpoint",
        ),
    }
}

impl Construct for OAuthSecret {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        self.validate(&mut ctx.validator(KIND, scope));
    }
}

impl Handle<OAuthSecret> {
    /// The secret's ARN.
    pub fn arn(&self) -> Value {
        self.props().arn.value().clone()
    }

    /// The customer-managed key that encrypts the secret, when one was given.
    pub fn kms_key_arn(&self) -> Option<Value> {
        self.props().kms_key_arn.clone().map(Prop::into_value)
    }

    /// How the secret is encrypted.
    pub fn key(&self) -> SecretKey {
        match &self.props().kms_key_arn {
            Some(arn) => SecretKey::Customer(arn.value().clone()),
            None => SecretKey::AwsManaged,
        }
    }

    /// Lets `role` read the secret (see [`Handle::<super::SaslSecret>::grant_read`]).
    pub fn grant_read(&self, scope: &Scope, role: &LogicalId, ctx: &mut SynthContext) {
        grant_read(self.scope(), &self.arn(), &self.key(), scope, role, ctx);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::Stack;
    use crate::diagnostic::Diagnostic;

    const ARN: &str = "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-oauth-AbCdEf";

    fn diagnostics(secret: OAuthSecret) -> Vec<Diagnostic> {
        let mut stack = Stack::new("test");
        stack.add("Idp", secret);
        match stack.synth() {
            Ok(s) => s.warnings,
            Err(e) => e.errors.into_iter().chain(e.warnings).collect(),
        }
    }

    #[track_caller]
    fn reported(ds: &[Diagnostic], id: &str, value: &str, problem: &str) {
        assert!(
            ds.iter().any(|d| d.rule.id == id
                && d.value.as_deref().unwrap_or_default().contains(value)
                && d.problem.contains(problem)
                && !d.fix.is_empty()),
            "no {id} on …{value}… saying …{problem}…: {ds:#?}"
        );
    }

    #[test]
    fn a_described_secret_of_one_grant_is_valid() {
        assert!(diagnostics(OAuthSecret::import(ARN).client_credentials()).is_empty());
        assert!(
            diagnostics(
                OAuthSecret::import(ARN)
                    .token_endpoint_url("https://idp.example.com/oauth2/token")
                    .jwt_bearer()
                    .field(OAuthField::TokenExpirationSeconds)
                    .field(OAuthField::IdpCaCertificate)
            )
            .is_empty()
        );
        assert_eq!(
            OAuthSecret::import(ARN).jwt_bearer().grant(),
            Some(OAuthGrant::JwtBearer)
        );
    }

    #[test]
    fn the_token_endpoint_is_https() {
        let ds = diagnostics(
            OAuthSecret::import(ARN).token_endpoint_url("http://idp.example.com/oauth2/token"),
        );
        reported(&ds, "E0406", "http://idp", "is not an https:// URL");
        let ds = diagnostics(OAuthSecret::import(ARN).token_endpoint_url("https:///token"));
        reported(&ds, "E0406", "https:///token", "names no host");
    }

    #[test]
    fn mixing_the_grants_is_refused() {
        let ds = diagnostics(OAuthSecret::import(ARN).client_credentials().jwt_bearer());
        reported(
            &ds,
            "E0407",
            "oauthClientSecret",
            "holds the keys of both grants",
        );
    }

    #[test]
    fn an_incomplete_grant_is_refused() {
        let ds = diagnostics(OAuthSecret::import(ARN).field(OAuthField::ClientEmail));
        reported(&ds, "E0408", "oauthClientEmail", "without oauthPrivateKey");
        let ds = diagnostics(OAuthSecret::import(ARN).field(OAuthField::IdpCaCertificate));
        reported(&ds, "E0408", "oauthIdpCaCertificate", "names no grant");
    }

    #[test]
    fn an_assertion_lifetime_without_jwt_is_a_warning() {
        let ds = diagnostics(
            OAuthSecret::import(ARN)
                .client_credentials()
                .field(OAuthField::TokenExpirationSeconds),
        );
        reported(
            &ds,
            "W0409",
            "oauthTokenExpirationSeconds",
            "applies to the JWT bearer grant only",
        );
    }
}
