//! Scoring: how easily a point would be cut off, averaged over the trees.

use super::gap::{any_gap, fixed_gap};
use super::{LEAF, NONE, STACK_WIDTH, Tree};
use crate::rcf::store::PointStore;

/// Trees walked at once: a scoring group.
pub(crate) const WALKS: usize = 4;

/// A scoring walk's way through one tree, kept to insert the same point after: the leaf it
/// reached and the nodes whose boxes the point lies outside, lowest first, each with
/// `(node, outside, span)` (what [`Tree::insert_on_path`] takes).
#[derive(Debug, Clone, Default)]
pub(crate) struct Recorded {
    /// Whether to record this tree's walk.
    pub(crate) wanted: bool,
    pub(crate) leaf: u32,
    pub(crate) path: Vec<(u32, f64, f64)>,
}

/// `1 / (d + 1)` for the depths most walks stay within.
const INVERSE_DEPTH: [f64; 64] = {
    let mut t = [0.0; 64];
    let mut d = 0;
    while d < 64 {
        t[d] = 1.0 / (d as f64 + 1.0);
        d += 1;
    }
    t
};

#[inline(always)]
fn inverse_depth(d: usize) -> f64 {
    match INVERSE_DEPTH.get(d) {
        Some(v) => *v,
        None => 1.0 / (d as f64 + 1.0),
    }
}

/// The sum over `trees` of each tree's anomaly score of `point`: the expected inverse depth at
/// which inserting it would isolate it, times the typical isolation depth of the tree's mass,
/// so that a typical point scores about 1 and an isolated one more. Changes nothing.
///
/// In a tree, at each node of its path the point would be cut off with probability
/// `p` = (its distance outside the node's box summed over dimensions) / (the side lengths of
/// the box grown to include it), which puts it in a leaf at depth `d + 1`. Reaching a leaf at
/// depth `d` it is isolated at `d + 1`; when it equals the leaf's point it sits with that
/// leaf's `m` copies at an effective depth of `d + log2(m + 1)`, damped by `1 − m / (2 ·
/// mass)` so that a value the tree holds many times over (a flat stretch) counts as ordinary
/// rather than as a small, tight cluster.
///
/// A walk goes down by the cuts alone, then climbs back from the leaf computing
/// `S(node) = p / (d + 1) + (1 − p) · S(child)`. Boxes are nested, so once the point is inside
/// one it is inside every box above and `S` no longer changes: the climb stops there, and a
/// typical point reads only the few small boxes near its leaf. Trees are walked [`WALKS`] at a
/// time, a level each in turn: each walk down is a chain of dependent memory reads, and
/// interleaving them lets the reads overlap.
///
/// `records` (empty, or one per tree) keeps the walks of the trees it asks for.
///
/// The sum is taken per group of [`WALKS`] trees, then over the groups in order, so a forest
/// that scores group by group (see `rcf/learn.rs`) adds the same numbers in the same order.
pub(crate) fn score_trees(
    trees: &[Tree],
    point: &[f32],
    store: &PointStore,
    records: &mut [Recorded],
) -> f64 {
    // Narrow points get a walk compiled for their width: fixed-size boxes, unrolled sums.
    match point.len() {
        1 => walk_trees(trees, point, store, records, fixed_gap::<1>),
        2 => walk_trees(trees, point, store, records, fixed_gap::<2>),
        3 => walk_trees(trees, point, store, records, fixed_gap::<3>),
        4 => walk_trees(trees, point, store, records, fixed_gap::<4>),
        5 => walk_trees(trees, point, store, records, fixed_gap::<5>),
        6 => walk_trees(trees, point, store, records, fixed_gap::<6>),
        _ => walk_trees(trees, point, store, records, any_gap),
    }
}

/// The walks of [`score_trees`], with `gap` measuring a box: down by the cuts and up through
/// the boxes the point lies outside, reading the boxes at the nodes' own indices when every
/// node stores one (narrow points), else through the nodes' slots or from the leaves.
#[inline(always)]
fn walk_trees(
    trees: &[Tree],
    point: &[f32],
    store: &PointStore,
    records: &mut [Recorded],
    gap: impl Fn(&[f32], &[f32]) -> (f64, f64),
) -> f64 {
    if trees.first().is_some_and(Tree::boxes_everywhere) {
        walk_narrow(trees, point, store, records, gap)
    } else {
        walk_wide(trees, point, store, records, gap)
    }
}

