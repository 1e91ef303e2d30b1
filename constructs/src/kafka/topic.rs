//! Kafka topic names as Lambda accepts them.

use crate::rules::kafka as rule;
use crate::validate::Validator;
use crate::value::Value;

/// The longest topic name Kafka and Lambda accept.
pub const MAX_TOPIC_LEN: usize = 249;

/// Checks a literal topic name: `min_len`–249 characters of `[a-zA-Z0-9._-]`, not starting
/// with `.`. Source topics need at least two characters: Lambda's `Topics` pattern,
/// `^[^.]([a-zA-Z0-9\-_.]+)`, wants one character and then one or more; a dead-letter topic
/// (`kafka://[^.][a-zA-Z0-9\-_.]{0,248}`) may have one.
pub(crate) fn check_topic(v: &mut Validator<'_>, property: &str, topic: &Value, min_len: usize) {
    let why = if min_len > 1 {
        "Lambda's Topics pattern needs at least two characters; Kafka allows at most 249"
    } else {
        "Kafka topic names have 1 to 249 characters"
    };
    let Some(name) = v.string_len(
        &rule::TOPIC_NAME,
        property,
        topic,
        min_len,
        MAX_TOPIC_LEN,
        why,
    ) else {
        return;
    };
    if name.starts_with('.') {
        v.error(
            &rule::TOPIC_NAME,
            property,
            Some(topic),
            "starts with '.', which Lambda's topic pattern refuses",
            format!("rename the topic so {property} starts with a letter, digit, '-' or '_'"),
        );
    }
    v.chars(
        &rule::TOPIC_NAME,
        property,
        topic,
        |c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'),
        "ASCII letters, digits, '.', '_' and '-'",
    );
}
