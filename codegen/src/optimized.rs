//! Optimized integrations (`arn:aws:states:::dynamodb:putItem`): curated data
//! in `models/integrations/<service>.toml` → typed tasks per service.
//!
//! Stages: [`Manifest`] mirrors the TOML strictly (unknown keys fail);
//! `link` checks it against the botocore model and the IAM data and collects
//! every problem with its key path; `lower` builds
//! [`TasksIr`], which holds every decision;
//! the `optimized.rs` template only prints it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::botocore::{ServiceModel, Shape};
use crate::ir::optimized::{DirectIr, PassRoleIr, PatternIr, RetryIr, TaskIr, TasksIr};
use crate::ir::{BindingIr, ConditionBindingIr, FieldIr, GrantIr, RustType, Stored, TemplateIr};
use crate::naming::wire_name;
use crate::vocabulary;
use crate::{Error, ServiceContext};

// ---------------------------------------------------------------------------
// The curated file.

/// `models/integrations/<service>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The service part of the integration ARN (`dynamodb`, `elasticmapreduce`, `states`).
    pub service: String,
    /// The AWS page that documents the integration.
    pub doc_url: String,
    /// Tasks by Rust name (`GetItem`).
    pub tasks: BTreeMap<String, TaskSpec>,
}

/// One optimized integration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskSpec {
    /// The service part of the Resource ARN when it is not the manifest's:
    /// `http` for the HTTP Task, which calls no AWS API but authorizes with
    /// an EventBridge connection, so EventBridge's module hosts it.
    pub service: Option<String>,
    /// The AWS page of the integration when it is not the manifest's.
    pub doc_url: Option<String>,
    /// The ASL action (`getItem`).
    pub action: String,
    /// The botocore operation whose input the parameters follow (`GetItem`).
    pub operation: Option<String>,
    /// Instead of `operation`: the shape the parameters follow, for
    /// integrations whose parameters are Step Functions' own (a shape of
    /// `<module>.shapes.json`, see [`crate::integration_shapes`]).
    pub input: Option<String>,
    /// The CDK construct name, for `#[doc(alias)]` (`DynamoGetItem`), or
    /// the names, where several CDK classes render this integration.
    pub cdk: Option<OneOrMany>,
    /// One-line summary for the docs.
    pub summary: String,
    /// Supported patterns: `request_response`, `sync`, `sync:2`, `wait_for_task_token`.
    pub patterns: Vec<String>,
    /// The pattern a new task uses.
    pub default: String,
    /// Where the pattern list comes from.
    pub source: String,
    /// Top-level parameters that differ from the API input, by member name.
    #[serde(default)]
    pub overrides: BTreeMap<String, Override>,
    /// IAM statements; each applies to the patterns it lists (all if none).
    #[serde(default)]
    pub iam: Vec<Grant>,
    /// `iam:PassRole` for roles named in the parameters or added by the user.
    pub pass_role: Option<PassRole>,
    /// KMS actions for a key the user names with `grant_kms_key` (an
    /// encrypted queue or topic: the parameters name the queue, not its key).
    pub kms: Option<Kms>,
    /// A retrier the task adds unless switched off.
    pub default_retry: Option<DefaultRetry>,
    /// A member whose literal ARN can be the `Resource` itself (Lambda's
    /// legacy form).
    pub direct_resource: Option<DirectResource>,
    /// For a call that IAM does not authorize (EKS's Kubernetes requests
    /// are authorized by the cluster's RBAC): what the role needs instead.
    /// The task then has no `iam`; its docs and `sfn-tasks policy` say this.
    pub authorized_by: Option<String>,
}

/// How a top-level parameter differs from the API.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The member does not exist in Step Functions' form.
    #[serde(default)]
    pub remove: bool,
    /// A member Step Functions adds, typed by this botocore shape.
    pub shape: Option<String>,
    /// The value is any JSON (a task input) instead of the model type.
    #[serde(default)]
    pub json: bool,
    /// A new task passes the whole state input (`"Key.$": "$"`) until set.
    #[serde(default)]
    pub default_whole_input: bool,
    /// Required-ness in Step Functions' form (defaults: the model's, or false for added members).
    pub required: Option<bool>,
    /// Doc line for an added or changed member.
    pub doc: Option<String>,
    /// Why.
    pub reason: String,
    /// Where that is documented.
    pub source: String,
}

/// One IAM statement template.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// Patterns it applies to; empty means all.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// `prefix:Action` names.
    pub actions: Vec<String>,
    /// ARN templates with `${Partition}`, `${Region}`, `${Account}` and
    /// bound variables, or `*`.
    pub resources: Vec<String>,
    /// Variable → parameter.
    #[serde(default)]
    pub bind: BTreeMap<String, Bind>,
    /// Variables deliberately left as `*` (a revision, an execution name).
    #[serde(default)]
    pub wildcard: Vec<String>,
    /// Only when this parameter (JSON pointer) is set, or any of these;
    /// `/Member=VALUE` only when it may be that value.
    pub when: Option<OneOrMany>,
    /// Condition operator → key → values.
    #[serde(default)]
    pub condition: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Conditions whose values are a parameter's, left out when it is not
    /// known before run time.
    #[serde(default)]
    pub condition_from: Vec<ConditionFrom>,
    /// Why the role needs it, for users (the task's IAM table prints it).
    pub doc: String,
    /// Where that is documented.
    pub source: String,
}

