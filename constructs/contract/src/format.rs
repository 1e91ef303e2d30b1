//! Record formats: how a record's value is read before its features are extracted.
//!
//! JSON objects (the default), logfmt `key=value` pairs, a regular expression with named
//! groups, and four access-log presets. The presets' field names are defined here, once: the
//! contract checks features against them at synthesis, and the function's parsers fill them in
//! this order.
//!
//! ```
//! use contract::RecordFormat;
//! let format: RecordFormat = serde_json::from_str(r#"{"regex":"(?P<ms>\\d+)ms"}"#).unwrap();
//! assert_eq!(format.fields(), None);
//! assert_eq!(format.name(), "regex");
//! // The default keeps the name the configuration always gave it; stack files say `json`.
//! assert_eq!(serde_json::to_string(&RecordFormat::Json).unwrap(), r#""json_lines""#);
//! assert_eq!(serde_json::from_str::<RecordFormat>(r#""json""#).unwrap(), RecordFormat::Json);
//! ```

use serde::{Deserialize, Serialize};

/// How a record's value is read before features are extracted: `json` (the default, also
/// when absent), `logfmt`, `{regex: PATTERN}`, or a preset: `combined`, `common`,
/// `combined_timed`, `alb`. (The configuration the function receives spells the default
/// `json_lines`, as it always has, so templates without a format stay the same.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordFormat {
    /// Each record value is one UTF-8 JSON object (a structured log line); features read
    /// dot-separated field paths (`http.latency_ms`). Schema-registry mappings that deliver
    /// records as JSON (`EventRecordFormat: JSON`) fit here too.
    #[default]
    #[serde(
        rename(serialize = "json_lines", deserialize = "json"),
        alias = "json_lines"
    )]
    Json,
    /// logfmt: `key=value` pairs separated by spaces; values may be double-quoted with
    /// backslash escapes; a bare key (no `=`) is a flag worth 1. Features name keys.
    Logfmt,
    /// A regular expression (Rust `regex` syntax) with named groups (`(?P<ms>\d+)`); features
    /// name groups. The first match in the line counts; a line without one is a bad record.
    Regex(String),
    /// The NCSA combined log format, as nginx and Apache write it by default. Fields, named
    /// after nginx's variables: remote_addr, remote_user, time_local, request (and its method,
    /// path, protocol), status, body_bytes_sent, http_referer, http_user_agent.
    Combined,
    /// The NCSA common log format (CLF): combined without http_referer and http_user_agent.
    Common,
    /// Combined followed by nginx's request_time and upstream_response_time (seconds).
    CombinedTimed,
    /// AWS Application Load Balancer access-log entries, fields named as AWS documents them:
    /// request_processing_time, target_processing_time, response_processing_time,
    /// elb_status_code, target_status_code, received_bytes, sent_bytes, request (and its
    /// method, url, protocol), user_agent, …
    Alb,
}

/// The fields of the NCSA presets, in order, named after nginx's variables: common has the
/// first 6, combined the first 8, combined_timed all 10.
const NCSA_FIELDS: &[&str] = &[
    "remote_addr",
    "remote_user",
    "time_local",
    "request",
    "status",
    "body_bytes_sent",
    "http_referer",
    "http_user_agent",
    "request_time",
    "upstream_response_time",
];

/// The fields of an NCSA common log line, in order.
pub const COMMON_FIELDS: &[&str] = NCSA_FIELDS.split_at(6).0;

/// The fields of an NCSA combined log line, in order.
pub const COMBINED_FIELDS: &[&str] = NCSA_FIELDS.split_at(8).0;

/// The fields of a combined line with nginx's two timings after it, in order.
pub const COMBINED_TIMED_FIELDS: &[&str] = NCSA_FIELDS;

/// The parts of the access-log presets' `request` (`GET /index.html HTTP/1.1`).
pub const REQUEST_PARTS: &[&str] = &["method", "path", "protocol"];

