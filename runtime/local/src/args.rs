//! The Kafka flags that `local` and `produce` share: broker addresses, topic names and consumer
//! group ids, checked as the event source mapping checks them, so that what works locally
//! deploys.
//!
//! ```
//! use local::args::{parse_bootstrap, parse_group, parse_topic};
//! assert!(parse_bootstrap("127.0.0.1:9092,broker-2:9092").is_ok());
//! assert!(parse_bootstrap("127.0.0.1").is_err());
//! assert!(parse_topic("app-logs").is_ok());
//! assert!(parse_topic("..").is_err());
//! assert!(parse_group("anomaly-function-local").is_ok());
//! assert!(parse_group("has space").is_err());
//! ```

/// `host:port[,host:port…]`, each with a host and a numeric port.
pub fn parse_bootstrap(s: &str) -> Result<String, String> {
    let bad = s.split(',').find(|b| match b.rsplit_once(':') {
        Some((host, port)) => host.is_empty() || port.parse::<u16>().map_or(true, |p| p == 0),
        None => true,
    });
    match bad {
        None => Ok(s.to_owned()),
        Some(b) => Err(format!(
            "`{b}` is not host:port (e.g. 127.0.0.1:9092; several are separated by commas)"
        )),
    }
}

/// A Kafka topic name: 1–249 of `[a-zA-Z0-9._-]`, not `.` or `..`.
pub fn parse_topic(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && s.len() <= 249
        && s != "."
        && s != ".."
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "`{s}` is not a Kafka topic name (1–249 letters, digits, `.`, `_` or `-`)"
        ))
    }
}

/// A consumer group id: 1–200 of `[a-zA-Z0-9-/*:_+=.@]`, as the event source mapping accepts,
/// so a group tried locally can be deployed.
pub fn parse_group(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && s.len() <= 200
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-/*:_+=.@".contains(c));
    if ok {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "`{s}` is not a consumer group id the event source mapping accepts (1–200 of \
             letters, digits and - / * : _ + = . @)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_addresses_names_and_groups_are_refused() {
        for bootstrap in ["", "host", "host:", ":9092", "h:1,,h:2", "h:99999", "h:0"] {
            assert!(parse_bootstrap(bootstrap).is_err(), "{bootstrap}");
        }
        for topic in ["", ".", "..", "a b", "é", &"t".repeat(250)] {
            assert!(parse_topic(topic).is_err(), "{topic}");
        }
        for group in ["", "has space", "é", &"g".repeat(201)] {
            assert!(parse_group(group).is_err(), "{group}");
        }
    }

    #[test]
    fn what_the_mapping_accepts_is_accepted() {
        assert!(parse_bootstrap("a:1,b:2").is_ok());
        assert!(parse_topic("t.x_y-z").is_ok());
        assert!(parse_topic(&"t".repeat(249)).is_ok());
        assert!(parse_group("g@1/*:_+=.-").is_ok());
    }
}
