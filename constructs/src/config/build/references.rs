//! What a file's values refer to, resolved while its entries are read: `{ref: Name}`,
//! `{get_att: Construct.attribute}` and construct ids. Every problem is recorded with the
//! nearest valid name; the value then stands as `AWS::NoValue` (a reference) or the
//! construct is not built (a construct id), so reading goes on and reports everything.

use std::any::Any;

use super::{At, FileBuilder};
use crate::config::de::list;
use crate::config::refs::{AnyHandle, Kind};
use crate::config::suggest::did_you_mean;
use crate::intrinsic::Intrinsic;
use crate::props::resolve::{FileResolver, PSEUDO, Unresolved};
use crate::rules::stack_file::{
    REF_TO_CONSTRUCT, REFERENCE_CYCLE, UNKNOWN_ATTRIBUTE, UNKNOWN_CONSTRUCT, UNKNOWN_PARAMETER,
    WRONG_KIND,
};
use crate::value::Value;

impl FileResolver for FileBuilder {
    fn reference(&self, property: &str, name: &str) -> Value {
        if let Some(pseudo) = PSEUDO.into_iter().find(|p| p.name() == name) {
            return Value::pseudo(pseudo);
        }
        if self.parameters.iter().any(|p| p == name) {
            return Intrinsic::Ref(name.to_owned()).into();
        }
        let (kind, id) = self.at();
        let at = At { kind, id: &id };
        let value = Some(format!("{name:?}"));
        if let Some(construct) = self.order.get(name).copied() {
            let attributes: Vec<String> = construct
                .attributes()
                .iter()
                .map(|a| format!("`{{get_att: {name}.{a}}}`"))
                .collect();
            self.error(
                &REF_TO_CONSTRUCT,
                at,
                property,
                value,
                format!(
                    "`{name}` is a construct (declared in `{}`), not a parameter",
                    construct.section()
                ),
                format!("read one of its attributes: {}", attributes.join(", ")),
            );
            return Value::no_value();
        }
        let candidates: Vec<&str> = self
            .parameters
            .iter()
            .map(String::as_str)
            .chain(PSEUDO.iter().map(|p| p.name()))
            .collect();
        let hint = did_you_mean(name, candidates.iter().copied());
        let problem = if name.starts_with("AWS::") {
            format!("`{name}` is not a pseudo parameter")
        } else {
            format!("`{name}` is not a parameter of this file")
        };
        let fix = if hint.is_empty() {
            format!(
                "declare `{name}` under `parameters`, or refer to a pseudo parameter such as AWS::Region"
            )
        } else {
            hint
        };
        self.error(&UNKNOWN_PARAMETER, at, property, value, problem, fix);
        Value::no_value()
    }

    fn attribute(&self, property: &str, target: &str) -> Value {
        let (kind, reader) = self.at();
        let at = At { kind, id: &reader };
        let value = Some(format!("{target:?}"));
        let Some((id, attribute)) = target.split_once('.') else {
            self.error(
                &UNKNOWN_ATTRIBUTE,
                at,
                property,
                value,
                format!("`{target}` is not `Construct.attribute`"),
                "name a construct of this file and one of its attributes, e.g. Detector.function_arn",
            );
            return Value::no_value();
        };
        let Some(construct) = self.order.get(id).copied() else {
            let ids: Vec<&str> = self.order.keys().map(String::as_str).collect();
            let hint = did_you_mean(id, ids.iter().copied());
            self.error(
                &UNKNOWN_CONSTRUCT,
                at,
                property,
                value,
                format!("`{id}` is not the id of a construct of this file"),
                if !hint.is_empty() {
                    hint
                } else if ids.is_empty() {
                    "declare the construct in its section, or remove the reference".to_owned()
                } else {
                    format!("use one of {}", list(&ids))
                },
            );
            return Value::no_value();
        };
        if !construct.attributes().contains(&attribute) {
            let hint = did_you_mean(attribute, construct.attributes().iter().copied());
            self.error(
                &UNKNOWN_ATTRIBUTE,
                at,
                property,
                value,
                format!("{} `{id}` has no attribute `{attribute}`", construct.name()),
                if hint.is_empty() {
                    format!("use one of {}", list(construct.attributes()))
                } else {
                    hint
                },
            );
            return Value::no_value();
        }
        if self.state.borrow().failed.contains(id) {
            return Value::no_value();
        }
        if self.state.borrow().is_reading(id) {
            self.error(
                &REFERENCE_CYCLE,
                at,
                property,
                value,
                format!("`{id}` depends on `{reader}`, which reads its attribute: a cycle"),
                "break the cycle: a construct cannot read an attribute of what depends on it",
            );
            return Value::no_value();
        }
        self.ensure(id)
            .and_then(|handle| handle.attribute(attribute))
            .unwrap_or_else(Value::no_value)
    }

