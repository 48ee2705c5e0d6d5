//! YAML templates read into the same positioned [`Node`]s as JSON, so a
//! finding in a YAML template names its own line and column.
//!
//! `yaml-rust2` supplies the events and their marks; this module folds them
//! into nodes without recursion (depth is capped at [`json::MAX_DEPTH`]),
//! resolves plain scalars by the YAML 1.2 core schema, expands aliases
//! within a budget, and turns CloudFormation's short tags (`!Sub`, `!Ref`,
//! `!GetAtt`, …) into their long forms (`{"Fn::Sub": …}`).

use std::collections::HashMap;

use serde_json::Number;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::json::{self, Entry, LineIndex, Node, ParseError, Value};

/// How many nodes aliases may add in all; a guard against "billion laughs".
const ALIAS_BUDGET: usize = 1_000_000;

/// The YAML 1.2 tag prefix that `!!` stands for.
const CORE_TAGS: &str = "tag:yaml.org,2002:";

/// Parses the first and only YAML document of `text`, whose line index is
/// `lines`.
pub fn parse(text: &str, lines: &LineIndex) -> Result<Node, ParseError> {
    let offsets = Offsets { text, lines };
    let mut builder = Builder {
        offsets: &offsets,
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_budget: ALIAS_BUDGET,
        root: None,
    };
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| ParseError {
            offset: offsets.byte(e.marker()),
            message: e.info().to_owned(),
        })?;
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(builder.error(mark, "more than one YAML document"));
                }
            }
            event => builder.event(event, mark)?,
        }
    }
    Ok(builder.root.unwrap_or(Node {
        start: 0,
        value: Value::Null,
    }))
}

/// Turns marks into byte offsets. A mark's `index` is not used: yaml-rust2
/// counts it in characters but advances it by bytes inside block scalars, so
/// it drifts after non-ASCII text in a `|` or `>` block; `line` and `col`
/// (characters within the line) stay right.
struct Offsets<'a> {
    text: &'a str,
    lines: &'a LineIndex,
}

impl Offsets<'_> {
    fn byte(&self, mark: &Marker) -> usize {
        let Some(start) = self.lines.line_start(mark.line().saturating_sub(1)) else {
            return self.text.len();
        };
        let line = &self.text[start..];
        let within = line
            .char_indices()
            .nth(mark.col())
            .map_or(line.len(), |(i, _)| i);
        start + within
    }
}

/// A collection being read.
struct Frame {
    start: usize,
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
}

impl Builder<'_> {
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
                let value = scalar(text, style, tag.as_ref());
                let node = short_form(tag.as_ref(), Node { start, value });
                self.complete(node, Some(key), anchor, mark)
            }
            Event::SequenceStart(anchor, tag) => self.open(
                Frame {
                    start,
                    anchor,
                    tag,
                    kind: FrameKind::Sequence(Vec::new()),
                },
                mark,
            ),
            Event::MappingStart(anchor, tag) => self.open(
                Frame {
                    start,
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
                    key,
                    key_start,
                    value: node,
                }),
                None => match (key, &node.value) {
                    (Some(key), _) => *pending = Some((key, node.start)),
                    (None, Value::String(s)) => *pending = Some((s.clone(), node.start)),
                    _ => return Err(self.error(mark, "a mapping key must be a scalar")),
                },
            },
        }
        Ok(())
    }
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
        return Value::String(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    number(&text).map_or(Value::String(text), Value::Number)
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
                                value: Value::String(resource.to_owned()),
                            },
                            Node {
                                start,
                                value: Value::String(attribute.to_owned()),
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
            key,
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
    fn an_empty_document_is_null() {
        assert_eq!(parse_text("").unwrap().value, Value::Null);
        assert_eq!(parse_text("# only a comment\n").unwrap().value, Value::Null);
    }
}
