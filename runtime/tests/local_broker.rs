//! The local event source against a real broker: tansu, which `.ci/test` starts on 127.0.0.1
//! and names in `KAFKA_BOOTSTRAP` (these tests fail without it). The poller runs as the built
//! binary (`anomaly-function local`) against the SageMaker stand-in, and in-process where a
//! test looks at the events themselves.
//!
//! Run: `.ci/test -p runtime --features local --test local_broker -- --test-threads=1`.

// Tests: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

use contract::{
    ANOMALY_TABLE_PARTITION_KEY, ANOMALY_TABLE_SORT_KEY, FeatureSpec, FunctionConfig, RecordFormat,
    SinkConfig, Threshold,
};
use detect::batch::{BatchBuilder, BatchLimits};
use detect::event::{EventSource, KafkaEvent};
use detect::loggen::LogGenerator;
use local::consumer::{ConsumerOptions, KafkaSource, SESSION_TIMEOUT, StartingPosition};
use local::source::RecordSource;
use runtime::InvocationResult;
use support::kafka::{self, Out, bootstrap, new_topic};
use support::poller::{Process, aws_env};
use support::standin::{Fault, StandIn};
use support::{TempFile, dynamodb, unique};

/// How long any one wait may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(120);

/// Runs blocking process I/O without stalling the runtime the stand-in serves on.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(f)
}

/// A valid log line whose `duration_ms` is `id`, so a scored row names its record.
fn line(id: usize) -> String {
    format!(
        r#"{{"level":"INFO","service":"checkout-api","response_time_ms":{},"status":200,"duration_ms":{id},"path":"/api/v1/orders/{id}"}}"#,
        20 + id % 240
    )
}

/// The function's configuration for a test: the seed's features, every scored record an
/// anomaly (threshold −1, so results list every record), and `sinks`.
fn config_file(sinks: SinkConfig) -> TempFile {
    let config = FunctionConfig {
        threshold: Threshold::Fixed { value: -1.0 },
        sinks,
        ..FunctionConfig::default()
    };
    TempFile::write("config", "json", &serde_json::to_vec(&config).unwrap())
}

/// `local` arguments.
fn local_args(topic: &str, group: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "local",
        "--bootstrap",
        &bootstrap(),
        "--topic",
        topic,
        "--group",
        group,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args
}

/// Runs `anomaly-function produce` of `count` sample lines (`rate` of them anomalies) to
/// `topic`, with `extra` arguments, and returns its summary.
fn produce(topic: &str, count: usize, rate: &str, extra: &[&str]) -> serde_json::Value {
    let count = count.to_string();
    let args: Vec<String> = [
        "produce",
        "--bootstrap",
        &bootstrap(),
        "--topic",
        topic,
        "--count",
        &count,
        "--anomaly-rate",
        rate,
    ]
    .iter()
    .chain(extra)
    .map(|s| (*s).to_owned())
    .collect();
    let mut process = Process::start(&args, &[]);
    let summary = serde_json::from_str(&blocking(|| process.line(PATIENCE))).unwrap();
    assert!(blocking(|| process.wait(PATIENCE)).success());
    summary
}

/// Every record a result names: its anomalies and its bad records, in offset order per
/// partition (both lists are sorted).
fn named(result: &InvocationResult) -> Vec<(i64, i64)> {
    let mut all: Vec<(i64, i64)> = result
        .anomalies
        .iter()
        .map(|a| (a.partition, a.offset))
        .chain(result.bad_records.iter().map(|b| (b.partition, b.offset)))
        .collect();
    all.sort_unstable();
    all
}