/// The fields of an Application Load Balancer access-log entry, in order, as AWS's
/// "Access log entries" syntax names them. AWS appends fields over time: entries written
/// before a field existed end early (those fields are then missing), and fields after the
/// last one here are ignored, as AWS advises.
pub const ALB_FIELDS: &[&str] = &[
    "type",
    "time",
    "elb",
    "client:port",
    "target:port",
    "request_processing_time",
    "target_processing_time",
    "response_processing_time",
    "elb_status_code",
    "target_status_code",
    "received_bytes",
    "sent_bytes",
    "request",
    "user_agent",
    "ssl_cipher",
    "ssl_protocol",
    "target_group_arn",
    "trace_id",
    "domain_name",
    "chosen_cert_arn",
    "matched_rule_priority",
    "request_creation_time",
    "actions_executed",
    "redirect_url",
    "error_reason",
    "target:port_list",
    "target_status_code_list",
    "classification",
    "classification_reason",
    "conn_trace_id",
];

/// The fields of an ALB entry every entry has (through `ssl_protocol`); a shorter line is a
/// bad record.
pub const ALB_REQUIRED_FIELDS: usize = 16;

/// The parts of an ALB entry's `request` (`GET https://example.com:443/ HTTP/1.1`).
pub const ALB_REQUEST_PARTS: &[&str] = &["method", "url", "protocol"];

impl RecordFormat {
    /// The format's name, as stack files spell it (`json`, `combined`, `regex`, …); bad
    /// records name it.
    pub fn name(&self) -> &'static str {
        match self {
            RecordFormat::Json => "json",
            RecordFormat::Logfmt => "logfmt",
            RecordFormat::Regex(_) => "regex",
            RecordFormat::Combined => "combined",
            RecordFormat::Common => "common",
            RecordFormat::CombinedTimed => "combined_timed",
            RecordFormat::Alb => "alb",
        }
    }

    /// A preset's positional fields, in order; `None` for formats whose fields the record
    /// names (JSON, logfmt) or the pattern names (regex).
    pub fn fields(&self) -> Option<&'static [&'static str]> {
        match self {
            RecordFormat::Combined => Some(COMBINED_FIELDS),
            RecordFormat::Common => Some(COMMON_FIELDS),
            RecordFormat::CombinedTimed => Some(COMBINED_TIMED_FIELDS),
            RecordFormat::Alb => Some(ALB_FIELDS),
            RecordFormat::Json | RecordFormat::Logfmt | RecordFormat::Regex(_) => None,
        }
    }

    /// The names a preset derives from its `request` field; empty for other formats.
    pub fn request_parts(&self) -> &'static [&'static str] {
        match self {
            RecordFormat::Combined | RecordFormat::Common | RecordFormat::CombinedTimed => {
                REQUEST_PARTS
            }
            RecordFormat::Alb => ALB_REQUEST_PARTS,
            RecordFormat::Json | RecordFormat::Logfmt | RecordFormat::Regex(_) => &[],
        }
    }

    /// Whether a feature may read `field`: any path for JSON and logfmt, a preset's field or
    /// request part, a regex's named group (`groups`, from [`compile_regex`]).
    pub fn has_field(&self, field: &str, groups: &[&str]) -> bool {
        match self {
            RecordFormat::Json | RecordFormat::Logfmt => true,
            RecordFormat::Regex(_) => groups.contains(&field),
            preset => {
                preset
                    .fields()
                    .is_some_and(|fields| fields.contains(&field))
                    || preset.request_parts().contains(&field)
            }
        }
    }
}

/// Compiles a `regex` format's pattern once; the function keeps the result for every record.
/// On failure, why, on one line (`unclosed group`).
///
/// The regex crate is built lean (see its features in Cargo.toml): Unicode-aware `\d \w \s`
/// and case folding are there, Unicode classes such as `\p{Greek}` are not. Such classes are
/// refused here whatever features a build turned on, so a pattern synthesis accepts is one the
/// function compiles.
pub fn compile_regex(pattern: &str) -> Result<regex::Regex, String> {
    let ast = regex_syntax::ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| e.kind().to_string())?;
    if regex_syntax::ast::visit(&ast, NoUnicodeClass).is_err() {
        return Err(
            "it uses a Unicode class (`\\p{...}`), which the function's regex engine is built without"
                .to_owned(),
        );
    }
    regex::Regex::new(pattern).map_err(|e| regex_problem(&e))
}

