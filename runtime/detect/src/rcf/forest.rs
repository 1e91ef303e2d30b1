//! The forest: trees, their samples, the shared point store and the shingle.

use super::RcfError;
use super::params::ForestParams;
use super::random::{stream_for, tree_seed};
use super::sampler::{Bounds, Entry, Reservoir, decay, key};
use super::store::PointStore;
use super::tree::{Recorded, Tree, score_trees};

/// Tree points up to this width are assembled on the stack when scoring.
const STACK_WIDTH: usize = 64;

/// The largest magnitude a value may have: the forest computes in `f32`, and sums of this
/// many side lengths stay finite.
pub const MAX_VALUE: f64 = 1e30;

/// A Random Cut Forest over a stream of points `dimensions` values wide.
///
/// Each tree keeps a time-decayed random sample of the stream (see the module's notes) and a
/// random cut tree over it. [`score`](Forest::score) asks every tree how easily the point
/// would be cut off and averages: typical points score about 1, anomalies clearly more.
///
/// With `shingle_size` > 1 the forest joins each input point with the `shingle_size - 1`
/// before it into one tree point, so it sees shapes over time in a univariate series.
///
/// Points must be `dimensions` values wide, finite and within ±[`MAX_VALUE`]; the forest
/// holds them as `f32`. The `try_` methods return [`RcfError::Dimension`] or
/// [`RcfError::NonFinite`] for any other point; the plain methods treat it as the caller's
/// bug, checked once up front: `score` returns `NaN` and `update` ignores the point. Nothing
/// panics on a bad point.
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
    bounds: Bounds,
    pub(crate) store: PointStore,
    pub(crate) reservoirs: Vec<Reservoir>,
    trees: Vec<Tree>,
    tree_seeds: Vec<u64>,
    /// Room to assemble a tree point in.
    scratch: Vec<f32>,
    /// Per tree, while learning a point: its key when the tree takes it.
    keys: Vec<Option<f64>>,
    /// Per tree, while learning a point: the scoring walk of a tree that takes it.
    records: Vec<Recorded>,
}

