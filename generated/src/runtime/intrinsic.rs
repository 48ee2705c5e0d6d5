//! Intrinsic functions (`States.Format(...)` and friends).
//!
//! A call is parsed in full when an [`Intrinsic`] is built: the function name
//! and its argument count, every argument (string literals with the ASL
//! escapes `\'`, `\\`, `\{` and `\}`, numbers, `true`/`false`/`null`,
//! JSONPaths, nested calls), and the rules AWS states for particular
//! functions (a `States.Format` template's placeholders match its arguments,
//! `States.Hash` names a supported algorithm, `States.JsonMerge` is shallow).
//! The original text is kept for rendering, so a parsed call renders exactly
//! as written.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde_json::Number;

use super::JsonPath;

/// Why a string is not a valid intrinsic function call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid intrinsic function `{text}` at byte {position}: {reason}")]
pub struct IntrinsicError {
    /// The rejected text.
    pub text: String,
    /// Byte offset of the problem.
    pub position: usize,
    /// What is wrong.
    pub reason: String,
}

/// Step Functions accepts at most this many intrinsic calls in one field:
/// "You can nest up to 10 intrinsic functions within a field", where the
/// developer guide's own example counts all calls of the field (its
/// `States.Format` holding eight more calls, five deep, is "nine nested
/// intrinsic functions"). Depth alone has no documented limit.
const MAX_CALLS: usize = 10;

/// A known function: its name after `States.`, its full name, and how many
/// arguments it takes.
struct Function {
    short: &'static str,
    name: &'static str,
    min: usize,
    /// `None`: any number from `min` up.
    max: Option<usize>,
}

macro_rules! function {
    ($name:literal, $min:expr, $max:expr) => {
        Function {
            short: $name,
            name: concat!("States.", $name),
            min: $min,
            max: $max,
        }
    };
}

/// Every intrinsic function Step Functions documents, with its arity.
const FUNCTIONS: &[Function] = &[
    function!("Array", 0, None),
    function!("ArrayPartition", 2, Some(2)),
    function!("ArrayContains", 2, Some(2)),
    function!("ArrayRange", 3, Some(3)),
    function!("ArrayGetItem", 2, Some(2)),
    function!("ArrayLength", 1, Some(1)),
    function!("ArrayUnique", 1, Some(1)),
    function!("Base64Encode", 1, Some(1)),
    function!("Base64Decode", 1, Some(1)),
    function!("Hash", 2, Some(2)),
    function!("JsonMerge", 3, Some(3)),
    function!("StringToJson", 1, Some(1)),
    function!("JsonToString", 1, Some(1)),
    function!("MathRandom", 2, Some(3)),
    function!("MathAdd", 2, Some(2)),
    function!("StringSplit", 2, Some(2)),
    function!("UUID", 0, Some(0)),
    function!("Format", 1, None),
];

/// The algorithms `States.Hash` accepts.
const HASH_ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// One argument of an intrinsic function call.
///
/// Displays as intrinsic syntax: strings are single-quoted with `'`, `\`,
/// `{` and `}` escaped, so any string value round-trips.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntrinsicArg {
    /// A string literal (the value, escapes removed).
    String(String),
    /// A number literal.
    Number(Number),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A JSONPath into the input, the context object or a variable.
    Path(JsonPath),
    /// A nested intrinsic function call.
    Call(Intrinsic),
}

impl IntrinsicArg {
    /// A number argument from a float; `None` for NaN and infinities, which
    /// have no literal form.
    pub fn float(value: f64) -> Option<Self> {
        Number::from_f64(value).map(IntrinsicArg::Number)
    }

    /// Whether this argument is a literal (not a path or a call).
    fn is_literal(&self) -> bool {
        !matches!(self, IntrinsicArg::Path(_) | IntrinsicArg::Call(_))
    }

    fn kind(&self) -> &'static str {
        match self {
            IntrinsicArg::String(_) => "a string",
            IntrinsicArg::Number(_) => "a number",
            IntrinsicArg::Bool(_) => "a boolean",
            IntrinsicArg::Null => "null",
            IntrinsicArg::Path(_) => "a path",
            IntrinsicArg::Call(_) => "a function call",
        }
    }
}

/// Writes `value` as an intrinsic string literal body, escaping the reserved
/// characters.
fn write_escaped(out: &mut String, value: &str) {
    for c in value.chars() {
        if matches!(c, '\'' | '\\' | '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
}

impl fmt::Display for IntrinsicArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntrinsicArg::String(s) => {
                let mut out = String::with_capacity(s.len() + 2);
                out.push('\'');
                write_escaped(&mut out, s);
                out.push('\'');
                f.write_str(&out)
            }
            IntrinsicArg::Number(n) => write!(f, "{n}"),
            IntrinsicArg::Bool(b) => write!(f, "{b}"),
            IntrinsicArg::Null => f.write_str("null"),
            IntrinsicArg::Path(p) => f.write_str(p.as_str()),
            IntrinsicArg::Call(c) => f.write_str(c.as_str()),
        }
    }
}

impl From<&str> for IntrinsicArg {
    fn from(value: &str) -> Self {
        IntrinsicArg::String(value.to_owned())
    }
}

impl From<String> for IntrinsicArg {
    fn from(value: String) -> Self {
        IntrinsicArg::String(value)
    }
}

impl From<bool> for IntrinsicArg {
    fn from(value: bool) -> Self {
        IntrinsicArg::Bool(value)
    }
}

