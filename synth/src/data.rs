//! Historical records for `train` and `calibrate`: JSON lines (log records, read with the
//! function's own feature extractor, so training sees exactly what the function will) or CSV
//! (a header row naming the columns). Bad lines are kept with their line numbers and reasons.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use constructs::config::StackFile;
use contract::{FeatureSpec, FunctionConfig};
use detect::features::FeatureExtractor;

/// How many bad lines a report lists one by one.
const LISTED_BAD_LINES: usize = 10;

/// The data file and the features read from it.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// Historical records: JSON lines (one log record per line) or CSV with a header row
    /// (`.csv`, or --format csv).
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,

    /// The data's format (default: csv for a `.csv` file, else json-lines).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<DataFormat>,

    /// The features, in model order, as top-level (or dotted) field names of JSON records or
    /// column names of a CSV header. Default: the --config function's features; else, for
    /// JSON lines, the function's defaults (response_time_ms,status,duration_ms), for CSV
    /// every column.
    #[arg(
        long,
        value_name = "A,B,C",
        value_delimiter = ',',
        conflicts_with = "config"
    )]
    pub features: Option<Vec<String>>,

    /// A stack file whose function's features (names, paths, defaults) to use.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The function of the --config file, when it has several.
    #[arg(long, value_name = "ID", requires = "config")]
    pub function: Option<String>,
}

/// Data file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// One JSON log record per line.
    JsonLines,
    /// Comma-separated values with a header row; no commas inside fields.
    Csv,
}

/// The rows read from a data file.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows {
    /// The feature names, in row order.
    pub features: Vec<String>,
    /// The rows, `features.len()` values each, flat.
    pub values: Vec<f64>,
    /// Lines that gave no row: (1-based line number, reason).
    pub bad: Vec<(usize, String)>,
    /// Lines holding only whitespace (not records, skipped).
    pub blank: usize,
}

impl Rows {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.values
            .len()
            .checked_div(self.features.len())
            .unwrap_or(0)
    }

    /// One paragraph on what was read, naming the first bad lines.
    pub fn report(&self, path: &Path) -> String {
        let mut out = format!(
            "{}: {} rows of {} feature{} ({})",
            path.display(),
            self.len(),
            self.features.len(),
            if self.features.len() == 1 { "" } else { "s" },
            self.features.join(", ")
        );
        if self.blank > 0 {
            let _ = write!(
                out,
                "; {} blank line{} skipped",
                self.blank,
                if self.blank == 1 { "" } else { "s" }
            );
        }
        if !self.bad.is_empty() {
            let _ = write!(
                out,
                "\n{} bad line{} left out:",
                self.bad.len(),
                if self.bad.len() == 1 { "" } else { "s" }
            );
            for (line, reason) in self.bad.iter().take(LISTED_BAD_LINES) {
                let _ = write!(out, "\n  line {line}: {reason}");
            }
            if self.bad.len() > LISTED_BAD_LINES {
                let _ = write!(out, "\n  … and {} more", self.bad.len() - LISTED_BAD_LINES);
            }
        }
        out
    }
}

impl DataArgs {
    /// The feature specs the arguments name: --features, the --config function's, or `None`
    /// (the format's default).
    pub fn specs(&self) -> Result<Option<Vec<FeatureSpec>>, String> {
        if let Some(names) = &self.features {
            return Ok(Some(names.iter().map(FeatureSpec::new).collect()));
        }
        let Some(path) = &self.config else {
            return Ok(None);
        };
        let file = StackFile::load(path).map_err(|e| e.to_string())?;
        let functions = file.function_features();
        let function = match (&self.function, functions.values().next()) {
            (Some(id), _) => functions.get(id.as_str()).ok_or_else(|| {
                format!(
                    "error: {}: no function `{id}`\n  fix: use one of: {}\n",
                    path.display(),
                    list(functions.keys())
                )
            })?,
            (None, Some(only)) if functions.len() == 1 => only,
            (None, _) => {
                return Err(format!(
                    "error: {} has {} functions\n  fix: choose one with --function ({})\n",
                    path.display(),
                    functions.len(),
                    list(functions.keys())
                ));
            }
        };
        Ok(Some(function.clone()))
    }

