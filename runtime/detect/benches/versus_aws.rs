//! `cargo bench -p detect --bench versus_aws`: our Random Cut Forest against AWS's own
//! (`krcflib` 4.0.2, the Rust code of aws/random-cut-forest-by-aws), side by side, on the same
//! series, with the same parameters and the same streaming loop.
//!
//! Both forests have 100 trees × 256 samples, a shingle of 32 built inside the forest, the
//! time decay 1 / (10 · 256) and seed 42, and stream the seven NAB series kept in
//! `runtime/tests/fixtures/nab` (34,512 points): each point is scored, then learnt, as
//! `score-series` does (ours in batches, `try_score_then_update_rows`, which gives the scores
//! of one point at a time). AWS's runs on one thread; ours once on one and once on two. Each
//! run is one process (this bench binary started again with `--run ours|ours2|aws`) that
//! reads the series, streams them and reports its time on the CPUs (all threads), its wall
//! time and its peak resident memory (`VmHWM`); the runs alternate for `ROUNDS` rounds. The
//! scores are compared per series by Pearson correlation.
//!
//! Run as `cargo test` runs benches (without `--bench`) it only checks that both
//! implementations stream a short series and that their scores correlate.

// Benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use detect::rcf::{Forest, ForestParams};
use rcflib::rcf::{RCFBuilder, RCFOptionsBuilder};

#[path = "support/cpu.rs"]
mod cpu;
use cpu::cpu_time;

const TREES: usize = 100;
const SAMPLES: usize = 256;
const SHINGLE: usize = 32;
const SEED: u64 = 42;
const ROUNDS: usize = 5;
const FILES: [&str; 7] = [
    "artificialNoAnomaly/art_daily_small_noise.csv",
    "artificialWithAnomaly/art_daily_jumpsup.csv",
    "artificialWithAnomaly/art_load_balancer_spikes.csv",
    "realAWSCloudwatch/ec2_cpu_utilization_825cc2.csv",
    "realAWSCloudwatch/elb_request_count_8c0756.csv",
    "realAWSCloudwatch/rds_cpu_utilization_cc0c53.csv",
    "realKnownCause/nyc_taxi.csv",
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/nab")
}

/// The series' values, read as `score-series` reads them.
fn series(limit: usize) -> Vec<Vec<f64>> {
    FILES
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(corpus().join(f)).unwrap();
            let s = detect::series::read_series(&text).unwrap();
            s.points.iter().take(limit).map(|p| p.value).collect()
        })
        .collect()
}

/// Streams every series through a new forest of ours on `threads` threads: scores, then
/// learns each value.
fn ours(series: &[Vec<f64>], threads: usize) -> Vec<Vec<f64>> {
    let params = ForestParams {
        trees: TREES,
        sample_size: SAMPLES,
        shingle_size: SHINGLE,
        seed: SEED,
    };
    series
        .iter()
        .map(|values| {
            let mut forest = Forest::new(1, params).unwrap();
            forest.set_threads(threads);
            let mut scores = Vec::with_capacity(values.len());
            forest.score_then_update_rows_with(values, |r| scores.push(r.unwrap()));
            scores
        })
        .collect()
}

/// The same with AWS's forest.
fn aws(series: &[Vec<f64>]) -> Vec<Vec<f64>> {
    series
        .iter()
        .map(|values| {
            let mut forest = RCFBuilder::new(1, SHINGLE)
                .tree_capacity(SAMPLES)
                .number_of_trees(TREES)
                .random_seed(SEED)
                .parallel_enabled(false)
                .internal_shingling(true)
                .time_decay(0.1 / SAMPLES as f64)
                .build_default()
                .unwrap();
            values
                .iter()
                .map(|v| {
                    let point = [*v as f32];
                    let score = forest.score(&point).unwrap();
                    forest.update(&point, 0).unwrap();
                    score
                })
                .collect()
        })
        .collect()
}

/// Pearson correlation of the pairs where both forests give real scores (after warm-up).
fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let pairs: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .filter(|(x, y)| **x > 0.0 && **y > 0.0)
        .map(|(x, y)| (*x, *y))
        .collect();
    let n = pairs.len() as f64;
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x / n, sy + y / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    sxy / (sxx * syy).sqrt()
}