impl From<i32> for IntrinsicArg {
    fn from(value: i32) -> Self {
        IntrinsicArg::Number(value.into())
    }
}

impl From<i64> for IntrinsicArg {
    fn from(value: i64) -> Self {
        IntrinsicArg::Number(value.into())
    }
}

impl From<u32> for IntrinsicArg {
    fn from(value: u32) -> Self {
        IntrinsicArg::Number(value.into())
    }
}

impl From<u64> for IntrinsicArg {
    fn from(value: u64) -> Self {
        IntrinsicArg::Number(value.into())
    }
}

impl From<Number> for IntrinsicArg {
    fn from(value: Number) -> Self {
        IntrinsicArg::Number(value)
    }
}

impl From<JsonPath> for IntrinsicArg {
    fn from(value: JsonPath) -> Self {
        IntrinsicArg::Path(value)
    }
}

impl From<Intrinsic> for IntrinsicArg {
    fn from(value: Intrinsic) -> Self {
        IntrinsicArg::Call(value)
    }
}

/// A validated intrinsic function call such as `States.Format('{}', $.name)`.
///
/// Equality, ordering and hashing use the call text.
///
/// ```
/// use sfn_tasks::{Intrinsic, JsonPath};
///
/// let call = Intrinsic::parse("States.Format('Hello, {}!', $.name)").unwrap();
/// assert_eq!(call.name(), "States.Format");
/// assert_eq!(call.paths().map(JsonPath::as_str).collect::<Vec<_>>(), ["$.name"]);
///
/// let built = Intrinsic::format("Hello, {}!", [JsonPath::new("$.name").unwrap().into()]).unwrap();
/// assert_eq!(built, call);
///
/// let err = Intrinsic::parse("States.Format('{} {}', $.a)").unwrap_err();
/// assert_eq!(err.position, 14);
/// ```
#[derive(Debug, Clone)]
pub struct Intrinsic {
    text: String,
    function: &'static Function,
    args: Vec<IntrinsicArg>,
}

impl fmt::Debug for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for Intrinsic {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Intrinsic {}

impl Hash for Intrinsic {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl PartialOrd for Intrinsic {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Intrinsic {
    fn cmp(&self, other: &Self) -> Ordering {
        self.text.cmp(&other.text)
    }
}

impl Intrinsic {
    /// Parses and validates a call such as `States.Format('{}', $.name)`.
    /// Surrounding whitespace is dropped; everything else is kept as written.
    ///
    /// # Errors
    ///
    /// An [`IntrinsicError`] with the byte position and the reason when the
    /// text is not a call Step Functions accepts: bad syntax, an unknown
    /// function (with near matches), a wrong argument count, an invalid path
    /// argument, a literal of the wrong kind, or more than 10 calls.
    pub fn parse(text: impl Into<String>) -> Result<Self, IntrinsicError> {
        let text = text.into();
        let mut parser = Parser {
            text: &text,
            pos: 0,
            calls: 0,
        };
        match parser.top() {
            Ok(call) => Ok(call),
            Err(fail) => Err(IntrinsicError {
                text,
                position: fail.position,
                reason: fail.reason,
            }),
        }
    }

    /// Builds a call from a function name (with or without `States.`) and
    /// arguments, and validates it like [`Intrinsic::parse`]. The other
    /// fallible builders go through this one.
    ///
    /// # Errors
    ///
    /// The [`IntrinsicError`] that parsing the rendered call reports; its
    /// `text` is the rendered call.
    pub fn call(
        name: &str,
        args: impl IntoIterator<Item = IntrinsicArg>,
    ) -> Result<Self, IntrinsicError> {
        let name = name.strip_prefix("States.").unwrap_or(name);
        let mut text = format!("States.{name}(");
        for (i, arg) in args.into_iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            text.push_str(&arg.to_string());
        }
        text.push(')');
        Self::parse(text)
    }

    /// `States.Format(template, args...)`. Each `{}` in `template` is a
    /// placeholder; every other character, including a lone `{` or `}`, is
    /// literal text and is escaped as needed.
    ///
    /// # Errors
    ///
    /// When the number of placeholders differs from the number of `args`, or
    /// the call would nest more than 10 functions.
    ///
    /// ```
    /// use sfn_tasks::{Intrinsic, JsonPath};
    ///
    /// let call = Intrinsic::format("{} isn't {x}", [JsonPath::new("$.a").unwrap().into()]).unwrap();
    /// assert_eq!(call.as_str(), r"States.Format('{} isn\'t \{x\}', $.a)");
    /// ```
    pub fn format(
        template: &str,
        args: impl IntoIterator<Item = IntrinsicArg>,
    ) -> Result<Self, IntrinsicError> {
        let mut text = String::from("States.Format('");
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '{' && chars.peek() == Some(&'}') {
                chars.next();
                text.push_str("{}");
            } else {
                write_escaped(&mut text, c.encode_utf8(&mut [0; 4]));
            }
        }
        text.push('\'');
        for arg in args {
            text.push_str(", ");
            text.push_str(&arg.to_string());
        }
        text.push(')');
        Self::parse(text)
    }

    /// `States.StringToJson(path)`: parses the JSON string at `path`.
    pub fn string_to_json(path: JsonPath) -> Self {
        Self::with_path(function_named("StringToJson"), path)
    }

    /// `States.JsonToString(path)`: serialises the JSON value at `path`.
    pub fn json_to_string(path: JsonPath) -> Self {
        Self::with_path(function_named("JsonToString"), path)
    }

