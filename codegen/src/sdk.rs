//! AWS SDK integrations (`arn:aws:states:::aws-sdk:dynamodb:putItem`): one
//! typed task per operation, with IAM derived from `models/iam`.
//!
//! The IAM derivation is data end to end: the operation's actions come from
//! `models/iam/operation-actions.toml` and the service-authorization data;
//! each action's resource types and ARN templates come from the data too;
//! the only judgements are which input member fills which template
//! variable, done by the generic rules in `bind_variable` plus the
//! exceptions in `models/sdk.toml`, and which members hand a role to which
//! service (`pass_role`, the same way).

mod http_method;
mod inputs;
mod pass_role;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::botocore::{ServiceModel, Shape};
use crate::iam::{AccessLevel, Action, IamDatabase};
pub use crate::ir::sdk::{ErrorIr, Example, SdkIr, SdkTaskIr};
pub use crate::ir::{BindingIr, GrantIr, TemplateIr};
use crate::naming::lower_first;
use crate::registry::{IamActionsRule, REGISTRY_FILE, Registry, Service};
use crate::{Error, ServiceContext};
use inputs::TopLevel;

/// `models/sdk.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkData {
    /// Operations Step Functions cannot call.
    #[serde(default)]
    pub excluded: Vec<Excluded>,
    /// Member ↔ ARN variable bindings the generic rules miss.
    #[serde(default)]
    pub bindings: Vec<BindingRule>,
    /// Services that authorize tags given to a creating call separately.
    #[serde(default)]
    pub tag_on_create: Vec<TagOnCreate>,
    /// Per botocore service: the principal a role handed to it goes to
    /// (`iam:PassedToService`), unless a `role_members` entry says otherwise.
    #[serde(default)]
    pub passed_to: BTreeMap<String, PassedTo>,
    /// Members that hand a role over, where the name rule misses them or
    /// the role goes to another principal than the service's.
    #[serde(default)]
    pub role_members: Vec<RoleMembers>,
    /// Members the name rule takes for roles that are not passed.
    #[serde(default)]
    pub not_passed: Vec<NotPassed>,
    /// Map keys that hand a role over (SNS attributes).
    #[serde(default)]
    pub role_keys: Vec<RoleKeys>,
    /// Actions authorized on a qualified ARN when a qualifier is given.
    #[serde(default)]
    pub qualified: Vec<Qualified>,
    /// CDK task classes that are an SDK call, by the SDK task they match
    /// (`#[doc(alias)]` on it).
    #[serde(default)]
    pub cdk_names: Vec<CdkName>,
}

/// A CDK task class that renders one SDK integration (`GlueStartCrawlerRun`
/// is `aws-sdk:glue:startCrawler`): its SDK task carries the CDK name as a
/// doc alias, so searching the docs for it finds the task.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CdkName {
    /// Botocore service folder.
    pub service: String,
    /// The operation.
    pub operation: String,
    /// The CDK class name.
    pub cdk: String,
    /// Why it is this task (what the class renders).
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

/// Who receives the roles a service's inputs hand over.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassedTo {
    /// Service principals for `iam:PassedToService`.
    pub principals: Vec<String>,
    /// Why.
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

/// Input members that hand a role to a service.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleMembers {
    /// Botocore service folder.
    pub service: String,
    /// Botocore member names, or the end of a member path
    /// (`managedEBSVolume/roleArn`, `*` for a list element or map value).
    pub members: Vec<String>,
    /// Only in these operations; empty: in every operation.
    #[serde(default)]
    pub operations: Vec<String>,
    /// Service principals for `iam:PassedToService`; empty: the service's
    /// `passed_to`.
    #[serde(default)]
    pub passed_to: Vec<String>,
    /// Why.
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

/// Members named like roles that no service receives through `iam:PassRole`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotPassed {
    /// Botocore service folder.
    pub service: String,
    /// Member names or member path ends, as in [`RoleMembers`].
    pub members: Vec<String>,
    /// Only in these operations; empty: in every operation.
    #[serde(default)]
    pub operations: Vec<String>,
    /// Why.
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

/// Keys of a map member whose values are roles handed to the service.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleKeys {
    /// Botocore service folder.
    pub service: String,
    /// Operations whose input has the map.
    pub operations: Vec<String>,
    /// The top-level map member (botocore name).
    pub member: String,
    /// The keys that hold roles.
    pub keys: Vec<String>,
    /// Service principals; empty: the service's `passed_to`.
    #[serde(default)]
    pub passed_to: Vec<String>,
    /// Why.
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

