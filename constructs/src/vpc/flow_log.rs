//! The created VPC's flow log: all accepted and rejected traffic, delivered to a log group
//! encrypted with the stack's key, through a role only VPC Flow Logs can assume and that can
//! write only to that log group. Rejected connections between pollers, brokers and
//! endpoints show up there first.

use super::KIND;
use super::create::{name_tag, vpc_id};
use crate::context::SynthContext;
use crate::iam::{PolicyDocument, Statement};
use crate::resources::ec2::{self, FlowLogResourceType, TrafficType};
use crate::resources::iam::Role;
use crate::resources::logs::LogGroup;
use crate::rules::vpc as rule;
use crate::scope::Scope;
use crate::template::{Resource, Suppression};
use crate::value::Value;

/// Adds the log group, its key policy statement, the delivery role and the flow log.
pub(super) fn add(scope: &Scope, ctx: &mut SynthContext, retention_days: &Value) {
    let log_group = scope.logical_id("FlowLogGroup");
    let role = scope.logical_id("FlowLogRole");
    // A fixed name, so the key policy and the role can name the log group without a
    // reference cycle (the log group refers to the key).
    let name = format!(
        "/vpc-flow-logs/${{AWS::StackName}}/{}",
        crate::value::sub::sub_literal(&scope.path())
    );
    let arn = format!(
        "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{name}"
    );

    let key = ctx.encryption_key();
    // CloudWatch Logs uses the key on the log group's behalf; the encryption-context
    // condition limits it to this log group (AWS: "Encrypt log data in CloudWatch Logs using
    // AWS KMS", step 2).
    let sid = scope.logical_id("FlowLogsUseKey");
    if !ctx.allow_logs_to_use_key(sid.as_str(), Value::sub(arn.clone())) {
        ctx.validator(KIND, scope).warn(&rule::FLOW_LOG_KEY_POLICY,
            "encryption_key_arn",
            Some(&key.arn),
            format!("is an imported key whose policy the stack cannot see; unless it lets `logs.<region>.amazonaws.com` use it for log group `{name}`, creating the flow log group fails"),
            "add a key policy statement for the CloudWatch Logs service principal with condition `kms:EncryptionContext:aws:logs:arn` on that log group's ARN",
        );
    }
    let mut group = Resource::new(&LogGroup {
        log_group_name: Some(Value::sub(name)),
        retention_in_days: Some(retention_days.clone()),
        kms_key_id: Some(key.arn),
        tags: vec![name_tag(scope, "flow-log")],
    });
    for suppression in Suppression::for_log_retention(retention_days, "flow_log_retention_days") {
        group = group.suppress(&suppression);
    }
    ctx.add_resource(scope, log_group.clone(), group);

    // Confused-deputy protection as AWS recommends for flow-log roles: only flow logs of
    // this account and region may assume the role.
    let trust = Statement::allow(["sts:AssumeRole"])
        .service_principal("vpc-flow-logs.amazonaws.com")
        .condition("StringEquals", "aws:SourceAccount", Value::account_id())
        .condition(
            "ArnLike",
            "aws:SourceArn",
            Value::sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*"),
        );
    ctx.add_role(
        scope,
        role.clone(),
        Role {
            assume_role_policy_document: PolicyDocument::new(vec![trust]),
            description: Some(format!(
                "Lets VPC Flow Logs write the flow log of {} to its log group",
                scope.path()
            )),
            ..Role::default()
        },
        "DeliverFlowLogs",
    );
    // The log group exists, so the CreateLogGroup and DescribeLogGroups that AWS lists for
    // roles that may have to create it are not needed; the rest is scoped to this group.
    ctx.grant(
        scope,
        &role,
        Statement::allow([
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "logs:DescribeLogStreams",
        ])
        .sid("WriteFlowLogRecords")
        .on(Value::sub(arn.clone()))
        .on(Value::sub(format!("{arn}:*"))),
    );

    ctx.add_resource(
        scope,
        scope.logical_id("FlowLog"),
        Resource::new(&ec2::FlowLog {
            resource_id: vpc_id(scope),
            resource_type: FlowLogResourceType::Vpc,
            traffic_type: TrafficType::All,
            log_destination_type: "cloud-watch-logs".into(),
            log_group_name: Value::reference(&log_group),
            deliver_logs_permission_arn: Value::get_att(&role, "Arn"),
            tags: vec![name_tag(scope, "flow-log")],
        }),
    );
}
