//! Step Functions' own parameter shapes: the inputs of optimized
//! integrations that are not an AWS API's input (API Gateway's
//! `apigateway:invoke`, EKS's `eks:call` and `eks:runJob` send an HTTP or
//! Kubernetes request that Step Functions builds from its own parameters).
//!
//! They live next to the service's curated integrations, in
//! `models/integrations/<module>.shapes.json`, in botocore's shape format,
//! and are merged into the service's model before lowering, so the typed
//! tasks, their input types and the linter's tables come from the same
//! pipeline as every botocore shape. No operation refers to them, so they
//! add no SDK task; a task names one with `input` instead of `operation`.

use std::path::{Path, PathBuf};

use crate::botocore::{self, ServiceModel};
use crate::error::{Error, ModelLocation};

/// The shapes file of a service module.
pub fn path(module: &str) -> PathBuf {
    Path::new("models/integrations").join(format!("{module}.shapes.json"))
}

/// Reads the module's shapes file, when it has one, and adds its shapes to
/// `model`. Returns their names (the lowering's extra roots). A name the
/// model already has, or a reference to a shape neither defines, is an
/// error located in the shapes file.
pub fn merge(root: &Path, module: &str, model: &mut ServiceModel) -> Result<Vec<String>, Error> {
    let relative = path(module);
    let file = root.join(&relative);
    if !file.exists() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
        path: relative.clone(),
        source,
    })?;
    let shapes = botocore::parse_shapes(&relative, &text)?;
    let mut errors = Vec::new();
    for name in shapes.keys().filter(|n| model.shapes.contains_key(*n)) {
        errors.push(Error::Model {
            file: relative.clone(),
            location: ModelLocation::Pointer(format!("/shapes/{}", botocore::escape(name))),
            message: format!("the service model already has a shape `{name}`; choose another name"),
        });
    }
    let (unknown, required) = botocore::shape_reference_errors(&relative, &shapes, |s| {
        shapes.contains_key(s) || model.shapes.contains_key(s)
    });
    errors.extend(unknown);
    errors.extend(required);
    Error::collect(errors)?;
    let names: Vec<String> = shapes.keys().cloned().collect();
    model.shapes.extend(shapes);
    Ok(names)
}
