//! Self-managed Kafka with OAuth 2.0 (SASL/OAUTHBEARER over TLS): Lambda requests an access
//! token from your identity provider with the client credentials in a Secrets Manager secret
//! ({"oauthTokenEndpointUrl": "https://…", "oauthClientId": "…", "oauthClientSecret": "…"}) and
//! presents it to the brokers, which must validate tokens from the same provider.

use constructs::kafka::BootstrapServers;
use constructs::{KafkaAuth, KafkaSource, OAuthSecret, Stack, StartingPosition};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-self-managed-oauth");
    stack.description("Real-time anomaly detection on Kafka logs: self-managed Kafka (OAuth 2.0, SASL/OAUTHBEARER) -> Lambda -> SageMaker Random Cut Forest");
    let code = common::code(&mut stack, options);
    let scorer = common::scorer(&mut stack);
    let topic = common::topic(&mut stack);
    let servers = common::oauthbearer_servers(&mut stack);
    let secret_arn = common::secret_arn(
        &mut stack,
        "OAuthSecretArn",
        "ARN of the secret holding {\"oauthTokenEndpointUrl\", \"oauthClientId\", \"oauthClientSecret\"}",
        "",
    );
    let scope = common::oauth_value(
        &mut stack,
        "OAuthScope",
        "Scope Lambda requests with the access token",
        "kafka",
    );
    let idp = stack.add(
        "IdpClient",
        OAuthSecret::import(secret_arn).client_credentials(),
    );
    let logs = stack.add(
        "AppLogs",
        KafkaSource::self_managed(BootstrapServers::list(servers), topic)
            .auth(KafkaAuth::oauth(&idp).scope(scope))
            .starting_position(StartingPosition::Latest),
    );
    stack.add(
        "Detector",
        common::function(code, options, &scorer).add_source(&logs),
    );
    stack
}
