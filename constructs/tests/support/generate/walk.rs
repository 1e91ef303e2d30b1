//! The schema walker: the proptest strategy of the values a JSON Schema node describes.
//!
//! It reads `$ref`/`definitions`, `allOf`, `anyOf`/`oneOf`, `const`, `enum`, `type` (one or
//! several), objects (`properties`, `required`, `additionalProperties`, `propertyNames`,
//! `dependencies`, and a `oneOf` of `required` sets: exactly one of those keys), arrays
//! (`items`, a tuple of `items`, `minItems`, `maxItems`, `uniqueItems`), strings (`pattern`,
//! `minLength`, `maxLength`), integers and numbers (`minimum`, `maximum`,
//! `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`, `format`), `examples` (the literals
//! a valid value is taken from), and `x-construct-section` (a construct id: one of that
//! section's constructs). Keywords beside an `anyOf`/`oneOf`/`allOf` apply to the branch
//! taken (a `Prop<i64>` is `{"anyOf": [integer, intrinsic], "minimum": 1}`).
//!
//! At hostility 0 every value is valid under the schema. Above 0, each leaf (scalar, list,
//! object shape, reference, map key) is hostile with probability `h/20` (see
//! [`super::hostile`]).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value as Json};

use super::hostile;
use super::node::{Entry, IdRef, Node, Unresolved};
use crate::support::values::{S, hv};

/// How deep `$ref`s nest before the walker avoids branches that nest further (intrinsics
/// inside intrinsics).
const MAX_DEPTH: usize = 8;
/// Constructs (or map entries) per section at most; spares take the next index.
pub const MAX_ENTRIES: usize = 3;
/// Out of 8, how often an optional key is given.
const OPTIONAL_GIVEN: u32 = 3;
/// The keywords of a node that constrain whichever branch of its `anyOf`/`oneOf`/`allOf` is
/// taken.
const INHERITED: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "pattern",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "format",
    "propertyNames",
];

/// Strategies for the documents of one schema at one hostility.
pub struct Walker<'s> {
    root: &'s Json,
    h: u32,
    /// Each definition's strategy, by (name, depth).
    memo: RefCell<HashMap<(String, usize), S<Node>>>,
    /// The definitions' names (hostile construct ids borrow them).
    names: Vec<String>,
}

impl<'s> Walker<'s> {
    /// A walker of `root` (a schema with `definitions`) at hostility `h`.
    pub fn new(root: &'s Json, h: u32) -> Self {
        let names = root
            .get("definitions")
            .and_then(Json::as_object)
            .map(|d| d.keys().cloned().collect())
            .unwrap_or_default();
        Self {
            root,
            h,
            memo: RefCell::new(HashMap::new()),
            names,
        }
    }

    /// Whole documents: the root, and a spare construct for each section that references name.
    pub fn document(&self) -> S<Unresolved> {
        let root = self.node(self.root, 0);
        // Spares are valid whatever the document's hostility: they stand in for constructs
        // the document needs and did not give.
        let calm = Walker::new(self.root, 0);
        let spares: Vec<S<(String, (String, Node))>> = sections(self.root)
            .into_iter()
            .filter_map(|section| {
                let item = self
                    .root
                    .pointer(&format!("/properties/{section}/additionalProperties"))?;
                let key = format!("{}{MAX_ENTRIES}", ref_name(item)?);
                let value = calm.node(item, 1);
                Some(
                    value
                        .prop_map(move |node| (section.clone(), (key.clone(), node)))
                        .boxed(),
                )
            })
            .collect();
        (root, spares)
            .prop_map(|(root, spares)| Unresolved {
                root,
                spares: spares.into_iter().collect(),
            })
            .boxed()
    }

    fn node(&self, schema: &Json, depth: usize) -> S<Node> {
        self.node_with(schema, depth, &Map::new())
    }

