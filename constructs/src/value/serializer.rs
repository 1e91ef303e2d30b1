//! Typed structs to [`Value`]: a `serde::Serializer` whose output is the value tree, so the
//! typed property structs (which derive `Serialize` and hold `Value` fields) become a `Value`
//! without passing through JSON, and their intrinsics stay [`Intrinsic`]s.
//!
//! # How intrinsics survive
//!
//! `Intrinsic`'s `Serialize` implementation wraps its long form (`{"Fn::GetAtt": [id, attr]}`)
//! in a newtype struct with a private name. Every other serializer treats a newtype struct as
//! its content (serde_json, serde-saphyr and insta all do), so they write the long form as
//! before. This serializer recognizes the name and, for exactly the one nested call that
//! follows, opens a thread-local slot; the wrapper sees the open slot, hands over a clone of
//! the intrinsic and writes nothing, and the serializer closes the slot and returns
//! `Value::Intrinsic`. The slot is open only between this serializer's call and the wrapper's
//! first line, so no other serialization can see it, and it is restored even when the inner
//! call fails.
//!
//! Why not the alternatives: reading the long form back (a map with one key `Ref` or `Fn::…`)
//! is the JSON-digging this module replaces, and it is lossy (`{"Ref": "AWS::Region"}` is a
//! pseudo parameter or a `Ref` of that name, and a literal map of one key `Ref` would become
//! an intrinsic). A second trait that every property struct implements by hand would be a
//! second model of each resource. The slot passes the typed value itself.
//!
//! # The data model
//!
//! Booleans, integers (those that fit `i64`), floats, strings, sequences, maps with string
//! (or integer or boolean) keys and structs map to the matching [`Value`]; enum variants as
//! serde_json writes them (`"Name"`, `{"Name": …}`); `None` and `()` become `AWS::NoValue`,
//! the way CloudFormation writes "no value" (as [`Value::from`] a JSON `null` does).

use std::cell::RefCell;
use std::fmt::Display;

use indexmap::IndexMap;
use serde::ser::{self, Serialize, Serializer};

use super::Value;
use super::intrinsic::Intrinsic;

/// Why a value could not become a [`Value`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ToValueError(String);

impl ser::Error for ToValueError {
    fn custom<T: Display>(message: T) -> Self {
        Self(message.to_string())
    }
}

/// Serializes `value` into the value tree, keeping intrinsics typed.
///
/// ```
/// use constructs::value::to_value;
/// use constructs::{LogicalId, Value};
///
/// #[derive(serde::Serialize)]
/// #[serde(rename_all = "PascalCase")]
/// struct Props {
///     role: Value,
///     #[serde(skip_serializing_if = "Option::is_none")]
///     timeout: Option<u32>,
/// }
/// let role = Value::get_att(&LogicalId::new("DetectorRole").expect("valid"), "Arn");
/// let value = to_value(&Props { role: role.clone(), timeout: Some(30) }).expect("serializes");
/// assert_eq!(value, Value::map([("Role", role), ("Timeout", Value::from(30))]));
/// ```
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, ToValueError> {
    value.serialize(ValueSerializer)
}

/// The newtype-struct name under which an [`Intrinsic`] offers itself.
const INTRINSIC: &str = "\u{0}constructs::Intrinsic";

/// The hand-over between [`ValueSerializer`] and [`Offer`].
enum Slot {
    Closed,
    Open,
    Filled(Intrinsic),
}

thread_local! {
    static SLOT: RefCell<Slot> = const { RefCell::new(Slot::Closed) };
}

/// How an [`Intrinsic`] serializes: its long form, or itself to a [`ValueSerializer`].
pub(super) fn serialize_intrinsic<S: Serializer>(
    intrinsic: &Intrinsic,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(INTRINSIC, &Offer(intrinsic))
}

/// An intrinsic inside its newtype wrapper.
struct Offer<'a>(&'a Intrinsic);

impl Serialize for Offer<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let taken = SLOT
            .try_with(|slot| {
                let mut slot = slot.borrow_mut();
                let open = matches!(*slot, Slot::Open);
                if open {
                    *slot = Slot::Filled(self.0.clone());
                }
                open
            })
            .unwrap_or(false);
        if taken {
            // Only a ValueSerializer opens the slot, right before calling this: the result is
            // discarded for the intrinsic in the slot.
            serializer.serialize_unit()
        } else {
            self.0.serialize_long_form(serializer)
        }
    }
}

