//! The reference reader of the access-log presets: each part matched by its own regular
//! expression at its place in the line, and every way a line can stop fitting worded. The fast
//! reader in [`super`] is tested against it.

use std::sync::OnceLock;

use regex::Regex;

use super::{Kind, Preset};
use crate::features::raw::Raw;

/// The patterns of the part kinds, anchored where they are tried.
struct Patterns {
    token: Regex,
    bracketed: Regex,
    quoted: Regex,
}

fn patterns() -> Option<&'static Patterns> {
    static PATTERNS: OnceLock<Option<Patterns>> = OnceLock::new();
    PATTERNS
        .get_or_init(|| {
            Some(Patterns {
                token: Regex::new(r"\A[^ ]+").ok()?,
                bracketed: Regex::new(r"\A\[[^\]]*\]").ok()?,
                quoted: Regex::new(r#"(?s)\A"(?:[^"\\]|\\.)*""#).ok()?,
            })
        })
        .as_ref()
}

/// What each part of `line` holds, in order (parts missing at the end of an entry left out),
/// or where the line stops fitting.
pub(super) fn parts<'a>(preset: &Preset, line: &'a str) -> Result<Vec<Raw<'a>>, String> {
    // The patterns are constants that compile; were they not, every line would be refused.
    let patterns = patterns().ok_or("the reference patterns do not compile")?;
    let mut out = Vec::new();
    let mut rest = line;
    let at = |rest: &str| line.len() - rest.len();
    for (i, part) in preset.parts.iter().enumerate() {
        let name = preset.part_name(i);
        if i > 0 {
            if rest.is_empty() {
                if i >= preset.required {
                    return Ok(out);
                }
                return Err(format!("line ends before {name}"));
            }
            match rest.strip_prefix(' ') {
                Some(after) => rest = after,
                None => {
                    return Err(format!(
                        "expected a space before {name} at byte {}",
                        at(rest)
                    ));
                }
            }
        }
        let (matched, content) = match part.kind {
            Kind::Token => match patterns.token.find(rest) {
                Some(m) => (m.as_str(), m.as_str()),
                None if rest.is_empty() => return Err(format!("line ends before {name}")),
                None => return Err(format!("{name} is empty at byte {}", at(rest))),
            },
            Kind::Bracketed => match patterns.bracketed.find(rest) {
                Some(m) => (m.as_str(), &m.as_str()[1..m.len() - 1]),
                None if rest.starts_with('[') => {
                    return Err(format!("unterminated `[` in {name} at byte {}", at(rest)));
                }
                None => {
                    return Err(format!("expected `[` to open {name} at byte {}", at(rest)));
                }
            },
            Kind::Quoted => match patterns.quoted.find(rest) {
                Some(m) => (m.as_str(), &m.as_str()[1..m.len() - 1]),
                None if rest.starts_with('"') => {
                    return Err(format!("unterminated quote in {name} at byte {}", at(rest)));
                }
                None => {
                    return Err(format!("expected `\"` to open {name} at byte {}", at(rest)));
                }
            },
            Kind::Rest => (rest, rest),
        };
        out.push(if part.kind == Kind::Quoted && content.contains('\\') {
            Raw::Escaped(content)
        } else {
            Raw::Text(content)
        });
        rest = &rest[matched.len()..];
    }
    if rest.is_empty() || (preset.open_ended && rest.starts_with(' ')) {
        Ok(out)
    } else {
        Err(format!(
            "expected a space or the end of the line after {} at byte {}",
            preset.part_name(preset.parts.len() - 1),
            at(rest)
        ))
    }
}
