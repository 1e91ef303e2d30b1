//! The fast path of feature extraction: one pass over the line, reading only the fields that
//! feature paths name and skipping the rest without building anything.
//!
//! It handles the common record (numbers, strings without escapes, booleans and nulls in the
//! feature fields, objects along the paths, anything elsewhere) and gives up on the rest,
//! leaving the record to the `serde_json` visitor, which reads it again and words any problem:
//! text that is not JSON or not an object, a feature field holding an object or an array, and
//! escapes in a key or string along a path.
//!
//! The member loop works on a byte position with the `json_cursor` primitives rather than
//! through a cursor: with about ten members per line it is the hottest loop of the function.

use super::Node;
use crate::features::raw::Raw;
use crate::json_cursor::{
    JsonCursor, match_key, plain_string_end, read_number, skip_number, skip_string_body, skip_ws,
};

/// Fills `raws` (all [`Raw::Absent`] on entry) from the JSON object `text`. `None` when the
/// `serde_json` visitor must decide; `raws` then hold whatever was read so far.
pub(super) fn scan<'a>(root: &Node, text: &'a str, raws: &mut [Raw<'a>]) -> Option<()> {
    let bytes = text.as_bytes();
    let pos = skip_ws(bytes, 0);
    if bytes.get(pos) != Some(&b'{') {
        return None;
    }
    let end = members(text, pos + 1, root, raws)?;
    (skip_ws(bytes, end) == bytes.len()).then_some(())
}

/// The members of an object whose fields are `node`'s children, from just after its `{`;
/// returns the position after its `}`.
fn members<'a>(text: &'a str, mut pos: usize, node: &Node, raws: &mut [Raw<'a>]) -> Option<usize> {
    let bytes = text.as_bytes();
    pos = skip_ws(bytes, pos);
    if *bytes.get(pos)? == b'}' {
        return Some(pos + 1);
    }
    loop {
        let (child, value) = key(text, pos, node)?;
        pos = skip_ws(bytes, value);
        pos = match child {
            Some(child) => field(text, pos, child, raws)?,
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

/// The value at `pos`, which a path names: read into `node`'s field and/or descended into;
/// returns the position after it. As in the visitor, a later duplicate field replaces an
/// earlier one's value.
#[inline(always)]
fn field<'a>(text: &'a str, pos: usize, node: &Node, raws: &mut [Raw<'a>]) -> Option<usize> {
    let bytes = text.as_bytes();
    let (raw, end) = match *bytes.get(pos)? {
        // Numbers are range-checked even off the leaves, as serde_json parses them there too.
        b'-' | b'0'..=b'9' => {
            let (number, end) = read_number(text, pos)?;
            (Raw::Number(number.to_f64()?), end)
        }
        b'"' => {
            let end = plain_string_end(bytes, pos + 1)?;
            if node.leaf.is_none() {
                return Some(end + 1);
            }
            (Raw::Text(text.get(pos + 1..end)?), end + 1)
        }
        b'{' if node.leaf.is_none() => return members(text, pos + 1, node, raws),
        b'[' if node.leaf.is_none() => return skip(text, pos),
        b't' if bytes.get(pos..pos + 4) == Some(b"true") => (Raw::Bool(true), pos + 4),
        b'f' if bytes.get(pos..pos + 5) == Some(b"false") => (Raw::Bool(false), pos + 5),
        b'n' if bytes.get(pos..pos + 4) == Some(b"null") => (Raw::Absent, pos + 4),
        // An object or array in a feature's field, or not JSON.
        _ => return None,
    };
    if let Some(i) = node.leaf {
        raws[i] = raw;
    }
    Some(end)
}
