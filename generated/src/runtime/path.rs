//! JSONPath references as Step Functions accepts them.
//!
//! Step Functions evaluates paths with a Jayway-style JSONPath engine. This
//! module does not evaluate anything: it checks the syntax once, when a
//! [`JsonPath`] is built, so that a typo fails in Rust rather than at run time,
//! and it records whether the path is a *reference path* (one that can only
//! select a single node), which `InputPath`, `ResultPath`, `OutputPath`,
//! `ItemsPath` and a Choice rule's `Variable` require.
//!
//! Accepted syntax, after the root (`$` state input, `$$` context object, or
//! `$name` for a workflow variable):
//!
//! | segment | example | reference path |
//! | --- | --- | --- |
//! | dot member | `.name`, `.order-id` | yes |
//! | bracket member | `['a b']`, `["x"]`, `.['x']` | yes |
//! | index | `[0]`, `[-1]` | yes |
//! | wildcard | `.*`, `[*]` | no |
//! | recursive descent | `..name`, `..*`, `..[0]` | no |
//! | union | `[0,1]`, `['a','b']` | no |
//! | slice | `[1:]`, `[:-1]`, `[0:10:2]` | no |
//! | filter | `[?(@.price < 10)]` | no |
//! | script | `[(@.length-1)]` | no |
//! | function (last segment only) | `.length()` | no |

use std::fmt;
use std::str::FromStr;

/// Why a string is not a valid Step Functions JSONPath.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSONPath `{path}` at byte {position}: {reason}")]
pub struct PathError {
    /// The rejected path.
    pub path: String,
    /// Byte offset of the problem.
    pub position: usize,
    /// What is wrong.
    pub reason: String,
}

/// Where a path starts reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Root {
    /// `$`: the state input (or the effective input of the field).
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a workflow variable.
    Variable,
}

/// A validated JSONPath: `$...` into the state input, `$$...` into the context
/// object, or `$name...` into a workflow variable.
///
/// ```
/// use sfn_tasks::JsonPath;
///
/// let path = JsonPath::new("$.orders[0]['customer id']").unwrap();
/// assert!(path.is_reference_path());
/// assert!(!JsonPath::new("$.orders[*].id").unwrap().is_reference_path());
///
/// let err = JsonPath::new("$.order id").unwrap_err();
/// assert_eq!(err.position, 7);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPath {
    text: String,
    root: Root,
    reference: bool,
}

impl JsonPath {
    /// Parses and validates a path.
    ///
    /// # Errors
    ///
    /// A [`PathError`] with the byte position and the reason when the text is
    /// not a path Step Functions accepts.
    pub fn new(path: impl Into<String>) -> Result<Self, PathError> {
        let text = path.into();
        match parse(&text, false) {
            Ok(parsed) => Ok(JsonPath {
                text,
                root: parsed.root,
                reference: parsed.reference,
            }),
            Err(fail) => Err(PathError {
                path: text,
                position: fail.position,
                reason: fail.reason,
            }),
        }
    }

    /// A path into the context object: `JsonPath::context("Execution.Id")` is
    /// `$$.Execution.Id`. A `sub` starting with `[` is appended without a dot
    /// (`$$['Execution']`). Errors point into the full `$$.…` text.
    pub fn context(sub: &str) -> Result<Self, PathError> {
        if sub.starts_with('[') {
            Self::new(format!("$${sub}"))
        } else {
            Self::new(format!("$$.{sub}"))
        }
    }

    /// `$`: the whole state input.
    pub fn whole_input() -> Self {
        Self::known("$", Root::Input)
    }

    /// `$$`: the whole context object.
    pub fn whole_context() -> Self {
        Self::known("$$", Root::Context)
    }

    /// `$$.Task.Token`: the task token of a callback (`.waitForTaskToken`) task.
    pub fn task_token() -> Self {
        Self::known(TASK_TOKEN, Root::Context)
    }

    /// `$$.Execution.Id`: the execution ARN.
    pub fn execution_id() -> Self {
        Self::known("$$.Execution.Id", Root::Context)
    }

    /// `$$.Execution.Name`: the execution name.
    pub fn execution_name() -> Self {
        Self::known("$$.Execution.Name", Root::Context)
    }

    /// `$$.Execution.StartTime`: when the execution started (ISO 8601).
    pub fn execution_start_time() -> Self {
        Self::known("$$.Execution.StartTime", Root::Context)
    }

