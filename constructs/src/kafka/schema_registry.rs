//! Schema registries: an AWS Glue or Confluent registry that validates (and deserializes) the
//! records before the function sees them (`SchemaRegistryConfig`).

use std::collections::HashSet;

use crate::construct::Handle;
use crate::context::SynthContext;
use crate::contract::RecordFormat;
use crate::iam::Statement;
use crate::intrinsic::Intrinsic;
use crate::logical_id::LogicalId;
use crate::props::{Choices, Prop, choice};
use crate::resources::lambda::{
    SchemaRegistryAccessConfig, SchemaRegistryConfig, SchemaValidationConfig,
};
use crate::rules::kafka as rule;
use crate::scope::Scope;
use crate::secret::{MtlsSecret, OAuthSecret, RootCaSecret, SaslSecret, check_https};
use crate::validate::{Arn, Validator, exactly_one};
use crate::value::Value;

use super::arn::concat;

/// The longest `SchemaRegistryURI` Lambda takes.
const MAX_REGISTRY_URI: usize = 10_000;
/// The most `AccessConfigs` a registry takes.
const MAX_ACCESS_CONFIGS: usize = 2;

const P: &str = "schema_registry";

/// The record format Lambda hands the function after validation (`EventRecordFormat`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "The record format Lambda delivers after validation.")]
#[serde(rename_all = "snake_case")]
pub enum EventRecordFormat {
    /// The deserialized record as JSON text (`JSON`), with `keySchemaMetadata` and
    /// `valueSchemaMetadata` beside it: what the function parses.
    #[default]
    Json,
    /// The record as the producer wrote it, schema id removed (`SOURCE`): Avro or Protobuf
    /// binary, which the function cannot parse.
    Source,
}

impl EventRecordFormat {
    /// The value CloudFormation expects.
    pub fn name(self) -> &'static str {
        match self {
            EventRecordFormat::Json => "JSON",
            EventRecordFormat::Source => "SOURCE",
        }
    }
}

/// A part of the record the registry validates (`SchemaValidationConfig.Attribute`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "A part of the record the registry validates.")]
#[serde(rename_all = "snake_case")]
pub enum SchemaAttribute {
    /// The record's key (`KEY`).
    Key,
    /// The record's value (`VALUE`), which the function scores.
    Value,
}

impl SchemaAttribute {
    /// The value CloudFormation expects.
    pub fn name(self) -> &'static str {
        match self {
            SchemaAttribute::Key => "KEY",
            SchemaAttribute::Value => "VALUE",
        }
    }
}

/// How Lambda authenticates to a Confluent schema registry (one `AccessConfigs` entry).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "How Lambda authenticates to a Confluent schema registry.")]
#[serde(rename_all = "snake_case")]
pub enum RegistryAccess {
    /// HTTP basic authentication with `{"username", "password"}` from a `sasl_secrets` id (a
    /// Confluent Cloud registry API key and secret): `BASIC_AUTH`.
    Basic(Handle<SaslSecret>),
    /// A client certificate from an `mtls_secrets` id: `CLIENT_CERTIFICATE_TLS_AUTH`.
    Mtls(Handle<MtlsSecret>),
    /// The private root CA the registry's certificate chains to, a `root_ca_secrets` id:
    /// `SERVER_ROOT_CA_CERTIFICATE`.
    RootCa(Handle<RootCaSecret>),
    /// OAuth 2.0 client credentials from an `oauth_secrets` id: `OAUTHBEARER_AUTH`.
    #[serde(rename = "oauth")]
    #[schemars(rename = "oauth")]
    OAuth(Handle<OAuthSecret>),
}

impl RegistryAccess {
    /// HTTP basic authentication with an API key and secret.
    pub fn basic(secret: &Handle<SaslSecret>) -> Self {
        RegistryAccess::Basic(secret.clone())
    }

    /// A client certificate.
    pub fn mtls(secret: &Handle<MtlsSecret>) -> Self {
        RegistryAccess::Mtls(secret.clone())
    }

    /// The registry's private root CA.
    pub fn root_ca(secret: &Handle<RootCaSecret>) -> Self {
        RegistryAccess::RootCa(secret.clone())
    }

    /// OAuth 2.0 client credentials.
    pub fn oauth(secret: &Handle<OAuthSecret>) -> Self {
        RegistryAccess::OAuth(secret.clone())
    }

