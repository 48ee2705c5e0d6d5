//! The compact model of one service: every operation's input shapes
//! (members, types, required-ness, enum values, patterns, lengths and
//! ranges; no documentation) and its IAM grants, as JSON. `regen` writes it
//! gzip-compressed under `generated/data/sdk/`; the crate embeds it and
//! decodes a service the first time a definition calls it.

use serde_json::{Map, Value, json};

use super::Entry;
use super::names::IamNaming;
use crate::botocore::ServiceModel;
use crate::error::Error;
use crate::iam::IamDatabase;
use crate::ir::schema::ShapeIr;
use crate::naming::lower_first;
use crate::registry::IamActionsRule;
use crate::schema::Table;
use crate::sdk::{SdkData, Target, operation_grants};

/// Version of the format; the runtime refuses others.
pub const FORMAT: u64 = 1;

/// Figures of one service's data.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub operations: usize,
    /// Operations whose actions the IAM data does not list yet.
    pub unchecked: usize,
    /// Operations IAM authorises with no action.
    pub no_action: usize,
    /// Operations of services without IAM data.
    pub no_data: usize,
}

/// The compact model of `model`, or every problem found.
pub fn service(
    entry: &Entry,
    model: &ServiceModel,
    iam: &IamDatabase,
    sdk: &SdkData,
) -> Result<(Value, Figures), Vec<Error>> {
    let mut table = Table::new(model);
    let mut problems = Vec::new();
    let mut figures = Figures::default();
    let mut operations: Vec<(String, Value)> = Vec::new();
    // By key: botocore's `name` can carry the API version
    // (CloudFront's `AssociateAlias2020_05_31`), the key and the SDK do not.
    for (name, op) in &model.operations {
        let input = op.input.as_ref().map(|i| table.shape(&i.shape));
        let (status, grants) = match op_grants(entry, model, iam, sdk, name) {
            Ok(pair) => pair,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        match status {
            "unchecked" => figures.unchecked += 1,
            "none" => figures.no_action += 1,
            "no-data" => figures.no_data += 1,
            _ => {}
        }
        let mut object = Map::new();
        object.insert("action".into(), json!(lower_first(name)));
        object.insert("input".into(), json!(input));
        object.insert("iam".into(), json!(status));
        if let Some(excluded) = sdk.excluded(&entry.key, name) {
            object.insert("excluded".into(), json!(excluded.reason));
        }
        object.insert("grants".into(), grants);
        operations.push((lower_first(name), Value::Object(object)));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    figures.operations = operations.len();
    // The runtime finds actions by binary search.
    operations.sort_by(|a, b| a.0.cmp(&b.0));
    let value = json!({
        "format": FORMAT,
        "sdk_name": entry.sdk_name,
        "service": entry.key,
        "name": entry.full_name,
        "iam_prefix": entry.iam_prefix(),
        "shapes": table.shapes.iter().map(shape).collect::<Vec<_>>(),
        "operations": operations.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
    });
    Ok((value, figures))
}

/// One shape, short keys and empty fields left out: `k` kind, `m` members
/// (`[key, shape, required]`), `e` element or value shape, `v` enum values,
/// `p` pattern, `min`/`max` bounds.
fn shape(s: &ShapeIr) -> Value {
    let mut object = Map::new();
    object.insert("k".into(), json!(s.kind));
    if !s.members.is_empty() {
        let members: Vec<Value> = s
            .members
            .iter()
            .map(|m| json!([m.wire, m.shape, m.required]))
            .collect();
        object.insert("m".into(), Value::Array(members));
    }
    if matches!(s.kind, "List" | "Map") {
        object.insert("e".into(), json!(s.target));
    }
    if !s.values.is_empty() {
        object.insert("v".into(), json!(s.values));
    }
    if let Some(p) = &s.pattern {
        object.insert("p".into(), json!(p));
    }
    if let Some(min) = &s.min {
        object.insert("min".into(), Value::Number(min.clone()));
    }
    if let Some(max) = &s.max {
        object.insert("max".into(), Value::Number(max.clone()));
    }
    Value::Object(object)
}

/// The IAM status and grants of one operation.
fn op_grants(
    entry: &Entry,
    model: &ServiceModel,
    iam: &IamDatabase,
    sdk: &SdkData,
    operation: &str,
) -> Result<(&'static str, Value), Error> {
    match &entry.iam {
        IamNaming::NoIam => return Ok(("none", json!([]))),
        IamNaming::NoData => return Ok(("no-data", json!([]))),
        IamNaming::Prefix(_) => {}
    }
    let curated = |e: crate::iam::IamError| Error::Curated {
        file: "models/iam/operation-actions.toml".into(),
        message: e.to_string(),
    };
    let status = if entry.iam_actions == Some(IamActionsRule::HttpMethod) {
        "checked"
    } else {
        let actions = iam
            .actions_for_operation(&entry.key, operation)
            .map_err(curated)?;
        if actions.is_empty() {
            return Ok(("none", json!([])));
        }
        if actions.iter().all(|a| a.in_database) {
            "checked"
        } else {
            "unchecked"
        }
    };
    let target = Target {
        key: &entry.key,
        model,
        catalog: true,
        iam_actions: entry.iam_actions,
    };
    let grants = operation_grants(&target, sdk, iam, operation)?;
    let value = serde_json::to_value(&grants).map_err(|e| Error::Curated {
        file: entry.model_file.clone(),
        message: format!("{operation}: {e}"),
    })?;
    Ok((status, value))
}

/// `value` as deterministic gzip: no name, no time stamp, best compression.
pub fn gzip(value: &Value) -> Vec<u8> {
    use std::io::Write;
    let text = value.to_string();
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(text.as_bytes());
    encoder.finish().unwrap_or_default()
}
