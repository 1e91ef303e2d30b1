//! Creating the topic `produce` writes to, when it does not exist yet.

use std::time::Duration;

use rdkafka::ClientConfig;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::types::RDKafkaErrorCode;

use crate::error::LocalError;

/// How long the broker may take to create a topic.
pub const CREATE_TIMEOUT: Duration = Duration::from_secs(10);

/// What [`ensure_topic`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicState {
    /// The topic was created with the requested partitions.
    Created,
    /// The topic already existed (its partitions were left as they are).
    Existed,
}

/// Creates `topic` with `partitions` partitions (replication factor 1, for a local broker)
/// unless it exists.
pub async fn ensure_topic(
    bootstrap_servers: &str,
    topic: &str,
    partitions: i32,
) -> Result<TopicState, LocalError> {
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", bootstrap_servers)
        .set("client.id", "anomaly-function-admin")
        .create()?;
    let options = AdminOptions::new()
        .operation_timeout(Some(CREATE_TIMEOUT))
        .request_timeout(Some(CREATE_TIMEOUT));
    let new = NewTopic::new(topic, partitions, TopicReplication::Fixed(1));
    let results = admin.create_topics([&new], &options).await.map_err(|e| {
        LocalError::Kafka(format!(
            "cannot create topic `{topic}` on {bootstrap_servers}: {e}"
        ))
    })?;
    match results.into_iter().next() {
        Some(Ok(_)) => Ok(TopicState::Created),
        Some(Err((_, RDKafkaErrorCode::TopicAlreadyExists))) => Ok(TopicState::Existed),
        Some(Err((_, code))) => Err(LocalError::Kafka(format!(
            "cannot create topic `{topic}` on {bootstrap_servers}: {code}"
        ))),
        None => Err(LocalError::Kafka(format!(
            "{bootstrap_servers} did not answer the creation of topic `{topic}`"
        ))),
    }
}