    /// The `Type` of the entry.
    pub fn kind(&self) -> &'static str {
        match self {
            RegistryAccess::Basic(_) => "BASIC_AUTH",
            RegistryAccess::Mtls(_) => "CLIENT_CERTIFICATE_TLS_AUTH",
            RegistryAccess::RootCa(_) => "SERVER_ROOT_CA_CERTIFICATE",
            RegistryAccess::OAuth(_) => "OAUTHBEARER_AUTH",
        }
    }

    fn arn(&self) -> Value {
        match self {
            RegistryAccess::Basic(s) => s.arn(),
            RegistryAccess::Mtls(s) => s.arn(),
            RegistryAccess::RootCa(s) => s.arn(),
            RegistryAccess::OAuth(s) => s.arn(),
        }
    }

    fn grant_read(&self, scope: &Scope, role: &LogicalId, ctx: &mut SynthContext) {
        match self {
            RegistryAccess::Basic(s) => s.grant_read(scope, role, ctx),
            RegistryAccess::Mtls(s) => s.grant_read(scope, role, ctx),
            RegistryAccess::RootCa(s) => s.grant_read(scope, role, ctx),
            RegistryAccess::OAuth(s) => s.grant_read(scope, role, ctx),
        }
    }
}

/// A schema registry the mapping validates records with (`SchemaRegistryConfig`, provisioned
/// mode only): an AWS Glue registry by ARN ([`SchemaRegistry::glue`]) or a Confluent registry,
/// Cloud or self-managed, by URL ([`SchemaRegistry::confluent`]).
///
/// By default Lambda validates the record's value and hands the function JSON text
/// (`EventRecordFormat: JSON`, `SchemaValidationConfigs: [VALUE]`), so Avro, Protobuf and
/// JSON Schema topics are scored like plain JSON ones. A record whose schema is not found or that
/// fails to deserialize goes to the mapping's on-failure destination, or is dropped without one.
/// Wiring grants `glue:GetRegistry` on a Glue registry and `glue:GetSchemaVersion` on it and its
/// schemas, or reading each access secret of a Confluent registry.
///
/// ```
/// use constructs::kafka::{RegistryAccess, SchemaRegistry};
/// use constructs::{SaslSecret, Stack};
/// let mut stack = Stack::new("orders-anomaly");
/// let key = stack.add(
///     "RegistryKey",
///     SaslSecret::import("arn:aws:secretsmanager:us-east-1:123456789012:secret:sr-key-AbCdEf"),
/// );
/// let glue = SchemaRegistry::glue("arn:aws:glue:us-east-1:123456789012:registry/orders");
/// let confluent = SchemaRegistry::confluent("https://psrc-abc12.us-east-1.aws.confluent.cloud")
///     .access(RegistryAccess::basic(&key));
/// # let _ = (glue, confluent);
/// ```
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(
    description = "A schema registry (provisioned mode): `glue: REGISTRY_ARN` or `confluent: URL`, exactly one."
)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["glue"], "properties": {"glue": {"not": {"type": "null"}}}}, {"required": ["confluent"], "properties": {"confluent": {"not": {"type": "null"}}}}]))]
pub struct SchemaRegistry {
    /// An AWS Glue registry, by ARN (`arn:aws:glue:REGION:ACCOUNT:registry/NAME`).
    #[serde(default)]
    #[schemars(extend("examples" = ["arn:aws:glue:us-east-1:123456789012:registry/app-logs", "arn:aws:glue:eu-west-1:123456789012:registry/orders"]))]
    glue: Option<Prop<String>>,
    /// A Confluent schema registry (Cloud or self-managed), by its `https://` URL.
    #[serde(default)]
    #[schemars(extend("examples" = ["https://psrc-12abc.us-east-1.aws.confluent.cloud", "https://schema-registry.example.com:8081"]))]
    confluent: Option<Prop<String>>,
    /// How Lambda authenticates to a Confluent registry (at most two, one per type):
    /// `{basic: SASL_SECRET_ID}`, `{mtls: ID}`, `{oauth: ID}`, `{root_ca: ID}`.
    #[serde(default)]
    pub(crate) access: Vec<RegistryAccess>,
    /// What the function receives: `json` (the default; the function parses JSON) or `source`.
    #[serde(default)]
    pub(crate) record_format: EventRecordFormat,
    /// The parts of the record validated (default `[value]`; the function scores the value, so
    /// `value` must be among them).
    #[serde(default)]
    #[schemars(extend("uniqueItems" = true, "anyOf" = [{"maxItems": 0}, {"contains": {"const": "value"}}], "examples" = [["value"], ["key", "value"]]))]
    validate: Vec<SchemaAttribute>,
}

