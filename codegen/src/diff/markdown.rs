//! The Markdown form of a report: a summary table, then one section per
//! changed service.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{ChangeKind, Report, ServiceReport, TaskStatus};

pub(super) fn render(report: &Report, level: usize) -> String {
    let h = |extra: usize| "#".repeat(level + extra);
    let mut out = String::new();
    let _ = writeln!(out, "{} AWS model changes: {}\n", h(0), report.title());
    for warning in &report.warnings {
        let _ = writeln!(out, "> warning: {warning}\n");
    }
    if report.is_unchanged() {
        let _ = writeln!(
            out,
            "No changes in the models of {} services ({}).",
            report.services.len(),
            names(report.services.keys())
        );
        return out;
    }
    let _ = writeln!(
        out,
        "Semver verdict for `sfn-tasks`: **{}**.\n",
        report.verdict
    );
    for (key, api_version) in &report.services_added {
        let _ = writeln!(
            out,
            "- minor: service `{key}` added (API version {api_version}): a new module with its types and tasks\n"
        );
    }
    for (key, api_version) in &report.services_removed {
        let _ = writeln!(
            out,
            "- major: service `{key}` removed (it had API version {api_version}): its module, types and tasks go away\n"
        );
    }
    out.push_str(
        "| service | API version | verdict | operations | members | enum values | types | tasks | docs |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for (key, s) in &report.services {
        let api = if s.old_api_version == s.new_api_version {
            s.new_api_version.clone()
        } else {
            format!("{} → {}", s.old_api_version, s.new_api_version)
        };
        if s.is_unchanged() {
            let _ = writeln!(out, "| {key} | {api} | none | | | | | | |");
            continue;
        }
        let n = &s.summary;
        let _ = writeln!(
            out,
            "| {key} | {api} | {} | +{} −{} | +{} −{} ~{} | +{} −{} | +{} −{} | {} | {} |",
            s.verdict,
            n.operations_added,
            n.operations_removed,
            n.members_added,
            n.members_removed,
            n.members_changed,
            n.enum_values_added,
            n.enum_values_removed,
            n.types_added,
            n.types_removed,
            n.tasks_affected,
            s.documentation_changes,
        );
    }
    out.push_str(
        "\nCounts: `+` added, `−` removed, `~` changed type or required-ness; members and \
         enum values of input shapes only; docs: documentation-only changes, counted, not listed.\n",
    );
    for (key, s) in &report.services {
        if !s.is_unchanged() {
            out.push('\n');
            service(&mut out, &h(1), key, s);
        }
    }
    helpers(&mut out, &h(1), report);
    catalog(&mut out, &h(1), report);
    out
}

/// The changes to types the hand-written helpers import: the code to look
/// at when the crate no longer compiles after an update.
fn helpers(out: &mut String, heading: &str, report: &Report) {
    if report.helpers.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{heading} Hand-written helpers touched\n\n\
         These generated types changed and are used by code the generator does not write:\n"
    );
    for impact in &report.helpers {
        let _ = writeln!(
            out,
            "- `{}` (line {}): `{}` (shape `{}`): {}",
            impact.file,
            impact.line,
            impact.type_name,
            impact.shape,
            impact.changes.join("; ")
        );
    }
}

/// The services checked from their compact models: one row each, operations
/// named (the first few).
fn catalog(out: &mut String, heading: &str, report: &Report) {
    if report.catalog.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{heading} Other services ({} changed; checked from their compact models)\n",
        report.catalog.len()
    );
    out.push_str(
        "| service | API version | operations added | operations removed | inputs changed |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    let list = |ops: &[String]| -> String {
        const SHOWN: usize = 5;
        let mut text: Vec<String> = ops.iter().take(SHOWN).map(|o| format!("`{o}`")).collect();
        if ops.len() > SHOWN {
            text.push(format!("and {} more", ops.len() - SHOWN));
        }
        text.join(", ")
    };
    for (key, c) in &report.catalog {
        let api = match (&c.old_api_version, &c.new_api_version) {
            (Some(a), Some(b)) if a == b => a.clone(),
            (Some(a), Some(b)) => format!("{a} → {b}"),
            (None, Some(b)) => format!("new: {b}"),
            (Some(a), None) => format!("dropped: {a}"),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            out,
            "| {key} | {api} | {} | {} | {} |",
            list(&c.operations_added),
            list(&c.operations_removed),
            list(&c.inputs_changed)
        );
    }
}

