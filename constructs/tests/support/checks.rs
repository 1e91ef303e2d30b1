//! What every synthesized template and every refusal must satisfy, as functions returning the
//! problems found (empty when all is well).

use constructs::{Diagnostic, Template};
use serde_json::Value as Json;

/// The JSON and YAML renderings parse back (serde_json, serde-saphyr) to the template's value.
pub fn round_trip(template: &Template) -> Vec<String> {
    let value = template.to_value();
    let mut out = Vec::new();
    match serde_json::from_str::<Json>(&template.to_json()) {
        Ok(back) if back == value => {}
        Ok(back) => out.push(format!(
            "JSON parses back differently at {}",
            first_difference(&value, &back, "$")
        )),
        Err(e) => out.push(format!("JSON does not parse back: {e}")),
    }
    // Many tools read JSON templates with a YAML parser (JSON is YAML): they must read the
    // same value. Plain ASCII JSON always is; the rest is checked.
    let json = template.to_json();
    if !json.is_ascii() {
        match serde_saphyr::from_str::<Json>(&json) {
            Ok(back) if back == value => {}
            Ok(back) => out.push(format!(
                "JSON read as YAML differs at {}",
                first_difference(&value, &back, "$")
            )),
            Err(e) => out.push(format!("JSON does not read as YAML: {e}")),
        }
    }
    let yaml = template.to_yaml();
    match serde_saphyr::from_str::<Json>(&yaml) {
        Ok(back) if back == value => {}
        Ok(back) => out.push(format!(
            "YAML parses back differently at {}",
            first_difference(&value, &back, "$")
        )),
        Err(e) => out.push(format!("YAML does not parse back: {e}")),
    }
    out
}

/// Where two JSON values first differ.
pub fn first_difference(a: &Json, b: &Json, path: &str) -> String {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) if w != v => return first_difference(v, w, &format!("{path}.{k}")),
                    None => return format!("{path}.{k}: missing"),
                    _ => {}
                }
            }
            format!("{path}: extra keys")
        }
        (Json::Array(x), Json::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if v != w {
                    return first_difference(v, w, &format!("{path}[{i}]"));
                }
            }
            format!("{path}: equal?")
        }
        _ => format!("{path}: {a} vs {b}"),
    }
}

/// Logical ids are 1 to 255 ASCII letters and digits, and unique across Parameters, Mappings,
/// Conditions, Rules and Resources (what `Ref`, `Fn::FindInMap` and `Fn::If` name; CloudFormation
/// itself refuses a parameter and a resource of the same name). An output may share its id with
/// what it shows (an output `Topic` of the parameter `Topic`), as CloudFormation allows.
pub fn unique_ids(template: &Template) -> Vec<String> {
    let value = template.to_value();
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for section in [
        "Parameters",
        "Mappings",
        "Conditions",
        "Rules",
        "Resources",
        "Outputs",
    ] {
        let shared = section != "Outputs";
        for id in value
            .get(section)
            .and_then(Json::as_object)
            .into_iter()
            .flat_map(|m| m.keys())
        {
            if id.is_empty() || id.len() > 255 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
                out.push(format!("{section}.{id}: not a logical id"));
            }
            if !shared {
                continue;
            }
            if let Some(first) = seen.insert(id.clone(), section) {
                out.push(format!("logical id {id} is in both {first} and {section}"));
            }
        }
    }
    out
}

/// Every field a user reads is filled in.
pub fn complete(diagnostic: &Diagnostic) -> Vec<String> {
    let fields = [
        ("construct", &diagnostic.construct),
        ("path", &diagnostic.path),
        ("property", &diagnostic.property),
        ("problem", &diagnostic.problem),
        ("fix", &diagnostic.fix),
    ];
    fields
        .iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(name, _)| format!("diagnostic with an empty {name}: {diagnostic:?}"))
        .collect()
}

