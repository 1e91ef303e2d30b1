//! An existing secret referenced by ARN, and the checks every imported secret shares.

use crate::rules::secret as rule;
use crate::validate::Validator;
use crate::value::Value;

use super::SecretKey;

/// A secret that exists outside the stack: its ARN and, when a customer-managed key encrypts
/// it, that key's ARN.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ImportedSecret {
    pub(crate) arn: Value,
    pub(crate) kms_key_arn: Option<Value>,
}

impl ImportedSecret {
    pub(crate) fn new(arn: Value) -> Self {
        Self {
            arn,
            kms_key_arn: None,
        }
    }

    /// How the secret is encrypted.
    pub(crate) fn key(&self) -> SecretKey {
        match &self.kms_key_arn {
            Some(arn) => SecretKey::Customer(arn.clone()),
            None => SecretKey::AwsManaged,
        }
    }

    /// The secret ARN must be a Secrets Manager secret ARN and the key a KMS key ARN.
    pub(crate) fn validate(&self, v: &mut Validator<'_>) {
        v.arn(
            &rule::SECRET_ARN,
            "import",
            &self.arn,
            "secretsmanager",
            "secret:",
            "a Secrets Manager secret",
        );
        if let Some(key) = &self.kms_key_arn {
            check_key_arn(v, key);
        }
    }
}

/// A key given for grants must be a key ARN (`arn:…:kms:…:key/<id>`): IAM matches `kms:Decrypt`
/// against the key's ARN, never against an alias.
pub(crate) fn check_key_arn(v: &mut Validator<'_>, key: &Value) {
    v.arn(
        &rule::KMS_KEY_ARN,
        "kms_key_arn",
        key,
        "kms",
        "key/",
        "a KMS key (aliases cannot be used: IAM grants name the key ARN)",
    );
}

/// The secret's name from a literal Secrets Manager ARN
/// (`arn:…:secret:<name>-<6 random characters>`), when the ARN is literal.
pub(crate) fn secret_name(arn: &Value) -> Option<&str> {
    let resource = crate::validate::Arn::parse(arn.as_str()?)?.resource;
    resource.strip_prefix("secret:")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn names_from_arns() {
        let arn = Value::from(
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_app-AbCdEf",
        );
        assert_eq!(secret_name(&arn), Some("AmazonMSK_app-AbCdEf"));
        assert_eq!(secret_name(&Value::region()), None);
    }
}
