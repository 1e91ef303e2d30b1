//! The construct-tier checks of a `KafkaSource`: every rule on its own props and on the
//! constructs wired to it, all reported together.

use std::collections::HashSet;

use crate::context::SynthContext;
use crate::diagnostic::{Diagnostic, Severity};
use crate::intrinsic::{Intrinsic, Pseudo};
use crate::props::Choices;
use crate::rules::kafka as rule;
use crate::scope::Scope;
use crate::validate::{Validator, exactly_one};
use crate::value::Value;

use super::auth::check_auth;
use super::bootstrap::check_bootstrap_servers;
use super::consumption::check_consumption;
use super::cross_account::check_cross_account;
use super::group::check_group_id;
use super::network::check_network;
use super::poller_group::join_group;
use super::provisioned::check_provisioned;
use super::source::{KafkaCluster, KafkaSource};
use super::stall::check_stall;
use super::topic::check_topic;
use super::{BINDING_CLAIM, KIND, StartingPosition};

/// The most filter patterns a mapping takes.
pub const MAX_FILTERS: usize = 20;
/// The longest filter pattern, in characters.
pub const MAX_FILTER_LEN: usize = 4096;
/// Timestamps above this are taken for milliseconds (it is in the year 2286 in seconds).
const MAX_TIMESTAMP_SECONDS: f64 = 9_999_999_999.0;

/// Runs every check on `source`, claims its consumer group id and expects a function to
/// consume it.
pub(crate) fn validate(source: &KafkaSource, scope: &Scope, ctx: &mut SynthContext) {
    {
        let mut v = ctx.validator(KIND, scope);
        match source.cluster() {
            Some(cluster) => {
                check_cluster(&mut v, &cluster);
                check_auth(
                    &mut v,
                    &cluster,
                    source.effective_auth().as_ref(),
                    source.vpc.is_some(),
                );
            }
            None => {
                for (keys, given) in source.choice_problems() {
                    exactly_one(&mut v, keys, &given);
                }
            }
        }
        if let Some((keys, given)) = source.confluent_choice() {
            exactly_one(&mut v, keys, &given);
        }
        check_topic(&mut v, "topic", &source.topic, 2);
        check_root_ca(&mut v, source);
        check_network(&mut v, source);
        if !source.is_queue() {
            check_starting_position(&mut v, source.starting_position.as_ref());
        }
        check_consumption(&mut v, source);
        check_schema_registry(&mut v, source);
        check_options(&mut v, source);
        check_filters(&mut v, &source.filters);
        if let Some(destination) = &source.on_failure {
            destination.validate(&mut v, &source.topic, source.pollers.is_some());
        }
        check_provisioned(&mut v, source);
        check_stall(&mut v, source);
        check_tags(&mut v, source);
        check_group_wildcard(&mut v, source);
    }
    join_group(source, scope, ctx);
    claim_group_id(source, scope, ctx);
    ctx.expect_claim(
        BINDING_CLAIM,
        &scope.path(),
        Diagnostic {
            rule: &rule::UNCONSUMED,
            severity: Severity::Warning,
            construct: KIND.into(),
            path: scope.path(),
            property: "bind".into(),
            value: None,
            problem: "no function consumes this source, so no event source mapping is created"
                .into(),
            fix: "wire it to a function (function.add_source(&source)) or remove it".into(),
        },
    );
}

fn check_cluster(v: &mut Validator<'_>, cluster: &KafkaCluster) {
    match cluster {
        KafkaCluster::Msk {
            cluster_arn,
            vpc_connection,
        } => {
            if vpc_connection.is_none()
                && cluster_arn
                    .as_str()
                    .is_some_and(|s| s.contains(":vpc-connection/"))
            {
                v.error(&rule::CLUSTER_ARN,
                    "cluster_arn",
                    Some(cluster_arn),
                    "is a managed VPC connection's ARN, not a cluster's: a cluster of another account is read through its connection, with the owner's cluster ARN for IAM",
                    "use KafkaSource::msk_cross_account(VPC_CONNECTION_ARN, OWNER_CLUSTER_ARN, topic) (in a file: msk: {vpc_connection_arn, cluster_arn})",
                );
                return;
            }
            check_cluster_arn(v, "cluster_arn", cluster_arn);
            if let Some(connection) = vpc_connection {
                check_cross_account(v, connection, cluster_arn);
            }
        }
        KafkaCluster::SelfManaged { bootstrap_servers }
        | KafkaCluster::Confluent { bootstrap_servers } => {
            check_bootstrap_servers(v, bootstrap_servers);
        }
    }
}

