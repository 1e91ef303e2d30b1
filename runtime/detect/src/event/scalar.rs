//! The scalars the `serde_json` decoder reads leniently: strings borrowed from the input when
//! they have no escapes ([`Text`]), and integers given as numbers or numeric strings
//! ([`Lenient`]).

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// A string borrowed from the input when it has no escapes. (`Option<Cow<str>>` with
/// `#[serde(borrow)]` would not borrow: serde only does that for a bare `Cow<str>` field.)
pub(super) struct Text<'a>(pub(super) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// An integer given as a JSON number or a numeric string.
pub(super) struct Lenient(pub(super) i64);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Lenient;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer or a string holding one")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Lenient, E> {
                Ok(Lenient(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Lenient, E> {
                i64::try_from(v)
                    .map(Lenient)
                    .map_err(|_| E::custom(format_args!("{v} is too large")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Lenient, E> {
                // Only whole numbers within i64's range are accepted; the cast is then exact.
                if v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64 {
                    Ok(Lenient(v as i64))
                } else {
                    Err(E::custom(format_args!("{v} is not an integer")))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Lenient, E> {
                v.trim()
                    .parse()
                    .map(Lenient)
                    .map_err(|_| E::custom(format_args!("`{v}` is not an integer")))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lenient(json: &str) -> Result<i64, serde_json::Error> {
        serde_json::from_str::<Lenient>(json).map(|l| l.0)
    }

    #[test]
    fn integers_come_as_numbers_or_numeric_strings() {
        assert_eq!(lenient("7").unwrap(), 7);
        assert_eq!(lenient(r#"" 12 ""#).unwrap(), 12);
        assert_eq!(lenient("3.0").unwrap(), 3);
        for bad in ["1.5", r#""x""#, "18446744073709551615", "true"] {
            assert!(lenient(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_borrows_unless_it_had_escapes() {
        let plain: Text<'_> = serde_json::from_str(r#""abc""#).unwrap();
        assert!(matches!(plain.0, Cow::Borrowed("abc")));
        let escaped: Text<'_> = serde_json::from_str(r#""a\u002db""#).unwrap();
        assert!(matches!(&escaped.0, Cow::Owned(s) if s == "a-b"));
    }
}