/// A condition bound to a parameter (`states:HTTPMethod` ← `/Method`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionFrom {
    /// `StringEquals`, `StringLike`, …; a `…Like` operator turns the
    /// unknown parts of a value into `*`.
    pub operator: String,
    /// The condition key, which the IAM data must list for every action
    /// of the statement.
    pub key: String,
    /// JSON pointer into the rendered parameters.
    pub pointer: String,
}

/// One string or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single value.
    One(String),
    /// Several values.
    Many(Vec<String>),
}

impl TaskSpec {
    /// The shape the task's parameters follow, as linked: the operation's
    /// input or the named shape.
    pub fn input_shape<'m>(&'m self, model: &'m ServiceModel) -> Option<&'m str> {
        match (&self.operation, &self.input) {
            (Some(op), _) => model
                .operations
                .get(op)?
                .input
                .as_ref()
                .map(|i| i.shape.as_str()),
            (None, Some(input)) => Some(input),
            (None, None) => None,
        }
    }
}

impl OneOrMany {
    /// The values, in order.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(v) => vec![v.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// Where a template variable comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bind {
    /// JSON pointer into the rendered parameters (`/TableName`); none for
    /// `state_machine_name`.
    #[serde(default)]
    pub pointer: String,
    /// `whole`, `arn_or_name`, `whole_arn` (a literal ARN of any resource
    /// type is the whole resource of every template of the statement; the
    /// variable's name is only a label), `url_last_segment`, `keys`,
    /// `family_or_revision`, `id_prefix`, `host_first_label` (an API
    /// Gateway endpoint's API id), `host_region` (an endpoint host's
    /// region, for `${Region}`), `relative_path` (a path without its
    /// leading `/`), `arn_name_segment` (`name` of another service's
    /// `type/name/id` ARN) or `state_machine_name` (the machine's own name,
    /// no pointer).
    pub extract: String,
    /// The value AWS uses when the parameter is absent (EventBridge's
    /// `default` bus), so an absent one names that resource, not `*`.
    #[serde(default)]
    pub default: Option<String>,
}

/// What a task needs on a customer-managed KMS key.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kms {
    /// KMS actions (`kms:GenerateDataKey`, `kms:Decrypt`).
    pub actions: Vec<String>,
    /// Why.
    pub reason: String,
    /// Where that is documented.
    pub source: String,
}

/// `iam:PassRole` scoped with `iam:PassedToService`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassRole {
    /// The service principal the roles are passed to (the
    /// `iam:PassedToService` condition); none when several services receive them.
    pub service: Option<String>,
    /// Parameters (JSON pointers) that hold role ARNs.
    #[serde(default)]
    pub pointers: Vec<String>,
    /// Pointer → the service principal its role is passed to, where the
    /// roles of one task go to different services (EMR's service role to
    /// EMR, its instance role to EC2).
    #[serde(default)]
    pub passed_to: BTreeMap<String, String>,
    /// Roles the service receives that no parameter names (an ECS task
    /// definition's roles), said to the user when none are declared.
    pub unseen: Option<String>,
    /// Why.
    pub reason: String,
    /// Where that is documented.
    pub source: String,
}

/// A retrier added by default.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultRetry {
    /// Setter that switches it (`retry_on_service_exceptions`).
    pub switch: String,
    /// Error names.
    pub errors: Vec<String>,
    /// `IntervalSeconds`.
    pub interval_seconds: u32,
    /// `MaxAttempts`.
    pub max_attempts: u32,
    /// `BackoffRate`.
    pub backoff_rate: f64,
    /// Why.
    pub reason: String,
    /// Where that is documented.
    pub source: String,
}

/// A member whose literal value may be the `Resource`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectResource {
    /// The member (`FunctionName`).
    pub member: String,
    /// The member that becomes the whole `Parameters` in that form (`Payload`).
    pub input: String,
    /// Setter that selects the form (`payload_response_only`).
    pub switch: String,
    /// The ARN service of the member's resource (`lambda`): a name or a
    /// partial ARN is made a whole ARN of it, as the `Resource` must be.
    pub arn_service: String,
    /// The resource type before the name in that ARN (`function:`).
    pub arn_type: String,
    /// The setter's documentation, for users.
    pub doc: String,
    /// Why.
    pub reason: String,
    /// Where that is documented.
    pub source: String,
}

// ---------------------------------------------------------------------------

