//! Parameter schemas for the `sfn-tasks lint` command: every operation's
//! input members, their types, required-ness and enum values, as static data.
//!
//! The output is one flat table of shapes per service, indexed by position,
//! so recursive shapes need no boxing and the data stays a few static slices
//! (`crate::cli::schema` defines the element types). Optimized integrations
//! get a synthetic input structure each: the operation's input with the
//! curated overrides of `models/integrations/<module>.toml` applied, and
//! their IAM grants as lowered by [`crate::optimized`].

use std::collections::BTreeMap;

use crate::botocore::{ServiceModel, Shape};
use crate::ir::schema::{MemberIr, OperationIr, OptimizedIr, SchemaIr, ShapeIr};
use crate::naming::{lower_first, wire_name};
use crate::{Error, ServiceContext};

/// Builds the shape table of one service.
pub(crate) struct Table<'a> {
    model: &'a ServiceModel,
    index: BTreeMap<String, usize>,
    pub(crate) shapes: Vec<ShapeIr>,
}

impl<'a> Table<'a> {
    pub(crate) fn new(model: &'a ServiceModel) -> Self {
        Table {
            model,
            index: BTreeMap::new(),
            shapes: Vec::new(),
        }
    }

    /// The index of a botocore shape, adding it (and what it reaches) first.
    pub(crate) fn shape(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let at = self.shapes.len();
        self.index.insert(name.to_owned(), at);
        // Reserve the slot before recursing, so cycles find it.
        self.shapes.push(leaf("Document", name));
        let entry = match self.model.shapes.get(name) {
            None => leaf("Document", name),
            Some(Shape::Structure(s)) if s.document => leaf("Document", name),
            Some(Shape::Structure(s)) => {
                let members = s
                    .members
                    .iter()
                    .map(|(member, target)| MemberIr {
                        wire: wire_name(member),
                        shape: self.shape(&target.shape),
                        required: !s.union && s.required.iter().any(|r| r == member),
                    })
                    .collect();
                ShapeIr {
                    members,
                    ..leaf(if s.union { "Union" } else { "Structure" }, name)
                }
            }
            Some(Shape::List(l)) => ShapeIr {
                target: self.shape(&l.member.shape),
                min: l.min.clone(),
                max: l.max.clone(),
                ..leaf("List", name)
            },
            Some(Shape::Map(m)) => ShapeIr {
                target: self.shape(&m.value.shape),
                min: m.min.clone(),
                max: m.max.clone(),
                ..leaf("Map", name)
            },
            Some(Shape::String(s)) => {
                let (kind, values) = match &s.values {
                    Some(values) => ("Enum", values.clone()),
                    None => ("String", Vec::new()),
                };
                ShapeIr {
                    values,
                    pattern: s.pattern.clone(),
                    min: s.min.clone(),
                    max: s.max.clone(),
                    ..leaf(kind, name)
                }
            }
            Some(Shape::Integer(s)) => bounded("Integer", name, s),
            Some(Shape::Long(s)) => bounded("Long", name, s),
            Some(Shape::Float(s)) => bounded("Float", name, s),
            Some(Shape::Double(s)) => bounded("Double", name, s),
            Some(Shape::Boolean(_)) => leaf("Boolean", name),
            Some(Shape::Timestamp(_)) => leaf("Timestamp", name),
            Some(Shape::Blob(s)) => bounded("Blob", name, s),
        };
        self.shapes[at] = entry;
        at
    }

    /// A shape that accepts any JSON (a task input passed through as is).
    fn any(&mut self) -> usize {
        if let Some(&i) = self.index.get("") {
            return i;
        }
        self.shapes.push(leaf("Any", ""));
        self.index.insert(String::new(), self.shapes.len() - 1);
        self.shapes.len() - 1
    }
}

fn leaf(kind: &'static str, name: &str) -> ShapeIr {
    ShapeIr {
        kind,
        name: name.to_owned(),
        values: Vec::new(),
        members: Vec::new(),
        target: 0,
        pattern: None,
        min: None,
        max: None,
    }
}

