//! YAML templates read into the same positioned [`Node`]s as JSON, so a
//! finding in a YAML template names its own line and column.
//!
//! `yaml-rust2` supplies the events and their marks; this module folds them
//! into nodes without recursion (depth is capped at [`json::MAX_DEPTH`]),
//! resolves plain scalars by the YAML 1.2 core schema, expands aliases
//! within a budget, and turns CloudFormation's short tags (`!Sub`, `!Ref`,
//! `!GetAtt`, …) into their long forms (`{"Fn::Sub": …}`).
//!
//! Inside a flow collection (`{…}`, `[…]`) indentation means nothing to
//! CloudFormation and PyYAML, but yaml-rust2 rejects a line indented less
//! than the block around it (a closing `}` under its key). Such a text is
//! read again with those lines indented further; positions still refer to
//! the text as written.

use std::collections::HashMap;

use serde_json::Number;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::json::{self, Entry, LineIndex, Node, ParseError, Value};

/// How many nodes aliases may add in all; a guard against "billion laughs".
const ALIAS_BUDGET: usize = 1_000_000;

/// The YAML 1.2 tag prefix that `!!` stands for.
const CORE_TAGS: &str = "tag:yaml.org,2002:";

/// How many flow collections may be re-indented before giving up.
const MAX_REINDENTS: usize = 256;

/// Parses the first and only YAML document of `text`, whose line index is
/// `lines`.
pub fn parse(text: &str, lines: &LineIndex) -> Result<Node, ParseError> {
    parse_with(text, lines, false)
}

/// Parses YAML text that is substituted before it is parsed (SAM
/// `DefinitionSubstitutions` on a `DefinitionUri` file): a plain scalar
/// that is one `${…}` placeholder (`Seconds: ${Delay}`) becomes a
/// [`Value::Deferred`], since the value it is replaced by decides its kind.
pub fn parse_substituted(text: &str, lines: &LineIndex) -> Result<Node, ParseError> {
    parse_with(text, lines, true)
}

fn parse_with(text: &str, lines: &LineIndex, deferred: bool) -> Result<Node, ParseError> {
    let mut pads = Vec::new();
    let mut padded: Option<String> = None;
    let mut first_error = None;
    for _ in 0..=MAX_REINDENTS {
        let current = padded.as_deref().unwrap_or(text);
        let offsets = Offsets {
            text,
            lines,
            pads: &pads,
        };
        let failure = match run(current, &offsets, deferred) {
            Ok(node) => return Ok(node),
            Err(failure) => failure,
        };
        let error = first_error.get_or_insert(failure.error).clone();
        let reindented = failure
            .flow_start
            .filter(|_| failure.indentation)
            .and_then(|start| reindent(current, start, &mut pads));
        match reindented {
            Some(next) => padded = Some(next),
            None => return Err(error),
        }
    }
    Err(first_error.unwrap_or(ParseError {
        offset: 0,
        message: "unreadable YAML".to_owned(),
    }))
}

/// Why one reading failed, and what could repair it.
struct Failure {
    error: ParseError,
    /// The failure is yaml-rust2's indentation rule.
    indentation: bool,
    /// Line and column (0-based, in the text read) of the outermost flow
    /// collection open at the failure, or of the quoted scalar that failed.
    flow_start: Option<(usize, usize)>,
}

fn run(text: &str, offsets: &Offsets<'_>, deferred: bool) -> Result<Node, Failure> {
    let mut builder = Builder {
        offsets,
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_budget: ALIAS_BUDGET,
        root: None,
        deferred,
    };
    let plain = |error| Failure {
        error,
        indentation: false,
        flow_start: None,
    };
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(e) => {
                // A quoted scalar is reported at its opening quote.
                let quoted = e.info().contains("quoted scalar");
                let mark = e.marker();
                return Err(Failure {
                    error: ParseError {
                        offset: offsets.byte(mark),
                        message: e.info().to_owned(),
                    },
                    indentation: e.info().contains("indentation"),
                    flow_start: if quoted {
                        Some((mark.line().saturating_sub(1), mark.col()))
                    } else {
                        builder.outer_flow(text)
                    },
                });
            }
        };
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(plain(builder.error(mark, "more than one YAML document")));
                }
            }
            event => builder.event(event, mark).map_err(plain)?,
        }
    }
    Ok(builder.root.unwrap_or(Node {
        start: 0,
        value: Value::Null,
    }))
}

