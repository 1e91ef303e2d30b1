//! `SaslSecret`: a SASL username and password (`{"username": …, "password": …}`), for
//! SASL/SCRAM and SASL/PLAIN (`BASIC_AUTH`, which Confluent Cloud API keys use).

use crate::construct::{Construct, Handle};
use crate::context::SynthContext;
use crate::diagnostic::{Diagnostic, Severity};
use crate::logical_id::LogicalId;
use crate::resources::msk::BatchScramSecret;
use crate::resources::secretsmanager::{GenerateSecretString, Secret};
use crate::rules::secret as rule;
use crate::scope::Scope;
use crate::template::{Resource, Suppression};
use crate::validate::Validator;
use crate::value::Value;

use super::SecretKey;
use super::grant::grant_read;
use super::reference::{check_import_arn, check_key_arn};
use super::rotation::SecretRotation;
use crate::props::{Choices, Prop, Referable, choice};
use crate::validate::exactly_one;

/// Characters a generated password never contains: `"`, `\` and `/` break the JSON or URI
/// handling of the credentials, `@` breaks SASL/PLAIN parsing in some clients, and the space
/// is trimmed by some. (Secrets Manager includes no space unless `IncludeSpace` is set; it is
/// listed anyway so the rule is visible in the template.)
pub const PASSWORD_EXCLUDED_CHARACTERS: &str = "\"\\/@ ";

/// Length of a generated password.
pub const PASSWORD_LENGTH: i64 = 32;

/// The name prefix Amazon MSK requires of SASL/SCRAM secrets.
pub const MSK_SECRET_PREFIX: &str = "AmazonMSK_";

/// SASL credentials in Secrets Manager: `{"username": "…", "password": "…"}`.
///
/// Either an existing secret ([`SaslSecret::import`]) or one the stack creates with a password
/// Secrets Manager generates at deploy time ([`SaslSecret::generate`]); the password never
/// appears in the template.
///
/// A generated secret meant for an Amazon MSK cluster's SASL/SCRAM users is created with
/// [`SaslSecret::for_msk`]: it is then named `AmazonMSK_<stack name>-<construct id>` (MSK
/// accepts only secrets whose name starts with `AmazonMSK_`; the stack name keeps two stacks'
/// secrets apart, the construct id keeps one stack's secrets apart, so the name is
/// deterministic and stable across deployments) and associated with the cluster by an
/// `AWS::MSK::BatchScramSecret`. Secrets the stack creates are encrypted with the stack's
/// customer-managed key (MSK refuses secrets encrypted with Secrets Manager's default key)
/// unless [`SaslSecret::kms_key_arn`] names another.
///
/// ```
/// use constructs::{secret::SaslSecret, Stack};
/// let mut stack = Stack::new("orders-anomaly");
/// let imported = stack.add(
///     "BrokerCredentials",
///     SaslSecret::import("arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_app-AbCdEf")
///         .kms_key_arn("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
/// );
/// let generated = stack.add("Creds", SaslSecret::generate("detector"));
/// assert!(imported.kms_key_arn().is_some());
/// assert!(stack.synth().unwrap().template.to_json().contains("AWS::SecretsManager::Secret"));
/// # let _ = generated;
/// ```
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[schemars(
    description = "SASL credentials, `{\"username\": …, \"password\": …}`: an existing secret (`import`) or one the stack creates with a generated password (`generate`). Exactly one of the two."
)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["import"], "properties": {"import": {"not": {"type": "null"}}}}, {"required": ["generate"], "properties": {"generate": {"not": {"type": "null"}}}}]))]
#[schemars(extend("dependencies" = {"for_msk": ["generate"], "rotation": ["generate"]}))]
pub struct SaslSecret {
    /// An existing secret, by ARN (`arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf`).
    #[serde(default)]
    #[schemars(extend("examples" = ["arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_app-AbCdEf", "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka/credentials-Gh1jK2"]))]
    import: Option<Prop<String>>,
    /// A secret the stack creates for this username, with a 32-character password that
    /// Secrets Manager generates (no `"`, `\`, `/`, `@` or space).
    #[serde(default)]
    #[schemars(extend("examples" = ["detector", "anomaly-reader"], "minLength" = 1, "maxLength" = 256))]
    generate: Option<Prop<String>>,
    /// The customer-managed KMS key (a key ARN, not an alias) that encrypts the secret.
    /// Required for an imported secret used with Amazon MSK; for a generated secret it
    /// replaces the stack's key.
    #[serde(default)]
    #[schemars(extend("examples" = ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9"]))]
    kms_key_arn: Option<Prop<String>>,
    /// Makes a generated secret a SASL/SCRAM user of this MSK cluster (its ARN): names it
    /// `AmazonMSK_<stack>-<id>` and associates it with the cluster (which replaces the
    /// cluster's other associations).
    #[serde(default)]
    #[schemars(extend("examples" = ["arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2", "arn:aws:kafka:us-east-1:123456789012:cluster/orders/1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f-1"]))]
    for_msk: Option<Prop<String>>,
    /// Rotates a generated secret every `after_days` days (default 30) with the Lambda
    /// function `function_arn`, which you supply: AWS offers no rotation for Kafka
    /// credentials. Without it, the secret keeps its first password.
    #[serde(default)]
    rotation: Option<SecretRotation>,
}