/// Visits a pattern's syntax and stops at the first Unicode class (`\pL`, `\p{Greek}`, in or
/// out of brackets).
struct NoUnicodeClass;

/// A Unicode class was found.
struct UnicodeClass;

impl regex_syntax::ast::Visitor for NoUnicodeClass {
    type Output = ();
    type Err = UnicodeClass;

    fn finish(self) -> Result<(), UnicodeClass> {
        Ok(())
    }

    fn visit_pre(&mut self, ast: &regex_syntax::ast::Ast) -> Result<(), UnicodeClass> {
        match ast {
            regex_syntax::ast::Ast::ClassUnicode(_) => Err(UnicodeClass),
            _ => Ok(()),
        }
    }

    fn visit_class_set_item_pre(
        &mut self,
        item: &regex_syntax::ast::ClassSetItem,
    ) -> Result<(), UnicodeClass> {
        match item {
            regex_syntax::ast::ClassSetItem::Unicode(_) => Err(UnicodeClass),
            _ => Ok(()),
        }
    }
}

/// Why a pattern did not compile, on one line: the last line of the regex crate's message
/// (`unclosed group`), without the pattern it repeats.
fn regex_problem(e: &regex::Error) -> String {
    match e {
        regex::Error::CompiledTooBig(limit) => {
            format!("it compiles to more than the {limit} bytes allowed")
        }
        other => {
            let text = other.to_string();
            let last = text.lines().last().unwrap_or_default().trim();
            last.strip_prefix("error: ").unwrap_or(last).to_owned()
        }
    }
}

/// The named groups of a compiled pattern, in order.
pub fn group_names(regex: &regex::Regex) -> Vec<&str> {
    regex.capture_names().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_round_trips_in_its_stack_file_spelling() {
        for (text, format) in [
            (r#""json""#, RecordFormat::Json),
            (r#""json_lines""#, RecordFormat::Json),
            (r#""logfmt""#, RecordFormat::Logfmt),
            (r#""combined""#, RecordFormat::Combined),
            (r#""common""#, RecordFormat::Common),
            (r#""combined_timed""#, RecordFormat::CombinedTimed),
            (r#""alb""#, RecordFormat::Alb),
            (
                r#"{"regex":"(?P<a>x)"}"#,
                RecordFormat::Regex("(?P<a>x)".into()),
            ),
        ] {
            let parsed: RecordFormat = serde_json::from_str(text).unwrap();
            assert_eq!(parsed, format, "{text}");
            let back: RecordFormat =
                serde_json::from_str(&serde_json::to_string(&parsed).unwrap()).unwrap();
            assert_eq!(back, format);
        }
        assert!(serde_json::from_str::<RecordFormat>(r#""csv""#).is_err());
        assert!(serde_json::from_str::<RecordFormat>(r#""regex""#).is_err());
    }

    #[test]
    fn presets_know_their_fields_and_request_parts() {
        assert!(RecordFormat::Combined.has_field("body_bytes_sent", &[]));
        assert!(RecordFormat::Combined.has_field("method", &[]));
        assert!(!RecordFormat::Common.has_field("http_user_agent", &[]));
        assert!(RecordFormat::CombinedTimed.has_field("upstream_response_time", &[]));
        assert!(RecordFormat::Alb.has_field("target_processing_time", &[]));
        assert!(RecordFormat::Alb.has_field("url", &[]));
        assert!(!RecordFormat::Alb.has_field("status", &[]));
        assert!(RecordFormat::Logfmt.has_field("anything.at.all", &[]));
        let regex = compile_regex(r"(?P<ms>\d+)ms (?P<status>\d{3})").unwrap();
        let groups = group_names(&regex);
        assert_eq!(groups, ["ms", "status"]);
        let format = RecordFormat::Regex(regex.as_str().into());
        assert!(format.has_field("ms", &groups));
        assert!(!format.has_field("bytes", &groups));
        assert_eq!(ALB_FIELDS[ALB_REQUIRED_FIELDS - 1], "ssl_protocol");
        assert_eq!(COMMON_FIELDS.last(), Some(&"body_bytes_sent"));
        assert_eq!(COMBINED_FIELDS.last(), Some(&"http_user_agent"));
    }
}
