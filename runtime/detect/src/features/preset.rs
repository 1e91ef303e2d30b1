//! The access-log presets: NCSA combined and common, combined with nginx's timings, and AWS
//! Application Load Balancer entries. Each is a sequence of parts separated by single spaces:
//!
//! ```text
//! token      1+ bytes, no space                  203.0.113.9   200   -
//! bracketed  `[` anything but `]` `]`            [10/Oct/2023:13:55:36 +0000]
//! quoted     `"` (byte except `"`, `\` | `\` byte)* `"`   "GET / HTTP/1.1"   "Mozilla/5.0 ..."
//! rest       the rest of the line                0.002, 0.004 (nginx's upstream times)
//! ```
//!
//! combined: `remote_addr ident remote_user [time_local] "request" status body_bytes_sent
//! "http_referer" "http_user_agent"`, and anything after that is ignored (logs often append
//! fields); common stops after `body_bytes_sent`; combined_timed adds `request_time` and
//! `upstream_response_time`. An ALB entry has the 30 fields AWS documents; entries from
//! before a field existed may end early (after `ssl_protocol`), and fields after the last are
//! ignored, as AWS advises: past `ssl_protocol`, an entry is read only as far as the last field
//! a feature reads. The presets' `request` also gives `method`, `path` (ALB: `url`) and
//! `protocol`; `-` is missing; so is an ALB processing time of `-1` (AWS writes it when the
//! load balancer could not send the request or get a response).
//!
//! Escapes in quoted parts (`\"` from Apache, `\x22` from nginx) stay until a feature reads the
//! part. Several upstream times (`0.002, 0.004`, or `0.002 : 0.004` after an internal
//! redirect) add up; `-` among them counts as nothing.
//!
//! The fast reader finds the parts with `memchr` and gives up on a line that does not fit; the
//! [`reference`] reader, which matches each part with a regular expression, then words where
//! it broke (`combined: line ends before status`). Both give the same fields (property-tested).

use contract::{ALB_REQUIRED_FIELDS, RecordFormat};

use super::raw::Raw;
use crate::reason::BadReason;

mod reference;

/// How a part is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Token,
    Bracketed,
    Quoted,
    Rest,
}

/// What a part holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    /// Nothing a feature can read (the ident field of NCSA logs, always `-`).
    Nothing,
    /// The preset's field at this position of its field list.
    Field(usize),
}

/// One part of a line.
#[derive(Debug, Clone, Copy)]
struct Part {
    kind: Kind,
    holds: Holds,
}

/// A preset, ready to read lines into fields.
#[derive(Debug, Clone)]
pub(crate) struct Preset {
    name: &'static str,
    /// The preset's field names (the contract's list), in order.
    names: &'static [&'static str],
    /// The parts read: the required ones, and optional ones up to the last a feature reads
    /// (anything after them is ignored).
    parts: Vec<Part>,
    /// Parts every line has; the rest may be missing at the end of a line.
    required: usize,
    /// Whether anything may follow the last part (ignored).
    open_ended: bool,
    /// For each of the preset's fields, the field index features read it as.
    slot_of: Vec<Option<usize>>,
    /// The field indices of the request's method, path (or url) and protocol.
    request_slots: [Option<usize>; 3],
    /// The position of `request` in the preset's fields.
    request: Option<usize>,
    /// Fields where `-1` means missing (ALB's processing times).
    minus_one_missing: Vec<usize>,
    /// The field whose value lists upstream times that add up.
    summed: Option<usize>,
}

