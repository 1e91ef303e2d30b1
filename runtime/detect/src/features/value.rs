//! Text to numbers: plain and numeric text, `-` for missing, and durations with units.
//!
//! ```text
//! "200" → 200    "12.5" → 12.5    "-" → missing    "18ms" → 18    "1.5s" → 1500
//! "250us" → 0.25    "2m" → 120000    "1m30s" → 90000    (milliseconds; or the feature's unit)
//! ```

use contract::DurationUnit;

/// What a text value is worth to a numeric feature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Reading {
    /// `-`: the field is missing.
    Missing,
    /// A number (a duration already in the feature's unit); may be NaN or infinite.
    Value(f64),
    /// Neither a number nor a duration.
    NotNumber,
}

/// The number `text` (trimmed) holds for a feature whose durations convert to `unit`.
#[inline]
pub(crate) fn number(text: &str, unit: DurationUnit) -> Reading {
    let t = text.trim();
    // The common cases without `f64`'s parser: `200`, `0.153`, and one-part durations
    // (`37.2ms`, `1.5s`), computed exactly as the general path below computes them.
    if let Some((x, used)) = short_decimal(t.as_bytes()) {
        if used == t.len() {
            return Reading::Value(x);
        }
        if let Some(part) = t.get(used..).and_then(DurationUnit::from_suffix) {
            return Reading::Value(x * part.in_millis() / unit.in_millis());
        }
    }
    if t == "-" {
        return Reading::Missing;
    }
    if let Ok(x) = t.parse::<f64>() {
        return Reading::Value(x);
    }
    match duration_ms(t) {
        Some(ms) => Reading::Value(ms / unit.in_millis()),
        None => Reading::NotNumber,
    }
}

/// Powers of ten below 2^53, exact.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// A decimal at the start of `t` (an optional `-`, digits, an optional `.` and digits; 1 to 15
/// digits in all, no exponent) and the bytes it takes; `None` otherwise. The value is exact:
/// the digits as an integer (below 10^15 < 2^53) divided by an exact power of ten is one
/// correctly rounded operation, the value `f64`'s parser gives.
#[inline(always)]
fn short_decimal(t: &[u8]) -> Option<(f64, usize)> {
    let negative = t.first() == Some(&b'-');
    let mut pos = usize::from(negative);
    let mut significand: u64 = 0;
    let mut digits = 0;
    let mut fraction = None;
    while let Some(&b) = t.get(pos) {
        match b {
            b'0'..=b'9' => {
                significand = significand * 10 + u64::from(b - b'0');
                digits += 1;
                if digits > 15 {
                    return None;
                }
                if let Some(f) = fraction.as_mut() {
                    *f += 1;
                }
            }
            b'.' if fraction.is_none() => fraction = Some(0),
            b'e' | b'E' => return None,
            _ => break,
        }
        pos += 1;
    }
    if digits == 0 {
        return None;
    }
    let mut x = significand as f64;
    if let Some(f) = fraction.filter(|f| *f > 0) {
        x /= POW10[f];
    }
    Some((if negative { -x } else { x }, pos))
}

/// A duration with units in milliseconds: one or more `<number><unit>` parts (`18ms`,
/// `1.5s`, Go's `1h2m3.5s`), optionally signed; `None` if `t` is not one.
pub(crate) fn duration_ms(t: &str) -> Option<f64> {
    let (sign, mut rest) = match t.as_bytes().first() {
        Some(b'-') => (-1.0, &t[1..]),
        Some(b'+') => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    if rest.is_empty() {
        return None;
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let number_len = rest
            .bytes()
            .position(|b| !(b.is_ascii_digit() || b == b'.'))
            .unwrap_or(rest.len());
        let (number, tail) = rest.split_at(number_len);
        if !number.bytes().any(|b| b.is_ascii_digit())
            || number.bytes().filter(|&b| b == b'.').count() > 1
        {
            return None;
        }
        let unit_len = tail
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit() || *c == '.')
            .map_or(tail.len(), |(i, _)| i);
        let unit = DurationUnit::from_suffix(&tail[..unit_len])?;
        total += number.parse::<f64>().ok()? * unit.in_millis();
        rest = &tail[unit_len..];
    }
    Some(sign * total)
}

/// The category text of a JSON number: an integer without a fraction (`200`), otherwise as
/// Rust writes the `f64` (`0.5`).
pub(crate) fn number_category(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.007_199_254_740_992e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str) -> Reading {
        number(text, DurationUnit::Ms)
    }

    #[test]
    fn numbers_and_missing() {
        assert_eq!(ms("200"), Reading::Value(200.0));
        assert_eq!(ms(" 12.5 "), Reading::Value(12.5));
        assert_eq!(ms("-7"), Reading::Value(-7.0));
        assert_eq!(ms("1e3"), Reading::Value(1000.0));
        assert_eq!(ms("-"), Reading::Missing);
        assert_eq!(ms(""), Reading::NotNumber);
        assert_eq!(ms("abc"), Reading::NotNumber);
        assert_eq!(ms("1,234"), Reading::NotNumber);
        assert_eq!(ms("9999999999999999"), Reading::Value(1e16));
        assert!(matches!(ms("NaN"), Reading::Value(x) if x.is_nan()));
    }

    #[test]
    fn durations_convert_to_the_features_unit() {
        assert_eq!(ms("18ms"), Reading::Value(18.0));
        assert_eq!(ms("1.5s"), Reading::Value(1500.0));
        assert_eq!(ms("250us"), Reading::Value(0.25));
        assert_eq!(ms("250\u{b5}s"), Reading::Value(0.25));
        assert_eq!(ms("2m"), Reading::Value(120_000.0));
        assert_eq!(ms("1h"), Reading::Value(3_600_000.0));
        assert_eq!(ms("1m30s"), Reading::Value(90_000.0));
        assert_eq!(ms("-5ms"), Reading::Value(-5.0));
        assert_eq!(ms("500ns"), Reading::Value(0.0005));
        assert_eq!(number("1500ms", DurationUnit::S), Reading::Value(1.5));
        assert_eq!(number("90s", DurationUnit::M), Reading::Value(1.5));
        // Bare numbers are not durations: they stay as written whatever the unit.
        assert_eq!(number("1500", DurationUnit::S), Reading::Value(1500.0));
        for bad in ["ms", "1.2.3s", "5 ms", "5parsecs", "1e5s", ".s", "-", "3s5"] {
            assert_eq!(duration_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_short_path_gives_what_the_general_parsers_give() {
        for text in [
            "0",
            "7",
            "-0",
            "007",
            "12.5",
            "0.153",
            ".5",
            "5.",
            "123456789012345",
            "-99.125",
            "1234567890123456",
            "37.2ms",
            "1.5s",
            "450us",
            "-5ms",
            "0.1h",
            "2m",
        ] {
            let general = match text.parse::<f64>() {
                Ok(x) => Some(x),
                Err(_) => duration_ms(text),
            };
            assert_eq!(ms(text), Reading::Value(general.unwrap()), "{text}");
        }
    }

    #[test]
    fn number_categories_are_their_plain_text() {
        assert_eq!(number_category(200.0), "200");
        assert_eq!(number_category(-3.0), "-3");
        assert_eq!(number_category(0.5), "0.5");
    }
}
