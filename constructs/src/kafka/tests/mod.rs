//! Tests of `KafkaSource` through a stack: every validation rule with its message
//! (`rules`), and the mapping and grants a binding emits (`emit`).

mod auth_modes;
mod emit;
mod queue_and_accounts;
mod rules;
mod schema_registry;
mod stall;

use serde_json::{Value as Json, json};

use super::*;
use crate::Stack;
use crate::construct::{Construct, Handle};
use crate::context::SynthContext;
use crate::diagnostic::{Diagnostic, Severity};
use crate::function::FunctionTarget;
use crate::iam::{PolicyDocument, Statement};
use crate::resources::iam::Role;
use crate::resources::lambda::{Function, FunctionCode};
use crate::scope::Scope;
use crate::secret::{MtlsSecret, RootCaSecret, SaslSecret};
use crate::template::Resource;
use crate::value::Value;
use crate::vpc::Vpc;

pub(super) const CLUSTER: &str =
    "arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-1111-2222-3333-444455556666-2";
pub(super) const OTHER_CLUSTER: &str =
    "arn:aws:kafka:us-east-1:123456789012:cluster/other/9b1c2d3e-1111-2222-3333-444455556666-2";
pub(super) const SECRET: &str =
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_app-AbCdEf";
pub(super) const PLAIN_SECRET: &str =
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-user-AbCdEf";
pub(super) const KEY: &str =
    "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
pub(super) const QUEUE: &str = "arn:aws:sqs:us-east-1:123456789012:bad-records";

/// A stand-in for the consuming function: a role, a function, and the bindings.
pub(super) struct Consumer(Vec<Handle<KafkaSource>>);

impl Construct for Consumer {
    fn kind(&self) -> &'static str {
        "Consumer"
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        let role = scope.logical_id("Role");
        let trust = Statement::allow(["sts:AssumeRole"]).service_principal("lambda.amazonaws.com");
        ctx.add_role(
            scope,
            role.clone(),
            Role {
                assume_role_policy_document: PolicyDocument::new(vec![trust]),
                ..Default::default()
            },
            "Consume",
        );
        let function = scope.logical_id("Function");
        let props = Function {
            runtime: "provided.al2023".into(),
            handler: "bootstrap".into(),
            architectures: vec!["arm64".into()],
            code: FunctionCode {
                s3_bucket: "code-bucket".into(),
                s3_key: "bootstrap.zip".into(),
                s3_object_version: None,
            },
            role: Value::get_att(&role, "Arn"),
            ..Default::default()
        };
        ctx.add_resource(scope, function.clone(), Resource::new(&props));
        let target = FunctionTarget {
            scope,
            function_name: Value::reference(&function),
            function_id: function,
            role,
            record_format: crate::contract::RecordFormat::Json,
        };
        for source in &self.0 {
            source.bind(&target, ctx);
        }
    }
}

pub(super) fn msk() -> KafkaSource {
    KafkaSource::msk(CLUSTER, "app-logs").starting_position(StartingPosition::Latest)
}

pub(super) fn self_managed() -> KafkaSource {
    KafkaSource::self_managed(["b-1.example.com:9096", "b-2.example.com:9096"], "app-logs")
        .starting_position(StartingPosition::TrimHorizon)
}

pub(super) fn imported_vpc(stack: &mut Stack) -> Handle<Vpc> {
    stack.add(
        "Net",
        Vpc::import(
            "vpc-0123456789abcdef0",
            vec![
                "subnet-0123456789abcdef0".into(),
                "subnet-0fedcba9876543210".into(),
            ],
            vec!["sg-0123456789abcdef0".into()],
        ),
    )
}

/// Adds `source` as `AppLogs` consumed by `Detector`.
pub(super) fn consumed(stack: &mut Stack, source: KafkaSource) -> Handle<KafkaSource> {
    let handle = stack.add("AppLogs", source);
    stack.add("Detector", Consumer(vec![handle.clone()]));
    handle
}

pub(super) fn errors(stack: &Stack) -> Vec<Diagnostic> {
    match stack.synth() {
        Ok(s) => panic!("expected errors; template: {}", s.template.to_json()),
        Err(e) => e.errors,
    }
}

pub(super) fn warnings(stack: &Stack) -> Vec<Diagnostic> {
    match stack.synth() {
        Ok(s) => s.warnings,
        Err(e) => panic!("expected no errors, got:\n{e}"),
    }
}

pub(super) fn template(stack: &Stack) -> Json {
    match stack.synth() {
        Ok(s) => s.template.to_value(),
        Err(e) => panic!("expected no errors, got:\n{e}"),
    }
}

