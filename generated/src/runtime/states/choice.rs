//! The Choice state and its conditions.

use serde_json::{Map, Value};

use super::common::{Common, RenderContext, head, put_path, put_tail_io};
use crate::runtime::machine::Target;
use crate::runtime::vocabulary::{COMPARISON_OPERATORS, compares_with_path, is_type_test};

/// A comparison operator of a JSONPath Choice rule. Each has a literal form
/// and (except the type tests and `StringMatches`) a `…Path` form comparing
/// with another path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // The variants are the ASL operator names.
pub enum Operator {
    StringEquals,
    StringEqualsPath,
    StringLessThan,
    StringLessThanPath,
    StringGreaterThan,
    StringGreaterThanPath,
    StringLessThanEquals,
    StringLessThanEqualsPath,
    StringGreaterThanEquals,
    StringGreaterThanEqualsPath,
    StringMatches,
    NumericEquals,
    NumericEqualsPath,
    NumericLessThan,
    NumericLessThanPath,
    NumericGreaterThan,
    NumericGreaterThanPath,
    NumericLessThanEquals,
    NumericLessThanEqualsPath,
    NumericGreaterThanEquals,
    NumericGreaterThanEqualsPath,
    BooleanEquals,
    BooleanEqualsPath,
    TimestampEquals,
    TimestampEqualsPath,
    TimestampLessThan,
    TimestampLessThanPath,
    TimestampGreaterThan,
    TimestampGreaterThanPath,
    TimestampLessThanEquals,
    TimestampLessThanEqualsPath,
    TimestampGreaterThanEquals,
    TimestampGreaterThanEqualsPath,
    IsNull,
    IsPresent,
    IsNumeric,
    IsString,
    IsBoolean,
    IsTimestamp,
}

/// What kind of value an operator compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OperandKind {
    String,
    Number,
    Boolean,
    Timestamp,
    Path,
    TypeTest,
}

/// What the comparison operator `name` compares with, read from its name
/// as ASL spells the operators (`…Path`, `Is…`, `String…`, `Numeric…`,
/// `Boolean…`, `Timestamp…`).
pub(crate) fn operand_of(name: &str) -> OperandKind {
    if compares_with_path(name) {
        OperandKind::Path
    } else if is_type_test(name) {
        OperandKind::TypeTest
    } else if name.starts_with("String") {
        OperandKind::String
    } else if name.starts_with("Numeric") {
        OperandKind::Number
    } else if name.starts_with("Boolean") {
        OperandKind::Boolean
    } else {
        OperandKind::Timestamp
    }
}

// The variants are declared in the order of the vocabulary's list, which
// `as_str` indexes; `every_operator_renders_its_name` checks each one.
const _: () = assert!(COMPARISON_OPERATORS.len() == Operator::IsTimestamp as usize + 1);

impl Operator {
    /// The ASL name of the operator.
    pub fn as_str(self) -> &'static str {
        COMPARISON_OPERATORS[self as usize]
    }

    pub(crate) fn operand(self) -> OperandKind {
        operand_of(self.as_str())
    }

    /// A short symbol for diagrams.
    fn symbol(self) -> &'static str {
        let name = self.as_str().trim_end_matches("Path");
        if name.ends_with("LessThanEquals") {
            "<="
        } else if name.ends_with("GreaterThanEquals") {
            ">="
        } else if name.ends_with("LessThan") {
            "<"
        } else if name.ends_with("GreaterThan") {
            ">"
        } else if name.ends_with("Matches") {
            "matches"
        } else {
            "=="
        }
    }
}

/// A number usable in a numeric comparison: any primitive integer or float.
pub trait Numeric: Copy {
    /// The number as JSON (integral floats are written without a fraction).
    fn to_json(self) -> Value;
}

macro_rules! numeric_int {
    ($($t:ty),*) => {$(
        impl Numeric for $t {
            fn to_json(self) -> Value {
                Value::from(self)
            }
        }
    )*};
}
numeric_int!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Numeric for f64 {
    fn to_json(self) -> Value {
        if self.fract() == 0.0 && self.abs() < 1e15 {
            Value::from(self as i64)
        } else {
            serde_json::Number::from_f64(self).map_or(Value::Null, Value::Number)
        }
    }
}

impl Numeric for f32 {
    fn to_json(self) -> Value {
        f64::from(self).to_json()
    }
}

