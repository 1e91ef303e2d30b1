//! The guard rules under test: every `.guard` file in `tests/guard/` and the generated
//! least-privilege rules, each rule read with the resources it applies to.
//!
//! A rule is written in one of two shapes (anything else fails the tests, naming the rule):
//! `rule NAME when %VAR !empty {`, where `VAR` is a top-level `let VAR = Resources.*[ ... ]`
//! (the rule applies to a template where that query selects something), or `rule NAME {`
//! (it applies to every template).

use std::path::Path;

use constructs::iam::unscoped::UNSCOPED_ACTIONS;

/// A file of guard rules.
#[derive(Debug, Clone)]
pub struct RuleFile {
    /// Where it comes from, for reports.
    pub name: String,
    /// The rules, as guard reads them.
    pub text: String,
    /// Its top-level `let` lines, `(variable, query)`.
    lets: Vec<(String, String)>,
    /// Its rules, in file order.
    pub rules: Vec<Rule>,
}

/// One rule and what it applies to.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The rule's name, as guard reports it.
    pub name: String,
    /// The variable of its `when %VAR !empty` condition; `None` when it has no condition.
    pub when_selected: Option<String>,
}

impl RuleFile {
    /// Reads the rules in `text`; fails naming a rule whose header is not of a shape above.
    pub fn parse(name: &str, text: &str) -> Result<Self, String> {
        let mut lets = Vec::new();
        let mut rules = Vec::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("let ") {
                if let Some((variable, query)) = rest.split_once('=') {
                    lets.push((variable.trim().to_owned(), query.trim().to_owned()));
                }
            } else if let Some(rest) = line.strip_prefix("rule ") {
                rules.push(Self::rule(name, rest, &lets)?);
            }
        }
        if rules.is_empty() {
            return Err(format!("{name} holds no rule"));
        }
        Ok(Self {
            name: name.to_owned(),
            text: text.to_owned(),
            lets,
            rules,
        })
    }

    /// The rule whose header follows `rule ` in `rest`.
    fn rule(file: &str, rest: &str, lets: &[(String, String)]) -> Result<Rule, String> {
        let header = rest.trim_end().strip_suffix('{').map(str::trim_end);
        let shape_error = || {
            format!(
                "{file}: `rule {rest}` is not of the shape these tests read: `rule NAME when %VAR !empty {{` after a top-level `let VAR = Resources.*[ ... ]`, or `rule NAME {{`"
            )
        };
        let header = header.ok_or_else(shape_error)?;
        let Some((name, condition)) = header.split_once(" when ") else {
            return Ok(Rule {
                name: header.to_owned(),
                when_selected: None,
            });
        };
        let variable = condition
            .strip_prefix('%')
            .and_then(|c| c.strip_suffix(" !empty"))
            .ok_or_else(shape_error)?;
        let selects_resources = lets
            .iter()
            .any(|(v, query)| v == variable && query.starts_with("Resources.*"));
        if !selects_resources {
            return Err(shape_error());
        }
        Ok(Rule {
            name: name.trim().to_owned(),
            when_selected: Some(variable.to_owned()),
        })
    }

    /// Rules with this file's `let`s in which each conditioned rule, under its own name, passes
    /// where its `when` selects something and skips where not: what the rule applies to,
    /// asked of guard with the rule's own query.
    pub fn applicability_probe(&self) -> String {
        let mut probe: String = self
            .lets
            .iter()
            .map(|(variable, query)| format!("let {variable} = {query}\n"))
            .collect();
        for rule in &self.rules {
            if let Some(variable) = &rule.when_selected {
                probe.push_str(&format!(
                    "rule {} when %{variable} !empty {{ %{variable} !empty }}\n",
                    rule.name
                ));
            }
        }
        probe
    }
}

/// The least-privilege rules: roles keep their grants in the stack's own managed policies
/// (no inline policy, no AWS managed policy attached by ARN, whose statements the template
/// does not show); those policies use no action wildcards, and name `Resource: "*"` only for
/// the actions on the allow-list in `constructs::iam::unscoped`, which stays the one place that
/// lists them.
///
/// The wildcard rule looks at every statement (one that names no `*` complies), so it passes
/// rather than skips on a template whose policies grant nothing on `*`. (`not in` rather than
/// `!=`: guard fails `!=` between an intrinsic, a map, and a string as "not comparable".)
fn least_privilege() -> String {
    let actions: Vec<String> = UNSCOPED_ACTIONS
        .iter()
        .map(|entry| format!("'{}'", entry.action))
        .collect();
    format!(
        r#"
let roles = Resources.*[ Type == 'AWS::IAM::Role' ]
rule roles_keep_their_grants_in_managed_policies when %roles !empty {{
    %roles.Properties.Policies !exists
    %roles.Properties.ManagedPolicyArns[*].Ref exists
}}
let policies = Resources.*[ Type == 'AWS::IAM::ManagedPolicy' ]
rule policies_use_no_action_wildcards when %policies !empty {{
    %policies.Properties.PolicyDocument.Statement[*].Action[*] != /\*/
}}
rule policies_name_every_resource_only_for_unscopable_actions when %policies !empty {{
    %policies.Properties.PolicyDocument.Statement[*] {{
        Resource[*] not in ['*'] or Action[*] in [{}]
    }}
}}
"#,
        actions.join(", ")
    )
}

/// Every rule file: the `.guard` files in `tests/guard/`, then the generated least-privilege
/// rules. Rule names are unique across them (a fixture names its rule).
pub fn rule_files() -> Vec<RuleFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/guard");
    let mut sources: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "guard"))
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (format!("tests/guard/{}", file_name(&path)), text)
        })
        .collect();
    sources.sort();
    assert!(
        sources.len() >= 2,
        "the rule files in {} are missing",
        dir.display()
    );
    sources.push(("least_privilege (generated)".to_owned(), least_privilege()));
    let files: Vec<RuleFile> = sources
        .iter()
        .map(|(name, text)| RuleFile::parse(name, text).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let mut names: Vec<&str> = files
        .iter()
        .flat_map(|f| &f.rules)
        .map(|r| r.name.as_str())
        .collect();
    names.sort_unstable();
    if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
        panic!(
            "two rules are named {}: a fixture could not tell them apart",
            pair[0]
        );
    }
    files
}

/// The last component of `path`, as text.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
