//! Internal consistency of a template: every reference points at something that exists.

use std::collections::HashSet;

use super::Template;
use crate::value::{Reference, Value};

/// A reference whose target is not in the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dangling {
    /// Where the reference is, e.g. `Resources.DetectorFunction`.
    pub location: String,
    /// The reference as written, e.g. `Fn::GetAtt DetectorRole.Arn`.
    pub reference: String,
    /// The logical id it names, e.g. `DetectorRole`.
    pub target: String,
}

impl Template {
    /// Every `Ref`, `Fn::GetAtt`, `Fn::Sub` variable, `Fn::If`/`Condition` name,
    /// `Fn::FindInMap` table and `DependsOn` entry whose target does not exist.
    pub fn dangling_references(&self) -> Vec<Dangling> {
        let resources: HashSet<&str> = self.resources.keys().map(|k| k.as_str()).collect();
        let parameters: HashSet<&str> = self.parameters.keys().map(|k| k.as_str()).collect();
        let conditions: HashSet<&str> = self.conditions.keys().map(|k| k.as_str()).collect();
        let mappings: HashSet<&str> = self.mappings.keys().map(|k| k.as_str()).collect();
        let exists = |reference: &Reference<'_>| match reference {
            Reference::Ref(id) => resources.contains(id) || parameters.contains(id),
            Reference::GetAtt(id, _) => resources.contains(id),
            Reference::Sub(variable) => {
                resources.contains(variable.target())
                    || (variable.attribute().is_none() && parameters.contains(variable.name()))
            }
            Reference::If(name) | Reference::Condition(name) => conditions.contains(name),
            Reference::FindInMap(name) => mappings.contains(name),
        };
        let walk = |out: &mut Vec<Dangling>, location: &str, value: &Value| {
            value.visit_references(&mut |reference| {
                if !exists(&reference) {
                    out.push(Dangling {
                        location: location.to_owned(),
                        reference: reference.to_string(),
                        target: reference.target().to_owned(),
                    });
                }
            });
        };
        let mut out = Vec::new();
        for (id, resource) in &self.resources {
            let location = format!("Resources.{id}");
            for dep in &resource.depends_on {
                if !resources.contains(dep.as_str()) {
                    out.push(Dangling {
                        location: location.clone(),
                        reference: format!("DependsOn {dep}"),
                        target: dep.to_string(),
                    });
                }
            }
            if let Some(condition) = &resource.condition {
                if !conditions.contains(condition.as_str()) {
                    out.push(Dangling {
                        location: location.clone(),
                        reference: format!("Condition {condition}"),
                        target: condition.to_string(),
                    });
                }
            }
            walk(&mut out, &location, &resource.properties);
        }
        for (id, condition) in &self.conditions {
            walk(&mut out, &format!("Conditions.{id}"), condition);
        }
        for (id, output) in &self.outputs {
            let location = format!("Outputs.{id}");
            walk(&mut out, &location, &output.value);
            if let Some(export) = &output.export {
                walk(&mut out, &location, &export.name);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use super::*;
    use crate::intrinsic::Intrinsic;
    use crate::{LogicalId, Output, Resource};

    fn id(s: &str) -> LogicalId {
        LogicalId::new(s).unwrap()
    }

    #[test]
    fn reports_dangling_references() {
        let mut t = Template::default();
        let mut vars = IndexMap::new();
        vars.insert("V".to_owned(), Value::reference(&id("A")));
        let mut r = Resource {
            properties: Value::map([
                ("X", Value::reference(&id("Missing"))),
                ("Y", Value::get_att(&id("A"), "Arn")),
                ("Z", Value::sub("${AWS::Region}-${Gone.Arn}-${!Lit}")),
                ("W", Value::sub_with("${V}", vars)),
                (
                    "F",
                    Intrinsic::FindInMap("NoTable".into(), Value::region(), "K".into()).into(),
                ),
            ]),
            ..Resource::new(&Dummy)
        };
        r.depends_on.push(id("Nope"));
        r.condition = Some(id("NoCondition"));
        t.resources.insert(id("A"), r);
        t.conditions.insert(
            id("C"),
            Intrinsic::And(vec![Intrinsic::Condition("Undefined".into()).into()]).into(),
        );
        t.outputs.insert(
            id("O"),
            Output::new("o", Intrinsic::If("C".into(), "a".into(), "b".into()))
                .export_as_stack_scoped("x"),
        );
        t.outputs
            .insert(id("P"), Output::new("p", Value::reference(&id("Param"))));
        let refs: Vec<(String, String)> = t
            .dangling_references()
            .into_iter()
            .map(|d| (d.location, d.reference))
            .collect();
        let at = |l: &str, r: &str| (l.to_owned(), r.to_owned());
        assert_eq!(
            refs,
            [
                at("Resources.A", "DependsOn Nope"),
                at("Resources.A", "Condition NoCondition"),
                at("Resources.A", "Ref Missing"),
                at("Resources.A", "Fn::Sub ${Gone.Arn}"),
                at("Resources.A", "Fn::FindInMap NoTable"),
                at("Conditions.C", "Condition Undefined"),
                at("Outputs.P", "Ref Param"),
            ]
        );
    }

    #[derive(serde::Serialize)]
    struct Dummy;
    impl crate::ResourceProperties for Dummy {
        const TYPE: &'static str = "AWS::CloudFormation::WaitConditionHandle";
    }
}
