use contract::{CategoryMap, Derive, DurationUnit, FeatureSpec, RecordFormat};

use super::*;

fn spec(name: &str, path: Option<&str>, default: Option<f64>) -> FeatureSpec {
    let mut s = FeatureSpec::new(name);
    s.path = path.map(str::to_owned);
    s.default = default;
    s
}

fn derived(name: &str, path: &str, derive: Derive) -> FeatureSpec {
    let mut s = spec(name, Some(path), None);
    s.derive = Some(derive);
    s
}

fn seed() -> FeatureExtractor {
    FeatureExtractor::new(&[
        spec("response_time_ms", None, None),
        spec("status", None, None),
        spec("duration_ms", None, None),
    ])
}

/// The row of `line`, checked against the reference reader and checked to leave the row as
/// it was on error.
fn one(x: &FeatureExtractor, line: &str) -> Result<Vec<f64>, BadReason> {
    let mut row = vec![-1.0];
    let fast = x
        .extract(line.as_bytes(), &mut row)
        .map(|()| row[1..].to_vec())
        .inspect_err(|_| assert_eq!(row, vec![-1.0]));
    let mut reference = vec![-1.0];
    let slow = x
        .extract_reference(line.as_bytes(), &mut reference)
        .map(|()| reference[1..].to_vec());
    assert_eq!(
        fast, slow,
        "fast and reference readers disagree on {line:?}"
    );
    fast
}

fn reason(x: &FeatureExtractor, line: &str) -> String {
    one(x, line).unwrap_err().to_string()
}

fn text(format: RecordFormat, features: &[FeatureSpec]) -> FeatureExtractor {
    FeatureExtractor::with_format(&format, features).unwrap()
}

#[test]
fn reads_numbers_strings_and_booleans_in_feature_order() {
    let x = seed();
    assert_eq!(
        one(
            &x,
            r#"{"duration_ms":3,"level":"INFO","status":"200","response_time_ms":1.5e1,"extra":{"a":[1,{"b":2}]}}"#
        ),
        Ok(vec![15.0, 200.0, 3.0])
    );
    assert_eq!(
        one(
            &x,
            r#"{"response_time_ms":true,"status":false,"duration_ms":-0.5}"#
        ),
        Ok(vec![1.0, 0.0, -0.5])
    );
}

