//! One guard run: a rule file over a template, read into each rule's status.

use std::collections::BTreeMap;

use std::io::Cursor;

use cfn_guard::CommandBuilder;
use cfn_guard::ValidateBuilder;
use cfn_guard::commands::ERROR_STATUS_CODE;
use cfn_guard::commands::Executable;
use cfn_guard::commands::validate::{OutputFormatType, ShowSummaryType};
use cfn_guard::utils::reader::{ReadBuffer, Reader};
use cfn_guard::utils::writer::{WriteBuffer, Writer};
use serde_json::Value as Json;

use crate::rules::RuleFile;

/// What guard says of one rule on one template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Its checks ran and held.
    Pass,
    /// None of its checks ran.
    Skip,
    /// A check failed.
    Fail,
}

/// Guard's report of one rule file on one template.
pub struct Evaluation {
    /// Every rule's status, by name.
    statuses: BTreeMap<String, Status>,
    /// The failed checks, by rule name, as guard reports them.
    failures: BTreeMap<String, Json>,
}

impl Evaluation {
    /// Runs the rules `rules` (named `rules_name`) over `template` (JSON or YAML).
    ///
    /// Through guard's `validate` command with a payload and structured JSON output:
    /// `cfn_guard::run_checks` returns only the last 8 KiB of a longer report (it reads its
    /// `BufWriter`'s buffer, not what was flushed), so a rule failing on a large template came
    /// back as unreadable JSON.
    pub fn run(template: &str, template_name: &str, rules_name: &str, rules: &str) -> Self {
        let payload = serde_json::json!({"rules": [rules], "data": [template]}).to_string();
        let mut reader = Reader::new(ReadBuffer::Cursor(Cursor::new(payload.into_bytes())));
        let mut writer = Writer::new(WriteBuffer::Vec(Vec::new()))
            .unwrap_or_else(|e| panic!("a guard writer: {e}"));
        let code = ValidateBuilder::default()
            .payload(true)
            .structured(true)
            .output_format(OutputFormatType::JSON)
            .show_summary(vec![ShowSummaryType::None])
            .try_build()
            .and_then(|validate| validate.execute(&mut writer, &mut reader))
            .unwrap_or_else(|e| {
                panic!("guard could not evaluate {rules_name} on {template_name}: {e}")
            });
        assert!(
            code != ERROR_STATUS_CODE,
            "guard could not read {rules_name} (its error is on stderr)"
        );
        let report = writer
            .into_string()
            .unwrap_or_else(|e| panic!("guard's report on {template_name}: {e}"));
        let reports: Json =
            serde_json::from_str(&report).unwrap_or_else(|e| panic!("{e}: {report}"));
        let report = &reports[0];
        let names = |key: &str| -> Vec<String> {
            report[key]
                .as_array()
                .unwrap_or_else(|| panic!("guard's report has no `{key}` list: {report}"))
                .iter()
                .filter_map(|name| name.as_str().map(str::to_owned))
                .collect()
        };
        let mut statuses = BTreeMap::new();
        statuses.extend(names("compliant").into_iter().map(|n| (n, Status::Pass)));
        statuses.extend(
            names("not_applicable")
                .into_iter()
                .map(|n| (n, Status::Skip)),
        );
        let mut failures = BTreeMap::new();
        for failure in report["not_compliant"].as_array().into_iter().flatten() {
            let name = failure["Rule"]["name"]
                .as_str()
                .unwrap_or_else(|| panic!("a failure without a rule name: {failure}"));
            statuses.insert(name.to_owned(), Status::Fail);
            failures.insert(name.to_owned(), failure.clone());
        }
        Self { statuses, failures }
    }

    /// Runs `file`'s rules over `template`.
    pub fn of(template: &str, template_name: &str, file: &RuleFile) -> Self {
        Self::run(template, template_name, &file.name, &file.text)
    }

    /// The status of the rule `name`; guard reports every rule it evaluated.
    pub fn status(&self, name: &str) -> Status {
        *self
            .statuses
            .get(name)
            .unwrap_or_else(|| panic!("guard did not report rule {name}: {:?}", self.statuses))
    }

    /// The names of the rules that failed.
    pub fn failed(&self) -> Vec<&str> {
        self.failures.keys().map(String::as_str).collect()
    }

    /// The failed checks of rule `name`, as guard reports them.
    pub fn failure(&self, name: &str) -> String {
        self.failures
            .get(name)
            .map(|f| serde_json::to_string_pretty(f).unwrap_or_else(|_| f.to_string()))
            .unwrap_or_default()
    }
}
