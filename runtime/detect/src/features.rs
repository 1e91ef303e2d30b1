//! Feature extraction: one row of numbers per record, as the contract's [`RecordFormat`] and
//! [`FeatureSpec`]s say.
//!
//! A record's value is UTF-8 text in one of the formats: a JSON object (module `json`), logfmt
//! pairs (`logfmt`), a line a regular expression matches (`pattern`), or an access-log preset
//! (`preset`: combined, common, combined_timed, alb). Each format's reader goes over the line
//! once and keeps, borrowed from it, only the fields the features name (`raw`); then each
//! feature converts its field the same way in every format (`resolve`): numbers and numeric
//! text, booleans as 1 or 0, durations with units in the feature's unit (`value`), `-` and null
//! as missing (the feature's default, or else a bad record), a map's categories, and the
//! feature's derivation (`log`, `indicator`, `class`).
//!
//! Each format has a fast reader and a reference: the fast one gives up on anything unusual
//! (any line that does not fit among them), and the reference reads the line again and words
//! the problem. Both give the same rows and reasons (property-tested, and fuzzed).
//!
//! ```
//! use contract::{Derive, FeatureSpec, RecordFormat};
//! use detect::features::FeatureExtractor;
//! let mut latency = FeatureSpec::new("latency");
//! latency.path = Some("http.latency_ms".into());
//! let mut retries = FeatureSpec::new("retries");
//! retries.default = Some(0.0);
//! let extractor = FeatureExtractor::new(&[latency, FeatureSpec::new("ok")]);
//! let mut row = Vec::new();
//! extractor.extract(br#"{"http":{"latency_ms":"12.5"},"ok":true,"x":[1]}"#, &mut row).unwrap();
//! assert_eq!(row, vec![12.5, 1.0]);
//!
//! let mut class = FeatureSpec::new("class");
//! class.path = Some("status".into());
//! class.derive = Some(Derive::Class);
//! let mut bytes = FeatureSpec::new("body_bytes_sent");
//! bytes.default = Some(0.0);
//! let combined = FeatureExtractor::with_format(&RecordFormat::Combined, &[class, bytes]).unwrap();
//! let line = br#"203.0.113.9 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 503 - "-" "curl/8.4.0""#;
//! row.clear();
//! combined.extract(line, &mut row).unwrap();
//! assert_eq!(row, vec![5.0, 0.0]);
//! ```

use contract::{
    ContractError, ContractRule, FeatureSpec, FunctionConfig, RecordFormat, compile_regex,
    group_names,
};

use crate::reason::BadReason;

mod json;
mod logfmt;
mod pattern;
mod preset;
mod raw;
mod resolve;
mod value;

use json::JsonFields;
use logfmt::LogfmtKeys;
use pattern::Pattern;
use preset::Preset;
use raw::Raw;
use resolve::{Features, Wording};

/// Fields whose values fit on the stack; more use the heap.
const STACK_FIELDS: usize = 16;

/// Extracts the configured features from records of one format.
#[derive(Debug, Clone)]
pub struct FeatureExtractor {
    features: Features,
    reader: Reader,
}

/// A format's reader.
#[derive(Debug, Clone)]
enum Reader {
    Json(JsonFields),
    Logfmt(LogfmtKeys),
    Pattern(Pattern),
    Preset(Preset),
    /// A format that cannot be read as configured (only a configuration the contract refuses):
    /// every record is bad, with the reason.
    Unusable {
        format: &'static str,
        problem: String,
    },
}

impl Reader {
    fn wording(&self) -> Wording {
        match self {
            Reader::Json(_) => Wording::Json,
            Reader::Logfmt(_) => Wording::Text(logfmt::NAME),
            Reader::Pattern(_) => Wording::Text(pattern::NAME),
            Reader::Preset(preset) => Wording::Text(preset.name()),
            Reader::Unusable { format, .. } => Wording::Text(format),
        }
    }

    /// The fast reader; `None` when the reference must decide.
    #[inline]
    fn scan_fast<'a>(&self, text: &'a str, raws: &mut [Raw<'a>]) -> Option<()> {
        match self {
            Reader::Json(json) => json.scan_fast(text, raws),
            Reader::Logfmt(keys) => keys.scan_fast(text, raws),
            Reader::Pattern(pattern) => pattern.scan(text, raws).ok(),
            Reader::Preset(preset) => preset.scan_fast(text, raws),
            Reader::Unusable { .. } => None,
        }
    }

    /// The reference reader, which words why a line does not fit.
    fn scan_reference<'a>(
        &self,
        text: &'a str,
        raws: &mut [Raw<'a>],
        owned: &mut Vec<String>,
    ) -> Result<(), BadReason> {
        match self {
            Reader::Json(json) => json.scan_serde(text, raws, owned),
            Reader::Logfmt(keys) => keys.scan_reference(text, raws),
            Reader::Pattern(pattern) => pattern.scan(text, raws),
            Reader::Preset(preset) => preset.scan_reference(text, raws),
            Reader::Unusable { format, problem } => Err(BadReason::Malformed {
                format,
                problem: problem.clone(),
            }),
        }
    }
}

