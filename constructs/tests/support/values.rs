//! Leaf strategies: valid values at and inside their limits, and hostile ones (strings of any
//! content and length, numbers beyond every limit, wrong types, intrinsics).
//!
//! `h` is the hostility of a generated stack: 0 gives only valid values; above 0, each value is
//! hostile with probability `h / 20`.

use constructs::intrinsic::Intrinsic;
use constructs::{LogicalId, Value};
use proptest::prelude::*;
use proptest::sample::select;

/// A boxed strategy.
pub type S<T> = BoxedStrategy<T>;

/// String parameter every generated stack may refer to.
pub const P_STR: &str = "PStr";
/// Number parameter.
pub const P_NUM: &str = "PNum";
/// Comma-delimited list parameter (bootstrap servers).
pub const P_LIST: &str = "PList";
/// `AWS::EC2::VPC::Id` parameter.
pub const P_VPC: &str = "PVpc";
/// `AWS::EC2::Subnet::Id` parameters.
pub const P_SUBNETS: [&str; 2] = ["PSubnetA", "PSubnetB"];
/// `AWS::EC2::SecurityGroup::Id` parameter.
pub const P_SG: &str = "PSg";
/// String parameter defaulting to empty (an optional e-mail address).
pub const P_EMAIL: &str = "PEmail";
/// A `Ref` target that is never added: a deliberately dangling reference.
pub const DANGLING: &str = "DanglingParam";

/// `Ref` to `name`.
pub fn reference(name: &str) -> Value {
    Value::reference(&LogicalId::new(name).expect("parameter names are logical ids"))
}

/// Picks `valid` with probability `1 - h/20`, else `bad`.
pub fn hv<T: std::fmt::Debug + Clone + 'static>(h: u32, valid: S<T>, bad: S<T>) -> S<T> {
    if h == 0 {
        valid
    } else {
        prop_oneof![20 - h.min(19) => valid, h.min(19) => bad].boxed()
    }
}

/// Like [`hv`] for `Option`s: a valid value or none, or (hostile) a bad one.
pub fn opt<T: std::fmt::Debug + Clone + 'static>(h: u32, valid: S<T>, bad: S<T>) -> S<Option<T>> {
    prop_oneof![
        1 => Just(None),
        2 => hv(h, valid, bad).prop_map(Some),
    ]
    .boxed()
}

/// Fragments that break parsers, templates and YAML: CloudFormation syntax, YAML indicators,
/// quotes, escapes, controls, invisible and right-to-left characters, the runtime contract's
/// token delimiter.
pub const TOKENS: &[&str] = &[
    "${AWS::Region}",
    "${DanglingParam}",
    "${DanglingParam.Arn}",
    "${!Literal}",
    "${",
    "}",
    "\"",
    "'",
    "\\",
    "\0",
    "\u{1}0\u{1}",
    "\\u00010\\u0001",
    "null",
    "~",
    "yes",
    "No",
    "on",
    "true",
    "0x1F",
    "1e3",
    ".inf",
    "-",
    ": ",
    " #",
    "&anchor",
    "*alias",
    "!Ref X",
    "{",
    "[",
    "\n",
    "\r\n",
    "\t",
    " ",
    "\u{feff}",
    "\u{2028}",
    "\u{202e}",
    "é",
    "日本",
    "🦀",
    "%s",
    "@",
    "arn:aws:",
    "*",
    "-----BEGIN",
    "Fn::Sub",
    "AWS::NoValue",
    "--",
    "..",
    "/",
    ",",
    "aws:",
];

/// Strings of any content and length.
pub fn nasty_string() -> S<String> {
    prop_oneof![
        Just(String::new()),
        (1usize..5000, any::<char>()).prop_map(|(n, c)| c.to_string().repeat(n)),
        (200usize..300).prop_map(|n| "a".repeat(n)),
        proptest::collection::vec(any::<char>(), 1..40).prop_map(|cs| cs.into_iter().collect()),
        select(TOKENS).prop_map(str::to_owned),
        proptest::collection::vec(select(TOKENS), 1..6).prop_map(|v| v.concat()),
        ("[a-z0-9-]{1,12}", select(TOKENS), "[a-z0-9-]{0,12}")
            .prop_map(|(a, t, b)| format!("{a}{t}{b}")),
    ]
    .boxed()
}

