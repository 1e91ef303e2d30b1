//! Synthesizes stacks with created RCF endpoints (defaults, instances with autoscaling,
//! serverless, data capture, parameters) invoked by a small role-owning construct, and runs
//! `cfn-lint` on the JSON and YAML templates: no errors, no warnings.

use std::path::PathBuf;

use constructs::iam::{PolicyDocument, Statement};
use constructs::resources::iam::Role;
use constructs::{Construct, Handle, Output, RcfEndpoint, Scope, Stack, SynthContext, Synthesized};
use snapshots::cfn_lint::{CfnLint, Report};

const MODEL: &str = "s3://rcf-models-123456789012/rcf/output/model.tar.gz";
const KEY: &str = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/// Owns a role and lets it invoke the endpoint it is given, as a function would.
struct Invoker(Handle<RcfEndpoint>);

impl Construct for Invoker {
    fn kind(&self) -> &'static str {
        "Invoker"
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
            "InvokeEndpoints",
        );
        self.0.grant_invoke(scope, &role, ctx);
    }
}

fn every_option() -> Stack {
    let mut stack = Stack::new("rcf-endpoints");
    let url = stack.add_parameter(
        "ModelDataUrl",
        RcfEndpoint::model_data_url_parameter("The model.tar.gz of the RCF training job")
            .default_value(MODEL),
    );
    let key = stack.add_parameter(
        "ModelKey",
        constructs::Parameter::string("Object key of the serverless model")
            .default_value("rcf/model.tar.gz"),
    );
    let endpoints = vec![
        stack.add("Detector", RcfEndpoint::new(MODEL).feature_dim(3)),
        stack.add(
            "Scaled",
            RcfEndpoint::new(url)
                .instance_type("ml.c5.large")
                .instance_count(2)
                .autoscaling(2, 6, 1000)
                .variant_name("blue")
                .region("eu-west-1"),
        ),
        stack.add(
            "Serverless",
            RcfEndpoint::new_from("rcf-models-123456789012", key).serverless(2048, 20),
        ),
        stack.add(
            "Captured",
            RcfEndpoint::new(MODEL)
                .instance_type("ml.c5d.xlarge")
                .data_capture("s3://rcf-captures-123456789012/detector", 20)
                .model_data_key(KEY),
        ),
    ];
    for endpoint in endpoints {
        stack.add_output(
            &format!("{}EndpointName", endpoint.id()),
            Output::new(
                "The endpoint the function invokes",
                endpoint.endpoint_name(),
            ),
        );
        stack.add(&format!("{}Invoker", endpoint.id()), Invoker(endpoint));
    }
    stack
}

fn synth(stack: &Stack) -> Synthesized {
    stack
        .synth()
        .unwrap_or_else(|e| panic!("the stack synthesizes:\n{e}"))
}

/// The templates are kept under the target dir so checkov can be run on them too.
fn template_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rcf-endpoint");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    dir
}

