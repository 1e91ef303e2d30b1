//! A validating reader of JSON text, for the fast paths of event decoding and feature
//! extraction: position-based primitives (`skip_ws`, `plain_run`, `skip_string_body`,
//! `skip_number`, `read_number`) for tight loops, and a [`JsonCursor`] built on them.
//!
//! They accept only JSON that `serde_json` accepts, and give up on anything they do not handle
//! themselves: every function returns `None` when the text is not valid JSON, and also when it
//! is valid but unusual (an escape in a string the caller wants to read, a number outside the
//! exactly-computed range, nesting deeper than [`MAX_SKIP_DEPTH`]). The caller then runs its
//! `serde_json` decoder on the same text, which decides, and words any error. So a fast path
//! never has to reproduce `serde_json`'s error messages, only its successes.
//!
//! What `serde_json` accepts, and these check: whitespace is space, tab, line feed and
//! carriage return; strings hold no control characters (U+0000..=U+001F) and only the escapes
//! `\" \\ \/ \b \f \n \r \t \uXXXX` (a skipped string's `\u` escapes are not checked for
//! surrogate pairs: `serde_json` does not check them when it ignores a value either); numbers
//! follow the JSON grammar (no leading zeros, `+`, `.5` or `1.`); no trailing commas; nothing
//! but whitespace after the top-level value.
//!
//! The hot functions are `#[inline(always)]`: inlined into one loop, the position stays in a
//! register and the `Option`s fold into branches (measured: a fifth fewer instructions).

/// Skipped values nested deeper than this make [`JsonCursor::skip_value`] give up
/// (`serde_json` itself has no limit when it ignores a value; the fallback then handles them).
pub(crate) const MAX_SKIP_DEPTH: u32 = 64;

/// Strings are first scanned in a window of this many bytes, without branching on where in it
/// they end (string lengths vary, and a mispredicted branch costs more than the extra words);
/// longer ones are handed over to `memchr`.
const SHORT_WINDOW: usize = 32;

/// Exact powers of ten (all below 2^53, so `significand / 10^k` is correctly rounded).
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Numbers with at most this many digits and no exponent are computed exactly here.
const MAX_EXACT_DIGITS: u32 = 15;

/// The longest quoted key with its colon that an [`ExpectedKey`] holds.
const MAX_EXPECTED: usize = 32;

/// The position of the first byte at or after `pos` that is not JSON whitespace.
#[inline(always)]
pub(crate) fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    // Compact JSON has no whitespace between tokens, and every whitespace byte is <= b' '.
    while let Some(&b) = bytes.get(pos) {
        if b > b' ' || !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
            break;
        }
        pos += 1;
    }
    pos
}

/// For 8 bytes, a mask with the high bit of each special byte set; its lowest set bit marks
/// the first special byte exactly (the bit tricks can only err above a true match).
#[inline(always)]
fn special_mask(chunk: &[u8]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    let x = u64::from_le_bytes(word);
    // A byte of `v` is zero iff it matched; `(v - ONES) & !v` sets its high bit.
    let quote = x ^ (ONES * u64::from(b'"'));
    let backslash = x ^ (ONES * u64::from(b'\\'));
    // `(x - 0x20…) & !x` sets the high bit of bytes below 0x20.
    let control = x.wrapping_sub(ONES * 0x20) & !x;
    ((quote.wrapping_sub(ONES) & !quote) | (backslash.wrapping_sub(ONES) & !backslash) | control)
        & HIGH
}

/// The index of the first byte in `bytes` that ends the plain run of a string (the quote, a
/// backslash or a control character), or its length.
#[inline(always)]
pub(crate) fn plain_run(bytes: &[u8]) -> usize {
    let Some(window) = bytes.get(..SHORT_WINDOW) else {
        // Near the end of the text only.
        return bytes
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(bytes.len());
    };
    let low =
        u128::from(special_mask(&window[..8])) | u128::from(special_mask(&window[8..16])) << 64;
    let high =
        u128::from(special_mask(&window[16..24])) | u128::from(special_mask(&window[24..32])) << 64;
    let bit = if low != 0 {
        low.trailing_zeros()
    } else {
        128 + high.trailing_zeros()
    };
    if bit < 256 {
        return bit as usize / 8;
    }
    long_plain_run(bytes, SHORT_WINDOW)
}

