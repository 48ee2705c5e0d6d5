//! Reading the input: a bare ASL definition, or a CloudFormation/SAM
//! template (JSON or YAML) holding state machines.

use std::path::Path;

use super::json::{self, LineIndex, Node};
use super::template::{self, TemplateContext};
use super::yaml;

/// The placeholder text of a definition read from S3 at deploy time.
pub(crate) const REMOTE_DEFINITION: &str = "${DefinitionS3Location}";

/// The largest definition file read for a SAM `DefinitionUri`; Step
/// Functions itself takes definitions of at most 1 MiB.
const MAX_DEFINITION_FILE: u64 = 16 * 1024 * 1024;

/// One state machine definition found in a file.
#[derive(Debug, Clone)]
pub struct Definition {
    /// The template's logical id, when the file is a template.
    pub resource: Option<String>,
    /// The definition, with positions. For a definition that is not in a
    /// local file (an S3 location), a [`json::Value::Deferred`] at the
    /// property naming the location.
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
    /// The file the definition was read from, when it is another file than
    /// the template (SAM `DefinitionUri`); positions are in that file.
    own_file: Option<OwnFile>,
    /// What the definition's placeholders can stand for (empty for a bare ASL file).
    pub context: TemplateContext,
}

/// A definition file of its own, with its line index.
#[derive(Debug, Clone)]
struct OwnFile {
    path: String,
    text: String,
    lines: LineIndex,
}

impl Definition {
    fn new(resource: Option<String>, root: Node, context: TemplateContext) -> Definition {
        Definition {
            resource,
            root,
            embedded: None,
            embedded_at: 0,
            verbatim_indent: None,
            embedded_lines: None,
            own_file: None,
            context,
        }
    }

    /// The file the definition was read from when it is not the file given
    /// (the local file of a SAM `DefinitionUri`).
    pub fn file(&self) -> Option<&str> {
        self.own_file.as_ref().map(|f| f.path.as_str())
    }