impl Choices for SaslSecret {
    fn choice_problems(&self) -> Vec<(&'static [&'static str], Vec<&'static str>)> {
        choice(
            &["import", "generate"],
            &[self.import.is_some(), self.generate.is_some()],
        )
        .into_iter()
        .collect()
    }
}

impl Referable for SaslSecret {
    const KIND: &'static str = "SaslSecret";
    const SECTION: &'static str = "sasl_secrets";
}

/// Where a secret comes from: exactly one of `import` and `generate`.
#[derive(Debug, Clone, Copy)]
enum Origin<'a> {
    Imported(&'a Value),
    Generated { username: &'a Value },
}

impl SaslSecret {
    /// An existing secret by ARN. Encrypted with Secrets Manager's default key unless
    /// [`SaslSecret::kms_key_arn`] names its customer-managed key.
    pub fn import(arn: impl Into<Value>) -> Self {
        Self {
            import: Some(Prop::new(arn)),
            generate: None,
            kms_key_arn: None,
            for_msk: None,
            rotation: None,
        }
    }

    /// A secret the stack creates for `username`, with a 32-character password Secrets
    /// Manager generates (see [`PASSWORD_EXCLUDED_CHARACTERS`]).
    pub fn generate(username: impl Into<Value>) -> Self {
        Self {
            import: None,
            generate: Some(Prop::new(username)),
            kms_key_arn: None,
            for_msk: None,
            rotation: None,
        }
    }

    /// The customer-managed KMS key that encrypts the secret (a key ARN, not an alias). For a
    /// generated secret it replaces the stack's key; an imported secret used by Amazon MSK
    /// must name its key (MSK refuses the default key).
    pub fn kms_key_arn(mut self, arn: impl Into<Value>) -> Self {
        self.kms_key_arn = Some(Prop::new(arn));
        self
    }

    /// Makes a generated secret a SASL/SCRAM user of the MSK cluster `cluster_arn`: named
    /// `AmazonMSK_…` and associated with the cluster by an `AWS::MSK::BatchScramSecret`,
    /// which sets the cluster's complete list of secrets (a warning says so).
    pub fn for_msk(mut self, cluster_arn: impl Into<Value>) -> Self {
        self.for_msk = Some(Prop::new(cluster_arn));
        self
    }

    /// Rotates a generated secret on a schedule with a function you supply (see
    /// [`SecretRotation`]: what the function must do for MSK and for self-managed brokers,
    /// and what its role needs). Without rotation, the generated password never changes, and
    /// the secret carries the compliance suppression that says why the stack cannot rotate it
    /// by itself.
    pub fn rotation(mut self, rotation: SecretRotation) -> Self {
        self.rotation = Some(rotation);
        self
    }

    /// True when the stack creates the secret.
    pub fn is_generated(&self) -> bool {
        matches!(self.origin(), Some(Origin::Generated { .. }))
    }

    /// The MSK cluster a generated secret is associated with.
    pub fn msk_cluster(&self) -> Option<&Value> {
        self.for_msk.as_deref()
    }

    /// The ARN of an imported secret.
    pub fn imported_arn(&self) -> Option<&Value> {
        match self.origin() {
            Some(Origin::Imported(arn)) => Some(arn),
            _ => None,
        }
    }

    /// Where the secret comes from; `None` unless exactly one of `import` and `generate` is
    /// given (which only a stack file can get wrong).
    fn origin(&self) -> Option<Origin<'_>> {
        match (&self.import, &self.generate) {
            (Some(arn), None) => Some(Origin::Imported(arn)),
            (None, Some(username)) => Some(Origin::Generated { username }),
            _ => None,
        }
    }

    fn validate(&self, v: &mut Validator<'_>) {
        match self.origin() {
            None => {
                for (keys, given) in self.choice_problems() {
                    exactly_one(v, keys, &given);
                }
            }
            Some(Origin::Imported(arn)) => {
                check_import_arn(v, arn);
                if self.rotation.is_some() {
                    v.error(&rule::ROTATION_ON_IMPORTED,
                        "rotation",
                        None,
                        "schedules rotation only for secrets this stack generates; an imported secret rotates where it is managed",
                        "configure rotation where the secret is managed, or use SaslSecret::generate",
                    );
                }
                if let Some(cluster) = &self.for_msk {
                    v.error(&rule::FOR_MSK_ON_IMPORTED,
                        "for_msk",
                        Some(cluster),
                        "associates only secrets this stack generates with an MSK cluster",
                        "associate the imported secret with the cluster where it is managed, or use SaslSecret::generate",
                    );
                }
            }
            Some(Origin::Generated { username }) => {
                if let Some(name) = v.string_len(
                    &rule::SASL_USERNAME,
                    "generate",
                    username,
                    1,
                    256,
                    "the SASL username",
                ) {
                    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
                        v.error(&rule::SASL_USERNAME,
                            "generate",
                            Some(username),
                            "contains whitespace or control characters, which SASL usernames cannot carry",
                            "use a username of visible characters only, e.g. \"detector\"",
                        );
                    }
                }
                if let Some(cluster) = &self.for_msk {
                    v.arn(
                        &crate::rules::kafka::CLUSTER_ARN,
                        "for_msk",
                        cluster,
                        "kafka",
                        "cluster/",
                        "an MSK cluster",
                    );
                }
            }
        }
        if let Some(key) = &self.kms_key_arn {
            check_key_arn(v, key);
        }
        if let Some(rotation) = &self.rotation {
            rotation.validate(v);
        }
    }
}