impl Preset {
    /// The preset `format` names, reading `fields` (field `i` is the preset field named
    /// `fields[i]`); `None` for a format that is not a preset, or a field that is not the
    /// preset's (the contract refuses both before this is built).
    pub(crate) fn new(format: &RecordFormat, fields: &[String]) -> Option<Self> {
        use Kind::{Bracketed, Quoted, Rest, Token};
        let names = format.fields()?;
        let field = |kind, name: &str| Part {
            kind,
            holds: names
                .iter()
                .position(|n| *n == name)
                .map_or(Holds::Nothing, Holds::Field),
        };
        let ncsa = |count| {
            let mut parts = vec![
                field(Token, "remote_addr"),
                Part {
                    kind: Token,
                    holds: Holds::Nothing,
                },
                field(Token, "remote_user"),
                field(Bracketed, "time_local"),
                field(Quoted, "request"),
                field(Token, "status"),
                field(Token, "body_bytes_sent"),
                field(Quoted, "http_referer"),
                field(Quoted, "http_user_agent"),
            ];
            parts.truncate(count);
            parts
        };
        let (mut parts, required, open_ended) = match format {
            RecordFormat::Common => (ncsa(7), 7, true),
            RecordFormat::Combined => (ncsa(9), 9, true),
            RecordFormat::CombinedTimed => {
                let mut parts = ncsa(9);
                parts.push(field(Token, "request_time"));
                parts.push(field(Rest, "upstream_response_time"));
                (parts, 11, false)
            }
            RecordFormat::Alb => {
                let quoted = [
                    "request",
                    "user_agent",
                    "trace_id",
                    "domain_name",
                    "chosen_cert_arn",
                    "actions_executed",
                    "redirect_url",
                    "error_reason",
                    "target:port_list",
                    "target_status_code_list",
                    "classification",
                    "classification_reason",
                ];
                let parts = names
                    .iter()
                    .map(|n| field(if quoted.contains(n) { Quoted } else { Token }, n))
                    .collect();
                (parts, ALB_REQUIRED_FIELDS, true)
            }
            RecordFormat::Json | RecordFormat::Logfmt | RecordFormat::Regex(_) => return None,
        };
        let position = |name: &str| names.iter().position(|n| *n == name);
        let mut slot_of = vec![None; names.len()];
        let mut request_slots = [None; 3];
        for (i, wanted) in fields.iter().enumerate() {
            if let Some(p) = position(wanted) {
                slot_of[p] = Some(i);
            } else if let Some(part) = format.request_parts().iter().position(|n| n == wanted) {
                request_slots[part] = Some(i);
            } else {
                return None;
            }
        }
        let minus_one_missing = match format {
            RecordFormat::Alb => [
                "request_processing_time",
                "target_processing_time",
                "response_processing_time",
            ]
            .iter()
            .filter_map(|n| position(n))
            .collect(),
            _ => Vec::new(),
        };
        let wanted = |part: &Part| match part.holds {
            Holds::Field(f) => {
                slot_of[f].is_some()
                    || (Some(f) == position("request") && request_slots != [None; 3])
            }
            Holds::Nothing => false,
        };
        let read = parts
            .iter()
            .rposition(wanted)
            .map_or(required, |last| required.max(last + 1));
        let open_ended = open_ended || read < parts.len();
        parts.truncate(read);
        Some(Self {
            name: format.name(),
            names,
            parts,
            required,
            open_ended,
            slot_of,
            request_slots,
            request: position("request"),
            minus_one_missing,
            summed: position("upstream_response_time"),
        })
    }

