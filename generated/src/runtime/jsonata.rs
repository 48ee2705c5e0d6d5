//! JSONata expressions for states in the JSONata query language.
//!
//! JSONata is not evaluated here, but every expression is parsed with
//! JSONata's grammar as its reference implementation reads it (the same
//! tokens, binding powers and syntax errors), so a trailing operator, two
//! operands in a row or a misplaced `:=` is caught when the expression is
//! built. A quick lexical pass first gives precise messages for unbalanced
//! `()`, `[]` or `{}`, unclosed strings, names and comments, and a stray
//! `%}` (usually a doubled or half-removed delimiter).

use std::fmt;
use std::str::FromStr;

/// Why a string is not a usable JSONata expression.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSONata expression `{expression}` at byte {position}: {reason}")]
pub struct JsonataError {
    /// The rejected expression, as given.
    pub expression: String,
    /// Byte offset of the problem in `expression`.
    pub position: usize,
    /// What is wrong.
    pub reason: String,
}

/// A JSONata expression, rendered as `{% expression %}`.
///
/// ```
/// use sfn_tasks::Jsonata;
///
/// let expr = Jsonata::new("{% $states.input.items[price > 10] %}").unwrap();
/// assert_eq!(expr.expression(), "$states.input.items[price > 10]");
/// assert_eq!(expr.to_template(), "{% $states.input.items[price > 10] %}");
///
/// let err = Jsonata::new("$count($states.input.items").unwrap_err();
/// assert_eq!(err.position, 6);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Jsonata {
    expression: String,
    task_token: bool,
}

/// The context object's task token as JSONata spells it.
const TASK_TOKEN: &str = "$states.context.Task.Token";

impl Jsonata {
    /// Accepts a bare expression (`$states.input.id`) or one already wrapped
    /// in `{% %}`, and checks it lexically.
    ///
    /// # Errors
    ///
    /// A [`JsonataError`] with the byte position (in the text as given) when
    /// the expression is empty, has unbalanced brackets, an unclosed string,
    /// name, comment or regex, or a stray `%}`.
    pub fn new(expression: impl Into<String>) -> Result<Self, JsonataError> {
        let expression = expression.into();
        match check(&expression) {
            Ok((inner, task_token)) => Ok(Jsonata {
                expression: inner,
                task_token,
            }),
            Err((position, reason)) => Err(JsonataError {
                expression,
                position,
                reason,
            }),
        }
    }

    /// `$states.context.Task.Token`: the task token of a callback task.
    pub fn task_token() -> Self {
        Jsonata {
            expression: TASK_TOKEN.to_owned(),
            task_token: true,
        }
    }

    /// The expression without its `{% %}` delimiters.
    pub fn expression(&self) -> &str {
        &self.expression
    }

    /// The expression as Step Functions expects it in a JSON string value.
    pub fn to_template(&self) -> String {
        format!("{{% {} %}}", self.expression)
    }

    /// Whether the expression reads `$states.context.Task.Token` (outside
    /// string literals and comments).
    pub fn references_task_token(&self) -> bool {
        self.task_token
    }
}

impl fmt::Display for Jsonata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_template())
    }
}

