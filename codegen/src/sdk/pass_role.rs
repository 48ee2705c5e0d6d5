//! `iam:PassRole` for every input member that hands a role to a service.
//!
//! A member hands a role over when its name says it holds one (it ends in
//! `Role`, `RoleArn` or `RoleARN`, any case, and is a plain string; enum
//! strings such as EMR's `InstanceRole` are types, not roles) or
//! `models/sdk.toml` lists it (`role_members`, `role_keys`), unless
//! `not_passed` says no service receives it. Only calls that create,
//! change or start something pass roles: operations whose action's access
//! level is Write or Permissions management, or whose IAM data lists
//! `iam:PassRole` as a dependent action.
//!
//! Each such member gets its own grant, on the role it names, only when it
//! is present, limited by `iam:PassedToService` to the principal that
//! receives it. When the IAM data asks for `iam:PassRole` but the input
//! names no role (SNS `SetTopicAttributes`, where the role is an attribute
//! value), the grant is on every role, still limited to that principal.

use std::collections::BTreeSet;

use super::inputs::{Leaf, TopLevel, escape_key, string_leaves};
use super::{BindingIr, GrantIr, SdkData, TemplateIr};
use crate::Error;
use crate::botocore::ServiceModel;

const CONDITION: &str = "iam:PassedToService";

/// The name rule.
pub(super) fn is_role_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with("role") || lower.ends_with("rolearn")
}

fn curated(message: String) -> Error {
    Error::Curated {
        file: "models/sdk.toml".into(),
        message,
    }
}

/// Which curated entries a service's operations used, so entries that
/// match nothing are reported instead of silently ignored.
#[derive(Debug, Default)]
pub(super) struct Usage {
    role_members: BTreeSet<(usize, usize)>,
    not_passed: BTreeSet<(usize, usize)>,
}

/// What the grants of one operation need to know.
pub(super) struct Call<'a> {
    pub data: &'a SdkData,
    pub model: &'a ServiceModel,
    pub service: &'a str,
    pub operation: &'a str,
    /// The IAM role ARN template (`…:role/${RoleNameWithPath}`).
    pub role_arn: &'a str,
    /// Whether the operation's IAM data lists `iam:PassRole`.
    pub listed: bool,
    /// Whether the operation creates, changes or starts something.
    pub writes: bool,
    /// Whether a service without curated principals (`passed_to`) gets its
    /// roles without an `iam:PassedToService` condition instead of an
    /// error: the catalog of every service, which has no curated data for
    /// most of them. The grant is still on the role the input names.
    pub unconditioned_if_unknown: bool,
}

fn applies(operations: &[String], operation: &str) -> bool {
    operations.is_empty() || operations.iter().any(|o| o == operation)
}

/// The `iam:PassRole` grants of one operation.
pub(super) fn grants(call: &Call<'_>, usage: &mut Usage) -> Result<Vec<GrantIr>, Error> {
    let data = call.data;
    let named = |name: &str| {
        is_role_name(name)
            || data
                .role_members
                .iter()
                .filter(|e| e.service == call.service)
                .flat_map(|e| &e.members)
                .any(|spec| spec.rsplit('/').next() == Some(name))
    };
    let leaves = string_leaves(call.model, call.operation, &named);
    let mut roles: Vec<(String, Vec<String>)> = Vec::new();
    for leaf in &leaves {
        if let Some(ij) = find_spec(
            data.not_passed
                .iter()
                .map(|e| (&e.service, &e.operations, &e.members)),
            call,
            leaf,
        ) {
            usage.not_passed.insert(ij);
            continue;
        }
        let listed = find_spec(
            data.role_members
                .iter()
                .map(|e| (&e.service, &e.operations, &e.members)),
            call,
            leaf,
        );
        let principals = match listed {
            Some((i, j)) => {
                usage.role_members.insert((i, j));
                let entry = &data.role_members[i];
                if entry.passed_to.is_empty() {
                    default_principals(call, &leaf.pointer)?
                } else {
                    entry.passed_to.clone()
                }
            }
            // Only the name rule chose it (an explicit entry may name a
            // member the rule misses, like `serviceRoleOverride`).
            None if is_role_name(leaf.path.last().map_or("", String::as_str)) => {
                default_principals(call, &leaf.pointer)?
            }
            None => continue,
        };
        roles.push((leaf.pointer.clone(), principals));
    }
    for (i, entry) in data.role_keys.iter().enumerate() {
        if entry.service != call.service || !entry.operations.iter().any(|o| o == call.operation) {
            continue;
        }
        let top = TopLevel::of(call.model, call.operation);
        if !top.maps.iter().any(|(m, _)| *m == entry.member) {
            return Err(curated(format!(
                "role_keys[{i}].member: `{}` is not a map member of {} {}",
                entry.member, call.service, call.operation
            )));
        }
        let principals = if entry.passed_to.is_empty() {
            default_principals(call, &entry.member)?
        } else {
            entry.passed_to.clone()
        };
        for key in &entry.keys {
            let pointer = format!(
                "/{}/{}",
                crate::naming::wire_name(&entry.member),
                escape_key(key)
            );
            roles.push((pointer, principals.clone()));
        }
    }
    if !(call.writes || call.listed) {
        return Ok(Vec::new());
    }
    let variable = super::template_variables(call.role_arn)
        .pop()
        .ok_or_else(|| {
            curated(format!(
                "models/iam: the role ARN `{}` has no variable to bind",
                call.role_arn
            ))
        })?;
    let mut out: Vec<GrantIr> = roles
        .into_iter()
        .map(|(pointer, principals)| GrantIr {
            patterns: Vec::new(),
            actions: vec!["iam:PassRole".to_owned()],
            resources: vec![TemplateIr {
                arn: call.role_arn.to_owned(),
                bindings: vec![BindingIr {
                    variable: variable.clone(),
                    pointer: pointer.clone(),
                    extract: "ArnOrName".to_owned(),
                    default: None,
                }],
            }],
            when: vec![pointer],
            conditions: conditions(&principals),
            bound_conditions: Vec::new(),
        })
        .collect();
    if out.is_empty() && call.listed {
        // The data asks for it but no member names the role: any role,
        // only to the service that receives it.
        let principals = default_principals(call, "").map_err(|_| {
            curated(format!(
                "passed_to.{}: missing; the IAM data lists iam:PassRole for {} but its input names no role",
                call.service, call.operation
            ))
        })?;
        out.push(GrantIr {
            patterns: Vec::new(),
            actions: vec!["iam:PassRole".to_owned()],
            resources: vec![TemplateIr {
                arn: call.role_arn.to_owned(),
                bindings: Vec::new(),
            }],
            when: Vec::new(),
            conditions: conditions(&principals),
            bound_conditions: Vec::new(),
        });
    }
    Ok(out)
}