#[test]
fn cfn_lint_accepts_created_endpoints_with_every_option() {
    let synthesized = synth(&every_option());
    assert!(
        synthesized.warnings.is_empty(),
        "{:?}",
        synthesized.warnings
    );
    let mut minimal = Stack::new("rcf-minimal");
    let endpoint = minimal.add("Detector", RcfEndpoint::new(MODEL));
    minimal.add("Invoker", Invoker(endpoint));
    CfnLint::new()
        .write_and_lint(
            &template_dir(),
            &[
                ("every-option.json", synthesized.template.to_json()),
                ("every-option.yaml", synthesized.template.to_yaml()),
                ("minimal.json", synth(&minimal).template.to_json()),
            ],
        )
        .and_then(Report::require_clean)
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn output_is_deterministic() {
    assert_eq!(
        synth(&every_option()).template.to_json(),
        synth(&every_option()).template.to_json()
    );
}

#[test]
fn endpoints_share_one_region_table_and_rule() {
    let template = synth(&every_option()).template.to_value();
    let mappings = template["Mappings"].as_object().map(|m| m.len());
    assert_eq!(mappings, Some(1));
    let table = &template["Mappings"]["RcfImageRegistry"];
    assert_eq!(table.as_object().map(|t| t.len()), Some(37));
    assert_eq!(table["us-east-1"]["Account"], "382416733822");
    let rules = template["Rules"].as_object().map(|r| r.len());
    assert_eq!(rules, Some(1));
    let text = serde_json::to_string(&template["Rules"]).unwrap_or_default();
    assert!(text.contains(r#""Fn::Contains":[["af-south-1""#), "{text}");
    // Rules sit between Conditions/Mappings and Resources.
    let keys: Vec<&String> = template
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    let position = |k: &str| keys.iter().position(|x| x.as_str() == k);
    assert!(position("Mappings") < position("Rules") && position("Rules") < position("Resources"));
}

#[test]
fn handles_name_the_created_resources() {
    let mut stack = Stack::new("rcf-handles");
    let endpoint = stack.add(
        "Detector",
        RcfEndpoint::new(MODEL).variant_name("blue").feature_dim(4),
    );
    assert_eq!(endpoint.arn().describe(), r#"{"Ref":"DetectorEndpoint"}"#);
    assert_eq!(
        endpoint.endpoint_name().describe(),
        r#"{"Fn::GetAtt":["DetectorEndpoint","EndpointName"]}"#
    );
    assert_eq!(endpoint.variant_name(), "blue");
    assert_eq!(endpoint.feature_dim(), Some(4));
    assert_eq!(
        endpoint.endpoint_logical_id().map(|id| id.to_string()),
        Some("DetectorEndpoint".into())
    );
    let existing = stack.add("Scorer", RcfEndpoint::existing("rcf-endpoint"));
    assert_eq!(existing.variant_name(), "AllTraffic");
    assert_eq!(existing.endpoint_logical_id(), None);
    stack.add("Invoker", Invoker(endpoint));
    stack.add("ScorerInvoker", Invoker(existing));
    let template = synth(&stack).template.to_value();
    let granted = |role: &str| {
        template["Resources"][format!("{role}Policy")]["Properties"]["PolicyDocument"]["Statement"]
            [0]["Resource"][0]
            .clone()
    };
    assert_eq!(
        granted("InvokerRole"),
        serde_json::json!({"Ref": "DetectorEndpoint"})
    );
    assert!(
        granted("ScorerInvokerRole")
            .to_string()
            .contains("endpoint/rcf-endpoint")
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut stack = Stack::new("rcf-bad");
    stack.add(
        "Detector",
        RcfEndpoint::new("rcf-models/model.tar.gz")
            .feature_dim(0)
            .instance_type("c5.xlarge")
            .instance_count(0)
            .autoscaling(3, 2, 0)
            .data_capture("s3://Captures", 150)
            .region("mars-north-1"),
    );
    let err = stack
        .synth()
        .err()
        .unwrap_or_else(|| panic!("bad props fail synthesis"));
    let properties: Vec<&str> = err.errors.iter().map(|d| d.property.as_str()).collect();
    assert_eq!(
        properties,
        [
            "feature_dim",
            "model_data_url",
            "instance_type",
            "instance_count",
            "data_capture.s3_uri",
            "data_capture.sampling_percent",
            "autoscaling.max",
            "autoscaling.target_invocations_per_instance",
            "region",
        ]
    );
    let region = &err.errors[8];
    assert_eq!(region.value.as_deref(), Some(r#""mars-north-1""#));
    assert!(
        region.problem.contains("af-south-1") && region.problem.contains("us-west-2"),
        "{}",
        region.problem
    );
    assert!(
        err.errors
            .iter()
            .all(|d| d.path == "Detector" && d.construct == "RcfEndpoint")
    );
}

#[test]
fn serverless_excludes_instance_options() {
    let mut stack = Stack::new("rcf-serverless");
    stack.add(
        "Detector",
        RcfEndpoint::new(MODEL)
            .serverless(1000, 0)
            .instance_type("ml.c5.large")
            .autoscaling(1, 2, 100)
            .data_capture("s3://captures-bucket/rcf", 10),
    );
    let err = stack
        .synth()
        .err()
        .unwrap_or_else(|| panic!("serverless conflicts fail synthesis"));
    let found: Vec<(&str, &str)> = err
        .errors
        .iter()
        .map(|d| (d.property.as_str(), d.problem.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "serverless.memory_mb",
                "must be between 1024 and 6144: serverless endpoints have 1024 to 6144 MB of memory"
            ),
            (
                "serverless.max_concurrency",
                "must be between 1 and 200: a serverless endpoint serves 1 to 200 concurrent invocations"
            ),
            ("instance_type", "does not apply to a serverless endpoint"),
            (
                "data_capture",
                "serverless endpoints do not support data capture"
            ),
            (
                "autoscaling",
                "scales the instance count, and a serverless endpoint has no instances"
            ),
        ]
    );
}