    /// The strategy of `schema` with the constraints `inherited` from the nodes around it.
    fn node_with(&self, schema: &Json, depth: usize, inherited: &Map<String, Json>) -> S<Node> {
        let map = match schema {
            Json::Object(map) => map,
            Json::Bool(false) => panic!("the schema allows nothing here"),
            _ => return self.any(),
        };
        let mut schema = map.clone();
        for (key, value) in inherited {
            schema.entry(key.clone()).or_insert_with(|| value.clone());
        }
        if let Some(Json::String(target)) = schema.get("$ref") {
            return self.definition(target, depth);
        }
        if let Some(Json::Array(examples)) = schema.get("examples") {
            if !examples.is_empty() {
                let example = select(examples.clone()).prop_map(Node::Json);
                // Now and then an intrinsic stands for the example, where one may.
                let valid = match stand_in(&Json::Object(schema.clone())) {
                    Some(ty) => prop_oneof![8 => example, 1 => Just(Node::Param(ty))].boxed(),
                    None => example.boxed(),
                };
                return hv(self.h, valid, hostile::near(examples.clone(), &schema));
            }
        }
        let passed: Map<String, Json> = schema
            .iter()
            .filter(|(k, _)| INHERITED.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Some(Json::Array(all)) = schema.get("allOf") {
            return self.node_with(&merge(self.root, all), depth, &passed);
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(Json::Array(branches)) = schema.get(key) {
                if !is_choice(branches) {
                    return self.branches(branches, depth, &passed);
                }
            }
        }
        if let Some(value) = schema.get("const") {
            let valid = Just(Node::Json(value.clone())).boxed();
            return hv(self.h, valid, hostile::near(vec![value.clone()], &schema));
        }
        if let Some(Json::Array(values)) = schema.get("enum") {
            let valid = select(values.clone()).prop_map(Node::Json).boxed();
            return hv(self.h, valid, hostile::near(values.clone(), &schema));
        }
        if let Some(Json::String(section)) = schema.get("x-construct-section") {
            return self.id(section);
        }
        match schema.get("type") {
            Some(Json::Array(types)) => {
                let branches: Vec<(u32, S<Node>)> = types
                    .iter()
                    .map(|ty| {
                        let mut one = schema.clone();
                        one.insert("type".into(), ty.clone());
                        let weight = if ty == "null" { 1 } else { 6 };
                        (
                            weight,
                            self.node_with(&Json::Object(one), depth, &Map::new()),
                        )
                    })
                    .collect();
                proptest::strategy::Union::new_weighted(branches).boxed()
            }
            Some(Json::String(ty)) => match ty.as_str() {
                "object" => self.object(&schema, depth),
                "array" => self.array(&schema, depth),
                "string" => hv(self.h, strings(&schema), hostile::string(&schema)),
                "integer" => hv(self.h, integers(&schema), hostile::integer(&schema)),
                "number" => hv(self.h, numbers(&schema), hostile::number(&schema)),
                "boolean" => hv(
                    self.h,
                    any::<bool>().prop_map(|b| Node::Json(b.into())).boxed(),
                    hostile::wrong_type(),
                ),
                "null" => Just(Node::Json(Json::Null)).boxed(),
                other => panic!("the walker knows no type {other:?}"),
            },
            _ if schema.contains_key("properties") => self.object(&schema, depth),
            _ => self.any(),
        }
    }

    /// A definition, `#/definitions/NAME`.
    fn definition(&self, target: &str, depth: usize) -> S<Node> {
        let name = target
            .strip_prefix("#/definitions/")
            .unwrap_or_else(|| panic!("the walker follows #/definitions/ only, not {target}"));
        let key = (name.to_owned(), depth);
        if let Some(done) = self.memo.borrow().get(&key) {
            return done.clone();
        }
        let schema = self
            .root
            .pointer(&format!("/definitions/{name}"))
            .unwrap_or_else(|| panic!("no definition {name}"));
        let strategy = self.node(schema, depth + 1);
        self.memo.borrow_mut().insert(key, strategy.clone());
        strategy
    }

    /// One of `branches`: the `null` branch (an option given as null) seldom, an intrinsic in
    /// place of a literal seldom; beyond [`MAX_DEPTH`], only branches that nest no further.
    fn branches(&self, branches: &[Json], depth: usize, inherited: &Map<String, Json>) -> S<Node> {
        let shallow = |b: &&Json| !mentions_ref(b);
        let deep_ok = depth < MAX_DEPTH || !branches.iter().any(|b| shallow(&b));
        let stands_for = branches.iter().find_map(parameter_type);
        let mut weighted: Vec<(u32, S<Node>)> = Vec::new();
        for branch in branches {
            if !deep_ok && !shallow(&branch) {
                continue;
            }
            if is_intrinsic(branch) {
                if let Some(ty) = stands_for {
                    weighted.push((1, Just(Node::Param(ty)).boxed()));
                }
                if self.h > 0 {
                    weighted.push((1, self.node_with(branch, depth, inherited)));
                }
                continue;
            }
            let weight = if branch.get("type") == Some(&Json::from("null")) {
                1
            } else {
                8
            };
            weighted.push((weight, self.node_with(branch, depth, inherited)));
        }
        assert!(!weighted.is_empty(), "no branch to take in {branches:?}");
        proptest::strategy::Union::new_weighted(weighted).boxed()
    }

    /// A construct id of `section`.
    fn id(&self, section: &str) -> S<Node> {
        let section = section.to_owned();
        let valid = {
            let section = section.clone();
            any::<usize>()
                .prop_map(move |pick| {
                    Node::Id(IdRef {
                        section: section.clone(),
                        pick,
                        miss: None,
                    })
                })
                .boxed()
        };
        hv(self.h, valid, hostile::id(section, self.names.clone()))
    }

    /// An object: its properties (required ones, optional ones now and then, exactly one of
    /// each choice), or a map (`additionalProperties` with a schema), or free JSON.
    fn object(&self, schema: &Map<String, Json>, depth: usize) -> S<Node> {
        let properties = schema
            .get("properties")
            .and_then(Json::as_object)
            .cloned()
            .unwrap_or_default();
        let additional = schema.get("additionalProperties");
        if properties.is_empty() {
            return match additional {
                Some(Json::Bool(false)) => Just(Node::Map(Vec::new())).boxed(),
                Some(item @ Json::Object(_)) => self.map(item, schema.get("propertyNames"), depth),
                _ => self.any_map(),
            };
        }
        let required: BTreeSet<String> = strings_of(schema.get("required"));
        let choices: Vec<BTreeSet<String>> = match schema.get("oneOf") {
            Some(Json::Array(branches)) if is_choice(branches) => branches
                .iter()
                .map(|b| strings_of(b.get("required")))
                .collect(),
            _ => Vec::new(),
        };
        let dependencies: Vec<(String, Dependency)> = schema
            .get("dependencies")
            .and_then(Json::as_object)
            .map(|d| {
                d.iter()
                    .map(|(k, v)| (k.clone(), Dependency::of(v)))
                    .collect()
            })
            .unwrap_or_default();
        let always: BTreeSet<String> = required
            .iter()
            .chain(choices.iter().flatten())
            .chain(
                dependencies
                    .iter()
                    .flat_map(|(_, d)| match d {
                        Dependency::Needs(keys) => Some(keys),
                        Dependency::Excludes(_) | Dependency::Constrains(_) => None,
                    })
                    .flatten(),
            )
            .cloned()
            .collect();
        let keys: Vec<String> = properties.keys().cloned().collect();
        let values: Vec<S<(bool, Option<Node>)>> = properties
            .iter()
            .map(|(key, property)| {
                // A choice, or a key another needs, is given a value (a null one would read as
                // absent).
                let needed = dependencies
                    .iter()
                    .any(|(_, d)| matches!(d, Dependency::Needs(n) if n.contains(key)));
                let value = if needed || choices.iter().any(|c| c.contains(key)) {
                    self.node(&without_null(property), depth)
                } else {
                    self.node(property, depth)
                };
                let given = prop_oneof![
                    8 - OPTIONAL_GIVEN => Just(false),
                    OPTIONAL_GIVEN => Just(true),
                ];
                if always.contains(key) {
                    (given, value).prop_map(|(g, v)| (g, Some(v))).boxed()
                } else {
                    prop_oneof![
                        8 - OPTIONAL_GIVEN => Just((false, None)),
                        OPTIONAL_GIVEN => value.prop_map(|v| (true, Some(v))),
                    ]
                    .boxed()
                }
            })
            .collect();
        let shape = Arc::new(Shape {
            keys,
            required,
            choices,
            dependencies,
        });
        let tamper = if self.h == 0 {
            Just(hostile::Tamper::None).boxed()
        } else {
            hv(
                self.h,
                Just(hostile::Tamper::None).boxed(),
                hostile::tamper(),
            )
        };
        let choice = 0..shape.choices.len().max(1);
        let valid = (values, choice, tamper)
            .prop_map(move |(values, choice, tamper)| shape.assemble(values, choice, &tamper))
            .boxed();
        hv(self.h, valid, hostile::wrong_type())
    }

    /// A map whose values are `item`: construct ids `{Definition}{i}` for a section, keys
    /// matching `propertyNames` otherwise.
    fn map(&self, item: &Json, names: Option<&Json>, depth: usize) -> S<Node> {
        let value = self.node(item, depth);
        let pattern = names
            .and_then(|n| n.get("pattern"))
            .and_then(Json::as_str)
            .map(str::to_owned);
        let prefix = ref_name(item).map(str::to_owned);
        // `None`: the construct id `{prefix}{i}`.
        let keys: S<Option<String>> = match (&prefix, &pattern) {
            (Some(_), _) => Just(None).boxed(),
            (None, Some(p)) => regex(p).prop_map(Some).boxed(),
            (None, None) => "[A-Za-z][A-Za-z0-9]{0,8}".prop_map(Some).boxed(),
        };
        let key = hv(
            self.h,
            keys,
            hostile::key(self.names.clone()).prop_map(Some).boxed(),
        );
        proptest::collection::vec((key, value), 0..=MAX_ENTRIES)
            .prop_map(move |entries| {
                let mut out: Vec<Entry> = Vec::new();
                for (i, (key, value)) in entries.into_iter().enumerate() {
                    let key = key
                        .unwrap_or_else(|| format!("{}{i}", prefix.as_deref().unwrap_or_default()));
                    if out.iter().all(|e| e.key != key) {
                        out.push(Entry {
                            key,
                            value,
                            required: false,
                        });
                    }
                }
                Node::Map(out)
            })
            .boxed()
    }

    /// A list: `items` (one schema for every item, or one per position), with `minItems`,
    /// `maxItems` and `uniqueItems`.
    fn array(&self, schema: &Map<String, Json>, depth: usize) -> S<Node> {
        let min = count(schema, "minItems").unwrap_or(0);
        let max = count(schema, "maxItems")
            .unwrap_or(MAX_ENTRIES)
            .clamp(min, min + MAX_ENTRIES);
        let unique = schema.get("uniqueItems") == Some(&Json::Bool(true));
        let valid = match schema.get("items") {
            Some(Json::Array(tuple)) => {
                let items: Vec<S<Node>> = tuple.iter().map(|s| self.node(s, depth)).collect();
                items
                    .prop_map(move |items| Node::List { items, unique })
                    .boxed()
            }
            Some(item @ Json::Object(_)) => {
                proptest::collection::vec(self.node(item, depth), min..=max)
                    .prop_map(move |items| Node::List { items, unique })
                    .boxed()
            }
            _ => proptest::collection::vec(self.any(), min..=max)
                .prop_map(move |items| Node::List { items, unique })
                .boxed(),
        };
        hv(self.h, valid.clone(), hostile::list(valid, schema))
    }

    /// Any small JSON value (a schema of `true`).
    fn any(&self) -> S<Node> {
        let valid = any_json().prop_map(Node::Json).boxed();
        hv(self.h, valid, hostile::wrong_type())
    }

    /// A map of any small JSON values (under keys no intrinsic has).
    fn any_map(&self) -> S<Node> {
        proptest::collection::btree_map("[A-Z][A-Za-z0-9]{0,8}", any_json(), 0..3)
            .prop_map(|m| Node::Json(Json::Object(m.into_iter().collect())))
            .boxed()
    }
}

/// An object's keys and the rules on which are given.
struct Shape {
    keys: Vec<String>,
    required: BTreeSet<String>,
    /// Sets of keys of which exactly one is given.
    choices: Vec<BTreeSet<String>>,
    /// Key → what it needs (`dependencies`).
    dependencies: Vec<(String, Dependency)>,
}

/// What a given key needs of the others (a `dependencies` entry).
enum Dependency {
    /// These keys (a list; or the `required` of a schema, or of the first `anyOf` branch
    /// that requires keys, which satisfies the `anyOf`).
    Needs(BTreeSet<String>),
    /// None of these keys (`not` of `required`, or of an `anyOf` of `required`s).
    Excludes(BTreeSet<String>),
    /// Values of other keys (a schema's `properties`): a key whose dependency the generated
    /// values break is left out.
    Constrains(Vec<(String, Json)>),
}

impl Dependency {
    fn of(value: &Json) -> Self {
        if let Some(Json::Object(properties)) = value.get("properties") {
            return Dependency::Constrains(
                properties
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            );
        }
        if let Some(not) = value.get("not") {
            let mut keys = strings_of(not.get("required"));
            for branch in not
                .get("anyOf")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
            {
                keys.extend(strings_of(branch.get("required")));
            }
            return Dependency::Excludes(keys);
        }
        let mut keys = strings_of(Some(value));
        keys.extend(strings_of(value.get("required")));
        let branch = value
            .get("anyOf")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .map(|b| strings_of(b.get("required")))
            .find(|keys| !keys.is_empty());
        keys.extend(branch.unwrap_or_default());
        Dependency::Needs(keys)
    }
}

impl Shape {
    /// The object: required keys, optional keys drawn as given, choice `choice`'s keys and
    /// not the others', every dependency of a given key; then `tamper`ed.
    fn assemble(
        &self,
        values: Vec<(bool, Option<Node>)>,
        choice: usize,
        tamper: &hostile::Tamper,
    ) -> Node {
        let chosen = self.choices.get(choice).cloned().unwrap_or_default();
        let mut given: BTreeSet<&str> = self
            .keys
            .iter()
            .zip(&values)
            .filter(|(key, (drawn, _))| {
                self.required.contains(*key)
                    || chosen.contains(*key)
                    || (*drawn && !self.choices.iter().any(|c| c.contains(*key)))
            })
            .map(|(key, _)| key.as_str())
            .collect();
        let values_given: Vec<Option<Node>> = values.iter().map(|(_, v)| v.clone()).collect();
        // Keys the choice leaves out stay out: a key that needs one is left out instead.
        let excluded: BTreeSet<&str> = self
            .choices
            .iter()
            .flatten()
            .filter(|k| !chosen.contains(*k))
            .map(String::as_str)
            .collect();
        for _ in 0..=self.dependencies.len() {
            let before = given.clone();
            for (key, dependency) in &self.dependencies {
                if !given.contains(key.as_str()) {
                    continue;
                }
                match dependency {
                    Dependency::Constrains(values) => {
                        let breaks = values.iter().any(|(other, schema)| {
                            self.keys
                                .iter()
                                .zip(&values_given)
                                .find(|(k, _)| *k == other && given.contains(k.as_str()))
                                .and_then(|(_, value)| value.as_ref())
                                .is_some_and(|value| !satisfies(value, schema))
                        });
                        if breaks {
                            given.remove(key.as_str());
                        }
                    }
                    Dependency::Needs(needs)
                        if needs.iter().any(|n| excluded.contains(n.as_str())) =>
                    {
                        given.remove(key.as_str());
                    }
                    Dependency::Needs(needs) => given.extend(needs.iter().map(String::as_str)),
                    Dependency::Excludes(keys)
                        if keys.iter().any(|k| given.contains(k.as_str())) =>
                    {
                        given.remove(key.as_str());
                    }
                    Dependency::Excludes(_) => {}
                }
            }
            if given == before {
                break;
            }
        }
        let needed: BTreeSet<&str> = self
            .dependencies
            .iter()
            .filter(|(key, _)| given.contains(key.as_str()))
            .filter_map(|(_, dependency)| match dependency {
                Dependency::Needs(needs) => Some(needs),
                Dependency::Excludes(_) | Dependency::Constrains(_) => None,
            })
            .flatten()
            .map(String::as_str)
            .collect();
        let mut entries: Vec<Entry> = self
            .keys
            .iter()
            .zip(values)
            .filter(|(key, _)| given.contains(key.as_str()))
            .filter_map(|(key, (_, value))| {
                Some(Entry {
                    key: key.clone(),
                    value: value?,
                    // A key given because another needs it must stay: a reference in it is
                    // satisfied rather than left out.
                    required: self.required.contains(key)
                        || chosen.contains(key)
                        || needed.contains(key.as_str()),
                })
            })
            .collect();
        tamper.apply(&mut entries, &self.keys, &self.required, &self.choices);
        Node::Map(entries)
    }
}

/// Whether a generated value meets `schema`'s `const`, `enum` and `not` (the keywords a
/// dependency on another key's value uses); other keywords are not checked.
fn satisfies(value: &Node, schema: &Json) -> bool {
    let Node::Json(value) = value else {
        return true;
    };
    let constant = schema.get("const").is_none_or(|c| c == value);
    let listed = schema
        .get("enum")
        .and_then(Json::as_array)
        .is_none_or(|values| values.contains(value));
    let not = schema
        .get("not")
        .is_none_or(|not| !satisfies(&Node::Json(value.clone()), not));
    constant && listed && not
}

/// The construct sections: the top-level properties that `x-construct-section` names.
pub fn sections(root: &Json) -> BTreeSet<String> {
    fn walk(value: &Json, out: &mut BTreeSet<String>) {
        match value {
            Json::Object(map) => {
                if let Some(Json::String(section)) = map.get("x-construct-section") {
                    out.insert(section.clone());
                }
                map.values().for_each(|v| walk(v, out));
            }
            Json::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(root, &mut out);
    out
}

/// `NAME` of a `{"$ref": "#/definitions/NAME"}`.
pub fn ref_name(schema: &Json) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix("#/definitions/")
}

/// True for `{"$ref": "#/definitions/Expr"}`: an intrinsic in place of a literal.
fn is_intrinsic(schema: &Json) -> bool {
    ref_name(schema) == Some("Expr")
}

/// The CloudFormation parameter type whose `{ref: ...}` may stand for this branch's literal.
fn parameter_type(branch: &Json) -> Option<&'static str> {
    let ty = match branch.get("type")? {
        Json::String(ty) => ty.as_str(),
        Json::Array(types) => types.first()?.as_str()?,
        _ => return None,
    };
    match ty {
        "string" => Some("String"),
        "integer" | "number" => Some("Number"),
        "array" => Some("CommaDelimitedList"),
        _ => None,
    }
}

/// The parameter type whose `{ref: ...}` may stand for a value of `schema`: an `anyOf` (or an
/// option's `anyOf` inside one) of a literal and an intrinsic.
fn stand_in(schema: &Json) -> Option<&'static str> {
    let branches = schema.get("anyOf")?.as_array()?;
    if branches.iter().any(is_intrinsic) {
        return branches.iter().find_map(parameter_type);
    }
    branches.iter().find_map(|b| {
        let inner = b.get("anyOf")?.as_array()?;
        inner
            .iter()
            .any(is_intrinsic)
            .then(|| inner.iter().find_map(parameter_type))?
    })
}

