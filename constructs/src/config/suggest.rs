//! "Did you mean …?": the nearest valid name to a misspelled one.

/// The candidate closest to `wrong` by edit distance, when it is close enough to be a likely
/// typo: at most a third of the longer name's characters differ (and at most 3), the two
/// differ only in case and `-`/`_`, or `wrong` is the start of the candidate (`retention` for
/// `retention_seconds`).
pub(crate) fn nearest<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let normalized = normalize(wrong);
    candidates
        .into_iter()
        .filter(|c| *c != wrong)
        .map(|c| {
            let distance = if normalize(c) == normalized {
                0
            } else if normalized.len() >= 4 && normalize(c).starts_with(&normalized) {
                1
            } else {
                edit_distance(&wrong.to_lowercase(), &c.to_lowercase())
            };
            (distance, c)
        })
        .filter(|(d, c)| *d <= (wrong.chars().count().max(c.chars().count()) / 3).clamp(1, 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Lower case without separators, so `batchSize`, `batch-size` and `batch_size` compare equal.
fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// ` (did you mean `x`?)`, or nothing when no candidate is close.
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    nearest(wrong, candidates)
        .map(|n| format!("did you mean `{n}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("batch_size", "batch_size"), 0);
        assert_eq!(edit_distance("batch_siez", "batch_size"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggests_only_close_names() {
        let keys = ["batch_size", "batching_window_seconds", "topic", "auth"];
        assert_eq!(nearest("batch_siz", keys), Some("batch_size"));
        assert_eq!(nearest("batchSize", keys), Some("batch_size"));
        assert_eq!(nearest("topc", keys), Some("topic"));
        assert_eq!(nearest("zzz", keys), None);
        assert_eq!(nearest("auht", keys), Some("auth"));
        assert_eq!(
            nearest("batching_window", keys),
            Some("batching_window_seconds")
        );
        assert_eq!(nearest("scorer", ["Scorer", "AppLogs"]), Some("Scorer"));
    }
}
