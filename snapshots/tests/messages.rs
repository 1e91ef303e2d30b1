//! Every message a user can hit is pinned: each place in `constructs/src` that records a
//! problem (`.error(`, `.warn(`, `diagnostic(`, a `Diagnostic` with a literal `problem`) has
//! its problem text in some snapshot, so a new or reworded message shows up in review.
//!
//! The scan reads the problem argument's string literals and looks for their fixed parts
//! (12 characters or more, between `{..}` placeholders) in the snapshot files; problems built
//! only from variables are pinned where their text is written.

use std::path::{Path, PathBuf};

/// Messages the function prints at cold start, pinned by the runtime's own tests.
const ELSEWHERE: &[&str] = &["is not a valid configuration"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("tests") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("tests.rs") {
            out.push(path);
        }
    }
}

/// The text without its `#[cfg(test)]` items (the unit tests record problems of their own).
fn without_tests(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let Some(open) = rest[at..].find('{') else {
            return out;
        };
        let mut depth = 0;
        let mut end = rest.len();
        for (i, c) in rest[at + open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = at + open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The top-level arguments of the call whose `(` is at the start of `text`.
fn arguments(text: &str) -> Vec<String> {
    let (mut depth, mut in_string, mut escaped) = (0, false, false);
    let (mut args, mut current) = (Vec::new(), String::new());
    for c in text.chars() {
        if in_string {
            current.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                current.push(c);
            }
            '(' | '[' | '{' => {
                depth += 1;
                if depth > 1 {
                    current.push(c);
                }
            }
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    args.push(current.trim().to_owned());
                    return args;
                }
                current.push(c);
            }
            ',' if depth == 1 => args.push(std::mem::take(&mut current).trim().to_owned()),
            _ => current.push(c),
        }
    }
    args
}

/// The fixed parts (12 characters or more) of the string literals in `argument`.
fn fixed_parts(argument: &str) -> Vec<String> {
    let mut parts = Vec::new();
    for literal in argument.split('"').skip(1).step_by(2) {
        let literal = literal.replace("\\'", "'");
        for part in literal.split(['{', '}']).step_by(2) {
            let part = part.trim_matches(|c: char| " :;,.".contains(c));
            if part.len() >= 12 && !part.contains('\\') {
                parts.push(part.to_owned());
            }
        }
    }
    parts
}

#[test]
fn every_problem_text_is_in_a_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut snapshots = String::new();
    for entry in std::fs::read_dir(root.join("tests/snapshots"))
        .expect("snapshots")
        .flatten()
    {
        snapshots.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
    }
    let mut files = Vec::new();
    rust_files(&root.join("../constructs/src"), &mut files);
    let (mut checked, mut missing) = (0, Vec::new());
    for file in files {
        let text = without_tests(&std::fs::read_to_string(&file).unwrap_or_default());
        for (at, call) in text
            .match_indices(".error(")
            .chain(text.match_indices(".warn("))
            .chain(text.match_indices("diagnostic("))
        {
            let args = arguments(&text[at + call.len() - 1..]);
            // `diagnostic(construct, path, property, problem, fix)`;
            // `.error(rule, property, value, problem, fix)` and `.warn(..)` alike.
            let problem = args.get(3);
            let Some(problem) = problem else { continue };
            let parts = fixed_parts(problem);
            if parts.is_empty() || parts.iter().any(|p| ELSEWHERE.contains(&p.as_str())) {
                continue;
            }
            checked += 1;
            if !parts.iter().any(|p| snapshots.contains(p.as_str())) {
                let line = text[..at].lines().count();
                missing.push(format!("{}:{line}: {}", file.display(), parts[0]));
            }
        }
        for (at, _) in text.match_indices("problem: ") {
            let rest = &text[at + "problem: ".len()..];
            let argument = if let Some(format) = rest.strip_prefix("format!") {
                arguments(format).into_iter().next().unwrap_or_default()
            } else {
                rest.lines().next().unwrap_or_default().to_owned()
            };
            let parts = fixed_parts(&argument);
            if parts.is_empty() || parts.iter().any(|p| ELSEWHERE.contains(&p.as_str())) {
                continue;
            }
            checked += 1;
            if !parts.iter().any(|p| snapshots.contains(p.as_str())) {
                let line = text[..at].lines().count();
                missing.push(format!("{}:{line}: {}", file.display(), parts[0]));
            }
        }
    }
    assert!(
        checked > 100,
        "the scan found only {checked} messages: it is broken"
    );
    assert!(
        missing.is_empty(),
        "messages in no snapshot (add a case to snapshots/tests/errors.rs or config_errors.rs):\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_scan_reads_calls_and_literals() {
    let args =
        arguments(r#"(P, Some(&x), format!("is {n} long, \"a\"; at most {max} here"), "fix")"#);
    assert_eq!(args.len(), 4);
    assert_eq!(fixed_parts(&args[2]), Vec::<String>::new());
    assert_eq!(
        fixed_parts(r#"format!("has {} ids; at most {max} are allowed: {why}", n)"#),
        ["ids; at most"]
    );
    assert_eq!(
        fixed_parts(r#""is not a retention period CloudWatch Logs accepts""#),
        ["is not a retention period CloudWatch Logs accepts"]
    );
    assert_eq!(
        without_tests("a\n#[cfg(test)]\nmod t { fn x() { } }\nb"),
        "a\n\nb"
    );
}
