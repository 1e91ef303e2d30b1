//! Whole stack documents generated from the stack file's JSON Schema
//! (`constructs::config::schema()`), which derives from the construct props: a property added
//! to a props struct is generated with no change here, from what its definition says (its
//! type, `required`, bounds, pattern, examples, the section a reference names).
//!
//! [`documents`] walks the schema ([`walk`]) into a tree whose construct references are still
//! choices ([`node`]), then resolves them to ids of constructs the document declares, adding a
//! construct where a required reference names an empty section, and declaring the parameters
//! whose `{ref: ...}` stands for a literal. At hostility 0 a document is valid under the schema;
//! above it, leaves turn hostile ([`hostile`]).

pub mod coverage;
pub mod hostile;
pub mod node;
pub mod walk;

use constructs::config::Format;
use proptest::prelude::*;
use serde_json::Value as Json;

use super::values::S;

/// A generated stack file.
#[derive(Debug, Clone)]
pub struct Document {
    /// How hostile its leaves are (0: valid under the schema).
    pub hostility: u32,
    /// Its content.
    pub json: Json,
    /// Written as YAML (else JSON).
    pub yaml: bool,
}

impl Document {
    /// The format its text is in.
    pub fn format(&self) -> Format {
        if self.yaml {
            Format::Yaml
        } else {
            Format::Json
        }
    }

    /// True when its text holds numbers JSON cannot (YAML's `.nan` and `.inf`), which a JSON
    /// view of the file, and so a JSON Schema validator, cannot see.
    pub fn non_finite(&self) -> bool {
        self.yaml && {
            let json = self.json.to_string();
            hostile::NON_FINITE
                .iter()
                .any(|(mark, _)| json.contains(mark))
        }
    }

    /// Its text.
    pub fn text(&self) -> Result<String, String> {
        if self.yaml {
            let mut text =
                serde_saphyr::to_string(&self.json).map_err(|e| format!("YAML writer: {e}"))?;
            for (mark, yaml) in hostile::NON_FINITE {
                text = text.replace(mark, yaml);
            }
            Ok(text)
        } else {
            serde_json::to_string_pretty(&self.json).map_err(|e| format!("JSON writer: {e}"))
        }
    }
}

/// Documents of hostility `h`.
pub fn documents(h: u32) -> S<Document> {
    let schema = constructs::config::schema();
    let unresolved = walk::Walker::new(&schema, h).document();
    (unresolved, any::<bool>())
        .prop_map(move |(doc, yaml)| Document {
            hostility: h,
            json: node::resolve(doc),
            yaml,
        })
        .boxed()
}

/// The hostility levels and their weights: most documents are valid or nearly so, so that
/// the valid paths are covered as well as the refusals.
pub const HOSTILITY: [(u32, u32); 4] = [(0, 4), (1, 3), (3, 2), (10, 1)];

/// Documents of any hostility.
pub fn any_document() -> S<Document> {
    proptest::strategy::Union::new_weighted(
        HOSTILITY
            .iter()
            .map(|&(h, weight)| (weight, documents(h)))
            .collect(),
    )
    .boxed()
}