    /// Reads the data file with `specs` (see [`read`]).
    pub fn read(&self, specs: Option<&[FeatureSpec]>) -> Result<Rows, String> {
        let path = self
            .data
            .as_deref()
            .ok_or("error: no data file\n  fix: pass --data FILE\n")?;
        let format = self.format.unwrap_or_else(|| {
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
            {
                DataFormat::Csv
            } else {
                DataFormat::JsonLines
            }
        });
        let text = std::fs::read(path)
            .map_err(|e| format!("error: cannot read {}: {e}\n", path.display()))?;
        let rows = read(&text, format, specs)?;
        if rows.len() == 0 {
            return Err(format!(
                "error: {} holds no usable row\n{}\n  fix: check the format and the feature names\n",
                path.display(),
                rows.report(path)
            ));
        }
        Ok(rows)
    }
}

fn list<'a>(ids: impl Iterator<Item = &'a String>) -> String {
    ids.map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// Reads rows from `text`. JSON lines go through the function's [`FeatureExtractor`] with
/// `specs` (default: the function's default features). CSV columns are picked by the specs'
/// names (default: every column); an empty cell takes the feature's default, if it has one.
pub fn read(
    text: &[u8],
    format: DataFormat,
    specs: Option<&[FeatureSpec]>,
) -> Result<Rows, String> {
    match format {
        DataFormat::JsonLines => {
            let defaults;
            let specs = match specs {
                Some(specs) => specs,
                None => {
                    defaults = FunctionConfig::default().features;
                    &defaults
                }
            };
            Ok(json_lines(text, specs))
        }
        DataFormat::Csv => csv(text, specs),
    }
}

fn lines(text: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    // The newline ending the last line starts no line of its own.
    let text = text.strip_suffix(b"\n").unwrap_or(text);
    text.split(|b| *b == b'\n').enumerate().map(|(i, line)| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        (i + 1, line)
    })
}

fn json_lines(text: &[u8], specs: &[FeatureSpec]) -> Rows {
    let extractor = FeatureExtractor::new(specs);
    let mut rows = Rows {
        features: extractor.names().to_vec(),
        values: Vec::new(),
        bad: Vec::new(),
        blank: 0,
    };
    for (number, line) in lines(text) {
        if line.iter().all(u8::is_ascii_whitespace) {
            rows.blank += 1;
            continue;
        }
        if let Err(reason) = extractor.extract(line, &mut rows.values) {
            rows.bad.push((number, reason.to_string()));
        }
    }
    rows
}

