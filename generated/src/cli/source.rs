//! Reading the input: a bare ASL definition, or a CloudFormation/SAM
//! template (JSON or YAML) holding state machines.

use serde_json::Value as Json;

use super::json::{self, LineIndex, Node};

/// One state machine definition found in a file.
#[derive(Debug, Clone)]
pub struct Definition {
    /// The template's logical id, when the file is a template.
    pub resource: Option<String>,
    /// The definition, with positions.
    pub root: Node,
    /// When the definition was a string inside the file (`DefinitionString`,
    /// YAML), the text its positions refer to; positions then map to
    /// `embedded_at` in the file.
    pub embedded: Option<String>,
    /// Offset in the file of the value that holds an embedded definition.
    pub embedded_at: usize,
}

/// A file read for the commands.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given.
    pub path: String,
    /// The file's text.
    pub text: String,
    /// The definitions in it, in template order.
    pub definitions: Vec<Definition>,
    lines: LineIndex,
    /// YAML keeps no positions: findings point at the resource's line.
    yaml: bool,
}

/// The input cannot be used at all (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file.
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.path, self.message),
            _ => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for LoadError {}

impl Source {
    /// Parses `text`, read from `path`.
    pub fn parse(path: &str, text: String) -> Result<Source, LoadError> {
        let lines = LineIndex::new(&text);
        let fail = |line, column, message: String| LoadError {
            path: path.to_owned(),
            line,
            column,
            message,
        };
        let mut yaml_source = false;
        let root = match json::parse(&text) {
            Ok(root) => root,
            Err(e) => {
                let looks_json = text
                    .trim_start_matches('\u{feff}')
                    .trim_start()
                    .starts_with(['{', '[']);
                if looks_json {
                    let (l, c) = lines.position(&text, e.offset);
                    return Err(fail(
                        Some(l),
                        Some(c),
                        format!("not valid JSON: {}", e.message),
                    ));
                }
                let value: Json = yaml(&text).map_err(|m| fail(None, None, m))?;
                yaml_source = true;
                Node::from_json(&value, 0)
            }
        };
        let mut definitions = if root.get("Resources").is_some() && root.get("States").is_none() {
            let defs = template(&root, &text);
            if defs.is_empty() {
                return Err(fail(None, None, "the template has no AWS::StepFunctions::StateMachine or AWS::Serverless::StateMachine with an inline definition".to_owned()));
            }
            defs.into_iter()
                .collect::<Result<Vec<_>, String>>()
                .map_err(|m| fail(None, None, m))?
        } else {
            vec![Definition {
                resource: None,
                root,
                embedded: None,
                embedded_at: 0,
            }]
        };
        if yaml_source {
            for d in &mut definitions {
                if let Some(id) = &d.resource {
                    d.embedded_at = yaml_key_offset(&text, id);
                }
            }
        }
        Ok(Source {
            path: path.to_owned(),
            text,
            definitions,
            lines,
            yaml: yaml_source,
        })
    }

    /// 1-based line and column in the file of an offset into `definition`,
    /// plus, for embedded definitions, the line and column inside the
    /// embedded text.
    pub fn position(
        &self,
        definition: &Definition,
        offset: usize,
    ) -> ((usize, usize), Option<(usize, usize)>) {
        match &definition.embedded {
            None if self.yaml => (
                self.lines.position(&self.text, definition.embedded_at),
                None,
            ),
            None => (self.lines.position(&self.text, offset), None),
            Some(inner) => {
                let outer = self.lines.position(&self.text, definition.embedded_at);
                let index = LineIndex::new(inner);
                (outer, Some(index.position(inner, offset)))
            }
        }
    }
}

/// Where `id:` starts a line of a YAML template (the resource's key).
fn yaml_key_offset(text: &str, id: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(id)
            && rest.trim_start().starts_with(':')
        {
            return offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    0
}

/// YAML to JSON, turning CloudFormation's short tags (`!Sub`, `!Ref`, …)
/// into their long forms.
fn yaml(text: &str) -> Result<Json, String> {
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| format!("neither JSON nor YAML: {e}"))?;
    Ok(yaml_to_json(value, 0))
}

fn yaml_to_json(value: serde_yaml::Value, depth: usize) -> Json {
    use serde_yaml::Value as Y;
    if depth > json::MAX_DEPTH {
        return Json::Null;
    }
    match value {
        Y::Null => Json::Null,
        Y::Bool(b) => Json::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Json::from(i)
            } else if let Some(u) = n.as_u64() {
                Json::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Json::Null, Json::Number)
            }
        }
        Y::String(s) => Json::String(s),
        Y::Sequence(items) => Json::Array(
            items
                .into_iter()
                .map(|v| yaml_to_json(v, depth + 1))
                .collect(),
        ),
        Y::Mapping(map) => Json::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => serde_yaml::to_string(&other)
                            .unwrap_or_default()
                            .trim()
                            .to_owned(),
                    };
                    (key, yaml_to_json(v, depth + 1))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let name = tag.trim_start_matches('!');
            let inner = yaml_to_json(tagged.value, depth + 1);
            let key = match name {
                "Ref" | "Condition" => name.to_owned(),
                "GetAtt" => {
                    // `!GetAtt A.B` is the string form of `["A", "B"]`.
                    let inner = match inner {
                        Json::String(s) => match s.split_once('.') {
                            Some((a, b)) => Json::Array(vec![a.into(), b.into()]),
                            None => Json::String(s),
                        },
                        other => other,
                    };
                    return serde_json::json!({ "Fn::GetAtt": inner });
                }
                other => format!("Fn::{other}"),
            };
            let mut map = serde_json::Map::new();
            map.insert(key, inner);
            Json::Object(map)
        }
    }
}

