//! The forest: trees, their samples, the shared point store and the shingle.

use super::RcfError;
use super::learn::{Arrival, Share, Worker, on_threads, share_of, total_of};
use super::params::ForestParams;
use super::random::{stream_for, tree_seed};
use super::sampler::{Bounds, Entry, Reservoir, decay, key};
use super::store::PointStore;
use super::tree::{Tree, WALKS, score_trees};

/// Tree points up to this width are assembled on the stack when scoring.
const STACK_WIDTH: usize = 64;

/// Rows [`Forest::score_then_update_rows_with`] learns at a time: the groups' sums for a
/// batch take `trees / 4 · BATCH` numbers (50 KiB with 100 trees).
const BATCH: usize = 256;

/// Fewest points in a batch for which the forest's trees are shared out among threads: below
/// that, starting them costs more than they save.
const PARALLEL_FROM: usize = 32;

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
    /// Room to convert an input point in.
    scratch: Vec<f32>,
    /// Threads that may share out the trees when learning a batch.
    threads: usize,
    /// One per thread that learns: its room.
    workers: Vec<Worker>,
    /// The points of the batch being learnt.
    arrivals: Vec<Arrival>,
    /// Per scoring group and arrival: the group's sum (see [`Share::sums`]).
    sums: Vec<f64>,
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
            scratch: Vec::with_capacity(dimensions),
            threads: 1,
            workers: Vec::new(),
            arrivals: Vec::new(),
            sums: Vec::new(),
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
            + self.workers.iter().map(Worker::heap_bytes).sum::<usize>()
            + self.arrivals.capacity() * std::mem::size_of::<Arrival>()
            + self.sums.capacity() * 8
    }

    /// The threads that may share out the trees when a batch of rows is learnt
    /// ([`try_score_then_update_rows`](Forest::try_score_then_update_rows)); 1 (the default)
    /// learns in the calling thread. Scores are the same to the bit with any number.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Sets [`threads`](Forest::threads) (at least 1; at most one per scoring group of 4
    /// trees is used).
    pub fn set_threads(&mut self, threads: usize) {
        self.threads = threads.max(1);
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

    /// Scores each row of `rows` (rows of [`dimensions`](Forest::dimensions) values, one
    /// after another) as [`try_score`](Forest::try_score) would, learning nothing: the same
    /// scores to the bit, computed a scoring group of trees at a time over a batch of rows and
    /// shared out among [`threads`](Forest::threads). A row that does not fit gets its error;
    /// so does a last row cut short.
    ///
    /// ```
    /// use detect::rcf::{Forest, ForestParams};
    ///
    /// let params = ForestParams { trees: 20, sample_size: 64, ..ForestParams::default() };
    /// let mut forest = Forest::new(2, params)?;
    /// for i in 0..300 {
    ///     forest.update(&[f64::from(i % 7), 1.0]);
    /// }
    /// forest.set_threads(2);
    /// let rows: Vec<f64> = (0..100).flat_map(|i| [f64::from(i % 11), 2.0]).collect();
    /// for (row, score) in rows.chunks(2).zip(forest.try_score_rows(&rows)) {
    ///     assert_eq!(forest.score(row), score?);
    /// }
    /// # Ok::<(), detect::rcf::RcfError>(())
    /// ```
    pub fn try_score_rows(&self, rows: &[f64]) -> Vec<Result<f64, RcfError>> {
        let width = self.dimensions.max(1);
        let mut out = Vec::with_capacity(rows.len().div_ceil(width));
        let groups = self.trees.len().div_ceil(WALKS);
        let mut points: Vec<f32> = Vec::new();
        let mut sums: Vec<f64> = Vec::new();
        for batch in rows.chunks(BATCH * width) {
            // The batch's tree points, one after another, and where each row's score goes.
            points.clear();
            let first = out.len();
            for row in batch.chunks(width) {
                let checked = self.check(row).map(|()| {
                    let at = points.len();
                    points.resize(at + self.width, 0.0);
                    self.tree_point(row, &mut points[at..]);
                    0.0
                });
                out.push(checked);
            }
            let m = points.len() / self.width.max(1);
            if m == 0 || !self.is_warm() {
                continue;
            }
            sums.clear();
            sums.resize(groups * m, 0.0);
            let workers = if m >= PARALLEL_FROM {
                self.threads.min(groups)
            } else {
                1
            };
            let score_groups = |first_group: usize, sums: &mut [f64]| {
                for (g, group_sums) in sums.chunks_mut(m).enumerate() {
                    let at = (first_group + g) * WALKS;
                    let trees = &self.trees[at..(at + WALKS).min(self.trees.len())];
                    for (sum, point) in group_sums.iter_mut().zip(points.chunks(self.width)) {
                        *sum = score_trees(trees, point, &self.store, &mut []);
                    }
                }
            };
            if workers == 1 {
                score_groups(0, &mut sums);
            } else {
                let mut rest = sums.as_mut_slice();
                let mut jobs = Vec::with_capacity(workers);
                for w in 0..workers {
                    let mine = share_of(w, workers, groups);
                    let (mine_sums, others) =
                        std::mem::take(&mut rest).split_at_mut(mine.len() * m);
                    rest = others;
                    jobs.push((mine.start, mine_sums));
                }
                on_threads(jobs, |(from, mine)| score_groups(from, mine));
            }
            // The rows that fit, in order, are the batch's points.
            for (i, slot) in out[first..].iter_mut().filter(|r| r.is_ok()).enumerate() {
                *slot = Ok(total_of(&sums, m, i, self.trees.len()));
            }
        }
        out
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

    /// Scores each row of `rows` (rows of [`dimensions`](Forest::dimensions) values, one
    /// after another) as [`score_then_update`](Forest::score_then_update) would, then learns
    /// it: the same scores, to the bit, as calling that row by row, done tree group by tree
    /// group over the batch (faster: each group's trees stay in cache) and shared out among
    /// [`threads`](Forest::threads). A row that does not fit gets its error and is not learnt;
    /// so does a last row cut short.
    ///
    /// ```
    /// use detect::rcf::{Forest, ForestParams};
    ///
    /// let params = ForestParams { trees: 20, sample_size: 64, ..ForestParams::default() };
    /// let rows: Vec<f64> = (0..400).flat_map(|i| [f64::from(i % 7), 1.0]).collect();
    /// let mut one_by_one = Forest::new(2, params)?;
    /// let mut batched = Forest::new(2, params)?;
    /// batched.set_threads(2);
    /// let scores = batched.try_score_then_update_rows(&rows);
    /// for (row, score) in rows.chunks(2).zip(scores) {
    ///     assert_eq!(one_by_one.score_then_update(row), score?);
    /// }
    /// # Ok::<(), detect::rcf::RcfError>(())
    /// ```
    pub fn try_score_then_update_rows(&mut self, rows: &[f64]) -> Vec<Result<f64, RcfError>> {
        let mut out = Vec::with_capacity(rows.len().div_ceil(self.dimensions.max(1)));
        self.score_then_update_rows_with(rows, |r| out.push(r));
        out
    }

    /// [`try_score_then_update_rows`](Forest::try_score_then_update_rows), handing each row's
    /// result to `each` in row order instead of collecting them (a long series then costs no
    /// memory beyond its scores).
    ///
    /// ```
    /// use detect::rcf::{Forest, ForestParams};
    ///
    /// let params = ForestParams { trees: 20, sample_size: 64, ..ForestParams::default() };
    /// let mut forest = Forest::new(1, params)?;
    /// let values: Vec<f64> = (0..300).map(|i| f64::from(i % 9)).collect();
    /// let mut scores = Vec::new();
    /// forest.score_then_update_rows_with(&values, |r| scores.push(r.unwrap_or(f64::NAN)));
    /// assert_eq!(scores.len(), 300);
    /// # Ok::<(), detect::rcf::RcfError>(())
    /// ```
    pub fn score_then_update_rows_with(
        &mut self,
        rows: &[f64],
        mut each: impl FnMut(Result<f64, RcfError>),
    ) {
        let width = self.dimensions.max(1);
        // Per row of a batch: the index of its arrival (if it makes one), or its error.
        let mut rows_of_batch: Vec<Result<Option<usize>, RcfError>> = Vec::with_capacity(BATCH);
        for batch in rows.chunks(BATCH * width) {
            self.arrivals.clear();
            for row in batch.chunks(width) {
                let slot = self.check(row).map(|()| {
                    self.arrive(row).map(|a| {
                        self.arrivals.push(a);
                        self.arrivals.len() - 1
                    })
                });
                rows_of_batch.push(slot);
            }
            self.run(true);
            for slot in rows_of_batch.drain(..) {
                each(slot.map(|arrival| arrival.map_or(0.0, |i| self.total(i))));
            }
        }
    }

    /// Learns a checked point; returns its score first when `score` is set (else 0).
    fn learn(&mut self, point: &[f64], score: bool) -> f64 {
        self.arrivals.clear();
        if let Some(a) = self.arrive(point) {
            self.arrivals.push(a);
        }
        self.run(score);
        if score && !self.arrivals.is_empty() {
            self.total(0)
        } else {
            0.0
        }
    }

    /// Stores a checked input point; returns the arrival of the tree point it completes.
    fn arrive(&mut self, point: &[f64]) -> Option<Arrival> {
        let warm = self.is_warm();
        self.scratch.clear();
        self.scratch.extend(point.iter().map(|v| *v as f32));
        let seq = self.store.push(&self.scratch)?;
        if self.bounds.due(seq) {
            self.bounds.base = seq;
        }
        Some(Arrival {
            seq,
            warm,
            bounds: self.bounds,
            factor: self.bounds.factor(seq),
        })
    }

    /// The score of arrival `i` of the batch just learnt: its groups' sums, in order, over
    /// the trees (0 for an arrival that came before the forest was warm).
    fn total(&self, i: usize) -> f64 {
        if !self.arrivals[i].warm {
            return 0.0;
        }
        total_of(&self.sums, self.arrivals.len(), i, self.trees.len())
    }

    /// Learns the batch's arrivals (scoring them first when `score`), sharing the trees'
    /// groups out among the workers; then counts the leaves in the store and drops the
    /// points no leaf holds.
    fn run(&mut self, score: bool) {
        let n = self.arrivals.len();
        if n > 0 {
            let groups = self.trees.len().div_ceil(WALKS);
            let workers = if n >= PARALLEL_FROM {
                self.threads.min(groups)
            } else {
                1
            };
            self.workers
                .resize_with(workers.max(self.workers.len()), Worker::default);
            self.sums.clear();
            self.sums.resize(groups * n, 0.0);
            let (store, arrivals, decay) = (&self.store, &self.arrivals, self.decay);
            if workers == 1 {
                // One worker, in this thread: no shares to cut, no scope to set up, nothing
                // allocated (single points come this way).
                let share = Share {
                    trees: &mut self.trees,
                    reservoirs: &mut self.reservoirs,
                    seeds: &self.tree_seeds,
                    sums: &mut self.sums,
                };
                if let Some(worker) = self.workers.first_mut() {
                    worker.learn(share, store, arrivals, decay, score);
                }
            } else {
                let mut trees = self.trees.as_mut_slice();
                let mut reservoirs = self.reservoirs.as_mut_slice();
                let mut seeds = self.tree_seeds.as_slice();
                let mut sums = self.sums.as_mut_slice();
                let mut jobs = Vec::with_capacity(workers);
                for (w, worker) in self.workers.iter_mut().take(workers).enumerate() {
                    let taken = share_of(w, workers, groups).len();
                    let width = (taken * WALKS).min(trees.len());
                    let (t, rest_t) = std::mem::take(&mut trees).split_at_mut(width);
                    let (r, rest_r) = std::mem::take(&mut reservoirs).split_at_mut(width);
                    let (s, rest_s) = seeds.split_at(width);
                    let (m, rest_m) = std::mem::take(&mut sums).split_at_mut(taken * n);
                    (trees, reservoirs, seeds, sums) = (rest_t, rest_r, rest_s, rest_m);
                    // Room made here, so that the worker's thread allocates nothing.
                    worker.prepare(n, t.len());
                    let share = Share {
                        trees: t,
                        reservoirs: r,
                        seeds: s,
                        sums: m,
                    };
                    jobs.push((worker, share));
                }
                on_threads(jobs, |(worker, share): (&mut Worker, Share<'_>)| {
                    worker.learn(share, store, arrivals, decay, score);
                });
            }
            for worker in &mut self.workers {
                worker.settle(&mut self.store);
            }
        }
        self.store.trim();
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
