//! Reading a NAB corpus: the windows file and the series it names, each series on its own.
//!
//! A series file that cannot be read, or whose timestamps are not NAB's, is reported and left
//! out; the others are still read. Repeated or out-of-order timestamps (a clock change) are
//! kept, in file order, with a warning naming the line.

use std::ops::RangeInclusive;
use std::path::Path;

use super::split::Split;
use super::windows::{self, to_indices};
use super::{NabError, time};
use crate::series::{SeriesError, SeriesPoint, read_series};

/// One series of a corpus.
#[derive(Debug, Clone)]
pub struct CorpusSeries {
    /// Its name in the windows file (`group/file.csv`).
    pub name: String,
    /// Its points, in file order.
    pub points: Vec<SeriesPoint>,
    /// Its labelled windows, as index ranges into `points`.
    pub windows: Vec<RangeInclusive<usize>>,
    /// Odd lines that were read (repeated or out-of-order timestamps).
    pub warnings: Vec<SeriesError>,
}

impl CorpusSeries {
    /// The values.
    pub fn values(&self) -> Vec<f64> {
        self.points.iter().map(|p| p.value).collect()
    }

    /// The series' group (its directory).
    pub fn group(&self) -> &str {
        super::split::group(&self.name)
    }
}

/// A corpus read: the series that could be read, and why the others could not.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The series read, in file-name order.
    pub series: Vec<CorpusSeries>,
    /// The series that could not be read.
    pub failures: Vec<NabError>,
    /// The windows file as read: every series it names, with its windows' instants.
    pub labels: windows::Windows,
}

/// Reads the series in `split` that `windows_file` names, from under `data`. Fails only when
/// the windows file cannot be used; a series that cannot be read is listed in
/// [`Corpus::failures`].
pub fn read(data: &Path, windows_file: &Path, split: Split) -> Result<Corpus, NabError> {
    let mut corpus = Corpus {
        labels: windows::read(windows_file)?,
        ..Corpus::default()
    };
    for (name, windows) in corpus
        .labels
        .iter()
        .filter(|(name, _)| split.includes(name))
    {
        match read_one(data, name, windows) {
            Ok(series) => corpus.series.push(series),
            Err(e) => corpus.failures.push(e),
        }
    }
    Ok(corpus)
}

fn read_one(data: &Path, name: &str, windows: &[(i64, i64)]) -> Result<CorpusSeries, NabError> {
    let bad = |problem: String| NabError::BadSeries {
        file: name.to_owned(),
        problem,
    };
    let text = std::fs::read_to_string(data.join(name))
        .map_err(|e| bad(format!("cannot read it: {e}")))?;
    let series = read_series(&text).map_err(|e| bad(e.to_string()))?;
    let timestamps = series
        .points
        .iter()
        .map(|p| time::parse(&p.timestamp).map_err(|e| bad(format!("line {}: {e}", p.line))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CorpusSeries {
        name: name.to_owned(),
        windows: to_indices(&timestamps, windows),
        points: series.points,
        warnings: series.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_series_is_reported_and_the_others_read() {
        let dir = std::env::temp_dir().join(format!("nab-corpus-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("g")).unwrap();
        std::fs::write(
            dir.join("g/good.csv"),
            "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:00:00,2\n2014-01-01 00:10:00,3\n",
        )
        .unwrap();
        std::fs::write(dir.join("g/bad.csv"), "timestamp,value\nyesterday,1\n").unwrap();
        std::fs::write(
            dir.join("windows.json"),
            r#"{"g/good.csv": [["2014-01-01 00:00:00", "2014-01-01 00:00:00"]], "g/bad.csv": [], "g/missing.csv": []}"#,
        )
        .unwrap();
        let corpus = read(&dir, &dir.join("windows.json"), Split::All).unwrap();
        assert_eq!(corpus.series.len(), 1);
        assert_eq!(corpus.series[0].windows, [0..=1]);
        assert_eq!(corpus.series[0].warnings[0].line, 3);
        let failures: Vec<String> = corpus.failures.iter().map(ToString::to_string).collect();
        assert_eq!(failures.len(), 2, "{failures:?}");
        assert!(
            failures[0].starts_with("g/bad.csv: line 2:"),
            "{failures:?}"
        );
        assert!(
            failures[1].starts_with("g/missing.csv: cannot read it"),
            "{failures:?}"
        );
        assert!(read(&dir, &dir.join("none.json"), Split::All).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
