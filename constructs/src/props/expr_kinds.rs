//! What a stack file's intrinsics give and take: text or a list. CloudFormation types the
//! arguments of its functions (`Fn::Select` picks from a list, `Fn::Split` splits text) and
//! their results (a list never fills a property that takes one value); a literal of the other
//! kind fails at deploy time, so the file's reader refuses it.

use super::expr::{AnyValue, Expr, SubArg};

/// What an intrinsic gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gives {
    /// One value (text, or a number CloudFormation reads from text).
    Text,
    /// A list.
    List,
    /// Either, depending on what it names (a parameter, an attribute, a selected item).
    Either,
}

impl Expr {
    /// What the intrinsic gives.
    pub(crate) fn gives(&self) -> Gives {
        match self {
            Expr::Ref(_) | Expr::GetAtt(_) | Expr::Select(_) => Gives::Either,
            Expr::Split(_) | Expr::GetAzs(_) | Expr::Cidr(_) => Gives::List,
            Expr::Sub(_) | Expr::Join(_) | Expr::ImportValue(_) | Expr::Base64(_) => Gives::Text,
        }
    }

    /// True for the intrinsics that build text (`sub`, `join`, `base64`): their result is
    /// never a number or a boolean.
    pub(crate) fn builds_text(&self) -> bool {
        matches!(self, Expr::Sub(_) | Expr::Join(_) | Expr::Base64(_))
    }

    /// Why the intrinsic's arguments are of the wrong kind, if they are.
    pub(crate) fn argument_problem(&self) -> Option<String> {
        let text = |name: &str, v: &AnyValue| {
            (!v.is_text()).then(|| format!("`{name}` takes text (or an intrinsic giving text)"))
        };
        match self {
            Expr::Ref(_) | Expr::GetAtt(_) => None,
            Expr::Sub(SubArg::Template(_)) => None,
            Expr::Sub(SubArg::WithVariables(template, variables)) => {
                variables.iter().find_map(|(name, value)| {
                    if !template.contains(&format!("${{{name}}}")) {
                        Some(format!(
                            "`sub` variable `{name}` is not used in its template"
                        ))
                    } else {
                        text("sub", value).map(|p| format!("{p} for variable `{name}`"))
                    }
                })
            }
            Expr::Join((_, parts)) => parts.iter().find_map(|part| text("join", part)),
            Expr::Select((index, list)) => match list {
                AnyValue::List(items) if *index as usize >= items.len() => Some(format!(
                    "`select` index {index} is past the end of its {}-item list",
                    items.len()
                )),
                _ if !list.is_list() => {
                    Some("`select` takes a list (or an intrinsic giving one)".to_owned())
                }
                _ => None,
            },
            Expr::Split((_, source)) => text("split", source),
            Expr::ImportValue(name) => text("import_value", name),
            Expr::GetAzs(region) => text("get_azs", region),
            Expr::Base64(source) => text("base64", source),
            Expr::Cidr((block, _, _)) => text("cidr", block),
        }
    }
}

impl AnyValue {
    /// True for text, or an intrinsic that may give it.
    fn is_text(&self) -> bool {
        match self {
            AnyValue::String(_) => true,
            AnyValue::Expr(e) => e.gives() != Gives::List,
            _ => false,
        }
    }

    /// True for a list, or an intrinsic that may give one.
    fn is_list(&self) -> bool {
        match self {
            AnyValue::List(_) => true,
            AnyValue::Expr(e) => e.gives() != Gives::Text,
            _ => false,
        }
    }
}
