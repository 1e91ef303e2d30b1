//! Reading a stack file into located nodes with serde-saphyr's YAML parser (its re-exported
//! `granit_parser`, an event parser that reports where every event starts). JSON files are
//! read the same way once `serde_json` has checked their syntax: JSON is a subset of YAML 1.2.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span, Tag};

use super::node::{Key, Location, Node, NodeValue};

/// Why a file could not be read as a tree of values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError {
    pub(crate) message: String,
    pub(crate) location: Location,
}

/// Parses one YAML document into a node tree. An empty file gives a `null` root.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut builder = Builder::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| SyntaxError {
            message: e.info(),
            location: Location {
                line: e.marker().line(),
                column: e.marker().col() + 1,
            },
        })?;
        builder.event(event, span)?;
    }
    Ok(builder.root.unwrap_or(Node {
        value: NodeValue::Null,
        location: Location { line: 1, column: 1 },
    }))
}

fn location(span: &Span) -> Location {
    Location {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// A collection being read.
enum Open {
    Seq {
        anchor: usize,
        location: Location,
        items: Vec<Node>,
    },
    Map {
        anchor: usize,
        location: Location,
        entries: Vec<(Key, Node)>,
        pending_key: Option<Key>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    documents: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let at = location(&span);
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SyntaxError {
                        message: "a stack file holds one document; this is a second one".into(),
                        location: at,
                    });
                }
                Ok(())
            }
            Event::Scalar(value, style, anchor, tag) => {
                let node = Node {
                    value: scalar(&value, style, tag.as_deref(), at)?,
                    location: at,
                };
                self.complete(node, anchor)
            }
            Event::SequenceStart(_, anchor, tag) => {
                refuse_tag(tag.as_deref(), at)?;
                self.stack.push(Open::Seq {
                    anchor,
                    location: at,
                    items: Vec::new(),
                });
                Ok(())
            }
            Event::MappingStart(_, anchor, tag) => {
                refuse_tag(tag.as_deref(), at)?;
                self.stack.push(Open::Map {
                    anchor,
                    location: at,
                    entries: Vec::new(),
                    pending_key: None,
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Open::Seq {
                    anchor,
                    location,
                    items,
                }) => self.complete(
                    Node {
                        value: NodeValue::Seq(items),
                        location,
                    },
                    anchor,
                ),
                Some(Open::Map {
                    anchor,
                    location,
                    entries,
                    ..
                }) => self.complete(
                    Node {
                        value: NodeValue::Map(entries),
                        location,
                    },
                    anchor,
                ),
                None => Ok(()),
            },
            Event::Alias(id) => match self.anchors.get(&id) {
                Some(node) => {
                    let mut node = node.clone();
                    node.location = at;
                    self.complete(node, 0)
                }
                None => Err(SyntaxError {
                    message: "refers to an anchor that is not defined before it".into(),
                    location: at,
                }),
            },
            _ => Ok(()),
        }
    }

    /// Places a finished node into its parent (or as the root) and records its anchor.
    fn complete(&mut self, node: Node, anchor: usize) -> Result<(), SyntaxError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Open::Seq { items, .. }) => {
                items.push(node);
                Ok(())
            }
            Some(Open::Map {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                Some(key) => {
                    entries.push((key, node));
                    Ok(())
                }
                None => {
                    let name = match &node.value {
                        NodeValue::String(s) => s.clone(),
                        NodeValue::Int(i) => i.to_string(),
                        NodeValue::Bool(b) => b.to_string(),
                        NodeValue::Float(f) => f.to_string(),
                        NodeValue::Null => "null".into(),
                        NodeValue::Seq(_) | NodeValue::Map(_) => {
                            return Err(SyntaxError {
                                message: "map keys must be plain strings, not lists or maps".into(),
                                location: node.location,
                            });
                        }
                    };
                    if let Some((first, _)) = entries.iter().find(|(k, _)| k.name == name) {
                        return Err(SyntaxError {
                            message: format!(
                                "key `{name}` is given twice in this map (first at {})",
                                first.location
                            ),
                            location: node.location,
                        });
                    }
                    *pending_key = Some(Key {
                        name,
                        location: node.location,
                    });
                    Ok(())
                }
            },
        }
    }
}

/// Tags (`!Ref`, `!!map`…) are refused on collections: the file format spells intrinsics as
/// maps (`{ref: Name}`), which every editor's schema support understands.
fn refuse_tag(tag: Option<&Tag>, at: Location) -> Result<(), SyntaxError> {
    match tag {
        None => Ok(()),
        Some(tag) if tag.is_yaml_core_schema() => Ok(()),
        Some(tag) => Err(unsupported_tag(tag, at)),
    }
}

fn unsupported_tag(tag: &Tag, at: Location) -> SyntaxError {
    SyntaxError {
        message: format!(
            "YAML tag `{}{}` is not supported: write intrinsics as maps, e.g. {{ref: Name}}, {{get_att: Construct.attribute}} or {{sub: \"...\"}}",
            tag.original_handle(),
            tag.suffix()
        ),
        location: at,
    }
}

