//! The typed value tree that every CloudFormation property is built from: literals, lists,
//! ordered maps and [`Intrinsic`]s. A template stays this tree until it is written; typed
//! structs become it through [`to_value`], and [`Value::references`] walks it.

pub mod intrinsic;
mod references;
mod serializer;
pub mod sub;

use indexmap::IndexMap;
use serde::{Serialize, Serializer};

use crate::logical_id::LogicalId;
use intrinsic::{Intrinsic, Pseudo};

pub use references::Reference;
pub use serializer::{ToValueError, to_value};

/// A CloudFormation value: a literal, a list, an ordered map or an intrinsic function.
///
/// Builders across the crate accept `impl Into<Value>`, so a property can be given as a
/// literal (`"app-logs"`, `100`) or as a reference (`stack.parameter(..)`, `Value::get_att(..)`).
/// Range and pattern checks apply to literals only; intrinsics are resolved by CloudFormation
/// at deploy time and are passed through unchecked.
///
/// ```
/// use constructs::Value;
/// let topic: Value = "app-logs".into();
/// assert_eq!(topic.as_str(), Some("app-logs"));
/// let region = Value::region();
/// assert!(region.is_intrinsic());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A boolean literal.
    Bool(bool),
    /// An integer literal.
    Int(i64),
    /// A floating-point literal (non-finite values are refused by validation).
    Float(f64),
    /// A string literal.
    String(String),
    /// A list of values.
    List(Vec<Value>),
    /// A map whose keys keep their insertion order.
    Map(IndexMap<String, Value>),
    /// An intrinsic function or pseudo-parameter reference.
    Intrinsic(Box<Intrinsic>),
}

impl Value {
    /// `{"Ref": id}` to a resource, parameter or pseudo parameter by logical id.
    pub fn reference(id: &LogicalId) -> Self {
        Intrinsic::Ref(id.as_str().to_owned()).into()
    }

    /// `{"Fn::GetAtt": [id, attribute]}`.
    pub fn get_att(id: &LogicalId, attribute: &str) -> Self {
        Intrinsic::GetAtt(id.as_str().to_owned(), attribute.to_owned()).into()
    }

    /// `{"Fn::Sub": template}` with no extra variables.
    pub fn sub(template: impl Into<String>) -> Self {
        Intrinsic::Sub(template.into(), IndexMap::new()).into()
    }

    /// `{"Fn::Sub": [template, variables]}`.
    pub fn sub_with(template: impl Into<String>, variables: IndexMap<String, Value>) -> Self {
        Intrinsic::Sub(template.into(), variables).into()
    }

    /// `{"Fn::Join": [delimiter, parts]}`.
    pub fn join(delimiter: impl Into<String>, parts: Vec<Value>) -> Self {
        Intrinsic::Join(delimiter.into(), parts).into()
    }

    /// A pseudo parameter reference such as `AWS::Region`.
    pub fn pseudo(pseudo: Pseudo) -> Self {
        Intrinsic::Pseudo(pseudo).into()
    }

    /// `{"Ref": "AWS::Region"}`.
    pub fn region() -> Self {
        Self::pseudo(Pseudo::Region)
    }

    /// `{"Ref": "AWS::AccountId"}`.
    pub fn account_id() -> Self {
        Self::pseudo(Pseudo::AccountId)
    }

    /// `{"Ref": "AWS::Partition"}`.
    pub fn partition() -> Self {
        Self::pseudo(Pseudo::Partition)
    }

    /// `{"Ref": "AWS::StackName"}`.
    pub fn stack_name() -> Self {
        Self::pseudo(Pseudo::StackName)
    }

    /// `{"Ref": "AWS::NoValue"}`: removes the property it is assigned to.
    pub fn no_value() -> Self {
        Self::pseudo(Pseudo::NoValue)
    }

