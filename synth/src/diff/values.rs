//! Template values as both sides hold them (JSON trees): when two count as the same, which
//! leaves differ, and how a value is shown in one line.
//!
//! CloudFormation hands resource handlers strings for scalars, so `5`, `5.0` and `"5"`, or
//! `true` and `"true"`, deploy the same: a YAML template that wrote `BatchSize: '100'` is not a
//! change from JSON's `100`. Intrinsic functions (`{"Ref": …}`, `{"Fn::…": …}`,
//! `{"Condition": …}`) are compared and shown as one value.

use std::fmt;

use serde_json::{Map, Value as Json};

/// One step into a value: a map key or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A key of a map.
    Key(String),
    /// A position in a list.
    Index(usize),
}

/// Where a leaf sits below a resource's `Properties` (or in a section entry).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path(pub Vec<Step>);

impl Path {
    /// This path, one step further.
    pub fn join(&self, step: Step) -> Path {
        let mut steps = self.0.clone();
        steps.push(step);
        Path(steps)
    }
}

impl fmt::Display for Path {
    /// `A.B[0].C`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(key) if i == 0 => write!(f, "{key}")?,
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// A leaf that differs: absent on one side when it was added or removed.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    /// Where it is.
    pub path: Path,
    /// The deployed value.
    pub old: Option<Json>,
    /// What synth makes now.
    pub new: Option<Json>,
}

/// The single key of an intrinsic function call, when `map` is one.
pub fn intrinsic(map: &Map<String, Json>) -> Option<&str> {
    let mut keys = map.keys();
    match (keys.next(), keys.next()) {
        (Some(key), None) if key == "Ref" || key == "Condition" || key.starts_with("Fn::") => {
            Some(key.as_str())
        }
        _ => None,
    }
}

/// True when CloudFormation deploys `a` and `b` the same (see the module documentation).
pub fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Null, Json::Null) => true,
        (Json::Array(a), Json::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Json::Object(a), Json::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        _ => match (scalar_text(a), scalar_text(b)) {
            (Some(x), Some(y)) => {
                x == y || matches!((x.parse::<f64>(), y.parse::<f64>()), (Ok(p), Ok(q)) if p == q)
            }
            _ => false,
        },
    }
}

/// A scalar as the string CloudFormation passes on.
fn scalar_text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Same as [`same`] for values that may be absent.
pub fn same_opt(a: Option<&Json>, b: Option<&Json>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same(a, b),
        _ => false,
    }
}

/// The leaves where `old` and `new` differ, below `path`, in document order (the deployed
/// side's keys first, then keys only synth makes now). Maps are walked key by key and lists
/// of equal length item by item; a list that grew or shrank is one leaf.
pub fn leaves(old: Option<&Json>, new: Option<&Json>, path: &Path, out: &mut Vec<Leaf>) {
    match (old, new) {
        (Some(Json::Object(a)), Some(Json::Object(b)))
            if intrinsic(a).is_none() && intrinsic(b).is_none() =>
        {
            for (key, value) in a {
                leaves(
                    Some(value),
                    b.get(key),
                    &path.join(Step::Key(key.clone())),
                    out,
                );
            }
            for (key, value) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                leaves(None, Some(value), &path.join(Step::Key(key.clone())), out);
            }
        }
        (Some(Json::Array(a)), Some(Json::Array(b))) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                leaves(Some(x), Some(y), &path.join(Step::Index(i)), out);
            }
        }
        _ if same_opt(old, new) => {}
        _ => out.push(Leaf {
            path: path.clone(),
            old: old.cloned(),
            new: new.cloned(),
        }),
    }
}

/// The values at `pattern` below `value`: `/`-separated keys, `*` for every item of a list
/// (the form of the create-only table). Several when a `*` fans out; none when absent. An
/// intrinsic function on the way stands for the whole sub-tree it computes, so it is the value.
pub fn select<'a>(value: &'a Json, pattern: &str) -> Vec<&'a Json> {
    let mut current = vec![value];
    for part in pattern.split('/') {
        current = current
            .into_iter()
            .flat_map(|v| match (part, v) {
                (_, Json::Object(map)) if intrinsic(map).is_some() => vec![v],
                ("*", Json::Array(items)) => items.iter().collect::<Vec<_>>(),
                (key, Json::Object(map)) => map.get(key).into_iter().collect(),
                _ => Vec::new(),
            })
            .collect();
    }
    current
}

/// True when the values at `pattern` differ between `old` and `new` (a value that appears or
/// disappears counts; a parameter reference is compared, not resolved).
pub fn differs_at(old: &Json, new: &Json, pattern: &str) -> bool {
    let (a, b) = (select(old, pattern), select(new, pattern));
    a.len() != b.len() || a.iter().zip(&b).any(|(x, y)| !same(x, y))
}

/// True when `path` lies at or below `pattern` (`*` matches any list index).
pub fn under(path: &Path, pattern: &str) -> bool {
    let parts: Vec<&str> = pattern.split('/').collect();
    parts.len() <= path.0.len()
        && parts.iter().zip(&path.0).all(|(part, step)| match step {
            Step::Key(key) => key == part,
            Step::Index(_) => *part == "*",
        })
}

/// `value` in one line: JSON, with intrinsic functions in their short YAML form (`!Ref Topic`,
/// `!GetAtt Queue.Arn`, `!Sub "…"`).
pub fn show(value: &Json) -> String {
    let mut out = String::new();
    write_short(value, &mut out);
    out
}

