//! Feature extraction: one row of numbers per record, as the contract's [`FeatureSpec`]s say.
//!
//! A record's value is one UTF-8 JSON object. Each feature reads a dot-separated field path
//! (`http.latency_ms`); a field may hold a number, a numeric string (`"12.5"`) or a boolean
//! (`1`/`0`). A field that is absent or null takes the feature's default, and without one the
//! record is bad. No tree is built: a hand-written scanner (`fast`) reads the fields the paths
//! name and skips the rest, and gives up on anything unusual (any bad record among them), which
//! then goes to a streaming `serde_json` visitor ([`FeatureExtractor::extract_serde`]) that
//! decides and words the problem. Both give the same rows and reasons (property-tested).
//!
//! ```
//! use contract::FeatureSpec;
//! use detect::features::FeatureExtractor;
//! let mut latency = FeatureSpec::new("latency");
//! latency.path = Some("http.latency_ms".into());
//! let mut retries = FeatureSpec::new("retries");
//! retries.default = Some(0.0);
//! let extractor = FeatureExtractor::new(&[latency, FeatureSpec::new("ok")]);
//! let mut row = Vec::new();
//! extractor.extract(br#"{"http":{"latency_ms":"12.5"},"ok":true,"x":[1]}"#, &mut row).unwrap();
//! assert_eq!(row, vec![12.5, 1.0]);
//! ```

use std::fmt;

use contract::FeatureSpec;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::json_cursor::ExpectedKey;
use crate::reason::BadReason;

mod fast;

/// Features whose slots fit on the stack; more use the heap.
const STACK_SLOTS: usize = 16;

/// Extracts the configured features from JSON log lines.
#[derive(Debug, Clone)]
pub struct FeatureExtractor {
    names: Vec<String>,
    paths: Vec<String>,
    defaults: Vec<Option<f64>>,
    root: Node,
}

/// One step of the field-path tree.
#[derive(Debug, Clone, Default)]
struct Node {
    /// The feature read from this field, if any.
    leaf: Option<usize>,
    /// Fields below this one that some path names.
    children: Vec<(String, Node)>,
    /// The children's names prepared for the fast scanner, in the same order; empty when
    /// some name cannot be matched byte for byte (the scanner then compares key texts).
    keys: Vec<ExpectedKey>,
}

impl Node {
    /// Fills in `keys`, here and below.
    fn prepare_keys(&mut self) {
        self.keys = self
            .children
            .iter()
            .map(|(name, _)| ExpectedKey::new(name))
            .collect::<Option<_>>()
            .unwrap_or_default();
        for (_, child) in &mut self.children {
            child.prepare_keys();
        }
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.children
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, node)| node)
    }
}

/// What a record gave for one feature. `Copy`, so a row's slots live on the stack.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Absent,
    Value(f64),
    /// Not a number; the text says what it was (a string's text is kept in `Scan::text`).
    Wrong(Found),
}

/// What a non-numeric field held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    Str,
    Object,
    Array,
}

/// One record's scan: the slots, and the first non-numeric string seen (allocated only on
/// that error path).
struct Scan<'s> {
    slots: &'s mut [Slot],
    text: Option<(usize, String)>,
}

impl FeatureExtractor {
    /// Builds the extractor for features in model order.
    pub fn new(features: &[FeatureSpec]) -> Self {
        let mut root = Node::default();
        for (index, feature) in features.iter().enumerate() {
            let mut node = &mut root;
            for part in feature.field_path().split('.') {
                let pos = match node.children.iter().position(|(n, _)| n == part) {
                    Some(pos) => pos,
                    None => {
                        node.children.push((part.to_owned(), Node::default()));
                        node.children.len() - 1
                    }
                };
                node = &mut node.children[pos].1;
            }
            // Duplicate paths: the contract forbids duplicate names, not paths; both read it.
            if node.leaf.is_none() {
                node.leaf = Some(index);
            }
        }
        root.prepare_keys();
        Self {
            names: features.iter().map(|f| f.name.clone()).collect(),
            paths: features.iter().map(|f| f.field_path().to_owned()).collect(),
            defaults: features.iter().map(|f| f.default).collect(),
            root,
        }
    }

    /// The number of features per row.
    pub fn width(&self) -> usize {
        self.names.len()
    }

    /// The feature names, in row order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Appends one row for the JSON object `line` to `row`; on error `row` is unchanged.
    pub fn extract(&self, line: &[u8], row: &mut Vec<f64>) -> Result<(), BadReason> {
        self.extract_with(line, row, true)
    }

    /// [`extract`](Self::extract) with the `serde_json` visitor alone: the reference that the
    /// fast scanner falls back to and is tested against (about 2.5× slower).
    pub fn extract_serde(&self, line: &[u8], row: &mut Vec<f64>) -> Result<(), BadReason> {
        self.extract_with(line, row, false)
    }

