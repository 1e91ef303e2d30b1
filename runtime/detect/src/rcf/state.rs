//! The forest's stored form: its samples, not its trees.
//!
//! ```json
//! {"dimensions": 3, "params": {...}, "seen": 5000, "inserted": 5000, "recent": [],
//!  "seqs": [17, 40, ...], "points": [0.5, 1.25, ...], "samples": [[0, 3, ...], ...]}
//! ```
//!
//! `seqs` and `points` list each sampled point once, in stream order (`points` flat, one tree
//! point after another); `samples[t]` lists, in ascending order, the points tree `t` holds.
//! Loading rebuilds every tree from its sample (see `Forest::from_samples`), so the stored
//! form is canonical: storing, loading and storing again gives the same bytes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::RcfError;
use super::forest::Forest;
use super::params::ForestParams;

/// The stored form of a [`Forest`].
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ForestState {
    dimensions: usize,
    params: ForestParams,
    seen: u64,
    inserted: u64,
    recent: Vec<f64>,
    seqs: Vec<u64>,
    points: Vec<f64>,
    samples: Vec<Vec<u32>>,
}

impl ForestState {
    /// The stored form of `forest`.
    pub(crate) fn of(forest: &Forest) -> ForestState {
        let live = forest.store.live_slots_by_seq();
        // Store slot → position in stream order.
        let mut index = std::collections::HashMap::with_capacity(live.len());
        let mut seqs = Vec::with_capacity(live.len());
        let mut points =
            Vec::with_capacity(live.len() * forest.dimensions * forest.params.shingle_size);
        for (i, &slot) in live.iter().enumerate() {
            index.insert(slot, i as u32);
            seqs.push(forest.store.seq(slot));
            points.extend_from_slice(forest.store.point(slot));
        }
        let samples = forest
            .reservoirs
            .iter()
            .map(|r| {
                let mut s: Vec<u32> = r
                    .entries()
                    .filter_map(|e| index.get(&e.slot).copied())
                    .collect();
                s.sort_unstable();
                s
            })
            .collect();
        ForestState {
            dimensions: forest.dimensions,
            params: forest.params,
            seen: forest.seen,
            inserted: forest.inserted,
            recent: forest.recent.clone(),
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
        let width = self.dimensions * self.params.shingle_size;
        if self.samples.len() != self.params.trees {
            return bad(format!(
                "{} tree samples for {} trees",
                self.samples.len(),
                self.params.trees
            ));
        }
        if self.points.len() != self.seqs.len() * width {
            return bad(format!(
                "{} point values for {} points of width {width}",
                self.points.len(),
                self.seqs.len()
            ));
        }
        if let Some(i) = self.points.iter().position(|v| !v.is_finite()) {
            return bad(format!("point value {i} is not a finite number"));
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
        let max_recent = width - self.dimensions;
        if self.recent.len() > max_recent
            || self.recent.len() % self.dimensions != 0
            || self.recent.iter().any(|v| !v.is_finite())
        {
            return bad(format!(
                "the shingle holds {} values; expected finite values, a multiple of {} up to {max_recent}",
                self.recent.len(),
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
        let points: Vec<(u64, &[f64])> = self
            .seqs
            .iter()
            .zip(self.points.chunks_exact(width))
            .map(|(&s, p)| (s, p))
            .collect();
        Forest::from_samples(
            self.dimensions,
            self.params,
            self.seen,
            self.inserted,
            self.recent,
            &points,
            &self.samples,
        )
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
