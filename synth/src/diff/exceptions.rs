//! Where a deploy does not do what the resource schemas' `createOnlyProperties` predict, for
//! the types the constructs emit. Each entry names its source; each has a test below.

use serde_json::Value as Json;

use super::values::{differs_at, same};

/// What CloudFormation really does when a property changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// It replaces the resource, although the schema lets the property change in place.
    Replaces,
    /// It refuses the update: the deploy fails and rolls back.
    Fails,
    /// It reports the update complete, but the live resource keeps its old value.
    Ignored,
    /// It updates in place and generates a new secret value.
    NewSecretValue,
}

/// One departure from the schema.
#[derive(Debug)]
pub struct Exception {
    /// The resource type.
    pub resource_type: &'static str,
    /// The property, in the create-only table's form (`A/B`, `*` for list items).
    pub path: &'static str,
    /// What a change to it does.
    pub effect: Effect,
    /// Why, in one sentence, ending with its source.
    pub why: &'static str,
}

const MAPPING: &str = "AWS::Lambda::EventSourceMapping";

/// The known departures.
pub const EXCEPTIONS: &[Exception] = &[
    // The consumer group id. The Lambda API reference says of
    // `AmazonManagedKafkaEventSourceConfig.ConsumerGroupId` (and of the self-managed twin):
    // "After creating a Kafka event source mapping with the consumer group ID specified, you
    // cannot update this value" (https://docs.aws.amazon.com/lambda/latest/api/API_AmazonManagedKafkaEventSourceConfig.html;
    // the same sentence is in botocore 1.44.8's lambda model). Both configs used to be
    // create-only ("Update requires: Replacement" in the CloudFormation reference; CloudFormation
    // planned a replacement for a changed group id in the event log of aws/aws-cdk#21791:
    // "Replacement type updates not supported on stack with disable-rollback"). The schemas
    // cfn-lint 1.58 bundles dropped them from `createOnlyProperties` when `SchemaRegistryConfig`
    // became updatable, but the id itself still cannot change in place: a new id needs a new
    // mapping.
    Exception {
        resource_type: MAPPING,
        path: "AmazonManagedKafkaEventSourceConfig/ConsumerGroupId",
        effect: Effect::Replaces,
        why: "Lambda cannot change a mapping's consumer group id after creation, so a new id needs a new mapping (Lambda API reference, AmazonManagedKafkaEventSourceConfig; CloudFormation's replacement in aws/aws-cdk#21791)",
    },
    Exception {
        resource_type: MAPPING,
        path: "SelfManagedKafkaEventSourceConfig/ConsumerGroupId",
        effect: Effect::Replaces,
        why: "Lambda cannot change a mapping's consumer group id after creation, so a new id needs a new mapping (Lambda API reference, SelfManagedKafkaEventSourceConfig; CloudFormation's replacement in aws/aws-cdk#21791)",
    },
    // Topics. Lambda's UpdateEventSourceMapping takes no `Topics` (its request members in
    // botocore 1.44.8: BatchSize … SourceAccessConfigurations, TumblingWindowInSeconds; `Topics`,
    // `Queues`, `StartingPosition` are CreateEventSourceMapping only), and the schema does not
    // mark `Topics` create-only, so CloudFormation "updates" in place: the stack update
    // succeeds and the mapping keeps reading the old topic
    // (aws-cloudformation/cloudformation-coverage-roadmap#2140, open; its reproduction is a
    // self-managed source, the title says MSK: both kinds go through the same API).
    Exception {
        resource_type: MAPPING,
        path: "Topics",
        effect: Effect::Ignored,
        why: "Lambda's UpdateEventSourceMapping cannot change a mapping's topics: CloudFormation reports the update complete and the mapping keeps reading the old topic (aws-cloudformation/cloudformation-coverage-roadmap#2140, open)",
    },
    // DynamoDB's primary key. The CloudFormation reference for AWS::DynamoDB::Table:
    // `KeySchema` and `LocalSecondaryIndexes` "Update requires: Replacement"
    // (awsdocs/aws-cloudformation-user-guide, doc_source/aws-resource-dynamodb-table.md); the
    // schema lists only `TableName` and `ImportSourceSpecification`. DynamoDB's UpdateTable has
    // no key schema: a table's key is fixed at creation.
    Exception {
        resource_type: "AWS::DynamoDB::Table",
        path: "KeySchema",
        effect: Effect::Replaces,
        why: "a table's primary key is fixed when DynamoDB creates it: CloudFormation replaces the table (CloudFormation reference, AWS::DynamoDB::Table KeySchema: Update requires Replacement)",
    },
    Exception {
        resource_type: "AWS::DynamoDB::Table",
        path: "LocalSecondaryIndexes",
        effect: Effect::Replaces,
        why: "local secondary indexes exist only from a table's creation: CloudFormation replaces the table (CloudFormation reference, AWS::DynamoDB::Table LocalSecondaryIndexes: Update requires Replacement)",
    },
    // KMS keys. The CloudFormation reference for AWS::KMS::Key: "If you change the value of
    // the KeySpec, KeyUsage, Origin, or MultiRegion properties of an existing KMS key, the
    // update request fails, regardless of the value of the UpdateReplacePolicy attribute."
    // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-key.html)
    Exception {
        resource_type: "AWS::KMS::Key",
        path: "KeySpec",
        effect: Effect::Fails,
        why: KMS_IMMUTABLE,
    },
    Exception {
        resource_type: "AWS::KMS::Key",
        path: "KeyUsage",
        effect: Effect::Fails,
        why: KMS_IMMUTABLE,
    },
    Exception {
        resource_type: "AWS::KMS::Key",
        path: "Origin",
        effect: Effect::Fails,
        why: KMS_IMMUTABLE,
    },
    Exception {
        resource_type: "AWS::KMS::Key",
        path: "MultiRegion",
        effect: Effect::Fails,
        why: KMS_IMMUTABLE,
    },
    // Generated secrets. Any change under `GenerateSecretString`, even to a key of
    // `SecretStringTemplate` the generator does not produce, makes CloudFormation generate a
    // new value (aws-cloudformation/cloudformation-coverage-roadmap#1161 and #2210, both open;
    // aws/aws-cdk#19985). For a Kafka credential that is a new password the broker does not
    // know yet.
    Exception {
        resource_type: "AWS::SecretsManager::Secret",
        path: "GenerateSecretString",
        effect: Effect::NewSecretValue,
        why: "any change under GenerateSecretString makes CloudFormation generate a new secret value (aws-cloudformation/cloudformation-coverage-roadmap#1161, #2210)",
    },
    Exception {
        resource_type: "AWS::SecretsManager::Secret",
        path: "SecretString",
        effect: Effect::NewSecretValue,
        why: "the secret gets the template's new value as its current version",
    },
];

