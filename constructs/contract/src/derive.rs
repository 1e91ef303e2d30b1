//! Derived features: a number computed from a field rather than the field itself.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// How a feature's number is derived from its field, declared per feature (`derive:`) and
/// applied the same way in every record format.
///
/// | stack file | the feature is |
/// |---|---|
/// | `derive: log` | ln(1 + x): for heavy-tailed latencies and byte counts |
/// | `derive: {indicator: 500}` | 1 when x ≥ 500, else 0 ("is a 5xx") |
/// | `derive: class` | the hundreds of x: status 503 becomes 5 |
/// | `derive: {map: {GET: 0, POST: 1}, other: 2}` | the number a category string maps to; `other` for any category the map does not list (without it, such a record is bad) |
///
/// ```
/// use contract::Derive;
/// let derive: Derive = serde_json::from_str(r#"{"map":{"GET":0,"POST":1},"other":2}"#).unwrap();
/// assert_eq!(derive.category("POST"), Some(1.0));
/// assert_eq!(derive.category("PATCH"), Some(2.0));
/// assert_eq!(Derive::Class.apply(503.0), 5.0);
/// assert_eq!(Derive::Indicator(500.0).apply(499.0), 0.0);
/// assert_eq!(serde_json::to_string(&Derive::Log).unwrap(), r#""log""#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Derive {
    /// ln(1 + x).
    Log,
    /// 1 when x ≥ the threshold, else 0.
    Indicator(f64),
    /// ⌊x / 100⌋: an HTTP status's class.
    Class,
    /// Category strings to numbers.
    Map(CategoryMap),
}

/// A `map` derivation: category strings to numbers, and the number for any other category.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CategoryMap {
    /// Each category's number (compared byte for byte: `GET` is not `get`).
    pub values: BTreeMap<String, f64>,
    /// The number of a category the map does not list; without it such a record is bad.
    pub other: Option<f64>,
}

impl Derive {
    /// The derived number of a numeric field value (a map takes categories instead, see
    /// [`Derive::category`]; on a number it is the identity).
    pub fn apply(&self, x: f64) -> f64 {
        match self {
            Derive::Log => x.ln_1p(),
            Derive::Indicator(at_least) => f64::from(u8::from(x >= *at_least)),
            Derive::Class => (x / 100.0).floor(),
            Derive::Map(_) => x,
        }
    }

    /// A map's number for `category` (its `other` for one it does not list); `None` when
    /// there is neither, or this is not a map.
    pub fn category(&self, category: &str) -> Option<f64> {
        match self {
            Derive::Map(map) => map.values.get(category).copied().or(map.other),
            _ => None,
        }
    }

    /// True for a map, which reads the field's text rather than its number.
    pub fn is_map(&self) -> bool {
        matches!(self, Derive::Map(_))
    }

    /// The derivation's name (`log`, `indicator`, `class`, `map`).
    pub fn name(&self) -> &'static str {
        match self {
            Derive::Log => "log",
            Derive::Indicator(_) => "indicator",
            Derive::Class => "class",
            Derive::Map(_) => "map",
        }
    }
}

impl Serialize for Derive {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Derive::Log | Derive::Class => s.serialize_str(self.name()),
            Derive::Indicator(at_least) => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("indicator", at_least)?;
                map.end()
            }
            Derive::Map(CategoryMap { values, other }) => {
                let mut map = s.serialize_map(Some(1 + usize::from(other.is_some())))?;
                map.serialize_entry("map", values)?;
                if let Some(other) = other {
                    map.serialize_entry("other", other)?;
                }
                map.end()
            }
        }
    }
}

const EXPECTED: &str =
    "`log`, `class`, `{indicator: NUMBER}` or `{map: {CATEGORY: NUMBER, ...}, other: NUMBER}`";

