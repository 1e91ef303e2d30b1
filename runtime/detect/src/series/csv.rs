//! NAB-format series files: a `timestamp,value` header, then one `timestamp,value` row per
//! point.

use std::io::{self, Write};

use super::scoring::ScoredSeries;

/// One point of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPoint {
    /// The timestamp, as written in the file.
    pub timestamp: String,
    /// The value, as written in the file (echoed unchanged in the output).
    pub value_text: String,
    /// The value.
    pub value: f64,
    /// The 1-based line the point is on.
    pub line: usize,
}

/// A series file read: its points, in file order, and what is odd about them.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The points.
    pub points: Vec<SeriesPoint>,
    /// Lines that were read, but deserve a warning (repeated or out-of-order timestamps).
    pub warnings: Vec<SeriesError>,
}

/// A line of a series file that cannot be read (or, as a warning, one that is odd).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct SeriesError {
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub problem: String,
}

/// Reads a series file: the header `timestamp,value`, then rows of a non-empty timestamp and
/// a finite number. Blank lines are skipped; `\r\n` line ends are accepted.
///
/// Real series repeat a timestamp now and then (a clock change) or step back: such rows are
/// kept, in file order, and listed in [`Series::warnings`] with their line. Timestamps are
/// compared when they read as NAB timestamps (`YYYY-MM-DD HH:MM:SS`); others are taken as
/// labels.
///
/// ```
/// use detect::series::read_series;
///
/// let series = read_series("timestamp,value\n2014-04-01 00:00:00,18.3\n2014-04-01 00:00:00,18.1\n")?;
/// assert_eq!((series.points.len(), series.points[0].value), (2, 18.3));
/// assert_eq!(series.warnings[0].line, 3);
/// let err = read_series("timestamp,value\n2014-04-01 00:00:00,high\n").unwrap_err();
/// assert_eq!(err.line, 2);
/// # Ok::<(), detect::series::SeriesError>(())
/// ```
pub fn read_series(text: &str) -> Result<Series, SeriesError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    match lines.next() {
        Some((_, header)) if header.trim() == "timestamp,value" => {}
        Some((line, header)) => {
            return Err(SeriesError {
                line,
                problem: format!("the header is `{header}`; expected `timestamp,value`"),
            });
        }
        None => {
            return Err(SeriesError {
                line: 1,
                problem: "the file is empty; expected the header `timestamp,value`".into(),
            });
        }
    }
    let mut points = Vec::new();
    let mut warnings = Vec::new();
    let mut latest: Option<(i64, usize)> = None;
    for (line, text) in lines {
        if text.trim().is_empty() {
            continue;
        }
        let bad = |problem: String| SeriesError { line, problem };
        let mut fields = text.split(',');
        let (Some(timestamp), Some(value_text), None) =
            (fields.next(), fields.next(), fields.next())
        else {
            return Err(bad(format!("`{text}` is not `timestamp,value`")));
        };
        let (timestamp, value_text) = (timestamp.trim(), value_text.trim());
        if timestamp.is_empty() {
            return Err(bad("the timestamp is empty".into()));
        }
        let value = match value_text.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                return Err(bad(format!(
                    "the value `{value_text}` is not a finite number"
                )));
            }
        };
        if let Ok(t) = crate::nab::time::parse(timestamp) {
            match latest {
                Some((before, at)) if t <= before => {
                    let how = if t == before {
                        "repeats"
                    } else {
                        "is earlier than"
                    };
                    warnings.push(bad(format!(
                        "timestamp `{timestamp}` {how} the one on line {at}; kept in file order"
                    )));
                }
                _ => latest = Some((t, line)),
            }
        }
        points.push(SeriesPoint {
            timestamp: timestamp.to_owned(),
            value_text: value_text.to_owned(),
            value,
            line,
        });
    }
    Ok(Series { points, warnings })
}

/// Writes `timestamp,value,score,anomaly` rows (anomaly 0 or 1) for `points` and their
/// scores.
pub fn write_scored(
    points: &[SeriesPoint],
    scored: &ScoredSeries,
    mut out: impl Write,
) -> io::Result<()> {
    writeln!(out, "timestamp,value,score,anomaly")?;
    for ((p, score), anomaly) in points.iter().zip(&scored.scores).zip(&scored.anomalies) {
        writeln!(
            out,
            "{},{},{},{}",
            p.timestamp,
            p.value_text,
            score,
            u8::from(*anomaly)
        )?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_lines_name_their_line_number() {
        let cases = [
            ("", 1, "empty"),
            ("time,value\n", 1, "header"),
            ("timestamp,value\nx,1\n\ny\n", 4, "not `timestamp,value`"),
            ("timestamp,value\nx,1,2\n", 2, "not `timestamp,value`"),
            ("timestamp,value\n,1\n", 2, "timestamp is empty"),
            ("timestamp,value\nx,NaN\n", 2, "not a finite number"),
            ("timestamp,value\nx,\n", 2, "not a finite number"),
        ];
        for (text, line, problem) in cases {
            let err = read_series(text).unwrap_err();
            assert_eq!(err.line, line, "{text:?}");
            assert!(err.problem.contains(problem), "{text:?}: {err}");
        }
    }

    #[test]
    fn repeated_and_earlier_timestamps_are_kept_with_a_warning() {
        let series = read_series(
            "timestamp,value\n2015-03-08 01:00:00,1\n2015-03-08 01:00:00,2\n2015-03-08 00:30:00,3\n2015-03-08 02:00:00,4\n",
        )
        .unwrap();
        assert_eq!(series.points.len(), 4);
        let warnings: Vec<String> = series.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "line 3: timestamp `2015-03-08 01:00:00` repeats the one on line 2; kept in file order",
                "line 4: timestamp `2015-03-08 00:30:00` is earlier than the one on line 2; kept in file order",
            ]
        );
    }

    #[test]
    fn reads_crlf_and_echoes_values() {
        let points = read_series("timestamp,value\r\na,1.50\r\n\r\nb,-2\r\n")
            .unwrap()
            .points;
        assert_eq!(points.len(), 2);
        assert_eq!(
            (points[0].value_text.as_str(), points[1].value),
            ("1.50", -2.0)
        );
        let scored = ScoredSeries {
            scores: vec![0.0, 1.25],
            anomalies: vec![false, true],
            levels: vec![None, Some(1.0)],
            flaggable_from: 1,
        };
        let mut out = Vec::new();
        write_scored(&points, &scored, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "timestamp,value,score,anomaly\na,1.50,0,0\nb,-2,1.25,1\n"
        );
    }
}
