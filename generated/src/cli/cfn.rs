//! A CloudFormation template for a raw definition: the execution role with
//! the `states.amazonaws.com` trust, its least-privilege policy and the
//! state machine. The crate's renderer needs a typed `StateMachine`, so this
//! is its small equivalent for text we did not build; the layout and logical
//! ids are the same.

use std::collections::BTreeSet;

use serde_json::{Map, Value as Json, json};

use super::Finding;
use super::json::{Node, Value};
use crate::runtime::Bindings;
use crate::runtime::machine::cfn::{
    MACHINE, POLICY, ROLE, is_pseudo_parameter, outputs, policy_resource, role_resource,
    substitute, substitute_strings,
};

/// The template and the policy's warnings. Every `${…}` placeholder of the
/// definition (any spelling: `${TableName}`, `${glue_crawler_name}`,
/// `${Queue.Arn}`) becomes a template parameter with a CloudFormation-valid
/// name; a placeholder standing where a value goes (`"Seconds": ${Delay}`)
/// stays unquoted in the definition text, so a number stays a number.
pub(crate) fn template(
    root: &Node,
    name: Option<&str>,
    bindings: &Bindings,
    context: &super::template::TemplateContext,
) -> (Json, Vec<Finding>) {
    let (policy, warnings) = super::policy::derive(root, name, context);
    let policy = policy.bind(bindings);
    let mut definition = with_deferred_marked(root);
    bindings.apply_json(&mut definition);
    let text = unquote_deferred(&definition.to_string());
    let mut document = policy.to_json();
    let mut names = ParameterNames::default();
    // Names already valid keep theirs; renamed ones must not take them.
    names.reserve(&text);
    names.reserve(&document.to_string());
    let text = names.rename(&text);
    rename_strings(&mut document, &mut names);
    let mut parameters = BTreeSet::new();

    let mut resolves = |name: &str| variable(name, &mut parameters);

    let mut resources = Map::new();
    resources.insert(ROLE.to_owned(), role_resource(name));
    let has_policy = !policy.is_empty();
    if has_policy {
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
            .map(|p| {
                let mut parameter = json!({"Type": "String"});
                if let Some(original) = names.original(&p) {
                    parameter["Description"] =
                        Json::from(format!("${{{original}}} in the definition"));
                }
                (p, parameter)
            })
            .collect();
        out.insert("Parameters".to_owned(), Json::Object(params));
    }
    out.insert("Resources".to_owned(), Json::Object(resources));
    out.insert("Outputs".to_owned(), outputs());
    (Json::Object(out), warnings)
}

/// Marks a placeholder that stands where a value goes; it cannot occur in
/// JSON text, so the mark finds exactly those strings again.
const DEFERRED: char = '\u{1}';

/// The definition as JSON, with each deferred placeholder value written as
/// a marked string.
fn with_deferred_marked(node: &Node) -> Json {
    match &node.value {
        Value::Deferred(text) if is_plain_placeholder(text) => {
            Json::String(format!("{DEFERRED}{text}{DEFERRED}"))
        }
        Value::Array(items) => Json::Array(items.iter().map(with_deferred_marked).collect()),
        Value::Object(entries) => Json::Object(
            entries
                .iter()
                .map(|e| (e.key.to_string(), with_deferred_marked(&e.value)))
                .collect(),
        ),
        _ => node.to_json(),
    }
}

/// A `${Name}` placeholder (not a CloudFormation function standing in for
/// its value, which has no meaning outside its template).
fn is_plain_placeholder(text: &str) -> bool {
    text.strip_prefix("${")
        .and_then(|t| t.strip_suffix('}'))
        .is_some_and(|name| {
            !name.is_empty() && !name.contains(['{', '}', '$']) && !name.starts_with("Fn::")
        })
}