impl Construct for SaslSecret {
    fn kind(&self) -> &'static str {
        "SaslSecret"
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        self.validate(&mut ctx.validator(self.kind(), scope));
        let Some(Origin::Generated { username }) = self.origin() else {
            return;
        };
        let key = match &self.kms_key_arn {
            Some(arn) => arn.value().clone(),
            None => ctx.encryption_key().arn,
        };
        let secret = Secret {
            description: Some(format!(
                "SASL credentials of `{}`: username and a password generated by Secrets Manager",
                scope.path()
            )),
            name: self.for_msk.as_ref().map(|_| msk_secret_name(scope)),
            kms_key_id: Some(key),
            generate_secret_string: Some(GenerateSecretString {
                secret_string_template: username_template(username),
                generate_string_key: "password".into(),
                exclude_characters: PASSWORD_EXCLUDED_CHARACTERS.into(),
                password_length: PASSWORD_LENGTH,
            }),
            tags: Vec::new(),
        };
        let id = secret_id(scope);
        let mut resource = Resource::new(&secret);
        if self.rotation.is_none() {
            resource = resource.suppress(&Suppression::GeneratedSecretWithoutRotation);
        }
        ctx.add_resource(scope, id.clone(), resource);
        if let Some(rotation) = &self.rotation {
            rotation.synthesize(scope, ctx, &id);
        }
        if let Some(cluster) = &self.for_msk {
            associate(scope, cluster, ctx);
        }
    }
}

fn secret_id(scope: &Scope) -> LogicalId {
    scope.logical_id("Secret")
}

/// The logical id of a generated secret's MSK association.
pub(crate) fn association_id(scope: &Scope) -> LogicalId {
    scope.logical_id("ScramAssociation")
}

