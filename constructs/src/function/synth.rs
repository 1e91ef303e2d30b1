//! Turning an `AnomalyFunction` into its log group, role, function and mappings.

use indexmap::IndexMap;

use super::environment::{Deferred, encode};
use super::scorer::Scorer;
use super::target::FunctionTarget;
use super::{AnomalyFunction, KIND};
use crate::construct::Construct;
use crate::context::SynthContext;
use crate::contract::{
    CONFIG_ENV, CONTRACT_VERSION, FunctionConfig, ModelSource, ScorerConfig, SinkConfig,
};
use crate::iam::unscoped::XRAY_REASON;
use crate::iam::{NetworkPlacement, PolicyDocument, Statement, network_interface_statements};
use crate::props::OptionalProp;
use crate::resources::iam::Role;
use crate::resources::lambda::{
    Environment, Function, FunctionCode as CodeProps, LoggingConfig, TracingConfig, VpcConfig,
};
use crate::resources::logs::LogGroup;
use crate::scope::Scope;
use crate::template::{DeletionPolicy, Resource, Suppression};
use crate::value::Value;

impl AnomalyFunction {
    /// The runtime contract this function is deployed with; deploy-time values become
    /// `deferred` tokens.
    fn contract(&self, deferred: &mut Deferred) -> FunctionConfig {
        // A missing scorer is reported by validation; the contract gets an empty name.
        let scorer = match &self.scorer {
            Some(scorer) => scorer.contract(self.content_type, deferred),
            None => ScorerConfig::SageMaker {
                endpoint_name: String::new(),
                content_type: self.content_type,
            },
        };
        let sinks = SinkConfig {
            anomaly_table: self
                .anomaly_table
                .as_ref()
                .map(|table| deferred.slot(&table.table_name())),
            // A TTL of 0 is reported by the table; the contract never carries it.
            anomaly_ttl_days: self
                .anomaly_table
                .as_ref()
                .and_then(|table| table.ttl_days())
                .filter(|days| *days > 0),
            alert_topic_arn: self
                .alert_topic
                .as_ref()
                .map(|topic| deferred.slot(&topic.topic_arn())),
            bad_record_queue_url: self
                .bad_record_queue
                .as_ref()
                .map(|queue| deferred.slot(&queue.queue_url())),
        };
        FunctionConfig {
            version: CONTRACT_VERSION,
            record_format: self.record_format.clone(),
            features: self.features.clone(),
            scorer,
            threshold: self.threshold.clone(),
            sinks,
            metrics_namespace: self.metrics_namespace.clone(),
            report_batch_item_failures: self
                .sources
                .iter()
                .any(|s| s.reports_batch_item_failures()),
        }
    }
}

/// The contract with deploy-time tokens (and a missing scorer, reported separately)
/// replaced by values that pass the contract's own checks.
fn checkable(config: &FunctionConfig) -> FunctionConfig {
    let mut check = config.clone();
    let stand_in = |value: &mut String, resolved: &str| {
        if Deferred::is_token(value) {
            resolved.clone_into(value);
        }
    };
    match &mut check.scorer {
        ScorerConfig::SageMaker { endpoint_name, .. } => {
            if endpoint_name.is_empty() {
                *endpoint_name = "resolved-at-deploy-time".into();
            }
            stand_in(endpoint_name, "resolved-at-deploy-time");
        }
        ScorerConfig::Embedded {
            model: ModelSource::S3(object),
            ..
        } => {
            stand_in(&mut object.bucket, "resolved-at-deploy-time");
            stand_in(&mut object.key, "resolved/at/deploy/time.json");
        }
        ScorerConfig::Embedded { .. } => {}
    }
    check
}

impl Construct for AnomalyFunction {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        let mut deferred = Deferred::default();
        let config = self.contract(&mut deferred);
        // The contract holds only strings, numbers and booleans, which always serialize.
        let json = serde_json::to_string(&config)
            .unwrap_or_else(|e| unreachable!("contract serializes: {e}"));
        let env = encode(&json, deferred);
        self.validate(&mut ctx.validator(KIND, scope), &checkable(&config), &env);

        let role_id = scope.logical_id("Role");
        let function_id = scope.logical_id("Function");
        let log_group_id = scope.logical_id("LogGroup");
        let key = ctx.encryption_key();
        // The log group's name is generated, so the key lets CloudWatch Logs use it for this
        // account's log groups in this region (the function's role can write only its own).
        let logs_arn =
            Value::sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*");
        if !ctx.allow_logs_to_use_key("CloudWatchLogsUseKey", logs_arn) {
            ctx.validator(KIND, scope).warn(&crate::rules::function::LOG_GROUP_IMPORTED_KEY,
                "log_group",
                None,
                "the log group is encrypted with the stack's imported key, whose policy this stack cannot change",
                "make sure the key policy lets logs.REGION.amazonaws.com use the key, or CloudFormation fails to create the log group",
            );
        }

