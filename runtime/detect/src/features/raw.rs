//! What a record holds in one field that a feature reads, as the decoder found it and before
//! any feature's conversion: borrowed from the line wherever it can be, and `Copy`, so a
//! record's fields live on the stack.

/// One field of one record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Raw<'a> {
    /// Not in the record (or JSON null, or an empty text value).
    Absent,
    /// A JSON number.
    Number(f64),
    /// A JSON boolean, or a logfmt bare key (a flag: `true`).
    Bool(bool),
    /// Text with nothing left to decode.
    Text(&'a str),
    /// Quoted text with its backslash escapes still in it (logfmt, access logs).
    Escaped(&'a str),
    /// A JSON string with escapes, decoded by the reference path into its side list.
    Owned(usize),
    /// A JSON value no feature can read.
    Wrong(Found),
}

/// What a JSON field held that is not a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    Object,
    Array,
}

/// The text of quoted text with backslash escapes (`\"`, `\\`, `\n`, `\t`, `\r`, `\xHH` as
/// nginx writes bytes, `\uXXXX` as Go's logfmt writes characters); an escape it does not know
/// is kept as written.
pub(crate) fn unescape(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len());
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let rest = chars.as_str();
        let (decoded, used) = match rest.chars().next() {
            Some('"') => (Some('"'), 1),
            Some('\\') => (Some('\\'), 1),
            Some('n') => (Some('\n'), 1),
            Some('t') => (Some('\t'), 1),
            Some('r') => (Some('\r'), 1),
            Some('x') => (hex_char(rest.get(1..3)), 3),
            Some('u') => (hex_char(rest.get(1..5)), 5),
            _ => (None, 0),
        };
        match decoded {
            Some(d) => {
                out.push(d);
                chars = rest[used..].chars();
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The character `hex` (2 or 4 hex digits) numbers.
fn hex_char(hex: Option<&str>) -> Option<char> {
    let hex = hex?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode_and_unknown_ones_stay() {
        assert_eq!(unescape(r#"say \"hi\" \\ now"#), r#"say "hi" \ now"#);
        assert_eq!(unescape(r"a\x22b\u00e9\n"), "a\"b\u{e9}\n");
        assert_eq!(unescape(r"\q\x2"), r"\q\x2");
        assert_eq!(unescape(r"end\"), r"end\");
    }
}
