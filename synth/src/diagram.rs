//! `synth diagram`: the synthesized stack as a Mermaid flowchart. Each construct's resources
//! form a subgraph; an edge `A --> B` means resource A refers to B (`Ref`, `Fn::GetAtt` or a
//! `${B}` in `Fn::Sub`), which follows the data: Kafka → mapping → function → endpoint and
//! sinks. Parameters feed the resources that use them (dotted edges).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use constructs::config::{BuildOptions, ConstructInfo};
use constructs::{Scope, Template};
use serde_json::Value as Json;

use crate::cli::StackArgs;
use crate::render::write_stdout;
use crate::stack::Chosen;

/// Prints the diagram in a fenced `mermaid` block.
pub fn run(args: &StackArgs) -> Result<(), String> {
    let chosen = Chosen::pick(args.config.as_deref(), args.example.as_deref())?;
    let stack = chosen.build(&BuildOptions::default())?;
    let synthesized = chosen.synth(&stack)?;
    let mut constructs: Vec<(String, String)> = chosen
        .constructs()
        .into_iter()
        .map(|ConstructInfo { id, kind, .. }| (id, kind.to_owned()))
        .collect();
    if constructs.is_empty() {
        constructs = infer_constructs(&synthesized.template);
    }
    write_stdout(&format!(
        "```mermaid\n{}```\n",
        flowchart(&synthesized.template, &constructs)
    ))
}

/// For a stack whose constructs are not declared in a file: each construct's main resource
/// names it (`AppLogsMapping` is the source `AppLogs`, `DetectorFunction` the function…).
fn infer_constructs(template: &Template) -> Vec<(String, String)> {
    const MAIN: [(&str, &str, &str); 9] = [
        ("AWS::Lambda::EventSourceMapping", "Mapping", "KafkaSource"),
        ("AWS::Lambda::Function", "Function", "AnomalyFunction"),
        ("AWS::SageMaker::Endpoint", "Endpoint", "RcfEndpoint"),
        ("AWS::DynamoDB::Table", "Table", "AnomalyTable"),
        ("AWS::SNS::Topic", "Topic", "AlertTopic"),
        ("AWS::SQS::Queue", "Queue", "Queue"),
        ("AWS::CloudWatch::Dashboard", "Dashboard", "Monitoring"),
        ("AWS::EC2::VPC", "Vpc", "Vpc"),
        ("AWS::SecretsManager::Secret", "Secret", "SaslSecret"),
    ];
    template
        .resources
        .iter()
        .filter_map(|(id, resource)| {
            let (_, suffix, kind) = MAIN.iter().find(|(t, ..)| *t == resource.resource_type)?;
            let construct = id.as_str().strip_suffix(suffix)?;
            (!construct.is_empty()).then(|| (construct.to_owned(), (*kind).to_owned()))
        })
        .collect()
}

/// The resources of one construct, by logical id.
type Members<'a> = Vec<(&'a String, &'a Json)>;

