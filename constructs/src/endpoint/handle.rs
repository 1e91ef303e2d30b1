//! What other constructs see of an `RcfEndpoint`: its name, ARN, variant and feature count,
//! and the `InvokeEndpoint` grant.

use super::created::endpoint_id;
use super::existing;
use super::{RcfEndpoint, Source};
use crate::construct::Handle;
use crate::context::SynthContext;
use crate::iam::Statement;
use crate::logical_id::LogicalId;
use crate::scope::Scope;
use crate::value::Value;

impl Handle<RcfEndpoint> {
    /// The endpoint's name, as the runtime passes it to `InvokeEndpoint`: the literal or
    /// parameter of an existing endpoint, `Fn::GetAtt <Endpoint>.EndpointName` of a created one.
    pub fn endpoint_name(&self) -> Value {
        match self.props().source() {
            Some(Source::Existing { name }) => name.clone(),
            _ => Value::get_att(&endpoint_id(self.scope()), "EndpointName"),
        }
    }

    /// The endpoint's ARN. SageMaker lower-cases endpoint names in ARNs: a created endpoint's
    /// ARN is its `Ref` (AWS builds it), an existing endpoint's literal name is lower-cased here.
    pub fn arn(&self) -> Value {
        match self.props().source() {
            Some(Source::Existing { name }) => existing::arn(name),
            _ => Value::reference(&endpoint_id(self.scope())),
        }
    }

    /// The model's feature count, when known.
    pub fn feature_dim(&self) -> Option<usize> {
        self.props().feature_dim
    }

    /// The production variant's name (the `VariantName` dimension of SageMaker's metrics).
    pub fn variant_name(&self) -> &str {
        self.props().variant()
    }

    /// The logical id of the `AWS::SageMaker::Endpoint` when the stack creates it (alarms may
    /// depend on it); `None` for an existing endpoint.
    pub fn endpoint_logical_id(&self) -> Option<LogicalId> {
        match self.props().source() {
            Some(Source::Created { .. }) => Some(endpoint_id(self.scope())),
            _ => None,
        }
    }

    /// Lets `role` call `sagemaker:InvokeEndpoint` on this endpoint only.
    pub fn grant_invoke(&self, scope: &Scope, role: &LogicalId, ctx: &mut SynthContext) {
        ctx.grant(
            scope,
            role,
            Statement::allow(["sagemaker:InvokeEndpoint"])
                .sid(self.scope().logical_id("Invoke").as_str())
                .on(self.arn()),
        );
    }
}