/// `text` with every line that starts inside the flow collection (or the
/// multi-line quoted scalar, whose continuation lines YAML folds) opened at
/// `start` indented past its opening bracket or quote; `pads` (spaces added
/// per line) grows to match. `None` when nothing would change.
fn reindent(text: &str, start: (usize, usize), pads: &mut Vec<usize>) -> Option<String> {
    let (open_line, open_col) = start;
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let from = line_starts.get(open_line)?
        + text[*line_starts.get(open_line)?..]
            .char_indices()
            .nth(open_col)?
            .0;
    let end = match text.as_bytes()[from] {
        b'"' | b'\'' => quoted_end(text.as_bytes(), from)?,
        _ => flow_end(text, from)?,
    };
    let want = open_col + 1;
    let mut out = String::with_capacity(text.len() + 64);
    let mut changed = false;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let begins = line_starts[i];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let inside = i > open_line && begins <= end;
        if inside && indent < want && !line.trim().is_empty() {
            let add = want - indent;
            if pads.len() <= i {
                pads.resize(i + 1, 0);
            }
            pads[i] += add;
            out.push_str(&" ".repeat(add));
            changed = true;
        }
        out.push_str(line);
    }
    changed.then_some(out)
}

/// The byte offset of the bracket closing the flow collection opened at
/// `open`: quoted scalars and comments are skipped, nested brackets counted.
fn flow_end(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    // The byte before a quote decides whether it opens a quoted scalar
    // (`it's` is a plain scalar).
    let mut previous = b' ';
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'\'' | b'"' if previous.is_ascii_whitespace() || b"{[,:".contains(&previous) => {
                i = quoted_end(bytes, i)?;
            }
            b'#' if previous.is_ascii_whitespace() => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                previous = b'\n';
                continue;
            }
            _ => {}
        }
        previous = bytes[i];
        i += 1;
    }
    None
}

/// The index of the quote closing the scalar opened at `open`.
fn quoted_end(bytes: &[u8], open: usize) -> Option<usize> {
    let quote = bytes[open];
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Turns marks into byte offsets of the text as written. A mark's `index`
/// is not used: yaml-rust2 counts it in characters but advances it by bytes
/// inside block scalars, so it drifts after non-ASCII text in a `|` or `>`
/// block; `line` and `col` (characters within the line) stay right. `pads`
/// are the spaces a re-reading added in front of each line.
struct Offsets<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    pads: &'a [usize],
}

impl Offsets<'_> {
    fn byte(&self, mark: &Marker) -> usize {
        let line_number = mark.line().saturating_sub(1);
        let Some(start) = self.lines.line_start(line_number) else {
            return self.text.len();
        };
        let pad = self.pads.get(line_number).copied().unwrap_or(0);
        let line = &self.text[start..];
        let within = line
            .char_indices()
            .nth(mark.col().saturating_sub(pad))
            .map_or(line.len(), |(i, _)| i);
        start + within
    }
}

/// A collection being read.
struct Frame {
    start: usize,
    /// Where it opens in the text read (0-based line, column).
    mark: (usize, usize),
    anchor: usize,
    tag: Option<Tag>,
    kind: FrameKind,
}

enum FrameKind {
    Sequence(Vec<Node>),
    /// Entries so far, and the key read before its value.
    Mapping(Vec<Entry>, Option<(String, usize)>),
}

struct Builder<'a> {
    offsets: &'a Offsets<'a>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_budget: usize,
    root: Option<Node>,
    /// Whether a plain `${…}` scalar is a deferred value.
    deferred: bool,
}

