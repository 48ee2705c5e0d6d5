//! The one IAM grant model of every generated task, optimized and SDK alike:
//! static [`Grant`] tables written by `cargo xtask regen`, and
//! [`statements`], which binds them to a task's rendered parameters.
//!
//! The linter's schema reads the same tables, so `sfn-tasks policy` on a
//! hand-written definition and the library on a built one grant the same.

use serde_json::Value;

use super::bind::{ConditionBinding, ResourceTemplate, condition_values, resolve_all, when_holds};
use super::iam::PolicyStatement;
use super::task::IntegrationPattern;

/// `(operator, key, value)` conditions of a statement.
pub type Conditions = &'static [(&'static str, &'static str, &'static str)];

/// Actions a task needs on the resources its parameters name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    /// The patterns that need it; empty means every pattern.
    pub patterns: &'static [IntegrationPattern],
    /// `prefix:Action` names.
    pub actions: &'static [&'static str],
    /// Resource templates bound to the parameters; empty means the actions
    /// have no resource-level permissions and are granted on `*`.
    pub resources: &'static [ResourceTemplate],
    /// Only when one of these parameters (JSON pointers) is set, literally
    /// or as a `.$` key, or with `=VALUE` appended, when it may be that
    /// value (`/AuthType=IAM_ROLE`); empty means always.
    pub when: &'static [&'static str],
    /// Conditions of the statement.
    pub conditions: Conditions,
    /// Conditions whose values are parameters' (the HTTP Task's method and
    /// endpoint); each is left out when its value is not known.
    pub bound_conditions: &'static [ConditionBinding],
}

impl Grant {
    /// Whether `pattern` and the rendered `parameters` call for this grant.
    pub fn applies(&self, pattern: IntegrationPattern, parameters: &Value) -> bool {
        (self.patterns.is_empty() || self.patterns.contains(&pattern))
            && (self.when.is_empty() || self.when.iter().any(|p| when_holds(parameters, p)))
    }

    /// The resources, bound to the parameters (literal values name the
    /// resource, dynamic ones leave a scoped wildcard), sorted.
    fn bound_resources(&self, parameters: &Value) -> Vec<String> {
        let mut resources: Vec<String> = if self.resources.is_empty() {
            vec!["*".to_owned()]
        } else {
            self.resources
                .iter()
                .flat_map(|t| resolve_all(t, parameters))
                .collect()
        };
        resources.sort();
        resources.dedup();
        resources
    }

    /// The static conditions and the bound ones, sorted.
    fn all_conditions(&self, parameters: &Value) -> Vec<(String, String, String)> {
        let mut out: Vec<(String, String, String)> = self
            .conditions
            .iter()
            .map(|(o, k, v)| ((*o).to_owned(), (*k).to_owned(), (*v).to_owned()))
            .collect();
        for binding in self.bound_conditions {
            for value in condition_values(binding, parameters).unwrap_or_default() {
                out.push((binding.operator.to_owned(), binding.key.to_owned(), value));
            }
        }
        out.sort();
        out
    }
}

