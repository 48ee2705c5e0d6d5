//! The per-service summary for the services the crate does not type: what
//! their compact models (lint and policy data) gain or lose. Operations
//! added and removed are named; an operation whose input changed (members,
//! types, required-ness, enum values, patterns, lengths or ranges, at any
//! depth) is named too, without the parameter-level detail the typed
//! services get.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::load::LoadedService;
use crate::botocore::{ServiceModel, Shape, ShapeRef};

/// What changed in one catalogued service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogChange {
    /// API version before; absent for a service the new release added.
    pub old_api_version: Option<String>,
    /// API version after; absent for a service the new release dropped.
    pub new_api_version: Option<String>,
    /// Operations added, by name.
    pub operations_added: Vec<String>,
    /// Operations removed, by name.
    pub operations_removed: Vec<String>,
    /// Operations whose input changed, by name.
    pub inputs_changed: Vec<String>,
}

/// Every catalogued service that differs between `old` and `new`, by
/// botocore key, except those `skip` names.
pub fn compare(
    old: &BTreeMap<String, LoadedService>,
    new: &BTreeMap<String, LoadedService>,
    skip: impl Fn(&str) -> bool,
) -> BTreeMap<String, CatalogChange> {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).filter(|k| !skip(k)).collect();
    let mut out = BTreeMap::new();
    for key in keys {
        let (before, after) = (old.get(key), new.get(key));
        let ops = |s: Option<&LoadedService>| -> BTreeMap<String, String> {
            s.map(|s| {
                s.model
                    .operations
                    .keys()
                    .map(|op| (op.clone(), input_signature(&s.model, op)))
                    .collect()
            })
            .unwrap_or_default()
        };
        let (was, is) = (ops(before), ops(after));
        let change = CatalogChange {
            old_api_version: before.map(|s| s.api_version.clone()),
            new_api_version: after.map(|s| s.api_version.clone()),
            operations_added: is
                .keys()
                .filter(|k| !was.contains_key(*k))
                .cloned()
                .collect(),
            operations_removed: was
                .keys()
                .filter(|k| !is.contains_key(*k))
                .cloned()
                .collect(),
            inputs_changed: was
                .iter()
                .filter(|(k, sig)| is.get(*k).is_some_and(|new| new != *sig))
                .map(|(k, _)| k.clone())
                .collect(),
        };
        let unchanged = change.old_api_version == change.new_api_version
            && change.operations_added.is_empty()
            && change.operations_removed.is_empty()
            && change.inputs_changed.is_empty();
        if !unchanged {
            out.insert(key.clone(), change);
        }
    }
    out
}

/// A canonical text of everything lint checks in `operation`'s input: each
/// reachable shape once, by name, with its kind, members and constraints.
fn input_signature(model: &ServiceModel, operation: &str) -> String {
    let Some(input) = model.operations[operation].input.as_ref() else {
        return String::new();
    };
    let mut seen = BTreeSet::new();
    let mut queue = vec![input.shape.clone()];
    let mut out = String::new();
    while let Some(name) = queue.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(shape) = model.shapes.get(&name) else {
            out.push_str(&format!("{name}:missing;"));
            continue;
        };
        let mut refer = |r: &ShapeRef| {
            queue.push(r.shape.clone());
            r.shape.clone()
        };
        let text = match shape {
            Shape::Structure(s) => {
                let members: Vec<String> = s
                    .members
                    .iter()
                    .map(|(m, r)| {
                        let required = s.required.contains(m);
                        format!("{m}={}{}", refer(r), if required { "!" } else { "" })
                    })
                    .collect();
                format!(
                    "structure(union={},document={}){}",
                    s.union,
                    s.document,
                    members.join(",")
                )
            }
            Shape::List(l) => format!("list<{}>[{:?},{:?}]", refer(&l.member), l.min, l.max),
            Shape::Map(m) => format!(
                "map<{},{}>[{:?},{:?}]",
                refer(&m.key),
                refer(&m.value),
                m.min,
                m.max
            ),
            Shape::String(s) => {
                format!(
                    "string{:?}/{:?}[{:?},{:?}]",
                    s.values, s.pattern, s.min, s.max
                )
            }
            Shape::Integer(s) => format!("integer[{:?},{:?}]", s.min, s.max),
            Shape::Long(s) => format!("long[{:?},{:?}]", s.min, s.max),
            Shape::Float(s) => format!("float[{:?},{:?}]", s.min, s.max),
            Shape::Double(s) => format!("double[{:?},{:?}]", s.min, s.max),
            Shape::Boolean(_) => "boolean".to_owned(),
            Shape::Timestamp(_) => "timestamp".to_owned(),
            Shape::Blob(s) => format!("blob[{:?},{:?}]", s.min, s.max),
        };
        out.push_str(&format!("{name}:{text};"));
    }
    out
}