/// [`plain_run`] past its first `done` bytes, for long strings (the base64 values): memchr
/// (SIMD, chosen at run time) finds the quote or backslash, then one branch-free pass looks for
/// control characters before it.
#[inline(never)]
fn long_plain_run(bytes: &[u8], done: usize) -> usize {
    let rest = &bytes[done..];
    let end = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
    let run = &rest[..end];
    if run.iter().fold(false, |any, &b| any | (b < 0x20)) {
        return done + run.iter().position(|&b| b < 0x20).unwrap_or(end);
    }
    done + end
}

/// The end (closing quote) of a string without escapes whose content starts at `pos`; `None`
/// on an escape, a control character or a missing quote.
#[inline(always)]
pub(crate) fn plain_string_end(bytes: &[u8], pos: usize) -> Option<usize> {
    let end = pos + plain_run(bytes.get(pos..)?);
    (bytes.get(end) == Some(&b'"')).then_some(end)
}

/// Skips a string whose content starts at `pos`, checking it as `serde_json` checks an ignored
/// string; returns the position after its closing quote.
#[inline(always)]
pub(crate) fn skip_string_body(bytes: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        pos += plain_run(bytes.get(pos..)?);
        match *bytes.get(pos)? {
            b'"' => return Some(pos + 1),
            b'\\' => match *bytes.get(pos + 1)? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => pos += 2,
                b'u' => {
                    let hex = bytes.get(pos + 2..pos + 6)?;
                    if !hex.iter().all(u8::is_ascii_hexdigit) {
                        return None;
                    }
                    pos += 6;
                }
                _ => return None,
            },
            _ => return None, // a control character
        }
    }
}

/// The position after the digits at `pos`.
#[inline(always)]
fn skip_digits(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
        pos += 1;
    }
    pos
}

/// Skips the number at `pos`, checking its grammar (as `serde_json` does for an ignored one);
/// returns the position after it.
#[inline(always)]
pub(crate) fn skip_number(bytes: &[u8], mut pos: usize) -> Option<usize> {
    if bytes.get(pos) == Some(&b'-') {
        pos += 1;
    }
    match *bytes.get(pos)? {
        b'0' => pos += 1,
        b'1'..=b'9' => pos = skip_digits(bytes, pos + 1),
        _ => return None,
    }
    if bytes.get(pos) == Some(&b'.') {
        let end = skip_digits(bytes, pos + 1);
        if end == pos + 1 {
            return None;
        }
        pos = end;
    }
    skip_exponent(bytes, pos)
}

/// Skips the exponent (`e`/`E`, an optional sign, at least one digit) at `pos`, if there is
/// one; returns the position after it.
#[inline(always)]
fn skip_exponent(bytes: &[u8], mut pos: usize) -> Option<usize> {
    if let Some(b'e' | b'E') = bytes.get(pos) {
        pos += 1;
        if let Some(b'+' | b'-') = bytes.get(pos) {
            pos += 1;
        }
        let end = skip_digits(bytes, pos);
        if end == pos {
            return None;
        }
        pos = end;
    }
    Some(pos)
}

/// Reads the number at `pos`; returns it and the position after it.
#[inline(always)]
pub(crate) fn read_number(text: &str, start: usize) -> Option<(Number<'_>, usize)> {
    let bytes = text.as_bytes();
    let mut pos = start;
    let negative = bytes.get(pos) == Some(&b'-');
    if negative {
        pos += 1;
    }
    let first = *bytes.get(pos)?;
    if !first.is_ascii_digit() {
        return None;
    }
    let mut significand: u64 = 0;
    let int_start = pos;
    while let Some(&b) = bytes.get(pos).filter(|b| b.is_ascii_digit()) {
        significand = significand
            .wrapping_mul(10)
            .wrapping_add(u64::from(b - b'0'));
        pos += 1;
    }
    let int_digits = pos - int_start;
    if first == b'0' && int_digits > 1 {
        return None; // a leading zero
    }
    let mut fraction_digits = 0;
    if bytes.get(pos) == Some(&b'.') {
        pos += 1;
        let fraction_start = pos;
        while let Some(&b) = bytes.get(pos).filter(|b| b.is_ascii_digit()) {
            significand = significand
                .wrapping_mul(10)
                .wrapping_add(u64::from(b - b'0'));
            pos += 1;
        }
        fraction_digits = pos - fraction_start;
        if fraction_digits == 0 {
            return None;
        }
    }
    let exponent = matches!(bytes.get(pos), Some(b'e' | b'E'));
    pos = skip_exponent(bytes, pos)?;
    let number = Number {
        text: text.get(start..pos)?,
        significand,
        // Saturating: only compared with MAX_EXACT_DIGITS.
        digits: u32::try_from(int_digits + fraction_digits).unwrap_or(u32::MAX),
        fraction_digits: u32::try_from(fraction_digits).unwrap_or(u32::MAX),
        negative,
        exponent,
    };
    Some((number, pos))
}