/// The state machines of a template.
fn template(root: &Node, text: &str) -> Vec<Result<Definition, String>> {
    let mut out = Vec::new();
    let Some(resources) = root.get("Resources").and_then(Node::as_object) else {
        return out;
    };
    for entry in resources {
        let r = &entry.value;
        let kind = r.get("Type").and_then(Node::as_str);
        let sam = kind == Some("AWS::Serverless::StateMachine");
        if kind != Some("AWS::StepFunctions::StateMachine") && !sam {
            continue;
        }
        let Some(props) = r.get("Properties") else {
            continue;
        };
        let id = entry.key.clone();
        if let Some(def) = props.get("Definition") {
            // Inline object: its positions are the file's (JSON) or none (YAML).
            let mut root = def.clone();
            intrinsics(&mut root, 0);
            out.push(Ok(Definition {
                resource: Some(id),
                root,
                embedded: None,
                embedded_at: 0,
            }));
            let _ = text;
            continue;
        }
        if sam {
            continue; // DefinitionUri: a file elsewhere.
        }
        let Some(string) = props.get("DefinitionString") else {
            continue;
        };
        let result = definition_text(string).and_then(|s| {
            json::parse(&s)
                .map(|root| Definition {
                    resource: Some(id.clone()),
                    root,
                    embedded: Some(s.clone()),
                    embedded_at: string.start,
                })
                .map_err(|e| {
                    let index = LineIndex::new(&s);
                    let (l, c) = index.position(&s, e.offset);
                    format!(
                        "{id}: DefinitionString is not valid JSON at its line {l} column {c}: {}",
                        e.message
                    )
                })
        });
        out.push(result);
    }
    out
}

/// CloudFormation resolves `Fn::Sub`, `Ref` and `Fn::GetAtt` inside an
/// inline `Definition`; the linter sees them as the `${…}` text they become.
fn intrinsics(node: &mut Node, depth: usize) {
    if depth > json::MAX_DEPTH {
        return;
    }
    let replacement = match node.as_object() {
        Some([entry]) if entry.key == "Fn::Sub" => entry
            .value
            .as_str()
            .or_else(|| {
                entry
                    .value
                    .as_array()
                    .and_then(|a| a.first())
                    .and_then(Node::as_str)
            })
            .map(str::to_owned),
        Some([entry]) if entry.key == "Ref" || entry.key == "Fn::GetAtt" => reference(node),
        _ => None,
    };
    if let Some(text) = replacement {
        node.value = json::Value::String(text);
        return;
    }
    match &mut node.value {
        json::Value::Object(entries) => entries
            .iter_mut()
            .for_each(|e| intrinsics(&mut e.value, depth + 1)),
        json::Value::Array(items) => items.iter_mut().for_each(|i| intrinsics(i, depth + 1)),
        _ => {}
    }
}

/// The text of a `DefinitionString`: a string, `Fn::Sub` (string or
/// `[string, variables]`) or `Fn::Join` with `""`; references become
/// `${Name}` / `${Name.Attribute}` placeholders.
fn definition_text(node: &Node) -> Result<String, String> {
    if let Some(s) = node.as_str() {
        return Ok(s.to_owned());
    }
    if let Some(sub) = node.get("Fn::Sub") {
        if let Some(s) = sub.as_str() {
            return Ok(s.to_owned());
        }
        if let Some(s) = sub
            .as_array()
            .and_then(|a| a.first())
            .and_then(Node::as_str)
        {
            return Ok(s.to_owned());
        }
    }
    if let Some(join) = node.get("Fn::Join").and_then(Node::as_array)
        && let [sep, parts] = join
        && let (Some(sep), Some(parts)) = (sep.as_str(), parts.as_array())
    {
        let mut out = Vec::with_capacity(parts.len());
        for part in parts {
            out.push(match part.as_str() {
                Some(s) => s.to_owned(),
                None => reference(part).ok_or("DefinitionString: Fn::Join holds a value that is neither a string, Ref nor Fn::GetAtt")?,
            });
        }
        return Ok(out.join(sep));
    }
    Err("DefinitionString must be a string, Fn::Sub or Fn::Join".to_owned())
}

fn reference(node: &Node) -> Option<String> {
    if let Some(r) = node.get("Ref").and_then(Node::as_str) {
        return Some(format!("${{{r}}}"));
    }
    let att = node.get("Fn::GetAtt")?;
    if let Some(s) = att.as_str() {
        return Some(format!("${{{s}}}"));
    }
    let parts: Vec<&str> = att.as_array()?.iter().filter_map(Node::as_str).collect();
    Some(format!("${{{}}}", parts.join(".")))
}