fn service(out: &mut String, h: &str, key: &str, s: &ServiceReport) {
    let _ = writeln!(out, "{h} {key} (`{}`): {}\n", s.module, s.verdict);
    if !s.notes.is_empty() {
        out.push_str(
            "Service notes (no generated type changes; the calling convention may differ):\n\n",
        );
        for note in &s.notes {
            let show = |v: &Option<serde_json::Value>| match v {
                Some(v) => format!("`{v}`"),
                None => "(absent)".to_owned(),
            };
            // The protocol decides how the SDK serializes a call; say so.
            let why = if note.key == "protocol" {
                " (wire protocol)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "- metadata `{}`{why}: {} → {}",
                note.key,
                show(&note.old),
                show(&note.new)
            );
        }
        out.push('\n');
    }

    // Operations and types read best as one line each; members one per line;
    // enum values grouped by enumeration.
    let mut added_ops = Vec::new();
    let mut removed_ops = Vec::new();
    let mut added_types = Vec::new();
    let mut lines = Vec::new();
    let mut enums: BTreeMap<&str, EnumValues<'_>> = BTreeMap::new();
    for change in &s.changes {
        let v = change.verdict;
        match &change.kind {
            ChangeKind::OperationAdded { operation } => added_ops.push(operation.as_str()),
            ChangeKind::OperationRemoved { operation } => removed_ops.push(operation.as_str()),
            ChangeKind::TypeAdded { shape, type_kind } => {
                added_types.push(format!("`{shape}` ({type_kind})"))
            }
            ChangeKind::OperationInputChanged {
                operation,
                old,
                new,
            } => lines.push((v, format!("operation `{operation}`: input {old} → {new}"))),
            ChangeKind::TypeRemoved { shape, type_kind } => {
                lines.push((v, format!("{type_kind} `{shape}` removed")))
            }
            ChangeKind::TypeKindChanged { shape, old, new } => {
                lines.push((v, format!("`{shape}`: {old} → {new}")))
            }
            ChangeKind::MemberAdded {
                shape,
                member,
                ty,
                required,
            } => lines.push((
                v,
                format!(
                    "`{shape}.{member}` added: {ty}, {}",
                    required_word(*required)
                ),
            )),
            ChangeKind::MemberRemoved {
                shape,
                member,
                ty,
                required,
            } => lines.push((
                v,
                format!(
                    "`{shape}.{member}` removed (was {ty}, {})",
                    required_word(*required)
                ),
            )),
            ChangeKind::MemberTypeChanged {
                shape,
                member,
                old,
                new,
            } => lines.push((v, format!("`{shape}.{member}`: {old} → {new}"))),
            ChangeKind::MemberRequiredChanged {
                shape,
                member,
                required,
            } => lines.push((
                v,
                format!("`{shape}.{member}`: now {}", required_word(*required)),
            )),
            ChangeKind::EnumValueAdded { shape, value } => {
                enums.entry(shape).or_default().added.push(value)
            }
            ChangeKind::EnumValueRemoved { shape, value } => {
                enums.entry(shape).or_default().removed.push(value)
            }
        }
    }
    if !added_ops.is_empty() {
        let _ = writeln!(out, "- minor: operations added: {}", codes(&added_ops));
    }
    if !removed_ops.is_empty() {
        let _ = writeln!(out, "- major: operations removed: {}", codes(&removed_ops));
    }
    for (verdict, line) in &lines {
        let _ = writeln!(out, "- {verdict}: {line}");
    }
    // Added values are minor and removed ones major, always (see `ChangeKind::verdict`).
    for (shape, values) in &enums {
        if !values.added.is_empty() {
            let _ = writeln!(
                out,
                "- minor: enum `{shape}` values added: {}",
                codes(&values.added)
            );
        }
        if !values.removed.is_empty() {
            let _ = writeln!(
                out,
                "- major: enum `{shape}` values removed: {}",
                codes(&values.removed)
            );
        }
    }
    if !added_types.is_empty() {
        let _ = writeln!(out, "- minor: types added: {}", added_types.join(", "));
    }
    if s.documentation_changes > 0 {
        let _ = writeln!(
            out,
            "- patch: {} documentation-only change{} (not listed)",
            s.documentation_changes,
            if s.documentation_changes == 1 {
                ""
            } else {
                "s"
            }
        );
    }

    let added: Vec<&str> = tasks_with(s, TaskStatus::Added);
    let removed: Vec<&str> = tasks_with(s, TaskStatus::Removed);
    let changed: Vec<_> = s
        .tasks
        .iter()
        .filter(|t| t.status == TaskStatus::Changed)
        .collect();
    if added.is_empty() && removed.is_empty() && changed.is_empty() {
        return;
    }
    out.push_str("\nTasks of `sfn-tasks` (parameters as ASL key paths):\n\n");
    if !added.is_empty() {
        let _ = writeln!(out, "- minor: new tasks: {}", codes(&added));
    }
    if !removed.is_empty() {
        let _ = writeln!(out, "- major: removed tasks: {}", codes(&removed));
    }
    if changed.is_empty() {
        return;
    }
    if !added.is_empty() || !removed.is_empty() {
        out.push('\n');
    }
    out.push_str("| task | verdict | parameters added | removed | changed |\n| --- | --- | --- | --- | --- |\n");
    for t in changed {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            t.task,
            t.verdict,
            cell(&codes(&t.parameters_added)),
            cell(&codes(&t.parameters_removed)),
            cell(&t.parameters_changed.join("; ")),
        );
    }
}

/// Enum values added and removed, per enumeration.
#[derive(Default)]
struct EnumValues<'a> {
    added: Vec<&'a str>,
    removed: Vec<&'a str>,
}

fn tasks_with(s: &ServiceReport, status: TaskStatus) -> Vec<&str> {
    s.tasks
        .iter()
        .filter(|t| t.status == status)
        .map(|t| t.task.as_str())
        .collect()
}

fn required_word(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

fn codes<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|i| format!("`{}`", i.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn names<'a>(keys: impl Iterator<Item = &'a String>) -> String {
    keys.map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// A table cell cannot hold a pipe or a line break.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