fn csv(text: &[u8], specs: Option<&[FeatureSpec]>) -> Result<Rows, String> {
    let text = std::str::from_utf8(text).map_err(|e| {
        format!(
            "error: the CSV file is not UTF-8 (invalid byte at {})\n",
            e.valid_up_to()
        )
    })?;
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut all = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    let Some((_, header)) = all.by_ref().find(|(_, l)| !l.trim().is_empty()) else {
        return Err(
            "error: the CSV file is empty\n  fix: start it with a header row naming the columns\n"
                .into(),
        );
    };
    let columns: Vec<&str> = header.split(',').map(cell).collect();
    let wanted: Vec<(String, usize, Option<f64>)> = match specs {
        None => columns
            .iter()
            .enumerate()
            .map(|(i, c)| ((*c).to_owned(), i, None))
            .collect(),
        Some(specs) => specs
            .iter()
            .map(|spec| {
                columns
                    .iter()
                    .position(|c| *c == spec.name)
                    .map(|i| (spec.name.clone(), i, spec.default))
                    .ok_or_else(|| {
                        format!(
                            "error: the CSV header has no column `{}`\n  fix: name the features as the header does: {}\n",
                            spec.name,
                            columns.join(", ")
                        )
                    })
            })
            .collect::<Result<_, _>>()?,
    };
    let mut rows = Rows {
        features: wanted.iter().map(|(name, _, _)| name.clone()).collect(),
        values: Vec::new(),
        bad: Vec::new(),
        blank: 0,
    };
    for (number, line) in all {
        if line.trim().is_empty() {
            rows.blank += 1;
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(cell).collect();
        if cells.len() != columns.len() {
            rows.bad.push((
                number,
                format!("has {} cells, the header {}", cells.len(), columns.len()),
            ));
            continue;
        }
        let row: Result<Vec<f64>, String> = wanted
            .iter()
            .map(|(name, i, default)| match (cells[*i], default) {
                ("", Some(d)) => Ok(*d),
                ("", None) => Err(format!("`{name}` is empty and has no default")),
                (text, _) => match text.parse::<f64>() {
                    Ok(v) if v.is_finite() => Ok(v),
                    _ => Err(format!("`{name}` is {text:?}, not a finite number")),
                },
            })
            .collect();
        match row {
            Ok(row) => rows.values.extend(row),
            Err(reason) => rows.bad.push((number, reason)),
        }
    }
    Ok(rows)
}

/// A CSV cell: trimmed, surrounding double quotes removed.
fn cell(raw: &str) -> &str {
    let t = raw.trim();
    t.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(t)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn json_lines_use_the_functions_extractor_and_keep_bad_lines() {
        let text = b"{\"response_time_ms\":12,\"status\":200,\"duration_ms\":13.5}\n\nnot json\n{\"response_time_ms\":1,\"status\":200}\r\n{\"response_time_ms\":2,\"status\":500,\"duration_ms\":3}\n";
        let rows = read(text, DataFormat::JsonLines, None).unwrap();
        assert_eq!(rows.features, ["response_time_ms", "status", "duration_ms"]);
        assert_eq!(rows.values, [12.0, 200.0, 13.5, 2.0, 500.0, 3.0]);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows.blank, 1,
            "the empty line; the final newline ends a line"
        );
        let lines: Vec<usize> = rows.bad.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [3, 4]);
        assert!(
            rows.bad[1].1.contains("`duration_ms` is missing"),
            "{:?}",
            rows.bad
        );
        let report = rows.report(Path::new("logs.jsonl"));
        assert!(
            report.contains("2 bad lines left out:\n  line 3: value is not JSON"),
            "{report}"
        );
    }

    #[test]
    fn csv_columns_are_picked_by_name() {
        let text = b"timestamp,value,other\n2024-01-01,1.5,x\n2024-01-02,,y\n2024-01-03,abc,z\n2024-01-04,2\n2024-01-05,\"3\",w\n";
        let specs = [FeatureSpec::new("value")];
        let rows = read(text, DataFormat::Csv, Some(&specs)).unwrap();
        assert_eq!(rows.values, [1.5, 3.0]);
        let bad: Vec<(usize, &str)> = rows.bad.iter().map(|(l, r)| (*l, r.as_str())).collect();
        assert_eq!(
            bad,
            [
                (3, "`value` is empty and has no default"),
                (4, "`value` is \"abc\", not a finite number"),
                (5, "has 2 cells, the header 3"),
            ]
        );
        let with_default = [FeatureSpec {
            default: Some(0.0),
            ..FeatureSpec::new("value")
        }];
        let rows = read(text, DataFormat::Csv, Some(&with_default)).unwrap();
        assert_eq!(rows.values, [1.5, 0.0, 3.0]);
        let err = read(text, DataFormat::Csv, Some(&[FeatureSpec::new("latency")])).unwrap_err();
        assert!(err.contains("no column `latency`"), "{err}");
        let all = read(b"a,b\n1,2\n", DataFormat::Csv, None).unwrap();
        assert_eq!(
            (all.features.clone(), all.values),
            (vec!["a".to_owned(), "b".to_owned()], vec![1.0, 2.0])
        );
    }
}