    /// `$$.Execution.Input`: the input the execution was started with.
    pub fn execution_input() -> Self {
        Self::known("$$.Execution.Input", Root::Context)
    }

    /// `$$.Execution.RoleArn`: the role the execution runs as.
    pub fn execution_role_arn() -> Self {
        Self::known("$$.Execution.RoleArn", Root::Context)
    }

    /// `$$.State.Name`: the name of the running state.
    pub fn state_name() -> Self {
        Self::known("$$.State.Name", Root::Context)
    }

    /// `$$.State.EnteredTime`: when the running state was entered.
    pub fn state_entered_time() -> Self {
        Self::known("$$.State.EnteredTime", Root::Context)
    }

    /// `$$.State.RetryCount`: how many times the running state has been retried.
    pub fn state_retry_count() -> Self {
        Self::known("$$.State.RetryCount", Root::Context)
    }

    /// `$$.StateMachine.Id`: the state machine ARN.
    pub fn state_machine_id() -> Self {
        Self::known("$$.StateMachine.Id", Root::Context)
    }

    /// `$$.StateMachine.Name`: the state machine name.
    pub fn state_machine_name() -> Self {
        Self::known("$$.StateMachine.Name", Root::Context)
    }

    /// `$$.Map.Item.Value`: the current item inside a Map state's iteration.
    pub fn map_item_value() -> Self {
        Self::known("$$.Map.Item.Value", Root::Context)
    }

    /// `$$.Map.Item.Index`: the index of the current item inside a Map state.
    pub fn map_item_index() -> Self {
        Self::known("$$.Map.Item.Index", Root::Context)
    }

    /// A path that is valid by construction; the unit tests check each one
    /// against the parser.
    fn known(text: &str, root: Root) -> Self {
        JsonPath {
            text: text.to_owned(),
            root,
            reference: true,
        }
    }

    /// The path text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether this path is exactly `$$.Task.Token`.
    pub fn is_task_token(&self) -> bool {
        self.text == TASK_TOKEN
    }

    /// Whether this path reads the context object (`$$...`).
    pub fn is_context(&self) -> bool {
        self.root == Root::Context
    }

    /// Whether this path reads a workflow variable (`$name...`).
    pub fn is_variable(&self) -> bool {
        self.root == Root::Variable
    }

    /// The variable a `$name...` path reads, without the `$`.
    pub fn variable_name(&self) -> Option<&str> {
        if self.root != Root::Variable {
            return None;
        }
        let rest = &self.text[1..];
        let end = rest
            .find(|c: char| !is_variable_char(c))
            .unwrap_or(rest.len());
        Some(&rest[..end])
    }

    /// Whether this is a *reference path* in the ASL sense: it can only select
    /// a single node (member and index access only; no `..`, `*`, unions,
    /// slices, filters, scripts or functions). `InputPath`, `ResultPath`,
    /// `OutputPath`, `ItemsPath` and a Choice rule's `Variable` require one.
    pub fn is_reference_path(&self) -> bool {
        self.reference
    }

    /// Parses a path that starts at `offset` in `text` and ends where the
    /// surrounding syntax (an intrinsic function's `,` or `)`) takes over.
    /// Returns the path and the byte offset just past it; error positions are
    /// relative to `text`.
    pub(crate) fn parse_embedded(
        text: &str,
        offset: usize,
    ) -> Result<(Self, usize), (usize, String)> {
        let rest = &text[offset..];
        match parse(rest, true) {
            Ok(parsed) => Ok((
                JsonPath {
                    text: rest[..parsed.end].to_owned(),
                    root: parsed.root,
                    reference: parsed.reference,
                },
                offset + parsed.end,
            )),
            Err(fail) => Err((offset + fail.position, fail.reason)),
        }
    }
}