    /// The format's name in reasons.
    pub(crate) fn name(&self) -> &'static str {
        self.name
    }

    /// The name of what part `i` holds, for reasons.
    fn part_name(&self, i: usize) -> &'static str {
        match self.parts[i].holds {
            Holds::Field(f) => self.names[f],
            Holds::Nothing => "the identity field",
        }
    }

    /// Stores what part `i` holds when a feature reads it (or a part of the request).
    #[inline(always)]
    fn store<'a>(&self, raws: &mut [Raw<'a>], part: usize, raw: Raw<'a>) {
        let Holds::Field(field) = self.parts[part].holds else {
            return;
        };
        if Some(field) == self.request && self.request_slots != [None; 3] {
            self.store_request(raws, raw);
        }
        let Some(slot) = self.slot_of[field] else {
            return;
        };
        raws[slot] = match raw {
            Raw::Text("" | "-") => Raw::Absent,
            Raw::Text("-1") if self.minus_one_missing.contains(&field) => Raw::Absent,
            Raw::Text(times) if Some(field) == self.summed => sum_times(times),
            other => other,
        };
    }

    /// The request's method, path (or url) and protocol, split at its first and last space;
    /// a request without them (`-`, or bytes that were not HTTP) leaves them missing.
    fn store_request<'a>(&self, raws: &mut [Raw<'a>], request: Raw<'a>) {
        let (Raw::Text(text) | Raw::Escaped(text)) = request else {
            return;
        };
        let Some((method, rest)) = text.split_once(' ') else {
            return;
        };
        let (path, protocol) = match rest.rsplit_once(' ') {
            Some((path, protocol)) => (path, Some(protocol)),
            None => (rest, None),
        };
        let piece = |t: &'a str| match t {
            "" | "-" => Raw::Absent,
            t if t.contains('\\') => Raw::Escaped(t),
            t => Raw::Text(t),
        };
        for (slot, value) in self
            .request_slots
            .iter()
            .zip([Some(method), Some(path), protocol])
        {
            if let (Some(slot), Some(value)) = (slot, value) {
                raws[*slot] = piece(value);
            }
        }
    }

    /// The fast reader: fills `raws` (all absent on entry), or `None` when the line does not
    /// fit and [`reference`](Self::scan_reference) must word why.
    pub(crate) fn scan_fast<'a>(&self, text: &'a str, raws: &mut [Raw<'a>]) -> Option<()> {
        let bytes = text.as_bytes();
        let len = bytes.len();
        let mut pos = 0;
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                if pos == len && i >= self.required {
                    return Some(());
                }
                if bytes.get(pos) != Some(&b' ') {
                    return None;
                }
                pos += 1;
            }
            // Every boundary is at an ASCII byte, so the slices below are `str`s.
            let (raw, end) = match part.kind {
                Kind::Token => {
                    // Tokens are short: a plain loop beats memchr's set-up.
                    let mut end = pos;
                    while end < len && bytes[end] != b' ' {
                        end += 1;
                    }
                    if end == pos {
                        return None;
                    }
                    (Raw::Text(text.get(pos..end)?), end)
                }
                Kind::Bracketed => {
                    if bytes.get(pos) != Some(&b'[') {
                        return None;
                    }
                    let close = pos + 1 + memchr::memchr(b']', bytes.get(pos + 1..)?)?;
                    (Raw::Text(text.get(pos + 1..close)?), close + 1)
                }
                Kind::Quoted => {
                    if bytes.get(pos) != Some(&b'"') {
                        return None;
                    }
                    let mut at = pos + 1;
                    let mut escaped = false;
                    let close = loop {
                        let found = at + memchr::memchr2(b'"', b'\\', bytes.get(at..)?)?;
                        if bytes[found] == b'"' {
                            break found;
                        }
                        escaped = true;
                        at = found + 2;
                    };
                    let content = text.get(pos + 1..close)?;
                    let raw = if escaped {
                        Raw::Escaped(content)
                    } else {
                        Raw::Text(content)
                    };
                    (raw, close + 1)
                }
                Kind::Rest => (Raw::Text(text.get(pos..)?), len),
            };
            self.store(raws, i, raw);
            pos = end;
        }
        (pos == len || (self.open_ended && bytes[pos] == b' ')).then_some(())
    }

    /// The reference reader: fills `raws` (all absent on entry), or words where the line
    /// stops fitting.
    pub(crate) fn scan_reference<'a>(
        &self,
        text: &'a str,
        raws: &mut [Raw<'a>],
    ) -> Result<(), BadReason> {
        let parts = reference::parts(self, text).map_err(|problem| BadReason::Malformed {
            format: self.name,
            problem,
        })?;
        for (i, raw) in parts.into_iter().enumerate() {
            self.store(raws, i, raw);
        }
        Ok(())
    }
}

/// nginx's upstream times (`0.002`, `0.002, 0.004`, `0.002 : 0.004`, `-`) as one value: the
/// text itself when it is one time, else their sum (`-` counting as nothing, missing when all
/// are), or the text when some entry is not a number (the feature then words it).
fn sum_times(times: &str) -> Raw<'_> {
    if !times.contains([',', ':']) {
        return Raw::Text(times);
    }
    let mut total = 0.0;
    let mut any = false;
    for entry in times.split([',', ':']).map(str::trim) {
        match entry {
            "-" => {}
            e => match e.parse::<f64>() {
                Ok(x) => {
                    total += x;
                    any = true;
                }
                Err(_) => return Raw::Text(times),
            },
        }
    }
    if any { Raw::Number(total) } else { Raw::Absent }
}
