//! One random cut tree (Guha et al. 2016, section 3): a binary tree over a set of points in
//! which every internal node cuts its points' bounding box at a random value of a random
//! dimension, the dimension chosen with probability proportional to its side length.
//!
//! Points are inserted and deleted incrementally; the tree keeps each internal node's bounding
//! box, which is what scoring needs, and each leaf's number of copies. Internal nodes and
//! leaves live in two arenas indexed by `u32`; a child reference with [`LEAF`] set names a
//! leaf. Inserting returns the point's leaf, and deleting starts from it, so a delete walks
//! up only as far as boxes change.

use super::random::SplitMix64;

/// Marks a child reference as a leaf index.
const LEAF: u32 = 1 << 31;
/// No node (an empty tree's root, the root's parent).
const NONE: u32 = u32::MAX;

/// An internal node: a cut and the two sides.
#[derive(Debug, Clone)]
struct Node {
    left: u32,
    right: u32,
    parent: u32,
    dim: u32,
    /// Points with `point[dim] <= cut` go left.
    cut: f64,
}

/// A leaf: one distinct point (its values in `Tree::leaf_points`) and how often it occurs.
#[derive(Debug, Clone)]
struct Leaf {
    parent: u32,
    mass: u32,
}

/// A random cut tree over points of a fixed width.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    dims: usize,
    nodes: Vec<Node>,
    /// Per internal node, `2 * dims` values: the box's minimums, then its maximums.
    boxes: Vec<f64>,
    leaves: Vec<Leaf>,
    /// Per leaf, `dims` values.
    leaf_points: Vec<f64>,
    free_nodes: Vec<u32>,
    free_leaves: Vec<u32>,
    root: u32,
    /// The number of points held, copies included.
    mass: u32,
    /// `typical_depth` of the tree's mass, the scale of its scores.
    scale: f64,
    /// Room for the grown box while inserting (`2 * dims`).
    scratch: Vec<f64>,
}

/// Where a scoring walk is in a tree, and what it has gathered.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Walk {
    cur: u32,
    depth: f64,
    score: f64,
    stay: f64,
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

impl Tree {
    /// An empty tree for points of `dims` values.
    pub(crate) fn new(dims: usize, capacity: usize) -> Tree {
        Tree {
            dims,
            nodes: Vec::with_capacity(capacity),
            boxes: Vec::with_capacity(capacity * 2 * dims),
            leaves: Vec::with_capacity(capacity),
            leaf_points: Vec::with_capacity(capacity * dims),
            free_nodes: Vec::new(),
            free_leaves: Vec::new(),
            root: NONE,
            mass: 0,
            scale: typical_depth(0),
            scratch: vec![0.0; 2 * dims],
        }
    }

    /// The number of points in the tree, copies included.
    #[cfg(test)]
    pub(crate) fn mass(&self) -> u32 {
        self.mass
    }

    fn leaf_point(&self, leaf: u32) -> &[f64] {
        let i = leaf as usize * self.dims;
        &self.leaf_points[i..i + self.dims]
    }

    /// The box of node `n`: (minimums, maximums).
    fn node_box(&self, n: u32) -> (&[f64], &[f64]) {
        let i = n as usize * 2 * self.dims;
        let b = &self.boxes[i..i + 2 * self.dims];
        b.split_at(self.dims)
    }

    fn new_leaf(&mut self, point: &[f64], parent: u32) -> u32 {
        let leaf = Leaf { parent, mass: 1 };
        let i = if let Some(i) = self.free_leaves.pop() {
            self.leaves[i as usize] = leaf;
            let at = i as usize * self.dims;
            self.leaf_points[at..at + self.dims].copy_from_slice(point);
            i
        } else {
            self.leaves.push(leaf);
            self.leaf_points.extend_from_slice(point);
            (self.leaves.len() - 1) as u32
        };
        i | LEAF
    }

