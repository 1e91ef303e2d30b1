//! Every kind of problem a stack file can have, pinned with the line and column it is
//! reported at: reading (syntax, types, unknown keys with suggestions), wiring (unknown ids,
//! wrong kinds, unknown parameters and attributes) and the constructs' own validation, whose
//! messages are the Rust API's.

use constructs::config::{BuildOptions, Format, StackFile};
use constructs::function::Architecture;

/// A valid stack; each test breaks one thing.
const BASE: &str = r#"name: errors
parameters:
  Topic:
    type: String
    description: Kafka topic
endpoints:
  Scorer:
    existing: rcf-anomaly-endpoint
    feature_dim: 3
kafka_sources:
  AppLogs:
    msk:
      cluster_arn: arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2
    topic: {ref: Topic}
    starting_position: latest
    batch_size: 500
functions:
  Detector:
    code: {bucket: my-artifacts, key: anomaly-function/bootstrap.zip}
    scorer: Scorer
    sources: [AppLogs]
"#;

fn outcome(text: &str, format: Format, options: &BuildOptions) -> String {
    let file = match StackFile::parse("stack.yaml", text, format) {
        Ok(file) => file,
        Err(errors) => return errors.to_string(),
    };
    match file.synth(options) {
        Ok(synthesized) => synthesized
            .warnings
            .into_iter()
            .map(|w| file.locate(w).render(file.file()))
            .collect::<Vec<_>>()
            .join("\n"),
        Err(errors) => errors.to_string(),
    }
}

/// The message for a YAML file.
fn yaml(text: &str) -> String {
    outcome(text, Format::Yaml, &BuildOptions::default())
}

/// The message for BASE with `from` replaced by `to` (which must occur).
fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "BASE has no {from:?}");
    outcome(
        &BASE.replacen(from, to, 1),
        Format::Yaml,
        &BuildOptions::default(),
    )
}

macro_rules! pinned {
    ($name:ident, $message:expr) => {
        #[test]
        fn $name() {
            let message = $message;
            assert!(
                message.contains("stack.yaml:"),
                "every problem carries a location:\n{message}"
            );
            insta::assert_snapshot!(message);
        }
    };
}

#[test]
fn the_base_stack_is_valid() {
    assert_eq!(outcome(BASE, Format::Yaml, &BuildOptions::default()), "");
}

