//! NAB's labelled anomaly windows: `windows.json` maps each series file (relative to the
//! corpus) to its windows, each `[start, end]` timestamps, both inclusive.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use super::NabError;
use super::time::parse;

/// The windows of each file, as microsecond instants, in file-name order.
pub type Windows = BTreeMap<String, Vec<(i64, i64)>>;

/// Reads the windows file at `path` (see [`load`]).
pub fn read(path: &std::path::Path) -> Result<Windows, NabError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| NabError::BadWindows(format!("cannot read {}: {e}", path.display())))?;
    load(&text)
}

/// Reads `windows.json`.
pub fn load(text: &str) -> Result<Windows, NabError> {
    let raw: BTreeMap<String, Vec<(String, String)>> = serde_json::from_str(text).map_err(|e| {
        NabError::BadWindows(format!("expected {{file: [[start, end], ...]}}: {e}"))
    })?;
    raw.into_iter()
        .map(|(file, windows)| {
            let windows = windows
                .iter()
                .map(|(start, end)| {
                    let (s, e) = (parse(start)?, parse(end)?);
                    if s > e {
                        return Err(NabError::BadWindows(format!(
                            "{file}: window {start} .. {end} ends before it starts"
                        )));
                    }
                    Ok((s, e))
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((file, windows))
        })
        .collect()
}

/// The windows as index ranges into a series with these timestamps: from the first to the
/// last point whose timestamp falls inside each window, as NAB labels them. Timestamps
/// normally increase; a repeated or out-of-order one (a clock change) is still placed by its
/// own value. Windows that hold no point are left out.
pub fn to_indices(timestamps: &[i64], windows: &[(i64, i64)]) -> Vec<RangeInclusive<usize>> {
    let mut ranges: Vec<RangeInclusive<usize>> = windows
        .iter()
        .filter_map(|&(start, end)| {
            let mut inside = timestamps
                .iter()
                .enumerate()
                .filter(|(_, t)| (start..=end).contains(*t))
                .map(|(i, _)| i);
            let first = inside.next()?;
            Some(first..=inside.next_back().unwrap_or(first))
        })
        .collect();
    ranges.sort_by_key(|r| *r.start());
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_windows_and_maps_them_to_points() {
        let w = load(
            r#"{"b.csv": [["1970-01-01 00:00:10.000000", "1970-01-01 00:00:20"]], "a.csv": []}"#,
        )
        .unwrap();
        assert_eq!(w.keys().collect::<Vec<_>>(), ["a.csv", "b.csv"]);
        assert_eq!(w["b.csv"], [(10_000_000, 20_000_000)]);
        let ts: Vec<i64> = (0..30).map(|s| s * 5_000_000).collect();
        assert_eq!(to_indices(&ts, &w["b.csv"]), [2..=4]);
        assert_eq!(to_indices(&ts, &[(1, 2)]), []);
        assert!(load("[]").is_err());
        assert!(load(r#"{"a": [["1970-01-01 00:00:20", "1970-01-01 00:00:10"]]}"#).is_err());
        assert!(load(r#"{"a": [["yesterday", "1970-01-01 00:00:10"]]}"#).is_err());
        // A repeated timestamp (a clock change) is placed by its value.
        let repeated = [0, 5, 10, 10, 15, 20];
        assert_eq!(to_indices(&repeated, &[(10, 15)]), [2..=4]);
    }
}
