//! AWS SDK integrations (`arn:aws:states:::aws-sdk:dynamodb:putItem`): one
//! typed task per operation, with IAM derived from `models/iam`.

use crate::{Error, Extension, ServiceContext, render::Renderer};

/// The SDK tasks of one service.
pub fn generate(
    _service: &ServiceContext<'_>,
    _renderer: &Renderer,
) -> Result<Option<Extension>, Error> {
    Ok(None)
}
