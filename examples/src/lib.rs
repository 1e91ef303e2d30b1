//! Example stacks, one function each, built only with the public `constructs` API.
//! `synth --example NAME` prints them; the snapshot tests pin them.

mod common;
mod complete;
mod confluent;
mod confluent_schema_registry;
mod eks;
mod embedded;
mod everything;
mod msk_cross_account;
mod msk_glue_registry;
mod msk_iam;
mod msk_scram;
mod self_managed_iam_web_identity;
mod self_managed_mtls;
mod self_managed_oauth;
mod self_managed_queue;
mod self_managed_scram_vpc;

pub use common::Options;

use constructs::Stack;

/// An example stack.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// The name `synth --example` takes.
    pub name: &'static str,
    /// One line on what it shows.
    pub summary: &'static str,
    /// Builds the stack.
    pub build: fn(&Options) -> Stack,
}

/// The example `cargo run -p synth` prints when no `--example` is given.
pub const REFERENCE: &str = "complete_msk";

const ALL: &[Example] = &[
    Example {
        name: "complete_msk",
        summary: "The whole pipeline on Amazon MSK with IAM auth (the reference stack)",
        build: complete::msk::build,
    },
    Example {
        name: "complete_self_managed",
        summary: "The whole pipeline on self-managed Kafka in a VPC with SASL/SCRAM-512",
        build: complete::self_managed::build,
    },
    Example {
        name: "complete_confluent",
        summary: "The whole pipeline on Confluent Cloud with an API key",
        build: complete::confluent::build,
    },
    Example {
        name: "msk_iam",
        summary: "Amazon MSK with IAM auth, all defaults",
        build: msk_iam::build,
    },
    Example {
        name: "msk_scram",
        summary: "Amazon MSK with SASL/SCRAM-512 from a Secrets Manager secret",
        build: msk_scram::build,
    },
    Example {
        name: "self_managed_scram_vpc",
        summary: "Self-managed Kafka in a VPC with SASL/SCRAM-512",
        build: self_managed_scram_vpc::build,
    },
    Example {
        name: "self_managed_mtls",
        summary: "Self-managed Kafka with mutual TLS and a private root CA",
        build: self_managed_mtls::build,
    },
    Example {
        name: "confluent",
        summary: "Confluent Cloud with an API key (SASL/PLAIN over TLS)",
        build: confluent::build,
    },
    Example {
        name: "eks",
        summary: "Kafka brokers inside an EKS cluster's VPC (e.g. Strimzi), SCRAM-512",
        build: eks::build,
    },
    Example {
        name: "embedded",
        summary: "Amazon MSK scored by a Random Cut Forest inside the function (model file in S3), no SageMaker",
        build: embedded::build,
    },
    Example {
        name: "msk_glue_registry",
        summary: "Amazon MSK with the AWS Glue Schema Registry (JSON to the function), mapping metrics and alarms",
        build: msk_glue_registry::build,
    },
    Example {
        name: "confluent_schema_registry",
        summary: "Confluent Cloud with Confluent Schema Registry, authenticated with a registry API key",
        build: confluent_schema_registry::build,
    },
    Example {
        name: "self_managed_oauth",
        summary: "Self-managed Kafka with OAuth 2.0 (SASL/OAUTHBEARER, client credentials)",
        build: self_managed_oauth::build,
    },
    Example {
        name: "self_managed_iam_web_identity",
        summary: "Self-managed Kafka trusting AWS web identity tokens (IAM_OAUTHBEARER_AUTH), no stored credentials",
        build: self_managed_iam_web_identity::build,
    },
    Example {
        name: "self_managed_queue",
        summary: "Self-managed Kafka 4.2+ in queue mode (a share group), partial batch responses",
        build: self_managed_queue::build,
    },
    Example {
        name: "msk_cross_account",
        summary: "Amazon MSK of another account through a managed VPC connection, IAM auth",
        build: msk_cross_account::build,
    },
    Example {
        name: "everything",
        summary: "Every construct option set: provisioned pollers, filters, created VPC, ...",
        build: everything::build,
    },
];

/// Every example, reference first.
pub fn all() -> &'static [Example] {
    ALL
}

/// The example named `name`.
pub fn find(name: &str) -> Option<&'static Example> {
    ALL.iter().find(|e| e.name == name)
}