    /// Whether the definition is elsewhere than in a local file (an S3
    /// location), so that there is nothing to check.
    pub fn is_remote(&self) -> bool {
        self.root.is_deferred()
    }
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

impl LoadError {
    fn at(path: &str, position: Option<(usize, usize)>, message: String) -> LoadError {
        LoadError {
            path: path.to_owned(),
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
            message,
        }
    }
}

impl Source {
    /// Parses `text`, read from `path`. A SAM `DefinitionUri` naming a local
    /// file is read relative to `path`'s folder.
    pub fn parse(path: &str, mut text: String) -> Result<Source, LoadError> {
        // A byte-order mark is not part of the document: left in, it sticks
        // to the first key of a YAML file and shifts line 1's columns.
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let lines = LineIndex::new(&text);
        let root = match parse_document(path, &text, &lines, false) {
            Ok(root) if is_template(&root) => root,
            Ok(root) => bare(path, &text, &lines, root),
            // Bare JSON with `${…}` standing for values: a file substituted
            // before it is read (SAM `DefinitionUri`, Terraform).
            Err(e) => match parse_document(path, &text, &lines, true) {
                Ok(root) if !is_template(&root) => root,
                _ => return Err(e),
            },
        };
        let mut definitions = if is_template(&root) {
            let defs = template(path, &text, &lines, &root)?;
            if defs.is_empty() {
                return Err(LoadError::at(path, None, "the template has no AWS::StepFunctions::StateMachine or AWS::Serverless::StateMachine with a definition".to_owned()));
            }
            defs
        } else {
            vec![Definition::new(None, root, TemplateContext::default())]
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

    /// The file a finding in `definition` is in: the template, or the
    /// definition's own file (SAM `DefinitionUri`).
    pub fn file_of<'a>(&'a self, definition: &'a Definition) -> &'a str {
        definition.file().unwrap_or(&self.path)
    }

    /// 1-based line and column in the file of an offset into `definition`,
    /// plus, for embedded definitions, the line and column inside the
    /// embedded text.
    pub fn position(
        &self,
        definition: &Definition,
        offset: usize,
    ) -> ((usize, usize), Option<(usize, usize)>) {
        if let Some(own) = &definition.own_file {
            return (own.lines.position(&own.text, offset), None);
        }
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

/// Whether a document is a template rather than a bare definition.
fn is_template(root: &Node) -> bool {
    root.get("Resources").is_some() && root.get("States").is_none()
}

/// A bare definition holding placeholders is text that is substituted
/// before Step Functions reads it (a SAM `DefinitionUri` file, a Terraform
/// template), so a plain YAML `Seconds: ${Delay}` stands for any value.
fn bare(path: &str, text: &str, lines: &LineIndex, root: Node) -> Node {
    if !text.contains("${") {
        return root;
    }
    match parse_document(path, text, lines, true) {
        Ok(substituted) if !is_template(&substituted) => substituted,
        _ => root,
    }
}

/// A JSON or YAML document; `substituted` when `${…}` placeholders are
/// replaced in the text before it is parsed.
fn parse_document(
    path: &str,
    text: &str,
    lines: &LineIndex,
    substituted: bool,
) -> Result<Node, LoadError> {
    let at = |offset| Some(lines.position(text, offset));
    let parsed = if substituted {
        json::parse_substituted(text)
    } else {
        json::parse(text)
    };
    match parsed {
        Ok(root) => Ok(root),
        Err(e) => {
            let looks_json = text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with(['{', '[']);
            if looks_json {
                return Err(LoadError::at(
                    path,
                    at(e.offset),
                    format!("not valid JSON: {}", e.message),
                ));
            }
            let read = if substituted {
                yaml::parse_substituted(text, lines)
            } else {
                yaml::parse(text, lines)
            };
            read.map_err(|e| {
                LoadError::at(
                    path,
                    at(e.offset),
                    format!("neither JSON nor YAML: {}", e.message),
                )
            })
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

/// The state machines of a template at `path`.
fn template(
    path: &str,
    text: &str,
    lines: &LineIndex,
    root: &Node,
) -> Result<Vec<Definition>, LoadError> {
    let mut out = Vec::new();
    let Some(resources) = root.get("Resources").and_then(Node::as_object) else {
        return Ok(out);
    };
    let shared = TemplateContext::of_template(root);
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
        let machine = Machine {
            template: path,
            text,
            lines,
            id: &entry.key,
            props,
            context: shared.with_substitutions(props.get("DefinitionSubstitutions")),
        };
        if let Some(definition) = machine.definition()? {
            out.push(definition);
        }
    }
    Ok(out)
}

/// One state machine resource of a template.
struct Machine<'a> {
    template: &'a str,
    text: &'a str,
    lines: &'a LineIndex,
    id: &'a str,
    props: &'a Node,
    context: TemplateContext,
}

impl Machine<'_> {
    /// The definition, from whichever property holds it.
    fn definition(&self) -> Result<Option<Definition>, LoadError> {
        let props = self.props;
        if let Some(def) = props.get("Definition") {
            // Inline object: its positions are the file's.
            let mut root = def.clone();
            intrinsics(&mut root, 0);
            return Ok(Some(self.made(root)));
        }
        if let Some(uri) = props.get("DefinitionUri") {
            return match uri.as_str().filter(|u| !u.starts_with("s3://")) {
                Some(local) if !uri.is_deferred() => self.local_file(local).map(Some),
                _ => Ok(Some(self.remote(uri))),
            };
        }
        if let Some(location) = props.get("DefinitionS3Location") {
            return Ok(Some(self.remote(location)));
        }
        match props.get("DefinitionString") {
            Some(string) => self.definition_string(string).map(Some),
            None => Ok(None),
        }
    }

    fn made(&self, root: Node) -> Definition {
        Definition::new(Some(self.id.to_owned()), root, self.context.clone())
    }

    /// A definition read at deploy time from S3: nothing to check here; the
    /// linter says so at the property.
    fn remote(&self, at: &Node) -> Definition {
        self.made(Node {
            start: at.start,
            value: json::Value::Deferred(REMOTE_DEFINITION.to_owned()),
        })
    }

    fn fail(&self, message: String) -> LoadError {
        LoadError::at(self.template, None, format!("{}: {message}", self.id))
    }

    /// [`Machine::fail`] at the template's line and column of `offset`.
    fn fail_at(&self, offset: usize, message: String) -> LoadError {
        let position = self.lines.position(self.text, offset);
        LoadError::at(
            self.template,
            Some(position),
            format!("{}: {message}", self.id),
        )
    }

    /// SAM reads a local `DefinitionUri` relative to the template's folder
    /// and substitutes `DefinitionSubstitutions` in its text.
    fn local_file(&self, uri: &str) -> Result<Definition, LoadError> {
        let folder = Path::new(self.template)
            .parent()
            .unwrap_or_else(|| Path::new(""));
        let file = folder.join(uri);
        let shown = file.to_string_lossy().into_owned();
        let text = read_definition_file(&file).map_err(|e| {
            // SAM finds such a file only where names ignore case (not on
            // Linux, so not on most build hosts): say which file is there.
            let hint = differently_cased(&file).map_or_else(String::new, |other| {
                format!(
                    " (the folder has {:?}: file names are case-sensitive)",
                    other.file_name().unwrap_or_default().to_string_lossy()
                )
            });
            self.fail(format!("DefinitionUri {uri:?}: {e}{hint}"))
        })?;
        let lines = LineIndex::new(&text);
        let root = parse_document(&shown, &text, &lines, true)?;
        let mut definition = self.made(root);
        definition.own_file = Some(OwnFile {
            path: shown,
            text,
            lines,
        });
        Ok(definition)
    }

    /// `DefinitionString`: text that CloudFormation substitutes (`Fn::Sub`,
    /// `DefinitionSubstitutions`) before Step Functions parses it.
    fn definition_string(&self, string: &Node) -> Result<Definition, LoadError> {
        // A definition chosen or built by another function (`Fn::If`, a
        // `Ref` to a parameter) is only known at deploy time.
        if let Some(name) = function_name(string).filter(|n| !matches!(*n, "Fn::Sub" | "Fn::Join"))
        {
            return Ok(self.made(Node {
                start: string.start,
                value: json::Value::Deferred(format!("${{{name}}}")),
            }));
        }
        // An `Fn::Join` may hold parts only known at deploy time (`Fn::If`,
        // `Fn::Select` …): they stand as `${Fn::If}` placeholders, and the
        // rest is checked when the text still parses.
        let (text, deploy_time) = match definition_text(string) {
            Ok(text) => (text, None),
            Err(message) => {
                let mut function = None;
                match text_of(string, 0, Some(&mut function)) {
                    Some(text) if string.get("Fn::Join").is_some() => (text, function),
                    _ => return Err(self.fail_at(string.start, message)),
                }
            }
        };
        let substituted =
            string.as_str().is_none() || self.props.get("DefinitionSubstitutions").is_some();
        let parsed = if substituted {
            json::parse_substituted(&text)
        } else {
            json::parse(&text)
        };
        let root = match (parsed, deploy_time) {
            (Ok(root), _) => root,
            (Err(_), Some(name)) => {
                return Ok(self.made(Node {
                    start: string.start,
                    value: json::Value::Deferred(format!("${{{name}}}")),
                }));
            }
            (Err(e), None) => {
                let index = LineIndex::new(&text);
                let (l, c) = index.position(&text, e.offset);
                return Err(self.fail_at(
                    string.start,
                    format!(
                        "DefinitionString is not valid JSON at its line {l} column {c}: {}",
                        e.message
                    ),
                ));
            }
        };
        let mut context = self.context.clone();
        if let Some(variables) = string
            .get("Fn::Sub")
            .and_then(Node::as_array)
            .and_then(|a| a.get(1))
        {
            context = context.with_substitutions(Some(variables));
        }
        let mut definition = Definition::new(Some(self.id.to_owned()), root, context);
        definition.embedded = Some(text);
        definition.embedded_at = string.start;
        Ok(definition)
    }
}

/// When `file` does not exist but one file of its folder has its name in
/// another case, that file.
fn differently_cased(file: &Path) -> Option<std::path::PathBuf> {
    if file.exists() {
        return None;
    }
    let name = file.file_name()?.to_str()?;
    let folder = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let mut matches = std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        });
    let found = matches.next()?;
    matches.next().is_none().then_some(found)
}

/// The text of a definition file, refusing what is not a regular file or
/// is far larger than any definition.
fn read_definition_file(file: &Path) -> Result<String, String> {
    let meta =
        std::fs::metadata(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a file", file.display()));
    }
    if meta.len() > MAX_DEFINITION_FILE {
        return Err(format!(
            "{} is {} bytes, larger than any state machine definition",
            file.display(),
            meta.len()
        ));
    }
    std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))
}

/// CloudFormation resolves its functions inside an inline `Definition`
/// before Step Functions sees it: `Fn::Sub`, `Ref` and `Fn::GetAtt` become
/// the `${…}` text they stand for, an `Fn::Join` of such parts its joined
/// text, and every other function (`Fn::If`, `Fn::Select`, `Fn::FindInMap`,
/// `Fn::ImportValue` …) a value only known at deploy time.
fn intrinsics(node: &mut Node, depth: usize) {
    if depth > json::MAX_DEPTH {
        return;
    }
    if let Some(name) = function_name(node) {
        node.value = match text_of(node, 0, None) {
            Some(text) => json::Value::String(text.into()),
            None => json::Value::Deferred(format!("${{{name}}}")),
        };
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

/// The name of the CloudFormation function `node` calls, if it is one: a
/// one-member object keyed `Ref` or `Fn::…`.
fn function_name(node: &Node) -> Option<&str> {
    match node.as_object()? {
        [entry] if entry.key == "Ref" || entry.key.starts_with("Fn::") => Some(&entry.key),
        _ => None,
    }
}

/// The text a value stands for after CloudFormation resolves it, when that
/// text can be written with `${…}` placeholders: strings, `Ref`,
/// `Fn::GetAtt`, `Fn::Sub` and `Fn::Join` of those. With `deploy_time`,
/// the other functions in a join (`Fn::If` …) become `${Fn::If}`, and the
/// first of them is kept there.
fn text_of(
    node: &Node,
    depth: usize,
    mut deploy_time: Option<&mut Option<String>>,
) -> Option<String> {
    if depth > json::MAX_DEPTH {
        return None;
    }
    if let Some(s) = node.as_str().filter(|_| !node.is_deferred()) {
        return Some(s.to_owned());
    }
    let [entry] = node.as_object()? else {
        return None;
    };
    match entry.key.as_str() {
        "Ref" | "Fn::GetAtt" => template::reference(node),
        "Fn::Sub" => entry
            .value
            .as_str()
            .or_else(|| entry.value.as_array()?.first()?.as_str())
            .map(str::to_owned),
        "Fn::Join" => {
            let [sep, parts] = entry.value.as_array()? else {
                return None;
            };
            let mut texts = Vec::new();
            for part in parts.as_array()? {
                let text = match text_of(part, depth + 1, deploy_time.as_deref_mut()) {
                    Some(text) => text,
                    None => {
                        let first = deploy_time.as_deref_mut()?;
                        let name = function_name(part)?;
                        first.get_or_insert_with(|| name.to_owned());
                        format!("${{{name}}}")
                    }
                };
                texts.push(text);
            }
            Some(texts.join(sep.as_str()?))
        }
        _ => None,
    }
}

/// The text of a `DefinitionString`: a string, `Fn::Sub` (string or
/// `[string, variables]`) or `Fn::Join` with `""`; references become
/// `${Name}` / `${Name.Attribute}` placeholders.
fn definition_text(node: &Node) -> Result<String, String> {
    if let Some(sub) = node.get("Fn::Sub")
        && sub.as_str().is_none()
        && sub
            .as_array()
            .and_then(|a| a.first())
            .and_then(Node::as_str)
            .is_none()
    {
        return Err("DefinitionString: Fn::Sub needs a string or [string, variables]".to_owned());
    }
    if let Some(text) = text_of(node, 0, None) {
        return Ok(text);
    }
    if let Some(join) = node.get("Fn::Join")
        && join.as_array().is_some_and(|a| a.len() == 2)
    {
        return Err("DefinitionString: Fn::Join holds a value that is neither a string, Ref, Fn::GetAtt, Fn::Sub nor Fn::Join".to_owned());
    }
    Err("DefinitionString must be a string, Fn::Sub or Fn::Join".to_owned())
}
