//! Drawing a random cut: a dimension with probability proportional to its side length, a
//! value uniform on that side.

use crate::rcf::random::SplitMix64;

/// A cut of the box `lo..hi` grown to include `point` that separates the point from the box
/// (the point must lie outside it): uniform over the parts of the grown box's sides outside
/// the box.
pub(crate) fn outside_cut(
    lo: &[f32],
    hi: &[f32],
    point: &[f32],
    rng: &mut SplitMix64,
) -> (usize, f32) {
    let outside: f64 = (0..point.len())
        .map(|i| {
            (f64::from(lo[i]) - f64::from(point[i])).max(0.0)
                + (f64::from(point[i]) - f64::from(hi[i])).max(0.0)
        })
        .sum();
    let mut r = rng.next_open01() * outside;
    let mut last = None;
    for i in 0..point.len() {
        let (l, h, x) = (lo[i], hi[i], point[i]);
        if x < l {
            let gap = f64::from(l) - f64::from(x);
            last = Some((i, x));
            if r < gap {
                // x <= cut < l: the point goes left, the box right.
                let cut = (f64::from(x) + r) as f32;
                return (i, if cut >= l { x } else { cut.max(x) });
            }
            r -= gap;
        } else if x > h {
            let gap = f64::from(x) - f64::from(h);
            last = Some((i, h));
            if r < gap {
                // h <= cut < x: the box goes left, the point right.
                let cut = (f64::from(h) + r) as f32;
                return (i, if cut >= x { h } else { cut.max(h) });
            }
            r -= gap;
        }
    }
    // Only rounding can get here (r landed on the far end): cut at the last outside part's
    // near end.
    last.unwrap_or((0, lo.first().copied().unwrap_or(0.0)))
}

/// A cut separating two distinct points `leaf` and `point`, uniform over their box's total
/// side length.
pub(crate) fn leaf_cut(leaf: &[f32], point: &[f32], rng: &mut SplitMix64) -> (usize, f32) {
    let total: f64 = leaf
        .iter()
        .zip(point)
        .map(|(a, b)| (f64::from(*a) - f64::from(*b)).abs())
        .sum();
    let mut r = rng.next_open01() * total;
    let mut last = 0;
    for i in 0..leaf.len() {
        let (lo, hi) = (leaf[i].min(point[i]), leaf[i].max(point[i]));
        let side = f64::from(hi) - f64::from(lo);
        if side > 0.0 {
            last = i;
            if r < side {
                let cut = (f64::from(lo) + r) as f32;
                // lo <= cut < hi separates them.
                return (i, if cut >= hi { lo } else { cut.max(lo) });
            }
            r -= side;
        }
    }
    // Only rounding can get here: cut at the lower value of the last differing dimension.
    (last, leaf[last].min(point[last]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_always_separate() {
        let mut rng = SplitMix64::new(5);
        for _ in 0..10_000 {
            let a = [rng.next_open01() as f32, 1.0];
            let b = [f32::from_bits(a[0].to_bits() + 1), 1.0];
            let (dim, cut) = leaf_cut(&a, &b, &mut rng);
            assert_eq!(dim, 0);
            assert!(a[0] <= cut && cut < b[0], "{a:?} {b:?} {cut}");
            let (lo, hi) = ([0.0f32, 0.0], [1.0f32, 1.0]);
            let x = [2.0f32, 0.5];
            let (dim, cut) = outside_cut(&lo, &hi, &x, &mut rng);
            assert_eq!(dim, 0);
            assert!((1.0..2.0).contains(&cut), "{cut}");
            let below = [-1.0f32, 3.0];
            let (dim, cut) = outside_cut(&lo, &hi, &below, &mut rng);
            if dim == 0 {
                assert!((-1.0..0.0).contains(&cut), "{cut}");
            } else {
                assert!((1.0..3.0).contains(&cut), "{cut}");
            }
        }
    }
}
