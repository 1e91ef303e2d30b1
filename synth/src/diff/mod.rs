//! `synth diff --against DEPLOYED`: what deploying the template synth makes now over a deployed
//! one would do to the running pipeline, before it happens.
//!
//! Per resource: `add`, `remove`, `update` (in place) or `replace`, the changed properties
//! `old -> new`, why (CloudFormation's create-only properties from cfn-lint's schemas, and the
//! [exceptions](exceptions) where a deploy departs from them), what it means for the pipeline
//! (consumer group and starting position, deletion policies, retention), and whether it can be
//! deployed in one step. Then parameters, mappings, conditions, rules, outputs and the other
//! top-level keys.
//!
//! Exit codes follow `terraform plan -detailed-exitcode`: 0 when nothing changes, 2 when
//! something does, 1 for every error, usage errors included; with `--fail-on-data-risk`, 1
//! when a change would delete stored data, skip records or read them again.
//!
//! Both templates are compared as JSON trees: the deployed one as read (JSON or YAML), the new
//! one as [`constructs::Template::to_value`] gives it.

mod args;
mod changes;
mod conflict;
mod create_only;
mod deployed;
mod exceptions;
mod follow;
mod meaning;
mod owners;
mod plan;
mod references;
mod report;
mod resource;
mod schema_table;
mod sections;
mod values;
mod yaml;

#[cfg(test)]
mod tests;

use std::process::ExitCode;

pub use args::DiffArgs;

use crate::render::{Made, make, template_text, write_stdout, write_template};

/// The exit code for "something changes".
const CHANGES: u8 = 2;

/// Runs `synth diff`; errors are printed here, so the exit code says everything.
pub fn run(args: &DiffArgs) -> ExitCode {
    match compare(args) {
        Ok(code) => code,
        Err(message) => {
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::FAILURE
        }
    }
}

/// True when this process runs `synth diff`: its usage errors must exit 1, not clap's 2, which
/// would read as "changes" (top-level flags cannot precede a subcommand, so `diff` is first).
pub fn invoked() -> bool {
    std::env::args_os().nth(1).is_some_and(|a| a == "diff")
}

fn compare(args: &DiffArgs) -> Result<ExitCode, String> {
    let deployed = deployed::read(&args.against)?;
    let Made {
        chosen,
        inputs,
        synthesized,
        ..
    } = make(
        args.stack.config.as_deref(),
        args.stack.example.as_deref(),
        &args.package,
    )?;
    inputs.check(&synthesized.template)?;
    if let Some(out) = &args.out {
        write_template(
            &template_text(&synthesized.template, args.format),
            Some(out),
        )?;
    }
    let owners = owners::Tree::new(&synthesized.tree);
    let plan = plan::plan(&deployed, &synthesized.template.to_value(), &owners);
    write_stdout(&report::render(
        &plan,
        &args.against.display().to_string(),
        &chosen.describe(),
    ))?;
    if plan.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let risks = report::data_risks(&plan);
    if args.fail_on_data_risk && !risks.is_empty() {
        let list: Vec<String> = risks.iter().map(|(id, r)| format!("{id} ({r})")).collect();
        eprintln!(
            "error: --fail-on-data-risk: the deploy would lose data or read records again: {}\n  fix: see \"Changing a running stack\" in the README: keep the consumer group, add a second source and retire the first later, keep DeletionPolicy/UpdateReplacePolicy Retain where data lives",
            list.join(", ")
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::from(CHANGES))
}
