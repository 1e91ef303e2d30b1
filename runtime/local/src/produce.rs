//! `anomaly-function produce`: writes [sample log lines](detect::loggen) to a topic (created
//! when missing), in any record format the function reads (`--record-format`, also spelt
//! `--format`: JSON by default, logfmt, or an access-log preset), each keyed by user, with a
//! binary `trace-id` header and a `content-type` header naming the format's media type. Prints one JSON line on stdout: the topic, how many records were written, and the
//! partition and offset of every injected anomaly, to compare with what `local` finds.

use std::collections::VecDeque;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use detect::loggen::{LineFormat, LogGenerator, parse_anomaly_rate};
use rdkafka::ClientConfig;
use rdkafka::error::KafkaError;
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{DeliveryFuture, FutureProducer, FutureRecord};
use rdkafka::types::RDKafkaErrorCode;
use serde::Serialize;

use crate::args::{parse_bootstrap, parse_topic};
use crate::error::LocalError;
use crate::topic::{TopicState, ensure_topic};

/// Deliveries awaited at most at once before the producer waits for the oldest.
const MAX_IN_FLIGHT: usize = 10_000;

/// Arguments of `produce`.
#[derive(Debug, Clone, Args)]
pub struct ProduceArgs {
    /// The brokers, `host:port[,host:port…]`.
    #[arg(long, value_name = "HOST:PORT", value_parser = parse_bootstrap)]
    pub bootstrap: String,
    /// The topic; created with `--partitions` partitions when it does not exist.
    #[arg(long, value_name = "TOPIC", value_parser = parse_topic)]
    pub topic: String,
    /// How many log lines to write.
    #[arg(long, value_name = "N", default_value_t = 1_000,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub count: u64,
    /// The share of lines, after the first 200, that are anomalies (0–1).
    #[arg(long, value_name = "RATE", default_value_t = 0.01, value_parser = parse_anomaly_rate)]
    pub anomaly_rate: f64,
    /// Partitions of a topic this command creates.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(i32).range(1..=1_000))]
    pub partitions: i32,
    /// Lines per second (default: as fast as the broker takes them).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub per_second: Option<u64>,
    /// The generator's seed: the same seed writes the same lines.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// The log lines' format (a function reads them with the same `record_format`).
    #[arg(long, visible_alias = "format", value_enum, value_name = "FORMAT",
          default_value_t = LineFormat::Json)]
    pub record_format: LineFormat,
}

/// Where one record went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// Its partition.
    pub partition: i32,
    /// Its offset.
    pub offset: i64,
}

/// What `produce` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Produced {
    /// The topic.
    pub topic: String,
    /// Records written.
    pub records: u64,
    /// Where each injected anomaly went, in the order written.
    pub anomalies: Vec<Position>,
}

/// Runs `produce` and returns the process's exit status.
pub async fn run(args: &ProduceArgs) -> ExitCode {
    match produce(args).await {
        Ok(produced) => match serde_json::to_string(&produced) {
            Ok(line) => {
                println!("{line}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("anomaly-function produce: cannot print the summary: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("anomaly-function produce: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Writes the lines and waits until the broker acknowledged every one.
pub async fn produce(args: &ProduceArgs) -> Result<Produced, LocalError> {
    let state = ensure_topic(&args.bootstrap, &args.topic, args.partitions).await?;
    if state == TopicState::Created {
        eprintln!(
            "anomaly-function produce: created topic `{}` with {} partitions",
            args.topic, args.partitions
        );
    }
    // One record per record batch: tansu 0.6.0 (the broker of the README's demo) cannot fetch
    // from an offset inside a batch, so a poller restarted at a committed offset mid-batch
    // would skip the rest of that batch. Kafka has no such limit; for sample data, the extra
    // requests do not matter.
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &args.bootstrap)
        .set("client.id", "anomaly-function-produce")
        .set("batch.num.messages", "1")
        .set("linger.ms", "0")
        .set("message.timeout.ms", "30000")
        .create()?;
    let mut generator = LogGenerator::new(args.seed, args.anomaly_rate).format(args.record_format);
    let mut pending: VecDeque<(bool, DeliveryFuture)> = VecDeque::new();
    let mut anomalies = Vec::new();
    let started = tokio::time::Instant::now();
    for i in 0..args.count {
        if let Some(rate) = args.per_second {
            let due = Duration::from_secs_f64(i as f64 / rate as f64);
            tokio::time::sleep_until(started + due).await;
        }
        let line = generator.next_line();
        let headers = OwnedHeaders::new()
            .insert(Header {
                key: "trace-id",
                value: Some(&line.trace_id[..]),
            })
            .insert(Header {
                key: "content-type",
                value: Some(args.record_format.content_type()),
            });
        let mut record = FutureRecord::to(&args.topic)
            .key(&line.key)
            .payload(&line.text)
            .headers(headers);
        loop {
            match producer.send_result(record) {
                Ok(delivery) => {
                    pending.push_back((line.anomaly, delivery));
                    break;
                }
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                    record = back;
                    match pending.pop_front() {
                        Some(oldest) => settle(oldest, &mut anomalies).await?,
                        None => tokio::time::sleep(Duration::from_millis(10)).await,
                    }
                }
                Err((e, _)) => return Err(e.into()),
            }
        }
        while pending.len() >= MAX_IN_FLIGHT {
            if let Some(oldest) = pending.pop_front() {
                settle(oldest, &mut anomalies).await?;
            }
        }
    }
    while let Some(oldest) = pending.pop_front() {
        settle(oldest, &mut anomalies).await?;
    }
    eprintln!(
        "anomaly-function produce: wrote {} log lines ({} injected anomalies) to `{}` in {} ms",
        args.count,
        anomalies.len(),
        args.topic,
        started.elapsed().as_millis()
    );
    Ok(Produced {
        topic: args.topic.clone(),
        records: args.count,
        anomalies,
    })
}

/// Waits for one delivery; a record the broker did not take fails the command.
async fn settle(
    (anomaly, delivery): (bool, DeliveryFuture),
    anomalies: &mut Vec<Position>,
) -> Result<(), LocalError> {
    match delivery.await {
        Ok(Ok(d)) => {
            if anomaly {
                anomalies.push(Position {
                    partition: d.partition,
                    offset: d.offset,
                });
            }
            Ok(())
        }
        Ok(Err((e, _))) => Err(LocalError::Kafka(format!(
            "the broker did not take a record: {e}"
        ))),
        Err(_) => Err(LocalError::Kafka(
            "the producer stopped before a record was delivered".into(),
        )),
    }
}