    fn construct(
        &self,
        property: &str,
        kind: &'static str,
        target: &str,
    ) -> Result<Box<dyn Any>, Unresolved> {
        let (reader_kind, reader) = self.at();
        let at = At {
            kind: reader_kind,
            id: &reader,
        };
        let property = reference_property(property);
        let value = Some(format!("{target:?}"));
        let expected = Kind::ALL.into_iter().find(|k| k.name() == kind);
        let Some(expected) = expected else {
            return Err(Unresolved::Message(format!(
                "`{kind}` is not a construct kind"
            )));
        };
        let Some(found) = self.order.get(target).copied() else {
            let same_kind: Vec<&str> = self
                .order
                .iter()
                .filter(|(_, k)| **k == expected)
                .map(|(id, _)| id.as_str())
                .collect();
            let hint = did_you_mean(target, same_kind.iter().copied());
            let fix = if !hint.is_empty() {
                hint
            } else if same_kind.is_empty() {
                format!(
                    "declare a {} under `{}`",
                    expected.name(),
                    expected.section()
                )
            } else {
                format!("use one of {}", list(&same_kind))
            };
            self.error(
                &UNKNOWN_CONSTRUCT,
                at,
                &property,
                value,
                format!("`{target}` is not the id of a construct of this file"),
                fix,
            );
            return self.unresolved(expected, target);
        };
        if found != expected {
            self.error(
                &WRONG_KIND,
                at,
                &property,
                value,
                format!(
                    "`{target}` is declared in `{}`, but `{property}` takes the id of a {} (declared in `{}`)",
                    found.section(),
                    expected.name(),
                    expected.section()
                ),
                format!("refer to a construct of `{}`", expected.section()),
            );
            return self.unresolved(expected, target);
        }
        if self.state.borrow().failed.contains(target) {
            return self.unresolved(expected, target);
        }
        if self.state.borrow().is_reading(target) {
            self.error(
                &REFERENCE_CYCLE,
                at,
                &property,
                value,
                format!("`{target}` refers back to `{reader}`, a cycle"),
                "break the cycle: a construct cannot depend on what depends on it",
            );
            return self.unresolved(expected, target);
        }
        match self.ensure(target) {
            Some(handle) => Ok(handle.into_any()),
            None => self.unresolved(expected, target),
        }
    }
}

impl FileBuilder {
    /// A construct reference that did not resolve (its problem is recorded): refused, or,
    /// while the entry is read again for its remaining problems, a stand-in.
    fn unresolved(&self, kind: Kind, target: &str) -> Result<Box<dyn Any>, Unresolved> {
        let mut state = self.state.borrow_mut();
        state.unresolved = true;
        if state.stand_ins {
            Ok(AnyHandle::stand_in(kind, target).into_any())
        } else {
            Err(Unresolved::Reported)
        }
    }
}

/// The property a construct reference is reported on: the key it is written under, without
/// the list index or the choice it is the argument of (`sources[1]` is `sources`,
/// `auth.scram_512` is `auth`, `on_failure.queue` is `on_failure`), as the Rust builder
/// method that takes it is named.
fn reference_property(path: &str) -> String {
    let path = path.split('[').next().unwrap_or(path);
    match path.split_once('.') {
        Some((first, _))
            if [
                "auth",
                "on_failure",
                "scorer",
                "msk",
                "confluent",
                "self_managed",
            ]
            .contains(&first) =>
        {
            match first {
                "confluent" | "msk" | "self_managed" => {
                    path.rsplit('.').next().unwrap_or(path).to_owned()
                }
                _ => first.to_owned(),
            }
        }
        _ => path.to_owned(),
    }
}
