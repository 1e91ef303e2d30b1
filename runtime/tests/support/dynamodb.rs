//! DynamoDB in moto for tests: an anomaly table with the contract's key schema, and a full scan.

// Test support: a panic here is a failed test with its message, which is what we want.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ScalarAttributeType,
};
use contract::{ANOMALY_TABLE_PARTITION_KEY, ANOMALY_TABLE_SORT_KEY};

use super::unique;

/// Creates a fresh anomaly table (`topic_partition` string hash key, `offset` number range
/// key) and returns its name.
pub async fn create_table(client: &aws_sdk_dynamodb::Client) -> String {
    let name = unique("anomalies");
    client
        .create_table()
        .table_name(&name)
        .billing_mode(BillingMode::PayPerRequest)
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name(ANOMALY_TABLE_PARTITION_KEY)
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name(ANOMALY_TABLE_SORT_KEY)
                .key_type(KeyType::Range)
                .build()
                .unwrap(),
        )
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(ANOMALY_TABLE_PARTITION_KEY)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(ANOMALY_TABLE_SORT_KEY)
                .attribute_type(ScalarAttributeType::N)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    name
}

/// Every item of `table`, following `LastEvaluatedKey`.
pub async fn scan(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
) -> Vec<HashMap<String, AttributeValue>> {
    let mut items = Vec::new();
    let mut start = None;
    loop {
        let page = client
            .scan()
            .table_name(table)
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        items.extend(page.items().iter().cloned());
        start = page.last_evaluated_key().cloned();
        if start.is_none() {
            return items;
        }
    }
}
