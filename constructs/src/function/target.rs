//! What a construct wired to a function needs from it.

use crate::contract::RecordFormat;
use crate::logical_id::LogicalId;
use crate::scope::Scope;
use crate::value::Value;

/// The consuming function as an event source (or anything else wired to a function) sees it
/// while binding: where it is, how to name it in a resource, and whose role to grant to.
#[derive(Debug, Clone)]
pub struct FunctionTarget<'a> {
    /// The function construct's scope.
    pub scope: &'a Scope,
    /// `Ref` to the function (its name), for `FunctionName` properties.
    pub function_name: Value,
    /// The logical id of the function resource (for `DependsOn`).
    pub function_id: LogicalId,
    /// The logical id of the function's execution role, for [`crate::SynthContext::grant`].
    pub role: LogicalId,
    /// How the function decodes each record's value.
    pub record_format: RecordFormat,
}
