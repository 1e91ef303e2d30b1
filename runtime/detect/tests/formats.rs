//! Property tests of the text formats' readers, as `fuzz_seeds.rs` and the fuzz target cover
//! them for any bytes: lines written from known field values read back as those values, and
//! any line — generated, mutated, or arbitrary — gives the fast reader's row or reason exactly
//! as the reference reader gives it, never a panic, and leaves the row alone on error.

// Tests: a panic is a failed case with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/decode_extract.rs"]
mod decode_extract;

use contract::{FeatureSpec, RecordFormat};
use detect::features::FeatureExtractor;
use detect::loggen::{LineFormat, LogGenerator};
use proptest::prelude::*;

fn spec(name: &str, default: Option<f64>) -> FeatureSpec {
    FeatureSpec {
        default,
        ..FeatureSpec::new(name)
    }
}

fn extractor(format: RecordFormat, features: &[FeatureSpec]) -> FeatureExtractor {
    FeatureExtractor::with_format(&format, features).unwrap()
}

/// The row of `line`, after checking that both readers agree on it.
fn row(x: &FeatureExtractor, line: &str) -> Result<Vec<f64>, String> {
    decode_extract::same_row(x, line.as_bytes());
    let mut row = Vec::new();
    x.extract(line.as_bytes(), &mut row)
        .map(|()| row)
        .map_err(|e| e.to_string())
}

/// Text a token may hold: no space, anything else (quotes, brackets, escapes, non-ASCII).
fn token() -> impl Strategy<Value = String> {
    "[^ \\n]{1,12}"
}

/// The content of a quoted part: anything but a bare quote or a trailing lone backslash, with
/// escaped quotes (`\"`, `\x22`) and backslashes among it.
fn quoted() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[^\"\\\\]{1,8}",
            Just("\\\"".to_owned()),
            Just("\\x22".to_owned()),
            Just("\\\\".to_owned()),
        ],
        0..5,
    )
    .prop_map(|parts| parts.concat())
}

/// A number as an access log writes it, or `-`.
fn count() -> impl Strategy<Value = Option<u32>> {
    prop::option::weighted(0.9, any::<u32>())
}