impl Choices for SchemaRegistry {
    fn choice_problems(&self) -> Vec<(&'static [&'static str], Vec<&'static str>)> {
        choice(
            &["glue", "confluent"],
            &[self.glue.is_some(), self.confluent.is_some()],
        )
        .into_iter()
        .collect()
    }
}

impl SchemaRegistry {
    fn new() -> Self {
        Self {
            glue: None,
            confluent: None,
            access: Vec::new(),
            record_format: EventRecordFormat::Json,
            validate: Vec::new(),
        }
    }

    /// The AWS Glue registry `registry_arn` (`arn:aws:glue:REGION:ACCOUNT:registry/NAME`).
    /// Lambda reads it with the function's execution role; no access configuration.
    pub fn glue(registry_arn: impl Into<Value>) -> Self {
        Self {
            glue: Some(Prop::new(registry_arn)),
            ..Self::new()
        }
    }

    /// The Confluent schema registry at `url` (`https://…`, Confluent Cloud or self-managed).
    pub fn confluent(url: impl Into<Value>) -> Self {
        Self {
            confluent: Some(Prop::new(url)),
            ..Self::new()
        }
    }

    /// Adds an access configuration of a Confluent registry (at most two, one per type).
    pub fn access(mut self, access: RegistryAccess) -> Self {
        self.access.push(access);
        self
    }

    /// What the function receives (default [`EventRecordFormat::Json`]).
    pub fn record_format(mut self, format: EventRecordFormat) -> Self {
        self.record_format = format;
        self
    }

    /// Validates `attribute` too (default: the value only).
    pub fn validate(mut self, attribute: SchemaAttribute) -> Self {
        self.validate.push(attribute);
        self
    }

    /// The validated attributes: those given, or `[VALUE]`.
    fn attributes(&self) -> Vec<SchemaAttribute> {
        if self.validate.is_empty() {
            vec![SchemaAttribute::Value]
        } else {
            self.validate.clone()
        }
    }

    /// The registry's URI: the Glue ARN or the Confluent URL.
    fn uri(&self) -> Option<&Value> {
        self.glue.as_deref().or(self.confluent.as_deref())
    }

    /// The `SchemaRegistryConfig` value.
    pub(crate) fn config(&self) -> SchemaRegistryConfig {
        SchemaRegistryConfig {
            schema_registry_uri: self.uri().cloned().unwrap_or_else(|| Value::from("")),
            event_record_format: self.record_format.name().to_owned(),
            schema_validation_configs: self
                .attributes()
                .into_iter()
                .map(|a| SchemaValidationConfig {
                    attribute: a.name().to_owned(),
                })
                .collect(),
            access_configs: self
                .access
                .iter()
                .map(|a| SchemaRegistryAccessConfig {
                    kind: a.kind().to_owned(),
                    uri: a.arn(),
                })
                .collect(),
        }
    }

