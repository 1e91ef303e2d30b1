//! A YAML CloudFormation template as a JSON tree, short-form intrinsics included: `!Ref X` is
//! read as `{"Ref": "X"}`, `!Condition C` as `{"Condition": "C"}`, `!GetAtt A.Arn` as
//! `{"Fn::GetAtt": ["A", "Arn"]}`, and every other local tag `!Name …` as `{"Fn::Name": …}`
//! (`!Sub`, `!Join`, `!If`, and the rule functions `!Contains`, `!EachMemberIn`, …), on
//! scalars, lists and maps alike, the way cfn-lint's template decoder reads them, so that a
//! deployed YAML template compares with the JSON synth makes now. Read with serde-saphyr's
//! event parser.

use std::collections::HashMap;
use std::fmt;

use serde_json::{Map, Value as Json};
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span, Tag};

/// Why a YAML text is not a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// Reads one YAML document (an empty text is `null`).
pub fn parse(text: &str) -> Result<Json, YamlError> {
    let mut reader = Reader::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| YamlError {
            message: e.info().to_owned(),
            line: e.marker().line(),
            column: e.marker().col() + 1,
        })?;
        reader.event(event, &span)?;
    }
    Ok(reader.root.unwrap_or(Json::Null))
}

/// A list or map being read, with the long-form function its tag names.
enum Open {
    List {
        anchor: usize,
        function: Option<String>,
        items: Vec<Json>,
    },
    Map {
        anchor: usize,
        function: Option<String>,
        entries: Map<String, Json>,
        key: Option<String>,
    },
}

#[derive(Default)]
struct Reader {
    open: Vec<Open>,
    anchors: HashMap<usize, Json>,
    root: Option<Json>,
    documents: usize,
}

impl Reader {
    fn event(&mut self, event: Event<'_>, span: &Span) -> Result<(), YamlError> {
        let error = |message: String| YamlError {
            message,
            line: span.start.line(),
            column: span.start.col() + 1,
        };
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(error(
                        "a template is one YAML document; this is a second".into(),
                    ));
                }
                Ok(())
            }
            Event::Scalar(text, style, anchor, tag) => {
                let value = match tag.as_deref() {
                    None => plain_or_quoted(&text, style),
                    Some(tag) if tag.is_yaml_core_schema() => {
                        if tag.suffix() == "str" {
                            Json::String(text.into_owned())
                        } else {
                            plain_or_quoted(&text, ScalarStyle::Plain)
                        }
                    }
                    Some(tag) => {
                        let function = function(tag).map_err(error)?;
                        short_scalar(&function, &text)
                    }
                };
                self.complete(value, anchor).map_err(error)
            }
            Event::SequenceStart(_, anchor, tag) => {
                let function = collection_function(tag.as_deref()).map_err(error)?;
                self.open.push(Open::List {
                    anchor,
                    function,
                    items: Vec::new(),
                });
                Ok(())
            }
            Event::MappingStart(_, anchor, tag) => {
                let function = collection_function(tag.as_deref()).map_err(error)?;
                self.open.push(Open::Map {
                    anchor,
                    function,
                    entries: Map::new(),
                    key: None,
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (anchor, function, value) = match self.open.pop() {
                    Some(Open::List {
                        anchor,
                        function,
                        items,
                    }) => (anchor, function, Json::Array(items)),
                    Some(Open::Map {
                        anchor,
                        function,
                        entries,
                        ..
                    }) => (anchor, function, Json::Object(entries)),
                    None => return Ok(()),
                };
                let value = match function {
                    Some(name) => long_form(&name, value),
                    None => value,
                };
                self.complete(value, anchor).map_err(error)
            }
            Event::Alias(id) => {
                let value =
                    self.anchors.get(&id).cloned().ok_or_else(|| {
                        error("an alias to an anchor not defined before it".into())
                    })?;
                self.complete(value, 0).map_err(error)
            }
            _ => Ok(()),
        }
    }

    /// Places a finished value in its parent, or as the root; records its anchor.
    fn complete(&mut self, value: Json, anchor: usize) -> Result<(), String> {
        if anchor != 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.open.last_mut() {
            None => self.root = Some(value),
            Some(Open::List { items, .. }) => items.push(value),
            Some(Open::Map { entries, key, .. }) => match key.take() {
                Some(name) => {
                    if entries.contains_key(&name) {
                        return Err(format!("key `{name}` is given twice in one map"));
                    }
                    entries.insert(name, value);
                }
                None => {
                    *key = Some(match value {
                        Json::String(s) => s,
                        Json::Array(_) | Json::Object(_) => {
                            return Err("a map key must be a scalar".into());
                        }
                        other => other.to_string(),
                    });
                }
            },
        }
        Ok(())
    }
}

/// The long-form function name of a local tag (`!Ref` → `Ref`, `!Sub` → `Fn::Sub`).
fn function(tag: &Tag) -> Result<String, String> {
    let name = tag.suffix();
    let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric());
    match (tag.handle(), name) {
        ("!", "Ref" | "Condition") => Ok(name.to_owned()),
        ("!", _) if plain => Ok(format!("Fn::{name}")),
        _ => Err(format!(
            "YAML tag `{}{}` is not a CloudFormation intrinsic function",
            tag.original_handle(),
            name
        )),
    }
}

