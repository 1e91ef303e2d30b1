//! One random cut tree (Guha et al. 2016, section 3): a binary tree over a set of points in
//! which every internal node cuts its points' bounding box at a random value of a random
//! dimension, the dimension chosen with probability proportional to its side length.
//!
//! Points are inserted and deleted incrementally; each leaf counts its point's copies, and
//! names the point by stream position in the forest's [`PointStore`], so a point's values exist
//! once for the whole forest. Internal nodes and leaves live in arenas indexed by `u32` (a
//! child reference with [`LEAF`] set names a leaf).
//!
//! **Boxes.** Scoring and inserting need each node's bounding box. A node with more than
//! `small` leaves below it stores its box (`2 · width` values in the `boxes` arena, at the
//! node's slot); a smaller one does not: its box is the union of its few leaves' points, which
//! the point store holds compactly (a shingled point is a window of the input log) and which
//! stay in cache. For wide points this halves the memory of the trees and the cache lines a
//! walk touches; narrow points store every box (`small` = 0). Boxes are nested, so a node is
//! small only if its children are: walking up from a leaf, the small nodes come first.
//!
//! Values are `f32`, as in AWS's implementations: half the memory of `f64`, twice the values
//! per cache line and per vector instruction, and more resolution than anomaly scores need.

mod cut;
mod gap;
mod score;

pub(crate) use score::{Recorded, WALKS, score_trees};

use cut::{leaf_cut, outside_cut};
use gap::{GapFn, gap_for};

use super::random::SplitMix64;
use super::store::PointStore;

/// Marks a child reference as a leaf index.
const LEAF: u32 = 1 << 31;
/// No node (an empty tree's root, the root's parent, a node without a stored box).
const NONE: u32 = u32::MAX;
/// Boxes up to this width are assembled on the stack.
const STACK_WIDTH: usize = 64;

/// An internal node: a cut, the two sides, and where its box is.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The left child, then the right.
    children: [u32; 2],
    parent: u32,
    /// The node's box in `boxes` (slot × 2 · width), or [`NONE`] for a small node.
    slot: u32,
    /// Points with `point[dim] <= cut` go left.
    cut: f32,
    dim: u16,
    /// The leaves below (distinct points).
    size: u16,
}

impl Node {
    /// The child `point` goes to (without a branch: the choice is as likely either way).
    #[inline(always)]
    fn child_for(&self, point: &[f32]) -> u32 {
        let x = point
            .get(usize::from(self.dim))
            .copied()
            .unwrap_or(f32::NEG_INFINITY);
        self.children[usize::from(x > self.cut)]
    }

    /// The child that is not `child`.
    fn other(&self, child: u32) -> u32 {
        self.children[usize::from(self.children[0] == child)]
    }
}

/// A leaf: one distinct point and how often the tree's sample holds it.
#[derive(Debug, Clone, Copy)]
struct Leaf {
    /// The stream position of the point in the store (the first copy inserted).
    point: u64,
    parent: u32,
    mass: u32,
}

fn is_leaf(r: u32) -> bool {
    r != NONE && r & LEAF != 0
}

/// The average path length of an unsuccessful search in a binary search tree of `n` points
/// (Liu, Ting and Zhou 2008, "Isolation Forest"): the depth a typical point is isolated at.
pub(crate) fn typical_depth(n: u32) -> f64 {
    if n < 2 {
        return 1.0;
    }
    let n = f64::from(n);
    // H(n - 1) ≈ ln(n - 1) + Euler–Mascheroni constant.
    2.0 * ((n - 1.0).ln() + 0.577_215_664_901_532_9) - 2.0 * (n - 1.0) / n
}

/// The most leaves a node may have and keep no box, for points `width` values wide: boxes of
/// narrow points are as small as the references that would replace them.
///
/// Chosen by measuring a univariate series with a shingle of 32 (NAB's `nyc_taxi`): keeping
/// no box below 2, 3, 4, 5, 6 and 8 leaves gave 10.9k, 11.5k, 11.2k, 11.2k, 10.6k and 10.5k
/// points/s and a peak of 12.7, 11.0, 10.3, 9.5, 8.9 and 8.4 MB; 4 keeps most of the speed
/// for a third less memory than storing every box.
fn small_for(width: usize) -> u16 {
    if width >= 8 { 4 } else { 0 }
}

