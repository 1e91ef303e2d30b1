//! No stalled partitions: batch item failures need a way to give up on a record.

use super::*;

fn reporting() -> KafkaSource {
    msk()
        .provisioned_pollers(ProvisionedPollers::new(1, 2))
        .report_batch_item_failures(true)
}

#[test]
fn the_poison_pill_stack_is_refused() {
    let ds = diagnostics_of(|_| reporting());
    assert_rule(
        &ds,
        "E0159",
        "report_batch_item_failures",
        "true",
        "Lambda retries a bad record forever, its partition stalls behind it",
    );
    let fix = &ds.iter().find(|d| d.rule.id == "E0159").unwrap().fix;
    for way in ["on_failure", "max_retry_attempts", "max_record_age_seconds"] {
        assert!(fix.contains(way), "{fix}");
    }
    // -1 written out is the same as unset.
    let ds = diagnostics_of(|_| {
        reporting()
            .max_retry_attempts(-1)
            .max_record_age_seconds(-1)
    });
    assert_rule(
        &ds,
        "E0159",
        "report_batch_item_failures",
        "true",
        "never gives up",
    );
}

#[test]
fn any_one_way_to_give_up_is_enough() {
    for source in [
        reporting().on_failure(OnFailure::sqs(QUEUE)),
        reporting().max_retry_attempts(0),
        reporting().max_record_age_seconds(3600),
    ] {
        let ds = diagnostics_of(|_| source);
        assert!(!ds.iter().any(|d| d.rule.id == "E0159"), "{ds:?}");
    }
    // Without partial batch responses a failed batch fails the invocation, which the
    // function's own error handling covers.
    let ds = diagnostics_of(|_| msk().provisioned_pollers(ProvisionedPollers::new(1, 2)));
    assert!(!ds.iter().any(|d| d.rule.id == "E0159"), "{ds:?}");
}
