//! Checks a Task's `Parameters` (or `Arguments`) against the operation's
//! input shape: every key a member (with a did-you-mean), required members
//! present, literal values of the member's type and enum values known.
//!
//! Dynamic values (`Key.$`, `{% %}`) are only known at run time; their
//! syntax is checked by the structural pass, not here, except that a value
//! that is always a string (`$$.Execution.Id`, `States.Format(…)`) cannot
//! fill a member that takes an object or an array.

use std::fmt::Write as _;

use super::Report;
use super::json::{Node, Value, escape_segment};
use super::schema::{Member, ServiceSchema, Shape};
use super::suggest::{did_you_mean, hint, suggestion};
use crate::runtime::QueryLanguage as Language;
use crate::runtime::is_jsonata_template as is_jsonata;

/// The call whose arguments are checked.
pub(crate) struct Call<'a> {
    pub(crate) schema: &'a ServiceSchema,
    pub(crate) language: Language,
    /// An AWS SDK integration (`aws-sdk:…`): Step Functions serialises a
    /// JSON object or array given to a string member into its JSON text.
    pub(crate) sdk: bool,
}

/// Checks `node` against the structure at `input`.
pub(crate) fn check(
    report: &mut dyn Report,
    call: &Call<'_>,
    input: u32,
    node: &Node,
    pointer: &str,
) {
    let mut at = pointer.to_owned();
    let mut walk = Walk {
        report,
        schema: call.schema,
        language: call.language,
        sdk: call.sdk,
    };
    walk.value(input, node, &mut at, 0);
}

struct Walk<'a> {
    report: &'a mut dyn Report,
    schema: &'a ServiceSchema,
    language: Language,
    sdk: bool,
}

/// Recursive shapes (and hostile inputs) stop here; the JSON parser's own
/// depth limit is lower, so this never cuts a real definition short.
const MAX_DEPTH: usize = 300;

impl Walk<'_> {
    fn value(&mut self, shape: u32, node: &Node, at: &mut String, depth: usize) {
        if depth > MAX_DEPTH || node.is_deferred() {
            return;
        }
        if let Value::String(s) = &node.value
            && self.language == Language::Jsonata
            && is_jsonata(s)
        {
            return;
        }
        let shape = self.schema.shape(shape);
        let ok = match (&shape, &node.value) {
            (Shape::Any | Shape::Document | Shape::Blob, _) => true,
            (Shape::String, Value::String(_)) => true,
            (Shape::String, Value::Object(_) | Value::Array(_)) => self.sdk,
            (Shape::Enum(values), Value::String(s)) => {
                if !values.contains(&s.as_str()) && !is_placeholder(s) {
                    let hint = did_you_mean(s, values.iter().copied());
                    let list = if values.len() <= 12 {
                        format!("; expected one of {}", values.join(", "))
                    } else {
                        String::new()
                    };
                    self.report.error(
                        node.start,
                        at,
                        "invalid-enum",
                        format!("{s:?} is not a known value{hint}{list}"),
                    );
                }
                true
            }
            (Shape::Integer | Shape::Long, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (Shape::Float | Shape::Double, Value::Number(_)) => true,
            (Shape::Boolean, Value::Bool(_)) => true,
            (Shape::Timestamp, Value::String(_) | Value::Number(_)) => true,
            (Shape::Structure(members), Value::Object(_)) => {
                self.structure(members, node, at, depth, false);
                true
            }
            (Shape::Union(members), Value::Object(_)) => {
                self.structure(members, node, at, depth, true);
                true
            }
            (Shape::List(elem), Value::Array(items)) => {
                let len = at.len();
                for (i, item) in items.iter().enumerate() {
                    at.push('/');
                    let _ = write!(at, "{i}");
                    self.value(*elem, item, at, depth + 1);
                    at.truncate(len);
                }
                true
            }
            (Shape::Map(value), Value::Object(entries)) => {
                let len = at.len();
                for entry in entries {
                    at.push('/');
                    at.push_str(&escape_segment(&entry.key));
                    if entry.key.ends_with(".$") {
                        self.dynamic(*value, &entry.value, at);
                    } else {
                        self.value(*value, &entry.value, at, depth + 1);
                    }
                    at.truncate(len);
                }
                true
            }
            (Shape::String, _) => false,
            _ => false,
        };
        if !ok {
            let message = format!("expected {}, found {}", describe(&shape), node.type_name());
            self.report.error(node.start, at, "wrong-type", message);
        }
    }

    fn structure(
        &mut self,
        members: &[Member],
        node: &Node,
        at: &mut String,
        depth: usize,
        union: bool,
    ) {
        let Some(entries) = node.as_object() else {
            return;
        };
        let len = at.len();
        let mut set = 0;
        // A misspelt required member is reported once, as the misspelling.
        let mut meant: Vec<&str> = Vec::new();
        for entry in entries {
            let (name, dynamic) = match entry.key.strip_suffix(".$") {
                Some(n) => (n, true),
                None => (entry.key.as_str(), false),
            };
            at.push('/');
            at.push_str(&escape_segment(&entry.key));
            // The exact name first: the Java v2 spelling is the rare case.
            let member = members
                .iter()
                .find(|m| m.name == name)
                .or_else(|| members.iter().find(|m| names(m.name, name)));
            match member {
                Some(member) => {
                    set += 1;
                    if dynamic {
                        self.dynamic(member.shape, &entry.value, at);
                    } else {
                        self.value(member.shape, &entry.value, at, depth + 1);
                    }
                }
                None => {
                    let suggested = suggestion(name, members.iter().map(|m| m.name));
                    meant.extend(suggested);
                    let hint = hint(suggested);
                    self.report.error(
                        entry.key_start,
                        at,
                        "unknown-parameter",
                        format!("{name} is not a parameter here{hint}"),
                    );
                }
            }
            at.truncate(len);
        }
        if union {
            if set != 1 {
                let names: Vec<&str> = members.iter().map(|m| m.name).collect();
                self.report.error(
                    node.start,
                    at,
                    "union",
                    format!("set exactly one of {} (found {set})", names.join(", ")),
                );
            }
            return;
        }
        for member in members.iter().filter(|m| m.required) {
            let present = entries
                .iter()
                .any(|e| names(member.name, e.key.strip_suffix(".$").unwrap_or(&e.key)));
            if !present && !meant.contains(&member.name) {
                self.report.error(
                    node.start,
                    at,
                    "missing-parameter",
                    format!("required parameter {} is missing", member.name),
                );
            }
        }
    }
}

