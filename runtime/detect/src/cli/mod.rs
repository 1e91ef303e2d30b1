//! The data commands, as `clap` subcommands both binaries mount (feature `cli`): `sample`
//! (logs with injected anomalies, without a broker), `score-series` (one univariate series,
//! streaming) and `nab` (a Numenta Anomaly Benchmark corpus, scored).

pub mod nab;
pub mod sample;
pub mod score_series;
