//! CDK-style constructs that synthesize AWS CloudFormation for real-time anomaly detection on
//! Kafka logs: a Kafka source (Amazon MSK, self-managed Kafka or Confluent Cloud) feeds an AWS
//! Lambda function through an event source mapping; the function scores each record with a
//! SageMaker Random Cut Forest endpoint and flags anomalies.
//!
//! Constructs are added to a [`Stack`] under an id and wired to each other through the typed
//! [`Handle`]s that `add` returns; wiring derives the event source mapping, least-privilege
//! IAM, networking and environment. [`Stack::synth`] validates every construct, reports every
//! problem at once, and renders a deterministic [`Template`].

pub mod config;
pub mod construct;
/// The configuration contract shared with the function (the `contract` crate).
pub use contract;
pub mod context;
pub mod diagnostic;
pub mod encryption_key;
pub mod endpoint;
pub mod function;
pub mod iam;
pub mod kafka;
pub mod logical_id;
pub mod monitoring;
pub mod props;
pub mod resources;
pub mod rules;
pub mod scope;
pub mod secret;
pub mod sinks;
#[cfg(test)]
mod sources;
pub mod stack;
pub mod template;
pub mod tree;
pub mod validate;
pub mod value;
/// The closed set of intrinsic functions and pseudo parameters (part of the [`value`] tree).
pub use value::intrinsic;
pub mod vpc;

pub use construct::{Construct, Handle};
pub use context::SynthContext;
pub use diagnostic::{Diagnostic, Severity, SynthErrors};
pub use encryption_key::KeyRef;
pub use endpoint::RcfEndpoint;
pub use function::{AnomalyFunction, EmbeddedScorer, FunctionCode, Scorer};
pub use iam::{PolicyDocument, Statement};
pub use intrinsic::{Intrinsic, Pseudo};
pub use kafka::{
    ConsumptionMode, KafkaAuth, KafkaSource, LogLevel, MappingMetric, OnFailure,
    ProvisionedPollers, SchemaRegistry, StartingPosition,
};
pub use logical_id::LogicalId;
pub use monitoring::{AlarmRule, Monitoring};
pub use scope::Scope;
pub use secret::{MtlsSecret, OAuthSecret, RootCaSecret, SaslSecret};
pub use sinks::{AlertTopic, AnomalyTable, Queue};
pub use stack::{Stack, Synthesized};
pub use template::{
    Output, Parameter, ParameterType, Resource, ResourceProperties, Rule, Template,
};
pub use tree::{ConstructNode, ConstructTree};
pub use value::Value;
pub use vpc::{Egress, Vpc};

/// The workspace README's Rust examples, compiled and run as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