/// Curated pattern name, `IntegrationPattern` variant, Resource suffix (the
/// suffixes are the ASL vocabulary's).
const PATTERNS: &[(&str, &str, &str)] = &[
    ("request_response", "RequestResponse", ""),
    ("sync", "RunJob", vocabulary::SYNC_SUFFIX),
    ("sync:2", "RunJobV2", vocabulary::SYNC_V2_SUFFIX),
    (
        "wait_for_task_token",
        "WaitForTaskToken",
        vocabulary::WAIT_FOR_TASK_TOKEN_SUFFIX,
    ),
];
const EXTRACTS: &[(&str, &str)] = &[
    ("whole", "Whole"),
    ("arn_or_name", "ArnOrName"),
    ("whole_arn", "WholeArn"),
    ("url_last_segment", "UrlLastSegment"),
    ("keys", "Keys"),
    ("family_or_revision", "FamilyOrRevision"),
    ("id_prefix", "IdPrefix"),
    ("host_first_label", "HostFirstLabel"),
    ("relative_path", "RelativePath"),
    ("host_region", "HostRegion"),
    ("arn_name_segment", "ArnNameSegment"),
    ("state_machine_name", "StateMachineName"),
];

/// The manifest file of a service, repository-relative.
pub fn manifest_path(module: &str) -> PathBuf {
    Path::new("models/integrations").join(format!("{module}.toml"))
}

/// A service's curated optimized integrations, read and checked once per run
/// and shared by the typed tasks and the linter's schema, so the two cannot
/// disagree.
#[derive(Debug)]
pub struct Curated {
    /// The manifest as written.
    pub manifest: Manifest,
    /// The manifest checked against the model and IAM data; tasks in the
    /// manifest's order.
    pub lowered: TasksIr,
}

/// Reads, parses and lowers the service's manifest, if it has one.
pub fn load(service: &ServiceContext<'_>) -> Result<Option<Curated>, Error> {
    let relative = manifest_path(&service.ir.module);
    let path = service.root.join(&relative);
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
        path: relative.clone(),
        source,
    })?;
    let manifest = parse(&relative, &text)?;
    let lowered = lower(service, &relative, &manifest, service.iam)?;
    Ok(Some(Curated { manifest, lowered }))
}

/// Parses a manifest; errors name the key path.
pub fn parse(file: &Path, text: &str) -> Result<Manifest, Error> {
    let de = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(de).map_err(|e| Error::Curated {
        file: file.to_path_buf(),
        message: format!("{}: {}", e.path(), e.inner().message().trim()),
    })
}

fn curated(file: &Path, key: &str, message: impl std::fmt::Display) -> Error {
    Error::Curated {
        file: file.to_path_buf(),
        message: format!("{key}: {message}"),
    }
}

/// Checks the manifest against the model and IAM data and lowers it; all
/// problems are reported together.
pub fn lower(
    service: &ServiceContext<'_>,
    file: &Path,
    manifest: &Manifest,
    iam: Option<&crate::iam::IamDatabase>,
) -> Result<TasksIr, Error> {
    let mut errors = Vec::new();
    let mut tasks = Vec::new();
    let type_names: BTreeSet<&str> = service
        .ir
        .structs
        .iter()
        .map(|s| s.name.as_str())
        .chain(service.ir.unions.iter().map(|u| u.name.as_str()))
        .chain(service.ir.enums.iter().map(|e| e.name.as_str()))
        .collect();
    for (name, spec) in &manifest.tasks {
        let key = format!("tasks.{name}");
        for clash in [name.clone(), format!("{name}Pattern")] {
            if type_names.contains(clash.as_str()) {
                errors.push(curated(
                    file,
                    &key,
                    format!("`{clash}` is also a type in `types`; rename the task"),
                ));
            }
        }
        match link_task(service, file, &key, name, spec, iam) {
            Ok(linked) => tasks.push(lower_task(&service.ir.module, name, spec, manifest, linked)),
            Err(mut e) => errors.append(&mut e),
        }
    }
    Error::collect(errors)?;
    Ok(TasksIr {
        module: service.ir.module.clone(),
        title: service.model.metadata.service_full_name.clone(),
        service: manifest.service.clone(),
        doc_url: manifest.doc_url.clone(),
        tasks,
    })
}

/// What linking a task established: every part checked against the model
/// and the IAM data and resolved to the form the IR uses.
struct Linked {
    input_name: String,
    patterns: Vec<PatternIr>,
    fields: Vec<FieldIr>,
    grants: Vec<GrantIr>,
    pass_role: Option<PassRoleIr>,
    kms: Option<Vec<String>>,
    default_retry: Option<RetryIr>,
    direct: Option<DirectIr>,
}

