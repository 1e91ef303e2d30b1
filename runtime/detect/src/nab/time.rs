//! NAB timestamps: `YYYY-MM-DD HH:MM:SS`, optionally with a fraction of a second, in UTC.

use super::NabError;

/// Microseconds since 1970-01-01 00:00:00 of a NAB timestamp.
///
/// ```
/// use detect::nab::time::parse;
///
/// assert_eq!(parse("1970-01-02 00:00:01").unwrap(), 86_401_000_000);
/// assert_eq!(parse("2014-04-10 16:15:00.000000"), parse("2014-04-10 16:15:00"));
/// assert!(parse("2014-02-30 00:00:00").is_err());
/// ```
pub fn parse(text: &str) -> Result<i64, NabError> {
    let bad = || NabError::BadTimestamp(text.to_owned());
    let (date, time) = text.trim().split_once(' ').ok_or_else(bad)?;
    let mut d = date.split('-');
    let (Some(y), Some(m), Some(day), None) = (d.next(), d.next(), d.next(), d.next()) else {
        return Err(bad());
    };
    let (hms, fraction) = time.split_once('.').unwrap_or((time, ""));
    let mut t = hms.split(':');
    let (Some(h), Some(min), Some(s), None) = (t.next(), t.next(), t.next(), t.next()) else {
        return Err(bad());
    };
    let num = |s: &str, max: i64| -> Result<i64, NabError> {
        match s.parse::<i64>() {
            Ok(v) if s.bytes().all(|b| b.is_ascii_digit()) && v <= max => Ok(v),
            _ => Err(bad()),
        }
    };
    let (y, m, day) = (num(y, 9999)?, num(m, 12)?, num(day, 31)?);
    let (h, min, s) = (num(h, 23)?, num(min, 59)?, num(s, 60)?);
    if m == 0 || day == 0 || day > days_in_month(y, m) {
        return Err(bad());
    }
    if fraction.len() > 6 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let micros = if fraction.is_empty() {
        0
    } else {
        num(fraction, 999_999)? * 10_i64.pow(6 - fraction.len() as u32)
    };
    let seconds = days_since_epoch(y, m, day) * 86_400 + h * 3600 + min * 60 + s;
    Ok(seconds * 1_000_000 + micros)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given date (proleptic Gregorian calendar).
fn days_since_epoch(y: i64, m: i64, d: i64) -> i64 {
    let years = (1970..y)
        .map(|y| if is_leap(y) { 366 } else { 365 })
        .sum::<i64>()
        - (y..1970)
            .map(|y| if is_leap(y) { 366 } else { 365 })
            .sum::<i64>();
    let months: i64 = (1..m).map(|m| days_in_month(y, m)).sum();
    years + months + d - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(parse("1970-01-01 00:00:00").unwrap(), 0);
        // 2014-04-10 16:15:00 UTC is 1397146500 seconds after the epoch.
        assert_eq!(parse("2014-04-10 16:15:00").unwrap(), 1_397_146_500_000_000);
        assert_eq!(parse("2000-03-01 00:00:00.5").unwrap(), 951_868_800_500_000);
        assert_eq!(parse("1969-12-31 23:59:59").unwrap(), -1_000_000);
        for bad in [
            "",
            "2014-04-10",
            "2014-13-01 00:00:00",
            "2014-04-10 24:00:00",
            "2014-4-1x 00:00:00",
            "2014-04-10 16:15:00.1234567",
            "2014-04-10T16:15:00",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
