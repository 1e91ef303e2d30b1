//! No stalled partitions: a mapping whose function reports failed records must give up on a
//! record that never succeeds, or one bad record holds its partition forever.

use crate::rules::kafka as rule;
use crate::validate::Validator;
use crate::value::Value;

use super::source::KafkaSource;

/// True when `value` leaves the limit at Lambda's default, -1 (unlimited). A deploy-time value
/// may or may not be -1, and is trusted.
fn unlimited(value: Option<&Value>) -> bool {
    match value {
        None => true,
        Some(v) => v.as_i64() == Some(-1),
    }
}

/// With `report_batch_item_failures`, refuses a mapping that has no on-failure destination,
/// unlimited retries and no record-age limit.
pub(crate) fn check_stall(v: &mut Validator<'_>, source: &KafkaSource) {
    if !source.report_batch_item_failures || source.on_failure.is_some() {
        return;
    }
    if !unlimited(source.max_retry_attempts.as_deref())
        || !unlimited(source.max_record_age.as_deref())
    {
        return;
    }
    v.error(
        &rule::PARTITION_STALL,
        "report_batch_item_failures",
        Some(&Value::Bool(true)),
        "makes the function report the records it can never score (bad base64, not JSON, a missing feature) as failed, and this mapping never gives up on one: with no on-failure destination, unlimited retries (max_retry_attempts -1) and no record age limit (max_record_age_seconds -1), Lambda retries a bad record forever, its partition stalls behind it, and every retry scores the records after it again and repeats their alerts",
        "add on_failure(..) (Lambda then retries a failed record at most 10 times and sends it there), or set max_retry_attempts to 0-10000, or max_record_age_seconds to 60-604800",
    );
}
