//! JSONata expressions for states in the JSONata query language.
//!
//! JSONata itself is not implemented here. Construction runs a cheap lexical
//! check that catches the mistakes a typed builder can still make: an empty
//! expression, unbalanced `()`, `[]` or `{}`, an unclosed string, name or
//! comment, and a stray `%}` (usually a doubled or half-removed delimiter).

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
                "'it\\'s' & \"say \\\"(\\\"\"",
                "'it\\'s' & \"say \\\"(\\\"\"",
            ),
            ("$x /* ( [ %} */ + 1", "$x /* ( [ %} */ + 1"),
            ("$match($s, /[(]x/i)", "$match($s, /[(]x/i)"),
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
