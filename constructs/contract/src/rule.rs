//! The contract's rules, each with the stable id that `synth explain` documents.

use std::fmt;

/// A rule of the function's configuration contract. Synthesis reports a broken one as a
/// diagnostic with this id; the function reports it at cold start the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContractRule {
    /// The configuration is not JSON of the contract's shape.
    Json,
    /// The contract version is not this build's.
    Version,
    /// No features.
    NoFeatures,
    /// More than [`MAX_FEATURES`](crate::MAX_FEATURES) features.
    TooManyFeatures,
    /// A feature name is empty, repeated or holds a control character.
    FeatureName,
    /// A feature's field path is not a dot-separated path.
    FeaturePath,
    /// A feature's default is not a finite number.
    FeatureDefault,
    /// The SageMaker endpoint name is not one.
    EndpointName,
    /// A bundled model's path does not name a file inside the package.
    ModelPath,
    /// A model's S3 bucket is not a bucket name.
    ModelBucket,
    /// A model's S3 key does not name an object.
    ModelKey,
    /// A threshold value (or mean) is not a finite number.
    ThresholdValue,
    /// A sigma threshold's standard deviation is negative or not finite.
    ThresholdStddev,
    /// A sigma threshold's k is not a finite number above 0.
    ThresholdK,
    /// The anomaly TTL is 0 days.
    AnomalyTtl,
    /// The metrics namespace is not a CloudWatch namespace.
    MetricsNamespace,
    /// The configuration environment variable is not set (cold start).
    ConfigMissing,
    /// The model file cannot be read or is not a model (cold start).
    ModelUnreadable,
    /// The model was trained on other features than the function extracts (cold start).
    ModelFeatures,
    /// Local scorer arguments (`invoke`/`local` `--scorer`, `--model`, `--learn`) that
    /// contradict each other or the configuration.
    ScorerArguments,
    /// A `regex` record format's pattern does not compile, or names no group.
    RecordPattern,
    /// A feature names no field of the record format (a preset's field, a regex's group).
    FeatureField,
    /// A derived feature's parameters cannot be applied (a non-finite number, an empty map, a
    /// unit on a map).
    FeatureDerive,
    /// An adaptive threshold's k is not a finite number above 0.
    AdaptiveK,
    /// An adaptive threshold's half-life is 0 scores.
    AdaptiveHalfLife,
    /// An adaptive threshold's window is not 1 to 1,000 scores.
    AdaptiveWindow,
    /// An adaptive threshold's floor is negative or not finite.
    AdaptiveFloor,
    /// An adaptive threshold's initial mean or standard deviation is not usable.
    AdaptiveInitial,
}

impl ContractRule {
    /// Every rule, in id order.
    pub const ALL: [ContractRule; 28] = [
        ContractRule::Json,
        ContractRule::Version,
        ContractRule::NoFeatures,
        ContractRule::TooManyFeatures,
        ContractRule::FeatureName,
        ContractRule::FeaturePath,
        ContractRule::FeatureDefault,
        ContractRule::EndpointName,
        ContractRule::ModelPath,
        ContractRule::ModelBucket,
        ContractRule::ModelKey,
        ContractRule::ThresholdValue,
        ContractRule::ThresholdStddev,
        ContractRule::ThresholdK,
        ContractRule::AnomalyTtl,
        ContractRule::MetricsNamespace,
        ContractRule::ConfigMissing,
        ContractRule::ModelUnreadable,
        ContractRule::ModelFeatures,
        ContractRule::ScorerArguments,
        ContractRule::RecordPattern,
        ContractRule::FeatureField,
        ContractRule::FeatureDerive,
        ContractRule::AdaptiveK,
        ContractRule::AdaptiveHalfLife,
        ContractRule::AdaptiveWindow,
        ContractRule::AdaptiveFloor,
        ContractRule::AdaptiveInitial,
    ];

    /// The stable id (`E08xx`); never reused for another rule.
    pub const fn id(self) -> &'static str {
        match self {
            ContractRule::Json => "E0800",
            ContractRule::Version => "E0801",
            ContractRule::NoFeatures => "E0802",
            ContractRule::TooManyFeatures => "E0803",
            ContractRule::FeatureName => "E0804",
            ContractRule::FeaturePath => "E0805",
            ContractRule::FeatureDefault => "E0806",
            ContractRule::EndpointName => "E0807",
            ContractRule::ModelPath => "E0808",
            ContractRule::ModelBucket => "E0809",
            ContractRule::ModelKey => "E0810",
            ContractRule::ThresholdValue => "E0811",
            ContractRule::ThresholdStddev => "E0812",
            ContractRule::ThresholdK => "E0813",
            ContractRule::AnomalyTtl => "E0814",
            ContractRule::MetricsNamespace => "E0815",
            ContractRule::ConfigMissing => "E0816",
            ContractRule::ModelUnreadable => "E0817",
            ContractRule::ModelFeatures => "E0818",
            ContractRule::ScorerArguments => "E0819",
            ContractRule::RecordPattern => "E0820",
            ContractRule::FeatureField => "E0821",
            ContractRule::FeatureDerive => "E0822",
            ContractRule::AdaptiveK => "E0830",
            ContractRule::AdaptiveHalfLife => "E0831",
            ContractRule::AdaptiveWindow => "E0832",
            ContractRule::AdaptiveFloor => "E0833",
            ContractRule::AdaptiveInitial => "E0834",
        }
    }
}

impl fmt::Display for ContractRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
