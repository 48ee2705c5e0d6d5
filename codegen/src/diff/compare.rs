//! The comparison of one service's two models.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

use crate::botocore::{ServiceModel, Shape, ShapeRef, StructureShape, escape};
use crate::error::{Error, ModelLocation};
use crate::naming::wire_name;

use super::load::LoadedService;
use super::{
    Change, ChangeKind, CrateView, DiffError, Note, ServiceReport, Side, Summary, TaskImpact,
    TaskKind, TaskStatus, Verdict,
};

/// Lists nested deeper than this are not described further; a model that
/// nests so deep (or loops through lists alone) is not worth a longer name.
const MAX_DEPTH: usize = 8;

/// One model as the generator sees it: the shapes reachable from operation
/// inputs, and the Rust-facing type of each.
struct View<'a> {
    model: &'a ServiceModel,
    view: &'a CrateView,
    reachable: BTreeSet<String>,
}

/// The kinds of shape that become a Rust type of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TypeKind {
    Structure,
    Union,
    Enum,
}

impl TypeKind {
    fn name(self) -> &'static str {
        match self {
            TypeKind::Structure => "structure",
            TypeKind::Union => "union",
            TypeKind::Enum => "enum",
        }
    }
}

impl<'a> View<'a> {
    fn new(loaded: &'a LoadedService, view: &'a CrateView) -> Result<Self, Error> {
        let reachable = reachable(&loaded.model, Path::new(&loaded.place))?;
        Ok(View {
            model: &loaded.model,
            view,
            reachable,
        })
    }

    fn shape(&self, name: &str) -> Option<&'a Shape> {
        self.model.shapes.get(name)
    }

    fn type_kind(&self, name: &str) -> Option<TypeKind> {
        match self.shape(name)? {
            Shape::Structure(s) if s.document => None,
            Shape::Structure(s) if s.union => Some(TypeKind::Union),
            Shape::Structure(_) => Some(TypeKind::Structure),
            Shape::String(s) if s.values.is_some() => Some(TypeKind::Enum),
            _ => None,
        }
    }

    /// The Rust-facing type of a shape, as the lowering decides it: both
    /// integer widths are `i64`, both float widths `f64`, map keys are strings.
    fn describe(&self, name: &str, depth: usize) -> String {
        let type_name = || self.view.naming.type_name(name);
        let Some(shape) = self.shape(name) else {
            return format!("unknown shape {name}");
        };
        if depth > MAX_DEPTH {
            return "…".to_owned();
        }
        match shape {
            Shape::Structure(s) if s.document => "document".to_owned(),
            Shape::Structure(s) if s.union => format!("union {}", type_name()),
            Shape::Structure(_) => format!("structure {}", type_name()),
            Shape::List(l) => format!("list of {}", self.describe(&l.member.shape, depth + 1)),
            Shape::Map(m) => format!("map of {}", self.describe(&m.value.shape, depth + 1)),
            Shape::String(s) if s.values.is_some() => format!("enum {}", type_name()),
            Shape::String(_) => "string".to_owned(),
            Shape::Integer(_) | Shape::Long(_) => "integer".to_owned(),
            Shape::Float(_) | Shape::Double(_) => "float".to_owned(),
            Shape::Boolean(_) => "boolean".to_owned(),
            Shape::Timestamp(_) => "timestamp".to_owned(),
            Shape::Blob(_) => "blob".to_owned(),
        }
    }

    /// The input type of an operation, `none` when it has no structure input.
    fn input(&self, operation: &str) -> String {
        let input = self
            .model
            .operations
            .get(operation)
            .and_then(|op| op.input.as_ref());
        match input {
            Some(input) if matches!(self.shape(&input.shape), Some(Shape::Structure(_))) => {
                self.describe(&input.shape, 0)
            }
            _ => "none".to_owned(),
        }
    }

    /// The first (shortest, then alphabetical) parameter path from the input
    /// of `operation` to every shape below it.
    fn paths(&self, operation: &str) -> BTreeMap<String, String> {
        let mut paths = BTreeMap::new();
        let Some(input) = self
            .model
            .operations
            .get(operation)
            .and_then(|op| op.input.as_ref())
        else {
            return paths;
        };
        let mut queue = VecDeque::from([(input.shape.clone(), String::new())]);
        while let Some((name, path)) = queue.pop_front() {
            if paths.contains_key(&name) {
                continue;
            }
            match self.shape(&name) {
                Some(Shape::Structure(s)) if !s.document => {
                    let members: BTreeMap<&String, &ShapeRef> = s.members.iter().collect();
                    for (member, target) in members {
                        queue.push_back((target.shape.clone(), join(&path, &wire_name(member))));
                    }
                }
                Some(Shape::List(l)) => {
                    queue.push_back((l.member.shape.clone(), path.clone() + "[]"))
                }
                Some(Shape::Map(m)) => {
                    queue.push_back((m.value.shape.clone(), path.clone() + "{}"))
                }
                _ => {}
            }
            paths.insert(name, path);
        }
        paths
    }
}

