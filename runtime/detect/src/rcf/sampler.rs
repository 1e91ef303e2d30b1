//! Each tree's sample: a time-decayed reservoir (weighted reservoir sampling, Efraimidis and
//! Spirakis 2006, with weights growing as `exp(DECAY · position)`), so a tree holds a random
//! sample of the stream that favours recent points and the forest follows drift.
//!
//! A point at stream position `seq` with uniform draw `u` gets the key
//! `ln(-ln u) - DECAY · seq`; the reservoir keeps the `capacity` smallest keys. That is the
//! logarithm of Efraimidis–Spirakis's `u^(1/w)` ordering (negated), which stays finite for
//! any stream length.
//!
//! Most offers are refused (a full sample of 256 takes about one point in ten), and deciding
//! that needs no logarithm: the key is below the largest one kept, `top`, exactly when
//! `-ln u < exp(top + DECAY · seq)`, and `-ln u ≥ 1 − u`. So [`Reservoir::accepts`] refuses
//! at once when `1 − u` is clearly above that bound, which the forest keeps per tree as
//! `exp(top + DECAY · base)` times a factor per point; only the remaining offers compute the
//! key and compare it exactly. The decisions are the exact comparison's.

/// A sampled point: its key, its stream position and its leaf in the tree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Entry {
    pub(crate) key: f64,
    pub(crate) seq: u64,
    pub(crate) leaf: u32,
}

/// Whether entry `a` sorts above `b` in the heap: the larger key, or on a tie the later point.
fn above(a: &Entry, b: &Entry) -> bool {
    match a.key.total_cmp(&b.key) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => a.seq > b.seq,
    }
}

/// A binary max-heap of entries (the largest key on top), with the one operation a full
/// reservoir needs, replacing the top, done as a single sift down.
#[derive(Debug, Clone)]
struct Heap {
    entries: Vec<Entry>,
}

impl Heap {
    fn top(&self) -> Option<&Entry> {
        self.entries.first()
    }

    fn push(&mut self, entry: Entry) {
        self.entries.push(entry);
        let mut i = self.entries.len() - 1;
        while i > 0 {
            let parent = (i - 1) / 2;
            if !above(&self.entries[i], &self.entries[parent]) {
                break;
            }
            self.entries.swap(i, parent);
            i = parent;
        }
    }

    fn replace_top(&mut self, entry: Entry) {
        let n = self.entries.len();
        let mut i = 0;
        loop {
            let left = 2 * i + 1;
            if left >= n {
                break;
            }
            let right = left + 1;
            let child = if right < n && above(&self.entries[right], &self.entries[left]) {
                right
            } else {
                left
            };
            if !above(&self.entries[child], &entry) {
                break;
            }
            self.entries[i] = self.entries[child];
            i = child;
        }
        if let Some(slot) = self.entries.get_mut(i) {
            *slot = entry;
        }
    }
}

/// The decay rate for a sample of `capacity` points: the weight of a point doubles every
/// `10 · capacity · ln 2` points, so a full sample spans roughly the last `10 · capacity`
/// points of the stream, older ones remaining with decreasing probability.
pub(crate) fn decay(capacity: usize) -> f64 {
    1.0 / (10.0 * capacity as f64)
}

/// The key of the point at stream position `seq` with uniform draw `u` in (0, 1).
pub(crate) fn key(u: f64, seq: u64, decay: f64) -> f64 {
    (-u.ln()).ln() - decay * seq as f64
}

/// How far the quick refusal stays from the exact bound, relative: far more than the rounding
/// of either side for any stream shorter than 10^12 points.
const MARGIN: f64 = 1e-6;

/// One tree's reservoir.
#[derive(Debug, Clone)]
pub(crate) struct Reservoir {
    capacity: usize,
    heap: Heap,
    /// `exp(top.key + decay · base)` for the largest key kept (`top`) and the forest's current
    /// rebasing position `base` (see [`Bounds`]); infinite while the reservoir is not full.
    bound: f64,
    /// The rebasing position `bound` is relative to.
    base: u64,
}

impl Reservoir {
    /// An empty reservoir holding up to `capacity` points.
    pub(crate) fn new(capacity: usize) -> Reservoir {
        Reservoir {
            capacity,
            heap: Heap {
                entries: Vec::with_capacity(capacity),
            },
            bound: f64::INFINITY,
            base: 0,
        }
    }

    /// The key of the point at `seq` with draw `u` when the reservoir takes it, `None` when
    /// not; `factor` is [`Bounds::factor`] for `seq`.
    pub(crate) fn accepts(&self, u: f64, seq: u64, decay: f64, factor: f64) -> Option<f64> {
        let Some(top) = self.heap.top().filter(|_| self.is_full()) else {
            return Some(key(u, seq, decay));
        };
        let limit = self.bound * factor;
        if limit > 0.0 && 1.0 - u >= limit * (1.0 + MARGIN) {
            return None;
        }
        let k = key(u, seq, decay);
        (k < top.key).then_some(k)
    }