/// Numbers at, just inside and just beyond each of `points`, and the extremes.
pub fn ints_near(points: &'static [i64]) -> S<i64> {
    prop_oneof![
        select(points),
        select(points).prop_map(|p| p.saturating_sub(1)),
        select(points).prop_map(|p| p.saturating_add(1)),
        select(&[0, -1, i64::MIN, i64::MAX, i64::MIN + 1, i64::MAX - 1][..]),
        any::<i64>(),
    ]
    .boxed()
}

/// Floats that no limit accepts, or that sit on a limit.
pub fn nasty_float() -> S<f64> {
    prop_oneof![
        select(
            &[
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                -0.0,
                0.0,
                f64::MIN_POSITIVE,
                f64::MAX,
                f64::MIN,
                1e300,
                -1.5,
                0.5,
                1.5,
                9_999_999_999.5,
            ][..]
        ),
        any::<f64>(),
    ]
    .boxed()
}

/// A value of the wrong kind for a scalar property.
pub fn wrong_type() -> S<Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        nasty_float().prop_map(Value::Float),
        any::<i64>().prop_map(Value::Int),
        nasty_string().prop_map(Value::String),
        Just(Value::List(vec![])),
        Just(Value::list(["a", "b"])),
        Just(Value::map([("k", "v")])),
        Just(Value::no_value()),
        Just(reference(DANGLING)),
        Just(Value::sub("${DanglingParam}-x")),
    ]
    .boxed()
}

/// A hostile value for a string property.
pub fn bad_string_value() -> S<Value> {
    prop_oneof![
        4 => nasty_string().prop_map(Value::String),
        1 => wrong_type(),
    ]
    .boxed()
}

/// A hostile value for an integer property with limits at `points`.
pub fn bad_int_value(points: &'static [i64]) -> S<Value> {
    prop_oneof![
        4 => ints_near(points).prop_map(Value::Int),
        1 => wrong_type(),
    ]
    .boxed()
}

/// A deploy-time string: a `Ref` to the string parameter, or a `Fn::Sub` of pseudo parameters.
pub fn deploy_time_string() -> S<Value> {
    prop_oneof![
        Just(reference(P_STR)),
        Just(Value::sub("${AWS::StackName}-value")),
        Just(Value::sub("${PStr}")),
        Just(Value::from(Intrinsic::ImportValue(Value::from(
            "shared-value"
        )))),
    ]
    .boxed()
}

/// A valid string property: a literal from `literal`, or now and then a deploy-time value.
pub fn string_value(literal: S<String>) -> S<Value> {
    prop_oneof![
        6 => literal.prop_map(Value::String),
        1 => deploy_time_string(),
    ]
    .boxed()
}

/// A valid integer property in `min..=max`, with the limits themselves and their neighbours
/// inside the range likely, and now and then the number parameter.
pub fn int_value(min: i64, max: i64) -> S<Value> {
    prop_oneof![
        2 => select(vec![min, max, min.saturating_add(1).min(max), max.saturating_sub(1).max(min)])
            .prop_map(Value::Int),
        3 => (min..=max).prop_map(Value::Int),
        1 => Just(reference(P_NUM)),
    ]
    .boxed()
}

/// `value` at hostility `h`: valid, or beyond the limits `points`.
pub fn int_prop(h: u32, min: i64, max: i64, points: &'static [i64]) -> S<Value> {
    hv(h, int_value(min, max), bad_int_value(points))
}

/// A string property: valid from `literal`, or hostile.
pub fn string_prop(h: u32, literal: S<String>) -> S<Value> {
    hv(h, string_value(literal), bad_string_value())
}

/// A boolean property.
pub fn bool_prop(h: u32) -> S<Value> {
    hv(h, any::<bool>().prop_map(Value::Bool).boxed(), wrong_type())
}

/// Hexadecimal digits, `n` of them.
pub fn hex(n: usize) -> S<String> {
    proptest::collection::vec(select(&b"0123456789abcdef"[..]), n)
        .prop_map(|v| v.into_iter().map(char::from).collect())
        .boxed()
}

/// A valid KMS key ARN literal.
pub fn key_arn() -> S<String> {
    (hex(8), hex(4), hex(4), hex(4), hex(12))
        .prop_map(|(a, b, c, d, e)| {
            format!("arn:aws:kms:us-east-1:123456789012:key/{a}-{b}-{c}-{d}-{e}")
        })
        .boxed()
}

