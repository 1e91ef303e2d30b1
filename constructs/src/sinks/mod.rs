//! Where the function's results go: the [`AnomalyTable`] (DynamoDB), the [`AlertTopic`] (SNS)
//! and the [`Queue`] (SQS) for bad records and for batches the event source mapping gives up
//! on.
//!
//! Each is encrypted with the stack's customer-managed key and its handle grants a role
//! exactly what the runtime calls — `dynamodb:BatchWriteItem`, `sns:Publish`,
//! `sqs:SendMessage` (which also authorizes `SendMessageBatch`) — plus the key use that
//! service needs from its caller, limited to that service and that resource by
//! `kms:ViaService` and the service's encryption context.
//!
//! ```
//! use constructs::sinks::{AlertTopic, AnomalyTable, Queue};
//! use constructs::{AnomalyFunction, FunctionCode, RcfEndpoint, Stack};
//! let mut stack = Stack::new("demo");
//! let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
//! let table = stack.add("Anomalies", AnomalyTable::new().ttl_days(90));
//! let alerts = stack.add("Alerts", AlertTopic::new().email("oncall@example.com"));
//! let bad = stack.add("BadRecords", Queue::new());
//! stack.add(
//!     "Detector",
//!     AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip"))
//!         .scorer(&scorer)
//!         .anomaly_table(&table)
//!         .alert_topic(&alerts)
//!         .bad_record_queue(&bad),
//! );
//! let synthesized = stack.synth().expect("valid stack");
//! let json = synthesized.template.to_json();
//! assert!(json.contains("dynamodb:BatchWriteItem") && json.contains("AWS::SNS::Topic"));
//! ```

mod policy;
mod queue;
mod table;
#[cfg(test)]
mod tests;
mod topic;

pub use queue::{DEFAULT_DATA_KEY_REUSE_SECONDS, DEFAULT_RETENTION_SECONDS, Queue};
pub use table::AnomalyTable;
pub use topic::AlertTopic;
