//! A JSON parser that remembers where every value and key starts, so
//! diagnostics can name a line and column. `serde_json` keeps no spans.
//!
//! It is strict RFC 8259 (plus an optional byte-order mark), iterative over
//! bytes, and limits nesting so that hostile input cannot overflow the stack.

pub use compact_str::CompactString as Text;
use serde_json::Number;

/// How deep arrays and objects may nest: the builder's limit too (see
/// [`MAX_JSON_NESTING`](crate::runtime::vocabulary::MAX_JSON_NESTING)).
pub const MAX_DEPTH: usize = crate::runtime::vocabulary::MAX_JSON_NESTING;

/// A parsed value and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Byte offset of the value's first character in the parsed text.
    pub start: usize,
    /// The value.
    pub value: Value,
}

/// A JSON value whose children keep their positions.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string; short ones (up to 24 bytes, nearly every key and value
    /// of a definition) are stored inline, without an allocation.
    String(Text),
    /// An array.
    Array(Vec<Node>),
    /// An object, members in document order (duplicates kept).
    Object(Vec<Entry>),
    /// A value only known when the template is deployed, of a kind not
    /// known here: a CloudFormation function other than `Ref`, `Fn::GetAtt`
    /// and `Fn::Sub` inside an inline `Definition` (`Fn::If`, `Fn::Join` …),
    /// or a `${…}` placeholder standing where a value goes in text that is
    /// substituted before it is parsed (`"Seconds": ${Delay}`). The text is
    /// the placeholder it reads as (`${Delay}`, `${Fn::If}`).
    Deferred(String),
}

/// One object member.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: Text,
    /// Byte offset of the key's opening quote.
    pub key_start: usize,
    /// The value.
    pub value: Node,
}

/// Why the text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl Node {
    /// The length in bytes of the value written as compact JSON (no
    /// whitespace, strings escaped as serde_json escapes them), as
    /// CloudFormation sends an inline definition. A deferred value counts
    /// as its placeholder text. The parser bounds the nesting, so the
    /// recursion is bounded too.
    pub fn compact_len(&self) -> usize {
        fn string_len(s: &str) -> usize {
            2 + s
                .chars()
                .map(|c| match c {
                    '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
                    c if (c as u32) < 0x20 => 6,
                    c => c.len_utf8(),
                })
                .sum::<usize>()
        }
        match &self.value {
            Value::Null => 4,
            Value::Bool(true) => 4,
            Value::Bool(false) => 5,
            Value::Number(n) => n.to_string().len(),
            Value::String(s) => string_len(s),
            Value::Deferred(s) => string_len(s),
            Value::Array(items) => {
                2 + items.iter().map(Node::compact_len).sum::<usize>()
                    + items.len().saturating_sub(1)
            }
            Value::Object(entries) => {
                2 + entries
                    .iter()
                    .map(|e| string_len(&e.key) + 1 + e.value.compact_len())
                    .sum::<usize>()
                    + entries.len().saturating_sub(1)
            }
        }
    }

    /// The string, if this is one. A deferred value reads as its
    /// placeholder text, as it does in the deployed definition's source.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            Value::Deferred(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the value is only known at deploy time ([`Value::Deferred`]).
    pub fn is_deferred(&self) -> bool {
        matches!(self.value, Value::Deferred(_))
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The member `key` of an object (the last one, as most parsers keep).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_object()?
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| &e.value)
    }

    /// The entry `key` of an object, with its key position.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_object()?.iter().rev().find(|e| e.key == key)
    }

    /// A short name for the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
            Value::Deferred(_) => "a value set at deploy time",
        }
    }

    /// The value as `serde_json`, for the crate's policy and rendering code.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Deferred(s) => serde_json::Value::String(s.clone()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Value::Object(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|e| (e.key.to_string(), e.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// A node from `serde_json` (values from YAML or from strings inside a
    /// template), every position set to `start`.
    pub fn from_json(value: &serde_json::Value, start: usize) -> Node {
        let value = match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.clone()),
            serde_json::Value::String(s) => Value::String(s.into()),
            serde_json::Value::Array(items) => {
                Value::Array(items.iter().map(|v| Node::from_json(v, start)).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| Entry {
                        key: k.into(),
                        key_start: start,
                        value: Node::from_json(v, start),
                    })
                    .collect(),
            ),
        };
        Node { start, value }
    }
}

/// Parses `text` as one JSON value.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    parse_with(text, false)
}

