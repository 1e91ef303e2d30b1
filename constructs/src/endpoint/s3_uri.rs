//! `s3://bucket/key` locations: checking literals and deriving IAM resource ARNs from them,
//! also when the location is only known at deploy time.

use indexmap::IndexMap;

use crate::intrinsic::Intrinsic;
use crate::validate::Validator;
use crate::value::Value;

const SCHEME: &str = "s3://";

/// The bucket and key (or prefix) of a literal `s3://` URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct S3Location<'a> {
    pub(super) bucket: &'a str,
    pub(super) key: &'a str,
}

/// Splits `s3://bucket/key`; `None` when the scheme is not `s3://`.
pub(super) fn parse(uri: &str) -> Option<S3Location<'_>> {
    let rest = uri.strip_prefix(SCHEME)?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    Some(S3Location { bucket, key })
}

/// Why `bucket` is not a general purpose S3 bucket name, if it is not one.
pub(crate) fn bucket_problem(bucket: &str) -> Option<&'static str> {
    let len = bucket.len();
    if !(3..=63).contains(&len) {
        return Some("bucket names have 3 to 63 characters");
    }
    if !bucket
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Some("bucket names use only lower-case letters, digits, `.` and `-`");
    }
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    if !bucket.starts_with(alnum) || !bucket.ends_with(alnum) {
        return Some("bucket names begin and end with a letter or digit");
    }
    if bucket.contains("..") {
        return Some("bucket names have no two adjacent dots");
    }
    let parts: Vec<&str> = bucket.split('.').collect();
    if parts.len() == 4 && parts.iter().all(|p| p.parse::<u8>().is_ok()) {
        return Some("bucket names are not formatted as IP addresses");
    }
    None
}

/// Checks a literal `s3://bucket/key` URI for `property`: the scheme, the bucket name, at
/// most `max_len` characters, and a key when `key_required`. Returns the location when the
/// literal is well formed (deploy-time values pass unchecked and return `None`).
pub(super) fn check<'v>(
    v: &mut Validator<'_>,
    property: &str,
    value: &'v Value,
    max_len: usize,
    key_required: bool,
) -> Option<S3Location<'v>> {
    let shape = if key_required {
        "s3://BUCKET/KEY"
    } else {
        "s3://BUCKET/PREFIX"
    };
    let Value::String(uri) = value else {
        if !value.is_intrinsic() {
            v.error(
                &crate::rules::endpoint::S3_URI,
                property,
                Some(value),
                "must be an S3 URI",
                format!("give {property} as {shape}"),
            );
        }
        return None;
    };
    if uri.chars().count() > max_len {
        v.error(
            &crate::rules::endpoint::S3_URI_LENGTH,
            property,
            Some(value),
            format!("is longer than the {max_len} characters SageMaker accepts"),
            format!("use a shorter bucket name or key for {property}"),
        );
    }
    let Some(location) = parse(uri) else {
        v.error(&crate::rules::endpoint::S3_URI,
            property,
            Some(value),
            "must start with s3:// (SageMaker reads and writes S3 here, and IAM grants derive from the bucket and key)",
            format!("give {property} as {shape}"),
        );
        return None;
    };
    let mut ok = true;
    if let Some(problem) = bucket_problem(location.bucket) {
        v.error(
            &crate::rules::endpoint::S3_BUCKET,
            property,
            Some(value),
            format!(
                "names bucket {:?}, which is not an S3 bucket name: {problem}",
                location.bucket
            ),
            format!("give {property} as {shape} with a valid bucket name"),
        );
        ok = false;
    }
    if key_required && (location.key.is_empty() || location.key.ends_with('/')) {
        v.error(
            &crate::rules::endpoint::S3_URI,
            property,
            Some(value),
            "names no object: the key after the bucket is missing",
            format!("give {property} as {shape}"),
        );
        ok = false;
    }
    if uri.chars().any(char::is_whitespace) {
        v.error(
            &crate::rules::endpoint::S3_URI,
            property,
            Some(value),
            "contains whitespace",
            format!("remove the whitespace from {property}"),
        );
        ok = false;
    }
    ok.then_some(location)
}

