//! An RCF endpoint made elsewhere, used by name.

use indexmap::IndexMap;

use super::RcfEndpoint;
use crate::contract::is_valid_endpoint_name;
use crate::validate::Validator;
use crate::value::Value;

impl RcfEndpoint {
    /// An endpoint that already exists, by name. A name given as a parameter must be
    /// lower-case: SageMaker lower-cases endpoint names in ARNs, and the stack can only
    /// lower-case literal names.
    pub fn existing(name: impl Into<Value>) -> Self {
        Self::with_source(Some(name.into()), None)
    }

    pub(super) fn validate_existing(&self, name: &Value, v: &mut Validator<'_>) {
        if let Some(literal) = v.string_len(
            &crate::rules::contract::ENDPOINT_NAME,
            "name",
            name,
            1,
            63,
            "SageMaker endpoint names have 1 to 63 characters",
        ) {
            if !is_valid_endpoint_name(literal) {
                v.error(&crate::rules::contract::ENDPOINT_NAME,
                    "name",
                    Some(name),
                    "is not a SageMaker endpoint name",
                    "use letters, digits and single hyphens, starting and ending with a letter or digit",
                );
            }
        }
        for property in &self.misused {
            v.error(&crate::rules::endpoint::CREATED_ONLY_OPTION,
                property,
                None,
                "applies only to an endpoint the stack creates, not to an existing one",
                format!("remove .{property}(..), or create the endpoint with RcfEndpoint::new(model_data_url)"),
            );
        }
    }
}

/// The ARN of an existing endpoint. SageMaker lower-cases endpoint names in ARNs, so a literal
/// name is lower-cased here.
pub(super) fn arn(name: &Value) -> Value {
    const PREFIX: &str =
        "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint/";
    match name {
        // A valid endpoint name has no `$`, so it can stand in the Sub template as it is.
        Value::String(s) if !s.contains('$') => {
            Value::sub(format!("{PREFIX}{}", s.to_ascii_lowercase()))
        }
        other => {
            let mut vars = IndexMap::new();
            vars.insert("EndpointName".to_owned(), other.clone());
            Value::sub_with(format!("{PREFIX}${{EndpointName}}"), vars)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stack::Stack;

    #[test]
    fn literal_names_are_lower_cased_in_arns() {
        assert_eq!(
            arn(&"RCF-Endpoint".into()).describe(),
            r#"{"Fn::Sub":"arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint/rcf-endpoint"}"#
        );
    }

    #[test]
    fn options_of_created_endpoints_are_refused() {
        let mut stack = Stack::new("demo");
        stack.add(
            "Scorer",
            RcfEndpoint::existing("bad_name")
                .instance_type("ml.c5.large")
                .autoscaling(1, 2, 100)
                .variant_name("blue"),
        );
        let Err(err) = stack.synth() else {
            panic!("options of created endpoints are errors")
        };
        let found: Vec<(&str, &str)> = err
            .errors
            .iter()
            .map(|d| (d.property.as_str(), d.problem.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("name", "is not a SageMaker endpoint name"),
                (
                    "instance_type",
                    "applies only to an endpoint the stack creates, not to an existing one"
                ),
                (
                    "autoscaling",
                    "applies only to an endpoint the stack creates, not to an existing one"
                ),
            ]
        );
    }
}
