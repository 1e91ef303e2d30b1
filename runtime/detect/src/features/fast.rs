//! The fast path of feature extraction: one pass over the line, reading only the fields that
//! feature paths name and skipping the rest without building anything.
//!
//! It handles the common record (numbers, numeric strings, booleans and nulls in the feature
//! fields, objects along the paths, anything elsewhere) and gives up on the rest, leaving the
//! record to the `serde_json` visitor, which reads it again and words any problem: text that is
//! not JSON or not an object, a feature field holding an object, an array or a non-numeric
//! string, and escapes in a key or string along a path.
//!
//! The member loop works on a byte position with the `json_cursor` primitives rather than
//! through a cursor: with about ten members per line it is the hottest loop of the function.

use super::{Node, Slot};
use crate::json_cursor::{
    JsonCursor, match_key, plain_string_end, read_number, skip_number, skip_string_body, skip_ws,
};

/// Fills `slots` (all [`Slot::Absent`] on entry) from the JSON object `text`. `None` when the
/// `serde_json` visitor must decide; `slots` then hold whatever was read so far.
pub(super) fn scan(root: &Node, text: &str, slots: &mut [Slot]) -> Option<()> {
    let bytes = text.as_bytes();
    let pos = skip_ws(bytes, 0);
    if bytes.get(pos) != Some(&b'{') {
        return None;
    }
    let end = members(text, pos + 1, root, slots)?;
    (skip_ws(bytes, end) == bytes.len()).then_some(())
}

/// The members of an object whose fields are `node`'s children, from just after its `{`;
/// returns the position after its `}`.
fn members(text: &str, mut pos: usize, node: &Node, slots: &mut [Slot]) -> Option<usize> {
    let bytes = text.as_bytes();
    pos = skip_ws(bytes, pos);
    if *bytes.get(pos)? == b'}' {
        return Some(pos + 1);
    }
    loop {
        let (child, value) = key(text, pos, node)?;
        pos = skip_ws(bytes, value);
        pos = match child {
            Some(child) => field(text, pos, child, slots)?,
            None => skip(text, pos)?,
        };
        pos = skip_ws(bytes, pos);
        match *bytes.get(pos)? {
            b',' => pos = skip_ws(bytes, pos + 1),
            b'}' => return Some(pos + 1),
            _ => return None,
        }
    }
}

/// The key whose opening quote is at `pos`: the child of `node` it names, if any, and the
/// position after its colon.
#[inline(always)]
fn key<'n>(text: &str, pos: usize, node: &'n Node) -> Option<(Option<&'n Node>, usize)> {
    let bytes = text.as_bytes();
    if *bytes.get(pos)? != b'"' {
        return None;
    }
    if let Some(i) = match_key(&node.keys, bytes, pos) {
        return Some((Some(&node.children.get(i)?.1), pos + node.keys[i].len()));
    }
    let start = pos + 1;
    let end = plain_string_end(bytes, start)?;
    let compact = bytes.get(end + 1) == Some(&b':');
    let colon = skip_ws(bytes, end + 1);
    if *bytes.get(colon)? != b':' {
        return None;
    }
    // No pattern matched a compact key, so it names no child when every child has one.
    let child = if compact && !node.keys.is_empty() {
        None
    } else {
        node.child(text.get(start..end)?)
    };
    Some((child, colon + 1))
}

/// Skips a value no path names; returns the position after it.
#[inline(always)]
fn skip(text: &str, pos: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    match *bytes.get(pos)? {
        b'"' => skip_string_body(bytes, pos + 1),
        b'-' | b'0'..=b'9' => skip_number(bytes, pos),
        _ => {
            let mut cursor = JsonCursor::at(text, pos);
            cursor.skip_value()?;
            Some(cursor.pos())
        }
    }
}

/// The value at `pos`, which a path names: read into `node`'s feature and/or descended into;
/// returns the position after it. As in the visitor, a later duplicate field replaces an
/// earlier one's value.
#[inline(always)]
fn field(text: &str, pos: usize, node: &Node, slots: &mut [Slot]) -> Option<usize> {
    let bytes = text.as_bytes();
    let (slot, end) = match *bytes.get(pos)? {
        // Numbers are range-checked even off the leaves, as serde_json parses them there too.
        b'-' | b'0'..=b'9' => {
            let (number, end) = read_number(text, pos)?;
            (Slot::Value(number.to_f64()?), end)
        }
        b'"' => {
            let end = plain_string_end(bytes, pos + 1)?;
            if node.leaf.is_none() {
                return Some(end + 1);
            }
            let number = text.get(pos + 1..end)?.trim().parse().ok()?;
            (Slot::Value(number), end + 1)
        }
        b'{' if node.leaf.is_none() => return members(text, pos + 1, node, slots),
        b'[' if node.leaf.is_none() => return skip(text, pos),
        b't' if bytes.get(pos..pos + 4) == Some(b"true") => (Slot::Value(1.0), pos + 4),
        b'f' if bytes.get(pos..pos + 5) == Some(b"false") => (Slot::Value(0.0), pos + 5),
        b'n' if bytes.get(pos..pos + 4) == Some(b"null") => (Slot::Absent, pos + 4),
        // An object or array in a feature's field, or not JSON.
        _ => return None,
    };
    if let Some(i) = node.leaf {
        slots[i] = slot;
    }
    Some(end)
}