/// A JSON number as written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Number<'a> {
    /// The literal, e.g. `-12.50`.
    text: &'a str,
    /// The digits, as an integer (meaningful when there are at most [`MAX_EXACT_DIGITS`]).
    significand: u64,
    /// Digits before and after the decimal point.
    digits: u32,
    fraction_digits: u32,
    negative: bool,
    exponent: bool,
}

impl Number<'_> {
    /// The number as `serde_json` gives it to a visitor that converts every number to `f64`
    /// (integers cast, decimals parsed), or `None` where `serde_json` refuses it (out of range).
    #[inline(always)]
    pub(crate) fn to_f64(self) -> Option<f64> {
        if !self.exponent && self.digits <= MAX_EXACT_DIGITS {
            // significand < 10^15 < 2^53 and the divisor is an exact power of ten: one
            // correctly rounded division, the same value any correct parser gives.
            let mut f = self.significand as f64;
            if self.fraction_digits > 0 {
                f /= POW10[self.fraction_digits as usize];
            }
            return Some(if self.negative { -f } else { f });
        }
        // Rare (long or exponent numbers): serde_json's own parser, for its exact result.
        serde_json::from_str::<f64>(self.text).ok()
    }

    /// The number when it is an integer literal within `i64` (what `serde_json` gives a
    /// visitor as `u64`/`i64`, or `-0`); `None` for anything else.
    #[inline(always)]
    pub(crate) fn to_i64(self) -> Option<i64> {
        if self.exponent || self.fraction_digits > 0 {
            return None;
        }
        if self.digits <= MAX_EXACT_DIGITS {
            // Below 10^15: no overflow either way.
            let n = self.significand as i64;
            return Some(if self.negative { -n } else { n });
        }
        self.text.parse().ok()
    }
}

/// A key a caller looks for, prepared for matching at a key's opening quote with one 16-byte
/// comparison (and a second slice comparison for keys longer than 13 bytes): the key quoted and
/// followed by its colon (`"offset":`), at most [`MAX_EXPECTED`] bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExpectedKey {
    bytes: [u8; MAX_EXPECTED],
    len: usize,
    head: u128,
    mask: u128,
}

impl ExpectedKey {
    /// The key `name`, or `None` when it cannot be matched byte for byte: longer than 29
    /// bytes, or holding a quote, backslash or control character (which JSON escapes).
    pub(crate) const fn new(name: &str) -> Option<Self> {
        let name = name.as_bytes();
        if name.len() + 3 > MAX_EXPECTED {
            return None;
        }
        let mut bytes = [0u8; MAX_EXPECTED];
        bytes[0] = b'"';
        let mut i = 0;
        while i < name.len() {
            let b = name[i];
            if b == b'"' || b == b'\\' || b < 0x20 {
                return None;
            }
            bytes[i + 1] = b;
            i += 1;
        }
        bytes[name.len() + 1] = b'"';
        bytes[name.len() + 2] = b':';
        let len = name.len() + 3;
        let mut first = [0u8; 16];
        let mut i = 0;
        while i < 16 {
            first[i] = bytes[i];
            i += 1;
        }
        let mask = if len >= 16 {
            u128::MAX
        } else {
            u128::MAX >> (8 * (16 - len))
        };
        Some(Self {
            bytes,
            len,
            head: u128::from_le_bytes(first),
            mask,
        })
    }

    /// The length of the quoted key with its colon.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The key's name, unquoted.
    fn name(&self) -> &[u8] {
        &self.bytes[1..self.len - 2]
    }