/// An MSK cluster ARN, `arn:PARTITION:kafka:REGION:ACCOUNT:cluster/NAME/UUID`.
pub(crate) fn check_cluster_arn(v: &mut Validator<'_>, property: &str, cluster_arn: &Value) {
    v.arn(
        &rule::CLUSTER_ARN,
        property,
        cluster_arn,
        "kafka",
        "cluster/",
        "an MSK cluster",
    );
    let parts = cluster_arn
        .as_str()
        .and_then(|s| s.split_once(":cluster/"))
        .map(|(_, path)| path.split('/').filter(|p| !p.is_empty()).count());
    if parts.is_some_and(|n| n != 2) {
        v.error(&rule::CLUSTER_ARN,
            property,
            Some(cluster_arn),
            "does not end in cluster/NAME/UUID; topic and group ARNs for IAM access control derive from both",
            "copy the ARN from the MSK console or `aws kafka list-clusters-v2`",
        );
    }
}

/// One registry per mapping; each registry's own rules; and the records a registry drops when
/// there is no on-failure destination.
fn check_schema_registry(v: &mut Validator<'_>, source: &KafkaSource) {
    if source.schema_registries.len() > 1 {
        v.error(
            &rule::SCHEMA_REGISTRY_TWICE,
            "schema_registry",
            Some(&Value::from(source.schema_registries.len() as i64)),
            format!(
                "is set {} times; a mapping takes one schema registry (the second call does not replace the first)",
                source.schema_registries.len()
            ),
            "keep one schema_registry(..) call; put topics with another registry in their own source",
        );
    }
    for registry in &source.schema_registries {
        registry.validate_props(v);
    }
    if !source.schema_registries.is_empty() && source.on_failure.is_none() {
        v.warn(
            &rule::REGISTRY_WITHOUT_DESTINATION,
            "on_failure",
            None,
            "is not set: a record whose schema the registry cannot find (SCHEMA_NOT_FOUND) or that fails to deserialize (DESERIALIZATION_ERROR) goes to the on-failure destination, and without one Lambda drops it before the function sees it",
            "add on_failure(..) so such records are kept",
        );
    }
}

fn check_root_ca(v: &mut Validator<'_>, source: &KafkaSource) {
    let cluster = source.cluster();
    if let (Some(ca), Some(false)) = (
        &source.root_ca,
        cluster
            .as_ref()
            .map(|c| matches!(c, KafkaCluster::SelfManaged { .. })),
    ) {
        v.error(&rule::ROOT_CA_NOT_SELF_MANAGED,
            "root_ca",
            Some(&Value::from(ca.id())),
            format!(
                "is set on {}; a private root CA (SERVER_ROOT_CA_CERTIFICATE) applies to self-managed brokers only, the others present publicly trusted certificates",
                cluster.as_ref().map_or("a source", KafkaCluster::describe)
            ),
            "remove root_ca(..)",
        );
    }
}

fn check_starting_position(v: &mut Validator<'_>, position: Option<&StartingPosition>) {
    const P: &str = "starting_position";
    let Some(position) = position else {
        v.error(&rule::STARTING_POSITION_MISSING,
            P,
            None,
            "is missing; it decides whether a new consumer group skips or replays the topic, so there is no default",
            "set starting_position(StartingPosition::Latest), TrimHorizon or AtTimestamp(unix_seconds) (only queue mode takes none)",
        );
        return;
    };
    let Some(timestamp) = position.timestamp() else {
        return;
    };
    match timestamp {
        Value::Intrinsic(i) if **i == Intrinsic::Pseudo(Pseudo::NoValue) => v.error(
            &rule::STARTING_TIMESTAMP,
            P,
            Some(timestamp),
            "is AT_TIMESTAMP without a timestamp (AWS::NoValue removes StartingPositionTimestamp)",
            "give StartingPosition::AtTimestamp the Unix time in seconds to start from",
        ),
        Value::Intrinsic(_) => {}
        _ => match timestamp.as_f64() {
            Some(t) if t.is_finite() && (0.0..=MAX_TIMESTAMP_SECONDS).contains(&t) => {}
            Some(t) if t > MAX_TIMESTAMP_SECONDS => v.error(
                &rule::STARTING_TIMESTAMP,
                P,
                Some(timestamp),
                "is too large for Unix seconds; it looks like milliseconds",
                "divide the timestamp by 1000",
            ),
            _ => v.error(
                &rule::STARTING_TIMESTAMP,
                P,
                Some(timestamp),
                "must be a non-negative Unix time in seconds",
                "give the start time as seconds since 1970-01-01T00:00:00Z, e.g. 1735689600",
            ),
        },
    }
}

