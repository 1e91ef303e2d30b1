//! `synth diagram`: the synthesized stack as a Mermaid flowchart. Each construct's resources
//! form a subgraph, as the construct tree of the synthesized stack records them (the stack's
//! shared resources, like its encryption key, form the `Stack-wide` one); an edge `A --> B`
//! means resource A refers to B (`Ref`, `Fn::GetAtt` or a `${B}` in `Fn::Sub`), which follows
//! the data: Kafka → mapping → function → endpoint and sinks. Parameters feed the resources
//! that use them (dotted edges).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use constructs::config::BuildOptions;
use constructs::intrinsic::Intrinsic;
use constructs::value::Reference;
use constructs::{LogicalId, Resource, Synthesized, Template, Value};

use crate::cli::StackArgs;
use crate::render::write_stdout;
use crate::stack::Chosen;

/// Prints the diagram in a fenced `mermaid` block.
pub fn run(args: &StackArgs) -> Result<(), String> {
    let chosen = Chosen::pick(args.config.as_deref(), args.example.as_deref())?;
    let stack = chosen.build(&BuildOptions::default())?;
    let synthesized = chosen.synth(&stack)?;
    write_stdout(&format!("```mermaid\n{}```\n", flowchart(&synthesized)))
}

/// The resources of one construct, by logical id.
type Members<'a> = Vec<(&'a LogicalId, &'a Resource)>;

/// The flowchart (without the code fence).
pub fn flowchart(synthesized: &Synthesized) -> String {
    let template = &synthesized.template;
    let constructs: Vec<_> = synthesized.constructs().collect();
    // The index of the construct that emitted a resource; `None` for the stack's own.
    let owner = |id: &LogicalId| {
        let node = synthesized.owner_of(id)?;
        constructs.iter().position(|c| std::ptr::eq(*c, node))
    };

    let mut out = String::from("flowchart LR\n");
    let resources = &template.resources;

    let mut edges = BTreeSet::new();
    let mut inputs = BTreeSet::new();
    let mut used_parameters = BTreeSet::new();
    for (id, resource) in resources {
        for target in resource_targets(&resource.properties) {
            let is_resource =
                LogicalId::new(target).is_ok_and(|target| resources.contains_key(&target));
            if target != id.as_str() && is_resource {
                edges.insert((id.to_string(), target.to_owned()));
            } else if is_parameter(template, target) {
                inputs.insert((target.to_owned(), id.to_string()));
                used_parameters.insert(target);
            }
        }
    }

    for (id, resource) in resources {
        if resource.resource_type == "AWS::Lambda::EventSourceMapping" {
            let _ = writeln!(
                out,
                "  k_{id}[(\"{}\")]",
                label(&kafka(&resource.properties, template))
            );
            edges.insert((format!("k_{id}"), id.to_string()));
        }
    }
    for parameter in &used_parameters {
        let _ = writeln!(
            out,
            "  p_{parameter}[/\"{}\"/]",
            label(&format!("{parameter}<br/>parameter"))
        );
    }

    // Groups in the order their first resource appears in the template.
    let mut groups: Vec<(Option<usize>, Members<'_>)> = Vec::new();
    for (id, resource) in resources {
        let group = owner(id);
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, members)) => members.push((id, resource)),
            None => groups.push((group, vec![(id, resource)])),
        }
    }
    for (group, members) in &groups {
        let (id, title) = group.and_then(|i| constructs.get(i)).map_or(
            ("Stack".to_owned(), "Stack-wide".to_owned()),
            |node| {
                (
                    node.path().to_owned(),
                    format!("{} {}", node.kind(), node.path()),
                )
            },
        );
        let _ = writeln!(out, "  subgraph g_{}[\"{}\"]", sanitize(&id), label(&title));
        for (id, resource) in members {
            let kind = resource.resource_type;
            let _ = writeln!(out, "    {id}[\"{}\"]", label(&format!("{id}<br/>{kind}")));
        }
        out.push_str("  end\n");
    }
    for (from, to) in &edges {
        let _ = writeln!(out, "  {from} --> {to}");
    }
    for (parameter, resource) in &inputs {
        let _ = writeln!(out, "  p_{parameter} -.-> {resource}");
    }
    out
}

