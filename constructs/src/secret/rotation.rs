//! Rotation of a generated SASL secret: a schedule that has Secrets Manager invoke a Lambda
//! function you supply.
//!
//! AWS offers no managed rotation for Kafka credentials and no rotation function template for
//! them (its templates cover databases, Redshift, ElastiCache, Active Directory and a generic
//! skeleton), so the stack cannot write the function: what it must do depends on where the
//! user lives. For a secret associated with an Amazon MSK cluster (`for_msk`), MSK reads the
//! secret itself and syncs changes within about 10 minutes, so the function only writes a new
//! password (Secrets Manager's four steps, with nothing to set on the brokers). For
//! self-managed brokers it must also change the user's SCRAM credentials on the cluster
//! (Kafka's `AlterUserScramCredentials` admin API, as a user allowed to alter them, from a
//! network that reaches the brokers), or the brokers refuse the new password; for SASL/PLAIN,
//! wherever the brokers keep their users (often static broker configuration).
//!
//! The stack wires what it can see: the `AWS::SecretsManager::RotationSchedule`, and the
//! `AWS::Lambda::Permission` that lets Secrets Manager invoke the function for this secret
//! only. The function's own role is the user's: it needs `secretsmanager:DescribeSecret`,
//! `GetSecretValue`, `PutSecretValue` and `UpdateSecretVersionStage` on the secret,
//! `secretsmanager:GetRandomPassword`, and `kms:Decrypt` and `kms:GenerateDataKey` on the
//! secret's key.

use crate::context::SynthContext;
use crate::logical_id::LogicalId;
use crate::props::Prop;
use crate::resources::lambda::Permission;
use crate::resources::secretsmanager::{RotationRules, RotationSchedule};
use crate::rules::secret as rule;
use crate::scope::Scope;
use crate::template::Resource;
use crate::validate::Validator;
use crate::value::Value;

/// Default days between rotations: a month, well inside the 90 days AWS Config's
/// `secretsmanager-secret-periodic-rotation` rule allows by default.
pub const DEFAULT_ROTATION_DAYS: i64 = 30;

/// How a generated secret rotates: every `after_days` days, by the Lambda function
/// `function_arn` (which you supply: AWS offers none for Kafka credentials).
///
/// ```
/// use constructs::secret::{SaslSecret, SecretRotation};
/// use constructs::Stack;
/// let mut stack = Stack::new("orders-anomaly");
/// stack.add(
///     "Creds",
///     SaslSecret::generate("detector").rotation(
///         SecretRotation::new("arn:aws:lambda:us-east-1:123456789012:function:rotate-kafka-user")
///             .after_days(60),
///     ),
/// );
/// let template = stack.synth().unwrap().template.to_json();
/// assert!(template.contains("AWS::SecretsManager::RotationSchedule"));
/// ```
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecretRotation {
    /// The ARN of the Lambda function that rotates the secret
    /// (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`). Secrets Manager is allowed to invoke it
    /// for this secret; its role needs `secretsmanager:DescribeSecret`, `GetSecretValue`,
    /// `PutSecretValue`, `UpdateSecretVersionStage` on the secret, `GetRandomPassword`, and
    /// `kms:Decrypt`, `kms:GenerateDataKey` on the secret's key.
    #[schemars(extend("examples" = ["arn:aws:lambda:us-east-1:123456789012:function:rotate-kafka-credentials"]))]
    function_arn: Prop<String>,
    /// Days between rotations, 1 to 1000 (default 30).
    #[serde(default = "default_days")]
    #[schemars(extend("minimum" = 1, "maximum" = 1000))]
    after_days: Prop<i64>,
}

fn default_days() -> Prop<i64> {
    Prop::new(DEFAULT_ROTATION_DAYS)
}

impl SecretRotation {
    /// Rotation by the function `function_arn`, every 30 days.
    pub fn new(function_arn: impl Into<Value>) -> Self {
        Self {
            function_arn: Prop::new(function_arn),
            after_days: default_days(),
        }
    }

    /// Days between rotations, 1 to 1000.
    pub fn after_days(mut self, days: impl Into<Value>) -> Self {
        self.after_days = Prop::new(days);
        self
    }

    /// Checks the function ARN and the days.
    pub(super) fn validate(&self, v: &mut Validator<'_>) {
        v.arn(
            &rule::ROTATION_FUNCTION_ARN,
            "rotation.function_arn",
            &self.function_arn,
            "lambda",
            "function:",
            "a Lambda function",
        );
        v.int_range(
            &rule::ROTATION_DAYS,
            "rotation.after_days",
            &self.after_days,
            1,
            1000,
            "Secrets Manager rotates a secret every 1 to 1,000 days",
        );
    }