/// Resource types that hold no data of their own at rest, each with why.
const NO_DATA_AT_REST: &[(&str, &str)] = &[
    ("AWS::IAM::Role", "an identity"),
    ("AWS::IAM::ManagedPolicy", "a policy"),
    ("AWS::Lambda::Permission", "a policy"),
    (
        "AWS::SecretsManager::RotationSchedule",
        "a schedule; the secret it rotates is checked",
    ),
    ("AWS::EC2::VPC", "network configuration"),
    ("AWS::EC2::Subnet", "network configuration"),
    ("AWS::EC2::RouteTable", "network configuration"),
    (
        "AWS::EC2::SubnetRouteTableAssociation",
        "network configuration",
    ),
    ("AWS::EC2::Route", "network configuration"),
    ("AWS::EC2::SecurityGroup", "network configuration"),
    ("AWS::EC2::SecurityGroupIngress", "network configuration"),
    ("AWS::EC2::SecurityGroupEgress", "network configuration"),
    ("AWS::EC2::VPCEndpoint", "network configuration"),
    ("AWS::EC2::InternetGateway", "network configuration"),
    ("AWS::EC2::VPCGatewayAttachment", "network configuration"),
    ("AWS::EC2::EIP", "an address"),
    ("AWS::EC2::NatGateway", "network configuration"),
    ("AWS::EC2::FlowLog", "delivers to its encrypted log group"),
    ("AWS::SNS::Subscription", "an endpoint address"),
    ("AWS::SNS::TopicPolicy", "a policy"),
    ("AWS::SQS::QueuePolicy", "a policy"),
    ("AWS::SageMaker::Model", "points at the artifact in S3"),
    (
        "AWS::SageMaker::Endpoint",
        "storage is set by its endpoint configuration",
    ),
    (
        "AWS::ApplicationAutoScaling::ScalableTarget",
        "scaling configuration",
    ),
    (
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        "scaling configuration",
    ),
    ("AWS::CloudWatch::Alarm", "monitoring configuration"),
    ("AWS::CloudWatch::Dashboard", "monitoring configuration"),
    (
        "AWS::MSK::BatchScramSecret",
        "associates secrets, holds none",
    ),
    (
        "AWS::Lambda::EventSourceMapping",
        "configuration; its filter criteria are checked below",
    ),
];

/// The key the stack encrypts with: the imported ARN, or the created key's.
pub fn created_key() -> Json {
    serde_json::json!({"Fn::GetAtt": ["EncryptionKey", "Arn"]})
}

