//! The lowered model of one service: its input types here, and what the
//! extensions add in the submodules ([`optimized`] integrations, [`sdk`]
//! tasks, the linter's [`schema`]). It holds every decision (names, types,
//! boxing, docs); [`crate::render`] alone turns it into files, and the
//! templates only loop over it and print. Everything is sorted, so the
//! output does not depend on iteration order.

pub mod optimized;
pub mod schema;
pub mod sdk;

use serde::Serialize;

/// One service, ready to render.
#[derive(Debug, Serialize)]
pub struct ServiceIr {
    /// Botocore folder name (`stepfunctions`).
    pub key: String,
    /// Module and feature name (`sfn`).
    pub module: String,
    /// AWS's long name (`AWS Step Functions`).
    pub title: String,
    /// The model's API version.
    pub api_version: String,
    /// Operations in name order.
    pub operations: Vec<OperationIr>,
    /// Structures, sorted by Rust name.
    pub structs: Vec<StructIr>,
    /// Unions, sorted by Rust name.
    pub unions: Vec<UnionIr>,
    /// Enumerations, sorted by Rust name.
    pub enums: Vec<EnumIr>,
    /// Optimized integrations, when the service has curated ones.
    pub optimized: Option<optimized::TasksIr>,
    /// SDK integration tasks, when the tree has the SDK and IAM data.
    pub sdk: Option<sdk::SdkIr>,
    /// The linter's schema, when the tree has the SDK data.
    pub schema: Option<schema::SchemaIr>,
}

/// One operation.
#[derive(Debug, Serialize)]
pub struct OperationIr {
    /// Botocore name (`PutItem`).
    pub name: String,
    /// Rust name of the input type, if the operation takes input.
    pub input: Option<String>,
    /// First paragraph of the operation's docs, one line.
    pub summary: String,
}

/// A structure.
#[derive(Debug, Serialize)]
pub struct StructIr {
    /// Rust name.
    pub name: String,
    /// Botocore shape name.
    pub shape: String,
    /// Doc lines (Markdown).
    pub doc: Vec<String>,
    /// Members in model order.
    pub fields: Vec<FieldIr>,
    /// Whether any member is required (then there is no `Default`).
    pub has_required: bool,
}

/// A structure member.
#[derive(Debug, Clone, Serialize)]
pub struct FieldIr {
    /// Rust field name, keyword-escaped (`r#type`).
    pub ident: String,
    /// Setter name (`with_type`); for union members, the constructor function (`s`).
    pub setter: String,
    /// ASL key (`Type`).
    pub wire: String,
    /// The literal type inside `Field<…>` as the user passes it.
    pub ty: String,
    /// The type stored in the struct field or union variant (boxing and
    /// `Option` applied).
    pub stored: String,
    /// Whether the field is boxed to break a recursive cycle.
    pub boxed: bool,
    /// Whether the model requires the member.
    pub required: bool,
    /// Doc lines (Markdown).
    pub doc: Vec<String>,
}

/// A union: exactly one member is set.
#[derive(Debug, Serialize)]
pub struct UnionIr {
    /// Rust name.
    pub name: String,
    /// Botocore shape name.
    pub shape: String,
    /// Doc lines (Markdown).
    pub doc: Vec<String>,
    /// One variant per member, in model order.
    pub variants: Vec<FieldIr>,
}

/// A string enumeration.
#[derive(Debug, Serialize)]
pub struct EnumIr {
    /// Rust name.
    pub name: String,
    /// Botocore shape name.
    pub shape: String,
    /// Doc lines (Markdown).
    pub doc: Vec<String>,
    /// Known values in model order.
    pub variants: Vec<EnumVariantIr>,
    /// Name of the variant that carries values newer than the model.
    pub escape: String,
}

/// One enumeration value.
#[derive(Debug, Serialize)]
pub struct EnumVariantIr {
    /// Rust variant name.
    pub ident: String,
    /// The value as AWS spells it.
    pub value: String,
}

/// One IAM grant of a task, optimized or SDK alike: printed as a
/// `crate::runtime::grant::Grant` by the one `grants` template macro.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct GrantIr {
    /// `IntegrationPattern` variants that need it; empty: every pattern.
    pub patterns: Vec<String>,
    /// `prefix:Action` names.
    pub actions: Vec<String>,
    /// Resource templates; empty: `*`.
    pub resources: Vec<TemplateIr>,
    /// Pointers of which one must be set; empty: always.
    pub when: Vec<String>,
    /// `(operator, key, value)` conditions.
    pub conditions: Vec<(String, String, String)>,
}

/// An ARN template and the parameters that fill its variables.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct TemplateIr {
    /// The ARN template (`arn:${Partition}:dynamodb:…:table/${TableName}`).
    pub arn: String,
    /// Variable bindings.
    pub bindings: Vec<BindingIr>,
}

/// One template variable bound to a parameter.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct BindingIr {
    /// Variable (empty for a whole-ARN binding).
    pub variable: String,
    /// JSON pointer into the rendered parameters.
    pub pointer: String,
    /// `Extract` variant name.
    pub extract: String,
}
