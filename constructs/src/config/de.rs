//! A serde deserializer over located nodes: the config types derive `Deserialize`, and every
//! error it reports knows the line, column and key path of the value at fault.

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

use super::node::{Key, Location, Node, NodeValue};
use crate::props::resolve;

/// What went wrong while reading a value into its config type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ErrorKind {
    /// A key the type does not have.
    UnknownKey {
        key: String,
        expected: &'static [&'static str],
    },
    /// A choice (enum variant or intrinsic) that does not exist.
    UnknownChoice {
        choice: String,
        expected: &'static [&'static str],
    },
    /// A required key that is absent.
    MissingKey(&'static str),
    /// A value of the wrong type or out of range: what was found and what was expected.
    Invalid { found: String, expected: String },
    /// Anything else (wrong type, value out of range…), as serde words it.
    Other(String),
}

/// A deserialization error with the location and key path of the value at fault.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DeError {
    pub(crate) kind: ErrorKind,
    pub(crate) location: Option<Location>,
    /// Dotted key path below the construct, e.g. `provisioned_pollers.minimum`.
    pub(crate) path: Option<String>,
}

impl DeError {
    fn new(kind: ErrorKind) -> Self {
        Self {
            kind,
            location: None,
            path: None,
        }
    }

    /// Sets the location and path unless a deeper value already did.
    fn at(mut self, location: Location, path: &str) -> Self {
        if self.location.is_none() {
            self.location = Some(location);
            self.path = Some(path.to_owned());
        }
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::UnknownKey { key, .. } => write!(f, "unknown key `{key}`"),
            ErrorKind::UnknownChoice { choice, .. } => write!(f, "unknown choice `{choice}`"),
            ErrorKind::MissingKey(key) => write!(f, "missing key `{key}`"),
            ErrorKind::Invalid { found, expected } => {
                write!(f, "found {found}, expected {expected}")
            }
            ErrorKind::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::new(ErrorKind::Other(msg.to_string()))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Self::new(ErrorKind::UnknownKey {
            key: field.to_owned(),
            expected,
        })
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Self::new(ErrorKind::UnknownChoice {
            choice: variant.to_owned(),
            expected,
        })
    }

    fn missing_field(field: &'static str) -> Self {
        Self::new(ErrorKind::MissingKey(field))
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::new(ErrorKind::Invalid {
            found: found(unexpected),
            expected: expected.to_string(),
        })
    }

    fn invalid_value(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::invalid_type(unexpected, expected)
    }
}

/// What a value is, as messages describe it.
fn found(unexpected: de::Unexpected<'_>) -> String {
    match unexpected {
        de::Unexpected::Unit | de::Unexpected::Option => "null".into(),
        de::Unexpected::Seq => "a list".into(),
        de::Unexpected::Map => "a map".into(),
        other => other.to_string(),
    }
}

/// Deserializes `T` from `node`.
pub(crate) fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, DeError> {
    from_node_at(node, "")
}

/// Deserializes `T` from `node`, whose key path below the construct is `path`: references
/// read from it name that key.
pub(crate) fn from_node_at<'de, T: de::Deserialize<'de>>(
    node: &'de Node,
    path: &str,
) -> Result<T, DeError> {
    T::deserialize(NodeDe {
        node,
        path: path.to_owned(),
        owner: None,
    })
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Deserializes one node. `owner` is the key the node is the value of: a missing key is
/// reported there, where the reader looks for the entry.
struct NodeDe<'de> {
    node: &'de Node,
    path: String,
    owner: Option<Location>,
}

impl<'de> NodeDe<'de> {
    fn locate(&self, e: DeError) -> DeError {
        let location = match (&e.kind, self.owner) {
            (ErrorKind::MissingKey(_), Some(owner)) => owner,
            _ => self.node.location,
        };
        e.at(location, &self.path)
    }
}

macro_rules! forward_to_any {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            self.deserialize_any(visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        // References read from this value name it as their property.
        let _reading = resolve::enter_path(&self.path);
        let result = match &self.node.value {
            NodeValue::Null => visitor.visit_unit(),
            NodeValue::Bool(b) => visitor.visit_bool(*b),
            NodeValue::Int(i) => visitor.visit_i64(*i),
            NodeValue::Float(f) => visitor.visit_f64(*f),
            NodeValue::String(s) => visitor.visit_borrowed_str(s),
            NodeValue::Seq(items) => visitor.visit_seq(SeqDe {
                items: items.iter(),
                path: &self.path,
                index: 0,
            }),
            NodeValue::Map(entries) => visitor.visit_map(MapDe {
                entries: entries.iter(),
                path: &self.path,
                value: None,
            }),
        };
        result.map_err(|e| self.locate(e))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.value {
            NodeValue::Null => visitor.visit_none().map_err(|e| self.locate(e)),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let _reading = resolve::enter_path(&self.path);
        let result = match &self.node.value {
            NodeValue::String(s) => visitor.visit_enum(UnitVariant { name: s }),
            NodeValue::Map(entries) if entries.len() == 1 => {
                let (key, value) = &entries[0];
                visitor.visit_enum(KeyedVariant {
                    key,
                    value,
                    path: &self.path,
                })
            }
            _ => Err(de::Error::custom(format!(
                "is {}, expected one of {} (a plain string for a choice without settings, or a map with exactly one of these keys)",
                self.node.describe(),
                list(variants)
            ))),
        };
        result.map_err(|e| self.locate(e))
    }

    forward_to_any! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32
        deserialize_f64 deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        // Settings are a map: serde would also read a list, by field position.
        if let NodeValue::Seq(_) = self.node.value {
            let e = de::Error::invalid_type(de::Unexpected::Seq, &visitor);
            return Err(self.locate(e));
        }
        self.deserialize_any(visitor)
    }
}

