//! NAB's scoreboard, scored on the same series as this detector: the detectors NAB publishes
//! results for, read from a checkout of NAB's repository.
//!
//! A checkout holds, per detector, every series' rows with the detector's `anomaly_score`
//! (`results/<detector>/<group>/<detector>_<file>.csv`), the threshold NAB chose for it per
//! profile (`config/thresholds.json`; NAB optimises one threshold per detector and profile over
//! its whole corpus, labels included) and the per-file scores NAB computed with it
//! (`results/<detector>/<detector>_<profile>_scores.csv`). A row at or above the threshold is a
//! detection, as in NAB.
//!
//! Scoring those detections with [`score_file`] puts every published detector on the same
//! series as this one (a split's, say), and comparing the per-file raw scores with NAB's own
//! checks this crate's scorer against NAB's.
//!
//! A detector whose results cannot be read for some series is reported and left out of the
//! scoreboard: it is compared on all the series or not at all.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::Path;

use super::NabError;
use super::score::{FileScore, Profile, score_file};
use super::time;
use super::windows::{Windows, to_indices};

/// How close a per-file raw score must come to NAB's own to agree: NAB's files print about 12
/// significant digits.
const AGREEMENT: f64 = 1e-6;

/// The detector NAB lists as the baseline of its normalised scores (it detects nothing, so it
/// scores 0 by construction).
const BASELINE: &str = "null";

/// One series as a published detector saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedFile {
    /// Its name in the windows file (`group/file.csv`).
    pub name: String,
    /// Whether each row's anomaly score reached the detector's threshold.
    pub detections: Vec<bool>,
    /// The labelled windows, as index ranges into the rows.
    pub windows: Vec<RangeInclusive<usize>>,
}

/// A published detector's results on the series asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Detector {
    /// Its name (its directory under `results/`).
    pub name: String,
    /// Its threshold for the profile.
    pub threshold: f64,
    /// The series, in the order asked for.
    pub files: Vec<PublishedFile>,
    /// NAB's own raw score per series, where its scores file lists one.
    pub nab_scores: BTreeMap<String, f64>,
}

/// A detector's total on the series, and how its per-file scores compare with NAB's own.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// The detector's name.
    pub name: String,
    /// Its threshold.
    pub threshold: f64,
    /// Its score summed over the series.
    pub total: FileScore,
    /// Series whose raw score NAB lists.
    pub checked: usize,
    /// Of those, the ones this scorer gives the same raw score.
    pub agreeing: usize,
}

impl Detector {
    /// Scores every series with `profile` and compares each with NAB's own score.
    pub fn standing(&self, profile: &Profile) -> Standing {
        let mut total = FileScore::default();
        let (mut checked, mut agreeing) = (0, 0);
        for file in &self.files {
            let score = score_file(&file.detections, &file.windows, profile);
            total.add(&score);
            if let Some(nab) = self.nab_scores.get(&file.name) {
                checked += 1;
                if (score.raw - nab).abs() <= AGREEMENT {
                    agreeing += 1;
                }
            }
        }
        Standing {
            name: self.name.clone(),
            threshold: self.threshold,
            total,
            checked,
            agreeing,
        }
    }
}

/// The published detectors read, and what could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scoreboard {
    /// The detectors with results for every series asked for, by name.
    pub detectors: Vec<Detector>,
    /// What could not be read (a detector with any of these is not in `detectors`).
    pub failures: Vec<NabError>,
}

/// One detector and profile's entry in `config/thresholds.json`.
#[derive(Debug, serde::Deserialize)]
struct ThresholdEntry {
    threshold: f64,
}

