//! The points the trees hold, stored once for the whole forest.
//!
//! With a shingle of `s`, tree point `k` is input points `k .. k + s` joined, so consecutive
//! tree points share all but one input. The store therefore keeps the *inputs*, as one log
//! from the oldest tree point a leaf still refers to up to the latest input, and hands out a
//! tree point as a window of that log: a shingle of 32 costs one input per point rather than
//! 32. Leaves refer to points by stream position and are counted; when the oldest referenced
//! point loses its last leaf, the log's front is dropped (in bulk, so each input is moved at
//! most a few times). The last `s − 1` inputs always stay: they begin the next tree point.

use std::collections::VecDeque;

/// A log of input points, `dims` values each, read as tree points of `shingle` inputs.
#[derive(Debug, Clone)]
pub(crate) struct PointStore {
    dims: usize,
    shingle: usize,
    /// Inputs from `base` on, starting at `values[head]`.
    values: Vec<f32>,
    head: usize,
    /// The stream position (input index, which is also the tree point index) of the first
    /// stored input.
    base: u64,
    /// Leaves referring to each tree point from `base` on.
    refs: VecDeque<u32>,
    /// Inputs stored so far, over the whole stream.
    seen: u64,
}

/// Dropped inputs are moved out of the log once they are at least this many values and half
/// of it.
const COMPACT_AT: usize = 4096;

impl PointStore {
    /// An empty store of inputs `dims` values wide, read as tree points of `shingle` inputs.
    pub(crate) fn new(dims: usize, shingle: usize) -> PointStore {
        PointStore {
            dims,
            shingle,
            values: Vec::new(),
            head: 0,
            base: 0,
            refs: VecDeque::new(),
            seen: 0,
        }
    }

    /// Inputs stored over the whole stream.
    pub(crate) fn seen(&self) -> u64 {
        self.seen
    }

    /// Tree points made so far: one per input once the shingle is full.
    pub(crate) fn points(&self) -> u64 {
        (self.seen + 1).saturating_sub(self.shingle as u64)
    }

    /// Appends an input; returns the stream position of the tree point it completes, if any.
    pub(crate) fn push(&mut self, input: &[f32]) -> Option<u64> {
        self.values.extend_from_slice(input);
        self.seen += 1;
        let points = self.points();
        if points == 0 {
            return None;
        }
        self.refs.push_back(0);
        Some(points - 1)
    }

    /// Tree point `seq`'s values (it must be stored: a leaf refers to it, or it is the latest).
    pub(crate) fn point(&self, seq: u64) -> &[f32] {
        let at = self.head + (seq - self.base) as usize * self.dims;
        &self.values[at..at + self.dims * self.shingle]
    }

    /// The last `shingle − 1` inputs (fewer at the start of the stream), oldest first.
    pub(crate) fn recent(&self) -> &[f32] {
        let n = (self.shingle - 1).min(self.seen as usize) * self.dims;
        &self.values[self.values.len() - n..]
    }

    /// Counts one more leaf referring to tree point `seq`.
    pub(crate) fn retain(&mut self, seq: u64) {
        if let Some(r) = self.refs.get_mut((seq - self.base) as usize) {
            *r += 1;
        }
    }

    /// Drops one leaf's reference to tree point `seq`.
    pub(crate) fn release(&mut self, seq: u64) {
        if let Some(r) = seq
            .checked_sub(self.base)
            .and_then(|i| self.refs.get_mut(i as usize))
        {
            *r = r.saturating_sub(1);
        }
    }

    /// Drops the inputs no tree point still needs: those before the oldest referenced point
    /// (keeping the last `shingle − 1`).
    pub(crate) fn trim(&mut self) {
        while self.refs.front() == Some(&0) {
            self.refs.pop_front();
            self.base += 1;
            self.head += self.dims;
        }
        if self.head >= COMPACT_AT && self.head * 2 >= self.values.len() {
            self.values.drain(..self.head);
            self.head = 0;
        }
    }

