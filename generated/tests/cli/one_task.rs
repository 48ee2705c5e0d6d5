//! What the tests of single Task states share: the definition around one
//! call, and the grants of a policy document flattened.

use serde_json::{Value, json};
use sfn_tasks::cli::Source;

/// A one-state definition calling `resource` with `parameters`.
pub fn one_task(resource: &str, parameters: Value) -> Source {
    let definition = json!({
        "StartAt": "Call",
        "States": {"Call": {"Type": "Task", "Resource": resource, "Parameters": parameters, "End": true}}
    });
    Source::parse("task.json", definition.to_string()).unwrap()
}

/// Every `(action, resource, condition)` of a policy document's
/// statements, in their order; the condition is the statement's as JSON
/// text, `""` when it has none.
pub fn statement_grants(document: &Value) -> Vec<(String, String, String)> {
    let list = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a.iter().map(|s| s.as_str().unwrap().to_owned()).collect(),
            _ => Vec::new(),
        }
    };
    let mut out = Vec::new();
    for statement in document["Statement"].as_array().unwrap() {
        let condition = statement
            .get("Condition")
            .map_or(String::new(), Value::to_string);
        for action in list(&statement["Action"]) {
            for resource in list(&statement["Resource"]) {
                out.push((action.clone(), resource, condition.clone()));
            }
        }
    }
    out
}
