//! The bugs the property tests found, each pinned with the (shrunk) input that showed it.

use constructs::config::{BuildOptions, Format, StackFile};
use constructs::{AlertTopic, Parameter, Queue, Stack};

use crate::support::checks;

/// A parameter named like the stack's key (or a mapping, condition or rule the constructs
/// add) was accepted, and the template named a parameter and a resource `EncryptionKey`.
#[test]
fn parameter_named_like_the_stack_key_is_refused() {
    let mut stack = Stack::new("a");
    stack.add_parameter("EncryptionKey", Parameter::string("a key"));
    stack.add("Topic0", AlertTopic::new());
    let errors = stack.synth().expect_err("a clash");
    assert_eq!(errors.errors.len(), 1, "{errors}");
    assert_eq!(errors.errors[0].property, "parameter");
    assert_eq!(errors.errors[0].value.as_deref(), Some("\"EncryptionKey\""));
}

/// Diagnostics of a construct added with an empty (or whitespace) id, and of a stack with an
/// empty name, named nothing: their path was empty.
#[test]
fn constructs_without_a_visible_id_are_still_named() {
    let mut stack = Stack::new("");
    stack.add("", Queue::new());
    stack.add("\t", Queue::new());
    let errors = stack.synth().expect_err("invalid ids");
    let paths: Vec<&str> = errors.errors.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["\"\"", "\"\"", "\"\\t\""]);
    for d in &errors.errors {
        assert!(checks::complete(d).is_empty(), "{d:?}");
    }
}

/// Text with DEL, NEL or U+2028 (here in the description) made JSON that cfn-lint could not
/// parse (it reads JSON as YAML, which refuses DEL) or read differently (YAML folds NEL).
#[test]
fn template_json_escapes_what_yaml_refuses_or_folds() {
    let text = "a\u{7f}b\u{85}c\u{2028}d\u{9f}";
    let mut stack = Stack::new("a");
    stack.description(text);
    let template = stack.synth().expect("valid").template;
    let json = template.to_json();
    for escape in ["\\u007f", "\\u0085", "\\u2028", "\\u009f"] {
        assert!(json.contains(escape), "{escape} missing from {json}");
    }
    assert_eq!(checks::round_trip(&template), Vec::<String>::new());
}

/// A description over CloudFormation's 1024 bytes was accepted.
#[test]
fn descriptions_over_1024_bytes_are_refused() {
    let mut stack = Stack::new("a");
    stack.description("é".repeat(512));
    assert!(stack.synth().is_ok(), "1024 bytes is the limit");
    stack.description("é".repeat(513));
    let errors = stack.synth().expect_err("1026 bytes");
    assert_eq!(errors.errors[0].property, "description");
}

/// An imported key given by alias (or any non-key value) was accepted, though grants need
/// the key's ARN.
#[test]
fn imported_keys_must_be_key_arns() {
    let mut stack = Stack::new("a");
    stack.encryption_key_arn("");
    stack.add("Queue", Queue::new());
    let errors = stack.synth().expect_err("not a key ARN");
    assert_eq!(errors.errors[0].property, "encryption_key_arn");
}

/// Stack files: a document that is not a map, an entry that is not a map, and an empty key
/// gave problems with an empty property; an empty JSON file was located at column 0.
#[test]
fn stack_file_problems_name_a_property_and_a_real_place() {
    let first_problem = |text: &str, format: Format| {
        let errors = match StackFile::parse("stack.yaml", text, format) {
            Ok(file) => file
                .synth(&BuildOptions::default())
                .expect_err("must be refused"),
            Err(errors) => errors,
        };
        let problem = errors.errors[0].clone();
        assert!(
            checks::complete(&problem.diagnostic).is_empty(),
            "{problem:?}"
        );
        problem
    };
    assert_eq!(
        first_problem("[]", Format::Yaml).diagnostic.property,
        "document"
    );
    assert_eq!(
        first_problem("\"\": null\nname: fuzzed\n", Format::Yaml)
            .diagnostic
            .property,
        "\"\""
    );
    let entry = first_problem("name: x\nparameters:\n  Topic: a topic\n", Format::Yaml);
    assert_eq!(entry.diagnostic.property, "settings");
    assert_eq!(entry.diagnostic.fix, "write a map of settings");
    let empty = first_problem("", Format::Json);
    let at = empty.location.expect("located");
    assert_eq!((at.line, at.column), (1, 1));
}

/// A variant name (or construct id) holding `${` was spliced into a `Fn::Sub` template as is,
/// so besides its own error the stack reported a reference to nothing.
#[test]
fn names_spliced_into_sub_templates_stay_literal() {
    use constructs::{KafkaSource, RcfEndpoint, StartingPosition};
    let mut stack = Stack::new("a");
    stack.add(
        "Endpoint0",
        RcfEndpoint::new("s3://b0a/model.tar.gz")
            .variant_name("a${DanglingParam}")
            .autoscaling(1, 1, 1),
    );
    stack.add(
        "Logs${DanglingParam}",
        KafkaSource::msk(
            "arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2",
            "app-logs",
        )
        .starting_position(StartingPosition::Latest),
    );
    let errors = stack.synth().expect_err("invalid names");
    let properties: Vec<&str> = errors.errors.iter().map(|d| d.property.as_str()).collect();
    assert_eq!(properties, ["id", "variant_name"], "{errors}");
}