/// An action whose resource is the qualified ARN (`function:F:PROD`) when
/// the input carries a qualifier: granted on `<template>:${<member>}` too,
/// when the member is present.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qualified {
    /// Botocore service folder.
    pub service: String,
    /// Operations it applies to.
    pub operations: Vec<String>,
    /// The action (`lambda:InvokeFunction`).
    pub action: String,
    /// The resource type whose ARN the qualifier extends.
    pub resource_type: String,
    /// The qualifier member (botocore name).
    pub member: String,
    /// Why.
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

/// Tags given to a creating call that the service authorizes as its own
/// tagging action: granted when one of `members` is in the parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagOnCreate {
    /// Botocore service folder.
    pub service: String,
    /// The tagging action (`ecs:TagResource`).
    pub action: String,
    /// Creating operation → the resource type it creates.
    pub operations: BTreeMap<String, String>,
    /// Input members that make the call apply tags (botocore names); an
    /// operation uses those its input has.
    pub members: Vec<String>,
    /// A condition key set to the operation's name (`ecs:CreateAction`), so
    /// the grant allows tagging only as part of that call.
    pub create_action_key: Option<String>,
    /// Why.
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

/// An operation without an SDK task.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Excluded {
    /// Botocore service folder.
    pub service: String,
    /// Operation name.
    pub operation: String,
    /// Why.
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

/// A curated binding of an input member to an ARN template variable.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindingRule {
    /// IAM prefix of the resource type.
    pub prefix: String,
    /// Template variable without `${}`.
    pub variable: String,
    /// Top-level member name, or `*Suffix` for any member ending so.
    #[serde(default)]
    pub member: Option<String>,
    /// Instead of `member`: a JSON pointer into the parameters (ASL names,
    /// `*` for every list element or map value), checked against the input
    /// of each of `operations`.
    #[serde(default)]
    pub pointer: Option<String>,
    /// With `pointer`: the botocore operations of the prefix's service it
    /// applies to.
    #[serde(default)]
    pub operations: Vec<String>,
    /// The value AWS uses when the member is absent (the `default`
    /// schedule group), so an absent member names it instead of `*`.
    #[serde(default)]
    pub default: Option<String>,
    /// `whole`, `arn-or-name`, `url-last-segment`, `keys` (each key of the
    /// map at `pointer`), `family-or-revision` (`family` or
    /// `family:revision`) or `id-prefix` (`parent:suffix` names the parent).
    pub extract: String,
    /// Why.
    pub reason: String,
    /// Where the fact comes from.
    pub source: String,
}

impl SdkData {
    /// Reads and checks `models/sdk.toml` (its service keys against the
    /// registry).
    pub fn load(root: &Path, registry: &Registry) -> Result<Self, Error> {
        let path = root.join("models/sdk.toml");
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let curated = |message: String| Error::Curated {
            file: "models/sdk.toml".into(),
            message,
        };
        let data: SdkData = toml::from_str(&text).map_err(|e| curated(e.to_string()))?;
        for (i, rule) in data.bindings.iter().enumerate() {
            if extract_kind(&rule.extract).is_none() {
                return Err(curated(format!(
                    "bindings[{i}].extract: `{}` is not one of whole, arn-or-name, url-last-segment, keys, family-or-revision, id-prefix",
                    rule.extract
                )));
            }
            match (&rule.member, &rule.pointer) {
                (Some(_), None) if rule.operations.is_empty() && rule.extract != "keys" => {}
                (Some(_), None) if rule.extract == "keys" => {
                    return Err(curated(format!(
                        "bindings[{i}].extract: `keys` needs a `pointer` to a map"
                    )));
                }
                (Some(_), None) => {
                    return Err(curated(format!(
                        "bindings[{i}].operations: only a `pointer` binding names operations"
                    )));
                }
                (None, Some(p)) if rule.operations.is_empty() => {
                    return Err(curated(format!(
                        "bindings[{i}].operations: the pointer `{p}` needs the operations it applies to"
                    )));
                }
                (None, Some(p)) if !p.starts_with('/') => {
                    return Err(curated(format!(
                        "bindings[{i}].pointer: `{p}` is not a JSON pointer"
                    )));
                }
                (None, Some(_)) => {}
                _ => {
                    return Err(curated(format!(
                        "bindings[{i}]: give exactly one of `member` and `pointer`"
                    )));
                }
            }
        }
        for (i, rule) in data.cdk_names.iter().enumerate() {
            if !registry.services.contains_key(&rule.service) {
                return Err(curated(format!(
                    "cdk_names[{i}].service: `{}` is not a service of {REGISTRY_FILE}",
                    rule.service
                )));
            }
            if rule.reason.trim().is_empty() || rule.source.trim().is_empty() {
                return Err(curated(format!(
                    "cdk_names[{i}]: reason and source must not be empty"
                )));
            }
        }
        for (key, entry) in &data.passed_to {
            if !registry.services.contains_key(key) {
                return Err(curated(format!(
                    "passed_to.{key}: not a service of {REGISTRY_FILE}"
                )));
            }
            if entry.principals.is_empty() || entry.principals.iter().any(|p| p.is_empty()) {
                return Err(curated(format!(
                    "passed_to.{key}.principals: give at least one service principal"
                )));
            }
        }
        for (i, entry) in data.role_members.iter().enumerate() {
            if entry.members.is_empty() {
                return Err(curated(format!("role_members[{i}].members: empty")));
            }
            if entry.passed_to.is_empty() && !data.passed_to.contains_key(&entry.service) {
                return Err(curated(format!(
                    "role_members[{i}].passed_to: empty, and there is no passed_to.{}",
                    entry.service
                )));
            }
        }
        for (i, entry) in data.role_keys.iter().enumerate() {
            if entry.keys.is_empty() || entry.operations.is_empty() {
                return Err(curated(format!(
                    "role_keys[{i}]: give the operations and the keys"
                )));
            }
            if entry.passed_to.is_empty() && !data.passed_to.contains_key(&entry.service) {
                return Err(curated(format!(
                    "role_keys[{i}].passed_to: empty, and there is no passed_to.{}",
                    entry.service
                )));
            }
        }
        for (i, entry) in data.not_passed.iter().enumerate() {
            if entry.members.is_empty() {
                return Err(curated(format!("not_passed[{i}].members: empty")));
            }
        }
        Ok(data)
    }

