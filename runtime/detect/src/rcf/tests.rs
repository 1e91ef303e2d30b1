//! The forest's behaviour: determinism, outliers, shingling, the model file, errors.

use super::random::SplitMix64;
use super::*;

fn small(seed: u64) -> ForestParams {
    ForestParams {
        trees: 40,
        sample_size: 128,
        shingle_size: 1,
        seed,
    }
}

/// `n` points of a 3-d Gaussian-ish cloud (sum of uniforms) around (10, 20, 30).
fn cloud(n: usize, seed: u64) -> Vec<[f64; 3]> {
    let mut rng = SplitMix64::new(seed);
    let mut normal = || (0..6).map(|_| rng.next_open01()).sum::<f64>() - 3.0;
    (0..n)
        .map(|_| [10.0 + normal(), 20.0 + normal(), 30.0 + normal()])
        .collect()
}

fn stream(forest: &mut Forest, points: &[[f64; 3]]) -> Vec<f64> {
    points.iter().map(|p| forest.score_then_update(p)).collect()
}

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("f{i}")).collect()
}

#[test]
fn same_seed_same_scores_other_seed_other_scores() {
    let points = cloud(1500, 1);
    let a = stream(&mut Forest::new(3, small(7)).unwrap(), &points);
    let b = stream(&mut Forest::new(3, small(7)).unwrap(), &points);
    let c = stream(&mut Forest::new(3, small(8)).unwrap(), &points);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(a[200..].iter().all(|s| s.is_finite() && *s > 0.0));
}

#[test]
fn scores_are_zero_until_warm() {
    let mut forest = Forest::new(3, small(1)).unwrap();
    let points = cloud(40, 2);
    let scores = stream(&mut forest, &points);
    let warm_up = small(1).warm_up() as usize;
    assert_eq!(warm_up, 32);
    assert!(scores[..warm_up].iter().all(|&s| s == 0.0));
    assert!(scores[warm_up..].iter().all(|&s| s > 0.0));
}

#[test]
fn an_outlier_scores_far_above_typical_points() {
    let mut forest = Forest::new(3, ForestParams::default()).unwrap();
    stream(&mut forest, &cloud(3000, 3));
    let typical: Vec<f64> = cloud(200, 4).iter().map(|p| forest.score(p)).collect();
    let mean = typical.iter().sum::<f64>() / typical.len() as f64;
    let max = typical.iter().copied().fold(0.0, f64::max);
    let outlier = forest.score(&[10.0, 20.0, 45.0]);
    assert!((0.6..1.6).contains(&mean), "typical mean {mean}");
    assert!(
        outlier > 2.5 * mean && outlier > max,
        "outlier {outlier}, typical mean {mean}, max {max}"
    );
    // Scoring does not learn: the same point scores the same again.
    assert_eq!(forest.score(&[10.0, 20.0, 45.0]), outlier);
}

#[test]
fn trees_stay_consistent_while_streaming() {
    let mut forest = Forest::new(3, small(5)).unwrap();
    let mut points = cloud(3000, 5);
    // Exact repeats share leaves.
    for i in (0..3000).step_by(7) {
        points[i] = [1.0, 2.0, 3.0];
    }
    stream(&mut forest, &points);
    for tree in forest.trees() {
        tree.check(&forest.store).unwrap();
        assert_eq!(tree.mass(), 128);
    }
}

