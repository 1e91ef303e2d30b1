//! IAM policy documents and the statements constructs grant each other.

mod network;
mod statement;
pub mod unscoped;

pub use network::{DESCRIBE_REASON, NetworkPlacement, network_interface_statements};
pub use statement::{Effect, PolicyDocument, Statement};