impl Forest {
    /// An empty forest for points of `dimensions` values (the width before shingling).
    pub fn new(dimensions: usize, params: ForestParams) -> Result<Forest, RcfError> {
        params.validate_for(dimensions)?;
        let width = dimensions * params.shingle_size;
        let decay = decay(params.sample_size);
        Ok(Forest {
            dimensions,
            params,
            width,
            decay,
            bounds: Bounds::new(decay),
            store: PointStore::new(dimensions, params.shingle_size),
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
            keys: vec![None; params.trees],
            records: Vec::new(),
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
        self.store.seen()
    }

    /// Whether [`score`](Forest::score) gives real scores yet: once the forest has learnt
    /// [`ForestParams::warm_up`] tree points, that is `shingle_size - 1 + warm_up()` input
    /// points (64 with the defaults).
    pub fn is_warm(&self) -> bool {
        self.store.points() >= self.params.warm_up()
    }

    /// The heap bytes the forest holds: trees, samples and the point store (what its size
    /// in memory grows with).
    pub fn heap_bytes(&self) -> usize {
        self.trees.iter().map(Tree::heap_bytes).sum::<usize>()
            + self
                .reservoirs
                .iter()
                .map(Reservoir::heap_bytes)
                .sum::<usize>()
            + self.store.heap_bytes()
            + self.tree_seeds.capacity() * 8
            + self.scratch.capacity() * 4
            + self.keys.capacity() * 16
            + self
                .records
                .iter()
                .map(|r| std::mem::size_of::<Recorded>() + r.path.capacity() * 24)
                .sum::<usize>()
    }

    /// Checks that `point` fits this forest.
    pub fn check(&self, point: &[f64]) -> Result<(), RcfError> {
        if point.len() != self.dimensions {
            return Err(RcfError::Dimension {
                expected: self.dimensions,
                got: point.len(),
            });
        }
        match point
            .iter()
            .position(|v| !v.is_finite() || v.abs() > MAX_VALUE)
        {
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
        let mut stack = [0.0f32; STACK_WIDTH];
        let mut heap = Vec::new();
        let buf: &mut [f32] = if self.width <= STACK_WIDTH {
            &mut stack[..self.width]
        } else {
            heap.resize(self.width, 0.0);
            &mut heap
        };
        self.tree_point(point, buf);
        Ok(self.score_tree_point(buf))
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

    /// Writes the tree point `point` makes with the shingle into `buf` (`width` long; the
    /// front stays as it is while the shingle is not full).
    fn tree_point(&self, point: &[f64], buf: &mut [f32]) {
        let recent = self.store.recent();
        let at = buf.len() - point.len();
        buf[at - recent.len()..at].copy_from_slice(recent);
        for (b, v) in buf[at..].iter_mut().zip(point) {
            *b = *v as f32;
        }
    }

    fn score_tree_point(&self, point: &[f32]) -> f64 {
        score_trees(&self.trees, point, &self.store, &mut []) / self.trees.len() as f64
    }

    /// Learns a checked point; returns its score first when `score` is set (else 0).
    ///
    /// The trees that will take the point are known before it is scored (a tree's choice
    /// depends only on the seed, the point's stream position and its sample), so their
    /// scoring walks are kept and the point is inserted along them, then the point it
    /// replaces is deleted: a taking tree is walked once, not twice.
    fn learn(&mut self, point: &[f64], score: bool) -> f64 {
        // The tree point, assembled in a buffer the forest keeps (no allocation per point).
        let mut tree_point = std::mem::take(&mut self.scratch);
        tree_point.resize(self.width, 0.0);
        self.tree_point(point, &mut tree_point);
        let warm = self.is_warm();
        let at = self.width - self.dimensions;
        let Some(seq) = self.store.push(&tree_point[at..]) else {
            self.scratch = tree_point;
            return 0.0;
        };
        if self.bounds.due(seq) {
            self.bounds.base = seq;
            for r in &mut self.reservoirs {
                r.rebase(&self.bounds);
            }
        }
        let factor = self.bounds.factor(seq);
        let mut records = std::mem::take(&mut self.records);
        records.resize_with(self.trees.len(), Recorded::default);
        for (t, record) in records.iter_mut().enumerate() {
            let u = stream_for(self.tree_seeds[t], seq).next_open01();
            self.keys[t] = self.reservoirs[t].accepts(u, seq, self.decay, factor);
            record.wanted = self.keys[t].is_some();
            record.path.clear();
        }
        let result = if score && warm {
            score_trees(&self.trees, &tree_point, &self.store, &mut records)
                / self.trees.len() as f64
        } else {
            0.0
        };
        for (t, r) in records.iter().enumerate() {
            let Some(key) = self.keys[t] else {
                continue;
            };
            let mut rng = stream_for(self.tree_seeds[t], seq);
            // The first draw decided the sample; the tree's cuts come after it.
            rng.next_open01();
            let evictee = self.reservoirs[t].evictee();
            let tree = &mut self.trees[t];
            let inserted = if score && warm {
                tree.insert_on_path(&tree_point, seq, &self.store, &mut rng, r.leaf, &r.path)
            } else {
                tree.insert(&tree_point, seq, &self.store, &mut rng)
            };
            if inserted.new_leaf {
                self.store.retain(seq);
            }
            if let Some(old) = evictee {
                if let Some(gone) = self.trees[t].delete_leaf(old.leaf, &self.store) {
                    self.store.release(gone);
                }
            }
            self.reservoirs[t].put(
                Entry {
                    key,
                    seq,
                    leaf: inserted.leaf,
                },
                &self.bounds,
            );
        }
        self.records = records;
        self.store.trim();
        self.scratch = tree_point;
        result
    }

    /// Rebuilds a forest from its samples: every tree inserts its sampled points in stream
    /// order, each with the random stream that point always draws in that tree. The result
    /// depends only on the samples, which is what the model file stores. `store` holds the
    /// points; `samples[t]` lists tree `t`'s stream positions in ascending order.
    pub(crate) fn from_samples(
        dimensions: usize,
        params: ForestParams,
        store: PointStore,
        samples: &[Vec<u64>],
    ) -> Result<Forest, RcfError> {
        let mut forest = Forest::new(dimensions, params)?;
        forest.store = store;
        let last = forest.store.points().saturating_sub(1);
        forest.bounds.base = last - last % Bounds::REBASE;
        for (t, sample) in samples.iter().enumerate() {
            for &seq in sample {
                let mut rng = stream_for(forest.tree_seeds[t], seq);
                let u = rng.next_open01();
                let point = forest.store.point(seq).to_vec();
                let inserted = forest.trees[t].insert(&point, seq, &forest.store, &mut rng);
                if inserted.new_leaf {
                    forest.store.retain(seq);
                }
                forest.reservoirs[t].put(
                    Entry {
                        key: key(u, seq, forest.decay),
                        seq,
                        leaf: inserted.leaf,
                    },
                    &forest.bounds,
                );
            }
        }
        forest.store.trim();
        Ok(forest)
    }

    /// The trees.
    pub(crate) fn trees(&self) -> &[Tree] {
        &self.trees
    }
}
