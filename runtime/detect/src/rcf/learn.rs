//! Learning a batch of points: every tree scores each point, then takes it into its sample when
//! its reservoir accepts it.
//!
//! A tree's work on a point depends only on that tree, its reservoir and the point store, so
//! the forest goes through a batch one scoring group ([`WALKS`] trees) at a time, all points
//! in stream order, rather than one point at a time through all trees. The group's trees stay
//! in the core's nearest cache for the whole batch instead of being fetched again for every
//! point, and groups can be handed to different threads. Each group's sum per point is kept
//! and the forest adds the groups in order, as [`score_trees`] does for a single point, so the
//! scores are the same to the bit however the batch is cut or shared out.
//!
//! The point store is only read while the groups work: every point of the batch is stored
//! before, and the leaves each tree gains or loses are counted in the store after (the store
//! drops nothing in between).

use super::random::stream_for;
use super::sampler::{Bounds, Entry, Reservoir};
use super::store::PointStore;
use super::tree::{Recorded, Tree, WALKS, score_trees};

/// A point to learn: its stream position, whether the forest was warm before it (it is
/// scored only then), and the quick refusal's bounds at its position with their factor for it
/// (computed once, not once per tree group).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Arrival {
    pub(crate) seq: u64,
    pub(crate) warm: bool,
    pub(crate) bounds: Bounds,
    pub(crate) factor: f64,
}

/// The trees, reservoirs and tree seeds of whole scoring groups, and where their sums go.
pub(crate) struct Share<'a> {
    pub(crate) trees: &'a mut [Tree],
    pub(crate) reservoirs: &'a mut [Reservoir],
    pub(crate) seeds: &'a [u64],
    /// Group by group: the share's `g`-th group's sum for arrival `i` at `g · arrivals + i`.
    pub(crate) sums: &'a mut [f64],
}

/// The scoring groups worker `w` of `workers` takes out of `groups`: consecutive runs that
/// differ in length by at most one, the last as long as any (the calling thread takes it: it
/// starts while the others are being started).
pub(crate) fn share_of(w: usize, workers: usize, groups: usize) -> std::ops::Range<usize> {
    let workers = workers.max(1);
    w * groups / workers..(w + 1) * groups / workers
}

/// Does `work` on every job at once: the last job (the last share, see [`share_of`]) in the
/// calling thread, each other on a thread of its own; returns when all are done.
pub(crate) fn on_threads<J: Send>(mut jobs: Vec<J>, work: impl Fn(J) + Sync) {
    let here = jobs.pop();
    std::thread::scope(|scope| {
        for job in jobs {
            let work = &work;
            scope.spawn(move || work(job));
        }
        if let Some(job) = here {
            work(job);
        }
    });
}

/// The score of arrival `i` of `n` from the groups' sums (laid out as in [`Share::sums`]):
/// the groups added in order, over `trees` trees.
pub(crate) fn total_of(sums: &[f64], n: usize, i: usize, trees: usize) -> f64 {
    let sum: f64 = sums.iter().skip(i).step_by(n.max(1)).sum();
    sum / trees as f64
}

/// What the trees of one group do with one arrival.
struct Step<'a> {
    trees: &'a mut [Tree],
    reservoirs: &'a mut [Reservoir],
    seeds: &'a [u64],
    store: &'a PointStore,
    decay: f64,
    score: bool,
}

/// One thread's room for learning, kept from batch to batch so that learning allocates
/// nothing per point. Aligned to its own cache lines: workers sit side by side in the
/// forest, and one thread's writes must not evict the other's.
#[derive(Debug, Clone, Default)]
#[repr(align(128))]
pub(crate) struct Worker {
    /// Per tree of the group: its scoring walk, kept when the tree takes the point.
    records: Vec<Recorded>,
    /// Stream positions that gained a leaf in some tree.
    retained: Vec<u64>,
    /// Stream positions that lost one.
    released: Vec<u64>,
}

