//! What a value refers to by name: the one walk over the value tree that finds every `Ref`,
//! `Fn::GetAtt`, `Fn::Sub` variable, condition and mapping, for the template's own checks and
//! for the tools that read a synthesized template (`synth diagram`, say).

use std::fmt;

use super::Value;
use super::intrinsic::Intrinsic;
use super::sub::{self, SubVariable};

/// A name a value refers to: a resource, parameter, condition or mapping of the template.
/// Pseudo parameters (`AWS::Region`, written as a `Ref` or a `${AWS::Region}`) are not
/// references into the template and are not yielded.
///
/// Displayed as the reference is written: `Ref Topic`, `Fn::GetAtt DetectorRole`,
/// `Fn::Sub ${Table.Arn}`, `Fn::If HasEmail`, `Condition HasEmail`, `Fn::FindInMap RcfImages`.
///
/// ```
/// use constructs::value::Reference;
/// use constructs::{LogicalId, Value};
/// let role = LogicalId::new("DetectorRole").expect("valid");
/// let value = Value::list([
///     Value::get_att(&role, "Arn"),
///     Value::sub("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Queue.QueueName}"),
/// ]);
/// let targets: Vec<&str> = value.references().iter().map(Reference::target).collect();
/// assert_eq!(targets, ["DetectorRole", "Queue"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reference<'a> {
    /// `Ref` to a resource or parameter.
    Ref(&'a str),
    /// `Fn::GetAtt` of a resource's attribute: the resource and the attribute.
    GetAtt(&'a str, &'a str),
    /// A `${Name}` or `${Name.Attribute}` of a `Fn::Sub` template that the `Fn::Sub`'s own
    /// variables do not bind.
    Sub(SubVariable<'a>),
    /// The condition of a `Fn::If`.
    If(&'a str),
    /// A `Condition` inside a condition function.
    Condition(&'a str),
    /// The mapping of a `Fn::FindInMap`.
    FindInMap(&'a str),
}

impl<'a> Reference<'a> {
    /// The logical id referred to (`Table` of `${Table.Arn}`).
    pub fn target(&self) -> &'a str {
        match self {
            Reference::Ref(id)
            | Reference::GetAtt(id, _)
            | Reference::If(id)
            | Reference::Condition(id)
            | Reference::FindInMap(id) => id,
            Reference::Sub(variable) => variable.target(),
        }
    }
}

impl fmt::Display for Reference<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reference::Ref(id) => write!(f, "Ref {id}"),
            Reference::GetAtt(id, _) => write!(f, "Fn::GetAtt {id}"),
            Reference::Sub(variable) => write!(f, "Fn::Sub ${{{}}}", variable.name()),
            Reference::If(name) => write!(f, "Fn::If {name}"),
            Reference::Condition(name) => write!(f, "Condition {name}"),
            Reference::FindInMap(name) => write!(f, "Fn::FindInMap {name}"),
        }
    }
}

impl Value {
    /// Every reference in this value, in the order written.
    pub fn references(&self) -> Vec<Reference<'_>> {
        let mut out = Vec::new();
        self.visit_references(&mut |reference| out.push(reference));
        out
    }

    /// Calls `visit` with every reference in this value, in the order written.
    pub fn visit_references<'a>(&'a self, visit: &mut impl FnMut(Reference<'a>)) {
        match self {
            Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::String(_) => {}
            Value::List(items) => items.iter().for_each(|v| v.visit_references(visit)),
            Value::Map(map) => map.values().for_each(|v| v.visit_references(visit)),
            Value::Intrinsic(intrinsic) => intrinsic.visit_references(visit),
        }
    }
}

