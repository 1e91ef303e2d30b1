//! `synth explain ID`: what a rule checks, a bad example, the fix and the documentation it is
//! taken from, as `rustc --explain` does; `synth explain --list` prints every rule.

use clap::Args;
use constructs::rules;

/// `synth explain` arguments.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule's id, as messages print it (`E0104`, `W0201`).
    #[arg(value_name = "ID", required_unless_present = "list")]
    pub id: Option<String>,

    /// List every rule: id and one line each.
    #[arg(long, conflicts_with = "id")]
    pub list: bool,

    /// With --list: the Markdown table (`constructs/RULES.md`).
    #[arg(long, requires = "list")]
    pub markdown: bool,
}

/// Prints the explanation, or the list.
pub fn run(args: &ExplainArgs) -> Result<(), String> {
    if args.list {
        if args.markdown {
            print!("{}", rules::markdown());
        } else {
            for rule in rules::all() {
                println!("{}  {}", rule.id, rule.title);
            }
        }
        return Ok(());
    }
    let id = args.id.as_deref().unwrap_or_default();
    match rules::lookup(id) {
        Some(rule) => {
            print!("{}", rule.explain());
            Ok(())
        }
        None => Err(format!(
            "error: `{id}` is not a rule id\n  fix: ids look like E0104 or W0201; \
             `synth explain --list` lists them all\n"
        )),
    }
}
