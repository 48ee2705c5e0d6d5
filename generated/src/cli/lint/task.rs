//! Task: `TimeoutSeconds` and `HeartbeatSeconds` (or their `…Path` forms,
//! one of each pair, the heartbeat shorter); the `Resource`, a real
//! optimized or `aws-sdk` integration of the vendored models with a pattern
//! it supports; its `Parameters` (JSONPath) or `Arguments` (JSONata)
//! against the operation's input ([`params`]); and the
//! task token a callback task must pass.

use super::{Language, Linter, Pointer, did_you_mean};
use crate::check::params;
use crate::cli::json::{Node, Value};
use crate::cli::resource::{self, TaskResource};
use crate::runtime::IntegrationPattern;
use crate::runtime::vocabulary::MAX_SECONDS;

impl Linter {
    pub(super) fn task(&mut self, node: &Node, pointer: &Pointer<'_>, language: Language) {
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
                &pointer.key("HeartbeatSeconds"),
                "out-of-range",
                "HeartbeatSeconds must be smaller than TimeoutSeconds".to_owned(),
            );
        }
        self.task_resource(node, pointer, language);
    }

    fn task_resource(&mut self, node: &Node, pointer: &Pointer<'_>, language: Language) {
        let Some(r) = node.get("Resource") else {
            self.missing(node, pointer, "a Task needs a Resource");
            return;
        };
        let here = pointer.key("Resource");
        let Some(text) = self.string(r, &here) else {
            return;
        };
        let parsed = resource::parse(&text);
        let args_field = language.arguments_key();
        let args = node.get(args_field);
        let args_pointer = pointer.key(args_field);
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
                    if crate::services::registry::UNMODELLED.contains(&service.as_str()) {
                        self.warn(
                            r.start,
                            &here,
                            "no-model",
                            format!("AWS lists aws-sdk:{service} but no AWS SDK model of it exists any more (a retired service): the call is not checked"),
                        );
                        return;
                    }
                    let hint = did_you_mean(&service, crate::cli::schema::sdk_service_names());
                    self.error(
                        r.start,
                        &here,
                        "unknown-service",
                        format!("no AWS service is called {service:?} in aws-sdk ARNs{hint} (the names are the AWS SDK's, lower-case: cloudwatchlogs, eventbridge, sfn)"),
                    );
                    return;
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
                            params::check(self, &call, input, args, &args_pointer.to_text());
                        }
                    }
                }
            }
            Ok(TaskResource::Optimized {
                service,
                action,
                pattern,
            }) => {
                // Optimized integrations without curated data are checked
                // against the API's own input when the service's model has
                // an operation of that name (Athena's startQueryExecution):
                // Step Functions passes their parameters to the API. An
                // action the API lacks is left alone, since optimized names
                // can differ from the API's (bedrock:invokeModel lives in
                // bedrock-runtime), and so are JSON values given to string
                // members, which some integrations serialise (EventBridge's
                // Detail).
                let Some(schema) = crate::cli::schema::optimized_service(&service) else {
                    if let Some(api) = crate::cli::schema::api_of_optimized(&service)
                        && let Some(Some(input)) = api.operation(&action).map(|o| o.input)
                        && let Some(args) = args
                    {
                        let call = params::Call {
                            schema: api,
                            language,
                            sdk: true,
                        };
                        params::check(self, &call, input, args, &args_pointer.to_text());
                    }
                    self.task_token(pattern, args, r.start, &here);
                    return;
                };
                // One ARN service can span several APIs (`bedrock:`).
                let found = crate::cli::schema::optimized_integration(&service, &action);
                let schema = found.map_or(schema, |(s, _)| s);
                match found.map(|(_, o)| o) {
                    None => {
                        let hint = did_you_mean(
                            &action,
                            crate::cli::schema::optimized_services(&service)
                                .flat_map(|s| s.optimized.iter())
                                .filter(|o| o.service == service)
                                .map(|o| o.action),
                        );
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
                            params::check(self, &call, opt.input, args, &args_pointer.to_text());
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
        here: &Pointer<'_>,
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