/// Takes an intrinsic from `value` (an [`Offer`]) through the slot.
fn catch_intrinsic<T: Serialize + ?Sized>(value: &T) -> Result<Value, ToValueError> {
    let outer = SLOT.try_with(|slot| slot.replace(Slot::Open));
    let written = value.serialize(ValueSerializer);
    let caught = SLOT.try_with(|slot| slot.replace(outer.unwrap_or(Slot::Closed)));
    match caught {
        Ok(Slot::Filled(intrinsic)) => Ok(Value::Intrinsic(Box::new(intrinsic))),
        // The thread is shutting down, or the value was not an Offer: its plain form.
        _ => written,
    }
}

/// The serializer whose output is a [`Value`].
struct ValueSerializer;

fn int<T: TryInto<i64> + Display + Copy>(n: T) -> Result<Value, ToValueError> {
    n.try_into().map(Value::Int).map_err(|_| {
        ToValueError(format!(
            "{n} is outside the integers a template value holds"
        ))
    })
}

/// The integer methods: every width through [`int`].
macro_rules! integers {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<Value, ToValueError> {
            int(v)
        }
    )*};
}

impl Serializer for ValueSerializer {
    type Ok = Value;
    type Error = ToValueError;
    type SerializeSeq = List;
    type SerializeTuple = List;
    type SerializeTupleStruct = List;
    type SerializeTupleVariant = Variant<List>;
    type SerializeMap = Map;
    type SerializeStruct = Map;
    type SerializeStructVariant = Variant<Map>;

    fn serialize_bool(self, v: bool) -> Result<Value, ToValueError> {
        Ok(Value::Bool(v))
    }

