//! What a leaf becomes when it is hostile: a value of the wrong type, a number beyond the
//! schema's bounds, text of any content or beyond its length, a near miss of a valid literal,
//! a reference to a construct of the wrong section or to none, an object missing a required
//! key or holding an unknown one, a list of the wrong size or with repeats, a construct id
//! that is not one.

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value as Json};

use super::node::{Entry, IdRef, Miss, Node};
use super::walk::{any_json, bounds};
use crate::support::values::{S, TOKENS, ints_near, nasty_float, nasty_string};

/// Stand-ins for the numbers JSON cannot hold, and the YAML each is written as
/// ([`super::Document::text`]); in a JSON document they stay text (a value of the wrong type).
pub const NON_FINITE: [(&str, &str); 3] = [
    ("NonFiniteNaN", ".nan"),
    ("NonFiniteInf", ".inf"),
    ("NonFiniteNegInf", "-.inf"),
];

fn non_finite() -> S<Node> {
    select(NON_FINITE.iter().map(|(mark, _)| *mark).collect::<Vec<_>>())
        .prop_map(|mark| json(mark.into()))
        .boxed()
}

fn json(value: Json) -> Node {
    Node::Json(value)
}

fn float(f: f64) -> Json {
    serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number)
}

/// A value of any type, mostly not the one expected: booleans, numbers, text, lists, maps,
/// null, and intrinsics that name nothing.
pub fn wrong_type() -> S<Node> {
    prop_oneof![
        any::<bool>().prop_map(|b| json(b.into())),
        nasty_float().prop_map(|f| json(float(f))),
        any::<i64>().prop_map(|n| json(n.into())),
        nasty_string().prop_map(|s| json(s.into())),
        Just(json(Json::Array(Vec::new()))),
        Just(json(serde_json::json!(["a", "b"]))),
        Just(json(serde_json::json!({"k": "v"}))),
        Just(json(Json::Null)),
        Just(json(serde_json::json!({"ref": "DanglingParam"}))),
        Just(json(serde_json::json!({"sub": "${DanglingParam}-x"}))),
        Just(json(serde_json::json!({"get_att": "Nothing.arn"}))),
        Just(json(serde_json::json!({"ref": "x", "sub": "y"}))),
    ]
    .boxed()
}

/// Text that breaks a string node: any content, longer than `maxLength`, a fragment spliced
/// into a valid-looking word, or another type.
pub fn string(schema: &Map<String, Json>) -> S<Node> {
    let over = schema
        .get("maxLength")
        .and_then(Json::as_u64)
        .map_or(300, |n| n as usize + 1);
    prop_oneof![
        4 => nasty_string().prop_map(|s| json(s.into())),
        1 => Just(json("x".repeat(over).into())),
        1 => ("[a-z]{1,8}", select(TOKENS), "[a-z]{0,8}")
            .prop_map(|(a, t, b)| json(format!("{a}{t}{b}").into())),
        1 => wrong_type(),
    ]
    .boxed()
}

/// Integers at and just beyond the node's bounds, off its step, fractional, extreme, or
/// another type.
pub fn integer(schema: &Map<String, Json>) -> S<Node> {
    let (lo, hi) = bounds(schema, (0.0, 1000.0), 1.0);
    let (lo, hi) = (lo as i64, hi as i64);
    let step = schema.get("multipleOf").and_then(Json::as_i64).unwrap_or(1);
    let points = vec![lo, hi, lo.saturating_add(step / 2), 0];
    prop_oneof![
        4 => ints_near(points).prop_map(|n| json(n.into())),
        1 => Just(json(float(lo as f64 + 0.5))),
        1 => non_finite(),
        1 => wrong_type(),
    ]
    .boxed()
}

/// Numbers at and beyond the node's bounds, extreme ones, or another type.
pub fn number(schema: &Map<String, Json>) -> S<Node> {
    let (lo, hi) = bounds(schema, (-1e6, 1e6), 1e-3);
    prop_oneof![
        2 => select(vec![lo, hi, lo - 1.0, hi + 1.0, -lo, lo - 1e-9]).prop_map(|f| json(float(f))),
        2 => nasty_float().prop_map(|f| json(float(f))),
        1 => non_finite(),
        1 => wrong_type(),
    ]
    .boxed()
}

/// Near misses of the valid literals `values` (examples, a `const`, an `enum`): another case,
/// a character more or less, a fragment spliced in; or what breaks a node of their type.
pub fn near(values: Vec<Json>, schema: &Map<String, Json>) -> S<Node> {
    let texts: Vec<String> = values
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let numbers = values.iter().any(Json::is_number);
    let mut options: Vec<(u32, S<Node>)> = vec![(1, wrong_type())];
    if !texts.is_empty() {
        options.push((
            3,
            (select(texts), 0u8..5, select(TOKENS))
                .prop_map(|(text, how, token)| {
                    let missed = match how {
                        0 => text.to_uppercase(),
                        1 => format!("{text}x"),
                        2 => text.chars().skip(1).collect(),
                        3 => format!("{text}{token}"),
                        _ => text.replace(|c: char| c.is_ascii_digit(), "9"),
                    };
                    json(missed.into())
                })
                .boxed(),
        ));
        options.push((1, string(schema)));
    }
    if numbers {
        options.push((3, integer(schema)));
    }
    proptest::strategy::Union::new_weighted(options).boxed()
}

