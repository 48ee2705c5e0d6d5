//! The lowered model of one service: its input types here, and what the
//! extensions add in the submodules ([`optimized`] integrations, [`sdk`]
//! tasks, the linter's [`schema`]). It holds every decision (names, types,
//! boxing, docs); [`crate::render`] alone turns it into files, and the
//! templates only loop over it and print. Everything is sorted, so the
//! output does not depend on iteration order.
//!
//! One task shape rule, for both kinds of task: a task whose parameters are
//! exactly an API input wraps the generated input type (SDK tasks:
//! `sdk::PutItem::new(types::PutItemInput::new(…))`, no second copy of
//! thousands of members); a task whose parameters differ from the API input
//! (optimized integrations: members removed, added, retyped, defaulted by
//! the curated data) holds its own fields, because no generated type has
//! them. Both print their grants through the one `grants` macro and read
//! them through `runtime::grant`.

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
    /// Whether the service has hand-written helpers
    /// (`generated/src/helpers/<module>.rs`) that its module re-exports.
    pub helpers: bool,
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
    pub ty: RustType,
    /// The type stored in the struct field or union variant (boxing and
    /// `Option` applied).
    pub stored: Stored,
    /// Whether the field is boxed to break a recursive cycle.
    pub boxed: bool,
    /// Whether the model requires the member.
    pub required: bool,
    /// Whether a new value starts as the whole state input (`"Key.$": "$"`)
    /// until set (an optimized task's `Payload`, `Input`).
    pub whole_input_default: bool,
    /// Doc lines (Markdown).
    pub doc: Vec<String>,
}

impl FieldIr {
    /// Changes the member's type and required-ness, keeping the stored type
    /// in step (a field without a cycle is never boxed).
    pub fn retype(&mut self, ty: RustType, required: bool) {
        self.boxed = false;
        self.required = required;
        self.stored = Stored {
            ty: ty.clone(),
            boxed: false,
            optional: !required,
        };
        self.ty = ty;
    }
}

/// The Rust type of a literal value. [`RustType::source`] is the one place
/// that spells types as Rust source; templates receive that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `String`.
    String,
    /// A 64-bit integer (botocore `integer` and `long`).
    Integer,
    /// A 64-bit float (botocore `float` and `double`).
    Float,
    /// `bool`.
    Bool,
    /// `crate::runtime::Timestamp`.
    Timestamp,
    /// `crate::runtime::Blob`.
    Blob,
    /// A free-form JSON document (`serde_json::Value`).
    Json,
    /// Any JSON a task passes through (`crate::runtime::TaskInput`).
    TaskInput,
    /// A type generated in the service's `types` module.
    Named(String),
    /// A list.
    List(Box<RustType>),
    /// A map with string keys, each value a `Field` of its own.
    Map(Box<RustType>),
}

impl RustType {
    /// The type as Rust source, with absolute paths.
    pub fn source(&self) -> String {
        match self {
            RustType::String => "::std::string::String".to_owned(),
            RustType::Integer => "i64".to_owned(),
            RustType::Float => "f64".to_owned(),
            RustType::Bool => "bool".to_owned(),
            RustType::Timestamp => "crate::runtime::Timestamp".to_owned(),
            RustType::Blob => "crate::runtime::Blob".to_owned(),
            RustType::Json => "::serde_json::Value".to_owned(),
            RustType::TaskInput => "crate::runtime::TaskInput".to_owned(),
            RustType::Named(name) => name.clone(),
            RustType::List(item) => format!("::std::vec::Vec<{}>", item.source()),
            RustType::Map(value) => format!(
                "::std::collections::BTreeMap<::std::string::String, crate::runtime::Field<{}>>",
                value.source()
            ),
        }
    }
}

impl Serialize for RustType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source())
    }
}

/// The type a struct field or union variant stores: `Field<T>`, boxed to
/// break a recursive cycle, in an `Option` unless the member is required.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The literal type.
    pub ty: RustType,
    /// Whether the literal is boxed.
    pub boxed: bool,
    /// Whether the field may be absent.
    pub optional: bool,
}

impl Stored {
    /// The stored type as Rust source.
    pub fn source(&self) -> String {
        let inner = if self.boxed {
            format!("::std::boxed::Box<{}>", self.ty.source())
        } else {
            self.ty.source()
        };
        let field = format!("crate::runtime::Field<{inner}>");
        if self.optional {
            format!("::std::option::Option<{field}>")
        } else {
            field
        }
    }
}

impl Serialize for Stored {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source())
    }
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
    /// Conditions whose values are parameters' (none in the compact
    /// models, which leave the field out).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bound_conditions: Vec<ConditionBindingIr>,
}

/// A condition bound to a parameter, printed as a
/// `crate::runtime::bind::ConditionBinding`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConditionBindingIr {
    /// `StringEquals`, `StringLike`, …
    pub operator: String,
    /// The condition key.
    pub key: String,
    /// JSON pointer into the rendered parameters.
    pub pointer: String,
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
    /// The value AWS uses when the member is absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

impl GrantIr {
    /// The first statement a task grants when the parameters at `set` (and no
    /// others) come from paths: the first grant of the pattern whose condition
    /// they meet, with the actions of the later ones that land on the same
    /// resources, each variable a wildcard. Actions and resources sorted, as
    /// statements keep them.
    pub fn first_statement(
        grants: &[GrantIr],
        pattern: &str,
        set: &[String],
    ) -> Option<(Vec<String>, Vec<String>)> {
        let applies = |g: &&GrantIr| {
            (g.patterns.is_empty() || g.patterns.iter().any(|p| p == pattern))
                && (g.when.is_empty() || g.when.iter().any(|w| set.contains(w)))
        };
        let resources = |g: &GrantIr| {
            let mut out: Vec<String> = if g.resources.is_empty() {
                vec!["*".to_owned()]
            } else {
                g.resources.iter().map(|t| wildcard_arn(&t.arn)).collect()
            };
            out.sort();
            out.dedup();
            out
        };
        let first = grants.iter().find(applies)?;
        let at = resources(first);
        let mut actions: Vec<String> = grants
            .iter()
            .filter(applies)
            .filter(|g| {
                resources(g) == at
                    && g.conditions == first.conditions
                    && g.bound_conditions == first.bound_conditions
            })
            .flat_map(|g| g.actions.iter().cloned())
            .collect();
        actions.sort();
        actions.dedup();
        Some((actions, at))
    }
}

/// An ARN template with CloudFormation pseudo parameters for partition,
/// region and account and a wildcard for every other variable (a wildcard
/// next to the template's own `*` is one, as the binder writes it).
pub fn wildcard_arn(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        out.push_str(match &after[..end] {
            "Partition" => "${AWS::Partition}",
            "Region" => "${AWS::Region}",
            "Account" => "${AWS::AccountId}",
            _ => "*",
        });
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    while out.contains("**") {
        out = out.replace("**", "*");
    }
    out
}