const KMS_IMMUTABLE: &str = "KMS cannot change a key's KeySpec, KeyUsage, Origin or MultiRegion, and CloudFormation fails the update instead of replacing the key, whatever its UpdateReplacePolicy (CloudFormation reference, AWS::KMS::Key)";

/// Why editing an existing attribute definition of a table replaces it.
pub const ATTRIBUTE_EDIT: &str = "an existing attribute definition changes type: CloudFormation replaces the table (CloudFormation reference, AWS::DynamoDB::Table AttributeDefinitions: Replacement if you edit an existing AttributeDefinition)";

/// The custom-name property of each type the constructs emit that has one. CloudFormation
/// cannot replace a resource whose custom name stays the same: "You can't perform an update
/// that causes a custom-named resource to be replaced. If you must replace the resource,
/// specify a new name." (CloudFormation user guide, "Name type"; the update fails with
/// "CloudFormation cannot update a stack when a custom-named resource requires replacing").
const NAME_PROPERTIES: [(&str, &str); 14] = [
    ("AWS::CloudWatch::Alarm", "AlarmName"),
    ("AWS::CloudWatch::Dashboard", "DashboardName"),
    ("AWS::DynamoDB::Table", "TableName"),
    ("AWS::EC2::SecurityGroup", "GroupName"),
    ("AWS::IAM::Role", "RoleName"),
    ("AWS::Lambda::Function", "FunctionName"),
    ("AWS::Logs::LogGroup", "LogGroupName"),
    ("AWS::SNS::Topic", "TopicName"),
    ("AWS::SQS::Queue", "QueueName"),
    ("AWS::SageMaker::Endpoint", "EndpointName"),
    ("AWS::SageMaker::EndpointConfig", "EndpointConfigName"),
    ("AWS::SageMaker::Model", "ModelName"),
    ("AWS::SecretsManager::Secret", "Name"),
    ("AWS::ApplicationAutoScaling::ScalingPolicy", "PolicyName"),
];

/// Why a replacement of a resource that keeps its custom name fails.
pub fn custom_name_kept(property: &str) -> String {
    format!(
        "it keeps its custom name (`{property}`), and CloudFormation cannot replace a custom-named resource: the update fails; give it a new name to replace it (CloudFormation user guide, \"Name type\")"
    )
}