impl Builder<'_> {
    /// The outermost open collection that is a flow collection in `text`.
    fn outer_flow(&self, text: &str) -> Option<(usize, usize)> {
        let line_of = |n: usize| text.split('\n').nth(n);
        self.stack.iter().map(|f| f.mark).find(|&(line, col)| {
            line_of(line)
                .and_then(|l| l.chars().nth(col))
                .is_some_and(|c| c == '{' || c == '[')
        })
    }

    fn error(&self, mark: Marker, message: &str) -> ParseError {
        ParseError {
            offset: self.offsets.byte(&mark),
            message: message.to_owned(),
        }
    }

    fn event(&mut self, event: Event, mark: Marker) -> Result<(), ParseError> {
        let start = self.offsets.byte(&mark);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let key = text.clone();
                let value = match scalar(text, style, tag.as_ref()) {
                    Value::String(s)
                        if self.deferred && style == TScalarStyle::Plain && is_placeholder(&s) =>
                    {
                        Value::Deferred(s.to_string())
                    }
                    other => other,
                };
                let node = short_form(tag.as_ref(), Node { start, value });
                self.complete(node, Some(key), anchor, mark)
            }
            Event::SequenceStart(anchor, tag) => self.open(
                Frame {
                    start,
                    mark: (mark.line().saturating_sub(1), mark.col()),
                    anchor,
                    tag,
                    kind: FrameKind::Sequence(Vec::new()),
                },
                mark,
            ),
            Event::MappingStart(anchor, tag) => self.open(
                Frame {
                    start,
                    mark: (mark.line().saturating_sub(1), mark.col()),
                    anchor,
                    tag,
                    kind: FrameKind::Mapping(Vec::new(), None),
                },
                mark,
            ),
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Err(self.error(mark, "a collection ends that never started"));
                };
                let value = match frame.kind {
                    FrameKind::Sequence(items) => Value::Array(items),
                    FrameKind::Mapping(entries, _) => Value::Object(entries),
                };
                let node = short_form(
                    frame.tag.as_ref(),
                    Node {
                        start: frame.start,
                        value,
                    },
                );
                self.complete(node, None, frame.anchor, mark)
            }
            Event::Alias(id) => {
                let Some(node) = self.anchors.get(&id) else {
                    return Err(self.error(mark, "an alias refers to an unknown anchor"));
                };
                let (size, depth) = measure(node);
                if size > self.alias_budget {
                    return Err(self.error(mark, "aliases expand to too many nodes"));
                }
                if self.stack.len() + depth > json::MAX_DEPTH {
                    return Err(self.error(
                        mark,
                        &format!("an alias nests deeper than {} levels", json::MAX_DEPTH),
                    ));
                }
                self.alias_budget -= size;
                let node = Node {
                    start,
                    value: node.value.clone(),
                };
                self.complete(node, None, 0, mark)
            }
            Event::StreamStart | Event::DocumentStart | Event::DocumentEnd | Event::Nothing => {
                Ok(())
            }
            Event::StreamEnd => Ok(()),
        }
    }

    fn open(&mut self, frame: Frame, mark: Marker) -> Result<(), ParseError> {
        if self.stack.len() >= json::MAX_DEPTH {
            return Err(self.error(
                mark,
                &format!("nesting deeper than {} levels", json::MAX_DEPTH),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Hands a finished node to the collection around it. `key` is the
    /// scalar's text, used when the node is a mapping key.
    fn complete(
        &mut self,
        node: Node,
        key: Option<String>,
        anchor: usize,
        mark: Marker,
    ) -> Result<(), ParseError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        match &mut frame.kind {
            FrameKind::Sequence(items) => items.push(node),
            FrameKind::Mapping(entries, pending) => match pending.take() {
                Some((key, key_start)) => entries.push(Entry {
                    key: key.into(),
                    key_start,
                    value: node,
                }),
                None => match (key, &node.value) {
                    (Some(key), _) => *pending = Some((key, node.start)),
                    (None, Value::String(s)) => *pending = Some((s.to_string(), node.start)),
                    _ => return Err(self.error(mark, "a mapping key must be a scalar")),
                },
            },
        }
        Ok(())
    }
}

/// One whole `${Name}` placeholder.
fn is_placeholder(s: &str) -> bool {
    s.len() > 3
        && s.starts_with("${")
        && s.ends_with('}')
        && !s[2..s.len() - 1].contains(['{', '}'])
}

/// A node's size and depth (a scalar is one node, one level deep).
fn measure(node: &Node) -> (usize, usize) {
    // Every stored node is at most MAX_DEPTH deep (collections and aliases
    // are checked as they are added), so this recursion is bounded.
    let children: Vec<(usize, usize)> = match &node.value {
        Value::Array(items) => items.iter().map(measure).collect(),
        Value::Object(entries) => entries.iter().map(|e| measure(&e.value)).collect(),
        _ => Vec::new(),
    };
    let size = 1 + children.iter().map(|(s, _)| s).sum::<usize>();
    let depth = 1 + children.iter().map(|(_, d)| *d).max().unwrap_or(0);
    (size, depth)
}

/// A scalar's value: quoted and block scalars are strings; plain ones are
/// resolved by the YAML 1.2 core schema unless a `!!` tag says otherwise.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    let core = tag
        .filter(|t| t.handle == CORE_TAGS)
        .map(|t| t.suffix.as_str());
    if core == Some("str") || (core.is_none() && style != TScalarStyle::Plain) {
        return Value::String(text.into());
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    number(&text).map_or_else(|| Value::String(text.into()), Value::Number)
}

/// Integers (decimal, `0o` octal, `0x` hex) and finite floats.
fn number(text: &str) -> Option<Number> {
    let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    if let Some(octal) = text.strip_prefix("0o") {
        return digits(octal, 8)
            .then(|| u64::from_str_radix(octal, 8).ok().map(Number::from))
            .flatten();
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return digits(hex, 16)
            .then(|| u64::from_str_radix(hex, 16).ok().map(Number::from))
            .flatten();
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits(unsigned, 10) {
        if let Ok(i) = text.parse::<i64>() {
            return Some(Number::from(i));
        }
        if let Ok(u) = unsigned.parse::<u64>()
            && !text.starts_with('-')
        {
            return Some(Number::from(u));
        }
    }
    // Core-schema floats: digits with a point and/or an exponent.
    let mantissa_ok = unsigned
        .split(['e', 'E'])
        .next()
        .is_some_and(|m| m.chars().any(|c| c.is_ascii_digit()));
    let shape_ok = unsigned
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'));
    if mantissa_ok && shape_ok {
        return text.parse::<f64>().ok().and_then(Number::from_f64);
    }
    None
}

/// CloudFormation's short tags as the long forms the template means:
/// `!Ref X` is `{"Ref": "X"}`, `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`,
/// `!Sub …` is `{"Fn::Sub": …}`. Other tags leave the node as it is.
fn short_form(tag: Option<&Tag>, node: Node) -> Node {
    let Some(tag) = tag.filter(|t| t.handle == "!") else {
        return node;
    };
    let start = node.start;
    let (key, value) = match tag.suffix.as_str() {
        "" => return node,
        name @ ("Ref" | "Condition") => (name.to_owned(), node),
        "GetAtt" => {
            let value = match &node.value {
                Value::String(s) => match s.split_once('.') {
                    Some((resource, attribute)) => Node {
                        start,
                        value: Value::Array(vec![
                            Node {
                                start,
                                value: Value::String(resource.into()),
                            },
                            Node {
                                start,
                                value: Value::String(attribute.into()),
                            },
                        ]),
                    },
                    None => node,
                },
                _ => node,
            };
            ("Fn::GetAtt".to_owned(), value)
        }
        other => (format!("Fn::{other}"), node),
    };
    Node {
        start,
        value: Value::Object(vec![Entry {
            key: key.into(),
            key_start: start,
            value,
        }]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Node, ParseError> {
        parse(text, &LineIndex::new(text))
    }

    fn string(node: &Node) -> &str {
        node.as_str().unwrap()
    }

    #[test]
    fn positions_are_byte_offsets_of_keys_and_values() {
        let text = "a: 1\nb:\n  c: [x, \"y\"]\n";
        let root = parse_text(text).unwrap();
        let b = root.entry("b").unwrap();
        assert_eq!(b.key_start, 5);
        let c = b.value.entry("c").unwrap();
        assert_eq!(c.key_start, 10);
        let items = c.value.as_array().unwrap();
        assert_eq!(&text[items[0].start..items[0].start + 1], "x");
        assert_eq!(&text[items[1].start..items[1].start + 3], "\"y\"");
    }

    #[test]
    fn offsets_count_bytes_after_non_ascii_text() {
        let text = "name: café\nnext: 1\n";
        let root = parse_text(text).unwrap();
        let next = root.entry("next").unwrap();
        assert_eq!(&text[next.key_start..next.key_start + 4], "next");
    }

    #[test]
    fn offsets_stay_right_after_non_ascii_block_scalars() {
        let text = "d: >\n  Orders — all of them\nk:\n  key: 1\n";
        let root = parse_text(text).unwrap();
        let key = root.get("k").unwrap().entry("key").unwrap();
        assert_eq!(&text[key.key_start..key.key_start + 3], "key");
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let root = parse_text(
            "n: ~\nt: true\ni: -12\nh: 0x1F\no: 0o17\nf: 1.5e3\ns: yes\nq: \"12\"\nx: !!str 7\n",
        )
        .unwrap();
        let get = |k: &str| root.get(k).unwrap().value.clone();
        assert_eq!(get("n"), Value::Null);
        assert_eq!(get("t"), Value::Bool(true));
        assert_eq!(get("i"), Value::Number((-12).into()));
        assert_eq!(get("h"), Value::Number(31.into()));
        assert_eq!(get("o"), Value::Number(15.into()));
        assert_eq!(get("f"), Value::Number(Number::from_f64(1500.0).unwrap()));
        assert_eq!(get("s"), Value::String("yes".into()));
        assert_eq!(get("q"), Value::String("12".into()));
        assert_eq!(get("x"), Value::String("7".into()));
    }

    #[test]
    fn short_tags_become_long_forms() {
        let root = parse_text(
            "a: !Ref Table\nb: !GetAtt Fn.Arn\nc: !Sub 'arn:${AWS::Partition}'\nd: !Join ['', [x, !Ref Y]]\n",
        )
        .unwrap();
        assert_eq!(string(root.get("a").unwrap().get("Ref").unwrap()), "Table");
        let att = root.get("b").unwrap().get("Fn::GetAtt").unwrap();
        let parts: Vec<_> = att.as_array().unwrap().iter().map(string).collect();
        assert_eq!(parts, ["Fn", "Arn"]);
        assert_eq!(
            string(root.get("c").unwrap().get("Fn::Sub").unwrap()),
            "arn:${AWS::Partition}"
        );
        let join = root.get("d").unwrap().get("Fn::Join").unwrap();
        let inner = &join.as_array().unwrap()[1].as_array().unwrap()[1];
        assert_eq!(string(inner.get("Ref").unwrap()), "Y");
    }

    #[test]
    fn aliases_are_expanded_within_a_budget() {
        let root = parse_text("base: &b {x: 1}\ncopy: *b\n").unwrap();
        assert_eq!(
            root.get("copy").unwrap().get("x").unwrap().value,
            Value::Number(1.into())
        );
        // Each level doubles the previous one: 2^30 nodes if expanded.
        let mut bomb = String::from("l0: &l0 [x, x]\n");
        for i in 1..30 {
            bomb.push_str(&format!("l{i}: &l{i} [*l{p}, *l{p}]\n", p = i - 1));
        }
        let e = parse_text(&bomb).unwrap_err();
        assert!(e.message.contains("too many nodes"), "{}", e.message);
        // Anchors of aliases cannot stack nesting past the limit either.
        let mut tower = String::from("a0: &a0 x\n");
        for i in 1..400 {
            tower.push_str(&format!("a{i}: &a{i} [[[*a{p}]]]\n", p = i - 1));
        }
        let e = parse_text(&tower).unwrap_err();
        assert!(e.message.contains("nests deeper"), "{}", e.message);
    }

    #[test]
    fn bad_input_is_an_error_with_a_position() {
        let e = parse_text("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.offset > 0, "{e:?}");
        assert!(
            parse_text("a: 1\n---\nb: 2\n")
                .unwrap_err()
                .message
                .contains("more than one")
        );
        assert!(
            parse_text("? [a]\n: 1\n")
                .unwrap_err()
                .message
                .contains("scalar")
        );
        let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        // yaml-rust2 stops at its own recursion limit, before ours.
        let e = parse_text(&deep).unwrap_err();
        assert!(
            e.message.contains("recursion limit") || e.message.contains("nesting"),
            "{e:?}"
        );
        let deep_block: String = (0..1000).map(|i| format!("{}-\n", " ".repeat(i))).collect();
        assert!(parse_text(&deep_block).is_err());
    }

    #[test]
    fn dedented_flow_collections_are_read_as_cloudformation_does() {
        // The closing `}` under its key, and a line less indented than the
        // block around it: yaml-rust2 alone rejects both.
        let text = "Resources:\n  M:\n    Properties:\n      Definition: {\n        \"StartAt\": \"A\",\n    \"States\": {\"A\": [1,\n  2]}\n}\n      Next: 3\n";
        let root = parse_text(text).unwrap();
        let props = root
            .get("Resources")
            .unwrap()
            .get("M")
            .unwrap()
            .get("Properties")
            .unwrap();
        let definition = props.get("Definition").unwrap();
        assert_eq!(string(definition.get("StartAt").unwrap()), "A");
        let states = definition.entry("States").unwrap();
        // Positions are those of the text as written.
        assert_eq!(&text[states.key_start..states.key_start + 8], "\"States\"");
        let items = states.value.get("A").unwrap().as_array().unwrap();
        assert_eq!(&text[items[1].start..items[1].start + 1], "2");
        assert_eq!(props.get("Next").unwrap().value, Value::Number(3.into()));
        // A quoted scalar whose last line is dedented (PyYAML folds it).
        let text =
            "Outputs:\n  Sample:\n    Value: \"{\n      \\\"a\\\": 1\n  }\"\n    Description: x\n";
        let root = parse_text(text).unwrap();
        let sample = root.get("Outputs").unwrap().get("Sample").unwrap();
        assert_eq!(string(sample.get("Value").unwrap()), "{ \"a\": 1 }");
        assert_eq!(string(sample.get("Description").unwrap()), "x");
        // A real indentation error is still one.
        assert!(parse_text("a:\n  b: 1\n c: 2\n").is_err());
        assert!(parse_text("a: {\nb: [1,\n").is_err());
    }

    #[test]
    fn plain_placeholders_are_deferred_only_in_substituted_text() {
        let text = "Seconds: ${Delay}\nQuoted: \"${Delay}\"\nInside: a ${B} c\n";
        let root = parse_substituted(text, &LineIndex::new(text)).unwrap();
        assert_eq!(
            root.get("Seconds").unwrap().value,
            Value::Deferred("${Delay}".into())
        );
        assert_eq!(
            root.get("Quoted").unwrap().value,
            Value::String("${Delay}".into())
        );
        assert_eq!(
            root.get("Inside").unwrap().value,
            Value::String("a ${B} c".into())
        );
        let plain = parse_text(text).unwrap();
        assert_eq!(
            plain.get("Seconds").unwrap().value,
            Value::String("${Delay}".into())
        );
    }

    #[test]
    fn an_empty_document_is_null() {
        assert_eq!(parse_text("").unwrap().value, Value::Null);
        assert_eq!(parse_text("# only a comment\n").unwrap().value, Value::Null);
    }
}