/// The problems of a stack file that must be refused.
fn refusal(text: &str) -> constructs::config::ConfigErrors {
    match StackFile::parse("stack.yaml", text, Format::Yaml) {
        Ok(file) => file
            .synth(&BuildOptions::default())
            .expect_err("must be refused"),
        Err(errors) => errors,
    }
}

/// The template of a stack file that must synthesize, as JSON.
fn template(text: &str) -> serde_json::Value {
    StackFile::parse("stack.yaml", text, Format::Yaml)
        .expect("readable")
        .synth(&BuildOptions::default())
        .expect("valid")
        .template
        .to_value()
}

/// Whether the stack file's JSON Schema accepts the YAML `text`.
fn schema_accepts(text: &str) -> bool {
    let json: serde_json::Value = serde_saphyr::from_str(text).expect("YAML");
    jsonschema::validator_for(&constructs::config::schema())
        .expect("the schema compiles")
        .is_valid(&json)
}

/// The rule ids of `errors`, in order.
fn ids(errors: &constructs::config::ConfigErrors) -> Vec<&'static str> {
    errors.errors.iter().map(|p| p.diagnostic.rule.id).collect()
}

/// The schema required the key of a choice (`existing` or `create`) but let it be null, which
/// the reader reads as absent: editors accepted `existing: null`, synthesis refused it.
#[test]
fn a_choice_given_as_null_is_not_given() {
    let text = "name: a\nendpoints:\n  Scorer:\n    existing: null\n";
    assert!(!schema_accepts(text), "the schema must refuse it too");
    assert_eq!(ids(&refusal(text)), ["E0915"]);
}

/// A reference in `encryption_key_arn` to an undeclared parameter was reported with an empty
/// property and no location.
#[test]
fn the_stack_key_names_its_key_when_it_refers_to_nothing() {
    let errors = refusal("name: a\nencryption_key_arn: {ref: Key}\n");
    let problem = &errors.errors[0];
    assert_eq!(problem.diagnostic.rule.id, "E0912");
    assert_eq!(problem.diagnostic.property, "encryption_key_arn");
    assert_eq!(problem.diagnostic.path, "a");
    assert_eq!(problem.location.map(|at| at.line), Some(2));
}

/// Settings written as a list were read field by field (serde reads a struct from a
/// sequence), so `[Detector, Alerts]` became a function and a topic.
#[test]
fn settings_written_as_a_list_are_refused() {
    let errors = refusal("name: a\nmonitoring:\n  Watch: [Detector, Alerts]\n");
    assert_eq!(ids(&errors), ["E0906"]);
    assert_eq!(errors.errors[0].diagnostic.fix, "write a map of settings");
}

/// A 32-bit setting had no maximum in the schema, which accepted what the reader refuses.
#[test]
fn thirty_two_bit_settings_carry_their_range_in_the_schema() {
    let text = "name: a\nanomaly_tables:\n  Anomalies: {ttl_days: 4294967296}\n";
    assert!(!schema_accepts(text));
    assert_eq!(ids(&refusal(text)), ["E0906"]);
}

/// A map holding an intrinsic's key after another key was read as a plain map, and one holding
/// it first as a broken intrinsic; the schema accepted both.
#[test]
fn a_map_holding_an_intrinsic_key_is_an_intrinsic_wherever_the_key_is() {
    for value in [
        "{Label: x, ref: AWS::Region}",
        "{ref: AWS::Region, Label: x}",
    ] {
        let text = format!("name: a\noutputs:\n  Out:\n    description: d\n    value: {value}\n");
        assert!(!schema_accepts(&text), "{value}");
        assert_eq!(ids(&refusal(&text)), ["E0907"], "{value}");
    }
}

/// Problems of a construct whose id is empty, or holds `/`, had no location (the locator
/// looked up the quoted name, or the part before `/`); an empty id's choice problem had an
/// empty path; an output with an empty id had no location, and a `get_att` in a file without
/// constructs suggested "use one of " nothing.
#[test]
fn problems_of_invisible_and_slashed_ids_are_located() {
    for id in ["''", "a/b"] {
        let text = format!("name: a\nvpcs:\n  {id}: {{}}\n");
        let errors = refusal(&text);
        assert!(ids(&errors).contains(&"E0915"), "{errors}");
        for problem in &errors.errors {
            assert!(
                problem.location.is_some(),
                "{id}: {}",
                problem.render("stack.yaml")
            );
            assert!(
                checks::complete(&problem.diagnostic).is_empty(),
                "{problem:?}"
            );
        }
    }
    let errors = refusal(
        "name: a\noutputs:\n  '':\n    description: d\n    value: {get_att: Nothing.arn}\n",
    );
    let problem = errors
        .errors
        .iter()
        .find(|p| p.diagnostic.rule.id == "E0909")
        .expect("E0909");
    assert!(
        problem.location.is_some(),
        "{}",
        problem.render("stack.yaml")
    );
    assert!(
        !problem.diagnostic.fix.ends_with("use one of "),
        "{}",
        problem.diagnostic.fix
    );
}