impl FromStr for Jsonata {
    type Err = JsonataError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<&str> for Jsonata {
    type Error = JsonataError;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl TryFrom<String> for Jsonata {
    type Error = JsonataError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

type Fail = (usize, String);

/// Strips the optional delimiters and scans the body. Returns the trimmed
/// body and whether it reads the task token; errors are positions in `text`.
fn check(text: &str) -> Result<(String, bool), Fail> {
    let start = text.len() - text.trim_start().len();
    let trimmed = text.trim();
    let (body, offset) = if trimmed.starts_with("{%") {
        // `{%}` would otherwise count as both delimiters.
        if trimmed.len() < 4 || !trimmed.ends_with("%}") {
            return Err((start, "`{%` is not closed by `%}`".to_owned()));
        }
        (&trimmed[2..trimmed.len() - 2], start + 2)
    } else {
        (trimmed, start)
    };
    let lead = body.len() - body.trim_start().len();
    let body_start = offset + lead;
    let body = body.trim();
    if body.is_empty() {
        return Err((body_start, "the expression is empty".to_owned()));
    }
    let task_token = scan(body, body_start)?;
    grammar::parse(body, body_start)?;
    Ok((body.to_owned(), task_token))
}

/// Bytes after which a `/` starts a regular expression rather than a division
/// (JSONata decides by whether an operand can end there).
fn regex_may_follow(previous: Option<u8>) -> bool {
    match previous {
        None => true,
        Some(b) => b"([{,:;?=!~>".contains(&b),
    }
}

fn is_identifier_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// Checks brackets, strings, names, comments and regexes; returns whether
/// the task token is read. `base` is where `body` starts in the full text,
/// so that every position reported is in the full text. Scans bytes: every delimiter is ASCII, and UTF-8
/// continuation bytes never look like one.
fn scan(body: &str, base: usize) -> Result<bool, Fail> {
    let bytes = body.as_bytes();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut previous: Option<u8> = None;
    let mut task_token = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' | b'\'' => {
                i = closing(bytes, i, b, true).ok_or((base + i, "unclosed string".to_owned()))?;
            }
            b'`' => {
                i = closing(bytes, i, b'`', false)
                    .ok_or((base + i, "unclosed `` ` `` name".to_owned()))?;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = body[i + 2..]
                    .find("*/")
                    .ok_or((base + i, "unclosed comment".to_owned()))?;
                i += 2 + end + 1;
                // A comment separates tokens without being one.
                i += 1;
                continue;
            }
            b'/' if regex_may_follow(previous) => {
                i = regex_end(bytes, i)
                    .ok_or((base + i, "unclosed regular expression".to_owned()))?;
            }
            b'(' | b'[' | b'{' => stack.push((b, i)),
            b')' | b']' | b'}' => {
                let want = match b {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.pop() {
                    Some((open, _)) if open == want => {}
                    Some((open, at)) => {
                        return Err((
                            base + i,
                            format!(
                                "`{}` does not close `{}` opened at byte {}",
                                b as char,
                                open as char,
                                base + at
                            ),
                        ));
                    }
                    None => return Err((base + i, format!("unmatched `{}`", b as char))),
                }
            }
            b'%' if bytes.get(i + 1) == Some(&b'}') => {
                return Err((base + i, "stray `%}` inside the expression".to_owned()));
            }
            b'$' if body[i..].starts_with(TASK_TOKEN)
                && !bytes
                    .get(i + TASK_TOKEN.len())
                    .is_some_and(|&n| is_identifier_byte(n))
                && (i == 0 || !(is_identifier_byte(bytes[i - 1]) || bytes[i - 1] == b'.')) =>
            {
                task_token = true;
            }
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            // A closing quote or regex slash ends an operand, like a name.
            previous = Some(match b {
                b'"' | b'\'' | b'`' | b'/' => b'a',
                other => other,
            });
        }
        i += 1;
    }
    match stack.last() {
        Some(&(open, at)) => Err((base + at, format!("unclosed `{}`", open as char))),
        None => Ok(task_token),
    }
}

/// The index of the quote closing the string or name opened at `open`.
fn closing(bytes: &[u8], open: usize, quote: u8, escapes: bool) -> Option<usize> {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if escapes => i += 2,
            b if b == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// The index of the `/` closing the regex opened at `open`; a `/` inside a
/// `[...]` class does not close it.
fn regex_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    let mut class = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// JSONata's grammar: a top-down operator-precedence parser that only
/// checks, mirroring the reference implementation's tokenizer and parser.
mod grammar {
    use super::Fail;

    /// Deeper nesting is refused instead of recursing without bound.
    const MAX_NESTING: usize = 500;

    /// How strongly each infix operator binds its left operand.
    fn binding_power(op: &str) -> u32 {
        match op {
            "[" | "(" | "@" | "#" => 80,
            "." => 75,
            "{" => 70,
            "*" | "/" | "%" => 60,
            "+" | "-" | "&" => 50,
            "=" | "<" | ">" | "^" | "!=" | "<=" | ">=" | "~>" | "in" | "?:" | "??" => 40,
            "and" => 30,
            "or" => 25,
            "?" => 20,
            ":=" => 10,
            _ => 0,
        }
    }

    /// Characters that end a name (JSONata's operator characters).
    const OPERATOR_CHARS: &str = ".[]{}(),@#;:?+-*/%|=<>^&!~";
    const SPACE: &str = " \t\n\r\u{b}";

    /// The operators the parser knows (`!` and `~` alone only end names).
    const OPERATORS: &[&str] = &[
        ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%",
        "|", "=", "<", ">", "^", "**", "..", ":=", "!=", "<=", ">=", "~>", "?:", "??", "&", "and",
        "or", "in",
    ];

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Kind {
        Name,
        Variable,
        Literal,
        Regex,
        Operator,
        End,
    }

    #[derive(Debug, Clone, Copy)]
    struct Token<'a> {
        kind: Kind,
        text: &'a str,
        position: usize,
    }

    impl Token<'_> {
        fn is(&self, op: &str) -> bool {
            self.kind == Kind::Operator && self.text == op
        }

        fn lbp(&self) -> u32 {
            if self.kind == Kind::Operator {
                binding_power(self.text)
            } else {
                0
            }
        }
    }

    /// What a parsed operand is, as far as the rules need to know.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Node {
        Variable,
        /// The name `function` or `λ`: a call of it defines a function.
        FunctionKeyword,
        Other,
    }

