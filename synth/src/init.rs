//! `synth init`: a starter stack file (and, with `--rust`, a crate building the same stack
//! with the library), from the handlebars templates in `synth/templates/`.

use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use serde_json::json;

use crate::cli::{InitArgs, Source};

const STACK: &str = include_str!("../templates/stack.yaml.hbs");
const CARGO: &str = include_str!("../templates/Cargo.toml.hbs");
const MAIN: &str = include_str!("../templates/main.rs.hbs");

/// Writes the files, refusing to overwrite any unless `--force`; prints what it wrote.
pub fn run(args: &InitArgs) -> Result<(), String> {
    if let Err(errors) = constructs::Stack::new(args.name.as_str()).synth() {
        return Err(format!("--name is not a stack name:\n{errors}"));
    }
    let files = render(args)?;
    let existing: Vec<String> = files
        .iter()
        .filter(|(path, _)| path.exists())
        .map(|(path, _)| path.display().to_string())
        .collect();
    if !existing.is_empty() && !args.force {
        return Err(format!(
            "error: {} already exist{}; nothing was written\n  fix: pass --force to overwrite, or --dir to write elsewhere\n",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        ));
    }
    let mut written = String::new();
    for (path, text) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("error: cannot create {}: {e}\n", parent.display()))?;
        }
        std::fs::write(path, text)
            .map_err(|e| format!("error: cannot write {}: {e}\n", path.display()))?;
        written.push_str(&format!("wrote {}\n", path.display()));
    }
    let stack = args.dir.join("stack.yaml");
    written.push_str(&format!(
        "next: replace every <placeholder> in {0}, then run `synth validate --config {0}`\n",
        stack.display()
    ));
    eprint!("{written}");
    Ok(())
}

/// The files `init` writes, with their contents.
pub fn render(args: &InitArgs) -> Result<Vec<(PathBuf, String)>, String> {
    let mut handlebars = Handlebars::new();
    handlebars.set_strict_mode(true);
    handlebars.register_escape_fn(handlebars::no_escape);
    let data = data(args.source, &args.name);
    let render = |template: &str| {
        handlebars
            .render_template(template, &data)
            .map_err(|e| format!("error: a built-in template failed to render: {e}\n"))
    };
    let mut files = vec![
        (args.dir.join("stack.yaml"), render(STACK)?),
        (
            args.dir.join(constructs::config::SCHEMA_FILE),
            constructs::config::schema_json(),
        ),
    ];
    if args.rust {
        files.push((args.dir.join("Cargo.toml"), render(CARGO)?));
        files.push((args.dir.join("src").join("main.rs"), render(MAIN)?));
    }
    Ok(files)
}

/// What the templates are filled with.
fn data(source: Source, name: &str) -> serde_json::Value {
    let (title, secret_id, vpc_id) = match source {
        Source::Msk => ("Amazon MSK (IAM auth)", "", ""),
        Source::SelfManaged => (
            "self-managed Kafka in a VPC (SASL/SCRAM-512)",
            "BrokerCredentials",
            "BrokerNetwork",
        ),
        Source::Confluent => ("Confluent Cloud (API key)", "ConfluentApiKey", ""),
        Source::Eks => (
            "Kafka on Amazon EKS (SASL/SCRAM-512, private CA)",
            "KafkaUser",
            "ClusterNetwork",
        ),
    };
    json!({
        "name": name,
        "source_title": title,
        "msk": source == Source::Msk,
        "confluent": source == Source::Confluent,
        "self_managed": matches!(source, Source::SelfManaged | Source::Eks),
        "eks": source == Source::Eks,
        "sasl": source != Source::Msk,
        "vpc": matches!(source, Source::SelfManaged | Source::Eks),
        "secret_id": secret_id,
        "vpc_id": vpc_id,
        "constructs_path": constructs_path(),
    })
}

/// The constructs crate this binary was built from.
fn constructs_path() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../constructs");
    std::fs::canonicalize(&path)
        .unwrap_or(path)
        .display()
        .to_string()
}