    fn extract_with(&self, line: &[u8], row: &mut Vec<f64>, fast: bool) -> Result<(), BadReason> {
        let text = std::str::from_utf8(line).map_err(|e| BadReason::NotUtf8 {
            at: e.valid_up_to(),
        })?;
        // Slots live on the stack for the common case of a few features (a 64-slot array
        // costs a 1 KiB fill per record, measurable at 10,000 records).
        let mut stack = [Slot::Absent; STACK_SLOTS];
        let mut heap = Vec::new();
        let slots = if self.names.len() <= STACK_SLOTS {
            &mut stack[..self.names.len()]
        } else {
            heap.resize(self.names.len(), Slot::Absent);
            &mut heap[..]
        };
        let mut scan = Scan { slots, text: None };
        if !fast || fast::scan(&self.root, text, scan.slots).is_none() {
            scan.slots.fill(Slot::Absent);
            let mut de = serde_json::Deserializer::from_str(text);
            let is_object = TopSeed {
                node: &self.root,
                scan: &mut scan,
            }
            .deserialize(&mut de)
            .and_then(|is_object| de.end().map(|()| is_object))
            .map_err(|e| BadReason::NotJson(e.to_string()))?;
            if !is_object {
                return Err(BadReason::NotObject);
            }
        }
        // Resolve in feature order so the first problem reported is deterministic.
        let start = row.len();
        for (i, slot) in scan.slots.iter().copied().enumerate() {
            let value = match slot {
                Slot::Value(v) => v,
                Slot::Absent => match self.defaults[i] {
                    Some(d) => d,
                    None => {
                        row.truncate(start);
                        return Err(BadReason::Missing {
                            feature: self.names[i].clone(),
                            path: self.paths[i].clone(),
                        });
                    }
                },
                Slot::Wrong(found) => {
                    row.truncate(start);
                    let found = match found {
                        Found::Object => "an object".to_owned(),
                        Found::Array => "an array".to_owned(),
                        Found::Str => match &scan.text {
                            Some((at, text)) if *at == i => describe_str(text),
                            _ => "a string".to_owned(),
                        },
                    };
                    return Err(BadReason::NotNumber {
                        feature: self.names[i].clone(),
                        found,
                    });
                }
            };
            if !value.is_finite() {
                row.truncate(start);
                return Err(BadReason::NonFinite {
                    feature: self.names[i].clone(),
                });
            }
            row.push(value);
        }
        Ok(())
    }
}

/// The record itself: must be an object; returns whether it was.
struct TopSeed<'t, 's> {
    node: &'t Node,
    scan: &'t mut Scan<'s>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(FieldVisitor {
            node: self.node,
            scan: self.scan,
            top: true,
        })
    }
}

/// A field's value: read into the node's feature slot and/or descended into.
struct FieldVisitor<'t, 's> {
    node: &'t Node,
    scan: &'t mut Scan<'s>,
    top: bool,
}

impl FieldVisitor<'_, '_> {
    fn set(self, slot: Slot) -> bool {
        if let Some(i) = self.node.leaf {
            self.scan.slots[i] = slot;
        }
        false
    }
}

impl<'de> DeserializeSeed<'de> for FieldVisitor<'_, '_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

fn describe_str(v: &str) -> String {
    const MAX: usize = 40;
    if v.chars().count() <= MAX {
        format!("a string {v:?}")
    } else {
        let head: String = v.chars().take(MAX).collect();
        format!("a string {head:?}…")
    }
}