/// A random cut tree over points of a fixed width.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    width: usize,
    /// Nodes with at most this many leaves keep no box.
    small: u16,
    nodes: Vec<Node>,
    /// The stored boxes, `2 · width` values per slot: minimums, then maximums.
    boxes: Vec<f32>,
    leaves: Vec<Leaf>,
    free_nodes: Vec<u32>,
    free_leaves: Vec<u32>,
    free_slots: Vec<u32>,
    root: u32,
    /// The number of points held, copies included.
    mass: u32,
    /// `typical_depth` of the tree's mass, the scale of its scores.
    scale: f64,
    /// The last two masses' scales: a full tree's mass goes one up and back down with
    /// every point it takes, and a logarithm for each would be a measurable share of
    /// learning.
    scales: [(u32, f64); 2],
    /// The gap function for this tree's width.
    gap: GapFn,
    /// Room for a box while inserting or deleting (`2 · width`).
    scratch: Vec<f32>,
    /// Room for an insertion's path of nodes.
    path: Vec<(u32, f64, f64)>,
}

/// What [`Tree::insert`] did with a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Inserted {
    /// The leaf that holds the point (a handle for [`Tree::delete_leaf`]).
    pub(crate) leaf: u32,
    /// Whether that leaf is new, and so refers to the inserted point's stream position.
    pub(crate) new_leaf: bool,
}

impl Tree {
    /// An empty tree for points of `width` values, with room for `capacity` points.
    pub(crate) fn new(width: usize, capacity: usize) -> Tree {
        Tree {
            width,
            small: small_for(width),
            // A point is inserted before the one it replaces is deleted: room for one more.
            nodes: Vec::with_capacity(capacity),
            boxes: Vec::new(),
            leaves: Vec::with_capacity(capacity + 1),
            free_nodes: Vec::new(),
            free_leaves: Vec::new(),
            free_slots: Vec::new(),
            root: NONE,
            mass: 0,
            scale: typical_depth(0),
            scales: [(0, typical_depth(0)); 2],
            gap: gap_for(width),
            scratch: vec![0.0; 2 * width],
            path: Vec::new(),
        }
    }

    /// The number of points in the tree, copies included.
    #[cfg(test)]
    pub(crate) fn mass(&self) -> u32 {
        self.mass
    }

