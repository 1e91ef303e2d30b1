//! One batch in, one result out: decode, extract, score, decide, and hand results to the
//! sinks. Every record ends up scored or bad, never both, never neither.
//!
//! The work splits into three steps so each can be measured and tested alone:
//! [`prepare_rows`] (event bytes → feature rows, no I/O), the [`ScoreBackend`] (rows → scores:
//! request bodies and [`score`](crate::scoring::score) for an endpoint, or the embedded
//! forest) and [`finish`] (scores → result, no I/O). [`prepare`] also builds the request
//! bodies, as the endpoint path does.

use contract::FunctionConfig;
use serde_json::json;

use crate::deadline::Deadline;
use crate::error::Error;
use crate::result::{Anomaly, BadRecord, BatchItemFailure, InvocationResult, ItemIdentifier};
use crate::scoring::backend::ScoreBackend;
use crate::scoring::request::Chunk;
use crate::scoring::{self, Scores, ScoringOptions};
use crate::sinks::log::Log;
use crate::sinks::metrics::{InvocationMetrics, emf_line};
use crate::sinks::sns::{Alert, MAX_ALERT_BYTES};
use crate::sinks::{AnomalyDetail, BadDetail, Sinks};
use detect::decision::Decision;
use detect::event::KafkaEvent;
use detect::features::FeatureExtractor;
use detect::reason::BadReason;
use detect::rows::{self, Rows};

/// A decoded batch with its feature rows and request bodies, before any call.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    /// The event; its records are in topic, partition, offset order.
    pub event: KafkaEvent<'a>,
    /// The feature rows, `width` numbers each, flat.
    pub rows: Vec<f64>,
    /// Numbers per row.
    pub width: usize,
    /// For each row, the index of its record.
    pub row_records: Vec<usize>,
    /// Records that yielded no row, by record index (ascending), with the reason.
    pub bad: Vec<(usize, BadReason)>,
    /// The request bodies for all rows.
    pub chunks: Vec<Chunk>,
}

/// Decodes an event and builds the request bodies.
pub fn prepare<'a>(
    bytes: &'a [u8],
    extractor: &FeatureExtractor,
    options: &ScoringOptions,
) -> Result<Prepared<'a>, Error> {
    let mut prepared = prepare_rows(bytes, extractor)?;
    prepared.chunks = scoring::encode_all(&prepared.rows, prepared.width, options);
    Ok(prepared)
}

/// Decodes an event and extracts its rows, without request bodies (`chunks` is empty): the
/// [`ScoreBackend`] encodes what it sends, if anything.
pub fn prepare_rows<'a>(
    bytes: &'a [u8],
    extractor: &FeatureExtractor,
) -> Result<Prepared<'a>, Error> {
    let width = extractor.width();
    let (
        event,
        Rows {
            rows,
            row_records,
            bad,
        },
    ) = rows::decode_and_extract(bytes, extractor)?;
    Ok(Prepared {
        event,
        rows,
        width,
        row_records,
        bad,
        chunks: Vec::new(),
    })
}

/// The result and, for the sinks, which rows are anomalies and which records are bad.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// What the invocation returns.
    pub result: InvocationResult,
    /// For each anomaly in `result.anomalies`, its row.
    pub anomaly_rows: Vec<usize>,
    /// For each bad record in `result.bad_records`, its record index.
    pub bad_indexes: Vec<usize>,
    /// Highest score, if any row was scored.
    pub max_score: Option<f64>,
}

