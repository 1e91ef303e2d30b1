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