    /// Whether `rest`, whose first 16 bytes are `head`, starts with the key.
    #[inline(always)]
    fn starts(&self, head: u128, rest: &[u8]) -> bool {
        head & self.mask == self.head
            && (self.len <= 16 || rest.get(16..self.len) == Some(&self.bytes[16..self.len]))
    }
}

/// Which of `keys` the text at `pos` (a key's opening quote) starts with: the key, quoted,
/// directly followed by its colon. A key written with a space before its colon, or with
/// escapes, is not matched.
#[inline(always)]
pub(crate) fn match_key(keys: &[ExpectedKey], bytes: &[u8], pos: usize) -> Option<usize> {
    let rest = bytes.get(pos..)?;
    let mut word = [0u8; 16];
    match rest.get(..16) {
        Some(first) => word.copy_from_slice(first),
        // Near the end of the text only.
        None => word[..rest.len()].copy_from_slice(rest),
    }
    let head = u128::from_le_bytes(word);
    // Compare the heads of all keys without branching (a key matches at varying places in an
    // object, so a search that stops early mispredicts), then confirm the candidates.
    let mut candidates = keys.iter().take(64).enumerate().fold(0u64, |set, (i, k)| {
        set | u64::from(head & k.mask == k.head) << i
    });
    while candidates != 0 {
        let i = candidates.trailing_zeros() as usize;
        if keys.get(i)?.starts(head, rest) {
            return Some(i);
        }
        candidates &= candidates - 1;
    }
    // A node with more than 64 children looks further (no field path tree is that wide in
    // practice).
    keys.iter()
        .skip(64)
        .position(|k| k.starts(head, rest))
        .map(|i| i + 64)
}

/// An object key from [`JsonCursor::next_key_among`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key<'a> {
    /// The key at this index of the expected keys.
    Expected(usize),
    /// Another key.
    Other(&'a str),
}