        let mut log_group = Resource::new(&LogGroup {
            log_group_name: None,
            retention_in_days: Some(self.log_retention_days.value().clone()),
            kms_key_id: Some(key.arn.clone()),
            tags: self.tags.clone(),
        })
        .retain_policy(DeletionPolicy::Retain);
        for suppression in
            Suppression::for_log_retention(self.log_retention_days.value(), "log_retention_days")
        {
            log_group = log_group.suppress(&suppression);
        }
        ctx.add_resource(scope, log_group_id.clone(), log_group);

        let role = Role {
            assume_role_policy_document: PolicyDocument::new(vec![
                Statement::allow(["sts:AssumeRole"]).service_principal("lambda.amazonaws.com"),
            ]),
            description: Some(format!(
                "Execution role of the {} anomaly-detection function",
                scope.path()
            )),
            tags: self.tags.clone(),
            ..Role::default()
        };
        ctx.add_role(scope, role_id.clone(), role, "AnomalyFunctionPermissions");
        ctx.grant(
            scope,
            &role_id,
            Statement::allow(["logs:CreateLogStream", "logs:PutLogEvents"])
                .sid("WriteOwnLogs")
                .on(Value::get_att(&log_group_id, "Arn")),
        );
        if let Some(scorer) = &self.scorer {
            scorer.grant(scope, &role_id, ctx);
        }
        if let Some(table) = &self.anomaly_table {
            table.grant_write(scope, &role_id, ctx);
        }
        if let Some(topic) = &self.alert_topic {
            topic.grant_publish(scope, &role_id, ctx);
        }
        if let Some(queue) = &self.bad_record_queue {
            queue.grant_send(scope, &role_id, ctx);
        }
        if self.tracing {
            ctx.grant(
                scope,
                &role_id,
                Statement::allow(["xray:PutTraceSegments", "xray:PutTelemetryRecords"])
                    .sid("SendTraces")
                    .on_any_resource(XRAY_REASON),
            );
        }
        let vpc_config = self.vpc.as_ref().map(|vpc| {
            let placement = NetworkPlacement::Subnets {
                subnet_ids: vpc.subnet_ids(),
                security_group_ids: vpc.security_group_ids(),
            };
            for statement in network_interface_statements("FunctionVpc", &placement) {
                ctx.grant(scope, &role_id, statement);
            }
            VpcConfig {
                subnet_ids: Value::List(vpc.subnet_ids()),
                security_group_ids: Value::List(vpc.security_group_ids()),
            }
        });

        let mut variables = IndexMap::new();
        variables.insert(CONFIG_ENV.to_owned(), env.value);
        let function = Function {
            description: Some(self.description.clone().unwrap_or_else(|| {
                let forest = match &self.scorer {
                    Some(Scorer::Embedded(_)) => "an embedded Random Cut Forest",
                    _ => "a Random Cut Forest endpoint",
                };
                format!(
                    "Scores Kafka log records with {forest} and flags anomalies ({})",
                    ctx.stack_name()
                )
            })),
            runtime: "provided.al2023".into(),
            handler: "bootstrap".into(),
            architectures: vec![self.architecture.lambda_name().into()],
            code: CodeProps {
                s3_bucket: self.code.bucket.value().clone(),
                s3_key: self.code.key.value().clone(),
                s3_object_version: None,
            },
            role: Value::get_att(&role_id, "Arn"),
            memory_size: Some(self.memory_mb.value().clone()),
            timeout: Some(self.timeout_seconds.value().clone()),
            reserved_concurrent_executions: self.reserved_concurrency.to_value(),
            environment: Some(Environment { variables }),
            kms_key_arn: Some(key.arn),
            logging_config: Some(LoggingConfig {
                log_group: Some(Value::reference(&log_group_id)),
                log_format: Some("JSON".into()),
                application_log_level: Some(self.log_level.lambda_name().into()),
                system_log_level: Some("WARN".into()),
            }),
            vpc_config,
            tracing_config: self.tracing.then(|| TracingConfig {
                mode: "Active".into(),
            }),
            code_signing_config_arn: self.code_signing_config_arn.to_value(),
            tags: self.tags.clone(),
        };
        let mut resource =
            Resource::new(&function).suppress(&Suppression::FunctionWithoutDeadLetterQueue);
        if self.vpc.is_none() {
            let scoring = self.scorer.as_ref().map_or("SageMaker", Scorer::service);
            resource = resource.suppress(&Suppression::FunctionOutsideVpc { scoring });
        }
        match &self.reserved_concurrency {
            None => resource = resource.suppress(&Suppression::FunctionConcurrencyUnreserved),
            Some(concurrency) if concurrency.is_intrinsic() => {
                resource = resource.suppress(&Suppression::FunctionConcurrencyAtDeployTime {
                    value: concurrency.describe(),
                });
            }
            Some(_) => {}
        }
        ctx.add_resource(scope, function_id.clone(), resource);

        let target = FunctionTarget {
            scope,
            function_name: Value::reference(&function_id),
            function_id,
            role: role_id,
            record_format: config.record_format,
        };
        for source in &self.sources {
            source.bind(&target, ctx);
        }
    }
}