/// A Choice rule condition.
///
/// JSONPath states compare a `Variable` with a literal or another path;
/// JSONata states use one boolean expression ([`Condition::jsonata`]).
/// Paths are checked when the machine is built.
///
/// ```
/// use sfn_tasks::runtime::Condition;
///
/// let big_and_paid = Condition::and([
///     Condition::numeric_greater_than("$.total", 100),
///     Condition::string_equals("$.status", "PAID"),
///     Condition::not(Condition::is_present("$.coupon", true)),
/// ]);
/// assert_eq!(
///     big_and_paid.to_json()["And"][0],
///     serde_json::json!({"Variable": "$.total", "NumericGreaterThan": 100})
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `Variable` compared by `operator` with `value`.
    Compare {
        /// The path being tested.
        variable: String,
        /// The operator.
        operator: Operator,
        /// The literal (or path, for `…Path` operators) compared with.
        value: Value,
    },
    /// All conditions hold.
    And(Vec<Condition>),
    /// At least one condition holds.
    Or(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// A JSONata boolean expression (JSONata states), with or without `{% %}`.
    Jsonata(String),
}

impl Drop for Condition {
    /// The derived drop recurses once per level of `And`/`Or`/`Not`; the
    /// nested conditions are moved onto a heap stack instead, so building a
    /// condition thousands deep cannot overflow the stack when it goes.
    fn drop(&mut self) {
        let mut pending: Vec<Condition> = Vec::new();
        take_nested(self, &mut pending);
        while let Some(mut condition) = pending.pop() {
            take_nested(&mut condition, &mut pending);
        }
    }
}

/// Moves the conditions nested in `condition` into `into`.
fn take_nested(condition: &mut Condition, into: &mut Vec<Condition>) {
    match condition {
        Condition::And(cs) | Condition::Or(cs) => into.append(cs),
        Condition::Not(c) => into.push(std::mem::replace(&mut **c, Condition::And(Vec::new()))),
        Condition::Compare { .. } | Condition::Jsonata(_) => {}
    }
}