/// Levels of a walk down that [`walk_narrow`] keeps to climb back by: a walk climbs only
/// through the boxes the point lies outside, which are the last few of its path.
const KEPT_LEVELS: usize = 32;

/// [`walk_trees`] for trees that store every box at the node's own index: down by the cuts,
/// keeping the nodes passed, then up again through the boxes the point lies outside (the
/// last few levels: boxes are nested). Each box read on the way up is at a known address, so
/// those reads overlap, and the levels above, where the point lies inside, cost only a cut.
///
/// Its descent has the same shape as [`walk_wide`]'s, written out rather than shared: this is
/// the hottest loop of the crate, and a shared descent taking the per-node work as a closure
/// measured 4–8 % slower, one walk for both layouts 7 % slower (`cargo bench -p detect
/// --bench rcf`).
#[inline(always)]
fn walk_narrow(
    trees: &[Tree],
    point: &[f32],
    store: &PointStore,
    records: &mut [Recorded],
    gap: impl Fn(&[f32], &[f32]) -> (f64, f64),
) -> f64 {
    let w2 = 2 * point.len();
    let mut total = 0.0;
    for (g, group) in trees.chunks(WALKS).enumerate() {
        let mut cur = [NONE; WALKS];
        let mut depth = [0usize; WALKS];
        // The last `KEPT_LEVELS` nodes of each walk, by depth modulo `KEPT_LEVELS`.
        let mut passed = [[NONE; KEPT_LEVELS]; WALKS];
        for (c, tree) in cur.iter_mut().zip(group) {
            *c = tree.root;
        }
        loop {
            let mut moving = false;
            for (k, tree) in group.iter().enumerate() {
                let c = cur[k];
                if c & LEAF != 0 {
                    // A leaf, or NONE (an empty tree).
                    continue;
                }
                let Some(node) = tree.nodes.get(c as usize) else {
                    cur[k] = NONE;
                    continue;
                };
                moving = true;
                passed[k][depth[k] % KEPT_LEVELS] = c;
                depth[k] += 1;
                cur[k] = node.child_for(point);
            }
            if !moving {
                break;
            }
        }
        let mut sum = 0.0;
        for (k, tree) in group.iter().enumerate() {
            let mut rec = records.get_mut(g * WALKS + k).filter(|r| r.wanted);
            if let Some(r) = &mut rec {
                r.leaf = cur[k];
            }
            if cur[k] == NONE {
                continue;
            }
            let mut s = tree.leaf_score(cur[k], depth[k], point, store);
            let mut n = NONE;
            for d in (0..depth[k]).rev() {
                n = if depth[k] - d <= KEPT_LEVELS {
                    passed[k][d % KEPT_LEVELS]
                } else {
                    // A walk deeper than the levels kept: on up by the parents.
                    tree.nodes.get(n as usize).map_or(NONE, |node| node.parent)
                };
                let at = n as usize * w2;
                let Some(b) = tree.boxes.get(at..at + w2) else {
                    break;
                };
                let Some(up) = climbed(s, n, d, gap(b, point), &mut rec) else {
                    break;
                };
                s = up;
            }
            sum += s * tree.scale;
        }
        total += sum;
    }
    total
}

/// One level of a climb: the score from node `n` at depth `d`, whose box lies `outside` the
/// point and measures `span`, given the score `s` from the level below; `None` when the point
/// lies inside the box (the climb ends there). Records the level in `rec`.
#[inline(always)]
fn climbed(
    s: f64,
    n: u32,
    d: usize,
    (outside, span): (f64, f64),
    rec: &mut Option<&mut Recorded>,
) -> Option<f64> {
    if outside <= 0.0 {
        return None;
    }
    if let Some(r) = rec {
        r.path.push((n, outside, span));
    }
    let p = outside / (span + outside);
    Some(p * inverse_depth(d) + (1.0 - p) * s)
}