    struct Lexer<'a> {
        text: &'a str,
        pos: usize,
        base: usize,
    }

    impl<'a> Lexer<'a> {
        fn fail<T>(&self, at: usize, reason: impl Into<String>) -> Result<T, Fail> {
            Err((self.base + at, reason.into()))
        }

        fn rest(&self) -> &'a str {
            &self.text[self.pos..]
        }

        /// The next token; `infix` after an operand start, where `/` divides
        /// instead of opening a regular expression.
        fn next(&mut self, infix: bool) -> Result<Token<'a>, Fail> {
            loop {
                let trimmed = self.rest().trim_start_matches(|c| SPACE.contains(c));
                self.pos = self.text.len() - trimmed.len();
                if !trimmed.starts_with("/*") {
                    break;
                }
                let Some(end) = trimmed[2..].find("*/") else {
                    return self.fail(self.pos, "comment has no closing `*/`");
                };
                self.pos += end + 4;
            }
            let start = self.pos;
            let rest = self.rest();
            let token = |kind, len: usize| Token {
                kind,
                text: &self.text[start..start + len],
                position: self.base + start,
            };
            let Some(c) = rest.chars().next() else {
                return Ok(Token {
                    kind: Kind::End,
                    text: "",
                    position: self.base + start,
                });
            };
            if c == '/' && !infix {
                let len = self.regex(start)?;
                self.pos = start + len;
                return Ok(token(Kind::Regex, len));
            }
            for double in ["..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"] {
                if rest.starts_with(double) {
                    self.pos += 2;
                    return Ok(token(Kind::Operator, 2));
                }
            }
            if OPERATOR_CHARS.contains(c) {
                self.pos += 1;
                return Ok(token(Kind::Operator, 1));
            }
            let len = match c {
                '"' | '\'' => self.string(start, c)?,
                '`' => match rest[1..].find('`') {
                    Some(end) => end + 2,
                    None => {
                        return self.fail(start, "a quoted name must be closed by a backquote (`)");
                    }
                },
                '0'..='9' => self.number(start)?,
                _ => {
                    let len = rest
                        .find(|c| SPACE.contains(c) || OPERATOR_CHARS.contains(c))
                        .unwrap_or(rest.len());
                    self.pos = start + len;
                    let word = &rest[..len];
                    let kind = match word {
                        _ if c == '$' => Kind::Variable,
                        "and" | "or" | "in" => Kind::Operator,
                        "true" | "false" | "null" => Kind::Literal,
                        _ => Kind::Name,
                    };
                    return Ok(token(kind, len));
                }
            };
            self.pos = start + len;
            let kind = if c == '`' { Kind::Name } else { Kind::Literal };
            Ok(token(kind, len))
        }

        /// The length of the string literal at `start`, escapes checked.
        fn string(&self, start: usize, quote: char) -> Result<usize, Fail> {
            let body = &self.text[start + 1..];
            let mut chars = body.char_indices();
            while let Some((i, c)) = chars.next() {
                if c == quote {
                    return Ok(i + 2);
                }
                if c != '\\' {
                    continue;
                }
                match chars.next() {
                    Some((_, '"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't')) => {}
                    Some((j, 'u')) => {
                        let hex = body.get(j + 1..j + 5).unwrap_or("");
                        if hex.len() < 4 || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                            return self.fail(
                                start + j,
                                "the escape \\u must be followed by 4 hex digits",
                            );
                        }
                        chars.nth(3);
                    }
                    Some((j, other)) => {
                        return self.fail(
                            start + j,
                            format!("unsupported escape sequence `\\{other}` (JSONata strings take JSON's escapes)"),
                        );
                    }
                    None => break,
                }
            }
            self.fail(start, "unclosed string")
        }

        /// The length of the number at `start`: `0` or digits without a
        /// leading zero, an optional fraction and exponent, and finite.
        fn number(&self, start: usize) -> Result<usize, Fail> {
            let b = self.text.as_bytes();
            let digits = |mut i: usize| {
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                i
            };
            let mut end = if b[start] == b'0' {
                start + 1
            } else {
                digits(start)
            };
            if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
                end = digits(end + 1);
            }
            if matches!(b.get(end), Some(b'e' | b'E')) {
                let sign = usize::from(matches!(b.get(end + 1), Some(b'+' | b'-')));
                if b.get(end + 1 + sign).is_some_and(u8::is_ascii_digit) {
                    end = digits(end + 1 + sign);
                }
            }
            let text = &self.text[start..end];
            if text.parse::<f64>().is_ok_and(f64::is_finite) {
                Ok(end - start)
            } else {
                self.fail(start, format!("number out of range: {text}"))
            }
        }

        /// The length of the regular expression opening at `start`, with its
        /// `i`/`m` flags. As JSONata reads it, a `/` closes it only outside
        /// (unescaped) brackets and when not escaped itself.
        fn regex(&self, start: usize) -> Result<usize, Fail> {
            let b = self.text.as_bytes();
            let mut depth: i64 = 0;
            let mut i = start + 1;
            while i < b.len() {
                let escaped = b[i - 1] == b'\\';
                match b[i] {
                    b'/' if depth == 0 => {
                        let backslashes = b[start + 1..i]
                            .iter()
                            .rev()
                            .take_while(|&&c| c == b'\\')
                            .count();
                        if backslashes % 2 == 0 {
                            if i == start + 1 {
                                return self.fail(i, "empty regular expressions are not allowed");
                            }
                            let flags = b[i + 1..]
                                .iter()
                                .take_while(|&&c| c == b'i' || c == b'm')
                                .count();
                            return Ok(i + 1 + flags - start);
                        }
                    }
                    b'(' | b'[' | b'{' if !escaped => depth += 1,
                    b')' | b']' | b'}' if !escaped => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            self.fail(start, "no terminating / in the regular expression")
        }
    }

    struct Parser<'a> {
        lexer: Lexer<'a>,
        token: Token<'a>,
        nesting: usize,
    }

    /// Parses `body`, which starts at byte `base` of the text as given.
    pub(super) fn parse(body: &str, base: usize) -> Result<(), Fail> {
        let mut lexer = Lexer {
            text: body,
            pos: 0,
            base,
        };
        let token = lexer.next(false)?;
        let mut p = Parser {
            lexer,
            token,
            nesting: 0,
        };
        p.expression(0)?;
        if p.token.kind != Kind::End {
            return p.syntax_error();
        }
        Ok(())
    }

    impl<'a> Parser<'a> {
        fn syntax_error<T>(&self) -> Result<T, Fail> {
            Err((
                self.token.position,
                format!(
                    "syntax error: `{}` cannot follow what is before it",
                    self.token.text
                ),
            ))
        }

        /// Moves past the current token, which must be `expected` if given.
        fn advance(&mut self, expected: Option<&str>, infix: bool) -> Result<Token<'a>, Fail> {
            if let Some(want) = expected
                && !self.token.is(want)
            {
                let reason = if self.token.kind == Kind::End {
                    format!("expected `{want}` before the end of the expression")
                } else {
                    format!("expected `{want}`, found `{}`", self.token.text)
                };
                return Err((self.token.position, reason));
            }
            let next = self.lexer.next(infix)?;
            if next.kind == Kind::Operator && !OPERATORS.contains(&next.text) {
                return Err((next.position, format!("unknown operator `{}`", next.text)));
            }
            self.token = next;
            Ok(next)
        }

        fn expression(&mut self, rbp: u32) -> Result<Node, Fail> {
            self.nesting += 1;
            if self.nesting > MAX_NESTING {
                return Err((
                    self.token.position,
                    format!("the expression nests deeper than {MAX_NESTING} levels"),
                ));
            }
            let t = self.token;
            self.advance(None, true)?;
            let mut left = self.nud(t)?;
            while rbp < self.token.lbp() {
                let t = self.token;
                self.advance(None, false)?;
                left = self.led(t, left)?;
            }
            self.nesting -= 1;
            Ok(left)
        }

        /// A token in operand position.
        fn nud(&mut self, t: Token<'a>) -> Result<Node, Fail> {
            match t.kind {
                Kind::Variable => return Ok(Node::Variable),
                Kind::Name if t.text == "function" || t.text == "\u{3bb}" => {
                    return Ok(Node::FunctionKeyword);
                }
                Kind::Name | Kind::Literal | Kind::Regex => return Ok(Node::Other),
                Kind::End => {
                    return Err((
                        t.position,
                        "unexpected end of the expression (an operand is missing)".to_owned(),
                    ));
                }
                Kind::Operator => {}
            }
            match t.text {
                // Keywords are field names where an operand goes.
                "and" | "or" | "in" | "*" | "**" | "%" => {}
                "-" => {
                    self.expression(70)?;
                }
                "(" => {
                    while !self.token.is(")") {
                        self.expression(0)?;
                        if !self.token.is(";") {
                            break;
                        }
                        self.advance(Some(";"), false)?;
                    }
                    self.advance(Some(")"), true)?;
                }
                "[" => {
                    if !self.token.is("]") {
                        loop {
                            self.expression(0)?;
                            if self.token.is("..") {
                                self.advance(Some(".."), false)?;
                                self.expression(0)?;
                            }
                            if !self.token.is(",") {
                                break;
                            }
                            self.advance(Some(","), false)?;
                        }
                    }
                    self.advance(Some("]"), true)?;
                }
                "{" => self.object()?,
                "|" => {
                    self.expression(0)?;
                    self.advance(Some("|"), false)?;
                    self.expression(0)?;
                    if self.token.is(",") {
                        self.advance(Some(","), false)?;
                        self.expression(0)?;
                    }
                    self.advance(Some("|"), false)?;
                }
                other => {
                    return Err((t.position, format!("`{other}` cannot start an operand")));
                }
            }
            Ok(Node::Other)
        }

        /// `{ key: value, … }`, after its `{`.
        fn object(&mut self) -> Result<(), Fail> {
            if !self.token.is("}") {
                loop {
                    self.expression(0)?;
                    self.advance(Some(":"), false)?;
                    self.expression(0)?;
                    if !self.token.is(",") {
                        break;
                    }
                    self.advance(Some(","), false)?;
                }
            }
            self.advance(Some("}"), true)?;
            Ok(())
        }

        /// An infix operator `t` after the operand `left`.
        fn led(&mut self, t: Token<'a>, left: Node) -> Result<Node, Fail> {
            let variable_after = |node: Node, p: &Self| {
                if node == Node::Variable {
                    Ok(Node::Other)
                } else {
                    Err((
                        p.token.position,
                        format!(
                            "the right side of `{}` must be a variable name (start with $)",
                            t.text
                        ),
                    ))
                }
            };
            match t.text {
                "(" => self.call(left),
                "[" => {
                    if self.token.is("]") {
                        self.advance(Some("]"), false)?;
                    } else {
                        self.expression(0)?;
                        self.advance(Some("]"), true)?;
                    }
                    Ok(Node::Other)
                }
                "{" => self.object().map(|()| Node::Other),
                "^" => {
                    self.advance(Some("("), false)?;
                    loop {
                        if self.token.is("<") || self.token.is(">") {
                            self.advance(None, false)?;
                        }
                        self.expression(0)?;
                        if !self.token.is(",") {
                            break;
                        }
                        self.advance(Some(","), false)?;
                    }
                    self.advance(Some(")"), false)?;
                    Ok(Node::Other)
                }
                ":=" => {
                    if left != Node::Variable {
                        return Err((
                            t.position,
                            "the left side of `:=` must be a variable name (start with $)"
                                .to_owned(),
                        ));
                    }
                    self.expression(binding_power(":=") - 1)?;
                    Ok(Node::Other)
                }
                "@" | "#" => {
                    let right = self.expression(80)?;
                    variable_after(right, self)
                }
                "?" => {
                    self.expression(0)?;
                    if self.token.is(":") {
                        self.advance(Some(":"), false)?;
                        self.expression(0)?;
                    }
                    Ok(Node::Other)
                }
                op if binding_power(op) > 0 => {
                    self.expression(binding_power(op))?;
                    Ok(Node::Other)
                }
                _ => self.syntax_error(),
            }
        }

        /// A call `left(…)`, after its `(`; `function($a){…}` defines one.
        fn call(&mut self, left: Node) -> Result<Node, Fail> {
            let mut parameters_ok = Ok(());
            if !self.token.is(")") {
                let mut index = 0;
                loop {
                    index += 1;
                    let at = self.token.position;
                    let argument = if self.token.is("?") {
                        self.advance(Some("?"), false)?;
                        Node::Other
                    } else {
                        self.expression(0)?
                    };
                    if argument != Node::Variable && parameters_ok.is_ok() {
                        parameters_ok = Err((
                            at,
                            format!(
                                "parameter {index} of a function definition must be a variable name (start with $)"
                            ),
                        ));
                    }
                    if !self.token.is(",") {
                        break;
                    }
                    self.advance(Some(","), false)?;
                }
            }
            self.advance(Some(")"), true)?;
            if left != Node::FunctionKeyword {
                return Ok(Node::Other);
            }
            parameters_ok?;
            if self.token.is("<") {
                // The signature: tokens up to the matching `>`.
                let mut depth = 1;
                while depth > 0 && !self.token.is("{") && self.token.kind != Kind::End {
                    let t = self.advance(None, false)?;
                    if t.is(">") {
                        depth -= 1;
                    } else if t.is("<") {
                        depth += 1;
                    }
                }
                self.advance(Some(">"), false)?;
            }
            self.advance(Some("{"), false)?;
            self.expression(0)?;
            self.advance(Some("}"), false)?;
            Ok(Node::Other)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::parse;

        #[test]
        fn the_grammar_accepts_what_jsonata_accepts() {
            for text in [
                "$states.input.items[price > 10].name",
                "$count($states.input.items) + 1",
                "($a := 1; $b := 2; $a + $b)",
                "function($x, $y){ $x + $y }(1, 2)",
                "λ($x)<n:n>{ $x * 2 }",
                "$map([1, 2, 3], function($v, $i){ $v * $i })",
                "items^(>price, <name)",
                "items#$i[$i < 3]",
                "items@$item.{ 'id': $item.id }",
                "[1..5]",
                "$states.input ~> $sum()",
                "$x ? 'yes' : 'no'",
                "$x ? 'yes'",
                "$a ?: 'default'",
                "$a ?? 'default'",
                "| order | { 'status': 'done' }, ['tmp'] |",
                "Account.Order.Product{ `Product Name`: Price }",
                "$replace($s, /a+b/i, 'x')",
                "$x.in and $y.or",
                "-$x",
                "**.price",
                "%.name",
                "*",
                "$substringBefore(?, '-')",
                "{ 'a': 1, 'b': [true, false, null] }",
                "items[]",
                "$x != 1.5e3 and $y <= 0",
                "\"\\u00e9\\n\" & 'x'",
                "$states.input /* a note */ .field",
                "$$.x",
            ] {
                parse(text, 0).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            }
        }

        #[test]
        fn the_grammar_rejects_what_jsonata_rejects() {
            // (expression, error position, reason fragment)
            let cases: &[(&str, usize, &str)] = &[
                ("$x +", 4, "unexpected end"),
                ("$states.input.", 14, "unexpected end"),
                ("$a and", 6, "unexpected end"),
                ("$x $y", 3, "syntax error"),
                // A sequence needs its parentheses.
                ("$x := 5; $x", 7, "syntax error"),
                ("1 2", 2, "syntax error"),
                ("$x.y := 1", 5, "left side of `:=`"),
                ("items@name", 10, "right side of `@`"),
                ("function(x){ x }", 9, "parameter 1"),
                ("function($x) $x", 13, "expected `{`"),
                ("{ 'a' 1 }", 6, "expected `:`"),
                ("[1, 2", 5, "expected `]` before the end"),
                ("$x ! 1", 3, "unknown operator `!`"),
                ("'it\\'s'", 3, "unsupported escape"),
                ("'\\u12'", 1, "4 hex digits"),
                ("1e999", 0, "out of range"),
                ("$match($s, //)", 12, "empty regular"),
                ("$match($s, /a)", 11, "no terminating"),
                ("$x /* open", 3, "no closing"),
                (") + 1", 0, "cannot start"),
                ("`name", 0, "backquote"),
            ];
            for &(text, position, reason) in cases {
                let (at, why) = parse(text, 0).expect_err(text);
                assert_eq!((at, text), (position, text), "{why}");
                assert!(why.contains(reason), "{text}: {why}");
            }
            let deep = format!("{}1{}", "(".repeat(600), ")".repeat(600));
            assert!(parse(&deep, 0).unwrap_err().1.contains("deeper"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_expressions() {
        // (input, stored expression)
        let cases = [
            ("$states.input.id", "$states.input.id"),
            ("{% $states.input.id %}", "$states.input.id"),
            ("{%$x%}", "$x"),
            ("  {%  $x  %}  ", "$x"),
            ("$count($states.input.items)", "$count($states.input.items)"),
            ("{ 'a': [1, 2, (3)] }", "{ 'a': [1, 2, (3)] }"),
            ("\"a)b\" & 'c]d' & `e}f`", "\"a)b\" & 'c]d' & `e}f`"),
            (
                "'it\\\"s' & \"say \\\"(\\\"\"",
                "'it\\\"s' & \"say \\\"(\\\"\"",
            ),
            ("$x /* ( [ %} */ + 1", "$x /* ( [ %} */ + 1"),
            ("$match($s, /[\\(]x/i)", "$match($s, /[\\(]x/i)"),
            ("$x / 2 / ($y)", "$x / 2 / ($y)"),
            ("'%}'", "'%}'"),
            ("$states.input.{ 'n': name }", "$states.input.{ 'n': name }"),
            ("é & 'ü'", "é & 'ü'"),
        ];
        for (input, stored) in cases {
            let expr = Jsonata::new(input).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(expr.expression(), stored);
            assert_eq!(expr.to_template(), format!("{{% {stored} %}}"));
            assert_eq!(Jsonata::new(expr.to_template()), Ok(expr));
        }
    }

    #[test]
    fn invalid_expressions_with_positions() {
        let cases: &[(&str, usize, &str)] = &[
            ("", 0, "empty"),
            ("   ", 3, "empty"),
            ("{%%}", 2, "empty"),
            ("{%  %}", 4, "empty"),
            ("{%}", 0, "not closed"),
            ("{% $x", 0, "not closed"),
            (" {% $x }", 1, "not closed"),
            ("$x %}", 3, "stray `%}`"),
            ("{% $x %} %}", 6, "stray `%}`"),
            ("($x", 0, "unclosed `(`"),
            (
                "{% f([1, 2) %}",
                10,
                "`)` does not close `[` opened at byte 5",
            ),
            ("$x)", 2, "unmatched `)`"),
            ("{ 'a': 1", 0, "unclosed `{`"),
            ("'abc", 0, "unclosed string"),
            ("\"a\\\"", 0, "unclosed string"),
            ("`name", 0, "unclosed"),
            ("$x /* note", 3, "unclosed comment"),
            ("$match($s, /abc)", 11, "unclosed regular expression"),
            ("  ]", 2, "unmatched `]`"),
        ];
        for &(text, position, reason) in cases {
            let err = Jsonata::new(text).expect_err(text);
            assert_eq!(err.expression, text);
            assert_eq!((err.position, text), (position, text), "{err}");
            assert!(err.reason.contains(reason), "{text}: {}", err.reason);
        }
    }

    #[test]
    fn task_token_detection() {
        assert!(Jsonata::task_token().references_task_token());
        assert_eq!(
            Jsonata::new(TASK_TOKEN).unwrap(),
            Jsonata::task_token(),
            "the helper matches the parser"
        );
        for (text, expected) in [
            ("$states.context.Task.Token", true),
            ("{ 'token': $states.context.Task.Token }", true),
            ("$f($states.context.Task.Token)", true),
            ("$x and $states.context.Task.Token", true),
            ("$states.context.Task.TokenX", false),
            ("$states.context.Task", false),
            ("'$states.context.Task.Token'", false),
            ("/* $states.context.Task.Token */ 1", false),
            ("$x.$states.context.Task.Token", false),
            ("a$states.context.Task.Token", false),
        ] {
            assert_eq!(
                Jsonata::new(text).unwrap().references_task_token(),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn conversions_and_display() {
        let e: Jsonata = "$x".parse().unwrap();
        assert_eq!(e.to_string(), "{% $x %}");
        assert_eq!(Jsonata::try_from("$x"), Ok(e.clone()));
        assert_eq!(Jsonata::try_from("{% $x %}".to_owned()), Ok(e));
        assert_eq!(
            Jsonata::new("($x").unwrap_err().to_string(),
            "invalid JSONata expression `($x` at byte 0: unclosed `(`"
        );
    }
}
