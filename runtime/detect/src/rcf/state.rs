//! The forest's stored form: its samples, not its trees.
//!
//! ```json
//! {"dimensions": 3, "params": {...}, "seen": 5000, "inserted": 5000, "recent": [],
//!  "seqs": [17, 40, ...], "points": [0.5, 1.25, ...], "samples": [[0, 3, ...], ...]}
//! ```
//!
//! `seqs` and `points` list each sampled point once, in stream order (`points` flat, one tree
//! point after another, as `f32`); `samples[t]` lists, in ascending order, the points tree `t`
//! holds; `recent` is the last `shingle_size − 1` inputs. Loading rebuilds every tree from its
//! sample (see `Forest::from_samples`), so the stored form is canonical: storing, loading and
//! storing again gives the same bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::RcfError;
use super::forest::Forest;
use super::params::ForestParams;
use super::store::PointStore;

/// The most input values a loaded forest's point store may span (a forest that streamed keeps
/// far fewer: its samples reach back a few tens of thousands of points).
const MAX_STORE_VALUES: usize = 1 << 26;

/// The stored form of a [`Forest`].
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ForestState {
    pub(crate) dimensions: usize,
    pub(crate) params: ForestParams,
    pub(crate) seen: u64,
    pub(crate) inserted: u64,
    pub(crate) recent: Vec<f32>,
    pub(crate) seqs: Vec<u64>,
    pub(crate) points: Vec<f32>,
    pub(crate) samples: Vec<Vec<u32>>,
}

impl ForestState {
    /// The stored form of `forest`.
    pub(crate) fn of(forest: &Forest) -> ForestState {
        // Each sampled stream position, with the position whose values it has (a copy of a
        // point the tree already held refers to that point's leaf).
        let mut sampled: BTreeMap<u64, u64> = BTreeMap::new();
        for (reservoir, tree) in forest.reservoirs.iter().zip(forest.trees()) {
            for e in reservoir.entries() {
                sampled
                    .entry(e.seq)
                    .or_insert_with(|| tree.leaf_seq(e.leaf));
            }
        }
        let width = forest.dimensions * forest.params.shingle_size;
        let mut index = BTreeMap::new();
        let mut seqs = Vec::with_capacity(sampled.len());
        let mut points = Vec::with_capacity(sampled.len() * width);
        for (i, (&seq, &holder)) in sampled.iter().enumerate() {
            index.insert(seq, i as u32);
            seqs.push(seq);
            points.extend_from_slice(forest.store.point(holder));
        }
        let samples = forest
            .reservoirs
            .iter()
            .map(|r| {
                let mut s: Vec<u32> = r
                    .entries()
                    .filter_map(|e| index.get(&e.seq).copied())
                    .collect();
                s.sort_unstable();
                s
            })
            .collect();
        ForestState {
            dimensions: forest.dimensions,
            params: forest.params,
            seen: forest.store.seen(),
            inserted: forest.store.points(),
            recent: forest.store.recent().to_vec(),
            seqs,
            points,
            samples,
        }
    }

    /// The forest this state describes, after checking it.
    pub(crate) fn into_forest(self) -> Result<Forest, RcfError> {
        let bad = |reason: String| Err(RcfError::BadModel(reason));
        self.params
            .validate_for(self.dimensions)
            .map_err(|e| RcfError::BadModel(format!("forest parameters: {e}")))?;
        let shingle = self.params.shingle_size;
        let width = self.dimensions * shingle;
        if self.samples.len() != self.params.trees {
            return bad(format!(
                "{} tree samples for {} trees",
                self.samples.len(),
                self.params.trees
            ));
        }
        let made = (self.seen + 1).saturating_sub(shingle as u64);
        if self.inserted != made {
            return bad(format!(
                "{} points inserted, but {} inputs with a shingle of {shingle} make {made}",
                self.inserted, self.seen
            ));
        }
        if self.points.len() != self.seqs.len() * width {
            return bad(format!(
                "{} point values for {} points of width {width}",
                self.points.len(),
                self.seqs.len()
            ));
        }
        if let Some(i) = self
            .points
            .iter()
            .chain(&self.recent)
            .position(|v| !v.is_finite() || f64::from(v.abs()) > super::forest::MAX_VALUE)
        {
            return bad(format!(
                "point value {i} is not a finite number within ±1e30"
            ));
        }
        if let Some(i) = self.seqs.windows(2).position(|w| w[0] >= w[1]) {
            return bad(format!(
                "point positions are not increasing at point {}",
                i + 1
            ));
        }
        if self.seqs.last().is_some_and(|&last| last >= self.inserted) {
            return bad(format!(
                "a point's position is past the {} points inserted",
                self.inserted
            ));
        }
        let full = (shingle as u64 - 1).min(self.seen) as usize * self.dimensions;
        if self.recent.len() != full {
            return bad(format!(
                "the shingle holds {} values; expected {full} (the last {} inputs of {} values)",
                self.recent.len(),
                full / self.dimensions,
                self.dimensions
            ));
        }
        let mut used = vec![false; self.seqs.len()];
        for (t, sample) in self.samples.iter().enumerate() {
            if sample.len() > self.params.sample_size {
                return bad(format!(
                    "tree {t} holds {} points, more than the sample size {}",
                    sample.len(),
                    self.params.sample_size
                ));
            }
            if sample.windows(2).any(|w| w[0] >= w[1]) {
                return bad(format!("tree {t}'s sample is not in increasing order"));
            }
            if let Some(&i) = sample.iter().find(|&&i| i as usize >= self.seqs.len()) {
                return bad(format!("tree {t} names point {i}, which does not exist"));
            }
            for &i in sample {
                used[i as usize] = true;
            }
        }
        if let Some(i) = used.iter().position(|u| !u) {
            return bad(format!("point {i} is in no tree's sample"));
        }
        let points: Vec<(u64, &[f32])> = self
            .seqs
            .iter()
            .zip(self.points.chunks_exact(width))
            .map(|(&s, p)| (s, p))
            .collect();
        let store = PointStore::rebuild(
            self.dimensions,
            shingle,
            self.seen,
            &self.recent,
            &points,
            MAX_STORE_VALUES,
        )
        .map_err(RcfError::BadModel)?;
        let samples: Vec<Vec<u64>> = self
            .samples
            .iter()
            .map(|s| s.iter().map(|&i| self.seqs[i as usize]).collect())
            .collect();
        Forest::from_samples(self.dimensions, self.params, store, &samples)
    }
}

impl Serialize for Forest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ForestState::of(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Forest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Forest, D::Error> {
        ForestState::deserialize(deserializer)?
            .into_forest()
            .map_err(serde::de::Error::custom)
    }
}

impl Forest {
    /// This forest as loading its stored form would give it: trees rebuilt from their
    /// samples (same samples, same shingle, same counters).
    pub(crate) fn canonical(&self) -> Result<Forest, RcfError> {
        ForestState::of(self).into_forest()
    }
}
