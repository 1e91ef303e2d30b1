//! Text to numbers: plain and numeric text, `-` for missing, and durations with units.
//!
//! ```text
//! "200" → 200    "12.5" → 12.5    "-" → missing    "18ms" → 18    "1.5s" → 1500
//! "250us" → 0.25    "2m" → 120000    "1m30s" → 90000    (milliseconds; or the feature's unit)
//! ```

use contract::DurationUnit;

/// What a text value is worth to a numeric feature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    /// `-`: the field is missing.
    Missing,
    /// A number (a duration already in the feature's unit); may be NaN or infinite.
    Value(f64),
    /// Neither a number nor a duration.
    NotNumber,
}

/// The number `text` (trimmed) holds for a feature whose durations convert to `unit`.
#[inline]
pub(crate) fn number(text: &str, unit: DurationUnit) -> Number {
    let t = text.trim();
    if let Some(x) = small_integer(t) {
        return Number::Value(x);
    }
    if t == "-" {
        return Number::Missing;
    }
    if let Ok(x) = t.parse::<f64>() {
        return Number::Value(x);
    }
    match duration_ms(t) {
        Some(ms) => Number::Value(ms / unit.in_millis()),
        None => Number::NotNumber,
    }
}

/// An optional `-` and 1 to 15 ASCII digits, computed exactly (the common case: statuses, byte
/// counts); `None` for anything else, which `f64`'s parser then reads.
#[inline(always)]
fn small_integer(t: &str) -> Option<f64> {
    let (negative, digits) = match t.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    let mut n: u64 = 0;
    for &b in digits {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + u64::from(d);
    }
    // At most 15 digits: below 2^53, so exact.
    let x = n as f64;
    Some(if negative { -x } else { x })
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

    fn ms(text: &str) -> Number {
        number(text, DurationUnit::Ms)
    }

    #[test]
    fn numbers_and_missing() {
        assert_eq!(ms("200"), Number::Value(200.0));
        assert_eq!(ms(" 12.5 "), Number::Value(12.5));
        assert_eq!(ms("-7"), Number::Value(-7.0));
        assert_eq!(ms("1e3"), Number::Value(1000.0));
        assert_eq!(ms("-"), Number::Missing);
        assert_eq!(ms(""), Number::NotNumber);
        assert_eq!(ms("abc"), Number::NotNumber);
        assert_eq!(ms("1,234"), Number::NotNumber);
        assert_eq!(ms("9999999999999999"), Number::Value(1e16));
        assert!(matches!(ms("NaN"), Number::Value(x) if x.is_nan()));
    }

    #[test]
    fn durations_convert_to_the_features_unit() {
        assert_eq!(ms("18ms"), Number::Value(18.0));
        assert_eq!(ms("1.5s"), Number::Value(1500.0));
        assert_eq!(ms("250us"), Number::Value(0.25));
        assert_eq!(ms("250\u{b5}s"), Number::Value(0.25));
        assert_eq!(ms("2m"), Number::Value(120_000.0));
        assert_eq!(ms("1h"), Number::Value(3_600_000.0));
        assert_eq!(ms("1m30s"), Number::Value(90_000.0));
        assert_eq!(ms("-5ms"), Number::Value(-5.0));
        assert_eq!(ms("500ns"), Number::Value(0.0005));
        assert_eq!(number("1500ms", DurationUnit::S), Number::Value(1.5));
        assert_eq!(number("90s", DurationUnit::M), Number::Value(1.5));
        // Bare numbers are not durations: they stay as written whatever the unit.
        assert_eq!(number("1500", DurationUnit::S), Number::Value(1500.0));
        for bad in ["ms", "1.2.3s", "5 ms", "5parsecs", "1e5s", ".s", "-", "3s5"] {
            assert_eq!(duration_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn number_categories_are_their_plain_text() {
        assert_eq!(number_category(200.0), "200");
        assert_eq!(number_category(-3.0), "-3");
        assert_eq!(number_category(0.5), "0.5");
    }
}
