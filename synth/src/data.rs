//! Historical records for `train` and `calibrate`: log lines in any record format the function
//! reads (JSON by default, logfmt, a regex, or an access-log preset), read with the function's
//! own feature extractor so training sees exactly what the function will, or CSV (a header row
//! naming the columns). Bad lines are kept with their line numbers and reasons.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use constructs::config::StackFile;
use contract::{FeatureSpec, FunctionConfig, RecordFormat};
use detect::features::FeatureExtractor;

/// How many bad lines a report lists one by one.
const LISTED_BAD_LINES: usize = 10;

/// The data file and the features read from it.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// Historical records: log lines (one record per line, in the --record-format) or CSV
    /// with a header row (`.csv`, or --format csv).
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,

    /// The data's format (default: csv for a `.csv` file, else lines).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<DataFormat>,

    /// The lines' record format: json, logfmt, combined, common, combined_timed, alb, or
    /// `regex:PATTERN` (named groups). Default: the --config or --function-config function's,
    /// else json.
    #[arg(long, value_name = "FORMAT", value_parser = parse_record_format,
          conflicts_with_all = ["config", "function_config"])]
    pub record_format: Option<RecordFormat>,

    /// The features, in model order, as field names (dotted paths of JSON records, a text
    /// format's fields) or column names of a CSV header. Default: the --config or
    /// --function-config function's features; else, for lines, the function's defaults
    /// (response_time_ms,status,duration_ms), for CSV every column.
    #[arg(
        long,
        value_name = "A,B,C",
        value_delimiter = ',',
        conflicts_with_all = ["config", "function_config"]
    )]
    pub features: Option<Vec<String>>,

    /// A stack file whose function's record format and features (names, paths, defaults,
    /// units, derivations) to use.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// A function configuration (JSON, as `anomaly-function invoke --config` reads it) whose
    /// record format and features to use.
    #[arg(long, value_name = "FILE", conflicts_with = "config")]
    pub function_config: Option<PathBuf>,

    /// The function of the --config file, when it has several.
    #[arg(long, value_name = "ID", requires = "config")]
    pub function: Option<String>,
}

/// Data file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// One log record per line, in the record format (`json-lines` is an older name).
    #[value(alias = "json-lines")]
    Lines,
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
    /// The record format and feature specs the arguments name: --record-format and
    /// --features, the --config or --function-config function's, or the defaults (JSON; the
    /// format's default features, `None`).
    pub fn reading(&self) -> Result<Reading, String> {
        if let Some(path) = &self.function_config {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("error: cannot read {}: {e}\n", path.display()))?;
            let config = FunctionConfig::from_json(&text).map_err(|errors| {
                let list: Vec<String> = errors
                    .iter()
                    .map(|e| {
                        format!(
                            "error[{}]: {}: {}: {}\n  fix: {}\n",
                            e.rule,
                            path.display(),
                            e.field,
                            e.problem,
                            e.fix
                        )
                    })
                    .collect();
                list.concat()
            })?;
            return Ok(Reading {
                format: config.record_format,
                specs: Some(config.features),
            });
        }
        let Some(path) = &self.config else {
            return Ok(Reading {
                format: self.record_format.clone().unwrap_or_default(),
                specs: self
                    .features
                    .as_ref()
                    .map(|names| names.iter().map(FeatureSpec::new).collect()),
            });
        };
        let file = StackFile::load(path).map_err(|e| e.to_string())?;
        let functions = file
            .function_readings()
            .map_err(|e| format!("error: {e}\n"))?;
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
        Ok(Reading {
            format: function.record_format.clone(),
            specs: Some(function.features.clone()),
        })
    }

    /// Reads the data file in `format` with `specs` (see [`read`]).
    pub fn read(
        &self,
        format: &RecordFormat,
        specs: Option<&[FeatureSpec]>,
    ) -> Result<Rows, String> {
        let path = self
            .data
            .as_deref()
            .ok_or("error: no data file\n  fix: pass --data FILE\n")?;
        let record_format = format;
        let format = self.format.unwrap_or_else(|| {
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
            {
                DataFormat::Csv
            } else {
                DataFormat::Lines
            }
        });
        let text = std::fs::read(path)
            .map_err(|e| format!("error: cannot read {}: {e}\n", path.display()))?;
        let rows = read(&text, format, record_format, specs)?;
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

/// The record format and features a data file is read with; `specs` is `None` for the
/// defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// How each line is read.
    pub format: RecordFormat,
    /// The features, in model order.
    pub specs: Option<Vec<FeatureSpec>>,
}