/// The logical ids `properties` names through `Ref`, `Fn::GetAtt` and `Fn::Sub` (conditions
/// and mappings are not drawn).
fn resource_targets(properties: &Value) -> BTreeSet<&str> {
    properties
        .references()
        .into_iter()
        .filter(|r| {
            matches!(
                r,
                Reference::Ref(_) | Reference::GetAtt(..) | Reference::Sub(_)
            )
        })
        .map(|r| r.target())
        .collect()
}

/// True when `name` is a parameter of `template`.
fn is_parameter(template: &Template, name: &str) -> bool {
    LogicalId::new(name).is_ok_and(|id| template.parameters.contains_key(&id))
}

/// The Kafka cluster and topic a mapping reads, as far as the template tells.
fn kafka(properties: &Value, template: &Template) -> String {
    let show = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Intrinsic(i) => match i.as_ref() {
            Intrinsic::Ref(name) if is_parameter(template, name) => format!("{name} (parameter)"),
            _ => "deploy-time value".to_owned(),
        },
        _ => "deploy-time value".to_owned(),
    };
    let topic = properties
        .get("Topics")
        .and_then(Value::as_list)
        .and_then(<[Value]>::first)
        .map_or_else(|| "?".to_owned(), show);
    let cluster = match properties.get("EventSourceArn") {
        Some(arn) => format!("Amazon MSK {}", show(arn)),
        None => "Kafka cluster (self-managed or Confluent)".to_owned(),
    };
    format!("{cluster}<br/>topic {topic}")
}

/// A label inside double quotes: Mermaid's entity for `"`.
fn label(text: &str) -> String {
    text.replace('"', "#quot;")
}

/// An id Mermaid accepts: letters, digits and `_`.
fn sanitize(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference_chart() -> String {
        let example = examples::find(examples::REFERENCE).expect("reference example");
        let synthesized = (example.build)(&examples::Options::default())
            .synth()
            .expect("valid");
        flowchart(&synthesized)
    }

    #[test]
    fn sub_templates_name_their_resources() {
        let properties = Value::map([(
            "Arn",
            Value::sub("arn:${AWS::Partition}:x:${Table.Arn}/${!Literal}${Queue}"),
        )]);
        assert_eq!(
            resource_targets(&properties)
                .into_iter()
                .collect::<Vec<_>>(),
            ["Queue", "Table"]
        );
    }

    #[test]
    fn reference_stack_groups_resources_and_draws_the_pipeline() {
        let chart = reference_chart();
        for line in [
            "subgraph g_AppLogs[\"KafkaSource AppLogs\"]",
            "subgraph g_Stack[\"Stack-wide\"]",
            "k_AppLogsMapping --> AppLogsMapping",
            "AppLogsMapping --> DetectorFunction",
            "DetectorFunction --> ScorerEndpoint",
            "p_ClusterArn -.-> AppLogsMapping",
        ] {
            assert!(chart.contains(line), "{line} missing from\n{chart}");
        }
    }

    /// A custom construct that names its resource after another construct.
    struct Audit;

    impl constructs::Construct for Audit {
        fn kind(&self) -> &'static str {
            "AuditTrail"
        }

        fn synthesize(&self, scope: &constructs::Scope, ctx: &mut constructs::SynthContext) {
            let id = LogicalId::new("AlertsAudit").expect("valid");
            let queue = constructs::resources::sqs::Queue::default();
            ctx.add_resource(scope, id, Resource::new(&queue));
        }
    }

    #[test]
    fn groups_follow_the_construct_tree_not_the_names() {
        // `AlertsAudit` starts with the id of `Alerts`, but `Audit` emitted it.
        let mut stack = constructs::Stack::new("prefixes");
        stack.add("Alerts", constructs::AlertTopic::new());
        stack.add("Audit", Audit);
        let synthesized = stack.synth().expect("valid");
        let chart = flowchart(&synthesized);
        let group = |title: &str| {
            chart
                .split("  subgraph ")
                .find(|g| g.contains(title))
                .map(|g| g.split("  end").next().unwrap_or_default().to_owned())
                .unwrap_or_default()
        };
        assert!(group("AuditTrail Audit").contains("AlertsAudit"), "{chart}");
        assert!(
            group("AlertTopic Alerts").contains("AlertsTopic"),
            "{chart}"
        );
        assert!(
            !group("AlertTopic Alerts").contains("AlertsAudit"),
            "{chart}"
        );
        assert!(group("Stack-wide").contains("EncryptionKey"), "{chart}");
    }
}
