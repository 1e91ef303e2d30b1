//! The JSON Schema of stack files, for editors and validators.

use schemars::generate::SchemaSettings;

use super::model::StackConfig;

/// The URI stack files name in `$schema` (and `# yaml-language-server: $schema=`) when the
/// schema sits next to them, as `synth schema > stack.schema.json` writes it.
pub const SCHEMA_FILE: &str = "stack.schema.json";

/// The JSON Schema (draft-07, which every editor's YAML and JSON support reads) of a stack
/// file.
pub fn schema() -> serde_json::Value {
    let generator = SchemaSettings::draft07().into_generator();
    generator.into_root_schema_for::<StackConfig>().to_value()
}

/// [`schema`] as pretty JSON with a trailing newline.
pub fn schema_json() -> String {
    let mut text = serde_json::to_string_pretty(&schema())
        .unwrap_or_else(|e| unreachable!("a JSON value always serializes: {e}"));
    text.push('\n');
    text
}