#[test]
fn shingling_detects_a_level_shift_in_a_sine() {
    let params = ForestParams {
        shingle_size: 8,
        ..small(11)
    };
    let mut forest = Forest::new(1, params).unwrap();
    let value = |t: usize| {
        let base = (t as f64 * std::f64::consts::TAU / 40.0).sin();
        if t >= 2000 { base + 0.8 } else { base }
    };
    let scores: Vec<f64> = (0..2010)
        .map(|t| forest.score_then_update(&[value(t)]))
        .collect();
    let before = &scores[1000..2000];
    let mean = before.iter().sum::<f64>() / before.len() as f64;
    let max_before = before.iter().copied().fold(0.0, f64::max);
    let at_shift = scores[2000..2008].iter().copied().fold(0.0, f64::max);
    eprintln!("shift {at_shift}, mean {mean}, max before {max_before}");
    assert!(
        at_shift > 1.8 * mean && at_shift > max_before,
        "shift {at_shift}, mean {mean}, max {max_before}"
    );
    // Without the shingle a level within the sine's range is not unusual.
    let mut flat = Forest::new(1, small(11)).unwrap();
    let flat_scores: Vec<f64> = (0..2010)
        .map(|t| flat.score_then_update(&[value(t)]))
        .collect();
    let flat_mean = flat_scores[1000..2000].iter().sum::<f64>() / 1000.0;
    assert!(flat_scores[2000] < 2.0 * flat_mean);
}

#[test]
fn bad_points_are_typed_errors_and_never_learnt() {
    let mut forest = Forest::new(3, small(1)).unwrap();
    assert!(matches!(
        forest.try_update(&[1.0, 2.0]),
        Err(RcfError::Dimension {
            expected: 3,
            got: 2
        })
    ));
    assert!(matches!(
        forest.try_score_then_update(&[1.0, f64::NAN, 2.0]),
        Err(RcfError::NonFinite { index: 1, .. })
    ));
    forest.update(&[1.0, 2.0, 3.0, 4.0]);
    assert_eq!(forest.seen(), 0);
    assert!(forest.score(&[1.0]).is_nan());
    assert!(
        forest
            .score_then_update(&[f64::INFINITY, 0.0, 0.0])
            .is_nan()
    );
    assert_eq!(forest.seen(), 0);
    assert!(matches!(
        Forest::new(0, small(1)),
        Err(RcfError::BadParam {
            name: "dimensions",
            ..
        })
    ));
}

fn rows(n: usize, seed: u64) -> Vec<f64> {
    cloud(n, seed).concat()
}

#[test]
fn training_is_deterministic_and_the_model_file_round_trips() {
    let data = rows(2000, 9);
    let a = train(&data, 3, names(3), small(3)).unwrap();
    let b = train(&data, 3, names(3), small(3)).unwrap();
    let bytes = a.to_bytes();
    assert!(bytes == b.to_bytes(), "two trainings differ");
    assert_eq!(a.training, b.training);
    assert_eq!(a.training.count, 2000 - 32);
    assert!(a.training.mean > 0.5 && a.training.quantile(0.99) > Some(a.training.mean));

    let mut loaded = Model::from_bytes(&bytes).unwrap();
    assert!(
        loaded.to_bytes() == bytes,
        "loading and saving changes the file"
    );
    assert_eq!(loaded.features, names(3));
    assert_eq!(loaded.training, a.training);
    // The loaded forest scores and keeps learning exactly as the trained one.
    let mut trained = a.forest.clone();
    let more = cloud(500, 10);
    assert_eq!(
        stream(&mut loaded.forest, &more),
        stream(&mut trained, &more)
    );
    assert!(serde_json::to_vec(&loaded.forest).unwrap() == serde_json::to_vec(&trained).unwrap());
}

#[test]
fn a_shingled_model_round_trips_with_its_shingle() {
    let series: Vec<f64> = (0..700).map(|t| (f64::from(t) / 9.0).sin()).collect();
    let params = ForestParams {
        shingle_size: 4,
        ..small(2)
    };
    let model = train(&series, 1, names(1), params).unwrap();
    let mut loaded = Model::from_bytes(&model.to_bytes()).unwrap();
    let mut trained = model.forest;
    for t in 700..760 {
        let x = [(f64::from(t) / 9.0).sin()];
        assert_eq!(
            loaded.forest.score_then_update(&x),
            trained.score_then_update(&x)
        );
    }
}

