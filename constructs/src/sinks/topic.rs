//! `AlertTopic`: the SNS topic the function publishes anomaly alerts to and alarms notify.

use super::policy::{deny_insecure_transport, key_use_through};
use crate::construct::{Construct, Handle};
use crate::context::SynthContext;
use crate::iam::unscoped::KEY_POLICY_REASON;
use crate::iam::{PolicyDocument, Statement};
use crate::intrinsic::Intrinsic;
use crate::logical_id::LogicalId;
use crate::props::{Prop, Referable};
use crate::resources::sns::{Subscription, Topic, TopicPolicy};
use crate::scope::Scope;
use crate::template::Resource;
use crate::validate::Validator;
use crate::value::Value;

const KIND: &str = "AlertTopic";

/// The longest e-mail address SMTP allows.
const MAX_EMAIL_LEN: usize = 254;

/// The SNS topic that receives one alert per invocation with anomalies (from the function)
/// and the state changes of the stack's alarms.
///
/// Messages are encrypted with the stack's customer-managed key. The topic's policy lets
/// CloudWatch alarms of this account and region publish, and refuses requests without TLS;
/// the key's policy lets CloudWatch use the key for this account's topics in this region
/// (alarms cannot notify an encrypted topic otherwise).
///
/// ```
/// use constructs::{sinks::AlertTopic, Parameter, Stack};
/// let mut stack = Stack::new("demo");
/// let email = stack.add_parameter(
///     "AlertEmail",
///     Parameter::string("E-mail address for alerts; leave empty for none").default_value(""),
/// );
/// let topic = stack.add("Alerts", AlertTopic::new().email(email));
/// assert_eq!(topic.topic_arn().describe(), r#"{"Ref":"AlertsTopic"}"#);
/// let template = stack.synth().expect("valid").template.to_value();
/// // The subscription exists only when the parameter is not empty.
/// assert_eq!(template["Resources"]["AlertsEmailSubscription"]["Condition"], "AlertsHasEmail");
/// ```
#[derive(Debug, Clone, Default, serde::Deserialize, schemars::JsonSchema)]
#[schemars(description = "An SNS topic for alerts, encrypted with the stack's key.")]
#[serde(default, deny_unknown_fields)]
pub struct AlertTopic {
    /// The sender name of e-mail notifications (at most 100 characters).
    #[schemars(extend("minLength" = 1, "maxLength" = 100))]
    display_name: Option<Prop<String>>,
    /// E-mail addresses to subscribe (each must confirm); a parameter may be empty, which
    /// leaves the subscription out.
    #[schemars(extend("examples" = [["oncall@example.com"], ["sre+alerts@example.org", "data-team@example.com"]]))]
    emails: Vec<Prop<String>>,
}

impl Referable for AlertTopic {
    const KIND: &'static str = KIND;
    const SECTION: &'static str = "alert_topics";
}

impl AlertTopic {
    /// A topic with no subscriptions.
    pub fn new() -> Self {
        Self::default()
    }

    /// The sender name of e-mail notifications (at most 100 characters).
    pub fn display_name(mut self, name: impl Into<Value>) -> Self {
        self.display_name = Some(Prop::new(name));
        self
    }

    /// Subscribes an e-mail address (the recipient must confirm it). Given as a parameter, the
    /// subscription is created only when the parameter is not empty, so a stack can leave
    /// alerts unsubscribed. Call it once per address.
    pub fn email(mut self, address: impl Into<Value>) -> Self {
        self.emails.push(Prop::new(address));
        self
    }

    fn validate(&self, v: &mut Validator<'_>) {
        if let Some(name) = &self.display_name {
            v.string_len(
                &crate::rules::sinks::TOPIC_DISPLAY_NAME,
                "display_name",
                name,
                1,
                100,
                "SNS display names have at most 100 characters",
            );
        }
        for address in &self.emails {
            match address.value() {
                Value::String(s) if !is_email(s) => v.error(
                    &crate::rules::sinks::EMAIL,
                    "email",
                    Some(address),
                    "is not an e-mail address",
                    "give an address such as oncall@example.com, or a parameter that may be empty",
                ),
                Value::String(_) | Value::Intrinsic(_) => {}
                _ => v.error(
                    &crate::rules::sinks::EMAIL,
                    "email",
                    Some(address),
                    "must be a string",
                    "give the address as a string or a parameter",
                ),
            }
        }
    }
}

/// `local@domain.tld`, no whitespace, at most 254 characters.
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    s.len() <= MAX_EMAIL_LEN
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