/// Parses `--record-format`: a format's name as stack files spell it, or `regex:PATTERN`.
pub fn parse_record_format(s: &str) -> Result<RecordFormat, String> {
    if let Some(pattern) = s.strip_prefix("regex:") {
        return Ok(RecordFormat::Regex(pattern.to_owned()));
    }
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|_| {
        format!(
            "`{s}` is not a record format: use json, logfmt, combined, common, combined_timed, alb or regex:PATTERN"
        )
    })
}

/// Reads rows from `text`. Lines go through the function's [`FeatureExtractor`] for
/// `record_format` with `specs` (default: the function's default features). CSV columns are
/// picked by the specs' names (default: every column); an empty cell takes the feature's
/// default, if it has one.
pub fn read(
    text: &[u8],
    format: DataFormat,
    record_format: &RecordFormat,
    specs: Option<&[FeatureSpec]>,
) -> Result<Rows, String> {
    match format {
        DataFormat::Lines => {
            let defaults;
            let specs = match specs {
                Some(specs) => specs,
                None => {
                    defaults = FunctionConfig::default().features;
                    &defaults
                }
            };
            let extractor = FeatureExtractor::with_format(record_format, specs).map_err(|e| {
                format!(
                    "error[{}]: {}: {}\n  fix: {}\n",
                    e.rule, e.field, e.problem, e.fix
                )
            })?;
            Ok(lines_through(text, &extractor))
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

fn lines_through(text: &[u8], extractor: &FeatureExtractor) -> Rows {
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
        let rows = read(text, DataFormat::Lines, &RecordFormat::Json, None).unwrap();
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
    fn text_lines_go_through_the_extractor_of_their_format() {
        let text = b"at=info service=12ms status=200\nservice=1.5s status=503\nat=info service=fast status=200\nmsg=\"open service=1ms\n";
        let specs = [FeatureSpec::new("service"), FeatureSpec::new("status")];
        let rows = read(text, DataFormat::Lines, &RecordFormat::Logfmt, Some(&specs)).unwrap();
        assert_eq!(rows.values, [12.0, 200.0, 1500.0, 503.0]);
        let bad: Vec<(usize, &str)> = rows.bad.iter().map(|(l, r)| (*l, r.as_str())).collect();
        assert_eq!(
            bad,
            [
                (3, "logfmt: service `fast` is not a number"),
                (4, "logfmt: unterminated quote at byte 4"),
            ]
        );
        let err = read(
            text,
            DataFormat::Lines,
            &RecordFormat::Combined,
            Some(&specs),
        )
        .unwrap_err();
        assert!(err.starts_with("error[E0821]: features:"), "{err}");
        assert_eq!(
            parse_record_format("combined_timed"),
            Ok(RecordFormat::CombinedTimed)
        );
        assert_eq!(parse_record_format("json"), Ok(RecordFormat::Json));
        assert_eq!(
            parse_record_format("regex:(?P<a>x)"),
            Ok(RecordFormat::Regex("(?P<a>x)".into()))
        );
        assert!(parse_record_format("csv").is_err());
    }

    #[test]
    fn csv_columns_are_picked_by_name() {
        let text = b"timestamp,value,other\n2024-01-01,1.5,x\n2024-01-02,,y\n2024-01-03,abc,z\n2024-01-04,2\n2024-01-05,\"3\",w\n";
        let specs = [FeatureSpec::new("value")];
        let rows = read(text, DataFormat::Csv, &RecordFormat::Json, Some(&specs)).unwrap();
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
        let rows = read(
            text,
            DataFormat::Csv,
            &RecordFormat::Json,
            Some(&with_default),
        )
        .unwrap();
        assert_eq!(rows.values, [1.5, 0.0, 3.0]);
        let err = read(
            text,
            DataFormat::Csv,
            &RecordFormat::Json,
            Some(&[FeatureSpec::new("latency")]),
        )
        .unwrap_err();
        assert!(err.contains("no column `latency`"), "{err}");
        let all = read(b"a,b\n1,2\n", DataFormat::Csv, &RecordFormat::Json, None).unwrap();
        assert_eq!(
            (all.features.clone(), all.values),
            (vec!["a".to_owned(), "b".to_owned()], vec![1.0, 2.0])
        );
    }
}
