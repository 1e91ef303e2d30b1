//! `cargo bench -p detect --bench rcf`: the embedded Random Cut Forest's throughput and its
//! model file. Target (issue 17): score + learn ≥ 150,000 points per second with 100 trees ×
//! 256 samples × 3 features; the model file's size and load time (it loads at cold start).
//!
//! Prints points per second for `score_then_update` one point at a time, for batches of
//! [`BATCH`] rows (`try_score_then_update_rows`, as the function learns a Kafka batch) on one
//! and on two threads, for `score` alone (on the [`FRESH`] points that follow those learnt),
//! and for a shingled univariate forest; the model file's size; and `Model::from_bytes` times
//! (median, min). Wall rates are the target's; per-CPU-second rates show what threads cost.

// Benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use detect::rcf::{Forest, ForestParams, Model, train};

#[path = "support/cpu.rs"]
mod cpu;
use cpu::cpu_time;

/// `n` points of a 3-feature stream: a daily-ish cycle, a trend and deterministic noise.
fn stream(n: usize) -> Vec<[f64; 3]> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    (0..n)
        .map(|i| {
            let t = i as f64;
            [
                100.0 + 20.0 * (t / 50.0).sin() + 5.0 * noise(),
                0.2 + 0.05 * noise(),
                1_000.0 + t * 0.01 + 30.0 * noise(),
            ]
        })
        .collect()
}

/// Wall and on-CPU time of `f`.
fn timed(f: impl FnOnce()) -> (Duration, Option<Duration>) {
    let cpu = cpu_time();
    let t = Instant::now();
    f();
    let wall = t.elapsed();
    (wall, cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a)))
}

/// "N points/s (M on CPU)" for `points` in the times `timed` gave.
fn rate(points: usize, (wall, cpu): (Duration, Option<Duration>)) -> String {
    let per_sec = |d: Duration| points as f64 / d.as_secs_f64();
    match cpu {
        Some(cpu) => format!(
            "{:>8.0} points/s ({:.0} per CPU-second)",
            per_sec(wall),
            per_sec(cpu)
        ),
        None => format!("{:>8.0} points/s", per_sec(wall)),
    }
}

/// Rows per batch for the batched rates: a modest Kafka batch.
const BATCH: usize = 500;

/// The points after those learnt that scoring alone is measured on: few enough that the
/// stream's trend moves them by less than its noise.
const FRESH: usize = 2_000;

/// Scores then learns `points` in batches of [`BATCH`] rows on `threads` threads.
fn batched(forest: &mut Forest, points: &[[f64; 3]], threads: usize) {
    forest.set_threads(threads);
    let rows: Vec<f64> = points.iter().flatten().copied().collect();
    for batch in rows.chunks(3 * BATCH) {
        for score in forest.try_score_then_update_rows(batch) {
            black_box(score.unwrap());
        }
    }
}

/// The run of `f` (of `runs`) with the shortest wall time.
fn fastest(
    runs: usize,
    mut f: impl FnMut() -> (Duration, Option<Duration>),
) -> (Duration, Option<Duration>) {
    (0..runs.max(1))
        .map(|_| f())
        .min_by_key(|(wall, _)| *wall)
        .unwrap()
}

