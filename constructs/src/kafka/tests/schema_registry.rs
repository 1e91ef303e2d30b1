//! Schema registries: what the mapping and the role get, and every registry rule with its id.

use serde_json::json;

use super::*;
use crate::kafka::{EventRecordFormat, RegistryAccess, SchemaAttribute, SchemaRegistry};
use crate::secret::OAuthSecret;

const REGISTRY: &str = "arn:aws:glue:us-east-1:123456789012:registry/orders";
const CONFLUENT: &str = "https://psrc-abc12.us-east-1.aws.confluent.cloud";

fn provisioned(source: KafkaSource) -> KafkaSource {
    source
        .provisioned_pollers(ProvisionedPollers::new(1, 2))
        .on_failure(OnFailure::sqs(QUEUE))
}

#[test]
fn a_glue_registry_validates_the_value_as_json_and_grants_glue_reads() {
    let t = template_of(|_| provisioned(msk()).schema_registry(SchemaRegistry::glue(REGISTRY)));
    assert_eq!(
        mapping(&t)["Properties"]["AmazonManagedKafkaEventSourceConfig"]["SchemaRegistryConfig"],
        json!({
            "SchemaRegistryURI": REGISTRY,
            "EventRecordFormat": "JSON",
            "SchemaValidationConfigs": [{"Attribute": "VALUE"}]
        })
    );
    let s = statements(&t);
    assert_eq!(
        statement(&s, "AppLogsReadRegistry"),
        &json!({"Sid": "AppLogsReadRegistry", "Effect": "Allow", "Action": ["glue:GetRegistry"], "Resource": [REGISTRY]})
    );
    assert_eq!(
        statement(&s, "AppLogsReadSchemas")["Resource"],
        json!([
            REGISTRY,
            "arn:aws:glue:us-east-1:123456789012:schema/orders/*"
        ])
    );
}

#[test]
fn a_confluent_registry_reads_each_access_secret() {
    let t = template_of(|s| {
        let key = sasl(s, SaslSecret::import(PLAIN_SECRET).kms_key_arn(KEY));
        let ca = s.add("RegistryCa", RootCaSecret::import(SECRET));
        provisioned(self_managed().auth(KafkaAuth::Plain(key.clone()))).schema_registry(
            SchemaRegistry::confluent(CONFLUENT)
                .access(RegistryAccess::basic(&key))
                .access(RegistryAccess::root_ca(&ca))
                .validate(SchemaAttribute::Key)
                .validate(SchemaAttribute::Value),
        )
    });
    assert_eq!(
        mapping(&t)["Properties"]["SelfManagedKafkaEventSourceConfig"]["SchemaRegistryConfig"],
        json!({
            "SchemaRegistryURI": CONFLUENT,
            "EventRecordFormat": "JSON",
            "SchemaValidationConfigs": [{"Attribute": "KEY"}, {"Attribute": "VALUE"}],
            "AccessConfigs": [
                {"Type": "BASIC_AUTH", "URI": PLAIN_SECRET},
                {"Type": "SERVER_ROOT_CA_CERTIFICATE", "URI": SECRET}
            ]
        })
    );
    let s = statements(&t);
    assert_eq!(
        statement(&s, "CredsRead")["Resource"],
        json!([PLAIN_SECRET])
    );
    assert_eq!(statement(&s, "CredsDecrypt")["Resource"], json!([KEY]));
    assert_eq!(statement(&s, "RegistryCaRead")["Resource"], json!([SECRET]));
    assert!(!s.iter().any(|s| s["Action"].to_string().contains("glue:")));
}

#[test]
fn a_registry_needs_provisioned_pollers() {
    let ds = diagnostics_of(|_| {
        msk()
            .on_failure(OnFailure::sqs(QUEUE))
            .schema_registry(SchemaRegistry::glue(REGISTRY))
    });
    assert_rule(
        &ds,
        "E0133",
        "schema_registry",
        "registry/orders",
        "only in provisioned mode",
    );
}

#[test]
fn one_registry_per_mapping() {
    let ds = diagnostics_of(|_| {
        provisioned(msk())
            .schema_registry(SchemaRegistry::glue(REGISTRY))
            .schema_registry(SchemaRegistry::confluent(CONFLUENT))
    });
    assert_rule(&ds, "E0143", "schema_registry", "2", "is set 2 times");
}