fn conditions(principals: &[String]) -> Vec<(String, String, String)> {
    principals
        .iter()
        .map(|p| ("StringEquals".to_owned(), CONDITION.to_owned(), p.clone()))
        .collect()
}

fn default_principals(call: &Call<'_>, pointer: &str) -> Result<Vec<String>, Error> {
    if call.unconditioned_if_unknown && !call.data.passed_to.contains_key(call.service) {
        return Ok(Vec::new());
    }
    call.data
        .passed_to
        .get(call.service)
        .map(|p| p.principals.clone())
        .ok_or_else(|| {
            curated(format!(
                "passed_to.{}: missing; {} {} hands a role over at `{pointer}`",
                call.service, call.service, call.operation
            ))
        })
}

/// The first entry (index, member index) of `entries` for this service and
/// operation whose member spec the leaf ends with.
fn find_spec<'e>(
    entries: impl Iterator<Item = (&'e String, &'e Vec<String>, &'e Vec<String>)>,
    call: &Call<'_>,
    leaf: &Leaf,
) -> Option<(usize, usize)> {
    for (i, (service, operations, members)) in entries.enumerate() {
        if service != call.service || !applies(operations, call.operation) {
            continue;
        }
        if let Some(j) = members.iter().position(|spec| leaf.ends_with(spec)) {
            return Some((i, j));
        }
    }
    None
}

/// Curated entries of `service` that matched no member of any operation,
/// and operations they name that the model does not have.
pub(super) fn check_usage(
    data: &SdkData,
    model: &ServiceModel,
    service: &str,
    usage: &Usage,
) -> Result<(), Error> {
    let missing_op = |table: &str, i: usize, ops: &[String]| {
        ops.iter()
            .find(|op| !model.operations.contains_key(op.as_str()))
            .map(|op| {
                curated(format!(
                    "{table}[{i}].operations: `{op}` is not an operation of the {service} model"
                ))
            })
    };
    for (i, entry) in data.role_members.iter().enumerate() {
        if entry.service != service {
            continue;
        }
        if let Some(e) = missing_op("role_members", i, &entry.operations) {
            return Err(e);
        }
        if let Some(j) = (0..entry.members.len()).find(|j| !usage.role_members.contains(&(i, *j))) {
            return Err(curated(format!(
                "role_members[{i}].members[{j}]: `{}` matches no string member of a {service} input{}",
                entry.members[j],
                if entry.operations.is_empty() {
                    ""
                } else {
                    " of those operations"
                }
            )));
        }
    }
    for (i, entry) in data.not_passed.iter().enumerate() {
        if entry.service != service {
            continue;
        }
        if let Some(e) = missing_op("not_passed", i, &entry.operations) {
            return Err(e);
        }
        if let Some(j) = (0..entry.members.len()).find(|j| !usage.not_passed.contains(&(i, *j))) {
            return Err(curated(format!(
                "not_passed[{i}].members[{j}]: `{}` matches no role-named member of a {service} input{}",
                entry.members[j],
                if entry.operations.is_empty() {
                    ""
                } else {
                    " of those operations"
                }
            )));
        }
    }
    for (i, entry) in data.role_keys.iter().enumerate() {
        if entry.service == service
            && let Some(e) = missing_op("role_keys", i, &entry.operations)
        {
            return Err(e);
        }
    }
    Ok(())
}