fn dash(n: Option<u32>) -> String {
    n.map_or("-".to_owned(), |n| n.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever the other parts hold, a combined line's status and bytes read back, `-` as
    /// the default; common and timed lines alike.
    #[test]
    fn access_log_fields_read_back(
        addr in token(), user in token(), time in "[^\\]\\n]{0,30}", request in quoted(),
        status in any::<u16>(), bytes in count(), referer in quoted(), agent in quoted(),
        request_time in 0u32..100_000, upstream in prop::collection::vec(count(), 1..4),
        tail in prop::option::of(" [^\\n]{0,20}"),
    ) {
        let common = format!("{addr} - {user} [{time}] \"{request}\" {status} {}", dash(bytes));
        let combined = format!("{common} \"{referer}\" \"{agent}\"");
        let features = [spec("status", None), spec("body_bytes_sent", Some(-1.0))];
        let expected = vec![f64::from(status), bytes.map_or(-1.0, f64::from)];
        let tail = tail.unwrap_or_default();
        prop_assert_eq!(row(&extractor(RecordFormat::Common, &features), &format!("{common}{tail}")), Ok(expected.clone()));
        prop_assert_eq!(row(&extractor(RecordFormat::Combined, &features), &format!("{combined}{tail}")), Ok(expected));

        let times: Vec<String> = upstream.iter().map(|t| dash(*t)).collect();
        let timed = format!("{combined} {}.{:03} {}", request_time / 1000, request_time % 1000, times.join(", "));
        let sum: f64 = upstream.iter().flatten().map(|t| f64::from(*t)).sum();
        let expected_upstream = if upstream.iter().all(Option::is_none) { -1.0 } else { sum };
        let x = extractor(RecordFormat::CombinedTimed, &[spec("request_time", None), spec("upstream_response_time", Some(-1.0))]);
        let got = row(&x, &timed).unwrap();
        prop_assert!((got[0] - f64::from(request_time) / 1000.0).abs() < 1e-9);
        prop_assert!((got[1] - expected_upstream).abs() < 1e-6 * expected_upstream.abs().max(1.0), "{:?}", got);
    }

    /// logfmt values read back whatever surrounds them: durations in their units, quoted
    /// values with escapes, bare keys, repeated keys (the last counts).
    #[test]
    fn logfmt_values_read_back(
        ms in 0u32..10_000_000, unit in prop::sample::select(vec![("us", 1e-3), ("ms", 1.0), ("s", 1e3), ("m", 6e4)]),
        noise in prop::collection::vec(("[a-z_.]{1,8}", prop_oneof![
            "[!#-~]{0,8}".prop_map(|v| format!("={v}")),
            quoted().prop_map(|q| format!("=\"{q}\"")),
            Just(String::new()),
        ]), 0..6),
        quote_it in any::<bool>(), repeat in any::<bool>(),
    ) {
        let value = format!("{}.{:03}{}", ms / 1000, ms % 1000, unit.0);
        let pair = if quote_it { format!("took=\"{value}\"") } else { format!("took={value}") };
        let mut parts: Vec<String> = noise
            .iter()
            .filter(|(k, _)| k != "took")
            .map(|(k, v)| format!("{k}{v}"))
            .collect();
        if repeat {
            parts.insert(0, "took=garbage".to_owned());
        }
        parts.push(pair);
        let line = parts.join(" ");
        let x = extractor(RecordFormat::Logfmt, &[spec("took", None)]);
        let got = row(&x, &line).unwrap();
        let expected = f64::from(ms) / 1000.0 * unit.1;
        prop_assert!((got[0] - expected).abs() <= 1e-9 * expected.max(1.0), "{} → {:?}", line, got);
    }

    /// Generated traffic in every format, then cut, spliced and sprinkled with the bytes the
    /// grammars care about: the readers agree on every result.
    #[test]
    fn mutated_lines_agree(
        seed in any::<u64>(), format in prop::sample::select(LineFormat::ALL.to_vec()),
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![" ", "  ", "\"", "\\", "[", "]", "=", "-", "x", "\t", "é", ""]), 0usize..3), 0..4),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut line = LogGenerator::new(seed, 0.5).format(format).next_line().text;
        for (at, insert, delete) in edits {
            let mut i = at.index(line.len() + 1);
            while !line.is_char_boundary(i) {
                i -= 1;
            }
            let mut end = (i + delete).min(line.len());
            while !line.is_char_boundary(end) {
                end += 1;
            }
            line.replace_range(i..end, insert);
        }
        if let Some(cut) = cut {
            let mut i = cut.index(line.len() + 1);
            while !line.is_char_boundary(i) {
                i -= 1;
            }
            line.truncate(i);
        }
        for x in decode_extract::extractors() {
            decode_extract::same_row(&x, line.as_bytes());
        }
    }

    /// Any text at all.
    #[test]
    fn arbitrary_lines_agree(line in "[ -~\"\\\\\\[\\]=\\t\u{e9}]{0,120}") {
        for x in decode_extract::extractors() {
            decode_extract::same_row(&x, line.as_bytes());
        }
    }
}

/// Every format's generated traffic reads without a bad record through the features a user
/// would choose for it.
#[test]
fn generated_traffic_reads_cleanly_in_every_format() {
    let features = |format: LineFormat| -> Vec<FeatureSpec> {
        match format {
            LineFormat::Json => contract::FunctionConfig::default().features,
            LineFormat::Combined | LineFormat::Common => {
                vec![spec("status", None), spec("body_bytes_sent", Some(0.0))]
            }
            LineFormat::CombinedTimed => vec![
                spec("status", None),
                spec("request_time", None),
                spec("upstream_response_time", Some(0.0)),
            ],
            LineFormat::Logfmt => vec![
                spec("service", None),
                spec("connect", None),
                spec("status", None),
            ],
            LineFormat::Alb => vec![
                spec("elb_status_code", None),
                spec("target_processing_time", Some(-1.0)),
                spec("sent_bytes", None),
            ],
        }
    };
    for format in LineFormat::ALL {
        let x = extractor(format.record_format(), &features(format));
        let mut generator = LogGenerator::new(9, 0.05).format(format);
        for _ in 0..3_000 {
            let line = generator.next_line();
            let got = row(&x, &line.text);
            assert!(got.is_ok(), "{format:?}: {got:?} for {}", line.text);
        }
    }
}