/// Applies the decision to the scores and assembles the result.
pub fn finish(
    prepared: &Prepared<'_>,
    scores: &Scores,
    decision: &Decision,
    report_batch_item_failures: bool,
) -> Outcome {
    let records = &prepared.event.records;
    let mut anomalies = Vec::new();
    let mut anomaly_rows = Vec::new();
    let mut rejected: Vec<(usize, String)> = Vec::new();
    let mut max_score: Option<f64> = None;
    let mut scored = 0;
    // Decided in record order: an adaptive threshold learns from the scores as it goes.
    let scores_in_order: Vec<Option<f64>> = scores
        .rows
        .iter()
        .map(|s| s.as_ref().ok().copied())
        .collect();
    let flags = decision.decide(&scores_in_order);
    for ((row, score), flagged) in scores.rows.iter().enumerate().zip(flags) {
        let index = prepared.row_records[row];
        match score {
            Ok(score) => {
                scored += 1;
                max_score = Some(max_score.map_or(*score, |m| m.max(*score)));
                if flagged {
                    let r = &records[index];
                    anomalies.push(Anomaly {
                        topic: r.topic.to_string(),
                        partition: r.partition,
                        offset: r.offset,
                        score: *score,
                    });
                    anomaly_rows.push(row);
                }
            }
            Err(message) => rejected.push((index, message.clone())),
        }
    }
    // Merge the two ascending lists of bad records into record order.
    let mut bad_indexes = Vec::with_capacity(prepared.bad.len() + rejected.len());
    let mut bad_records = Vec::with_capacity(bad_indexes.capacity());
    let mut early = prepared
        .bad
        .iter()
        .map(|(i, r)| (*i, r.to_string()))
        .peekable();
    let mut late = rejected
        .into_iter()
        .map(|(i, m)| (i, BadReason::ModelRejected(m).to_string()))
        .peekable();
    loop {
        let next = match (early.peek(), late.peek()) {
            (Some(a), Some(b)) if a.0 <= b.0 => early.next(),
            (Some(_), Some(_)) => late.next(),
            (Some(_), None) => early.next(),
            (None, Some(_)) => late.next(),
            (None, None) => None,
        };
        let Some((index, reason)) = next else { break };
        let r = &records[index];
        bad_indexes.push(index);
        bad_records.push(BadRecord {
            topic: r.topic.to_string(),
            partition: r.partition,
            offset: r.offset,
            reason,
        });
    }
    let batch_item_failures = report_batch_item_failures.then(|| {
        bad_indexes
            .iter()
            .map(|&i| BatchItemFailure {
                item_identifier: ItemIdentifier {
                    partition: records[i].batch_key.to_string(),
                    offset: records[i].offset,
                },
            })
            .collect()
    });
    Outcome {
        result: InvocationResult {
            records: records.len(),
            scored,
            scoring_calls: scores.calls,
            anomalies,
            bad_records,
            batch_item_failures,
        },
        anomaly_rows,
        bad_indexes,
        max_score,
    }
}

/// The function: configuration, the score backend (an endpoint, an embedded forest, or a
/// [`Backend`](crate::scoring::backend::Backend) of either) and the sinks, built once at cold
/// start.
#[derive(Debug)]
pub struct Handler<S> {
    extractor: FeatureExtractor,
    decision: Decision,
    options: ScoringOptions,
    backend: S,
    sinks: Sinks,
    log: Log,
    namespace: String,
    function_name: String,
    report_batch_item_failures: bool,
}

impl<S: ScoreBackend> Handler<S> {
    /// A handler for a validated `config`, scoring with `backend`.
    pub fn new(
        config: &FunctionConfig,
        backend: S,
        sinks: Sinks,
        log: Log,
        function_name: impl Into<String>,
    ) -> Self {
        let content_type = match &config.scorer {
            contract::ScorerConfig::SageMaker { content_type, .. } => *content_type,
            contract::ScorerConfig::Embedded { .. } => Default::default(),
        };
        Self {
            extractor: FeatureExtractor::for_config(config),
            decision: Decision::new(&config.threshold),
            options: ScoringOptions::new(content_type),
            backend,
            sinks,
            log,
            namespace: config.metrics_namespace.clone(),
            function_name: function_name.into(),
            report_batch_item_failures: config.report_batch_item_failures,
        }
    }

    /// Replaces the scoring options (tests use small bodies to force several calls).
    pub fn with_options(mut self, options: ScoringOptions) -> Self {
        self.options = options;
        self
    }

