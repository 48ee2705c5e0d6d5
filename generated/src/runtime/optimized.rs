//! Support the generated optimized-integration tasks call: their IAM
//! statements (the [`Grant`] tables plus `iam:PassRole` and KMS keys), the
//! direct Lambda form and default retriers.
//!
//! The tables are written by `cargo xtask regen` from
//! `models/integrations/<service>.toml`; nothing here knows a service.

use serde_json::Value;

use super::bind::{Found, find_all, role_arn};
use super::grant::Grant;
use super::iam::{ACCOUNT_ID, PARTITION, PolicyStatement, REGION};
use super::payload::TaskInput;
use super::states::Retry;
use super::task::{IntegrationPattern, Resource};
use super::value::{Dynamic, Field, ToAsl};

/// `iam:PassRole` for the roles a task hands to a service.
#[derive(Debug, Clone, Copy)]
pub struct PassRoleSpec {
    /// The service principal (`ecs-tasks.amazonaws.com`) for the
    /// `iam:PassedToService` condition; none when several services receive the roles.
    pub service: Option<&'static str>,
    /// Parameters (JSON pointers) that hold role ARNs.
    pub pointers: &'static [&'static str],
    /// `(pointer, principal)` for pointers whose role goes to a service of
    /// its own; the others use `service`.
    pub passed_to: &'static [(&'static str, &'static str)],
    /// Roles the service receives that no parameter names; the warning
    /// given when the user declared none.
    pub unseen: Option<&'static str>,
}

/// The statements for `pattern`, resolved against the rendered `parameters`.
/// `roles` are roles the user declared (for example the task definition's
/// roles, which the parameters do not name).
pub fn statements(
    grants: &[Grant],
    pattern: IntegrationPattern,
    parameters: &Value,
    pass_role: Option<(&PassRoleSpec, &[String])>,
) -> Vec<PolicyStatement> {
    let mut out = super::grant::statements(grants, pattern, parameters);
    if let Some((spec, roles)) = pass_role {
        if let Some(unseen) = spec.unseen
            && roles.is_empty()
        {
            super::bind::warn("pass-role", unseen.to_owned());
        }
        out.extend(pass_role_statements(spec, roles, parameters));
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

/// One `iam:PassRole` statement per receiving service: each role with the
/// `iam:PassedToService` of the service it goes to. A role only known at
/// run time is granted on `role/*`, which is narrowed by that condition.
fn pass_role_statements(
    spec: &PassRoleSpec,
    roles: &[String],
    parameters: &Value,
) -> Vec<PolicyStatement> {
    let any_role = format!("arn:{PARTITION}:iam::{ACCOUNT_ID}:role/*");
    let mut by_service: Vec<(Option<&str>, Vec<String>)> = vec![(spec.service, roles.to_vec())];
    for pointer in spec.pointers {
        let service = spec
            .passed_to
            .iter()
            .find(|(p, _)| p == pointer)
            .map(|(_, s)| *s)
            .or(spec.service);
        let mut found = Vec::new();
        for value in find_all(parameters, pointer) {
            match value {
                Found::Literal(s) => found.extend(role_arn(pointer, s)),
                Found::Dynamic | Found::Absent => found.push(any_role.clone()),
            }
        }
        match by_service.iter_mut().find(|(s, _)| *s == service) {
            Some((_, resources)) => resources.extend(found),
            None => by_service.push((service, found)),
        }
    }
    by_service
        .into_iter()
        .filter(|(_, resources)| !resources.is_empty())
        .map(|(service, resources)| {
            if service.is_none() && resources.contains(&any_role) {
                super::bind::warn("pass-role", format!(
                    "iam:PassRole on {any_role} without iam:PassedToService: a role only known at run time goes to a service this task cannot name"
                ));
            }
            let statement = PolicyStatement::allow(["iam:PassRole"], resources);
            match service {
                Some(service) => statement.condition("StringEquals", "iam:PassedToService", service),
                None => statement,
            }
        })
        .collect()
}

/// The `Resource` of the direct form (a Lambda function's ARN as the
/// resource), when the value is a literal: an ARN or a `${…}` placeholder
/// as written; a name, or a partial ARN `<account>:<type><name>`, made a
/// whole ARN of `service` (the `Resource` must be an ARN) in the machine's
/// partition and region, and its account unless the partial ARN names one.
pub fn direct_resource(
    value: &Field<String>,
    service: &str,
    resource_type: &str,
) -> Option<Resource> {
    let Field::Value(text) = value else {
        return None;
    };
    if text.starts_with("arn:") || text.starts_with("${") {
        return Some(Resource::arn(text.clone()));
    }
    let whole = match text.split_once(':') {
        Some((account, rest))
            if super::bind::is_account(account) && rest.starts_with(resource_type) =>
        {
            format!("arn:{PARTITION}:{service}:{REGION}:{account}:{rest}")
        }
        _ => format!("arn:{PARTITION}:{service}:{REGION}:{ACCOUNT_ID}:{resource_type}{text}"),
    };
    Some(Resource::arn(whole))
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
    use serde_json::json;

    #[test]
    fn pass_role_from_parameters_and_user() {
        let spec = PassRoleSpec {
            service: Some("ecs-tasks.amazonaws.com"),
            pointers: &["/Overrides/TaskRoleArn"],
            passed_to: &[],
            unseen: None,
        };
        assert!(pass_role_statements(&spec, &[], &json!({})).is_empty());
        let all = pass_role_statements(
            &spec,
            &["arn:aws:iam::1:role/a".to_owned()],
            &json!({"Overrides": {"TaskRoleArn.$": "$.role"}}),
        );
        assert_eq!(all.len(), 1);
        let s = &all[0];
        let resources: Vec<_> = s.resources().collect();
        assert_eq!(
            resources,
            [
                "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*",
                "arn:aws:iam::1:role/a"
            ]
        );
    }

    #[test]
    fn each_role_goes_with_its_own_service() {
        let spec = PassRoleSpec {
            service: None,
            pointers: &["/ServiceRole", "/JobFlowRole"],
            passed_to: &[
                ("/ServiceRole", "elasticmapreduce.amazonaws.com"),
                ("/JobFlowRole", "ec2.amazonaws.com"),
            ],
            unseen: None,
        };
        let all = pass_role_statements(
            &spec,
            &[],
            &json!({"ServiceRole": "EMR_DefaultRole", "JobFlowRole.$": "$.profile"}),
        );
        let rendered: Vec<_> = all.iter().map(PolicyStatement::to_json).collect();
        assert_eq!(rendered.len(), 2, "{rendered:?}");
        assert_eq!(
            rendered[0]["Resource"],
            "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/EMR_DefaultRole"
        );
        assert_eq!(
            rendered[0]["Condition"]["StringEquals"]["iam:PassedToService"],
            "elasticmapreduce.amazonaws.com"
        );
        assert_eq!(
            rendered[1]["Resource"],
            "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"
        );
        assert_eq!(
            rendered[1]["Condition"]["StringEquals"]["iam:PassedToService"],
            "ec2.amazonaws.com"
        );
    }
}
