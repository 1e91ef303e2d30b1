//! E08xx: the function's configuration contract (`contract::FunctionConfig`), checked at
//! synthesis and again by the function at cold start. The ids are the contract's own
//! ([`ContractRule::id`]), so a cold-start error and a synthesis error name the same rule.

use contract::ContractRule;

use super::{Rule, rules};

const LAMBDA_ENV: &str = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html";
const RCF_INPUTS: &str =
    "https://docs.aws.amazon.com/sagemaker/latest/dg/randomcutforest.html#rcf-input_output";
const RCF_THRESHOLD: &str = "https://docs.aws.amazon.com/sagemaker/latest/dg/rcf-how-it-works.html";

rules! {
    /// The configuration is not JSON of the contract's shape.
    JSON = ContractRule::Json.id() => {
        title: "the function's configuration is not JSON of the contract's shape",
        checks: "The function reads its whole configuration from one JSON environment value \
                 (`ANOMALY_CONFIG`), written by the stack that deploys it. It refuses to start \
                 when the value is not JSON, has an unknown field, or lacks a required one: such \
                 a value comes from a different release of the stack, or was edited by hand.",
        example: "ANOMALY_CONFIG='{\"version\": 1, \"features\": [], \"bogus\": 1}'",
        fix: "deploy the function and the stack from the same release (redeploy the stack), or \
              correct the JSON",
        docs: LAMBDA_ENV,
    }
    /// The contract version is not this build's.
    VERSION = ContractRule::Version.id() => {
        title: "the configuration's contract version is not the one this function understands",
        checks: "The configuration carries the contract version it was written for; a function \
                 built for another version refuses it instead of misreading it.",
        example: "ANOMALY_CONFIG='{\"version\": 9, ...}'",
        fix: "deploy the function package and the stack from the same release",
        docs: LAMBDA_ENV,
    }
    /// No features.
    NO_FEATURES = ContractRule::NoFeatures.id() => {
        title: "the function extracts no features",
        checks: "Every record is scored on the numbers its features yield; with none there is \
                 nothing to score.",
        example: "functions:\n  Detector:\n    features: []",
        fix: "list at least one feature (a field of the log record holding a number)",
        docs: RCF_INPUTS,
    }
    /// More than `MAX_FEATURES` features.
    TOO_MANY_FEATURES = ContractRule::TooManyFeatures.id() => {
        title: "the function extracts more features than the runtime supports",
        checks: "A record yields at most 64 features: the row is built on the stack without \
                 allocating, and Random Cut Forest models lose resolution as dimensions grow.",
        example: "functions:\n  Detector:\n    features: [f1, f2, ..., f65]",
        fix: "score with 64 features or fewer",
        docs: RCF_INPUTS,
    }
    /// A feature name is empty, repeated or holds a control character.
    FEATURE_NAME = ContractRule::FeatureName.id() => {
        title: "a feature name is empty, repeated or holds a control character",
        checks: "Features are named in logs, results, model files and CSV headers, and the \
                 model's features must match the function's by name and order: each name must be \
                 non-empty, printable and unique.",
        example: "functions:\n  Detector:\n    features:\n      - {name: status}\n      - {name: status, path: http.status}",
        fix: "give every feature its own printable name",
        docs: RCF_INPUTS,
    }
    /// A feature's field path is not a dot-separated path.
    FEATURE_PATH = ContractRule::FeaturePath.id() => {
        title: "a feature's field path is not a dot-separated path of field names",
        checks: "A feature reads the field at its path (`http.latency_ms` is field `latency_ms` \
                 of object `http`); an empty segment (`a..b`, a leading or trailing dot) or a \
                 control character names no field.",
        example: "functions:\n  Detector:\n    features:\n      - {name: latency, path: http..latency_ms}",
        fix: "use dot-separated field names such as `http.latency_ms`",
        docs: RCF_INPUTS,
    }
    /// A feature's default is not a finite number.
    FEATURE_DEFAULT = ContractRule::FeatureDefault.id() => {
        title: "a feature's default is not a finite number",
        checks: "A default stands in for a missing field, so it must be a number the model can \
                 score: NaN and infinities are not.",
        example: "functions:\n  Detector:\n    features:\n      - {name: bytes, default: .inf}",
        fix: "use a finite number, or no default (records without the field are then bad records)",
        docs: RCF_INPUTS,
    }
    /// The SageMaker endpoint name is not one.
    ENDPOINT_NAME = ContractRule::EndpointName.id() => {
        title: "the scorer's SageMaker endpoint name is not an endpoint name",
        checks: "SageMaker endpoint names are 1 to 63 letters, digits and single hyphens, not \
                 starting or ending with a hyphen (the CreateEndpoint API's EndpointName \
                 pattern).",
        example: "endpoints:\n  Scorer: {existing: -my--endpoint-}",
        fix: "use 1-63 letters, digits and single hyphens",
        docs: "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpoint.html#sagemaker-CreateEndpoint-request-EndpointName",
    }
    /// A bundled model's path does not name a file inside the package.
    MODEL_PATH = ContractRule::ModelPath.id() => {
        title: "a bundled model's path does not name a file inside the deployment package",
        checks: "A bundled model is read from the unpacked package (`$LAMBDA_TASK_ROOT`) at cold \
                 start, so its path must be relative, without `..`, name a file (not a \
                 directory) and hold no control character.",
        example: "functions:\n  Detector:\n    scorer: {embedded: {model: {bundled: /opt/model.json}}}",
        fix: "give the model file's path relative to the package root, e.g. `model.json`",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime",
    }
    /// A model's S3 bucket is not a bucket name.
    MODEL_BUCKET = ContractRule::ModelBucket.id() => {
        title: "an embedded model's S3 bucket is not a bucket name",
        checks: "The function reads its model with `s3:GetObject` on `bucket/key`; the bucket \
                 must be a bucket's name, not an ARN or an `s3://` URI.",
        example: "functions:\n  Detector:\n    scorer: {embedded: {model: {s3: {bucket: 's3://models', key: model.json}}}}",
        fix: "give the bucket's name (not its ARN or an s3:// URI)",
        docs: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
    }
    /// A model's S3 key does not name an object.
    MODEL_KEY = ContractRule::ModelKey.id() => {
        title: "an embedded model's S3 key does not name an object",
        checks: "The key must name one object: not empty, not ending in `/` (a prefix), and at \
                 most 1,024 bytes (S3's key limit).",
        example: "functions:\n  Detector:\n    scorer: {embedded: {model: {s3: {bucket: models, key: rcf/}}}}",
        fix: "give the key of the model file written by `synth train`",
        docs: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html",
    }
    /// A threshold value (or mean) is not a finite number.
    THRESHOLD_VALUE = ContractRule::ThresholdValue.id() => {
        title: "the anomaly threshold (or its mean) is not a finite number",
        checks: "A score is an anomaly when it is strictly above the threshold; with NaN or an \
                 infinity nothing (or everything) would be.",
        example: "functions:\n  Detector:\n    threshold: {kind: fixed, value: .nan}",
        fix: "use a finite number (`synth calibrate` proposes one)",
        docs: RCF_THRESHOLD,
    }
    /// A sigma threshold's standard deviation is negative or not finite.
    THRESHOLD_STDDEV = ContractRule::ThresholdStddev.id() => {
        title: "a sigma threshold's standard deviation is negative or not finite",
        checks: "`mean + k·stddev` is AWS's rule for Random Cut Forest scores; a standard \
                 deviation is a finite number of at least 0.",
        example: "functions:\n  Detector:\n    threshold: {kind: sigma, mean: 1.0, stddev: -0.5, k: 3}",
        fix: "use a finite number of at least 0 (`synth calibrate` measures it)",
        docs: RCF_THRESHOLD,
    }
    /// A sigma threshold's k is not a finite number above 0.
    THRESHOLD_K = ContractRule::ThresholdK.id() => {
        title: "a sigma threshold's k is not a finite number above 0",
        checks: "k counts standard deviations above the mean; at 0 or below, every ordinary \
                 score is an anomaly.",
        example: "functions:\n  Detector:\n    threshold: {kind: sigma, mean: 1.0, stddev: 0.5, k: 0}",
        fix: "use a finite number above 0 (AWS's rule of thumb is 3)",
        docs: RCF_THRESHOLD,
    }
    /// The anomaly TTL is 0 days.
    ANOMALY_TTL = ContractRule::AnomalyTtl.id() => {
        title: "anomalies would expire as soon as they are written",
        checks: "With a TTL the function writes each anomaly item with an expiry that many days \
                 ahead, and DynamoDB deletes it after that; 0 days deletes them at once.",
        example: "anomaly_tables:\n  Anomalies: {ttl_days: 0}",
        fix: "keep anomalies at least 1 day, or leave the TTL unset to keep them",
        docs: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html",
    }
    /// The metrics namespace is not a CloudWatch namespace.
    METRICS_NAMESPACE = ContractRule::MetricsNamespace.id() => {
        title: "the metrics namespace is not a CloudWatch namespace",
        checks: "CloudWatch namespaces are 1 to 255 printable characters and cannot start with \
                 `:`; the function publishes its embedded-format metrics under it.",
        example: "functions:\n  Detector:\n    metrics_namespace: ':Kafka'",
        fix: "use 1-255 printable characters, not starting with `:`",
        docs: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html#ACW-PutMetricData-request-Namespace",
    }
    /// The configuration environment variable is not set (cold start).
    CONFIG_MISSING = ContractRule::ConfigMissing.id() => {
        title: "the function's configuration is not there",
        checks: "At cold start the function reads `ANOMALY_CONFIG` (set by the stack), or \
                 locally the file given with `--config`; without it the function cannot know \
                 its features, scorer or sinks.",
        example: "anomaly-function invoke --event event.json --config missing.json",
        fix: "deploy the function with its stack, which sets the variable, or pass a readable \
              JSON file",
        docs: LAMBDA_ENV,
    }
    /// The model file cannot be read or is not a model (cold start).
    MODEL_UNREADABLE = ContractRule::ModelUnreadable.id() => {
        title: "the embedded scorer's model file cannot be read or is not a model",
        checks: "At cold start the function reads its model file (from the package, or from S3 \
                 with `s3:GetObject`) and refuses to start when it is missing, unreadable, or \
                 not a model written by `synth train`.",
        example: "functions:\n  Detector:\n    scorer: {embedded: {model: {bundled: model.json}}}  # not in the zip",
        fix: "point the scorer at a model file written by `synth train`, and check `synth \
              --code-zip` (bundled) or `synth --model` (S3) before deploying",
        docs: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html",
    }
    /// The model was trained on other features than the function extracts (cold start).
    MODEL_FEATURES = ContractRule::ModelFeatures.id() => {
        title: "the model was trained on other features than the function extracts",
        checks: "A forest scores rows in the order of the features it was trained on; a \
                 different list or order would score the wrong numbers, so the function \
                 refuses to start.",
        example: "synth train --features latency_ms,status ...   # the function extracts [status, latency_ms]",
        fix: "train the model on the function's features, in the same order (`synth train \
              --config` or `--features`), or change the function's features to the model's",
        docs: RCF_INPUTS,
    }
    /// Local scorer arguments that contradict each other or the configuration.
    SCORER_ARGUMENTS = ContractRule::ScorerArguments.id() => {
        title: "the local scorer arguments contradict each other or the configuration",
        checks: "`invoke` and `local` take the scorer from the configuration unless `--scorer`, \
                 `--model`, `--learn` or `--endpoint` override it; combinations that name no \
                 usable scorer are refused.",
        example: "anomaly-function invoke --event event.json --scorer embedded   # no --model",
        fix: "give the arguments the message names (for example `--model model.json` with \
              `--scorer embedded`)",
        docs: RCF_INPUTS,
    }
    /// A `regex` record format's pattern does not compile, or names no group.
    RECORD_PATTERN = ContractRule::RecordPattern.id() => {
        title: "the record format's pattern does not compile, or names no group",
        checks: "With `record_format: {regex: PATTERN}` the function compiles the pattern once at \
                 cold start and reads each feature from a named group (`(?P<name>...)`). A \
                 pattern the Rust `regex` crate refuses, or one without a named group, fails \
                 synthesis instead. The function's regex engine is built without Unicode class \
                 tables: `\\d`, `\\w`, `\\s` and case folding work, `\\p{Greek}` does not.",
        example: "functions:\n  Detector:\n    record_format: {regex: '(?P<ms>\\d+ms'}",
        fix: "correct the pattern (Rust `regex` syntax) and name the groups features read, e.g. \
              `(?P<latency_ms>\\d+)`",
        docs: "https://docs.rs/regex/latest/regex/#syntax",
    }
    /// A feature names no field of the record format.
    FEATURE_FIELD = ContractRule::FeatureField.id() => {
        title: "a feature names no field of the record format",
        checks: "In a text format a feature's `path` (or its `name`) names a field: one of a \
                 preset's fields (nginx's variable names for combined, common and \
                 combined_timed, with `method`, `path` and `protocol` from the request; AWS's \
                 field names for alb, with `method`, `url` and `protocol`), or one of a regex's \
                 named groups. A name that is not one would be missing from every record. \
                 (JSON paths and logfmt keys are not checked: any record may have them.)",
        example: "functions:\n  Detector:\n    record_format: combined\n    features: [status, request_time]   # request_time is combined_timed's",
        fix: "name one of the format's fields (the message lists them), or choose the format \
              that has the field",
        docs: "https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format",
    }
    /// A derived feature's parameters cannot be applied.
    FEATURE_DERIVE = ContractRule::FeatureDerive.id() => {
        title: "a derived feature's parameters cannot be applied",
        checks: "`derive: {indicator: A}` needs a finite A; `derive: {map: ...}` needs at least one \
                 category, finite numbers for each and for `other`, and no `unit` (a map reads \
                 category text, not durations).",
        example: "functions:\n  Detector:\n    features:\n      - {name: method, derive: {map: {}}}",
        fix: "give finite numbers, list the categories, and keep `unit` for numeric features",
        docs: RCF_INPUTS,
    }
    /// An adaptive threshold's k is not a finite number above 0.
    ADAPTIVE_K = ContractRule::AdaptiveK.id() => {
        title: "an adaptive threshold's k is not a finite number above 0",
        checks: "An adaptive threshold flags a record when its recent scores stand more than k \
                 running standard deviations above the running mean; at 0 or below, every \
                 ordinary score would be an anomaly, and NaN compares with nothing.",
        example: "functions:\n  Detector:\n    threshold: {kind: adaptive, k: 0}",
        fix: "use a finite number above 0 (2, the default, was chosen on the Numenta Anomaly \
              Benchmark)",
        docs: RCF_THRESHOLD,
    }
    /// An adaptive threshold's half-life is 0 scores.
    ADAPTIVE_HALF_LIFE = ContractRule::AdaptiveHalfLife.id() => {
        title: "an adaptive threshold's half-life is 0 scores",
        checks: "The running mean and standard deviation weigh past scores by age, a score's \
                 weight halving every `half_life` scores; with 0 the statistics would forget \
                 every score at once.",
        example: "functions:\n  Detector:\n    threshold: {kind: adaptive, half_life: 0}",
        fix: "use 1 or more scores (4000 is the default)",
        docs: RCF_THRESHOLD,
    }
    /// An adaptive threshold's window is not 1 to 1,000 scores.
    ADAPTIVE_WINDOW = ContractRule::AdaptiveWindow.id() => {
        title: "an adaptive threshold's window is not 1 to 1,000 scores",
        checks: "The threshold compares the mean of the last `window` scores (the current one \
                 included) with the running statistics; the function keeps those scores, so \
                 the window is at least 1 and at most 1,000.",
        example: "functions:\n  Detector:\n    threshold: {kind: adaptive, window: 0}",
        fix: "average 1 to 1000 scores (3 is the default; 1 compares each score on its own)",
        docs: RCF_THRESHOLD,
    }
    /// An adaptive threshold's floor is negative or not finite.
    ADAPTIVE_FLOOR = ContractRule::AdaptiveFloor.id() => {
        title: "an adaptive threshold's floor is negative or not finite",
        checks: "The standard deviation the threshold divides by is at least `floor` times the \
                 running mean, so that on a flat stretch, where scores barely vary, a ripple is \
                 not an anomaly; the floor is a share of at least 0.",
        example: "functions:\n  Detector:\n    threshold: {kind: adaptive, floor: -0.2}",
        fix: "use a finite share of at least 0 (0.2 is the default)",
        docs: RCF_THRESHOLD,
    }
    /// An adaptive threshold's initial mean or standard deviation is not usable.
    ADAPTIVE_INITIAL = ContractRule::AdaptiveInitial.id() => {
        title: "an adaptive threshold's initial statistics are not usable",
        checks: "`initial` gives the mean and standard deviation a new execution environment \
                 starts from (the model's training scores), so that it flags from its first \
                 record instead of warming up: the mean must be finite and the standard \
                 deviation finite and at least 0.",
        example: "functions:\n  Detector:\n    threshold: {kind: adaptive, initial: {mean: 1.0, stddev: -0.3}}",
        fix: "use the mean and standard deviation `synth calibrate` prints, or leave `initial` out \
              to warm up on the first scores",
        docs: RCF_THRESHOLD,
    }
}