/// The flowchart (without the code fence).
pub fn flowchart(template: &Template, constructs: &[(String, String)]) -> String {
    let prefixes: Vec<(String, usize)> = constructs
        .iter()
        .enumerate()
        .map(|(i, (id, _))| {
            (
                Scope::root(id.as_str()).logical_id("").as_str().to_owned(),
                i,
            )
        })
        .collect();
    let owner = |logical_id: &str| {
        prefixes
            .iter()
            .filter(|(p, _)| logical_id.starts_with(p.as_str()))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, i)| *i)
    };

    let mut out = String::from("flowchart LR\n");
    let value = template.to_value();
    let empty = serde_json::Map::new();
    let resources = value["Resources"].as_object().unwrap_or(&empty);
    let parameters = value["Parameters"].as_object().unwrap_or(&empty);

    let mut edges = BTreeSet::new();
    let mut inputs = BTreeSet::new();
    let mut used_parameters = BTreeSet::new();
    for (id, resource) in resources {
        let mut targets = BTreeSet::new();
        references(&resource["Properties"], &mut targets);
        for target in targets {
            if target != *id && resources.contains_key(&target) {
                edges.insert((id.clone(), target));
            } else if parameters.contains_key(&target) {
                inputs.insert((target.clone(), id.clone()));
                used_parameters.insert(target);
            }
        }
    }

    for (id, resource) in resources {
        if resource["Type"] == "AWS::Lambda::EventSourceMapping" {
            let _ = writeln!(
                out,
                "  k_{id}[(\"{}\")]",
                label(&kafka(&resource["Properties"]))
            );
            edges.insert((format!("k_{id}"), id.clone()));
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
            |(id, kind)| (id.clone(), format!("{kind} {id}")),
        );
        let _ = writeln!(out, "  subgraph g_{}[\"{}\"]", sanitize(&id), label(&title));
        for (id, resource) in members {
            let kind = resource["Type"].as_str().unwrap_or_default();
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

/// The Kafka cluster and topic a mapping reads, as far as the template tells.
fn kafka(properties: &Json) -> String {
    let show = |v: &Json| match v {
        Json::String(s) => s.clone(),
        Json::Object(o) => o.get("Ref").and_then(Json::as_str).map_or_else(
            || "deploy-time value".to_owned(),
            |r| format!("{r} (parameter)"),
        ),
        _ => "deploy-time value".to_owned(),
    };
    let topic = properties["Topics"]
        .get(0)
        .map_or_else(|| "?".to_owned(), show);
    let cluster = if properties.get("EventSourceArn").is_some() {
        format!("Amazon MSK {}", show(&properties["EventSourceArn"]))
    } else {
        "Kafka cluster (self-managed or Confluent)".to_owned()
    };
    format!("{cluster}<br/>topic {topic}")
}

/// Every logical id `value` refers to.
fn references(value: &Json, out: &mut BTreeSet<String>) {
    match value {
        Json::Object(map) => {
            if let (1, Some(Json::String(target))) = (map.len(), map.get("Ref")) {
                out.insert(target.clone());
                return;
            }
            if let (1, Some(Json::Array(args))) = (map.len(), map.get("Fn::GetAtt")) {
                if let Some(Json::String(target)) = args.first() {
                    out.insert(target.clone());
                }
                return;
            }
            if let (1, Some(sub)) = (map.len(), map.get("Fn::Sub")) {
                let (text, variables) = match sub {
                    Json::String(text) => (text.as_str(), None),
                    Json::Array(args) => (
                        args.first().and_then(Json::as_str).unwrap_or_default(),
                        args.get(1).and_then(Json::as_object),
                    ),
                    _ => ("", None),
                };
                for name in sub_names(text) {
                    if !variables.is_some_and(|v| v.contains_key(&name)) {
                        out.insert(name);
                    }
                }
                if let Some(variables) = variables {
                    for v in variables.values() {
                        references(v, out);
                    }
                }
                return;
            }
            for v in map.values() {
                references(v, out);
            }
        }
        Json::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// The logical ids a `Fn::Sub` template names: `${Id}` and `${Id.Attribute}`, not the
/// `${!Literal}` escapes nor the `AWS::` pseudo parameters.
fn sub_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find('}') else { break };
        let name = &rest[..end];
        if !name.starts_with('!') && !name.starts_with("AWS::") {
            names.push(name.split('.').next().unwrap_or_default().to_owned());
        }
        rest = &rest[end..];
    }
    names
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

    #[test]
    fn sub_templates_name_their_resources() {
        assert_eq!(
            sub_names("arn:${AWS::Partition}:x:${Table.Arn}/${!Literal}${Queue}"),
            ["Table", "Queue"]
        );
    }

    #[test]
    fn reference_stack_groups_resources_and_draws_the_pipeline() {
        let example = examples::find(examples::REFERENCE).expect("reference example");
        let template = (example.build)(&examples::Options::default())
            .synth()
            .expect("valid")
            .template;
        let constructs = infer_constructs(&template);
        assert!(constructs.contains(&("AppLogs".into(), "KafkaSource".into())));
        let chart = flowchart(&template, &constructs);
        assert!(
            chart.contains("subgraph g_AppLogs[\"KafkaSource AppLogs\"]"),
            "{chart}"
        );
        assert!(
            chart.contains("k_AppLogsMapping --> AppLogsMapping"),
            "{chart}"
        );
        assert!(
            chart.contains("AppLogsMapping --> DetectorFunction"),
            "{chart}"
        );
        assert!(
            chart.contains("DetectorFunction --> ScorerEndpoint"),
            "{chart}"
        );
        assert!(
            chart.contains("p_ClusterArn -.-> AppLogsMapping"),
            "{chart}"
        );
    }
}
