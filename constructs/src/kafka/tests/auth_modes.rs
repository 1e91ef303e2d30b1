//! OAuth, IAM web identity and IAM_AUTH on self-managed sources, and OAuth on Confluent Cloud:
//! the entries the mapping gets, the role's statements, and every rule with its id.

use serde_json::json;

use super::*;
use crate::secret::OAuthSecret;

const OAUTH_SECRET: &str =
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-oauth-AbCdEf";
const CONFLUENT: &str = "pkc-abc12.us-east-1.aws.confluent.cloud:9092";

fn idp(stack: &mut Stack) -> Handle<OAuthSecret> {
    stack.add(
        "Idp",
        OAuthSecret::import(OAUTH_SECRET).client_credentials(),
    )
}

#[test]
fn oauth_sends_the_secret_and_each_value_given() {
    let t = template_of(|s| {
        let idp = idp(s);
        self_managed().auth(
            KafkaAuth::oauth(&idp)
                .scope("kafka:read")
                .audience("brokers")
                .logical_cluster("lkc-abc12")
                .identity_pool("pool-Ab1"),
        )
    });
    assert_eq!(
        mapping(&t)["Properties"]["SourceAccessConfigurations"],
        json!([
            {"Type": "OAUTHBEARER_AUTH", "URI": OAUTH_SECRET},
            {"Type": "OAUTHBEARER_SCOPE", "URI": "kafka:read"},
            {"Type": "OAUTHBEARER_AUDIENCE", "URI": "brokers"},
            {"Type": "OAUTHBEARER_LOGICAL_CLUSTER", "URI": "lkc-abc12"},
            {"Type": "OAUTHBEARER_IDENTITY_POOL", "URI": "pool-Ab1"}
        ])
    );
    let s = statements(&t);
    assert_eq!(statement(&s, "IdpRead")["Resource"], json!([OAUTH_SECRET]));
}

#[test]
fn iam_web_identity_asks_sts_for_the_audience_only() {
    let t = template_of(|_| self_managed().auth(KafkaAuth::iam_web_identity("kafka-brokers")));
    assert_eq!(
        mapping(&t)["Properties"]["SourceAccessConfigurations"],
        json!([
            {"Type": "IAM_OAUTHBEARER_AUTH"},
            {"Type": "OAUTHBEARER_AUDIENCE", "URI": "kafka-brokers"}
        ])
    );
    let s = statements(&t);
    assert_eq!(
        statement(&s, "AppLogsWebIdentityToken"),
        &json!({
            "Sid": "AppLogsWebIdentityToken",
            "Effect": "Allow",
            "Action": ["sts:GetWebIdentityToken"],
            "Resource": ["*"],
            "Condition": {"ForAllValues:StringEquals": {"sts:IdentityTokenAudience": "kafka-brokers"}}
        })
    );
    assert!(
        !s.iter()
            .any(|s| s["Action"].to_string().contains("secretsmanager"))
    );
}

#[test]
fn iam_auth_scopes_kafka_cluster_to_the_given_cluster() {
    let t = template_of(|_| self_managed().auth(KafkaAuth::iam_cluster(CLUSTER)));
    assert_eq!(
        mapping(&t)["Properties"]["SourceAccessConfigurations"],
        json!([{"Type": "IAM_AUTH"}])
    );
    let s = statements(&t);
    assert_scoped_to_cluster(&s);
    assert_eq!(
        statement(&s, "AppLogsUseGroup")["Resource"],
        json!([{"Fn::Join": ["", [
            "arn:aws:kafka:us-east-1:123456789012:group/logs/0b1c2d3e-1111-2222-3333-444455556666-2/",
            {"Fn::Sub": "${AWS::StackName}-AppLogs"}
        ]]}])
    );
    // A self-managed source needs no MSK API calls and no ENIs of its own.
    assert!(!s.iter().any(|s| s["Action"].to_string().contains("kafka:")));
}

