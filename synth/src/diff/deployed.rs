//! The deployed template `synth diff --against FILE` reads. FILE may hold:
//! - what `aws cloudformation get-template --stack-name NAME --query TemplateBody` prints: the
//!   template as JSON when it was deployed as JSON; a JSON string holding the template's text
//!   when it was deployed as YAML (or the YAML itself, with `--output text`);
//! - the whole `get-template` response (`{"TemplateBody": …, "StagesAvailable": …}`);
//! - an earlier `synth` output, JSON or YAML.
//!
//! YAML may use the short forms of intrinsic functions (`!Ref`, `!GetAtt`, `!Sub`, …).

use std::path::Path;

use serde_json::Value as Json;

use super::yaml;

/// Reads FILE into a template (a map with a `Resources` map); errors are whole messages.
pub fn read(path: &Path) -> Result<Json, String> {
    let shown = path.display();
    let fail = |problem: String| {
        format!(
            "error: --against {shown}: {problem}\n  fix: give the deployed template: `aws cloudformation get-template --stack-name NAME --query TemplateBody > deployed.json`, or an earlier `synth` output\n"
        )
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
    let mut value = parse(&text).map_err(&fail)?;
    if let Some(body) = value
        .as_object()
        .filter(|m| !m.contains_key("Resources"))
        .and_then(|m| m.get("TemplateBody"))
    {
        value = body.clone();
    }
    if let Json::String(inner) = &value {
        value = parse(inner).map_err(|e| fail(format!("its TemplateBody text: {e}")))?;
    }
    match value.get("Resources") {
        Some(Json::Object(_)) => Ok(value),
        Some(_) => Err(fail("its `Resources` is not a map".into())),
        None => Err(fail(
            "it is not a CloudFormation template: it has no `Resources`".into(),
        )),
    }
}

/// JSON, else YAML (which also takes flow-style text that starts like JSON, with short-form
/// tags). A text that starts like JSON and is neither reports its JSON error.
fn parse(text: &str) -> Result<Json, String> {
    let json = serde_json::from_str(text);
    let Err(json_error) = json else {
        return json.map_err(|e| e.to_string());
    };
    yaml::parse(text).map_err(|yaml_error| {
        let start = text.trim_start().chars().next();
        if matches!(start, Some('{' | '"')) {
            format!("not valid JSON: {json_error}")
        } else {
            format!("not valid YAML: {yaml_error}")
        }
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read_text(name: &str, text: &str) -> Result<Json, String> {
        // A file of its own per test and process (tests run side by side), removed after.
        let path =
            std::env::temp_dir().join(format!("synth-diff-deployed-{}-{name}", std::process::id()));
        std::fs::write(&path, text).map_err(|e| e.to_string())?;
        let read = read(&path);
        let _ = std::fs::remove_file(&path);
        read
    }

    #[test]
    fn every_shape_get_template_prints_reads_the_same() {
        let expected = json!({"Resources": {"T": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": {"Ref": "N"}}}}});
        let yaml = "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !Ref N\n";
        let shapes = [
            ("template.json", expected.to_string()),
            ("template.yaml", yaml.to_owned()),
            ("body.json", Json::String(yaml.to_owned()).to_string()),
            (
                "response.json",
                json!({"TemplateBody": yaml, "StagesAvailable": ["Original", "Processed"]})
                    .to_string(),
            ),
            (
                "response-json.json",
                json!({"TemplateBody": expected, "StagesAvailable": ["Original"]}).to_string(),
            ),
        ];
        for (name, text) in shapes {
            assert_eq!(read_text(name, &text), Ok(expected.clone()), "{name}");
        }
    }

    #[test]
    fn what_is_not_a_template_is_refused_with_the_fix() {
        let e = read_text("empty.yaml", "").unwrap_err();
        assert!(
            e.contains("no `Resources`") && e.contains("get-template"),
            "{e}"
        );
        let e = read_text("bad.json", "{\"Resources\": ").unwrap_err();
        assert!(e.contains("not valid JSON"), "{e}");
        let e = read_text("missing.json", "x").map(|_| ());
        assert!(e.is_err());
        let e = read(Path::new("/nonexistent/deployed.json")).unwrap_err();
        assert!(e.contains("cannot read it"), "{e}");
    }
}
