//! The linter's and the policy command's view of every catalogued service:
//! its compact model ([`crate::runtime::sdk_models`]) decoded into the same
//! [`ServiceSchema`] tables the typed services have, so one checker serves
//! both.
//!
//! The tables are `'static` because the typed services' are: a decoded
//! service is leaked once and kept for the process (a lint run touches a
//! handful of services; each costs well under a megabyte).

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use serde_json::Value;

use super::schema::{Member, Operation, ServiceSchema, Shape};
use crate::runtime::bind::{Binding, Extract, ResourceTemplate};
use crate::runtime::grant::Grant;

/// A decoded service: its schema and the IAM status of each operation
/// whose data is not complete (`unchecked`, `none`, `no-data`).
type Decoded = (&'static ServiceSchema, BTreeMap<&'static str, &'static str>);
type Cache = Mutex<BTreeMap<String, Option<&'static Decoded>>>;

/// The schema of the catalogued service `sdk_name`, decoded on first use.
/// `None` for a name no model has, or (never in a release build) damaged data.
pub(crate) fn schema(sdk_name: &str) -> Option<&'static ServiceSchema> {
    decoded(sdk_name).map(|d| d.0)
}

/// What the IAM data says about `sdk_name`'s `action` when it is not the
/// whole story: `unchecked` (the action is newer than the data), `none` (IAM
/// authorises the call with no action), `no-data` (nothing for the service).
#[cfg(feature = "cli")]
pub(crate) fn iam_status(sdk_name: &str, action: &str) -> Option<&'static str> {
    decoded(sdk_name)?.1.get(action).copied()
}

fn decoded(sdk_name: &str) -> Option<&'static Decoded> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(hit) = cache.get(sdk_name) {
        return *hit;
    }
    let decoded = crate::runtime::sdk_models::model(sdk_name)
        .ok()
        .flatten()
        .and_then(|v| decode(&v))
        .map(|(schema, status)| &*Box::leak(Box::new((&*Box::leak(Box::new(schema)), status))));
    cache.insert(sdk_name.to_owned(), decoded);
    decoded
}

/// Every catalogued SDK name, sorted.
pub(crate) fn names() -> impl Iterator<Item = &'static str> {
    crate::services::registry::CATALOG
        .iter()
        .map(|s| s.sdk_name)
}

fn leak_str(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

fn leak<T>(v: Vec<T>) -> &'static [T] {
    Box::leak(v.into_boxed_slice())
}

fn decode(v: &Value) -> Option<(ServiceSchema, BTreeMap<&'static str, &'static str>)> {
    let sdk_name = leak_str(v.get("sdk_name")?.as_str()?);
    let service = leak_str(v.get("service")?.as_str()?);
    let shapes: Vec<Shape> = v
        .get("shapes")?
        .as_array()?
        .iter()
        .map(shape)
        .collect::<Option<_>>()?;
    let mut operations = Vec::new();
    let mut grants = Vec::new();
    let mut status = BTreeMap::new();
    for op in v.get("operations")?.as_array()? {
        let action = leak_str(op.get("action")?.as_str()?);
        let input = match op.get("input")? {
            Value::Null => None,
            i => Some(u32::try_from(i.as_u64()?).ok()?),
        };
        let excluded = op.get("excluded").and_then(Value::as_str).map(leak_str);
        match op.get("iam")?.as_str()? {
            "checked" => {}
            other => {
                status.insert(action, leak_str(other));
            }
        }
        operations.push(Operation {
            action,
            input,
            excluded,
        });
        let list: Vec<Grant> = op
            .get("grants")?
            .as_array()?
            .iter()
            .map(grant)
            .collect::<Option<_>>()?;
        grants.push((action, leak(list)));
    }
    let schema = ServiceSchema {
        module: service,
        sdk_service: sdk_name,
        optimized_service: None,
        shapes: leak(shapes),
        operations: leak(operations),
        optimized: &[],
        grants: leak(grants),
    };
    Some((schema, status))
}

