//! Support the generated optimized-integration tasks call: their IAM data
//! as static tables, and the small functions that turn those tables and the
//! rendered parameters into [`PolicyStatement`]s.
//!
//! The tables are written by `cargo xtask regen` from
//! `models/integrations/<service>.toml`; nothing here knows a service.

use serde_json::Value;

use super::bind::{Found, ResourceTemplate, find, is_set, is_whole_arn, resolve};
use super::iam::{ACCOUNT_ID, PARTITION, PolicyStatement};
use super::payload::TaskInput;
use super::states::Retry;
use super::task::{IntegrationPattern, Resource};
use super::value::{Dynamic, Field, ToAsl};

/// One IAM statement of a task, for the patterns it lists.
#[derive(Debug, Clone, Copy)]
pub struct GrantSpec {
    /// The patterns that need it.
    pub patterns: &'static [IntegrationPattern],
    /// `prefix:Action` names.
    pub actions: &'static [&'static str],
    /// Resource templates bound to the parameters (`*` for actions without
    /// resource-level permissions).
    pub resources: &'static [ResourceTemplate],
    /// Only when one of these parameters (JSON pointers) is set; empty
    /// means always.
    pub when: &'static [&'static str],
    /// `(operator, key, value)` conditions.
    pub conditions: &'static [(&'static str, &'static str, &'static str)],
}

/// `iam:PassRole` for the roles a task hands to a service.
#[derive(Debug, Clone, Copy)]
pub struct PassRoleSpec {
    /// The service principal (`ecs-tasks.amazonaws.com`) for the
    /// `iam:PassedToService` condition; none when several services receive the roles.
    pub service: Option<&'static str>,
    /// Parameters (JSON pointers) that hold role ARNs.
    pub pointers: &'static [&'static str],
}

/// The statements for `pattern`, resolved against the rendered `parameters`.
/// `roles` are roles the user declared (for example the task definition's
/// roles, which the parameters do not name).
pub fn statements(
    grants: &[GrantSpec],
    pattern: IntegrationPattern,
    parameters: &Value,
    pass_role: Option<(&PassRoleSpec, &[String])>,
) -> Vec<PolicyStatement> {
    let mut out = Vec::new();
    for grant in grants {
        if !grant.patterns.contains(&pattern) {
            continue;
        }
        if !grant.when.is_empty() && !grant.when.iter().any(|p| is_set(parameters, p)) {
            continue;
        }
        let resources = grant.resources.iter().map(|t| resolve(t, parameters));
        let mut statement = PolicyStatement::allow(grant.actions.iter().copied(), resources);
        for (op, key, value) in grant.conditions {
            statement = statement.condition(*op, *key, *value);
        }
        out.push(statement);
    }
    if let Some((spec, roles)) = pass_role
        && let Some(statement) = pass_role_statement(spec, roles, parameters)
    {
        out.push(statement);
    }
    out
}