/// The ids (`duration_ms`) of the rows the stand-in scored, one entry per time scored.
fn scored_ids(standin: &StandIn) -> Vec<usize> {
    standin
        .received()
        .iter()
        .filter(|r| r.path.ends_with("/invocations"))
        .flat_map(|r| r.rows())
        .map(|row| row[2] as usize)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_from_the_broker_are_the_mappings_events_and_commits_resume() {
    let topic = new_topic(2).await;
    let signed: Vec<u8> = vec![0x74, 0x00, 0x7f, 0x80, 0xff, 0xfe];
    let mut out = Vec::new();
    for i in 0..40 {
        let mut r = Out::line(i % 2, &format!("user-{i}"), &line(i as usize));
        r.timestamp = 1_714_564_800_000 + i64::from(i);
        r.headers = vec![
            ("trace-\u{e9}\u{540d}".into(), Some(signed.clone())),
            ("empty".into(), None),
        ];
        match i % 10 {
            3 => r.value = None,
            5 => r.key = None,
            7 => r.value = Some(vec![b'{', 0xff, 0xfe, b'}']),
            _ => {}
        }
        out.push(r);
    }
    let offsets = kafka::produce(&topic, &out).await;
    let options = ConsumerOptions {
        bootstrap_servers: bootstrap(),
        topic: topic.clone(),
        group: unique("group"),
        starting_position: StartingPosition::TrimHorizon,
    };
    let mut source = KafkaSource::connect(&options).unwrap();
    let mut builder = BatchBuilder::new(source.bootstrap_servers(), BatchLimits::records(100));
    for _ in 0..out.len() {
        let record = tokio::time::timeout(PATIENCE, source.next_record())
            .await
            .unwrap()
            .unwrap();
        builder.push(record).unwrap();
    }
    let batch = builder.finish();
    let event = KafkaEvent::from_slice(&batch.event).unwrap();
    assert_eq!(event.event_source, Some(EventSource::SelfManagedKafka));
    assert_eq!(
        event.bootstrap_servers.as_deref(),
        Some(bootstrap().as_str())
    );
    assert_eq!(event.records.len(), out.len());
    let by_position: HashMap<(i64, i64), &Out> = out
        .iter()
        .zip(&offsets)
        .map(|(r, &o)| ((i64::from(r.partition), o), r))
        .collect();
    let mut buf = Vec::new();
    for r in &event.records {
        let sent = by_position[&(r.partition, r.offset)];
        assert_eq!(r.batch_key, format!("{topic}-{}", r.partition));
        assert_eq!(r.topic, topic);
        assert_eq!(r.timestamp, Some(sent.timestamp));
        assert_eq!(r.timestamp_type.as_deref(), Some("CREATE_TIME"));
        assert_eq!(r.decode_key(), sent.key);
        assert_eq!(
            r.decode_value(&mut buf).unwrap().map(<[u8]>::to_vec),
            sent.value
        );
        let headers = r.headers().unwrap();
        assert_eq!(headers.len(), 2);
        assert_eq!(headers[0].name, "trace-\u{e9}\u{540d}");
        assert_eq!(headers[0].value, signed);
        assert_eq!(
            (headers[1].name.as_ref(), headers[1].value.len()),
            ("empty", 0)
        );
    }
    // Headers travel as Java's signed bytes, tombstones and keyless records as null.
    let text = String::from_utf8(batch.event.clone()).unwrap();
    assert!(text.contains(r#"[116,0,127,-128,-1,-2]"#), "{text}");
    assert!(text.contains(r#""value":null"#) && text.contains(r#""key":null"#));

    // Committing the batch's spans makes the group resume after them.
    source.commit(&batch.spans).await.unwrap();
    drop(source);
    let extra = Out::line(1, "late", &line(999));
    let late = kafka::produce(&topic, std::slice::from_ref(&extra)).await[0];
    let mut again = KafkaSource::connect(&options).unwrap();
    let next = tokio::time::timeout(PATIENCE, again.next_record())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((next.partition, next.offset), (1, late));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_record_appears_in_exactly_one_result_in_offset_order() {
    let topic = new_topic(4).await;
    let count = 2_000;
    let out: Vec<Out> = (0..count)
        .map(|i| {
            let mut r = Out::line((i % 4) as i32, &format!("user-{}", i % 97), &line(i));
            r.headers = vec![("h\u{f6}st".into(), Some(vec![0xc3, 0xb6, 0x80]))];
            if i % 50 == 49 {
                r.value = None;
            } else if i % 77 == 76 {
                r.value = Some(b"{not json".to_vec());
            }
            r
        })
        .collect();
    let offsets = kafka::produce(&topic, &out).await;
    let produced: BTreeMap<(i64, i64), usize> = out
        .iter()
        .zip(&offsets)
        .enumerate()
        .map(|(i, (r, &o))| ((i64::from(r.partition), o), i))
        .collect();
    let standin = StandIn::start().await;
    let config = config_file(SinkConfig::default());
    let group = unique("group");
    let env = aws_env(&[("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", standin.url())]);
    let args = local_args(
        &topic,
        &group,
        &[
            "--batch-size",
            "150",
            "--window-ms",
            "100",
            "--config",
            config.to_str().unwrap(),
        ],
    );
    let mut poller = Process::start(&args, &env);
    let results = blocking(|| poller.results_until(count, PATIENCE));
    assert!(blocking(|| poller.quiet_for(Duration::from_secs(1))));
    poller.interrupt();
    let status = blocking(|| poller.wait(PATIENCE));
    assert!(status.success(), "{status}; stderr:\n{}", poller.stderr());

    let mut seen: BTreeMap<(i64, i64), usize> = BTreeMap::new();
    let mut last: HashMap<i64, i64> = HashMap::new();
    for r in &results {
        assert!(r.records <= 150, "{}", r.records);
        assert!(r.is_complete());
        assert_eq!(named(r).len(), r.records, "every record is named once");
        for (partition, offset) in named(r) {
            *seen.entry((partition, offset)).or_default() += 1;
            let previous = last.insert(partition, offset);
            assert!(
                previous.is_none_or(|p| p < offset),
                "partition {partition}: {offset} after {previous:?}"
            );
        }
        for a in &r.anomalies {
            assert_eq!(a.topic, topic);
        }
    }
    assert_eq!(
        seen.keys().collect::<Vec<_>>(),
        produced.keys().collect::<Vec<_>>()
    );
    assert!(seen.values().all(|&n| n == 1), "a record appeared twice");
    for r in &results {
        for b in &r.bad_records {
            let i = produced[&(b.partition, b.offset)];
            let want = if i % 50 == 49 {
                "tombstone"
            } else {
                "not JSON"
            };
            assert!(b.reason.contains(want), "record {i}: {}", b.reason);
        }
    }
    let mut scored = scored_ids(&standin);
    scored.sort_unstable();
    let expected: Vec<usize> = (0..count)
        .filter(|i| i % 50 != 49 && i % 77 != 76)
        .collect();
    assert_eq!(scored, expected, "each valid record scored exactly once");

    // The group committed everything: a restart sees only what is produced later.
    let late: Vec<Out> = (0..5)
        .map(|i| Out::line(i % 4, "late", &line(10_000 + i as usize)))
        .collect();
    let late_offsets = kafka::produce(&topic, &late).await;
    let args = local_args(
        &topic,
        &group,
        &[
            "--window-ms",
            "2000",
            "--max-batches",
            "1",
            "--config",
            config.to_str().unwrap(),
        ],
    );
    let mut again = Process::start(&args, &env);
    let result = blocking(|| again.result(PATIENCE));
    let status = blocking(|| again.wait(PATIENCE));
    assert!(status.success(), "{status}; stderr:\n{}", again.stderr());
    let mut want: Vec<(i64, i64)> = late
        .iter()
        .zip(&late_offsets)
        .map(|(r, &o)| (i64::from(r.partition), o))
        .collect();
    want.sort_unstable();
    assert_eq!(named(&result), want);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_poller_loses_nothing_and_repeats_only_the_batch_in_flight() {
    let moto = support::moto_endpoint();
    let sdk = support::sdk_config(&moto);
    let dynamo = aws_sdk_dynamodb::Client::new(&sdk);
    let sns = aws_sdk_sns::Client::new(&sdk);
    let table = dynamodb::create_table(&dynamo).await;
    let alerts_name = unique("alerts");
    let alerts = sns
        .create_topic()
        .name(&alerts_name)
        .send()
        .await
        .unwrap()
        .topic_arn()
        .unwrap()
        .to_owned();
    let config = config_file(SinkConfig {
        anomaly_table: Some(table.clone()),
        alert_topic_arn: Some(alerts.clone()),
        ..SinkConfig::default()
    });

    let topic = new_topic(3).await;
    let count = 3_000;
    let batch_size = 200;
    let out: Vec<Out> = (0..count)
        .map(|i| Out::line((i % 3) as i32, &format!("user-{i}"), &line(i)))
        .collect();
    let offsets = kafka::produce(&topic, &out).await;
    let position: HashMap<usize, (i64, i64)> = (0..count)
        .map(|i| (i, (i64::from(out[i].partition), offsets[i])))
        .collect();
    let group = unique("group");
    let args = local_args(
        &topic,
        &group,
        &[
            "--batch-size",
            &batch_size.to_string(),
            "--window-ms",
            "100",
            "--config",
            config.to_str().unwrap(),
        ],
    );

    // Run 1: slow scoring. After four committed batches, the alert topic disappears, so the
    // fifth batch is scored and written to DynamoDB, then fails at SNS and is retried (never
    // skipped, never committed); the poller is killed (SIGKILL) while retrying it.
    let slow = StandIn::start().await;
    slow.fault_always(Fault::Slow(Duration::from_millis(300)));
    let env = |standin: &StandIn| {
        aws_env(&[
            ("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", standin.url()),
            ("AWS_ENDPOINT_URL_DYNAMODB", moto.clone()),
            ("AWS_ENDPOINT_URL_SNS", moto.clone()),
        ])
    };
    let mut first = Process::start(&args, &env(&slow));
    eprintln!("crash test: run 1 is pid {}", first.pid());
    let mut before = Vec::new();
    for _ in 0..4 {
        before.push(blocking(|| first.result(PATIENCE)));
    }
    sns.delete_topic().topic_arn(&alerts).send().await.unwrap();
    let until = Instant::now() + PATIENCE;
    // Batch 5 scored twice means its first attempt got past scoring and DynamoDB and failed.
    while slow.received().len() < 6 {
        assert!(Instant::now() < until, "stderr:\n{}", first.stderr());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.kill();
    let stderr = first.stderr();
    assert!(
        stderr.contains("(attempt 1): SNS topic"),
        "the fifth batch did not fail at SNS:\n{stderr}"
    );
    assert!(blocking(|| first.quiet_for(Duration::from_millis(100))));
    let in_flight: BTreeSet<usize> = slow.received()[4]
        .rows()
        .iter()
        .map(|r| r[2] as usize)
        .collect();
    assert!(!in_flight.is_empty() && in_flight.len() <= batch_size);
    // Run 1 wrote the in-flight batch's anomalies before failing at SNS.
    let written = table_keys(&dynamo, &table).await;
    let printed_before: usize = before.iter().map(|r| r.records).sum();
    assert_eq!(written.len(), printed_before + in_flight.len());
    for id in &in_flight {
        let (p, o) = position[id];
        assert!(
            written.contains(&(format!("{topic}#{p}"), o)),
            "record {id}"
        );
    }

    // Run 2: the same group, the topic back, fast scoring: it resumes at the committed
    // offsets and finishes the topic. It starts once the killed member's session has expired:
    // tansu 0.6.0, when the group's leader expires while a new member is joining, completes
    // the rebalance with no partitions assigned to anyone (the new member then waits forever;
    // the poller's stderr says "assigned this consumer no partitions"). Kafka would reassign.
    sns.create_topic().name(&alerts_name).send().await.unwrap();
    tokio::time::sleep(SESSION_TIMEOUT + Duration::from_secs(2)).await;
    let fast = StandIn::start().await;
    let mut second = Process::start(&args, &env(&fast));
    eprintln!("crash test: run 2 is pid {}", second.pid());
    let after = blocking(|| second.results_until(count - printed_before, PATIENCE));
    second.interrupt();
    let status = blocking(|| second.wait(PATIENCE));
    assert!(status.success(), "{status}; stderr:\n{}", second.stderr());

    // No record lost; no record in two results (the in-flight batch never got one in run 1).
    let mut seen: BTreeMap<(i64, i64), usize> = BTreeMap::new();
    for r in before.iter().chain(&after) {
        for p in named(r) {
            *seen.entry(p).or_default() += 1;
        }
    }
    let all: BTreeSet<(i64, i64)> = position.values().copied().collect();
    assert_eq!(
        seen.keys().copied().collect::<BTreeSet<_>>(),
        all,
        "lost records"
    );
    assert!(seen.values().all(|&n| n == 1));

    // Scored in both runs: exactly the batch that was in flight.
    let run1: BTreeSet<usize> = scored_ids(&slow).into_iter().collect();
    let run2_rows = scored_ids(&fast);
    let run2: BTreeSet<usize> = run2_rows.iter().copied().collect();
    assert_eq!(run2.len(), run2_rows.len(), "run 2 scored a record twice");
    let twice: BTreeSet<usize> = run1.intersection(&run2).copied().collect();
    assert_eq!(twice, in_flight);
    assert_eq!(run1.union(&run2).count(), count);
    eprintln!(
        "crash test: {} records scored again after the restart (the batch in flight; batch \
         size {batch_size}); none lost, none in two results",
        twice.len()
    );

    // Run 2 wrote the in-flight batch again; the table still holds one item per record.
    let want: BTreeSet<(String, i64)> = all
        .iter()
        .map(|(p, o)| (format!("{topic}#{p}"), *o))
        .collect();
    assert_eq!(table_keys(&dynamo, &table).await, want);
}

/// The `(topic#partition, offset)` key of every item in `table`.
async fn table_keys(dynamo: &aws_sdk_dynamodb::Client, table: &str) -> BTreeSet<(String, i64)> {
    dynamodb::scan(dynamo, table)
        .await
        .iter()
        .map(|item| {
            let pk = item[ANOMALY_TABLE_PARTITION_KEY].as_s().unwrap().clone();
            let offset: i64 = item[ANOMALY_TABLE_SORT_KEY]
                .as_n()
                .unwrap()
                .parse()
                .unwrap();
            (pk, offset)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_records_through_the_poller() {
    let topic = new_topic(4).await;
    let count = 10_000;
    let out: Vec<Out> = (0..count)
        .map(|i| Out::line((i % 4) as i32, &format!("user-{}", i % 777), &line(i)))
        .collect();
    kafka::produce(&topic, &out).await;
    for batch_size in ["100", "1000", "10000"] {
        let standin = StandIn::start().await;
        let env = aws_env(&[("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", standin.url())]);
        let args = local_args(&topic, &unique("group"), &["--batch-size", batch_size]);
        let started = Instant::now();
        let mut poller = Process::start(&args, &env);
        let first = blocking(|| poller.result(PATIENCE));
        let first_at = started.elapsed();
        let rest = blocking(|| poller.results_until(count - first.records, PATIENCE));
        let total = started.elapsed();
        poller.interrupt();
        let status = blocking(|| poller.wait(PATIENCE));
        assert!(status.success(), "{status}; stderr:\n{}", poller.stderr());
        let records: usize = first.records + rest.iter().map(|r| r.records).sum::<usize>();
        assert_eq!(records, count);
        assert_eq!(scored_ids(&standin).len(), count);
        let steady = if rest.is_empty() {
            "one batch".to_owned()
        } else {
            let rate = (count - first.records) as f64 / (total - first_at).as_secs_f64();
            format!(
                "{rate:.0} records/s after the first of {} batches",
                1 + rest.len()
            )
        };
        eprintln!(
            "throughput (batch size {batch_size}): {count} records in {:.2} s = {:.0} records/s \
             including start-up and group join ({:.2} s to the first result); {steady}",
            total.as_secs_f64(),
            count as f64 / total.as_secs_f64(),
            first_at.as_secs_f64(),
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_demo_finds_the_injected_anomalies() {
    let topic = unique("demo");
    let summary = produce(&topic, 3000, "0.02", &[]);
    let injected: BTreeSet<(i64, i64)> = summary["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["partition"].as_i64().unwrap(),
                a["offset"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!((30..=100).contains(&injected.len()), "{}", injected.len());

    let scorer = Process::start(&["serve-zscore", "--port", "0"].map(str::to_owned), &[]);
    let url = blocking(|| scorer.line(PATIENCE));
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let env = aws_env(&[("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", url)]);
    let mut poller = Process::start(&local_args(&topic, &unique("group"), &[]), &env);
    let results = blocking(|| poller.results_until(3_000, PATIENCE));
    poller.interrupt();
    assert!(blocking(|| poller.wait(PATIENCE)).success());
    let found: BTreeSet<(i64, i64)> = results
        .iter()
        .flat_map(|r| r.anomalies.iter().map(|a| (a.partition, a.offset)))
        .collect();
    let missed: Vec<_> = injected.difference(&found).collect();
    let extra: Vec<_> = found.difference(&injected).collect();
    eprintln!(
        "demo: {} injected, {} found, {} missed, {} false alarms",
        injected.len(),
        found.len(),
        missed.len(),
        extra.len()
    );
    assert!(missed.is_empty(), "missed {missed:?}");
    // The z-score stand-in scores a row by its largest z over the features, so it flags every
    // normal 304 (a conditional GET: its status is far from the 200s' baseline, which RCF
    // learns as normal). Count those lines from the generator `produce` used (seed 1).
    let mut generator = LogGenerator::new(1, 0.02);
    let not_modified = (0..3000)
        .map(|_| generator.next_line())
        .filter(|line| !line.anomaly && line.text.contains(r#""status":304,"#))
        .count();
    eprintln!("demo: {not_modified} normal 304 lines");
    assert!(
        extra.len() <= not_modified + 15,
        "false alarms {extra:?} (normal 304 lines: {not_modified})"
    );
    assert!(results.iter().all(|r| r.bad_records.is_empty()));
}

/// `produce --format combined` writes access-log lines, and `local` with a configuration whose
/// `record_format` is `combined` reads every one of them: each record appears in exactly one
/// result as scored (threshold −1 lists every scored record), none is bad, since lines with
/// `-` bytes take the feature's default.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn produce_and_local_speak_a_text_format() {
    let topic = unique("combined");
    let count = 600;
    let summary = produce(&topic, count, "0.05", &["--format", "combined"]);
    assert_eq!(summary["records"], count);

    let config = FunctionConfig {
        record_format: RecordFormat::Combined,
        features: vec![
            FeatureSpec::new("status"),
            FeatureSpec {
                default: Some(0.0),
                ..FeatureSpec::new("body_bytes_sent")
            },
        ],
        threshold: Threshold::Fixed { value: -1.0 },
        ..FunctionConfig::default()
    };
    let path = TempFile::write("config", "json", &serde_json::to_vec(&config).unwrap());

    let scorer = Process::start(&["serve-zscore", "--port", "0"].map(str::to_owned), &[]);
    let url = blocking(|| scorer.line(PATIENCE));
    let env = aws_env(&[("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", url)]);
    let config_arg = path.display().to_string();
    let mut poller = Process::start(
        &local_args(&topic, &unique("group"), &["--config", &config_arg]),
        &env,
    );
    let results = blocking(|| poller.results_until(count, PATIENCE));
    poller.interrupt();
    assert!(blocking(|| poller.wait(PATIENCE)).success());
    let bad: Vec<_> = results.iter().flat_map(|r| &r.bad_records).collect();
    assert!(bad.is_empty(), "bad records: {bad:?}");
    let scored: BTreeSet<(i64, i64)> = results
        .iter()
        .flat_map(|r| r.anomalies.iter().map(|a| (a.partition, a.offset)))
        .collect();
    assert_eq!(scored.len(), count);
    assert_eq!(results.iter().map(|r| r.records).sum::<usize>(), count);
}