/// The statements `grants` call for under `pattern`, bound to the rendered
/// `parameters`. Grants that end up on the same resources with the same
/// conditions share one statement, in the order of their first grant.
pub fn statements(
    grants: &[Grant],
    pattern: IntegrationPattern,
    parameters: &Value,
) -> Vec<PolicyStatement> {
    type Merged = (
        Vec<String>,
        Vec<(String, String, String)>,
        Vec<&'static str>,
    );
    let mut merged: Vec<Merged> = Vec::new();
    for grant in grants.iter().filter(|g| g.applies(pattern, parameters)) {
        let resources = grant.bound_resources(parameters);
        let conditions = grant.all_conditions(parameters);
        match merged
            .iter_mut()
            .find(|(r, c, _)| *r == resources && *c == conditions)
        {
            Some((_, _, actions)) => {
                for action in grant.actions {
                    if !actions.contains(action) {
                        actions.push(action);
                    }
                }
            }
            None => merged.push((resources, conditions, grant.actions.to_vec())),
        }
    }
    merged
        .into_iter()
        .map(|(resources, conditions, actions)| {
            conditions.into_iter().fold(
                PolicyStatement::allow(actions, resources),
                |statement, (operator, key, value)| statement.condition(operator, key, value),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::bind::{Binding, Extract};
    use serde_json::json;

    const TABLE: ResourceTemplate = ResourceTemplate {
        arn: "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}",
        bindings: &[Binding {
            variable: "TableName",
            pointer: "/TableName",
            extract: Extract::ArnOrName,
            default: None,
        }],
    };

    const fn grant(
        actions: &'static [&'static str],
        resources: &'static [ResourceTemplate],
    ) -> Grant {
        Grant {
            patterns: &[],
            actions,
            resources,
            when: &[],
            conditions: &[],
            bound_conditions: &[],
        }
    }

    #[test]
    fn grants_on_the_same_resources_share_a_statement() {
        let grants = [
            grant(&["dynamodb:PutItem"], &[TABLE]),
            grant(&["dynamodb:ConditionCheckItem"], &[TABLE]),
            grant(&["dynamodb:ListTables"], &[]),
        ];
        let statements = statements(
            &grants,
            IntegrationPattern::RequestResponse,
            &json!({"TableName": "Orders"}),
        );
        assert_eq!(statements.len(), 2);
        let first = statements[0].to_json();
        assert_eq!(
            first["Action"],
            json!(["dynamodb:ConditionCheckItem", "dynamodb:PutItem"])
        );
        assert_eq!(
            first["Resource"],
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Orders"
        );
        assert_eq!(statements[1].to_json()["Resource"], "*");
    }

    #[test]
    fn bound_conditions_take_the_parameters_values() {
        const METHOD: ConditionBinding = ConditionBinding {
            operator: "StringEquals",
            key: "states:HTTPMethod",
            pointer: "/Method",
        };
        const ENDPOINT: ConditionBinding = ConditionBinding {
            operator: "StringLike",
            key: "states:HTTPEndpoint",
            pointer: "/ApiEndpoint",
        };
        let grants = [Grant {
            bound_conditions: &[METHOD, ENDPOINT],
            ..grant(&["states:InvokeHTTPEndpoint"], &[])
        }];
        let condition = |parameters: Value| {
            statements(&grants, IntegrationPattern::RequestResponse, &parameters)[0].to_json()
                ["Condition"]
                .clone()
        };
        assert_eq!(
            condition(json!({"Method": "GET", "ApiEndpoint": "https://api.example.com/v1/x"})),
            json!({"StringEquals": {"states:HTTPMethod": "GET"},
                   "StringLike": {"states:HTTPEndpoint": "https://api.example.com/v1/x"}})
        );
        // A format with a literal template keeps its literal parts; a path
        // leaves its condition out.
        assert_eq!(
            condition(json!({
                "Method.$": "$.method",
                "ApiEndpoint.$": "States.Format('https://api.example.com/v1/{}/items/{}', $.a, $.b)"
            })),
            json!({"StringLike": {"states:HTTPEndpoint": "https://api.example.com/v1/*/items/*"}})
        );
        assert_eq!(
            condition(json!({"Method": "POST", "ApiEndpoint": "${Endpoint}/orders"})),
            json!({"StringEquals": {"states:HTTPMethod": "POST"},
                   "StringLike": {"states:HTTPEndpoint": "*/orders"}})
        );
        assert_eq!(
            condition(json!({"Method": "{% $m %}", "ApiEndpoint.$": "$.url"})),
            Value::Null
        );
    }

    #[test]
    fn patterns_and_parameters_select_grants() {
        let sync_only = Grant {
            patterns: &[IntegrationPattern::RunJob],
            ..grant(&["dynamodb:DescribeTable"], &[TABLE])
        };
        let when_tagged = Grant {
            when: &["/Tags"],
            conditions: &[("StringEquals", "aws:RequestTag/team", "a")],
            ..grant(&["dynamodb:TagResource"], &[TABLE])
        };
        let grants = [sync_only, when_tagged];
        let untagged = json!({"TableName": "Orders"});
        assert!(statements(&grants, IntegrationPattern::RequestResponse, &untagged).is_empty());
        assert_eq!(
            statements(&grants, IntegrationPattern::RunJob, &untagged).len(),
            1
        );
        let tagged = json!({"TableName": "Orders", "Tags.$": "$.tags"});
        let only = statements(&grants, IntegrationPattern::RequestResponse, &tagged);
        assert_eq!(only.len(), 1);
        assert_eq!(
            only[0].to_json()["Condition"]["StringEquals"]["aws:RequestTag/team"],
            "a"
        );
    }
}
