//! ARNs built from other values, which may be literals or intrinsics.

use crate::intrinsic::Intrinsic;
use crate::value::Value;

/// Concatenates `parts`: a literal when every part is a string literal, otherwise
/// `Fn::Join ["", parts]` with adjacent literals merged.
pub(crate) fn concat(parts: Vec<Value>) -> Value {
    let mut merged: Vec<Value> = Vec::with_capacity(parts.len());
    for part in parts {
        match (merged.last_mut(), part) {
            (Some(Value::String(prev)), Value::String(next)) => prev.push_str(&next),
            (_, part) => merged.push(part),
        }
    }
    match merged.as_slice() {
        [] => Value::from(""),
        [Value::String(_)] => merged.remove(0),
        _ => Value::join("", merged),
    }
}

/// An MSK cluster ARN, `arn:PARTITION:kafka:REGION:ACCOUNT:cluster/NAME/UUID`, from which the
/// topic and group ARNs of IAM access control derive: `…:topic/NAME/UUID/TOPIC` and
/// `…:group/NAME/UUID/GROUP`. Works on literal ARNs and on intrinsics (a parameter, say), which
/// are split at deploy time with `Fn::Split` / `Fn::Select`.
pub(crate) struct ClusterArn<'a>(pub(crate) &'a Value);

const CLUSTER_MARK: &str = ":cluster/";

impl ClusterArn<'_> {
    /// (`arn:PARTITION:kafka:REGION:ACCOUNT`, `NAME/UUID`).
    fn parts(&self) -> (Value, Value) {
        if let Some((prefix, path)) = self.0.as_str().and_then(|s| s.split_once(CLUSTER_MARK)) {
            return (Value::from(prefix), Value::from(path));
        }
        let split = || Value::from(Intrinsic::Split(CLUSTER_MARK.into(), self.0.clone()));
        (
            Intrinsic::Select(0, split()).into(),
            Intrinsic::Select(1, split()).into(),
        )
    }

    fn resource(&self, kind: &str, name: &Value) -> Value {
        let (prefix, path) = self.parts();
        concat(vec![
            prefix,
            format!(":{kind}/").into(),
            path,
            "/".into(),
            name.clone(),
        ])
    }

    /// The ARN of topic `topic` of this cluster.
    pub(crate) fn topic(&self, topic: &Value) -> Value {
        self.resource("topic", topic)
    }

    /// The ARN of consumer group `group` of this cluster.
    pub(crate) fn group(&self, group: &Value) -> Value {
        self.resource("group", group)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn json(v: &Value) -> String {
        serde_json::to_string(v).unwrap()
    }

    const CLUSTER: &str =
        "arn:aws:kafka:us-east-1:123456789012:cluster/logs/0b1c2d3e-1111-2222-3333-444455556666-2";

    #[test]
    fn literal_cluster_and_topic_give_a_literal_arn() {
        let arn = Value::from(CLUSTER);
        assert_eq!(
            ClusterArn(&arn).topic(&"app-logs".into()).as_str(),
            Some(
                "arn:aws:kafka:us-east-1:123456789012:topic/logs/0b1c2d3e-1111-2222-3333-444455556666-2/app-logs"
            )
        );
        assert_eq!(
            ClusterArn(&arn).group(&"g".into()).as_str(),
            Some(
                "arn:aws:kafka:us-east-1:123456789012:group/logs/0b1c2d3e-1111-2222-3333-444455556666-2/g"
            )
        );
    }

    #[test]
    fn intrinsic_parts_are_joined() {
        let arn = Value::from(CLUSTER);
        let group = Value::sub("${AWS::StackName}-AppLogs");
        assert_eq!(
            json(&ClusterArn(&arn).group(&group)),
            r#"{"Fn::Join":["",["arn:aws:kafka:us-east-1:123456789012:group/logs/0b1c2d3e-1111-2222-3333-444455556666-2/",{"Fn::Sub":"${AWS::StackName}-AppLogs"}]]}"#
        );
        let param = Value::from(Intrinsic::Ref("ClusterArn".into()));
        assert_eq!(
            json(&ClusterArn(&param).topic(&"t".into())),
            r#"{"Fn::Join":["",[{"Fn::Select":[0,{"Fn::Split":[":cluster/",{"Ref":"ClusterArn"}]}]},":topic/",{"Fn::Select":[1,{"Fn::Split":[":cluster/",{"Ref":"ClusterArn"}]}]},"/t"]]}"#
        );
    }

    #[test]
    fn concat_merges_literals() {
        assert_eq!(concat(vec!["a".into(), "b".into()]).as_str(), Some("ab"));
        assert_eq!(concat(vec![]).as_str(), Some(""));
    }
}
