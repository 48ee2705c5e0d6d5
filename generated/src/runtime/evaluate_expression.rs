//! [`EvaluateExpression`]: a small JavaScript expression over the state's
//! data, evaluated by a Lambda function that the CloudFormation template
//! brings along (CDK's `EvaluateExpression`), or, where the expression is
//! plain arithmetic, comparison or text, a Lambda-free JSONata Pass state.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::iam::PolicyStatement;
use super::lambda_function::LambdaFunction;
use super::path::JsonPath;
use super::states::{Pass, QueryLanguage};
use super::task::{Resource, Task};
use super::task_error::TaskError;

const TASK: &str = "EvaluateExpression";

/// The Node.js handler. It replaces each path by its JSON value, longest
/// path first so `$.a` does not rewrite part of `$.ab`, and evaluates the
/// result in an empty context, as CDK's handler does.
const HANDLER: &str = r#"const vm = require('vm');
exports.handler = async (event) => {
  let expression = event.expression;
  const values = Object.entries(event.expressionAttributeValues || {});
  values.sort((a, b) => b[0].length - a[0].length);
  for (const [path, value] of values) {
    expression = expression.split(path).join(JSON.stringify(value));
  }
  return vm.runInNewContext(expression);
};
"#;

/// Evaluates `expression`, a JavaScript expression whose `$.path`
/// references are replaced by the values at those paths (CDK's
/// `EvaluateExpression`).
///
/// The Task state calls the function directly (its ARN is the `Resource`,
/// as CDK renders it) with `{"expression": …, "expressionAttributeValues":
/// {"$.a.$": "$.a", …}}`. [`StateMachine::to_cloudformation`] adds the
/// function (Node.js, inline code) and its role to the template; the state
/// machine's role may invoke it. It is a JSONPath task (its parameters carry
/// `.$` keys); in a JSONata state use [`EvaluateExpression::to_jsonata`].
///
/// ```
/// use serde_json::json;
/// use sfn_tasks::runtime::{CfnOptions, EvaluateExpression, StateMachine, Task};
///
/// let seconds = EvaluateExpression::new("$.waitMilliseconds / 1000")?;
/// assert_eq!(
///     seconds.write_parameters(),
///     Some(json!({
///         "expression": "$.waitMilliseconds / 1000",
///         "expressionAttributeValues": {"$.waitMilliseconds.$": "$.waitMilliseconds"}
///     }))
/// );
/// assert_eq!(seconds.resource().to_string(), "${EvaluateExpressionFunction.Arn}");
///
/// // Without Lambda: the same expression in JSONata.
/// assert_eq!(seconds.jsonata()?, "$states.input.waitMilliseconds / 1000");
///
/// let machine = StateMachine::new(seconds.state("Convert").result_path("$.waitSeconds")).unwrap();
/// let template = machine.to_cloudformation(&CfnOptions::new()).unwrap();
/// assert_eq!(template["Resources"]["EvaluateExpressionFunction"]["Type"], "AWS::Lambda::Function");
/// # Ok::<(), sfn_tasks::runtime::TaskError>(())
/// ```
///
/// [`StateMachine::to_cloudformation`]: super::StateMachine::to_cloudformation
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluateExpression {
    expression: String,
    paths: Vec<String>,
    function: LambdaFunction,
}

impl EvaluateExpression {
    /// The logical id of the function unless another is chosen; one function
    /// serves every `EvaluateExpression` of a template, as CDK's singleton does.
    pub const DEFAULT_FUNCTION_ID: &str = "EvaluateExpressionFunction";

    /// An expression such as `$.a + $.b` or `` `Waiting ${$.seconds} s` ``;
    /// every path in it must be a valid JSONPath.
    pub fn new(expression: impl Into<String>) -> Result<Self, TaskError> {
        let expression = expression.into();
        if expression.trim().is_empty() {
            return Err(TaskError::new(TASK, "the expression is empty"));
        }
        let mut paths = Vec::new();
        for (start, end) in find_paths(&expression) {
            let path = &expression[start..end];
            JsonPath::new(path).map_err(|e| {
                TaskError::new(
                    TASK,
                    format!("invalid path {path:?} in the expression: {e}"),
                )
            })?;
            if !paths.iter().any(|p| p == path) {
                paths.push(path.to_owned());
            }
        }
        Ok(EvaluateExpression {
            expression,
            paths,
            function: LambdaFunction::inline(Self::DEFAULT_FUNCTION_ID),
        })
    }

