//! The crate's top-level modules depend on each other one way: no module reaches, through
//! `crate::` paths in its code (tests and comments aside), a module that reaches it back.
//! A cycle means two concepts are tangled (the key policy inside the synthesis context, a
//! reason string pulling the allow-list into `kafka`): move the shared piece to where it
//! belongs instead.

// Test helpers panic on setup failures: a panic here is a failed test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}

/// The code of a file: comments and the trailing `#[cfg(test)]` module dropped.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The names right after `crate::`, and inside `crate::{…}` groups.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if c.is_whitespace() => {}
                    _ if start && depth == 0 => {
                        out.insert(ident(&group[i..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out
}

#[test]
fn top_level_modules_have_no_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    // `pub use value::intrinsic;` makes `crate::intrinsic` a path into `value`.
    let aliases: BTreeMap<String, String> = lib
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub use ")?.strip_suffix(';'))
        .filter_map(|path| path.split_once("::"))
        .filter(|(_, item)| item.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(|(module, item)| (item.to_owned(), module.to_owned()))
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let relative = file.strip_prefix(&src).unwrap();
        let mut parts = relative.iter().map(|p| p.to_string_lossy().into_owned());
        let first = parts.next().unwrap();
        let module = first.strip_suffix(".rs").unwrap_or(&first).to_owned();
        let is_test = relative.iter().any(|p| p == "tests" || p == "tests.rs");
        if module == "lib" || is_test {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let targets = graph.entry(module.clone()).or_default();
        for target in crate_paths(&code(&text)) {
            let target = aliases.get(&target).cloned().unwrap_or(target);
            if target != module {
                targets.insert(target);
            }
        }
    }
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for targets in graph.values_mut() {
        targets.retain(|t| modules.contains(t));
    }
    assert!(
        graph["context"].contains("tree") && graph["stack"].contains("context"),
        "the scan is broken: {graph:?}"
    );
    // A module is on a cycle when it reaches itself.
    for module in &modules {
        let mut seen = BTreeSet::new();
        let mut path: BTreeMap<String, String> = BTreeMap::new();
        let mut todo: Vec<String> = graph[module].iter().cloned().collect();
        for t in &todo {
            path.insert(t.clone(), module.clone());
        }
        while let Some(next) = todo.pop() {
            if next == *module {
                let mut cycle = vec![module.clone()];
                let mut at = path[module].clone();
                while at != *module {
                    cycle.push(at.clone());
                    at = path[&at].clone();
                }
                cycle.push(module.clone());
                cycle.reverse();
                panic!("import cycle: {}", cycle.join(" -> "));
            }
            if seen.insert(next.clone()) {
                for target in &graph[&next] {
                    path.entry(target.clone()).or_insert_with(|| next.clone());
                    todo.push(target.clone());
                }
            }
        }
    }
}

#[test]
fn crate_paths_are_read_from_uses_and_groups() {
    let code = "use crate::a::B;\nuse crate::{b::{C, D}, c, d::E};\nlet x = crate::e::f();";
    let found: Vec<String> = crate_paths(code).into_iter().collect();
    assert_eq!(found, ["a", "b", "c", "d", "e"]);
}