impl<'de> Deserialize<'de> for Derive {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Derive;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(EXPECTED)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Derive, E> {
                match v {
                    "log" => Ok(Derive::Log),
                    "class" => Ok(Derive::Class),
                    "indicator" | "map" => Err(E::custom(format_args!(
                        "`{v}` needs its parameter: {EXPECTED}"
                    ))),
                    _ => Err(E::unknown_variant(v, &["log", "class", "indicator", "map"])),
                }
            }
            fn visit_map<M: MapAccess<'de>>(self, mut access: M) -> Result<Derive, M::Error> {
                let mut indicator = None;
                let mut values: Option<BTreeMap<String, f64>> = None;
                let mut other = None;
                while let Some(key) = access.next_key::<String>()? {
                    let first = match key.as_str() {
                        "indicator" => indicator.replace(access.next_value::<f64>()?).is_none(),
                        "map" => values.replace(access.next_value()?).is_none(),
                        "other" => other.replace(access.next_value::<f64>()?).is_none(),
                        _ => {
                            return Err(de::Error::unknown_field(
                                &key,
                                &["indicator", "map", "other"],
                            ));
                        }
                    };
                    if !first {
                        return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
                    }
                }
                match (indicator, values, other) {
                    (Some(at_least), None, None) => Ok(Derive::Indicator(at_least)),
                    (None, Some(values), other) => Ok(Derive::Map(CategoryMap { values, other })),
                    (None, None, Some(_)) => Err(de::Error::custom(
                        "`other` belongs to a `map`: {map: {CATEGORY: NUMBER, ...}, other: NUMBER}",
                    )),
                    (Some(_), Some(_), _) | (Some(_), None, Some(_)) => Err(de::Error::custom(
                        "a feature derives one thing: give `indicator` or `map`, not both",
                    )),
                    (None, None, None) => Err(de::Error::invalid_length(0, &EXPECTED)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Derive {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Derive".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A number derived from the field: `log` (ln(1 + x)), `class` (status 503 becomes 5), `{indicator: A}` (1 when x >= A, else 0), or `{map: {CATEGORY: NUMBER, ...}, other: NUMBER}` (a category string's number; `other` for unlisted categories).",
            "anyOf": [
                {"type": "string", "enum": ["log", "class"]},
                {
                    "type": "object",
                    "properties": {"indicator": {"type": "number"}},
                    "required": ["indicator"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "properties": {
                        "map": {"type": "object", "additionalProperties": {"type": "number"}},
                        "other": {"type": "number"}
                    },
                    "required": ["map"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_derivation_round_trips() {
        let map = Derive::Map(CategoryMap {
            values: [("GET".to_owned(), 0.0), ("POST".to_owned(), 1.0)].into(),
            other: Some(2.0),
        });
        for (text, derive) in [
            (r#""log""#, Derive::Log),
            (r#""class""#, Derive::Class),
            (r#"{"indicator":500.0}"#, Derive::Indicator(500.0)),
            (r#"{"map":{"GET":0.0,"POST":1.0},"other":2.0}"#, map),
        ] {
            assert_eq!(serde_json::to_string(&derive).unwrap(), text);
            assert_eq!(serde_json::from_str::<Derive>(text).unwrap(), derive);
        }
    }

    #[test]
    fn malformed_derivations_say_what_is_wrong() {
        let err = |text: &str| {
            serde_json::from_str::<Derive>(text)
                .unwrap_err()
                .to_string()
        };
        assert!(err(r#""indicator""#).contains("needs its parameter"));
        assert!(err(r#""square""#).contains("unknown variant `square`"));
        assert!(err(r#"{"indicator":1,"map":{}}"#).contains("not both"));
        assert!(err(r#"{"other":1}"#).contains("belongs to a `map`"));
        assert!(err(r#"{"bogus":1}"#).contains("unknown field `bogus`"));
        assert!(err(r#"{}"#).contains("invalid length 0"));
    }

    #[test]
    fn derivations_compute_what_they_say() {
        assert_eq!(Derive::Log.apply(0.0), 0.0);
        assert!((Derive::Log.apply(std::f64::consts::E - 1.0) - 1.0).abs() < 1e-12);
        assert_eq!(Derive::Indicator(500.0).apply(500.0), 1.0);
        assert_eq!(Derive::Class.apply(200.0), 2.0);
        assert_eq!(Derive::Class.apply(599.0), 5.0);
        let map = Derive::Map(CategoryMap {
            values: [("error".to_owned(), 1.0)].into(),
            other: None,
        });
        assert_eq!(map.category("error"), Some(1.0));
        assert_eq!(map.category("info"), None);
        assert_eq!(Derive::Log.category("error"), None);
    }
}
