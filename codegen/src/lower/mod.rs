//! Lowering: botocore model + curated data → [`ServiceIr`].
//!
//! Only shapes reachable from operation inputs become Rust types (the output
//! shapes are not needed to call an API, and SageMaker alone has thousands).

mod recursion;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::botocore::{ServiceModel, Shape, ShapeRef, escape};
use crate::error::{Error, ModelLocation};
use crate::ir::{
    EnumIr, EnumVariantIr, FieldIr, OperationIr, RustType, ServiceIr, Stored, StructIr, UnionIr,
};
use crate::naming::{NamingTable, wire_name};

/// Name of the enum variant that carries values newer than the model. A
/// model value that would take this name gets a `Value` suffix instead.
pub const ENUM_ESCAPE: &str = "Unmodeled";

/// Lowers one service. `roots` are shapes that become types although no
/// operation's input reaches them (Step Functions' own parameters, see
/// [`crate::integration_shapes`]).
pub fn lower_service(
    key: &str,
    module: &str,
    file: &Path,
    model: &ServiceModel,
    roots: &[String],
    naming: &NamingTable,
) -> Result<ServiceIr, Error> {
    link(file, model)?;
    let module = module.to_owned();

    let reachable = reachable_shapes(model, roots);
    let graph = direct_graph(model, &reachable);
    let components = recursion::components(&graph);
    let lowering = Lowering {
        model,
        naming,
        components: &components,
    };

    let mut structs = Vec::new();
    let mut unions = Vec::new();
    let mut enums = Vec::new();
    for name in &reachable {
        match &model.shapes[name.as_str()] {
            Shape::Structure(s) if s.document => {}
            Shape::Structure(s) if s.union => unions.push(UnionIr {
                name: naming.type_name(name),
                shape: name.clone(),
                doc: with_note(
                    doc_lines(s.documentation.as_deref()),
                    &format!("AWS shape `{name}`. Exactly one member is set."),
                ),
                variants: lowering.fields(name, s, true),
            }),
            Shape::Structure(s) => {
                let fields = lowering.fields(name, s, false);
                structs.push(StructIr {
                    name: naming.type_name(name),
                    shape: name.clone(),
                    doc: with_note(
                        doc_lines(s.documentation.as_deref()),
                        &format!("AWS shape `{name}`."),
                    ),
                    has_required: fields.iter().any(|f| f.required),
                    fields,
                })
            }
            Shape::String(s) => {
                if let Some(values) = &s.values {
                    enums.push(lowering.enumeration(name, values, s.documentation.as_deref()));
                }
            }
            _ => {}
        }
    }
    structs.sort_by(|a, b| a.name.cmp(&b.name));
    unions.sort_by(|a, b| a.name.cmp(&b.name));
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    check_unique_type_names(file, &structs, &unions, &enums)?;

    let mut operations: Vec<OperationIr> = model
        .operations
        .values()
        .map(|op| OperationIr {
            name: op.name.clone(),
            input: op
                .input
                .as_ref()
                .and_then(|i| match &model.shapes[i.shape.as_str()] {
                    Shape::Structure(_) => Some(naming.type_name(&i.shape)),
                    _ => None,
                }),
            summary: summary_line(op.documentation.as_deref()),
        })
        .collect();
    operations.sort_by(|a, b| a.name.cmp(&b.name));

    Ok(ServiceIr {
        key: key.to_owned(),
        module,
        title: model.metadata.service_full_name.clone(),
        api_version: model.metadata.api_version.clone(),
        operations,
        structs,
        unions,
        enums,
        helpers: false,
        optimized: None,
        sdk: None,
        schema: None,
    })
}

struct Lowering<'a> {
    model: &'a ServiceModel,
    naming: &'a NamingTable,
    components: &'a BTreeMap<String, usize>,
}