fn index(v: &Value) -> Option<u32> {
    u32::try_from(v.as_u64()?).ok()
}

fn shape(v: &Value) -> Option<Shape> {
    let members = || -> Option<&'static [Member]> {
        let list = match v.get("m") {
            None => Vec::new(),
            Some(m) => m
                .as_array()?
                .iter()
                .map(|m| {
                    Some(Member {
                        name: leak_str(m.get(0)?.as_str()?),
                        shape: index(m.get(1)?)?,
                        required: m.get(2)?.as_bool()?,
                    })
                })
                .collect::<Option<_>>()?,
        };
        Some(leak(list))
    };
    Some(match v.get("k")?.as_str()? {
        "Structure" => Shape::Structure(members()?),
        "Union" => Shape::Union(members()?),
        "List" => Shape::List(index(v.get("e")?)?),
        "Map" => Shape::Map(index(v.get("e")?)?),
        "Enum" => {
            let values: Vec<&'static str> = v
                .get("v")?
                .as_array()?
                .iter()
                .map(|s| s.as_str().map(leak_str))
                .collect::<Option<_>>()?;
            Shape::Enum(leak(values))
        }
        "String" => Shape::String,
        "Integer" => Shape::Integer,
        "Long" => Shape::Long,
        "Float" => Shape::Float,
        "Double" => Shape::Double,
        "Boolean" => Shape::Boolean,
        "Timestamp" => Shape::Timestamp,
        "Blob" => Shape::Blob,
        "Document" => Shape::Document,
        "Any" => Shape::Any,
        _ => return None,
    })
}

fn strings(v: &Value) -> Option<&'static [&'static str]> {
    let list: Vec<&'static str> = v
        .as_array()?
        .iter()
        .map(|s| s.as_str().map(leak_str))
        .collect::<Option<_>>()?;
    Some(leak(list))
}

fn grant(v: &Value) -> Option<Grant> {
    if !v.get("patterns")?.as_array()?.is_empty() {
        return None; // SDK calls have no per-pattern grants.
    }
    let resources: Vec<ResourceTemplate> = v
        .get("resources")?
        .as_array()?
        .iter()
        .map(|r| {
            let bindings: Vec<Binding> = r
                .get("bindings")?
                .as_array()?
                .iter()
                .map(|b| {
                    Some(Binding {
                        variable: leak_str(b.get("variable")?.as_str()?),
                        pointer: leak_str(b.get("pointer")?.as_str()?),
                        extract: extract(b.get("extract")?.as_str()?)?,
                    })
                })
                .collect::<Option<_>>()?;
            Some(ResourceTemplate {
                arn: leak_str(r.get("arn")?.as_str()?),
                bindings: leak(bindings),
            })
        })
        .collect::<Option<_>>()?;
    let conditions: Vec<(&'static str, &'static str, &'static str)> = v
        .get("conditions")?
        .as_array()?
        .iter()
        .map(|c| {
            Some((
                leak_str(c.get(0)?.as_str()?),
                leak_str(c.get(1)?.as_str()?),
                leak_str(c.get(2)?.as_str()?),
            ))
        })
        .collect::<Option<_>>()?;
    Some(Grant {
        patterns: &[],
        actions: strings(v.get("actions")?)?,
        resources: leak(resources),
        when: strings(v.get("when")?)?,
        conditions: leak(conditions),
    })
}

fn extract(name: &str) -> Option<Extract> {
    Some(match name {
        "Whole" => Extract::Whole,
        "ArnOrName" => Extract::ArnOrName,
        "UrlLastSegment" => Extract::UrlLastSegment,
        "WholeArn" => Extract::WholeArn,
        "Keys" => Extract::Keys,
        "FamilyOrRevision" => Extract::FamilyOrRevision,
        "IdPrefix" => Extract::IdPrefix,
        _ => return None,
    })
}
