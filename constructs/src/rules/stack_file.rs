//! E09xx: stack files (`synth --config stack.yaml`): reading the file, its keys and values,
//! and the references between its constructs and parameters.

use super::rules;

const YAML: &str = "https://yaml.org/spec/1.2.2/";
const SCHEMA: &str = "https://json-schema.org/understanding-json-schema/reference/object";
const INTRINSICS: &str = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html";
const REF: &str = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-ref.html";

rules! {
    /// The file is not valid YAML (or JSON).
    SYNTAX = "E0900" => {
        title: "the stack file is not valid YAML or JSON",
        checks: "A stack file is YAML 1.2 (or JSON, when its name ends in `.json`); the parser \
                 stops at the first character it cannot read and the message gives its line and \
                 column.",
        example: "kafka_sources:\n  AppLogs:\n    topic: [app-logs",
        fix: "correct the YAML or JSON at the position given",
        docs: YAML,
    }
    /// The document is not a map of sections.
    NOT_A_MAP = "E0901" => {
        title: "the stack file is not a map of sections",
        checks: "The top level of a stack file is a map: `name`, the optional settings, and one \
                 section per construct kind.",
        example: "- name: orders-anomaly",
        fix: "start from `synth init`, which writes a commented stack.yaml",
        docs: YAML,
    }
    /// A key the settings do not have.
    UNKNOWN_KEY = "E0902" => {
        title: "a key the settings here do not have",
        checks: "Every key of a construct's settings is one of its builder methods' names \
                 (`synth schema` lists them); a misspelt key would otherwise be ignored and its \
                 setting silently lost. The message suggests the nearest valid key, and the rest \
                 of the construct is still checked.",
        example: "kafka_sources:\n  AppLogs:\n    batch_siz: 500",
        fix: "use the key the message suggests, or remove it",
        docs: SCHEMA,
    }
    /// A choice that does not exist.
    UNKNOWN_CHOICE = "E0903" => {
        title: "a choice that is not one of the allowed ones",
        checks: "Settings that choose among fixed options (a starting position, an egress, a log \
                 level…) accept only the option names the schema lists.",
        example: "kafka_sources:\n  AppLogs:\n    starting_position: earliest",
        fix: "use one of the choices the message lists",
        docs: SCHEMA,
    }
    /// A map written as an intrinsic whose key names none.
    UNKNOWN_INTRINSIC = "E0904" => {
        title: "a map in place of a value whose key is not an intrinsic",
        checks: "Where a plain value is expected, a map is read as an intrinsic: exactly one of \
                 the keys `ref`, `get_att`, `sub`, `join`, `select`, `split`, `import_value`, \
                 `get_azs`, `base64`, `cidr`.",
        example: "kafka_sources:\n  AppLogs:\n    topic: {reff: Topic}",
        fix: "write a plain value, or an intrinsic with one of those keys",
        docs: INTRINSICS,
    }
    /// A required key is absent.
    MISSING_KEY = "E0905" => {
        title: "a required key is missing",
        checks: "Some settings have no default that could be right for everyone (a function's \
                 `code`, a source's `topic`, a parameter's `type`): the file must give them.",
        example: "kafka_sources:\n  AppLogs:\n    msk: {cluster_arn: {ref: ClusterArn}}\n    starting_position: latest",
        fix: "add the key the message names",
        docs: SCHEMA,
    }
    /// A value of the wrong type.
    WRONG_TYPE = "E0906" => {
        title: "a value of the wrong type",
        checks: "Each key takes values of one type (a whole number, a string, true or false, a \
                 list, a map of settings) or an intrinsic; YAML reads `yes`, `1e3` and `0x10` \
                 as what YAML 1.2 says they are, not as strings.",
        example: "kafka_sources:\n  AppLogs:\n    batch_size: five hundred",
        fix: "write a value of the type the message names (quote strings that look like numbers)",
        docs: SCHEMA,
    }
    /// A value that cannot be read for another reason.
    UNREADABLE_VALUE = "E0907" => {
        title: "a value that cannot be read as written",
        checks: "Values must have the shape their key takes: an intrinsic is a map with exactly \
                 one key, a choice without settings is a plain string, a choice with settings a \
                 map with one key.",
        example: "functions:\n  Detector:\n    scorer: {}",
        fix: "correct the value as the message describes",
        docs: SCHEMA,
    }
    /// Two constructs with the same id.
    DUPLICATE_ID = "E0908" => {
        title: "two constructs have the same id",
        checks: "Construct ids are unique across all sections: constructs refer to each other by \
                 id, and logical ids derive from it.",
        example: "queues:\n  Alerts: {}\nalert_topics:\n  Alerts: {}",
        fix: "give each construct its own id",
        docs: SCHEMA,
    }
    /// A reference to an id no construct has.
    UNKNOWN_CONSTRUCT = "E0909" => {
        title: "a reference to a construct id the file does not declare",
        checks: "Constructs refer to each other by id (`scorer: Scorer`, `sources: [AppLogs]`, \
                 `{get_att: Detector.function_arn}`); the id must be declared in the file. The \
                 message suggests the nearest declared id.",
        example: "functions:\n  Detector:\n    scorer: Scorr",
        fix: "use the id of a construct of the file (the message suggests one)",
        docs: SCHEMA,
    }
    /// A reference to a construct of the wrong kind.
    WRONG_KIND = "E0910" => {
        title: "a reference to a construct of the wrong kind",
        checks: "Each reference takes constructs of one kind: `scorer` an endpoint, `sources` \
                 Kafka sources, `auth` a secret of the right kind, and so on.",
        example: "functions:\n  Detector:\n    scorer: AppLogs   # a kafka_sources id",
        fix: "refer to a construct of the section the message names",
        docs: SCHEMA,
    }
    /// Constructs that refer to each other in a cycle.
    REFERENCE_CYCLE = "E0911" => {
        title: "constructs refer to each other in a cycle",
        checks: "A construct is built after everything it refers to; constructs that refer to \
                 each other (directly, or through attributes) can never be built.",
        example: "functions:\n  A: {vpc: B}\nvpcs:\n  B: {import: {vpc_id: {get_att: A.function_arn}}}",
        fix: "break the cycle: a construct cannot depend on what depends on it",
        docs: SCHEMA,
    }
    /// `{ref: Name}` to no parameter.
    UNKNOWN_PARAMETER = "E0912" => {
        title: "`{ref: Name}` names no parameter of the file and no pseudo parameter",
        checks: "`ref` reads a parameter declared under `parameters`, or a pseudo parameter \
                 (`AWS::Region`, `AWS::AccountId`, `AWS::Partition`, `AWS::URLSuffix`, \
                 `AWS::StackName`, `AWS::StackId`, `AWS::NoValue`). CloudFormation refuses a \
                 template whose `Ref` points at nothing.",
        example: "kafka_sources:\n  AppLogs:\n    topic: {ref: Topc}",
        fix: "declare the parameter, or use the name the message suggests",
        docs: REF,
    }
    /// `{ref: Name}` to a construct.
    REF_TO_CONSTRUCT = "E0913" => {
        title: "`{ref: Name}` names a construct, not a parameter",
        checks: "A construct has no single value to `ref`; its attributes are read with \
                 `{get_att: Construct.attribute}`.",
        example: "outputs:\n  Fn: {description: The function, value: {ref: Detector}}",
        fix: "read one of its attributes with `get_att`, as the message lists",
        docs: REF,
    }
    /// `{get_att: Construct.attribute}` that reads nothing.
    UNKNOWN_ATTRIBUTE = "E0914" => {
        title: "`{get_att: …}` names no attribute of a construct of the file",
        checks: "`get_att` is `Construct.attribute`: the id of a construct of the file and one \
                 of the attributes its kind has (those of its handle in the Rust API, e.g. \
                 `function_arn`, `queue_url`, `topic_arn`).",
        example: "outputs:\n  Fn: {description: The function, value: {get_att: Detector.arn}}",
        fix: "use `Construct.attribute` with an attribute the message lists",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getatt.html",
    }
    /// Not exactly one of the keys that choose how a construct is made.
    EXACTLY_ONE = "E0915" => {
        title: "not exactly one of the keys that choose how the construct is made",
        checks: "Some constructs are made one of several ways, each a key with its settings \
                 (a Kafka source's `msk`, `self_managed` or `confluent`; a VPC's `import` or \
                 `create`; an endpoint's `existing` or `create`): exactly one must be given.",
        example: "kafka_sources:\n  AppLogs:\n    msk: {cluster_arn: {ref: ClusterArn}}\n    confluent: {bootstrap: pkc-1.aws.confluent.cloud:9092, api_key: Key}",
        fix: "keep exactly one of the keys the message lists",
        docs: SCHEMA,
    }
    /// `architecture` that contradicts the package.
    ARCHITECTURE = "E0916" => {
        title: "the function's architecture contradicts the package synth was given",
        checks: "`synth --code-zip` reads the instruction set of the package's binary (and \
                 `--architecture` names one); a function declared for the other would not start.",
        example: "functions:\n  Detector:\n    architecture: arm64   # synth --code-zip x86_64.zip",
        fix: "remove `architecture` from the file, or build the package for the declared one",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html",
    }
    /// The file cannot be read.
    UNREADABLE_FILE = "E0917" => {
        title: "the stack file cannot be read",
        checks: "`synth --config FILE` reads the file as UTF-8 text.",
        example: "synth --config stak.yaml",
        fix: "check the path, or write a starter file with `synth init`",
        docs: YAML,
    }
}