const TASK_TOKEN: &str = "$$.Task.Token";

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl AsRef<str> for JsonPath {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl FromStr for JsonPath {
    type Err = PathError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<&str> for JsonPath {
    type Error = PathError;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl TryFrom<String> for JsonPath {
    type Error = PathError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

/// What the parser learned about a valid path.
struct Parsed {
    root: Root,
    reference: bool,
    /// Byte offset just past the path (the whole text unless embedded).
    end: usize,
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

/// Characters of a `$name` variable reference.
fn is_variable_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Characters allowed in a dot-notation member name. ASCII punctuation other
/// than `_` and `-` needs bracket notation (the AWS docs require it for
/// anything outside JSONPath's member-name shorthand; `-` is common in event
/// payloads and the engine accepts it), as do whitespace and control chars.
fn is_name_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_' || c == '-'
    } else {
        !c.is_whitespace() && !c.is_control()
    }
}

/// Shows a character in an error message without breaking the message.
fn describe(c: char) -> String {
    match c {
        ' ' => "space".to_owned(),
        c if c.is_whitespace() || c.is_control() => format!("{:?}", c),
        c => format!("`{c}`"),
    }
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    reference: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn peek_byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn skip_spaces(&mut self) {
        while let Some(c) = self.peek() {
            if !c.is_whitespace() {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    /// Consumes a dot-notation name; returns whether it was non-empty.
    fn name(&mut self) -> bool {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if !is_name_char(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        self.pos > start
    }

    /// After `[`: index, slice, union, quoted names, `*`, filter or script.
    fn bracket(&mut self) -> Result<(), Fail> {
        let open = self.pos;
        self.pos += 1;
        self.skip_spaces();
        match self.peek() {
            None => return fail(open, "unclosed `[`"),
            Some(']') => {
                return fail(
                    open,
                    "empty brackets; expected a quoted name, an index, `*`, a slice or a filter",
                );
            }
            Some('*') => {
                self.pos += 1;
                self.reference = false;
            }
            Some('?') => {
                self.pos += 1;
                self.skip_spaces();
                if self.peek() != Some('(') {
                    return fail(self.pos, "expected `(` after `?` in a filter `[?(...)]`");
                }
                self.expression("filter")?;
                self.reference = false;
            }
            Some('(') => {
                self.expression("script")?;
                self.reference = false;
            }
            Some('\'' | '"') => self.quoted_names()?,
            Some(c) if c == '-' || c == ':' || c.is_ascii_digit() => self.indexes()?,
            Some(c) => {
                return fail(
                    self.pos,
                    format!(
                        "unexpected {} after `[`; expected a quoted name such as ['name'], an index, `*`, a slice or a filter `?(...)`",
                        describe(c)
                    ),
                );
            }
        }
        self.skip_spaces();
        match self.peek() {
            Some(']') => {
                self.pos += 1;
                Ok(())
            }
            None => fail(open, "unclosed `[`"),
            Some(c) => fail(self.pos, format!("expected `]`, found {}", describe(c))),
        }
    }

    /// `'a'`, `"b"` or a union `'a', 'b'`.
    fn quoted_names(&mut self) -> Result<(), Fail> {
        loop {
            self.quoted()?;
            self.skip_spaces();
            if self.peek() != Some(',') {
                return Ok(());
            }
            self.pos += 1;
            self.reference = false;
            self.skip_spaces();
            if !matches!(self.peek(), Some('\'' | '"')) {
                return fail(
                    self.pos,
                    "expected a quoted name after `,` (a union cannot mix names and indexes)",
                );
            }
        }
    }

    /// A quoted name with JSON-style escapes (plus `\'`).
    fn quoted(&mut self) -> Result<(), Fail> {
        let open = self.pos;
        let quote = self.text.as_bytes()[open];
        self.pos += 1;
        loop {
            let Some(c) = self.peek() else {
                return fail(open, "unclosed quoted name");
            };
            self.pos += c.len_utf8();
            if c as u32 == u32::from(quote) {
                return Ok(());
            }
            if c != '\\' {
                continue;
            }
            let escape_at = self.pos - 1;
            match self.peek() {
                Some('\'' | '"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't') => self.pos += 1,
                Some('u') => {
                    self.pos += 1;
                    let hex = self.text.as_bytes().get(self.pos..self.pos + 4);
                    if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                        return fail(escape_at, "`\\u` must be followed by four hex digits");
                    }
                    self.pos += 4;
                }
                Some(c) => {
                    return fail(
                        escape_at,
                        format!("unknown escape `\\{c}` in a quoted name"),
                    );
                }
                None => return fail(open, "unclosed quoted name"),
            }
        }
    }

    /// `[0]`, `[-1]`, `[0,2]`, `[1:]`, `[:2]`, `[0:10:2]`.
    fn indexes(&mut self) -> Result<(), Fail> {
        let first = self.integer()?;
        self.skip_spaces();
        match self.peek() {
            Some(':') => {
                self.reference = false;
                self.pos += 1;
                self.skip_spaces();
                self.integer()?;
                self.skip_spaces();
                if self.peek() == Some(':') {
                    self.pos += 1;
                    self.skip_spaces();
                    let step_at = self.pos;
                    if self.integer()? == Some(0) {
                        return fail(step_at, "a slice step cannot be 0");
                    }
                }
                Ok(())
            }
            Some(',') => {
                if first.is_none() {
                    return fail(self.pos, "expected an index before `,`");
                }
                self.reference = false;
                while self.peek() == Some(',') {
                    self.pos += 1;
                    self.skip_spaces();
                    if self.integer()?.is_none() {
                        return fail(
                            self.pos,
                            "expected an index after `,` (a union cannot mix indexes and names)",
                        );
                    }
                    self.skip_spaces();
                }
                Ok(())
            }
            _ if first.is_none() => fail(self.pos, "expected digits"),
            _ => Ok(()),
        }
    }

    /// An optional integer; `None` when no digits (and no `-`) are present.
    fn integer(&mut self) -> Result<Option<i64>, Fail> {
        let start = self.pos;
        if self.peek_byte() == Some(b'-') {
            self.pos += 1;
        }
        let digits = self.pos;
        while self.peek_byte().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        if self.pos == digits {
            if digits > start {
                return fail(start, "expected digits after `-`");
            }
            return Ok(None);
        }
        match self.text[start..self.pos].parse::<i64>() {
            Ok(n) => Ok(Some(n)),
            Err(_) => fail(start, "index is out of range"),
        }
    }

    /// A parenthesised filter/script/function body: balanced `()` and `[]`,
    /// closed strings and regex literals. Starts at `(`, ends past its `)`.
    fn expression(&mut self, what: &str) -> Result<(), Fail> {
        let open = self.pos;
        let bytes = self.text.as_bytes();
        let mut stack: Vec<(u8, usize)> = vec![(b'(', open)];
        let mut i = open + 1;
        let mut content = false;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b'(' | b'[' => stack.push((b, i)),
                b')' | b']' => {
                    let want = if b == b')' { b'(' } else { b'[' };
                    match stack.pop() {
                        Some((got, _)) if got == want => {}
                        Some((got, at)) => {
                            return fail(
                                i,
                                format!(
                                    "`{}` does not close `{}` opened at byte {at}",
                                    b as char, got as char
                                ),
                            );
                        }
                        None => return fail(i, format!("unmatched `{}`", b as char)),
                    }
                    if stack.is_empty() {
                        if !content && what != "function" {
                            return fail(open, format!("empty {what} expression"));
                        }
                        self.pos = i + 1;
                        return Ok(());
                    }
                }
                b'\'' | b'"' => i = skip_string(bytes, i)?,
                b'=' if bytes.get(i + 1) == Some(&b'~') => {
                    i += 2;
                    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                        i += 1;
                    }
                    if bytes.get(i) == Some(&b'/') {
                        i = skip_regex(bytes, i)?;
                    } else {
                        continue;
                    }
                }
                _ => {}
            }
            if !b.is_ascii_whitespace() {
                content = true;
            }
            i += 1;
        }
        let (opener, at) = stack.last().copied().unwrap_or((b'(', open));
        fail(
            at,
            format!("unclosed `{}` in {what} expression", opener as char),
        )
    }
}

/// Skips a quoted string inside an expression; returns the closing quote's index.
fn skip_string(bytes: &[u8], open: usize) -> Result<usize, Fail> {
    let quote = bytes[open];
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return Ok(i),
            _ => i += 1,
        }
    }
    fail(open, "unclosed string")
}

/// Skips a `/regex/` literal after `=~`; returns the closing slash's index.
fn skip_regex(bytes: &[u8], open: usize) -> Result<usize, Fail> {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'/' => return Ok(i),
            _ => i += 1,
        }
    }
    fail(open, "unclosed regular expression")
}

