//! JSON records: a tree of the field paths the features name, read by a hand-written scanner
//! (`fast`) that skips everything else and builds nothing, with a streaming `serde_json`
//! visitor as the reference it falls back to on anything unusual (and is tested against).
//!
//! A field may hold a number, a string (numeric, a duration with a unit, `-` for missing, or a
//! category for a map), a boolean, or null (missing). Both readers leave the fields as they
//! found them ([`Raw`]); the features' conversions come after, the same for every format.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::raw::{Found, Raw};
use crate::json_cursor::ExpectedKey;
use crate::reason::BadReason;

mod fast;

/// The fields' paths as a tree; each path's last step is the field's leaf.
#[derive(Debug, Clone)]
pub(crate) struct JsonFields {
    root: Node,
}

/// One step of the field-path tree.
#[derive(Debug, Clone, Default)]
struct Node {
    /// The field read at this step, if a path ends here.
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

impl JsonFields {
    /// The tree of `fields` (distinct dot-separated paths), field `i` at the end of path `i`.
    pub(crate) fn new(fields: &[String]) -> Self {
        let mut root = Node::default();
        for (index, path) in fields.iter().enumerate() {
            let mut node = &mut root;
            for part in path.split('.') {
                let pos = match node.children.iter().position(|(n, _)| n == part) {
                    Some(pos) => pos,
                    None => {
                        node.children.push((part.to_owned(), Node::default()));
                        node.children.len() - 1
                    }
                };
                node = &mut node.children[pos].1;
            }
            node.leaf = Some(index);
        }
        root.prepare_keys();
        Self { root }
    }

    /// The fast scanner: fills `raws` (all absent on entry) from the JSON object `text`, or
    /// `None` when the reference must decide.
    #[inline]
    pub(crate) fn scan_fast<'a>(&self, text: &'a str, raws: &mut [Raw<'a>]) -> Option<()> {
        fast::scan(&self.root, text, raws)
    }

    /// The reference: fills `raws` (all absent on entry) with the `serde_json` visitor;
    /// strings with escapes go to `owned`. Words why a line is not a JSON object.
    pub(crate) fn scan_serde<'a>(
        &self,
        text: &'a str,
        raws: &mut [Raw<'a>],
        owned: &mut Vec<String>,
    ) -> Result<(), BadReason> {
        let mut de = serde_json::Deserializer::from_str(text);
        let is_object = FieldVisitor {
            node: &self.root,
            raws,
            owned,
            top: true,
        }
        .deserialize(&mut de)
        .and_then(|is_object| de.end().map(|()| is_object))
        .map_err(|e| BadReason::NotJson(e.to_string()))?;
        if is_object {
            Ok(())
        } else {
            Err(BadReason::NotObject)
        }
    }
}

/// A field's value: read into the node's field and/or descended into. Returns whether the value
/// was an object at the top (the record must be one).
struct FieldVisitor<'t, 'a> {
    node: &'t Node,
    raws: &'t mut [Raw<'a>],
    owned: &'t mut Vec<String>,
    top: bool,
}

impl<'a> FieldVisitor<'_, 'a> {
    fn set(self, raw: Raw<'a>) -> bool {
        if let Some(i) = self.node.leaf {
            self.raws[i] = raw;
        }
        false
    }
}

impl<'a> DeserializeSeed<'a> for FieldVisitor<'_, 'a> {
    type Value = bool;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for FieldVisitor<'_, 'a> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(self.set(Raw::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        Ok(self.set(Raw::Number(v as f64)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        Ok(self.set(Raw::Number(v as f64)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        Ok(self.set(Raw::Number(v)))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'a str) -> Result<bool, E> {
        Ok(self.set(Raw::Text(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        if self.node.leaf.is_none() {
            return Ok(false);
        }
        self.owned.push(v.to_owned());
        let index = self.owned.len() - 1;
        Ok(self.set(Raw::Owned(index)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(self.set(Raw::Absent))
    }
    fn visit_seq<S: SeqAccess<'a>>(self, mut seq: S) -> Result<bool, S::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self.set(Raw::Wrong(Found::Array)))
    }
    fn visit_map<M: MapAccess<'a>>(self, mut map: M) -> Result<bool, M::Error> {
        let FieldVisitor {
            node,
            raws,
            owned,
            top,
        } = self;
        if let Some(i) = node.leaf {
            raws[i] = Raw::Wrong(Found::Object);
        }
        while let Some(key) = map.next_key::<Key<'a>>()? {
            match node.child(key.as_str()) {
                Some(child) => {
                    map.next_value_seed(FieldVisitor {
                        node: child,
                        raws: &mut *raws,
                        owned: &mut *owned,
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
