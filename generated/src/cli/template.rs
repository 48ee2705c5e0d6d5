//! What a template around a state machine tells about its definition: the
//! resources and parameters its `${…}` placeholders can name, and the
//! machine's own substitutions.

use std::collections::BTreeMap;

use super::json::Node;

/// What a definition's `${…}` placeholders can stand for, read from the template around it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateContext {
    /// Every resource of the template: logical id → `Type` (`AWS::SNS::Topic`).
    pub resource_types: BTreeMap<String, String>,
    /// Every template parameter: name → its `Type` (`String`, `AWS::SSM::Parameter::Value<String>`).
    pub parameters: BTreeMap<String, String>,
    /// This state machine's substitutions (SAM `DefinitionSubstitutions`, or the variable map of `Fn::Sub [text, {vars}]`): variable → what it stands for as placeholder text after the same conversion the definition gets (`{"Ref": "Topic"}` → `"${Topic}"`, `{"Fn::GetAtt": ["Q", "Arn"]}` → `"${Q.Arn}"`, a literal string stays itself); `None` for any other function.
    pub substitutions: BTreeMap<String, Option<String>>,
}

impl TemplateContext {
    /// The template-wide part (resources and parameters) of `root`.
    pub(crate) fn of_template(root: &Node) -> TemplateContext {
        TemplateContext {
            resource_types: typed_entries(root.get("Resources"), "Type"),
            parameters: typed_entries(root.get("Parameters"), "Type"),
            substitutions: BTreeMap::new(),
        }
    }

    /// This context with the substitutions of one machine.
    pub(crate) fn with_substitutions(&self, variables: Option<&Node>) -> TemplateContext {
        let mut out = self.clone();
        out.substitutions = substitutions(variables);
        out
    }
}

/// `name → entry[field]` for every object member of `section` whose `field` is a string.
fn typed_entries(section: Option<&Node>, field: &str) -> BTreeMap<String, String> {
    section
        .and_then(Node::as_object)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| {
            let kind = e.value.get(field)?.as_str()?;
            Some((e.key.to_string(), kind.to_owned()))
        })
        .collect()
}

/// The variables of a `DefinitionSubstitutions` or `Fn::Sub` map.
fn substitutions(variables: Option<&Node>) -> BTreeMap<String, Option<String>> {
    variables
        .and_then(Node::as_object)
        .unwrap_or_default()
        .iter()
        .map(|e| (e.key.to_string(), placeholder_text(&e.value)))
        .collect()
}

/// What a substitution value becomes as text: a literal string stays
/// itself, `Ref`/`Fn::GetAtt` become `${Name}`/`${Name.Attribute}`, and
/// scalars their JSON text; other functions cannot be known here.
pub(crate) fn placeholder_text(node: &Node) -> Option<String> {
    use super::json::Value;
    match &node.value {
        Value::String(s) => Some(s.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => reference(node),
    }
}

/// `{"Ref": "X"}` → `${X}`, `{"Fn::GetAtt": ["X", "Arn"]}` (or `"X.Arn"`) → `${X.Arn}`.
pub(crate) fn reference(node: &Node) -> Option<String> {
    let [entry] = node.as_object()? else {
        return None;
    };
    match entry.key.as_str() {
        "Ref" => Some(format!("${{{}}}", entry.value.as_str()?)),
        "Fn::GetAtt" => {
            if let Some(s) = entry.value.as_str() {
                return Some(format!("${{{s}}}"));
            }
            let parts = entry
                .value
                .as_array()?
                .iter()
                .map(Node::as_str)
                .collect::<Option<Vec<_>>>()?;
            Some(format!("${{{}}}", parts.join(".")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::json;

    #[test]
    fn reads_resources_parameters_and_substitutions() {
        let root = json::parse(
            r#"{"Parameters": {"Env": {"Type": "String"}},
                "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}, "Odd": {}}}"#,
        )
        .unwrap();
        let vars = json::parse(
            r#"{"T": {"Ref": "Topic"}, "Q": {"Fn::GetAtt": ["Q", "Arn"]},
                "L": "literal", "J": {"Fn::Join": ["", []]}}"#,
        )
        .unwrap();
        let context = TemplateContext::of_template(&root).with_substitutions(Some(&vars));
        assert_eq!(context.resource_types.len(), 1);
        assert_eq!(context.resource_types["Topic"], "AWS::SNS::Topic");
        assert_eq!(context.parameters["Env"], "String");
        assert_eq!(context.substitutions["T"].as_deref(), Some("${Topic}"));
        assert_eq!(context.substitutions["Q"].as_deref(), Some("${Q.Arn}"));
        assert_eq!(context.substitutions["L"].as_deref(), Some("literal"));
        assert_eq!(context.substitutions["J"], None);
    }
}
