//! Response bodies: `{"scores":[{"score":x},…]}`, one score per row, in row order.

use serde::Deserialize;

#[derive(Deserialize)]
struct Response {
    scores: Vec<Score>,
}

#[derive(Deserialize)]
struct Score {
    score: f64,
}

/// Why a response cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    /// The body is not the documented JSON.
    #[error("the response is not {{\"scores\":[{{\"score\":…}}]}}: {0}")]
    Malformed(String),
    /// The body has a different number of scores than the request had rows.
    #[error("the response has {got} scores for {expected} rows")]
    Count {
        /// Rows sent.
        expected: usize,
        /// Scores received.
        got: usize,
    },
}

/// Parses a response and checks it has exactly `expected` scores.
///
/// ```
/// use runtime::scoring::response::{parse, ResponseError};
/// assert_eq!(parse(br#"{"scores":[{"score":0.5},{"score":3.25}]}"#, 2), Ok(vec![0.5, 3.25]));
/// assert_eq!(parse(br#"{"scores":[{"score":0.5}]}"#, 2), Err(ResponseError::Count { expected: 2, got: 1 }));
/// ```
pub fn parse(body: &[u8], expected: usize) -> Result<Vec<f64>, ResponseError> {
    let response: Response =
        serde_json::from_slice(body).map_err(|e| ResponseError::Malformed(e.to_string()))?;
    if response.scores.len() != expected {
        return Err(ResponseError::Count {
            expected,
            got: response.scores.len(),
        });
    }
    Ok(response.scores.into_iter().map(|s| s.score).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_the_documented_shape() {
        for bad in [
            &b"not json"[..],
            br#"{"scores":[{"score":"1"}]}"#,
            br#"{"predictions":[]}"#,
            br#"{"scores":[{"score":null}]}"#,
        ] {
            assert!(
                matches!(parse(bad, 1), Err(ResponseError::Malformed(_))),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        assert_eq!(parse(br#"{"scores":[]}"#, 0), Ok(vec![]));
    }
}
