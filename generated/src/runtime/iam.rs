//! IAM policy statements and documents, and ARN helpers.
//!
//! Tasks describe the permissions they need as [`PolicyStatement`]s; a state
//! machine collects them into one [`PolicyDocument`], which merges duplicate
//! grants and sorts everything so the output is stable.
//!
//! ARNs use CloudFormation pseudo-parameter placeholders (`${AWS::Partition}`,
//! `${AWS::Region}`, `${AWS::AccountId}`) until concrete values are bound with
//! [`Bindings`]:
//!
//! ```
//! use sfn_tasks::runtime::{arn, Bindings};
//!
//! let table = arn("dynamodb", "table/Orders");
//! assert_eq!(table, "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Orders");
//!
//! let bound = Bindings::new().partition("aws").region("eu-west-1").account("123456789012");
//! assert_eq!(bound.apply(&table), "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders");
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{Map, Value};

/// The placeholder for the partition (`aws`, `aws-cn`, `aws-us-gov`).
pub const PARTITION: &str = "${AWS::Partition}";
/// The placeholder for the region the state machine runs in.
pub const REGION: &str = "${AWS::Region}";
/// The placeholder for the account the state machine runs in.
pub const ACCOUNT_ID: &str = "${AWS::AccountId}";
/// The placeholder for the domain suffix (`amazonaws.com`).
pub const URL_SUFFIX: &str = "${AWS::URLSuffix}";

/// An ARN in the state machine's own region and account:
/// `arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:<resource>`.
///
/// ```
/// assert_eq!(
///     sfn_tasks::runtime::arn("sqs", "orders"),
///     "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:orders"
/// );
/// ```
pub fn arn(service: &str, resource: &str) -> String {
    Arn::new(service, resource).to_string()
}

/// An ARN with an empty region and account, as S3 uses:
/// `arn:${AWS::Partition}:<service>:::<resource>`.
///
/// ```
/// assert_eq!(
///     sfn_tasks::runtime::global_arn("s3", "my-bucket/*"),
///     "arn:${AWS::Partition}:s3:::my-bucket/*"
/// );
/// ```
pub fn global_arn(service: &str, resource: &str) -> String {
    Arn::new(service, resource)
        .region("")
        .account("")
        .to_string()
}

/// An ARN under construction. Region and account default to the
/// placeholders; set either to `""` for services whose ARNs leave it empty
/// (IAM has no region, S3 has neither).
///
/// ```
/// use sfn_tasks::runtime::Arn;
///
/// let role = Arn::new("iam", "role/Worker").region("").to_string();
/// assert_eq!(role, "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/Worker");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    partition: String,
    service: String,
    region: String,
    account: String,
    resource: String,
}

impl Arn {
    /// An ARN for `service` and `resource` in the current partition, region and account.
    pub fn new(service: impl Into<String>, resource: impl Into<String>) -> Self {
        Arn {
            partition: PARTITION.to_owned(),
            service: service.into(),
            region: REGION.to_owned(),
            account: ACCOUNT_ID.to_owned(),
            resource: resource.into(),
        }
    }

    /// Replaces the partition.
    pub fn partition(mut self, partition: impl Into<String>) -> Self {
        self.partition = partition.into();
        self
    }

    /// Replaces the region (`""` for none).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Replaces the account (`""` for none).
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.account = account.into();
        self
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account, self.resource
        )
    }
}

/// Concrete values for the ARN placeholders. Unset values stay placeholders.
///
/// ```
/// use sfn_tasks::runtime::Bindings;
///
/// let b = Bindings::new().partition("aws-cn");
/// assert_eq!(b.apply("arn:${AWS::Partition}:sqs:${AWS::Region}:1:q"), "arn:aws-cn:sqs:${AWS::Region}:1:q");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bindings {
    partition: Option<String>,
    region: Option<String>,
    account: Option<String>,
    url_suffix: Option<String>,
}

impl Bindings {
    /// No bindings: every placeholder stays.
    pub fn new() -> Self {
        Self::default()
    }

    /// Binds `${AWS::Partition}`.
    pub fn partition(mut self, value: impl Into<String>) -> Self {
        self.partition = Some(value.into());
        self
    }

    /// Binds `${AWS::Region}`.
    pub fn region(mut self, value: impl Into<String>) -> Self {
        self.region = Some(value.into());
        self
    }

    /// Binds `${AWS::AccountId}`.
    pub fn account(mut self, value: impl Into<String>) -> Self {
        self.account = Some(value.into());
        self
    }