macro_rules! comparisons {
    ($($(#[$doc:meta])* $fn:ident, $fn_path:ident => $op:ident, $op_path:ident, $arg:ty, $conv:expr;)*) => {$(
        $(#[$doc])*
        pub fn $fn(variable: impl Into<String>, value: $arg) -> Self {
            #[allow(clippy::redundant_closure_call)]
            let value = ($conv)(value);
            Condition::Compare { variable: variable.into(), operator: Operator::$op, value }
        }

        #[doc = concat!("`", stringify!($op_path), "`: compares with the value at another path.")]
        pub fn $fn_path(variable: impl Into<String>, path: impl Into<String>) -> Self {
            Condition::Compare {
                variable: variable.into(),
                operator: Operator::$op_path,
                value: Value::String(path.into()),
            }
        }
    )*};
}

macro_rules! type_tests {
    ($($fn:ident => $op:ident;)*) => {$(
        #[doc = concat!("`", stringify!($op), "`: whether the variable's test result equals `expected`.")]
        pub fn $fn(variable: impl Into<String>, expected: bool) -> Self {
            Condition::Compare { variable: variable.into(), operator: Operator::$op, value: Value::Bool(expected) }
        }
    )*};
}

fn string_value(s: impl Into<String>) -> Value {
    Value::String(s.into())
}

impl Condition {
    comparisons! {
        /// `StringEquals`.
        string_equals, string_equals_path => StringEquals, StringEqualsPath, impl Into<String>, string_value;
        /// `StringLessThan`.
        string_less_than, string_less_than_path => StringLessThan, StringLessThanPath, impl Into<String>, string_value;
        /// `StringGreaterThan`.
        string_greater_than, string_greater_than_path => StringGreaterThan, StringGreaterThanPath, impl Into<String>, string_value;
        /// `StringLessThanEquals`.
        string_less_than_equals, string_less_than_equals_path => StringLessThanEquals, StringLessThanEqualsPath, impl Into<String>, string_value;
        /// `StringGreaterThanEquals`.
        string_greater_than_equals, string_greater_than_equals_path => StringGreaterThanEquals, StringGreaterThanEqualsPath, impl Into<String>, string_value;
        /// `NumericEquals`.
        numeric_equals, numeric_equals_path => NumericEquals, NumericEqualsPath, impl Numeric, Numeric::to_json;
        /// `NumericLessThan`.
        numeric_less_than, numeric_less_than_path => NumericLessThan, NumericLessThanPath, impl Numeric, Numeric::to_json;
        /// `NumericGreaterThan`.
        numeric_greater_than, numeric_greater_than_path => NumericGreaterThan, NumericGreaterThanPath, impl Numeric, Numeric::to_json;
        /// `NumericLessThanEquals`.
        numeric_less_than_equals, numeric_less_than_equals_path => NumericLessThanEquals, NumericLessThanEqualsPath, impl Numeric, Numeric::to_json;
        /// `NumericGreaterThanEquals`.
        numeric_greater_than_equals, numeric_greater_than_equals_path => NumericGreaterThanEquals, NumericGreaterThanEqualsPath, impl Numeric, Numeric::to_json;
        /// `BooleanEquals`.
        boolean_equals, boolean_equals_path => BooleanEquals, BooleanEqualsPath, bool, Value::Bool;
        /// `TimestampEquals` (an RFC 3339 timestamp such as `2024-01-31T12:00:00Z`).
        timestamp_equals, timestamp_equals_path => TimestampEquals, TimestampEqualsPath, impl Into<String>, string_value;
        /// `TimestampLessThan`.
        timestamp_less_than, timestamp_less_than_path => TimestampLessThan, TimestampLessThanPath, impl Into<String>, string_value;
        /// `TimestampGreaterThan`.
        timestamp_greater_than, timestamp_greater_than_path => TimestampGreaterThan, TimestampGreaterThanPath, impl Into<String>, string_value;
        /// `TimestampLessThanEquals`.
        timestamp_less_than_equals, timestamp_less_than_equals_path => TimestampLessThanEquals, TimestampLessThanEqualsPath, impl Into<String>, string_value;
        /// `TimestampGreaterThanEquals`.
        timestamp_greater_than_equals, timestamp_greater_than_equals_path => TimestampGreaterThanEquals, TimestampGreaterThanEqualsPath, impl Into<String>, string_value;
    }

    type_tests! {
        is_null => IsNull;
        is_present => IsPresent;
        is_numeric => IsNumeric;
        is_string => IsString;
        is_boolean => IsBoolean;
        is_timestamp => IsTimestamp;
    }

    /// `StringMatches`: `*` matches any run of characters; `\\*` is a literal star.
    pub fn string_matches(variable: impl Into<String>, pattern: impl Into<String>) -> Self {
        Condition::Compare {
            variable: variable.into(),
            operator: Operator::StringMatches,
            value: Value::String(pattern.into()),
        }
    }

    /// `And`.
    pub fn and(conditions: impl IntoIterator<Item = Condition>) -> Self {
        Condition::And(conditions.into_iter().collect())
    }

    /// `Or`.
    pub fn or(conditions: impl IntoIterator<Item = Condition>) -> Self {
        Condition::Or(conditions.into_iter().collect())
    }

    /// `Not`.
    #[allow(clippy::should_implement_trait)] // Named after the ASL operator; `!` would read worse here.
    pub fn not(condition: Condition) -> Self {
        Condition::Not(Box::new(condition))
    }

    /// A JSONata `Condition` (JSONata states only), e.g. `$states.input.total > 100`.
    pub fn jsonata(expression: impl Into<String>) -> Self {
        Condition::Jsonata(expression.into())
    }

    /// The condition as ASL JSON (without `Next`).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        self.write(&mut m);
        Value::Object(m)
    }

    fn write(&self, m: &mut Map<String, Value>) {
        match self {
            Condition::Compare {
                variable,
                operator,
                value,
            } => {
                m.insert("Variable".to_owned(), Value::from(variable.as_str()));
                m.insert(operator.as_str().to_owned(), value.clone());
            }
            Condition::And(cs) => {
                m.insert(
                    "And".to_owned(),
                    Value::Array(cs.iter().map(Condition::to_json).collect()),
                );
            }
            Condition::Or(cs) => {
                m.insert(
                    "Or".to_owned(),
                    Value::Array(cs.iter().map(Condition::to_json).collect()),
                );
            }
            Condition::Not(c) => {
                m.insert("Not".to_owned(), c.to_json());
            }
            Condition::Jsonata(e) => {
                m.insert("Condition".to_owned(), Value::from(jsonata_template(e)));
            }
        }
    }

    /// A short human-readable form, for diagrams.
    pub fn describe(&self) -> String {
        match self {
            Condition::Compare {
                variable,
                operator,
                value,
            } => match operator.operand() {
                OperandKind::TypeTest => {
                    let test = operator.as_str();
                    if value == &Value::Bool(true) {
                        format!("{test}({variable})")
                    } else {
                        format!("not {test}({variable})")
                    }
                }
                OperandKind::Path => format!(
                    "{variable} {} {}",
                    operator.symbol(),
                    value.as_str().unwrap_or_default()
                ),
                _ => format!("{variable} {} {value}", operator.symbol()),
            },
            Condition::And(cs) => join(cs, " and "),
            Condition::Or(cs) => join(cs, " or "),
            Condition::Not(c) => format!("not ({})", c.describe()),
            Condition::Jsonata(e) => jsonata_inner(e).to_owned(),
        }
    }
}

fn join(cs: &[Condition], sep: &str) -> String {
    let parts: Vec<String> = cs.iter().map(|c| format!("({})", c.describe())).collect();
    parts.join(sep)
}

fn jsonata_inner(e: &str) -> &str {
    let t = e.trim();
    t.strip_prefix("{%")
        .and_then(|s| s.strip_suffix("%}"))
        .unwrap_or(t)
        .trim()
}

fn jsonata_template(e: &str) -> String {
    format!("{{% {} %}}", jsonata_inner(e))
}

/// One Choice rule: a condition and where to go when it holds.
///
/// ```
/// use sfn_tasks::runtime::{goto, Condition, Rule};
///
/// let rule = Rule::new(Condition::is_present("$.retry", true), goto("Retry order"))
///     .comment("retry requested");
/// assert_eq!(rule.to_json()["Next"], "Retry order");
/// ```
#[derive(Debug, Clone)]
pub struct Rule {
    pub(crate) condition: Condition,
    pub(crate) next: Target,
    pub(crate) comment: Option<String>,
    pub(crate) assign: Option<Map<String, Value>>,
    pub(crate) output: Option<Value>,
}

impl Rule {
    /// A rule going to `next` when `condition` holds.
    pub fn new(condition: Condition, next: impl Into<Target>) -> Self {
        Rule {
            condition,
            next: next.into(),
            comment: None,
            assign: None,
            output: None,
        }
    }

    /// A comment for this rule.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Adds a workflow variable assigned when this rule matches.
    pub fn assign(mut self, variable: impl Into<String>, value: impl Into<Value>) -> Self {
        self.assign
            .get_or_insert_with(Default::default)
            .insert(variable.into(), value.into());
        self
    }

    /// Sets `Output` (JSONata only) for when this rule matches.
    pub fn output(mut self, output: impl Into<Value>) -> Self {
        self.output = Some(output.into());
        self
    }

    /// The rule as ASL JSON.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        self.condition.write(&mut m);
        if let Some(c) = &self.comment {
            m.insert("Comment".to_owned(), Value::from(c.as_str()));
        }
        if let Some(o) = &self.output {
            m.insert("Output".to_owned(), o.clone());
        }
        if let Some(a) = &self.assign {
            m.insert("Assign".to_owned(), Value::Object(a.clone()));
        }
        m.insert("Next".to_owned(), Value::from(self.next.start_name()));
        Value::Object(m)
    }
}