pinned!(
    unknown_key_suggests_the_nearest,
    with("batch_size: 500", "batch_siz: 500")
);
pinned!(
    unknown_section_suggests_the_nearest,
    with("kafka_sources:", "kafka_source:")
);
pinned!(wrong_type, with("batch_size: 500", "batch_size: lots"));
pinned!(missing_required_key, with("    topic: {ref: Topic}\n", ""));
pinned!(
    unknown_choice_suggests_the_nearest,
    with("starting_position: latest", "starting_position: lastest")
);
pinned!(
    unknown_intrinsic,
    with("topic: {ref: Topic}", "topic: {reff: Topic}")
);
pinned!(
    intrinsic_with_two_keys,
    with("topic: {ref: Topic}", "topic: {ref: Topic, sub: x}")
);
pinned!(
    intrinsic_argument_of_the_wrong_kind,
    with("topic: {ref: Topic}", "topic: {select: [0, app-logs]}")
);
pinned!(
    intrinsic_giving_a_list_where_one_value_belongs,
    with("topic: {ref: Topic}", "topic: {split: [',', 'a,b']}")
);
pinned!(
    intrinsic_building_text_where_a_number_belongs,
    with("batch_size: 500", "batch_size: {sub: '${AWS::AccountId}'}")
);
pinned!(
    parameter_settings_cloudformation_refuses,
    with(
        "    description: Kafka topic\n",
        "    description: Kafka topic\n    default: App Logs\n    allowed_pattern: '[a-z-]+'\n    max_value: 10\n"
    )
);
pinned!(
    metadata_holding_a_null,
    with("name: errors\n", "name: errors\nmetadata:\n  Owner: null\n")
);
pinned!(
    unknown_reference_suggests_an_id_of_the_right_kind,
    with("scorer: Scorer", "scorer: Scorr")
);
pinned!(
    embedded_scorer_with_an_unknown_key,
    with(
        "scorer: Scorer",
        "scorer:\n      embedded:\n        model: {bundled: model.json}\n        learning: true"
    )
);
pinned!(
    embedded_scorer_with_an_s3_prefix,
    with(
        "scorer: Scorer",
        "scorer: {embedded: {model: {s3: {bucket: my-models, key: rcf/}}}}"
    )
);
pinned!(
    scorer_that_is_neither_an_id_nor_embedded,
    with("scorer: Scorer", "scorer: 3")
);
pinned!(
    reference_to_a_construct_of_another_kind,
    with("scorer: Scorer", "scorer: AppLogs")
);
pinned!(
    unknown_parameter_suggests_the_nearest,
    with("{ref: Topic}", "{ref: Topc}")
);
pinned!(
    unknown_pseudo_parameter,
    with("{ref: Topic}", "{ref: AWS::Regoin}")
);
pinned!(
    ref_of_a_construct_points_to_its_attributes,
    with("{ref: Topic}", "{ref: Scorer}")
);
pinned!(
    unknown_attribute_suggests_the_nearest,
    yaml(&format!(
        "{}\noutputs:\n  Arn:\n    description: d\n    value: {{get_att: Detector.function_arm}}\n",
        BASE.trim_end()
    ))
);
pinned!(
    two_constructors,
    with(
        "existing: rcf-anomaly-endpoint",
        "existing: rcf-anomaly-endpoint\n    create: {model_data_url: s3://models/rcf/model.tar.gz}"
    )
);
pinned!(
    no_constructor,
    with(
        "    msk:\n      cluster_arn: arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2\n",
        ""
    )
);
pinned!(
    duplicate_key,
    with(
        "    batch_size: 500\n",
        "    batch_size: 500\n    batch_size: 600\n"
    )
);
pinned!(
    duplicate_construct_id,
    with(
        "kafka_sources:\n",
        "queues:\n  Scorer: {}\nkafka_sources:\n"
    )
);
pinned!(
    yaml_syntax_error,
    with("    scorer: Scorer", "    scorer: [Scorer")
);
pinned!(
    unsupported_yaml_tag,
    with("topic: {ref: Topic}", "topic: !Ref Topic")
);
pinned!(
    every_broken_construct_is_reported_at_once,
    yaml(
        &BASE
            .replace("batch_size: 500", "batch_size: lots")
            .replace("feature_dim: 3", "feature_dim: three")
            .replace("sources: [AppLogs]", "sources: [AppLogs]\n    memory: 512")
    )
);
pinned!(
    construct_validation_with_the_rust_messages,
    yaml(
        &BASE
            .replace(
                "batch_size: 500",
                "batch_size: 20000\n    batching_window_seconds: 301"
            )
            .replace("feature_dim: 3", "feature_dim: 4")
    )
);
pinned!(
    bootstrap_server_errors_point_at_the_server,
    with(
        "    msk:\n      cluster_arn: arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2\n",
        "    self_managed:\n      bootstrap_servers: [b-1.example.com:9096, \"SASL_SSL://b-2.example.com:9096\"]\n    auth: iam\n"
    )
);
pinned!(
    stack_name_and_parameter_id,
    yaml(&BASE.replace("name: errors", "name: 9lives").replace(
        "  Topic:\n",
        "  Topic:\n    type: String\n    description: dup\n  Bad-Id:\n"
    ))
);
pinned!(
    warnings_point_at_the_file,
    with("    sources: [AppLogs]\n", "")
);
pinned!(
    architecture_contradicting_the_package,
    outcome(
        &BASE.replace(
            "    scorer: Scorer\n",
            "    scorer: Scorer\n    architecture: arm64\n"
        ),
        Format::Yaml,
        &BuildOptions {
            code_key: None,
            architecture: Some(Architecture::X86_64)
        }
    )
);
pinned!(
    json_syntax_error,
    outcome(
        "{\n  \"name\": \"x\",\n  \"endpoints\": {,}\n}\n",
        Format::Json,
        &BuildOptions::default()
    )
);
pinned!(
    json_files_have_locations_too,
    outcome(
        "{\n  \"name\": \"x\",\n  \"endpoints\": {\n    \"Scorer\": {\"existing\": \"rcf\", \"feature_dims\": 3}\n  }\n}\n",
        Format::Json,
        &BuildOptions::default()
    )
);

// The rest of what a file can get wrong: its shape, its YAML, intrinsics and cycles.

