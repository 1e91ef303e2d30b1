//! Regex records: a pattern with named groups (Rust `regex` syntax), compiled once when the
//! extractor is built (at cold start); features name groups. The first match in the line
//! counts; a group that did not take part, or matched nothing, is missing; a line without a
//! match is a bad record.

use regex::Regex;

use super::raw::Raw;
use crate::reason::BadReason;

/// The format's name in reasons.
pub(crate) const NAME: &str = "regex";

/// A compiled pattern, and which field each group fills.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    regex: Regex,
    /// `(group index, field index)` for each group a feature reads.
    groups: Vec<(usize, usize)>,
}

impl Pattern {
    /// `regex`, reading `fields` (field `i` is the group named `fields[i]`); `None` when a
    /// field names no group (the contract refuses that before this is built).
    pub(crate) fn new(regex: Regex, fields: &[String]) -> Option<Self> {
        let groups = fields
            .iter()
            .enumerate()
            .map(|(field, name)| {
                regex
                    .capture_names()
                    .position(|n| n == Some(name.as_str()))
                    .map(|group| (group, field))
            })
            .collect::<Option<_>>()?;
        Some(Self { regex, groups })
    }

    /// Fills `raws` (all absent on entry) from the first match in `text`.
    pub(crate) fn scan<'a>(&self, text: &'a str, raws: &mut [Raw<'a>]) -> Result<(), BadReason> {
        let mut locations = self.regex.capture_locations();
        if self.regex.captures_read(&mut locations, text).is_none() {
            return Err(BadReason::Malformed {
                format: NAME,
                problem: "the line does not match the pattern".to_owned(),
            });
        }
        for &(group, field) in &self.groups {
            if let Some((start, end)) = locations.get(group) {
                if let Some(value) = text.get(start..end).filter(|v| !v.is_empty()) {
                    raws[field] = Raw::Text(value);
                }
            }
        }
        Ok(())
    }
}
