//! One SNS alert per invocation that found anomalies, bounded in size.

use aws_sdk_sns::error::DisplayErrorContext;
use serde_json::{Value, json};

use super::AnomalyDetail;
use crate::deadline::Deadline;
use crate::error::Error;

/// The largest alert message: 64 KiB, one billed SNS request (the API allows 256 KiB).
pub const MAX_ALERT_BYTES: usize = 64 * 1024;

/// SNS subjects must be shorter than 100 characters.
const MAX_SUBJECT_CHARS: usize = 99;

/// An SNS subject: printable ASCII (others become `?`), shortened with `...` to fit.
fn subject(text: &str) -> String {
    let mut s: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect();
    if s.len() > MAX_SUBJECT_CHARS {
        s.truncate(MAX_SUBJECT_CHARS - 3);
        s.push_str("...");
    }
    s
}

/// The alert topic.
#[derive(Debug, Clone)]
pub struct AlertTopic {
    client: aws_sdk_sns::Client,
    topic_arn: String,
}

/// The alert for one invocation.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    /// The subject line.
    pub subject: String,
    /// The JSON message, at most [`MAX_ALERT_BYTES`].
    pub message: String,
}

impl Alert {
    /// Builds the alert: counts, the threshold and as many anomalies as fit in
    /// `max_bytes`, highest score first; `omitted` says how many did not fit.
    ///
    /// ```
    /// use runtime::sinks::AnomalyDetail;
    /// use runtime::sinks::sns::Alert;
    /// let a = |offset| AnomalyDetail { topic: "logs", partition: 0, offset, timestamp: None,
    ///     score: offset as f64, features: vec![("x", 1.0)] };
    /// let anomalies: Vec<_> = (0..1000).map(a).collect();
    /// let alert = Alert::new("fn", 1000, &anomalies, 3.0, 2048);
    /// assert!(alert.message.len() <= 2048);
    /// let v: serde_json::Value = serde_json::from_str(&alert.message).unwrap();
    /// assert_eq!(v["anomalies"], 1000);
    /// assert_eq!(v["top"][0]["offset"], 999);
    /// assert!(v["omitted"].as_u64().unwrap() > 900);
    /// assert!(alert.subject.is_ascii() && alert.subject.len() < 100);
    /// ```
    pub fn new(
        function: &str,
        records: usize,
        anomalies: &[AnomalyDetail<'_>],
        threshold: f64,
        max_bytes: usize,
    ) -> Self {
        let mut ranked: Vec<&AnomalyDetail<'_>> = anomalies.iter().collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        let max_score = ranked.first().map(|a| a.score);
        let mut topics: Vec<&str> = anomalies.iter().map(|a| a.topic).collect();
        topics.sort_unstable();
        topics.dedup();
        let subject = subject(&format!(
            "{} anomalies in {} of {records} records on {}",
            anomalies.len(),
            function,
            topics.join(", ")
        ));
        let render = |top: &[Value], omitted: usize| {
            json!({
                "function": function,
                "records": records,
                "anomalies": anomalies.len(),
                "threshold": threshold,
                "max_score": max_score,
                "top": top,
                "omitted": omitted,
            })
            .to_string()
        };
        let entries: Vec<Value> = ranked
            .iter()
            .map(|a| {
                json!({
                    "topic": a.topic, "partition": a.partition, "offset": a.offset, "score": a.score,
                    "timestamp": a.timestamp,
                    "features": a.features.iter().map(|(n, v)| ((*n).to_owned(), json!(v))).collect::<serde_json::Map<_, _>>(),
                })
            })
            .collect();
        // Grow the list while it fits; the sizes are additive apart from commas.
        let base = render(&[], anomalies.len()).len();
        let mut size = base;
        let mut fit = 0;
        for e in &entries {
            let extra = e.to_string().len() + 1;
            if size + extra + 8 > max_bytes {
                break;
            }
            size += extra;
            fit += 1;
        }
        let mut message = render(&entries[..fit], anomalies.len() - fit);
        while message.len() > max_bytes && fit > 0 {
            fit -= 1;
            message = render(&entries[..fit], anomalies.len() - fit);
        }
        Self { subject, message }
    }
}

impl AlertTopic {
    /// The topic `topic_arn`.
    pub fn new(client: aws_sdk_sns::Client, topic_arn: impl Into<String>) -> Self {
        Self {
            client,
            topic_arn: topic_arn.into(),
        }
    }

    /// Publishes the alert.
    pub async fn publish(&self, alert: &Alert, deadline: Deadline) -> Result<(), Error> {
        let error = |message: String| Error::Sink {
            sink: format!("SNS topic `{}`", self.topic_arn),
            message,
        };
        let timeouts = deadline
            .timeouts()
            .ok_or_else(|| error("no time is left before the deadline".into()))?;
        let overrides = aws_sdk_sns::config::Builder::default()
            .timeout_config(timeouts)
            .retry_config(Deadline::retries());
        self.client
            .publish()
            .topic_arn(&self.topic_arn)
            .subject(&alert.subject)
            .message(&alert.message)
            .customize()
            .config_override(overrides)
            .send()
            .await
            .map_err(|e| error(DisplayErrorContext(&e).to_string()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_short_printable_ascii() {
        assert_eq!(subject("3 anomalies in f"), "3 anomalies in f");
        let long = subject(&format!("9 anomalies on {}", "topic-é\n".repeat(30)));
        assert_eq!(long.len(), MAX_SUBJECT_CHARS);
        assert!(long.ends_with("...") && long.chars().all(|c| c.is_ascii_graphic() || c == ' '));
        assert!(long.contains("topic-??"));
    }
}
