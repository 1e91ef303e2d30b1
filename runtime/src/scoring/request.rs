//! Request bodies: feature rows encoded as `text/csv` or `application/json`, in chunks that
//! stay under the body limit.

use std::ops::Range;

use contract::ContentType;

/// The largest body sent in one call: 5 MiB, well under InvokeEndpoint's 6 MiB limit.
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;

/// One request body and the rows it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    /// The rows (indexes into the row table) this body encodes, in order.
    pub rows: Range<usize>,
    /// The encoded body.
    pub body: Vec<u8>,
}

const JSON_PREFIX: &[u8] = b"{\"instances\":[";
const JSON_SUFFIX: &[u8] = b"]}";

/// Encodes rows `range` of the flat row table `rows` (`width` numbers per row) into as few
/// bodies as `max_bytes` allows. A single row larger than `max_bytes` still gets a body of its
/// own (the endpoint then decides).
///
/// ```
/// use contract::ContentType;
/// use runtime::scoring::request::encode;
/// let rows = [1.0, 200.0, 0.25, 2.5, 404.0, -1.0];
/// let chunks = encode(&rows, 3, 0..2, ContentType::Csv, 1024);
/// assert_eq!(chunks[0].body, b"1,200,0.25\n2.5,404,-1\n");
/// let chunks = encode(&rows, 3, 1..2, ContentType::Json, 1024);
/// assert_eq!(chunks[0].body, br#"{"instances":[{"features":[2.5,404,-1]}]}"#);
/// ```
pub fn encode(
    rows: &[f64],
    width: usize,
    range: Range<usize>,
    content_type: ContentType,
    max_bytes: usize,
) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    if range.is_empty() {
        return chunks;
    }
    let mut fmt = ryu::Buffer::new();
    let mut body = Vec::with_capacity(max_bytes.min(range.len() * width * 12 + 64));
    let mut start = range.start;
    begin(&mut body, content_type);
    for r in range.clone() {
        let before = body.len();
        if r > start && content_type == ContentType::Json {
            body.push(b',');
        }
        write_row(
            &mut body,
            &rows[r * width..(r + 1) * width],
            content_type,
            &mut fmt,
        );
        let closing = if content_type == ContentType::Json {
            JSON_SUFFIX.len()
        } else {
            0
        };
        if body.len() + closing > max_bytes && r > start {
            // This row does not fit: close the body without it and start the next with it.
            let row_bytes = body.split_off(before);
            finish(&mut body, content_type);
            chunks.push(Chunk {
                rows: start..r,
                body: std::mem::take(&mut body),
            });
            start = r;
            begin(&mut body, content_type);
            let row = if content_type == ContentType::Json {
                &row_bytes[1..]
            } else {
                &row_bytes[..]
            };
            body.extend_from_slice(row);
        }
    }
    finish(&mut body, content_type);
    chunks.push(Chunk {
        rows: start..range.end,
        body,
    });
    chunks
}

fn begin(body: &mut Vec<u8>, content_type: ContentType) {
    if content_type == ContentType::Json {
        body.extend_from_slice(JSON_PREFIX);
    }
}

fn finish(body: &mut Vec<u8>, content_type: ContentType) {
    if content_type == ContentType::Json {
        body.extend_from_slice(JSON_SUFFIX);
    }
}

fn write_row(body: &mut Vec<u8>, row: &[f64], content_type: ContentType, fmt: &mut ryu::Buffer) {
    if content_type == ContentType::Json {
        body.extend_from_slice(b"{\"features\":[");
    }
    for (i, &x) in row.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        write_number(body, x, fmt);
    }
    match content_type {
        ContentType::Json => body.extend_from_slice(b"]}"),
        ContentType::Csv => body.push(b'\n'),
    }
}

/// Shortest round-trip form, without a trailing `.0` (`200`, `0.25`, `1e21`).
fn write_number(body: &mut Vec<u8>, x: f64, fmt: &mut ryu::Buffer) {
    // Whole numbers (status codes, milliseconds) are most features: print them as integers,
    // which is several times faster. Below 2^53 the cast is exact; -0.0 keeps its sign below.
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 && !(x == 0.0 && x.is_sign_negative())
    {
        body.extend_from_slice(itoa::Buffer::new().format(x as i64).as_bytes());
        return;
    }
    // Rows hold only finite numbers: feature extraction refuses the rest.
    let s = fmt.format_finite(x);
    body.extend_from_slice(s.strip_suffix(".0").unwrap_or(s).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize) -> Vec<f64> {
        (0..n * 3).map(|i| i as f64 * 1.5).collect()
    }

    #[test]
    fn chunks_respect_the_limit_and_keep_every_row_once() {
        for ct in [ContentType::Csv, ContentType::Json] {
            let table = rows(1000);
            let whole = encode(&table, 3, 0..1000, ct, usize::MAX);
            assert_eq!(whole.len(), 1);
            let limit = whole[0].body.len() / 7;
            let chunks = encode(&table, 3, 0..1000, ct, limit);
            assert!(chunks.len() >= 7, "{ct:?}: {}", chunks.len());
            let mut next = 0;
            for c in &chunks {
                assert!(c.body.len() <= limit, "{ct:?}: {} > {limit}", c.body.len());
                assert_eq!(c.rows.start, next);
                next = c.rows.end;
                // Each chunk is exactly what encoding its rows alone gives.
                assert_eq!(
                    encode(&table, 3, c.rows.clone(), ct, usize::MAX)[0].body,
                    c.body
                );
            }
            assert_eq!(next, 1000);
            if ct == ContentType::Json {
                for c in &chunks {
                    let v: serde_json::Value = serde_json::from_slice(&c.body).unwrap();
                    assert_eq!(v["instances"].as_array().unwrap().len(), c.rows.len());
                }
            }
        }
    }

    #[test]
    fn an_oversized_row_gets_its_own_body() {
        let chunks = encode(&[123456.0, 1.0], 1, 0..2, ContentType::Csv, 4);
        let bodies: Vec<&[u8]> = chunks.iter().map(|c| c.body.as_slice()).collect();
        assert_eq!(bodies, vec![&b"123456\n"[..], b"1\n"]);
    }

    #[test]
    fn numbers_are_shortest_round_trip() {
        let chunks = encode(&[0.1, -0.0, 1e21, 123.456], 4, 0..1, ContentType::Csv, 100);
        assert_eq!(chunks[0].body, b"0.1,-0,1e21,123.456\n");
    }
}