impl FeatureExtractor {
    /// The extractor of JSON records, for features in model order.
    pub fn new(features: &[FeatureSpec]) -> Self {
        let features = Features::new(features);
        let reader = Reader::Json(JsonFields::new(features.fields()));
        Self { features, reader }
    }

    /// The extractor of `format`'s records, for features in model order; a regex is compiled
    /// here, once. Fails as the contract's checks do ([`FunctionConfig::validate`] refuses both
    /// problems first): on a pattern that does not compile, or a feature naming no field of
    /// the format.
    pub fn with_format(
        format: &RecordFormat,
        features: &[FeatureSpec],
    ) -> Result<Self, ContractError> {
        let table = Features::new(features);
        let fields = table.fields();
        let regex = match format {
            RecordFormat::Regex(source) => {
                Some(compile_regex(source).map_err(|e| ContractError {
                    rule: ContractRule::RecordPattern,
                    field: "record_format.regex".into(),
                    problem: format!("`{source}` is not a pattern: {e}"),
                    fix: "correct the pattern (`synth validate` checks it)".into(),
                })?)
            }
            _ => None,
        };
        let groups = regex.as_ref().map(group_names).unwrap_or_default();
        if let Some(unknown) = fields.iter().find(|f| !format.has_field(f, &groups)) {
            return Err(ContractError {
                rule: ContractRule::FeatureField,
                field: "features".into(),
                problem: format!(
                    "`{unknown}` is not a field of the `{}` format",
                    format.name()
                ),
                fix: "name the format's fields (`synth validate` lists them)".into(),
            });
        }
        // Every field is the format's (checked above), so the readers below find each.
        let unreadable = || ContractError {
            rule: ContractRule::FeatureField,
            field: "features".into(),
            problem: format!("cannot be read in the `{}` format", format.name()),
            fix: "name the format's fields (`synth validate` lists them)".into(),
        };
        let reader = match (format, regex) {
            (RecordFormat::Json, _) => Reader::Json(JsonFields::new(fields)),
            (RecordFormat::Logfmt, _) => Reader::Logfmt(LogfmtKeys::new(fields)),
            (RecordFormat::Regex(_), Some(regex)) => {
                Reader::Pattern(Pattern::new(regex, fields).ok_or_else(unreadable)?)
            }
            (preset, _) => Reader::Preset(Preset::new(preset, fields).ok_or_else(unreadable)?),
        };
        Ok(Self {
            features: table,
            reader,
        })
    }

    /// The extractor of a function's configuration: its format and features. The function
    /// builds it from a [validated](FunctionConfig::validate) configuration, which
    /// [`with_format`](Self::with_format) cannot refuse; were it refused, every record would be
    /// a bad record naming the problem (none lost, none scored wrongly).
    pub fn for_config(config: &FunctionConfig) -> Self {
        Self::with_format(&config.record_format, &config.features).unwrap_or_else(|e| Self {
            features: Features::new(&config.features),
            reader: Reader::Unusable {
                format: config.record_format.name(),
                problem: format!(
                    "the configuration cannot be used: {}: {}",
                    e.field, e.problem
                ),
            },
        })
    }

    /// The number of features per row.
    pub fn width(&self) -> usize {
        self.features.names().len()
    }

    /// The feature names, in row order.
    pub fn names(&self) -> &[String] {
        self.features.names()
    }

    /// Appends one row for the record `line` to `row`; on error `row` is unchanged.
    pub fn extract(&self, line: &[u8], row: &mut Vec<f64>) -> Result<(), BadReason> {
        self.extract_with(line, row, true)
    }

    /// [`extract`](Self::extract) with the format's reference reader alone (for JSON the
    /// `serde_json` visitor, about 2.5× slower): what the fast readers fall back to and are
    /// tested against.
    pub fn extract_reference(&self, line: &[u8], row: &mut Vec<f64>) -> Result<(), BadReason> {
        self.extract_with(line, row, false)
    }

    fn extract_with(&self, line: &[u8], row: &mut Vec<f64>, fast: bool) -> Result<(), BadReason> {
        let text = std::str::from_utf8(line).map_err(|e| BadReason::NotUtf8 {
            at: e.valid_up_to(),
        })?;
        // Fields live on the stack for the common case of a few features (a 64-entry array
        // costs a fill per record, measurable at 10,000 records).
        let count = self.features.fields().len();
        let mut stack = [Raw::Absent; STACK_FIELDS];
        let mut heap = Vec::new();
        let raws = if count <= STACK_FIELDS {
            &mut stack[..count]
        } else {
            heap.resize(count, Raw::Absent);
            &mut heap[..]
        };
        let mut owned = Vec::new();
        if !fast || self.reader.scan_fast(text, raws).is_none() {
            raws.fill(Raw::Absent);
            self.reader.scan_reference(text, raws, &mut owned)?;
        }
        self.features
            .resolve(raws, &owned, self.reader.wording(), row)
    }
}

#[cfg(test)]
mod tests;