/// The function a list's or map's tag names; core tags (`!!map`, `!!seq`) name none.
fn collection_function(tag: Option<&Tag>) -> Result<Option<String>, String> {
    match tag {
        None => Ok(None),
        Some(tag) if tag.is_yaml_core_schema() => Ok(None),
        Some(tag) => function(tag).map(Some),
    }
}

/// `{name: argument}`.
fn long_form(name: &str, argument: Json) -> Json {
    let mut map = Map::new();
    map.insert(name.to_owned(), argument);
    Json::Object(map)
}

/// A tagged scalar: `!GetAtt A.B.C` is `["A", "B.C"]` (the attribute may hold dots);
/// `!GetAZs ''` an empty region; every other function takes the text as it is.
fn short_scalar(name: &str, text: &str) -> Json {
    let argument = match (name, text.split_once('.')) {
        ("Fn::GetAtt", Some((resource, attribute))) => Json::Array(vec![
            Json::String(resource.to_owned()),
            Json::String(attribute.to_owned()),
        ]),
        _ => Json::String(text.to_owned()),
    };
    long_form(name, argument)
}

/// A scalar without a tag: quoted and block scalars are strings; plain ones may be null, a
/// boolean or a number (YAML 1.2's core schema; comparison treats numbers and their text as
/// one, see `values::same`).
fn plain_or_quoted(text: &str, style: ScalarStyle) -> Json {
    if style != ScalarStyle::Plain {
        return Json::String(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Json::Null,
        "true" | "True" | "TRUE" => return Json::Bool(true),
        "false" | "False" | "FALSE" => return Json::Bool(false),
        _ => {}
    }
    let numeric = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
        && text.chars().any(|c| c.is_ascii_digit());
    if numeric {
        if let Ok(i) = text.parse::<i64>() {
            return Json::from(i);
        }
        if let Some(n) = text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
        {
            return Json::Number(n);
        }
    }
    Json::String(text.to_owned())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn short_forms_read_as_long_forms() {
        let text = "\
Resources:
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref DetectorFunction
      Topics: [!Ref Topic]
      Queue: !GetAtt Queue.Arn
      Nested: !GetAtt Endpoint.Address.Port
      Group: !Sub '${AWS::StackName}-AppLogs'
      Joined: !Join ['', [a, !Ref B]]
      Chosen: !If [HasEmail, !Ref Email, !Ref AWS::NoValue]
      Mapped: !FindInMap {Fn::Map: x}
      BatchSize: 100
      Enabled: true
      Window: '1'
      Empty: ~
";
        let t = parse(text).unwrap_or_else(|e| panic!("{e}"));
        let p = &t["Resources"]["Mapping"]["Properties"];
        assert_eq!(p["FunctionName"], json!({"Ref": "DetectorFunction"}));
        assert_eq!(p["Topics"], json!([{"Ref": "Topic"}]));
        assert_eq!(p["Queue"], json!({"Fn::GetAtt": ["Queue", "Arn"]}));
        assert_eq!(
            p["Nested"],
            json!({"Fn::GetAtt": ["Endpoint", "Address.Port"]})
        );
        assert_eq!(p["Group"], json!({"Fn::Sub": "${AWS::StackName}-AppLogs"}));
        assert_eq!(p["Joined"], json!({"Fn::Join": ["", ["a", {"Ref": "B"}]]}));
        assert_eq!(
            p["Chosen"],
            json!({"Fn::If": ["HasEmail", {"Ref": "Email"}, {"Ref": "AWS::NoValue"}]})
        );
        assert_eq!(p["Mapped"], json!({"Fn::FindInMap": {"Fn::Map": "x"}}));
        assert_eq!(p["BatchSize"], json!(100));
        assert_eq!(p["Enabled"], json!(true));
        assert_eq!(p["Window"], json!("1"));
        assert_eq!(p["Empty"], Json::Null);
    }

    #[test]
    fn json_is_yaml_and_anchors_resolve() {
        assert_eq!(
            parse("{\"a\": [1, 2.5, \"x\"], \"b\": null}").unwrap_or_else(|e| panic!("{e}")),
            json!({"a": [1, 2.5, "x"], "b": null})
        );
        assert_eq!(
            parse("a: &x {k: 1}\nb: *x\n").unwrap_or_else(|e| panic!("{e}")),
            json!({"a": {"k": 1}, "b": {"k": 1}})
        );
    }

    #[test]
    fn unknown_tags_and_second_documents_are_errors() {
        assert_eq!(
            parse("a: !Contains [[x], !Ref R]\n").unwrap_or_else(|e| panic!("{e}")),
            json!({"a": {"Fn::Contains": [["x"], {"Ref": "R"}]}})
        );
        let e = parse("a: !<tag:example.com,2000:x> y\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("not a CloudFormation intrinsic"), "{e}");
        assert!(
            parse("a: 1\n---\nb: 2\n")
                .unwrap_err()
                .message
                .contains("second")
        );
        assert!(parse("a: 1\na: 2\n").unwrap_err().message.contains("twice"));
        assert!(parse("a: [1\n").is_err());
    }
}
