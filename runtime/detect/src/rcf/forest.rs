//! The forest: trees, their samples, the shared point store and the shingle.

use super::RcfError;
use super::params::ForestParams;
use super::random::{stream_for, tree_seed};
use super::sampler::{Entry, Reservoir, decay, key};
use super::store::PointStore;
use super::tree::Tree;

/// Trees walked at once when scoring.
const WALKS: usize = 4;

/// Tree points up to this width are assembled on the stack when scoring.
const STACK_WIDTH: usize = 64;

/// A Random Cut Forest over a stream of points `dimensions` values wide.
///
/// Each tree keeps a time-decayed random sample of the stream (see the module's notes) and a
/// random cut tree over it. [`score`](Forest::score) asks every tree how easily the point
/// would be cut off and averages: typical points score about 1, anomalies clearly more.
///
/// With `shingle_size` > 1 the forest joins each input point with the `shingle_size - 1`
/// before it into one tree point, so it sees shapes over time in a univariate series.
///
/// Points must be `dimensions` values wide and finite. The `try_` methods return
/// [`RcfError::Dimension`] or [`RcfError::NonFinite`] for any other point; the plain methods
/// treat it as the caller's bug, checked once up front: `score` returns `NaN` and `update`
/// ignores the point. Nothing panics on a bad point.
///
/// ```
/// use detect::rcf::{Forest, ForestParams};
///
/// let params = ForestParams { trees: 30, sample_size: 64, ..ForestParams::default() };
/// let mut forest = Forest::new(2, params)?;
/// for i in 0..500 {
///     let x = f64::from(i % 10);
///     forest.update(&[x, x * 0.5]);
/// }
/// let typical = forest.score(&[4.0, 2.0]);
/// let odd = forest.score(&[40.0, -7.0]);
/// assert!(odd > 2.0 * typical);
/// # Ok::<(), detect::rcf::RcfError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Forest {
    pub(crate) dimensions: usize,
    pub(crate) params: ForestParams,
    /// `dimensions × shingle_size`: the width of a tree point.
    width: usize,
    decay: f64,
    /// Input points learnt.
    pub(crate) seen: u64,
    /// Tree points offered to the samples; the next one's stream position.
    pub(crate) inserted: u64,
    /// The last `shingle_size - 1` input points (fewer at the start), oldest first.
    pub(crate) recent: Vec<f64>,
    pub(crate) store: PointStore,
    pub(crate) reservoirs: Vec<Reservoir>,
    trees: Vec<Tree>,
    tree_seeds: Vec<u64>,
    /// Room to assemble a tree point in.
    scratch: Vec<f64>,
}

impl Forest {
    /// An empty forest for points of `dimensions` values (the width before shingling).
    pub fn new(dimensions: usize, params: ForestParams) -> Result<Forest, RcfError> {
        params.validate_for(dimensions)?;
        let width = dimensions * params.shingle_size;
        Ok(Forest {
            dimensions,
            params,
            width,
            decay: decay(params.sample_size),
            seen: 0,
            inserted: 0,
            recent: Vec::with_capacity(width - dimensions),
            store: PointStore::new(width),
            reservoirs: (0..params.trees)
                .map(|_| Reservoir::new(params.sample_size))
                .collect(),
            trees: (0..params.trees)
                .map(|_| Tree::new(width, params.sample_size))
                .collect(),
            tree_seeds: (0..params.trees)
                .map(|t| tree_seed(params.seed, t))
                .collect(),
            scratch: Vec::with_capacity(width),
        })
    }

    /// The width of the input points (before shingling).
    pub fn dimensions(&self) -> usize {
        self.dimensions
    }

    /// The forest's parameters.
    pub fn params(&self) -> &ForestParams {
        &self.params
    }

    /// The number of input points learnt.
    pub fn seen(&self) -> u64 {
        self.seen
    }

    /// Whether [`score`](Forest::score) gives real scores yet: once the forest has learnt
    /// [`ForestParams::warm_up`] tree points, that is `shingle_size - 1 + warm_up()` input
    /// points (64 with the defaults).
    pub fn is_warm(&self) -> bool {
        self.inserted >= self.params.warm_up()
    }

    /// Checks that `point` fits this forest.
    pub fn check(&self, point: &[f64]) -> Result<(), RcfError> {
        if point.len() != self.dimensions {
            return Err(RcfError::Dimension {
                expected: self.dimensions,
                got: point.len(),
            });
        }
        match point.iter().position(|v| !v.is_finite()) {
            Some(index) => Err(RcfError::NonFinite {
                index,
                value: point[index],
            }),
            None => Ok(()),
        }
    }

    /// The anomaly score of `point` following the points learnt so far, without learning
    /// it: about 1 for a typical point, clearly more for an anomaly; 0.0 until
    /// [`is_warm`](Forest::is_warm); `NaN` for a point that does not fit (see [`check`]).
    ///
    /// [`check`]: Forest::check
    pub fn score(&self, point: &[f64]) -> f64 {
        self.try_score(point).unwrap_or(f64::NAN)
    }

    /// [`score`](Forest::score), with an error for a point that does not fit.
    pub fn try_score(&self, point: &[f64]) -> Result<f64, RcfError> {
        self.check(point)?;
        if !self.is_warm() {
            return Ok(0.0);
        }
        Ok(self.with_tree_point(point, |p| self.score_tree_point(p)))
    }

    /// Learns `point`; ignores a point that does not fit (see [`check`](Forest::check)).
    pub fn update(&mut self, point: &[f64]) {
        // A point that does not fit is documented to be ignored.
        let _ = self.try_update(point);
    }

    /// [`update`](Forest::update), with an error (and nothing learnt) for a point that does
    /// not fit.
    pub fn try_update(&mut self, point: &[f64]) -> Result<(), RcfError> {
        self.check(point)?;
        self.learn(point, false);
        Ok(())
    }