/// A Choice state: the first rule whose condition holds picks the next state;
/// `Default` applies when none does.
///
/// Rule targets are chains (which become part of the machine) or names of
/// states defined elsewhere ([`goto`](crate::runtime::goto)). A Choice
/// ends a chain; [`Choice::afterwards`] continues after all its branches.
///
/// ```
/// use sfn_tasks::runtime::{Choice, Condition, Pass, StateMachine, Succeed};
///
/// let choice = Choice::new("Big order?")
///     .when(Condition::numeric_greater_than("$.total", 100), Pass::new("Flag for review"))
///     .otherwise(Pass::new("Auto approve"))
///     .afterwards()
///     .next(Succeed::new("Done"));
/// let machine = StateMachine::new(choice).unwrap();
/// assert_eq!(machine.to_asl_json()["States"]["Flag for review"]["Next"], "Done");
/// ```
#[derive(Debug, Clone)]
pub struct Choice {
    pub(crate) common: Common,
    pub(crate) rules: Vec<Rule>,
    pub(crate) default: Option<Target>,
}

super::common::impl_base!(Choice);
super::common::impl_io!(Choice);
super::common::impl_assign!(Choice);

impl Choice {
    /// A Choice state with no rules yet.
    pub fn new(name: impl Into<String>) -> Self {
        Choice {
            common: Common::named(name),
            rules: Vec::new(),
            default: None,
        }
    }