/// The `bucket/key` part of an `s3://` URI: cut from a literal, or for a deploy-time value
/// `Fn::Select [1, Fn::Split ["s3://", uri]]`. A trailing `/` of a literal is dropped.
pub(super) fn path(uri: &Value) -> Value {
    match uri {
        Value::String(s) => {
            let path = s.strip_prefix(SCHEME).unwrap_or(s);
            Value::from(path.trim_end_matches('/'))
        }
        other => {
            Intrinsic::Select(1, Intrinsic::Split(SCHEME.to_owned(), other.clone()).into()).into()
        }
    }
}

/// `arn:${AWS::Partition}:s3:::<path><suffix>`, with the path passed as a `Fn::Sub` variable
/// so that a literal key is never read as a substitution.
pub(super) fn object_arn(path: Value, suffix: &str) -> Value {
    let mut vars = IndexMap::new();
    vars.insert("S3Path".to_owned(), path);
    Value::sub_with(
        format!("arn:${{AWS::Partition}}:s3:::${{S3Path}}{suffix}"),
        vars,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::scope::Scope;

    fn problems(value: Value, key_required: bool) -> Vec<String> {
        let mut d = Diagnostics::default();
        let scope = Scope::root("E");
        check(
            &mut Validator::new(&mut d, "Test", &scope),
            "uri",
            &value,
            100,
            key_required,
        );
        d.iter().map(|d| d.problem.clone()).collect()
    }

    #[test]
    fn parses_bucket_and_key() {
        assert_eq!(
            parse("s3://b-1/a/b.tar.gz"),
            Some(S3Location {
                bucket: "b-1",
                key: "a/b.tar.gz"
            })
        );
        assert_eq!(
            parse("s3://bucket"),
            Some(S3Location {
                bucket: "bucket",
                key: ""
            })
        );
        assert_eq!(parse("https://bucket/key"), None);
    }

    #[test]
    fn bucket_names() {
        assert_eq!(bucket_problem("my-models.2024"), None);
        assert!(bucket_problem("ab").is_some());
        assert!(bucket_problem("My-Bucket").is_some());
        assert!(bucket_problem("-bucket").is_some());
        assert!(bucket_problem("a..b").is_some());
        assert!(bucket_problem("192.168.1.1").is_some());
    }

    #[test]
    fn checks_literals_and_skips_intrinsics() {
        assert!(problems("s3://models/rcf/model.tar.gz".into(), true).is_empty());
        assert!(problems(Value::region(), true).is_empty());
        assert!(problems("s3://captures".into(), false).is_empty());
        assert_eq!(
            problems("s3://captures".into(), true),
            vec!["names no object: the key after the bucket is missing"]
        );
        assert!(
            problems("models/rcf/model.tar.gz".into(), true)[0]
                .starts_with("must start with s3://")
        );
        assert!(problems("s3://Models/m.tar.gz".into(), true)[0].contains("not an S3 bucket name"));
        assert_eq!(problems(Value::from(3), true), vec!["must be an S3 URI"]);
        let long = format!("s3://models/{}", "k".repeat(100));
        assert!(problems(long.into(), true)[0].contains("longer than the 100 characters"));
    }

    #[test]
    fn paths_and_arns() {
        assert_eq!(path(&"s3://b/prefix/".into()), Value::from("b/prefix"));
        assert_eq!(
            path(&Value::reference(
                &crate::LogicalId::new("Url").unwrap_or_else(|_| unreachable!())
            ))
            .describe(),
            r#"{"Fn::Select":[1,{"Fn::Split":["s3://",{"Ref":"Url"}]}]}"#
        );
        assert_eq!(
            object_arn("b/k".into(), "/*").describe(),
            r#"{"Fn::Sub":["arn:${AWS::Partition}:s3:::${S3Path}/*",{"S3Path":"b/k"}]}"#
        );
    }
}
