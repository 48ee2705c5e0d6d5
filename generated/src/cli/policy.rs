//! The IAM policy a definition needs, derived the way the crate derives it
//! for its own tasks: the generated [`Grant`](crate::runtime::grant::Grant)
//! tables through [`runtime::grant::statements`](crate::runtime::grant::statements)
//! (with `iam:PassRole` through
//! [`runtime::optimized::statements`](crate::runtime::optimized::statements)
//! for optimized integrations), and the distributed Map's own needs.

use serde_json::Value as Json;

use super::Finding;
use super::json::{Node, escape_segment};
use super::resource::{self, TaskResource};
use super::schema;
use super::template::TemplateContext;
use crate::runtime::bind::{self, TemplateReferences};
use crate::runtime::{PolicyDocument, PolicyStatement, arn};

/// The statements of every task in `root` (merged into one document) and
/// warnings about tasks whose resources cannot be scoped or whose grants
/// are guesses. `machine_name` scopes a distributed Map's child executions;
/// `context` tells what the definition's `${…}` placeholders stand for.
pub(crate) fn derive(
    root: &Node,
    machine_name: Option<&str>,
    context: &TemplateContext,
) -> (PolicyDocument, Vec<Finding>) {
    let mut walk = Walk {
        statements: Vec::new(),
        warnings: Vec::new(),
        machine_name,
    };
    // One reading of the placeholders for the whole definition; each task
    // collects its own warnings inside it.
    let references = TemplateReferences {
        resource_types: context.resource_types.clone(),
        substitutions: context.substitutions.clone(),
    };
    bind::with_references(Box::new(references), || {
        bind::with_state_machine_name(machine_name, || walk.scope(root, "", 0))
    });
    (
        PolicyDocument::from_statements(walk.statements),
        walk.warnings,
    )
}

struct Walk<'a> {
    statements: Vec<PolicyStatement>,
    warnings: Vec<Finding>,
    machine_name: Option<&'a str>,
}

