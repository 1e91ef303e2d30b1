//! The deploy path of the README, against a local moto server instead of an AWS account:
//! `synth --code-zip`, `aws s3 cp`, `aws cloudformation deploy`, for every complete example,
//! and for the `embedded` example with `--model`.
//!
//! `.ci/test` starts moto on 127.0.0.1 and exports `MOTO_ENDPOINT`; the AWS CLI comes from
//! the pinned `.venv-moto` on `PATH`. Credentials are fake and every call names the endpoint,
//! so nothing can reach a real account.
//!
//! moto creates every resource the stacks use except two, so the test's copy of each template
//! drops them (the synthesized template itself is linted and snapshotted unchanged):
//! - `AWS::Lambda::EventSourceMapping`: moto rejects Kafka event sources;
//! - `AWS::CloudWatch::Alarm`: moto skips alarms, so the dashboard's `Fn::GetAtt` of their
//!   ARNs would dangle; those references become placeholder ARNs.
//!
//! Secrets and alarms, which moto does not check, are covered by the static tests.

// Test helpers panic on setup failures: a panic here is a failed test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use contract::{FunctionConfig, ModelSource, ScorerConfig};
use serde_json::{Value, json};

const UNSUPPORTED_BY_MOTO: [&str; 2] =
    ["AWS::Lambda::EventSourceMapping", "AWS::CloudWatch::Alarm"];

struct Moto {
    endpoint: String,
}

impl Moto {
    fn from_env() -> Self {
        let endpoint = std::env::var("MOTO_ENDPOINT")
            .expect("MOTO_ENDPOINT is not set: run ./.ci/test, which starts moto");
        Self { endpoint }
    }