/// This process's peak resident memory in KiB (`VmHWM`).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// One run in this process: prints `cpu_s wall_s points peak_kib` and writes the scores to
/// `out` (one line per series, space-separated).
fn run_one(which: &str, out: &Path) {
    let (cpu, wall) = (cpu_time().unwrap_or_default(), Instant::now());
    let series = series(usize::MAX);
    let scores = match which {
        "ours" => ours(&series, 1),
        "ours2" => ours(&series, 2),
        "aws" => aws(&series),
        other => panic!("unknown implementation {other}"),
    };
    let (cpu, wall) = (
        cpu_time().unwrap_or_default().saturating_sub(cpu),
        wall.elapsed(),
    );
    let points: usize = series.iter().map(Vec::len).sum();
    println!(
        "{} {} {points} {}",
        cpu.as_secs_f64(),
        wall.as_secs_f64(),
        peak_kib()
    );
    let text: Vec<String> = scores
        .iter()
        .map(|s| {
            s.iter()
                .map(|v| format!("{v:e}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    std::fs::write(out, text.join("\n")).unwrap();
}

/// A run in a child process: (CPU seconds, wall seconds, process wall seconds, points, peak
/// KiB, scores).
/// One run's measures: CPU seconds, wall seconds inside the process, wall seconds of the whole
/// process, points streamed, peak resident KiB.
type Run = (f64, f64, f64, usize, u64);

fn child(which: &str) -> (Run, Vec<Vec<f64>>) {
    let out = std::env::temp_dir().join(format!("versus-aws-{which}-{}", std::process::id()));
    let started = Instant::now();
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--run", which, out.to_str().unwrap()])
        .output()
        .unwrap();
    let process = started.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = String::from_utf8(output.stdout).unwrap();
    let f: Vec<&str> = line.split_whitespace().collect();
    let scores = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| l.split(' ').map(|v| v.parse().unwrap()).collect())
        .collect();
    std::fs::remove_file(&out).unwrap();
    (
        (
            f[0].parse().unwrap(),
            f[1].parse().unwrap(),
            process,
            f[2].parse().unwrap(),
            f[3].parse().unwrap(),
        ),
        scores,
    )
}

fn spread(v: &[f64]) -> String {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    format!(
        "median {:.3}, {:.3}–{:.3}",
        s[s.len() / 2],
        s[0],
        s[s.len() - 1]
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--run") {
        run_one(&args[i + 1], Path::new(&args[i + 2]));
        return;
    }
    if !args.iter().any(|a| a == "--bench") {
        // `cargo test --all-targets`: a short check that both stream and agree.
        let short = series(600);
        let (a, b) = (ours(&short, 2), aws(&short));
        let r = pearson(&a[6], &b[6]);
        assert!(r > 0.5, "Pearson {r}");
        println!(
            "bench smoke run: ok (run `cargo bench -p detect --bench versus_aws` for timings)"
        );
        return;
    }
    const WHICH: [&str; 3] = ["ours", "aws", "ours2"];
    let mut runs: [Vec<Run>; 3] = Default::default();
    let mut scores: [Vec<Vec<f64>>; 3] = Default::default();
    for _ in 0..ROUNDS {
        for (k, which) in WHICH.iter().enumerate() {
            let (run, s) = child(which);
            runs[k].push(run);
            scores[k] = s;
        }
    }
    let points = runs[0][0].3;
    println!(
        "{} NAB series, {points} points; {TREES} trees × {SAMPLES} samples, shingle {SHINGLE}, score then update; {ROUNDS} rounds, one process per run",
        FILES.len()
    );
    let col = |k: usize, f: fn(&Run) -> f64| -> Vec<f64> { runs[k].iter().map(f).collect() };
    for (k, name) in ["ours, 1 thread", "krcflib 4.0.2", "ours, 2 threads"]
        .iter()
        .enumerate()
    {
        let rate: Vec<f64> = col(k, |r| r.3 as f64 / r.0);
        let peak: Vec<f64> = col(k, |r| r.4 as f64 / 1024.0);
        println!("{name:<15}: CPU s {}", spread(&col(k, |r| r.0)));
        println!("{:<15}  wall s {}", "", spread(&col(k, |r| r.1)));
        println!("{:<15}  process wall s {}", "", spread(&col(k, |r| r.2)));
        println!("{:<15}  points per CPU-second {}", "", spread(&rate));
        println!("{:<15}  peak resident MiB {}", "", spread(&peak));
    }
    // krcflib's measure over ours (run `k`), per round.
    let speed_up = |what: &str, k: usize, measure: fn(&Run) -> f64| {
        let ratios: Vec<f64> = runs[1]
            .iter()
            .zip(&runs[k])
            .map(|(aws, ours)| measure(aws) / measure(ours))
            .collect();
        println!("speed-up ({what}, per round): {}", spread(&ratios));
    };
    speed_up("krcflib CPU time / ours", 0, |r| r.0);
    speed_up("krcflib process wall time / ours", 0, |r| r.2);
    speed_up("krcflib process wall time / ours on 2 threads", 2, |r| r.2);
    assert_eq!(scores[0], scores[2], "the thread count changed the scores");
    for (f, (a, b)) in FILES.iter().zip(scores[0].iter().zip(&scores[1])) {
        println!("Pearson {:.4}  {f}", pearson(a, b));
    }
    let all_ours: Vec<f64> = scores[0].concat();
    let all_aws: Vec<f64> = scores[1].concat();
    println!("Pearson {:.4}  all series", pearson(&all_ours, &all_aws));
}