impl Walk<'_> {
    fn warn(
        &mut self,
        node: &Node,
        pointer: String,
        state: &str,
        code: &'static str,
        message: String,
    ) {
        self.warnings.push(Finding {
            offset: node.start,
            pointer,
            state: Some(state.to_owned()),
            code,
            message,
        });
    }

    fn scope(&mut self, node: &Node, pointer: &str, depth: usize) {
        if depth > super::json::MAX_DEPTH {
            return;
        }
        let Some(states) = node.get("States").and_then(Node::as_object) else {
            return;
        };
        for entry in states {
            let here = format!("{pointer}/States/{}", escape_segment(&entry.key));
            let state = &entry.value;
            match state.get("Type").and_then(Node::as_str) {
                Some("Task") => self.task(&entry.key, state, &here),
                Some("Parallel") => {
                    for (i, b) in state
                        .get("Branches")
                        .and_then(Node::as_array)
                        .unwrap_or(&[])
                        .iter()
                        .enumerate()
                    {
                        self.scope(b, &format!("{here}/Branches/{i}"), depth + 1);
                    }
                }
                Some("Map") => {
                    self.map(&entry.key, state, &here);
                    for key in ["ItemProcessor", "Iterator"] {
                        if let Some(p) = state.get(key) {
                            self.scope(p, &format!("{here}/{key}"), depth + 1);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn task(&mut self, name: &str, state: &Node, pointer: &str) {
        let Some(r) = state.get("Resource") else {
            return;
        };
        let Some(text) = r.as_str() else { return };
        let resource_pointer = format!("{pointer}/Resource");
        if let Some(credentials) = state.get("Credentials") {
            // The task runs as that role: its grants belong on the assumed
            // role; the execution role only needs to assume it.
            self.credentials(name, credentials, &format!("{pointer}/Credentials"));
            return;
        }
        let params = state
            .get("Parameters")
            .or_else(|| state.get("Arguments"))
            .map_or(Json::Null, Node::to_json);
        let (statements, found) = bind::collect_warnings(|| {
            self.statements_for(name, r, text, &params, &resource_pointer)
        });
        for (code, message) in found {
            self.warn(r, resource_pointer.clone(), name, code, message);
        }
        // Which wildcards come from values only known at run time: derive
        // again as if every dynamic value were a literal and compare.
        let mut probe = params.clone();
        literalize(&mut probe);
        let mut muted = Walk {
            statements: Vec::new(),
            warnings: Vec::new(),
            machine_name: self.machine_name,
        };
        let (probed, _) = bind::collect_warnings(|| {
            muted.statements_for(name, r, text, &probe, &resource_pointer)
        });
        let literal: Vec<String> = probed
            .iter()
            .flat_map(|s| s.resources().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        let mut unscoped: Vec<String> = statements
            .iter()
            .flat_map(|s| s.resources().map(str::to_owned).collect::<Vec<_>>())
            .filter(|r| r == "*" || (r.contains('*') && !literal.contains(r)))
            .collect();
        unscoped.sort();
        unscoped.dedup();
        if !unscoped.is_empty() {
            self.warn(r, resource_pointer, name, "unscoped", format!("cannot scope {} (a value comes from a path, or the action has no resource-level permissions)", unscoped.join(", ")));
        }
        self.statements.extend(statements);
    }

    /// `sts:AssumeRole` on the role in `Credentials`; a role chosen at run
    /// time can only be granted on every role, which deserves a word.
    fn credentials(&mut self, name: &str, credentials: &Node, pointer: &str) {
        let role = credentials
            .get("RoleArn")
            .and_then(Node::as_str)
            .filter(|s| !super::lint::is_jsonata(s));
        match role {
            Some(role) => {
                let resource = bind::role_arn("/RoleArn", role).unwrap_or_else(|| "*".to_owned());
                self.statements
                    .push(PolicyStatement::allow(["sts:AssumeRole"], [resource]));
            }
            None => {
                self.statements
                    .push(PolicyStatement::allow(["sts:AssumeRole"], ["*"]));
                self.warn(credentials, pointer.to_owned(), name, "unscoped", "the task's role is chosen at run time: granting sts:AssumeRole on * (name the role, or limit it with a condition); the task's own permissions belong on that role".to_owned());
            }
        }
    }

    fn statements_for(
        &mut self,
        name: &str,
        r: &Node,
        text: &str,
        params: &Json,
        resource_pointer: &str,
    ) -> Vec<PolicyStatement> {
        let mut out = Vec::new();
        match resource::parse(text) {
            Ok(TaskResource::Sdk { service, action, pattern }) => {
                let known = schema::sdk_service(&service);
                match schema::catalog_iam_status(&service, &action) {
                    Some("no-data") => self.warn(r, resource_pointer.to_owned(), name, "no-iam-data", format!("the IAM data has nothing for {service} yet (a new or retired service); nothing granted for aws-sdk:{service}:{action}, grant it yourself")),
                    Some("unchecked") => self.warn(r, resource_pointer.to_owned(), name, "no-iam-data", format!("aws-sdk:{service}:{action} is newer than the IAM data; its action is assumed to be named after the operation and granted on *")),
                    _ => {}
                }
                match known.and_then(|s| s.grants(&action)) {
                    Some(grants) => out.extend(crate::runtime::grant::statements(grants, pattern, params)),
                    None if known.is_some() => self.warn(r, resource_pointer.to_owned(), name, "unknown-action", format!("{service} has no operation {action:?} (`sfn-tasks lint` suggests the nearest); nothing granted for it")),
                    None => {
                        // Not vendored: the IAM action usually is the service's
                        // IAM prefix and the API name, as CDK's CallAwsService assumes.
                        let prefix = crate::services::registry::iam_prefix(&service);
                        let guess = format!("{prefix}:{}", upper_first(&action));
                        self.warn(r, resource_pointer.to_owned(), name, "no-iam-data", format!("no IAM data for aws-sdk:{service}:{action}; granting {guess} on * (check the action name and narrow the resource)"));
                        out.push(PolicyStatement::allow([guess], ["*"]));
                    }
                }
            }
            Ok(TaskResource::Optimized { service, action, pattern }) => {
                match schema::optimized_integration(&service, &action) {
                    Some((_, schema::Optimized { authorized_by: Some(needs), .. })) => {
                        self.warn(r, resource_pointer.to_owned(), name, "outside-iam", format!("{service}:{action} is authorized outside IAM, so nothing is granted for it: {needs}"));
                    }
                    Some((_, opt)) => {
                        let pass_role = opt.pass_role.as_ref().map(|p| (p, &[][..]));
                        // Roles the parameters cannot name come back as
                        // binder warnings (`pass-role`).
                        out.extend(crate::runtime::optimized::statements(opt.grants, pattern, params, pass_role));
                    }
                    None => self.warn(r, resource_pointer.to_owned(), name, "no-iam-data", format!("no IAM data for the optimized integration {service}:{action}; nothing granted for it")),
                }
            }
            Ok(TaskResource::Function) => {
                out.push(PolicyStatement::allow(["lambda:InvokeFunction"], [text.to_owned()]));
            }
            // Activities need no permission on the state machine's role;
            // placeholders hide what they stand for.
            Ok(TaskResource::Activity) => {}
            Ok(TaskResource::Placeholder) => self.warn(r, resource_pointer.to_owned(), name, "no-iam-data", format!("Resource {text} is a placeholder; if it is not an activity, grant what it calls yourself")),
            Err(_) => {}
        }
        out
    }

    fn map(&mut self, name: &str, state: &Node, pointer: &str) {
        // Readers and the writer: the table the builder's ItemReader and
        // ResultWriter use, keyed by the integration.
        for (field, what) in [
            ("ItemReader", "ItemReader"),
            ("ResultWriter", "ResultWriter"),
        ] {
            let Some(io) = state.get(field) else { continue };
            let params = io
                .get("Parameters")
                .or_else(|| io.get("Arguments"))
                .map_or(Json::Null, Node::to_json);
            let integration = match io
                .get("Resource")
                .and_then(Node::as_str)
                .map(resource::parse)
            {
                Some(Ok(TaskResource::Optimized {
                    service, action, ..
                })) => Some(format!("{service}:{action}")),
                _ => None,
            };
            match integration
                .and_then(|i| crate::runtime::states::map_io::statements_for(&i, &params))
            {
                Some(statements) => self.statements.extend(statements),
                None => self.warn(
                    io,
                    format!("{pointer}/{field}"),
                    name,
                    "no-iam-data",
                    format!("unknown {what} resource; nothing granted for it"),
                ),
            }
        }
        let distributed = ["ItemProcessor", "Iterator"].iter().any(|k| {
            state
                .get(k)
                .and_then(|p| p.get("ProcessorConfig"))
                .and_then(|c| c.get("Mode"))
                .and_then(Node::as_str)
                == Some("DISTRIBUTED")
        });
        if distributed {
            let machine = self.machine_name.unwrap_or("*");
            self.statements.push(PolicyStatement::allow(
                ["states:StartExecution"],
                [arn("states", &format!("stateMachine:{machine}"))],
            ));
            self.statements.push(PolicyStatement::allow(
                ["states:DescribeExecution", "states:StopExecution"],
                [arn("states", &format!("execution:{machine}:*"))],
            ));
            if self.machine_name.is_none() {
                self.warn(state, pointer.to_owned(), name, "unscoped", "a distributed Map starts executions of its own state machine; pass --name to scope them".to_owned());
            }
        }
    }
}

/// Turns every `Key.$` into a literal `Key`, so grants come out as if the
/// value were known.
fn literalize(value: &mut Json) {
    match value {
        Json::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut v) in entries {
                match key.strip_suffix(".$") {
                    Some(k) => {
                        map.insert(k.to_owned(), Json::from("literal"));
                    }
                    None => {
                        literalize(&mut v);
                        map.insert(key, v);
                    }
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(literalize),
        Json::String(s) if super::lint::is_jsonata(s) => *s = "literal".to_owned(),
        _ => {}
    }
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
