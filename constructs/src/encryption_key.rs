//! The stack's customer-managed KMS key: imported by ARN, or created the first time a
//! construct asks for it, with a key policy assembled from the statements the constructs that
//! use it need (CloudWatch Logs for encrypted log groups, CloudWatch alarms for an encrypted
//! topic, …). [`SynthContext`](crate::SynthContext) holds one and hands it out.

use crate::iam::unscoped::KEY_POLICY_REASON;
use crate::iam::{PolicyDocument, Statement};
use crate::logical_id::LogicalId;
use crate::resources::kms::Key;
use crate::template::{DeletionPolicy, Resource};
use crate::value::Value;

/// The logical id of the stack's customer-managed KMS key, when the stack creates one.
pub const STACK_KEY_ID: &str = "EncryptionKey";

/// The stack's encryption key as the constructs that use it see it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRef {
    /// The key's ARN.
    pub arn: Value,
    /// True when the stack creates the key (so it can add service statements to its policy).
    pub created: bool,
}

/// The key's state while the stack synthesizes.
#[derive(Debug)]
pub(crate) enum StackKey {
    /// No construct has asked for a key yet.
    Unused,
    /// The stack encrypts with an existing key.
    Imported(Value),
    /// The stack creates the key; its policy so far.
    Created {
        description: String,
        statements: PolicyDocument,
    },
}

/// What [`StackKey::use_key`] gives: the key, and, when this use created it, the placeholder
/// resource that reserves its place in the template.
pub(crate) struct KeyUse {
    pub(crate) key: KeyRef,
    pub(crate) reserve: Option<Resource>,
}

impl StackKey {
    /// No key yet, or the imported one.
    pub(crate) fn new(imported: Option<Value>) -> Self {
        imported.map_or(StackKey::Unused, StackKey::Imported)
    }

    /// The key's logical id when the stack creates it.
    pub(crate) fn id() -> LogicalId {
        // A constant of ASCII letters only.
        LogicalId::new(STACK_KEY_ID).unwrap_or_else(|_| unreachable!("constant logical id"))
    }

    fn created_ref() -> KeyRef {
        KeyRef {
            arn: Value::get_att(&Self::id(), "Arn"),
            created: true,
        }
    }

    /// The key; the first use of an unused key creates it (yearly rotation, the account
    /// administering it), described as the key of `stack_name`.
    pub(crate) fn use_key(&mut self, stack_name: &str) -> KeyUse {
        match self {
            StackKey::Imported(arn) => KeyUse {
                key: KeyRef {
                    arn: arn.clone(),
                    created: false,
                },
                reserve: None,
            },
            StackKey::Created { .. } => KeyUse {
                key: Self::created_ref(),
                reserve: None,
            },
            StackKey::Unused => {
                *self = StackKey::Created {
                    description: format!(
                        "Encrypts the data of the {stack_name} anomaly-detection stack at rest"
                    ),
                    statements: PolicyDocument::new(vec![
                        Statement::allow(["kms:*"])
                            .sid("AccountAdministersKey")
                            .aws_principal(Value::sub(
                                "arn:${AWS::Partition}:iam::${AWS::AccountId}:root",
                            ))
                            .on_any_resource(KEY_POLICY_REASON),
                    ]),
                };
                KeyUse {
                    key: Self::created_ref(),
                    reserve: Some(Resource::new(&Key::default())),
                }
            }
        }
    }

    /// Adds `statement` to the created key's policy; false when the key is imported (or not
    /// created yet), whose policy this stack cannot change.
    pub(crate) fn allow(&mut self, statement: Statement) -> bool {
        match self {
            StackKey::Created { statements, .. } => {
                statements.push(statement);
                true
            }
            _ => false,
        }
    }

    /// The key-policy statement AWS documents for CloudWatch Logs encrypting the log groups
    /// whose ARNs match `log_group_arn` (ArnLike, so `*` wildcards work), with the
    /// encryption-context condition that limits it to them.
    pub(crate) fn logs_statement(sid: &str, log_group_arn: Value) -> Statement {
        Statement::allow([
            "kms:Encrypt*",
            "kms:Decrypt*",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:Describe*",
        ])
        .sid(sid)
        .service_principal(Value::sub("logs.${AWS::Region}.amazonaws.com"))
        .on_any_resource(KEY_POLICY_REASON)
        .condition(
            "ArnLike",
            "kms:EncryptionContext:aws:logs:arn",
            log_group_arn,
        )
    }

    /// The created key's resource with its whole policy, retained when it leaves the stack
    /// (data it encrypted stays readable); `None` when the stack creates no key.
    pub(crate) fn finish(self) -> Option<Resource> {
        let StackKey::Created {
            description,
            statements,
        } = self
        else {
            return None;
        };
        let key = Key {
            description: Some(description),
            enable_key_rotation: true,
            key_policy: statements,
            pending_window_in_days: None,
            tags: Vec::new(),
        };
        Some(Resource::new(&key).retain_policy(DeletionPolicy::Retain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_on_first_use_and_finished_with_every_statement() {
        let mut key = StackKey::new(None);
        assert!(!key.allow(StackKey::logs_statement("Early", Value::from("arn"))));
        let first = key.use_key("demo");
        assert!(first.key.created && first.reserve.is_some());
        assert!(key.use_key("demo").reserve.is_none());
        assert!(key.allow(StackKey::logs_statement("Logs", Value::from("arn"))));
        let resource = key.finish().expect("created");
        assert_eq!(resource.deletion_policy, Some(DeletionPolicy::Retain));
        let json = serde_json::to_value(&resource.properties).unwrap_or_default();
        let sids: Vec<&str> = json["KeyPolicy"]["Statement"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["Sid"].as_str())
            .collect();
        assert_eq!(sids, ["AccountAdministersKey", "Logs"]);
        assert_eq!(
            json["Description"],
            "Encrypts the data of the demo anomaly-detection stack at rest"
        );
    }

    #[test]
    fn an_imported_key_is_used_as_given() {
        let arn = Value::from("arn:aws:kms:us-east-1:123456789012:key/k");
        let mut key = StackKey::new(Some(arn.clone()));
        let used = key.use_key("demo");
        assert_eq!(
            used.key,
            KeyRef {
                arn,
                created: false
            }
        );
        assert!(used.reserve.is_none());
        assert!(!key.allow(StackKey::logs_statement("Logs", Value::from("arn"))));
        assert!(key.finish().is_none());
    }
}
