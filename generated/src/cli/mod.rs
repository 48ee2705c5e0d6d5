//! The library side of the `sfn-tasks` command (feature `cli`): checks,
//! IAM policies, CloudFormation templates and diagrams for state machine
//! definitions written anywhere (console, SAM, Terraform, the CDK).
//!
//! ```
//! use sfn_tasks::cli::{Source, lint};
//!
//! let text = r#"{
//!   "StartAt": "Save",
//!   "States": {
//!     "Save": {
//!       "Type": "Task",
//!       "Resource": "arn:aws:states:::dynamodb:putItem",
//!       "Parameters": {"TabelName": "Orders", "Item": {"id": {"S.$": "$.id"}}},
//!       "End": true
//!     }
//!   }
//! }"#;
//! let source = Source::parse("order.asl.json", text.to_owned()).unwrap();
//! let found = lint(&source);
//! assert_eq!(found[0].code, "unknown-parameter");
//! assert_eq!(found[0].pointer, "/States/Save/Parameters/TabelName");
//! assert_eq!((found[0].line, found[0].column), (7, 22));
//! assert!(found[0].message.contains("did you mean \"TableName\""));
//! ```

mod cfn;
mod graph;
pub use crate::check::json;
mod lint;
mod policy;
mod resource;
pub mod schema;
mod source;
mod template;
mod yaml;

use serde_json::{Value as Json, json};

pub use graph::GraphFormat;
pub use source::{Definition, LoadError, Source};
pub use template::TemplateContext;

use crate::runtime::Bindings;

/// A problem found at an offset of a definition, before it is placed in a file.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    pub(crate) offset: usize,
    pub(crate) pointer: String,
    pub(crate) state: Option<String>,
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The definition is wrong (lint findings).
    Error,
    /// Worth a look (unscoped IAM resources).
    Warning,
}

impl Severity {
    fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A finding placed in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file as given.
    pub file: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column (characters) in the file.
    pub column: usize,
    /// For a definition held in a string (`DefinitionString`), the line
    /// and column inside that string; `line`/`column` then point at the
    /// string itself, or, when a YAML `|` block holds the text verbatim, at
    /// the same place in the file.
    pub inner: Option<(usize, usize)>,
    /// The template resource holding the definition, if any.
    pub resource: Option<String>,
    /// JSON pointer (RFC 6901) into the definition.
    pub pointer: String,
    /// The state concerned, if any.
    pub state: Option<String>,
    /// A stable, short identifier of the rule (`unknown-parameter`).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
}

impl Diagnostic {
    /// One line for people: `file:line:col: error[code]: message (state "S", /pointer)`.
    pub fn to_text(&self) -> String {
        let mut context = Vec::new();
        if let Some(r) = &self.resource {
            context.push(format!("resource {r}"));
        }
        if let Some(s) = &self.state {
            context.push(format!("state {s:?}"));
        }
        if let Some((l, c)) = self.inner {
            context.push(format!("definition line {l} column {c}"));
        }
        context.push(if self.pointer.is_empty() {
            "/".to_owned()
        } else {
            self.pointer.clone()
        });
        format!(
            "{}:{}:{}: {}[{}]: {} ({})",
            self.file,
            self.line,
            self.column,
            self.severity.as_str(),
            self.code,
            self.message,
            context.join(", ")
        )
    }

    /// The diagnostic as a JSON object, for tools.
    pub fn to_json(&self) -> Json {
        json!({
            "severity": self.severity.as_str(),
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "inner": self.inner.map(|(l, c)| json!({"line": l, "column": c})),
            "resource": self.resource,
            "pointer": self.pointer,
            "state": self.state,
            "code": self.code,
            "message": self.message,
        })
    }
}

fn place(
    source: &Source,
    definition: &Definition,
    severity: Severity,
    findings: Vec<Finding>,
) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .map(|f| {
            let ((line, column), inner) = source.position(definition, f.offset);
            Diagnostic {
                severity,
                file: source.file_of(definition).to_owned(),
                line,
                column,
                inner,
                resource: definition.resource.clone(),
                pointer: f.pointer,
                state: f.state,
                code: f.code,
                message: f.message,
            }
        })
        .collect()
}

/// Every finding of every definition of `source` in document order: errors
/// (the definition is wrong) and warnings (a literal that reads as a path
/// under a key without `.$`, a definition that is not in a local file and
/// was not checked), each placed in the file it is in: the template, or the
/// file a SAM `DefinitionUri` names. Only errors make a definition wrong.
///
/// ```
/// use sfn_tasks::cli::{Severity, Source, lint};
///
/// let text = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"id": "$.order.id"}, "End": true}}}"#;
/// let found = lint(&Source::parse("m.asl.json", text.to_owned()).unwrap());
/// assert_eq!((found[0].severity, found[0].code), (Severity::Warning, "literal-path"));
/// assert!(found[0].message.ends_with("did you mean \"id.$\"?"));
/// ```
pub fn lint(source: &Source) -> Vec<Diagnostic> {
    lint::lint_all(source)
}

/// The IAM policy document the first definition needs, with `bindings`
/// applied (placeholders stay when unbound), and warnings about grants that
/// cannot be scoped.
pub fn policy(
    source: &Source,
    definition: &Definition,
    bindings: &Bindings,
    machine_name: Option<&str>,
) -> (Json, Vec<Diagnostic>) {
    let (document, warnings) = policy::derive(&definition.root, machine_name, &definition.context);
    (
        document.bind(bindings).to_json(),
        place(source, definition, Severity::Warning, warnings),
    )
}

/// A CloudFormation template (role, policy, state machine) for a definition.
pub fn cloudformation(
    source: &Source,
    definition: &Definition,
    bindings: &Bindings,
    name: Option<&str>,
) -> (Json, Vec<Diagnostic>) {
    let (template, warnings) = cfn::template(&definition.root, name, bindings, &definition.context);
    (
        template,
        place(source, definition, Severity::Warning, warnings),
    )
}

/// A diagram of a definition.
pub fn graph(definition: &Definition, format: GraphFormat) -> String {
    graph::render(&definition.root, format)
}