    integers!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_u128: u128
    );

    fn serialize_f32(self, v: f32) -> Result<Value, ToValueError> {
        Ok(Value::Float(f64::from(v)))
    }

    fn serialize_f64(self, v: f64) -> Result<Value, ToValueError> {
        Ok(Value::Float(v))
    }

    fn serialize_char(self, v: char) -> Result<Value, ToValueError> {
        Ok(Value::String(v.to_string()))
    }

    fn serialize_str(self, v: &str) -> Result<Value, ToValueError> {
        Ok(Value::from(v))
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<Value, ToValueError> {
        Ok(Value::list(v.iter().copied()))
    }

    fn serialize_none(self) -> Result<Value, ToValueError> {
        Ok(Value::no_value())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, ToValueError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Value, ToValueError> {
        Ok(Value::no_value())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, ToValueError> {
        Ok(Value::no_value())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, ToValueError> {
        Ok(Value::from(variant))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Value, ToValueError> {
        if name == INTRINSIC {
            catch_intrinsic(value)
        } else {
            value.serialize(self)
        }
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, ToValueError> {
        Ok(Value::map([(variant, value.serialize(self)?)]))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<List, ToValueError> {
        Ok(List(Vec::with_capacity(len.unwrap_or_default())))
    }

    fn serialize_tuple(self, len: usize) -> Result<List, ToValueError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<List, ToValueError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<List>, ToValueError> {
        Ok(Variant {
            variant,
            inner: self.serialize_seq(Some(len))?,
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Map, ToValueError> {
        Ok(Map::default())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Map, ToValueError> {
        Ok(Map::default())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<Map>, ToValueError> {
        Ok(Variant {
            variant,
            inner: Map::default(),
        })
    }
}

/// A sequence under construction.
struct List(Vec<Value>);

impl List {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ToValueError> {
        self.0.push(to_value(value)?);
        Ok(())
    }
}

/// The three sequence traits, which differ only in their names.
macro_rules! list {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for List {
            type Ok = Value;
            type Error = ToValueError;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ToValueError> {
                self.push(value)
            }

            fn end(self) -> Result<Value, ToValueError> {
                Ok(Value::List(self.0))
            }
        }
    )*};
}

list!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

/// A map or struct under construction; a key waits for its value.
#[derive(Default)]
struct Map {
    entries: IndexMap<String, Value>,
    key: Option<String>,
}

impl Map {
    fn insert<T: Serialize + ?Sized>(
        &mut self,
        key: String,
        value: &T,
    ) -> Result<(), ToValueError> {
        self.entries.insert(key, to_value(value)?);
        Ok(())
    }
}

/// A map key as serde_json writes it: a string, or an integer or boolean as its text.
fn key<T: Serialize + ?Sized>(key: &T) -> Result<String, ToValueError> {
    match to_value(key)? {
        Value::String(s) => Ok(s),
        Value::Int(i) => Ok(i.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(ToValueError(format!(
            "a map key must be a string, not {}",
            other.describe()
        ))),
    }
}

impl ser::SerializeMap for Map {
    type Ok = Value;
    type Error = ToValueError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), ToValueError> {
        self.key = Some(key(k)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ToValueError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ToValueError("a map value came without its key".into()))?;
        self.insert(key, value)
    }

    fn end(self) -> Result<Value, ToValueError> {
        Ok(Value::Map(self.entries))
    }
}

impl ser::SerializeStruct for Map {
    type Ok = Value;
    type Error = ToValueError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), ToValueError> {
        self.insert(name.to_owned(), value)
    }

    fn end(self) -> Result<Value, ToValueError> {
        Ok(Value::Map(self.entries))
    }
}

/// An enum variant with content: `{"Variant": content}`.
struct Variant<T> {
    variant: &'static str,
    inner: T,
}

impl ser::SerializeTupleVariant for Variant<List> {
    type Ok = Value;
    type Error = ToValueError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ToValueError> {
        self.inner.push(value)
    }

    fn end(self) -> Result<Value, ToValueError> {
        Ok(Value::map([(self.variant, Value::List(self.inner.0))]))
    }
}

impl ser::SerializeStructVariant for Variant<Map> {
    type Ok = Value;
    type Error = ToValueError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), ToValueError> {
        self.inner.insert(name.to_owned(), value)
    }

    fn end(self) -> Result<Value, ToValueError> {
        Ok(Value::map([(self.variant, Value::Map(self.inner.entries))]))
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;
    use crate::intrinsic::Pseudo;
    use crate::logical_id::LogicalId;

    fn id(s: &str) -> LogicalId {
        LogicalId::new(s).unwrap()
    }

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Props {
        name: Value,
        size: u32,
        ratio: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<Value>,
        unset: Option<String>,
        tags: Vec<(String, Value)>,
        kind: Kind,
        nested: Nested,
    }

    #[derive(Serialize)]
    enum Kind {
        Provisioned,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Nested {
        arn: Value,
    }

    fn every_intrinsic() -> Vec<Value> {
        let mut vars = IndexMap::new();
        vars.insert("V".to_owned(), Value::reference(&id("Param")));
        vec![
            Value::reference(&id("Table")),
            Value::region(),
            Intrinsic::Ref("AWS::Region".into()).into(),
            Value::get_att(&id("Role"), "Arn"),
            Value::sub("x-${AWS::Region}"),
            Value::sub_with("${V}", vars),
            Value::join(",", vec![Value::from("a"), Value::account_id()]),
            Intrinsic::Select(1, Intrinsic::GetAZs("".into()).into()).into(),
            Intrinsic::Split(",".into(), Value::reference(&id("List"))).into(),
            Intrinsic::If("C".into(), "a".into(), Value::no_value()).into(),
            Intrinsic::FindInMap("M".into(), Value::region(), "Account".into()).into(),
            Intrinsic::ImportValue("export".into()).into(),
            Intrinsic::Base64("text".into()).into(),
            Intrinsic::Cidr("10.0.0.0/16".into(), 4, 8).into(),
            Intrinsic::Not(Intrinsic::Equals("a".into(), "".into()).into()).into(),
            Intrinsic::And(vec![Intrinsic::Condition("C".into()).into()]).into(),
            Intrinsic::Or(vec![Value::from(true)]).into(),
            Value::pseudo(Pseudo::UrlSuffix),
        ]
    }

    #[test]
    fn intrinsics_come_back_as_themselves() {
        for value in every_intrinsic() {
            assert_eq!(to_value(&value), Ok(value.clone()));
            // Inside lists and maps and behind Option and Box too.
            let nested = Value::map([("K", Value::list([value.clone()]))]);
            assert_eq!(to_value(&nested), Ok(nested.clone()));
            assert_eq!(to_value(&Some(Box::new(value.clone()))), Ok(value));
        }
        // A literal map that looks like an intrinsic stays a literal map.
        let literal = Value::map([("Ref", "Table")]);
        assert_eq!(to_value(&literal), Ok(literal));
    }

    #[test]
    fn other_serializers_still_write_the_long_form() {
        for value in every_intrinsic() {
            let Value::Intrinsic(intrinsic) = &value else {
                unreachable!()
            };
            let mut long_form = Vec::new();
            intrinsic
                .serialize_long_form(&mut serde_json::Serializer::new(&mut long_form))
                .unwrap();
            assert_eq!(serde_json::to_vec(&value).unwrap(), long_form);
            // A JSON value built while a tree is being built is still plain JSON.
            let json = serde_json::to_value(&value).unwrap();
            assert_eq!(serde_json::to_vec(&json).unwrap(), long_form);
        }
    }

    #[test]
    fn structs_become_maps_in_field_order_and_json_agrees() {
        let props = Props {
            name: Value::sub("${AWS::StackName}-x"),
            size: 10,
            ratio: 0.1,
            skipped: None,
            unset: None,
            tags: vec![("Team".into(), Value::from("data"))],
            kind: Kind::Provisioned,
            nested: Nested {
                arn: Value::get_att(&id("Key"), "Arn"),
            },
        };
        let value = to_value(&props).unwrap();
        assert_eq!(
            value,
            Value::map([
                ("Name", Value::sub("${AWS::StackName}-x")),
                ("Size", Value::from(10)),
                ("Ratio", Value::from(0.1)),
                ("Unset", Value::no_value()),
                ("Tags", Value::list([Value::list(["Team", "data"])])),
                ("Kind", Value::from("Provisioned")),
                (
                    "Nested",
                    Value::map([("Arn", Value::get_att(&id("Key"), "Arn"))])
                ),
            ])
        );
        // Apart from `null` (which CloudFormation spells AWS::NoValue), the tree writes the
        // bytes serde_json writes for the struct itself.
        let json = serde_json::to_string(&value).unwrap();
        let direct = serde_json::to_string(&props)
            .unwrap()
            .replace("null", r#"{"Ref":"AWS::NoValue"}"#);
        assert_eq!(json, direct);
    }

    #[test]
    fn numbers_keys_and_variants() {
        assert_eq!(
            to_value(&u64::MAX).map_err(|e| e.to_string()),
            Err(format!(
                "{} is outside the integers a template value holds",
                u64::MAX
            ))
        );
        assert_eq!(to_value(&(i64::MAX as u64)), Ok(Value::Int(i64::MAX)));
        assert_eq!(to_value(&1.5f32), Ok(Value::Float(1.5)));
        assert_eq!(to_value(&'x'), Ok(Value::from("x")));
        let mut by_number = std::collections::BTreeMap::new();
        by_number.insert(2, "two");
        assert_eq!(to_value(&by_number), Ok(Value::map([("2", "two")])));
        let mut by_list = std::collections::BTreeMap::new();
        by_list.insert(vec![1], "one");
        assert!(to_value(&by_list).is_err());

        #[derive(Serialize)]
        enum E {
            New(u8),
            Tuple(u8, u8),
            Struct { a: u8 },
        }
        assert_eq!(to_value(&E::New(1)), Ok(Value::map([("New", 1)])));
        assert_eq!(
            to_value(&E::Tuple(1, 2)),
            Ok(Value::map([("Tuple", Value::list([1, 2]))]))
        );
        assert_eq!(
            to_value(&E::Struct { a: 3 }),
            Ok(Value::map([("Struct", Value::map([("a", 3)]))]))
        );
    }

    #[test]
    fn the_slot_is_closed_after_every_call() {
        // A failing sibling does not leave the slot open for the next serializer.
        let failing = (Value::region(), u64::MAX);
        assert!(to_value(&failing).is_err());
        assert_eq!(
            serde_json::to_string(&Value::region()).unwrap(),
            r#"{"Ref":"AWS::Region"}"#
        );
        assert!(SLOT.with(|slot| matches!(*slot.borrow(), Slot::Closed)));
    }
}
