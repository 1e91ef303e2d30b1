//! Property values: literals as they are, intrinsics resolved against the file's parameters
//! and constructs.

use super::{At, Builder};
use crate::props::expr::{AnyValue, Expr, SubArg};
use crate::config::suggest::did_you_mean;
use crate::config::value::{ListVal, Val};
use crate::props::Literal;
use crate::intrinsic::{Intrinsic, Pseudo};
use crate::value::Value;

/// Pseudo parameters by name.
const PSEUDO: [Pseudo; 7] = [
    Pseudo::Region,
    Pseudo::AccountId,
    Pseudo::Partition,
    Pseudo::UrlSuffix,
    Pseudo::StackName,
    Pseudo::StackId,
    Pseudo::NoValue,
];

impl Builder<'_> {
    /// The value of a typed property.
    pub(crate) fn val<T: Literal>(&mut self, at: At<'_>, property: &str, val: &Val<T>) -> Value {
        match val {
            Val::Literal(t) => t.to_value(),
            Val::Expr(e) => self.expr(at, property, e),
        }
    }

    /// The value of an optional typed property.
    pub(crate) fn opt<T: Literal>(
        &mut self,
        at: At<'_>,
        property: &str,
        val: Option<&Val<T>>,
    ) -> Option<Value> {
        val.map(|v| self.val(at, property, v))
    }

    /// The values of a list property.
    pub(crate) fn vals<T: Literal>(
        &mut self,
        at: At<'_>,
        property: &str,
        vals: &[Val<T>],
    ) -> Vec<Value> {
        vals.iter().map(|v| self.val(at, property, v)).collect()
    }

    /// A list given item by item or whole.
    pub(crate) fn list<T: Literal>(
        &mut self,
        at: At<'_>,
        property: &str,
        list: &ListVal<T>,
    ) -> Value {
        match list {
            ListVal::Items(items) => Value::List(self.vals(at, property, items)),
            ListVal::Expr(e) => self.expr(at, property, e),
        }
    }

    /// Any value.
    pub(crate) fn any(&mut self, at: At<'_>, property: &str, value: &AnyValue) -> Value {
        match value {
            AnyValue::Null => Value::no_value(),
            AnyValue::Bool(b) => Value::Bool(*b),
            AnyValue::Int(i) => Value::Int(*i),
            AnyValue::Float(f) => Value::Float(*f),
            AnyValue::String(s) => Value::String(s.clone()),
            AnyValue::List(items) => {
                Value::List(items.iter().map(|v| self.any(at, property, v)).collect())
            }
            AnyValue::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), self.any(at, property, v)))
                    .collect(),
            ),
            AnyValue::Expr(e) => self.expr(at, property, e),
        }
    }

    /// An intrinsic. Unknown names are recorded and stand as `AWS::NoValue`, so building goes
    /// on and reports every problem.
    pub(crate) fn expr(&mut self, at: At<'_>, property: &str, expr: &Expr) -> Value {
        match expr {
            Expr::Ref(name) => self.reference(at, property, name),
            Expr::GetAtt(target) => self.attribute(at, property, target),
            Expr::Sub(SubArg::Template(template)) => Value::sub(template.clone()),
            Expr::Sub(SubArg::WithVariables(template, variables)) => Value::sub_with(
                template.clone(),
                variables
                    .iter()
                    .map(|(k, v)| (k.clone(), self.any(at, property, v)))
                    .collect(),
            ),
            Expr::Join((delimiter, parts)) => Value::join(
                delimiter.clone(),
                parts.iter().map(|p| self.any(at, property, p)).collect(),
            ),
            Expr::Select((index, list)) => {
                Intrinsic::Select(*index, self.any(at, property, list)).into()
            }
            Expr::Split((delimiter, text)) => {
                Intrinsic::Split(delimiter.clone(), self.any(at, property, text)).into()
            }
            Expr::ImportValue(name) => Intrinsic::ImportValue(self.any(at, property, name)).into(),
            Expr::GetAzs(region) => Intrinsic::GetAZs(self.any(at, property, region)).into(),
            Expr::Base64(text) => Intrinsic::Base64(self.any(at, property, text)).into(),
            Expr::Cidr((block, count, bits)) => {
                Intrinsic::Cidr(self.any(at, property, block), *count, *bits).into()
            }
        }
    }

    /// `{ref: Name}`: a parameter of the file or a pseudo parameter.
    fn reference(&mut self, at: At<'_>, property: &str, name: &str) -> Value {
        if let Some(pseudo) = PSEUDO.into_iter().find(|p| p.name() == name) {
            return Value::pseudo(pseudo);
        }
        if self.config.parameters.contains_key(name) {
            return Intrinsic::Ref(name.to_owned()).into();
        }
        let value = Some(format!("{name:?}"));
        if let Some(kind) = self.order.get(name).copied() {
            let attributes: Vec<String> = kind
                .attributes()
                .iter()
                .map(|a| format!("`{{get_att: {name}.{a}}}`"))
                .collect();
            self.error(
                at,
                property,
                value,
                format!(
                    "`{name}` is a construct (declared in `{}`), not a parameter",
                    kind.section()
                ),
                format!("read one of its attributes: {}", attributes.join(", ")),
            );
            return Value::no_value();
        }
        let candidates: Vec<&str> = self
            .config
            .parameters
            .keys()
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
        self.error(at, property, value, problem, fix);
        Value::no_value()
    }

    /// `{get_att: Construct.attribute}`.
    fn attribute(&mut self, at: At<'_>, property: &str, target: &str) -> Value {
        let value = Some(format!("{target:?}"));
        let Some((id, attribute)) = target.split_once('.') else {
            self.error(
                at,
                property,
                value,
                format!("`{target}` is not `Construct.attribute`"),
                "name a construct of this file and one of its attributes, e.g. Detector.function_arn",
            );
            return Value::no_value();
        };
        let Some(kind) = self.order.get(id).copied() else {
            let ids: Vec<&str> = self.order.keys().map(String::as_str).collect();
            let hint = did_you_mean(id, ids.iter().copied());
            self.error(
                at,
                property,
                value,
                format!("`{id}` is not the id of a construct of this file"),
                if hint.is_empty() {
                    format!("use one of {}", crate::config::de::list(&ids))
                } else {
                    hint
                },
            );
            return Value::no_value();
        };
        if !kind.attributes().contains(&attribute) {
            let hint = did_you_mean(attribute, kind.attributes().iter().copied());
            self.error(
                at,
                property,
                value,
                format!("{} `{id}` has no attribute `{attribute}`", kind.name()),
                if hint.is_empty() {
                    format!("use one of {}", crate::config::de::list(kind.attributes()))
                } else {
                    hint
                },
            );
            return Value::no_value();
        }
        if self.failed.contains(id) {
            return Value::no_value();
        }
        if self.building.contains(id) && !self.handles.contains_key(id) {
            self.error(
                at,
                property,
                value,
                format!(
                    "`{id}` depends on `{}`, which reads its attribute: a cycle",
                    at.id
                ),
                "break the cycle: a construct cannot read an attribute of what depends on it",
            );
            return Value::no_value();
        }
        self.ensure(id)
            .and_then(|handle| handle.attribute(attribute))
            .unwrap_or_else(Value::no_value)
    }
}