    /// The heap bytes the tree holds (its arenas' capacity).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.boxes.capacity() * 4
            + self.leaves.capacity() * std::mem::size_of::<Leaf>()
            + (self.free_nodes.capacity() + self.free_leaves.capacity()) * 4
            + self.free_slots.capacity() * 4
            + self.scratch.capacity() * 4
            + self.path.capacity() * std::mem::size_of::<(u32, f64, f64)>()
    }

    /// The stream position of the point `leaf` holds.
    pub(crate) fn leaf_seq(&self, leaf: u32) -> u64 {
        self.leaves[leaf as usize].point
    }

    /// Node `n`'s stored box, if it has one.
    #[inline(always)]
    fn stored(&self, node: &Node) -> Option<&[f32]> {
        let at = node.slot as usize * 2 * self.width;
        if node.slot == NONE {
            return None;
        }
        self.boxes.get(at..at + 2 * self.width)
    }

    /// Child reference `r`'s box as (minimums, maximums) when it is at hand without
    /// assembling: a leaf's point, or a node's stored box; `None` for a small node.
    fn box_of<'a>(&'a self, r: u32, store: &'a PointStore) -> Option<(&'a [f32], &'a [f32])> {
        if is_leaf(r) {
            let p = store.point(self.leaves[(r & !LEAF) as usize].point);
            return Some((p, p));
        }
        self.stored(&self.nodes[r as usize])
            .map(|b| b.split_at(self.width))
    }

    /// Widens `b` (minimums, then maximums) to hold child reference `r`'s box.
    fn extend(&self, r: u32, store: &PointStore, b: &mut [f32]) {
        let (lo, hi) = b.split_at_mut(self.width);
        if let Some((r_lo, r_hi)) = self.box_of(r, store) {
            for i in 0..self.width {
                lo[i] = lo[i].min(r_lo[i]);
                hi[i] = hi[i].max(r_hi[i]);
            }
        } else {
            // A small node: a handful of leaves below.
            let node = self.nodes[r as usize];
            self.extend(node.children[0], store, b);
            self.extend(node.children[1], store, b);
        }
    }

    /// Writes child reference `r`'s box into `b`.
    fn box_into(&self, r: u32, store: &PointStore, b: &mut [f32]) {
        let (lo, hi) = b.split_at_mut(self.width);
        lo.fill(f32::INFINITY);
        hi.fill(f32::NEG_INFINITY);
        self.extend(r, store, b);
    }

    fn new_leaf(&mut self, point: u64, parent: u32) -> u32 {
        let leaf = Leaf {
            point,
            parent,
            mass: 1,
        };
        let i = if let Some(i) = self.free_leaves.pop() {
            self.leaves[i as usize] = leaf;
            i
        } else {
            self.leaves.push(leaf);
            (self.leaves.len() - 1) as u32
        };
        i | LEAF
    }

    fn new_node(&mut self, node: Node) -> u32 {
        if let Some(i) = self.free_nodes.pop() {
            self.nodes[i as usize] = node;
            i
        } else {
            self.nodes.push(node);
            (self.nodes.len() - 1) as u32
        }
    }

    /// Sets `scale` for the tree's mass (from `scales` when it holds it).
    fn rescale(&mut self) {
        let mass = self.mass;
        if self.scales[0].0 != mass {
            self.scales.swap(0, 1);
            if self.scales[0].0 != mass {
                self.scales[0] = (mass, typical_depth(mass));
            }
        }
        self.scale = self.scales[0].1;
    }

    /// Whether every node stores its box, at its own index (narrow points: `small` = 0).
    fn boxes_everywhere(&self) -> bool {
        self.small == 0
    }

    /// Gives node `n` a stored box with the values in `b`.
    fn store_box(&mut self, n: u32, b: &[f32]) {
        let w2 = 2 * self.width;
        if self.boxes_everywhere() {
            let at = n as usize * w2;
            if self.boxes.len() < at + w2 {
                self.boxes.resize(at + w2, 0.0);
            }
            self.boxes[at..at + w2].copy_from_slice(b);
            self.nodes[n as usize].slot = n;
            return;
        }
        let slot = if let Some(s) = self.free_slots.pop() {
            self.boxes[s as usize * w2..(s as usize + 1) * w2].copy_from_slice(b);
            s
        } else {
            if self.boxes.len() == self.boxes.capacity() {
                // Grow by a few slots at a time: a tree's boxes are a large share of the
                // forest's memory, and doubling would leave much of it unused.
                self.boxes.reserve_exact(8 * w2);
            }
            self.boxes.extend_from_slice(b);
            (self.boxes.len() / w2 - 1) as u32
        };
        self.nodes[n as usize].slot = slot;
    }

    /// Takes node `n`'s stored box away (it became small, or left the tree).
    fn drop_box(&mut self, n: u32) {
        let slot = std::mem::replace(&mut self.nodes[n as usize].slot, NONE);
        if slot != NONE && !self.boxes_everywhere() {
            self.free_slots.push(slot);
        }
    }

    fn set_parent(&mut self, r: u32, parent: u32) {
        if is_leaf(r) {
            self.leaves[(r & !LEAF) as usize].parent = parent;
        } else {
            self.nodes[r as usize].parent = parent;
        }
    }

    fn parent_of(&self, r: u32) -> u32 {
        if is_leaf(r) {
            self.leaves[(r & !LEAF) as usize].parent
        } else {
            self.nodes[r as usize].parent
        }
    }

    fn size_of(&self, r: u32) -> u16 {
        if is_leaf(r) {
            1
        } else {
            self.nodes[r as usize].size
        }
    }

    /// Makes `new` take `old`'s place under `parent` (or as the root).
    fn replace_child(&mut self, parent: u32, old: u32, new: u32) {
        if parent == NONE {
            self.root = new;
        } else {
            let p = &mut self.nodes[parent as usize];
            let side = usize::from(p.children[0] != old);
            p.children[side] = new;
        }
        self.set_parent(new, parent);
    }

    /// Inserts `point` (the store's point at stream position `seq`), drawing cuts from `rng`.
    ///
    /// Walking from the root, a cut is drawn over each node's box grown to include the point
    /// (dimension ∝ side length, value uniform); when it separates the point from the box, the
    /// point becomes a leaf there. A draw is needed only where the point lies outside the box
    /// (inside it, no cut of the grown box can separate them), and since boxes are nested,
    /// those nodes are the last ones of the path: the walk goes down by the cuts alone, climbs
    /// back to the highest box the point lies outside, measuring each box on the way, and
    /// draws from there down. Each draw first decides whether the cut separates (it does with
    /// probability outside / (span + outside)) and only then where it falls, so the boxes are
    /// read once.
    pub(crate) fn insert(
        &mut self,
        point: &[f32],
        seq: u64,
        store: &PointStore,
        rng: &mut SplitMix64,
    ) -> Inserted {
        if let Some(inserted) = self.count_point(seq) {
            return inserted;
        }
        let mut b = std::mem::take(&mut self.scratch);
        if self.boxes_everywhere() {
            let inserted = self.insert_from_root(point, seq, store, rng, &mut b);
            self.scratch = b;
            return inserted;
        }
        let mut leaf = self.root;
        while !is_leaf(leaf) {
            leaf = self.nodes[leaf as usize].child_for(point);
        }
        let mut path = std::mem::take(&mut self.path);
        self.outside_path(leaf, point, store, &mut b, &mut path);
        self.scratch = b;
        // `insert_on_path` counts the point again.
        self.mass -= 1;
        let inserted = self.insert_on_path(point, seq, store, rng, leaf, &path);
        path.clear();
        self.path = path;
        inserted
    }

    /// Counts one more point in the tree; an empty tree takes it as its root leaf, which is
    /// returned (there is nothing else to do).
    fn count_point(&mut self, seq: u64) -> Option<Inserted> {
        self.mass += 1;
        self.rescale();
        if self.root != NONE {
            return None;
        }
        self.root = self.new_leaf(seq, NONE);
        Some(Inserted {
            leaf: self.root & !LEAF,
            new_leaf: true,
        })
    }

    /// [`insert`](Tree::insert) along a path a scoring walk of the same point already found:
    /// the leaf it reached, and the nodes whose boxes the point lies outside with their
    /// `(node, outside, span)`, lowest first (see [`outside_path`](Tree::outside_path)).
    pub(crate) fn insert_on_path(
        &mut self,
        point: &[f32],
        seq: u64,
        store: &PointStore,
        rng: &mut SplitMix64,
        leaf: u32,
        path: &[(u32, f64, f64)],
    ) -> Inserted {
        if let Some(inserted) = self.count_point(seq) {
            return inserted;
        }
        let mut b = std::mem::take(&mut self.scratch);
        // From the highest box the point lies outside down: a cut separates the point there
        // with probability outside / (span + outside), and is then uniform over the parts of
        // the grown box outside the node's box.
        let mut split = None;
        for &(n, outside, span) in path.iter().rev() {
            if rng.next_open01() * (span + outside) < outside {
                split = Some(n);
                break;
            }
            // The point stays inside this node's subtree: grow its box (if it has one).
            let slot = self.nodes[n as usize].slot;
            if slot != NONE {
                let w = self.width;
                let at = slot as usize * 2 * w;
                let (lo, hi) = self.boxes[at..at + 2 * w].split_at_mut(w);
                for i in 0..w {
                    lo[i] = lo[i].min(point[i]);
                    hi[i] = hi[i].max(point[i]);
                }
            }
        }
        let inserted = match split {
            Some(n) => {
                self.box_into(n, store, &mut b);
                let (lo, hi) = b.split_at(self.width);
                let (dim, cut) = outside_cut(lo, hi, point, rng);
                self.split(n, dim, cut, point, seq, store, &mut b)
            }
            None => {
                let other = store.point(self.leaves[(leaf & !LEAF) as usize].point);
                if other == point {
                    self.leaves[(leaf & !LEAF) as usize].mass += 1;
                    Inserted {
                        leaf: leaf & !LEAF,
                        new_leaf: false,
                    }
                } else {
                    let (dim, cut) = leaf_cut(other, point, rng);
                    self.split(leaf, dim, cut, point, seq, store, &mut b)
                }
            }
        };
        self.scratch = b;
        inserted
    }

    /// [`insert`](Tree::insert) when every node stores its box (at its own index): one walk
    /// from the root, measuring each box on the way, with the same draws in the same order.
    fn insert_from_root(
        &mut self,
        point: &[f32],
        seq: u64,
        store: &PointStore,
        rng: &mut SplitMix64,
        b: &mut [f32],
    ) -> Inserted {
        let w2 = 2 * self.width;
        let mut cur = self.root;
        while !is_leaf(cur) {
            let at = cur as usize * w2;
            let (outside, span) = (self.gap)(&self.boxes[at..at + w2], point);
            if outside > 0.0 {
                if rng.next_open01() * (span + outside) < outside {
                    b.copy_from_slice(&self.boxes[at..at + w2]);
                    let (lo, hi) = b.split_at(self.width);
                    let (dim, cut) = outside_cut(lo, hi, point, rng);
                    return self.split(cur, dim, cut, point, seq, store, b);
                }
                let (lo, hi) = self.boxes[at..at + w2].split_at_mut(self.width);
                for i in 0..point.len() {
                    lo[i] = lo[i].min(point[i]);
                    hi[i] = hi[i].max(point[i]);
                }
            }
            cur = self.nodes[cur as usize].child_for(point);
        }
        let other = store.point(self.leaves[(cur & !LEAF) as usize].point);
        if other == point {
            self.leaves[(cur & !LEAF) as usize].mass += 1;
            return Inserted {
                leaf: cur & !LEAF,
                new_leaf: false,
            };
        }
        let (dim, cut) = leaf_cut(other, point, rng);
        self.split(cur, dim, cut, point, seq, store, b)
    }

    /// The nodes above `leaf` (on `point`'s path) whose boxes `point` lies outside, from the
    /// lowest up, each with `(node, outside, span)` of its box ([`gap`](gap::GapFn)); `b` is
    /// room for a box.
    pub(crate) fn outside_path(
        &self,
        leaf: u32,
        point: &[f32],
        store: &PointStore,
        b: &mut [f32],
        path: &mut Vec<(u32, f64, f64)>,
    ) {
        let mut assembled = false;
        let mut child = leaf;
        let mut n = self.parent_of(leaf);
        while n != NONE {
            let node = self.nodes[n as usize];
            let (outside, span) = match self.stored(&node) {
                Some(s) => (self.gap)(s, point),
                None => {
                    // `b` holds `child`'s box while the nodes are small.
                    if !assembled {
                        self.box_into(child, store, b);
                        assembled = true;
                    }
                    self.extend(node.other(child), store, b);
                    (self.gap)(b, point)
                }
            };
            if outside <= 0.0 {
                break;
            }
            path.push((n, outside, span));
            child = n;
            n = node.parent;
        }
    }

    /// Puts a new internal node with the cut (`dim`, `cut`) in `cur`'s place, with `cur` on
    /// one side and a new leaf for `point` on the other, and counts the new leaf in every node
    /// above. `b` holds `cur`'s box (for a leaf: anything; it is recomputed).
    #[allow(clippy::too_many_arguments)]
    fn split(
        &mut self,
        cur: u32,
        dim: usize,
        cut: f32,
        point: &[f32],
        seq: u64,
        store: &PointStore,
        b: &mut [f32],
    ) -> Inserted {
        let parent = self.parent_of(cur);
        // Sizes are kept only where some nodes are small.
        let size = if self.boxes_everywhere() {
            0
        } else {
            self.size_of(cur) + 1
        };
        let n = self.new_node(Node {
            children: [NONE; 2],
            parent,
            slot: NONE,
            cut,
            dim: dim as u16,
            size,
        });
        let leaf = self.new_leaf(seq, n);
        self.replace_child(parent, cur, n);
        self.set_parent(cur, n);
        self.nodes[n as usize].children = if point[dim] <= cut {
            [leaf, cur]
        } else {
            [cur, leaf]
        };
        if self.boxes_everywhere() || size > self.small {
            self.box_into(n, store, b);
            self.store_box(n, b);
        }
        // Every node above holds one more leaf; one that stops being small gets its box.
        let mut p = if self.boxes_everywhere() {
            NONE
        } else {
            parent
        };
        while p != NONE {
            let node = &mut self.nodes[p as usize];
            node.size += 1;
            let (size, next) = (node.size, node.parent);
            if size == self.small + 1 {
                self.box_into(p, store, b);
                self.store_box(p, b);
            }
            p = next;
        }
        Inserted {
            leaf: leaf & !LEAF,
            new_leaf: true,
        }
    }

    /// Deletes one copy of the point in `leaf` (a handle [`insert`](Tree::insert) returned).
    /// Returns `Some(stream position)` of the leaf's point when the leaf itself goes (the
    /// store may then release it), `None` when copies remain or the leaf held nothing.
    pub(crate) fn delete_leaf(&mut self, leaf: u32, store: &PointStore) -> Option<u64> {
        let l = *self.leaves.get(leaf as usize)?;
        if l.mass == 0 {
            return None;
        }
        self.mass -= 1;
        self.rescale();
        if l.mass > 1 {
            self.leaves[leaf as usize].mass -= 1;
            return None;
        }
        self.leaves[leaf as usize].mass = 0;
        self.free_leaves.push(leaf);
        if l.parent == NONE {
            self.root = NONE;
            return Some(l.point);
        }
        let p = self.nodes[l.parent as usize];
        self.replace_child(p.parent, l.parent, p.other(leaf | LEAF));
        self.drop_box(l.parent);
        self.free_nodes.push(l.parent);
        // Every node above holds one leaf fewer. Stored boxes shrink only where the deleted
        // point was on their boundary; once one is unchanged, so are all above it.
        let removed = store.point(l.point);
        let mut b = std::mem::take(&mut self.scratch);
        let mut refit = true;
        let mut n = p.parent;
        while n != NONE {
            let node = &mut self.nodes[n as usize];
            node.size = node.size.saturating_sub(1);
            let (size, next) = (node.size, node.parent);
            if self.boxes_everywhere() {
                // No sizes to keep: stop with the first unchanged box.
                if !self.refit_box(n, removed, store, &mut b) {
                    break;
                }
            } else if size <= self.small {
                self.drop_box(n);
            } else if refit {
                refit = self.refit_box(n, removed, store, &mut b);
            }
            n = next;
        }
        self.scratch = b;
        Some(l.point)
    }

    /// Recomputes node `n`'s stored box from its children's after `removed` left its
    /// subtree; returns whether the box changed. `b` is room for a box.
    fn refit_box(&mut self, n: u32, removed: &[f32], store: &PointStore, b: &mut [f32]) -> bool {
        let node = self.nodes[n as usize];
        let Some(current) = self.stored(&node) else {
            return true;
        };
        let (lo, hi) = current.split_at(self.width);
        let inside = lo
            .iter()
            .zip(hi)
            .zip(removed)
            .all(|((l, h), x)| l < x && x < h);
        if inside {
            return false;
        }
        let [left, right] = node.children;
        if let (Some((lo0, hi0)), Some((lo1, hi1))) =
            (self.box_of(left, store), self.box_of(right, store))
        {
            // Both children's boxes at hand (always, for narrow points): their union.
            let (lo, hi) = b.split_at_mut(self.width);
            for i in 0..self.width {
                lo[i] = lo0[i].min(lo1[i]);
                hi[i] = hi0[i].max(hi1[i]);
            }
        } else {
            self.box_into(left, store, b);
            self.extend(right, store, b);
        }
        let w2 = 2 * self.width;
        let at = node.slot as usize * w2;
        let current = &mut self.boxes[at..at + w2];
        let changed = current != b;
        current.copy_from_slice(b);
        changed
    }

    /// Checks the tree's invariants (for tests): parents, masses, sizes, exact stored boxes
    /// (exactly the nodes with more than `small` leaves), separating cuts.
    #[cfg(test)]
    pub(crate) fn check(&self, store: &PointStore) -> Result<(), String> {
        if self.root == NONE {
            return if self.mass == 0 {
                Ok(())
            } else {
                Err(format!("empty tree with mass {}", self.mass))
            };
        }
        if self.parent_of(self.root) != NONE {
            return Err("the root has a parent".into());
        }
        let (_, _, mass, _) = self.check_node(self.root, store)?;
        if mass != self.mass {
            return Err(format!("mass {} but leaves hold {mass}", self.mass));
        }
        let live = self.nodes.len() - self.free_nodes.len();
        let stored = if self.boxes_everywhere() {
            live
        } else {
            self.boxes.len() / (2 * self.width) - self.free_slots.len()
        };
        let boxed = (0..self.nodes.len() as u32)
            .filter(|n| !self.free_nodes.contains(n) && self.nodes[*n as usize].slot != NONE)
            .count();
        if stored != boxed || boxed > live {
            return Err(format!(
                "{stored} slots in use for {boxed} boxed nodes of {live}"
            ));
        }
        Ok(())
    }

    #[cfg(test)]
    #[allow(clippy::type_complexity)]
    fn check_node(
        &self,
        r: u32,
        store: &PointStore,
    ) -> Result<(Vec<f32>, Vec<f32>, u32, u16), String> {
        if is_leaf(r) {
            let leaf = &self.leaves[(r & !LEAF) as usize];
            if leaf.mass == 0 {
                return Err(format!("leaf {} in the tree holds nothing", r & !LEAF));
            }
            let p = store.point(leaf.point).to_vec();
            return Ok((p.clone(), p, leaf.mass, 1));
        }
        let node = &self.nodes[r as usize];
        for child in node.children {
            if self.parent_of(child) != r {
                return Err(format!("child {child} of {r} has the wrong parent"));
            }
        }
        let (l_lo, l_hi, l_mass, l_size) = self.check_node(node.children[0], store)?;
        let (r_lo, r_hi, r_mass, r_size) = self.check_node(node.children[1], store)?;
        let d = usize::from(node.dim);
        if l_hi[d] > node.cut || r_lo[d] <= node.cut {
            return Err(format!("node {r}: cut {} does not separate", node.cut));
        }
        let size = l_size + r_size;
        if !self.boxes_everywhere() && node.size != size {
            return Err(format!("node {r}: size {} but {size} leaves", node.size));
        }
        let lo: Vec<f32> = l_lo.iter().zip(&r_lo).map(|(a, b)| a.min(*b)).collect();
        let hi: Vec<f32> = l_hi.iter().zip(&r_hi).map(|(a, b)| a.max(*b)).collect();
        match (self.stored(node), size > self.small) {
            (Some(_), _) if self.boxes_everywhere() && node.slot != r => {
                return Err(format!("node {r}: box at slot {}", node.slot));
            }
            (Some(b), true) => {
                let (b_lo, b_hi) = b.split_at(self.width);
                if b_lo != lo.as_slice() || b_hi != hi.as_slice() {
                    return Err(format!(
                        "node {r}: box {b_lo:?}..{b_hi:?}, points {lo:?}..{hi:?}"
                    ));
                }
            }
            (None, false) => {}
            (stored, _) => {
                return Err(format!(
                    "node {r} of {size} leaves: stored box {}",
                    stored.is_some()
                ));
            }
        }
        Ok((lo, hi, l_mass + r_mass, size))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store holding `points` (unshingled) at stream positions 0, 1, ….
    fn store_of(points: &[Vec<f32>]) -> PointStore {
        let mut store = PointStore::new(points[0].len(), 1);
        for p in points {
            store.push(p);
        }
        store
    }

    fn points(n: usize, dims: usize, seed: u64) -> Vec<Vec<f32>> {
        let mut rng = SplitMix64::new(seed);
        (0..n)
            .map(|_| (0..dims).map(|_| rng.next_open01() as f32).collect())
            .collect()
    }

    #[test]
    fn insert_and_delete_keep_the_invariants() {
        // Narrow points store every box; wide ones leave small nodes without.
        for dims in [3, 12] {
            let mut rng = SplitMix64::new(1);
            let mut pts = points(200, dims, 9);
            pts.push(pts[3].clone());
            let store = store_of(&pts);
            let mut tree = Tree::new(dims, 64);
            let mut leaves = Vec::new();
            for (seq, p) in pts.iter().enumerate() {
                leaves.push(tree.insert(p, seq as u64, &store, &mut rng));
                tree.check(&store).unwrap();
            }
            // Duplicates share a leaf.
            assert_eq!(
                leaves[200],
                Inserted {
                    leaf: leaves[3].leaf,
                    new_leaf: false
                }
            );
            assert_eq!(tree.mass(), 201);
            // The first delete of the shared leaf keeps it; the second frees it.
            assert_eq!(tree.delete_leaf(leaves[200].leaf, &store), None);
            assert_eq!(tree.delete_leaf(leaves[3].leaf, &store), Some(3));
            tree.check(&store).unwrap();
            assert_eq!(tree.delete_leaf(leaves[3].leaf, &store), None);
            for (seq, ins) in leaves.iter().enumerate().take(200).rev() {
                if seq != 3 {
                    assert_eq!(tree.delete_leaf(ins.leaf, &store), Some(seq as u64));
                    tree.check(&store).unwrap();
                }
            }
            assert_eq!(tree.mass(), 0);
            // The arenas are reused.
            for (seq, p) in pts.iter().enumerate().take(10) {
                tree.insert(p, seq as u64, &store, &mut rng);
            }
            tree.check(&store).unwrap();
            assert!(tree.nodes.len() < 250);
        }
    }

    #[test]
    fn an_isolated_point_scores_higher_than_a_typical_one() {
        for dims in [2, 10] {
            let mut rng = SplitMix64::new(2);
            let pts = points(256, dims, 3);
            let store = store_of(&pts);
            let mut tree = Tree::new(dims, 256);
            for (seq, p) in pts.iter().enumerate() {
                tree.insert(p, seq as u64, &store, &mut rng);
            }
            let typical = tree.score(&vec![0.5; dims], &store);
            let outlier = tree.score(&vec![5.0; dims], &store);
            assert!(outlier > 3.0 * typical, "{outlier} vs {typical}");
            assert!(typical > 0.2 && typical < 3.0, "{typical}");
        }
    }

    /// The score of `point` computed the plain way: from the root down, measuring every
    /// node's box (assembled from the leaves when not stored), as the paper defines it.
    /// Also returns the depth of the leaf reached.
    fn reference_score(tree: &Tree, point: &[f32], store: &PointStore) -> (f64, usize) {
        let mut b = vec![0.0; 2 * tree.width];
        let (mut score, mut stay, mut depth) = (0.0, 1.0, 0usize);
        let mut cur = tree.root;
        while !is_leaf(cur) {
            tree.box_into(cur, store, &mut b);
            let (outside, span) = (tree.gap)(&b, point);
            let p = outside / (span + outside);
            score += stay * p / (depth as f64 + 1.0);
            stay *= 1.0 - p;
            depth += 1;
            cur = tree.nodes[cur as usize].child_for(point);
        }
        let last = tree.leaf_score(cur, depth, point, store);
        ((score + stay * last) * tree.scale, depth)
    }

    #[test]
    fn scores_match_a_walk_from_the_root_measuring_every_box() {
        // Random points; and points at 2^-i, whose trees are chains far deeper than the
        // levels a walk keeps (a point below them all lies outside every box of its path).
        let chain = |dims: usize| -> Vec<Vec<f32>> {
            (0..90)
                .map(|i| {
                    let mut p = vec![0.5; dims];
                    p[0] = (-(i as f32)).exp2();
                    p
                })
                .collect()
        };
        for dims in [1, 3, 12] {
            for (pts, probes) in [
                (points(256, dims, 5), points(50, dims, 6)),
                (chain(dims), vec![vec![0.0; dims], chain(dims)[85].clone()]),
            ] {
                let store = store_of(&pts);
                let mut tree = Tree::new(dims, pts.len());
                let mut rng = SplitMix64::new(8);
                for (seq, p) in pts.iter().enumerate() {
                    tree.insert(p, seq as u64, &store, &mut rng);
                }
                let mut probes = probes;
                probes.push(pts[7].clone());
                probes.push(vec![3.0; dims]);
                let mut deepest = 0;
                for probe in &probes {
                    let (want, depth) = reference_score(&tree, probe, &store);
                    let got = tree.score(probe, &store);
                    assert!(
                        (got - want).abs() <= 1e-9 * want.abs(),
                        "dims {dims}, {probe:?}: {got} vs {want}"
                    );
                    deepest = deepest.max(depth);
                }
                if pts.len() == 90 {
                    assert!(
                        deepest > 40,
                        "dims {dims}: the chain is only {deepest} deep"
                    );
                }
            }
        }
    }

    #[test]
    fn a_value_held_many_times_is_damped() {
        let mut rng = SplitMix64::new(4);
        let pts: Vec<Vec<f32>> = (0..64)
            .map(|i| vec![if i < 60 { 1.0 } else { i as f32 }])
            .collect();
        let store = store_of(&pts);
        let mut tree = Tree::new(1, 64);
        for (seq, p) in pts.iter().enumerate() {
            tree.insert(p, seq as u64, &store, &mut rng);
        }
        // 60 copies of 1.0 at some depth d: damp (1 - 60/128) / (d + log2 61).
        let common = tree.score(&[1.0], &store);
        let fresh = tree.score(&[1.5], &store);
        assert!(common < 0.5 * fresh, "{common} vs {fresh}");
    }
}
