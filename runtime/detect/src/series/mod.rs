//! Streaming scoring of a univariate series with the embedded forest
//! (`anomaly-function score-series`): each point is scored, then learnt; no model file.
//!
//! The input is a NAB-format CSV (`timestamp,value`, see [`csv`]); the output adds each
//! point's score and whether it is an anomaly (see [`scoring`]).

pub mod csv;
pub mod scoring;

pub use csv::{Series, SeriesError, SeriesPoint, read_series, write_scored};
pub use scoring::{
    ScoredSeries, SeriesOptions, Threshold, first_score, flag, probation_len, score_series,
    stream_scores,
};
