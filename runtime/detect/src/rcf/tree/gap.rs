//! How far a point lies outside a box, and the box's size: the two numbers every step of a
//! scoring walk or an insertion needs, compiled per width for narrow points.

/// Lanes of the box arithmetic for wide points: four `f32` sums side by side, which the
/// compiler turns into vector instructions.
const LANES: usize = 4;

/// Measures a box (`2 · width` values: minimums, then maximums) against a point: how far the
/// point lies outside it (summed over dimensions) and the box's side lengths (summed).
pub(crate) type GapFn = fn(&[f32], &[f32]) -> (f64, f64);

/// The [`GapFn`] for points of `width` values: compiled for the width when it is small.
pub(crate) fn gap_for(width: usize) -> GapFn {
    match width {
        1 => fixed_gap::<1>,
        2 => fixed_gap::<2>,
        3 => fixed_gap::<3>,
        4 => fixed_gap::<4>,
        5 => fixed_gap::<5>,
        6 => fixed_gap::<6>,
        _ => any_gap,
    }
}

/// `max(v, 0)`, in the form the compiler maps to one instruction.
#[inline(always)]
fn positive(v: f32) -> f32 {
    if v > 0.0 { v } else { 0.0 }
}

/// The gap of a box of `W` dimensions (`b` holds `2 · W` values).
#[inline(always)]
pub(crate) fn fixed_gap<const W: usize>(b: &[f32], x: &[f32]) -> (f64, f64) {
    let (Some(lo), Some(hi), Some(x)) = (
        b.first_chunk::<W>(),
        b.get(W..).and_then(<[f32]>::first_chunk::<W>),
        x.first_chunk::<W>(),
    ) else {
        return (0.0, 1.0);
    };
    let (mut o, mut s) = (0.0f32, 0.0f32);
    for i in 0..W {
        o += positive(lo[i] - x[i]) + positive(x[i] - hi[i]);
        s += hi[i] - lo[i];
    }
    (f64::from(o), f64::from(s))
}

/// The gap of a box of any width (`b` holds `2 · x.len()` values).
#[inline(always)]
pub(crate) fn any_gap(b: &[f32], x: &[f32]) -> (f64, f64) {
    let (lo, hi) = b.split_at(x.len().min(b.len()));
    let n = x.len().min(lo.len()).min(hi.len());
    let (lo, hi, x) = (&lo[..n], &hi[..n], &x[..n]);
    let mut below = [0.0f32; LANES];
    let mut above = [0.0f32; LANES];
    let mut span = [0.0f32; LANES];
    let whole = n / LANES * LANES;
    for ((l, h), p) in lo[..whole]
        .chunks_exact(LANES)
        .zip(hi[..whole].chunks_exact(LANES))
        .zip(x[..whole].chunks_exact(LANES))
    {
        let (Ok(l), Ok(h), Ok(p)) = (
            <&[f32; LANES]>::try_from(l),
            <&[f32; LANES]>::try_from(h),
            <&[f32; LANES]>::try_from(p),
        ) else {
            continue;
        };
        lanes([&mut below, &mut above, &mut span], l, h, p);
    }
    let (mut o, mut s) = (0.0f32, 0.0f32);
    for i in whole..n {
        o += positive(lo[i] - x[i]) + positive(x[i] - hi[i]);
        s += hi[i] - lo[i];
    }
    for j in 0..LANES {
        o += below[j] + above[j];
        s += span[j];
    }
    (f64::from(o), f64::from(s))
}

/// One run of [`LANES`] dimensions of [`any_gap`], on arrays so that it compiles to vector
/// instructions.
#[inline(always)]
fn lanes(
    [below, above, span]: [&mut [f32; LANES]; 3],
    lo: &[f32; LANES],
    hi: &[f32; LANES],
    x: &[f32; LANES],
) {
    for j in 0..LANES {
        below[j] += positive(lo[j] - x[j]);
    }
    for j in 0..LANES {
        above[j] += positive(x[j] - hi[j]);
    }
    for j in 0..LANES {
        span[j] += hi[j] - lo[j];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_width_measures_the_same() {
        for width in 1..=20 {
            let lo: Vec<f32> = (0..width).map(|i| i as f32).collect();
            let hi: Vec<f32> = lo.iter().map(|v| v + 2.0).collect();
            let b: Vec<f32> = lo.iter().chain(&hi).copied().collect();
            // Inside in every dimension but the first (1 below) and the last (3 above).
            let mut x: Vec<f32> = lo.iter().map(|v| v + 1.0).collect();
            x[0] -= 2.0;
            x[width - 1] += if width > 1 { 4.0 } else { 0.0 };
            let expected_out = if width > 1 { 4.0 } else { 1.0 };
            let (o, s) = gap_for(width)(&b, &x);
            assert_eq!((o, s), (expected_out, 2.0 * width as f64), "width {width}");
            assert_eq!(any_gap(&b, &x), (o, s));
        }
    }
}