impl Lowering<'_> {
    fn fields(
        &self,
        owner: &str,
        s: &crate::botocore::StructureShape,
        union: bool,
    ) -> Vec<FieldIr> {
        s.members
            .iter()
            .map(|(member, target)| {
                let boxed = is_aggregate(self.model, &target.shape)
                    && recursion::needs_box(self.components, owner, &target.shape);
                let required = !union && s.required.iter().any(|r| r == member);
                let ty = self.literal_type(&target.shape);
                let stored = Stored {
                    ty: ty.clone(),
                    boxed,
                    optional: !(required || union),
                };
                FieldIr {
                    ident: if union {
                        self.naming.variant_name(member)
                    } else {
                        self.naming.field_name(member)
                    },
                    setter: if union {
                        self.naming.field_name(member)
                    } else {
                        self.naming.setter_name(member)
                    },
                    wire: wire_name(member),
                    ty,
                    stored,
                    boxed,
                    required,
                    whole_input_default: false,
                    doc: with_note(
                        member_doc(target, self.model),
                        &if required {
                            format!("ASL key `{}`; required.", wire_name(member))
                        } else {
                            format!("ASL key `{}`.", wire_name(member))
                        },
                    ),
                }
            })
            .collect()
    }

    /// The Rust type of a literal of this shape.
    fn literal_type(&self, shape: &str) -> RustType {
        literal_type(self.model, self.naming, shape)
    }

    fn enumeration(&self, shape: &str, values: &[String], doc: Option<&str>) -> EnumIr {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let variants = values
            .iter()
            .map(|value| {
                let mut ident = self.naming.variant_name(value);
                if ident == ENUM_ESCAPE {
                    ident.push_str("Value");
                }
                // Distinct values can collide once punctuation is dropped
                // (`nodejs4.3` / `nodejs43`); number the later ones.
                let count = seen.entry(ident.clone()).or_insert(0);
                *count += 1;
                if *count > 1 {
                    ident = format!("{ident}V{count}");
                }
                EnumVariantIr {
                    ident,
                    value: value.clone(),
                }
            })
            .collect();
        EnumIr {
            name: self.naming.type_name(shape),
            shape: shape.to_owned(),
            doc: with_note(doc_lines(doc), &format!("AWS shape `{shape}`.")),
            variants,
            escape: ENUM_ESCAPE.to_owned(),
        }
    }
}

/// The Rust type of a literal of a botocore shape, as the generated types
/// spell it. Other generator extensions (optimized tasks) use it too, so a
/// member's type is decided in one place.
pub fn literal_type(model: &ServiceModel, naming: &NamingTable, shape: &str) -> RustType {
    match &model.shapes[shape] {
        Shape::Structure(s) if s.document => RustType::Json,
        Shape::Structure(_) => RustType::Named(naming.type_name(shape)),
        Shape::List(l) => RustType::List(Box::new(literal_type(model, naming, &l.member.shape))),
        Shape::Map(m) => RustType::Map(Box::new(literal_type(model, naming, &m.value.shape))),
        Shape::String(s) if s.values.is_some() => RustType::Named(naming.type_name(shape)),
        Shape::String(_) => RustType::String,
        Shape::Integer(_) | Shape::Long(_) => RustType::Integer,
        Shape::Float(_) | Shape::Double(_) => RustType::Float,
        Shape::Boolean(_) => RustType::Bool,
        Shape::Timestamp(_) => RustType::Timestamp,
        Shape::Blob(_) => RustType::Blob,
    }
}

fn is_aggregate(model: &ServiceModel, shape: &str) -> bool {
    matches!(&model.shapes[shape], Shape::Structure(s) if !s.document)
}