    fn is_full(&self) -> bool {
        self.heap.entries.len() >= self.capacity
    }

    /// The sampled point a new one would replace: the one with the largest key, when the
    /// reservoir is full.
    pub(crate) fn evictee(&self) -> Option<Entry> {
        self.heap.top().filter(|_| self.is_full()).copied()
    }

    /// Adds a point that [`accepts`](Reservoir::accepts) took, in place of the
    /// [`evictee`](Reservoir::evictee) when there is one; `bounds` rebases the quick refusal.
    pub(crate) fn put(&mut self, entry: Entry, bounds: &Bounds) {
        if self.is_full() {
            self.heap.replace_top(entry);
        } else {
            self.heap.push(entry);
        }
        self.rebase(bounds);
    }

    /// Rebases the quick refusal on `bounds` when it is not based there yet.
    pub(crate) fn follow(&mut self, bounds: &Bounds) {
        if self.base != bounds.base {
            self.rebase(bounds);
        }
    }

    /// Recomputes the quick refusal's bound for the forest's rebasing position.
    pub(crate) fn rebase(&mut self, bounds: &Bounds) {
        self.base = bounds.base;
        self.bound = match self.heap.top() {
            Some(top) if self.is_full() => (top.key + bounds.decay * bounds.base as f64).exp(),
            _ => f64::INFINITY,
        };
    }

    /// The sampled points, in no particular order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.heap.entries.iter()
    }

    /// The heap bytes the reservoir holds.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.heap.entries.capacity() * std::mem::size_of::<Entry>()
    }
}

/// The forest's rebasing position for the quick refusal: bounds are kept relative to stream
/// position `base`, and each point multiplies them by `exp(decay · (seq − base))`, which stays
/// finite because `base` moves up every [`Bounds::REBASE`] points.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    pub(crate) decay: f64,
    pub(crate) base: u64,
}

impl Bounds {
    /// Points between rebasings (`decay · REBASE` is 25.6 with 256 samples per tree).
    pub(crate) const REBASE: u64 = 1 << 16;

    /// Bounds for `decay`, based at 0.
    pub(crate) fn new(decay: f64) -> Bounds {
        Bounds { decay, base: 0 }
    }

    /// The factor for the point at `seq` (at most `REBASE` past `base`).
    pub(crate) fn factor(&self, seq: u64) -> f64 {
        (self.decay * (seq - self.base) as f64).exp()
    }

    /// Whether `seq` is far enough past `base` to rebase on it.
    pub(crate) fn due(&self, seq: u64) -> bool {
        seq - self.base >= Self::REBASE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rcf::random::SplitMix64;

    /// Offers a point as the forest does; returns the evicted stream position, if any.
    fn offer(r: &mut Reservoir, u: f64, seq: u64, bounds: &mut Bounds) -> Option<Option<u64>> {
        if bounds.due(seq) {
            bounds.base = seq;
            r.rebase(bounds);
        }
        let d = bounds.decay;
        let accepted = r.accepts(u, seq, d, bounds.factor(seq));
        // The quick refusal never changes a decision.
        let exact = r.evictee().is_none_or(|top| key(u, seq, d) < top.key);
        assert_eq!(accepted.is_some(), exact, "seq {seq}, u {u}");
        accepted?;
        let evicted = r.evictee().map(|e| e.seq);
        r.put(
            Entry {
                key: key(u, seq, d),
                seq,
                leaf: 0,
            },
            bounds,
        );
        Some(evicted)
    }

    #[test]
    fn keeps_the_smallest_keys_and_reports_evictions() {
        let mut r = Reservoir::new(2);
        let mut b = Bounds::new(0.0);
        // With no decay the key orders by u: larger u, smaller key.
        assert_eq!(offer(&mut r, 0.5, 0, &mut b), Some(None));
        assert_eq!(offer(&mut r, 0.6, 1, &mut b), Some(None));
        assert_eq!(offer(&mut r, 0.1, 2, &mut b), None);
        assert_eq!(offer(&mut r, 0.9, 3, &mut b), Some(Some(0)));
        let mut seqs: Vec<u64> = r.entries().map(|e| e.seq).collect();
        seqs.sort_unstable();
        assert_eq!(seqs, [1, 3]);
    }

    #[test]
    fn favours_recent_points_and_refuses_quickly_as_exactly() {
        let mut rng = SplitMix64::new(3);
        let mut r = Reservoir::new(100);
        let mut b = Bounds::new(decay(100));
        for seq in 0..200_000u64 {
            offer(&mut r, rng.next_open01(), seq, &mut b);
        }
        let recent = r.entries().filter(|e| e.seq >= 198_000).count();
        let old = r.entries().filter(|e| e.seq < 190_000).count();
        assert!(recent > 50, "{recent}");
        assert!(old < 5, "{old}");
    }
}
