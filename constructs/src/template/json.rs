//! The template's JSON text, readable by YAML parsers too.
//!
//! Many CloudFormation tools (cfn-lint among them) read JSON templates with a YAML parser,
//! since JSON is YAML. YAML refuses some characters JSON allows unescaped (DEL, the C1
//! controls, U+FFFE and U+FFFF) and folds others that it takes for line breaks (U+0085,
//! U+2028, U+2029) into spaces, so a template holding them would fail to parse or change its
//! text. This formatter writes those characters as `\uXXXX` escapes, which every JSON parser
//! reads back as the same string.

use std::io::{self, Write};

use serde_json::ser::{Formatter, PrettyFormatter};

/// Pretty JSON (two-space indentation) with YAML-unsafe characters escaped.
pub(super) fn to_string(value: &impl serde::Serialize) -> String {
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, YamlSafe(PrettyFormatter::new()));
    // A template is string-keyed maps, lists, strings, numbers and booleans, which always
    // serialize, into a Vec, which cannot fail to take bytes.
    value
        .serialize(&mut serializer)
        .unwrap_or_else(|e| unreachable!("templates serialize: {e}"));
    // The serializer writes UTF-8 only.
    String::from_utf8(out).unwrap_or_else(|e| unreachable!("serde_json writes UTF-8: {e}"))
}

/// True for characters a YAML parser refuses or reads as a line break.
fn yaml_unsafe(c: char) -> bool {
    matches!(
        c,
        '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}'
    )
}

/// [`PrettyFormatter`], escaping [`yaml_unsafe`] characters in strings.
struct YamlSafe<'a>(PrettyFormatter<'a>);

impl Formatter for YamlSafe<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|(_, c)| yaml_unsafe(*c)) {
            writer.write_all(&rest.as_bytes()[..at])?;
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_yaml_refuses_or_folds_and_nothing_else() {
        let text = "a\u{7f}b\u{85}c\u{2028}d\u{ffff}é\u{a0}\"\n";
        let json = to_string(&serde_json::json!({ "k": text }));
        assert_eq!(
            json,
            "{\n  \"k\": \"a\\u007fb\\u0085c\\u2028d\\uffffé\u{a0}\\\"\\n\"\n}"
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back["k"], text);
        let plain = serde_json::json!({"a": [1, {"b": "c"}], "d": []});
        assert_eq!(
            to_string(&plain),
            serde_json::to_string_pretty(&plain).unwrap_or_default()
        );
    }
}
