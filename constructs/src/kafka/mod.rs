//! `KafkaSource`: a Kafka topic (Amazon MSK, self-managed, or Confluent Cloud) feeding a
//! Lambda function through an `AWS::Lambda::EventSourceMapping`.
//!
//! A source validates itself when the stack synthesizes (whether or not a function consumes
//! it); the consuming function calls [`Handle::<KafkaSource>::bind`](crate::Handle::bind), which emits the mapping
//! and grants the function's role what the mapping needs.

mod arn;
mod auth;
mod bind;
mod bootstrap;
mod consumption;
mod cross_account;
mod destination;
mod group;
mod msk_iam;
mod network;
mod oauth;
mod poller_group;
mod provisioned;
mod schema_registry;
mod source;
mod stall;
mod starting_position;
mod topic;
mod validate;

pub use auth::KafkaAuth;
pub use bootstrap::{BootstrapServers, MAX_BOOTSTRAP_SERVERS};
pub use consumption::ConsumptionMode;
pub use destination::OnFailure;
pub use group::default_group_id;
pub use oauth::{IamWebIdentity, MAX_OAUTH_VALUE_LEN, OAuthBearer};
pub use poller_group::{MAX_GROUP_MAPPINGS, MAX_GROUP_POLLERS};
pub use provisioned::{LogLevel, MappingMetric, ProvisionedPollers};
pub use schema_registry::{EventRecordFormat, RegistryAccess, SchemaAttribute, SchemaRegistry};
pub use source::{KafkaCluster, KafkaSource};
pub use starting_position::StartingPosition;
pub use topic::MAX_TOPIC_LEN;
pub use validate::{MAX_FILTER_LEN, MAX_FILTERS};

use crate::construct::Construct;
use crate::context::SynthContext;
use crate::scope::Scope;

/// The construct kind messages name.
pub(crate) const KIND: &str = "KafkaSource";

/// The claim namespace that makes a source feed one function.
pub(crate) const BINDING_CLAIM: &str = "kafka source binding";

impl Construct for KafkaSource {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        validate::validate(self, scope, ctx);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests;
