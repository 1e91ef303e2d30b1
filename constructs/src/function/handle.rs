//! References to a synthesized `AnomalyFunction`.

use super::AnomalyFunction;
use crate::construct::Handle;
use crate::logical_id::LogicalId;
use crate::value::Value;

impl Handle<AnomalyFunction> {
    /// The logical id of the `AWS::Lambda::Function`.
    pub fn function_id(&self) -> LogicalId {
        self.scope().logical_id("Function")
    }

    /// The logical id of the execution role.
    pub fn role_id(&self) -> LogicalId {
        self.scope().logical_id("Role")
    }

    /// The logical id of the function's log group.
    pub fn log_group_id(&self) -> LogicalId {
        self.scope().logical_id("LogGroup")
    }

    /// The function's name (`Ref`).
    pub fn function_name(&self) -> Value {
        Value::reference(&self.function_id())
    }

    /// The function's ARN.
    pub fn function_arn(&self) -> Value {
        Value::get_att(&self.function_id(), "Arn")
    }

    /// The execution role's ARN.
    pub fn role_arn(&self) -> Value {
        Value::get_att(&self.role_id(), "Arn")
    }

    /// The log group's name.
    pub fn log_group_name(&self) -> Value {
        Value::reference(&self.log_group_id())
    }
}