    /// Adds a rule: go to `next` when `condition` holds.
    pub fn when(self, condition: Condition, next: impl Into<Target>) -> Self {
        self.rule(Rule::new(condition, next))
    }

    /// Adds a rule with a comment, variables or output.
    pub fn rule(mut self, rule: Rule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Sets `Default`: where to go when no rule holds.
    pub fn otherwise(mut self, next: impl Into<Target>) -> Self {
        self.default = Some(next.into());
        self
    }

    pub(crate) fn to_asl(&self, ctx: &RenderContext<'_>) -> Map<String, Value> {
        let mut m = head("Choice", &self.common, ctx);
        put_path(&mut m, "InputPath", &self.common.input_path);
        put_path(&mut m, "OutputPath", &self.common.output_path);
        put_tail_io(&mut m, &self.common);
        m.insert(
            "Choices".to_owned(),
            Value::Array(self.rules.iter().map(Rule::to_json).collect()),
        );
        if let Some(d) = &self.default {
            m.insert("Default".to_owned(), Value::from(d.start_name()));
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_operator_renders_its_name() {
        let cases = [
            (
                Condition::string_equals("$.a", "x"),
                "StringEquals",
                json!("x"),
            ),
            (
                Condition::string_equals_path("$.a", "$.b"),
                "StringEqualsPath",
                json!("$.b"),
            ),
            (
                Condition::string_less_than("$.a", "x"),
                "StringLessThan",
                json!("x"),
            ),
            (
                Condition::string_less_than_path("$.a", "$.b"),
                "StringLessThanPath",
                json!("$.b"),
            ),
            (
                Condition::string_greater_than("$.a", "x"),
                "StringGreaterThan",
                json!("x"),
            ),
            (
                Condition::string_greater_than_path("$.a", "$.b"),
                "StringGreaterThanPath",
                json!("$.b"),
            ),
            (
                Condition::string_less_than_equals("$.a", "x"),
                "StringLessThanEquals",
                json!("x"),
            ),
            (
                Condition::string_less_than_equals_path("$.a", "$.b"),
                "StringLessThanEqualsPath",
                json!("$.b"),
            ),
            (
                Condition::string_greater_than_equals("$.a", "x"),
                "StringGreaterThanEquals",
                json!("x"),
            ),
            (
                Condition::string_greater_than_equals_path("$.a", "$.b"),
                "StringGreaterThanEqualsPath",
                json!("$.b"),
            ),
            (
                Condition::string_matches("$.a", "log-*.txt"),
                "StringMatches",
                json!("log-*.txt"),
            ),
            (
                Condition::numeric_equals("$.n", 1),
                "NumericEquals",
                json!(1),
            ),
            (
                Condition::numeric_equals_path("$.n", "$.m"),
                "NumericEqualsPath",
                json!("$.m"),
            ),
            (
                Condition::numeric_less_than("$.n", 1.5),
                "NumericLessThan",
                json!(1.5),
            ),
            (
                Condition::numeric_less_than_path("$.n", "$.m"),
                "NumericLessThanPath",
                json!("$.m"),
            ),
            (
                Condition::numeric_greater_than("$.n", 2.0),
                "NumericGreaterThan",
                json!(2),
            ),
            (
                Condition::numeric_greater_than_path("$.n", "$.m"),
                "NumericGreaterThanPath",
                json!("$.m"),
            ),
            (
                Condition::numeric_less_than_equals("$.n", -3),
                "NumericLessThanEquals",
                json!(-3),
            ),
            (
                Condition::numeric_less_than_equals_path("$.n", "$.m"),
                "NumericLessThanEqualsPath",
                json!("$.m"),
            ),
            (
                Condition::numeric_greater_than_equals("$.n", 4u64),
                "NumericGreaterThanEquals",
                json!(4),
            ),
            (
                Condition::numeric_greater_than_equals_path("$.n", "$.m"),
                "NumericGreaterThanEqualsPath",
                json!("$.m"),
            ),
            (
                Condition::boolean_equals("$.b", true),
                "BooleanEquals",
                json!(true),
            ),
            (
                Condition::boolean_equals_path("$.b", "$.c"),
                "BooleanEqualsPath",
                json!("$.c"),
            ),
            (
                Condition::timestamp_equals("$.t", "2024-01-31T12:00:00Z"),
                "TimestampEquals",
                json!("2024-01-31T12:00:00Z"),
            ),
            (
                Condition::timestamp_equals_path("$.t", "$.u"),
                "TimestampEqualsPath",
                json!("$.u"),
            ),
            (
                Condition::timestamp_less_than("$.t", "2024-01-31T12:00:00Z"),
                "TimestampLessThan",
                json!("2024-01-31T12:00:00Z"),
            ),
            (
                Condition::timestamp_less_than_path("$.t", "$.u"),
                "TimestampLessThanPath",
                json!("$.u"),
            ),
            (
                Condition::timestamp_greater_than("$.t", "2024-01-31T12:00:00Z"),
                "TimestampGreaterThan",
                json!("2024-01-31T12:00:00Z"),
            ),
            (
                Condition::timestamp_greater_than_path("$.t", "$.u"),
                "TimestampGreaterThanPath",
                json!("$.u"),
            ),
            (
                Condition::timestamp_less_than_equals("$.t", "2024-01-31T12:00:00Z"),
                "TimestampLessThanEquals",
                json!("2024-01-31T12:00:00Z"),
            ),
            (
                Condition::timestamp_less_than_equals_path("$.t", "$.u"),
                "TimestampLessThanEqualsPath",
                json!("$.u"),
            ),
            (
                Condition::timestamp_greater_than_equals("$.t", "2024-01-31T12:00:00Z"),
                "TimestampGreaterThanEquals",
                json!("2024-01-31T12:00:00Z"),
            ),
            (
                Condition::timestamp_greater_than_equals_path("$.t", "$.u"),
                "TimestampGreaterThanEqualsPath",
                json!("$.u"),
            ),
            (Condition::is_null("$.x", true), "IsNull", json!(true)),
            (
                Condition::is_present("$.x", false),
                "IsPresent",
                json!(false),
            ),
            (Condition::is_numeric("$.x", true), "IsNumeric", json!(true)),
            (Condition::is_string("$.x", true), "IsString", json!(true)),
            (Condition::is_boolean("$.x", true), "IsBoolean", json!(true)),
            (
                Condition::is_timestamp("$.x", true),
                "IsTimestamp",
                json!(true),
            ),
        ];
        assert_eq!(cases.len(), 39);
        for (condition, op, value) in cases {
            let json = condition.to_json();
            assert_eq!(json[op], value, "{op}");
            assert!(json["Variable"].is_string(), "{op}");
        }
    }

    #[test]
    fn operand_kinds() {
        assert_eq!(Operator::NumericEqualsPath.operand(), OperandKind::Path);
        assert_eq!(Operator::IsTimestamp.operand(), OperandKind::TypeTest);
        assert_eq!(Operator::TimestampEquals.operand(), OperandKind::Timestamp);
        assert_eq!(Operator::BooleanEquals.operand(), OperandKind::Boolean);
        assert_eq!(Operator::StringMatches.operand(), OperandKind::String);
        assert_eq!(Operator::NumericLessThan.operand(), OperandKind::Number);
    }

    #[test]
    fn combinators_and_jsonata() {
        let c = Condition::or([
            Condition::not(Condition::is_null("$.a", true)),
            Condition::jsonata("{% $states.input.n > 1 %}"),
        ]);
        assert_eq!(
            c.to_json(),
            json!({"Or": [{"Not": {"Variable": "$.a", "IsNull": true}}, {"Condition": "{% $states.input.n > 1 %}"}]})
        );
        assert_eq!(c.describe(), "(not (IsNull($.a))) or ($states.input.n > 1)");
        assert_eq!(
            Condition::numeric_less_than_equals("$.n", 3).describe(),
            "$.n <= 3"
        );
    }
}