/// Parses `text` as a path. With `embedded`, stops (successfully) at the
/// first character that cannot continue the path instead of rejecting it.
fn parse(text: &str, embedded: bool) -> Result<Parsed, Fail> {
    let mut p = Parser {
        text,
        pos: 0,
        reference: true,
    };
    let root = if text.starts_with("$$") {
        p.pos = 2;
        Root::Context
    } else if text.starts_with('$') {
        p.pos = 1;
        match p.peek() {
            Some(c) if c.is_alphabetic() || c == '_' => {
                while p.peek().is_some_and(is_variable_char) {
                    p.pos += p.peek().map_or(1, char::len_utf8);
                }
                Root::Variable
            }
            _ => Root::Input,
        }
    } else {
        return fail(
            0,
            "a path starts with `$` (state input), `$$` (context object) or `$name` (variable)",
        );
    };

    // Whether the last segment was a dot-notation name, to explain a stray
    // character as a name that needs bracket notation.
    let mut after_name = root == Root::Variable;
    while let Some(c) = p.peek() {
        match c {
            '.' if p.text[p.pos + 1..].starts_with('.') => {
                p.pos += 2;
                p.reference = false;
                after_name = false;
                match p.peek() {
                    Some('*') => p.pos += 1,
                    Some('[') => p.bracket()?,
                    _ if p.name() => after_name = true,
                    Some(c) => {
                        return fail(
                            p.pos,
                            format!(
                                "expected a name, `*` or `[` after `..`, found {}",
                                describe(c)
                            ),
                        );
                    }
                    None => return fail(p.pos, "a path cannot end with `..`"),
                }
            }
            '.' => {
                p.pos += 1;
                after_name = false;
                match p.peek() {
                    Some('*') => {
                        p.pos += 1;
                        p.reference = false;
                    }
                    // `$.abc.['def ghi']` appears in the AWS docs.
                    Some('[') => p.bracket()?,
                    _ if p.name() => {
                        after_name = true;
                        if p.peek() == Some('(') {
                            p.expression("function")?;
                            p.reference = false;
                            if !p.at_end() && !embedded {
                                return fail(
                                    p.pos,
                                    "a function call such as `length()` must end the path",
                                );
                            }
                            break;
                        }
                    }
                    Some(c) => {
                        return fail(
                            p.pos,
                            format!("expected a member name after `.`, found {}", describe(c)),
                        );
                    }
                    None => return fail(p.pos, "a path cannot end with `.`"),
                }
            }
            '[' => {
                p.bracket()?;
                after_name = false;
            }
            _ if embedded => break,
            c if after_name && !c.is_control() => {
                return fail(
                    p.pos,
                    format!(
                        "{} cannot appear in a dot-notation name; quote the name in brackets, e.g. `['a{c}b']`",
                        describe(c)
                    ),
                );
            }
            c => {
                return fail(
                    p.pos,
                    format!(
                        "unexpected {}; expected `.`, `[` or the end of the path",
                        describe(c)
                    ),
                );
            }
        }
    }
    Ok(Parsed {
        root,
        reference: p.reference,
        end: p.pos,
    })
}

