//! Least privilege, checked on a template's JSON: every policy statement of every resource
//! (the roles' managed policies, inline policies, key policies, queue and topic policies, and any
//! other `Statement` list) against the allow-list in `constructs::iam::unscoped`.
//!
//! An `Allow` statement may not use an action wildcard (`*`, `service:*`, `service:Prefix*`),
//! `NotAction` or `NotResource`, and names `"Resource": "*"` only for actions AWS documents as
//! unscopable (with the condition the allow-list requires). Key policies (`AWS::KMS::Key`) may
//! hold exactly the statements `KEY_POLICY_GRANTS` lists. Resource policies never allow
//! everyone (`Principal: "*"`). `Deny` statements only take permissions away and are not
//! limited.

use constructs::iam::unscoped::{KEY_POLICY_GRANTS, KeyPrincipal, unscoped_action};
use serde_json::Value as Json;

/// Every least-privilege violation in `template` (its JSON), as readable lines.
pub fn violations(template: &Json) -> Vec<String> {
    let mut out = Vec::new();
    let Some(resources) = template.get("Resources").and_then(Json::as_object) else {
        return out;
    };
    for (id, resource) in resources {
        let kind = resource
            .get("Type")
            .and_then(Json::as_str)
            .unwrap_or_default();
        let properties = resource.get("Properties").cloned().unwrap_or(Json::Null);
        if kind == "AWS::IAM::Role" {
            // The role's own managed policies are audited as resources of the template; any
            // other (an AWS managed policy by ARN) is one this audit cannot see.
            for arn in strings(properties.get("ManagedPolicyArns")) {
                let own = arn
                    .get("Ref")
                    .and_then(Json::as_str)
                    .and_then(|target| resources.get(target))
                    .is_some_and(|r| r["Type"] == "AWS::IAM::ManagedPolicy");
                if !own {
                    out.push(format!(
                        "{id}: attaches managed policy {arn}, which this audit cannot see"
                    ));
                }
            }
        }
        if kind == "AWS::Lambda::Permission" {
            let action = properties
                .get("Action")
                .and_then(Json::as_str)
                .unwrap_or_default();
            if action.contains('*') {
                out.push(format!(
                    "{id}: Lambda permission with wildcard action {action}"
                ));
            }
        }
        let mut documents = Vec::new();
        collect_statements(&properties, &mut documents);
        for (path, statement) in documents {
            let at = format!("{id}.{path}");
            let key_policy = kind == "AWS::KMS::Key" && path.starts_with("KeyPolicy");
            let trust = path.starts_with("AssumeRolePolicyDocument");
            check_statement(&at, statement, key_policy, trust, kind, &mut out);
        }
    }
    out
}