/// Encryption at rest: every resource that stores data uses `key` (or, for a secret, one of
/// `secret_keys`, the keys given to secrets explicitly); a created key rotates; an imported
/// key means no key is created. A resource type not classified here is reported, so a new
/// one must be classified.
pub fn encryption(template: &Json, key: &Json, secret_keys: &[Json]) -> Vec<String> {
    let mut out = Vec::new();
    let Some(resources) = template.get("Resources").and_then(Json::as_object) else {
        return out;
    };
    let imported = key != &created_key();
    let mut expect = |id: &str, what: &str, found: Option<&Json>| {
        if found != Some(key) {
            out.push(format!(
                "{id}: {what} is {}, not the stack's key {key}",
                found.map_or("missing".to_owned(), Json::to_string)
            ));
        }
    };
    let mut extra = Vec::new();
    for (id, resource) in resources {
        let kind = resource
            .get("Type")
            .and_then(Json::as_str)
            .unwrap_or_default();
        let p = resource.get("Properties").cloned().unwrap_or(Json::Null);
        match kind {
            "AWS::SQS::Queue" | "AWS::SNS::Topic" => {
                expect(id, "KmsMasterKeyId", p.get("KmsMasterKeyId"));
            }
            "AWS::DynamoDB::Table" => {
                let sse = p.get("SSESpecification");
                if sse.and_then(|s| s.get("SSEEnabled")) != Some(&Json::Bool(true))
                    || sse.and_then(|s| s.get("SSEType")).and_then(Json::as_str) != Some("KMS")
                {
                    extra.push(format!(
                        "{id}: SSESpecification is not KMS encryption: {sse:?}"
                    ));
                }
                expect(
                    id,
                    "SSESpecification.KMSMasterKeyId",
                    sse.and_then(|s| s.get("KMSMasterKeyId")),
                );
            }
            "AWS::Logs::LogGroup" => expect(id, "KmsKeyId", p.get("KmsKeyId")),
            "AWS::Lambda::Function" => expect(id, "KmsKeyArn", p.get("KmsKeyArn")),
            "AWS::SecretsManager::Secret" => {
                let found = p.get("KmsKeyId");
                if !found.is_some_and(|k| k == key || secret_keys.contains(k)) {
                    extra.push(format!(
                        "{id}: KmsKeyId is {found:?}, neither the stack's key nor the secret's own"
                    ));
                }
            }
            "AWS::SageMaker::EndpointConfig" => {
                let nvme = p
                    .get("ProductionVariants")
                    .and_then(Json::as_array)
                    .is_some_and(|vs| {
                        !vs.is_empty()
                            && vs.iter().all(|v| {
                                v.get("InstanceType")
                                    .and_then(Json::as_str)
                                    .is_some_and(has_instance_storage)
                            })
                    });
                if nvme {
                    if p.get("KmsKeyId").is_some() {
                        extra.push(format!(
                            "{id}: KmsKeyId on NVMe instance types, which SageMaker refuses"
                        ));
                    }
                } else {
                    expect(id, "KmsKeyId", p.get("KmsKeyId"));
                }
                if let Some(capture) = p.get("DataCaptureConfig") {
                    expect(id, "DataCaptureConfig.KmsKeyId", capture.get("KmsKeyId"));
                }
            }
            "AWS::Lambda::EventSourceMapping" => {
                if p.get("FilterCriteria").is_some() {
                    expect(id, "KmsKeyArn (filter criteria)", p.get("KmsKeyArn"));
                }
            }
            "AWS::KMS::Key" => {
                if imported {
                    extra.push(format!(
                        "{id}: a key is created although the stack imports one"
                    ));
                }
                if p.get("EnableKeyRotation") != Some(&Json::Bool(true)) {
                    extra.push(format!("{id}: key rotation is off"));
                }
            }
            other if NO_DATA_AT_REST.iter().any(|(t, _)| *t == other) => {}
            other => extra.push(format!(
                "{id}: resource type {other} is not classified for encryption at rest"
            )),
        }
    }
    out.extend(extra);
    out
}

/// AWS's naming convention for instance types with local NVMe storage: a `d` among the
/// attribute letters after the generation (`c5d`, `m6id`, `g4dn`).
fn has_instance_storage(instance_type: &str) -> bool {
    instance_type.split('.').nth(1).is_some_and(|family| {
        family
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .contains('d')
    })
}

/// Map keys whose literal values would be secret material.
const SECRET_KEYS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "secret",
    "secretstring",
    "secretkey",
    "secretaccesskey",
    "token",
    "accesstoken",
    "authtoken",
    "apikey",
    "apisecret",
    "privatekey",
    "privatekeypassword",
    "clientsecret",
];

/// Environment variable names that would carry secret material.
const SECRET_ENV_WORDS: &[&str] = &[
    "PASSWORD", "SECRET", "TOKEN", "APIKEY", "API_KEY", "PRIVATE",
];

/// Secret-looking literals anywhere in the template: private keys, AWS access keys and
/// secret keys, credentials in URLs, literal values under password-like keys or environment
/// variables, secret strings, and generated secrets whose template fixes the password.
pub fn secret_literals(template: &Json) -> Vec<String> {
    let mut out = Vec::new();
    // The template's own logical ids (a 40-character CamelCase id such as
    // `Monitoring0KafkaSource1MaxOffsetLagAlarm` has the shape of a secret access key) are
    // names, not secrets: a key-shaped run that is one of them is spared.
    let ids: Vec<&str> = ["Resources", "Parameters", "Outputs", "Conditions"]
        .iter()
        .filter_map(|section| template.get(section).and_then(Json::as_object))
        .flat_map(|map| map.keys().map(String::as_str))
        .collect();
    walk(template, "$", None, &ids, &mut out);
    if let Some(resources) = template.get("Resources").and_then(Json::as_object) {
        for (id, resource) in resources {
            let Some(generate) = resource
                .get("Properties")
                .and_then(|p| p.get("GenerateSecretString"))
            else {
                continue;
            };
            let generated_key = generate
                .get("GenerateStringKey")
                .and_then(Json::as_str)
                .unwrap_or_default();
            if let Some(template) = generate.get("SecretStringTemplate").and_then(Json::as_str) {
                match serde_json::from_str::<Json>(template) {
                    Ok(Json::Object(fields)) => {
                        for key in fields.keys() {
                            if key == generated_key || is_secret_key(key) {
                                out.push(format!(
                                    "{id}: SecretStringTemplate fixes {key:?}, which should be generated"
                                ));
                            }
                        }
                    }
                    Ok(other) => out.push(format!(
                        "{id}: SecretStringTemplate is {other}, not an object"
                    )),
                    // A template spliced with Fn::Join is checked by its literal parts.
                    Err(_) => {}
                }
            }
        }
    }
    out
}

