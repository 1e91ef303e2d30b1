//! A scorer for the Numenta Anomaly Benchmark (NAB), written from NAB's published method
//! (Lavin and Ahmad 2015, "Evaluating Real-time Anomaly Detection Algorithms — the Numenta
//! Anomaly Benchmark", and the NAB repository's documentation), and `anomaly-function nab`,
//! which runs the embedded forest over a NAB corpus and scores it.
//!
//! The scorer is checked against NAB's own: scoring the results NAB publishes for its
//! detectors ([`published`]) gives the raw score NAB lists for every file of every detector
//! whose scores file matches its results, and every total on NAB's scoreboard.
//!
//! * [`time`]: NAB timestamps.
//! * [`windows`]: the labelled anomaly windows (`windows.json`).
//! * [`score`]: the scoring of one file's detections, and the normalised score.
//! * [`split`]: the development and held-out series.
//! * [`corpus`]: reading a corpus's series, each scored as a stream.
//! * [`published`]: NAB's published detectors, scored on the same series.
//! * [`select`]: the leave-one-group-out cross-validation that chose the adaptive
//!   threshold's settings.

pub mod corpus;
pub mod published;
pub mod score;
pub mod select;
pub mod split;
pub mod time;
pub mod windows;

/// What can go wrong reading a NAB corpus.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NabError {
    /// A timestamp that is not `YYYY-MM-DD HH:MM:SS[.ffffff]`.
    #[error("`{0}` is not a timestamp like `2014-04-10 16:15:00`")]
    BadTimestamp(String),
    /// The windows file cannot be used.
    #[error("windows file: {0}")]
    BadWindows(String),
    /// A published detector's threshold cannot be found (`config/thresholds.json`).
    #[error("thresholds: {0}")]
    BadThresholds(String),
    /// A series file cannot be used.
    #[error("{file}: {problem}")]
    BadSeries {
        /// The file, relative to the corpus.
        file: String,
        /// What is wrong.
        problem: String,
    },
}
