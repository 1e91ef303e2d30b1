//! What `synth` varies when it builds a file: the package key (`--code-zip`) and the
//! architecture of the package's binary.

use super::{At, FileBuilder};
use crate::config::node::Node;
use crate::function::AnomalyFunction;
use crate::props::Prop;
use crate::rules::stack_file::ARCHITECTURE;

impl FileBuilder {
    /// `function`, read from `node`, with the package synth was given: its key replaces a
    /// literal `code.key` (a parameter's default is set instead, see `parameters`), and its
    /// architecture applies unless the file names another, which is an error.
    pub(super) fn with_options(
        &self,
        id: &str,
        node: &Node,
        mut function: AnomalyFunction,
    ) -> AnomalyFunction {
        if let Some(package_key) = &self.options.code_key {
            if function.code.key.as_str().is_some() {
                function.code.key = Prop::new(package_key.clone());
            }
        }
        let written = node
            .entry("architecture")
            .is_some()
            .then_some(function.architecture);
        match (written, self.options.architecture) {
            (Some(w), Some(given)) if w != given => {
                self.error(
                    &ARCHITECTURE,
                    At {
                        kind: "AnomalyFunction",
                        id,
                    },
                    "architecture",
                    Some(format!("{:?}", w.lambda_name())),
                    format!(
                        "contradicts the architecture synth was given, {} (from --architecture or the --code-zip binary)",
                        given.lambda_name()
                    ),
                    format!(
                        "remove `architecture` from the file, or build the package for {}",
                        w.lambda_name()
                    ),
                );
            }
            (None, Some(given)) => function.architecture = given,
            _ => {}
        }
        function
    }
}