/// `AmazonMSK_${AWS::StackName}-<construct path>`: construct paths use letters, digits, `-`,
/// `_` and `/`, all valid in secret names.
fn msk_secret_name(scope: &Scope) -> Value {
    Value::sub(format!(
        "{MSK_SECRET_PREFIX}${{AWS::StackName}}-{}",
        crate::value::sub::sub_literal(&scope.path())
    ))
}

/// `{"username":"…"}` as a JSON string; an intrinsic username is spliced in with `Fn::Join`.
fn username_template(username: &Value) -> Value {
    match username {
        Value::String(name) => Value::String(serde_json::json!({ "username": name }).to_string()),
        other => Value::join(
            "",
            vec![
                Value::from("{\"username\":\""),
                other.clone(),
                Value::from("\"}"),
            ],
        ),
    }
}

/// Associates the generated secret with its cluster, once per cluster per stack.
fn associate(scope: &Scope, cluster: &Value, ctx: &mut SynthContext) {
    if let Some(other) = ctx.claim("MSK SCRAM secret association", &cluster.describe(), scope) {
        ctx.validator("SaslSecret", scope).error(&rule::FOR_MSK_CLUSTER_TWICE,
            "for_msk",
            Some(cluster),
            format!(
                "is also the cluster of generated secret `{}`; a cluster's SCRAM associations are one AWS::MSK::BatchScramSecret, which would be written twice",
                other.path()
            ),
            "let the sources on this cluster share one generated SaslSecret",
        );
        return;
    }
    let association = BatchScramSecret {
        cluster_arn: cluster.clone(),
        secret_arn_list: vec![Value::reference(&secret_id(scope))],
    };
    ctx.add_resource(scope, association_id(scope), Resource::new(&association));
    ctx.report(Diagnostic {
        rule: &rule::FOR_MSK_REPLACES_ASSOCIATIONS,
        severity: Severity::Warning,
        construct: "SaslSecret".into(),
        path: scope.path(),
        property: "for_msk".into(),
        value: Some(cluster.describe()),
        problem: "AWS::MSK::BatchScramSecret sets the cluster's complete list of SCRAM secrets: deploying disassociates every secret associated with this cluster outside this stack".into(),
        fix: "make sure no other client authenticates with a secret associated elsewhere, or import the secret (SaslSecret::import) and associate it where the cluster's users are managed".into(),
    });
}

impl Handle<SaslSecret> {
    /// The secret's ARN (`Ref` of the created secret, or the imported ARN).
    pub fn arn(&self) -> Value {
        match self.props().origin() {
            Some(Origin::Imported(arn)) => arn.clone(),
            _ => Value::reference(&secret_id(self.scope())),
        }
    }

    /// The customer-managed key given with [`SaslSecret::kms_key_arn`]. A generated secret
    /// without one is encrypted with the stack's key, which [`SecretKey::StackKey`] stands for
    /// (see [`Handle::<SaslSecret>::key`]).
    pub fn kms_key_arn(&self) -> Option<Value> {
        self.props().kms_key_arn.clone().map(Prop::into_value)
    }

    /// How the secret is encrypted.
    pub fn key(&self) -> SecretKey {
        let props = self.props();
        match (props.origin(), &props.kms_key_arn) {
            (_, Some(arn)) => SecretKey::Customer(arn.value().clone()),
            (Some(Origin::Imported(_)), None) => SecretKey::AwsManaged,
            (_, None) => SecretKey::StackKey,
        }
    }

    /// Lets `role` (a role added with [`SynthContext::add_role`]) read the secret:
    /// `secretsmanager:GetSecretValue` on it and `kms:Decrypt` on its customer-managed key
    /// through Secrets Manager.
    pub fn grant_read(&self, scope: &Scope, role: &LogicalId, ctx: &mut SynthContext) {
        grant_read(self.scope(), &self.arn(), &self.key(), scope, role, ctx);
    }

    /// The logical id of the `AWS::MSK::BatchScramSecret` associating a generated secret with
    /// its cluster, when the stack holds it.
    pub fn msk_association_id(&self, ctx: &SynthContext) -> Option<LogicalId> {
        let id = association_id(self.scope());
        ctx.has_resource(&id).then_some(id)
    }
}
