//! The SageMaker runtime client: one `InvokeEndpoint` call per body, bounded by the deadline.

use aws_sdk_sagemakerruntime::config::http::HttpResponse;
use aws_sdk_sagemakerruntime::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_sagemakerruntime::operation::invoke_endpoint::InvokeEndpointError;
use aws_sdk_sagemakerruntime::primitives::Blob;
use contract::ContentType;

use super::{Endpoint, InvokeError};
use crate::deadline::Deadline;

/// A SageMaker endpoint reached through `aws-sdk-sagemakerruntime`.
#[derive(Debug, Clone)]
pub struct SageMakerEndpoint {
    client: aws_sdk_sagemakerruntime::Client,
    name: String,
}

impl SageMakerEndpoint {
    /// The endpoint `name`, called through `client`.
    pub fn new(client: aws_sdk_sagemakerruntime::Client, name: impl Into<String>) -> Self {
        Self {
            client,
            name: name.into(),
        }
    }
}

impl Endpoint for SageMakerEndpoint {
    fn name(&self) -> &str {
        &self.name
    }

    async fn invoke(
        &self,
        body: Vec<u8>,
        content_type: ContentType,
        deadline: Deadline,
    ) -> Result<Vec<u8>, InvokeError> {
        let Some(timeouts) = deadline.timeouts() else {
            return Err(InvokeError::Failed(
                "no time is left before the invocation's deadline".into(),
            ));
        };
        let overrides = aws_sdk_sagemakerruntime::config::Builder::default()
            .timeout_config(timeouts)
            .retry_config(Deadline::retries());
        let output = self
            .client
            .invoke_endpoint()
            .endpoint_name(&self.name)
            .content_type(content_type.mime())
            .accept("application/json")
            .body(Blob::new(body))
            .customize()
            .config_override(overrides)
            .send()
            .await
            .map_err(classify)?;
        Ok(output.body.map(Blob::into_inner).unwrap_or_default())
    }
}

/// A model error (the container answered 4xx) is the rows' fault; everything else —
/// throttling, 5xx, timeouts, a missing endpoint, denied access — fails the invocation.
fn classify(err: SdkError<InvokeEndpointError, HttpResponse>) -> InvokeError {
    if let SdkError::ServiceError(service) = &err {
        if let InvokeEndpointError::ModelError(model) = service.err() {
            let original = model.original_status_code().unwrap_or(400);
            if (400..500).contains(&original) {
                let message = model
                    .original_message()
                    .or(model.message())
                    .unwrap_or("no message")
                    .to_owned();
                return InvokeError::Rejected(format!("model error {original}: {message}"));
            }
        }
        let status = service.raw().status().as_u16();
        let code = service.err().code().unwrap_or("unknown error");
        let message = service.err().message().unwrap_or("no message");
        return InvokeError::Failed(format!("HTTP {status} {code}: {message}"));
    }
    if let SdkError::TimeoutError(_) = &err {
        return InvokeError::Failed("timed out after the retries the deadline allows".into());
    }
    InvokeError::Failed(DisplayErrorContext(&err).to_string())
}