fn join(path: &str, member: &str) -> String {
    if path.is_empty() {
        member.to_owned()
    } else {
        format!("{path}.{member}")
    }
}

/// Shapes reachable from operation inputs, following what the lowering
/// follows (structure members, list members, map values). A reference to a
/// shape that does not exist is an error with its JSON pointer.
fn reachable(model: &ServiceModel, file: &Path) -> Result<BTreeSet<String>, Error> {
    let unknown = |pointer: String, shape: &str| Error::Model {
        file: file.to_path_buf(),
        location: ModelLocation::Pointer(pointer),
        message: format!("unknown shape `{shape}`"),
    };
    let mut seen = BTreeSet::new();
    let mut stack: Vec<(&str, String)> = Vec::new();
    for (name, op) in &model.operations {
        if let Some(input) = &op.input {
            stack.push((
                &input.shape,
                format!("/operations/{}/input/shape", escape(name)),
            ));
        }
    }
    while let Some((name, pointer)) = stack.pop() {
        let Some(shape) = model.shapes.get(name) else {
            return Err(unknown(pointer, name));
        };
        if !seen.insert(name.to_owned()) {
            continue;
        }
        let base = format!("/shapes/{}", escape(name));
        match shape {
            Shape::Structure(s) if !s.document => {
                for (member, target) in &s.members {
                    let pointer = format!("{base}/members/{}/shape", escape(member));
                    stack.push((&target.shape, pointer));
                }
            }
            Shape::List(l) => stack.push((&l.member.shape, format!("{base}/member/shape"))),
            Shape::Map(m) => stack.push((&m.value.shape, format!("{base}/value/shape"))),
            _ => {}
        }
    }
    Ok(seen)
}