impl Construct for AlertTopic {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn synthesize(&self, scope: &Scope, ctx: &mut SynthContext) {
        self.validate(&mut ctx.validator(KIND, scope));
        let key = ctx.encryption_key();
        let topic_id = topic_id(scope);
        let topic_arn = Value::reference(&topic_id);
        ctx.add_resource(
            scope,
            topic_id,
            Resource::new(&Topic {
                display_name: self.display_name.clone().map(Prop::into_value),
                kms_master_key_id: Some(key.arn),
            }),
        );
        for (i, address) in self.emails.iter().enumerate() {
            let suffix = if i == 0 {
                String::new()
            } else {
                (i + 1).to_string()
            };
            let mut subscription = Resource::new(&Subscription {
                topic_arn: topic_arn.clone(),
                protocol: "email".into(),
                endpoint: address.value().clone(),
            });
            if ctx.parameter_type(address).is_some() {
                let condition = scope.logical_id(&format!("HasEmail{suffix}"));
                ctx.add_condition(
                    scope,
                    condition.clone(),
                    Intrinsic::Not(
                        Intrinsic::Equals(address.value().clone(), Value::from("")).into(),
                    )
                    .into(),
                );
                subscription.condition = Some(condition);
            }
            ctx.add_resource(
                scope,
                scope.logical_id(&format!("EmailSubscription{suffix}")),
                subscription,
            );
        }
        let policy = TopicPolicy {
            policy_document: PolicyDocument::new(vec![
                Statement::allow(["sns:Publish"])
                    .sid("AllowCloudWatchAlarms")
                    .service_principal("cloudwatch.amazonaws.com")
                    .on(topic_arn.clone())
                    .condition("StringEquals", "aws:SourceAccount", Value::account_id())
                    .condition(
                        "ArnLike",
                        "aws:SourceArn",
                        Value::sub(
                            "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*",
                        ),
                    ),
                deny_insecure_transport(&["sns:Publish"], topic_arn.clone()),
            ]),
            topics: vec![topic_arn],
        };
        ctx.add_resource(scope, scope.logical_id("Policy"), Resource::new(&policy));
        // The topic's ARN cannot appear in the key's policy (the topic refers to the key), so
        // the statement covers this account's topics in this region; it is the same for every
        // topic and is added once.
        let allowed = ctx.allow_key_use(
            Statement::allow(["kms:Decrypt", "kms:GenerateDataKey*"])
                .sid("CloudWatchAlarmsUseKey")
                .service_principal("cloudwatch.amazonaws.com")
                .on_any_resource(KEY_POLICY_REASON)
                .condition(
                    "ArnLike",
                    "kms:EncryptionContext:aws:sns:topicArn",
                    Value::sub("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:*"),
                ),
        );
        if !allowed {
            ctx.validator(KIND, scope).warn(&crate::rules::sinks::TOPIC_IMPORTED_KEY,
                "encryption_key",
                None,
                "the topic is encrypted with the stack's imported key, whose policy this stack cannot change",
                "make sure the key policy lets cloudwatch.amazonaws.com call kms:Decrypt and kms:GenerateDataKey*, or alarms cannot notify the topic",
            );
        }
    }
}

fn topic_id(scope: &Scope) -> LogicalId {
    scope.logical_id("Topic")
}

impl Handle<AlertTopic> {
    /// The logical id of the `AWS::SNS::Topic`.
    pub fn topic_id(&self) -> LogicalId {
        topic_id(self.scope())
    }

    /// The topic's ARN (`Ref`).
    pub fn topic_arn(&self) -> Value {
        Value::reference(&self.topic_id())
    }

    /// Lets `role` publish to this topic: `sns:Publish` on it, and `kms:Decrypt` and
    /// `kms:GenerateDataKey` on the stack's key — what AWS documents a publisher to a topic
    /// encrypted with a customer-managed key needs (SNS Developer Guide, "Allow a user to send
    /// messages to a topic with SSE") — through SNS for this topic only (`kms:ViaService`,
    /// encryption context `aws:sns:topicArn`).
    pub fn grant_publish(&self, scope: &Scope, role: &LogicalId, ctx: &mut SynthContext) {
        for statement in self.publish_statements(ctx) {
            ctx.grant(scope, role, statement);
        }
    }

    /// The statements [`Handle::<AlertTopic>::grant_publish`] grants.
    pub(crate) fn publish_statements(&self, ctx: &mut SynthContext) -> Vec<Statement> {
        let key = ctx.encryption_key();
        vec![
            Statement::allow(["sns:Publish"])
                .sid(self.scope().logical_id("Publish").as_str())
                .on(self.topic_arn()),
            key_use_through(
                self.scope().logical_id("UseKey").as_str(),
                &["kms:Decrypt", "kms:GenerateDataKey"],
                key.arn,
                "sns",
                "aws:sns:topicArn",
                self.topic_arn(),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::is_email;

    #[test]
    fn email_addresses() {
        assert!(is_email("oncall@example.com"));
        for bad in [
            "",
            "oncall",
            "@example.com",
            "a@b",
            "a@.com",
            "a b@c.com",
            "a@b@c.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