/// Resolves a scalar with YAML 1.2's core schema: quoted scalars and block scalars are
/// strings; plain ones may be null, booleans, integers or floats.
fn scalar(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    at: Location,
) -> Result<NodeValue, SyntaxError> {
    if let Some(tag) = tag {
        let Some(core) = tag.core_suffix() else {
            return Err(unsupported_tag(tag, at));
        };
        let resolved = plain(text);
        let ok = match (core, &resolved) {
            ("str", _) => return Ok(NodeValue::String(text.to_owned())),
            ("null", NodeValue::Null)
            | ("bool", NodeValue::Bool(_))
            | ("int", NodeValue::Int(_))
            | ("float", NodeValue::Float(_)) => true,
            ("float", NodeValue::Int(i)) => return Ok(NodeValue::Float(*i as f64)),
            _ => false,
        };
        return if ok {
            Ok(resolved)
        } else {
            Err(SyntaxError {
                message: format!("`{text}` is not a valid !!{core}"),
                location: at,
            })
        };
    }
    Ok(match style {
        ScalarStyle::Plain => plain(text),
        _ => NodeValue::String(text.to_owned()),
    })
}

/// The core-schema value of a plain scalar.
fn plain(text: &str) -> NodeValue {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return NodeValue::Null,
        "true" | "True" | "TRUE" => return NodeValue::Bool(true),
        "false" | "False" | "FALSE" => return NodeValue::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return NodeValue::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return NodeValue::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return NodeValue::Float(f64::NAN),
        _ => {}
    }
    if let Some(i) = integer(text) {
        return NodeValue::Int(i);
    }
    if is_float(text) {
        if let Ok(f) = text.parse::<f64>() {
            return NodeValue::Float(f);
        }
    }
    NodeValue::String(text.to_owned())
}

/// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`, when it fits in an `i64`.
fn integer(text: &str) -> Option<i64> {
    if let Some(octal) = text.strip_prefix("0o") {
        return i64::from_str_radix(octal, 8).ok();
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => !frac.is_empty() && digits(frac),
        Some((int, frac)) => !int.is_empty() && digits(int) && digits(frac),
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn scalars_follow_the_core_schema() {
        assert_eq!(plain("~"), NodeValue::Null);
        assert_eq!(plain("True"), NodeValue::Bool(true));
        assert_eq!(plain("-12"), NodeValue::Int(-12));
        assert_eq!(plain("0x1f"), NodeValue::Int(31));
        assert_eq!(plain("1.5e3"), NodeValue::Float(1500.0));
        assert_eq!(plain(".5"), NodeValue::Float(0.5));
        assert_eq!(plain("1.2.3"), NodeValue::String("1.2.3".into()));
        assert_eq!(plain("yes"), NodeValue::String("yes".into()));
        assert_eq!(
            plain("10.0.0.0/16"),
            NodeValue::String("10.0.0.0/16".into())
        );
    }

    #[test]
    fn nodes_know_where_they_are() {
        let root = parse("a:\n  b: [1, \"x\"]\n  c: &c {d: true}\ne: *c\n").unwrap();
        let (a, a_node) = root.entry("a").map(|(k, v)| (k.clone(), v)).unwrap();
        assert_eq!(a.location, Location { line: 1, column: 1 });
        let (b, b_node) = a_node.entry("b").unwrap();
        assert_eq!(b.location, Location { line: 2, column: 3 });
        assert_eq!(
            b_node.items()[1].location,
            Location {
                line: 2,
                column: 10
            }
        );
        assert_eq!(b_node.items()[1].as_str(), Some("x"));
        let (_, e) = root.entry("e").unwrap();
        assert_eq!(e.entry("d").unwrap().1.value, NodeValue::Bool(true));
    }

    #[test]
    fn duplicate_keys_and_custom_tags_are_refused() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.location, Location { line: 3, column: 1 });
        assert!(e.message.contains("given twice"), "{}", e.message);
        let e = parse("topic: !Ref Topic\n").unwrap_err();
        assert!(e.message.contains("{ref: Name}"), "{}", e.message);
        assert_eq!(
            parse("a: !!str 5\n")
                .unwrap()
                .entry("a")
                .unwrap()
                .1
                .as_str(),
            Some("5")
        );
    }

    #[test]
    fn json_reads_as_yaml() {
        let root =
            parse("{\n\t\"a\": [1, 2.5, null, true],\n\t\"b\": \"\\u00e9\\/\"\n}\n").unwrap();
        assert_eq!(root.entry("b").unwrap().1.as_str(), Some("é/"));
        assert_eq!(root.entry("a").unwrap().1.items().len(), 4);
        assert_eq!(
            root.entry("a").unwrap().0.location,
            Location { line: 2, column: 2 }
        );
    }
}