    /// `States.ArrayLength(path)`: the length of the array at `path`.
    pub fn array_length(path: JsonPath) -> Self {
        Self::with_path(function_named("ArrayLength"), path)
    }

    /// `States.ArrayUnique(path)`: the array at `path` without duplicates.
    pub fn array_unique(path: JsonPath) -> Self {
        Self::with_path(function_named("ArrayUnique"), path)
    }

    /// `States.Base64Encode(path)`.
    pub fn base64_encode(path: JsonPath) -> Self {
        Self::with_path(function_named("Base64Encode"), path)
    }

    /// `States.Base64Decode(path)`.
    pub fn base64_decode(path: JsonPath) -> Self {
        Self::with_path(function_named("Base64Decode"), path)
    }

    /// `States.UUID()`: a version 4 UUID.
    pub fn uuid() -> Self {
        Intrinsic {
            text: "States.UUID()".to_owned(),
            function: function_named("UUID"),
            args: Vec::new(),
        }
    }

    /// `States.Array(args...)`: a JSON array of the arguments.
    pub fn array(args: impl IntoIterator<Item = IntrinsicArg>) -> Result<Self, IntrinsicError> {
        Self::call("Array", args)
    }

    /// `States.ArrayPartition(array, chunk_size)`.
    pub fn array_partition(
        array: impl Into<IntrinsicArg>,
        chunk_size: impl Into<IntrinsicArg>,
    ) -> Result<Self, IntrinsicError> {
        Self::call("ArrayPartition", [array.into(), chunk_size.into()])
    }

    /// `States.ArrayContains(array, value)`.
    pub fn array_contains(
        array: impl Into<IntrinsicArg>,
        value: impl Into<IntrinsicArg>,
    ) -> Result<Self, IntrinsicError> {
        Self::call("ArrayContains", [array.into(), value.into()])
    }

    /// `States.ArrayRange(start, end, step)`.
    pub fn array_range(
        start: impl Into<IntrinsicArg>,
        end: impl Into<IntrinsicArg>,
        step: impl Into<IntrinsicArg>,
    ) -> Result<Self, IntrinsicError> {
        Self::call("ArrayRange", [start.into(), end.into(), step.into()])
    }

    /// `States.ArrayGetItem(array, index)`.
    pub fn array_get_item(
        array: impl Into<IntrinsicArg>,
        index: impl Into<IntrinsicArg>,
    ) -> Result<Self, IntrinsicError> {
        Self::call("ArrayGetItem", [array.into(), index.into()])
    }

    /// `States.Hash(data, algorithm)`; `algorithm` is one of `MD5`, `SHA-1`,
    /// `SHA-256`, `SHA-384` or `SHA-512`.
    pub fn hash(data: impl Into<IntrinsicArg>, algorithm: &str) -> Result<Self, IntrinsicError> {
        Self::call("Hash", [data.into(), algorithm.into()])
    }

    /// `States.JsonMerge(a, b, false)`: a shallow merge, the only kind Step
    /// Functions supports.
    pub fn json_merge(
        a: impl Into<IntrinsicArg>,
        b: impl Into<IntrinsicArg>,
    ) -> Result<Self, IntrinsicError> {
        Self::call("JsonMerge", [a.into(), b.into(), IntrinsicArg::Bool(false)])
    }

    /// `States.MathRandom(start, end)`.
    pub fn math_random(
        start: impl Into<IntrinsicArg>,
        end: impl Into<IntrinsicArg>,
    ) -> Result<Self, IntrinsicError> {
        Self::call("MathRandom", [start.into(), end.into()])
    }

    /// `States.MathAdd(a, b)`.
    pub fn math_add(
        a: impl Into<IntrinsicArg>,
        b: impl Into<IntrinsicArg>,
    ) -> Result<Self, IntrinsicError> {
        Self::call("MathAdd", [a.into(), b.into()])
    }

    /// `States.StringSplit(string, delimiter)`.
    pub fn string_split(
        string: impl Into<IntrinsicArg>,
        delimiter: impl Into<IntrinsicArg>,
    ) -> Result<Self, IntrinsicError> {
        Self::call("StringSplit", [string.into(), delimiter.into()])
    }

    /// A one-path call that is valid by construction (a path is a valid
    /// argument of every function built this way, and adds no nesting).
    fn with_path(function: &'static Function, path: JsonPath) -> Self {
        Intrinsic {
            text: format!("{}({})", function.name, path),
            function,
            args: vec![IntrinsicArg::Path(path)],
        }
    }

    /// The call text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The function name, e.g. `States.Format`.
    pub fn name(&self) -> &'static str {
        self.function.name
    }

    /// The arguments as parsed (string values have their escapes removed).
    pub fn args(&self) -> &[IntrinsicArg] {
        &self.args
    }

    /// Every JSONPath the call reads, including those of nested calls, in
    /// the order they appear.
    pub fn paths(&self) -> impl Iterator<Item = &JsonPath> {
        let mut out = Vec::new();
        collect_paths(&self.args, &mut out);
        out.into_iter()
    }

    /// Whether any argument, at any depth, is the task token `$$.Task.Token`.
    pub fn references_task_token(&self) -> bool {
        self.paths().any(JsonPath::is_task_token)
    }
}

fn collect_paths<'a>(args: &'a [IntrinsicArg], out: &mut Vec<&'a JsonPath>) {
    for arg in args {
        match arg {
            IntrinsicArg::Path(p) => out.push(p),
            IntrinsicArg::Call(c) => collect_paths(&c.args, out),
            _ => {}
        }
    }
}