    /// Why `operation` of `service` has no SDK task, if it has none.
    pub fn excluded(&self, service: &str, operation: &str) -> Option<&Excluded> {
        self.excluded
            .iter()
            .find(|e| e.service == service && e.operation == operation)
    }
}

fn extract_kind(name: &str) -> Option<&'static str> {
    match name {
        "whole" => Some("Whole"),
        "arn-or-name" => Some("ArnOrName"),
        "url-last-segment" => Some("UrlLastSegment"),
        "keys" => Some("Keys"),
        "family-or-revision" => Some("FamilyOrRevision"),
        "id-prefix" => Some("IdPrefix"),
        _ => None,
    }
}

/// The service an operation's grants are derived for: a typed service, or
/// any service of the catalog.
pub(crate) struct Target<'a> {
    /// Botocore folder name.
    pub(crate) key: &'a str,
    pub(crate) model: &'a ServiceModel,
    /// See [`pass_role::Call::unconditioned_if_unknown`].
    pub(crate) catalog: bool,
    /// How its operations map to IAM actions, when not by name.
    pub(crate) iam_actions: Option<IamActionsRule>,
}

/// The IAM grants of one operation of any service, as the typed SDK tasks
/// get them (curated rules of `models/sdk.toml` included).
pub(crate) fn operation_grants(
    target: &Target<'_>,
    data: &SdkData,
    iam: &IamDatabase,
    operation: &str,
) -> Result<Vec<GrantIr>, Error> {
    let mut usage = pass_role::Usage::default();
    grants(target, &Shared { data, iam }, operation, &mut usage)
}

/// The inputs every SDK task of a run reads.
struct Shared<'a> {
    data: &'a SdkData,
    iam: &'a IamDatabase,
}

/// The SDK tasks of one service, when the tree has the SDK and IAM data
/// (the codegen tests' fixture trees have neither).
pub fn lower(service: &ServiceContext<'_>) -> Result<Option<SdkIr>, Error> {
    let (Some(data), Some(iam)) = (service.sdk, service.iam) else {
        return Ok(None);
    };
    lower_tasks(service, &Shared { data, iam }, service.entry).map(Some)
}

