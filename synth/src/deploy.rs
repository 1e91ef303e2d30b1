//! The commands that deploy what `synth` printed, for `--code-zip`.

use std::fmt::Write as _;

use constructs::Template;

use crate::model_file::{ModelFile, Source, Upload};
use crate::package::Package;

/// The model file to upload with the package (`--model`), and where the functions read it.
#[derive(Debug, Clone, Copy)]
pub struct ModelUploads<'a> {
    /// The file.
    pub file: &'a ModelFile,
    /// Where the template's functions read it.
    pub uploads: &'a [Upload],
}

/// Templates larger than this must be uploaded to S3 before `deploy` can use them.
const INLINE_TEMPLATE_LIMIT: usize = 51_200;

/// The upload and deploy commands for `template` written to `template_path`, with every
/// parameter that has no default as an UPPER_CASE placeholder, and with `model`, its upload
/// under a content-addressed key that the deploy command passes to the key's parameter.
pub fn commands(
    package: &Package,
    model: Option<ModelUploads<'_>>,
    stack_name: &str,
    template: &Template,
    template_path: &str,
    template_bytes: usize,
) -> String {
    let mut out = String::from("To deploy, replace the UPPER_CASE values and run:\n");
    let _ = writeln!(
        out,
        "  aws s3 cp {} s3://CODE_BUCKET/{}",
        shell_word(&package.path.display().to_string()),
        package.s3_key()
    );
    let mut key_overrides = Vec::new();
    if let Some(model) = model {
        for upload in model.uploads {
            let bucket = match &upload.bucket {
                Source::Parameter(id) => placeholder(id),
                Source::Literal(bucket) => bucket.clone(),
                Source::Deployed => "MODEL_BUCKET".to_owned(),
            };
            let key = match &upload.key {
                Source::Parameter(id) => {
                    key_overrides.push(format!("{id}={}", model.file.s3_key()));
                    model.file.s3_key()
                }
                Source::Literal(key) => key.clone(),
                Source::Deployed => "MODEL_KEY".to_owned(),
            };
            let _ = writeln!(
                out,
                "  aws s3 cp {} {}",
                shell_word(&model.file.path.display().to_string()),
                shell_word(&format!("s3://{bucket}/{key}"))
            );
        }
    }
    let mut deploy = format!(
        "  aws cloudformation deploy --template-file {} --stack-name {stack_name} --capabilities CAPABILITY_IAM",
        shell_word(template_path)
    );
    if template_bytes > INLINE_TEMPLATE_LIMIT {
        deploy.push_str(" --s3-bucket CODE_BUCKET");
    }
    let overrides: Vec<String> = template
        .parameters
        .iter()
        .filter(|(_, p)| p.default.is_none())
        .map(|(id, _)| format!("{id}={}", placeholder(id.as_str())))
        .chain(key_overrides)
        .collect();
    if !overrides.is_empty() {
        let _ = write!(
            deploy,
            " \\\n    --parameter-overrides {}",
            overrides.join(" ")
        );
    }
    out.push_str(&deploy);
    out.push('\n');
    out
}

/// `ClusterArn` → `CLUSTER_ARN`.
fn placeholder(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// Quotes a path for a POSIX shell when it needs it.
fn shell_word(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_quoting() {
        assert_eq!(placeholder("ClusterArn"), "CLUSTER_ARN");
        assert_eq!(placeholder("Topic"), "TOPIC");
        assert_eq!(shell_word("target/x.zip"), "target/x.zip");
        assert_eq!(shell_word("my dir/it's.zip"), r"'my dir/it'\''s.zip'");
    }
}