    /// Scores `point` as [`score`](Forest::score) does, then learns it.
    pub fn score_then_update(&mut self, point: &[f64]) -> f64 {
        self.try_score_then_update(point).unwrap_or(f64::NAN)
    }

    /// [`score_then_update`](Forest::score_then_update), with an error (and nothing
    /// learnt) for a point that does not fit.
    pub fn try_score_then_update(&mut self, point: &[f64]) -> Result<f64, RcfError> {
        self.check(point)?;
        Ok(self.learn(point, true))
    }

    /// Runs `f` on the tree point `point` makes with the shingle (shorter than a tree point
    /// while the shingle is not full).
    fn with_tree_point<R>(&self, point: &[f64], f: impl FnOnce(&[f64]) -> R) -> R {
        if self.width == self.dimensions {
            return f(point);
        }
        let mut stack = [0.0; STACK_WIDTH];
        let mut heap = Vec::new();
        let buf: &mut [f64] = if self.width <= STACK_WIDTH {
            &mut stack[..self.width]
        } else {
            heap.resize(self.width, 0.0);
            &mut heap
        };
        let (old, new) = buf.split_at_mut(self.recent.len());
        old.copy_from_slice(&self.recent);
        new[..point.len()].copy_from_slice(point);
        f(&buf[..self.recent.len() + point.len()])
    }

    fn score_tree_point(&self, point: &[f64]) -> f64 {
        if point.len() != self.width {
            return 0.0;
        }
        // Trees are walked WALKS at a time, a level each in turn: each walk is a chain of
        // dependent memory reads, and interleaving them lets the reads overlap.
        let mut sum = 0.0;
        for group in self.trees.chunks(WALKS) {
            let mut walks = [None; WALKS];
            let mut scores = [0.0; WALKS];
            for (walk, tree) in walks.iter_mut().zip(group) {
                *walk = tree.start_walk();
            }
            let mut active = walks.iter().filter(|w| w.is_some()).count();
            while active > 0 {
                for ((walk, tree), score) in walks.iter_mut().zip(group).zip(&mut scores) {
                    if let Some(w) = walk {
                        if let Some(s) = tree.step(w, point) {
                            *score = s;
                            *walk = None;
                            active -= 1;
                        }
                    }
                }
            }
            sum += scores.iter().sum::<f64>();
        }
        sum / self.trees.len() as f64
    }

    /// Learns a checked point; returns its score first when `score` is set (else 0).
    fn learn(&mut self, point: &[f64], score: bool) -> f64 {
        self.seen += 1;
        let shingle_room = self.width - self.dimensions;
        if self.recent.len() < shingle_room {
            self.recent.extend_from_slice(point);
            return 0.0;
        }
        let warm = self.is_warm();
        // The tree point, assembled in a buffer the forest keeps (no allocation per point).
        let mut tree_point = std::mem::take(&mut self.scratch);
        tree_point.clear();
        tree_point.extend_from_slice(&self.recent);
        tree_point.extend_from_slice(point);
        let result = if score && warm {
            self.score_tree_point(&tree_point)
        } else {
            0.0
        };
        self.offer(&tree_point);
        self.scratch = tree_point;
        if shingle_room > 0 {
            self.recent.drain(..self.dimensions);
            self.recent.extend_from_slice(point);
        }
        result
    }

    /// Offers a tree point to every tree's sample; trees that take it insert it (after
    /// deleting the point it replaces).
    fn offer(&mut self, point: &[f64]) {
        let seq = self.inserted;
        self.inserted += 1;
        let mut slot = None;
        for t in 0..self.trees.len() {
            let mut rng = stream_for(self.tree_seeds[t], seq);
            let k = key(rng.next_open01(), seq, self.decay);
            if !self.reservoirs[t].accepts(k) {
                continue;
            }
            let s = *slot.get_or_insert_with(|| self.store.add(point, seq));
            if let Some(old) = self.reservoirs[t].evictee() {
                self.trees[t].delete_leaf(old.leaf);
                self.store.release(old.slot);
            }
            let leaf = self.trees[t].insert(point, &mut rng);
            self.reservoirs[t].put(Entry {
                key: k,
                slot: s,
                leaf,
            });
            self.store.retain(s);
        }
    }

    /// Rebuilds a forest from its samples: every tree inserts its sampled points in stream
    /// order, each with the random stream that point always draws in that tree. The result
    /// depends only on the samples, which is what the model file stores.
    pub(crate) fn from_samples(
        dimensions: usize,
        params: ForestParams,
        seen: u64,
        inserted: u64,
        recent: Vec<f64>,
        points: &[(u64, &[f64])],
        samples: &[Vec<u32>],
    ) -> Result<Forest, RcfError> {
        let mut forest = Forest::new(dimensions, params)?;
        let slots: Vec<u32> = points
            .iter()
            .map(|(seq, p)| forest.store.add(p, *seq))
            .collect();
        for (t, sample) in samples.iter().enumerate() {
            for &i in sample {
                let slot = slots[i as usize];
                let seq = points[i as usize].0;
                let mut rng = stream_for(forest.tree_seeds[t], seq);
                let k = key(rng.next_open01(), seq, forest.decay);
                let leaf = forest.trees[t].insert(points[i as usize].1, &mut rng);
                forest.reservoirs[t].put(Entry { key: k, slot, leaf });
                forest.store.retain(slot);
            }
        }
        forest.seen = seen;
        forest.inserted = inserted;
        forest.recent = recent;
        Ok(forest)
    }

    /// The trees, for tests.
    #[cfg(test)]
    pub(crate) fn trees(&self) -> &[Tree] {
        &self.trees
    }
}
