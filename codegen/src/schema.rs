//! Parameter schemas for the `sfn-tasks lint` command: every operation's
//! input members, their types, required-ness and enum values, as static data.

use crate::{Error, Extension, ServiceContext, render::Renderer};

/// The schema module of one service.
pub fn generate(
    _service: &ServiceContext<'_>,
    _renderer: &Renderer,
) -> Result<Option<Extension>, Error> {
    Ok(None)
}
