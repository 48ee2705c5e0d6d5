//! Optimized integrations (`arn:aws:states:::dynamodb:putItem`): curated data
//! in `models/integrations/` → typed tasks per service.

use crate::{Error, Extension, ServiceContext, render::Renderer};

/// The optimized tasks of one service, if it has any.
pub fn generate(
    _service: &ServiceContext<'_>,
    _renderer: &Renderer,
) -> Result<Option<Extension>, Error> {
    Ok(None)
}
