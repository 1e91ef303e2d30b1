//! Duration units: what a feature's durations with units (`18ms`, `1.5s`) convert to.
//!
//! ```
//! use contract::DurationUnit;
//! assert_eq!(DurationUnit::S.in_millis(), 1_000.0);
//! assert_eq!(serde_json::from_str::<DurationUnit>(r#""min""#).unwrap(), DurationUnit::M);
//! ```

use serde::{Deserialize, Serialize};

/// A unit of time. Durations written with a unit (`250us`, `18ms`, `1.5s`, `2m`, `1h`, and
/// Go's compound `1m30s`) convert to the feature's unit, milliseconds unless it names another;
/// bare numbers are taken as they are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum DurationUnit {
    /// Nanoseconds.
    Ns,
    /// Microseconds (`us`; values may also write `µs`).
    Us,
    /// Milliseconds (the default).
    #[default]
    Ms,
    /// Seconds.
    S,
    /// Minutes (`m`, or `min`).
    #[serde(alias = "min")]
    M,
    /// Hours.
    H,
}

impl DurationUnit {
    /// Milliseconds in one of this unit.
    pub fn in_millis(self) -> f64 {
        match self {
            DurationUnit::Ns => 1e-6,
            DurationUnit::Us => 1e-3,
            DurationUnit::Ms => 1.0,
            DurationUnit::S => 1_000.0,
            DurationUnit::M => 60_000.0,
            DurationUnit::H => 3_600_000.0,
        }
    }

    /// The unit's name, as stack files and durations write it (`ms`).
    pub fn name(self) -> &'static str {
        match self {
            DurationUnit::Ns => "ns",
            DurationUnit::Us => "us",
            DurationUnit::Ms => "ms",
            DurationUnit::S => "s",
            DurationUnit::M => "m",
            DurationUnit::H => "h",
        }
    }

    /// The unit a duration's suffix names (`ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`).
    pub fn from_suffix(suffix: &str) -> Option<DurationUnit> {
        Some(match suffix {
            "ns" => DurationUnit::Ns,
            "us" | "\u{b5}s" | "\u{3bc}s" => DurationUnit::Us,
            "ms" => DurationUnit::Ms,
            "s" => DurationUnit::S,
            "m" => DurationUnit::M,
            "h" => DurationUnit::H,
            _ => return None,
        })
    }
}