/// The rule of a contract error.
pub fn rule(rule: ContractRule) -> &'static Rule {
    match rule {
        ContractRule::Json => &JSON,
        ContractRule::Version => &VERSION,
        ContractRule::NoFeatures => &NO_FEATURES,
        ContractRule::TooManyFeatures => &TOO_MANY_FEATURES,
        ContractRule::FeatureName => &FEATURE_NAME,
        ContractRule::FeaturePath => &FEATURE_PATH,
        ContractRule::FeatureDefault => &FEATURE_DEFAULT,
        ContractRule::EndpointName => &ENDPOINT_NAME,
        ContractRule::ModelPath => &MODEL_PATH,
        ContractRule::ModelBucket => &MODEL_BUCKET,
        ContractRule::ModelKey => &MODEL_KEY,
        ContractRule::ThresholdValue => &THRESHOLD_VALUE,
        ContractRule::ThresholdStddev => &THRESHOLD_STDDEV,
        ContractRule::ThresholdK => &THRESHOLD_K,
        ContractRule::AnomalyTtl => &ANOMALY_TTL,
        ContractRule::MetricsNamespace => &METRICS_NAMESPACE,
        ContractRule::ConfigMissing => &CONFIG_MISSING,
        ContractRule::ModelUnreadable => &MODEL_UNREADABLE,
        ContractRule::ModelFeatures => &MODEL_FEATURES,
        ContractRule::ScorerArguments => &SCORER_ARGUMENTS,
        ContractRule::RecordPattern => &RECORD_PATTERN,
        ContractRule::FeatureField => &FEATURE_FIELD,
        ContractRule::FeatureDerive => &FEATURE_DERIVE,
        ContractRule::AdaptiveK => &ADAPTIVE_K,
        ContractRule::AdaptiveHalfLife => &ADAPTIVE_HALF_LIFE,
        ContractRule::AdaptiveWindow => &ADAPTIVE_WINDOW,
        ContractRule::AdaptiveFloor => &ADAPTIVE_FLOOR,
        ContractRule::AdaptiveInitial => &ADAPTIVE_INITIAL,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contract_rule_is_documented_under_its_own_id() {
        for contract_rule in ContractRule::ALL {
            assert_eq!(rule(contract_rule).id, contract_rule.id());
        }
        assert_eq!(RULES.len(), ContractRule::ALL.len());
    }
}
