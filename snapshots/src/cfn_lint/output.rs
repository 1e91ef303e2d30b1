//! cfn-lint's JSON output (`--format json`) read into a [`Report`], checked against its exit
//! status.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde::Deserialize;
use serde_json::Value as Json;

use super::{Error, Finding, Level, Report};

/// One match as cfn-lint prints it.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Match {
    filename: Option<PathBuf>,
    level: Level,
    location: Location,
    message: String,
    rule: Rule,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Location {
    start: Position,
    path: Option<Vec<Json>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Position {
    line_number: u64,
    column_number: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Rule {
    id: String,
}

impl From<Match> for Finding {
    fn from(m: Match) -> Self {
        let path = m
            .location
            .path
            .unwrap_or_default()
            .into_iter()
            .map(|step| match step {
                Json::String(key) => key,
                other => other.to_string(),
            })
            .collect();
        Finding {
            rule: m.rule.id,
            level: m.level,
            message: m.message,
            file: m.filename,
            line: m.location.start.line_number,
            column: m.location.start.column_number,
            path,
        }
    }
}

/// The exit status `--non-zero-exit-code warning` gives for `findings`: bit 2 for an error,
/// bit 4 for a warning, informational findings not counted.
fn expected_exit_code(findings: &[Finding]) -> i32 {
    findings.iter().fold(0, |code, f| {
        code | match f.level {
            Level::Error => 2,
            Level::Warning => 4,
            Level::Informational => 0,
        }
    })
}

/// The report in `out`, or why there is none: output that is not cfn-lint's JSON list of
/// matches (a crash prints a traceback and exits 1), or an exit status that disagrees with it.
pub(super) fn parse(program: &Path, out: &Output) -> Result<Report, Error> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let fail = |problem: String| Error::Output {
        program: program.to_owned(),
        problem,
        status: out.status.to_string(),
        stdout: stdout.clone().into_owned(),
        stderr: stderr.clone(),
    };
    let matches: Vec<Match> = serde_json::from_str(&stdout).map_err(|e| {
        fail(format!(
            "stdout is not cfn-lint's JSON list of matches: {e}"
        ))
    })?;
    let findings: Vec<Finding> = matches.into_iter().map(Finding::from).collect();
    let expected = expected_exit_code(&findings);
    match out.status.code() {
        Some(code) if code == expected => Ok(Report { findings, stderr }),
        Some(code) => Err(fail(format!(
            "exit code {code}, but the findings it printed call for {expected}"
        ))),
        None => Err(fail("it was killed by a signal".to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::process::ExitStatusExt;
    use std::process::ExitStatus;

    use super::*;

    /// What cfn-lint 1.58 prints for a queue with an unknown property and an unused
    /// parameter (trimmed to the fields read here plus two it also prints).
    const TWO_FINDINGS: &str = r#"[
        {"Filename": "t.json", "Level": "Error", "Message": "Additional properties are not allowed ('Foo' was unexpected)",
         "Location": {"Start": {"LineNumber": 1, "ColumnNumber": 101}, "End": {"LineNumber": 1, "ColumnNumber": 106},
                      "Path": ["Resources", "Q", "Properties", "Foo"]},
         "Rule": {"Id": "E3002", "ShortDescription": "Resource properties are invalid"}},
        {"Filename": "t.json", "Level": "Warning", "Message": "Parameter Unused not used.",
         "Location": {"Start": {"LineNumber": 1, "ColumnNumber": 16}, "Path": ["Parameters", "Unused", 0]},
         "Rule": {"Id": "W2001"}},
        {"Filename": null, "Level": "Informational", "Message": "advice",
         "Location": {"Start": {"LineNumber": 2, "ColumnNumber": 1}, "Path": null},
         "Rule": {"Id": "I3011"}}
    ]"#;

    fn output(code: i32, stdout: &str, stderr: &str) -> Output {
        Output {
            // A wait status holds the exit code in its second byte.
            status: ExitStatus::from_raw(code << 8),
            stdout: stdout.as_bytes().to_vec(),
            stderr: stderr.as_bytes().to_vec(),
        }
    }

    fn program() -> PathBuf {
        PathBuf::from("cfn-lint")
    }

    #[test]
    fn reads_every_finding_with_its_level_rule_and_place() {
        let report = parse(&program(), &output(6, TWO_FINDINGS, "")).unwrap();
        assert_eq!(report.findings.len(), 3);
        let first = &report.findings[0];
        assert_eq!(first.rule, "E3002");
        assert_eq!(first.level, Level::Error);
        assert_eq!(first.file, Some(PathBuf::from("t.json")));
        assert_eq!((first.line, first.column), (1, 101));
        assert_eq!(first.path, ["Resources", "Q", "Properties", "Foo"]);
        assert_eq!(report.findings[1].path, ["Parameters", "Unused", "0"]);
        assert_eq!(report.findings[2].file, None);
        assert!(report.findings[2].path.is_empty());
        assert_eq!(
            first.to_string(),
            "t.json:1:101: error E3002: Additional properties are not allowed ('Foo' was unexpected) (at Resources/Q/Properties/Foo)"
        );
    }

    #[test]
    fn warnings_fail_and_informational_findings_do_not() {
        let report = parse(&program(), &output(6, TWO_FINDINGS, "")).unwrap();
        assert!(!report.is_clean());
        let failing: Vec<&str> = report.failures().map(|f| f.rule.as_str()).collect();
        assert_eq!(failing, ["E3002", "W2001"]);

        let only_warning = r#"[{"Filename": "t.yaml", "Level": "Warning", "Message": "m",
            "Location": {"Start": {"LineNumber": 3, "ColumnNumber": 5}}, "Rule": {"Id": "W3005"}}]"#;
        let report = parse(&program(), &output(4, only_warning, "")).unwrap();
        assert!(!report.is_clean());

        let only_advice = r#"[{"Filename": "t.yaml", "Level": "Informational", "Message": "m",
            "Location": {"Start": {"LineNumber": 3, "ColumnNumber": 5}}, "Rule": {"Id": "I3011"}}]"#;
        let report = parse(&program(), &output(0, only_advice, "")).unwrap();
        assert!(report.is_clean());
        assert!(!report.is_silent());

        let report = parse(&program(), &output(0, "[]\n", "")).unwrap();
        assert!(report.is_clean() && report.is_silent());
        let report = parse(&program(), &output(0, "[]\n", "a deprecation notice")).unwrap();
        assert!(report.is_clean() && !report.is_silent());
    }

    #[test]
    fn a_crash_or_a_disagreeing_exit_status_is_an_error_not_a_clean_report() {
        let crash = parse(
            &program(),
            &output(
                1,
                "",
                "Traceback (most recent call last):\n  ...\nKeyError: 'x'",
            ),
        )
        .unwrap_err();
        let message = crash.to_string();
        assert!(message.contains("not cfn-lint's JSON"), "{message}");
        assert!(message.contains("KeyError"), "{message}");

        let disagrees = parse(&program(), &output(2, "[]", "")).unwrap_err();
        assert!(disagrees.to_string().contains("exit code 2"), "{disagrees}");
        let hides_a_warning = parse(&program(), &output(2, TWO_FINDINGS, "")).unwrap_err();
        assert!(hides_a_warning.to_string().contains("call for 6"));
    }
}
