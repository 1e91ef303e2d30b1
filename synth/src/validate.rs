//! `synth validate`: every check, without printing a template.

use std::fmt::Write as _;

use constructs::config::BuildOptions;

use crate::cli::StackArgs;
use crate::render::write_stdout;
use crate::stack::Chosen;

/// Prints every error and warning with its explanation and fix; fails when there are errors.
pub fn run(args: &StackArgs) -> Result<(), String> {
    let chosen = Chosen::pick(args.config.as_deref(), args.example.as_deref())?;
    let name = chosen.describe();
    let stack = chosen.build(&BuildOptions::default())?;
    let synthesized = chosen.synth(&stack)?;
    let mut out = String::new();
    let resources = synthesized.template.resources.len();
    let n = synthesized.warnings.len();
    let _ = writeln!(
        out,
        "{name}: valid: stack `{}` synthesizes {resources} resources; {n} warning{}{}",
        stack.name(),
        if n == 1 { "" } else { "s" },
        if n == 0 {
            ""
        } else {
            " (the stack deploys, but read them):"
        }
    );
    for warning in &synthesized.warnings {
        let _ = writeln!(out, "{}", chosen.render(warning));
    }
    write_stdout(&out)
}
