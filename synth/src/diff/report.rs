//! The plan as `synth diff` prints it: one line per resource (action, logical id, type, and
//! its construct when known), under it the changed properties `old -> new`, why, what it
//! means, and whether it can be deployed in one step; then the other sections; then a summary.

use std::fmt::Write as _;

use super::changes::{Action, Plan, ResourceChange};
use super::meaning::Risk;
use super::schema_table::{CFN_LINT_VERSION, SCHEMA_DATE};
use super::values::show_change;

/// Indentation of the lines under a resource.
const UNDER: &str = "      ";

/// The report for `plan`: `deployed` names the deployed file, `stack` what synth made.
pub fn render(plan: &Plan, deployed: &str, stack: &str) -> String {
    let mut out = format!("synth diff: {deployed} (deployed) -> {stack} (what synth makes now)\n");
    if plan.is_empty() {
        out.push_str("No changes: a deploy would change nothing.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "Replacements follow CloudFormation's create-only properties (cfn-lint {CFN_LINT_VERSION} resource schemas, dated {SCHEMA_DATE}) and the exceptions synth knows."
    );
    if !plan.resources.is_empty() {
        out.push_str("\nResources\n");
        for change in &plan.resources {
            resource(change, &mut out);
        }
    }
    if !plan.entries.is_empty() {
        out.push_str("\nOther changes\n");
        for entry in &plan.entries {
            let name = match &entry.name {
                Some(name) => format!("{}.{name}", entry.section),
                None => entry.section.clone(),
            };
            let _ = writeln!(out, "  {:<8} {name}", entry.action.to_string());
            for leaf in &entry.leaves {
                let path = leaf.path.to_string();
                let shown = show_change(leaf.old.as_ref(), leaf.new.as_ref());
                if path.is_empty() {
                    let _ = writeln!(out, "{UNDER}{shown}");
                } else {
                    let _ = writeln!(out, "{UNDER}{path}: {shown}");
                }
            }
            for target in &entry.follows {
                let _ = writeln!(
                    out,
                    "{UNDER}its value changes at deploy time: {target} is replaced"
                );
            }
        }
    }
    summary(plan, &mut out);
    out
}

fn resource(change: &ResourceChange, out: &mut String) {
    let owner = change
        .owner
        .as_ref()
        .map(|o| format!("  ({} `{}`)", o.kind, o.path))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  {:<8} {}  {}{owner}",
        change.action.to_string(),
        change.id,
        change.resource_type
    );
    for changed in &change.changes {
        let attribute = if changed.attribute {
            " (attribute)"
        } else {
            ""
        };
        let mark = changed.mark.map(|m| format!("  [{m}]")).unwrap_or_default();
        let _ = writeln!(
            out,
            "{UNDER}{}{attribute}: {}{mark}",
            changed.leaf.path,
            show_change(changed.leaf.old.as_ref(), changed.leaf.new.as_ref())
        );
    }
    for follow in &change.follows {
        let mark = if follow.replaces { "  [replaces]" } else { "" };
        let _ = writeln!(
            out,
            "{UNDER}{}: changes at deploy time ({} is replaced){mark}",
            follow.path, follow.target
        );
    }
    if change.follows.iter().any(|f| f.replaces) {
        let _ = writeln!(
            out,
            "{UNDER}why: it refers to a replaced resource in a create-only property, so it is replaced too"
        );
    }
    for reason in &change.reasons {
        let _ = writeln!(out, "{UNDER}why: {reason}");
    }
    if change.fails {
        let _ = writeln!(
            out,
            "{UNDER}fails: CloudFormation refuses this change, and the whole deploy rolls back"
        );
    }
    if let Some(meaning) = &change.meaning {
        let risk = meaning
            .risk
            .map(|r| format!(" [data risk: {r}]"))
            .unwrap_or_default();
        let _ = writeln!(out, "{UNDER}means: {}{risk}", meaning.text);
    }
    if let Some(blocked) = &change.blocked {
        let what = change.owner.as_ref().map_or_else(
            || format!("the resource {}", change.id),
            |o| format!("the {} `{}`", o.kind, o.path),
        );
        let (old, steps) = match &blocked.renamed_from {
            None => (
                "the old one".to_owned(),
                [
                    format!(
                        "without {what}: the old mapping ({}) is deleted;",
                        change.id
                    ),
                    "with it again: the new mapping is created.".to_owned(),
                ],
            ),
            Some(removed) => (
                format!("{removed}, which this deploy removes"),
                [
                    format!("with neither mapping: {removed} is deleted;"),
                    format!("with {what}: {} is created.", change.id),
                ],
            ),
        };
        let _ = writeln!(
            out,
            "{UNDER}cannot deploy in one step: the new mapping keeps {}; CloudFormation creates it before deleting {old}, Lambda refuses a second mapping for the same function, event source and topic, and the update fails and rolls back (aws/aws-cdk#26416). Deploy twice:",
            blocked.keeps
        );
        for (i, step) in steps.iter().enumerate() {
            let _ = writeln!(out, "{UNDER}  {}. {step}", i + 1);
        }
    }
}

fn summary(plan: &Plan, out: &mut String) {
    let count = |action: Action| plan.resources.iter().filter(|c| c.action == action).count();
    let _ = write!(
        out,
        "\nSummary: {} to add, {} to update, {} to replace, {} to remove; {} other change{}.",
        count(Action::Add),
        count(Action::Update),
        count(Action::Replace),
        count(Action::Remove),
        plan.entries.len(),
        if plan.entries.len() == 1 { "" } else { "s" }
    );
    let blocked = plan
        .resources
        .iter()
        .filter(|c| c.blocked.is_some())
        .count();
    if blocked > 0 {
        let _ = write!(
            out,
            " {blocked} mapping{} cannot deploy in one step.",
            plural(blocked)
        );
    }
    let fails = plan.resources.iter().filter(|c| c.fails).count();
    if fails > 0 {
        let _ = write!(
            out,
            " {fails} change{} would fail the deploy.",
            plural(fails)
        );
    }
    let risks = data_risks(plan);
    if risks.is_empty() {
        out.push_str(" No data is lost or read again.\n");
    } else {
        let list: Vec<String> = risks.iter().map(|(id, r)| format!("{id} ({r})")).collect();
        let _ = writeln!(out, " Data risk: {}.", list.join(", "));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The resources whose change loses data or reads records again, with the risk.
pub fn data_risks(plan: &Plan) -> Vec<(&str, Risk)> {
    plan.resources
        .iter()
        .filter_map(|c| Some((c.id.as_str(), c.meaning.as_ref()?.risk?)))
        .collect()
}