/// `a`, `b` and `c` in backquotes, for messages.
pub(crate) fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

struct SeqDe<'de, 'p> {
    items: std::slice::Iter<'de, Node>,
    path: &'p str,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for SeqDe<'de, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(node) = self.items.next() else {
            return Ok(None);
        };
        let path = format!("{}[{}]", self.path, self.index);
        self.index += 1;
        seed.deserialize(NodeDe {
            node,
            path,
            owner: None,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapDe<'de, 'p> {
    entries: std::slice::Iter<'de, (Key, Node)>,
    path: &'p str,
    value: Option<(&'de Key, &'de Node)>,
}

impl<'de> de::MapAccess<'de> for MapDe<'de, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, node)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some((key, node));
        seed.deserialize(KeyDe {
            key,
            path: join(self.path, &key.name),
        })
        .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some((key, node)) = self.value.take() else {
            return Err(de::Error::custom("a value was read before its key"));
        };
        seed.deserialize(NodeDe {
            node,
            path: join(self.path, &key.name),
            owner: Some(key.location),
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// Deserializes a map key: errors about it (an unknown key) point at the key itself.
struct KeyDe<'de> {
    key: &'de Key,
    path: String,
}

impl<'de> de::Deserializer<'de> for KeyDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor
            .visit_borrowed_str(&self.key.name)
            .map_err(|e: DeError| e.at(self.key.location, &self.path))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// An enum written as a plain string: a choice without settings.
struct UnitVariant<'de> {
    name: &'de str,
}

impl<'de> de::EnumAccess<'de> for UnitVariant<'de> {
    type Error = DeError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), DeError> {
        let name = de::value::BorrowedStrDeserializer::<DeError>::new(self.name);
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'de> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, DeError> {
        Err(self.needs_settings())
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, DeError> {
        Err(self.needs_settings())
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, DeError> {
        Err(self.needs_settings())
    }
}

impl UnitVariant<'_> {
    fn needs_settings(&self) -> DeError {
        de::Error::custom(format!(
            "`{0}` needs settings: write it as a map, `{0}: ...`",
            self.name
        ))
    }
}

/// An enum written as a map with one key: the choice and its settings.
struct KeyedVariant<'de, 'p> {
    key: &'de Key,
    value: &'de Node,
    path: &'p str,
}

impl<'de, 'p> de::EnumAccess<'de> for KeyedVariant<'de, 'p> {
    type Error = DeError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), DeError> {
        let value = seed.deserialize(KeyDe {
            key: self.key,
            path: join(self.path, &self.key.name),
        })?;
        Ok((value, self))
    }
}

impl<'de> KeyedVariant<'de, '_> {
    fn value_de(&self) -> NodeDe<'de> {
        NodeDe {
            node: self.value,
            path: join(self.path, &self.key.name),
            owner: Some(self.key.location),
        }
    }
}

impl<'de> de::VariantAccess<'de> for KeyedVariant<'de, '_> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        match self.value.value {
            NodeValue::Null => Ok(()),
            _ => Err(<DeError as de::Error>::custom(format!(
                "`{0}` takes no settings: write it as the plain string `{0}`",
                self.key.name
            ))
            .at(self.value.location, &join(self.path, &self.key.name))),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        seed.deserialize(self.value_de())
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(self.value_de(), visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(self.value_de(), visitor)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::config::yaml;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        inner: Inner,
        #[serde(default)]
        mode: Option<Mode>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        size: u32,
        #[serde(default)]
        names: Vec<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Mode {
        Fast,
        Limited(u32),
    }

    fn read(text: &str) -> Result<Outer, DeError> {
        let root = yaml::parse(text).unwrap();
        let leaked: &'static Node = Box::leak(Box::new(root));
        from_node(leaked)
    }

    #[test]
    fn reads_structs_enums_and_lists() {
        let o = read("inner:\n  size: 3\n  names: [a, b]\nmode: {limited: 4}\n").unwrap();
        assert_eq!(o.inner.names, ["a", "b"]);
        assert_eq!(o.mode, Some(Mode::Limited(4)));
        assert_eq!(
            read("inner: {size: 1}\nmode: fast\n").unwrap().mode,
            Some(Mode::Fast)
        );
    }

    #[test]
    fn errors_point_at_the_value_or_key_at_fault() {
        let e = read("inner:\n  size: big\n").unwrap_err();
        assert_eq!(e.location, Some(Location { line: 2, column: 9 }));
        assert_eq!(e.path.as_deref(), Some("inner.size"));
        let e = read("inner:\n  size: 1\n  nmes: [a]\n").unwrap_err();
        assert_eq!(e.location, Some(Location { line: 3, column: 3 }));
        assert!(matches!(e.kind, ErrorKind::UnknownKey { ref key, .. } if key == "nmes"));
        let e = read("inner:\n  names: [a]\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::MissingKey("size"));
        assert_eq!(e.location, Some(Location { line: 1, column: 1 }));
        let e = read("inner: {size: 1, names: [a, 2]}\n").unwrap_err();
        assert_eq!(e.path.as_deref(), Some("inner.names[1]"));
        let e = read("inner: {size: 1}\nmode: {fst: 1}\n").unwrap_err();
        assert!(matches!(e.kind, ErrorKind::UnknownChoice { .. }));
        assert_eq!(e.location, Some(Location { line: 2, column: 8 }));
    }
}