    /// The string, when this value is a string literal.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, when this value is an integer literal (or a float with no fraction).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The number, when this value is an integer or float literal.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The items, when this value is a list literal.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, when this value is a map literal.
    pub fn as_map(&self) -> Option<&IndexMap<String, Value>> {
        match self {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    /// The entry `key`, when this value is a map literal that has it.
    ///
    /// ```
    /// use constructs::Value;
    /// let environment = Value::map([("Variables", Value::map([("LEVEL", "info")]))]);
    /// let level = environment.get("Variables").and_then(|v| v.get("LEVEL"));
    /// assert_eq!(level.and_then(Value::as_str), Some("info"));
    /// ```
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_map()?.get(key)
    }

    /// The intrinsic, when this value is one.
    pub fn as_intrinsic(&self) -> Option<&Intrinsic> {
        match self {
            Value::Intrinsic(intrinsic) => Some(intrinsic),
            _ => None,
        }
    }

    /// True when this value is resolved by CloudFormation (an intrinsic or pseudo parameter),
    /// so its content cannot be checked at synthesis.
    pub fn is_intrinsic(&self) -> bool {
        matches!(self, Value::Intrinsic(_))
    }

    /// A short, human-readable rendering for error messages: literals as JSON, intrinsics in
    /// their long form.
    pub fn describe(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("<unprintable>"))
    }

    /// Builds a map value from key/value pairs, keeping their order.
    pub fn map<K: Into<String>, V: Into<Value>>(pairs: impl IntoIterator<Item = (K, V)>) -> Self {
        Value::Map(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// Builds a list value.
    pub fn list<V: Into<Value>>(items: impl IntoIterator<Item = V>) -> Self {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

impl Default for Value {
    /// `AWS::NoValue`: an unset property. Struct-update syntax (`..Default::default()`) on
    /// resource properties leaves fields absent; a required field left this way is caught by
    /// cfn-lint in the snapshot tests.
    fn default() -> Self {
        Value::no_value()
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::Float(f) => serializer.serialize_f64(*f),
            Value::String(s) => serializer.serialize_str(s),
            Value::List(items) => items.serialize(serializer),
            Value::Map(map) => map.serialize(serializer),
            Value::Intrinsic(intrinsic) => intrinsic.serialize(serializer),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::String(s.clone())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(i: $t) -> Self {
                Value::Int(i64::from(i))
            }
        }
    )*};
}
int_value!(i8, i16, i32, i64, u8, u16, u32);

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl From<Intrinsic> for Value {
    fn from(i: Intrinsic) -> Self {
        Value::Intrinsic(Box::new(i))
    }
}

impl From<&Value> for Value {
    fn from(v: &Value) -> Self {
        v.clone()
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Self {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

impl From<serde_json::Value> for Value {
    /// Converts plain JSON into a value tree. JSON `null` becomes `AWS::NoValue`, the only
    /// way CloudFormation expresses an absent value.
    fn from(json: serde_json::Value) -> Self {
        match json {
            serde_json::Value::Null => Value::no_value(),
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(items) => {
                Value::List(items.into_iter().map(Value::from).collect())
            }
            serde_json::Value::Object(map) => {
                Value::Map(map.into_iter().map(|(k, v)| (k, Value::from(v))).collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_serialize_as_plain_json() {
        let v = Value::map([
            ("a", Value::from(1)),
            ("b", Value::from("x")),
            ("c", Value::from(vec![true, false])),
        ]);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"a":1,"b":"x","c":[true,false]}"#
        );
    }

    #[test]
    fn intrinsics_are_skipped_by_literal_accessors() {
        let v = Value::region();
        assert!(v.as_str().is_none());
        assert!(v.is_intrinsic());
        assert_eq!(v.describe(), r#"{"Ref":"AWS::Region"}"#);
    }

    #[test]
    fn json_null_becomes_no_value() {
        let v = Value::from(serde_json::json!({"x": null}));
        assert_eq!(v.describe(), r#"{"x":{"Ref":"AWS::NoValue"}}"#);
    }
}