impl Intrinsic {
    /// Calls `visit` with every reference this intrinsic makes, its arguments' included, in
    /// the order written.
    pub fn visit_references<'a>(&'a self, visit: &mut impl FnMut(Reference<'a>)) {
        match self {
            Intrinsic::Ref(id) if !id.starts_with("AWS::") => visit(Reference::Ref(id)),
            Intrinsic::Ref(_) | Intrinsic::Pseudo(_) => {}
            Intrinsic::GetAtt(id, attribute) => visit(Reference::GetAtt(id, attribute)),
            Intrinsic::Sub(template, variables) => {
                sub::variables(template)
                    .filter(|v| !v.is_pseudo() && !variables.contains_key(v.name()))
                    .for_each(|v| visit(Reference::Sub(v)));
                variables.values().for_each(|v| v.visit_references(visit));
            }
            Intrinsic::If(condition, then, otherwise) => {
                visit(Reference::If(condition));
                then.visit_references(visit);
                otherwise.visit_references(visit);
            }
            Intrinsic::FindInMap(mapping, top, second) => {
                visit(Reference::FindInMap(mapping));
                top.visit_references(visit);
                second.visit_references(visit);
            }
            Intrinsic::Condition(name) => visit(Reference::Condition(name)),
            Intrinsic::Join(_, parts) | Intrinsic::And(parts) | Intrinsic::Or(parts) => {
                parts.iter().for_each(|v| v.visit_references(visit));
            }
            Intrinsic::Select(_, value)
            | Intrinsic::Split(_, value)
            | Intrinsic::ImportValue(value)
            | Intrinsic::GetAZs(value)
            | Intrinsic::Base64(value)
            | Intrinsic::Cidr(value, _, _)
            | Intrinsic::Not(value) => value.visit_references(visit),
            Intrinsic::Equals(a, b) => {
                a.visit_references(visit);
                b.visit_references(visit);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use super::*;
    use crate::logical_id::LogicalId;

    fn id(s: &str) -> LogicalId {
        LogicalId::new(s).unwrap()
    }

    fn written(value: &Value) -> Vec<String> {
        value.references().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn every_intrinsic_is_walked_in_written_order() {
        let mut vars = IndexMap::new();
        vars.insert("V".to_owned(), Value::reference(&id("Bound")));
        let value = Value::map([
            ("a", Value::reference(&id("Topic"))),
            ("b", Value::region()),
            ("c", Intrinsic::Ref("AWS::StackName".into()).into()),
            ("d", Value::get_att(&id("Role"), "Arn")),
            (
                "e",
                Value::sub_with("${V}-${AWS::Region}-${Queue.Arn}-${!Lit}", vars),
            ),
            (
                "f",
                Intrinsic::If(
                    "HasEmail".into(),
                    Value::reference(&id("Email")),
                    Value::no_value(),
                )
                .into(),
            ),
            (
                "g",
                Intrinsic::FindInMap("Images".into(), Value::region(), "Account".into()).into(),
            ),
            (
                "h",
                Intrinsic::Not(
                    Intrinsic::And(vec![
                        Intrinsic::Condition("C".into()).into(),
                        Intrinsic::Equals(Value::reference(&id("P")), "".into()).into(),
                    ])
                    .into(),
                )
                .into(),
            ),
            (
                "i",
                Value::join(
                    "",
                    vec![
                        Intrinsic::Select(
                            0,
                            Intrinsic::Split(":".into(), Value::reference(&id("Arn"))).into(),
                        )
                        .into(),
                    ],
                ),
            ),
            (
                "j",
                Intrinsic::Cidr(Value::reference(&id("Block")), 4, 8).into(),
            ),
        ]);
        assert_eq!(
            written(&value),
            [
                "Ref Topic",
                "Fn::GetAtt Role",
                "Fn::Sub ${Queue.Arn}",
                "Ref Bound",
                "Fn::If HasEmail",
                "Ref Email",
                "Fn::FindInMap Images",
                "Condition C",
                "Ref P",
                "Ref Arn",
                "Ref Block",
            ]
        );
        let targets: Vec<&str> = value.references().iter().map(Reference::target).collect();
        assert_eq!(targets[2], "Queue");
    }

    #[test]
    fn literals_refer_to_nothing() {
        let literal = Value::map([("Ref", "Topic"), ("Fn::Sub", "${X}")]);
        assert!(literal.references().is_empty());
    }
}
