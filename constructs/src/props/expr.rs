//! Intrinsics in a stack file: maps with exactly one key naming the function, such as
//! `{ref: Topic}`, `{get_att: Detector.function_name}` or `{sub: "arn:${AWS::Partition}:…"}`.

use std::borrow::Cow;
use std::fmt;

use indexmap::IndexMap;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::resolve;
use crate::intrinsic::Intrinsic;
use crate::value::Value;

/// An intrinsic, resolved by CloudFormation at deploy time (or, for `get_att`, an attribute
/// of a construct of this file). Written as a map with exactly one key.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Expr {
    /// `{ref: Name}`: the value of a parameter of this file, or of a pseudo parameter
    /// (`AWS::Region`, `AWS::AccountId`, `AWS::Partition`, `AWS::URLSuffix`,
    /// `AWS::StackName`, `AWS::StackId`, `AWS::NoValue`).
    Ref(String),
    /// `{get_att: Construct.attribute}`: an attribute of a construct of this file, e.g.
    /// `Detector.function_arn`, `Scorer.endpoint_name`, `Alerts.topic_arn`,
    /// `AppLogs.mapping_id` (the attribute names are those of the construct's handle in the
    /// Rust API).
    GetAtt(#[schemars(pattern(r"^[A-Za-z][A-Za-z0-9_-]*\.[a-z_]+$"))] String),
    /// `{sub: "text ${Name} ${AWS::Region}"}` or `{sub: ["text ${Var}", {Var: value}]}`:
    /// `Fn::Sub`.
    Sub(SubArg),
    /// `{join: [delimiter, [part, ...]]}`: `Fn::Join`.
    Join((String, Vec<AnyValue>)),
    /// `{select: [index, list]}`: `Fn::Select`.
    Select((u32, AnyValue)),
    /// `{split: [delimiter, text]}`: `Fn::Split`.
    Split((String, AnyValue)),
    /// `{import_value: export name}`: `Fn::ImportValue` of another stack's export.
    ImportValue(Box<AnyValue>),
    /// `{get_azs: region}` (`""` for the stack's region): `Fn::GetAZs`.
    #[serde(rename = "get_azs")]
    #[schemars(rename = "get_azs")]
    GetAzs(Box<AnyValue>),
    /// `{base64: text}`: `Fn::Base64`.
    Base64(Box<AnyValue>),
    /// `{cidr: [block, count, bits]}`: `Fn::Cidr`.
    Cidr((AnyValue, u32, u32)),
}

/// The keys that make a map an intrinsic.
pub(crate) const EXPR_KEYS: &[&str] = &[
    "ref",
    "get_att",
    "sub",
    "join",
    "select",
    "split",
    "import_value",
    "get_azs",
    "base64",
    "cidr",
];

/// The argument of `sub`: a template, or a template and its variables.
#[derive(Debug, Clone, PartialEq)]
pub enum SubArg {
    /// `"text ${Name}"`.
    Template(String),
    /// `["text ${Var}", {Var: value}]`.
    WithVariables(String, IndexMap<String, AnyValue>),
}

impl<'de> Deserialize<'de> for SubArg {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SubVisitor;
        impl<'de> Visitor<'de> for SubVisitor {
            type Value = SubArg;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a template string, or a list of a template and a map of variables")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SubArg, E> {
                Ok(SubArg::Template(v.to_owned()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<SubArg, A::Error> {
                let template: String = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let variables: IndexMap<String, AnyValue> = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(3, &self));
                }
                Ok(SubArg::WithVariables(template, variables))
            }
        }
        deserializer.deserialize_any(SubVisitor)
    }
}

impl JsonSchema for SubArg {
    fn schema_name() -> Cow<'static, str> {
        "SubArg".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let any = generator.subschema_for::<AnyValue>();
        json_schema!({
            "anyOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "items": [{"type": "string"}, {"type": "object", "additionalProperties": any}],
                    "minItems": 2,
                    "maxItems": 2
                }
            ]
        })
    }
}

