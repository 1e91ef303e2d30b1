//! Stacks described in a YAML (or JSON) file instead of Rust: the same constructs, built
//! through the same public builders, with the same validation and messages, plus the line and
//! column of the key or value each message is about.
//!
//! # The file
//!
//! Top-level keys: `name` (required), `description`, `encryption_key_arn`, `metadata`,
//! `parameters`, one section per construct kind, and `outputs`. Each section maps construct
//! ids to their settings; the settings' keys are the Rust builder methods' names (a method
//! called once per item, such as `add_source` or `tag`, becomes a list or map: `sources`,
//! `tags`), and a constructor's choice is a key holding its arguments (`msk: {cluster_arn}`,
//! `import: ARN`, `create: {...}`).
//!
//! | section | construct | constructor keys (exactly one) |
//! |---|---|---|
//! | `sasl_secrets` | [`SaslSecret`](crate::SaslSecret) | `import: ARN`, `generate: USERNAME` |
//! | `mtls_secrets` | [`MtlsSecret`](crate::MtlsSecret) | `import: ARN` |
//! | `root_ca_secrets` | [`RootCaSecret`](crate::RootCaSecret) | `import: ARN` |
//! | `oauth_secrets` | [`OAuthSecret`](crate::OAuthSecret) | `import: ARN` |
//! | `vpcs` | [`Vpc`](crate::Vpc) | `import: {vpc_id, subnet_ids, security_group_ids}`, `create: {...}` |
//! | `queues` | [`Queue`](crate::Queue) | – |
//! | `anomaly_tables` | [`AnomalyTable`](crate::AnomalyTable) | – |
//! | `alert_topics` | [`AlertTopic`](crate::AlertTopic) | – |
//! | `endpoints` | [`RcfEndpoint`](crate::RcfEndpoint) | `existing: NAME`, `create: {model_data_url \| model_data, ...}` |
//! | `kafka_sources` | [`KafkaSource`](crate::KafkaSource) | `msk: {cluster_arn, vpc_connection_arn?}`, `self_managed: {bootstrap_servers}`, `confluent: {bootstrap, api_key \| oauth}` |
//! | `functions` | [`AnomalyFunction`](crate::AnomalyFunction) | `code: {bucket, key}` |
//! | `monitoring` | [`Monitoring`](crate::Monitoring) | `function: ID` |
//!
//! Constructs refer to each other by id: `scorer: Scorer`, `sources: [AppLogs]`,
//! `auth: {scram_512: BrokerCredentials}`, `on_failure: {queue: BadRecords}`. A function that
//! scores with a forest of its own instead of an endpoint says so in place of the id:
//! `scorer: {embedded: {model: {s3: {bucket: ..., key: ...}}, learn: false}}` (or
//! `model: {bundled: model.json}` for a file in the deployment package). They are added to
//! the stack in the order they appear in the file (one referred to before its declaration is
//! added first), so a file and the Rust code that adds the same constructs in the same order
//! give byte-identical templates.
//!
//! Any property may be an intrinsic, written as a map with one key: `{ref: Topic}` (a
//! parameter, or a pseudo parameter such as `AWS::Region`), `{get_att: Detector.function_arn}`
//! (an attribute of a construct's handle), `{sub: ...}`, `{join: [...]}`, `{select: ...}`,
//! `{split: ...}`, `{import_value: ...}`, `{get_azs: ...}`, `{base64: ...}`, `{cidr: ...}`.
//!
//! Unknown keys, unknown ids and unknown choices are errors that suggest the nearest valid
//! name. [`schema`] is the file's JSON Schema, for editors (`# yaml-language-server:
//! $schema=stack.schema.json`).
//!
//! ```
//! use constructs::config::{BuildOptions, Format, StackFile};
//! let file = StackFile::parse("stack.yaml", r#"
//! name: orders-anomaly
//! parameters:
//!   ClusterArn: {type: String, description: ARN of the MSK cluster}
//! endpoints:
//!   Scorer:
//!     existing: rcf-anomaly-endpoint
//!     feature_dim: 3
//! kafka_sources:
//!   AppLogs:
//!     msk: {cluster_arn: {ref: ClusterArn}}
//!     topic: app-logs
//!     starting_position: latest
//!     batch_size: 500
//! functions:
//!   Detector:
//!     code: {bucket: my-artifacts, key: anomaly-function/bootstrap.zip}
//!     scorer: Scorer
//!     sources: [AppLogs]
//! outputs:
//!   FunctionArn:
//!     description: The detector function
//!     value: {get_att: Detector.function_arn}
//! "#, Format::Yaml).expect("readable");
//! let template = file.synth(&BuildOptions::default()).expect("valid").template;
//! assert!(template.to_json().contains("\"BatchSize\": 500"));
//! ```

mod build;
mod de;
mod file;
mod locations;
pub mod model;
mod node;
mod parse;
mod refs;
mod schema;
mod suggest;
mod yaml;

pub use crate::props::{AnyValue, Expr, SubArg};
pub use crate::props::{Literal, Number, Scalar};
pub use file::{BuildOptions, Format, FunctionReading, ReadingError, StackFile};
pub use locations::{ConfigErrors, Problem};
pub use node::Location;
pub use refs::Kind;
pub use schema::{SCHEMA_FILE, schema, schema_json};