/// Intrinsics whose arguments or result had the wrong kind were copied into the template,
/// which cfn-lint refused (`Fn::Select` from `true`, `Fn::Split` of a map, `Fn::ImportValue` of
/// a map, a list where one value belongs, text where a number belongs).
#[test]
fn intrinsics_of_the_wrong_kind_are_refused() {
    let base = "name: a\nqueues:\n  Q:\n    retention_seconds: VALUE\n";
    for value in [
        "{select: [0, true]}",
        "{select: [2, [60, 120]]}",
        "{import_value: {Name: x}}",
        "{split: [',', {Name: x}]}",
        "{split: [',', '60,120']}",
        "{sub: '${AWS::AccountId}'}",
        "{sub: ['${Days}', {Days: '1', Unused: '2'}]}",
        "{join: ['', [6, 0]]}",
    ] {
        let errors = refusal(&base.replace("VALUE", value));
        assert_eq!(ids(&errors), ["E0907"], "{value}: {errors}");
        assert!(errors.errors[0].location.is_some(), "{value}");
    }
}

/// A `sub` without a variable was written as `Fn::Sub`, which cfn-lint warns is not needed.
#[test]
fn a_sub_without_a_variable_is_plain_text() {
    let json = template("name: a\nalert_topics:\n  Alerts: {display_name: {sub: Alerts}}\n");
    assert_eq!(
        json["Resources"]["AlertsTopic"]["Properties"]["DisplayName"],
        "Alerts"
    );
}

/// Parameters were copied into the template unchecked: settings their type does not take,
/// contradictory bounds and defaults their own constraints refuse all failed cfn-lint.
#[test]
fn parameters_cloudformation_refuses_are_refused() {
    let errors = refusal(
        "name: a\nparameters:\n  Size:\n    type: Number\n    description: d\n    default: 50000\n    max_value: 10000\n    max_length: 5000\n  Name:\n    type: String\n    description: d\n    default: ABC\n    allowed_pattern: '[a-z]+'\n    min_value: 1\n    allowed_values: [abc]\n",
    );
    let found: Vec<(&str, &str)> = errors
        .errors
        .iter()
        .map(|p| (p.diagnostic.path.as_str(), p.diagnostic.property.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("Size", "max_length"),
            ("Size", "max_length"),
            ("Size", "default"),
            ("Name", "min_value"),
            ("Name", "default"),
            ("Name", "default"),
        ],
        "{errors}"
    );
    assert!(
        errors
            .errors
            .iter()
            .all(|p| p.diagnostic.rule.id == "E0010" && p.location.is_some())
    );
    let mut stack = Stack::new("a");
    stack.add_parameter(
        "Topic",
        Parameter::string("a topic")
            .allowed_pattern("[a-z-]+", "a topic")
            .default_value("app-logs"),
    );
    assert!(
        stack.synth().is_ok(),
        "a default its pattern matches whole is fine"
    );
}

/// A min_length above 4096 (the longest value, so no value fits) synthesized while the
/// schema refused it: found by the generator after max_length was bounded.
#[test]
fn a_min_length_no_value_can_reach_is_refused() {
    let errors = refusal(
        "name: a\nparameters:\n  Name:\n    type: String\n    description: d\n    min_length: 4097\n",
    );
    assert_eq!(ids(&errors), ["E0010"], "{errors}");
    assert_eq!(errors.errors[0].diagnostic.property, "min_length");
    assert_eq!(errors.errors[0].location.map(|at| at.line), Some(6));
}

/// A null in the template's metadata failed cfn-lint.
#[test]
fn metadata_holding_a_null_is_refused() {
    let errors = refusal("name: a\nmetadata:\n  Owner: {team: null}\n");
    assert_eq!(ids(&errors), ["E0011"]);
    assert_eq!(errors.errors[0].location.map(|at| at.line), Some(2));
}

/// A metric a stack file listed twice was published twice, which cfn-lint refuses.
#[test]
fn a_metric_listed_twice_is_published_once() {
    let json = template(
        "name: a\nkafka_sources:\n  Logs:\n    msk: {cluster_arn: arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2}\n    topic: app-logs\n    starting_position: latest\n    provisioned_pollers: {minimum: 1, maximum: 2}\n    metrics: [event_count, event_count]\nendpoints:\n  Scorer: {existing: rcf}\nfunctions:\n  Detector:\n    code: {bucket: my-artifacts, key: bootstrap.zip}\n    scorer: Scorer\n    sources: [Logs]\n",
    );
    assert_eq!(
        json["Resources"]["LogsMapping"]["Properties"]["MetricsConfig"]["Metrics"],
        serde_json::json!(["EventCount"])
    );
}