    /// Binds `${AWS::URLSuffix}`.
    pub fn url_suffix(mut self, value: impl Into<String>) -> Self {
        self.url_suffix = Some(value.into());
        self
    }

    /// The bound partition, if any.
    pub fn bound_partition(&self) -> Option<&str> {
        self.partition.as_deref()
    }

    /// Whether nothing is bound.
    pub fn is_empty(&self) -> bool {
        self.partition.is_none()
            && self.region.is_none()
            && self.account.is_none()
            && self.url_suffix.is_none()
    }

    /// Replaces the bound placeholders in `text`.
    pub fn apply(&self, text: &str) -> String {
        if !text.contains("${AWS::") {
            return text.to_owned();
        }
        let mut out = text.to_owned();
        for (placeholder, value) in [
            (PARTITION, &self.partition),
            (REGION, &self.region),
            (ACCOUNT_ID, &self.account),
            (URL_SUFFIX, &self.url_suffix),
        ] {
            if let Some(value) = value {
                out = out.replace(placeholder, value);
            }
        }
        out
    }

    /// Applies [`Bindings::apply`] to every string in a JSON value, keys excluded.
    pub fn apply_json(&self, value: &mut Value) {
        if self.is_empty() {
            return;
        }
        match value {
            Value::String(s) if s.contains("${AWS::") => *s = self.apply(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.apply_json(v)),
            Value::Object(map) => map.values_mut().for_each(|v| self.apply_json(v)),
            _ => {}
        }
    }
}

/// Whether a statement grants or denies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Effect {
    /// `"Effect": "Allow"`.
    Allow,
    /// `"Effect": "Deny"`.
    Deny,
}

impl Effect {
    /// The IAM spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// Condition blocks: operator (`StringEquals`) → key (`iam:PassedToService`) → values.
pub type Conditions = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// One IAM statement. Actions and resources are sets, so order and
/// duplicates in the input never show in the output.
///
/// ```
/// use sfn_tasks::runtime::{arn, PolicyStatement};
///
/// let pass_role = PolicyStatement::allow(["iam:PassRole"], [arn("iam", "role/Job")])
///     .condition("StringEquals", "iam:PassedToService", "sagemaker.amazonaws.com");
/// assert_eq!(pass_role.actions().count(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PolicyStatement {
    effect: Effect,
    actions: BTreeSet<String>,
    resources: BTreeSet<String>,
    conditions: Conditions,
}

impl PolicyStatement {
    /// A statement with the given effect and nothing granted yet.
    pub fn new(effect: Effect) -> Self {
        PolicyStatement {
            effect,
            actions: BTreeSet::new(),
            resources: BTreeSet::new(),
            conditions: Conditions::new(),
        }
    }

    /// An `Allow` statement for `actions` on `resources`.
    pub fn allow<A, R>(actions: A, resources: R) -> Self
    where
        A: IntoIterator,
        A::Item: Into<String>,
        R: IntoIterator,
        R::Item: Into<String>,
    {
        Self::new(Effect::Allow)
            .with_actions(actions)
            .with_resources(resources)
    }

    /// Adds one action (`service:Action`).
    pub fn action(mut self, action: impl Into<String>) -> Self {
        self.actions.insert(action.into());
        self
    }

    /// Adds actions.
    pub fn with_actions<A>(mut self, actions: A) -> Self
    where
        A: IntoIterator,
        A::Item: Into<String>,
    {
        self.actions.extend(actions.into_iter().map(Into::into));
        self
    }

    /// Adds one resource ARN (or `*`).
    pub fn resource(mut self, resource: impl Into<String>) -> Self {
        self.resources.insert(resource.into());
        self
    }

    /// Adds resources.
    pub fn with_resources<R>(mut self, resources: R) -> Self
    where
        R: IntoIterator,
        R::Item: Into<String>,
    {
        self.resources.extend(resources.into_iter().map(Into::into));
        self
    }

    /// Adds a condition value, e.g. `("StringEquals", "iam:PassedToService", "states.amazonaws.com")`.
    pub fn condition(
        mut self,
        operator: impl Into<String>,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.conditions
            .entry(operator.into())
            .or_default()
            .entry(key.into())
            .or_default()
            .insert(value.into());
        self
    }

    /// The effect.
    pub fn effect(&self) -> Effect {
        self.effect
    }

    /// The actions, sorted.
    pub fn actions(&self) -> impl Iterator<Item = &str> {
        self.actions.iter().map(String::as_str)
    }

