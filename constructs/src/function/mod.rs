//! `AnomalyFunction`: the Lambda function that scores Kafka records, and what wiring to it needs.

mod target;

pub use target::FunctionTarget;
