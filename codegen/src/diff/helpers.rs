//! The hand-written helpers (`generated/src/helpers/`) call generated types
//! by name; a model change to one of those types can break them while the
//! generated code itself compiles. This reads which generated types each
//! helper imports, so the report can mark the changes that touch them.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Change, ChangeKind, DiffError, ServiceReport};
use crate::naming::NamingTable;

/// Where the hand-written helpers live, repository-relative.
pub const HELPERS_DIR: &str = "generated/src/helpers";

/// One generated type a helper imports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct HelperUse {
    /// The helper, repository-relative.
    pub file: String,
    /// The line of the `use`.
    pub line: usize,
    /// The crate module the type is in (`sagemaker`).
    pub module: String,
    /// The Rust type name (`ResourceConfig`).
    pub type_name: String,
}

/// A change to a type a hand-written helper imports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct HelperImpact {
    /// The helper, repository-relative.
    pub file: String,
    /// The line of its `use` of the type.
    pub line: usize,
    /// The Rust type (`sagemaker::types::ResourceConfig`).
    pub type_name: String,
    /// The botocore shape behind it.
    pub shape: String,
    /// What changed, one line each.
    pub changes: Vec<String>,
}

/// Every `use crate::services::<module>::…::<Type>` of the helpers in
/// `repo_root` (none when the folder is absent).
pub fn helper_uses(repo_root: &Path) -> Result<Vec<HelperUse>, DiffError> {
    let dir = repo_root.join(HELPERS_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(curated(PathBuf::from(HELPERS_DIR), e.to_string())),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let shown = format!(
            "{HELPERS_DIR}/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let text = std::fs::read_to_string(&path)
            .map_err(|e| curated(shown.clone().into(), e.to_string()))?;
        let file = syn::parse_file(&text).map_err(|e| {
            let at = e.span().start();
            curated(
                shown.clone().into(),
                format!("line {} column {}: {e}", at.line, at.column + 1),
            )
        })?;
        let mut pending: Vec<&syn::Item> = file.items.iter().collect();
        while let Some(item) = pending.pop() {
            match item {
                syn::Item::Use(u) => {
                    let line = u.use_token.span.start().line;
                    collect(&u.tree, &mut Vec::new(), &mut |path| {
                        if let Some((module, type_name)) = generated_type(path) {
                            out.push(HelperUse {
                                file: shown.clone(),
                                line,
                                module,
                                type_name,
                            });
                        }
                    });
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        pending.extend(items);
                    }
                }
                _ => {}
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Calls `found` with every full path of a use tree.
fn collect(tree: &syn::UseTree, prefix: &mut Vec<String>, found: &mut dyn FnMut(&[String])) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            collect(&p.tree, prefix, found);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            prefix.push(n.ident.to_string());
            found(prefix);
            prefix.pop();
        }
        syn::UseTree::Rename(r) => {
            prefix.push(r.ident.to_string());
            found(prefix);
            prefix.pop();
        }
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| collect(t, prefix, found)),
        // A glob names no type; the helpers import by name.
        syn::UseTree::Glob(_) => {}
    }
}

/// `crate::services::<module>::[types::]<Type>` → (module, type).
fn generated_type(path: &[String]) -> Option<(String, String)> {
    match path {
        [c, s, module, rest @ ..] if c == "crate" && s == "services" => {
            let name = match rest {
                [t, name] if t == "types" => name,
                [name] => name,
                _ => return None,
            };
            name.starts_with(char::is_uppercase)
                .then(|| (module.clone(), name.clone()))
        }
        _ => None,
    }
}

/// The changes of `report` that touch a type one of `uses` imports.
pub(super) fn impacts(
    report: &ServiceReport,
    uses: &[HelperUse],
    naming: &NamingTable,
) -> Vec<HelperImpact> {
    let mut out: Vec<HelperImpact> = Vec::new();
    for change in &report.changes {
        let Some(shape) = shape_of(&change.kind) else {
            continue;
        };
        let type_name = naming.type_name(shape);
        for u in uses
            .iter()
            .filter(|u| u.module == report.module && u.type_name == type_name)
        {
            let line = describe(change);
            match out
                .iter_mut()
                .find(|i| i.file == u.file && i.shape == shape)
            {
                Some(i) => i.changes.push(line),
                None => out.push(HelperImpact {
                    file: u.file.clone(),
                    line: u.line,
                    type_name: format!("{}::types::{}", report.module, u.type_name),
                    shape: shape.to_owned(),
                    changes: vec![line],
                }),
            }
        }
    }
    out.sort();
    out
}

fn shape_of(kind: &ChangeKind) -> Option<&str> {
    match kind {
        ChangeKind::OperationAdded { .. }
        | ChangeKind::OperationRemoved { .. }
        | ChangeKind::OperationInputChanged { .. } => None,
        ChangeKind::TypeAdded { shape, .. }
        | ChangeKind::TypeRemoved { shape, .. }
        | ChangeKind::TypeKindChanged { shape, .. }
        | ChangeKind::MemberAdded { shape, .. }
        | ChangeKind::MemberRemoved { shape, .. }
        | ChangeKind::MemberTypeChanged { shape, .. }
        | ChangeKind::MemberRequiredChanged { shape, .. }
        | ChangeKind::EnumValueAdded { shape, .. }
        | ChangeKind::EnumValueRemoved { shape, .. } => Some(shape),
    }
}

/// One line for a change, as the helper's author needs it.
fn describe(change: &Change) -> String {
    let required = |r: bool| if r { "required" } else { "optional" };
    match &change.kind {
        ChangeKind::TypeRemoved { type_kind, .. } => format!("the {type_kind} is gone"),
        ChangeKind::TypeAdded { type_kind, .. } => format!("new {type_kind}"),
        ChangeKind::TypeKindChanged { old, new, .. } => format!("was a {old}, is a {new}"),
        ChangeKind::MemberAdded {
            member,
            ty,
            required: r,
            ..
        } => format!("member {member} added ({}, {ty})", required(*r)),
        ChangeKind::MemberRemoved { member, .. } => format!("member {member} removed"),
        ChangeKind::MemberTypeChanged {
            member, old, new, ..
        } => format!("member {member}: {old} → {new}"),
        ChangeKind::MemberRequiredChanged {
            member,
            required: r,
            ..
        } => format!("member {member} is {} now", required(*r)),
        ChangeKind::EnumValueAdded { value, .. } => format!("enum value {value:?} added"),
        ChangeKind::EnumValueRemoved { value, .. } => format!("enum value {value:?} removed"),
        ChangeKind::OperationAdded { .. }
        | ChangeKind::OperationRemoved { .. }
        | ChangeKind::OperationInputChanged { .. } => String::new(),
    }
}

fn curated(file: PathBuf, detail: String) -> DiffError {
    DiffError::Curated { file, detail }
}
