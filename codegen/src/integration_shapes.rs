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

use crate::botocore::{self, ServiceModel, Shape, ShapeRef};
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
    let at = |pointer: String, message: String| Error::Model {
        file: relative.clone(),
        location: ModelLocation::Pointer(pointer),
        message,
    };
    for (name, shape) in &shapes {
        let base = format!("/shapes/{}", escape(name));
        if model.shapes.contains_key(name) {
            errors.push(at(
                base.clone(),
                format!("the service model already has a shape `{name}`; choose another name"),
            ));
        }
        let known =
            |r: &ShapeRef| shapes.contains_key(&r.shape) || model.shapes.contains_key(&r.shape);
        let mut refs: Vec<(String, &ShapeRef)> = Vec::new();
        match shape {
            Shape::Structure(s) => {
                refs.extend(
                    s.members
                        .iter()
                        .map(|(m, r)| (format!("{base}/members/{}/shape", escape(m)), r)),
                );
                for (i, required) in s.required.iter().enumerate() {
                    if !s.members.contains_key(required) {
                        errors.push(at(
                            format!("{base}/required/{i}"),
                            format!("required member `{required}` is not a member"),
                        ));
                    }
                }
            }
            Shape::List(l) => refs.push((format!("{base}/member/shape"), &l.member)),
            Shape::Map(m) => {
                refs.push((format!("{base}/key/shape"), &m.key));
                refs.push((format!("{base}/value/shape"), &m.value));
            }
            _ => {}
        }
        for (pointer, r) in refs {
            if !known(r) {
                errors.push(at(pointer, format!("unknown shape `{}`", r.shape)));
            }
        }
    }
    Error::collect(errors)?;
    let names: Vec<String> = shapes.keys().cloned().collect();
    model.shapes.extend(shapes);
    Ok(names)
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