impl<'de> Visitor<'de> for FieldVisitor<'_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(self.set(Slot::Value(if v { 1.0 } else { 0.0 })))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        Ok(self.set(Slot::Value(v as f64)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        Ok(self.set(Slot::Value(v as f64)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        Ok(self.set(Slot::Value(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        let Some(i) = self.node.leaf else {
            return Ok(false);
        };
        let slot = match v.trim().parse::<f64>() {
            Ok(x) => Slot::Value(x),
            Err(_) => {
                if self.scan.text.is_none() {
                    self.scan.text = Some((i, v.to_owned()));
                }
                Slot::Wrong(Found::Str)
            }
        };
        Ok(self.set(slot))
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(self.set(Slot::Absent))
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<bool, S::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self.set(Slot::Wrong(Found::Array)))
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<bool, M::Error> {
        let FieldVisitor { node, scan, top } = self;
        if let Some(i) = node.leaf {
            scan.slots[i] = Slot::Wrong(Found::Object);
        }
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match node.child(key.as_str()) {
                Some(child) => {
                    map.next_value_seed(FieldVisitor {
                        node: child,
                        scan: &mut *scan,
                        top: false,
                    })?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(top)
    }
}

/// An object key, borrowed when it has no escapes.
enum Key<'a> {
    Borrowed(&'a str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, path: Option<&str>, default: Option<f64>) -> FeatureSpec {
        let mut s = FeatureSpec::new(name);
        s.path = path.map(str::to_owned);
        s.default = default;
        s
    }

    fn seed() -> FeatureExtractor {
        FeatureExtractor::new(&[
            spec("response_time_ms", None, None),
            spec("status", None, None),
            spec("duration_ms", None, None),
        ])
    }

    fn one(x: &FeatureExtractor, line: &str) -> Result<Vec<f64>, BadReason> {
        let mut row = vec![-1.0];
        x.extract(line.as_bytes(), &mut row)
            .map(|()| row[1..].to_vec())
            .inspect_err(|_| assert_eq!(row, vec![-1.0]))
    }

    #[test]
    fn reads_numbers_strings_and_booleans_in_feature_order() {
        let x = seed();
        assert_eq!(
            one(
                &x,
                r#"{"duration_ms":3,"level":"INFO","status":"200","response_time_ms":1.5e1,"extra":{"a":[1,{"b":2}]}}"#
            ),
            Ok(vec![15.0, 200.0, 3.0])
        );
        assert_eq!(
            one(
                &x,
                r#"{"response_time_ms":true,"status":false,"duration_ms":-0.5}"#
            ),
            Ok(vec![1.0, 0.0, -0.5])
        );
    }

    #[test]
    fn nested_paths_and_defaults() {
        let x = FeatureExtractor::new(&[
            spec("lat", Some("http.latency.ms"), None),
            spec("retries", Some("meta.retries"), Some(0.0)),
        ]);
        assert_eq!(
            one(&x, r#"{"http":{"latency":{"ms":7}},"meta":null}"#),
            Ok(vec![7.0, 0.0])
        );
        assert_eq!(
            one(
                &x,
                r#"{"http":{"latency":{"ms":7}},"meta":{"retries":null}}"#
            ),
            Ok(vec![7.0, 0.0])
        );
        assert_eq!(
            one(&x, r#"{"http":"flat","meta":{"retries":2}}"#),
            Err(BadReason::Missing {
                feature: "lat".into(),
                path: "http.latency.ms".into()
            })
        );
    }

    #[test]
    fn every_kind_of_bad_line() {
        let x = seed();
        assert_eq!(
            x.extract(b"\xff{}", &mut Vec::new()),
            Err(BadReason::NotUtf8 { at: 0 })
        );
        assert!(matches!(
            one(&x, r#"{"status":1"#),
            Err(BadReason::NotJson(_))
        ));
        assert!(matches!(
            one(&x, r#"{"a":1} trailing"#),
            Err(BadReason::NotJson(_))
        ));
        assert_eq!(one(&x, "[1,2,3]"), Err(BadReason::NotObject));
        assert_eq!(one(&x, "42"), Err(BadReason::NotObject));
        assert_eq!(
            one(&x, r#"{"response_time_ms":1,"duration_ms":2}"#),
            Err(BadReason::Missing {
                feature: "status".into(),
                path: "status".into()
            })
        );
        assert_eq!(
            one(
                &x,
                r#"{"response_time_ms":"fast","status":1,"duration_ms":2}"#
            ),
            Err(BadReason::NotNumber {
                feature: "response_time_ms".into(),
                found: "a string \"fast\"".into()
            })
        );
        assert_eq!(
            one(
                &x,
                r#"{"response_time_ms":1,"status":{"code":200},"duration_ms":2}"#
            ),
            Err(BadReason::NotNumber {
                feature: "status".into(),
                found: "an object".into()
            })
        );
        assert_eq!(
            one(
                &x,
                r#"{"response_time_ms":1,"status":200,"duration_ms":"NaN"}"#
            ),
            Err(BadReason::NonFinite {
                feature: "duration_ms".into()
            })
        );
        assert_eq!(
            one(
                &x,
                r#"{"response_time_ms":"-inf","status":200,"duration_ms":1}"#
            ),
            Err(BadReason::NonFinite {
                feature: "response_time_ms".into()
            })
        );
        assert!(matches!(
            one(
                &x,
                r#"{"response_time_ms":1e999,"status":200,"duration_ms":1}"#
            ),
            Err(BadReason::NotJson(_))
        ));
    }

    #[test]
    fn escaped_keys_match() {
        let x = seed();
        assert_eq!(
            one(
                &x,
                r#"{"st\u0061tus":2,"response_time_ms":1,"duration_ms":3}"#
            ),
            Ok(vec![1.0, 2.0, 3.0])
        );
    }
}