fn is_secret_key(key: &str) -> bool {
    let normalized: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    SECRET_KEYS.contains(&normalized.as_str())
}

fn walk(value: &Json, path: &str, key: Option<&str>, ids: &[&str], out: &mut Vec<String>) {
    match value {
        Json::Object(map) => {
            let variables = key == Some("Variables");
            for (k, v) in map {
                let here = format!("{path}.{k}");
                if let Json::String(s) = v {
                    if !s.is_empty() && is_secret_key(k) {
                        out.push(format!("{here}: literal value under a secret-like key"));
                    }
                    if variables
                        && SECRET_ENV_WORDS
                            .iter()
                            .any(|w| k.to_ascii_uppercase().contains(w))
                    {
                        out.push(format!(
                            "{here}: secret-like environment variable with a literal value"
                        ));
                    }
                }
                walk(v, &here, Some(k), ids, out);
            }
        }
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), key, ids, out);
            }
        }
        Json::String(s) => {
            for problem in secret_text_sparing(s, ids) {
                out.push(format!("{path}: {problem}"));
            }
        }
        _ => {}
    }
}

/// Problems of one string: PEM blocks, AWS keys, URL credentials.
pub fn secret_text(s: &str) -> Vec<String> {
    secret_text_sparing(s, &[])
}

/// [`secret_text`], sparing key-shaped runs that are one of `names` (the template's logical
/// ids).
fn secret_text_sparing(s: &str, names: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    if s.contains("-----BEGIN") {
        out.push("a PEM block (private key or certificate)".to_owned());
    }
    let base64 = |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '+' | '=');
    for run in s.split(|c: char| !base64(c)) {
        let chars: Vec<char> = run.chars().collect();
        if chars.len() == 40
            && !names.contains(&run)
            && chars.iter().any(char::is_ascii_digit)
            && chars.iter().any(char::is_ascii_lowercase)
            && chars.iter().any(char::is_ascii_uppercase)
        {
            out.push(format!("{run:?} looks like an AWS secret access key"));
        }
    }
    for run in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        if run.len() == 20
            && !names.contains(&run)
            && (run.starts_with("AKIA") || run.starts_with("ASIA"))
            && run
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            out.push(format!("{run:?} looks like an AWS access key id"));
        }
    }
    // `scheme://user:password@host`, with a scheme of letters and both user and password.
    if let Some((before, rest)) = s.split_once("://") {
        let scheme = before
            .rsplit(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or_default();
        let authority = rest.split('/').next().unwrap_or_default();
        let credentials = authority
            .rsplit_once('@')
            .and_then(|(userinfo, _)| userinfo.split_once(':'))
            .is_some_and(|(user, password)| !user.is_empty() && !password.is_empty());
        if !scheme.is_empty() && credentials {
            out.push("a URL with a password".to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_text_finds_keys_and_spares_names() {
        assert_eq!(secret_text("-----BEGIN PRIVATE KEY-----").len(), 1);
        assert_eq!(
            secret_text("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").len(),
            1
        );
        assert_eq!(secret_text("id AKIAIOSFODNN7EXAMPLE here").len(), 1);
        assert_eq!(secret_text("https://user:pass@example.com/x").len(), 1);
        assert!(
            secret_text("com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint").is_empty()
        );
        assert!(secret_text("https://example.com/a@b").is_empty());
        assert!(
            secret_text("://:@-0").is_empty(),
            "a consumer group id, not a URL"
        );
    }
}
