//! The stack itself: description, key, metadata, parameters and outputs.

use super::{At, Builder};
use crate::config::expr::Expr;
use crate::config::value::{Literal, Val};
use crate::template::{Output, Parameter};
use crate::value::Value;

impl Builder<'_> {
    fn stack_at(&self) -> At<'static> {
        At {
            kind: "Stack",
            id: "",
        }
    }

    /// Description, encryption key and metadata.
    pub(super) fn stack_settings(&mut self) {
        let config = self.config;
        if let Some(description) = &config.description {
            self.stack.description(description.clone());
        }
        if let Some(key) = &config.encryption_key_arn {
            let at = self.stack_at();
            let arn = self.val(at, "encryption_key_arn", key);
            self.stack.encryption_key_arn(arn);
        }
        for (key, value) in &config.metadata {
            self.stack.metadata(key.clone(), value.clone());
        }
    }

    /// The parameters, in file order. With a package key (`synth --code-zip`), the parameter
    /// a function's `code.key` refers to defaults to it.
    pub(super) fn parameters(&mut self) {
        let code_key_parameters: Vec<&str> = self
            .config
            .functions
            .values()
            .filter_map(|f| match &f.code.key {
                Val::Expr(Expr::Ref(name)) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        for (id, p) in &self.config.parameters {
            let mut default = p.default.as_ref().map(Literal::to_value);
            if let Some(key) = &self.options.code_key {
                if code_key_parameters.contains(&id.as_str()) {
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
            self.stack.add_parameter(id, parameter);
        }
    }

    /// The outputs, in file order.
    pub(super) fn outputs(&mut self) {
        for (id, o) in &self.config.outputs {
            let at = At { kind: "Output", id };
            let value = self.any(at, "value", &o.value);
            let mut output = Output::new(o.description.clone(), value);
            if let Some(suffix) = &o.export_as_stack_scoped {
                output = output.export_as_stack_scoped(suffix);
            }
            self.stack.add_output(id, output);
        }
    }
}