    /// The resources, sorted.
    pub fn resources(&self) -> impl Iterator<Item = &str> {
        self.resources.iter().map(String::as_str)
    }

    /// The conditions.
    pub fn conditions(&self) -> &Conditions {
        &self.conditions
    }

    /// A copy with [`Bindings`] applied to every resource and condition value.
    pub fn bind(&self, bindings: &Bindings) -> Self {
        PolicyStatement {
            effect: self.effect,
            actions: self.actions.clone(),
            resources: self.resources.iter().map(|r| bindings.apply(r)).collect(),
            conditions: self
                .conditions
                .iter()
                .map(|(op, keys)| {
                    let keys = keys
                        .iter()
                        .map(|(k, vs)| (k.clone(), vs.iter().map(|v| bindings.apply(v)).collect()))
                        .collect();
                    (op.clone(), keys)
                })
                .collect(),
        }
    }

    /// The statement as IAM JSON. A single action or resource is written as
    /// a string, several as an array, as the IAM console does.
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("Effect".to_owned(), Value::from(self.effect.as_str()));
        map.insert("Action".to_owned(), one_or_many(&self.actions));
        map.insert("Resource".to_owned(), one_or_many(&self.resources));
        if !self.conditions.is_empty() {
            let mut ops = Map::new();
            for (op, keys) in &self.conditions {
                let mut key_map = Map::new();
                for (key, values) in keys {
                    key_map.insert(key.clone(), one_or_many(values));
                }
                ops.insert(op.clone(), Value::Object(key_map));
            }
            map.insert("Condition".to_owned(), Value::Object(ops));
        }
        Value::Object(map)
    }
}

fn one_or_many(set: &BTreeSet<String>) -> Value {
    if set.len() == 1 {
        Value::from(set.iter().next().map(String::as_str).unwrap_or_default())
    } else {
        Value::Array(set.iter().map(|s| Value::from(s.as_str())).collect())
    }
}

/// An IAM policy document (`Version: 2012-10-17`) whose statements are
/// merged and sorted.
///
/// Merging never widens a grant: two statements with the same effect,
/// conditions and actions become one with the union of their resources;
/// two with the same effect, conditions and resources become one with the
/// union of their actions; this repeats until nothing changes. A `*`
/// resource absorbs the other resources of its statement.
///
/// ```
/// use sfn_tasks::runtime::{PolicyDocument, PolicyStatement};
///
/// let doc = PolicyDocument::from_statements([
///     PolicyStatement::allow(["sqs:SendMessage"], ["arn:aws:sqs:us-east-1:1:a"]),
///     PolicyStatement::allow(["sqs:SendMessage"], ["arn:aws:sqs:us-east-1:1:b"]),
/// ]);
/// assert_eq!(doc.statements().len(), 1);
/// assert_eq!(
///     doc.to_json()["Statement"][0]["Resource"],
///     serde_json::json!(["arn:aws:sqs:us-east-1:1:a", "arn:aws:sqs:us-east-1:1:b"])
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyDocument {
    statements: Vec<PolicyStatement>,
}

impl PolicyDocument {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// A document holding `statements`, merged.
    pub fn from_statements(statements: impl IntoIterator<Item = PolicyStatement>) -> Self {
        let mut doc = PolicyDocument {
            statements: statements.into_iter().collect(),
        };
        doc.merge();
        doc
    }

    /// Adds statements and merges again.
    pub fn extend(&mut self, statements: impl IntoIterator<Item = PolicyStatement>) {
        self.statements.extend(statements);
        self.merge();
    }

    /// The merged statements, in a stable order.
    pub fn statements(&self) -> &[PolicyStatement] {
        &self.statements
    }

    /// Whether the document grants nothing.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// A copy with concrete values for the placeholders.
    pub fn bind(&self, bindings: &Bindings) -> Self {
        if bindings.is_empty() {
            return self.clone();
        }
        PolicyDocument::from_statements(self.statements.iter().map(|s| s.bind(bindings)))
    }

    /// The document as IAM JSON.
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("Version".to_owned(), Value::from("2012-10-17"));
        map.insert(
            "Statement".to_owned(),
            Value::Array(
                self.statements
                    .iter()
                    .map(PolicyStatement::to_json)
                    .collect(),
            ),
        );
        Value::Object(map)
    }

    /// Merges and sorts the statements. Each round groups by a key in a
    /// `BTreeMap`, so a round is O(n log n); rounds stop at a fixed point and
    /// each one that continues has removed at least one statement.
    fn merge(&mut self) {
        let mut current: BTreeSet<PolicyStatement> = std::mem::take(&mut self.statements)
            .into_iter()
            .filter(|s| !s.actions.is_empty() && !s.resources.is_empty())
            .map(|mut s| {
                if s.resources.contains("*") {
                    s.resources = BTreeSet::from(["*".to_owned()]);
                }
                s
            })
            .collect();
        loop {
            let before = current.len();
            current = merge_round(current, true);
            current = merge_round(current, false);
            if current.len() == before {
                break;
            }
        }
        self.statements = current.into_iter().collect();
    }
}