fn check_options(v: &mut Validator<'_>, source: &KafkaSource) {
    if let Some(size) = &source.batch_size {
        v.int_range(
            &rule::BATCH_SIZE,
            "batch_size",
            size,
            1,
            10_000,
            "Lambda's limit for Kafka batches",
        );
    }
    if let Some(window) = &source.batching_window {
        v.int_range(
            &rule::BATCHING_WINDOW,
            "batching_window_seconds",
            window,
            0,
            300,
            "Lambda waits at most five minutes",
        );
    }
    if let Some(group) = &source.consumer_group_id {
        check_group_id(v, group);
    }
    if let Some(enabled) = &source.enabled {
        check_bool(v, "enabled", enabled);
    }
}

/// Checks that a literal is a boolean.
pub(crate) fn check_bool(v: &mut Validator<'_>, property: &str, value: &Value) {
    if !matches!(value, Value::Bool(_) | Value::Intrinsic(_)) {
        v.error(
            &rule::BOOLEAN_OPTION,
            property,
            Some(value),
            "must be true or false",
            format!("set {property} to a boolean"),
        );
    }
}

fn check_filters(v: &mut Validator<'_>, filters: &[serde_json::Value]) {
    const P: &str = "filter";
    if filters.len() > MAX_FILTERS {
        v.error(
            &rule::FILTER_COUNT,
            P,
            Some(&Value::from(filters.len() as i64)),
            format!(
                "is called {} times; a mapping takes at most {MAX_FILTERS} patterns",
                filters.len()
            ),
            "merge patterns (a pattern's fields match any of their listed values)",
        );
    }
    let mut seen = HashSet::new();
    for pattern in filters {
        let text = pattern.to_string();
        let value = Value::from(text.clone());
        if !pattern.is_object() {
            v.error(
                &rule::FILTER_PATTERN,
                P,
                Some(&value),
                "must be a JSON object",
                "give a pattern such as {\"value\": {\"level\": [\"ERROR\"]}}",
            );
        }
        if text.chars().count() > MAX_FILTER_LEN {
            v.error(
                &rule::FILTER_PATTERN,
                P,
                Some(&value),
                format!(
                    "is {} characters long; Lambda takes patterns up to {MAX_FILTER_LEN}",
                    text.chars().count()
                ),
                "shorten the pattern or split it",
            );
        }
        if !seen.insert(text) {
            v.error(
                &rule::FILTER_REPEATED,
                P,
                Some(&value),
                "is given twice",
                "remove the duplicate pattern",
            );
        }
    }
}

fn check_tags(v: &mut Validator<'_>, source: &KafkaSource) {
    let mut keys = HashSet::new();
    for tag in &source.tags {
        let key = Value::from(tag.key.as_str());
        v.string_len(
            &rule::TAG_KEY,
            "tag",
            &key,
            1,
            128,
            "tag keys have 1 to 128 characters",
        );
        if tag.key.to_ascii_lowercase().starts_with("aws:") {
            v.error(
                &rule::TAG_KEY,
                "tag",
                Some(&key),
                "starts with aws:, a prefix AWS reserves",
                "choose another tag key",
            );
        }
        if !keys.insert(tag.key.as_str()) {
            v.error(
                &rule::TAG_KEY_REPEATED,
                "tag",
                Some(&key),
                "is given twice",
                "give each tag key once",
            );
        }
        v.string_len(
            &rule::TAG_VALUE,
            "tag",
            &tag.value,
            0,
            256,
            "tag values have at most 256 characters",
        );
    }
}

/// With IAM access control the role is granted `DescribeGroup` and `AlterGroup` on the
/// group's ARN, where IAM reads a `*` of the group id as a wildcard: the grant would cover
/// every group the pattern matches.
fn check_group_wildcard(v: &mut Validator<'_>, source: &KafkaSource) {
    let iam = source.iam_cluster().is_some();
    if let (true, Some(group)) = (iam, &source.consumer_group_id) {
        if group.as_str().is_some_and(|g| g.contains('*')) {
            v.warn(&rule::CONSUMER_GROUP_WILDCARD,
                "consumer_group_id",
                Some(group),
                "contains `*`, which IAM reads as a wildcard in the group's ARN: the role may describe and alter every consumer group the id matches as a pattern",
                "use a consumer group id without `*`",
            );
        }
    }
}

/// Explicit consumer group ids must be unique among the stack's sources; the defaults are
/// unique by construction.
fn claim_group_id(source: &KafkaSource, scope: &Scope, ctx: &mut SynthContext) {
    let Some(group) = &source.consumer_group_id else {
        return;
    };
    if let Some(other) = ctx.claim("consumer group id", &group.describe(), scope) {
        ctx.validator(KIND, scope).error(&rule::CONSUMER_GROUP_SHARED,
            "consumer_group_id",
            Some(group),
            format!(
                "is also the consumer group of source `{}`; two mappings in one group split the partitions, each seeing part of the topic",
                other.path()
            ),
            "give each source its own consumer group id, or leave it unset for the per-stack default",
        );
    }
}
