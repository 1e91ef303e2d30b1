//! An embedded Random Cut Forest: anomaly scores inside the function, without a SageMaker
//! endpoint, deterministic given a seed.
//!
//! # Why our own implementation
//!
//! The crate we considered is `rcf3` (0.5.2 on crates.io, MIT OR Apache-2.0; streaming
//! anomaly detectors with Python bindings). It would bring `ndarray`, `rand`, `rand_distr`,
//! `ahash`, `itertools` and `libm` into the Lambda zip, and its `serde` feature serialises
//! its in-memory structures, so a model file would follow that crate's internals from release
//! to release (we did not evaluate its determinism). We need a small, stable, documented
//! model file, the same scores for the same seed on every platform and release, and the
//! AWS-style scale (typical points about 1). What that takes is a few hundred lines: random
//! cut trees over a time-decayed reservoir sample (Guha, Mishra, Roy and Schrijvers 2016,
//! "Robust Random Cut Forest Based Anomaly Detection on Streams"), an isolation-depth score,
//! and SplitMix64 for randomness. So the project carries its own, with no new dependency
//! (`serde_json`'s `float_roundtrip` feature is enabled so that model files read back the
//! exact numbers they were written with).
//!
//! AWS's own forest is on crates.io too (`krcflib`, a fork of the Rust code in
//! aws/random-cut-forest-by-aws). Against it, on the same series, parameters and streaming
//! loop, this one does the work in about 2.7 times less CPU time on one thread with less
//! memory, and scores that correlate at 0.95–0.997 (`cargo bench -p detect --bench
//! versus_aws`; numbers in the README); it would also bring `rand`, `rand_chacha`, `num` and
//! `rayon` into the zip.
//!
//! # How it works
//!
//! * **Sampling** (`sampler.rs`): each tree keeps `sample_size` points of the stream in a
//!   time-decayed reservoir — point `i`'s weight grows as `exp(i / (10 · sample_size))` — so a
//!   full sample reaches back roughly `10 · sample_size` points and the forest follows drift.
//!   About nine offers in ten are refused, most without computing a logarithm.
//! * **Points** (`store.rs`): values are `f32`, as in AWS's forests, and held once for the
//!   whole forest in a log of the input points; a shingled tree point is a window of it, so a
//!   shingle of 32 costs one input per point, not 32.
//! * **Trees** (`tree/`): a random cut tree over the sample. Inserting a point draws a cut at
//!   each node whose bounding box it lies outside (dimension ∝ side length over the box grown
//!   to include the point, value uniform); if the cut separates the point, the point becomes a
//!   leaf there, else it descends. Deleting removes the leaf and splices out its parent, then
//!   shrinks the boxes above it as far as they change. Boxes stay exact. Nodes with at most a
//!   few leaves keep no box of wide points (it is the union of their leaves' points, which are
//!   in cache), which saves a third of the memory.
//! * **Scores**: a point's score in a tree is the expected inverse depth at which inserting it
//!   would isolate it — the chance of being cut off at each node on its path is its distance
//!   outside the node's box over the grown box's side lengths — times the typical isolation
//!   depth of a tree of that mass (Liu et al. 2008's `c(n)`); a point the tree holds `m`
//!   times counts as seen, damped by `1 − m / (2 · mass)` as AWS's forest does, so a flat
//!   stretch stays ordinary. The forest averages its trees. Typical points score about 1;
//!   points far from the data score several times that. Like SageMaker RCF's scores they are
//!   unnormalised: pick a threshold from training scores (mean + 3σ is AWS's rule; see
//!   [`ScoreSummary`]), or let the adaptive threshold follow them. A walk goes down the
//!   cuts and back up through the few boxes the point lies outside (boxes are nested, so the
//!   climb stops at the first that holds it): narrow points climb by the nodes the walk down
//!   kept, wide ones by the parents, assembling the boxes small nodes do not store. A tree
//!   that takes the point it just scored inserts it along that walk.
//! * **Batches** (`learn.rs`): [`Forest::try_score_then_update_rows`] scores and learns a
//!   batch a group of four trees at a time, every point in stream order, so the group stays
//!   in cache, and shares the groups out among [`Forest::threads`] threads. A tree's work
//!   depends only on its own sample and the point store, and the groups' sums are added in a
//!   fixed order, so the scores are those of one point at a time, to the bit, on any number of
//!   threads. [`Forest::try_score_rows`] does the same for scoring alone.
//! * **Randomness**: SplitMix64 streams derived from (seed, tree, stream position), so a point
//!   makes the same draws in a tree whenever it is inserted. A tree rebuilt by inserting its
//!   sample in stream order is therefore a function of that sample: the model file stores
//!   only the samples (and the shingle), loading rebuilds the trees, and [`train`] returns the
//!   forest in that rebuilt form, so it scores exactly as the loaded file will.
//! * **Warm-up**: [`Forest::score`] returns 0.0 until the trees hold a quarter of
//!   `sample_size` points ([`ForestParams::warm_up`]; 64 by default, plus `shingle_size - 1`
//!   points to fill the shingle).

mod forest;
mod learn;
mod model;
mod params;
pub(crate) mod random;
mod sampler;
mod state;
mod store;
mod summary;
mod tree;

pub use forest::{Forest, MAX_VALUE};
pub use model::{FORMAT_VERSION, Model, train};
pub use params::{ForestParams, MAX_SAMPLE_SIZE, MAX_TREES, MAX_WIDTH};
pub use summary::{QUANTILES, ScoreSummary, quantile_of_sorted};

/// What can go wrong building, feeding, training or loading a forest.
#[derive(Debug, thiserror::Error)]
pub enum RcfError {
    /// A parameter is out of range.
    #[error("forest parameter `{name}` = {value} is invalid: {fix}")]
    BadParam {
        /// The parameter (a [`ForestParams`] field, or `dimensions`).
        name: &'static str,
        /// Its value.
        value: String,
        /// What to use instead.
        fix: String,
    },
    /// A point has the wrong number of values.
    #[error("a point has {got} values, the forest expects {expected}")]
    Dimension {
        /// The forest's input width.
        expected: usize,
        /// The point's.
        got: usize,
    },
    /// A point holds NaN, an infinity, or a number beyond ±[`MAX_VALUE`].
    #[error(
        "value {index} of a point is {value}; the forest takes only finite numbers within ±1e30"
    )]
    NonFinite {
        /// The value's position in the point.
        index: usize,
        /// The value.
        value: f64,
    },
    /// Training data that cannot be used.
    #[error("training data: {0}")]
    BadTrainingData(String),
    /// A model file that cannot be loaded.
    #[error("bad model file: {0}")]
    BadModel(String),
}

#[cfg(test)]
mod tests;