/// Looks up a function that is certainly in [`FUNCTIONS`].
fn function_named(name: &str) -> &'static Function {
    FUNCTIONS
        .iter()
        .find(|f| f.short == name)
        .unwrap_or(&FUNCTIONS[0])
}

impl fmt::Display for Intrinsic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl AsRef<str> for Intrinsic {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl FromStr for Intrinsic {
    type Err = IntrinsicError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for Intrinsic {
    type Error = IntrinsicError;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl TryFrom<String> for Intrinsic {
    type Error = IntrinsicError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

/// A syntax error before it is attached to the rejected text.
struct Fail {
    position: usize,
    reason: String,
}

fn fail<T>(position: usize, reason: impl Into<String>) -> Result<T, Fail> {
    Err(Fail {
        position,
        reason: reason.into(),
    })
}

/// A parsed argument with where it starts and, for strings, what the format
/// checks need to know about the raw literal.
struct Parsed {
    arg: IntrinsicArg,
    position: usize,
    /// Unescaped `{}` pairs in a string literal.
    placeholders: usize,
    /// The first unescaped `{` or `}` that is not part of a `{}` pair.
    stray_brace: Option<usize>,
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    /// Calls seen so far, to enforce [`MAX_CALLS`] (and bound recursion).
    calls: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn skip_spaces(&mut self) {
        while let Some(c) = self.peek() {
            if !c.is_whitespace() {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    fn word(&mut self) -> &str {
        let start = self.pos;
        while self.peek().is_some_and(is_word_char) {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    /// The whole input: one call, optionally surrounded by whitespace.
    fn top(&mut self) -> Result<Intrinsic, Fail> {
        self.skip_spaces();
        let call = self.call()?;
        self.skip_spaces();
        if let Some(c) = self.peek() {
            return fail(
                self.pos,
                format!("unexpected `{c}` after the end of the call"),
            );
        }
        Ok(call)
    }

    /// `States.Name(args...)`.
    fn call(&mut self) -> Result<Intrinsic, Fail> {
        let start = self.pos;
        if !self.text[start..].starts_with("States.") {
            return fail(
                start,
                "an intrinsic function starts with `States.`, e.g. `States.Format('{}', $.name)`",
            );
        }
        self.calls += 1;
        if self.calls > MAX_CALLS {
            return fail(
                start,
                format!(
                    "Step Functions allows at most {MAX_CALLS} intrinsic functions in one field"
                ),
            );
        }
        self.pos += "States.".len();
        let name_at = self.pos;
        let name = self.word().to_owned();
        if name.is_empty() {
            return fail(name_at, "expected a function name after `States.`");
        }
        let Some(function) = FUNCTIONS.iter().find(|f| f.short == name) else {
            return fail(name_at, unknown_function(&name));
        };
        self.skip_spaces();
        let open = self.pos;
        if self.peek() != Some('(') {
            return fail(open, format!("expected `(` after `States.{name}`"));
        }
        self.pos += 1;
        self.skip_spaces();
        let mut args: Vec<Parsed> = Vec::new();
        if self.peek() == Some(')') {
            self.pos += 1;
        } else {
            loop {
                if self.peek().is_none() {
                    return fail(open, "unclosed `(`");
                }
                args.push(self.arg()?);
                self.skip_spaces();
                match self.peek() {
                    Some(',') => {
                        self.pos += 1;
                        self.skip_spaces();
                    }
                    Some(')') => {
                        self.pos += 1;
                        break;
                    }
                    None => return fail(open, "unclosed `(`"),
                    Some(c) => {
                        return fail(self.pos, format!("expected `,` or `)`, found `{c}`"));
                    }
                }
            }
        }
        check(function, &args, self.pos - 1)?;
        Ok(Intrinsic {
            text: self.text[start..self.pos].to_owned(),
            function,
            args: args.into_iter().map(|p| p.arg).collect(),
        })
    }

    fn arg(&mut self) -> Result<Parsed, Fail> {
        let position = self.pos;
        let plain = |arg| Parsed {
            arg,
            position,
            placeholders: 0,
            stray_brace: None,
        };
        match self.peek() {
            Some('\'') => self.string(),
            Some('$') => {
                let (path, end) = JsonPath::parse_embedded(self.text, self.pos)
                    .or_else(|(at, reason)| fail(at, format!("invalid path: {reason}")))?;
                self.pos = end;
                Ok(plain(IntrinsicArg::Path(path)))
            }
            Some(c) if c == '-' || c.is_ascii_digit() => {
                let n = self.number()?;
                Ok(plain(IntrinsicArg::Number(n)))
            }
            Some(c) if is_word_char(c) => {
                if self.text[self.pos..].starts_with("States.") {
                    return Ok(plain(IntrinsicArg::Call(self.call()?)));
                }
                let arg = match self.word() {
                    "true" => IntrinsicArg::Bool(true),
                    "false" => IntrinsicArg::Bool(false),
                    "null" => IntrinsicArg::Null,
                    word => {
                        return fail(
                            position,
                            format!("unexpected `{word}`; {}", EXPECTED_ARGUMENT),
                        );
                    }
                };
                Ok(plain(arg))
            }
            Some(c) => fail(position, format!("unexpected `{c}`; {EXPECTED_ARGUMENT}")),
            None => fail(position, format!("unexpected end; {EXPECTED_ARGUMENT}")),
        }
    }

    /// A single-quoted string literal.
    fn string(&mut self) -> Result<Parsed, Fail> {
        let open = self.pos;
        self.pos += 1;
        let mut value = String::new();
        let mut placeholders = 0;
        let mut stray_brace = None;
        loop {
            let Some(c) = self.peek() else {
                return fail(open, "unclosed string literal");
            };
            let at = self.pos;
            self.pos += c.len_utf8();
            match c {
                '\'' => break,
                '\\' => match self.peek() {
                    Some(e @ ('\'' | '\\' | '{' | '}')) => {
                        self.pos += 1;
                        value.push(e);
                    }
                    Some(e) => {
                        return fail(
                            at,
                            format!(
                                "unknown escape `\\{e}`; only \\', \\\\, \\{{ and \\}} are escapes in intrinsic strings"
                            ),
                        );
                    }
                    None => return fail(open, "unclosed string literal"),
                },
                '{' if self.peek() == Some('}') => {
                    self.pos += 1;
                    placeholders += 1;
                    value.push_str("{}");
                }
                '{' | '}' => {
                    stray_brace.get_or_insert(at);
                    value.push(c);
                }
                c => value.push(c),
            }
        }
        Ok(Parsed {
            arg: IntrinsicArg::String(value),
            position: open,
            placeholders,
            stray_brace,
        })
    }

    /// A JSON-style number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Result<Number, Fail> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let digits = |from: usize| {
            let mut i = from;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            i
        };
        let mut i = start;
        if bytes[i] == b'-' {
            i += 1;
        }
        let int_start = i;
        i = digits(i);
        if i == int_start {
            return fail(start, "expected digits after `-`");
        }
        if bytes[int_start] == b'0' && i - int_start > 1 {
            return fail(int_start, "a number cannot have leading zeros");
        }
        if bytes.get(i) == Some(&b'.') {
            let frac = i + 1;
            i = digits(frac);
            if i == frac {
                return fail(frac, "expected digits after `.`");
            }
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            let mut exp = i + 1;
            if matches!(bytes.get(exp), Some(b'+' | b'-')) {
                exp += 1;
            }
            i = digits(exp);
            if i == exp {
                return fail(exp, "expected digits in the exponent");
            }
        }
        if let Some(c) = self.text[i..].chars().next() {
            if is_word_char(c) || c == '.' {
                return fail(i, format!("unexpected `{c}` in a number"));
            }
        }
        self.pos = i;
        match self.text[start..i].parse::<Number>() {
            Ok(n) => Ok(n),
            Err(_) => fail(start, "number is out of range"),
        }
    }
}

const EXPECTED_ARGUMENT: &str =
    "an argument is a 'string', a number, true, false, null, a path ($...) or a States.* call";

/// The rules beyond the grammar: arity and what AWS documents per function.
/// `close` is the position of the call's `)`.
fn check(function: &Function, args: &[Parsed], close: usize) -> Result<(), Fail> {
    let name = function.short;
    let count = args.len();
    if count < function.min || function.max.is_some_and(|max| count > max) {
        let expected = match function.max {
            Some(max) if max == function.min => format!("{max}"),
            Some(max) => format!("{} to {max}", function.min),
            None => format!("at least {}", function.min),
        };
        let plural = if expected == "1" { "" } else { "s" };
        let position = function
            .max
            .and_then(|max| args.get(max))
            .map_or(close, |extra| extra.position);
        return fail(
            position,
            format!("States.{name} takes {expected} argument{plural}, found {count}"),
        );
    }
    // Literal arguments of the wrong kind; paths and calls are only known at run time.
    let wants = |index: usize, kind: &str, ok: fn(&IntrinsicArg) -> bool| match args.get(index) {
        Some(p) if p.arg.is_literal() && !ok(&p.arg) => fail(
            p.position,
            format!(
                "argument {} of States.{name} must be {kind}, found {}",
                index + 1,
                p.arg.kind()
            ),
        ),
        _ => Ok(()),
    };
    let number: fn(&IntrinsicArg) -> bool = |a| matches!(a, IntrinsicArg::Number(_));
    let string: fn(&IntrinsicArg) -> bool = |a| matches!(a, IntrinsicArg::String(_));
    match name {
        "Format" => {
            let template = &args[0];
            // The template may come from the input (`States.Format($.template,
            // $.name)`, the docs' own example); then its `{}` are counted at
            // run time.
            if matches!(template.arg, IntrinsicArg::Path(_) | IntrinsicArg::Call(_)) {
                return Ok(());
            }
            if !matches!(template.arg, IntrinsicArg::String(_)) {
                return fail(
                    template.position,
                    "the first argument of States.Format must be a string template or a path to one",
                );
            }
            if let Some(at) = template.stray_brace {
                return fail(
                    at,
                    "a brace in a States.Format template must be part of `{}` or escaped as `\\{` / `\\}`",
                );
            }
            let given = count - 1;
            if template.placeholders != given {
                return fail(
                    template.position,
                    format!(
                        "the template has {} `{{}}` placeholder{} but {given} argument{} follow{}",
                        template.placeholders,
                        if template.placeholders == 1 { "" } else { "s" },
                        if given == 1 { "" } else { "s" },
                        if given == 1 { "s" } else { "" },
                    ),
                );
            }
        }
        "Hash" => {
            wants(1, "a string naming the algorithm", string)?;
            if let IntrinsicArg::String(algorithm) = &args[1].arg {
                if !HASH_ALGORITHMS.contains(&algorithm.as_str()) {
                    return fail(
                        args[1].position,
                        format!(
                            "unsupported hash algorithm `{algorithm}`; use one of {}",
                            HASH_ALGORITHMS.join(", ")
                        ),
                    );
                }
            }
        }
        "JsonMerge" => {
            let deep = &args[2];
            if deep.arg.is_literal() && deep.arg != IntrinsicArg::Bool(false) {
                return fail(
                    deep.position,
                    "the third argument of States.JsonMerge must be `false`: Step Functions only supports a shallow merge",
                );
            }
        }
        "ArrayPartition" | "ArrayGetItem" => wants(1, "a number", number)?,
        "ArrayRange" | "MathRandom" | "MathAdd" => {
            for i in 0..count {
                wants(i, "a number", number)?;
            }
        }
        "Base64Encode" | "Base64Decode" | "StringSplit" => {
            for i in 0..count {
                wants(i, "a string", string)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The error for an unknown name, suggesting the closest known ones.
fn unknown_function(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let mut near: Vec<(usize, &str)> = FUNCTIONS
        .iter()
        .filter_map(|f| {
            let candidate = f.short.to_ascii_lowercase();
            let distance = edit_distance(&lower, &candidate);
            let close = distance <= 2.max(candidate.len() / 4)
                || (lower.len() >= 3 && (candidate.contains(&lower) || lower.contains(&candidate)));
            close.then_some((distance, f.short))
        })
        .collect();
    near.sort();
    let near: Vec<String> = near
        .iter()
        .take(3)
        .map(|(_, n)| format!("`States.{n}`"))
        .collect();
    if near.is_empty() {
        let all: Vec<&str> = FUNCTIONS.iter().map(|f| f.short).collect();
        format!(
            "unknown intrinsic function `States.{name}`; known functions: {}",
            all.join(", ")
        )
    } else {
        format!(
            "unknown intrinsic function `States.{name}`; did you mean {}?",
            near.join(" or ")
        )
    }
}

/// Levenshtein distance over bytes (names are ASCII words).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> IntrinsicArg {
        IntrinsicArg::Path(JsonPath::new(p).unwrap())
    }

    #[test]
    fn valid_calls() {
        let cases = [
            "States.UUID()",
            "States.UUID( )",
            "States.Array()",
            "States.Array(1, 'a', true, false, null, $.x, $$.Execution.Id, States.UUID())",
            "States.Array($myVar, $myVar.a[0])",
            "States.ArrayPartition($.a, 4)",
            "States.ArrayContains($.a, $.b)",
            "States.ArrayRange(1, 9, 2)",
            "States.ArrayRange(-1, -9, -2)",
            "States.ArrayGetItem($.a, $.i)",
            "States.ArrayLength($.a)",
            "States.ArrayUnique($.a)",
            "States.Base64Encode($.a)",
            "States.Base64Decode('aGk=')",
            "States.Hash($.a, 'SHA-256')",
            "States.Hash($.a, $.alg)",
            "States.JsonMerge($.a, $.b, false)",
            "States.JsonMerge($.a, $.b, $.deep)",
            "States.StringToJson($.s)",
            "States.StringToJson('{\"a\": 1}')",
            "States.JsonToString($.o)",
            "States.MathRandom(1, 999)",
            "States.MathRandom(1, 999, $.seed)",
            "States.MathAdd(1.5, -2e3)",
            "States.MathAdd(0, 0.25E-2)",
            "States.StringSplit($.s, ',')",
            "States.Format('plain')",
            // The developer guide's own example: the template from the input.
            "States.Format($.template, $.name)",
            "States.Format($$.Execution.Input.template)",
            "States.Format('{} and {}', $.a, States.UUID())",
            "States.Format('\\{not a placeholder\\} {}', $.a)",
            "States.Format('it\\'s \\\\ {}', $.a)",
            "States.Format('{}', $.items[?(@.a == ',)')].id)",
            "States.Format('{}', $['a, b'])",
            "States.Format ( '{}' , $.a )",
            "  States.Format('{}',\n\t$.a)  ",
            "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))",
        ];
        for text in cases {
            let call = Intrinsic::parse(text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(call.as_str(), text.trim());
        }
    }

    #[test]
    fn invalid_calls_with_positions() {
        let cases: &[(&str, usize, &str)] = &[
            ("", 0, "starts with `States.`"),
            ("   ", 3, "starts with `States.`"),
            ("Format('x')", 0, "starts with `States.`"),
            ("States.", 7, "expected a function name"),
            ("States.Formatt('x')", 7, "did you mean `States.Format`"),
            ("States.format('x')", 7, "did you mean `States.Format`"),
            ("States.Uuid()", 7, "did you mean `States.UUID`"),
            ("States.Nope()", 7, "known functions: Array,"),
            ("States.UUID", 11, "expected `(`"),
            ("States.UUID(", 11, "unclosed `(`"),
            ("States.UUID() x", 14, "after the end of the call"),
            ("States.UUID())", 13, "after the end of the call"),
            ("States.UUID(1)", 12, "takes 0 arguments, found 1"),
            ("States.ArrayLength()", 19, "takes 1 argument, found 0"),
            (
                "States.ArrayLength($.a, $.b)",
                24,
                "takes 1 argument, found 2",
            ),
            ("States.MathRandom(1)", 19, "takes 2 to 3 arguments"),
            (
                "States.MathRandom(1, 2, 3, 4)",
                27,
                "takes 2 to 3 arguments",
            ),
            ("States.Format()", 14, "takes at least 1 argument"),
            ("States.Array(1,)", 15, "unexpected `)`"),
            ("States.Array(,1)", 13, "unexpected `,`"),
            ("States.Array(1 2)", 15, "expected `,` or `)`"),
            ("States.Array(1", 12, "unclosed `(`"),
            ("States.Array(1,", 12, "unclosed `(`"),
            ("States.Array(foo)", 13, "unexpected `foo`"),
            ("States.Array(True)", 13, "unexpected `True`"),
            ("States.Array(nullx)", 13, "unexpected `nullx`"),
            ("States.Array(\"x\")", 13, "unexpected `\"`"),
            ("States.Array('x)", 13, "unclosed string literal"),
            ("States.Array('a\\nb')", 15, "unknown escape `\\n`"),
            ("States.Array(-)", 13, "digits after `-`"),
            ("States.Array(01)", 13, "leading zeros"),
            ("States.Array(1.)", 15, "digits after `.`"),
            ("States.Array(1e)", 15, "exponent"),
            ("States.Array(1x)", 14, "in a number"),
            ("States.Array(1.2.3)", 16, "in a number"),
            ("States.Array(1e999)", 13, "out of range"),
            (
                "States.Array($.)",
                15,
                "invalid path: expected a member name after `.`, found `)`",
            ),
            ("States.Array($.a b)", 17, "expected `,` or `)`"),
            (
                "States.Array($[0)",
                16,
                "invalid path: expected `]`, found `)`",
            ),
            (
                "States.Array(States.Nope())",
                20,
                "unknown intrinsic function",
            ),
            ("States.Array(States.UUID(1))", 25, "takes 0 arguments"),
            (
                "States.Format(1, $.a)",
                14,
                "must be a string template or a path to one",
            ),
            (
                "States.Format('{} {}', $.a)",
                14,
                "2 `{}` placeholders but 1 argument follows",
            ),
            (
                "States.Format('x', $.a)",
                14,
                "0 `{}` placeholders but 1 argument follows",
            ),
            ("States.Format('{ }', $.a)", 15, "must be part of `{}`"),
            ("States.Format('}{}', $.a)", 15, "must be part of `{}`"),
            (
                "States.Hash($.a, 'SHA256')",
                17,
                "unsupported hash algorithm `SHA256`",
            ),
            (
                "States.Hash($.a, 256)",
                17,
                "must be a string naming the algorithm",
            ),
            ("States.JsonMerge($.a, $.b, true)", 27, "must be `false`"),
            ("States.JsonMerge($.a, $.b, 'false')", 27, "must be `false`"),
            (
                "States.MathAdd('1', 2)",
                15,
                "argument 1 of States.MathAdd must be a number",
            ),
            ("States.ArrayGetItem($.a, 'x')", 25, "must be a number"),
            ("States.StringSplit($.a, 1)", 24, "must be a string"),
        ];
        for &(text, position, reason) in cases {
            let err = Intrinsic::parse(text).expect_err(text);
            assert_eq!(err.text, text);
            assert_eq!((err.position, text), (position, text), "{err}");
            assert!(err.reason.contains(reason), "{text}: {}", err.reason);
        }
    }

    #[test]
    fn at_most_ten_calls() {
        let nest = |n: usize| {
            format!(
                "{}States.UUID(){}",
                "States.Array(".repeat(n - 1),
                ")".repeat(n - 1)
            )
        };
        assert!(Intrinsic::parse(nest(10)).is_ok());
        let err = Intrinsic::parse(nest(11)).unwrap_err();
        assert_eq!(err.position, 10 * "States.Array(".len());
        assert!(err.reason.contains("at most 10"));
        // Deep nesting is rejected early, without deep recursion.
        assert!(Intrinsic::parse(nest(100_000)).is_err());
        let flat = format!("States.Array({})", ["States.UUID()"; 10].join(", "));
        assert_eq!(Intrinsic::parse(flat).unwrap_err().position, 13 + 9 * 15);
    }

    #[test]
    fn parsed_form() {
        let call = Intrinsic::parse(
            "States.Format('a\\'{} {}\\{', $.x, States.Array($$.Task.Token, 1.5, -2, null, true))",
        )
        .unwrap();
        assert_eq!(call.name(), "States.Format");
        assert_eq!(call.args().len(), 3);
        assert_eq!(call.args()[0], IntrinsicArg::String("a'{} {}{".to_owned()));
        assert_eq!(call.args()[1], path("$.x"));
        let IntrinsicArg::Call(inner) = &call.args()[2] else {
            panic!("nested call");
        };
        assert_eq!(inner.name(), "States.Array");
        assert_eq!(
            inner.args()[1..],
            [
                IntrinsicArg::float(1.5).unwrap(),
                IntrinsicArg::from(-2),
                IntrinsicArg::Null,
                IntrinsicArg::Bool(true)
            ]
        );
        let paths: Vec<&str> = call.paths().map(JsonPath::as_str).collect();
        assert_eq!(paths, ["$.x", "$$.Task.Token"]);
        assert!(call.references_task_token());
        assert!(
            !Intrinsic::parse("States.Format('$$.Task.Token')")
                .unwrap()
                .references_task_token()
        );
    }

    #[test]
    fn builders_render_and_round_trip() {
        let cases: Vec<(Intrinsic, &str)> = vec![
            (Intrinsic::uuid(), "States.UUID()"),
            (
                Intrinsic::string_to_json(JsonPath::new("$.s").unwrap()),
                "States.StringToJson($.s)",
            ),
            (
                Intrinsic::json_to_string(JsonPath::new("$.o").unwrap()),
                "States.JsonToString($.o)",
            ),
            (
                Intrinsic::array_length(JsonPath::new("$.a").unwrap()),
                "States.ArrayLength($.a)",
            ),
            (
                Intrinsic::array_unique(JsonPath::new("$.a").unwrap()),
                "States.ArrayUnique($.a)",
            ),
            (
                Intrinsic::base64_encode(JsonPath::new("$.a").unwrap()),
                "States.Base64Encode($.a)",
            ),
            (
                Intrinsic::base64_decode(JsonPath::new("$.a").unwrap()),
                "States.Base64Decode($.a)",
            ),
            (
                Intrinsic::array([1.into(), "x".into(), true.into(), IntrinsicArg::Null]).unwrap(),
                "States.Array(1, 'x', true, null)",
            ),
            (Intrinsic::array([]).unwrap(), "States.Array()"),
            (
                Intrinsic::array_partition(path("$.a"), 2).unwrap(),
                "States.ArrayPartition($.a, 2)",
            ),
            (
                Intrinsic::array_contains(path("$.a"), "v").unwrap(),
                "States.ArrayContains($.a, 'v')",
            ),
            (
                Intrinsic::array_range(1, 10, 2).unwrap(),
                "States.ArrayRange(1, 10, 2)",
            ),
            (
                Intrinsic::array_get_item(path("$.a"), 0).unwrap(),
                "States.ArrayGetItem($.a, 0)",
            ),
            (
                Intrinsic::hash(path("$.a"), "SHA-1").unwrap(),
                "States.Hash($.a, 'SHA-1')",
            ),
            (
                Intrinsic::json_merge(path("$.a"), path("$.b")).unwrap(),
                "States.JsonMerge($.a, $.b, false)",
            ),
            (
                Intrinsic::math_random(1, 6).unwrap(),
                "States.MathRandom(1, 6)",
            ),
            (
                Intrinsic::math_add(path("$.n"), -1).unwrap(),
                "States.MathAdd($.n, -1)",
            ),
            (
                Intrinsic::string_split(path("$.s"), ", ").unwrap(),
                "States.StringSplit($.s, ', ')",
            ),
            (
                Intrinsic::format("{}-{}", [path("$.a"), Intrinsic::uuid().into()]).unwrap(),
                "States.Format('{}-{}', $.a, States.UUID())",
            ),
            (
                Intrinsic::format("{{}} it's \\ {", [path("$.a")]).unwrap(),
                "States.Format('\\{{}\\} it\\'s \\\\ \\{', $.a)",
            ),
            (
                Intrinsic::call("States.MathAdd", [1.into(), 2.into()]).unwrap(),
                "States.MathAdd(1, 2)",
            ),
        ];
        for (call, text) in cases {
            assert_eq!(call.as_str(), text);
            assert_eq!(Intrinsic::parse(text).as_ref(), Ok(&call), "{text}");
        }
        // Builders validate like the parser.
        assert!(Intrinsic::format("{}", []).is_err());
        assert!(Intrinsic::hash(path("$.a"), "sha1").is_err());
        assert!(Intrinsic::math_add("a", 1).is_err());
        assert!(Intrinsic::call("Nope", []).is_err());
        assert_eq!(IntrinsicArg::float(f64::NAN), None);
    }

    #[test]
    fn string_args_escape_every_reserved_character() {
        for value in ["", "'", "\\", "{}", "{", "}", "a'b\\c{d}e", "\\'", "é ✓"] {
            let call = Intrinsic::array([value.into()]).unwrap();
            assert_eq!(
                call.args(),
                [IntrinsicArg::String(value.to_owned())],
                "{call}"
            );
        }
    }

    #[test]
    fn near_matches() {
        assert!(unknown_function("ArrayGet").contains("`States.ArrayGetItem`"));
        assert!(unknown_function("Base64encode").contains("`States.Base64Encode`"));
        assert!(unknown_function("JSONMerge").contains("`States.JsonMerge`"));
        assert!(unknown_function("Zzzzzzzz").contains("known functions"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn equality_and_display_use_the_text() {
        let a = Intrinsic::parse(" States.UUID() ").unwrap();
        assert_eq!(a, Intrinsic::uuid());
        assert_ne!(
            Intrinsic::parse("States.UUID( )").unwrap(),
            Intrinsic::uuid()
        );
        assert_eq!(a.to_string(), "States.UUID()");
        assert_eq!("States.UUID()".parse::<Intrinsic>().unwrap(), a);
        assert_eq!(Intrinsic::try_from("States.UUID()".to_owned()).unwrap(), a);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: None,
            ..Default::default()
        })]

        #[test]
        fn any_string_value_round_trips(value in proptest::prelude::any::<String>()) {
            let call = Intrinsic::array([value.clone().into()]).unwrap();
            proptest::prop_assert_eq!(call.args(), [IntrinsicArg::String(value)]);
        }

        #[test]
        fn any_template_builds(template in "[a-z{}'\\\\ ]{0,20}") {
            // The builder's reading of the template: each `{}` pair, left to right.
            let mut placeholders = 0;
            let mut rest = template.as_str();
            while let Some(at) = rest.find("{}") {
                placeholders += 1;
                rest = &rest[at + 2..];
            }
            let args = (0..placeholders).map(|i| IntrinsicArg::from(i as i64));
            let call = Intrinsic::format(&template, args);
            proptest::prop_assert!(call.is_ok(), "{:?}: {:?}", template, call);
        }
    }
}
