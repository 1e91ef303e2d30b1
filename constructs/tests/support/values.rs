//! Leaf strategies that know nothing of any construct: hostile text (any content and
//! length, the fragments that break parsers and templates), numbers at and beyond limits,
//! and the hostility knob.
//!
//! `h` is the hostility of a generated document: 0 gives only valid values; above 0, each
//! value is hostile with probability `h / 20`.

use proptest::prelude::*;
use proptest::sample::select;

/// A boxed strategy.
pub type S<T> = BoxedStrategy<T>;

/// Picks `valid` with probability `1 - h/20`, else `bad`.
pub fn hv<T: std::fmt::Debug + Clone + 'static>(h: u32, valid: S<T>, bad: S<T>) -> S<T> {
    if h == 0 {
        valid
    } else {
        prop_oneof![20 - h.min(19) => valid, h.min(19) => bad].boxed()
    }
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
pub fn ints_near(points: Vec<i64>) -> S<i64> {
    let below: Vec<i64> = points.iter().map(|p| p.saturating_sub(1)).collect();
    let above: Vec<i64> = points.iter().map(|p| p.saturating_add(1)).collect();
    prop_oneof![
        select(points),
        select(below),
        select(above),
        select(&[0, -1, i64::MIN, i64::MAX, i64::MIN + 1, i64::MAX - 1][..]),
        any::<i64>(),
    ]
    .boxed()
}

/// Finite floats that no limit accepts, or that sit on one (JSON has no NaN or infinity;
/// the YAML mutation tests write those).
pub fn nasty_float() -> S<f64> {
    prop_oneof![
        select(
            &[
                -0.0,
                0.0,
                f64::MIN_POSITIVE,
                f64::MAX,
                f64::MIN,
                1e300,
                -1e300,
                -1.5,
                0.5,
                1.5,
                9_999_999_999.5,
            ][..]
        ),
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
    ]
    .boxed()
}