#[test]
fn bad_training_data_is_a_typed_error() {
    let data = rows(100, 1);
    assert!(matches!(
        train(&data, 3, names(2), small(1)),
        Err(RcfError::BadTrainingData(_))
    ));
    assert!(matches!(
        train(&data[..10], 3, names(3), small(1)),
        Err(RcfError::BadTrainingData(_))
    ));
    assert!(matches!(
        train(&data[..30], 3, names(3), small(1)),
        Err(RcfError::BadTrainingData(m)) if m.contains("too few")
    ));
    let mut bad = data.clone();
    bad[151] = f64::NAN;
    match train(&bad, 3, names(3), small(1)) {
        Err(RcfError::BadTrainingData(m)) => assert!(m.starts_with("row 51:"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        train(
            &data,
            3,
            names(3),
            ForestParams {
                trees: 0,
                ..small(1)
            }
        ),
        Err(RcfError::BadParam { name: "trees", .. })
    ));
}

#[test]
fn bad_model_files_are_typed_errors_with_reasons() {
    let model = train(&rows(300, 1), 3, names(3), small(1)).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&model.to_bytes()).unwrap();
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = json.clone();
        f(&mut v);
        serde_json::to_vec(&v).unwrap()
    };
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"not json".to_vec(), "not a model file"),
        (model.to_bytes()[..500].to_vec(), "not a model file"),
        (
            edit(&|v| v["format_version"] = 3.into()),
            "format version 3",
        ),
        (
            edit(&|v| {
                v.as_object_mut()
                    .unwrap()
                    .retain(|k, _| k != "format_version")
            }),
            "no `format_version`",
        ),
        (
            edit(&|v| v["features"] = serde_json::json!(["a"])),
            "1 features named",
        ),
        (
            edit(&|v| v["params"]["seed"] = 5.into()),
            "parameters differ",
        ),
        (
            edit(&|v| {
                let sample = v["forest"]["samples"][0].as_array_mut().unwrap();
                *sample.last_mut().unwrap() = 99_999.into();
            }),
            "does not exist",
        ),
        (
            edit(&|v| v["forest"]["samples"][0][0] = 99_999.into()),
            "not in increasing order",
        ),
        (
            edit(&|v| v["forest"]["samples"].as_array_mut().unwrap().truncate(3)),
            "3 tree samples",
        ),
        (
            edit(&|v| v["forest"]["params"]["trees"] = 0.into()),
            "forest parameters",
        ),
        (
            edit(&|v| v["forest"]["points"].as_array_mut().unwrap().truncate(5)),
            "point values",
        ),
        (
            edit(&|v| v["forest"]["recent"] = serde_json::json!([1.0])),
            "shingle holds 1",
        ),
    ];
    for (bytes, reason) in cases {
        match Model::from_bytes(&bytes) {
            Err(RcfError::BadModel(m)) => assert!(m.contains(reason), "{m} should say {reason}"),
            other => panic!("{reason}: {other:?}"),
        }
    }
}

