//! The reference logfmt reader: the grammar of [`super`], one character at a time, with every
//! way a line can break it worded (`unterminated quote at byte 41`). Slow and plain on purpose:
//! the fast reader is tested against it.

use crate::features::raw::Raw;

/// Where the reader is in a line.
enum State {
    /// Between pairs.
    Between,
    /// In a key that started at this byte.
    Key(usize),
    /// Just after a key's `=`.
    Equals { key: (usize, usize) },
    /// In an unquoted value that started at this byte.
    Bare { key: (usize, usize), start: usize },
    /// In a quoted value whose opening quote is at `open`.
    Quoted {
        key: (usize, usize),
        open: usize,
        escaped: bool,
        after_backslash: bool,
    },
    /// Just after a quoted value's closing quote.
    Closed { key: (usize, usize) },
}

/// Each pair of `line` in order (key and value), or the first problem.
pub(super) fn pairs(line: &str) -> Vec<Result<(&str, Raw<'_>), String>> {
    let mut out = Vec::new();
    let mut state = State::Between;
    let separator = |c: char| c <= ' ';
    for (at, c) in line.char_indices() {
        state = match state {
            State::Between if separator(c) => State::Between,
            State::Between if c == '=' => {
                out.push(Err(format!("`=` without a key at byte {at}")));
                return out;
            }
            State::Between if c == '"' => {
                out.push(Err(format!(
                    "a quote where a key should start at byte {at}"
                )));
                return out;
            }
            State::Between => State::Key(at),
            State::Key(start) if separator(c) => {
                out.push(Ok((&line[start..at], Raw::Bool(true))));
                State::Between
            }
            State::Key(start) if c == '=' => State::Equals { key: (start, at) },
            State::Key(start) if c == '"' => {
                out.push(Err(format!(
                    "a quote inside the key `{}` at byte {at}",
                    &line[start..at]
                )));
                return out;
            }
            State::Key(start) => State::Key(start),
            State::Equals { key } if separator(c) => {
                out.push(Ok((&line[key.0..key.1], Raw::Absent)));
                State::Between
            }
            State::Equals { key } if c == '"' => State::Quoted {
                key,
                open: at,
                escaped: false,
                after_backslash: false,
            },
            State::Equals { key } => State::Bare { key, start: at },
            State::Bare { key, start } if separator(c) => {
                out.push(Ok((&line[key.0..key.1], Raw::Text(&line[start..at]))));
                State::Between
            }
            State::Bare { key, start } => State::Bare { key, start },
            State::Quoted {
                key,
                open,
                escaped,
                after_backslash: true,
            } => State::Quoted {
                key,
                open,
                escaped,
                after_backslash: false,
            },
            State::Quoted { key, open, .. } if c == '\\' => State::Quoted {
                key,
                open,
                escaped: true,
                after_backslash: true,
            },
            State::Quoted {
                key, open, escaped, ..
            } if c == '"' => {
                let content = &line[open + 1..at];
                let raw = match (content.is_empty(), escaped) {
                    (true, _) => Raw::Absent,
                    (false, true) => Raw::Escaped(content),
                    (false, false) => Raw::Text(content),
                };
                out.push(Ok((&line[key.0..key.1], raw)));
                State::Closed { key }
            }
            quoted @ State::Quoted { .. } => quoted,
            State::Closed { .. } if separator(c) => State::Between,
            State::Closed { key } => {
                out.push(Err(format!(
                    "`{c}` right after the closing quote of `{}` at byte {at}: separate pairs with a space",
                    &line[key.0..key.1]
                )));
                return out;
            }
        };
    }
    match state {
        State::Between | State::Closed { .. } => {}
        State::Key(start) => out.push(Ok((&line[start..], Raw::Bool(true)))),
        State::Equals { key } => out.push(Ok((&line[key.0..key.1], Raw::Absent))),
        State::Bare { key, start } => {
            out.push(Ok((&line[key.0..key.1], Raw::Text(&line[start..]))))
        }
        State::Quoted { open, .. } => out.push(Err(format!("unterminated quote at byte {open}"))),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> Vec<(&str, Raw<'_>)> {
        pairs(line).into_iter().map(Result::unwrap).collect()
    }

    fn problem(line: &str) -> String {
        pairs(line).into_iter().find_map(Result::err).unwrap()
    }

    #[test]
    fn pairs_flags_quotes_and_empty_values() {
        assert_eq!(
            ok(r#" at=info path="/a b" debug  ms=12ms msg="say \"hi\"" x= y="" q=a=b"#),
            vec![
                ("at", Raw::Text("info")),
                ("path", Raw::Text("/a b")),
                ("debug", Raw::Bool(true)),
                ("ms", Raw::Text("12ms")),
                ("msg", Raw::Escaped(r#"say \"hi\""#)),
                ("x", Raw::Absent),
                ("y", Raw::Absent),
                ("q", Raw::Text("a=b")),
            ]
        );
        assert_eq!(ok(""), vec![]);
        assert_eq!(ok("flag"), vec![("flag", Raw::Bool(true))]);
    }

    #[test]
    fn broken_lines_say_where() {
        assert_eq!(
            problem(r#"at=info msg="unterminated"#),
            "unterminated quote at byte 12"
        );
        assert_eq!(problem(r#"a="x\"#), "unterminated quote at byte 2");
        assert_eq!(problem("a=1 =2"), "`=` without a key at byte 4");
        assert_eq!(
            problem(r#"a=1 "b"=2"#),
            "a quote where a key should start at byte 4"
        );
        assert_eq!(
            problem(r#"ke"y=1"#),
            "a quote inside the key `ke` at byte 2"
        );
        assert_eq!(
            problem(r#"a="x"b=1"#),
            "`b` right after the closing quote of `a` at byte 5: separate pairs with a space"
        );
    }
}
