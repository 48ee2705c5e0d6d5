//! What the generated AWS SDK integration tasks share: their resource ARN and
//! the IAM statements derived from the service-authorization data.

use serde_json::Value;

use super::bind::{ResourceTemplate, is_set, resolve_all};
use super::{IntegrationPattern, PolicyStatement, Resource};

/// One IAM action an operation needs and the resources it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    /// `dynamodb:PutItem`.
    pub action: &'static str,
    /// Resource templates; empty means the action has no resource-level
    /// permissions and is granted on `*`.
    pub resources: &'static [ResourceTemplate],
    /// Granted only when one of these parameters (JSON pointers) is present,
    /// literally or as a `.$` key; empty means always.
    pub when: &'static [&'static str],
    /// Conditions of the statement, as (operator, key, value).
    pub conditions: &'static [(&'static str, &'static str, &'static str)],
}

impl Grant {
    /// A grant needed on every call.
    pub const fn new(action: &'static str, resources: &'static [ResourceTemplate]) -> Self {
        Grant {
            action,
            resources,
            when: &[],
            conditions: &[],
        }
    }

    /// The same grant, needed only when one of `pointers` is present and
    /// limited by `conditions` (tags given to a creating call, for example).
    pub const fn only_when(
        self,
        pointers: &'static [&'static str],
        conditions: &'static [(&'static str, &'static str, &'static str)],
    ) -> Self {
        Grant {
            when: pointers,
            conditions,
            ..self
        }
    }

    /// Whether the rendered `parameters` call for this grant.
    pub fn applies(&self, parameters: &Value) -> bool {
        self.when.is_empty() || self.when.iter().any(|p| is_set(parameters, p))
    }
}

/// `arn:aws:states:::aws-sdk:<service>:<action>`, with `.waitForTaskToken`
/// when the task waits for a callback.
pub fn resource(service: &str, action: &str, wait_for_task_token: bool) -> Resource {
    let pattern = if wait_for_task_token {
        IntegrationPattern::WaitForTaskToken
    } else {
        IntegrationPattern::RequestResponse
    };
    Resource::integration(format!("aws-sdk:{service}"), action, pattern)
}

/// The statements for these grants, each resource bound to the rendered
/// parameters (literal values name the resource, dynamic ones leave a
/// scoped wildcard). Grants with the same resources share a statement.
pub fn policy(grants: &[Grant], parameters: &Value) -> Vec<PolicyStatement> {
    type Conditions = &'static [(&'static str, &'static str, &'static str)];
    let mut statements: Vec<(Vec<String>, Conditions, Vec<&'static str>)> = Vec::new();
    for grant in grants.iter().filter(|g| g.applies(parameters)) {
        let mut resources: Vec<String> = if grant.resources.is_empty() {
            vec!["*".to_owned()]
        } else {
            grant
                .resources
                .iter()
                .flat_map(|t| resolve_all(t, parameters))
                .collect()
        };
        resources.sort();
        resources.dedup();
        match statements
            .iter_mut()
            .find(|(r, c, _)| *r == resources && *c == grant.conditions)
        {
            Some((_, _, actions)) => actions.push(grant.action),
            None => statements.push((resources, grant.conditions, vec![grant.action])),
        }
    }
    statements
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
        }],
    };

    #[test]
    fn grants_on_the_same_resources_share_a_statement() {
        let grants = [
            Grant::new("dynamodb:PutItem", &[TABLE]),
            Grant::new("dynamodb:ConditionCheckItem", &[TABLE]),
            Grant::new("dynamodb:ListTables", &[]),
        ];
        let statements = policy(&grants, &json!({"TableName": "Orders"}));
        assert_eq!(statements.len(), 2);
        let first = statements[0].to_json();
        assert_eq!(
            first["Resource"],
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Orders"
        );
        assert_eq!(statements[1].to_json()["Resource"], "*");
    }

    #[test]
    fn resource_carries_the_callback_suffix() {
        assert_eq!(
            resource("dynamodb", "putItem", false).to_arn(None),
            "arn:aws:states:::aws-sdk:dynamodb:putItem"
        );
        assert_eq!(
            resource("sqs", "sendMessage", true).to_arn(None),
            "arn:aws:states:::aws-sdk:sqs:sendMessage.waitForTaskToken"
        );
    }
}