/// Scores `points` one at a time, and in batches of each size in `cuts` (cycled) with
/// `threads`; checks the scores and errors agree to the bit and the forests end the same.
fn batches_match_one_by_one(
    params: ForestParams,
    points: &[Vec<f64>],
    cuts: &[usize],
    threads: usize,
) {
    let dims = points.iter().map(Vec::len).max().unwrap_or(1);
    let mut one = Forest::new(dims, params).unwrap();
    let expected: Vec<Result<f64, String>> = points
        .iter()
        .map(|p| one.try_score_then_update(p).map_err(|e| e.to_string()))
        .collect();
    let mut batched = Forest::new(dims, params).unwrap();
    batched.set_threads(threads);
    let mut got = Vec::new();
    let mut at = 0;
    for cut in cuts.iter().cycle() {
        if at >= points.len() {
            break;
        }
        let end = (at + cut).min(points.len());
        // Rows of the forest's width only: a short row would shift the rows after it.
        let rows: Vec<f64> = points[at..end]
            .iter()
            .flat_map(|p| {
                let mut row = p.clone();
                row.resize(dims, f64::NAN);
                row
            })
            .collect();
        got.extend(
            batched
                .try_score_then_update_rows(&rows)
                .into_iter()
                .map(|r| r.map_err(|e| e.to_string())),
        );
        at = end;
    }
    assert_eq!(got.len(), expected.len());
    for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
        match (g, e) {
            (Ok(g), Ok(e)) => assert_eq!(g.to_bits(), e.to_bits(), "point {i}: {g} vs {e}"),
            (Err(_), Err(_)) => {}
            _ => panic!("point {i}: {g:?} vs {e:?}"),
        }
    }
    for tree in batched.trees() {
        tree.check(&batched.store).unwrap();
    }
    assert_eq!(
        serde_json::to_string(&batched).unwrap(),
        serde_json::to_string(&one).unwrap()
    );
}

#[test]
fn batches_score_and_learn_exactly_as_one_point_at_a_time() {
    let mut points: Vec<Vec<f64>> = cloud(2500, 21).iter().map(|p| p.to_vec()).collect();
    // Bad rows are refused in place and not learnt; exact repeats share leaves.
    points[700][1] = f64::NAN;
    points[1300] = vec![1e31, 0.0, 0.0];
    for i in (0..2500).step_by(11) {
        points[i] = vec![10.0, 20.0, 30.0];
    }
    for threads in [1, 2, 3] {
        // Narrow points (every node keeps its box) and shingled wide ones (small nodes do
        // not), in batches of one, of a few and larger than the forest keeps.
        batches_match_one_by_one(small(3), &points, &[1, 37, 1500], threads);
        let shingled = ForestParams {
            shingle_size: 4,
            ..small(4)
        };
        batches_match_one_by_one(shingled, &points, &[64, 5, 2000], threads);
    }
}

#[test]
fn batches_cross_the_samplers_rebasing_as_single_points_do() {
    let params = ForestParams {
        trees: 9,
        sample_size: 8,
        shingle_size: 1,
        seed: 5,
    };
    let points: Vec<Vec<f64>> = cloud(70_000, 22)[..].iter().map(|p| vec![p[0]]).collect();
    batches_match_one_by_one(params, &points, &[4096, 999], 2);
}

#[test]
fn scoring_rows_gives_the_single_scores_on_any_thread_count() {
    for shingle_size in [1, 4] {
        let params = ForestParams {
            shingle_size,
            ..small(6)
        };
        let mut forest = Forest::new(3, params).unwrap();
        let mut rows: Vec<f64> = cloud(700, 23).concat();
        rows[3 * 40 + 1] = f64::NAN;
        // Cold: every row that fits scores 0.
        assert!(
            forest
                .try_score_rows(&rows)
                .iter()
                .enumerate()
                .all(|(i, r)| if i == 40 {
                    r.is_err()
                } else {
                    r.as_ref().ok() == Some(&0.0)
                })
        );
        stream(&mut forest, &cloud(1000, 24));
        for threads in [1, 2, 3] {
            forest.set_threads(threads);
            // A last row cut short is an error, like a bad value.
            let cut = &rows[..rows.len() - 1];
            let got = forest.try_score_rows(cut);
            assert_eq!(got.len(), 700);
            assert!(got[699].is_err());
            for (i, (row, g)) in cut.chunks(3).zip(&got).enumerate() {
                match (forest.try_score(row), g) {
                    (Ok(e), Ok(g)) => assert_eq!(e.to_bits(), g.to_bits(), "row {i}"),
                    (Err(_), Err(_)) => {}
                    (e, g) => panic!("row {i}: {e:?} vs {g:?}"),
                }
            }
        }
    }
}
