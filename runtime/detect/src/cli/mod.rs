//! The data commands, as `clap` subcommands both binaries mount (feature `cli`): `sample`
//! (logs with injected anomalies, without a broker), `score-series` (one univariate series,
//! streaming) and `nab` (a Numenta Anomaly Benchmark corpus, scored).
//!
//! `synth` and `anomaly-function` run the same commands with the same arguments. Pictures
//! (`score-series --plot`, `nab --plots`) are drawn by the binary that can: `synth` passes a
//! [`Plotter`] (the `plot` feature); the Lambda package carries no plotting code, and its
//! binary says where to find it.

use std::ops::RangeInclusive;
use std::path::Path;

pub mod nab;
pub mod sample;
pub mod score_series;

/// What a series picture shows: the values with the labelled windows, the scores with the
/// threshold, and the flagged points.
#[derive(Debug, Clone, Copy)]
pub struct SeriesPlot<'a> {
    /// The title (the series' name).
    pub title: &'a str,
    /// Each point's timestamp, as written.
    pub timestamps: &'a [String],
    /// Each point's value.
    pub values: &'a [f64],
    /// Each point's score.
    pub scores: &'a [f64],
    /// The threshold each point was compared with, where there was one.
    pub levels: &'a [Option<f64>],
    /// Whether each point was flagged.
    pub anomalies: &'a [bool],
    /// The labelled anomaly windows, as index ranges (none outside NAB).
    pub windows: &'a [RangeInclusive<usize>],
}

/// Draws a [`SeriesPlot`] into an SVG file; the error says why not.
pub type Plotter = fn(&SeriesPlot<'_>, &Path) -> Result<(), String>;

/// The binary running a command: its name (in messages) and what it can draw with.
#[derive(Debug, Clone, Copy)]
pub struct Host {
    /// The binary's name, as messages begin.
    pub program: &'static str,
    /// How pictures are drawn; `None` where the binary has no plotting code.
    pub plotter: Option<Plotter>,
}

impl Host {
    /// The message for a picture asked of a binary that cannot draw one.
    pub fn no_plotter(&self, flag: &str) -> String {
        format!(
            "{flag} draws with synth, which carries the plotting code (this binary is the \
             Lambda package and does not): run the same command as \
             `cargo run --release -p synth -- …` with {flag}"
        )
    }
}
