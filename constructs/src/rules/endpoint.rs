//! E05xx, W05xx: `RcfEndpoint`, the SageMaker Random Cut Forest endpoint: an existing one by
//! name, or one the stack creates from a training job's model artifact (its S3 locations,
//! capacity, autoscaling and data capture). An existing endpoint's name is checked by the
//! contract's rule E0807.

use super::rules;

rules! {
    /// `feature_dim` of 0.
    FEATURE_DIM = "E0501" => {
        title: "feature_dim is 0",
        checks: "feature_dim is the number of features the model was trained on (the RCF \
                 training job's feature_dim hyperparameter), at least 1; the function's features \
                 are checked against it.",
        example: "endpoints:\n  Scorer: {existing: rcf-anomaly-endpoint, feature_dim: 0}",
        fix: "set feature_dim to the number of features the model was trained on",
        docs: "https://docs.aws.amazon.com/sagemaker/latest/dg/rcf_hyperparameters.html",
    }
    /// `variant_name` not a SageMaker variant name.
    VARIANT_NAME = "E0502" => {
        title: "variant_name is not a SageMaker production variant name",
        checks: "A production variant's name is 1 to 63 letters, digits and hyphens, starting \
                 and ending with a letter or digit.",
        example: "endpoints:\n  Scorer: {existing: rcf-anomaly-endpoint, variant_name: blue_2}",
        fix: "use 1 to 63 letters, digits and hyphens, starting and ending with a letter or digit",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html#cfn-sagemaker-endpointconfig-productionvariant-variantname",
    }
    /// An existing endpoint given an option only a created one has.
    CREATED_ONLY_OPTION = "E0503" => {
        title: "an existing endpoint is given an option only an endpoint the stack creates has",
        checks: "Instance type and count, serverless capacity, data capture, autoscaling, region \
                 and model_data_key configure the model, endpoint configuration and endpoint the \
                 stack creates; an existing endpoint is only named, so they would be ignored.",
        example: "RcfEndpoint::existing(\"rcf-anomaly-endpoint\").instance_count(2)",
        fix: "remove the option, or create the endpoint (`create: {model_data_url: ...}`)",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpointconfig.html",
    }
    /// An S3 location that is not an `s3://BUCKET/KEY` URI.
    S3_URI = "E0504" => {
        title: "an S3 location is not an s3://BUCKET/KEY URI",
        checks: "model_data_url and data_capture.s3_uri are `s3://` URIs: SageMaker reads the \
                 model artifact (an object, so a key is required) and writes captured data \
                 there, and the execution role's grants derive from the bucket and key. A \
                 literal must start with `s3://`, name a key where one is needed, and hold no \
                 whitespace.",
        example: "endpoints:\n  Scorer:\n    create: {model_data_url: models/rcf/model.tar.gz}",
        fix: "give the location as s3://BUCKET/KEY (or s3://BUCKET/PREFIX for data capture)",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html#cfn-sagemaker-model-containerdefinition-modeldataurl",
    }
    /// An S3 URI longer than SageMaker accepts.
    S3_URI_LENGTH = "E0505" => {
        title: "an S3 URI is longer than SageMaker accepts",
        checks: "SageMaker takes a model artifact URL of at most 1,024 characters and a data \
                 capture destination of at most 512.",
        example: "endpoints:\n  Scorer:\n    create:\n      model_data_url: s3://models/rcf/model.tar.gz\n      data_capture: {s3_uri: \"s3://captures/<600 characters>\", sampling_percent: 10}",
        fix: "use a shorter bucket name or key",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-datacaptureconfig.html#cfn-sagemaker-endpointconfig-datacaptureconfig-destinations3uri",
    }
    /// A bucket that is not an S3 bucket name.
    S3_BUCKET = "E0506" => {
        title: "the model artifact's or data capture's bucket is not an S3 bucket name",
        checks: "Buckets are named with 3 to 63 lower-case letters, digits, dots and hyphens, \
                 beginning and ending with a letter or digit, without two adjacent dots, and \
                 not formatted as an IP address (S3's rules for general purpose buckets).",
        example: "endpoints:\n  Scorer:\n    create: {model_data: {bucket: My_Models, key: rcf/model.tar.gz}}",
        fix: "give the bucket's name (not its ARN or an s3:// URI)",
        docs: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
    }
    /// The model artifact's key is not a key.
    MODEL_DATA_KEY = "E0507" => {
        title: "the model artifact's key is empty or longer than 1,024 characters",
        checks: "The object key of the model artifact, given apart from its bucket, names one \
                 object: 1 to 1,024 characters.",
        example: "endpoints:\n  Scorer:\n    create: {model_data: {bucket: models, key: ''}}",
        fix: "give the object key of the model.tar.gz",
        docs: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html",
    }
    /// The model artifact is not a `.tar.gz`.
    MODEL_DATA_ARCHIVE = "E0508" => {
        title: "the model artifact is not a .tar.gz archive",
        checks: "SageMaker loads model artifacts from a single gzip-compressed tar archive \
                 (`.tar.gz`), as an RCF training job writes it.",
        example: "endpoints:\n  Scorer:\n    create: {model_data_url: s3://models/rcf/model.json}",
        fix: "point at the model.tar.gz the training job wrote",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html#cfn-sagemaker-model-containerdefinition-modeldataurl",
    }
    /// `model_data_key` not a KMS key ARN.
    MODEL_DATA_KMS_KEY = "E0509" => {
        title: "model_data_key is not the ARN of a KMS key",
        checks: "The execution role may decrypt the model artifact with the key it is encrypted \
                 with; IAM grants name a key by its ARN (`arn:PARTITION:kms:REGION:ACCOUNT:key/…`), \
                 not an alias or a key id.",
        example: "endpoints:\n  Scorer:\n    create: {model_data_url: s3://models/rcf/model.tar.gz, model_data_key: alias/models}",
        fix: "give the key's full ARN",
        docs: "https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html",
    }
    /// `instance_type` not an ML instance type.
    INSTANCE_TYPE = "E0510" => {
        title: "instance_type is not a SageMaker ML instance type",
        checks: "Endpoints run on ML instance types, written `ml.<family>.<size>` (for example \
                 `ml.c5.xlarge`); an EC2 type without the `ml.` prefix is refused.",
        example: "endpoints:\n  Scorer:\n    create: {model_data_url: s3://models/rcf/model.tar.gz, instance_type: c5.xlarge}",
        fix: "use an ML instance type such as ml.c5.xlarge",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html#cfn-sagemaker-endpointconfig-productionvariant-instancetype",
    }
    /// An instance count below 1.
    INSTANCE_COUNT = "E0511" => {
        title: "an instance count (instance_count, autoscaling min or max) is below 1",
        checks: "An instance-backed variant runs on one or more instances (its \
                 InitialInstanceCount and its scalable target's capacity are at least 1).",
        example: "endpoints:\n  Scorer:\n    create: {model_data_url: s3://models/rcf/model.tar.gz, instance_count: 0}",
        fix: "use 1 or more (serverless capacity scales to zero)",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html#cfn-sagemaker-endpointconfig-productionvariant-initialinstancecount",
    }
    /// Serverless memory not 1024..=6144 in 1024 steps.
    SERVERLESS_MEMORY = "E0512" => {
        title: "serverless memory_mb is not one of 1024, 2048, 3072, 4096, 5120 or 6144",
        checks: "A serverless endpoint has 1 GB to 6 GB of memory, in 1 GB steps.",
        example: "endpoints:\n  Scorer:\n    create: {model_data_url: s3://models/rcf/model.tar.gz, serverless: {memory_mb: 1500, max_concurrency: 5}}",
        fix: "use 1024, 2048, 3072, 4096, 5120 or 6144",
        docs: "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantServerlessConfig.html",
    }
    /// Serverless max concurrency outside 1..=200.
    SERVERLESS_CONCURRENCY = "E0513" => {
        title: "serverless max_concurrency is outside 1 to 200",
        checks: "A serverless endpoint serves 1 to 200 concurrent invocations.",
        example: "endpoints:\n  Scorer:\n    create: {model_data_url: s3://models/rcf/model.tar.gz, serverless: {memory_mb: 2048, max_concurrency: 500}}",
        fix: "set max_concurrency to a whole number from 1 to 200",
        docs: "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantServerlessConfig.html",
    }
    /// An option serverless endpoints do not support.
    SERVERLESS_UNSUPPORTED = "E0514" => {
        title: "a serverless endpoint is given an option only instances support",
        checks: "A serverless endpoint has no instances to choose, count or scale, and \
                 SageMaker Serverless Inference does not support data capture: instance_type, \
                 instance_count, autoscaling and data_capture need instances.",
        example: "endpoints:\n  Scorer:\n    create:\n      model_data_url: s3://models/rcf/model.tar.gz\n      serverless: {memory_mb: 2048, max_concurrency: 5}\n      data_capture: {s3_uri: s3://captures, sampling_percent: 10}",
        fix: "remove the option, or host the endpoint on instances (drop serverless)",
        docs: "https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html",
    }
    /// Autoscaling max below min.
    AUTOSCALING_BOUNDS = "E0515" => {
        title: "autoscaling max is below its min",
        checks: "The variant scales between min and max instances, so max must be at least \
                 min (the scalable target's MinCapacity and MaxCapacity).",
        example: "endpoints:\n  Scorer:\n    create: {model_data_url: s3://models/rcf/model.tar.gz, autoscaling: {min: 3, max: 2, target_invocations_per_instance: 1000}}",
        fix: "give autoscaling a max at least as large as its min",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-applicationautoscaling-scalabletarget.html",
    }
    /// Autoscaling target not a positive number.
    AUTOSCALING_TARGET = "E0516" => {
        title: "autoscaling target_invocations_per_instance is not a number above 0",
        checks: "Target tracking keeps SageMakerVariantInvocationsPerInstance (per instance, per \
                 minute) near the target, which must be a positive number.",
        example: "endpoints:\n  Scorer:\n    create: {model_data_url: s3://models/rcf/model.tar.gz, autoscaling: {min: 1, max: 4, target_invocations_per_instance: 0}}",
        fix: "set the invocations per instance per minute each instance should serve, e.g. 1000",
        docs: "https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-policy.html",
    }
    /// Data capture sampling outside 0..=100.
    DATA_CAPTURE_SAMPLING = "E0517" => {
        title: "data_capture sampling_percent is outside 0 to 100",
        checks: "The sampling percentage is the share of requests captured \
                 (InitialSamplingPercentage, 0 to 100).",
        example: "endpoints:\n  Scorer:\n    create: {model_data_url: s3://models/rcf/model.tar.gz, data_capture: {s3_uri: s3://captures, sampling_percent: 150}}",
        fix: "set sampling_percent to a whole number from 0 to 100",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-datacaptureconfig.html#cfn-sagemaker-endpointconfig-datacaptureconfig-initialsamplingpercentage",
    }
    /// A region without the RCF image.
    REGION_WITHOUT_IMAGE = "E0518" => {
        title: "the region has no SageMaker Random Cut Forest image",
        checks: "A created endpoint runs AWS's Random Cut Forest container, published in a \
                 registry per region. A `region` given to the construct is checked against the \
                 regions with a registry (the template's rule checks it again at deploy time).",
        example: "endpoints:\n  Scorer:\n    create: {model_data_url: s3://models/rcf/model.tar.gz, region: mars-east-1}",
        fix: "deploy in a region with the image, or score with an existing endpoint hosted elsewhere",
        docs: "https://docs.aws.amazon.com/sagemaker/latest/dg-ecr-paths/sagemaker-algo-docker-registry-paths.html",
    }
    /// The endpoint uses an imported key whose policy the stack cannot change (warning).
    IMPORTED_KEY = "W0519" => {
        title: "the endpoint's storage and captured data use an imported key whose policy the stack cannot change",
        checks: "SageMaker encrypts the endpoint's storage volume and captured data with the \
                 stack's key through grants and the execution role's policy, which work only if \
                 the key policy lets IAM policies grant its use. A stack that creates its key \
                 writes that policy; with `encryption_key_arn` the key's owner must.",
        example: "encryption_key_arn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\nendpoints:\n  Scorer:\n    create: {model_data_url: s3://models/rcf/model.tar.gz}",
        fix: "make sure the key policy has the account-root statement and lets the deploying principal create grants",
        docs: "https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest.html",
    }
}