fn write_short(value: &Json, out: &mut String) {
    match value {
        Json::Object(map) if intrinsic(map).is_some() => {
            let Some((key, arg)) = map.iter().next() else {
                return;
            };
            let name = key.strip_prefix("Fn::").unwrap_or(key);
            out.push('!');
            out.push_str(name);
            out.push(' ');
            match (key.as_str(), arg) {
                ("Fn::GetAtt", Json::Array(parts)) if parts.iter().all(Json::is_string) => {
                    let parts: Vec<&str> = parts.iter().filter_map(Json::as_str).collect();
                    out.push_str(&parts.join("."));
                }
                ("Ref" | "Condition", Json::String(name)) => out.push_str(name),
                _ => write_short(arg, out),
            }
        }
        Json::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&Json::String(key.clone()).to_string());
                out.push_str(": ");
                write_short(item, out);
            }
            out.push('}');
        }
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_short(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// Longest value shown whole; longer ones are cut around their first difference.
const WIDE: usize = 100;
/// Characters kept before the first difference of a cut value.
const BEFORE: usize = 40;

/// `old -> new` for a changed leaf (`(none)` for an absent side). Long values are cut to the
/// part around their first difference, so a one-field change in a long JSON string is seen.
pub fn show_change(old: Option<&Json>, new: Option<&Json>) -> String {
    let text = |v: Option<&Json>| v.map_or_else(|| "(none)".to_owned(), show);
    let (a, b) = (text(old), text(new));
    if a.chars().count() <= WIDE && b.chars().count() <= WIDE {
        return format!("{a} -> {b}");
    }
    let first = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let start = word_start(&a, first.saturating_sub(BEFORE));
    format!("{} -> {}", cut(&a, start), cut(&b, start))
}

/// `start`, moved back to just after a space when one is a few characters before it, so a cut
/// value starts with a whole word.
fn word_start(text: &str, start: usize) -> usize {
    const LOOK_BACK: usize = 16;
    let chars: Vec<char> = text.chars().collect();
    (start.saturating_sub(LOOK_BACK)..start)
        .rev()
        .find(|&i| chars.get(i) == Some(&' '))
        .map_or(start, |i| i + 1)
}

/// `WIDE` characters of `text` from character `start`, with `…` where it was cut.
fn cut(text: &str, start: usize) -> String {
    let total = text.chars().count();
    let mut out: String = text.chars().skip(start).take(WIDE).collect();
    if start > 0 {
        out.insert(0, '…');
    }
    if start + WIDE < total {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn scalars_compare_as_cloudformation_passes_them() {
        assert!(same(&json!(100), &json!("100")));
        assert!(same(&json!(1), &json!(1.0)));
        assert!(same(&json!(true), &json!("true")));
        assert!(!same(&json!(100), &json!(1000)));
        assert!(!same(&json!({"Ref": "A"}), &json!("A")));
        assert!(same(&json!({"a": [1, "x"]}), &json!({"a": ["1", "x"]})));
    }

    #[test]
    fn leaves_walk_maps_and_equal_lists() {
        let old = json!({"A": 1, "B": {"C": [1, 2], "D": {"Ref": "X"}}, "E": [1]});
        let new = json!({"A": 1, "B": {"C": [1, 3], "D": {"Ref": "Y"}}, "E": [1, 2], "F": true});
        let mut out = Vec::new();
        leaves(Some(&old), Some(&new), &Path::default(), &mut out);
        let shown: Vec<String> = out
            .iter()
            .map(|l| {
                format!(
                    "{}: {}",
                    l.path,
                    show_change(l.old.as_ref(), l.new.as_ref())
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                "B.C[1]: 2 -> 3",
                "B.D: !Ref X -> !Ref Y",
                "E: [1] -> [1, 2]",
                "F: (none) -> true"
            ]
        );
    }

    #[test]
    fn patterns_select_fan_out_and_stop_at_intrinsics() {
        let v = json!({"A": [{"B": 1}, {"B": 2}], "C": {"Fn::If": ["x", 1, 2]}});
        assert_eq!(select(&v, "A/*/B"), [&json!(1), &json!(2)]);
        assert_eq!(select(&v, "C/D"), [&v["C"]]);
        assert!(select(&v, "D/E").is_empty());
        assert!(differs_at(&v, &json!({"A": [{"B": 1}]}), "A/*/B"));
        assert!(!differs_at(
            &v,
            &json!({"A": [{"B": "1"}, {"B": 2}]}),
            "A/*/B"
        ));
        assert!(differs_at(&v, &json!({"A": [], "C": 1}), "C/D"));
        let path = Path(vec![
            Step::Key("A".into()),
            Step::Index(3),
            Step::Key("B".into()),
        ]);
        assert!(under(&path, "A/*/B") && under(&path, "A") && !under(&path, "A/*/C"));
    }

    #[test]
    fn long_values_are_cut_around_their_first_difference() {
        let long = |n: u32| json!({"Fn::Sub": format!("{}\"batch\":{n}{}", "x".repeat(200), "y".repeat(200))});
        let shown = show_change(Some(&long(100)), Some(&long(1000)));
        let (old, new) = shown.split_once(" -> ").unwrap();
        for (side, batch) in [(old, "batch\\\":100y"), (new, "batch\\\":1000y")] {
            assert!(side.starts_with('…') && side.ends_with('…'), "{side}");
            assert!(side.contains(batch), "{side}");
            assert_eq!(side.chars().count(), WIDE + 2);
        }
        assert_eq!(
            show(&json!({"Fn::GetAtt": ["Q", "Arn"], })),
            "!GetAtt Q.Arn"
        );
        assert_eq!(
            show(&json!({"Fn::Join": ["", ["a", {"Ref": "B"}]]})),
            "!Join [\"\", [\"a\", !Ref B]]"
        );
    }
}