    fn new_node(&mut self, node: Node, lo: &[f64], hi: &[f64]) -> u32 {
        if let Some(i) = self.free_nodes.pop() {
            self.nodes[i as usize] = node;
            let at = i as usize * 2 * self.dims;
            self.boxes[at..at + self.dims].copy_from_slice(lo);
            self.boxes[at + self.dims..at + 2 * self.dims].copy_from_slice(hi);
            i
        } else {
            self.nodes.push(node);
            self.boxes.extend_from_slice(lo);
            self.boxes.extend_from_slice(hi);
            (self.nodes.len() - 1) as u32
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

    /// Makes `new` take `old`'s place under `parent` (or as the root).
    fn replace_child(&mut self, parent: u32, old: u32, new: u32) {
        if parent == NONE {
            self.root = new;
        } else {
            let p = &mut self.nodes[parent as usize];
            if p.left == old {
                p.left = new;
            } else {
                p.right = new;
            }
        }
        self.set_parent(new, parent);
    }

    /// Inserts `point`, drawing cuts from `rng`; returns the leaf that holds it (a handle for
    /// [`delete_leaf`](Tree::delete_leaf), valid while the leaf holds a copy).
    pub(crate) fn insert(&mut self, point: &[f64], rng: &mut SplitMix64) -> u32 {
        self.mass += 1;
        self.scale = typical_depth(self.mass);
        if self.root == NONE {
            self.root = self.new_leaf(point, NONE);
            return self.root & !LEAF;
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        let (lo, hi) = scratch.split_at_mut(self.dims);
        let leaf = self.insert_from_root(point, lo, hi, rng);
        self.scratch = scratch;
        leaf
    }

    /// Inserts `point` into a non-empty tree, with `lo` and `hi` as room for the grown box.
    fn insert_from_root(
        &mut self,
        point: &[f64],
        lo: &mut [f64],
        hi: &mut [f64],
        rng: &mut SplitMix64,
    ) -> u32 {
        let dims = self.dims;
        let mut cur = self.root;
        loop {
            let (box_lo, box_hi): (&[f64], &[f64]) = if is_leaf(cur) {
                let p = self.leaf_point(cur & !LEAF);
                if p == point {
                    self.leaves[(cur & !LEAF) as usize].mass += 1;
                    return cur & !LEAF;
                }
                (p, p)
            } else {
                self.node_box(cur)
            };
            let mut total = 0.0;
            for i in 0..dims {
                lo[i] = box_lo[i].min(point[i]);
                hi[i] = box_hi[i].max(point[i]);
                total += hi[i] - lo[i];
            }
            // A leaf must be split; an internal node is split when the cut falls outside its box.
            let cut = if is_leaf(cur) {
                Some(leaf_cut(lo, hi, total, box_lo, point, rng))
            } else {
                separating_cut(lo, hi, total, box_lo, box_hi, point, rng)
            };
            if let Some((dim, cut)) = cut {
                let parent = self.parent_of(cur);
                let node = Node {
                    left: NONE,
                    right: NONE,
                    parent,
                    dim: dim as u32,
                    cut,
                };
                let n = self.new_node(node, lo, hi);
                let leaf = self.new_leaf(point, n);
                self.replace_child(parent, cur, n);
                self.set_parent(cur, n);
                let node = &mut self.nodes[n as usize];
                if point[dim] <= cut {
                    (node.left, node.right) = (leaf, cur);
                } else {
                    (node.left, node.right) = (cur, leaf);
                }
                return leaf & !LEAF;
            }
            // The point stays inside this node's subtree: grow the box and descend.
            let at = cur as usize * 2 * dims;
            self.boxes[at..at + dims].copy_from_slice(lo);
            self.boxes[at + dims..at + 2 * dims].copy_from_slice(hi);
            let node = &self.nodes[cur as usize];
            cur = if point[node.dim as usize] <= node.cut {
                node.left
            } else {
                node.right
            };
        }
    }

    /// Deletes one copy of the point in `leaf` (a handle [`insert`](Tree::insert) returned).
    /// Returns false (and changes nothing) for a leaf that holds nothing.
    pub(crate) fn delete_leaf(&mut self, leaf: u32) -> bool {
        let Some(l) = self.leaves.get(leaf as usize) else {
            return false;
        };
        if l.mass == 0 {
            return false;
        }
        self.mass -= 1;
        self.scale = typical_depth(self.mass);
        if l.mass > 1 {
            self.leaves[leaf as usize].mass -= 1;
            return true;
        }
        let parent = l.parent;
        self.leaves[leaf as usize].mass = 0;
        self.free_leaves.push(leaf);
        if parent == NONE {
            self.root = NONE;
            return true;
        }
        let p = &self.nodes[parent as usize];
        let sibling = if p.left == leaf | LEAF {
            p.right
        } else {
            p.left
        };
        let grandparent = p.parent;
        self.replace_child(grandparent, parent, sibling);
        self.free_nodes.push(parent);
        // Boxes shrink only where the deleted point was on their boundary; once a box is
        // unchanged, so are all above it.
        let at = leaf as usize * self.dims;
        let mut removed = std::mem::take(&mut self.scratch);
        removed[..self.dims].copy_from_slice(&self.leaf_points[at..at + self.dims]);
        let mut n = grandparent;
        while n != NONE && self.refit_box(n, &removed[..self.dims]) {
            n = self.nodes[n as usize].parent;
        }
        self.scratch = removed;
        true
    }

    /// Deletes one copy of `point`, found from the root; false when the tree does not hold it.
    #[cfg(test)]
    pub(crate) fn delete(&mut self, point: &[f64]) -> bool {
        let mut cur = self.root;
        if cur == NONE {
            return false;
        }
        while !is_leaf(cur) {
            let node = &self.nodes[cur as usize];
            cur = if point[node.dim as usize] <= node.cut {
                node.left
            } else {
                node.right
            };
        }
        self.leaf_point(cur & !LEAF) == point && self.delete_leaf(cur & !LEAF)
    }

    /// Recomputes node `n`'s box from its children's after `removed` left its subtree;
    /// returns whether the box changed.
    fn refit_box(&mut self, n: u32, removed: &[f64]) -> bool {
        let dims = self.dims;
        let at = n as usize * 2 * dims;
        let inside = (0..dims)
            .all(|i| self.boxes[at + i] < removed[i] && removed[i] < self.boxes[at + dims + i]);
        if inside {
            return false;
        }
        let node = &self.nodes[n as usize];
        let (left, right) = (node.left, node.right);
        let mut changed = false;
        for i in 0..dims {
            let (l_lo, l_hi) = self.side(left, i);
            let (r_lo, r_hi) = self.side(right, i);
            let (lo, hi) = (l_lo.min(r_lo), l_hi.max(r_hi));
            changed |= lo != self.boxes[at + i] || hi != self.boxes[at + dims + i];
            self.boxes[at + i] = lo;
            self.boxes[at + dims + i] = hi;
        }
        changed
    }

    /// The range of child `r`'s box in dimension `i`.
    fn side(&self, r: u32, i: usize) -> (f64, f64) {
        if is_leaf(r) {
            let v = self.leaf_points[(r & !LEAF) as usize * self.dims + i];
            (v, v)
        } else {
            let c = r as usize * 2 * self.dims;
            (self.boxes[c + i], self.boxes[c + self.dims + i])
        }
    }

    /// The tree's anomaly score of `point`: the expected inverse depth at which inserting it
    /// would isolate it, times the typical isolation depth of the tree's mass, so that a
    /// typical point scores about 1 and an isolated one more. Does not change the tree.
    ///
    /// Walking from the root, at each node the point would be cut off with probability
    /// (its distance outside the node's box summed over dimensions) / (the side lengths of
    /// the box grown to include it); that puts it in a leaf at depth `d + 1`. Reaching a leaf
    /// at depth `d` it is isolated at `d + 1`, or, when it equals the leaf's point, sits with
    /// that leaf's copies at an effective depth of `d + log2(copies + 1)`.
    #[cfg(test)]
    pub(crate) fn score(&self, point: &[f64]) -> f64 {
        let Some(mut walk) = self.start_walk() else {
            return 0.0;
        };
        loop {
            if let Some(score) = self.step(&mut walk, point) {
                return score;
            }
        }
    }

    /// A scoring walk from the root ([`score`](Tree::score) one level at a time, so that the
    /// forest can walk several trees at once and their memory reads overlap); `None` for an
    /// empty tree.
    pub(crate) fn start_walk(&self) -> Option<Walk> {
        (self.root != NONE).then_some(Walk {
            cur: self.root,
            depth: 0.0,
            score: 0.0,
            stay: 1.0,
        })
    }

    /// Takes `walk` one level down; returns the score when it reaches the leaf.
    pub(crate) fn step(&self, walk: &mut Walk, point: &[f64]) -> Option<f64> {
        let dims = self.dims;
        let cur = walk.cur;
        if is_leaf(cur) {
            let leaf = cur & !LEAF;
            let last = if self.leaf_point(leaf) == point {
                let copies = f64::from(self.leaves[leaf as usize].mass);
                1.0 / (walk.depth + (copies + 1.0).log2())
            } else {
                1.0 / (walk.depth + 1.0)
            };
            return Some((walk.score + walk.stay * last) * self.scale);
        }
        let node = &self.nodes[cur as usize];
        let at = cur as usize * 2 * dims;
        let b = &self.boxes[at..at + 2 * dims];
        let mut outside = 0.0;
        let mut span = 0.0;
        for i in 0..dims {
            let (lo, hi, x) = (b[i], b[dims + i], point[i]);
            outside += (lo - x).max(0.0) + (x - hi).max(0.0);
            span += hi - lo;
        }
        if outside > 0.0 {
            let p = outside / (span + outside);
            walk.score += walk.stay * p / (walk.depth + 1.0);
            walk.stay *= 1.0 - p;
        }
        walk.depth += 1.0;
        walk.cur = if point[node.dim as usize] <= node.cut {
            node.left
        } else {
            node.right
        };
        None
    }

    /// Checks the tree's invariants (boxes contain exactly their points, masses add up,
    /// parent links match); for tests.
    #[cfg(test)]
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.root == NONE {
            return Ok(());
        }
        if self.parent_of(self.root) != NONE {
            return Err("root has a parent".into());
        }
        let (_, _, mass) = self.check_node(self.root)?;
        if mass != self.mass {
            return Err(format!(
                "leaves hold {mass} points, the tree counts {}",
                self.mass
            ));
        }
        Ok(())
    }

    #[cfg(test)]
    fn check_node(&self, r: u32) -> Result<(Vec<f64>, Vec<f64>, u32), String> {
        if is_leaf(r) {
            let p = self.leaf_point(r & !LEAF).to_vec();
            let mass = self.leaves[(r & !LEAF) as usize].mass;
            if mass == 0 {
                return Err(format!("leaf {r} holds nothing"));
            }
            return Ok((p.clone(), p, mass));
        }
        let node = &self.nodes[r as usize];
        for child in [node.left, node.right] {
            if self.parent_of(child) != r {
                return Err(format!("child {child} of {r} has the wrong parent"));
            }
        }
        let (l_lo, l_hi, l_mass) = self.check_node(node.left)?;
        let (r_lo, r_hi, r_mass) = self.check_node(node.right)?;
        let d = node.dim as usize;
        if l_hi[d] > node.cut || r_lo[d] <= node.cut {
            return Err(format!("node {r}: cut {} does not separate", node.cut));
        }
        let lo: Vec<f64> = l_lo.iter().zip(&r_lo).map(|(a, b)| a.min(*b)).collect();
        let hi: Vec<f64> = l_hi.iter().zip(&r_hi).map(|(a, b)| a.max(*b)).collect();
        let (b_lo, b_hi) = self.node_box(r);
        if b_lo != lo.as_slice() || b_hi != hi.as_slice() {
            return Err(format!(
                "node {r}: box {b_lo:?}..{b_hi:?}, points {lo:?}..{hi:?}"
            ));
        }
        Ok((lo, hi, l_mass + r_mass))
    }
}

/// Draws a cut of the box `lo..hi` (side lengths summing to `total`): a dimension with
/// probability proportional to its side, a value uniform on that side.
fn draw_cut(lo: &[f64], hi: &[f64], total: f64, rng: &mut SplitMix64) -> (usize, f64) {
    let mut r = rng.next_open01() * total;
    let last = lo.len() - 1;
    for i in 0..lo.len() {
        let side = hi[i] - lo[i];
        if r < side || i == last {
            return (i, (lo[i] + r).min(hi[i]));
        }
        r -= side;
    }
    (last, hi[last])
}

/// A cut of the grown box `lo..hi` that separates `point` from the node's box
/// `box_lo..box_hi`, or `None` when the drawn cut falls inside the node's box.
fn separating_cut(
    lo: &[f64],
    hi: &[f64],
    total: f64,
    box_lo: &[f64],
    box_hi: &[f64],
    point: &[f64],
    rng: &mut SplitMix64,
) -> Option<(usize, f64)> {
    let (dim, cut) = draw_cut(lo, hi, total, rng);
    if cut < box_lo[dim] {
        // point[dim] <= cut < the box: the point goes left.
        Some((dim, cut.max(point[dim])))
    } else if point[dim] > box_hi[dim] && cut >= box_hi[dim] {
        // The box <= cut < point[dim]; a cut drawn at the point itself moves to the box's edge.
        Some((dim, if cut < point[dim] { cut } else { box_hi[dim] }))
    } else {
        None
    }
}

/// A cut separating two distinct points `leaf` and `point` (whose box is `lo..hi`).
fn leaf_cut(
    lo: &[f64],
    hi: &[f64],
    total: f64,
    leaf: &[f64],
    point: &[f64],
    rng: &mut SplitMix64,
) -> (usize, f64) {
    for _ in 0..8 {
        if let Some(cut) = separating_cut(lo, hi, total, leaf, leaf, point, rng) {
            return cut;
        }
    }
    // Only rounding can get here (sides so small that every draw lands on an end): cut at
    // the lower of the two values in the first dimension where they differ.
    let dim = (0..lo.len()).find(|&i| lo[i] < hi[i]).unwrap_or(0);
    (dim, lo[dim])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(n: usize, dims: usize, seed: u64) -> Vec<Vec<f64>> {
        let mut rng = SplitMix64::new(seed);
        (0..n)
            .map(|_| (0..dims).map(|_| rng.next_open01()).collect())
            .collect()
    }

    #[test]
    fn insert_and_delete_keep_the_invariants() {
        let mut rng = SplitMix64::new(1);
        let mut tree = Tree::new(3, 64);
        let pts = points(200, 3, 9);
        for p in &pts {
            tree.insert(p, &mut rng);
            tree.check().unwrap();
        }
        // Duplicates share a leaf.
        tree.insert(&pts[3], &mut rng);
        assert_eq!(tree.mass(), 201);
        tree.check().unwrap();
        assert!(!tree.delete(&[5.0, 5.0, 5.0]));
        for p in pts.iter().rev() {
            assert!(tree.delete(p));
            tree.check().unwrap();
        }
        assert_eq!(tree.mass(), 1);
        assert!(tree.delete(&pts[3]));
        assert_eq!(tree.mass(), 0);
        assert!(!tree.delete(&pts[3]));
        // The arenas are reused.
        for p in &pts[..10] {
            tree.insert(p, &mut rng);
        }
        tree.check().unwrap();
        assert!(tree.nodes.len() < 250);
    }

    #[test]
    fn an_isolated_point_scores_higher_than_a_typical_one() {
        let mut rng = SplitMix64::new(2);
        let mut tree = Tree::new(2, 256);
        for p in points(256, 2, 3) {
            tree.insert(&p, &mut rng);
        }
        let typical = tree.score(&[0.5, 0.5]);
        let outlier = tree.score(&[5.0, 5.0]);
        assert!(outlier > 3.0 * typical, "{outlier} vs {typical}");
        assert!(typical > 0.2 && typical < 3.0, "{typical}");
    }
}