pinned!(
    document_that_is_not_a_map,
    outcome("- name: x\n", Format::Yaml, &BuildOptions::default())
);
pinned!(
    empty_json_document,
    outcome("", Format::Json, &BuildOptions::default())
);
pinned!(
    entry_that_is_not_a_map_of_settings,
    with(
        "  Topic:\n    type: String\n    description: Kafka topic\n",
        "  Topic: a Kafka topic\n"
    )
);
pinned!(
    keys_without_a_visible_character,
    with("    batch_size: 500\n", "    \"\": 500\n")
);
pinned!(
    second_yaml_document,
    yaml(&format!("{BASE}---\nname: again\n"))
);
pinned!(
    alias_to_an_undefined_anchor,
    with("batch_size: 500", "batch_size: *size")
);
pinned!(
    map_key_that_is_a_list,
    with("    batch_size: 500\n", "    [batch_size]: 500\n")
);
pinned!(
    core_tag_that_does_not_fit,
    with("batch_size: 500", "batch_size: !!int five")
);
pinned!(
    get_att_without_an_attribute,
    with("topic: {ref: Topic}", "topic: {get_att: Scorer}")
);
pinned!(
    get_att_of_an_unknown_construct,
    with(
        "topic: {ref: Topic}",
        "topic: {get_att: Scorr.endpoint_name}"
    )
);
pinned!(
    construct_reference_cycle,
    with(
        "    existing: rcf-anomaly-endpoint\n",
        "    existing: {get_att: Detector.function_name}\n"
    )
);
pinned!(
    attribute_read_cycle,
    yaml(&BASE.replace(
        "    batch_size: 500\n",
        "    batch_size: 500\n    on_failure: {queue: Failures}\n"
    ).replace(
        "functions:\n",
        "queues:\n  Failures:\n    retention_seconds: {get_att: AppLogs.mapping_id}\nfunctions:\n"
    ))
);

#[test]
fn unreadable_file() {
    let errors = StackFile::load(std::path::Path::new("no/such/stack.yaml"))
        .map(|_| ())
        .unwrap_err();
    insta::assert_snapshot!(errors.to_string());
}
pinned!(
    choice_that_needs_settings,
    with(
        "starting_position: latest",
        "starting_position: at_timestamp"
    )
);
pinned!(
    choice_that_takes_no_settings,
    with(
        "starting_position: latest",
        "starting_position: {latest: 5}"
    )
);
pinned!(
    intrinsic_without_its_argument,
    with("topic: {ref: Topic}", "topic: {sub: }")
);

// All problems at once (issue 14): an unknown key is reported together with what synthesis
// finds in the constructs that did read: a batch size over 10,000 and a 900-second timeout on
// a Kafka-fed function, each with its rule id.
pinned!(
    unknown_key_with_the_constructs_own_problems,
    yaml(
        &BASE
            .replacen("    batch_size: 500\n", "    batch_size: 20000\n", 1)
            .replacen(
                "    sources: [AppLogs]\n",
                "    sources: [AppLogs]\n    timeout_seconds: 900\n    memmory_mb: 512\n",
                1,
            )
    )
);

#[test]
fn one_run_reports_a_misspelt_key_a_batch_size_and_a_timeout() {
    let text = BASE
        .replacen("    batch_size: 500\n", "    batch_size: 20000\n", 1)
        .replacen(
            "    sources: [AppLogs]\n",
            "    sources: [AppLogs]\n    timeout_seconds: 900\n    memmory_mb: 512\n",
            1,
        );
    let message = yaml(&text);
    for id in ["error[E0902]", "error[E0104]", "error[E0203]"] {
        assert!(message.contains(id), "{id} missing from:\n{message}");
    }
    for id in ["E0902", "E0104", "E0203"] {
        assert!(
            constructs::rules::lookup(id).is_some(),
            "{id} is not documented"
        );
    }
}