/// Any value: a literal (string, number, boolean, null, list or map) or an intrinsic. A map
/// with exactly one key that names an intrinsic (`ref`, `get_att`, `sub`, …) is that
/// intrinsic.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyValue {
    /// `null`: `AWS::NoValue`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    String(String),
    /// A list.
    List(Vec<AnyValue>),
    /// A map.
    Map(IndexMap<String, AnyValue>),
    /// An intrinsic.
    Expr(Box<Expr>),
}

impl<'de> Deserialize<'de> for AnyValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnyVisitor;
        impl<'de> Visitor<'de> for AnyVisitor {
            type Value = AnyValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<AnyValue, E> {
                Ok(AnyValue::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<AnyValue, E> {
                Ok(AnyValue::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AnyValue, E> {
                Ok(AnyValue::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AnyValue, E> {
                i64::try_from(v)
                    .map(AnyValue::Int)
                    .or(Ok(AnyValue::Float(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<AnyValue, E> {
                Ok(AnyValue::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AnyValue, E> {
                Ok(AnyValue::String(v.to_owned()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<AnyValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(AnyValue::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyValue, A::Error> {
                let Some(first) = map.next_key::<String>()? else {
                    return Ok(AnyValue::Map(IndexMap::new()));
                };
                if EXPR_KEYS.contains(&first.as_str()) {
                    return expr_after_key(first, map).map(|e| AnyValue::Expr(Box::new(e)));
                }
                let mut entries = IndexMap::new();
                entries.insert(first, map.next_value()?);
                while let Some(key) = map.next_key::<String>()? {
                    // Whichever its place, an intrinsic's key makes the map an intrinsic.
                    if EXPR_KEYS.contains(&key.as_str()) {
                        return Err(de::Error::custom(format!(
                            "is an intrinsic, which is a map with exactly one key, `{key}`; it has others"
                        )));
                    }
                    entries.insert(key, map.next_value()?);
                }
                Ok(AnyValue::Map(entries))
            }
        }
        deserializer.deserialize_any(AnyVisitor)
    }
}

impl JsonSchema for AnyValue {
    fn schema_name() -> Cow<'static, str> {
        "AnyValue".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let expr = generator.subschema_for::<Expr>();
        json_schema!({
            "description": "Any value: a literal, or an intrinsic written as a map with one key (ref, get_att, sub, join, select, split, import_value, get_azs, base64, cidr).",
            "anyOf": [expr, {
                "type": ["string", "number", "integer", "boolean", "null", "array", "object"],
                "propertyNames": {"not": {"enum": EXPR_KEYS}}
            }]
        })
    }
}

/// Reads an intrinsic from a map whose first key, `key`, was already read; refuses a second
/// key.
pub(crate) fn expr_after_key<'de, A: MapAccess<'de>>(
    key: String,
    mut map: A,
) -> Result<Expr, A::Error> {
    let expr = Expr::deserialize(KeyedExpr { key, map: &mut map })?;
    if let Some(extra) = map.next_key::<String>()? {
        return Err(de::Error::custom(format!(
            "is an intrinsic, which is a map with exactly one key; `{extra}` is a second one"
        )));
    }
    Ok(expr)
}

/// Reads an intrinsic from a map, checking its key names an intrinsic (an unknown key is
/// reported at the key, with the intrinsics it could have meant).
pub(crate) fn expr_from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Expr, A::Error> {
    match map.next_key_seed(ExprKey)? {
        Some(key) => expr_after_key(key, map),
        None => Err(de::Error::custom(
            "is an empty map; write a literal or an intrinsic such as {ref: Name}",
        )),
    }
}

/// A map key that must name an intrinsic.
struct ExprKey;

impl<'de> DeserializeSeed<'de> for ExprKey {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        let key = String::deserialize(deserializer)?;
        if EXPR_KEYS.contains(&key.as_str()) {
            Ok(key)
        } else {
            Err(de::Error::unknown_variant(&key, EXPR_KEYS))
        }
    }
}

/// Presents `{key: value}`, whose key was already read, as the enum it spells.
struct KeyedExpr<'a, A> {
    key: String,
    map: &'a mut A,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for KeyedExpr<'_, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, A::Error> {
        Err(de::Error::custom("an intrinsic is read as an enum"))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

impl<'de, 'a, A: MapAccess<'de>> de::EnumAccess<'de> for KeyedExpr<'a, A> {
    type Error = A::Error;
    type Variant = ExprArgument<'a, A>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, ExprArgument<'a, A>), A::Error> {
        let variant = seed.deserialize(de::value::StringDeserializer::<A::Error>::new(self.key))?;
        Ok((variant, ExprArgument(self.map)))
    }
}

/// The argument of an intrinsic: the map's value.
struct ExprArgument<'a, A>(&'a mut A);

impl<'de, A: MapAccess<'de>> de::VariantAccess<'de> for ExprArgument<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        Err(de::Error::custom("an intrinsic takes an argument"))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(seed)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, A::Error> {
        Err(de::Error::custom("an intrinsic takes one argument"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, A::Error> {
        Err(de::Error::custom("an intrinsic takes one argument"))
    }
}

impl Expr {
    /// The intrinsic as a template value. References resolve through the stack file being
    /// built ([`resolve`]); `Err` only for a `get_att` outside a stack file.
    /// `property` is where the intrinsic is written (messages about its references name it).
    pub(crate) fn to_value(&self, property: &str) -> Result<Value, String> {
        if let Some(problem) = self.argument_problem() {
            return Err(problem);
        }
        let any = |v: &AnyValue| v.to_value(property);
        Ok(match self {
            Expr::Ref(name) => resolve::reference(property, name),
            Expr::GetAtt(target) => resolve::attribute(property, target)?,
            // Text without a variable needs no `Fn::Sub` (cfn-lint warns of one).
            Expr::Sub(SubArg::Template(template) | SubArg::WithVariables(template, _))
                if !template.contains("${") =>
            {
                Value::String(template.clone())
            }
            Expr::Sub(SubArg::Template(template)) => Value::sub(template.clone()),
            Expr::Sub(SubArg::WithVariables(template, variables)) => Value::sub_with(
                template.clone(),
                variables
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), any(v)?)))
                    .collect::<Result<_, String>>()?,
            ),
            Expr::Join((delimiter, parts)) => Value::join(
                delimiter.clone(),
                parts.iter().map(any).collect::<Result<_, String>>()?,
            ),
            Expr::Select((index, list)) => Intrinsic::Select(*index, any(list)?).into(),
            Expr::Split((delimiter, text)) => {
                Intrinsic::Split(delimiter.clone(), any(text)?).into()
            }
            Expr::ImportValue(name) => Intrinsic::ImportValue(any(name)?).into(),
            Expr::GetAzs(region) => Intrinsic::GetAZs(any(region)?).into(),
            Expr::Base64(text) => Intrinsic::Base64(any(text)?).into(),
            Expr::Cidr((block, count, bits)) => Intrinsic::Cidr(any(block)?, *count, *bits).into(),
        })
    }
}

impl AnyValue {
    /// The value as a template value (`null` is `AWS::NoValue`); see [`Expr::to_value`].
    pub(crate) fn to_value(&self, property: &str) -> Result<Value, String> {
        Ok(match self {
            AnyValue::Null => Value::no_value(),
            AnyValue::Bool(b) => Value::Bool(*b),
            AnyValue::Int(i) => Value::Int(*i),
            AnyValue::Float(f) => Value::Float(*f),
            AnyValue::String(s) => Value::String(s.clone()),
            AnyValue::List(items) => Value::List(
                items
                    .iter()
                    .map(|v| v.to_value(property))
                    .collect::<Result<_, String>>()?,
            ),
            AnyValue::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), v.to_value(property)?)))
                    .collect::<Result<_, String>>()?,
            ),
            AnyValue::Expr(e) => e.to_value(property)?,
        })
    }
}