/// Text that only makes sense as a path (`$.x`, `$$.Execution.Id`,
/// `$['x']`): under a key without `.$` Step Functions sends it as that text,
/// which is rarely meant. The library's warnings and the linter share it.
pub(crate) fn reads_as_path(text: &str) -> bool {
    ["$.", "$$.", "$["].iter().any(|p| text.starts_with(p)) && JsonPath::new(text).is_ok()
}

#[cfg(test)]
mod reads_as_path_tests {
    use super::reads_as_path;

    #[test]
    fn path_looking_text() {
        assert!(reads_as_path("$.result.taskId"));
        assert!(reads_as_path("$$.Execution.Id"));
        assert!(reads_as_path("$['a']"));
        assert!(!reads_as_path("$"));
        assert!(!reads_as_path("$5.00"));
        assert!(!reads_as_path("costs $.50 per item"));
        assert!(!reads_as_path("plain"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_paths_and_their_kind() {
        // (path, reference path?)
        let cases: &[(&str, bool)] = &[
            ("$", true),
            ("$$", true),
            ("$.a", true),
            ("$.a.b.c", true),
            ("$.order-id", true),
            ("$.a_b9", true),
            ("$.0", true),
            ("$.naïve", true),
            ("$['a b']", true),
            ("$[\"a b\"]", true),
            ("$.abc.['def ghi']", true),
            ("$['it\\'s']", true),
            ("$['\\u00e9']", true),
            ("$['']", true),
            ("$[0]", true),
            ("$.a[12].b", true),
            ("$.a[-1]", true),
            ("$[ 0 ]", true),
            ("$$.Execution.Id", true),
            ("$$.Map.Item.Value.name", true),
            ("$$['Task']['Token']", true),
            ("$myVar", true),
            ("$my_var.field[0]", true),
            ("$_x", true),
            ("$.*", false),
            ("$[*]", false),
            ("$[*][*]", false),
            ("$..name", false),
            ("$..*", false),
            ("$..[0]", false),
            ("$.a..b", false),
            ("$[0,1]", false),
            ("$[0, 1, 2]", false),
            ("$['a','b']", false),
            ("$['a', \"b\"]", false),
            ("$[1:]", false),
            ("$[:2]", false),
            ("$[:]", false),
            ("$[-2:]", false),
            ("$[0:10:2]", false),
            ("$[::-1]", false),
            ("$.items[?(@.price < 10)]", false),
            ("$.items[?(@.name == 'a)b')]", false),
            ("$.items[?(@.tags[0] == \"x]\")]", false),
            ("$.items[?(@.a && (@.b || @.c))].id", false),
            ("$.items[?(@.name =~ /a(b/i)]", false),
            ("$.items[?( @.x )]", false),
            ("$.items[(@.length-1)]", false),
            ("$.items.length()", false),
            ("$.items.concat(\"x)\")", false),
        ];
        for &(text, reference) in cases {
            let path = JsonPath::new(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(path.as_str(), text);
            assert_eq!(path.is_reference_path(), reference, "{text}");
        }
    }

    #[test]
    fn invalid_paths_with_positions() {
        // (path, position, fragment of the reason)
        let cases: &[(&str, usize, &str)] = &[
            ("", 0, "starts with `$`"),
            ("a.b", 0, "starts with `$`"),
            (" $.a", 0, "starts with `$`"),
            ("$.", 2, "cannot end with `.`"),
            ("$.a.", 4, "cannot end with `.`"),
            ("$..", 3, "cannot end with `..`"),
            ("$...a", 3, "after `..`"),
            ("$.a..", 5, "cannot end with `..`"),
            ("$.a b", 3, "space cannot appear in a dot-notation name"),
            ("$.a ", 3, "space cannot appear"),
            ("$.a:b", 3, "`:` cannot appear"),
            ("$.a/b", 3, "`/` cannot appear"),
            ("$.a$b", 3, "`$` cannot appear"),
            ("$. a", 2, "expected a member name"),
            ("$.[", 2, "unclosed `[`"),
            ("$a b", 2, "space cannot appear"),
            ("$1", 1, "unexpected `1`"),
            ("$ ", 1, "unexpected space"),
            ("$$$", 2, "unexpected `$`"),
            ("$[", 1, "unclosed `[`"),
            ("$[]", 1, "empty brackets"),
            ("$[0", 1, "unclosed `[`"),
            ("$[0}", 3, "expected `]`"),
            ("$[a]", 2, "quoted name"),
            ("$['a]", 2, "unclosed quoted name"),
            ("$['a\\x']", 4, "unknown escape"),
            ("$['\\u12']", 3, "four hex digits"),
            ("$['a' 'b']", 6, "expected `]`"),
            ("$['a',]", 6, "expected a quoted name after `,`"),
            ("$['a',0]", 6, "cannot mix"),
            ("$[0,'a']", 4, "cannot mix"),
            ("$[-]", 2, "digits after `-`"),
            ("$[-x]", 2, "digits after `-`"),
            ("$[99999999999999999999]", 2, "out of range"),
            ("$[0:1:0]", 6, "step cannot be 0"),
            ("$[1:2:3:4]", 7, "expected `]`"),
            ("$[?]", 3, "expected `(`"),
            ("$[?(@.a]", 7, "`]` does not close `(` opened at byte 3"),
            ("$[?(@.a", 3, "unclosed `(`"),
            ("$[?(@.a[0)]", 9, "does not close `[`"),
            ("$[?()]", 3, "empty filter"),
            ("$[?(@.a == 'x)]", 11, "unclosed string"),
            ("$[?(@.a =~ /x)]", 11, "unclosed regular expression"),
            ("$[?(@.a)", 1, "unclosed `[`"),
            ("$[?(@.a)x]", 8, "expected `]`"),
            ("$[()]", 2, "empty script"),
            ("$.a()b", 5, "must end the path"),
            ("$.a().b", 5, "must end the path"),
            ("$.a(", 3, "unclosed `(`"),
            ("$]", 1, "unexpected `]`"),
            ("$.a]", 3, "`]` cannot appear"),
            ("$.a\n", 3, "'\\n'"),
        ];
        for &(text, position, reason) in cases {
            let err = JsonPath::new(text).expect_err(text);
            assert_eq!(err.path, text);
            assert_eq!((err.position, text), (position, text), "{err}");
            assert!(err.reason.contains(reason), "{text}: {}", err.reason);
        }
    }

    #[test]
    fn known_paths_match_the_parser() {
        let known = [
            JsonPath::whole_input(),
            JsonPath::whole_context(),
            JsonPath::task_token(),
            JsonPath::execution_id(),
            JsonPath::execution_name(),
            JsonPath::execution_start_time(),
            JsonPath::execution_input(),
            JsonPath::execution_role_arn(),
            JsonPath::state_name(),
            JsonPath::state_entered_time(),
            JsonPath::state_retry_count(),
            JsonPath::state_machine_id(),
            JsonPath::state_machine_name(),
            JsonPath::map_item_value(),
            JsonPath::map_item_index(),
        ];
        for path in known {
            assert_eq!(JsonPath::new(path.as_str()).as_ref(), Ok(&path));
        }
    }

    #[test]
    fn roots() {
        let input = JsonPath::new("$.a").unwrap();
        assert!(!input.is_context() && !input.is_variable());
        assert_eq!(input.variable_name(), None);
        assert!(JsonPath::execution_id().is_context());
        let var = JsonPath::new("$myVar.a[0]").unwrap();
        assert!(var.is_variable() && !var.is_context());
        assert_eq!(var.variable_name(), Some("myVar"));
        assert_eq!(JsonPath::new("$é").unwrap().variable_name(), Some("é"));
    }

    #[test]
    fn context_helper() {
        assert_eq!(
            JsonPath::context("Execution.Id").unwrap(),
            JsonPath::execution_id()
        );
        assert_eq!(
            JsonPath::context("['Task']").unwrap().as_str(),
            "$$['Task']"
        );
        let err = JsonPath::context("Execution Id").unwrap_err();
        assert_eq!((err.path.as_str(), err.position), ("$$.Execution Id", 12));
        assert_eq!(JsonPath::context("").unwrap_err().position, 3);
    }

    #[test]
    fn task_token_is_exact() {
        assert!(JsonPath::task_token().is_task_token());
        assert!(JsonPath::new("$$.Task.Token").unwrap().is_task_token());
        assert!(!JsonPath::new("$$.Task.TokenX").unwrap().is_task_token());
        assert!(
            !JsonPath::new("$$['Task']['Token']")
                .unwrap()
                .is_task_token()
        );
        assert!(!JsonPath::new("$.Task.Token").unwrap().is_task_token());
    }

    #[test]
    fn embedded_paths_stop_at_the_surrounding_syntax() {
        let text = "f($.a['x, y'][0], 1)";
        let (path, end) = JsonPath::parse_embedded(text, 2).unwrap();
        assert_eq!((path.as_str(), end), ("$.a['x, y'][0]", 16));
        let (path, end) = JsonPath::parse_embedded("$.a.length())", 0).unwrap();
        assert_eq!((path.as_str(), end), ("$.a.length()", 12));
        assert_eq!(
            JsonPath::parse_embedded("x $.a.", 2).unwrap_err().0,
            6,
            "positions are relative to the whole text"
        );
    }

    #[test]
    fn conversions() {
        let p: JsonPath = "$.a".parse().unwrap();
        assert_eq!(JsonPath::try_from("$.a"), Ok(p.clone()));
        assert_eq!(JsonPath::try_from("$.a".to_owned()), Ok(p.clone()));
        assert_eq!(p.as_ref(), "$.a");
        assert_eq!(p.to_string(), "$.a");
        assert_eq!(
            JsonPath::new("x").unwrap_err().to_string(),
            "invalid JSONPath `x` at byte 0: a path starts with `$` (state input), `$$` (context object) or `$name` (variable)"
        );
    }
}