    /// The logical id of the function in the template (default
    /// [`Self::DEFAULT_FUNCTION_ID`]).
    pub fn function_logical_id(mut self, id: impl Into<String>) -> Self {
        self.function = self.function.with_logical_id(id);
        self
    }

    /// The Lambda runtime of the inline function (a Node.js runtime;
    /// default `nodejs24.x`).
    pub fn runtime(mut self, runtime: impl Into<String>) -> Self {
        self.function = self.function.with_runtime(runtime);
        self
    }

    /// Uses an existing function (with a handler like CDK's) instead of
    /// adding one to the template.
    pub fn existing_function(mut self, arn: impl Into<String>) -> Self {
        self.function = LambdaFunction::Existing(arn.into());
        self
    }

    /// The expression in JSONata, when it only uses paths, numbers,
    /// strings, template literals, parentheses and the operators `+ - * / %`,
    /// comparisons, `&&`, `||` and `? :`. `+` is numeric in JSONata, so an
    /// expression that adds strings is refused (use a template literal).
    pub fn jsonata(&self) -> Result<String, TaskError> {
        to_jsonata(&self.expression)
    }

    /// A JSONata Pass state whose `Output` is the expression's value: the
    /// same result without a Lambda function. JSONata has no `ResultPath`;
    /// to keep the input, merge it yourself
    /// (`{% $merge([$states.input, {"sum": …}]) %}`) or use `Assign`.
    ///
    /// ```
    /// use sfn_tasks::runtime::{EvaluateExpression, StateMachine};
    ///
    /// let sum = EvaluateExpression::new("$.a + $.b")?.to_jsonata("Sum")?;
    /// let asl = StateMachine::new(sum).unwrap().to_asl_json();
    /// assert_eq!(asl["States"]["Sum"]["Output"], "{% $states.input.a + $states.input.b %}");
    /// assert!(EvaluateExpression::new("$.list.map(x => x * 2)")?.to_jsonata("Double").is_err());
    /// # Ok::<(), sfn_tasks::runtime::TaskError>(())
    /// ```
    pub fn to_jsonata(&self, name: impl Into<String>) -> Result<Pass, TaskError> {
        let expression = self.jsonata()?;
        Ok(Pass::new(name)
            .query_language(QueryLanguage::Jsonata)
            .output(Value::String(format!("{{% {expression} %}}"))))
    }
}

impl Task for EvaluateExpression {
    fn resource(&self) -> Resource {
        Resource::arn(self.function.arn())
    }

    fn write_parameters(&self) -> Option<Value> {
        let values: serde_json::Map<String, Value> = self
            .paths
            .iter()
            .map(|p| (format!("{p}.$"), Value::from(p.as_str())))
            .collect();
        Some(json!({
            "expression": self.expression,
            "expressionAttributeValues": values,
        }))
    }

    fn policy_statements(&self) -> Vec<PolicyStatement> {
        vec![self.function.invoke_statement()]
    }

    fn template_resources(&self) -> Vec<(String, Value)> {
        let sorted: BTreeMap<String, Value> = self
            .function
            .template_resources(HANDLER)
            .into_iter()
            .collect();
        sorted.into_iter().collect()
    }
}

/// The byte ranges of the paths in `expression`: `$` or `$$` followed by
/// `.` or `[` and then the characters CDK's pattern accepts
/// (`[.a-zA-Z[\]0-9-_]`).
fn find_paths(expression: &str) -> Vec<(usize, usize)> {
    let bytes = expression.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 1;
        if bytes.get(j) == Some(&b'$') {
            j += 1;
        }
        if !matches!(bytes.get(j), Some(b'.' | b'[')) {
            i = j.max(i + 1);
            continue;
        }
        let mut end = j;
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric() || b".[]-_".contains(&bytes[end]))
        {
            end += 1;
        }
        // A trailing `.` ends a sentence or a method call, not the path.
        while end > j + 1 && bytes[end - 1] == b'.' {
            end -= 1;
        }
        out.push((start, end));
        i = end;
    }
    out
}