/// `"\u0001${X}\u0001"` → `${X}`: the marked strings lose their quotes.
fn unquote_deferred(text: &str) -> String {
    const OPEN: &str = "\"\\u0001";
    const CLOSE: &str = "\\u0001\"";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        match after.find(CLOSE) {
            Some(end) => {
                out.push_str(&rest[..start]);
                out.push_str(&after[..end]);
                rest = &after[end + CLOSE.len()..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// Template parameter names for the definition's placeholders: a name
/// CloudFormation accepts as it is stays; any other spelling gets an
/// alphanumeric PascalCase name (`glue_crawler_name` → `GlueCrawlerName`,
/// `Queue.Arn` → `QueueArn`), made unique.
#[derive(Default)]
struct ParameterNames {
    /// Original → parameter name.
    renamed: Vec<(String, String)>,
    /// Placeholders that are valid parameter names as written.
    kept: BTreeSet<String>,
}

impl ParameterNames {
    /// Notes the valid names `text` uses, so no renamed one collides.
    fn reserve(&mut self, text: &str) {
        crate::runtime::bind::map_placeholders(text, |inner| {
            if is_parameter_name(inner) {
                self.kept.insert(inner.to_owned());
            }
            None
        });
    }

    fn name_for(&mut self, original: &str) -> Option<String> {
        if is_pseudo_parameter(original) || is_parameter_name(original) {
            return None;
        }
        if let Some((_, name)) = self.renamed.iter().find(|(o, _)| o == original) {
            return Some(name.clone());
        }
        let base = pascal_alphanumeric(original);
        if base.is_empty() {
            return None;
        }
        let mut name = base.clone();
        let mut n = 2;
        while self.kept.contains(&name) || self.renamed.iter().any(|(_, taken)| *taken == name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.renamed.push((original.to_owned(), name.clone()));
        Some(name)
    }

    /// The placeholder a renamed parameter stands for.
    fn original(&self, name: &str) -> Option<&str> {
        self.renamed
            .iter()
            .find(|(_, n)| n == name)
            .map(|(o, _)| o.as_str())
    }

    /// `text` with each renamed placeholder written with its parameter name.
    fn rename(&mut self, text: &str) -> String {
        crate::runtime::bind::map_placeholders(text, |inner| {
            if inner.starts_with('!') || inner.contains("${") {
                return None;
            }
            self.name_for(inner).map(|name| format!("${{{name}}}"))
        })
    }
}

fn rename_strings(value: &mut Json, names: &mut ParameterNames) {
    match value {
        Json::String(s) if s.contains("${") => *s = names.rename(s),
        Json::Array(items) => items.iter_mut().for_each(|v| rename_strings(v, names)),
        Json::Object(map) => map.values_mut().for_each(|v| rename_strings(v, names)),
        _ => {}
    }
}

/// CloudFormation's rule for logical ids and parameter names.
fn is_parameter_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 255 && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn pascal_alphanumeric(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut upper = true;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    out.truncate(255);
    out
}

/// Whether `${name}` is something `Fn::Sub` resolves: a pseudo parameter,
/// or a plain name that becomes a template parameter.
fn variable(name: &str, parameters: &mut BTreeSet<String>) -> bool {
    if is_pseudo_parameter(name) {
        return true;
    }
    let plain = is_parameter_name(name);
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

    #[test]
    fn every_spelling_gets_a_parameter_name() {
        let mut names = ParameterNames::default();
        assert_eq!(
            names.rename("${glue_crawler_name} ${Queue.Arn} ${Table} ${AWS::Region} ${a-b} ${A_b}"),
            "${GlueCrawlerName} ${QueueArn} ${Table} ${AWS::Region} ${AB} ${AB2}"
        );
        assert_eq!(names.original("GlueCrawlerName"), Some("glue_crawler_name"));
        assert_eq!(names.rename("${!Literal} ${"), "${!Literal} ${");
        let mut names = ParameterNames::default();
        names.reserve("${GlueJob}");
        assert_eq!(
            names.rename("${glue_job} ${GlueJob}"),
            "${GlueJob2} ${GlueJob}"
        );
    }

    #[test]
    fn deferred_values_lose_their_quotes() {
        let root =
            super::super::json::parse_substituted(r#"{"Seconds": ${Delay}, "Name": "${Delay}"}"#)
                .unwrap();
        let text = unquote_deferred(&with_deferred_marked(&root).to_string());
        assert_eq!(text, r#"{"Seconds":${Delay},"Name":"${Delay}"}"#);
    }
}
