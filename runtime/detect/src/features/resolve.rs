//! From a record's fields to its row: each feature's conversion (numbers, durations in its
//! unit, a map's categories), its default when the field is missing, its derivation, and the
//! check that what the model gets is finite. The same for every record format; only the
//! wording of a problem differs (JSON keeps the reasons it always had, text formats name the
//! format and the field).

use contract::{Derive, DurationUnit, FeatureSpec};

use super::raw::{Found, Raw, unescape};
use super::value::{Reading, number, number_category};
use crate::reason::BadReason;

/// The features in row order, and the distinct fields they read (several features may read one
/// field: a status, its class and "is a 5xx").
#[derive(Debug, Clone)]
pub(crate) struct Features {
    names: Vec<String>,
    paths: Vec<String>,
    defaults: Vec<Option<f64>>,
    units: Vec<DurationUnit>,
    derives: Vec<Option<Derive>>,
    /// For each feature, the index of its field in `fields`.
    field_of: Vec<usize>,
    /// The distinct fields, in the order features first name them.
    fields: Vec<String>,
}

/// How problems are worded: JSON's reasons, or a text format's (`combined: status ...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wording {
    Json,
    Text(&'static str),
}

/// What a field is worth to one feature, before its default and derivation.
enum Converted<'t> {
    Missing,
    Value(f64),
    NotNumber(&'t str),
    NotInMap(&'t str),
    Wrong(Found),
}

impl Features {
    pub(crate) fn new(specs: &[FeatureSpec]) -> Self {
        let mut fields: Vec<String> = Vec::new();
        let field_of = specs
            .iter()
            .map(|spec| {
                let path = spec.field_path();
                fields.iter().position(|f| f == path).unwrap_or_else(|| {
                    fields.push(path.to_owned());
                    fields.len() - 1
                })
            })
            .collect();
        Self {
            names: specs.iter().map(|f| f.name.clone()).collect(),
            paths: specs.iter().map(|f| f.field_path().to_owned()).collect(),
            defaults: specs.iter().map(|f| f.default).collect(),
            units: specs.iter().map(FeatureSpec::duration_unit).collect(),
            derives: specs.iter().map(|f| f.derive.clone()).collect(),
            field_of,
            fields,
        }
    }

    /// The feature names, in row order.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// The distinct fields the features read.
    pub(crate) fn fields(&self) -> &[String] {
        &self.fields
    }

    /// Appends the row of a record whose fields are `raws` (indexed as [`Self::fields`];
    /// `owned` holds the strings `Raw::Owned` points to). On error `row` is unchanged. Features
    /// resolve in row order, so the problem reported is the first feature's.
    pub(crate) fn resolve(
        &self,
        raws: &[Raw<'_>],
        owned: &[String],
        wording: Wording,
        row: &mut Vec<f64>,
    ) -> Result<(), BadReason> {
        let start = row.len();
        for i in 0..self.names.len() {
            match self.value(i, raws[self.field_of[i]], owned, wording) {
                Ok(v) => row.push(v),
                Err(reason) => {
                    row.truncate(start);
                    return Err(reason);
                }
            }
        }
        Ok(())
    }

    /// Feature `i`'s number from its field.
    #[inline]
    fn value(
        &self,
        i: usize,
        raw: Raw<'_>,
        owned: &[String],
        wording: Wording,
    ) -> Result<f64, BadReason> {
        let derive = self.derives[i].as_ref();
        let unescaped;
        let converted = match raw {
            Raw::Absent => Converted::Missing,
            Raw::Wrong(found) => Converted::Wrong(found),
            Raw::Number(x) => match derive {
                Some(map @ Derive::Map(_)) => match map.category(&number_category(x)) {
                    Some(v) => Converted::Value(v),
                    None => return Err(self.not_in_map(i, &number_category(x), wording)),
                },
                _ => Converted::Value(x),
            },
            Raw::Bool(b) => match derive {
                Some(map @ Derive::Map(_)) => {
                    let category = if b { "true" } else { "false" };
                    map.category(category)
                        .map_or(Converted::NotInMap(category), Converted::Value)
                }
                _ => Converted::Value(f64::from(u8::from(b))),
            },
            Raw::Text(t) => self.text(i, t),
            Raw::Escaped(t) => {
                unescaped = unescape(t);
                self.text(i, &unescaped)
            }
            Raw::Owned(k) => match owned.get(k) {
                Some(t) => self.text(i, t),
                None => Converted::Missing,
            },
        };
        let value = match converted {
            Converted::Value(v) => match derive {
                Some(d) => d.apply(v),
                None => v,
            },
            Converted::Missing => match self.defaults[i] {
                // The default is the feature's value, derived or not.
                Some(d) => d,
                None => return Err(self.missing(i, wording)),
            },
            Converted::NotNumber(t) => return Err(self.not_number(i, t, wording)),
            Converted::NotInMap(t) => return Err(self.not_in_map(i, t, wording)),
            Converted::Wrong(found) => {
                return Err(BadReason::NotNumber {
                    feature: self.names[i].clone(),
                    found: match found {
                        Found::Object => "an object",
                        Found::Array => "an array",
                    }
                    .to_owned(),
                });
            }
        };
        if value.is_finite() {
            Ok(value)
        } else {
            Err(BadReason::NonFinite {
                feature: self.names[i].clone(),
            })
        }
    }

    /// What text is worth to feature `i`: a map's category, or a number.
    #[inline]
    fn text<'t>(&self, i: usize, t: &'t str) -> Converted<'t> {
        match &self.derives[i] {
            Some(map @ Derive::Map(_)) => {
                if t == "-" {
                    return Converted::Missing;
                }
                map.category(t)
                    .map_or(Converted::NotInMap(t), Converted::Value)
            }
            _ => match number(t, self.units[i]) {
                Reading::Value(v) => Converted::Value(v),
                Reading::Missing => Converted::Missing,
                Reading::NotNumber => Converted::NotNumber(t),
            },
        }
    }

    fn missing(&self, i: usize, wording: Wording) -> BadReason {
        match wording {
            Wording::Json => BadReason::Missing {
                feature: self.names[i].clone(),
                path: self.paths[i].clone(),
            },
            Wording::Text(format) => BadReason::Field {
                format,
                field: self.paths[i].clone(),
                problem: format!("is missing and feature `{}` has no default", self.names[i]),
            },
        }
    }

    fn not_number(&self, i: usize, t: &str, wording: Wording) -> BadReason {
        match wording {
            Wording::Json => BadReason::NotNumber {
                feature: self.names[i].clone(),
                found: format!("a string {}", quoted(t)),
            },
            Wording::Text(format) => BadReason::Field {
                format,
                field: self.paths[i].clone(),
                problem: format!("`{}` is not a number", shortened(t)),
            },
        }
    }

    fn not_in_map(&self, i: usize, t: &str, wording: Wording) -> BadReason {
        match wording {
            Wording::Json => BadReason::NotInMap {
                feature: self.names[i].clone(),
                found: quoted(t),
            },
            Wording::Text(format) => BadReason::Field {
                format,
                field: self.paths[i].clone(),
                problem: format!(
                    "`{}` is not in feature `{}`'s map, which has no `other`",
                    shortened(t),
                    self.names[i]
                ),
            },
        }
    }
}

/// At most this many characters of a value are quoted in a reason.
const MAX_QUOTED: usize = 40;

/// `v`, cut to [`MAX_QUOTED`] characters (with `…`).
fn shortened(v: &str) -> String {
    if v.chars().count() <= MAX_QUOTED {
        v.to_owned()
    } else {
        let head: String = v.chars().take(MAX_QUOTED).collect();
        format!("{head}…")
    }
}

/// `v` as a Rust string literal, cut to [`MAX_QUOTED`] characters.
fn quoted(v: &str) -> String {
    if v.chars().count() <= MAX_QUOTED {
        format!("{v:?}")
    } else {
        let head: String = v.chars().take(MAX_QUOTED).collect();
        format!("{head:?}…")
    }
}