/// Compares one service.
pub(super) fn service(
    key: &str,
    before: &LoadedService,
    after: &LoadedService,
    view: &CrateView,
) -> Result<ServiceReport, DiffError> {
    let old = View::new(before, view).map_err(|e| DiffError::on(Side::Old)(e.into()))?;
    let new = View::new(after, view).map_err(|e| DiffError::on(Side::New)(e.into()))?;

    let notes = notes(&before.metadata, &after.metadata);
    let mut changes = Vec::new();
    let mut docs = 0;
    if before.model.documentation != after.model.documentation {
        docs += 1;
    }

    // Operations.
    let operations: BTreeSet<&String> = old
        .model
        .operations
        .keys()
        .chain(new.model.operations.keys())
        .collect();
    for name in &operations {
        match (
            old.model.operations.get(*name),
            new.model.operations.get(*name),
        ) {
            (None, Some(_)) => changes.push(ChangeKind::OperationAdded {
                operation: (*name).clone(),
            }),
            (Some(_), None) => changes.push(ChangeKind::OperationRemoved {
                operation: (*name).clone(),
            }),
            (Some(a), Some(b)) => {
                let (was, is) = (old.input(name), new.input(name));
                if was != is {
                    changes.push(ChangeKind::OperationInputChanged {
                        operation: (*name).clone(),
                        old: was,
                        new: is,
                    });
                }
                if a.documentation != b.documentation || a.deprecated != b.deprecated {
                    docs += 1;
                }
            }
            (None, None) => {}
        }
    }

    // Shapes reachable on either side.
    let shapes: BTreeSet<&String> = old.reachable.iter().chain(&new.reachable).collect();
    for name in shapes {
        let was = old
            .reachable
            .contains(name)
            .then(|| old.type_kind(name))
            .flatten();
        let is = new
            .reachable
            .contains(name)
            .then(|| new.type_kind(name))
            .flatten();
        match (was, is) {
            (None, Some(kind)) => changes.push(ChangeKind::TypeAdded {
                shape: name.clone(),
                type_kind: kind.name().to_owned(),
            }),
            (Some(kind), None) => changes.push(ChangeKind::TypeRemoved {
                shape: name.clone(),
                type_kind: kind.name().to_owned(),
            }),
            (Some(a), Some(b)) if a != b => changes.push(ChangeKind::TypeKindChanged {
                shape: name.clone(),
                old: a.name().to_owned(),
                new: b.name().to_owned(),
            }),
            _ => {}
        }
        if !(old.reachable.contains(name) && new.reachable.contains(name)) {
            continue;
        }
        let (Some(a), Some(b)) = (old.shape(name), new.shape(name)) else {
            continue;
        };
        if a.documentation() != b.documentation() {
            docs += 1;
        }
        match (a, b) {
            (Shape::Structure(a), Shape::Structure(b)) if !a.document && !b.document => {
                docs += members(name, (&old, a), (&new, b), &mut changes);
            }
            (Shape::String(a), Shape::String(b)) => {
                if let (Some(was), Some(is)) = (&a.values, &b.values) {
                    let was: BTreeSet<&String> = was.iter().collect();
                    let is: BTreeSet<&String> = is.iter().collect();
                    for value in is.difference(&was) {
                        changes.push(ChangeKind::EnumValueAdded {
                            shape: name.clone(),
                            value: (*value).clone(),
                        });
                    }
                    for value in was.difference(&is) {
                        changes.push(ChangeKind::EnumValueRemoved {
                            shape: name.clone(),
                            value: (*value).clone(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    changes.sort();

    let module = view.module(key);
    let tasks = tasks(key, &module, &old, &new, &operations, &changes);
    let changes: Vec<Change> = changes.into_iter().map(Change::from).collect();
    let summary = summarize(&changes, &tasks);
    let floor = if docs > 0 || !notes.is_empty() {
        Verdict::Patch
    } else {
        Verdict::None
    };
    let verdict = changes
        .iter()
        .map(|c| c.verdict)
        .chain(tasks.iter().map(|t| t.verdict))
        .fold(floor, Verdict::max);
    Ok(ServiceReport {
        module,
        old_api_version: before.api_version.clone(),
        new_api_version: after.api_version.clone(),
        verdict,
        summary,
        notes,
        changes,
        documentation_changes: docs,
        tasks,
    })
}

/// Member changes of one structure or union; returns the number of
/// documentation-only member changes.
fn members(
    shape: &str,
    (old, a): (&View<'_>, &StructureShape),
    (new, b): (&View<'_>, &StructureShape),
    changes: &mut Vec<ChangeKind>,
) -> usize {
    // Union members are never required: exactly one is set, whichever.
    let required =
        |s: &StructureShape, member: &str| !s.union && s.required.iter().any(|r| r == member);
    let names: BTreeSet<&String> = a.members.keys().chain(b.members.keys()).collect();
    let mut docs = 0;
    for member in names {
        match (a.members.get(member), b.members.get(member)) {
            (None, Some(target)) => changes.push(ChangeKind::MemberAdded {
                shape: shape.to_owned(),
                member: member.clone(),
                ty: new.describe(&target.shape, 0),
                required: required(b, member),
            }),
            (Some(target), None) => changes.push(ChangeKind::MemberRemoved {
                shape: shape.to_owned(),
                member: member.clone(),
                ty: old.describe(&target.shape, 0),
                required: required(a, member),
            }),
            (Some(x), Some(y)) => {
                let (was, is) = (old.describe(&x.shape, 0), new.describe(&y.shape, 0));
                if was != is {
                    changes.push(ChangeKind::MemberTypeChanged {
                        shape: shape.to_owned(),
                        member: member.clone(),
                        old: was,
                        new: is,
                    });
                }
                let now = required(b, member);
                if required(a, member) != now {
                    changes.push(ChangeKind::MemberRequiredChanged {
                        shape: shape.to_owned(),
                        member: member.clone(),
                        required: now,
                    });
                }
                if x.documentation != y.documentation || x.deprecated != y.deprecated {
                    docs += 1;
                }
            }
            (None, None) => {}
        }
    }
    docs
}

/// Differing `metadata` keys, sorted by key.
fn notes(
    old: &BTreeMap<String, serde_json::Value>,
    new: &BTreeMap<String, serde_json::Value>,
) -> Vec<Note> {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| Note {
            key: k.clone(),
            old: old.get(k).cloned(),
            new: new.get(k).cloned(),
        })
        .collect()
}

/// The tasks behind each operation and what the changes do to them.
fn tasks(
    key: &str,
    module: &str,
    old: &View<'_>,
    new: &View<'_>,
    operations: &BTreeSet<&String>,
    changes: &[ChangeKind],
) -> Vec<TaskImpact> {
    let mut out = Vec::new();
    for operation in operations {
        let mut names = Vec::new();
        if !new.view.sdk_excluded(key, operation) {
            names.push((
                format!("{module}::sdk::{}", new.view.naming.type_name(operation)),
                TaskKind::Sdk,
            ));
        }
        for task in new.view.optimized(key) {
            if &&task.operation == operation {
                names.push((format!("{module}::{}", task.name), TaskKind::Optimized));
            }
        }
        let in_old = old.model.operations.contains_key(*operation);
        let in_new = new.model.operations.contains_key(*operation);
        let impact = match (in_old, in_new) {
            (false, true) => Some(Impact::status(TaskStatus::Added, Verdict::Minor)),
            (true, false) => Some(Impact::status(TaskStatus::Removed, Verdict::Major)),
            _ => Impact::parameters(operation, old, new, changes),
        };
        let Some(impact) = impact else {
            continue;
        };
        for (task, task_kind) in names {
            out.push(TaskImpact {
                task,
                task_kind,
                operation: (*operation).clone(),
                status: impact.status,
                parameters_added: impact.added.clone(),
                parameters_removed: impact.removed.clone(),
                parameters_changed: impact.changed.clone(),
                verdict: impact.verdict,
            });
        }
    }
    out.sort_by(|a, b| (a.task_kind, &a.task).cmp(&(b.task_kind, &b.task)));
    out
}

/// What the changes of a service do to one operation's parameters.
struct Impact {
    status: TaskStatus,
    added: Vec<String>,
    removed: Vec<String>,
    changed: Vec<String>,
    verdict: Verdict,
}

impl Impact {
    fn status(status: TaskStatus, verdict: Verdict) -> Self {
        Impact {
            status,
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
            verdict,
        }
    }

    /// `None` when no change reaches the operation's input.
    fn parameters(
        operation: &str,
        old: &View<'_>,
        new: &View<'_>,
        changes: &[ChangeKind],
    ) -> Option<Impact> {
        let (before, after) = (old.paths(operation), new.paths(operation));
        // Only shapes this task had before and still has: members of a shape
        // that is new to the task arrive with the member that brought it.
        let both = |shape: &str| before.contains_key(shape) && after.contains_key(shape);
        // A parameter path: the shape's path (as reached now) plus the member.
        let at = |shape: &str, member: &str| {
            let base = after.get(shape).filter(|_| both(shape))?;
            Some(join(base, &wire_name(member)))
        };
        let mut impact = Impact::status(TaskStatus::Changed, Verdict::None);
        // Enum values per parameter path: (added, removed).
        let mut values: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for change in changes {
            let hit = match change {
                ChangeKind::OperationInputChanged {
                    operation: op,
                    old,
                    new,
                } if op == operation => {
                    impact.changed.push(format!("(input): {old} → {new}"));
                    true
                }
                ChangeKind::MemberAdded { shape, member, .. } => {
                    at(shape, member).map(|p| impact.added.push(p)).is_some()
                }
                ChangeKind::MemberRemoved { shape, member, .. } => before
                    .get(shape.as_str())
                    .filter(|_| both(shape))
                    .map(|base| impact.removed.push(join(base, &wire_name(member))))
                    .is_some(),
                ChangeKind::MemberTypeChanged {
                    shape,
                    member,
                    old,
                    new,
                } => at(shape, member)
                    .map(|p| impact.changed.push(format!("{p}: {old} → {new}")))
                    .is_some(),
                ChangeKind::MemberRequiredChanged {
                    shape,
                    member,
                    required,
                } => at(shape, member)
                    .map(|p| {
                        let now = if *required { "required" } else { "optional" };
                        impact.changed.push(format!("{p}: now {now}"));
                    })
                    .is_some(),
                ChangeKind::EnumValueAdded { shape, .. } => after
                    .get(shape.as_str())
                    .filter(|_| both(shape))
                    .map(|p| values.entry(p.clone()).or_default().0 += 1)
                    .is_some(),
                ChangeKind::EnumValueRemoved { shape, .. } => after
                    .get(shape.as_str())
                    .filter(|_| both(shape))
                    .map(|p| values.entry(p.clone()).or_default().1 += 1)
                    .is_some(),
                ChangeKind::TypeKindChanged { shape, old, new } => after
                    .get(shape.as_str())
                    .filter(|_| both(shape))
                    .map(|p| impact.changed.push(format!("{p}: {old} → {new}")))
                    .is_some(),
                _ => false,
            };
            if hit {
                impact.verdict = impact.verdict.max(change.verdict());
            }
        }
        for (path, (added, removed)) in values {
            for (count, what) in [(added, "added"), (removed, "removed")] {
                if count > 0 {
                    let plural = if count == 1 { "" } else { "s" };
                    impact
                        .changed
                        .push(format!("{path}: {count} enum value{plural} {what}"));
                }
            }
        }
        for list in [&mut impact.added, &mut impact.removed, &mut impact.changed] {
            list.sort();
            list.dedup();
        }
        (impact.verdict != Verdict::None).then_some(impact)
    }
}

fn summarize(changes: &[Change], tasks: &[TaskImpact]) -> Summary {
    let mut s = Summary {
        tasks_affected: tasks.len(),
        ..Summary::default()
    };
    for change in changes {
        match change.kind {
            ChangeKind::OperationAdded { .. } => s.operations_added += 1,
            ChangeKind::OperationRemoved { .. } => s.operations_removed += 1,
            ChangeKind::OperationInputChanged { .. }
            | ChangeKind::MemberTypeChanged { .. }
            | ChangeKind::MemberRequiredChanged { .. } => s.members_changed += 1,
            ChangeKind::TypeAdded { .. } => s.types_added += 1,
            ChangeKind::TypeRemoved { .. } | ChangeKind::TypeKindChanged { .. } => {
                s.types_removed += 1
            }
            ChangeKind::MemberAdded { .. } => s.members_added += 1,
            ChangeKind::MemberRemoved { .. } => s.members_removed += 1,
            ChangeKind::EnumValueAdded { .. } => s.enum_values_added += 1,
            ChangeKind::EnumValueRemoved { .. } => s.enum_values_removed += 1,
        }
    }
    s
}