    /// Handles one event. Fails (so the mapping retries the batch) when scoring or a sink
    /// fails in a way a retry may fix; bad records never fail it.
    pub async fn handle(
        &self,
        event: &[u8],
        deadline: Deadline,
    ) -> Result<InvocationResult, Error> {
        let prepared = prepare_rows(event, &self.extractor)?;
        let scores = self
            .backend
            .score_rows(&prepared.rows, prepared.width, &self.options, deadline)
            .await?;
        let outcome = finish(
            &prepared,
            &scores,
            &self.decision,
            self.report_batch_item_failures,
        );
        self.deliver(&prepared, &outcome, deadline).await?;
        self.log.line(&emf_line(
            &self.namespace,
            &self.function_name,
            &InvocationMetrics {
                records: outcome.result.records,
                scored: outcome.result.scored,
                anomalies: outcome.result.anomalies.len(),
                bad_records: outcome.result.bad_records.len(),
                max_score: outcome.max_score,
                scoring_latency: scores.latency,
                scoring_calls: scores.calls,
            },
        ));
        Ok(outcome.result)
    }

    async fn deliver(
        &self,
        prepared: &Prepared<'_>,
        outcome: &Outcome,
        deadline: Deadline,
    ) -> Result<(), Error> {
        let records = &prepared.event.records;
        let names = self.extractor.names();
        // The level anomalies are reported with: the fixed one, or an adaptive threshold's
        // level after this batch. An adaptive threshold flags nothing before it has a level
        // and keeps it from then on, so with anomalies to report there is one.
        let threshold = self.decision.level().unwrap_or(f64::INFINITY);
        let anomalies: Vec<AnomalyDetail<'_>> = outcome
            .anomaly_rows
            .iter()
            .zip(&outcome.result.anomalies)
            .map(|(&row, a)| {
                let r = &records[prepared.row_records[row]];
                let values = &prepared.rows[row * prepared.width..(row + 1) * prepared.width];
                AnomalyDetail {
                    topic: &r.topic,
                    partition: r.partition,
                    offset: r.offset,
                    timestamp: r.timestamp,
                    score: a.score,
                    features: names
                        .iter()
                        .map(String::as_str)
                        .zip(values.iter().copied())
                        .collect(),
                }
            })
            .collect();
        let bad: Vec<BadDetail<'_>> = outcome
            .bad_indexes
            .iter()
            .zip(&outcome.result.bad_records)
            .map(|(&i, b)| {
                let r = &records[i];
                BadDetail {
                    topic: &r.topic,
                    partition: r.partition,
                    offset: r.offset,
                    timestamp: r.timestamp,
                    reason: &b.reason,
                    key: r.key.as_deref(),
                    value: r.value.as_deref(),
                }
            })
            .collect();

        self.log.lines_from(anomalies.iter().map(|a| {
            json!({
                "level": "WARN", "message": "anomaly", "topic": a.topic, "partition": a.partition,
                "offset": a.offset, "timestamp": a.timestamp, "score": a.score, "threshold": threshold,
                "features": a.features.iter().map(|(n, v)| ((*n).to_owned(), json!(v))).collect::<serde_json::Map<_, _>>(),
            })
            .to_string()
        }));
        if let Some(table) = &self.sinks.table {
            table.write(&anomalies, threshold, deadline).await?;
        }
        match &self.sinks.bad_records {
            Some(queue) if !bad.is_empty() => queue.send(&bad, deadline).await?,
            Some(_) => {}
            None => self.log.lines_from(bad.iter().map(|b| {
                json!({
                    "level": "ERROR", "message": "bad record", "topic": b.topic, "partition": b.partition,
                    "offset": b.offset, "reason": b.reason,
                })
                .to_string()
            })),
        }
        if let Some(topic) = &self.sinks.alerts {
            if !anomalies.is_empty() {
                let alert = Alert::new(
                    &self.function_name,
                    outcome.result.records,
                    &anomalies,
                    threshold,
                    MAX_ALERT_BYTES,
                );
                topic.publish(&alert, deadline).await?;
            }
        }
        Ok(())
    }
}