/// Parses JSON text that is substituted before it is parsed (`Fn::Sub`,
/// SAM `DefinitionSubstitutions`): a `${…}` placeholder where a value goes
/// becomes a [`Value::Deferred`] instead of an error.
pub fn parse_substituted(text: &str) -> Result<Node, ParseError> {
    parse_with(text, true)
}

fn parse_with(text: &str, placeholders: bool) -> Result<Node, ParseError> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        placeholders,
        entries: Vec::new(),
        items: Vec::new(),
    };
    if text.starts_with('\u{feff}') {
        p.pos = 3;
    }
    p.whitespace();
    let node = p.value(0)?;
    p.whitespace();
    if p.pos < p.bytes.len() {
        return Err(p.error("trailing characters after the JSON value"));
    }
    Ok(node)
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    /// Whether a bare `${…}` is a value ([`parse_substituted`]).
    placeholders: bool,
    /// Members of the objects being read, innermost last: each object moves
    /// its own into a vector of exactly their number when it closes, so no
    /// vector grows by reallocation (a third of the reading time before).
    entries: Vec<Entry>,
    /// The same for the items of arrays.
    items: Vec<Node>,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> ParseError {
        ParseError {
            offset: self.pos.min(self.bytes.len()),
            message: message.to_owned(),
        }
    }

    fn whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, ParseError> {
        let start = self.pos;
        let value = match self.bytes.get(self.pos) {
            None => return Err(self.error("unexpected end of input, expected a value")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(b'$') if self.placeholders => self.placeholder()?,
            Some(_) => return Err(self.error("expected a value")),
        };
        Ok(Node { start, value })
    }

    /// `${Name}` standing for a whole value.
    fn placeholder(&mut self) -> Result<Value, ParseError> {
        let rest = &self.text[self.pos..];
        let end = rest
            .strip_prefix("${")
            .and_then(|r| r.find(['}', '"', '\n']))
            .filter(|&i| rest.as_bytes()[i + 2] == b'}' && i > 0)
            .ok_or_else(|| self.error("expected a value (an unclosed `${` placeholder?)"))?;
        let text = rest[..end + 3].to_owned();
        self.pos += end + 3;
        Ok(Value::Deferred(text))
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, ParseError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn nest(&self, depth: usize) -> Result<usize, ParseError> {
        if depth >= MAX_DEPTH {
            return Err(self.error(&format!("nested deeper than {MAX_DEPTH} levels")));
        }
        Ok(depth + 1)
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        let depth = self.nest(depth)?;
        self.pos += 1;
        let base = self.entries.len();
        self.whitespace();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Object(Vec::new()));
        }
        loop {
            self.whitespace();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.error("expected a string key"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            self.whitespace();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error("expected `:` after the key"));
            }
            self.pos += 1;
            self.whitespace();
            let value = self.value(depth)?;
            self.entries.push(Entry {
                key,
                key_start,
                value,
            });
            self.whitespace();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(self.entries.drain(base..).collect()));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        let depth = self.nest(depth)?;
        self.pos += 1;
        let base = self.items.len();
        self.whitespace();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Array(Vec::new()));
        }
        loop {
            self.whitespace();
            let item = self.value(depth)?;
            self.items.push(item);
            self.whitespace();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(self.items.drain(base..).collect()));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn string(&mut self) -> Result<Text, ParseError> {
        self.pos += 1;
        // Nearly every string has no escape: one exact allocation.
        let rest = &self.bytes[self.pos..];
        if let Some(end) = memchr::memchr2(b'"', b'\\', rest)
            && rest[end] == b'"'
            && !rest[..end].iter().any(|&b| b < 0x20)
        {
            let out = Text::from(&self.text[self.pos..self.pos + end]);
            self.pos += end + 1;
            return Ok(out);
        }
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control byte.
            let run = self.pos;
            let rest = &self.bytes[run..];
            let end = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
            self.pos += rest[..end].iter().position(|&b| b < 0x20).unwrap_or(end);
            // The run ends on an ASCII byte, so it is a char boundary.
            out.push_str(&self.text[run..self.pos]);
            match self.bytes.get(self.pos) {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out.into());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error("control character in a string")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let Some(&b) = self.bytes.get(self.pos) else {
            return Err(self.error("unterminated string"));
        };
        self.pos += 1;
        match b {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => out.push('/'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    if !self.bytes[self.pos..].starts_with(b"\\u") {
                        return Err(self.error("unpaired surrogate in \\u escape"));
                    }
                    self.pos += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.error("unpaired surrogate in \\u escape"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                match char::from_u32(code) {
                    Some(c) => out.push(c),
                    None => return Err(self.error("invalid \\u escape")),
                }
            }
            _ => {
                self.pos -= 1;
                return Err(self.error("invalid escape"));
            }
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("short \\u escape"))?;
        let mut code = 0;
        for &d in digits {
            let v = (d as char)
                .to_digit(16)
                .ok_or_else(|| self.error("invalid \\u escape"))?;
            code = code * 16 + v;
        }
        self.pos += 4;
        Ok(code)
    }

    fn number(&mut self) -> Result<Number, ParseError> {
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("invalid number")),
        }
        let mut float = false;
        if self.bytes.get(self.pos) == Some(&b'.') {
            float = true;
            self.pos += 1;
            if !matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
                return Err(self.error("invalid number"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            float = true;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
                return Err(self.error("invalid number"));
            }
            self.digits();
        }
        let text = &self.text[start..self.pos];
        let parsed = if float {
            None
        } else if text.starts_with('-') {
            text.parse::<i64>().ok().map(Number::from)
        } else {
            text.parse::<u64>().ok().map(Number::from)
        };
        match parsed {
            Some(n) => Ok(n),
            None => text
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .ok_or_else(|| ParseError {
                    offset: start,
                    message: "number out of range".to_owned(),
                }),
        }
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }
}

