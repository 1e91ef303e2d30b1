//! The stack itself: description, key, metadata, parameters and outputs.

use super::{At, FileBuilder};
use crate::config::de;
use crate::config::model::{OutputConfig, ParameterConfig, StackConfig};
use crate::config::node::NodeValue;
use crate::props::{Literal, Prop};
use crate::rules::stack_file::UNKNOWN_ATTRIBUTE;
use crate::template::{Output, Parameter};
use crate::value::Value;

impl FileBuilder {
    /// Description, encryption key and metadata.
    pub(super) fn stack_settings(&self, config: &StackConfig) {
        // The key may refer to a parameter: read it again with the file's references (which
        // name the key and the stack in their messages).
        let key = self.root.entry("encryption_key_arn").and_then(|(_, node)| {
            self.reading("Stack", &config.name, || {
                de::from_node_at::<Prop<String>>(node, "encryption_key_arn").ok()
            })
        });
        let mut state = self.state.borrow_mut();
        if let Some(description) = &config.description {
            state.stack.description(description.clone());
        }
        if let Some(key) = key {
            state.stack.encryption_key_arn(key.into_value());
        }
        for (key, value) in &config.metadata {
            state.stack.metadata(key.clone(), value.clone());
        }
    }

    /// The parameters, in file order. With a package key (`synth --code-zip`), the parameter
    /// a function's `code.key` refers to defaults to it.
    pub(super) fn parameters(&self) {
        let code_key_parameters = self.code_key_parameters();
        for (id, p) in self.section_entries::<ParameterConfig>("parameters", "Parameter") {
            let id = id.as_str();
            let mut default = p.default.as_ref().map(Literal::to_value);
            if let Some(key) = &self.options.code_key {
                if code_key_parameters.iter().any(|p| p == id) {
                    default = Some(Value::String(key.clone()));
                }
            }
            let parameter = Parameter {
                parameter_type: p.parameter_type,
                description: p.description.clone(),
                default,
                allowed_values: p.allowed_values.iter().map(Literal::to_value).collect(),
                allowed_pattern: p.allowed_pattern.clone(),
                constraint_description: p.constraint_description.clone(),
                min_length: p.min_length,
                max_length: p.max_length,
                min_value: p.min_value,
                max_value: p.max_value,
                no_echo: p.no_echo,
            };
            self.state.borrow_mut().stack.add_parameter(id, parameter);
        }
    }

    /// The entries of `section` that can be read as a `T` (of messages' kind `what`), in
    /// file order; the others' problems are recorded.
    fn section_entries<T: serde::de::DeserializeOwned>(
        &self,
        section: &str,
        what: &str,
    ) -> Vec<(String, T)> {
        let Some((_, node)) = self.root.entry(section) else {
            return Vec::new();
        };
        node.entries()
            .iter()
            .filter_map(|(key, entry)| {
                let value = self.read_entry::<T>(what, &key.name, entry, Some(key.location));
                if value.is_none() {
                    self.state.borrow_mut().incomplete = true;
                }
                Some((key.name.clone(), value?))
            })
            .collect()
    }

    /// The parameters that functions' `code.key` refers to (`{ref: Name}`).
    fn code_key_parameters(&self) -> Vec<String> {
        let Some((_, functions)) = self.root.entry("functions") else {
            return Vec::new();
        };
        functions
            .entries()
            .iter()
            .filter_map(|(_, function)| {
                let (_, code) = function.entry("code")?;
                let (_, key) = code.entry("key")?;
                let (_, name) = key.entry("ref")?;
                match &name.value {
                    NodeValue::String(name) => Some(name.clone()),
                    _ => None,
                }
            })
            .collect()
    }

    /// The outputs, in file order. Their values were resolved when the file was read: now,
    /// with every construct built, `{get_att: …}` in them reads a built construct.
    pub(super) fn outputs(&self) {
        for (id, o) in self.section_entries::<OutputConfig>("outputs", "Output") {
            let id = id.as_str();
            let reported_before = self.state.borrow().problems.len();
            let value = match self.reading("Output", id, || o.value.to_value("value")) {
                Ok(value) => value,
                Err(message) => {
                    let at = At { kind: "Output", id };
                    let fix = "read an attribute of a construct of this file";
                    self.error(&UNKNOWN_ATTRIBUTE, at, "value", None, message, fix);
                    // Reported: the output is left out, so its value is not reported again.
                    continue;
                }
            };
            // A reference that could not be read was reported while reading it, and synthesis
            // fails on it: the output is left out rather than reported again as having no
            // value. (A construct that could not be built stops the file before synthesis, so
            // no output reads one.)
            if self.state.borrow().problems.len() != reported_before {
                continue;
            }
            let mut output = Output::new(o.description.clone(), value);
            if let Some(suffix) = &o.export_as_stack_scoped {
                output = output.export_as_stack_scoped(suffix);
            }
            self.state.borrow_mut().stack.add_output(id, output);
        }
    }
}
