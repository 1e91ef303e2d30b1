//! The JSON Schema of stack files, for editors and validators.

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;

use super::model::StackConfig;

/// The URI stack files name in `$schema` (and `# yaml-language-server: $schema=`) when the
/// schema sits next to them, as `synth schema > stack.schema.json` writes it.
pub const SCHEMA_FILE: &str = "stack.schema.json";

/// The JSON Schema (draft-07, which every editor's YAML and JSON support reads) of a stack
/// file.
pub fn schema() -> serde_json::Value {
    let generator = SchemaSettings::draft07()
        .with_transform(RecursiveTransform(integer_range))
        .into_generator();
    generator.into_root_schema_for::<StackConfig>().to_value()
}

/// Gives an integer of a 32-bit Rust type the bounds the reader enforces (schemars writes only
/// `format: uint32` and `minimum: 0`, which validators do not check).
fn integer_range(schema: &mut Schema) {
    let (min, max) = match schema.get("format").and_then(|f| f.as_str()) {
        Some("uint32") => (0, i64::from(u32::MAX)),
        Some("int32") => (i64::from(i32::MIN), i64::from(i32::MAX)),
        _ => return,
    };
    if schema.get("minimum").is_none() {
        schema.insert("minimum".into(), min.into());
    }
    if schema.get("maximum").is_none() {
        schema.insert("maximum".into(), max.into());
    }
}

/// [`schema`] as pretty JSON with a trailing newline.
pub fn schema_json() -> String {
    let mut text = serde_json::to_string_pretty(&schema())
        .unwrap_or_else(|e| unreachable!("a JSON value always serializes: {e}"));
    text.push('\n');
    text
}
