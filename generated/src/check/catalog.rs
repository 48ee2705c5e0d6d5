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
    // The text is kept for the process, so the tables borrow its strings
    // instead of copying each one.
    let decoded = crate::runtime::sdk_models::text(sdk_name)
        .ok()
        .flatten()
        .and_then(|text| decode(leak_str(&text)))
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

/// The compact format (see [`crate::runtime::sdk_models`]), read straight
/// into the tables: no intermediate JSON tree.
mod raw {
    use std::borrow::Cow;

    use serde::Deserialize;
    use serde::de::IgnoredAny;

    #[derive(Deserialize)]
    pub(super) struct Model<'a> {
        pub(super) format: u64,
        #[serde(borrow)]
        pub(super) sdk_name: Cow<'a, str>,
        #[serde(borrow)]
        pub(super) service: Cow<'a, str>,
        #[serde(borrow)]
        pub(super) shapes: Vec<Shape<'a>>,
        #[serde(borrow)]
        pub(super) operations: Vec<Operation<'a>>,
    }

    #[derive(Deserialize)]
    pub(super) struct Shape<'a> {
        #[serde(borrow)]
        pub(super) k: Cow<'a, str>,
        #[serde(default, borrow)]
        pub(super) m: Vec<(Cow<'a, str>, u32, bool)>,
        #[serde(default)]
        pub(super) e: Option<u32>,
        #[serde(default, borrow)]
        pub(super) v: Vec<Cow<'a, str>>,
    }

    #[derive(Deserialize)]
    pub(super) struct Operation<'a> {
        #[serde(borrow)]
        pub(super) action: Cow<'a, str>,
        pub(super) input: Option<u32>,
        #[serde(borrow)]
        pub(super) iam: Cow<'a, str>,
        #[serde(default, borrow)]
        pub(super) excluded: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub(super) grants: Vec<Grant<'a>>,
    }

    #[derive(Deserialize)]
    pub(super) struct Grant<'a> {
        pub(super) patterns: Vec<IgnoredAny>,
        #[serde(borrow)]
        pub(super) actions: Vec<Cow<'a, str>>,
        #[serde(borrow)]
        pub(super) resources: Vec<Resource<'a>>,
        #[serde(borrow)]
        pub(super) when: Vec<Cow<'a, str>>,
        #[serde(borrow)]
        pub(super) conditions: Vec<(Cow<'a, str>, Cow<'a, str>, Cow<'a, str>)>,
    }

    #[derive(Deserialize)]
    pub(super) struct Resource<'a> {
        #[serde(borrow)]
        pub(super) arn: Cow<'a, str>,
        #[serde(borrow)]
        pub(super) bindings: Vec<Binding<'a>>,
    }

    #[derive(Deserialize)]
    pub(super) struct Binding<'a> {
        #[serde(borrow)]
        pub(super) variable: Cow<'a, str>,
        #[serde(borrow)]
        pub(super) pointer: Cow<'a, str>,
        #[serde(borrow)]
        pub(super) extract: Cow<'a, str>,
        #[serde(default, borrow)]
        pub(super) default: Option<Cow<'a, str>>,
    }
}

/// A borrowed string as it is, an unescaped one leaked.
fn keep(s: std::borrow::Cow<'static, str>) -> &'static str {
    match s {
        std::borrow::Cow::Borrowed(s) => s,
        std::borrow::Cow::Owned(s) => Box::leak(s.into_boxed_str()),
    }
}

fn decode(text: &'static str) -> Option<(ServiceSchema, BTreeMap<&'static str, &'static str>)> {
    let model: raw::Model<'static> = serde_json::from_str(text).ok()?;
    if model.format != crate::runtime::sdk_models::FORMAT {
        return None;
    }
    let shapes: Vec<Shape> = model.shapes.into_iter().map(shape).collect::<Option<_>>()?;
    let mut operations = Vec::with_capacity(model.operations.len());
    let mut grants = Vec::with_capacity(model.operations.len());
    let mut status = BTreeMap::new();
    for op in model.operations {
        let action = keep(op.action);
        if op.iam != "checked" {
            status.insert(action, keep(op.iam));
        }
        operations.push(Operation {
            action,
            input: op.input,
            excluded: op.excluded.map(keep),
        });
        let list: Vec<Grant> = op.grants.into_iter().map(grant).collect::<Option<_>>()?;
        grants.push((action, leak(list)));
    }
    let schema = ServiceSchema {
        module: keep(model.service),
        sdk_service: keep(model.sdk_name),
        optimized_services: &[],
        shapes: leak(shapes),
        operations: leak(operations),
        optimized: &[],
        grants: leak(grants),
    };
    Some((schema, status))
}

fn shape(v: raw::Shape<'static>) -> Option<Shape> {
    let members = |m: Vec<(std::borrow::Cow<'static, str>, u32, bool)>| -> &'static [Member] {
        leak(
            m.into_iter()
                .map(|(name, shape, required)| Member {
                    name: keep(name),
                    shape,
                    required,
                })
                .collect(),
        )
    };
    Some(match v.k.as_ref() {
        "Structure" => Shape::Structure(members(v.m)),
        "Union" => Shape::Union(members(v.m)),
        "List" => Shape::List(v.e?),
        "Map" => Shape::Map(v.e?),
        "Enum" => Shape::Enum(leak(v.v.into_iter().map(keep).collect())),
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

fn strings(v: Vec<std::borrow::Cow<'static, str>>) -> &'static [&'static str] {
    leak(v.into_iter().map(keep).collect())
}

fn grant(v: raw::Grant<'static>) -> Option<Grant> {
    if !v.patterns.is_empty() {
        return None; // SDK calls have no per-pattern grants.
    }
    let resources: Vec<ResourceTemplate> = v
        .resources
        .into_iter()
        .map(|r| {
            let bindings: Vec<Binding> = r
                .bindings
                .into_iter()
                .map(|b| {
                    Some(Binding {
                        variable: keep(b.variable),
                        pointer: keep(b.pointer),
                        extract: extract(&b.extract)?,
                        default: b.default.map(keep),
                    })
                })
                .collect::<Option<_>>()?;
            Some(ResourceTemplate {
                arn: keep(r.arn),
                bindings: leak(bindings),
            })
        })
        .collect::<Option<_>>()?;
    let conditions: Vec<(&'static str, &'static str, &'static str)> = v
        .conditions
        .into_iter()
        .map(|(a, b, c)| (keep(a), keep(b), keep(c)))
        .collect();
    Some(Grant {
        patterns: &[],
        actions: strings(v.actions),
        resources: leak(resources),
        when: strings(v.when),
        conditions: leak(conditions),
        // SDK calls condition on nothing from their parameters.
        bound_conditions: &[],
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
        "HostFirstLabel" => Extract::HostFirstLabel,
        "RelativePath" => Extract::RelativePath,
        "ArnNameSegment" => Extract::ArnNameSegment,
        "HostRegion" => Extract::HostRegion,
        "StateMachineName" => Extract::StateMachineName,
        _ => return None,
    })
}
