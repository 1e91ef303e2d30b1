//! The construct tree of every example: each template entry belongs to exactly one node, each
//! node's entries are in the template, and each construct owns the resources its path
//! derives (the stack node owns the shared ones).

use std::collections::BTreeMap;

use constructs::tree::{ConstructTree, Emitted, Section};
use constructs::{LogicalId, Scope, Template};
use examples::Options;

/// Every entry of `template`, by section, in template order.
fn entries(template: &Template) -> Vec<(Section, &LogicalId)> {
    let sections = [
        (
            Section::Parameter,
            template.parameters.keys().collect::<Vec<_>>(),
        ),
        (Section::Mapping, template.mappings.keys().collect()),
        (Section::Condition, template.conditions.keys().collect()),
        (Section::Rule, template.rules.keys().collect()),
        (Section::Resource, template.resources.keys().collect()),
        (Section::Output, template.outputs.keys().collect()),
    ];
    sections
        .into_iter()
        .flat_map(|(section, ids)| ids.into_iter().map(move |id| (section, id)))
        .collect()
}

fn owners(tree: &ConstructTree, section: Section, id: &LogicalId) -> Vec<String> {
    tree.nodes()
        .filter(|node| {
            node.logical_ids()
                .iter()
                .any(|e| e.section == section && e.id == *id)
        })
        .map(|node| node.path().to_owned())
        .collect()
}

#[test]
fn every_entry_of_every_example_has_exactly_one_owner() {
    for example in examples::all() {
        let synthesized = (example.build)(&Options::default())
            .synth()
            .unwrap_or_else(|e| panic!("example {}:\n{e}", example.name));
        let (template, tree) = (&synthesized.template, &synthesized.tree);
        let entries = entries(template);
        for (section, id) in &entries {
            let owners = owners(tree, *section, id);
            assert_eq!(
                owners.len(),
                1,
                "{}: {}.{id} is owned by {owners:?}",
                example.name,
                section.name()
            );
        }
        let emitted: usize = tree.nodes().map(|node| node.logical_ids().len()).sum();
        assert_eq!(
            emitted,
            entries.len(),
            "{}: the tree records entries the template does not have",
            example.name
        );
        assert!(tree.stack().is_stack() && tree.stack().kind() == "Stack");
        assert!(
            tree.stack()
                .resources()
                .any(|id| id.as_str() == "EncryptionKey"),
            "{}: the shared key belongs to the stack",
            example.name
        );
        for node in tree.constructs() {
            assert!(!node.is_stack());
            // Built-in constructs name their resources after their path.
            let prefix = Scope::root(node.path()).logical_id("");
            for id in node.resources() {
                assert!(
                    id.as_str().starts_with(prefix.as_str()),
                    "{}: {} `{}` owns {id}",
                    example.name,
                    node.kind(),
                    node.path()
                );
            }
        }
    }
}

#[test]
fn the_reference_stack_tree() {
    let example = examples::find(examples::REFERENCE).expect("reference example");
    let synthesized = (example.build)(&Options::default()).synth().expect("valid");
    let tree: BTreeMap<&str, (&str, Vec<String>)> = synthesized
        .tree
        .nodes()
        .map(|node| {
            let ids = node.logical_ids().iter().map(Emitted::to_string).collect();
            (node.path(), (node.kind(), ids))
        })
        .collect();
    let kinds: BTreeMap<&str, &str> = tree.iter().map(|(p, (k, _))| (*p, *k)).collect();
    assert_eq!(kinds.get("AppLogs"), Some(&"KafkaSource"));
    assert_eq!(kinds.get("Detector"), Some(&"AnomalyFunction"));
    assert_eq!(kinds.get("Scorer"), Some(&"RcfEndpoint"));
    let scorer = &tree["Scorer"].1;
    assert!(
        scorer.contains(&"Resources.ScorerEndpoint".to_owned()),
        "{scorer:?}"
    );
    // The region table and rule are shared by every endpoint: the stack's.
    let stack = &synthesized.tree.stack();
    let shared: Vec<String> = stack
        .logical_ids()
        .iter()
        .filter(|e| matches!(e.section, Section::Mapping | Section::Rule))
        .map(Emitted::to_string)
        .collect();
    assert!(!shared.is_empty(), "{stack:?}");
    assert!(
        stack
            .in_section(Section::Parameter)
            .any(|id| id.as_str() == "ClusterArn")
    );
}
