//! The points the trees' samples hold, stored once for the whole forest and counted by
//! reference (a point usually sits in several trees' samples).

/// A slot-allocated store of equally wide points, each with its stream position.
#[derive(Debug, Clone)]
pub(crate) struct PointStore {
    width: usize,
    values: Vec<f64>,
    seqs: Vec<u64>,
    refs: Vec<u32>,
    free: Vec<u32>,
}

impl PointStore {
    /// An empty store of points `width` values wide.
    pub(crate) fn new(width: usize) -> PointStore {
        PointStore {
            width,
            values: Vec::new(),
            seqs: Vec::new(),
            refs: Vec::new(),
            free: Vec::new(),
        }
    }

    /// Stores `point` (stream position `seq`) with no references yet; returns its slot.
    pub(crate) fn add(&mut self, point: &[f64], seq: u64) -> u32 {
        if let Some(slot) = self.free.pop() {
            let at = slot as usize * self.width;
            self.values[at..at + self.width].copy_from_slice(point);
            self.seqs[slot as usize] = seq;
            self.refs[slot as usize] = 0;
            slot
        } else {
            self.values.extend_from_slice(point);
            self.seqs.push(seq);
            self.refs.push(0);
            (self.seqs.len() - 1) as u32
        }
    }

    /// The point in `slot`.
    pub(crate) fn point(&self, slot: u32) -> &[f64] {
        let at = slot as usize * self.width;
        &self.values[at..at + self.width]
    }

    /// The stream position of the point in `slot`.
    pub(crate) fn seq(&self, slot: u32) -> u64 {
        self.seqs[slot as usize]
    }

    /// Counts one more reference to `slot`.
    pub(crate) fn retain(&mut self, slot: u32) {
        self.refs[slot as usize] += 1;
    }

    /// Drops one reference to `slot`, freeing it with the last.
    pub(crate) fn release(&mut self, slot: u32) {
        let refs = &mut self.refs[slot as usize];
        *refs = refs.saturating_sub(1);
        if *refs == 0 {
            self.free.push(slot);
        }
    }

    /// The slots in use, in stream order.
    pub(crate) fn live_slots_by_seq(&self) -> Vec<u32> {
        let mut slots: Vec<u32> = (0..self.seqs.len() as u32)
            .filter(|&s| self.refs[s as usize] > 0)
            .collect();
        slots.sort_unstable_by_key(|&s| self.seqs[s as usize]);
        slots
    }
}