/// One grouping pass: by actions (union resources) or by resources (union actions).
fn merge_round(
    statements: BTreeSet<PolicyStatement>,
    by_actions: bool,
) -> BTreeSet<PolicyStatement> {
    type Key = (Effect, Conditions, BTreeSet<String>);
    let mut groups: BTreeMap<Key, BTreeSet<String>> = BTreeMap::new();
    for s in statements {
        let (key_set, value_set) = if by_actions {
            (s.actions, s.resources)
        } else {
            (s.resources, s.actions)
        };
        groups
            .entry((s.effect, s.conditions, key_set))
            .or_default()
            .extend(value_set);
    }
    groups
        .into_iter()
        .map(|((effect, conditions, key_set), mut value_set)| {
            if by_actions && value_set.contains("*") {
                value_set = BTreeSet::from(["*".to_owned()]);
            }
            let (actions, resources) = if by_actions {
                (key_set, value_set)
            } else {
                (value_set, key_set)
            };
            PolicyStatement {
                effect,
                actions,
                resources,
                conditions,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merges_same_actions_then_same_resources() {
        let doc = PolicyDocument::from_statements([
            PolicyStatement::allow(["a:A"], ["r1"]),
            PolicyStatement::allow(["a:B"], ["r1"]),
            PolicyStatement::allow(["a:A"], ["r2"]),
            PolicyStatement::allow(["a:B"], ["r2"]),
        ]);
        assert_eq!(
            doc.to_json(),
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["a:A", "a:B"], "Resource": ["r1", "r2"]}
            ]})
        );
    }

    #[test]
    fn conditions_keep_statements_apart() {
        let doc = PolicyDocument::from_statements([
            PolicyStatement::allow(["iam:PassRole"], ["r1"]),
            PolicyStatement::allow(["iam:PassRole"], ["r2"]).condition(
                "StringEquals",
                "iam:PassedToService",
                "ecs-tasks.amazonaws.com",
            ),
        ]);
        assert_eq!(doc.statements().len(), 2);
        assert_eq!(
            doc.to_json()["Statement"][1]["Condition"],
            json!({"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}})
        );
    }

    #[test]
    fn wildcard_absorbs_other_resources_and_empty_statements_drop() {
        let doc = PolicyDocument::from_statements([
            PolicyStatement::allow(["x:Y"], ["r1"]),
            PolicyStatement::allow(["x:Y"], ["*"]),
            PolicyStatement::allow(Vec::<String>::new(), ["r"]),
        ]);
        assert_eq!(doc.statements().len(), 1);
        assert_eq!(doc.to_json()["Statement"][0]["Resource"], json!("*"));
    }

    #[test]
    fn order_does_not_matter() {
        let a = PolicyStatement::allow(["b:B"], ["r2"]);
        let b = PolicyStatement::allow(["a:A"], ["r1"]);
        let one = PolicyDocument::from_statements([a.clone(), b.clone()]);
        let two = PolicyDocument::from_statements([b, a]);
        assert_eq!(one, two);
    }

    #[test]
    fn binding_replaces_placeholders() {
        let doc = PolicyDocument::from_statements([PolicyStatement::allow(
            ["dynamodb:PutItem"],
            [arn("dynamodb", "table/T")],
        )]);
        let bound = doc.bind(
            &Bindings::new()
                .partition("aws")
                .region("us-east-1")
                .account("123456789012"),
        );
        assert_eq!(
            bound.to_json()["Statement"][0]["Resource"],
            json!("arn:aws:dynamodb:us-east-1:123456789012:table/T")
        );
    }

    #[test]
    fn global_and_custom_arns() {
        assert_eq!(global_arn("s3", "b"), "arn:${AWS::Partition}:s3:::b");
        assert_eq!(
            Arn::new("lambda", "function:f")
                .partition("aws-cn")
                .to_string(),
            "arn:aws-cn:lambda:${AWS::Region}:${AWS::AccountId}:function:f"
        );
    }
}