/// The KMS actions on the keys the user named; none when no key was named.
pub fn kms_statement(actions: &[&'static str], keys: &[String]) -> Option<PolicyStatement> {
    if keys.is_empty() {
        return None;
    }
    Some(PolicyStatement::allow(
        actions.iter().copied(),
        keys.iter().cloned(),
    ))
}

fn pass_role_statement(
    spec: &PassRoleSpec,
    roles: &[String],
    parameters: &Value,
) -> Option<PolicyStatement> {
    let any_role = format!("arn:{PARTITION}:iam::{ACCOUNT_ID}:role/*");
    let mut resources: Vec<String> = roles.to_vec();
    for pointer in spec.pointers {
        match find(parameters, pointer) {
            Found::Literal(s) => resources.push(if is_whole_arn(s) {
                s.to_owned()
            } else {
                format!("arn:{PARTITION}:iam::{ACCOUNT_ID}:role/{s}")
            }),
            Found::Dynamic => resources.push(any_role.clone()),
            Found::Absent => {}
        }
    }
    if resources.is_empty() {
        return None;
    }
    let statement = PolicyStatement::allow(["iam:PassRole"], resources);
    Some(match spec.service {
        Some(service) => statement.condition("StringEquals", "iam:PassedToService", service),
        None => statement,
    })
}

/// The `Resource` of the direct form (a Lambda function ARN as the
/// resource), when the value is a literal.
pub fn direct_resource(value: &Field<String>) -> Option<Resource> {
    match value {
        Field::Value(arn) => Some(Resource::arn(arn.clone())),
        Field::Dynamic(_) => None,
    }
}

/// The `Parameters` of the direct form: a literal input is written as it
/// is; a dynamic one cannot be the whole `Parameters` object, so none is
/// written and the state input goes to the function (narrow it with
/// `InputPath`).
pub fn direct_parameters(input: Option<&Field<TaskInput>>) -> Option<Value> {
    match input {
        Some(Field::Value(input)) => Some(input.to_asl()),
        _ => None,
    }
}

/// A default retrier from a task's data.
pub fn default_retry(
    errors: &[&str],
    interval_seconds: u32,
    max_attempts: u32,
    backoff_rate: f64,
) -> Retry {
    Retry::on(errors.iter().copied())
        .interval_seconds(interval_seconds)
        .max_attempts(max_attempts)
        .backoff_rate(backoff_rate)
}

/// Whether a dynamic value is a JSONPath (used where only paths make sense).
pub fn is_path(value: &Dynamic) -> bool {
    matches!(value, Dynamic::Path(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::bind::{Binding, Extract};
    use serde_json::json;

    const FUNCTION: &[ResourceTemplate] = &[
        ResourceTemplate {
            arn: "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}",
            bindings: &[Binding {
                variable: "FunctionName",
                pointer: "/FunctionName",
                extract: Extract::ArnOrName,
            }],
        },
        ResourceTemplate {
            arn: "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}:*",
            bindings: &[Binding {
                variable: "FunctionName",
                pointer: "/FunctionName",
                extract: Extract::ArnOrName,
            }],
        },
    ];

    fn resources(params: Value) -> Vec<String> {
        FUNCTION.iter().map(|t| resolve(t, &params)).collect()
    }

    #[test]
    fn arns_keep_the_template_tail() {
        let arn = "arn:aws:lambda:eu-west-1:1:function:f";
        assert_eq!(
            resources(json!({"FunctionName": arn})),
            [arn.to_owned(), format!("{arn}:*")]
        );
        assert_eq!(
            resources(json!({"FunctionName": "${Fn.Arn}"})),
            ["${Fn.Arn}", "${Fn.Arn}:*"]
        );
    }

    #[test]
    fn other_resource_types_give_their_name() {
        let execution = ResourceTemplate {
            arn: "arn:${Partition}:states:${Region}:${Account}:execution:${Name}:*",
            bindings: &[Binding {
                variable: "Name",
                pointer: "/StateMachineArn",
                extract: Extract::ArnOrName,
            }],
        };
        let params = json!({"StateMachineArn": "arn:aws:states:eu-west-1:1:stateMachine:child"});
        assert_eq!(
            resolve(&execution, &params),
            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:child:*"
        );
    }

    #[test]
    fn names_paths_and_references() {
        let base = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:";
        assert_eq!(
            resources(json!({"FunctionName": "f"}))[0],
            format!("{base}f")
        );
        assert_eq!(
            resources(json!({"FunctionName.$": "$.f"}))[1],
            format!("{base}*:*")
        );
        assert_eq!(
            resources(json!({"FunctionName": "${Fn}"}))[0],
            format!("{base}${{Fn}}")
        );
    }

    #[test]
    fn pass_role_from_parameters_and_user() {
        let spec = PassRoleSpec {
            service: Some("ecs-tasks.amazonaws.com"),
            pointers: &["/Overrides/TaskRoleArn"],
        };
        assert!(pass_role_statement(&spec, &[], &json!({})).is_none());
        let s = pass_role_statement(
            &spec,
            &["arn:aws:iam::1:role/a".to_owned()],
            &json!({"Overrides": {"TaskRoleArn.$": "$.role"}}),
        )
        .unwrap();
        let resources: Vec<_> = s.resources().collect();
        assert_eq!(
            resources,
            [
                "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*",
                "arn:aws:iam::1:role/a"
            ]
        );
    }
}