/// Every statement of every policy document under `value`, with its path.
fn collect_statements<'a>(value: &'a Json, out: &mut Vec<(String, &'a Json)>) {
    fn walk<'a>(value: &'a Json, path: &str, out: &mut Vec<(String, &'a Json)>) {
        match value {
            Json::Object(map) => {
                for (key, child) in map {
                    let here = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    if key == "Statement" {
                        match child {
                            Json::Array(items) => {
                                for (i, s) in items.iter().enumerate() {
                                    out.push((format!("{here}[{i}]"), s));
                                }
                            }
                            single => out.push((here.clone(), single)),
                        }
                    } else {
                        walk(child, &here, out);
                    }
                }
            }
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    walk(value, "", out);
}

fn strings(value: Option<&Json>) -> Vec<&Json> {
    match value {
        Some(Json::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    }
}

fn is_star(value: &Json) -> bool {
    value.as_str() == Some("*")
}

/// The text of a literal or of a `Fn::Sub` template.
fn text(value: &Json) -> Option<&str> {
    value.as_str().or_else(|| {
        value
            .get("Fn::Sub")
            .and_then(|s| s.as_str().or_else(|| s.get(0)?.as_str()))
    })
}

/// True when `resource` is an ARN whose resource part is only `*` (every resource of the
/// service in an account).
fn whole_service(resource: &Json) -> bool {
    text(resource).is_some_and(|t| {
        let parts: Vec<&str> = t.splitn(6, ':').collect();
        parts.len() == 6 && parts[0] == "arn" && parts[5] == "*"
    })
}

fn condition_keys(statement: &Json) -> Vec<&str> {
    statement
        .get("Condition")
        .and_then(Json::as_object)
        .map(|ops| {
            ops.values()
                .filter_map(Json::as_object)
                .flat_map(|keys| keys.keys().map(String::as_str))
                .collect()
        })
        .unwrap_or_default()
}

fn principal_matches(principal: Option<&Json>, expected: KeyPrincipal) -> bool {
    let (field, want) = match expected {
        KeyPrincipal::Aws(w) => ("AWS", w),
        KeyPrincipal::Service(w) => ("Service", w),
    };
    principal
        .and_then(|p| p.get(field))
        .and_then(text)
        .is_some_and(|t| t == want)
}

fn check_statement(
    at: &str,
    statement: &Json,
    key_policy: bool,
    trust: bool,
    kind: &str,
    out: &mut Vec<String>,
) {
    let effect = statement.get("Effect").and_then(Json::as_str);
    if effect == Some("Deny") {
        return;
    }
    if effect != Some("Allow") {
        out.push(format!("{at}: Effect is {effect:?}, not Allow or Deny"));
        return;
    }
    for forbidden in ["NotAction", "NotResource", "NotPrincipal"] {
        if statement.get(forbidden).is_some() {
            out.push(format!("{at}: allows with {forbidden}"));
        }
    }
    let actions: Vec<&str> = strings(statement.get("Action"))
        .into_iter()
        .map(|a| a.as_str().unwrap_or("<not a string>"))
        .collect();
    if actions.is_empty() {
        out.push(format!("{at}: has no Action"));
    }
    let resources = strings(statement.get("Resource"));
    let principal = statement.get("Principal");
    if key_policy {
        let grant = KEY_POLICY_GRANTS
            .iter()
            .find(|g| principal_matches(principal, g.principal));
        let Some(grant) = grant else {
            out.push(format!(
                "{at}: key policy statement for principal {} is not in iam::unscoped::KEY_POLICY_GRANTS",
                principal.map(Json::to_string).unwrap_or_default()
            ));
            return;
        };
        for action in &actions {
            if !grant.actions.contains(action) {
                out.push(format!(
                    "{at}: key policy grants {action}, which the documented statement for this principal does not"
                ));
            }
        }
        if !(resources.len() == 1 && is_star(resources[0])) {
            out.push(format!(
                "{at}: a key policy statement names `*` (this key), not {resources:?}"
            ));
        }
        if let Some(key) = grant.condition {
            if !condition_keys(statement).contains(&key) {
                out.push(format!(
                    "{at}: key policy statement lacks its {key} condition"
                ));
            }
        }
        return;
    }
    for action in &actions {
        if action.contains('*') {
            out.push(format!("{at}: wildcard action {action}"));
        }
        if !action.contains(':') {
            out.push(format!("{at}: action {action} names no service"));
        }
    }
    if trust {
        // Trust policies name who may assume the role, not resources.
        if principal.is_none_or(|p| p.to_string().contains('*')) {
            out.push(format!("{at}: trust policy without a specific principal"));
        }
        return;
    }
    if kind != "AWS::IAM::Role" && kind != "AWS::IAM::Policy" && kind != "AWS::IAM::ManagedPolicy" {
        // A resource policy: it must say whom it allows, and not everyone.
        match principal {
            None => out.push(format!(
                "{at}: resource policy statement without a Principal"
            )),
            Some(p) if is_star(p) || p.get("AWS").is_some_and(is_star) => {
                out.push(format!("{at}: allows every principal"));
            }
            Some(_) => {}
        }
    }
    if resources.is_empty() {
        out.push(format!("{at}: has no Resource"));
    }
    if resources.iter().any(|r| is_star(r)) {
        for action in &actions {
            match unscoped_action(action) {
                None => out.push(format!(
                    "{at}: grants {action} on \"*\", but iam::unscoped does not list it as unscopable"
                )),
                Some(entry) => {
                    if let Some(key) = entry.condition {
                        if !condition_keys(statement).contains(&key) {
                            out.push(format!(
                                "{at}: grants {action} on \"*\" without its {key} condition"
                            ));
                        }
                    }
                }
            }
        }
    }
    for resource in resources {
        if whole_service(resource) {
            out.push(format!(
                "{at}: resource {resource} is every resource of a service"
            ));
        }
    }
}