    /// Checks the registry itself: one of `glue` and `confluent`, a Glue ARN of the right
    /// shape or an `https://` Confluent URL, access configurations Lambda takes, and validation
    /// that covers the value.
    pub(crate) fn validate_props(&self, v: &mut Validator<'_>) {
        match (&self.glue, &self.confluent) {
            (Some(arn), None) => {
                check_glue_arn(v, arn);
                if !self.access.is_empty() {
                    v.error(
                        &rule::REGISTRY_ACCESS_NOT_TAKEN,
                        &format!("{P}.access"),
                        Some(&kinds(&self.access)),
                        "is set on an AWS Glue registry, which Lambda reads with the function's execution role: Glue takes no access configuration",
                        "remove access from the Glue registry",
                    );
                }
            }
            (None, Some(url)) => {
                check_https(
                    v,
                    &rule::CONFLUENT_REGISTRY_URL,
                    &format!("{P}.confluent"),
                    url,
                    "Lambda sends the registry credentials over TLS only",
                );
                if url.as_str().is_some() {
                    v.string_len(
                        &rule::CONFLUENT_REGISTRY_URL,
                        &format!("{P}.confluent"),
                        url,
                        1,
                        MAX_REGISTRY_URI,
                        "Lambda's SchemaRegistryURI limit",
                    );
                }
                self.check_access(v);
            }
            _ => {
                for (keys, given) in self.choice_problems() {
                    exactly_one(v, keys, &given);
                }
            }
        }
        let attributes = self.attributes();
        let mut seen = HashSet::new();
        for attribute in &attributes {
            if !seen.insert(*attribute) {
                v.error(
                    &rule::REGISTRY_VALIDATION,
                    &format!("{P}.validate"),
                    Some(&Value::from(attribute.name())),
                    "is given twice",
                    "list each attribute once",
                );
            }
        }
        if !attributes.contains(&SchemaAttribute::Value) {
            v.error(
                &rule::REGISTRY_VALIDATION,
                &format!("{P}.validate"),
                Some(&Value::list(attributes.iter().map(|a| a.name()))),
                "does not validate VALUE: Lambda deserializes only the validated attributes, so the value would reach the function still in its wire format, which it cannot parse",
                "add `value` to validate (or leave validate unset for [value])",
            );
        }
    }

    fn check_access(&self, v: &mut Validator<'_>) {
        let mut seen = HashSet::new();
        for access in &self.access {
            if !seen.insert(access.kind()) {
                v.error(
                    &rule::REGISTRY_ACCESS_REPEATED,
                    &format!("{P}.access"),
                    Some(&Value::from(access.kind())),
                    "is given twice; a registry takes one access configuration of each type",
                    "keep one entry of this type",
                );
            }
        }
        if seen.len() > MAX_ACCESS_CONFIGS {
            v.error(
                &rule::REGISTRY_ACCESS_NOT_TAKEN,
                &format!("{P}.access"),
                Some(&kinds(&self.access)),
                format!(
                    "has {} types; a registry takes at most {MAX_ACCESS_CONFIGS} access configurations (AccessConfigs)",
                    seen.len()
                ),
                "keep one way to authenticate and, if the registry's certificate chains to a private CA, root_ca",
            );
        }
    }

    /// Refuses `SOURCE` when the function parses each record value as JSON (E0148), and `JSON`
    /// when it reads a text log format (E0162): either way every record would be a bad record.
    pub(crate) fn check_format(&self, v: &mut Validator<'_>, function_reads: &RecordFormat) {
        let function_parses_json = *function_reads == RecordFormat::Json;
        if self.record_format == EventRecordFormat::Source && function_parses_json {
            v.error(
                &rule::REGISTRY_SOURCE_FORMAT,
                &format!("{P}.record_format"),
                Some(&Value::from("SOURCE")),
                "hands the function each record as the producer wrote it (Avro or Protobuf binary, schema id removed), but the function parses every value as JSON: each record would be a bad record",
                "use record_format json (the default): Lambda deserializes the value and hands the function JSON text",
            );
        }
        if self.record_format == EventRecordFormat::Json && !function_parses_json {
            v.error(
                &rule::REGISTRY_JSON_TO_TEXT_FORMAT,
                &format!("{P}.record_format"),
                Some(&Value::from("JSON")),
                format!(
                    "hands the function each value deserialized to JSON text, but the function reads records as {}: each record would be a bad record",
                    function_reads.name()
                ),
                "give the function record_format json (the default), or consume the topic without a schema registry",
            );
        }
    }

    /// Glue's read actions on a Glue registry and its schemas (none for Confluent).
    pub(crate) fn statements(&self, source: &Scope) -> Vec<Statement> {
        self.glue
            .as_ref()
            .map(|arn| glue_statements(source, arn))
            .unwrap_or_default()
    }

    /// Lets `role` read the access secrets of a Confluent registry.
    pub(crate) fn grant_secrets(&self, source: &Scope, role: &LogicalId, ctx: &mut SynthContext) {
        for access in &self.access {
            access.grant_read(source, role, ctx);
        }
    }
}

fn kinds(access: &[RegistryAccess]) -> Value {
    Value::list(access.iter().map(RegistryAccess::kind))
}

