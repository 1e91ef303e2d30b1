//! How the adaptive threshold's settings were chosen: leave-one-group-out cross-validation on
//! NAB's development series, over several forest seeds.
//!
//! The candidates ([`grid`]) are every combination of half-life (1,000 or 4,000 scores),
//! window (1 or 3 scores), k (2, 2.5, 3, 3.5, 4 or 5) and cooldown (50, 100 or 200 scores),
//! with a floor of 0.2 and a warm-up of 100, on a forest of 100 trees × 256 samples with a
//! shingle of 32. Each development series is scored as a stream once per seed in [`SEEDS`].
//!
//! * **Choosing**: a candidate's merit on a set of series is its NAB standard score over them
//!   (pooled, as NAB pools a corpus), summed over the seeds.
//! * **Cross-validation**: for each development group in turn, the candidate with the best
//!   merit on the other four groups is scored on the group left out. The left-out scores,
//!   pooled over groups and seeds, estimate how the choice does on series it did not see.
//! * **The setting**: the candidate with the best merit on all five groups; the contract's
//!   defaults ([`AdaptiveThreshold::default`]) are that candidate.

use contract::AdaptiveThreshold;

use super::score::{FileScore, Profile, score_file};
use crate::series::{SeriesOptions, Threshold, flag};

/// The forest seeds every candidate is judged over.
pub const SEEDS: [u64; 4] = [1, 2, 3, 42];

/// The candidates.
pub fn grid() -> Vec<AdaptiveThreshold> {
    let mut out = Vec::new();
    for half_life in [1_000, 4_000] {
        for window in [1, 3] {
            for k in [2.0, 2.5, 3.0, 3.5, 4.0, 5.0] {
                for cooldown in [50, 100, 200] {
                    out.push(AdaptiveThreshold {
                        k,
                        half_life,
                        window,
                        floor: 0.2,
                        cooldown,
                        warm_up: 100,
                        initial: None,
                    });
                }
            }
        }
    }
    out
}

/// One development series, scored once per seed.
#[derive(Debug, Clone)]
pub struct Scored {
    /// Its group.
    pub group: String,
    /// Its windows, as index ranges.
    pub windows: Vec<std::ops::RangeInclusive<usize>>,
    /// Its stream of scores for each seed of [`SEEDS`], in that order.
    pub scores: Vec<Vec<f64>>,
}

/// One fold of the cross-validation.
#[derive(Debug, Clone)]
pub struct Fold {
    /// The group left out.
    pub held_out: String,
    /// The candidate chosen on the other groups.
    pub chosen: AdaptiveThreshold,
    /// Its NAB score on the other groups (mean over the seeds).
    pub train: f64,
    /// Its score on the group left out, pooled over the seeds.
    pub test: FileScore,
}

/// The cross-validation's result.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The folds, in group order.
    pub folds: Vec<Fold>,
    /// The left-out scores pooled over folds and seeds.
    pub pooled: FileScore,
    /// The candidate chosen on all the groups.
    pub chosen: AdaptiveThreshold,
    /// Its NAB score on all of them (mean over the seeds).
    pub score: f64,
}

/// Runs the cross-validation over `series` (scored with `options`' forest parameters, whose
/// threshold is replaced by each candidate), with NAB's `profile`.
pub fn select(series: &[Scored], options: &SeriesOptions, profile: &Profile) -> Selection {
    let candidates = grid();
    // results[c][s][f]: candidate c, seed s, series f.
    let results: Vec<Vec<Vec<FileScore>>> = candidates
        .iter()
        .map(|candidate| {
            let options = SeriesOptions {
                threshold: Threshold::Adaptive(candidate.clone()),
                ..options.clone()
            };
            (0..SEEDS.len())
                .map(|s| {
                    series
                        .iter()
                        .map(|f| {
                            let flagged = flag(f.scores[s].clone(), &options);
                            score_file(&flagged.anomalies, &f.windows, profile)
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let pooled = |c: usize, s: usize, keep: &dyn Fn(&Scored) -> bool| {
        let mut total = FileScore::default();
        for (f, score) in series.iter().zip(&results[c][s]) {
            if keep(f) {
                total.add(score);
            }
        }
        total
    };
    let merit = |c: usize, keep: &dyn Fn(&Scored) -> bool| -> f64 {
        (0..SEEDS.len())
            .map(|s| pooled(c, s, keep).normalized().unwrap_or(0.0))
            .sum()
    };
    let best = |keep: &dyn Fn(&Scored) -> bool| {
        (0..candidates.len())
            .max_by(|&a, &b| merit(a, keep).total_cmp(&merit(b, keep)))
            .unwrap_or(0)
    };
    let mut groups: Vec<&str> = series.iter().map(|f| f.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    let mut all = FileScore::default();
    let folds = groups
        .iter()
        .map(|&held| {
            let train = |f: &Scored| f.group != held;
            let c = best(&train);
            let mut test = FileScore::default();
            for s in 0..SEEDS.len() {
                test.add(&pooled(c, s, &|f| f.group == held));
            }
            all.add(&test);
            Fold {
                held_out: held.to_owned(),
                chosen: candidates[c].clone(),
                train: merit(c, &train) / SEEDS.len() as f64,
                test,
            }
        })
        .collect();
    let c = best(&|_| true);
    Selection {
        folds,
        pooled: all,
        chosen: candidates[c].clone(),
        score: merit(c, &|_| true) / SEEDS.len() as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nab::score::STANDARD;

    #[test]
    fn the_grid_holds_the_defaults_and_folds_leave_each_group_out() {
        let g = grid();
        assert_eq!(g.len(), 72);
        assert!(g.contains(&AdaptiveThreshold::default()));
        // Two groups of one series each: a spike inside the window of each.
        let series: Vec<Scored> = ["a", "b"]
            .iter()
            .map(|group| {
                let mut scores = vec![1.0; 2_000];
                for (i, s) in scores.iter_mut().enumerate() {
                    *s += 0.1 * ((i * 37) % 11) as f64;
                }
                scores[1_500] = 20.0;
                Scored {
                    group: (*group).to_owned(),
                    windows: vec![1_450..=1_550],
                    scores: vec![scores; SEEDS.len()],
                }
            })
            .collect();
        let selection = select(&series, &SeriesOptions::default(), &STANDARD);
        assert_eq!(selection.folds.len(), 2);
        assert_eq!(selection.folds[0].held_out, "a");
        assert_eq!(selection.pooled.windows, 2 * SEEDS.len());
        assert_eq!(selection.pooled.detected, 2 * SEEDS.len());
        assert!(selection.score > 50.0, "{}", selection.score);
    }
}
