//! `synth schema`: the JSON Schema of stack files.

use crate::render::write_stdout;

/// Prints the schema.
pub fn run() -> Result<(), String> {
    write_stdout(&constructs::config::schema_json())
}