impl Walk<'_> {
    /// A `key.$` value: only its kind can be known, and only when it is
    /// always a string.
    fn dynamic(&mut self, shape: u32, node: &Node, at: &str) {
        let Some(text) = node.as_str().filter(|_| !node.is_deferred()) else {
            return;
        };
        let Some(source) = always_string(text) else {
            return;
        };
        let shape = self.schema.shape(shape);
        let wanted = match shape {
            Shape::Structure(_) | Shape::Union(_) | Shape::Map(_) => "an object",
            Shape::List(_) => "an array",
            _ => return,
        };
        let hint = match shape {
            Shape::Structure(m) | Shape::Union(m)
                if m.iter()
                    .any(|m| m.name == "S" && self.schema.shape(m.shape) == Shape::String) =>
            {
                format!(" (did you mean {{\"S.$\": {text:?}}}?)")
            }
            _ => String::new(),
        };
        self.report.error(
            node.start,
            at,
            "wrong-type",
            format!("{source} is always a string, but this parameter takes {wanted}{hint}"),
        );
    }
}

/// What makes `text` (the value of a `.$` key) always a string, if it is:
/// a context-object field that holds a string, or an intrinsic function
/// that returns one.
fn always_string(text: &str) -> Option<String> {
    /// Context-object fields documented as strings.
    const CONTEXT: &[&str] = &[
        "$$.Execution.Id",
        "$$.Execution.Name",
        "$$.Execution.RoleArn",
        "$$.Execution.StartTime",
        "$$.Execution.RedriveTime",
        "$$.State.Name",
        "$$.State.EnteredTime",
        "$$.StateMachine.Id",
        "$$.StateMachine.Name",
        "$$.Task.Token",
    ];
    /// Intrinsic functions whose result is a string.
    const STRING_FUNCTIONS: &[&str] = &[
        "Format",
        "JsonToString",
        "Base64Encode",
        "Base64Decode",
        "Hash",
        "UUID",
    ];
    let text = text.trim();
    if CONTEXT.contains(&text) {
        return Some(format!("{text:?}"));
    }
    let name = text.strip_prefix("States.")?.split('(').next()?.trim();
    STRING_FUNCTIONS
        .contains(&name)
        .then(|| format!("States.{name}(…)"))
}

/// A whole `${…}` placeholder, substituted at deploy time.
fn is_placeholder(s: &str) -> bool {
    s.starts_with("${") && s.ends_with('}')
}

fn describe(shape: &Shape) -> &'static str {
    match shape {
        Shape::String => "a string",
        Shape::Enum(_) => "a string (enum)",
        Shape::Integer | Shape::Long => "an integer",
        Shape::Float | Shape::Double => "a number",
        Shape::Boolean => "a boolean",
        Shape::Timestamp => "a timestamp (string or number)",
        Shape::Blob => "a blob",
        Shape::Document | Shape::Any => "any JSON",
        Shape::Structure(_) | Shape::Union(_) | Shape::Map(_) => "an object",
        Shape::List(_) => "an array",
    }
}

/// Whether `key` names the member `name`: as the model spells it, or as
/// the AWS SDK for Java v2 does (a leading acronym lower-cased:
/// `DBInstanceIdentifier` is `DbInstanceIdentifier`, `SNSTopicArn` is
/// `SnsTopicArn`), which Step Functions' SDK integrations follow and public
/// samples use.
fn names(name: &str, key: &str) -> bool {
    // The Java v2 form changes only the case of letters, so a key that
    // differs otherwise is rejected without building it.
    key == name || (key.eq_ignore_ascii_case(name) && key == java_v2_name(name))
}

/// The member name as the AWS SDK for Java v2 builds it: the leading run of
/// capitals lower-cased but for the one that starts the next word, then the
/// first letter upper-cased.
fn java_v2_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    loop {
        out.push(chars[i].to_ascii_lowercase());
        i += 1;
        let more = i < chars.len()
            && chars[i].is_ascii_uppercase()
            && !(i + 1 < chars.len() && chars[i + 1].is_ascii_lowercase());
        if !more {
            break;
        }
    }
    out.extend(&chars[i..]);
    let mut pascal: Vec<char> = out.chars().collect();
    if let Some(first) = pascal.first_mut() {
        *first = first.to_ascii_uppercase();
    }
    pascal.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::{java_v2_name, names};

    #[test]
    fn java_v2_member_names() {
        assert_eq!(java_v2_name("DBInstanceIdentifier"), "DbInstanceIdentifier");
        assert_eq!(java_v2_name("SNSTopicArn"), "SnsTopicArn");
        assert_eq!(java_v2_name("SSESpecification"), "SseSpecification");
        assert_eq!(java_v2_name("TableName"), "TableName");
        assert!(names("DBClusterIdentifier", "DbClusterIdentifier"));
        assert!(names("DBClusterIdentifier", "DBClusterIdentifier"));
        assert!(!names("DBClusterIdentifier", "DbclusterIdentifier"));
    }
}
