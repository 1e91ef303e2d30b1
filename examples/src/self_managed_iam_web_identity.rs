//! Self-managed Kafka that trusts AWS as its OAuth identity provider: Lambda presents an AWS
//! web identity token for the function's role (`sts:GetWebIdentityToken`, IAM outbound identity
//! federation) over SASL/OAUTHBEARER, so no credentials are stored anywhere. The account must
//! have outbound identity federation turned on (`aws iam enable-outbound-web-identity-federation`),
//! and the brokers must validate tokens from the account's issuer for the audience below.

use constructs::kafka::BootstrapServers;
use constructs::{KafkaAuth, KafkaSource, Stack, StartingPosition};

use crate::common::{self, Options};

/// Builds the stack.
pub fn build(options: &Options) -> Stack {
    let mut stack = Stack::new("kafka-anomaly-iam-web-identity");
    stack.description("Real-time anomaly detection on Kafka logs: self-managed Kafka (AWS web identity token, SASL/OAUTHBEARER) -> Lambda -> SageMaker Random Cut Forest");
    let code = common::code(&mut stack, options);
    let scorer = common::scorer(&mut stack);
    let topic = common::topic(&mut stack);
    let servers = common::oauthbearer_servers(&mut stack);
    let audience = common::oauth_value(
        &mut stack,
        "TokenAudience",
        "Audience the brokers expect in the token's aud claim",
        "kafka-brokers",
    );
    let logs = stack.add(
        "AppLogs",
        KafkaSource::self_managed(BootstrapServers::list(servers), topic)
            .auth(KafkaAuth::iam_web_identity(audience))
            .starting_position(StartingPosition::Latest),
    );
    stack.add(
        "Detector",
        common::function(code, options, &scorer).add_source(&logs),
    );
    stack
}
