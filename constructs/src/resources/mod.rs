//! Typed property structs, one per CloudFormation resource type the constructs emit.
//!
//! Field names follow the CloudFormation resource schemas (PascalCase on the wire); optional
//! properties are skipped when unset. Each struct implements
//! [`ResourceProperties`](crate::ResourceProperties) with its type name.

pub mod applicationautoscaling;
pub mod cloudwatch;
pub mod dynamodb;
pub mod ec2;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod msk;
pub mod sagemaker;
pub mod secretsmanager;
pub mod sns;
pub mod sqs;
mod tag;

pub use tag::Tag;
