//! Reading the input: a bare ASL definition, or a CloudFormation/SAM
//! template (JSON or YAML) holding state machines.

use super::json::{self, LineIndex, Node};
use super::yaml;

/// One state machine definition found in a file.
#[derive(Debug, Clone)]
pub struct Definition {
    /// The template's logical id, when the file is a template.
    pub resource: Option<String>,
    /// The definition, with positions.
    pub root: Node,
    /// When the definition was a string inside the file (`DefinitionString`),
    /// the text its positions refer to; positions then map to `embedded_at`
    /// in the file.
    pub embedded: Option<String>,
    /// Offset in the file of the value that holds an embedded definition.
    pub embedded_at: usize,
    /// When the embedded text stands in the file line for line behind a
    /// fixed indent (a YAML `|` block), that indent in bytes: positions
    /// inside it are then positions in the file too.
    verbatim_indent: Option<usize>,
    /// Line starts of `embedded`, built once per definition.
    embedded_lines: Option<LineIndex>,
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
                yaml::parse(&text, &lines).map_err(|e| {
                    let (l, c) = lines.position(&text, e.offset);
                    fail(
                        Some(l),
                        Some(c),
                        format!("neither JSON nor YAML: {}", e.message),
                    )
                })?
            }
        };
        let mut definitions = if root.get("Resources").is_some() && root.get("States").is_none() {
            let defs = template(&root);
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
                verbatim_indent: None,
                embedded_lines: None,
            }]
        };
        for d in &mut definitions {
            if let Some(inner) = &d.embedded {
                d.verbatim_indent = verbatim_indent(&text, d.embedded_at, inner);
                d.embedded_lines = Some(LineIndex::new(inner));
            }
        }
        Ok(Source {
            path: path.to_owned(),
            text,
            definitions,
            lines,
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
        match (&definition.embedded, &definition.embedded_lines) {
            (Some(inner), Some(index)) => {
                let (line, column) = index.position(inner, offset);
                let outer = match definition.verbatim_indent {
                    Some(indent) => {
                        let (first, _) = self.lines.position(&self.text, definition.embedded_at);
                        (first + line - 1, indent + column)
                    }
                    None => self.lines.position(&self.text, definition.embedded_at),
                };
                (outer, Some((line, column)))
            }
            _ => (self.lines.position(&self.text, offset), None),
        }
    }
}

/// The indent behind which `inner` stands verbatim in `text` from `at`, one
/// line of `inner` per line of the file (how a YAML `|` block holds it);
/// `None` when it does not (escaped JSON strings, folded or joined text).
fn verbatim_indent(text: &str, at: usize, inner: &str) -> Option<usize> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = text.get(line_start..at)?;
    if !indent.bytes().all(|b| b == b' ') {
        return None;
    }
    let mut file_lines = text.get(line_start..)?.split('\n');
    for inner_line in inner.trim_end_matches('\n').split('\n') {
        let file_line = file_lines.next()?;
        let matches = if inner_line.is_empty() {
            file_line.trim().is_empty()
        } else {
            file_line.strip_prefix(indent) == Some(inner_line)
        };
        if !matches {
            return None;
        }
    }
    Some(indent.len())
}

/// The state machines of a template.
fn template(root: &Node) -> Vec<Result<Definition, String>> {
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
            // Inline object: its positions are the file's.
            let mut root = def.clone();
            intrinsics(&mut root, 0);
            out.push(Ok(Definition {
                resource: Some(id),
                root,
                embedded: None,
                embedded_at: 0,
                verbatim_indent: None,
                embedded_lines: None,
            }));
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
                    verbatim_indent: None,
                    embedded_lines: None,
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