/// Reads, from the NAB checkout `nab`, every published detector's results on the series
/// `names` (as the windows file `labels` names them) with its threshold for the profile named
/// `profile` (NAB's names: `standard`, `reward_low_FP_rate`, `reward_low_FN_rate`). Fails only
/// when the thresholds file cannot be used.
///
/// ```no_run
/// use std::path::Path;
/// use detect::nab::{published, score::STANDARD, windows};
///
/// let labels = windows::read(Path::new("NAB/labels/combined_windows.json"))?;
/// let series = ["realKnownCause/nyc_taxi.csv"];
/// let board = published::read(Path::new("NAB"), &labels, &series, "standard")?;
/// for detector in &board.detectors {
///     let standing = detector.standing(&STANDARD);
///     println!("{}: {:?}", standing.name, standing.total.normalized());
/// }
/// # Ok::<(), detect::nab::NabError>(())
/// ```
pub fn read(
    nab: &Path,
    labels: &Windows,
    names: &[&str],
    profile: &str,
) -> Result<Scoreboard, NabError> {
    let path = nab.join("config/thresholds.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| NabError::BadThresholds(format!("cannot read {}: {e}", path.display())))?;
    let thresholds: BTreeMap<String, BTreeMap<String, ThresholdEntry>> =
        serde_json::from_str(&text).map_err(|e| {
            NabError::BadThresholds(format!(
                "{}: expected {{detector: {{profile: {{\"threshold\": number}}}}}}: {e}",
                path.display()
            ))
        })?;
    let mut board = Scoreboard::default();
    for (name, profiles) in thresholds.iter().filter(|(name, _)| *name != BASELINE) {
        let Some(entry) = profiles.get(profile) else {
            board.failures.push(NabError::BadThresholds(format!(
                "{}: {name} has no `{profile}` threshold",
                path.display()
            )));
            continue;
        };
        match read_detector(nab, name, entry.threshold, labels, names, profile) {
            Ok(detector) => board.detectors.push(detector),
            Err(mut failures) => board.failures.append(&mut failures),
        }
    }
    Ok(board)
}

/// One detector's results on `names`; every problem when some cannot be read.
fn read_detector(
    nab: &Path,
    name: &str,
    threshold: f64,
    labels: &Windows,
    names: &[&str],
    profile: &str,
) -> Result<Detector, Vec<NabError>> {
    let dir = nab.join("results").join(name);
    let mut files = Vec::with_capacity(names.len());
    let mut failures = Vec::new();
    for series in names {
        // NAB names a series `group/file.csv`; its results sit at `group/<detector>_file.csv`.
        let relative = match series.rsplit_once('/') {
            Some((group, file)) => format!("results/{name}/{group}/{name}_{file}"),
            None => format!("results/{name}/{name}_{series}"),
        };
        let windows = labels.get(*series).map_or(&[][..], Vec::as_slice);
        match std::fs::read_to_string(nab.join(&relative))
            .map_err(|e| format!("cannot read it: {e}"))
            .and_then(|text| rows(&text, threshold))
        {
            Ok((timestamps, detections)) => files.push(PublishedFile {
                name: (*series).to_owned(),
                windows: to_indices(&timestamps, windows),
                detections,
            }),
            Err(problem) => failures.push(NabError::BadSeries {
                file: relative,
                problem,
            }),
        }
    }
    if !failures.is_empty() {
        return Err(failures);
    }
    let scores = dir.join(format!("{name}_{profile}_scores.csv"));
    let nab_scores = match std::fs::read_to_string(&scores) {
        Ok(text) => nab_scores(&text).map_err(|problem| {
            vec![NabError::BadSeries {
                file: format!("results/{name}/{name}_{profile}_scores.csv"),
                problem,
            }]
        })?,
        // NAB's own scores only check ours; without them there is nothing to check.
        Err(_) => BTreeMap::new(),
    };
    Ok(Detector {
        name: name.to_owned(),
        threshold,
        files,
        nab_scores,
    })
}

/// The columns `wanted` in a CSV header line, by position.
fn columns<const N: usize>(header: &str, wanted: [&str; N]) -> Result<[usize; N], String> {
    let names: Vec<&str> = header.trim_end_matches('\r').split(',').collect();
    let mut at = [0; N];
    for (slot, column) in at.iter_mut().zip(wanted) {
        *slot = names
            .iter()
            .position(|n| *n == column)
            .ok_or_else(|| format!("line 1: no `{column}` column in `{header}`"))?;
    }
    Ok(at)
}

/// A results file's timestamps, and whether each row's anomaly score reaches `threshold`.
fn rows(text: &str, threshold: f64) -> Result<(Vec<i64>, Vec<bool>), String> {
    let mut lines = text.lines().enumerate();
    let header = lines.next().map_or("", |(_, l)| l);
    let [t, a] = columns(header, ["timestamp", "anomaly_score"])?;
    let mut timestamps = Vec::new();
    let mut detections = Vec::new();
    for (i, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
        let field = |at: usize| fields.get(at).copied().unwrap_or("");
        let timestamp = time::parse(field(t)).map_err(|e| format!("line {}: {e}", i + 1))?;
        let score: f64 = field(a).parse().map_err(|_| {
            format!(
                "line {}: anomaly_score `{}` is not a number",
                i + 1,
                field(a)
            )
        })?;
        timestamps.push(timestamp);
        detections.push(score >= threshold);
    }
    Ok((timestamps, detections))
}

/// NAB's per-file raw scores from a `<detector>_<profile>_scores.csv` (its totals row, which
/// names no `.csv` file, left out).
fn nab_scores(text: &str) -> Result<BTreeMap<String, f64>, String> {
    let mut lines = text.lines().enumerate();
    let header = lines.next().map_or("", |(_, l)| l);
    let [f, s] = columns(header, ["File", "Score"])?;
    let mut scores = BTreeMap::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
        let (Some(file), Some(score)) = (fields.get(f), fields.get(s)) else {
            return Err(format!(
                "line {}: no File or Score field in `{line}`",
                i + 1
            ));
        };
        if !file.ends_with(".csv") {
            continue;
        }
        let score: f64 = score
            .parse()
            .map_err(|_| format!("line {}: Score `{score}` is not a number", i + 1))?;
        scores.insert((*file).to_owned(), score);
    }
    Ok(scores)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nab::score::STANDARD;
    use crate::nab::windows;

    /// A NAB checkout in a temporary directory, removed on drop.
    struct Checkout(std::path::PathBuf);

    impl Checkout {
        fn new(tag: &str) -> Checkout {
            let dir =
                std::env::temp_dir().join(format!("nab-published-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Checkout(dir)
        }

        fn write(&self, path: &str, text: &str) {
            let path = self.0.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    impl Drop for Checkout {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Ten rows a minute apart with the given anomaly scores.
    fn results(scores: [f64; 10]) -> String {
        let mut text = String::from("timestamp,value,anomaly_score,label\n");
        for (i, s) in scores.iter().enumerate() {
            text.push_str(&format!("2014-01-01 00:{i:02}:00,1.0,{s},0\n"));
        }
        text
    }

    fn labels() -> Windows {
        windows::load(r#"{"g/a.csv": [["2014-01-01 00:06:00", "2014-01-01 00:07:00"]]}"#).unwrap()
    }

    #[test]
    fn scores_each_detector_at_its_threshold_and_checks_nabs_own_scores() {
        let nab = Checkout::new("scores");
        nab.write(
            "config/thresholds.json",
            r#"{"early": {"standard": {"score": 1.0, "threshold": 0.5}},
                "late": {"standard": {"score": 1.0, "threshold": 0.9}},
                "null": {"standard": {"score": 0.0, "threshold": 0.5}}}"#,
        );
        // `early` detects the window at its first row; `late` at its last, after a false
        // positive before it (row 0 is the probationary period).
        nab.write(
            "results/early/g/early_a.csv",
            &results([0.9, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0]),
        );
        nab.write(
            "results/late/g/late_a.csv",
            &results([0.0, 0.0, 0.0, 0.95, 0.0, 0.0, 0.0, 0.9, 0.0, 0.0]),
        );
        nab.write(
            "results/early/early_standard_scores.csv",
            "Detector,Profile,File,Threshold,Score\nearly,standard,g/a.csv,0.5,1.0\nearly,standard,Totals,0.5,1.0\n",
        );
        nab.write(
            "results/late/late_standard_scores.csv",
            "Detector,Profile,File,Threshold,Score\nlate,standard,g/a.csv,0.9,0.5\n",
        );
        let board = read(&nab.0, &labels(), &["g/a.csv"], "standard").unwrap();
        assert!(board.failures.is_empty(), "{:?}", board.failures);
        let names: Vec<&str> = board.detectors.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["early", "late"]);

        let early = board.detectors[0].standing(&STANDARD);
        assert_eq!(early.total.raw, 1.0);
        assert_eq!((early.total.detected, early.total.false_positives), (1, 0));
        assert_eq!((early.checked, early.agreeing), (1, 1));

        let late = board.detectors[1].standing(&STANDARD);
        let at_end =
            crate::nab::score::scaled_sigmoid(-0.5) / crate::nab::score::scaled_sigmoid(-1.0);
        assert!((late.total.raw - (at_end - 0.11)).abs() < 1e-12, "{late:?}");
        assert_eq!((late.total.detected, late.total.false_positives), (1, 1));
        // NAB's file says 0.5 for it: the check counts a disagreement.
        assert_eq!((late.checked, late.agreeing), (1, 0));
    }

    #[test]
    fn a_detector_that_cannot_be_read_is_reported_and_left_out() {
        let nab = Checkout::new("failures");
        assert!(matches!(
            read(&nab.0, &labels(), &["g/a.csv"], "standard"),
            Err(NabError::BadThresholds(_))
        ));
        nab.write(
            "config/thresholds.json",
            r#"{"good": {"standard": {"threshold": 0.5}},
                "garbled": {"standard": {"threshold": 0.5}},
                "missing": {"standard": {"threshold": 0.5}},
                "other": {"reward_low_FP_rate": {"threshold": 0.5}}}"#,
        );
        nab.write("results/good/g/good_a.csv", &results([0.0; 10]));
        nab.write(
            "results/garbled/g/garbled_a.csv",
            "timestamp,value,anomaly_score\n2014-01-01 00:00:00,1.0,high\n",
        );
        let board = read(&nab.0, &labels(), &["g/a.csv"], "standard").unwrap();
        let names: Vec<&str> = board.detectors.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["good"]);
        // No scores file: nothing to check, not a failure.
        assert_eq!(board.detectors[0].standing(&STANDARD).checked, 0);
        let failures: Vec<String> = board.failures.iter().map(ToString::to_string).collect();
        assert_eq!(failures.len(), 3, "{failures:?}");
        assert!(
            failures[0]
                .starts_with("results/garbled/g/garbled_a.csv: line 2: anomaly_score `high`"),
            "{failures:?}"
        );
        assert!(
            failures[1].starts_with("results/missing/g/missing_a.csv: cannot read it"),
            "{failures:?}"
        );
        assert!(
            failures[2].contains("other has no `standard` threshold"),
            "{failures:?}"
        );
    }

    #[test]
    fn a_results_file_without_the_columns_says_which_is_missing() {
        assert_eq!(
            rows("timestamp,value\n", 0.5),
            Err("line 1: no `anomaly_score` column in `timestamp,value`".to_owned())
        );
    }

    #[test]
    fn a_scores_file_row_that_cannot_be_read_is_an_error_not_skipped() {
        let header = "Detector,Profile,File,Threshold,Score\n";
        let good = nab_scores(&format!(
            "{header}d,standard,g/a.csv,0.5,1.25\n\nd,standard,Totals,0.5,1.25\n"
        ));
        assert_eq!(good, Ok(BTreeMap::from([("g/a.csv".to_owned(), 1.25)])));
        assert_eq!(
            nab_scores(&format!("{header}d,standard,g/a.csv\n")),
            Err("line 2: no File or Score field in `d,standard,g/a.csv`".to_owned())
        );
        assert_eq!(
            nab_scores(&format!("{header}d,standard,g/a.csv,0.5,high\n")),
            Err("line 2: Score `high` is not a number".to_owned())
        );
    }
}