/// A reference that misses `section`: a construct of another section, an undeclared id
/// (another definition's name, a near miss), or any text.
pub fn id(section: String, names: Vec<String>) -> S<Node> {
    let miss = prop_oneof![
        2 => Just(Miss::OtherSection),
        1 => select(names).prop_map(|n| Miss::Undeclared(format!("{n}0"))),
        1 => Just(Miss::Undeclared("Undeclared".to_owned())),
        1 => nasty_string().prop_map(Miss::Undeclared),
    ];
    (miss, any::<usize>())
        .prop_map(move |(miss, pick)| {
            Node::Id(IdRef {
                section: section.clone(),
                pick,
                miss: Some(miss),
            })
        })
        .boxed()
}

/// A map key (construct id, parameter or output name) that is not one: empty, too long,
/// starting with a digit, holding other characters, or another section's construct id.
pub fn key(names: Vec<String>) -> S<String> {
    prop_oneof![
        Just(String::new()),
        Just("1abc".to_owned()),
        Just("a b".to_owned()),
        Just("x".repeat(65)),
        Just("x".repeat(256)),
        select(names).prop_map(|n| format!("{n}0")),
        nasty_string(),
    ]
    .boxed()
}

/// A list of the wrong size, with repeated items, or another type.
pub fn list(valid: S<Node>, schema: &Map<String, Json>) -> S<Node> {
    let max = schema.get("maxItems").and_then(Json::as_u64).unwrap_or(20) as usize;
    prop_oneof![
        Just(Node::List {
            items: Vec::new(),
            unique: false
        }),
        (valid.clone(), 1usize..4).prop_map(move |(list, extra)| match list {
            Node::List { items, .. } if !items.is_empty() => {
                let items: Vec<Node> = items.iter().cycle().take(max + extra).cloned().collect();
                Node::List {
                    items,
                    unique: false,
                }
            }
            other => other,
        }),
        valid.prop_map(|list| match list {
            Node::List { mut items, .. } => {
                if let Some(first) = items.first().cloned() {
                    items.push(first);
                }
                Node::List {
                    items,
                    unique: false,
                }
            }
            other => other,
        }),
        wrong_type(),
    ]
    .boxed()
}

/// A change to an object's keys.
#[derive(Debug, Clone)]
pub enum Tamper {
    None,
    /// Leaves out a required key (by index among them).
    DropRequired(usize),
    /// Adds a key the object does not have: a near miss of one of its keys (by index), or
    /// any text.
    Unknown(usize, Option<String>, Json),
    /// Leaves out the key that chose how the object is made.
    NoChoice,
    /// Adds a second choice key (by index), with the chosen one's value.
    TwoChoices(usize),
}

/// A hostile change to an object's keys.
pub fn tamper() -> S<Tamper> {
    prop_oneof![
        2 => any::<usize>().prop_map(Tamper::DropRequired),
        2 => (any::<usize>(), proptest::option::of(nasty_string()), any_json())
            .prop_map(|(i, text, value)| Tamper::Unknown(i, text, value)),
        1 => Just(Tamper::NoChoice),
        1 => any::<usize>().prop_map(Tamper::TwoChoices),
    ]
    .boxed()
}

impl Tamper {
    /// Applies the change to `entries`, an object of `keys` of which `required` must be
    /// given and exactly one of each of `choices`.
    pub fn apply(
        &self,
        entries: &mut Vec<Entry>,
        keys: &[String],
        required: &BTreeSet<String>,
        choices: &[BTreeSet<String>],
    ) {
        let choice_keys: Vec<&String> = choices.iter().flatten().collect();
        match self {
            Tamper::None => {}
            Tamper::DropRequired(i) => {
                let required: Vec<&String> = required.iter().collect();
                if !required.is_empty() {
                    let key = required[i % required.len()];
                    entries.retain(|e| &e.key != key);
                }
            }
            Tamper::Unknown(i, text, value) => {
                let key = match text {
                    Some(text) => text.clone(),
                    None if !keys.is_empty() => format!("{}s", keys[i % keys.len()]),
                    None => "unknown".to_owned(),
                };
                if entries.iter().all(|e| e.key != key) {
                    entries.push(Entry {
                        key,
                        value: Node::Json(value.clone()),
                        required: false,
                    });
                }
            }
            Tamper::NoChoice => entries.retain(|e| !choice_keys.contains(&&e.key)),
            Tamper::TwoChoices(i) => {
                let given = entries
                    .iter()
                    .find(|e| choice_keys.contains(&&e.key))
                    .cloned();
                let others: Vec<&&String> = choice_keys
                    .iter()
                    .filter(|k| given.as_ref().is_none_or(|g| &g.key != **k))
                    .collect();
                if let (Some(given), false) = (given, others.is_empty()) {
                    entries.push(Entry {
                        key: (*others[i % others.len()]).clone(),
                        ..given
                    });
                }
            }
        }
    }
}