const REGISTRY_MARK: &str = ":registry/";

/// `glue:GetRegistry` on the registry and `glue:GetSchemaVersion` on the registry and its
/// schemas, `arn:…:schema/REGISTRY/*` (derived from the registry's own ARN, so a registry of
/// another account or region is named right).
pub(crate) fn glue_statements(source: &Scope, registry: &Value) -> Vec<Statement> {
    let schemas = match registry.as_str().and_then(|s| s.split_once(REGISTRY_MARK)) {
        Some((prefix, name)) => Value::from(format!("{prefix}:schema/{name}/*")),
        None => {
            let split = || Value::from(Intrinsic::Split(REGISTRY_MARK.into(), registry.clone()));
            concat(vec![
                Intrinsic::Select(0, split()).into(),
                ":schema/".into(),
                Intrinsic::Select(1, split()).into(),
                "/*".into(),
            ])
        }
    };
    vec![
        Statement::allow(["glue:GetRegistry"])
            .sid(source.logical_id("ReadRegistry").as_str())
            .on(registry.clone()),
        Statement::allow(["glue:GetSchemaVersion"])
            .sid(source.logical_id("ReadSchemas").as_str())
            .on(registry.clone())
            .on(schemas),
    ]
}

/// `arn:PARTITION:glue:REGION:ACCOUNT:registry/NAME`, NAME 1–255 of `[a-zA-Z0-9-_$#.]`.
fn check_glue_arn(v: &mut Validator<'_>, arn: &Value) {
    let property = format!("{P}.glue");
    let Some(s) = arn.as_str() else {
        if !arn.is_intrinsic() {
            v.error(
                &rule::GLUE_REGISTRY_ARN,
                &property,
                Some(arn),
                "must be the ARN of an AWS Glue registry",
                "give arn:aws:glue:REGION:ACCOUNT:registry/NAME",
            );
        }
        return;
    };
    let name = Arn::parse(s)
        .filter(|a| a.service == "glue" && !a.region.is_empty() && !a.account.is_empty())
        .and_then(|a| a.resource.strip_prefix("registry/").map(str::to_owned));
    let ok = name.as_deref().is_some_and(|n| {
        (1..=255).contains(&n.len())
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_$#.".contains(c))
    });
    if !ok {
        v.error(
            &rule::GLUE_REGISTRY_ARN,
            &property,
            Some(arn),
            "is not the ARN of an AWS Glue registry, arn:PARTITION:glue:REGION:ACCOUNT:registry/NAME (NAME 1 to 255 letters, digits, '-', '_', '$', '#' and '.')",
            "copy the registry's ARN from the Glue console or `aws glue get-registry`",
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn glue_schemas_derive_from_the_registry_arn() {
        let s = glue_statements(
            &Scope::root("AppLogs"),
            &Value::from("arn:aws:glue:eu-west-1:210987654321:registry/orders"),
        );
        assert_eq!(s[0].actions, vec!["glue:GetRegistry"]);
        assert_eq!(
            s[1].resources,
            vec![
                Value::from("arn:aws:glue:eu-west-1:210987654321:registry/orders"),
                Value::from("arn:aws:glue:eu-west-1:210987654321:schema/orders/*"),
            ]
        );
        let param = Value::from(Intrinsic::Ref("RegistryArn".into()));
        let s = glue_statements(&Scope::root("AppLogs"), &param);
        assert_eq!(
            serde_json::to_string(&s[1].resources[1]).unwrap(),
            r#"{"Fn::Join":["",[{"Fn::Select":[0,{"Fn::Split":[":registry/",{"Ref":"RegistryArn"}]}]},":schema/",{"Fn::Select":[1,{"Fn::Split":[":registry/",{"Ref":"RegistryArn"}]}]},"/*"]]}"#
        );
    }

    #[test]
    fn the_default_config_validates_the_value_as_json() {
        let c =
            SchemaRegistry::glue("arn:aws:glue:us-east-1:123456789012:registry/orders").config();
        assert_eq!(c.event_record_format, "JSON");
        assert_eq!(c.schema_validation_configs.len(), 1);
        assert_eq!(c.schema_validation_configs[0].attribute, "VALUE");
        assert!(c.access_configs.is_empty());
    }
}