#[test]
fn nested_paths_and_defaults() {
    let x = FeatureExtractor::new(&[
        spec("lat", Some("http.latency.ms"), None),
        spec("retries", Some("meta.retries"), Some(0.0)),
    ]);
    assert_eq!(
        one(&x, r#"{"http":{"latency":{"ms":7}},"meta":null}"#),
        Ok(vec![7.0, 0.0])
    );
    assert_eq!(
        one(
            &x,
            r#"{"http":{"latency":{"ms":7}},"meta":{"retries":null}}"#
        ),
        Ok(vec![7.0, 0.0])
    );
    assert_eq!(
        one(&x, r#"{"http":"flat","meta":{"retries":2}}"#),
        Err(BadReason::Missing {
            feature: "lat".into(),
            path: "http.latency.ms".into()
        })
    );
}

#[test]
fn every_kind_of_bad_line() {
    let x = seed();
    assert_eq!(
        x.extract(b"\xff{}", &mut Vec::new()),
        Err(BadReason::NotUtf8 { at: 0 })
    );
    assert!(matches!(
        one(&x, r#"{"status":1"#),
        Err(BadReason::NotJson(_))
    ));
    assert!(matches!(
        one(&x, r#"{"a":1} trailing"#),
        Err(BadReason::NotJson(_))
    ));
    assert_eq!(one(&x, "[1,2,3]"), Err(BadReason::NotObject));
    assert_eq!(one(&x, "42"), Err(BadReason::NotObject));
    assert_eq!(
        one(&x, r#"{"response_time_ms":1,"duration_ms":2}"#),
        Err(BadReason::Missing {
            feature: "status".into(),
            path: "status".into()
        })
    );
    assert_eq!(
        one(
            &x,
            r#"{"response_time_ms":"fast","status":1,"duration_ms":2}"#
        ),
        Err(BadReason::NotNumber {
            feature: "response_time_ms".into(),
            found: "a string \"fast\"".into()
        })
    );
    assert_eq!(
        one(
            &x,
            r#"{"response_time_ms":1,"status":{"code":200},"duration_ms":2}"#
        ),
        Err(BadReason::NotNumber {
            feature: "status".into(),
            found: "an object".into()
        })
    );
    assert_eq!(
        one(
            &x,
            r#"{"response_time_ms":1,"status":200,"duration_ms":"NaN"}"#
        ),
        Err(BadReason::NonFinite {
            feature: "duration_ms".into()
        })
    );
    assert_eq!(
        one(
            &x,
            r#"{"response_time_ms":"-inf","status":200,"duration_ms":1}"#
        ),
        Err(BadReason::NonFinite {
            feature: "response_time_ms".into()
        })
    );
    assert!(matches!(
        one(
            &x,
            r#"{"response_time_ms":1e999,"status":200,"duration_ms":1}"#
        ),
        Err(BadReason::NotJson(_))
    ));
}

#[test]
fn escaped_keys_and_strings_match() {
    let x = seed();
    assert_eq!(
        one(
            &x,
            r#"{"st\u0061tus":2,"response_time_ms":"1\u0032ms","duration_ms":3}"#
        ),
        Ok(vec![12.0, 2.0, 3.0])
    );
}

#[test]
fn features_sharing_a_field_each_get_it() {
    // The status, its class and "is a 5xx", all from one field.
    let features = [
        spec("status", None, None),
        derived("class", "status", Derive::Class),
        derived("is_5xx", "status", Derive::Indicator(500.0)),
    ];
    let x = FeatureExtractor::new(&features);
    assert_eq!(one(&x, r#"{"status":503}"#), Ok(vec![503.0, 5.0, 1.0]));
    assert_eq!(one(&x, r#"{"status":"204"}"#), Ok(vec![204.0, 2.0, 0.0]));
}

#[test]
fn json_values_may_carry_units_dashes_and_categories() {
    let mut latency = spec("latency", None, None);
    latency.unit = Some(DurationUnit::S);
    let method = derived(
        "method",
        "method",
        Derive::Map(CategoryMap {
            values: [("GET".to_owned(), 0.0), ("POST".to_owned(), 1.0)].into(),
            other: None,
        }),
    );
    let mut bytes = derived("bytes", "bytes", Derive::Log);
    bytes.default = Some(0.0);
    let x = FeatureExtractor::new(&[latency, method, bytes]);
    assert_eq!(
        one(&x, r#"{"latency":"1500ms","method":"POST","bytes":"-"}"#),
        Ok(vec![1.5, 1.0, 0.0])
    );
    let e = std::f64::consts::E;
    assert_eq!(
        one(
            &x,
            &format!(r#"{{"latency":2,"method":"GET","bytes":{}}}"#, e - 1.0)
        ),
        Ok(vec![2.0, 0.0, 1.0])
    );
    assert_eq!(
        reason(&x, r#"{"latency":1,"method":"PATCH","bytes":1}"#),
        "feature `method`: \"PATCH\" is not in its map, which has no `other`"
    );
    assert_eq!(
        reason(&x, r#"{"latency":1,"method":"GET","bytes":-3}"#),
        "feature `bytes` is not a finite number"
    );
}

#[test]
fn map_features_read_numbers_and_booleans_as_their_text() {
    let level = derived(
        "level",
        "level",
        Derive::Map(CategoryMap {
            values: [
                ("200".to_owned(), 0.0),
                ("true".to_owned(), 1.0),
                ("error".to_owned(), 2.0),
            ]
            .into(),
            other: Some(9.0),
        }),
    );
    let x = FeatureExtractor::new(&[level]);
    assert_eq!(one(&x, r#"{"level":200}"#), Ok(vec![0.0]));
    assert_eq!(one(&x, r#"{"level":true}"#), Ok(vec![1.0]));
    assert_eq!(one(&x, r#"{"level":"error"}"#), Ok(vec![2.0]));
    assert_eq!(one(&x, r#"{"level":"debug"}"#), Ok(vec![9.0]));
}

const COMBINED: &str = r#"203.0.113.9 - alice [10/Oct/2023:13:55:36 +0000] "GET /api/v1/orders?id=7 HTTP/1.1" 200 2326 "https://example.com/" "Mozilla/5.0 (X11; Linux x86_64)""#;

#[test]
fn combined_lines_give_every_field_and_the_requests_parts() {
    let method = derived(
        "method",
        "method",
        Derive::Map(CategoryMap {
            values: [("GET".to_owned(), 0.0), ("POST".to_owned(), 1.0)].into(),
            other: Some(2.0),
        }),
    );
    let x = text(
        RecordFormat::Combined,
        &[
            spec("status", None, None),
            spec("body_bytes_sent", None, Some(0.0)),
            method,
            derived("class", "status", Derive::Class),
        ],
    );
    assert_eq!(one(&x, COMBINED), Ok(vec![200.0, 2326.0, 0.0, 2.0]));
    // Apache writes `-` for no body; fields appended after the user agent are ignored.
    let line = COMBINED.replace("200 2326", "304 -") + " 0.003 extra";
    assert_eq!(one(&x, &line), Ok(vec![304.0, 0.0, 0.0, 3.0]));
    // Escaped quotes (Apache `\"`, nginx `\x22`) stay inside their part.
    let escaped = COMBINED.replace(
        "Mozilla/5.0 (X11; Linux x86_64)",
        r#"say \"hi\" \x22there\x22"#,
    );
    assert_eq!(one(&x, &escaped), Ok(vec![200.0, 2326.0, 0.0, 2.0]));
    // A request that is not `METHOD PATH PROTOCOL` leaves the method missing (here: `other`).
    let garbage = COMBINED.replace("GET /api/v1/orders?id=7 HTTP/1.1", r"\x16\x03\x01");
    assert_eq!(
        reason(&x, &garbage),
        "combined: method is missing and feature `method` has no default"
    );
}

#[test]
fn text_formats_word_their_problems_with_format_and_field() {
    let x = text(
        RecordFormat::Combined,
        &[
            spec("status", None, None),
            spec("body_bytes_sent", None, None),
        ],
    );
    assert_eq!(
        reason(&x, &COMBINED.replace(" 200 ", " abc ")),
        "combined: status `abc` is not a number"
    );
    assert_eq!(
        reason(&x, &COMBINED.replace(" 2326 ", " - ")),
        "combined: body_bytes_sent is missing and feature `body_bytes_sent` has no default"
    );
    let cut = &COMBINED[..COMBINED.find(" 200").unwrap()];
    assert_eq!(reason(&x, cut), "combined: line ends before status");
    assert_eq!(
        reason(&x, &COMBINED.replace("[10/Oct", "10/Oct")),
        "combined: expected `[` to open time_local at byte 20"
    );
    assert_eq!(
        reason(&x, &COMBINED.replace("x86_64)\"", "x86_64)")),
        "combined: unterminated quote in http_user_agent at byte 116"
    );
    assert_eq!(
        reason(&x, &COMBINED.replace("200 2326", "200  2326")),
        "combined: body_bytes_sent is empty at byte 88"
    );
    assert_eq!(
        reason(&x, &(COMBINED.to_owned() + "x")),
        "combined: expected a space or the end of the line after http_user_agent at byte 149"
    );
}

#[test]
fn common_and_timed_lines() {
    let common = text(RecordFormat::Common, &[spec("status", None, None)]);
    let clf =
        r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#;
    assert_eq!(one(&common, clf), Ok(vec![200.0]));
    let timed = text(
        RecordFormat::CombinedTimed,
        &[
            spec("request_time", None, None),
            spec("upstream_response_time", None, Some(-1.0)),
        ],
    );
    assert_eq!(
        one(&timed, &format!("{COMBINED} 0.153 0.152")),
        Ok(vec![0.153, 0.152])
    );
    assert_eq!(
        one(&timed, &format!("{COMBINED} 0.153 0.002, 0.150 : -")),
        Ok(vec![0.153, 0.152])
    );
    assert_eq!(
        one(&timed, &format!("{COMBINED} 0.001 -")),
        Ok(vec![0.001, -1.0])
    );
    assert_eq!(
        reason(&timed, COMBINED),
        "combined_timed: line ends before request_time"
    );
}

const ALB: &str = r#"https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2018-07-02T22:22:48.364000Z "authenticate,forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1234abcd5678ef90"#;

#[test]
fn alb_entries_use_awss_field_names() {
    let x = text(
        RecordFormat::Alb,
        &[
            spec("target_processing_time", None, Some(-1.0)),
            spec("elb_status_code", None, None),
            spec("target_status_code", None, Some(0.0)),
            spec("received_bytes", None, None),
            spec("sent_bytes", None, None),
            derived(
                "method",
                "method",
                Derive::Map(CategoryMap {
                    values: [("GET".to_owned(), 0.0)].into(),
                    other: Some(1.0),
                }),
            ),
        ],
    );
    assert_eq!(one(&x, ALB), Ok(vec![0.048, 200.0, 200.0, 0.0, 57.0, 0.0]));
    // -1 (the load balancer could not dispatch) and `-` (no response) are missing.
    let failed = ALB.replace("0.086 0.048 0.037 200 200", "0.000 -1 -1 502 -");
    assert_eq!(one(&x, &failed), Ok(vec![-1.0, 502.0, 0.0, 0.0, 57.0, 0.0]));
    // Older entries end early; newer ones have fields after conn_trace_id.
    let old = &ALB[..ALB.find(" arn:aws:elasticloadbalancing").unwrap()];
    assert_eq!(one(&x, old), Ok(vec![0.048, 200.0, 200.0, 0.0, 57.0, 0.0]));
    assert_eq!(
        one(&x, &format!("{ALB} \"transformed\" \"-\"")),
        Ok(vec![0.048, 200.0, 200.0, 0.0, 57.0, 0.0])
    );
    let short = &ALB[..ALB.find(" ECDHE").unwrap()];
    assert_eq!(reason(&x, short), "alb: line ends before ssl_cipher");
}

#[test]
fn logfmt_pairs_with_durations_in_units() {
    let mut service = spec("service", None, None);
    service.unit = Some(DurationUnit::Ms);
    let x = text(
        RecordFormat::Logfmt,
        &[
            spec("connect", None, None),
            service,
            spec("status", None, None),
            derived(
                "error",
                "level",
                Derive::Map(CategoryMap {
                    values: [("error".to_owned(), 1.0)].into(),
                    other: Some(0.0),
                }),
            ),
            spec("cached", None, Some(0.0)),
        ],
    );
    let line = r#"at=info method=GET path="/a b" host=example.com connect=250us service=1.5s status=200 bytes=1548 level=error"#;
    assert_eq!(one(&x, line), Ok(vec![0.25, 1500.0, 200.0, 1.0, 0.0]));
    assert_eq!(
        one(&x, "connect=1ms service=37ms status=503 cached level=info"),
        Ok(vec![1.0, 37.0, 503.0, 0.0, 1.0])
    );
    let unterminated = r#"at=info method=GET connect=1ms msg="unterminated service=2ms"#;
    assert_eq!(
        reason(&x, unterminated),
        "logfmt: unterminated quote at byte 35"
    );
    assert_eq!(
        reason(&x, "connect=1ms service=fast status=200"),
        "logfmt: service `fast` is not a number"
    );
    assert_eq!(
        reason(&x, "connect=1ms status=200"),
        "logfmt: service is missing and feature `service` has no default"
    );
}

#[test]
fn regex_groups_are_fields() {
    let format = RecordFormat::Regex(
        r"^(?P<ip>\S+) took (?P<ms>\S+) status=(?P<status>\d+)(?: retries=(?P<retries>\d+))?$"
            .into(),
    );
    let x = text(
        format,
        &[
            spec("ms", None, None),
            spec("status", None, None),
            spec("retries", None, Some(0.0)),
        ],
    );
    assert_eq!(
        one(&x, "10.0.0.1 took 12ms status=200"),
        Ok(vec![12.0, 200.0, 0.0])
    );
    assert_eq!(
        one(&x, "10.0.0.1 took 1.5s status=503 retries=2"),
        Ok(vec![1500.0, 503.0, 2.0])
    );
    assert_eq!(
        reason(&x, "nothing like it"),
        "regex: the line does not match the pattern"
    );
}

#[test]
fn formats_refuse_features_naming_no_field_and_broken_patterns() {
    let err =
        FeatureExtractor::with_format(&RecordFormat::Combined, &[spec("latency", None, None)])
            .unwrap_err();
    assert_eq!(err.rule, ContractRule::FeatureField);
    assert_eq!(
        err.problem,
        "`latency` is not a field of the `combined` format"
    );
    let err = FeatureExtractor::with_format(
        &RecordFormat::Regex("(?P<a>".into()),
        &[spec("a", None, None)],
    )
    .unwrap_err();
    assert_eq!(err.rule, ContractRule::RecordPattern);
    assert!(err.problem.ends_with("unclosed group"), "{}", err.problem);
}

#[test]
fn a_configuration_the_contract_refuses_makes_every_record_bad_not_a_crash() {
    let config = contract::FunctionConfig {
        record_format: RecordFormat::Regex("(?P<a>".into()),
        features: vec![spec("a", None, None)],
        ..contract::FunctionConfig::default()
    };
    let x = FeatureExtractor::for_config(&config);
    assert_eq!(
        reason(&x, "anything"),
        "regex: the configuration cannot be used: record_format.regex: `(?P<a>` is not a pattern: unclosed group"
    );
}
