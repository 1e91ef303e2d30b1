//! The forest's randomness: SplitMix64 (Steele, Lea and Flood, 2014), a tiny generator that is
//! fully determined by its 64-bit state, so every cut and every sampling decision follows from
//! the forest's seed.
//!
//! Streams are derived per (tree, point) with [`stream_for`], so the cuts a point makes in a
//! tree depend only on the seed, the tree and the point's position in the stream — not on the
//! order in which trees or points were visited. That is what lets a tree be rebuilt from its
//! sample alone when a model file is loaded.

/// The golden-ratio increment of SplitMix64.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function: a bijective mix of all 64 bits.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A SplitMix64 generator.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting at `seed`.
    pub(crate) fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix(self.state)
    }

    /// A uniform number in the open interval (0, 1): 53 random bits, centred in their cell.
    pub(crate) fn next_open01(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform number in [0, 1): 53 random bits.
    pub(crate) fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in `0..n` (`0` when `n` is 0), by remainder: slightly biased for `n` that do
    /// not divide 2^64, which sample data does not mind.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// The seed of tree `tree` in a forest seeded with `seed`.
pub(crate) fn tree_seed(seed: u64, tree: usize) -> u64 {
    mix(seed ^ mix((tree as u64).wrapping_add(1).wrapping_mul(GAMMA)))
}

/// The generator for point number `seq` of the stream in the tree seeded `tree_seed`.
pub(crate) fn stream_for(tree_seed: u64, seq: u64) -> SplitMix64 {
    SplitMix64::new(mix(tree_seed ^ seq.wrapping_mul(GAMMA).rotate_left(17)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers_and_open_unit_interval() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        let mut c = SplitMix64::new(8);
        let xs: Vec<f64> = (0..1000).map(|_| a.next_open01()).collect();
        let ys: Vec<f64> = (0..1000).map(|_| b.next_open01()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs[0], c.next_open01());
        assert!(xs.iter().all(|&x| x > 0.0 && x < 1.0));
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((mean - 0.5).abs() < 0.05, "mean {mean}");
    }

    #[test]
    fn streams_differ_per_tree_and_point() {
        let t0 = tree_seed(42, 0);
        let t1 = tree_seed(42, 1);
        assert_ne!(t0, t1);
        assert_ne!(stream_for(t0, 5).next_u64(), stream_for(t1, 5).next_u64());
        assert_ne!(stream_for(t0, 5).next_u64(), stream_for(t0, 6).next_u64());
        assert_eq!(stream_for(t0, 5).next_u64(), stream_for(t0, 5).next_u64());
    }
}