/// `$.a.b[0]` → `$states.input.a.b[0]`; `$$.Execution.Id` →
/// `$states.context.Execution.Id`; names JSONata cannot read bare are quoted.
fn path_to_jsonata(path: &str) -> Result<String, TaskError> {
    let (root, rest) = if let Some(rest) = path.strip_prefix("$$") {
        ("$states.context", rest)
    } else {
        ("$states.input", &path[1..])
    };
    let mut out = root.to_owned();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n == '.' || n == '[' {
                        break;
                    }
                    name.push(n);
                    chars.next();
                }
                let plain = name
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if plain {
                    out.push('.');
                    out.push_str(&name);
                } else {
                    out.push_str(&format!(".`{name}`"));
                }
            }
            '[' => {
                let mut index = String::new();
                for n in chars.by_ref() {
                    if n == ']' {
                        break;
                    }
                    index.push(n);
                }
                if index.is_empty() || !index.chars().all(|c| c.is_ascii_digit()) {
                    return Err(TaskError::new(
                        TASK,
                        format!("path {path:?}: only numeric indexes translate to JSONata"),
                    ));
                }
                out.push_str(&format!("[{index}]"));
            }
            _ => {
                return Err(TaskError::new(
                    TASK,
                    format!("path {path:?} does not translate to JSONata"),
                ));
            }
        }
    }
    Ok(out)
}

/// Translates the JavaScript subset described at [`EvaluateExpression::jsonata`].
fn to_jsonata(expression: &str) -> Result<String, TaskError> {
    let not_supported = |what: &str| {
        TaskError::new(
            TASK,
            format!("{what} in {expression:?} has no JSONata translation; keep the Lambda form"),
        )
    };
    let paths = find_paths(expression);
    let mut out = String::new();
    let mut has_text = false;
    let mut has_plus = false;
    let mut i = 0;
    let bytes = expression.as_bytes();
    while i < bytes.len() {
        if let Some(&(start, end)) = paths.iter().find(|(s, _)| *s == i) {
            out.push_str(&path_to_jsonata(&expression[start..end])?);
            i = end;
            continue;
        }
        let rest = &expression[i..];
        let c = bytes[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                out.push(c as char);
                i += 1;
            }
            b'0'..=b'9' => {
                let len = rest
                    .find(|ch: char| !(ch.is_ascii_digit() || ch == '.'))
                    .unwrap_or(rest.len());
                out.push_str(&rest[..len]);
                i += len;
            }
            b'\'' | b'"' => {
                let quote = c as char;
                let Some(len) = rest[1..].find(quote) else {
                    return Err(not_supported("an unterminated string"));
                };
                let text = &rest[1..1 + len];
                if text.contains('\\') {
                    return Err(not_supported("an escape sequence"));
                }
                out.push_str(&Value::from(text).to_string());
                has_text = true;
                i += len + 2;
            }
            b'`' => {
                let Some(len) = rest[1..].find('`') else {
                    return Err(not_supported("an unterminated template literal"));
                };
                out.push_str(&template_to_jsonata(&rest[1..1 + len], &not_supported)?);
                has_text = true;
                i += len + 2;
            }
            _ => {
                let (token, jsonata) = [
                    ("===", "="),
                    ("!==", "!="),
                    ("==", "="),
                    ("!=", "!="),
                    ("<=", "<="),
                    (">=", ">="),
                    ("&&", "and"),
                    ("||", "or"),
                    ("<", "<"),
                    (">", ">"),
                    ("+", "+"),
                    ("-", "-"),
                    ("*", "*"),
                    ("/", "/"),
                    ("%", "%"),
                    ("(", "("),
                    (")", ")"),
                    ("?", "?"),
                    (":", ":"),
                    ("true", "true"),
                    ("false", "false"),
                    ("null", "null"),
                ]
                .into_iter()
                .find(|(t, _)| rest.starts_with(t))
                .ok_or_else(|| {
                    let token: String = rest.chars().take(12).collect();
                    not_supported(&format!("{token:?}"))
                })?;
                has_plus |= token == "+";
                if token.chars().all(|ch| ch.is_ascii_alphabetic())
                    && rest[token.len()..]
                        .chars()
                        .next()
                        .is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                {
                    let word: String = rest
                        .chars()
                        .take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '_')
                        .collect();
                    return Err(not_supported(&format!("{word:?}")));
                }
                out.push_str(jsonata);
                i += token.len();
            }
        }
    }
    if has_text && has_plus {
        return Err(not_supported(
            "`+` next to text (JavaScript concatenates, JSONata adds)",
        ));
    }
    Ok(out.trim().to_owned())
}

