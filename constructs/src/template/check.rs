//! Internal consistency of a template: every reference points at something that exists.

use std::collections::HashSet;

use serde_json::Value as Json;

use super::Template;

/// A reference whose target is not in the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dangling {
    /// Where the reference is, e.g. `Resources.DetectorFunction`.
    pub location: String,
    /// The reference as written, e.g. `Fn::GetAtt DetectorRole.Arn`.
    pub reference: String,
}

impl Template {
    /// Every `Ref`, `Fn::GetAtt`, `Fn::Sub` variable, `Fn::If`/`Condition` name,
    /// `Fn::FindInMap` table and `DependsOn` entry whose target does not exist.
    pub fn dangling_references(&self) -> Vec<Dangling> {
        let resources: HashSet<&str> = self.resources.keys().map(|k| k.as_str()).collect();
        let parameters: HashSet<&str> = self.parameters.keys().map(|k| k.as_str()).collect();
        let conditions: HashSet<&str> = self.conditions.keys().map(|k| k.as_str()).collect();
        let mappings: HashSet<&str> = self.mappings.keys().map(|k| k.as_str()).collect();
        let known = Known {
            resources: &resources,
            parameters: &parameters,
            conditions: &conditions,
            mappings: &mappings,
        };
        let mut out = Vec::new();
        for (id, resource) in &self.resources {
            let location = format!("Resources.{id}");
            for dep in &resource.depends_on {
                if !resources.contains(dep.as_str()) {
                    out.push(Dangling {
                        location: location.clone(),
                        reference: format!("DependsOn {dep}"),
                    });
                }
            }
            if let Some(condition) = &resource.condition {
                if !conditions.contains(condition.as_str()) {
                    out.push(Dangling {
                        location: location.clone(),
                        reference: format!("Condition {condition}"),
                    });
                }
            }
            known.walk(&resource.properties, &location, &mut out);
        }
        for (id, condition) in &self.conditions {
            known.walk(&json(condition), &format!("Conditions.{id}"), &mut out);
        }
        for (id, output) in &self.outputs {
            known.walk(&json(output), &format!("Outputs.{id}"), &mut out);
        }
        out
    }
}

fn json<T: serde::Serialize>(value: &T) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

struct Known<'a> {
    resources: &'a HashSet<&'a str>,
    parameters: &'a HashSet<&'a str>,
    conditions: &'a HashSet<&'a str>,
    mappings: &'a HashSet<&'a str>,
}

impl Known<'_> {
    fn walk(&self, value: &Json, location: &str, out: &mut Vec<Dangling>) {
        let mut missing = |reference: String| {
            out.push(Dangling {
                location: location.to_owned(),
                reference,
            })
        };
        match value {
            Json::Array(items) => {
                for item in items {
                    self.walk(item, location, out);
                }
            }
            Json::Object(map) if map.len() == 1 => {
                let Some((key, arg)) = map.iter().next() else {
                    return;
                };
                match (key.as_str(), arg) {
                    ("Ref", Json::String(target)) => {
                        if !target.starts_with("AWS::")
                            && !self.resources.contains(target.as_str())
                            && !self.parameters.contains(target.as_str())
                        {
                            missing(format!("Ref {target}"));
                        }
                    }
                    ("Fn::GetAtt", Json::Array(parts)) => {
                        if let Some(Json::String(target)) = parts.first() {
                            if !self.resources.contains(target.as_str()) {
                                missing(format!("Fn::GetAtt {target}"));
                            }
                        }
                    }
                    ("Fn::Sub", Json::String(template)) => {
                        self.check_sub(template, &HashSet::new(), &mut missing);
                    }
                    ("Fn::Sub", Json::Array(parts)) => {
                        let vars: HashSet<&str> = parts
                            .get(1)
                            .and_then(Json::as_object)
                            .map(|m| m.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        if let Some(Json::String(template)) = parts.first() {
                            self.check_sub(template, &vars, &mut missing);
                        }
                        if let Some(vars) = parts.get(1) {
                            self.walk(vars, location, out);
                        }
                    }
                    ("Fn::If", Json::Array(parts)) | ("Fn::FindInMap", Json::Array(parts)) => {
                        let names = if key == "Fn::If" {
                            self.conditions
                        } else {
                            self.mappings
                        };
                        if let Some(Json::String(name)) = parts.first() {
                            if !names.contains(name.as_str()) {
                                missing(format!("{key} {name}"));
                            }
                        }
                        for part in parts.iter().skip(1) {
                            self.walk(part, location, out);
                        }
                    }
                    ("Condition", Json::String(name)) => {
                        if !self.conditions.contains(name.as_str()) {
                            missing(format!("Condition {name}"));
                        }
                    }
                    _ => self.walk(arg, location, out),
                }
            }
            Json::Object(map) => {
                for item in map.values() {
                    self.walk(item, location, out);
                }
            }
            _ => {}
        }
    }

    fn check_sub(&self, template: &str, vars: &HashSet<&str>, missing: &mut impl FnMut(String)) {
        for name in sub_variables(template) {
            let (target, attr) = match name.split_once('.') {
                Some((t, a)) => (t, Some(a)),
                None => (name, None),
            };
            if vars.contains(name) || target.starts_with("AWS::") {
                continue;
            }
            let ok = self.resources.contains(target)
                || (attr.is_none() && self.parameters.contains(target));
            if !ok {
                missing(format!("Fn::Sub ${{{name}}}"));
            }
        }
    }
}

/// The `${name}` variables of a `Fn::Sub` template, skipping `${!literal}` escapes: the one
/// `Fn::Sub` parser, also used by `synth diff` on deployed templates.
///
/// ```
/// assert_eq!(constructs::template::sub_variables("a${X}b${!Y}${Z.Arn}"), ["X", "Z.Arn"]);
/// ```
pub fn sub_variables(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.starts_with('!') {
            out.push(name.trim());
        }
        rest = &after[end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LogicalId, Resource, Value};

    #[test]
    fn finds_sub_variables() {
        assert_eq!(sub_variables("a${X}b${!Y}${Z.Arn}"), vec!["X", "Z.Arn"]);
    }

    #[test]
    fn reports_dangling_references() {
        let mut t = Template::default();
        let id = LogicalId::new("A").unwrap();
        let mut r = Resource {
            properties: serde_json::json!({
                "X": {"Ref": "Missing"},
                "Y": {"Fn::GetAtt": ["A", "Arn"]},
                "Z": {"Fn::Sub": "${AWS::Region}-${Gone.Arn}-${!Lit}"},
                "W": {"Fn::Sub": ["${V}", {"V": {"Ref": "A"}}]}
            }),
            ..Resource::new(&Dummy)
        };
        r.depends_on.push(LogicalId::new("Nope").unwrap());
        t.resources.insert(id, r);
        let refs: Vec<String> = t
            .dangling_references()
            .into_iter()
            .map(|d| d.reference)
            .collect();
        assert_eq!(
            refs,
            vec!["DependsOn Nope", "Ref Missing", "Fn::Sub ${Gone.Arn}"]
        );
        let _ = Value::region();
    }

    #[derive(serde::Serialize)]
    struct Dummy;
    impl crate::ResourceProperties for Dummy {
        const TYPE: &'static str = "AWS::CloudFormation::WaitConditionHandle";
    }
}