impl Worker {
    /// The heap bytes the worker holds.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.records
            .iter()
            .map(|r| std::mem::size_of::<Recorded>() + r.path.capacity() * 24)
            .sum::<usize>()
            + (self.retained.capacity() + self.released.capacity()) * 8
    }

    /// Makes room, in the calling thread, for learning `arrivals` points in `trees` trees: a
    /// worker that then runs on a thread of its own allocates nothing there (with glibc, a
    /// thread's first allocation gives it an arena of its own, which would add to the peak).
    pub(crate) fn prepare(&mut self, arrivals: usize, trees: usize) {
        self.records.resize_with(WALKS, Recorded::default);
        for record in &mut self.records {
            // Deeper walks are rare; a longer one grows its path once.
            record.path.reserve(64);
        }
        // At most one leaf gained and one lost per tree and point.
        self.retained.reserve(arrivals * trees);
        self.released.reserve(arrivals * trees);
    }

    /// Scores (when `score`, for the warm arrivals) and learns `arrivals` in the share's
    /// trees, a group at a time; `store` holds every arrival's point.
    pub(crate) fn learn(
        &mut self,
        share: Share<'_>,
        store: &PointStore,
        arrivals: &[Arrival],
        decay: f64,
        score: bool,
    ) {
        self.prepare(arrivals.len(), share.trees.len());
        let n = arrivals.len().max(1);
        let groups = share
            .trees
            .chunks_mut(WALKS)
            .zip(share.reservoirs.chunks_mut(WALKS))
            .zip(share.seeds.chunks(WALKS))
            .zip(share.sums.chunks_mut(n));
        for (((trees, reservoirs), seeds), sums) in groups {
            let mut step = Step {
                trees,
                reservoirs,
                seeds,
                store,
                decay,
                score,
            };
            for (arrival, sum) in arrivals.iter().zip(sums.iter_mut()) {
                *sum = self.step(&mut step, arrival);
            }
        }
    }

    /// One arrival in one group: decides which trees take it (a tree's choice depends only on
    /// its seed, the point's stream position and its sample), scores it while keeping the
    /// walks of the trees that take it, then inserts it along those walks and deletes the
    /// points it replaces: a taking tree is walked once, not twice. Returns the group's sum.
    fn step(&mut self, s: &mut Step<'_>, a: &Arrival) -> f64 {
        let point = s.store.point(a.seq);
        let group = s.trees.len();
        // Per tree of the group: the point's key when the tree takes it.
        let mut keys = [None; WALKS];
        let deciding = s
            .reservoirs
            .iter_mut()
            .zip(s.seeds)
            .zip(self.records.iter_mut())
            .zip(keys.iter_mut());
        for (((reservoir, seed), record), key) in deciding {
            reservoir.follow(&a.bounds);
            let u = stream_for(*seed, a.seq).next_open01();
            *key = reservoir.accepts(u, a.seq, s.decay, a.factor);
            record.wanted = key.is_some();
            record.path.clear();
        }
        let scored = s.score && a.warm;
        let sum = if scored {
            score_trees(s.trees, point, s.store, &mut self.records[..group])
        } else {
            0.0
        };
        let taking = s
            .trees
            .iter_mut()
            .zip(s.reservoirs.iter_mut())
            .zip(s.seeds)
            .zip(&self.records)
            .zip(keys);
        for ((((tree, reservoir), seed), record), key) in taking {
            let Some(key) = key else {
                continue;
            };
            let mut rng = stream_for(*seed, a.seq);
            // The first draw decided the sample; the tree's cuts come after it.
            rng.next_open01();
            let evictee = reservoir.evictee();
            let inserted = if scored {
                tree.insert_on_path(point, a.seq, s.store, &mut rng, record.leaf, &record.path)
            } else {
                tree.insert(point, a.seq, s.store, &mut rng)
            };
            if inserted.new_leaf {
                self.retained.push(a.seq);
            }
            if let Some(old) = evictee {
                if let Some(gone) = tree.delete_leaf(old.leaf, s.store) {
                    self.released.push(gone);
                }
            }
            reservoir.put(
                Entry {
                    key,
                    seq: a.seq,
                    leaf: inserted.leaf,
                },
                &a.bounds,
            );
        }
        sum
    }

    /// Counts the leaves gained, then those lost, in `store`. A leaf is lost only after it
    /// was gained, in the same tree and so the same worker; counting every gain first keeps
    /// each count from passing below zero.
    pub(crate) fn settle(&mut self, store: &mut PointStore) {
        for seq in self.retained.drain(..) {
            store.retain(seq);
        }
        for seq in self.released.drain(..) {
            store.release(seq);
        }
    }
}