/// Checks one task against the model and the IAM data, collecting every
/// problem with its key path.
fn link_task(
    service: &ServiceContext<'_>,
    file: &Path,
    key: &str,
    name: &str,
    spec: &TaskSpec,
    iam: Option<&crate::iam::IamDatabase>,
) -> Result<Linked, Vec<Error>> {
    let mut errors = Vec::new();
    let err = |k: &str, m: String| curated(file, k, m);
    let model = service.model;

    if spec.reason_free_text_missing() {
        errors.push(err(key, "summary and source must not be empty".to_owned()));
    }

    // Patterns.
    let pattern_of = |p: &str| PATTERNS.iter().find(|(k, _, _)| *k == p);
    let mut patterns = Vec::new();
    for (i, p) in spec.patterns.iter().enumerate() {
        match pattern_of(p) {
            Some((_, variant, suffix)) => patterns.push(PatternIr {
                variant: (*variant).to_owned(),
                suffix: (*suffix).to_owned(),
                default: *p == spec.default,
                doc: format!(
                    " `{}`{}.",
                    if suffix.is_empty() { "(no suffix)" } else { suffix },
                    if *p == spec.default { "; the default" } else { "" }
                ),
            }),
            None => errors.push(err(
                &format!("{key}.patterns[{i}]"),
                format!("unknown pattern `{p}`; expected one of request_response, sync, sync:2, wait_for_task_token"),
            )),
        }
    }
    if !spec.patterns.contains(&spec.default) {
        errors.push(err(
            &format!("{key}.default"),
            format!("`{}` is not one of the task's patterns", spec.default),
        ));
    }
    patterns.sort_by_key(|p| !p.default);
    if let Some(text) = &spec.authorized_by {
        if text.trim().is_empty() {
            errors.push(err(
                &format!("{key}.authorized_by"),
                "must say something".to_owned(),
            ));
        }
        if !spec.iam.is_empty() || spec.pass_role.is_some() {
            errors.push(err(
                &format!("{key}.authorized_by"),
                "a task authorized outside IAM grants nothing; drop `iam` and `pass_role`"
                    .to_owned(),
            ));
        }
    }

    // Operation and input.
    let input_shape = match (&spec.operation, &spec.input) {
        (Some(operation), None) => match model.operations.get(operation) {
            Some(op) => op.input.as_ref().map(|i| i.shape.clone()),
            None => {
                errors.push(err(
                    &format!("{key}.operation"),
                    format!(
                        "no operation {operation} in {}",
                        service.model_file.display()
                    ),
                ));
                return Err(errors);
            }
        },
        (None, Some(input)) => match model.shapes.get(input) {
            Some(Shape::Structure(s)) if !s.document && !s.union => Some(input.clone()),
            _ => {
                errors.push(err(
                    &format!("{key}.input"),
                    format!(
                        "no structure {input} in {} or {}",
                        service.model_file.display(),
                        crate::integration_shapes::path(&service.ir.module).display()
                    ),
                ));
                return Err(errors);
            }
        },
        _ => {
            errors.push(err(
                key,
                "needs exactly one of `operation` (an API's input) and `input` (a shape of Step Functions' own parameters)".to_owned(),
            ));
            return Err(errors);
        }
    };
    let input_name = input_shape
        .as_deref()
        .map(|s| service.naming.type_name(s))
        .unwrap_or_default();
    let input_ir = service.ir.structs.iter().find(|s| s.name == input_name);
    let mut fields: Vec<FieldIr> = input_ir.map(|s| s.fields.clone()).unwrap_or_default();
    let input_label = input_shape.as_deref().unwrap_or("(no input)");

    // Overrides.
    for (member, o) in &spec.overrides {
        let k = format!("{key}.overrides.{member}");
        if o.reason.trim().is_empty() || o.source.trim().is_empty() {
            errors.push(err(&k, "reason and source must not be empty".to_owned()));
        }
        if (o.shape.is_some() || o.json) && o.doc.is_none() {
            errors.push(err(
                &k,
                "an added or retyped member needs `doc`, the text users read (`reason` is for maintainers)".to_owned(),
            ));
        }
        let wire = wire_name(member);
        let existing = fields.iter().position(|f| f.wire == wire);
        match (&o.shape, existing) {
            (Some(shape), None) => {
                if o.remove || o.default_whole_input {
                    errors.push(err(
                        &k,
                        "`shape` adds a member; it cannot be combined with `remove` or `default_whole_input`"
                            .to_owned(),
                    ));
                    continue;
                }
                if !model.shapes.contains_key(shape) {
                    errors.push(err(
                        &k,
                        format!("no shape {shape} in {}", service.model_file.display()),
                    ));
                    continue;
                }
                let required = o.required.unwrap_or(false);
                let ty = if o.json {
                    RustType::TaskInput
                } else {
                    crate::lower::literal_type(model, service.naming, shape)
                };
                fields.push(FieldIr {
                    ident: service.naming.field_name(member),
                    setter: service.naming.setter_name(member),
                    wire: wire.clone(),
                    stored: Stored {
                        ty: ty.clone(),
                        boxed: false,
                        optional: !required,
                    },
                    ty,
                    boxed: false,
                    required,
                    whole_input_default: false,
                    doc: override_doc(o, &wire, required, true),
                });
            }
            (Some(_), Some(_)) => errors.push(err(
                &k,
                format!(
                    "member {member} already exists in {input_label}; drop `shape` to change it"
                ),
            )),
            (None, None) => errors.push(err(&k, format!("no member {member} in {input_label}"))),
            (None, Some(at)) => {
                if o.remove {
                    fields.remove(at);
                    continue;
                }
                let f = &mut fields[at];
                if o.default_whole_input {
                    if f.required {
                        errors.push(err(
                            &k,
                            "`default_whole_input` needs an optional member".to_owned(),
                        ));
                    }
                    f.whole_input_default = true;
                }
                let ty = if o.json {
                    RustType::TaskInput
                } else {
                    f.ty.clone()
                };
                f.retype(ty, o.required.unwrap_or(f.required));
                if o.doc.is_some() || o.json || o.required.is_some() || o.default_whole_input {
                    f.doc = override_doc(o, &wire, f.required, false);
                }
            }
        }
    }
    let wires: BTreeSet<String> = fields.iter().map(|f| f.wire.clone()).collect();
    let check_pointer = |k: &str, pointer: &str, errors: &mut Vec<Error>| {
        let first = pointer
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or("");
        if !pointer.starts_with('/') || !wires.contains(first) {
            errors.push(err(
                k,
                format!("pointer {pointer} does not name a parameter of {name}"),
            ));
        }
    };

    // IAM.
    let mut grants = Vec::new();
    for (i, g) in spec.iam.iter().enumerate() {
        let k = format!("{key}.iam[{i}]");
        if g.doc.trim().is_empty() || g.source.trim().is_empty() {
            errors.push(err(&k, "doc and source must not be empty".to_owned()));
        }
        let mut gp = Vec::new();
        for p in &g.patterns {
            if !spec.patterns.contains(p) {
                errors.push(err(
                    &format!("{k}.patterns"),
                    format!("`{p}` is not a pattern of the task"),
                ));
            } else if let Some((_, v, _)) = pattern_of(p) {
                gp.push((*v).to_owned());
            }
        }
        if gp.is_empty() {
            gp = patterns.iter().map(|p| p.variant.clone()).collect();
        }
        for action in &g.actions {
            check_action(iam, action, &format!("{k}.actions"), file, &mut errors);
        }
        let mut bound = BTreeSet::new();
        let mut bindings = Vec::new();
        for (var, b) in &g.bind {
            let own_name = b.extract == "state_machine_name";
            if own_name != b.pointer.is_empty() {
                errors.push(err(
                    &format!("{k}.bind.{var}"),
                    "`state_machine_name` takes no pointer; every other extract needs one"
                        .to_owned(),
                ));
            } else if !own_name {
                check_pointer(&format!("{k}.bind.{var}"), &b.pointer, &mut errors);
            }
            match EXTRACTS.iter().find(|(n, _)| *n == b.extract) {
                // A `whole_arn` binding names no variable: a literal ARN
                // in its member is the resource of every template here.
                Some((_, v)) => bindings.push(BindingIr {
                    variable: if b.extract == "whole_arn" {
                        String::new()
                    } else {
                        var.clone()
                    },
                    pointer: b.pointer.clone(),
                    extract: (*v).to_owned(),
                    default: b.default.clone(),
                }),
                None => errors.push(err(
                    &format!("{k}.bind.{var}.extract"),
                    format!(
                        "unknown extract `{}`; expected one of {}",
                        b.extract,
                        EXTRACTS
                            .iter()
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
            bound.insert(var.clone());
        }
        let mut resources = Vec::new();
        for r in &g.resources {
            for var in variables(r) {
                let known = matches!(var.as_str(), "Partition" | "Region" | "Account");
                if !known && !bound.contains(&var) && !g.wildcard.contains(&var) {
                    errors.push(err(
                        &format!("{k}.resources"),
                        format!(
                            "variable ${{{var}}} in {r} is neither bound nor listed in `wildcard`"
                        ),
                    ));
                }
            }
            let used: Vec<_> = bindings
                .iter()
                .filter(|b| b.variable.is_empty() || r.contains(&format!("${{{}}}", b.variable)))
                .cloned()
                .collect();
            resources.push(TemplateIr {
                arn: r.clone(),
                bindings: used,
            });
        }
        let when = g.when.as_ref().map(OneOrMany::to_vec).unwrap_or_default();
        for w in &when {
            let (pointer, value) = match w.split_once('=') {
                Some((pointer, value)) => (pointer, Some(value)),
                None => (w.as_str(), None),
            };
            if value.is_some_and(str::is_empty) {
                errors.push(err(
                    &format!("{k}.when"),
                    format!("`{w}` names no value after `=`"),
                ));
            }
            check_pointer(&format!("{k}.when"), pointer, &mut errors);
        }
        let mut conditions = Vec::new();
        for (op, keys) in &g.condition {
            for (ck, values) in keys {
                for v in values {
                    conditions.push((op.clone(), ck.clone(), v.clone()));
                }
            }
        }
        let mut bound_conditions = Vec::new();
        for (j, c) in g.condition_from.iter().enumerate() {
            let ck = format!("{k}.condition_from[{j}]");
            check_pointer(&ck, &c.pointer, &mut errors);
            if c.operator.trim().is_empty() {
                errors.push(err(&ck, "operator must not be empty".to_owned()));
            }
            for action in &g.actions {
                if let Some(message) = condition_key_unknown(iam, action, &c.key) {
                    errors.push(err(&ck, message));
                }
            }
            bound_conditions.push(ConditionBindingIr {
                operator: c.operator.clone(),
                key: c.key.clone(),
                pointer: c.pointer.clone(),
            });
        }
        grants.push(GrantIr {
            patterns: gp,
            actions: g.actions.clone(),
            resources,
            when,
            conditions,
            bound_conditions,
        });
    }
    if spec.iam.is_empty() && spec.authorized_by.is_none() {
        errors.push(err(
            &format!("{key}.iam"),
            "a task needs at least one IAM statement, or `authorized_by` saying what authorizes it instead".to_owned(),
        ));
    }
    // A task whose API action the IAM data says needs iam:PassRole must
    // say which roles it passes (even when no parameter names them).
    if spec.pass_role.is_none()
        && let Some(db) = iam
    {
        let passing: Vec<&str> = spec
            .iam
            .iter()
            .flat_map(|g| &g.actions)
            .filter(|a| {
                db.action_by_ref(a).is_some_and(|action| {
                    action
                        .resource_types
                        .iter()
                        .any(|rt| rt.dependent_actions.iter().any(|d| d == "iam:PassRole"))
                })
            })
            .map(String::as_str)
            .collect();
        if !passing.is_empty() {
            errors.push(err(
                &format!("{key}.pass_role"),
                format!(
                    "the IAM data lists iam:PassRole as a dependent action of {}; say which parameters hold the roles (and their service) in pass_role",
                    passing.join(", ")
                ),
            ));
        }
    }
    let pass_role = spec.pass_role.as_ref().map(|p| {
        for (i, ptr) in p.pointers.iter().enumerate() {
            check_pointer(&format!("{key}.pass_role.pointers[{i}]"), ptr, &mut errors);
        }
        for pointer in p.passed_to.keys() {
            if !p.pointers.contains(pointer) {
                errors.push(err(
                    &format!("{key}.pass_role.passed_to"),
                    format!("{pointer} is not one of the pass_role pointers"),
                ));
            }
        }
        let mut method_doc = vec![
            "Grants `iam:PassRole` on a role the service receives without the parameters naming it.".to_owned(),
        ];
        if let Some(unseen) = &p.unseen {
            method_doc.push(String::new());
            method_doc.push(format!("{unseen}."));
        }
        PassRoleIr {
            method_doc,
            service: p.service.clone(),
            pointers: p.pointers.clone(),
            passed_to: p
                .passed_to
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            unseen: p.unseen.clone(),
        }
    });
    let kms = spec.kms.as_ref().map(|k| {
        for action in &k.actions {
            check_action(
                iam,
                action,
                &format!("{key}.kms.actions"),
                file,
                &mut errors,
            );
        }
        k.actions.clone()
    });
    let default_retry = spec.default_retry.as_ref().map(|r| RetryIr {
        doc: format!(
            "Whether the state retries transient service errors ({}) every {} s, {} times, backoff {:?}; on by default.",
            r.errors
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", "),
            r.interval_seconds,
            r.max_attempts,
            r.backoff_rate
        ),
        switch: r.switch.clone(),
        errors: r.errors.clone(),
        interval_seconds: r.interval_seconds,
        max_attempts: r.max_attempts,
        backoff_rate: format!("{:?}", r.backoff_rate),
    });
    let field_ident = |member: &str, k: &str, errors: &mut Vec<Error>| {
        let wire = wire_name(member);
        match fields.iter().find(|f| f.wire == wire) {
            Some(f) => f.ident.clone(),
            None => {
                errors.push(err(k, format!("no parameter {member} in {name}")));
                String::new()
            }
        }
    };
    let direct = spec.direct_resource.as_ref().map(|d| DirectIr {
        doc: d.doc.lines().map(str::to_owned).collect(),
        member: field_ident(
            &d.member,
            &format!("{key}.direct_resource.member"),
            &mut errors,
        ),
        input: field_ident(
            &d.input,
            &format!("{key}.direct_resource.input"),
            &mut errors,
        ),
        switch: d.switch.clone(),
        arn_service: d.arn_service.clone(),
        arn_type: d.arn_type.clone(),
    });

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Linked {
        input_name,
        patterns,
        fields,
        grants,
        pass_role,
        kms,
        default_retry,
        direct,
    })
}

/// Lowers a linked task: its docs, doc test and IR. Nothing here can fail.
fn lower_task(
    module: &str,
    name: &str,
    spec: &TaskSpec,
    manifest: &Manifest,
    linked: Linked,
) -> TaskIr {
    let Linked {
        input_name,
        patterns,
        fields,
        grants,
        pass_role,
        kms,
        default_retry,
        direct,
    } = linked;
    let default_variant = patterns
        .first()
        .map(|p| p.variant.clone())
        .unwrap_or_default();
    let example = example(
        module,
        name,
        &fields,
        &grants,
        spec.arn_service(manifest),
        &spec.action,
        &default_variant,
    );
    let mut doc = task_doc(
        spec,
        manifest,
        &input_name,
        &patterns,
        &grants,
        pass_role.as_ref(),
    );
    if let Some(actions) = &kms {
        doc.push(String::new());
        doc.push(format!(
            "If the target is encrypted with a customer-managed KMS key, name the key with `grant_kms_key` to add {} on it.",
            actions.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    TaskIr {
        name: name.to_owned(),
        // A CDK name equal to the task's is no alias (rustdoc rejects it).
        cdk: spec
            .cdk
            .as_ref()
            .map(OneOrMany::to_vec)
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c != name)
            .collect(),
        doc,
        service: spec.arn_service(manifest).to_owned(),
        action: spec.action.clone(),
        pattern_enum: format!("{name}Pattern"),
        selectable: patterns.len() > 1,
        patterns,
        fields,
        grants,
        pass_role,
        kms,
        default_retry,
        direct,
        example,
    }
}

impl TaskSpec {
    /// The service part of the task's Resource ARN.
    pub fn arn_service<'a>(&'a self, manifest: &'a Manifest) -> &'a str {
        self.service.as_deref().unwrap_or(&manifest.service)
    }

    fn reason_free_text_missing(&self) -> bool {
        self.summary.trim().is_empty() || self.source.trim().is_empty()
    }
}

/// Why `key` cannot condition `action`, per the IAM data: it is neither a
/// global `aws:` key nor one the action's service defines. `None` without
/// IAM data or for a prefix the data lacks.
fn condition_key_unknown(
    iam: Option<&crate::iam::IamDatabase>,
    action: &str,
    key: &str,
) -> Option<String> {
    let (prefix, _) = action.split_once(':')?;
    let service = iam?.service(prefix)?;
    let known = key.starts_with("aws:") || service.condition_keys.contains_key(key);
    (!known)
        .then(|| format!("`{key}` is not a condition key of `{prefix}` in the vendored IAM data"))
}

fn check_action(
    iam: Option<&crate::iam::IamDatabase>,
    action: &str,
    key: &str,
    file: &Path,
    errors: &mut Vec<Error>,
) {
    let Some((prefix, name)) = action.split_once(':') else {
        errors.push(curated(
            file,
            key,
            format!("`{action}` is not `prefix:Action`"),
        ));
        return;
    };
    if let Some(db) = iam
        && db.service(prefix).is_some()
        && db.action(prefix, name).is_none()
    {
        errors.push(curated(
            file,
            key,
            format!("`{action}` is not an action in the vendored IAM data for `{prefix}`"),
        ));
    }
}

/// `${Name}` variables of a template.
fn variables(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                out.push(after[..end].to_owned());
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

/// A changed or added member's docs, for users: the curated `doc`, then
/// what follows from the data. The maintainers' `reason` is not printed.
fn override_doc(o: &Override, wire: &str, required: bool, added: bool) -> Vec<String> {
    let mut doc = Vec::new();
    if let Some(d) = &o.doc {
        doc.push(d.clone());
        doc.push(String::new());
    }
    let mut facts = Vec::new();
    if added {
        facts.push("Step Functions adds this parameter; the API has no such member.".to_owned());
    } else if o.json {
        facts.push("Step Functions takes any JSON here, not the API's type.".to_owned());
    }
    if !added && o.required.is_some() {
        facts.push(if required {
            "Step Functions requires it.".to_owned()
        } else {
            "Step Functions does not require it.".to_owned()
        });
    }
    if o.default_whole_input {
        facts.push(format!(
            "Until set, the task passes the whole state input (`\"{wire}.$\": \"$\"`)."
        ));
    }
    if !facts.is_empty() {
        doc.push(facts.join(" "));
        doc.push(String::new());
    }
    doc.push(if required {
        format!("ASL key `{wire}`; required.")
    } else {
        format!("ASL key `{wire}`.")
    });
    doc
}

/// The task's docs: summary, patterns table, parameters note and IAM table.
fn task_doc(
    spec: &TaskSpec,
    manifest: &Manifest,
    input: &str,
    patterns: &[PatternIr],
    grants: &[GrantIr],
    pass_role: Option<&PassRoleIr>,
) -> Vec<String> {
    let mut doc = vec![
        spec.summary.clone(),
        String::new(),
        format!(
            "Resource `arn:aws:states:::{}:{}` plus the pattern's suffix; see the [AWS integration page]({}).",
            spec.arn_service(manifest),
            spec.action,
            spec.doc_url.as_ref().unwrap_or(&manifest.doc_url)
        ),
        String::new(),
    ];
    if !input.is_empty() {
        let removed: Vec<String> = spec
            .overrides
            .iter()
            .filter(|(_, o)| o.remove)
            .map(|(member, _)| format!("`{}`", wire_name(member)))
            .collect();
        let changed = spec.overrides.values().any(|o| !o.remove);
        let without = if removed.is_empty() {
            String::new()
        } else {
            format!(", without {}", and_list(&removed))
        };
        let changes = if changed {
            "; the fields Step Functions adds or changes say so"
        } else {
            ""
        };
        doc.push(format!(
            "Parameters follow [`types::{input}`](super::types::{input}){without}{changes}."
        ));
        doc.push(String::new());
    }
    doc.push("| Pattern | Resource suffix |".to_owned());
    doc.push("| --- | --- |".to_owned());
    for p in patterns {
        let suffix = if p.suffix.is_empty() {
            "(none)".to_owned()
        } else {
            format!("`{}`", p.suffix)
        };
        let mark = if p.default { " (default)" } else { "" };
        doc.push(format!("| `{}`{mark} | {suffix} |", p.variant));
    }
    doc.push(String::new());
    if let Some(text) = &spec.authorized_by {
        doc.push(format!("IAM authorizes nothing here, so the task adds no statement to the state machine's role: {text}."));
        return doc;
    }
    doc.push("IAM statements the task adds to the state machine's role (a literal parameter names the resource; a dynamic one leaves `*` in its place):".to_owned());
    doc.push(String::new());
    doc.push("| Patterns | Actions | Resources | Why |".to_owned());
    doc.push("| --- | --- | --- | --- |".to_owned());
    for (g, curated) in grants.iter().zip(&spec.iam) {
        let mut why = curated.doc.replace('|', "\\|");
        if !g.when.is_empty() {
            let conditions: Vec<String> = g
                .when
                .iter()
                .map(|w| match w.split_once('=') {
                    Some((pointer, value)) => format!("`{pointer}` is `{value}`"),
                    None => format!("`{w}` is set"),
                })
                .collect();
            why = format!("when {}: {why}", or_list(&conditions));
        }
        if !g.bound_conditions.is_empty() {
            let bound: Vec<String> = g
                .bound_conditions
                .iter()
                .map(|c| format!("{} `{}` from `{}`", c.operator, c.key, c.pointer))
                .collect();
            why = format!("{why} Conditions: {}.", and_list(&bound));
        }
        doc.push(format!(
            "| {} | {} | {} | {} |",
            g.patterns.join(", "),
            g.actions
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", "),
            g.resources
                .iter()
                .map(|r| format!("`{}`", r.arn))
                .collect::<Vec<_>>()
                .join(", "),
            why
        ));
    }
    if let Some(p) = pass_role {
        let from = if p.pointers.is_empty() {
            String::new()
        } else {
            format!(
                " named in {} and",
                p.pointers
                    .iter()
                    .map(|x| format!("`{x}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let condition = p.service.as_ref().map_or_else(
            || "passing the roles".to_owned(),
            |s| format!("with `iam:PassedToService` = `{s}`"),
        );
        doc.push(format!(
            "| all | `iam:PassRole` | the roles{from} given to `grant_pass_role` | {condition} |"
        ));
    }
    doc
}

/// A runnable doc test: required parameters from paths (valid for every
/// type), render, check the Resource, the keys, and the first statement the
/// task grants, exactly.
fn example(
    module: &str,
    name: &str,
    fields: &[FieldIr],
    grants: &[GrantIr],
    service: &str,
    action: &str,
    default_variant: &str,
) -> Vec<String> {
    let suffix = PATTERNS
        .iter()
        .find(|(_, v, _)| *v == default_variant)
        .map_or("", |(_, _, s)| *s);
    let required: Vec<&FieldIr> = fields.iter().filter(|f| f.required).collect();
    let mut lines = vec![
        "use sfn_tasks::runtime::Task;".to_owned(),
        "use sfn_tasks::JsonPath;".to_owned(),
        format!("use sfn_tasks::services::{module}::{name};"),
        String::new(),
    ];
    let args: Vec<String> = required
        .iter()
        .map(|f| {
            format!(
                "JsonPath::new(\"$.{}\").unwrap()",
                f.ident.trim_start_matches("r#")
            )
        })
        .collect();
    // Parameters set from paths: the required ones, and where every grant
    // of the default pattern waits for an optional one, the first of those.
    let mut set: Vec<String> = required.iter().map(|f| format!("/{}", f.wire)).collect();
    let mut setters = String::new();
    let of_pattern =
        |g: &&GrantIr| g.patterns.is_empty() || g.patterns.iter().any(|p| p == default_variant);
    if !grants.iter().filter(of_pattern).any(|g| g.when.is_empty())
        && let Some(field) = grants
            .iter()
            .filter(of_pattern)
            .flat_map(|g| &g.when)
            .find_map(|pointer| fields.iter().find(|f| format!("/{}", f.wire) == *pointer))
    {
        set.push(format!("/{}", field.wire));
        setters = format!(
            ".{}(JsonPath::new(\"$.{}\").unwrap())",
            field.setter,
            field.ident.trim_start_matches("r#")
        );
    }
    lines.push(format!(
        "let task = {name}::new({}){setters};",
        args.join(", ")
    ));
    lines.push(format!(
        "assert_eq!(task.resource().to_string(), \"arn:aws:states:::{service}:{action}{suffix}\");"
    ));
    lines.push("let parameters = task.write_parameters().unwrap();".to_owned());
    for f in &required {
        lines.push(format!(
            "assert_eq!(parameters[\"{}.$\"], \"$.{}\");",
            f.wire,
            f.ident.trim_start_matches("r#")
        ));
    }
    let first = GrantIr::first_statement(grants, default_variant, &set);
    if first.is_none() {
        // Nothing applies by default (no grants, or only ones that wait for
        // a parameter's value): say so.
        lines.push("assert!(task.policy_statements().is_empty());".to_owned());
    } else if let Some((actions, resources)) = first {
        let list = |items: &[String]| {
            items
                .iter()
                .map(|i| format!("{i:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        lines.push("let statement = &task.policy_statements()[0];".to_owned());
        lines.push(format!(
            "assert_eq!(statement.actions().collect::<Vec<_>>(), [{}]);",
            list(&actions)
        ));
        lines.push(format!(
            "assert_eq!(statement.resources().collect::<Vec<_>>(), [{}]);",
            list(&resources)
        ));
    }
    // A leading space, as `///` comments have.
    lines
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") })
        .collect()
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
