//! CloudFormation's own rule for replacements: a change to one of a type's
//! `createOnlyProperties` replaces the resource. The table comes from cfn-lint's bundled
//! resource schemas ([`schema_table`](super::schema_table), generated and checked by
//! `synth/tests/create_only_table.rs`).

use serde_json::Value as Json;

use super::schema_table::CREATE_ONLY;
use super::values::differs_at;

/// The create-only property paths of `resource_type`, or `None` for a type the table lacks
/// (one the constructs never emit: `synth diff` then assumes every change is in place and
/// says so).
pub fn paths(resource_type: &str) -> Option<&'static [&'static str]> {
    CREATE_ONLY
        .iter()
        .find(|(t, _)| *t == resource_type)
        .map(|(_, paths)| *paths)
}

/// The create-only paths whose values differ between the deployed and the new `Properties`.
pub fn changed(resource_type: &str, old: &Json, new: &Json) -> Vec<&'static str> {
    paths(resource_type)
        .unwrap_or_default()
        .iter()
        .copied()
        .filter(|path| differs_at(old, new, path))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diff::schema_table::{CFN_LINT_VERSION, SCHEMA_DATE};

    #[test]
    fn the_table_knows_the_mapping_and_records_its_source() {
        let mapping = paths("AWS::Lambda::EventSourceMapping").unwrap_or_default();
        assert!(mapping.contains(&"StartingPosition"), "{mapping:?}");
        assert!(paths("AWS::Made::Up").is_none());
        assert!(!CFN_LINT_VERSION.is_empty() && SCHEMA_DATE.starts_with("20"));
    }

    #[test]
    fn only_create_only_changes_count() {
        let old = json!({"StartingPosition": "LATEST", "BatchSize": 100});
        let batch = json!({"StartingPosition": "LATEST", "BatchSize": 1000});
        let start = json!({"StartingPosition": "TRIM_HORIZON", "BatchSize": 100});
        let mapping = "AWS::Lambda::EventSourceMapping";
        assert!(changed(mapping, &old, &batch).is_empty());
        assert_eq!(changed(mapping, &old, &start), ["StartingPosition"]);
    }
}