/// The custom-name property of `resource_type` when both sides set it to the same value: a
/// replacement of such a resource fails.
pub fn kept_name(resource_type: &str, old: &Json, new: &Json) -> Option<&'static str> {
    NAME_PROPERTIES
        .iter()
        .find(|(t, _)| *t == resource_type)
        .map(|(_, property)| *property)
        .filter(|property| match (old.get(*property), new.get(*property)) {
            (Some(a), Some(b)) => same(a, b),
            _ => false,
        })
}

/// The exceptions of `resource_type` whose property differs between the deployed and the new
/// `Properties`.
pub fn changed(resource_type: &str, old: &Json, new: &Json) -> Vec<&'static Exception> {
    EXCEPTIONS
        .iter()
        .filter(|e| e.resource_type == resource_type && differs_at(old, new, e.path))
        .collect()
}

/// True when a DynamoDB table's `AttributeDefinitions` give an attribute both sides define a
/// different type ("Replacement if you edit an existing AttributeDefinition"; adding or
/// dropping a definition, as a new index needs, is in place).
pub fn attribute_edited(resource_type: &str, old: &Json, new: &Json) -> bool {
    let definitions = |props: &Json| -> Vec<(Json, Json)> {
        props["AttributeDefinitions"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|d| (d["AttributeName"].clone(), d["AttributeType"].clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    resource_type == "AWS::DynamoDB::Table"
        && definitions(old).iter().any(|(name, kind)| {
            definitions(new)
                .iter()
                .any(|(n, k)| same(n, name) && !same(k, kind))
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn effects(resource_type: &str, old: Json, new: Json) -> Vec<Effect> {
        changed(resource_type, &old, &new)
            .iter()
            .map(|e| e.effect)
            .collect()
    }

    #[test]
    fn a_new_consumer_group_replaces_the_mapping() {
        for config in [
            "AmazonManagedKafkaEventSourceConfig",
            "SelfManagedKafkaEventSourceConfig",
        ] {
            let group = |id: &str| json!({config: {"ConsumerGroupId": id}});
            assert_eq!(effects(MAPPING, group("a"), group("b")), [Effect::Replaces]);
            assert!(effects(MAPPING, group("a"), group("a")).is_empty());
            assert_eq!(
                effects(MAPPING, json!({}), group("b")),
                [Effect::Replaces],
                "setting a group on a mapping that had none (its UUID) is a new group too"
            );
        }
    }

    #[test]
    fn a_new_topic_has_no_effect() {
        assert_eq!(
            effects(
                MAPPING,
                json!({"Topics": ["a"]}),
                json!({"Topics": [{"Ref": "Topic"}]})
            ),
            [Effect::Ignored]
        );
    }

    #[test]
    fn a_new_key_schema_replaces_the_table() {
        let table = "AWS::DynamoDB::Table";
        let keys = |name: &str| json!({"KeySchema": [{"AttributeName": name, "KeyType": "HASH"}]});
        assert_eq!(effects(table, keys("pk"), keys("id")), [Effect::Replaces]);
        let defs = |kind: &str, extra: bool| {
            let mut d = vec![json!({"AttributeName": "pk", "AttributeType": kind})];
            if extra {
                d.push(json!({"AttributeName": "gsi", "AttributeType": "S"}));
            }
            json!({"AttributeDefinitions": d})
        };
        assert!(attribute_edited(
            table,
            &defs("S", false),
            &defs("N", false)
        ));
        assert!(!attribute_edited(
            table,
            &defs("S", false),
            &defs("S", true)
        ));
    }

    #[test]
    fn a_kept_custom_name_is_found() {
        let queue = "AWS::SQS::Queue";
        let named = |n: &str| json!({"QueueName": n, "FifoQueue": false});
        assert_eq!(
            kept_name(queue, &named("q"), &named("q")),
            Some("QueueName")
        );
        assert_eq!(kept_name(queue, &named("q"), &named("r")), None);
        assert_eq!(kept_name(queue, &json!({}), &json!({})), None);
        assert_eq!(
            kept_name(
                "AWS::KMS::Key",
                &json!({"Name": "x"}),
                &json!({"Name": "x"})
            ),
            None
        );
    }

    #[test]
    fn immutable_key_properties_fail_and_generated_secrets_change() {
        assert_eq!(
            effects(
                "AWS::KMS::Key",
                json!({"KeySpec": "SYMMETRIC_DEFAULT"}),
                json!({"KeySpec": "RSA_2048"})
            ),
            [Effect::Fails]
        );
        assert_eq!(
            effects(
                "AWS::SecretsManager::Secret",
                json!({"GenerateSecretString": {"SecretStringTemplate": "{\"username\":\"a\"}"}}),
                json!({"GenerateSecretString": {"SecretStringTemplate": "{\"username\":\"b\"}"}})
            ),
            [Effect::NewSecretValue]
        );
    }
}
