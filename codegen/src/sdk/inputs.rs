//! The members of an operation's input as the SDK grants see them: the
//! top-level ones the ARN bindings use, and the string members at any depth
//! that may hand a role over.

use crate::botocore::{ServiceModel, Shape, StructureShape};
use crate::naming::wire_name;

/// Recursive shapes (Glue's visual job nodes, SageMaker's pipelines) are cut
/// here; no role member of the vendored models is deeper than 8.
const MAX_DEPTH: usize = 12;

/// The input structure of an operation, if it has one.
pub(super) fn input_shape<'m>(
    model: &'m ServiceModel,
    operation: &str,
) -> Option<&'m StructureShape> {
    let input = model.operations.get(operation)?.input.as_ref()?;
    match model.shapes.get(input.shape.as_str())? {
        Shape::Structure(s) => Some(s),
        _ => None,
    }
}

/// The top-level members an ARN binding can read.
#[derive(Debug, Default)]
pub(super) struct TopLevel {
    /// Plain and enum string members, by botocore name.
    pub strings: Vec<String>,
    /// Map members and the name of their key shape (`RequestItems`,
    /// `TableArn`).
    pub maps: Vec<(String, String)>,
}

impl TopLevel {
    pub(super) fn of(model: &ServiceModel, operation: &str) -> Self {
        let mut out = TopLevel::default();
        let Some(s) = input_shape(model, operation) else {
            return out;
        };
        for (name, r) in &s.members {
            match model.shapes.get(r.shape.as_str()) {
                Some(Shape::String(_)) => out.strings.push(name.clone()),
                Some(Shape::Map(m)) => out.maps.push((name.clone(), m.key.shape.clone())),
                _ => {}
            }
        }
        out
    }
}

/// A string member somewhere in an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Leaf {
    /// Botocore member names from the input down; `*` for a list element
    /// or a map value.
    pub path: Vec<String>,
    /// The same as a JSON pointer into the task's parameters (ASL names).
    pub pointer: String,
}

impl Leaf {
    /// Whether the path ends with `spec` (`roleArn`,
    /// `managedEBSVolume/roleArn`), compared segment by segment.
    pub(super) fn ends_with(&self, spec: &str) -> bool {
        let wanted: Vec<&str> = spec.split('/').collect();
        wanted.len() <= self.path.len()
            && self.path[self.path.len() - wanted.len()..]
                .iter()
                .zip(&wanted)
                .all(|(have, want)| have == want)
    }
}

/// Every non-enum string member of the input at any depth for which `keep`
/// (given the member name) holds, in model order.
pub(super) fn string_leaves(
    model: &ServiceModel,
    operation: &str,
    keep: &dyn Fn(&str) -> bool,
) -> Vec<Leaf> {
    let mut out = Vec::new();
    if let Some(input) = model
        .operations
        .get(operation)
        .and_then(|op| op.input.as_ref())
    {
        let mut stack = Vec::new();
        walk(
            model,
            &input.shape,
            &mut Vec::new(),
            &mut stack,
            keep,
            &mut out,
        );
    }
    out
}

fn walk<'m>(
    model: &'m ServiceModel,
    shape: &'m str,
    path: &mut Vec<String>,
    structures: &mut Vec<&'m str>,
    keep: &dyn Fn(&str) -> bool,
    out: &mut Vec<Leaf>,
) {
    if path.len() > MAX_DEPTH {
        return;
    }
    match model.shapes.get(shape) {
        Some(Shape::Structure(s)) if !s.document => {
            if structures.contains(&shape) {
                return;
            }
            structures.push(shape);
            for (name, r) in &s.members {
                path.push(name.clone());
                walk(model, &r.shape, path, structures, keep, out);
                path.pop();
            }
            structures.pop();
        }
        Some(Shape::List(l)) => {
            path.push("*".to_owned());
            walk(model, &l.member.shape, path, structures, keep, out);
            path.pop();
        }
        Some(Shape::Map(m)) => {
            path.push("*".to_owned());
            walk(model, &m.value.shape, path, structures, keep, out);
            path.pop();
        }
        Some(Shape::String(st)) if st.values.is_none() => {
            if let Some(name) = path.last().filter(|n| *n != "*")
                && keep(name)
            {
                out.push(Leaf {
                    pointer: pointer_of(path),
                    path: path.clone(),
                });
            }
        }
        _ => {}
    }
}

/// `["overrides", "taskRoleArn"]` → `/Overrides/TaskRoleArn`.
pub(super) fn pointer_of(path: &[String]) -> String {
    path.iter()
        .map(|segment| {
            if segment == "*" {
                "/*".to_owned()
            } else {
                format!("/{}", wire_name(segment))
            }
        })
        .collect()
}

/// A map key as a JSON pointer segment (RFC 6901 escapes).
pub(super) fn escape_key(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// What a curated pointer reaches in an input.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    String,
    Map,
    Other,
}

/// Follows a JSON pointer of ASL names (`*` for every list element, map
/// value or structure member) through the input of `operation`. A `*` over
/// a structure must lead on through at least one member; the target is
/// what the first such member reaches.
pub(super) fn follow(
    model: &ServiceModel,
    operation: &str,
    pointer: &str,
) -> Result<Target, String> {
    let Some(input) = model
        .operations
        .get(operation)
        .and_then(|op| op.input.as_ref())
    else {
        return Err(format!("{operation} has no input"));
    };
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    follow_from(model, &input.shape, &segments, 0)
}

fn follow_from(
    model: &ServiceModel,
    shape: &str,
    segments: &[&str],
    depth: usize,
) -> Result<Target, String> {
    let Some((segment, rest)) = segments.split_first() else {
        return Ok(match model.shapes.get(shape) {
            Some(Shape::String(_)) => Target::String,
            Some(Shape::Map(_)) => Target::Map,
            _ => Target::Other,
        });
    };
    if depth > MAX_DEPTH {
        return Err("too deep".to_owned());
    }
    match model.shapes.get(shape) {
        Some(Shape::Structure(s)) if *segment == "*" => {
            let mut last = format!("no member of {shape} leads on");
            for r in s.members.values() {
                match follow_from(model, &r.shape, rest, depth + 1) {
                    Ok(target) => return Ok(target),
                    Err(e) => last = e,
                }
            }
            Err(last)
        }
        Some(Shape::Structure(s)) => {
            let next = s
                .members
                .iter()
                .find(|(name, _)| wire_name(name) == *segment)
                .map(|(_, r)| r.shape.as_str())
                .ok_or_else(|| format!("`{segment}` is not a member of {shape}"))?;
            follow_from(model, next, rest, depth + 1)
        }
        Some(Shape::List(l)) if *segment == "*" => {
            follow_from(model, &l.member.shape, rest, depth + 1)
        }
        Some(Shape::Map(m)) => follow_from(model, &m.value.shape, rest, depth + 1),
        _ => Err(format!(
            "`{segment}` goes below {shape}, which has no members"
        )),
    }
}
