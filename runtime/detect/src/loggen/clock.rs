//! Timestamps as logs write them: ISO 8601 (JSON lines, ALB entries) and the NCSA access-log
//! time (`10/Oct/2000:13:55:36 +0000`).

/// A civil date and time of day in UTC.
struct Civil {
    year: i64,
    month: i64,
    day: i64,
    hour: u64,
    minute: u64,
    second: u64,
}

/// Milliseconds since the Unix epoch as a civil date and time (H. Hinnant's algorithm).
fn civil(ms: u64) -> Civil {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    Civil {
        year: yoe + era * 400 + i64::from(month <= 2),
        month,
        day,
        hour: rem / 3600,
        minute: rem % 3600 / 60,
        second: rem % 60,
    }
}

/// `YYYY-MM-DDThh:mm:ss.mmmZ`.
pub(super) fn iso8601(ms: u64) -> String {
    let c = civil(ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute,
        c.second,
        ms % 1000
    )
}

/// `YYYY-MM-DDThh:mm:ss.uuuuuuZ`, as ALB entries write their times.
pub(super) fn iso8601_micros(ms: u64) -> String {
    let mut text = iso8601(ms);
    text.insert_str(text.len() - 1, "000");
    text
}

/// `DD/Mon/YYYY:hh:mm:ss +0000`, the NCSA log time (nginx's `$time_local` on a UTC host).
pub(super) fn clf(ms: u64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let c = civil(ms);
    format!(
        "{:02}/{}/{:04}:{:02}:{:02}:{:02} +0000",
        c.day,
        MONTHS[(c.month - 1).clamp(0, 11) as usize],
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_714_564_800_123), "2024-05-01T12:00:00.123Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(
            iso8601_micros(1_714_564_800_123),
            "2024-05-01T12:00:00.123000Z"
        );
        assert_eq!(clf(971_186_136_000), "10/Oct/2000:13:55:36 +0000");
    }
}