#[test]
fn glue_registry_arns_have_their_shape() {
    for bad in [
        "orders",
        "arn:aws:glue:us-east-1:123456789012:schema/orders/x",
        "arn:aws:glue:us-east-1:123456789012:registry/",
        "arn:aws:glue:us-east-1:123456789012:registry/or ders",
    ] {
        let ds = diagnostics_of(|_| provisioned(msk()).schema_registry(SchemaRegistry::glue(bad)));
        assert_rule(
            &ds,
            "E0144",
            "schema_registry.glue",
            bad,
            "is not the ARN of an AWS Glue registry",
        );
    }
}

#[test]
fn confluent_registries_are_reached_over_https() {
    let ds = diagnostics_of(|s| {
        let key = sasl(s, SaslSecret::import(PLAIN_SECRET));
        provisioned(self_managed().auth(KafkaAuth::Plain(key)))
            .schema_registry(SchemaRegistry::confluent("http://registry.internal:8081"))
    });
    assert_rule(
        &ds,
        "E0145",
        "schema_registry.confluent",
        "http://registry.internal",
        "is not an https:// URL",
    );
}

#[test]
fn access_types_are_not_repeated() {
    let ds = diagnostics_of(|s| {
        let a = sasl(s, SaslSecret::import(PLAIN_SECRET));
        let b = s.add("Other", SaslSecret::import(SECRET));
        provisioned(self_managed().auth(KafkaAuth::Plain(a.clone()))).schema_registry(
            SchemaRegistry::confluent(CONFLUENT)
                .access(RegistryAccess::basic(&a))
                .access(RegistryAccess::basic(&b)),
        )
    });
    assert_rule(
        &ds,
        "E0146",
        "schema_registry.access",
        "BASIC_AUTH",
        "is given twice",
    );
}

#[test]
fn access_lambda_does_not_take_is_refused() {
    let ds = diagnostics_of(|s| {
        let key = sasl(s, SaslSecret::import(PLAIN_SECRET));
        provisioned(msk())
            .schema_registry(SchemaRegistry::glue(REGISTRY).access(RegistryAccess::basic(&key)))
    });
    assert_rule(
        &ds,
        "E0147",
        "schema_registry.access",
        "BASIC_AUTH",
        "Glue takes no access configuration",
    );
    let ds = diagnostics_of(|s| {
        let key = sasl(s, SaslSecret::import(PLAIN_SECRET));
        let cert = s.add("Cert", MtlsSecret::import(SECRET));
        let idp = s.add("Idp", OAuthSecret::import(SECRET));
        provisioned(self_managed().auth(KafkaAuth::Plain(key.clone()))).schema_registry(
            SchemaRegistry::confluent(CONFLUENT)
                .access(RegistryAccess::basic(&key))
                .access(RegistryAccess::mtls(&cert))
                .access(RegistryAccess::oauth(&idp)),
        )
    });
    assert_rule(
        &ds,
        "E0147",
        "schema_registry.access",
        "OAUTHBEARER_AUTH",
        "has 3 types; a registry takes at most 2",
    );
}

#[test]
fn source_records_are_refused_while_the_function_parses_json() {
    let ds = diagnostics_of(|_| {
        provisioned(msk()).schema_registry(
            SchemaRegistry::glue(REGISTRY).record_format(EventRecordFormat::Source),
        )
    });
    assert_rule(
        &ds,
        "E0148",
        "schema_registry.record_format",
        "SOURCE",
        "the function parses every value as JSON",
    );
}

#[test]
fn a_registry_without_a_destination_warns_of_dropped_records() {
    let ds = diagnostics_of(|_| {
        msk()
            .provisioned_pollers(ProvisionedPollers::new(1, 2))
            .schema_registry(SchemaRegistry::glue(REGISTRY))
    });
    assert_rule(
        &ds,
        "W0149",
        "on_failure",
        "",
        "Lambda drops it before the function sees it",
    );
}

#[test]
fn the_value_is_validated_once() {
    let ds = diagnostics_of(|_| {
        provisioned(msk())
            .schema_registry(SchemaRegistry::glue(REGISTRY).validate(SchemaAttribute::Key))
    });
    assert_rule(
        &ds,
        "E0150",
        "schema_registry.validate",
        "KEY",
        "does not validate VALUE",
    );
    let ds = diagnostics_of(|_| {
        provisioned(msk()).schema_registry(
            SchemaRegistry::glue(REGISTRY)
                .validate(SchemaAttribute::Value)
                .validate(SchemaAttribute::Value),
        )
    });
    assert_rule(
        &ds,
        "E0150",
        "schema_registry.validate",
        "VALUE",
        "is given twice",
    );
}
