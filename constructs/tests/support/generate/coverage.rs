//! What of the schema a set of documents exercises: every property of every definition
//! (`KafkaSource.batch_size`, `CreatedOptions.serverless.memory_mb`) and every constant
//! choice (`KafkaAuth=iam`, `Threshold.kind=sigma`), named by the definition that holds it.
//! Intrinsics (`Expr`, `AnyValue`) are the file format's, not a construct's, and are left out.

use std::collections::BTreeSet;

use serde_json::{Map, Value as Json};

use super::walk::{is_choice, ref_name};

/// Definitions whose content is not counted.
const NOT_PROPS: &[&str] = &["Expr", "AnyValue"];

/// Every label the schema `root` can show.
pub fn universe(root: &Json) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut seen = BTreeSet::new();
    every(root, root, "Stack", &mut seen, &mut out);
    out
}

fn every(
    root: &Json,
    schema: &Json,
    at: &str,
    seen: &mut BTreeSet<String>,
    out: &mut BTreeSet<String>,
) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if let Some(name) = ref_name(schema) {
        if !NOT_PROPS.contains(&name) && seen.insert(name.to_owned()) {
            if let Some(def) = root.pointer(&format!("/definitions/{name}")) {
                every(root, def, name, seen, out);
            }
        }
        return;
    }
    if let Some(value) = map.get("const") {
        out.insert(format!("{at}={}", label(value)));
    }
    for value in map
        .get("enum")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        out.insert(format!("{at}={}", label(value)));
    }
    for (key, property) in properties(map) {
        out.insert(format!("{at}.{key}"));
        every(root, property, &format!("{at}.{key}"), seen, out);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for branch in map.get(key).and_then(Json::as_array).into_iter().flatten() {
            every(root, branch, at, seen, out);
        }
    }
    for key in ["additionalProperties", "items"] {
        match map.get(key) {
            Some(Json::Array(items)) => items.iter().for_each(|i| every(root, i, at, seen, out)),
            Some(item) => every(root, item, at, seen, out),
            None => {}
        }
    }
}

/// The labels `doc` shows under the schema `root`.
pub fn present(root: &Json, doc: &Json) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    visit(root, root, doc, "Stack", &mut out);
    out
}

fn visit(root: &Json, schema: &Json, value: &Json, at: &str, out: &mut BTreeSet<String>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if let Some(name) = ref_name(schema) {
        if !NOT_PROPS.contains(&name) {
            if let Some(def) = root.pointer(&format!("/definitions/{name}")) {
                visit(root, def, value, name, out);
            }
        }
        return;
    }
    if map.get("const") == Some(value) {
        out.insert(format!("{at}={}", label(value)));
    }
    let in_enum = map
        .get("enum")
        .and_then(Json::as_array)
        .is_some_and(|values| values.contains(value));
    if in_enum {
        out.insert(format!("{at}={}", label(value)));
    }
    if let Json::Object(fields) = value {
        let props = properties(map);
        for (key, field) in fields {
            match props.iter().find(|(k, _)| k == key) {
                Some((_, property)) => {
                    out.insert(format!("{at}.{key}"));
                    visit(root, property, field, &format!("{at}.{key}"), out);
                }
                None => {
                    if let Some(item @ Json::Object(_)) = map.get("additionalProperties") {
                        visit(root, item, field, at, out);
                    }
                }
            }
        }
    }
    if let (Json::Array(values), Some(items)) = (value, map.get("items")) {
        for (i, item) in values.iter().enumerate() {
            let schema = match items {
                Json::Array(tuple) => tuple.get(i),
                one => Some(one),
            };
            if let Some(schema) = schema {
                visit(root, schema, item, at, out);
            }
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for branch in map.get(key).and_then(Json::as_array).into_iter().flatten() {
            if fits(root, branch, value) {
                visit(root, branch, value, at, out);
            }
        }
    }
}

/// Whether `value` has the shape of `schema` (types, constants and keys; no bounds).
fn fits(root: &Json, schema: &Json, value: &Json) -> bool {
    let Some(map) = schema.as_object() else {
        return schema != &Json::Bool(false);
    };
    if let Some(name) = ref_name(schema) {
        return root
            .pointer(&format!("/definitions/{name}"))
            .is_some_and(|def| fits(root, def, value));
    }
    if map.get("const").is_some_and(|c| c != value) {
        return false;
    }
    let typed = match map.get("type") {
        Some(Json::String(ty)) => of_type(ty, value),
        Some(Json::Array(types)) => types
            .iter()
            .filter_map(Json::as_str)
            .any(|t| of_type(t, value)),
        _ => true,
    };
    if !typed {
        return false;
    }
    if let Json::Object(fields) = value {
        let props = properties(map);
        if !props.is_empty() && map.get("additionalProperties") == Some(&Json::Bool(false)) {
            let known = fields.iter().all(|(k, v)| {
                props
                    .iter()
                    .any(|(key, property)| key == k && fits(root, property, v))
            });
            if !known {
                return false;
            }
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Json::Array(branches)) = map.get(key) {
            if !is_choice(branches) && !branches.iter().any(|b| fits(root, b, value)) {
                return false;
            }
        }
    }
    map.get("allOf")
        .and_then(Json::as_array)
        .is_none_or(|all| all.iter().all(|b| fits(root, b, value)))
}

fn of_type(ty: &str, value: &Json) -> bool {
    match ty {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    }
}

fn properties(map: &Map<String, Json>) -> Vec<(String, &Json)> {
    map.get("properties")
        .and_then(Json::as_object)
        .map(|p| p.iter().map(|(k, v)| (k.clone(), v)).collect())
        .unwrap_or_default()
}

fn label(value: &Json) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}