#[test]
fn iam_auth_takes_a_cluster_arn() {
    let ds = diagnostics_of(|_| self_managed().auth(KafkaAuth::iam_cluster("logs-cluster")));
    assert_rule(
        &ds,
        "E0100",
        "auth.iam_cluster",
        "logs-cluster",
        "is not the ARN of an MSK cluster",
    );
}

#[test]
fn confluent_cloud_takes_oauth_too() {
    let t = template_of(|s| {
        let idp = idp(s);
        KafkaSource::confluent_oauth(
            CONFLUENT,
            "app-logs",
            KafkaAuth::oauth(&idp)
                .logical_cluster("lkc-abc12")
                .identity_pool("pool-Ab1"),
        )
        .starting_position(StartingPosition::Latest)
    });
    assert_eq!(
        mapping(&t)["Properties"]["SourceAccessConfigurations"],
        json!([
            {"Type": "OAUTHBEARER_AUTH", "URI": OAUTH_SECRET},
            {"Type": "OAUTHBEARER_LOGICAL_CLUSTER", "URI": "lkc-abc12"},
            {"Type": "OAUTHBEARER_IDENTITY_POOL", "URI": "pool-Ab1"}
        ])
    );
}

#[test]
fn confluent_oauth_without_a_logical_cluster_warns() {
    let ds = diagnostics_of(|s| {
        let idp = idp(s);
        KafkaSource::confluent_oauth(CONFLUENT, "app-logs", KafkaAuth::oauth(&idp))
            .starting_position(StartingPosition::Latest)
    });
    assert_rule(
        &ds,
        "W0153",
        "auth.oauth.logical_cluster",
        "",
        "Confluent Cloud expects the logical cluster id",
    );
}

#[test]
fn self_managed_authentications_are_refused_on_msk() {
    let ds = diagnostics_of(|_| msk().auth(KafkaAuth::iam_web_identity("kafka")));
    assert_rule(
        &ds,
        "E0151",
        "auth",
        "KafkaAuth::IamWebIdentity",
        "is a self-managed Kafka authentication",
    );
    let ds = diagnostics_of(|s| {
        let idp = idp(s);
        msk().auth(KafkaAuth::oauth(&idp))
    });
    assert_rule(
        &ds,
        "E0151",
        "auth",
        "KafkaAuth::OAuth",
        "is a self-managed Kafka authentication",
    );
    let ds = diagnostics_of(|_| msk().auth(KafkaAuth::iam_cluster(CLUSTER)));
    assert_rule(
        &ds,
        "E0151",
        "auth",
        "KafkaAuth::IamCluster",
        "is a self-managed Kafka authentication",
    );
}

#[test]
fn iam_authentications_are_refused_on_confluent() {
    let ds = diagnostics_of(|s| {
        let key = sasl(s, SaslSecret::import(PLAIN_SECRET));
        KafkaSource::confluent(CONFLUENT, "app-logs", &key)
            .auth(KafkaAuth::iam_web_identity("kafka"))
            .starting_position(StartingPosition::Latest)
    });
    assert_rule(
        &ds,
        "E0121",
        "auth",
        "KafkaAuth::IamWebIdentity",
        "an API key (SASL/PLAIN, BASIC_AUTH) or an OAuth token",
    );
}

#[test]
fn oauth_values_fit_a_uri() {
    let ds = diagnostics_of(|_| self_managed().auth(KafkaAuth::iam_web_identity("")));
    assert_rule(
        &ds,
        "E0152",
        "auth.iam_web_identity.audience",
        "\"\"",
        "must not be empty",
    );
    let long = "s".repeat(201);
    let ds = diagnostics_of(|s| {
        let idp = idp(s);
        self_managed().auth(KafkaAuth::oauth(&idp).scope(long.as_str()))
    });
    assert_rule(
        &ds,
        "E0152",
        "auth.oauth.scope",
        "sss",
        "is 201 characters long",
    );
}