    /// Adds the permission that lets Secrets Manager invoke the function for the secret
    /// `secret` (logical id), and the schedule, which waits for the permission: Secrets Manager
    /// starts a first rotation when the schedule is created.
    pub(super) fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext, secret: &LogicalId) {
        let permission = scope.logical_id("RotationPermission");
        ctx.add_resource(
            scope,
            permission.clone(),
            Resource::new(&Permission {
                action: "lambda:InvokeFunction".into(),
                function_name: self.function_arn.value().clone(),
                principal: "secretsmanager.amazonaws.com".into(),
                source_account: Some(Value::account_id()),
                source_arn: Some(Value::reference(secret)),
            }),
        );
        ctx.add_resource(
            scope,
            scope.logical_id("RotationSchedule"),
            Resource::new(&RotationSchedule {
                secret_id: Value::reference(secret),
                rotation_lambda_arn: self.function_arn.value().clone(),
                rotation_rules: RotationRules {
                    automatically_after_days: self.after_days.value().clone(),
                },
            })
            .depends_on(&permission),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::SaslSecret;
    use crate::template::Scanner;
    use crate::{Stack, Template};

    const FUNCTION: &str = "arn:aws:lambda:us-east-1:123456789012:function:rotate-kafka-user";

    fn template(secret: SaslSecret) -> Template {
        let mut stack = Stack::new("rotation");
        stack.add("Creds", secret);
        stack.synth().expect("valid").template
    }

    fn resource<'t>(t: &'t Template, id: &str) -> Option<&'t Resource> {
        t.resources.get(&LogicalId::new(id).unwrap())
    }

    #[test]
    fn a_generated_secret_without_rotation_says_why_it_does_not_rotate() {
        let t = template(SaslSecret::generate("detector"));
        let guard = resource(&t, "CredsSecret")
            .unwrap()
            .suppressions(Scanner::Guard);
        assert_eq!(guard.len(), 1);
        assert_eq!(guard[0].0, "SECRETSMANAGER_ROTATION_ENABLED_CHECK");
        assert!(guard[0].1.contains("no managed rotation"), "{}", guard[0].1);
        assert!(resource(&t, "CredsRotationSchedule").is_none());
    }

    #[test]
    fn a_rotated_secret_is_scheduled_and_its_function_may_be_invoked_for_it_alone() {
        let t = template(
            SaslSecret::generate("detector").rotation(SecretRotation::new(FUNCTION).after_days(45)),
        );
        let secret = resource(&t, "CredsSecret").unwrap();
        assert!(secret.metadata.is_empty(), "{:?}", secret.metadata);
        let ids: Vec<&str> = t.resources.keys().map(LogicalId::as_str).collect();
        assert_eq!(
            ids,
            [
                "EncryptionKey",
                "CredsSecret",
                "CredsRotationPermission",
                "CredsRotationSchedule"
            ]
        );
        let json = t.to_value();
        let schedule = &json["Resources"]["CredsRotationSchedule"];
        assert_eq!(
            schedule["DependsOn"],
            serde_json::json!(["CredsRotationPermission"])
        );
        assert_eq!(
            schedule["Properties"],
            serde_json::json!({
                "SecretId": {"Ref": "CredsSecret"},
                "RotationLambdaARN": FUNCTION,
                "RotationRules": {"AutomaticallyAfterDays": 45}
            })
        );
        assert_eq!(
            json["Resources"]["CredsRotationPermission"]["Properties"],
            serde_json::json!({
                "Action": "lambda:InvokeFunction",
                "FunctionName": FUNCTION,
                "Principal": "secretsmanager.amazonaws.com",
                "SourceAccount": {"Ref": "AWS::AccountId"},
                "SourceArn": {"Ref": "CredsSecret"}
            })
        );
    }

    #[test]
    fn rotation_defaults_to_every_30_days() {
        let t = template(SaslSecret::generate("detector").rotation(SecretRotation::new(FUNCTION)));
        assert_eq!(
            t.to_value()["Resources"]["CredsRotationSchedule"]["Properties"]["RotationRules"]["AutomaticallyAfterDays"],
            DEFAULT_ROTATION_DAYS
        );
    }

    #[test]
    fn rotation_props_are_checked_and_named() {
        let mut stack = Stack::new("rotation");
        stack.add(
            "Imported",
            SaslSecret::import("arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-AbCdEf")
                .rotation(SecretRotation::new(FUNCTION)),
        );
        stack.add(
            "Layer",
            SaslSecret::generate("detector").rotation(SecretRotation::new(
                "arn:aws:lambda:us-east-1:123456789012:layer:rotate",
            )),
        );
        stack.add(
            "Slow",
            SaslSecret::generate("detector")
                .rotation(SecretRotation::new(FUNCTION).after_days(1001)),
        );
        let errors = stack.synth().expect_err("invalid").errors;
        let found: Vec<(&str, &str, &str, Option<&str>)> = errors
            .iter()
            .map(|d| {
                (
                    d.rule.id,
                    d.path.as_str(),
                    d.property.as_str(),
                    d.value.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("E0422", "Imported", "rotation", None),
                (
                    "E0420",
                    "Layer",
                    "rotation.function_arn",
                    Some("\"arn:aws:lambda:us-east-1:123456789012:layer:rotate\"")
                ),
                ("E0421", "Slow", "rotation.after_days", Some("1001")),
            ]
        );
    }
}