// Issue 16: a registry is Glue or Confluent, and a Confluent Cloud source authenticates with an
// API key or OAuth; a misspelt OAuth secret key gets a suggestion.
pinned!(
    nested_choices_of_registries_and_confluent_credentials,
    yaml(
        &BASE
            .replacen(
                "    batch_size: 500\n",
                "    batch_size: 500\n    provisioned_pollers: {minimum: 1, maximum: 2}\n    on_failure: {sqs: 'arn:aws:sqs:us-east-1:123456789012:failed'}\n    schema_registry:\n      glue: arn:aws:glue:us-east-1:123456789012:registry/orders\n      confluent: https://psrc-abc12.us-east-1.aws.confluent.cloud\n  Other:\n    confluent:\n      bootstrap: pkc-abc12.us-east-1.aws.confluent.cloud:9092\n    consumer_group_id: other\n    topic: app-logs\n    starting_position: latest\n",
                1,
            )
            .replacen("    sources: [AppLogs]\n", "    sources: [AppLogs, Other]\n", 1)
    )
);
// The property tests found this panicking: a 255-character id makes the endpoint's role and
// its policy derive one (truncated) logical id; the policy is refused, nothing moves.
pinned!(
    an_id_so_long_that_role_and_policy_ids_collide,
    yaml(&format!(
        "name: A\nendpoints:\n  {}:\n    create: {{model_data_url: s3://my-models/rcf/output/model.tar.gz}}\n",
        "x".repeat(255)
    ))
);
// An output needs a string value: a null (AWS::NoValue) and a list are refused at synthesis.
pinned!(
    outputs_without_a_string_value,
    yaml(&format!(
        "{BASE}outputs:\n  Nothing:\n    description: no value\n    value: null\n  Topics:\n    description: a list\n    value: [app-logs, audit-logs]\n"
    ))
);
// An output reading an attribute of a construct that could not be read: only the construct's
// problem is reported (the output has no value because of it, not as a problem of its own).
pinned!(
    output_of_a_construct_that_could_not_be_read,
    yaml(&format!(
        "{}outputs:\n  Mapping:\n    description: the mapping\n    value: {{get_att: AppLogs.mapping_id}}\n",
        BASE.replacen("    batch_size: 500\n", "    batch_size: [500]\n", 1)
    ))
);
// A registry hands JSON text to the function: a function reading a text format cannot use it.
pinned!(
    registry_records_for_a_function_reading_access_logs,
    yaml(
        &BASE
            .replacen(
                "    batch_size: 500\n",
                "    batch_size: 500\n    provisioned_pollers: {minimum: 1, maximum: 2}\n    on_failure: {sqs: 'arn:aws:sqs:us-east-1:123456789012:failed'}\n    schema_registry:\n      glue: arn:aws:glue:us-east-1:123456789012:registry/orders\n",
                1,
            )
            .replacen(
                "    sources: [AppLogs]\n",
                "    sources: [AppLogs]\n    record_format: combined\n    features:\n      - {name: status, derive: class}\n      - {name: is_5xx, path: status, derive: {indicator: 500}}\n      - {name: body_bytes_sent, derive: log}\n",
                1,
            )
    )
);
pinned!(
    misspelt_oauth_secret_key,
    yaml(&BASE.replacen(
        "endpoints:\n",
        "oauth_secrets:\n  Idp:\n    import: arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-oauth-AbCdEf\n    fields: [client_emial, private_key]\nendpoints:\n",
        1
    ))
);
// A property added to a construct's props is a stack-file key at once, with the same check.
pinned!(
    table_recovery_period_in_a_stack_file,
    yaml(&format!(
        "{BASE}anomaly_tables:\n  Anomalies:\n    recovery_period_days: 0\n"
    ))
);

// An adaptive threshold's settings are the contract's (E0830-E0834): every bad one is
// reported at once, at the threshold's line.
pinned!(
    adaptive_threshold_out_of_range,
    with(
        "    sources: [AppLogs]\n",
        "    sources: [AppLogs]\n    threshold: {kind: adaptive, k: 0, half_life: 0, window: 0, floor: -1, initial: {mean: .nan, stddev: -1}}\n"
    )
);
// Record formats are checked at synthesis, with the function's own compile of the pattern:
// a pattern that does not compile (E0820), features naming no field of a preset (E0821) and a
// derivation that cannot be applied (E0822).
pinned!(
    record_format_pattern_that_does_not_compile,
    with(
        "    sources: [AppLogs]\n",
        "    sources: [AppLogs]\n    record_format: {regex: '(?P<ms>\\d+ms status=(?P<status>\\d+)'}\n    \
         features: [{name: ms}, {name: status}, {name: bytes}]\n"
    )
);
pinned!(
    record_format_features_and_derivations_that_do_not_fit,
    with(
        "    sources: [AppLogs]\n",
        "    sources: [AppLogs]\n    record_format: combined\n    features:\n      \
         - {name: status, derive: class}\n      - {name: response_time_ms}\n      \
         - {name: method, derive: {map: {}}}\n"
    )
);
