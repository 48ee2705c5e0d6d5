//! The one IAM grant model of every generated task, optimized and SDK alike:
//! static [`Grant`] tables written by `cargo xtask regen`, and
//! [`statements`], which binds them to a task's rendered parameters.
//!
//! The linter's schema reads the same tables, so `sfn-tasks policy` on a
//! hand-written definition and the library on a built one grant the same.

use serde_json::Value;

use super::bind::{ResourceTemplate, resolve_all, when_holds};
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
}

/// The statements `grants` call for under `pattern`, bound to the rendered
/// `parameters`. Grants that end up on the same resources with the same
/// conditions share one statement, in the order of their first grant.
pub fn statements(
    grants: &[Grant],
    pattern: IntegrationPattern,
    parameters: &Value,
) -> Vec<PolicyStatement> {
    let mut merged: Vec<(Vec<String>, Conditions, Vec<&'static str>)> = Vec::new();
    for grant in grants.iter().filter(|g| g.applies(pattern, parameters)) {
        let resources = grant.bound_resources(parameters);
        match merged
            .iter_mut()
            .find(|(r, c, _)| *r == resources && *c == grant.conditions)
        {
            Some((_, _, actions)) => {
                for action in grant.actions {
                    if !actions.contains(action) {
                        actions.push(action);
                    }
                }
            }
            None => merged.push((resources, grant.conditions, grant.actions.to_vec())),
        }
    }
    merged
        .into_iter()
        .map(|(resources, conditions, actions)| {
            conditions.iter().fold(
                PolicyStatement::allow(actions, resources),
                |statement, (operator, key, value)| statement.condition(*operator, *key, *value),
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
