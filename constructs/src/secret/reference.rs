//! An existing secret referenced by ARN, and the checks every imported secret shares.

use crate::props::Prop;
use crate::rules::secret as rule;
use crate::validate::Validator;
use crate::value::Value;

use super::SecretKey;

/// An existing secret: an mTLS client certificate (`{"certificate", "privateKey",
/// "privateKeyPassword"?}`) or a root CA (`{"certificate"}`), by ARN, and when a
/// customer-managed key encrypts it, that key's ARN.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImportedSecret {
    /// The secret's ARN.
    #[serde(rename = "import")]
    #[schemars(extend("examples" = ["arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka/client-cert-Ab12Cd"]))]
    pub(crate) arn: Prop<String>,
    /// The customer-managed KMS key (a key ARN, not an alias) that encrypts the secret.
    #[serde(default)]
    #[schemars(extend("examples" = ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]))]
    pub(crate) kms_key_arn: Option<Prop<String>>,
}

impl ImportedSecret {
    pub(crate) fn new(arn: Value) -> Self {
        Self {
            arn: Prop::new(arn),
            kms_key_arn: None,
        }
    }

    /// How the secret is encrypted.
    pub(crate) fn key(&self) -> SecretKey {
        match &self.kms_key_arn {
            Some(arn) => SecretKey::Customer(arn.value().clone()),
            None => SecretKey::AwsManaged,
        }
    }

    /// The secret ARN must be a Secrets Manager secret ARN and the key a KMS key ARN.
    pub(crate) fn validate(&self, v: &mut Validator<'_>) {
        check_import_arn(v, &self.arn);
        if let Some(key) = &self.kms_key_arn {
            check_key_arn(v, key);
        }
    }
}

/// An imported secret's ARN must be a Secrets Manager secret ARN.
pub(crate) fn check_import_arn(v: &mut Validator<'_>, arn: &Value) {
    v.arn(
        &rule::SECRET_ARN,
        "import",
        arn,
        "secretsmanager",
        "secret:",
        "a Secrets Manager secret",
    );
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
