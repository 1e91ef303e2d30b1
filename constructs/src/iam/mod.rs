//! IAM policy documents and the statements constructs grant each other.

mod statement;

pub use statement::{Effect, PolicyDocument, Statement};
