//! Encoding the runtime contract into the function's environment.
//!
//! The contract is one JSON value. Parts that CloudFormation resolves at deploy time (an
//! endpoint name from a parameter, a table name from `Ref`) become `Fn::Sub` variables;
//! everything else stays literal, with any `${` a user wrote escaped as `${!`. The monitoring
//! dashboard's body, another JSON document holding deploy-time names, is encoded the same way.

use indexmap::IndexMap;

use crate::value::Value;

/// Lambda's limit on the total size of a function's environment variables.
pub const ENVIRONMENT_LIMIT_BYTES: usize = 4096;

/// How many characters a deploy-time value is assumed to take when estimating the size:
/// ARNs and queue URLs of generated resources stay well below this.
const DEPLOY_TIME_VALUE_ESTIMATE: usize = 128;

/// Collects deploy-time values while the contract is built.
#[derive(Debug, Default)]
pub(crate) struct Deferred {
    values: Vec<Value>,
}

impl Deferred {
    /// The string to put into the contract for `value`: the literal itself, or a token that
    /// [`encode`] turns into a `Fn::Sub` variable. Tokens are wrapped in U+0001, which the
    /// contract's validation refuses in every user-written string, so they cannot collide.
    pub(crate) fn slot(&mut self, value: &Value) -> String {
        match value {
            Value::String(s) => s.clone(),
            other => {
                self.values.push(other.clone());
                format!("\u{1}{}\u{1}", self.values.len() - 1)
            }
        }
    }

    /// A stand-in that passes the contract's checks, for validating a contract with tokens.
    pub(crate) fn is_token(s: &str) -> bool {
        s.starts_with('\u{1}') && s.ends_with('\u{1}')
    }
}

/// The environment value and its estimated deployed size in bytes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Encoded {
    pub(crate) value: Value,
    pub(crate) estimated_bytes: usize,
}

/// Turns the contract's JSON text (holding [`Deferred`] tokens) into an environment value.
pub(crate) fn encode(json: &str, deferred: Deferred) -> Encoded {
    if deferred.values.is_empty() {
        return Encoded {
            value: Value::from(json),
            estimated_bytes: json.len(),
        };
    }
    let mut text = crate::value::sub::sub_literal(json);
    let mut variables = IndexMap::new();
    let mut estimated = text.len();
    for (i, value) in deferred.values.into_iter().enumerate() {
        // serde_json writes U+0001 as the six characters `\u0001`.
        let token = format!("\\u0001{i}\\u0001");
        let name = format!("Deployed{i}");
        text = text.replace(&token, &format!("${{{name}}}"));
        estimated = estimated + DEPLOY_TIME_VALUE_ESTIMATE - token.len();
        variables.insert(name, value);
    }
    Encoded {
        value: Value::sub_with(text, variables),
        estimated_bytes: estimated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_contracts_stay_literal() {
        let e = encode(r#"{"a":"${x}"}"#, Deferred::default());
        assert_eq!(e.value, Value::from(r#"{"a":"${x}"}"#));
    }

    #[test]
    fn deploy_time_values_become_sub_variables_and_user_text_is_escaped() {
        let mut d = Deferred::default();
        let slot = d.slot(&Value::region());
        assert!(Deferred::is_token(&slot));
        let json =
            serde_json::to_string(&serde_json::json!({"name": slot, "path": "${x}"})).unwrap();
        let e = encode(&json, d);
        assert_eq!(
            serde_json::to_string(&e.value).unwrap(),
            r#"{"Fn::Sub":["{\"name\":\"${Deployed0}\",\"path\":\"${!x}\"}",{"Deployed0":{"Ref":"AWS::Region"}}]}"#
        );
    }
}