/// True when every branch only requires keys (and forbids them null): a choice of which
/// keys an object gives.
pub fn is_choice(branches: &[Json]) -> bool {
    let not_null = serde_json::json!({"not": {"type": "null"}});
    !branches.is_empty()
        && branches.iter().all(|b| {
            b.as_object().is_some_and(|m| {
                m.contains_key("required")
                    && m.iter().all(|(k, v)| {
                        k == "required"
                            || (k == "properties"
                                && v.as_object()
                                    .is_some_and(|p| p.values().all(|s| s == &not_null)))
                    })
            })
        })
}

/// `schema` without its `null` branch or type.
fn without_null(schema: &Json) -> Json {
    let mut schema = schema.clone();
    if let Some(map) = schema.as_object_mut() {
        for key in ["anyOf", "oneOf"] {
            if let Some(Json::Array(branches)) = map.get_mut(key) {
                branches.retain(|b| b.get("type") != Some(&Json::from("null")));
            }
        }
        if let Some(Json::Array(types)) = map.get_mut("type") {
            types.retain(|t| t != "null");
        }
    }
    schema
}

fn mentions_ref(schema: &Json) -> bool {
    match schema {
        Json::Object(map) => map.contains_key("$ref") || map.values().any(mentions_ref),
        Json::Array(items) => items.iter().any(mentions_ref),
        _ => false,
    }
}

