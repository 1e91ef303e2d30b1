//! What a template value refers to: `Ref`, `Fn::GetAtt`, and the `${Name}` / `${Name.Attr}`
//! variables of `Fn::Sub` (read with the constructs' one `Fn::Sub` parser). A replaced resource
//! gets a new physical id, so every value that refers to it changes at deploy time although
//! its text does not.

use serde_json::Value as Json;

use super::values::{Path, Step, intrinsic};

/// An intrinsic function in a value, and the names it refers to.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Where the function call is.
    pub path: Path,
    /// The logical ids and parameter names it reads (no pseudo parameters), each once.
    pub targets: Vec<String>,
}

/// Every intrinsic function call below `value` (the outermost one of a nest) that refers to
/// something, in document order.
pub fn references(value: &Json, path: &Path, out: &mut Vec<Reference>) {
    match value {
        Json::Object(map) if intrinsic(map).is_some() => {
            let mut found = Vec::new();
            targets(value, &mut found);
            if !found.is_empty() {
                out.push(Reference {
                    path: path.clone(),
                    targets: found,
                });
            }
        }
        Json::Object(map) => {
            for (key, item) in map {
                references(item, &path.join(Step::Key(key.clone())), out);
            }
        }
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                references(item, &path.join(Step::Index(i)), out);
            }
        }
        _ => {}
    }
}

/// The names `value` refers to, added to `out` once each.
pub fn targets(value: &Json, out: &mut Vec<String>) {
    let mut add = |name: &str| {
        let name = name.split('.').next().unwrap_or(name);
        if !name.starts_with("AWS::") && !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
    };
    match value {
        Json::Object(map) if intrinsic(map).is_some() => {
            let Some((key, arg)) = map.iter().next() else {
                return;
            };
            match (key.as_str(), arg) {
                ("Ref", Json::String(name)) => add(name),
                ("Fn::GetAtt", Json::Array(parts)) => {
                    if let Some(Json::String(name)) = parts.first() {
                        add(name);
                    }
                    parts.iter().skip(1).for_each(|p| targets(p, out));
                }
                ("Fn::GetAtt", Json::String(dotted)) => add(dotted),
                ("Fn::Sub", Json::String(template)) => {
                    for variable in constructs::value::sub::variables(template) {
                        add(variable.name());
                    }
                }
                ("Fn::Sub", Json::Array(parts)) => {
                    let local: Vec<&str> = parts
                        .get(1)
                        .and_then(Json::as_object)
                        .map(|vars| vars.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    if let Some(Json::String(template)) = parts.first() {
                        for variable in constructs::value::sub::variables(template) {
                            if !local.contains(&variable.name()) {
                                add(variable.name());
                            }
                        }
                    }
                    parts.iter().skip(1).for_each(|p| targets(p, out));
                }
                _ => targets(arg, out),
            }
        }
        Json::Object(map) => map.values().for_each(|v| targets(v, out)),
        Json::Array(items) => items.iter().for_each(|v| targets(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn finds_every_kind_of_reference_once() {
        let value = json!({
            "A": {"Ref": "Topic"},
            "B": [{"Fn::GetAtt": ["Queue", "Arn"]}, "literal"],
            "C": {"Fn::Sub": ["${Local}-${Table}-${AWS::Region}-${!Escaped}", {"Local": {"Ref": "Endpoint"}}]},
            "D": {"Fn::Join": ["", [{"Ref": "Queue"}, {"Ref": "AWS::StackName"}]]},
            "E": {"Fn::Sub": "${Key.Arn}"}
        });
        let mut out = Vec::new();
        references(&value, &Path::default(), &mut out);
        let found: Vec<(String, Vec<String>)> = out
            .into_iter()
            .map(|r| (r.path.to_string(), r.targets))
            .collect();
        let expect =
            |p: &str, t: &[&str]| (p.to_owned(), t.iter().map(|s| (*s).to_owned()).collect());
        assert_eq!(
            found,
            [
                expect("A", &["Topic"]),
                expect("B[0]", &["Queue"]),
                expect("C", &["Table", "Endpoint"]),
                expect("D", &["Queue"]),
                expect("E", &["Key"]),
            ]
        );
    }
}
