//! Synthesis of created endpoints: the resources, properties and grants each option yields.

use super::RcfEndpoint;
use crate::stack::Stack;

const MODEL: &str = "s3://models-bucket/rcf/model.tar.gz";

fn template(endpoint: RcfEndpoint) -> serde_json::Value {
    let mut stack = Stack::new("demo");
    stack.add("Detector", endpoint);
    match stack.synth() {
        Ok(s) => s.template.to_value(),
        Err(e) => panic!("synthesizes: {e}"),
    }
}

fn sids(template: &serde_json::Value) -> Vec<String> {
    let statements = &template["Resources"]["DetectorExecutionRolePolicy"]["Properties"]["PolicyDocument"]
        ["Statement"];
    statements
        .as_array()
        .map(|s| {
            s.iter()
                .map(|s| s["Sid"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn defaults() {
    let t = template(RcfEndpoint::new(MODEL));
    let ids: Vec<&String> = t["Resources"]
        .as_object()
        .map(|r| r.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        ids,
        [
            "EncryptionKey",
            "DetectorExecutionRole",
            "DetectorExecutionRolePolicy",
            "DetectorModel",
            "DetectorEndpointConfig",
            "DetectorEndpoint"
        ]
    );
    let model = &t["Resources"]["DetectorModel"];
    assert_eq!(model["Properties"]["EnableNetworkIsolation"], true);
    assert!(model.get("Metadata").is_none());
    let config = &t["Resources"]["DetectorEndpointConfig"]["Properties"];
    let variant = &config["ProductionVariants"][0];
    assert_eq!(variant["InstanceType"], super::DEFAULT_INSTANCE_TYPE);
    assert_eq!(variant["InitialInstanceCount"], 1);
    assert_eq!(variant["VariantName"], "AllTraffic");
    assert_eq!(
        config["KmsKeyId"],
        serde_json::json!({"Fn::GetAtt": ["EncryptionKey", "Arn"]})
    );
    assert!(config.get("DataCaptureConfig").is_none());
    assert_eq!(
        sids(&t),
        [
            "ReadModelArtifact",
            "PullRcfImage",
            "GetRegistryToken",
            "WriteEndpointLogs",
            "PublishEndpointMetrics"
        ]
    );
}

#[test]
fn local_storage_instances_name_no_volume_key() {
    let t = template(RcfEndpoint::new(MODEL).instance_type("ml.c5d.xlarge"));
    assert!(
        t["Resources"]["DetectorEndpointConfig"]["Properties"]
            .get("KmsKeyId")
            .is_none()
    );
}

#[test]
fn serverless_models_run_without_network_isolation() {
    let t = template(RcfEndpoint::new(MODEL).serverless(3072, 10));
    let model = &t["Resources"]["DetectorModel"];
    assert_eq!(model["Properties"]["EnableNetworkIsolation"], false);
    assert_eq!(model["Metadata"]["checkov"]["skip"][0]["id"], "CKV_AWS_370");
    let variant = &t["Resources"]["DetectorEndpointConfig"]["Properties"]["ProductionVariants"][0];
    assert!(variant.get("InstanceType").is_none() && variant.get("InitialInstanceCount").is_none());
    assert_eq!(variant["ServerlessConfig"]["MemorySizeInMB"], 3072);
}

#[test]
fn data_capture_and_model_key_add_their_grants() {
    let key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let t = template(
        RcfEndpoint::new(MODEL)
            .data_capture("s3://captures/rcf/", 5)
            .model_data_key(key),
    );
    assert_eq!(
        sids(&t)[5..],
        [
            "DecryptModelArtifact",
            "WriteCapturedData",
            "EncryptCapturedData"
        ]
    );
    let policy =
        t["Resources"]["DetectorExecutionRolePolicy"]["Properties"]["PolicyDocument"].to_string();
    assert!(
        policy.contains(r#""S3Path":"captures/rcf""#),
        "trailing slash dropped: {policy}"
    );
}

#[test]
fn autoscaling_targets_the_variant() {
    let t = template(
        RcfEndpoint::new(MODEL)
            .variant_name("green")
            .autoscaling(1, 3, 500),
    );
    let target = &t["Resources"]["DetectorScalableTarget"]["Properties"];
    assert_eq!(
        target["ResourceId"]["Fn::Sub"][0],
        "endpoint/${EndpointName}/variant/green"
    );
    assert!(
        target["RoleARN"]["Fn::Sub"].as_str().is_some_and(|arn| {
            arn.ends_with("/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint")
        }),
        "the service-linked role is named"
    );
    let policy = &t["Resources"]["DetectorScalingPolicy"]["Properties"];
    assert_eq!(
        policy["ScalingTargetId"],
        serde_json::json!({"Ref": "DetectorScalableTarget"})
    );
    assert_eq!(
        policy["TargetTrackingScalingPolicyConfiguration"]["TargetValue"],
        500
    );
}

#[test]
fn a_pinned_supported_region_passes() {
    let t = template(RcfEndpoint::new(MODEL).region("eu-central-2"));
    assert!(t["Resources"].get("DetectorEndpoint").is_some());
}

#[test]
fn an_imported_key_is_flagged() {
    let mut stack = Stack::new("demo");
    stack.encryption_key_arn(
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    );
    stack.add("Detector", RcfEndpoint::new(MODEL));
    let warnings = match stack.synth() {
        Ok(s) => s.warnings,
        Err(e) => panic!("synthesizes: {e}"),
    };
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].property, "encryption_key");
}

#[test]
fn existing_endpoints_add_no_resources() {
    let t = template(RcfEndpoint::existing("rcf-endpoint"));
    assert_eq!(t["Resources"].as_object().map(|r| r.len()), Some(0));
    assert!(t.get("Mappings").is_none() && t.get("Rules").is_none());
}
