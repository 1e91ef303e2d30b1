//! Poller groups: mappings of one event-source VPC that share provisioned pollers, within the
//! group limits Lambda documents (100 mappings, 2,000 maximum pollers in all).

use crate::context::{PoolMember, SynthContext};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::kafka as rule;
use crate::scope::Scope;

use super::KIND;
use super::source::KafkaSource;

/// The most mappings a poller group holds.
pub const MAX_GROUP_MAPPINGS: usize = 100;
/// The most maximum pollers the mappings of a poller group may add up to.
pub const MAX_GROUP_POLLERS: i64 = 2000;

const POOL: &str = "poller group";

/// Enters the source's mapping in its poller group, if it names one.
pub(crate) fn join_group(source: &KafkaSource, scope: &Scope, ctx: &mut SynthContext) {
    let Some(pollers) = &source.pollers else {
        return;
    };
    let Some(group) = &pollers.group else {
        return;
    };
    let member = PoolMember {
        scope: scope.clone(),
        amount: pollers.maximum.value().clone(),
    };
    ctx.join_pool(POOL, &group.describe(), member, check_group);
}

/// The group's limits, over the stack's sources that name it. Maximums that are deploy-time
/// values are not added up (the sum is checked when every one is a literal).
fn check_group(group: &str, members: &[PoolMember]) -> Vec<Diagnostic> {
    let Some(last) = members.last() else {
        return Vec::new();
    };
    // Name a few members; a group of a hundred would drown the message.
    const NAMED: usize = 5;
    let paths = || {
        let mut named: Vec<String> = members
            .iter()
            .take(NAMED)
            .map(|m| format!("`{}`", m.scope.path()))
            .collect();
        if members.len() > NAMED {
            named.push(format!("and {} more", members.len() - NAMED));
        }
        named.join(", ")
    };
    let diagnostic = |rule, problem: String, fix: &str| Diagnostic {
        rule,
        severity: Severity::Error,
        construct: KIND.into(),
        path: last.scope.path(),
        property: "provisioned_pollers.group".into(),
        value: Some(group.to_owned()),
        problem,
        fix: fix.into(),
    };
    let mut problems = Vec::new();
    if members.len() > MAX_GROUP_MAPPINGS {
        problems.push(diagnostic(
            &rule::POLLER_GROUP_MAPPINGS,
            format!(
                "is named by {} sources ({}); a poller group holds at most {MAX_GROUP_MAPPINGS} event source mappings",
                members.len(),
                paths()
            ),
            "split the sources over several poller groups",
        ));
    }
    let maximums: Option<Vec<i64>> = members.iter().map(|m| m.amount.as_i64()).collect();
    if let Some(total) = maximums.map(|m| m.iter().sum::<i64>()) {
        if total > MAX_GROUP_POLLERS {
            problems.push(diagnostic(
                &rule::POLLER_GROUP_POLLERS,
                format!(
                    "adds up to {total} maximum pollers over its sources ({}); the maximum pollers of a poller group's mappings may total at most {MAX_GROUP_POLLERS}",
                    paths()
                ),
                "lower the sources' maximum pollers, or split them over several poller groups",
            ));
        }
    }
    problems
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::value::Value;

    fn member(id: &str, maximum: impl Into<Value>) -> PoolMember {
        PoolMember {
            scope: Scope::root(id),
            amount: maximum.into(),
        }
    }

    #[test]
    fn limits_count_mappings_and_add_literal_maximums() {
        let ok: Vec<PoolMember> = (0..100).map(|i| member(&format!("S{i}"), 20)).collect();
        assert!(check_group("g", &ok).is_empty());
        let many: Vec<PoolMember> = (0..101).map(|i| member(&format!("S{i}"), 1)).collect();
        let ds = check_group("g", &many);
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].rule.id, "E0160");
        let big = vec![member("A", 1500), member("B", 501)];
        let ds = check_group("g", &big);
        assert_eq!(ds[0].rule.id, "E0161");
        assert!(ds[0].problem.contains("2001"), "{}", ds[0].problem);
        let max = Value::reference(&crate::LogicalId::new("Max").unwrap());
        let param = vec![member("A", 1500), member("B", max)];
        assert!(check_group("g", &param).is_empty());
    }
}
