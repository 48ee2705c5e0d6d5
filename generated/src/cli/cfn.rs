//! A CloudFormation template for a raw definition: the execution role with
//! the `states.amazonaws.com` trust, its least-privilege policy and the
//! state machine. The crate's renderer needs a typed `StateMachine`, so this
//! is its small equivalent for text we did not build; the layout and logical
//! ids are the same.

use std::collections::BTreeSet;

use serde_json::{Map, Value as Json, json};

use super::Finding;
use super::json::Node;
use crate::runtime::Bindings;
use crate::runtime::machine::cfn::{
    MACHINE, POLICY, ROLE, is_pseudo_parameter, outputs, policy_resource, role_resource,
    substitute, substitute_strings,
};

/// The template and the policy's warnings. `${Name}` placeholders in the
/// definition become template parameters; other `${…}` text stays literal.
pub(crate) fn template(
    root: &Node,
    name: Option<&str>,
    bindings: &Bindings,
    context: &super::template::TemplateContext,
) -> (Json, Vec<Finding>) {
    let (policy, warnings) = super::policy::derive(root, name, context);
    let policy = policy.bind(bindings);
    let mut definition = root.to_json();
    bindings.apply_json(&mut definition);
    let text = definition.to_string();
    let mut parameters = BTreeSet::new();

    let mut resolves = |name: &str| variable(name, &mut parameters);

    let mut resources = Map::new();
    resources.insert(ROLE.to_owned(), role_resource(name));
    let has_policy = !policy.is_empty();
    if has_policy {
        let mut document = policy.to_json();
        substitute_strings(&mut document, &mut resolves);
        resources.insert(POLICY.to_owned(), policy_resource(document));
    }
    let mut properties = Map::new();
    if let Some(name) = name {
        properties.insert("StateMachineName".to_owned(), Json::from(name));
    }
    properties.insert("RoleArn".to_owned(), json!({"Fn::GetAtt": [ROLE, "Arn"]}));
    properties.insert(
        "DefinitionString".to_owned(),
        substitute(&text, &mut resolves),
    );
    let mut machine = Map::new();
    machine.insert(
        "Type".to_owned(),
        Json::from("AWS::StepFunctions::StateMachine"),
    );
    if has_policy {
        // The role must hold its permissions before Step Functions checks them.
        machine.insert("DependsOn".to_owned(), json!([POLICY]));
    }
    machine.insert("Properties".to_owned(), Json::Object(properties));
    resources.insert(MACHINE.to_owned(), Json::Object(machine));

    let mut out = Map::new();
    out.insert(
        "AWSTemplateFormatVersion".to_owned(),
        Json::from("2010-09-09"),
    );
    if let Some(c) = root.get("Comment").and_then(Node::as_str) {
        out.insert("Description".to_owned(), Json::from(c));
    }
    if !parameters.is_empty() {
        let params: Map<String, Json> = parameters
            .into_iter()
            .map(|p| (p, json!({"Type": "String"})))
            .collect();
        out.insert("Parameters".to_owned(), Json::Object(params));
    }
    out.insert("Resources".to_owned(), Json::Object(resources));
    out.insert("Outputs".to_owned(), outputs());
    (Json::Object(out), warnings)
}

/// Whether `${name}` is something `Fn::Sub` resolves: a pseudo parameter,
/// or a plain name that becomes a template parameter.
fn variable(name: &str, parameters: &mut BTreeSet<String>) -> bool {
    if is_pseudo_parameter(name) {
        return true;
    }
    let plain =
        !name.is_empty() && name.len() <= 255 && name.chars().all(|c| c.is_ascii_alphanumeric());
    if plain {
        parameters.insert(name.to_owned());
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_parameters() {
        let mut p = BTreeSet::new();
        assert_eq!(
            substitute("a ${AWS::Region} ${Table} ${X.Arn} ${", &mut |n: &str| {
                variable(n, &mut p)
            }),
            json!({"Fn::Sub": "a ${AWS::Region} ${Table} ${!X.Arn} ${!"})
        );
        assert_eq!(p.into_iter().collect::<Vec<_>>(), ["Table"]);
        assert_eq!(
            substitute("plain", &mut |n: &str| variable(n, &mut BTreeSet::new())),
            json!("plain")
        );
    }
}
