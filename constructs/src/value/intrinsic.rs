//! CloudFormation intrinsic functions and pseudo parameters, as a closed set.

use indexmap::IndexMap;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::value::Value;

/// A pseudo parameter that CloudFormation resolves for every stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pseudo {
    /// `AWS::Region`
    Region,
    /// `AWS::AccountId`
    AccountId,
    /// `AWS::Partition` (`aws`, `aws-cn`, `aws-us-gov`, …)
    Partition,
    /// `AWS::URLSuffix` (`amazonaws.com`, `amazonaws.com.cn`)
    UrlSuffix,
    /// `AWS::StackName`
    StackName,
    /// `AWS::StackId`
    StackId,
    /// `AWS::NoValue`: removes the property it is assigned to.
    NoValue,
}

impl Pseudo {
    /// The name CloudFormation knows this pseudo parameter by.
    pub fn name(self) -> &'static str {
        match self {
            Pseudo::Region => "AWS::Region",
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::StackId => "AWS::StackId",
            Pseudo::NoValue => "AWS::NoValue",
        }
    }
}

/// An intrinsic function. Serialized in long form (`{"Fn::GetAtt": [id, attr]}`), which JSON
/// and YAML templates both accept.
#[derive(Debug, Clone, PartialEq)]
pub enum Intrinsic {
    /// `Ref` to a resource or parameter by logical id.
    Ref(String),
    /// `Ref` to a pseudo parameter.
    Pseudo(Pseudo),
    /// `Fn::GetAtt` of a resource attribute.
    GetAtt(String, String),
    /// `Fn::Sub` with optional variables.
    Sub(String, IndexMap<String, Value>),
    /// `Fn::Join` of parts with a delimiter.
    Join(String, Vec<Value>),
    /// `Fn::Select` of an index from a list.
    Select(u32, Value),
    /// `Fn::Split` of a string by a delimiter.
    Split(String, Value),
    /// `Fn::If` on a named condition.
    If(String, Value, Value),
    /// `Fn::FindInMap` on a mapping, top-level key and second-level key.
    FindInMap(String, Value, Value),
    /// `Fn::ImportValue` of another stack's export.
    ImportValue(Value),
    /// `Fn::GetAZs` of a region (`""` for the stack's region).
    GetAZs(Value),
    /// `Fn::Base64` of a string.
    Base64(Value),
    /// `Fn::Cidr`: block, count, bits per subnet.
    Cidr(Value, u32, u32),
    /// `Fn::Equals` (condition function).
    Equals(Value, Value),
    /// `Fn::Not` (condition function).
    Not(Value),
    /// `Fn::And` (condition function).
    And(Vec<Value>),
    /// `Fn::Or` (condition function).
    Or(Vec<Value>),
    /// `Condition` reference inside a condition function.
    Condition(String),
}

impl Intrinsic {
    /// The logical id this intrinsic points at directly (`Ref` or `Fn::GetAtt`), if any.
    pub fn target(&self) -> Option<&str> {
        match self {
            Intrinsic::Ref(id) | Intrinsic::GetAtt(id, _) => Some(id),
            _ => None,
        }
    }
}

fn single<S: Serializer, V: Serialize + ?Sized>(
    serializer: S,
    key: &str,
    value: &V,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, value)?;
    map.end()
}

impl Serialize for Intrinsic {
    /// The long form; a [`to_value`](super::to_value) serializer takes the intrinsic itself.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        super::serializer::serialize_intrinsic(self, s)
    }
}

impl Intrinsic {
    /// Writes the long form, `{"Fn::GetAtt": [id, attr]}`.
    pub(super) fn serialize_long_form<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Intrinsic::Ref(id) => single(s, "Ref", id),
            Intrinsic::Pseudo(p) => single(s, "Ref", p.name()),
            Intrinsic::GetAtt(id, attr) => single(s, "Fn::GetAtt", &[id, attr]),
            Intrinsic::Sub(template, vars) if vars.is_empty() => single(s, "Fn::Sub", template),
            Intrinsic::Sub(template, vars) => single(s, "Fn::Sub", &(template, vars)),
            Intrinsic::Join(delimiter, parts) => single(s, "Fn::Join", &(delimiter, parts)),
            Intrinsic::Select(index, list) => single(s, "Fn::Select", &(index, list)),
            Intrinsic::Split(delimiter, source) => single(s, "Fn::Split", &(delimiter, source)),
            Intrinsic::If(condition, then, otherwise) => {
                single(s, "Fn::If", &(condition, then, otherwise))
            }
            Intrinsic::FindInMap(map, top, second) => {
                single(s, "Fn::FindInMap", &(map, top, second))
            }
            Intrinsic::ImportValue(name) => single(s, "Fn::ImportValue", name),
            Intrinsic::GetAZs(region) => single(s, "Fn::GetAZs", region),
            Intrinsic::Base64(value) => single(s, "Fn::Base64", value),
            Intrinsic::Cidr(block, count, bits) => single(s, "Fn::Cidr", &(block, count, bits)),
            Intrinsic::Equals(a, b) => single(s, "Fn::Equals", &(a, b)),
            Intrinsic::Not(c) => single(s, "Fn::Not", &[c]),
            Intrinsic::And(cs) => single(s, "Fn::And", cs),
            Intrinsic::Or(cs) => single(s, "Fn::Or", cs),
            Intrinsic::Condition(name) => single(s, "Condition", name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(i: Intrinsic) -> String {
        serde_json::to_string(&Value::from(i)).unwrap()
    }

    #[test]
    fn long_forms() {
        assert_eq!(json(Intrinsic::Ref("A".into())), r#"{"Ref":"A"}"#);
        assert_eq!(
            json(Intrinsic::GetAtt("A".into(), "Arn".into())),
            r#"{"Fn::GetAtt":["A","Arn"]}"#
        );
        assert_eq!(
            json(Intrinsic::Sub("x-${AWS::Region}".into(), IndexMap::new())),
            r#"{"Fn::Sub":"x-${AWS::Region}"}"#
        );
        let mut vars = IndexMap::new();
        vars.insert("N".to_owned(), Value::from(1));
        assert_eq!(
            json(Intrinsic::Sub("${N}".into(), vars)),
            r#"{"Fn::Sub":["${N}",{"N":1}]}"#
        );
        assert_eq!(
            json(Intrinsic::Select(1, Intrinsic::GetAZs("".into()).into())),
            r#"{"Fn::Select":[1,{"Fn::GetAZs":""}]}"#
        );
        assert_eq!(
            json(Intrinsic::Cidr("10.0.0.0/16".into(), 4, 8)),
            r#"{"Fn::Cidr":["10.0.0.0/16",4,8]}"#
        );
        assert_eq!(
            json(Intrinsic::Not(
                Intrinsic::Equals("a".into(), "".into()).into()
            )),
            r#"{"Fn::Not":[{"Fn::Equals":["a",""]}]}"#
        );
        assert_eq!(
            json(Intrinsic::If("C".into(), "a".into(), Value::no_value())),
            r#"{"Fn::If":["C","a",{"Ref":"AWS::NoValue"}]}"#
        );
        assert_eq!(
            json(Intrinsic::Pseudo(Pseudo::UrlSuffix)),
            r#"{"Ref":"AWS::URLSuffix"}"#
        );
    }
}