fn bounded(kind: &'static str, name: &str, scalar: &crate::botocore::Scalar) -> ShapeIr {
    ShapeIr {
        min: scalar.min.clone(),
        max: scalar.max.clone(),
        ..leaf(kind, name)
    }
}

/// The linter's schema of one service, when the tree has the SDK data (the
/// codegen tests' fixture trees have none: no linter there).
pub fn lower(service: &ServiceContext<'_>) -> Result<Option<SchemaIr>, Error> {
    let Some(sdk) = service.sdk else {
        return Ok(None);
    };
    let model = service.model;
    let mut table = Table::new(model);

    let mut operations: Vec<OperationIr> = model
        .operations
        .values()
        .map(|op| OperationIr {
            action: lower_first(&op.name),
            input: op
                .input
                .as_ref()
                .map(|i| i.shape.clone())
                .map(|s| table.shape(&s)),
            excluded: sdk
                .excluded(service.key, &op.name)
                .map(|e| e.reason.clone()),
        })
        .collect();
    // The runtime looks actions up by binary search.
    operations.sort_by(|a, b| a.action.cmp(&b.action));

    let optimized = optimized(service, &mut table)?;
    let mut optimized_services: Vec<String> = optimized.iter().map(|o| o.service.clone()).collect();
    optimized_services.dedup();
    Ok(Some(SchemaIr {
        sdk_service: service.entry.sdk_name.clone(),
        optimized_services,
        shapes: table.shapes,
        operations,
        optimized,
    }))
}

/// The optimized integrations of the service, from the curated data the
/// typed tasks are generated from, so the linter and the tasks cannot
/// disagree.
fn optimized(
    service: &ServiceContext<'_>,
    table: &mut Table<'_>,
) -> Result<Vec<OptimizedIr>, Error> {
    let Some(crate::optimized::Curated { manifest, lowered }) = service.optimized else {
        return Ok(Vec::new());
    };
    let model = service.model;
    let mut out = Vec::new();
    // `lower` keeps the manifest's order and fails unless every task lowers.
    for (spec, task) in manifest.tasks.values().zip(&lowered.tasks) {
        let mut members: Vec<MemberIr> = Vec::new();
        if let Some(Shape::Structure(s)) = spec.input_shape(model).and_then(|i| model.shapes.get(i))
        {
            for (member, target) in &s.members {
                members.push(MemberIr {
                    wire: wire_name(member),
                    shape: table.shape(&target.shape),
                    required: s.required.iter().any(|r| r == member),
                });
            }
        }
        for (member, o) in &spec.overrides {
            let wire = wire_name(member);
            let at = members.iter().position(|m| m.wire == wire);
            if o.remove {
                if let Some(at) = at {
                    members.remove(at);
                }
                continue;
            }
            let shape = if o.json {
                Some(table.any())
            } else {
                o.shape.as_deref().map(|s| table.shape(s))
            };
            match at {
                Some(at) => {
                    if let Some(shape) = shape {
                        members[at].shape = shape;
                    }
                    if let Some(r) = o.required {
                        members[at].required = r;
                    }
                }
                None => members.push(MemberIr {
                    wire,
                    shape: shape.unwrap_or_else(|| table.any()),
                    required: o.required.unwrap_or(false),
                }),
            }
        }
        let input = table.shapes.len();
        table.shapes.push(ShapeIr {
            members,
            ..leaf("Structure", "")
        });
        out.push(OptimizedIr {
            service: task.service.clone(),
            action: task.action.clone(),
            patterns: task.patterns.iter().map(|p| p.variant.clone()).collect(),
            input,
            task: task.name.clone(),
            pass_role: task.pass_role.is_some(),
            direct: task.direct.is_some(),
            authorized_by: spec.authorized_by.clone(),
        });
    }
    // The runtime looks them up by binary search.
    out.sort_by(|a, b| (&a.service, &a.action).cmp(&(&b.service, &b.action)));
    Ok(out)
}