/// Line starts of a text, to turn byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// Byte offset where the 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// 1-based line and column (in characters) of `offset` in `text`.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts[line];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

/// Escapes one JSON-pointer segment (RFC 6901); borrowed when nothing
/// needs escaping, as nearly every key.
pub fn escape_segment(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains(['~', '/']) {
        std::borrow::Cow::Owned(segment.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(segment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_length_is_serde_jsons() {
        let text = r#"{ "a": [1, -2.5, true, false, null],
            "quote\"d": "tab\t nl\n bell\u0007 é ünï 𝄞",
            "nested": {"x": {}, "y": [], "z": [{"k": "v"}]},
            "big": 18446744073709551615 }"#;
        let compact =
            serde_json::to_string(&serde_json::from_str::<serde_json::Value>(text).unwrap())
                .unwrap();
        assert_eq!(
            parse(text).unwrap().compact_len(),
            compact.len(),
            "{compact}"
        );
    }

    #[test]
    fn positions_of_keys_and_values() {
        let text = "{\n  \"a\": [1, \"x\"],\n  \"b\": {\"c\": null}\n}";
        let root = parse(text).unwrap();
        let index = LineIndex::new(text);
        let b = root.entry("b").unwrap();
        assert_eq!(index.position(text, b.key_start), (3, 3));
        let c = b.value.get("c").unwrap();
        assert_eq!(index.position(text, c.start), (3, 14));
        assert_eq!(
            root.to_json(),
            serde_json::json!({"a": [1, "x"], "b": {"c": null}})
        );
    }

    #[test]
    fn errors_name_the_offset() {
        assert_eq!(parse("{\"a\" 1}").unwrap_err().offset, 5);
        assert!(parse("[1,]").is_err());
        assert!(parse("\"\\ud800\"").is_err());
        assert!(parse("01").is_err());
        assert!(parse(&"[".repeat(MAX_DEPTH + 1)).is_err());
        assert_eq!(
            parse("\"\\ud83d\\ude00 é\"").unwrap().as_str(),
            Some("😀 é")
        );
        assert!(parse("1e999").is_err());
    }

    #[test]
    fn placeholders_stand_for_values_only_when_substituted() {
        let text = "{\"Seconds\": ${Delay}, \"Items\": [${A.Arn}, \"${B}\"]}";
        assert!(parse(text).is_err());
        let root = parse_substituted(text).unwrap();
        let seconds = root.get("Seconds").unwrap();
        assert_eq!(seconds.value, Value::Deferred("${Delay}".into()));
        assert_eq!(seconds.start, 12);
        let items = root.get("Items").unwrap().as_array().unwrap();
        assert!(items[0].is_deferred());
        assert_eq!(items[1].value, Value::String("${B}".into()));
        for bad in [
            "{\"a\": ${}",
            "{\"a\": ${x",
            "{\"a\": $x}",
            "{\"a\": ${x\"}",
        ] {
            assert!(parse_substituted(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn columns_count_characters() {
        let text = "{\"é\": 1}";
        let root = parse(text).unwrap();
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, root.get("é").unwrap().start), (1, 7));
    }
}
