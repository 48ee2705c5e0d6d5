//! The IR of a service's linter schema (`schema.rs`): one flat shape table.

use serde::Serialize;

/// One entry of the shape table.
#[derive(Debug, Serialize)]
pub struct ShapeIr {
    /// `crate::cli::schema::Shape` variant.
    pub kind: &'static str,
    /// Botocore name, for a comment (empty for synthetic shapes).
    pub name: String,
    /// Enum values.
    pub values: Vec<String>,
    /// Structure and union members.
    pub members: Vec<MemberIr>,
    /// List element or map value, as a table index.
    pub target: usize,
    /// The regular expression a string must match (the catalog's data only).
    pub pattern: Option<String>,
    /// Smallest value, length or count (the catalog's data only).
    pub min: Option<serde_json::Number>,
    /// Largest value, length or count (the catalog's data only).
    pub max: Option<serde_json::Number>,
}

/// A structure member.
#[derive(Debug, Serialize)]
pub struct MemberIr {
    /// ASL key.
    pub wire: String,
    /// Table index of its shape.
    pub shape: usize,
    /// Whether it must be present.
    pub required: bool,
}

/// An operation callable through `aws-sdk:`.
#[derive(Debug, Serialize)]
pub struct OperationIr {
    /// Action in the Resource ARN (`putItem`).
    pub action: String,
    /// Input structure index, if any.
    pub input: Option<usize>,
    /// Why Step Functions cannot call it, when it cannot.
    pub excluded: Option<String>,
}

/// An optimized integration.
#[derive(Debug, Serialize)]
pub struct OptimizedIr {
    /// Service in the Resource ARN.
    pub service: String,
    /// Action in the Resource ARN.
    pub action: String,
    /// `IntegrationPattern` variants.
    pub patterns: Vec<String>,
    /// Synthetic input structure index.
    pub input: usize,
    /// The typed task (`RunTask`), whose `GRANTS` and `PASS_ROLE` the
    /// schema shares instead of repeating them.
    pub task: String,
    /// Whether the task passes roles (has `PASS_ROLE`).
    pub pass_role: bool,
    /// Whether a literal function ARN may be the `Resource` itself.
    pub direct: bool,
    /// For a typed task that IAM does not authorize: what the role needs
    /// instead.
    pub authorized_by: Option<String>,
}

/// A service's schema for the linter.
#[derive(Debug, Serialize)]
pub struct SchemaIr {
    /// The service in `aws-sdk:<service>:` ARNs.
    pub sdk_service: String,
    /// The services of its optimized ARNs, sorted; empty without any.
    pub optimized_services: Vec<String>,
    /// The shape table.
    pub shapes: Vec<ShapeIr>,
    /// Operations, sorted by action.
    pub operations: Vec<OperationIr>,
    /// Optimized integrations, sorted by service and action.
    pub optimized: Vec<OptimizedIr>,
}
