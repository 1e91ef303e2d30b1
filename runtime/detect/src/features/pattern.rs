//! Regex records: a pattern with named groups (Rust `regex` syntax), compiled once when the
//! extractor is built (at cold start); features name groups. The first match in the line
//! counts; a group that did not take part, or matched nothing, is missing; a line without a
//! match is a bad record.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use regex::{CaptureLocations, Regex};

use super::raw::Raw;
use crate::reason::BadReason;

/// The format's name in reasons.
pub(crate) const NAME: &str = "regex";

/// A compiled pattern, and which field each group fills.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    /// Tells this pattern's capture slots from another's in a thread's cache.
    id: u64,
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
        static IDS: AtomicU64 = AtomicU64::new(0);
        Some(Self {
            id: IDS.fetch_add(1, Ordering::Relaxed),
            regex,
            groups,
        })
    }

    /// Fills `raws` (all absent on entry) from the first match in `text`.
    pub(crate) fn scan<'a>(&self, text: &'a str, raws: &mut [Raw<'a>]) -> Result<(), BadReason> {
        thread_local! {
            /// The capture slots of the pattern this thread used last, kept between records
            /// (a batch's records go through one pattern).
            static SLOTS: RefCell<Option<(u64, CaptureLocations)>> = const { RefCell::new(None) };
        }
        SLOTS.with(|slots| {
            let mut slots = slots.borrow_mut();
            let locations = match &mut *slots {
                Some((id, locations)) if *id == self.id => locations,
                other => &mut other.insert((self.id, self.regex.capture_locations())).1,
            };
            if self.regex.captures_read(locations, text).is_none() {
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
        })
    }
}
