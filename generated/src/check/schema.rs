//! The element types of the parameter schemas: the typed services'
//! generated ones (`services::<service>::schema`) and every other service's,
//! decoded from its compact model.
//!
//! Each service's shapes live in one flat table; members, list elements and
//! map values refer to other shapes by index, so recursive shapes cost
//! nothing and the whole table is static data.

use crate::runtime::IntegrationPattern;
use crate::runtime::grant::Grant;
use crate::runtime::optimized::PassRoleSpec;

/// A shape: what one parameter value may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Any string.
    String,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// A 32-bit integer.
    Integer,
    /// A 64-bit integer.
    Long,
    /// A float.
    Float,
    /// A double.
    Double,
    /// `true` or `false`.
    Boolean,
    /// An ISO 8601 string or epoch seconds.
    Timestamp,
    /// Binary data (a string in ASL).
    Blob,
    /// A free-form JSON document.
    Document,
    /// Any JSON: a task input Step Functions passes through (Lambda's `Payload`).
    Any,
    /// An object with these members.
    Structure(&'static [Member]),
    /// An object with exactly one of these members.
    Union(&'static [Member]),
    /// An array of the shape at this index.
    List(u32),
    /// An object whose values are the shape at this index.
    Map(u32),
}

/// A structure member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// The ASL key (the model's member name with its first letter upper-cased).
    pub name: &'static str,
    /// Index of its shape.
    pub shape: u32,
    /// Whether the API requires it.
    pub required: bool,
}

/// An operation, callable as `aws-sdk:<service>:<action>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// `putItem`.
    pub action: &'static str,
    /// Index of its input structure.
    pub input: Option<u32>,
    /// Why Step Functions cannot call it, when it cannot.
    pub excluded: Option<&'static str>,
}

/// An optimized integration (`arn:aws:states:::dynamodb:putItem`).
#[derive(Debug, Clone, Copy)]
pub struct Optimized {
    /// The service part of its ARN (`dynamodb`; `http` for the HTTP Task,
    /// which EventBridge's module hosts).
    pub service: &'static str,
    /// `putItem`.
    pub action: &'static str,
    /// The patterns Step Functions supports for it.
    pub patterns: &'static [IntegrationPattern],
    /// Index of its parameter structure (the API input with Step Functions' changes).
    pub input: u32,
    /// Whether a literal function ARN may be the `Resource` itself (Lambda).
    pub direct: bool,
    /// Its IAM statements, per pattern.
    pub grants: &'static [Grant],
    /// `iam:PassRole` for the roles it hands over.
    pub pass_role: Option<PassRoleSpec>,
    /// For a typed integration that IAM does not authorize (EKS's
    /// Kubernetes requests): what the role needs instead.
    pub authorized_by: Option<&'static str>,
}

/// Everything the linter knows about one service.
#[derive(Debug, Clone, Copy)]
pub struct ServiceSchema {
    /// The crate's module name (`dynamodb`).
    pub module: &'static str,
    /// The service in `aws-sdk:<service>:` ARNs.
    pub sdk_service: &'static str,
    /// The services of its optimized ARNs (`arn:aws:states:::<service>:…`),
    /// sorted; empty when it has none.
    pub optimized_services: &'static [&'static str],
    /// The shape table.
    pub shapes: &'static [Shape],
    /// Operations, sorted by action.
    pub operations: &'static [Operation],
    /// Optimized integrations, sorted by service and action.
    pub optimized: &'static [Optimized],
    /// The SDK tasks' IAM grants, by action.
    pub grants: &'static [(&'static str, &'static [Grant])],
}

impl ServiceSchema {
    /// The shape at `index` (a document for an index out of range, which
    /// the generator never writes).
    pub fn shape(&self, index: u32) -> Shape {
        self.shapes
            .get(index as usize)
            .copied()
            .unwrap_or(Shape::Document)
    }

    /// The operation called `action` through `aws-sdk:`.
    pub fn operation(&self, action: &str) -> Option<&'static Operation> {
        let ops = self.operations;
        ops.binary_search_by(|o| o.action.cmp(action))
            .ok()
            .map(|i| &ops[i])
    }

    /// The optimized integration `arn:aws:states:::<service>:<action>`.
    pub fn optimized(&self, service: &str, action: &str) -> Option<&'static Optimized> {
        let ops = self.optimized;
        ops.binary_search_by(|o| (o.service, o.action).cmp(&(service, action)))
            .ok()
            .map(|i| &ops[i])
    }

    /// The IAM grants of the SDK task `action`.
    pub fn grants(&self, action: &str) -> Option<&'static [Grant]> {
        self.grants
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, g)| *g)
    }
}