/// `` Now ${$.a} s `` → `("Now " & $string($states.input.a) & " s")`.
fn template_to_jsonata(
    body: &str,
    not_supported: &dyn Fn(&str) -> TaskError,
) -> Result<String, TaskError> {
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("${") {
        if start > 0 {
            parts.push(Value::from(&rest[..start]).to_string());
        }
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(not_supported("an unterminated `${`"));
        };
        let inner = after[..end].trim();
        let whole = find_paths(inner);
        if whole != [(0, inner.len())] {
            return Err(not_supported(
                "a template placeholder that is not a single path",
            ));
        }
        parts.push(format!("$string({})", path_to_jsonata(inner)?));
        rest = &after[end + 1..];
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(Value::from(rest).to_string());
    }
    if body.contains('\\') {
        return Err(not_supported("an escape sequence"));
    }
    Ok(format!("({})", parts.join(" & ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_as_cdk_finds_them() {
        let e = EvaluateExpression::new("$.a + $.b[0] * $.a - $$.Execution.Id.length").unwrap();
        assert_eq!(e.paths, ["$.a", "$.b[0]", "$$.Execution.Id.length"]);
        let e = EvaluateExpression::new("`Now waiting ${$.waitSeconds} seconds...`").unwrap();
        assert_eq!(e.paths, ["$.waitSeconds"]);
        assert!(EvaluateExpression::new("  ").is_err());
        assert!(EvaluateExpression::new("$.a[x").is_err());
    }

    #[test]
    fn jsonata_translation() {
        let j = |e: &str| EvaluateExpression::new(e).unwrap().jsonata();
        assert_eq!(
            j("$.a === 1 && $.b !== 'x'").unwrap(),
            "$states.input.a = 1 and $states.input.b != \"x\""
        );
        assert_eq!(
            j("`Now waiting ${$.waitSeconds} seconds...`").unwrap(),
            "(\"Now waiting \" & $string($states.input.waitSeconds) & \" seconds...\")"
        );
        assert_eq!(
            j("$.my-field[2] % 2").unwrap(),
            "$states.input.`my-field`[2] % 2"
        );
        assert_eq!(
            j("$$.Execution.Name").unwrap(),
            "$states.context.Execution.Name"
        );
        assert!(j("'a' + $.b").is_err());
        assert!(j("Math.max($.a, $.b)").is_err());
        assert!(j("$.a ? trueish : 1").is_err());
        assert!(j("!$.a").is_err());
        assert!(j("'unterminated").is_err());
        assert!(j("`${$.a + 1}`").is_err());
    }

    #[test]
    fn inline_function_resources() {
        let e = EvaluateExpression::new("$.a")
            .unwrap()
            .function_logical_id("Eval");
        let ids: Vec<String> = e
            .template_resources()
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, ["Eval", "EvalServiceRole"]);
        let existing = e.existing_function("arn:aws:lambda:us-east-1:1:function:eval");
        assert!(existing.template_resources().is_empty());
        assert_eq!(
            existing.resource().to_string(),
            "arn:aws:lambda:us-east-1:1:function:eval"
        );
    }
}