/// A position in JSON text.
#[derive(Debug, Clone)]
pub(crate) struct JsonCursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> JsonCursor<'a> {
    /// A cursor at the start of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }

    /// A cursor at byte `pos` of `text`.
    pub(crate) fn at(text: &'a str, pos: usize) -> Self {
        Self { text, pos }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The byte offset of the cursor.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// The text from `start` to the cursor.
    pub(crate) fn since(&self, start: usize) -> Option<&'a str> {
        self.text.get(start..self.pos)
    }

    /// Skips whitespace and returns the next byte without consuming it.
    #[inline(always)]
    pub(crate) fn peek(&mut self) -> Option<u8> {
        self.pos = skip_ws(self.bytes(), self.pos);
        self.bytes().get(self.pos).copied()
    }

    /// Skips whitespace and consumes `byte`, or gives up.
    #[inline(always)]
    pub(crate) fn eat(&mut self, byte: u8) -> Option<()> {
        if self.peek()? == byte {
            self.pos += 1;
            Some(())
        } else {
            None
        }
    }

    /// Consumes the literal `word` (`null`, `true`, `false`) after whitespace.
    #[inline(always)]
    pub(crate) fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.peek()?;
        if self.bytes().get(self.pos..)?.starts_with(word) {
            self.pos += word.len();
            Some(())
        } else {
            None
        }
    }

    /// Reads a string that has no escapes and returns its content (borrowed); gives up on an
    /// escape, a control character or a missing closing quote.
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.pos;
        let end = plain_string_end(self.bytes(), start)?;
        self.pos = end + 1;
        // The quotes are ASCII, so both ends are character boundaries.
        self.text.get(start..end)
    }

    /// Starts an object: consumes `{`.
    #[inline(always)]
    pub(crate) fn begin_object(&mut self) -> Option<()> {
        self.eat(b'{')
    }

    /// The next member of an object begun with [`begin_object`](Self::begin_object):
    /// `Some(Some(key))` with the cursor at the value, `Some(None)` after the closing brace.
    /// `first` says whether this is the first call for the object. Gives up on escaped keys.
    #[inline(always)]
    pub(crate) fn next_key(&mut self, first: bool) -> Option<Option<&'a str>> {
        let mut b = self.peek()?;
        if b == b'}' {
            self.pos += 1;
            return Some(None);
        }
        if !first {
            if b != b',' {
                return None;
            }
            self.pos += 1;
            b = self.peek()?;
        }
        // A key must follow (so a trailing comma gives up here).
        if b != b'"' {
            return None;
        }
        let key = self.string()?;
        self.eat(b':')?;
        Some(Some(key))
    }

    /// [`next_key`](Self::next_key) for a caller that looks for certain keys: each of
    /// `expected` is matched at the opening quote without scanning the key, when it is written
    /// compactly (`"key":`). [`Key::Other`] is never one of `expected`.
    #[inline(always)]
    pub(crate) fn next_key_among(
        &mut self,
        first: bool,
        expected: &[ExpectedKey],
    ) -> Option<Option<Key<'a>>> {
        let b = self.peek()?;
        if first || b == b',' {
            let quote = skip_ws(self.bytes(), if first { self.pos } else { self.pos + 1 });
            if let Some(i) = match_key(expected, self.bytes(), quote) {
                self.pos = quote + expected[i].len;
                return Some(Some(Key::Expected(i)));
            }
        }
        let Some(key) = self.next_key(first)? else {
            return Some(None);
        };
        // A key whose closing quote is right before its colon would have matched; one written
        // with whitespace there is compared as text.
        if self.bytes().get(self.pos.wrapping_sub(2)) != Some(&b'"') {
            if let Some(i) = expected.iter().position(|k| k.name() == key.as_bytes()) {
                return Some(Some(Key::Expected(i)));
            }
        }
        Some(Some(Key::Other(key)))
    }

    /// Starts an array: consumes `[`.
    #[inline(always)]
    pub(crate) fn begin_array(&mut self) -> Option<()> {
        self.eat(b'[')
    }

    /// Whether an array begun with [`begin_array`](Self::begin_array) has another element
    /// (the cursor is then at it); consumes the closing bracket when not.
    #[inline(always)]
    pub(crate) fn next_element(&mut self, first: bool) -> Option<bool> {
        let b = self.peek()?;
        if b == b']' {
            self.pos += 1;
            return Some(false);
        }
        if !first {
            if b != b',' {
                return None;
            }
            self.pos += 1;
            // No trailing comma: an element must follow.
            if self.peek()? == b']' {
                return None;
            }
        }
        Some(true)
    }

    /// Reads a number.
    #[inline(always)]
    pub(crate) fn number(&mut self) -> Option<Number<'a>> {
        self.peek()?;
        let (number, end) = read_number(self.text, self.pos)?;
        self.pos = end;
        Some(number)
    }

    /// Skips one value of any kind, checking it as `serde_json` checks an ignored value.
    pub(crate) fn skip_value(&mut self) -> Option<()> {
        let bytes = self.bytes();
        // One bit per open container, innermost lowest: 1 for an object, 0 for an array.
        let mut stack: u64 = 0;
        let mut depth = 0u32;
        loop {
            // At the start of a value.
            match self.peek()? {
                b'"' => self.pos = skip_string_body(bytes, self.pos + 1)?,
                open @ (b'{' | b'[') => {
                    if depth == MAX_SKIP_DEPTH {
                        return None;
                    }
                    self.pos += 1;
                    let object = open == b'{';
                    let close = if object { b'}' } else { b']' };
                    if self.peek()? != close {
                        stack = (stack << 1) | u64::from(object);
                        depth += 1;
                        if object {
                            self.skip_key()?;
                        }
                        continue;
                    }
                    self.pos += 1;
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => self.pos = skip_number(bytes, self.pos)?,
                _ => return None,
            }
            // After a value: close containers until one continues.
            loop {
                if depth == 0 {
                    return Some(());
                }
                let object = stack & 1 == 1;
                match self.peek()? {
                    b',' => {
                        self.pos += 1;
                        if object {
                            self.skip_key()?;
                        }
                        break;
                    }
                    b'}' if object => {}
                    b']' if !object => {}
                    _ => return None,
                }
                self.pos += 1;
                stack >>= 1;
                depth -= 1;
            }
        }
    }

    /// Skips an object key (escapes allowed) and its colon.
    fn skip_key(&mut self) -> Option<()> {
        self.eat(b'"')?;
        self.pos = skip_string_body(self.bytes(), self.pos)?;
        self.eat(b':')
    }

    /// Checks that only whitespace is left.
    pub(crate) fn end(mut self) -> Option<()> {
        match self.peek() {
            None => Some(()),
            Some(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the cursor skips `text` as one complete value.
    fn skips(text: &str) -> bool {
        let mut c = JsonCursor::new(text);
        c.skip_value().and_then(|()| c.end()).is_some()
    }

    #[test]
    fn skips_what_serde_json_accepts() {
        for ok in [
            r#"{"a":[1,-2.5e+3,true,false,null,{"b":"c\"\\\/\b\f\n\r\t\u00e9\ud800"}],"":{}}"#,
            " [ ] ",
            "\t{ }\r\n",
            "0",
            "-0.0E-0",
            r#""a string longer than sixteen bytes, with \"escapes\" in it""#,
            r#""a string longer than thirty-two bytes, with \"escapes\" in it, and \u0041""#,
        ] {
            assert!(skips(ok), "{ok}");
            assert!(serde_json::from_str::<serde::de::IgnoredAny>(ok).is_ok());
        }
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        for bad in [
            "",
            "[1,]",
            r#"{"a":1,}"#,
            "01",
            "1.",
            ".5",
            "+1",
            "-",
            "1e",
            "1e+",
            "[1 2]",
            r#"{"a" 1}"#,
            r#"{1:2}"#,
            r#""\x""#,
            r#""\u12g4""#,
            "\"tab\there\"",
            "\"a control character after sixteen bytes \u{1}\"",
            "nul",
            "[1]]",
            "{\"a\":1} x",
            "[",
            "\"open",
        ] {
            assert!(!skips(bad), "{bad:?}");
            assert!(
                serde_json::from_str::<serde::de::IgnoredAny>(bad).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn gives_up_on_deep_nesting_rather_than_recursing() {
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        assert!(!skips(&deep));
        let fine = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(skips(&fine));
    }

    #[test]
    fn plain_runs_end_at_the_first_special_byte() {
        let naive = |b: &[u8]| {
            b.iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                .unwrap_or(b.len())
        };
        for len in 0..80 {
            for special in [b'"', b'\\', 0, 0x1f] {
                for at in 0..=len {
                    let mut bytes: Vec<u8> = (0..len).map(|i| b' ' + (i % 90) as u8).collect();
                    bytes.retain(|&c| c != b'"' && c != b'\\');
                    if at < bytes.len() {
                        bytes[at] = special;
                        // A second special byte later must not matter.
                        bytes.push(b'"');
                    }
                    bytes.extend_from_slice(&[0x80, 0xff, 0x7f, b'!']);
                    assert_eq!(plain_run(&bytes), naive(&bytes), "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn strings_with_escapes_are_left_to_serde() {
        assert_eq!(JsonCursor::new(r#" "plain" "#).string(), Some("plain"));
        assert_eq!(JsonCursor::new(r#""a\"b""#).string(), None);
        assert_eq!(JsonCursor::new("\"a\u{1f}b\"").string(), None);
        let long = format!("\"{}\"", "x".repeat(100));
        assert_eq!(JsonCursor::new(&long).string(), Some(&long[1..101]));
    }

    #[test]
    fn numbers_match_serde_json() {
        for text in [
            "0",
            "-0.0",
            "12",
            "20.5",
            "-1.25",
            "0.1",
            "123456789012345",
            "1234567890123456789",
            "12345678901234567890123",
            "0.30000000000000004",
            "1e3",
            "1.5E-7",
            "-9223372036854775808",
            "9223372036854775808",
        ] {
            let n = JsonCursor::new(text).number().unwrap();
            let serde = serde_json::from_str::<f64>(text).unwrap();
            assert_eq!(
                n.to_f64().map(f64::to_bits),
                Some(serde.to_bits()),
                "{text}"
            );
            assert_eq!(n.to_i64(), serde_json::from_str::<i64>(text).ok(), "{text}");
        }
        // `-0` is the float -0.0 to serde_json, which the event's integer fields accept as 0.
        let zero = JsonCursor::new("-0").number().unwrap();
        assert_eq!(zero.to_f64().map(f64::to_bits), Some((-0.0f64).to_bits()));
        assert_eq!(zero.to_i64(), Some(0));
        let huge = JsonCursor::new("1e999").number().unwrap();
        assert_eq!(huge.to_f64(), None);
    }
}