/// A valid Secrets Manager secret ARN literal whose name starts with `prefix`.
pub fn secret_arn(prefix: &'static str) -> S<String> {
    ("[a-z][a-z0-9_-]{0,20}", "[A-Za-z0-9]{6}")
        .prop_map(move |(name, suffix)| {
            format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{prefix}{name}-{suffix}")
        })
        .boxed()
}

/// MSK cluster ARNs (a small pool, so sources and secrets can name the same cluster).
pub const CLUSTERS: [&str; 2] = [
    "arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2",
    "arn:aws:kafka:us-east-1:123456789012:cluster/orders/1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f-1",
];

/// A valid Kafka topic name: 2 to 249 of `[a-zA-Z0-9._-]`, not starting with `.`.
pub fn topic_name() -> S<String> {
    prop_oneof![
        4 => "[a-zA-Z0-9_-][a-zA-Z0-9._-]{1,30}",
        1 => "[a-z][a-z0-9._-]{248}",
        1 => Just("ab".to_owned()),
    ]
    .boxed()
}

/// A valid `host:port`.
pub fn host_port() -> S<String> {
    prop_oneof![
        ("[a-z][a-z0-9-]{0,10}[a-z0-9]", 1u32..=65535)
            .prop_map(|(h, p)| format!("{h}.kafka.example.com:{p}")),
        (0u8..=255, 0u8..=255, 1u32..=65535).prop_map(|(a, b, p)| format!("10.{a}.{b}.7:{p}")),
        Just("b-1.example.com:65535".to_owned()),
        Just("b:1".to_owned()),
    ]
    .boxed()
}

/// Hostile bootstrap servers.
pub fn bad_host_port() -> S<String> {
    prop_oneof![
        Just("https://b-1.example.com:9096".to_owned()),
        Just("b-1.example.com".to_owned()),
        Just("a:1,b:2".to_owned()),
        Just("b-1.example.com:0".to_owned()),
        Just("b-1.example.com:65536".to_owned()),
        Just("b-1.example.com:+90".to_owned()),
        Just(":9092".to_owned()),
        Just("-b.example.com:9092".to_owned()),
        nasty_string(),
    ]
    .boxed()
}

/// A consumer group id: 1 to 190 of Lambda's characters (room for a unique suffix).
pub fn group_id() -> S<String> {
    prop_oneof!["[a-zA-Z0-9/*:_+=.@-]{1,30}", "[a-z]{190}",].boxed()
}

/// A tag key: 1 to 128 characters, not starting with `aws:`.
pub fn tag_key() -> S<String> {
    prop_oneof!["[a-zA-Z][a-zA-Z0-9 _.:/=+@-]{0,30}", Just("k".repeat(128)),]
        .prop_filter("aws: is reserved", |k| {
            !k.to_ascii_lowercase().starts_with("aws:")
        })
        .boxed()
}

/// A tag value: at most 256 characters.
pub fn tag_value() -> S<String> {
    prop_oneof![
        "[a-zA-Z0-9 _.:/=+@-]{0,30}",
        Just("v".repeat(256)),
        Just(String::new()),
    ]
    .boxed()
}

/// Tags, valid or hostile.
pub fn tags(h: u32) -> S<Vec<(String, Value)>> {
    let valid = proptest::collection::vec((tag_key(), tag_value().prop_map(Value::String)), 0..3)
        .prop_map(|tags| {
            let mut seen = std::collections::HashSet::new();
            tags.into_iter()
                .filter(|(k, _)| seen.insert(k.clone()))
                .collect::<Vec<_>>()
        })
        .boxed();
    let bad = proptest::collection::vec(
        (
            prop_oneof![
                nasty_string(),
                Just("aws:owner".to_owned()),
                Just("AWS:x".to_owned()),
                Just("dup".to_owned()),
                Just("k".repeat(129)),
            ],
            bad_string_value(),
        ),
        0..4,
    )
    .boxed();
    hv(h, valid, bad)
}

/// Text of up to `max` characters (descriptions, display names).
pub fn text(max: usize) -> S<String> {
    prop_oneof![
        4 => "([A-Za-z0-9,.()'/-]{1,12} ){0,5}",
        1 => Just("d".repeat(max)),
        1 => "\\PC{0,20}",
    ]
    .boxed()
}