fn median_min(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[0])
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (warm, count) = if bench { (10_000, 100_000) } else { (300, 300) };
    let points = stream(warm + count + FRESH.min(count));
    // The points learnt while timed; those after them are only scored.
    let timed_points = &points[warm..warm + count];
    let params = ForestParams::default();

    let mut forest = Forest::new(3, params).unwrap();
    forest.set_threads(1);
    for p in &points[..warm] {
        forest.update(p);
    }
    // The same stream from the same state, each way, the fastest of `runs` (this machine's
    // speed wanders by a fifth from run to run).
    let runs = if bench { 5 } else { 1 };
    let batch_rate = rate(
        count,
        fastest(runs, || {
            let mut f = forest.clone();
            timed(|| batched(&mut f, timed_points, 1))
        }),
    );
    let threads_rate = rate(
        count,
        fastest(runs, || {
            let mut f = forest.clone();
            timed(|| batched(&mut f, timed_points, 2))
        }),
    );
    let update_rate = rate(
        count,
        fastest(runs, || {
            let mut f = forest.clone();
            timed(|| {
                for p in timed_points {
                    black_box(f.score_then_update(p));
                }
            })
        }),
    );
    let learnt = {
        let mut f = forest.clone();
        batched(&mut f, timed_points, 1);
        f
    };
    let forest = learnt;
    // Scoring alone: the [`FRESH`] points that follow those learnt, again and again, `count`
    // scores in all: new records like the ones learnt. (Points learnt long ago are outliers
    // by now, as the stream's trend carried the samples away from them; points just learnt
    // sit in the samples' leaves. Neither walks as a typical new record does.)
    let recent = &points[warm + count..];
    let rounds = count / recent.len().max(1);
    let score_rows_rate = |threads: usize| {
        let mut f = forest.clone();
        f.set_threads(threads);
        let rows: Vec<f64> = recent.iter().flatten().copied().collect();
        rate(
            count,
            fastest(runs, || {
                timed(|| {
                    for _ in 0..rounds {
                        for batch in rows.chunks(3 * BATCH) {
                            for score in f.try_score_rows(batch) {
                                black_box(score.unwrap());
                            }
                        }
                    }
                })
            }),
        )
    };
    let (score_rows_1, score_rows_2) = (score_rows_rate(1), score_rows_rate(2));
    let score_rate = rate(
        count,
        timed(|| {
            for _ in 0..rounds {
                for p in recent {
                    black_box(forest.score(p));
                }
            }
        }),
    );

    let shingled = ForestParams {
        shingle_size: 8,
        ..params
    };
    let mut uni = Forest::new(1, shingled).unwrap();
    for p in &points[..warm] {
        uni.update(&p[..1]);
    }
    let shingled_rate = rate(
        count,
        timed(|| {
            for p in timed_points {
                black_box(uni.score_then_update(&p[..1]));
            }
        }),
    );

    let rows: Vec<f64> = points[..warm].concat();
    let names = vec!["a".to_string(), "b".to_string(), "c".to_string()];
    let t = Instant::now();
    let model = train(&rows, 3, names, params).unwrap();
    let train_time = t.elapsed();
    let bytes = model.to_bytes();
    let loads: Vec<Duration> = (0..if bench { 20 } else { 2 })
        .map(|_| {
            let t = Instant::now();
            black_box(Model::from_bytes(&bytes).unwrap());
            t.elapsed()
        })
        .collect();
    let (load_median, load_min) = median_min(loads);

    if !bench {
        // `cargo test --all-targets` runs this without `--bench`: check it works and stop.
        assert!(
            [
                &update_rate,
                &batch_rate,
                &threads_rate,
                &score_rate,
                &score_rows_1,
                &score_rows_2,
                &shingled_rate
            ]
            .iter()
            .all(|r| r.contains("points/s"))
        );
        assert_eq!(Model::from_bytes(&bytes).unwrap().to_bytes(), bytes);
        println!("bench smoke run: ok (run `cargo bench -p detect --bench rcf` for timings)");
        return;
    }
    println!("forest: 100 trees × 256 samples, 3 features, {warm} points learnt first");
    println!("score_then_update (3 features)   : {update_rate}");
    println!("rows of {BATCH}, 1 thread           : {batch_rate}");
    println!("rows of {BATCH}, 2 threads          : {threads_rate}");
    println!("score only (3 features)          : {score_rate}");
    println!("score only, rows of {BATCH}, 1 thread : {score_rows_1}");
    println!("score only, rows of {BATCH}, 2 threads: {score_rows_2}");
    println!("score_then_update (1 × shingle 8): {shingled_rate}");
    println!(
        "train on {warm} rows               : {:>10.1} ms",
        train_time.as_secs_f64() * 1000.0
    );
    println!(
        "model file                       : {:>10} bytes ({:.0} KiB)",
        bytes.len(),
        bytes.len() as f64 / 1024.0
    );
    println!(
        "Model::from_bytes                : median {:.1} ms (min {:.1} ms)",
        load_median.as_secs_f64() * 1000.0,
        load_min.as_secs_f64() * 1000.0
    );
}
