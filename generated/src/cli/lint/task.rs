//! Task: `TimeoutSeconds` and `HeartbeatSeconds` (or their `…Path` forms,
//! one of each pair, the heartbeat shorter); the `Resource`, a real
//! optimized or `aws-sdk` integration of the vendored models with a pattern
//! it supports; its `Parameters` (JSONPath) or `Arguments` (JSONata)
//! against the operation's input ([`params`]); and the
//! task token a callback task must pass.

use super::{Language, Linter, did_you_mean};
use crate::cli::json::{Node, Value};
use crate::cli::params;
use crate::cli::resource::{self, TaskResource};
use crate::runtime::IntegrationPattern;
use crate::runtime::vocabulary::MAX_SECONDS;

impl Linter {
    pub(super) fn task(&mut self, node: &Node, pointer: &str, language: Language) {
        for (field, path_field) in [
            ("TimeoutSeconds", "TimeoutSecondsPath"),
            ("HeartbeatSeconds", "HeartbeatSecondsPath"),
        ] {
            self.number_field(node, pointer, field, language, 1, MAX_SECONDS);
            self.reference_path_field(node, pointer, path_field);
            self.not_both(node, pointer, field, path_field);
        }
        if let (Some(Value::Number(t)), Some(h)) = (
            node.get("TimeoutSeconds").map(|n| &n.value),
            node.get("HeartbeatSeconds"),
        ) && let Value::Number(heartbeat) = &h.value
            // Only two integers compare; a non-integer gets its own finding.
            && let (Some(heartbeat), Some(timeout)) = (heartbeat.as_i64(), t.as_i64())
            && heartbeat >= timeout
        {
            self.error(
                h.start,
                &format!("{pointer}/HeartbeatSeconds"),
                "out-of-range",
                "HeartbeatSeconds must be smaller than TimeoutSeconds".to_owned(),
            );
        }
        self.task_resource(node, pointer, language);
    }

    fn task_resource(&mut self, node: &Node, pointer: &str, language: Language) {
        let Some(r) = node.get("Resource") else {
            self.missing(node, pointer, "a Task needs a Resource");
            return;
        };
        let here = format!("{pointer}/Resource");
        let Some(text) = self.string(r, &here) else {
            return;
        };
        let parsed = resource::parse(&text);
        let args_field = language.arguments_key();
        let args = node.get(args_field);
        let args_pointer = format!("{pointer}/{args_field}");
        match parsed {
            Err(message) => self.error(r.start, &here, "unknown-resource", message),
            Ok(TaskResource::Sdk {
                service,
                action,
                pattern,
            }) => {
                if let Err(m) = resource::sdk_pattern(pattern) {
                    self.error(r.start, &here, "unsupported-pattern", m);
                }
                self.task_token(pattern, args, r.start, &here);
                let Some(schema) = crate::cli::schema::sdk_service(&service) else {
                    return; // Not vendored: nothing to check the call against.
                };
                match schema.operation(&action) {
                    None => {
                        let hint =
                            did_you_mean(&action, schema.operations.iter().map(|o| o.action));
                        self.error(
                            r.start,
                            &here,
                            "unknown-action",
                            format!("{service} has no operation {action:?}{hint}"),
                        );
                    }
                    Some(op) => {
                        if let Some(reason) = op.excluded {
                            self.error(
                                r.start,
                                &here,
                                "unknown-action",
                                format!("Step Functions cannot call {service}:{action}: {reason}"),
                            );
                        }
                        if let (Some(input), Some(args)) = (op.input, args) {
                            let call = params::Call {
                                schema,
                                language,
                                sdk: true,
                            };
                            params::check(self, &call, input, args, &args_pointer);
                        }
                    }
                }
            }
            Ok(TaskResource::Optimized {
                service,
                action,
                pattern,
            }) => {
                // Optimized integrations of services the crate does not
                // vendor cannot be checked against a model; only the shape
                // of the ARN is.
                let Some(schema) = crate::cli::schema::optimized_service(&service) else {
                    return;
                };
                match schema.optimized(&action) {
                    None => {
                        let hint = did_you_mean(&action, schema.optimized.iter().map(|o| o.action));
                        self.error(r.start, &here, "unknown-action", format!("{service} has no optimized integration {action:?}{hint} (use arn:aws:states:::aws-sdk:{}:{action} for other API actions)", schema.sdk_service));
                    }
                    Some(opt) => {
                        if !opt.patterns.contains(&pattern) {
                            let supported: Vec<String> = opt
                                .patterns
                                .iter()
                                .map(|p| resource::pattern_name(*p))
                                .collect();
                            self.error(
                                r.start,
                                &here,
                                "unsupported-pattern",
                                format!(
                                    "{service}:{action} does not support {}; supported: {}",
                                    resource::pattern_name(pattern),
                                    supported.join(", ")
                                ),
                            );
                        }
                        if let Some(args) = args {
                            let call = params::Call {
                                schema,
                                language,
                                sdk: false,
                            };
                            params::check(self, &call, opt.input, args, &args_pointer);
                        }
                        self.task_token(pattern, args, r.start, &here);
                    }
                }
            }
            Ok(TaskResource::Activity | TaskResource::Function | TaskResource::Placeholder) => {}
        }
    }

    /// A callback task must hand its token to whoever calls back.
    fn task_token(
        &mut self,
        pattern: IntegrationPattern,
        args: Option<&Node>,
        at: usize,
        here: &str,
    ) {
        if pattern == IntegrationPattern::WaitForTaskToken && !args.is_some_and(passes_task_token) {
            self.error(at, here, "missing-task-token", "a .waitForTaskToken task must pass the task token ($$.Task.Token, or $states.context.Task.Token in JSONata) in its parameters".to_owned());
        }
    }
}

/// One rule for the library and the linter: see
/// [`json_references_task_token`](crate::runtime::json_references_task_token).
fn passes_task_token(args: &Node) -> bool {
    crate::runtime::json_references_task_token(&args.to_json())
}