/// [`walk_trees`] for trees whose small nodes keep no box (wide points): down by the cuts
/// alone, then up from each leaf by the parents through the boxes the point lies outside,
/// assembling a small node's box from its leaves.
#[inline(always)]
fn walk_wide(
    trees: &[Tree],
    point: &[f32],
    store: &PointStore,
    records: &mut [Recorded],
    gap: impl Fn(&[f32], &[f32]) -> (f64, f64),
) -> f64 {
    let mut stack = [0.0f32; 2 * STACK_WIDTH];
    let mut heap = Vec::new();
    let room: &mut [f32] = if point.len() <= STACK_WIDTH {
        &mut stack[..2 * point.len()]
    } else {
        heap.resize(2 * point.len(), 0.0);
        &mut heap
    };
    let mut total = 0.0;
    for (g, group) in trees.chunks(WALKS).enumerate() {
        // Down to the leaves, reading only the cuts.
        let mut cur = [NONE; WALKS];
        let mut depth = [0usize; WALKS];
        for (c, tree) in cur.iter_mut().zip(group) {
            *c = tree.root;
        }
        loop {
            let mut moving = false;
            for (k, tree) in group.iter().enumerate() {
                let c = cur[k];
                if c & LEAF != 0 {
                    // A leaf, or NONE (an empty tree).
                    continue;
                }
                let Some(node) = tree.nodes.get(c as usize) else {
                    cur[k] = NONE;
                    continue;
                };
                moving = true;
                depth[k] += 1;
                cur[k] = node.child_for(point);
            }
            if !moving {
                break;
            }
        }
        // Up again, through the boxes the point lies outside.
        let mut sum = 0.0;
        for (k, tree) in group.iter().enumerate() {
            let rec = records.get_mut(g * WALKS + k).filter(|r| r.wanted);
            if cur[k] != NONE {
                sum += tree.climb(cur[k], depth[k], point, store, &gap, room, rec);
            }
        }
        total += sum;
    }
    total
}

impl Tree {
    /// The score of `point` from the leaf its walk reached at `depth` (see [`score_trees`]);
    /// `room` holds the boxes of small nodes, computed from their leaves.
    #[inline(always)]
    // The walk's state, passed apart so that this inlined inner step borrows each piece as
    // it needs it (a struct would tie `room`'s and `rec`'s mutable borrows together).
    #[allow(clippy::too_many_arguments)]
    fn climb(
        &self,
        leaf: u32,
        depth: usize,
        point: &[f32],
        store: &PointStore,
        gap: &impl Fn(&[f32], &[f32]) -> (f64, f64),
        room: &mut [f32],
        mut rec: Option<&mut Recorded>,
    ) -> f64 {
        if let Some(r) = &mut rec {
            r.leaf = leaf;
        }
        let Some(l) = self.leaves.get((leaf & !LEAF) as usize) else {
            return 0.0;
        };
        let leaf_point = store.point(l.point);
        let mut s = self.leaf_score(leaf, depth, point, store);
        // `room` holds `child`'s box while the nodes are small.
        let mut assembled = false;
        let mut child = leaf;
        let mut n = l.parent;
        let mut d = depth;
        while let Some(node) = self.nodes.get(n as usize) {
            d = d.saturating_sub(1);
            let (outside, span) = match self.stored(node) {
                Some(b) => gap(b, point),
                None => {
                    if !assembled {
                        let (lo, hi) = room.split_at_mut(leaf_point.len());
                        lo.copy_from_slice(leaf_point);
                        hi.copy_from_slice(leaf_point);
                        assembled = true;
                    }
                    self.extend(node.other(child), store, room);
                    gap(room, point)
                }
            };
            let Some(up) = climbed(s, n, d, (outside, span), &mut rec) else {
                break;
            };
            s = up;
            child = n;
            n = node.parent;
        }
        s * self.scale
    }

    /// The score of a walk that reached `leaf` at `depth` without being cut off above:
    /// `1 / (depth + 1)`, or for the leaf's own point `damp / (depth + log2(copies + 1))`.
    #[inline(always)]
    pub(super) fn leaf_score(
        &self,
        leaf: u32,
        depth: usize,
        point: &[f32],
        store: &PointStore,
    ) -> f64 {
        let Some(l) = self.leaves.get((leaf & !LEAF) as usize) else {
            return 0.0;
        };
        if store.point(l.point) == point {
            let copies = f64::from(l.mass);
            let damp = 1.0 - copies / (2.0 * f64::from(self.mass));
            damp / (depth as f64 + (copies + 1.0).log2())
        } else {
            inverse_depth(depth)
        }
    }

    /// The tree's anomaly score of `point` (see [`score_trees`]), for tests.
    #[cfg(test)]
    pub(crate) fn score(&self, point: &[f32], store: &PointStore) -> f64 {
        score_trees(std::slice::from_ref(self), point, store, &mut [])
    }
}