/// Checks that every shape reference resolves and every required member
/// exists; reports all problems at once, each with its JSON pointer.
fn link(file: &Path, model: &ServiceModel) -> Result<(), Error> {
    let mut errors = Vec::new();
    for (name, op) in &model.operations {
        if let Some(input) = &op.input
            && !model.shapes.contains_key(&input.shape)
        {
            errors.push(Error::Model {
                file: file.to_path_buf(),
                location: ModelLocation::Pointer(format!(
                    "/operations/{}/input/shape",
                    escape(name)
                )),
                message: format!("unknown shape `{}`", input.shape),
            });
        }
    }
    let (unknown, required) = crate::botocore::shape_reference_errors(file, &model.shapes, |s| {
        model.shapes.contains_key(s)
    });
    errors.extend(unknown);
    errors.extend(required);
    Error::collect(errors)
}

/// Shapes reachable from operation inputs and `roots`, sorted by name.
fn reachable_shapes(model: &ServiceModel, roots: &[String]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = model
        .operations
        .values()
        .filter_map(|op| op.input.as_ref().map(|i| i.shape.as_str()))
        .chain(roots.iter().map(String::as_str))
        .collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.to_owned()) {
            continue;
        }
        match &model.shapes[name] {
            Shape::Structure(s) if !s.document => {
                stack.extend(s.members.values().map(|m| m.shape.as_str()));
            }
            Shape::List(l) => stack.push(&l.member.shape),
            Shape::Map(m) => stack.push(&m.value.shape),
            _ => {}
        }
    }
    seen
}

/// Direct structure → structure references among reachable shapes.
fn direct_graph(model: &ServiceModel, reachable: &BTreeSet<String>) -> recursion::Graph {
    let mut graph = recursion::Graph::new();
    for name in reachable {
        if let Shape::Structure(s) = &model.shapes[name.as_str()] {
            let targets = s
                .members
                .values()
                .filter(|m| is_aggregate(model, &m.shape))
                .map(|m| m.shape.clone())
                .collect();
            graph.insert(name.clone(), targets);
        }
    }
    graph
}

fn check_unique_type_names(
    file: &Path,
    structs: &[StructIr],
    unions: &[UnionIr],
    enums: &[EnumIr],
) -> Result<(), Error> {
    let mut owners: BTreeMap<&str, &str> = BTreeMap::new();
    let names = structs
        .iter()
        .map(|s| (s.name.as_str(), s.shape.as_str()))
        .chain(unions.iter().map(|u| (u.name.as_str(), u.shape.as_str())))
        .chain(enums.iter().map(|e| (e.name.as_str(), e.shape.as_str())));
    let mut errors = Vec::new();
    for (name, shape) in names {
        if let Some(other) = owners.insert(name, shape) {
            errors.push(Error::Model {
                file: file.to_path_buf(),
                location: ModelLocation::Pointer(format!("/shapes/{}", escape(shape))),
                message: format!(
                    "Rust name `{name}` is also the name of shape `{other}`; add a rename to models/naming.toml"
                ),
            });
        }
    }
    Error::collect(errors)
}

/// Member docs: the member's own, else its target shape's.
fn member_doc(target: &ShapeRef, model: &ServiceModel) -> Vec<String> {
    let mut doc = doc_lines(
        target
            .documentation
            .as_deref()
            .or_else(|| model.shapes[target.shape.as_str()].documentation()),
    );
    if target.deprecated {
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.push("**Deprecated** by AWS.".to_owned());
    }
    doc
}

/// Appends a paragraph of our own after the model's docs.
fn with_note(mut doc: Vec<String>, note: &str) -> Vec<String> {
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc.push(note.to_owned());
    doc
}

/// Converts AWS HTML docs to Markdown lines for `#[doc = "…"]` attributes.
pub fn doc_lines(html: Option<&str>) -> Vec<String> {
    match html {
        Some(html) => crate::docs::html_to_markdown(html)
            .lines()
            .map(str::to_owned)
            .collect(),
        None => Vec::new(),
    }
}

/// The first paragraph of a doc, on one line.
fn summary_line(html: Option<&str>) -> String {
    let lines = doc_lines(html);
    lines
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ")
}