/// The members of an `allOf`, each dereferenced, merged into one schema.
fn merge(root: &Json, all: &[Json]) -> Json {
    let mut out = Map::new();
    for member in all {
        let member = match ref_name(member) {
            Some(name) => root
                .pointer(&format!("/definitions/{name}"))
                .unwrap_or_else(|| panic!("no definition {name}")),
            None => member,
        };
        for (key, value) in member.as_object().into_iter().flatten() {
            match (out.get_mut(key), value) {
                (Some(Json::Object(a)), Json::Object(b)) if key == "properties" => {
                    a.extend(b.clone());
                }
                (Some(Json::Array(a)), Json::Array(b)) if key == "required" => {
                    a.extend(b.clone());
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
    }
    Json::Object(out)
}

fn strings_of(value: Option<&Json>) -> BTreeSet<String> {
    value
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn count(schema: &Map<String, Json>, key: &str) -> Option<usize> {
    schema
        .get(key)
        .and_then(Json::as_u64)
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
}

/// A strategy of strings matching `pattern` (anchors dropped: the generator writes whole
/// strings). Patterns must be ones proptest can generate from.
pub fn regex(pattern: &str) -> S<String> {
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let body = match body.strip_suffix('$') {
        Some(inner) if !inner.ends_with('\\') => inner,
        _ => body,
    };
    proptest::string::string_regex(body)
        .unwrap_or_else(|e| panic!("the walker cannot generate from pattern {pattern:?}: {e}"))
        .boxed()
}

/// Valid strings: matching `pattern`, or short identifiers within `minLength`/`maxLength`.
fn strings(schema: &Map<String, Json>) -> S<Node> {
    let text = match schema.get("pattern").and_then(Json::as_str) {
        Some(pattern) => regex(pattern),
        None => {
            let min = count(schema, "minLength").unwrap_or(1).max(1);
            let max = count(schema, "maxLength").unwrap_or(16).clamp(min, 64);
            regex(&format!("[a-z][a-z0-9_]{{{},{}}}", min - 1, max - 1))
        }
    };
    text.prop_map(|s| Node::Json(Json::String(s))).boxed()
}

/// The inclusive bounds an integer or number node gives, with `default` where it gives none.
pub fn bounds(schema: &Map<String, Json>, default: (f64, f64), step: f64) -> (f64, f64) {
    let get = |key: &str| schema.get(key).and_then(Json::as_f64);
    let floor = match schema.get("format").and_then(Json::as_str) {
        Some(f) if f.starts_with("uint") => Some(0.0),
        _ => None,
    };
    let lo = get("minimum")
        .or_else(|| get("exclusiveMinimum").map(|m| m + step))
        .or(floor)
        .unwrap_or(default.0);
    let hi = get("maximum")
        .or_else(|| get("exclusiveMaximum").map(|m| m - step))
        .unwrap_or(default.1.max(lo + 1000.0 * step).min(lo + 1e6));
    (lo, hi.max(lo))
}

/// Valid integers: the bounds, their neighbours, and any between; multiples of `multipleOf`.
fn integers(schema: &Map<String, Json>) -> S<Node> {
    let (lo, hi) = bounds(schema, (0.0, 1000.0), 1.0);
    let step = schema
        .get("multipleOf")
        .and_then(Json::as_i64)
        .unwrap_or(1)
        .max(1);
    // Bounds as multiples of the step.
    let (lo, hi) = (lo as i64, hi as i64);
    let (first, last) = (
        lo.div_euclid(step) + i64::from(lo.rem_euclid(step) != 0),
        hi.div_euclid(step),
    );
    let (first, last) = (first, last.max(first));
    let edges = vec![first, last, (first + 1).min(last), (last - 1).max(first)];
    prop_oneof![
        2 => select(edges),
        3 => first..=last,
    ]
    .prop_map(move |k| Node::Json(Json::from(k * step)))
    .boxed()
}

/// Valid numbers: the bounds and any between.
fn numbers(schema: &Map<String, Json>) -> S<Node> {
    let (lo, hi) = bounds(schema, (-1e6, 1e6), 1e-3);
    let number =
        |f: f64| Node::Json(serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number));
    prop_oneof![
        1 => select(vec![lo, hi]).prop_map(number),
        3 => (lo..=hi).prop_map(number),
    ]
    .boxed()
}

/// Small JSON values of any type.
pub fn any_json() -> S<Json> {
    let scalar = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        (-1000i64..1000).prop_map(Json::from),
        "[a-z0-9 ]{0,12}".prop_map(Json::String),
    ];
    prop_oneof![
        3 => scalar.clone(),
        1 => proptest::collection::vec(scalar.clone(), 0..3).prop_map(Json::Array),
        1 => proptest::collection::btree_map("[A-Z][a-z]{0,5}", scalar, 0..3)
            .prop_map(|m| Json::Object(m.into_iter().collect())),
    ]
    .boxed()
}