    /// The heap bytes the store holds.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.values.capacity() * 4 + self.refs.capacity() * 4
    }

    /// A store rebuilt from a saved forest: `seen` inputs streamed, the last inputs `recent`,
    /// and the tree points `points` (ascending stream positions, each with its values).
    /// Inputs nothing refers to read as 0. Fails when two points disagree about an input they
    /// share, or when the points reach back further than `max_values` values.
    pub(crate) fn rebuild(
        dims: usize,
        shingle: usize,
        seen: u64,
        recent: &[f32],
        points: &[(u64, &[f32])],
        max_values: usize,
    ) -> Result<PointStore, String> {
        let mut store = PointStore::new(dims, shingle);
        store.seen = seen;
        let made = store.points();
        store.base = points.first().map_or(made, |(seq, _)| *seq);
        let inputs = seen - store.base;
        if inputs.saturating_mul(dims as u64) > max_values as u64 {
            return Err(format!(
                "the sampled points reach back {inputs} inputs, more than a forest keeps"
            ));
        }
        store.values = vec![0.0; inputs as usize * dims];
        store.refs = VecDeque::from(vec![0; (made - store.base) as usize]);
        let mut known = vec![false; inputs as usize];
        let mut put = |first_input: u64, values: &[f32]| -> Result<(), String> {
            for (j, v) in values.chunks_exact(dims).enumerate() {
                let i = (first_input - store.base) as usize + j;
                let at = i * dims;
                if known[i] && store.values[at..at + dims] != *v {
                    return Err(format!(
                        "the sampled points disagree about input {}",
                        first_input + j as u64
                    ));
                }
                known[i] = true;
                store.values[at..at + dims].copy_from_slice(v);
            }
            Ok(())
        };
        for (seq, values) in points {
            put(*seq, values)?;
        }
        put(seen - (recent.len() / dims) as u64, recent)?;
        Ok(store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingled_points_are_windows_of_the_inputs() {
        let mut store = PointStore::new(2, 3);
        assert_eq!(store.push(&[0.0, 0.5]), None);
        assert_eq!(store.recent(), [0.0, 0.5]);
        assert_eq!(store.push(&[1.0, 1.5]), None);
        assert_eq!(store.push(&[2.0, 2.5]), Some(0));
        assert_eq!(store.push(&[3.0, 3.5]), Some(1));
        assert_eq!(store.point(0), [0.0, 0.5, 1.0, 1.5, 2.0, 2.5]);
        assert_eq!(store.point(1), [1.0, 1.5, 2.0, 2.5, 3.0, 3.5]);
        assert_eq!(store.recent(), [2.0, 2.5, 3.0, 3.5]);
        assert_eq!(store.points(), 2);
    }

    #[test]
    fn unreferenced_inputs_are_dropped_and_the_shingle_kept() {
        let mut store = PointStore::new(1, 4);
        for i in 0..10_000 {
            if let Some(seq) = store.push(&[i as f32]) {
                if seq == 5 {
                    store.retain(5);
                }
            }
            store.trim();
        }
        // Point 5 is held: everything from input 5 on stays.
        assert_eq!(store.point(5), [5.0, 6.0, 7.0, 8.0]);
        store.release(5);
        store.trim();
        assert_eq!(store.recent(), [9997.0, 9998.0, 9999.0]);
        assert!(
            store.values.len() - store.head == 3,
            "{}",
            store.values.len()
        );
        assert!(store.heap_bytes() < 200_000);
    }

    #[test]
    fn a_rebuilt_store_checks_shared_inputs() {
        let a = [1.0, 2.0];
        let b = [2.0, 3.0];
        let store = PointStore::rebuild(1, 2, 10, &[9.0], &[(3, &a), (4, &b)], 1000).unwrap();
        assert_eq!(store.point(3), a);
        assert_eq!(store.point(4), b);
        assert_eq!(store.recent(), [9.0]);
        let c = [5.0, 3.0];
        let err = PointStore::rebuild(1, 2, 10, &[9.0], &[(3, &a), (4, &c)], 1000).unwrap_err();
        assert!(err.contains("input 4"), "{err}");
        let far = PointStore::rebuild(1, 2, 1_000_000, &[9.0], &[(3, &a)], 1000).unwrap_err();
        assert!(far.contains("reach back"), "{far}");
    }
}
