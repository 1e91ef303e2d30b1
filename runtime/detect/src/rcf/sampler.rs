//! Each tree's sample: a time-decayed reservoir (weighted reservoir sampling, Efraimidis and
//! Spirakis 2006, with weights growing as `exp(DECAY · position)`), so a tree holds a random
//! sample of the stream that favours recent points and the forest follows drift.
//!
//! A point at stream position `seq` with uniform draw `u` gets the key
//! `ln(-ln u) - DECAY · seq`; the reservoir keeps the `capacity` smallest keys. That is the
//! logarithm of Efraimidis–Spirakis's `u^(1/w)` ordering (negated), which stays finite for
//! any stream length.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A sampled point: its key, its slot in the forest's point store and its leaf in the tree.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub(crate) key: f64,
    pub(crate) slot: u32,
    pub(crate) leaf: u32,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Entry) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Entry) -> Ordering {
        self.key
            .total_cmp(&other.key)
            .then(self.slot.cmp(&other.slot))
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

/// One tree's reservoir.
#[derive(Debug, Clone)]
pub(crate) struct Reservoir {
    capacity: usize,
    heap: BinaryHeap<Entry>,
}

impl Reservoir {
    /// An empty reservoir holding up to `capacity` points.
    pub(crate) fn new(capacity: usize) -> Reservoir {
        Reservoir {
            capacity,
            heap: BinaryHeap::with_capacity(capacity + 1),
        }
    }

    /// Whether a point with this key would be taken.
    pub(crate) fn accepts(&self, key: f64) -> bool {
        self.heap.len() < self.capacity || self.heap.peek().is_some_and(|top| key < top.key)
    }

    /// The sampled point a new one would replace: the one with the largest key, when the
    /// reservoir is full.
    pub(crate) fn evictee(&self) -> Option<Entry> {
        if self.heap.len() >= self.capacity {
            self.heap.peek().copied()
        } else {
            None
        }
    }

    /// Adds a point that [`accepts`](Reservoir::accepts) took, in place of the
    /// [`evictee`](Reservoir::evictee) when there is one.
    pub(crate) fn put(&mut self, entry: Entry) {
        if self.heap.len() >= self.capacity {
            if let Some(mut top) = self.heap.peek_mut() {
                *top = entry;
            }
        } else {
            self.heap.push(entry);
        }
    }

    /// The sampled points, in no particular order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.heap.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rcf::random::SplitMix64;

    /// Offers a point as the forest does; returns the evicted slot, if any.
    fn offer(r: &mut Reservoir, key: f64, slot: u32) -> Option<Option<u32>> {
        if !r.accepts(key) {
            return None;
        }
        let evicted = r.evictee().map(|e| e.slot);
        r.put(Entry { key, slot, leaf: 0 });
        Some(evicted)
    }

    #[test]
    fn keeps_the_smallest_keys_and_reports_evictions() {
        let mut r = Reservoir::new(2);
        assert_eq!(offer(&mut r, 5.0, 0), Some(None));
        assert_eq!(offer(&mut r, 3.0, 1), Some(None));
        assert_eq!(offer(&mut r, 9.0, 2), None);
        assert_eq!(offer(&mut r, 1.0, 3), Some(Some(0)));
        let mut slots: Vec<u32> = r.entries().map(|e| e.slot).collect();
        slots.sort_unstable();
        assert_eq!(slots, [1, 3]);
    }

    #[test]
    fn favours_recent_points() {
        let mut rng = SplitMix64::new(3);
        let mut r = Reservoir::new(100);
        let d = decay(100);
        for seq in 0..20_000u64 {
            offer(&mut r, key(rng.next_open01(), seq, d), seq as u32);
        }
        let recent = r.entries().filter(|e| e.slot >= 18_000).count();
        let old = r.entries().filter(|e| e.slot < 10_000).count();
        assert!(recent > 50, "{recent}");
        assert!(old < 5, "{old}");
    }
}
