//! Bootstrap servers of a self-managed cluster.

use std::collections::HashSet;

use crate::props::PropList;
use crate::rules::kafka as rule;
use crate::validate::Validator;
use crate::value::Value;

/// How many bootstrap servers a mapping takes.
pub const MAX_BOOTSTRAP_SERVERS: usize = 10;

const P: &str = "bootstrap_servers";

/// A cluster's bootstrap servers: `host:port` entries known at synthesis, or one deploy-time
/// list (a `CommaDelimitedList` parameter, say), which CloudFormation passes through whole.
///
/// ```
/// use constructs::kafka::BootstrapServers;
/// use constructs::Value;
/// let known = BootstrapServers::from(["b-1.example.com:9096", "b-2.example.com:9096"]);
/// assert_eq!(known.to_value(), Value::list(["b-1.example.com:9096", "b-2.example.com:9096"]));
/// let deployed = BootstrapServers::list(Value::reference(&constructs::LogicalId::new("Brokers").unwrap()));
/// assert!(deployed.to_value().is_intrinsic());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum BootstrapServers {
    /// Each server as its own value.
    Each(Vec<Value>),
    /// A value that resolves to the whole list at deploy time.
    List(Value),
}

impl BootstrapServers {
    /// A deploy-time list, e.g. `Ref` to a `CommaDelimitedList` parameter. A literal list
    /// given here is checked like [`BootstrapServers::Each`].
    pub fn list(value: impl Into<Value>) -> Self {
        match value.into() {
            Value::List(items) => Self::Each(items),
            other => Self::List(other),
        }
    }

    /// The value of `KafkaBootstrapServers`.
    pub fn to_value(&self) -> Value {
        match self {
            Self::Each(items) => Value::List(items.clone()),
            Self::List(value) => value.clone(),
        }
    }
}

impl<V: Into<Value>, const N: usize> From<[V; N]> for BootstrapServers {
    fn from(servers: [V; N]) -> Self {
        Self::Each(servers.into_iter().map(Into::into).collect())
    }
}

impl<V: Into<Value>> From<Vec<V>> for BootstrapServers {
    fn from(servers: Vec<V>) -> Self {
        Self::Each(servers.into_iter().map(Into::into).collect())
    }
}

impl<'de> serde::Deserialize<'de> for BootstrapServers {
    /// A list of `host:port` items (each a string or an intrinsic), or one intrinsic giving
    /// the whole list.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let list = PropList::<String>::deserialize(deserializer)?;
        Ok(BootstrapServers::list(list.value().clone()))
    }
}

impl schemars::JsonSchema for BootstrapServers {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "BootstrapServers".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        PropList::<String>::json_schema(generator)
    }
}

impl From<&str> for BootstrapServers {
    fn from(server: &str) -> Self {
        Self::Each(vec![Value::from(server)])
    }
}

impl From<String> for BootstrapServers {
    fn from(server: String) -> Self {
        Self::Each(vec![Value::from(server)])
    }
}

/// Checks 1–10 unique `host:port` entries: a DNS name or IPv4 address (labels of letters,
/// digits and inner hyphens, as Lambda's `KafkaBootstrapServers` pattern wants), a port
/// 1–65535, no scheme, no comma-joined lists, at most 300 characters each.
pub(crate) fn check_bootstrap_servers(v: &mut Validator<'_>, servers: &BootstrapServers) {
    let servers = match servers {
        BootstrapServers::Each(items) => items.as_slice(),
        // A deploy-time list: CloudFormation and Lambda check it.
        BootstrapServers::List(_) => return,
    };
    if servers.is_empty() || servers.len() > MAX_BOOTSTRAP_SERVERS {
        v.error(
            &rule::BOOTSTRAP_SERVER_COUNT,
            P,
            Some(&Value::List(servers.to_vec())),
            format!(
                "has {} entries; a mapping takes 1 to {MAX_BOOTSTRAP_SERVERS}",
                servers.len()
            ),
            "list between one and ten brokers of the cluster",
        );
    }
    let mut seen = HashSet::new();
    for server in servers {
        let Some(s) = v.string_len(
            &rule::BOOTSTRAP_SERVER,
            P,
            server,
            1,
            300,
            "Lambda's limit for one bootstrap server",
        ) else {
            continue;
        };
        if !seen.insert(s.to_owned()) {
            v.error(
                &rule::BOOTSTRAP_SERVER_REPEATED,
                P,
                Some(server),
                "is listed twice",
                "list each broker once",
            );
        }
        if let Err(problem) = check_host_port(s) {
            v.error(
                &rule::BOOTSTRAP_SERVER,
                P,
                Some(server),
                problem,
                "give each broker as host:port, e.g. b-1.kafka.example.com:9096",
            );
        }
    }
}

fn check_host_port(s: &str) -> Result<(), String> {
    if s.contains("://") {
        return Err("has a scheme; Lambda wants host:port only".into());
    }
    if s.contains(',') {
        return Err("joins several servers with ','; give each as its own entry".into());
    }
    let Some((host, port)) = s.rsplit_once(':') else {
        return Err("has no port".into());
    };
    match port.parse::<u32>() {
        Ok(p) if (1..=65535).contains(&p) && port.chars().all(|c| c.is_ascii_digit()) => {}
        _ => return Err(format!("has port {port:?}; ports are 1 to 65535")),
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if host.is_empty() || !host.split('.').all(label_ok) {
        return Err(format!(
            "has host {host:?}; hosts are DNS names or IPv4 addresses: dot-separated labels of letters, digits and inner '-'"
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn host_ports() {
        assert!(check_host_port("b-1.example.com:9096").is_ok());
        assert!(check_host_port("10.0.1.7:9092").is_ok());
        assert!(check_host_port("SASL_SSL://b-1.example.com:9096").is_err());
        assert!(check_host_port("a:1,b:2").is_err());
        assert!(check_host_port("b-1.example.com").is_err());
        assert!(check_host_port("b-1.example.com:0").is_err());
        assert!(check_host_port("b-1.example.com:70000").is_err());
        assert!(check_host_port("b-1.example.com:+90").is_err());
        assert!(check_host_port("-b.example.com:9092").is_err());
        assert!(check_host_port("b_1.example.com:9092").is_err());
        assert!(check_host_port(":9092").is_err());
    }
}