/// Checks that a diagnostic names `property`, quotes a value containing `value`, says
/// `problem` and gives a fix.
#[track_caller]
pub(super) fn assert_reported(ds: &[Diagnostic], property: &str, value: &str, problem: &str) {
    assert_found(ds, None, property, value, problem);
}

/// Checks that a diagnostic of rule `id` names `property`, quotes a value containing `value`,
/// says `problem` and gives a fix.
#[track_caller]
pub(super) fn assert_rule(ds: &[Diagnostic], id: &str, property: &str, value: &str, problem: &str) {
    assert_found(ds, Some(id), property, value, problem);
}

/// The check behind [`assert_reported`] and [`assert_rule`]: `id`, when given, must match too.
#[track_caller]
fn assert_found(ds: &[Diagnostic], id: Option<&str>, property: &str, value: &str, problem: &str) {
    let found = ds.iter().any(|d| {
        id.is_none_or(|id| d.rule.id == id)
            && d.property == property
            && d.value.as_deref().unwrap_or_default().contains(value)
            && d.problem.contains(problem)
            && !d.fix.is_empty()
    });
    let listed: Vec<String> = ds.iter().map(ToString::to_string).collect();
    assert!(
        found,
        "no {} on {property} = …{value}… saying …{problem}…; got:\n{}",
        id.unwrap_or("diagnostic"),
        listed.join("\n")
    );
}

/// Every diagnostic (errors and warnings) of the stack with `build`'s source consumed.
pub(super) fn diagnostics_of(build: impl FnOnce(&mut Stack) -> KafkaSource) -> Vec<Diagnostic> {
    let mut stack = Stack::new("test");
    let source = build(&mut stack);
    consumed(&mut stack, source);
    match stack.synth() {
        Ok(s) => s.warnings,
        Err(e) => e.errors.into_iter().chain(e.warnings).collect(),
    }
}

/// The template of the stack with `build`'s source consumed.
pub(super) fn template_of(build: impl FnOnce(&mut Stack) -> KafkaSource) -> Json {
    let mut stack = Stack::new("test");
    let source = build(&mut stack);
    consumed(&mut stack, source);
    template(&stack)
}

pub(super) fn error_on(source: KafkaSource, property: &str, value: &str, problem: &str) {
    let mut stack = Stack::new("test");
    consumed(&mut stack, source);
    let ds = errors(&stack);
    assert_reported(&ds, property, value, problem);
    assert!(
        ds.iter()
            .all(|d| d.construct == KIND || d.construct == "SaslSecret"),
        "{ds:?}"
    );
}

pub(super) fn statements(template: &Json) -> Vec<Json> {
    template["Resources"]["DetectorRolePolicy"]["Properties"]["PolicyDocument"]["Statement"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

pub(super) fn statement<'a>(statements: &'a [Json], sid: &str) -> &'a Json {
    statements
        .iter()
        .find(|s| s["Sid"] == sid)
        .unwrap_or_else(|| panic!("no statement {sid} in {}", Json::from(statements.to_vec())))
}

/// Checks that `AppLogs`' `kafka-cluster:` statements name [`CLUSTER`] and its `app-logs` topic.
#[track_caller]
pub(super) fn assert_scoped_to_cluster(statements: &[Json]) {
    assert_eq!(
        statement(statements, "AppLogsConnectCluster")["Resource"],
        json!([CLUSTER])
    );
    assert_eq!(
        statement(statements, "AppLogsReadTopic")["Resource"],
        json!([
            "arn:aws:kafka:us-east-1:123456789012:topic/logs/0b1c2d3e-1111-2222-3333-444455556666-2/app-logs"
        ])
    );
}

pub(super) fn mapping(template: &Json) -> &Json {
    &template["Resources"]["AppLogsMapping"]
}

pub(super) fn msk_topic(topic: &str) -> KafkaSource {
    KafkaSource::msk(CLUSTER, topic).starting_position(StartingPosition::Latest)
}

pub(super) fn sasl(stack: &mut Stack, secret: SaslSecret) -> Handle<SaslSecret> {
    stack.add("Creds", secret)
}

pub(super) fn error_with(
    build: impl FnOnce(&mut Stack) -> KafkaSource,
    property: &str,
    value: &str,
    problem: &str,
) -> Vec<Diagnostic> {
    let mut stack = Stack::new("test");
    let source = build(&mut stack);
    consumed(&mut stack, source);
    let ds = errors(&stack);
    assert_reported(&ds, property, value, problem);
    ds
}