fn lower_tasks(
    service: &ServiceContext<'_>,
    shared: &Shared<'_>,
    naming: &Service,
) -> Result<SdkIr, Error> {
    let model = service.model;
    let mut errors = BTreeMap::new();
    let mut tasks = Vec::new();
    let mut excluded = Vec::new();
    let mut example = None;
    check_pointer_bindings(service, shared)?;
    let mut usage = pass_role::Usage::default();
    let mut problems = Vec::new();
    for op in &service.ir.operations {
        if let Some(ex) = shared.data.excluded(service.key, &op.name) {
            excluded.push((op.name.clone(), ex.reason.clone()));
            continue;
        }
        // Every operation is mapped before failing, so one run names all
        // the operations the IAM data lacks.
        let target = Target {
            key: service.key,
            model,
            catalog: false,
            iam_actions: service.iam_actions,
        };
        let grants = match grants(&target, shared, &op.name, &mut usage) {
            Ok(grants) => grants,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let mut op_errors = Vec::new();
        if let Some(botocore_op) = model.operations.get(&op.name) {
            for error in &botocore_op.errors {
                let base = error.shape.trim_end_matches("Exception");
                let name = format!("{}.{base}Exception", naming.error_prefix);
                let ident = constant_name(&format!("{base}Exception"));
                errors.insert(ident.clone(), name);
                op_errors.push(ident);
            }
        }
        op_errors.sort();
        op_errors.dedup();
        if example.is_none() {
            example = example_for(service, &op.name, op.input.as_deref());
        }
        tasks.push(SdkTaskIr {
            name: service.naming.type_name(&op.name),
            operation: op.name.clone(),
            action: lower_first(&op.name),
            input: op.input.clone(),
            summary: op.summary.clone(),
            grants,
            errors: op_errors,
            cdk: shared
                .data
                .cdk_names
                .iter()
                .find(|c| c.service == service.key && c.operation == op.name)
                .map(|c| c.cdk.clone()),
        });
    }
    Error::collect(problems)?;
    let missing: Vec<String> = shared
        .data
        .excluded
        .iter()
        .filter(|e| e.service == service.key && !model.operations.contains_key(&e.operation))
        .map(|e| e.operation.clone())
        .collect();
    for (i, rule) in shared.data.cdk_names.iter().enumerate() {
        if rule.service == service.key && !model.operations.contains_key(&rule.operation) {
            return Err(Error::Curated {
                file: "models/sdk.toml".into(),
                message: format!(
                    "cdk_names[{i}].operation: {} is not an operation of the {} model",
                    rule.operation, service.key
                ),
            });
        }
    }
    for (i, rule) in shared.data.tag_on_create.iter().enumerate() {
        if rule.service != service.key {
            continue;
        }
        if let Some(op) = rule
            .operations
            .keys()
            .find(|op| !model.operations.contains_key(op.as_str()))
        {
            return Err(Error::Curated {
                file: "models/sdk.toml".into(),
                message: format!(
                    "tag_on_create[{i}].operations.{op}: not an operation of the {} model",
                    service.key
                ),
            });
        }
    }
    pass_role::check_usage(shared.data, model, service.key, &usage)?;
    for (i, rule) in shared.data.qualified.iter().enumerate() {
        if rule.service != service.key {
            continue;
        }
        if let Some(op) = rule
            .operations
            .iter()
            .find(|op| !model.operations.contains_key(op.as_str()))
        {
            return Err(Error::Curated {
                file: "models/sdk.toml".into(),
                message: format!(
                    "qualified[{i}].operations: `{op}` is not an operation of the {} model",
                    service.key
                ),
            });
        }
    }
    if !missing.is_empty() {
        return Err(Error::Curated {
            file: "models/sdk.toml".into(),
            message: format!(
                "excluded: {} names operations the {} model does not have: {}",
                service.key,
                service.key,
                missing.join(", ")
            ),
        });
    }
    let example = example.map(|(operation, input, args, keys)| {
        let set: Vec<String> = keys.iter().map(|k| format!("/{k}")).collect();
        let statement = tasks
            .iter()
            .find(|t| t.operation == operation)
            .and_then(|t| GrantIr::first_statement(&t.grants, "RequestResponse", &set));
        Example {
            action: lower_first(&operation),
            task: service.naming.type_name(&operation),
            input,
            args,
            keys,
            statement,
        }
    });
    Ok(SdkIr {
        sdk_service: naming.sdk_name.clone(),
        tasks,
        errors: errors
            .into_iter()
            .map(|(ident, name)| ErrorIr { ident, name })
            .collect(),
        excluded,
        example,
    })
}

/// The first operation whose required members are all plain strings makes a
/// doc test that needs no knowledge of the service.
fn example_for(
    service: &ServiceContext<'_>,
    operation: &str,
    input: Option<&str>,
) -> Option<(String, String, Vec<String>, Vec<String>)> {
    let input_type = input?;
    let shape = &service
        .model
        .operations
        .get(operation)?
        .input
        .as_ref()?
        .shape;
    let Shape::Structure(s) = service.model.shapes.get(shape.as_str())? else {
        return None;
    };
    if s.required.is_empty() {
        return None;
    }
    let all_strings = s.required.iter().all(|m| {
        s.members.get(m).is_some_and(|r| {
            matches!(service.model.shapes.get(r.shape.as_str()), Some(Shape::String(st)) if st.values.is_none())
        })
    });
    if !all_strings {
        return None;
    }
    let args = s
        .required
        .iter()
        .map(|m| format!("$.{}", m.to_lowercase()))
        .collect();
    let keys = s
        .required
        .iter()
        .map(|m| crate::naming::wire_name(m))
        .collect();
    Some((operation.to_owned(), input_type.to_owned(), args, keys))
}

/// The grants of one operation: its actions (and their dependent actions),
/// each on the resource types that scope it.
fn grants(
    service: &Target<'_>,
    shared: &Shared<'_>,
    operation: &str,
    usage: &mut pass_role::Usage,
) -> Result<Vec<GrantIr>, Error> {
    if service.iam_actions == Some(IamActionsRule::HttpMethod) {
        let prefix = shared
            .iam
            .iam_prefix(service.key)
            .map_err(|e| Error::Curated {
                file: REGISTRY_FILE.into(),
                message: e.to_string(),
            })?;
        return Ok(http_method::grants(service.model, prefix, operation));
    }
    let actions = shared
        .iam
        .actions_for_operation(service.key, operation)
        .map_err(|e| Error::Curated {
            file: "models/iam/operation-actions.toml".into(),
            message: e.to_string(),
        })?;
    let members = TopLevel::of(service.model, operation);
    // Creating, changing and starting calls hand roles over; reading and
    // listing ones only name them. An action newer than the data counts as
    // one that might.
    let writes = actions.iter().any(|a| {
        shared.iam.action(&a.prefix, &a.name).is_none_or(|action| {
            matches!(
                action.access_level,
                AccessLevel::Write | AccessLevel::PermissionsManagement
            )
        })
    });
    let mut pass_role_listed = false;
    let mut out = BTreeSet::new();
    let primary_prefixes: BTreeSet<String> = actions.iter().map(|a| a.prefix.clone()).collect();
    let mut queue: Vec<(String, String, bool)> = actions
        .into_iter()
        .map(|a| (a.prefix, a.name, true))
        .collect();
    let mut seen = BTreeSet::new();
    while let Some((prefix, name, primary)) = queue.pop() {
        if !seen.insert(format!("{prefix}:{name}")) {
            continue;
        }
        let Some(action) = shared.iam.action(&prefix, &name) else {
            // Not in the authorization data (newer than it, or another
            // service's prefix we do not vendor): grant by name on `*` so
            // the task still works; the gap is listed by the IAM tests.
            if primary {
                out.insert(GrantIr {
                    patterns: Vec::new(),
                    actions: vec![format!("{prefix}:{name}")],
                    resources: Vec::new(),
                    when: Vec::new(),
                    conditions: Vec::new(),
                    bound_conditions: Vec::new(),
                });
            }
            continue;
        };
        let (mut resources, dependents) = scope(shared, &prefix, action, operation, &members);
        if !primary && !primary_prefixes.contains(&prefix) {
            // A dependent action of another service: the input's members
            // name the called service's resources, not this one's (SageMaker
            // HyperPod's `ClusterArn` is no EKS cluster), so its templates
            // stay unbound.
            for template in &mut resources {
                template.bindings.clear();
            }
        }
        for dependent in dependents {
            // Which roles are passed, to whom, is decided per member below.
            if dependent == "iam:PassRole" {
                pass_role_listed = true;
                continue;
            }
            if let Some((p, n)) = dependent.split_once(':')
                && shared.iam.service(p).is_some()
            {
                queue.push((p.to_owned(), n.to_owned(), false));
            }
        }
        out.insert(GrantIr {
            patterns: Vec::new(),
            actions: vec![format!("{prefix}:{}", action.name)],
            resources,
            when: Vec::new(),
            conditions: Vec::new(),
            bound_conditions: Vec::new(),
        });
    }
    out.extend(tag_on_create(service, shared, operation)?);
    out.extend(qualified(service, shared, operation, &out)?);
    let role_arn = shared
        .iam
        .resource_type("iam", "role")
        .map(|r| r.arn_template.as_str())
        .ok_or_else(|| Error::Curated {
            file: "models/iam".into(),
            message: "iam.json has no `role` resource type".to_owned(),
        })?;
    let call = pass_role::Call {
        data: shared.data,
        model: service.model,
        service: service.key,
        operation,
        role_arn,
        listed: pass_role_listed,
        writes,
        unconditioned_if_unknown: service.catalog,
    };
    out.extend(pass_role::grants(&call, usage)?);
    Ok(out.into_iter().collect())
}

/// The grants on qualified ARNs (`function:F:PROD`) that `qualified` in
/// `models/sdk.toml` asks for, derived from the unqualified grant.
fn qualified(
    service: &Target<'_>,
    shared: &Shared<'_>,
    operation: &str,
    grants: &BTreeSet<GrantIr>,
) -> Result<Vec<GrantIr>, Error> {
    let mut out = Vec::new();
    for (i, rule) in shared.data.qualified.iter().enumerate() {
        if rule.service != service.key || !rule.operations.iter().any(|o| o == operation) {
            continue;
        }
        let fail = |message: String| Error::Curated {
            file: "models/sdk.toml".into(),
            message: format!("qualified[{i}] ({operation}): {message}"),
        };
        if !TopLevel::of(service.model, operation)
            .strings
            .contains(&rule.member)
        {
            return Err(fail(format!(
                "`{}` is not a string member of the input",
                rule.member
            )));
        }
        let (prefix, _) = rule
            .action
            .split_once(':')
            .ok_or_else(|| fail(format!("`{}` is not prefix:Action", rule.action)))?;
        let arn = shared
            .iam
            .resource_type(prefix, &rule.resource_type)
            .map(|r| r.arn_template.as_str())
            .ok_or_else(|| {
                fail(format!(
                    "no resource type `{}` in models/iam",
                    rule.resource_type
                ))
            })?;
        let template = grants
            .iter()
            .filter(|g| g.actions.contains(&rule.action) && g.when.is_empty())
            .flat_map(|g| &g.resources)
            .find(|t| t.arn == arn)
            .ok_or_else(|| {
                fail(format!(
                    "the operation grants no `{}` on `{}`",
                    rule.action, rule.resource_type
                ))
            })?;
        let mut bindings = template.bindings.clone();
        bindings.push(BindingIr {
            variable: rule.member.clone(),
            pointer: pointer(&rule.member),
            extract: "Whole".to_owned(),
            default: None,
        });
        out.push(GrantIr {
            patterns: Vec::new(),
            actions: vec![rule.action.clone()],
            resources: vec![TemplateIr {
                arn: format!("{arn}:${{{}}}", rule.member),
                bindings,
            }],
            when: vec![pointer(&rule.member)],
            conditions: Vec::new(),
            bound_conditions: Vec::new(),
        });
    }
    Ok(out)
}

/// Curated bindings with a pointer: each of their operations exists and
/// the pointer reaches a string (a map for `keys`) in its input.
fn check_pointer_bindings(service: &ServiceContext<'_>, shared: &Shared<'_>) -> Result<(), Error> {
    let Ok(prefix) = shared.iam.iam_prefix(service.key) else {
        return Ok(());
    };
    for (i, rule) in shared.data.bindings.iter().enumerate() {
        let Some(ptr) = &rule.pointer else { continue };
        if rule.prefix != prefix {
            continue;
        }
        for op in &rule.operations {
            let fail = |message: String| Error::Curated {
                file: "models/sdk.toml".into(),
                message: format!(
                    "bindings[{i}].pointer `{ptr}` in {} {op}: {message}",
                    service.key
                ),
            };
            if !service.model.operations.contains_key(op.as_str()) {
                return Err(fail("no such operation".to_owned()));
            }
            let wanted = if rule.extract == "keys" {
                inputs::Target::Map
            } else {
                inputs::Target::String
            };
            let reached = inputs::follow(service.model, op, ptr).map_err(fail)?;
            if reached != wanted {
                return Err(fail(format!(
                    "reaches {reached:?}, `{}` needs {wanted:?}",
                    rule.extract
                )));
            }
        }
    }
    Ok(())
}

/// The tagging grant of a creating operation listed in `tag_on_create`,
/// checked against the model and the IAM data.
fn tag_on_create(
    service: &Target<'_>,
    shared: &Shared<'_>,
    operation: &str,
) -> Result<Option<GrantIr>, Error> {
    let Some((i, rule)) = shared
        .data
        .tag_on_create
        .iter()
        .enumerate()
        .find(|(_, r)| r.service == service.key && r.operations.contains_key(operation))
    else {
        return Ok(None);
    };
    let fail = |message: String| Error::Curated {
        file: "models/sdk.toml".into(),
        message: format!("tag_on_create[{i}].operations.{operation}: {message}"),
    };
    let input = all_input_members(service.model, operation);
    let when: Vec<String> = rule
        .members
        .iter()
        .filter(|m| input.contains(m))
        .map(|m| pointer(m))
        .collect();
    if when.is_empty() {
        return Err(fail(format!(
            "the input has none of the members {:?}",
            rule.members
        )));
    }
    let (prefix, name) = rule
        .action
        .split_once(':')
        .ok_or_else(|| fail(format!("`{}` is not prefix:Action", rule.action)))?;
    let action = shared
        .iam
        .action(prefix, name)
        .ok_or_else(|| fail(format!("`{}` is not in models/iam", rule.action)))?;
    let created = &rule.operations[operation];
    if !action.scoping_resource_types().any(|r| &r.name == created) {
        return Err(fail(format!(
            "`{}` has no resource type `{created}`",
            rule.action
        )));
    }
    let resource = shared
        .iam
        .resource_type(prefix, created)
        .ok_or_else(|| fail(format!("resource type `{created}` is not in models/iam")))?;
    let mut conditions = Vec::new();
    if let Some(key) = &rule.create_action_key {
        if !action
            .resource_types
            .iter()
            .any(|r| r.condition_keys.contains(key))
        {
            return Err(fail(format!(
                "`{}` does not support the condition key `{key}`",
                rule.action
            )));
        }
        conditions.push(("StringEquals".to_owned(), key.clone(), operation.to_owned()));
    }
    Ok(Some(GrantIr {
        patterns: Vec::new(),
        actions: vec![rule.action.clone()],
        // No bindings: every variable of the new resource's ARN is `*`.
        resources: vec![TemplateIr {
            arn: resource.arn_template.clone(),
            bindings: Vec::new(),
        }],
        when,
        conditions,
        bound_conditions: Vec::new(),
    }))
}

/// Every top-level member of an operation's input, by name.
fn all_input_members(model: &ServiceModel, operation: &str) -> Vec<String> {
    inputs::input_shape(model, operation)
        .map(|s| s.members.keys().cloned().collect())
        .unwrap_or_default()
}

/// The resource templates for one action and the dependent actions they bring.
fn scope(
    shared: &Shared<'_>,
    prefix: &str,
    action: &Action,
    operation: &str,
    members: &TopLevel,
) -> (Vec<TemplateIr>, Vec<String>) {
    let mut required = Vec::new();
    let mut optional = Vec::new();
    let mut dependents = Vec::new();
    for rt in action.scoping_resource_types() {
        let Some(resource) = shared.iam.resource_type(prefix, &rt.name) else {
            continue;
        };
        let template = bind_template(
            shared,
            prefix,
            &rt.name,
            &resource.arn_template,
            operation,
            members,
        );
        if rt.required {
            dependents.extend(rt.dependent_actions.iter().cloned());
            required.push(template);
        } else {
            optional.push((template, rt.dependent_actions.clone()));
        }
    }
    let used: BTreeSet<&str> = required
        .iter()
        .flat_map(|t| t.bindings.iter().map(|b| b.pointer.as_str()))
        .collect();
    let mut chosen = required.clone();
    for (template, deps) in &optional {
        // An optional resource type matters when the input can name it
        // beyond what the required ones already bind (Query's IndexName).
        let adds = template
            .bindings
            .iter()
            .any(|b| !used.contains(b.pointer.as_str()));
        if adds || required.is_empty() && !template.bindings.is_empty() {
            chosen.push(template.clone());
            dependents.extend(deps.iter().cloned());
        }
    }
    // Of optional types, one the input names less completely than another
    // chosen one that it names whole (its bound members a strict subset, a
    // variable left unbound) is not the one meant: S3's `accesspointobject`
    // binds only the key, `object` the bucket and the key.
    let optional_chosen: Vec<TemplateIr> = chosen[required.len()..].to_vec();
    chosen.retain(|t| {
        let mine: BTreeSet<&str> = t.bindings.iter().map(|b| b.pointer.as_str()).collect();
        let unbound = template_variables(&t.arn).len()
            > t.bindings.iter().filter(|b| !b.variable.is_empty()).count();
        !(unbound
            && !required.contains(t)
            && optional_chosen.iter().any(|other| {
                let theirs: BTreeSet<&str> =
                    other.bindings.iter().map(|b| b.pointer.as_str()).collect();
                let named_whole = template_variables(&other.arn)
                    .iter()
                    .all(|v| other.bindings.iter().any(|b| b.variable == *v));
                named_whole && mine.len() < theirs.len() && mine.is_subset(&theirs)
            }))
    });
    if chosen.is_empty() {
        // No resource type can be tied to the input: grant every listed
        // type with its variables wildcarded (still narrower than `*`).
        chosen = optional.into_iter().map(|(t, _)| t).collect();
    }
    chosen.sort();
    chosen.dedup();
    (chosen, dependents)
}

fn bind_template(
    shared: &Shared<'_>,
    prefix: &str,
    resource_type: &str,
    arn: &str,
    operation: &str,
    members: &TopLevel,
) -> TemplateIr {
    let mut bindings = Vec::new();
    let compact = resource_type.replace([' ', '-', '_'], "").to_lowercase();
    // A member holding this resource's ARN names it whole.
    // So does a generic `resourceArn` (tagging and resource-policy APIs
    // accept any of the service's resources there).
    if let Some(m) = members.strings.iter().find(|m| {
        let lower = m.to_lowercase();
        lower == format!("{compact}arn")
            || lower == "resourcearn"
            || (operation.to_lowercase().contains(&compact) && lower == "arn")
    }) {
        bindings.push(BindingIr {
            variable: String::new(),
            pointer: pointer(m),
            extract: "WholeArn".to_owned(),
            default: None,
        });
    }
    let variables = template_variables(arn);
    let last = variables.last().cloned();
    for variable in &variables {
        let own_resource =
            Some(variable) == last.as_ref() && operation.to_lowercase().contains(&compact);
        if let Some((pointer, extract, default)) =
            bind_variable(shared, prefix, variable, operation, members, own_resource)
        {
            bindings.push(BindingIr {
                variable: variable.clone(),
                pointer,
                extract: extract.to_owned(),
                default,
            });
        }
    }
    TemplateIr {
        arn: arn.to_owned(),
        bindings,
    }
}

/// Which parameter (a JSON pointer) fills `variable`, and how. Curated
/// rules first, then: the same name; `XName` ↔ `XArn`/`XId`; `XId` ↔
/// `XName`/`XArn`; for the resource an operation is about, its plain
/// `Name`/`Id` member; and last a map keyed by one of those (DynamoDB's
/// `RequestItems`, keyed by table), whose every key is a value.
fn bind_variable(
    shared: &Shared<'_>,
    prefix: &str,
    variable: &str,
    operation: &str,
    members: &TopLevel,
    own_resource: bool,
) -> Option<(String, &'static str, Option<String>)> {
    for rule in shared
        .data
        .bindings
        .iter()
        .filter(|r| r.prefix == prefix && r.variable == variable)
    {
        let Some(kind) = extract_kind(&rule.extract) else {
            continue;
        };
        if let Some(ptr) = &rule.pointer {
            if rule.operations.iter().any(|o| o == operation) {
                return Some((ptr.clone(), kind, rule.default.clone()));
            }
            continue;
        }
        let Some(member) = &rule.member else { continue };
        let found = match member.strip_prefix('*') {
            Some(suffix) => members.strings.iter().find(|m| m.ends_with(suffix)),
            None => members.strings.iter().find(|m| *m == member),
        };
        if let Some(m) = found {
            return Some((pointer(m), kind, rule.default.clone()));
        }
    }
    let find = |name: &str| {
        members
            .strings
            .iter()
            .find(|m| m.eq_ignore_ascii_case(name))
            .map(|m| pointer(m))
    };
    let mut candidates = vec![variable.to_owned()];
    // `jobQueue` takes a name or an ARN for `${JobQueueName}`, as `cluster`
    // does for `${ClusterName}` and `task` for `${TaskId}`.
    if let Some(base) = variable.strip_suffix("Name") {
        candidates.extend([
            format!("{base}Arn"),
            format!("{base}Id"),
            format!("{base}Identifier"),
            base.to_owned(),
        ]);
    }
    if let Some(base) = variable.strip_suffix("Id") {
        candidates.extend([format!("{base}Name"), format!("{base}Arn"), base.to_owned()]);
    }
    if own_resource {
        candidates.extend(["Name".to_owned(), "Id".to_owned(), "Identifier".to_owned()]);
    }
    if let Some(found) = candidates.iter().find_map(|c| find(c)) {
        return Some((found, "ArnOrName", None));
    }
    members
        .maps
        .iter()
        .find(|(_, key)| candidates.iter().any(|c| key.eq_ignore_ascii_case(c)))
        .map(|(m, _)| (pointer(m), "Keys", None))
}

fn template_variables(arn: &str) -> Vec<String> {
    arn.split("${")
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(v, _)| v.to_owned()))
        .filter(|v| !matches!(v.as_str(), "Partition" | "Region" | "Account"))
        .collect()
}

fn pointer(member: &str) -> String {
    format!("/{}", crate::naming::wire_name(member))
}

/// `ConditionalCheckFailedException` → `CONDITIONAL_CHECK_FAILED_EXCEPTION`.
fn constant_name(name: &str) -> String {
    crate::naming::split_words(name)
        .iter()
        .map(|w| w.to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join("_")
}
