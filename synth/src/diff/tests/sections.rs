//! Changes outside `Resources`: parameters, conditions, rules, outputs and top-level keys.

use serde_json::json;

use super::{compare, example};
use crate::diff::changes::Action;

#[test]
fn parameters_conditions_rules_outputs_and_top_level_keys_are_listed() {
    let new = example("complete_msk");
    let mut deployed = new.clone();
    deployed["Parameters"]["CodeKey"]["Default"] = json!("anomaly-function/old.zip");
    deployed["Conditions"]["AlertsHasEmail"] = json!({"Fn::Equals": ["a", "b"]});
    deployed["Rules"]
        .as_object_mut()
        .expect("rules")
        .shift_remove("RcfImageRegion");
    deployed["Outputs"]["Retired"] = json!({"Value": "x"});
    deployed["Description"] = json!("an older description");
    deployed["Transform"] = json!("AWS::LanguageExtensions");
    let plan = compare(&deployed, &new);
    assert!(plan.resources.is_empty(), "{:?}", plan.resources);
    let shown: Vec<(String, Option<String>, Action, Vec<String>)> = plan
        .entries
        .iter()
        .map(|e| {
            (
                e.section.clone(),
                e.name.clone(),
                e.action,
                e.leaves.iter().map(|l| l.path.to_string()).collect(),
            )
        })
        .collect();
    let entry = |section: &str, name: Option<&str>, action, paths: &[&str]| {
        (
            section.to_owned(),
            name.map(str::to_owned),
            action,
            paths.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        shown,
        [
            entry("Parameters", Some("CodeKey"), Action::Update, &["Default"]),
            entry("Conditions", Some("AlertsHasEmail"), Action::Update, &[""]),
            entry("Rules", Some("RcfImageRegion"), Action::Add, &[]),
            entry("Outputs", Some("Retired"), Action::Remove, &[]),
            entry("Description", None, Action::Update, &["Description"]),
            entry("Transform", None, Action::Remove, &[]),
        ]
    );
}
