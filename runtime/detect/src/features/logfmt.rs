//! logfmt records: `key=value` pairs separated by spaces, as Heroku's router and many Go
//! services write them (`at=info method=GET path="/" connect=1ms service=37ms status=200`).
//!
//! The grammar both readers follow:
//!
//! ```text
//! line  = sep* [pair (sep+ pair)*] sep*          sep = any byte up to and including space
//! pair  = key ["=" value]                        key = 1+ bytes, none a sep, `=` or `"`
//! value = '"' (char except `"` and `\` | `\` char)* '"'  then a sep or the end
//!       | (byte except sep)*                     (may hold `=` or `"`)
//! ```
//!
//! A bare key (no `=`) is a flag: `true`, worth 1. An empty value (`key=`, `key=""`) is
//! missing. When a key repeats, the last value counts (as in JSON). A quoted value keeps its
//! escapes (`\"`, `\\`, `\n`, `\t`, `\uXXXX`) until a feature reads it.
//!
//! The fast reader finds pairs with byte loops and `memchr`, and gives up on any line that
//! breaks the grammar; the [`reference`] reader, a plain character-by-character parser, then
//! decides and words the problem (`logfmt: unterminated quote at byte 41`). Both give the same
//! fields (property-tested).

use super::raw::Raw;
use crate::reason::BadReason;

mod reference;

/// The keys features read, with their field indices.
#[derive(Debug, Clone)]
pub(crate) struct LogfmtKeys {
    keys: Vec<(Box<[u8]>, usize)>,
}

/// The format's name in reasons.
pub(crate) const NAME: &str = "logfmt";

/// A separator: space, tab, or any other ASCII control byte.
#[inline(always)]
fn is_sep(b: u8) -> bool {
    b <= b' '
}

impl LogfmtKeys {
    /// Keys for `fields` (field `i` is key `fields[i]`).
    pub(crate) fn new(fields: &[String]) -> Self {
        Self {
            keys: fields
                .iter()
                .enumerate()
                .map(|(i, key)| (key.as_bytes().into(), i))
                .collect(),
        }
    }

    /// The field a key names, if a feature reads it.
    #[inline(always)]
    fn field(&self, key: &[u8]) -> Option<usize> {
        self.keys
            .iter()
            .find(|(k, _)| k.len() == key.len() && **k == *key)
            .map(|(_, i)| *i)
    }

    /// Stores a pair's value when a feature reads its key.
    #[inline(always)]
    fn store<'a>(&self, raws: &mut [Raw<'a>], key: &[u8], raw: Raw<'a>) {
        if let Some(i) = self.field(key) {
            raws[i] = raw;
        }
    }

    /// The fast reader: fills `raws` (all absent on entry), or `None` when the line breaks the
    /// grammar and [`reference`](Self::scan_reference) must word why.
    pub(crate) fn scan_fast<'a>(&self, text: &'a str, raws: &mut [Raw<'a>]) -> Option<()> {
        let bytes = text.as_bytes();
        let len = bytes.len();
        let mut pos = 0;
        loop {
            while pos < len && is_sep(bytes[pos]) {
                pos += 1;
            }
            if pos == len {
                return Some(());
            }
            let start = pos;
            while pos < len && !is_sep(bytes[pos]) && bytes[pos] != b'=' && bytes[pos] != b'"' {
                pos += 1;
            }
            // Every boundary here is at an ASCII byte, so the slices below are `str`s.
            let key = &bytes[start..pos];
            if key.is_empty() {
                return None;
            }
            let raw = match bytes.get(pos) {
                Some(b'=') => {
                    pos += 1;
                    if bytes.get(pos) == Some(&b'"') {
                        let open = pos;
                        let mut escaped = false;
                        pos += 1;
                        let close = loop {
                            let at = pos + memchr::memchr2(b'"', b'\\', bytes.get(pos..)?)?;
                            if bytes[at] == b'"' {
                                break at;
                            }
                            escaped = true;
                            // The escaped character, whatever it is, cannot close the quote.
                            pos = at + 2;
                        };
                        pos = close + 1;
                        if pos < len && !is_sep(bytes[pos]) {
                            return None;
                        }
                        let content = text.get(open + 1..close)?;
                        match (content.is_empty(), escaped) {
                            (true, _) => Raw::Absent,
                            (false, true) => Raw::Escaped(content),
                            (false, false) => Raw::Text(content),
                        }
                    } else {
                        let value = pos;
                        while pos < len && !is_sep(bytes[pos]) {
                            pos += 1;
                        }
                        if value == pos {
                            Raw::Absent
                        } else {
                            Raw::Text(text.get(value..pos)?)
                        }
                    }
                }
                Some(b'"') => return None,
                _ => Raw::Bool(true),
            };
            self.store(raws, key, raw);
        }
    }

    /// The reference reader: fills `raws` (all absent on entry), or words why the line is not
    /// logfmt.
    pub(crate) fn scan_reference<'a>(
        &self,
        text: &'a str,
        raws: &mut [Raw<'a>],
    ) -> Result<(), BadReason> {
        for pair in reference::pairs(text) {
            let (key, raw) = pair.map_err(|problem| BadReason::Malformed {
                format: NAME,
                problem,
            })?;
            self.store(raws, key.as_bytes(), raw);
        }
        Ok(())
    }
}