    /// Runs `aws ARGS` against moto and returns stdout; fails the test with stderr otherwise.
    fn aws(&self, args: &[&str]) -> String {
        let output = Command::new("aws")
            .args(args)
            .env("AWS_ENDPOINT_URL", &self.endpoint)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .expect("the AWS CLI is on PATH: run ./.ci/test, which puts the pinned one there");
        assert!(
            output.status.success(),
            "aws {} failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn aws_json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--output", "json"]);
        serde_json::from_str(&self.aws(&all)).expect("the AWS CLI prints JSON")
    }

    /// `aws cloudformation deploy` of `template` as `stack`; returns the stack's status.
    fn deploy(&self, template: &Path, stack: &str, overrides: &[&str]) -> Value {
        let mut args = vec![
            "cloudformation",
            "deploy",
            "--template-file",
            template.to_str().unwrap(),
            "--stack-name",
            stack,
            "--capabilities",
            "CAPABILITY_IAM",
            "--parameter-overrides",
        ];
        args.extend(overrides);
        self.aws(&args);
        self.aws_json(&["cloudformation", "describe-stacks", "--stack-name", stack])["Stacks"][0]
            ["StackStatus"]
            .clone()
    }

    /// The deployed `DetectorFunction`'s configuration and its runtime contract (`stack`
    /// names it in a failure).
    fn function(
        &self,
        stack: &str,
        ids: &serde_json::Map<String, Value>,
    ) -> (Value, FunctionConfig) {
        let function = self.aws_json(&[
            "lambda",
            "get-function-configuration",
            "--function-name",
            ids["DetectorFunction"].as_str().unwrap(),
        ]);
        let config = FunctionConfig::from_json(
            function["Environment"]["Variables"]["ANOMALY_CONFIG"]
                .as_str()
                .expect("the contract"),
        )
        .unwrap_or_else(|e| panic!("{stack}: the deployed contract is valid: {e:?}"));
        (function, config)
    }

    /// The statements of `DetectorRolePolicy`, the managed policy `DetectorRole` attaches, as
    /// IAM holds it (its default version); the role has no inline policy.
    ///
    /// moto creates a role without its `ManagedPolicyArns` (its CloudFormation role model reads
    /// only inline `Policies`), so the attachment itself is checked on the templates, by the
    /// constructs' tests and the Guard rules; here, that IAM holds the policy as written.
    fn role_statements(&self, ids: &serde_json::Map<String, Value>) -> Vec<Value> {
        let role = ids["DetectorRole"].as_str().unwrap();
        let inline = self.aws_json(&["iam", "list-role-policies", "--role-name", role]);
        assert_eq!(
            inline["PolicyNames"],
            serde_json::json!([]),
            "{role} has no inline policy"
        );
        let arn = ids["DetectorRolePolicy"].as_str().unwrap();
        let policy = self.aws_json(&["iam", "get-policy", "--policy-arn", arn]);
        let version = self.aws_json(&[
            "iam",
            "get-policy-version",
            "--policy-arn",
            arn,
            "--version-id",
            policy["Policy"]["DefaultVersionId"].as_str().unwrap(),
        ]);
        policy_document(&version["PolicyVersion"]["Document"])["Statement"]
            .as_array()
            .unwrap()
            .clone()
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("deploy-moto")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A package whose `bootstrap` is an x86_64 ELF header (moto never runs it).
fn package(dir: &Path) -> PathBuf {
    support::package(dir, "bootstrap", 62)
}

/// `synth --example NAME --code-zip ZIP --out FILE`; returns the S3 key it chose.
fn synth(example: &str, zip: &Path, out: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_synth"))
        .args(["--example", example, "--code-zip"])
        .arg(zip)
        .arg("--out")
        .arg(out)
        .output()
        .expect("synth runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    let upload = stderr
        .lines()
        .find(|l| l.trim_start().starts_with("aws s3 cp"))
        .expect("upload command");
    upload
        .rsplit("s3://CODE_BUCKET/")
        .next()
        .expect("key")
        .trim()
        .to_owned()
}

/// The test's copy of a template: without the resource types moto cannot create, and with
/// references to them replaced by placeholders.
fn for_moto(template: &mut Value) {
    let resources = template["Resources"].as_object_mut().expect("resources");
    let removed: HashSet<String> = resources
        .iter()
        .filter(|(_, r)| UNSUPPORTED_BY_MOTO.contains(&r["Type"].as_str().unwrap_or_default()))
        .map(|(id, _)| id.clone())
        .collect();
    resources.retain(|id, _| !removed.contains(id));
    replace_references(template, &removed);
    if let Some(outputs) = template["Outputs"].as_object_mut() {
        outputs.retain(|_, o| o["Value"] != json!("removed-for-moto"));
    }
}

fn replace_references(value: &mut Value, removed: &HashSet<String>) {
    match value {
        Value::Object(map) if map.len() == 1 => {
            let (key, arg) = map
                .iter()
                .next()
                .map(|(k, v)| (k.clone(), v.clone()))
                .expect("one entry");
            let target = match (key.as_str(), &arg) {
                ("Ref", Value::String(id)) => Some(id.clone()),
                ("Fn::GetAtt", Value::Array(parts)) => {
                    parts.first().and_then(Value::as_str).map(str::to_owned)
                }
                _ => None,
            };
            match target {
                Some(id) if removed.contains(&id) => {
                    *value = json!(if key == "Ref" {
                        "removed-for-moto".to_owned()
                    } else {
                        format!("arn:aws:cloudwatch:us-east-1:123456789012:alarm:{id}")
                    });
                }
                _ => map
                    .values_mut()
                    .for_each(|v| replace_references(v, removed)),
            }
        }
        Value::Object(map) => map
            .values_mut()
            .for_each(|v| replace_references(v, removed)),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| replace_references(v, removed)),
        _ => {}
    }
}

/// Values for the parameters without defaults, as a deployer would give them.
fn parameter_value(name: &str, network: &Network) -> String {
    match name {
        "CodeBucket" => "deploy-test-code".into(),
        "Topic" => "app-logs".into(),
        "ClusterArn" => "arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e-2".into(),
        "ModelDataUrl" => "s3://deploy-test-code/rcf/model.tar.gz".into(),
        "BootstrapServers" => "b-1.kafka.internal:9096,b-2.kafka.internal:9096".into(),
        "BootstrapServer" => "pkc-abc12.us-east-1.aws.confluent.cloud:9092".into(),
        "ScramSecretArn" | "ApiKeySecretArn" => "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-AbCdEf".into(),
        "VpcId" => network.vpc.clone(),
        "SubnetA" => network.subnets[0].clone(),
        "SubnetB" => network.subnets[1].clone(),
        "SecurityGroupId" => network.security_group.clone(),
        other => panic!("the deploy test has no value for parameter {other}; add one"),
    }
}

struct Network {
    vpc: String,
    subnets: [String; 2],
    security_group: String,
}

fn network(moto: &Moto) -> Network {
    let vpc = moto.aws_json(&["ec2", "create-vpc", "--cidr-block", "10.30.0.0/16"])["Vpc"]["VpcId"]
        .as_str()
        .unwrap()
        .to_owned();
    let subnet = |cidr: &str, az: &str| {
        moto.aws_json(&[
            "ec2",
            "create-subnet",
            "--vpc-id",
            &vpc,
            "--cidr-block",
            cidr,
            "--availability-zone",
            az,
        ])["Subnet"]["SubnetId"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let subnets = [
        subnet("10.30.0.0/24", "us-east-1a"),
        subnet("10.30.1.0/24", "us-east-1b"),
    ];
    let security_group = moto.aws_json(&[
        "ec2",
        "create-security-group",
        "--group-name",
        "pollers",
        "--description",
        "pollers",
        "--vpc-id",
        &vpc,
    ])["GroupId"]
        .as_str()
        .unwrap()
        .to_owned();
    Network {
        vpc,
        subnets,
        security_group,
    }
}

/// The stack's resources as moto reports them: how many, and the physical id of each by
/// logical id (moto reports some created resources without their logical id).
fn physical_ids(moto: &Moto, stack: &str) -> (usize, serde_json::Map<String, Value>) {
    let resources = moto.aws_json(&[
        "cloudformation",
        "describe-stack-resources",
        "--stack-name",
        stack,
    ])["StackResources"]
        .as_array()
        .expect("resources")
        .clone();
    let complete = resources
        .iter()
        .filter(|r| r["ResourceStatus"] == "CREATE_COMPLETE")
        .count();
    let ids = resources
        .iter()
        .filter_map(|r| {
            let id = r["LogicalResourceId"]
                .as_str()
                .filter(|id| !id.is_empty())?;
            Some((id.to_owned(), r["PhysicalResourceId"].clone()))
        })
        .collect();
    (complete, ids)
}

/// A complete example deployed to moto: the stack's name, the directory of its files, the
/// moto copy of its template (deployed) and the parameter overrides it was deployed with.
struct Deployed {
    stack: String,
    dir: PathBuf,
    template: Value,
    overrides: Vec<String>,
}

impl Deployed {
    /// Deploys `template` (a changed moto copy) over the stack; returns its status.
    fn update(&self, moto: &Moto, template: &Value) -> Value {
        let file = self.dir.join("stack-for-moto-changed.json");
        std::fs::write(&file, serde_json::to_string_pretty(template).unwrap()).unwrap();
        let overrides: Vec<&str> = self.overrides.iter().map(String::as_str).collect();
        moto.deploy(&file, &self.stack, &overrides)
    }
}

/// `synth --example EXAMPLE --code-zip`, the package uploaded to `deploy-test-code`, and the
/// moto copy of the template deployed with a value for every parameter without a default.
/// `suffix` keeps the scratch directory and stack name apart from other tests'.
fn deploy_complete(moto: &Moto, network: &Network, example: &str, suffix: &str) -> Deployed {
    let dir = scratch(&format!("{example}{suffix}"));
    let zip = package(&dir);
    let template_path = dir.join("stack.json");
    let key = synth(example, &zip, &template_path);
    moto.aws(&[
        "s3",
        "cp",
        zip.to_str().unwrap(),
        &format!("s3://deploy-test-code/{key}"),
    ]);

    let mut template: Value =
        serde_json::from_str(&std::fs::read_to_string(&template_path).unwrap()).unwrap();
    for_moto(&mut template);
    let moto_template = dir.join("stack-for-moto.json");
    std::fs::write(
        &moto_template,
        serde_json::to_string_pretty(&template).unwrap(),
    )
    .unwrap();
    let overrides: Vec<String> = template["Parameters"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, p)| p.get("Default").is_none())
        .map(|(name, _)| format!("{name}={}", parameter_value(name, network)))
        .collect();
    // Unique per run, so the test also passes against a moto server that outlives it.
    let stack = format!(
        "{}{suffix}-{}",
        example.replace('_', "-"),
        std::process::id()
    );
    let refs: Vec<&str> = overrides.iter().map(String::as_str).collect();
    assert_eq!(
        moto.deploy(&moto_template, &stack, &refs),
        "CREATE_COMPLETE",
        "{example}"
    );
    Deployed {
        stack,
        dir,
        template,
        overrides,
    }
}

#[test]
fn every_complete_example_deploys_to_moto() {
    let moto = Moto::from_env();
    let network = network(&moto);
    moto.aws(&["s3api", "create-bucket", "--bucket", "deploy-test-code"]);
    let complete: Vec<&str> = examples::all()
        .iter()
        .map(|e| e.name)
        .filter(|n| n.starts_with("complete_"))
        .collect();
    assert_eq!(complete.len(), 3, "one complete example per source kind");
    for example in complete {
        let deployed = deploy_complete(&moto, &network, example, "");
        let (stack, template) = (&deployed.stack, &deployed.template);
        let (created, ids) = physical_ids(&moto, stack);
        let kept = template["Resources"].as_object().unwrap().len();
        assert_eq!(
            created, kept,
            "{example}: every resource of the template was created: {ids:?}"
        );

        let (function, config) = moto.function(stack, &ids);
        assert_eq!(function["Runtime"], "provided.al2023");
        assert_eq!(
            function["Architectures"][0], "x86_64",
            "the architecture follows the zip"
        );
        assert_eq!(
            config.sinks.anomaly_table.as_deref(),
            ids["AnomaliesTable"].as_str(),
            "{example}"
        );
        assert_eq!(
            config.sinks.alert_topic_arn.as_deref(),
            ids["AlertsTopic"].as_str(),
            "{example}"
        );
        assert_eq!(
            config.sinks.bad_record_queue_url.as_deref(),
            ids["BadRecordsQueue"].as_str(),
            "{example}"
        );
        assert_eq!(config.sinks.anomaly_ttl_days, Some(90));

        let role = moto.aws_json(&[
            "iam",
            "get-role",
            "--role-name",
            ids["DetectorRole"].as_str().unwrap(),
        ]);
        assert_eq!(
            function["Role"], role["Role"]["Arn"],
            "{example}: the function runs with its own role"
        );
        let actions: HashSet<String> = moto
            .role_statements(&ids)
            .iter()
            .flat_map(|s| {
                s["Action"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_owned())
            })
            .collect();
        for needed in [
            "sagemaker:InvokeEndpoint",
            "dynamodb:BatchWriteItem",
            "sns:Publish",
            "sqs:SendMessage",
            "logs:PutLogEvents",
        ] {
            assert!(
                actions.contains(needed),
                "{example}: the role lacks {needed}: {actions:?}"
            );
        }
    }
}

/// `synth diff` against what CloudFormation holds: a complete example deployed, its table's key
/// schema changed by a second deploy (moto cannot create Kafka mappings, so the mapping's own
/// cases are unit tests in `synth/src/diff/tests/mapping.rs`), the deployed template taken back
/// with `aws cloudformation get-template`, and `synth diff` marking the table `replace`.
#[test]
fn synth_diff_reads_the_deployed_template_back_and_marks_a_new_key_schema_replace() {
    let moto = Moto::from_env();
    let network = network(&moto);
    moto.aws(&["s3api", "create-bucket", "--bucket", "deploy-test-code"]);
    let deployed = deploy_complete(&moto, &network, "complete_msk", "-diff");
    let diff = |file: &Path, extra: &[&str]| {
        let mut args = vec![
            "diff",
            "--against",
            file.to_str().unwrap(),
            "--example",
            "complete_msk",
        ];
        args.extend(extra);
        let output = Command::new(env!("CARGO_BIN_EXE_synth"))
            .args(&args)
            .output()
            .expect("synth runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let get_template = |name: &str| {
        let file = deployed.dir.join(name);
        let body = moto.aws(&[
            "cloudformation",
            "get-template",
            "--stack-name",
            &deployed.stack,
            "--query",
            "TemplateBody",
        ]);
        std::fs::write(&file, body).unwrap();
        file
    };

    // As first deployed: only what the moto copy left out differs, and nothing is replaced.
    let (code, report) = diff(&get_template("as-created.json"), &[]);
    assert_eq!(code, Some(2), "{report}");
    assert!(
        report.contains("  add      AppLogsMapping  AWS::Lambda::EventSourceMapping"),
        "{report}"
    );
    assert!(!report.contains("  replace "), "{report}");

    // A second deploy gives the table another partition key.
    let mut changed = deployed.template.clone();
    let table = &mut changed["Resources"]["AnomaliesTable"]["Properties"];
    table["AttributeDefinitions"][0]["AttributeName"] = json!("partition");
    table["KeySchema"][0]["AttributeName"] = json!("partition");
    assert_eq!(deployed.update(&moto, &changed), "UPDATE_COMPLETE");

    let against = get_template("key-schema-changed.json");
    let (code, report) = diff(&against, &[]);
    assert_eq!(code, Some(2), "{report}");
    assert!(
        report.contains("  replace  AnomaliesTable  AWS::DynamoDB::Table"),
        "{report}"
    );
    assert!(
        report.contains(
            "KeySchema[0].AttributeName: \"partition\" -> \"topic_partition\"  [replaces]"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "the anomalies stored so far stay in the old table (UpdateReplacePolicy Retain)"
        ),
        "{report}"
    );
    // The function's configuration names the table, so it changes with the replacement.
    assert!(
        report.contains("  update   DetectorFunction  AWS::Lambda::Function"),
        "{report}"
    );
    // The old table is retained: no data is lost, so --fail-on-data-risk still exits 2.
    assert_eq!(diff(&against, &["--fail-on-data-risk"]).0, Some(2));
}

/// The `embedded` example, deployed by following what `synth --code-zip --model` prints: its
/// two uploads run as printed (placeholders filled in), its parameter overrides used as
/// printed, and the deployed function reads the model object that was uploaded.
#[test]
fn the_embedded_example_deploys_with_its_model_as_printed() {
    let moto = Moto::from_env();
    let network = network(&moto);
    // Unique per run, so the test also passes against a moto server that outlives it.
    let bucket = format!("deploy-test-embedded-{}", std::process::id());
    moto.aws(&["s3api", "create-bucket", "--bucket", &bucket]);
    let dir = scratch("embedded");
    let zip = package(&dir);
    let model = support::model(&dir, "response_time_ms,status,duration_ms");
    let template_path = dir.join("stack.json");
    let output = Command::new(env!("CARGO_BIN_EXE_synth"))
        .args(["--example", "embedded", "--code-zip"])
        .arg(&zip)
        .arg("--model")
        .arg(&model)
        .arg("--out")
        .arg(&template_path)
        .output()
        .expect("synth runs");
    let printed = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{printed}");
    let fill = |text: &str| {
        text.replace("CODE_BUCKET", &bucket)
            .replace("MODEL_BUCKET", &bucket)
            .replace("TOPIC", &parameter_value("Topic", &network))
            .replace("CLUSTER_ARN", &parameter_value("ClusterArn", &network))
    };
    let uploads: Vec<String> = printed
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("aws s3 cp "))
        .map(fill)
        .collect();
    assert_eq!(uploads.len(), 2, "the package and the model: {printed}");
    for upload in &uploads {
        let words: Vec<&str> = upload.split_whitespace().skip(1).collect();
        moto.aws(&words);
    }
    let overrides = fill(
        printed
            .split("--parameter-overrides")
            .nth(1)
            .and_then(|rest| rest.lines().next())
            .expect("parameter overrides"),
    );
    let overrides: Vec<&str> = overrides.split_whitespace().collect();
    let model_key = overrides
        .iter()
        .find_map(|o| o.strip_prefix("ModelKey="))
        .expect("the model key override")
        .to_owned();

    let mut template: Value =
        serde_json::from_str(&std::fs::read_to_string(&template_path).unwrap()).unwrap();
    for_moto(&mut template);
    let moto_template = dir.join("stack-for-moto.json");
    std::fs::write(&moto_template, template.to_string()).unwrap();
    let stack = format!("embedded-{}", std::process::id());
    assert_eq!(
        moto.deploy(&moto_template, &stack, &overrides),
        "CREATE_COMPLETE"
    );

    let (_, ids) = physical_ids(&moto, &stack);
    let (_, config) = moto.function(&stack, &ids);
    let ScorerConfig::Embedded {
        model: ModelSource::S3(object),
        ..
    } = &config.scorer
    else {
        panic!("an embedded scorer reading S3: {:?}", config.scorer);
    };
    assert_eq!(
        (object.bucket.as_str(), object.key.as_str()),
        (bucket.as_str(), model_key.as_str())
    );
    let fetched = dir.join("fetched.json");
    moto.aws(&[
        "s3",
        "cp",
        &format!("s3://{bucket}/{model_key}"),
        fetched.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&fetched).unwrap(),
        std::fs::read(&model).unwrap(),
        "the function's model object is the uploaded file"
    );
    let object_arn = format!("arn:aws:s3:::{bucket}/{model_key}");
    let statements = moto.role_statements(&ids);
    let reads_model = statements.iter().any(|s| {
        s["Action"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "s3:GetObject")
            && s["Resource"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == object_arn.as_str())
    });
    assert!(
        reads_model,
        "the role may read {object_arn}: {statements:?}"
    );
}

/// A role policy document as `get-role-policy` returns it: JSON from AWS; from moto, a
/// Python-literal string (single quotes), which this turns into JSON. The policies here hold
/// no quotes inside their strings, so swapping the quote character is exact.
fn policy_document(document: &Value) -> Value {
    match document {
        Value::String(text) => serde_json::from_str(text)
            .or_else(|_| {
                serde_json::from_str(
                    &text
                        .replace('\'', "\"")
                        .replace("True", "true")
                        .replace("False", "false"),
                )
            })
            .unwrap_or_else(|e| panic!("a policy document: {e}: {text}")),
        other => other.clone(),
    }
}

#[test]
fn the_moto_copy_drops_only_what_moto_cannot_create() {
    let mut template = json!({
        "Resources": {
            "A": {"Type": "AWS::CloudWatch::Alarm"},
            "M": {"Type": "AWS::Lambda::EventSourceMapping"},
            "D": {"Type": "AWS::CloudWatch::Dashboard", "Properties": {"X": {"Fn::GetAtt": ["A", "Arn"]}, "Y": {"Ref": "F"}}},
            "F": {"Type": "AWS::Lambda::Function"}
        },
        "Outputs": {"Mapping": {"Value": {"Ref": "M"}}, "Function": {"Value": {"Ref": "F"}}}
    });
    for_moto(&mut template);
    let kept: Vec<&String> = template["Resources"].as_object().unwrap().keys().collect();
    assert_eq!(kept, ["D", "F"]);
    assert_eq!(
        template["Resources"]["D"]["Properties"]["X"],
        "arn:aws:cloudwatch:us-east-1:123456789012:alarm:A"
    );
    assert_eq!(
        template["Resources"]["D"]["Properties"]["Y"],
        json!({"Ref": "F"})
    );
    let outputs: Vec<&String> = template["Outputs"].as_object().unwrap().keys().collect();
    assert_eq!(outputs, ["Function"]);
}
