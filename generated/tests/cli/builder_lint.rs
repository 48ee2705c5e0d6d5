//! The builder and the linter judge by the same rules: every machine the
//! builder accepts lints without an error. Random machines of every state
//! type, in both query languages, nested, with fields drawn from valid and
//! invalid values alike; most are refused by the builder, the rest must
//! render to ASL that `sfn-tasks lint` accepts.
//!
//! CI runs 2,000 cases; `PROPTEST_CASES=100000 cargo test --release -p
//! sfn-tasks --features cli --test cli builder_lint` runs the long check.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map as JsonMap, Value, json};
use sfn_tasks::cli::{self, Severity, Source};
use sfn_tasks::runtime::{
    Catch, Chain, Choice, Condition, CustomTask, ExecutionType, Fail, IntegrationPattern,
    ItemBatcher, ItemReader, JitterStrategy, Map, Operator, Parallel, Pass, QueryLanguage,
    ResultWriter, Retry, StateMachine, Succeed, Task, Wait,
};
use sfn_tasks::{JsonPath, Jsonata};

/// Strings a user might put anywhere: paths valid and not, reference paths
/// and not, context and variable paths, intrinsics, JSONata, literals.
const TEXTS: &[&str] = &[
    "$",
    "$.a",
    "$.a.b[0]",
    "$.a[*].b",
    "$..x",
    "$.a[?(@.b > 1)]",
    "$$.Execution.Id",
    "$$.Task.Token",
    "$$.Map.Item.Value",
    "$var",
    "$.",
    "a.b",
    "literal",
    "",
    "States.Format('{}', $.a)",
    "States.ArrayLength($.a)",
    "States.NoSuch($.a)",
    "States.Format('{}'",
    "{% $states.input %}",
    "{% $states.input.a + 1 %}",
    "{% $states.context.Task.Token %}",
    "{% $x %}",
    "{% ( %}",
    "{% %}",
    "2026-01-01T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "tomorrow",
    "States.ALL",
    "States.TaskFailed",
    "States.Timeout",
    "Custom.Error",
];

const KEYS: &[&str] = &[
    "a",
    "b",
    "Payload",
    "a.$",
    "Payload.$",
    "x.$",
    "$bad",
    "c d",
];

/// What each query language's fields usually hold.
const PATHS: &[&str] = &[
    "$",
    "$.a",
    "$.a.b[0]",
    "$.results",
    "$$.Execution.Id",
    "$.error",
];
const EXPRESSIONS: &[&str] = &[
    "{% $states.input %}",
    "{% $states.input.a + 1 %}",
    "{% $count %}",
];
const LITERALS: &[&str] = &[
    "literal",
    "Custom.Error",
    "States.TaskFailed",
    "2026-01-01T00:00:00Z",
];
const ERRORS: &[&str] = &["States.TaskFailed", "States.Timeout", "Custom.Error"];

type L = QueryLanguage;

fn text() -> BoxedStrategy<String> {
    prop::sample::select(TEXTS).prop_map(str::to_owned).boxed()
}

/// Text for a field of a state in `language`: mostly what such a field
/// holds there, sometimes anything at all.
fn text_in(language: L) -> BoxedStrategy<String> {
    let usual = match language {
        L::JsonPath => PATHS,
        L::Jsonata => EXPRESSIONS,
    };
    prop_oneof![
        6 => prop::sample::select(usual).prop_map(str::to_owned),
        2 => prop::sample::select(LITERALS).prop_map(str::to_owned),
        1 => text(),
    ]
    .boxed()
}

/// Set now and then: a field both languages have.
fn sometimes<T: std::fmt::Debug + Clone + 'static>(
    value: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Option<T>> {
    prop::option::weighted(0.15, value).boxed()
}

/// A field only `home` has: set often there, rarely in the other language.
fn only_in<T: std::fmt::Debug + Clone + 'static>(
    language: L,
    home: L,
    value: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Option<T>> {
    let p = if language == home { 0.2 } else { 0.005 };
    prop::option::weighted(p, value).boxed()
}

/// A path field's value: a path that fits (a reference path for
/// `reference`), sometimes anything.
fn path(reference: bool) -> BoxedStrategy<String> {
    let usual: &'static [&'static str] = if reference {
        &["$", "$.a", "$.a.b[0]", "$.results", "$.error"]
    } else {
        PATHS
    };
    prop_oneof![
        9 => prop::sample::select(usual).prop_map(str::to_owned),
        1 => text(),
    ]
    .boxed()
}

fn number() -> BoxedStrategy<i64> {
    prop_oneof![
        8 => prop::sample::select(vec![1i64, 5, 60]),
        1 => prop::sample::select(vec![-1i64, 0, 99_999_999, 100_000_000, 262_145, i64::MAX]),
    ]
    .boxed()
}

/// A JSON payload or literal, a few levels deep, its strings mostly those
/// of `language`.
fn payload(language: L) -> BoxedStrategy<Value> {
    let keys: &'static [&'static str] = match language {
        L::JsonPath => &["a", "b", "a.$", "b.$"],
        L::Jsonata => &["a", "b"],
    };
    let leaf = prop_oneof![
        4 => text_in(language).prop_map(Value::from),
        1 => number().prop_map(Value::from),
        1 => Just(json!(true)),
        1 => Just(Value::Null),
    ];
    let key = prop_oneof![
        6 => prop::sample::select(keys),
        1 => prop::sample::select(KEYS),
    ];
    leaf.prop_recursive(2, 8, 3, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..3).prop_map(|entries| {
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<JsonMap<_, _>>(),
                )
            }),
        ]
    })
    .boxed()
}

fn language() -> BoxedStrategy<L> {
    prop_oneof![Just(L::JsonPath), Just(L::Jsonata)].boxed()
}

/// What a numeric field holds: a literal, a path or a JSONata expression.
#[derive(Debug, Clone)]
enum Num {
    Literal(i64),
    Path(String),
    Jsonata(String),
}

fn num(language: L) -> BoxedStrategy<Num> {
    let dynamic = match language {
        L::JsonPath => text_in(language).prop_map(Num::Path).boxed(),
        L::Jsonata => text_in(language).prop_map(Num::Jsonata).boxed(),
    };
    prop_oneof![
        6 => number().prop_map(Num::Literal),
        2 => dynamic,
        1 => text().prop_map(Num::Path),
        1 => text().prop_map(Num::Jsonata),
    ]
    .boxed()
}

/// The field value, or `None` when the text is no path or expression at all
/// (the types make such values impossible to pass).
fn num_field(n: &Num) -> Option<sfn_tasks::runtime::Field<i64>> {
    Some(match n {
        Num::Literal(v) => (*v).into(),
        Num::Path(p) => JsonPath::new(p).ok()?.into(),
        Num::Jsonata(j) => Jsonata::new(j).ok()?.into(),
    })
}

fn string_field(text: &str) -> sfn_tasks::runtime::Field<String> {
    match (JsonPath::new(text), Jsonata::new(text)) {
        (Ok(p), _) if text.starts_with('$') => p.into(),
        (_, Ok(j)) if text.starts_with("{%") => j.into(),
        _ => text.to_owned().into(),
    }
}

/// Fields every state type but Succeed/Fail may carry.
#[derive(Debug, Clone)]
struct Io {
    language: Option<L>,
    input_path: Option<String>,
    output_path: Option<String>,
    result_path: Option<String>,
    output: Option<Value>,
    assign: Option<(String, Value)>,
    comment: Option<String>,
}

fn io(l: L) -> BoxedStrategy<Io> {
    (
        prop::option::weighted(0.01, language()),
        only_in(l, L::JsonPath, path(true)),
        only_in(l, L::JsonPath, path(true)),
        only_in(l, L::JsonPath, path(true)),
        only_in(l, L::Jsonata, payload(l)),
        sometimes((variable(), payload(l))),
        sometimes(text()),
    )
        .prop_map(
            |(language, input_path, output_path, result_path, output, assign, comment)| Io {
                language,
                input_path,
                output_path,
                result_path,
                output,
                assign: assign.map(|(k, v)| (k.to_owned(), v)),
                comment,
            },
        )
        .boxed()
}

#[derive(Debug, Clone)]
struct RetryPlan {
    errors: Vec<String>,
    interval: Option<u32>,
    attempts: Option<u32>,
    backoff: Option<f64>,
    max_delay: Option<u32>,
    jitter: bool,
}

fn error_names() -> BoxedStrategy<Vec<String>> {
    let name = prop_oneof![
        9 => prop::sample::select(ERRORS).prop_map(str::to_owned),
        1 => text(),
    ];
    prop_oneof![
        29 => prop::collection::vec(name.clone(), 1..3),
        1 => prop::collection::vec(name, 0..1),
    ]
    .boxed()
}

/// A variable name for `Assign`: mostly a plain one.
fn variable() -> BoxedStrategy<&'static str> {
    prop_oneof![
        9 => prop::sample::select(&["count", "seen"][..]),
        1 => prop::sample::select(KEYS),
    ]
    .boxed()
}

/// One of `right`, or now and then one of `wrong` (or a boundary).
fn rarely_wrong<T: Clone + std::fmt::Debug + 'static>(
    right: Vec<T>,
    wrong: Vec<T>,
) -> BoxedStrategy<T> {
    prop_oneof![
        9 => prop::sample::select(right),
        1 => prop::sample::select(wrong),
    ]
    .boxed()
}

fn retry() -> BoxedStrategy<RetryPlan> {
    (
        error_names(),
        sometimes(rarely_wrong(
            vec![1u32, 5],
            vec![0, 99_999_999, 100_000_000, u32::MAX],
        )),
        sometimes(rarely_wrong(
            vec![0u32, 3],
            vec![99_999_999, 100_000_000, u32::MAX],
        )),
        sometimes(rarely_wrong(vec![1.0, 2.0], vec![0.5, f64::NAN])),
        sometimes(rarely_wrong(vec![10u32], vec![0, 31_622_400, 31_622_401])),
        any::<bool>(),
    )
        .prop_map(
            |(errors, interval, attempts, backoff, max_delay, jitter)| RetryPlan {
                errors,
                interval,
                attempts,
                backoff,
                max_delay,
                jitter,
            },
        )
        .boxed()
}

#[derive(Debug, Clone)]
struct CatchPlan {
    errors: Vec<String>,
    result_path: Option<String>,
    output: Option<Value>,
    assign: Option<Value>,
}

fn catch(l: L) -> BoxedStrategy<CatchPlan> {
    (
        error_names(),
        only_in(l, L::JsonPath, path(true)),
        only_in(l, L::Jsonata, payload(l)),
        sometimes(payload(l)),
    )
        .prop_map(|(errors, result_path, output, assign)| CatchPlan {
            errors,
            result_path,
            output,
            assign,
        })
        .boxed()
}

#[derive(Debug, Clone)]
enum Cond {
    Compare(Operator, String, Value),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    Jsonata(String),
}

fn operator() -> BoxedStrategy<Operator> {
    use Operator::*;
    prop::sample::select(vec![
        StringEquals,
        StringEqualsPath,
        StringLessThan,
        NumericEquals,
        NumericGreaterThanPath,
        BooleanEquals,
        BooleanEqualsPath,
        TimestampEquals,
        TimestampLessThanPath,
        IsNull,
        IsPresent,
        IsNumeric,
        IsTimestamp,
    ])
    .boxed()
}

/// An operand: mostly what the operator compares with, sometimes anything.
fn operand(l: L) -> BoxedStrategy<Value> {
    prop_oneof![
        2 => Just(json!("literal")),
        2 => Just(json!(true)),
        2 => Just(json!(5)),
        2 => Just(json!("2026-01-01T00:00:00Z")),
        2 => prop::sample::select(PATHS).prop_map(Value::from),
        1 => payload(l),
    ]
    .boxed()
}

fn condition(l: L) -> BoxedStrategy<Cond> {
    let leaf = match l {
        L::JsonPath => prop_oneof![
            8 => (operator(), prop::sample::select(PATHS), operand(l))
                .prop_map(|(o, v, x)| Cond::Compare(o, v.to_owned(), x)),
            1 => (operator(), text(), operand(l)).prop_map(|(o, v, x)| Cond::Compare(o, v, x)),
            1 => text().prop_map(Cond::Jsonata),
        ]
        .boxed(),
        // A JSONata rule is one expression, not a tree of comparisons.
        L::Jsonata => {
            return prop_oneof![
                19 => prop::sample::select(EXPRESSIONS).prop_map(|e| Cond::Jsonata(e.to_owned())),
                1 => text().prop_map(Cond::Jsonata),
                1 => (operator(), text(), operand(l)).prop_map(|(o, v, x)| Cond::Compare(o, v, x)),
            ]
            .boxed();
        }
    };
    leaf.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..3).prop_map(Cond::And),
            prop::collection::vec(inner.clone(), 1..3).prop_map(Cond::Or),
            inner.prop_map(|c| Cond::Not(Box::new(c))),
        ]
    })
    .boxed()
}

fn to_condition(c: &Cond) -> Condition {
    match c {
        Cond::Compare(operator, variable, value) => Condition::Compare {
            variable: variable.clone(),
            operator: *operator,
            value: value.clone(),
        },
        Cond::And(cs) => Condition::and(cs.iter().map(to_condition)),
        Cond::Or(cs) => Condition::or(cs.iter().map(to_condition)),
        Cond::Not(c) => Condition::not(to_condition(c)),
        Cond::Jsonata(e) => Condition::jsonata(e.clone()),
    }
}

/// What a Task runs.
#[derive(Debug, Clone)]
enum Work {
    /// A Lambda function by ARN: its parameters are the payload, unchecked.
    Function(Option<Value>),
    /// `sqs:sendMessage`, optionally waiting for a task token.
    Queue {
        token_in_body: bool,
        callback: bool,
        jsonata: bool,
    },
}

#[derive(Debug, Clone)]
enum Plan {
    Pass {
        io: Io,
        parameters: Option<Value>,
        result: Option<Value>,
    },
    Task {
        io: Io,
        work: Work,
        timeout: Option<Num>,
        heartbeat: Option<Num>,
        credentials: Option<String>,
        selector: Option<Value>,
        retries: Vec<RetryPlan>,
        catches: Vec<CatchPlan>,
    },
    Wait {
        io: Io,
        seconds: Option<Num>,
        until: String,
    },
    Choice {
        io: Io,
        rules: Vec<(Cond, Option<Value>, Vec<Plan>)>,
        default: Option<Vec<Plan>>,
    },
    Parallel {
        io: Io,
        branches: Vec<Vec<Plan>>,
        retries: Vec<RetryPlan>,
        catches: Vec<CatchPlan>,
    },
    Map {
        io: Io,
        processor: Vec<Plan>,
        distributed: bool,
        items_path: Option<String>,
        items: Option<Value>,
        selector: Option<Value>,
        max_concurrency: Option<Num>,
        tolerance: Option<i64>,
        batch: Option<(Option<i64>, Option<Value>)>,
        label: Option<String>,
        reader: bool,
        writer: bool,
    },
    Succeed,
    Fail {
        error: Option<String>,
        cause: Option<String>,
    },
}

fn task(l: L) -> BoxedStrategy<Plan> {
    let work = prop_oneof![
        sometimes(payload(l)).prop_map(Work::Function),
        (any::<bool>(), prop::bool::weighted(0.2)).prop_map(move |(t, c)| Work::Queue {
            token_in_body: t,
            callback: c,
            jsonata: l == L::Jsonata,
        }),
    ];
    (
        io(l),
        work,
        sometimes(num(l)),
        sometimes(num(l)),
        sometimes(text_in(l)),
        only_in(l, L::JsonPath, payload(l)),
        prop::collection::vec(retry(), 0..3),
        prop::collection::vec(catch(l), 0..2),
    )
        .prop_map(
            |(io, work, timeout, heartbeat, credentials, selector, retries, catches)| Plan::Task {
                io,
                work,
                timeout,
                heartbeat,
                credentials,
                selector,
                retries,
                catches,
            },
        )
        .boxed()
}

fn leaf(l: L) -> BoxedStrategy<Plan> {
    prop_oneof![
        3 => (io(l), only_in(l, L::JsonPath, payload(l)), only_in(l, L::JsonPath, payload(l)))
            .prop_map(|(io, parameters, result)| Plan::Pass {
                io,
                parameters,
                result
            }),
        3 => task(l),
        1 => (io(l), prop::option::weighted(0.7, num(l)), text_in(l))
            .prop_map(|(io, seconds, until)| Plan::Wait { io, seconds, until }),
        1 => Just(Plan::Succeed),
        1 => (sometimes(text_in(l)), sometimes(text_in(l)))
            .prop_map(|(error, cause)| Plan::Fail { error, cause }),
    ]
    .boxed()
}

fn map(l: L, scope: BoxedStrategy<Vec<Plan>>) -> BoxedStrategy<Plan> {
    let batch = sometimes((
        prop::option::weighted(0.9, number()),
        sometimes(
            prop::collection::vec((variable(), payload(l)), 0..2).prop_map(|entries| {
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect(),
                )
            }),
        ),
    ));
    let items = prop_oneof![
        3 => prop::collection::vec(payload(l), 0..3).prop_map(Value::Array),
        3 => prop::sample::select(EXPRESSIONS).prop_map(Value::from),
        1 => payload(l),
    ];
    (
        (io(l), scope, prop::bool::weighted(0.3)),
        (
            only_in(l, L::JsonPath, path(true)),
            only_in(l, L::Jsonata, items),
            sometimes(payload(l)),
            sometimes(num(l)),
            sometimes(number()),
        ),
        (
            batch,
            sometimes(text()),
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.2),
        ),
    )
        .prop_map(
            |(
                (io, processor, distributed),
                (items_path, items, selector, max_concurrency, tolerance),
                (batch, label, reader, writer),
            )| Plan::Map {
                io,
                processor,
                distributed,
                items_path,
                items,
                selector,
                max_concurrency,
                tolerance,
                batch,
                label,
                reader,
                writer,
            },
        )
        .boxed()
}

fn plans(l: L) -> BoxedStrategy<Vec<Plan>> {
    let state = leaf(l).prop_recursive(3, 24, 3, move |inner| {
        let scope = prop::collection::vec(inner, 1..3).boxed();
        prop_oneof![
            (
                io(l),
                prop::collection::vec((condition(l), sometimes(payload(l)), scope.clone()), 1..3),
                sometimes(scope.clone()),
            )
                .prop_map(|(io, rules, default)| Plan::Choice { io, rules, default }),
            (
                io(l),
                prop::collection::vec(scope.clone(), 1..3),
                prop::collection::vec(retry(), 0..2),
                prop::collection::vec(catch(l), 0..2),
            )
                .prop_map(|(io, branches, retries, catches)| Plan::Parallel {
                    io,
                    branches,
                    retries,
                    catches
                }),
            map(l, scope),
        ]
    });
    prop::collection::vec(state, 1..4).boxed()
}

/// A machine's query language and the plan of its top scope.
fn machines() -> BoxedStrategy<(L, Vec<Plan>)> {
    language().prop_flat_map(|l| (Just(l), plans(l))).boxed()
}

/// Gives every state a fresh name.
struct Names(usize);

impl Names {
    fn next(&mut self, kind: &str) -> String {
        self.0 += 1;
        format!("{kind} {}", self.0)
    }
}

macro_rules! with_io {
    ($state:expr, $io:expr) => {{
        let io: &Io = $io;
        let mut s = $state;
        if let Some(l) = io.language {
            s = s.query_language(l);
        }
        if let Some(p) = &io.input_path {
            s = s.input_path(p.clone());
        }
        if let Some(p) = &io.output_path {
            s = s.output_path(p.clone());
        }
        if let Some(o) = &io.output {
            s = s.output(o.clone());
        }
        if let Some((k, v)) = &io.assign {
            s = s.assign(k.clone(), v.clone());
        }
        if let Some(c) = &io.comment {
            s = s.comment(c.clone());
        }
        s
    }};
}

macro_rules! with_result {
    ($state:expr, $io:expr) => {{
        let mut s = $state;
        if let Some(p) = &$io.result_path {
            s = s.result_path(p.clone());
        }
        s
    }};
}

macro_rules! with_errors {
    ($state:expr, $retries:expr, $catches:expr, $names:expr) => {{
        let mut s = $state;
        for r in $retries {
            s = s.retry(to_retry(r));
        }
        for c in $catches {
            s = s.catch(to_catch(c, $names));
        }
        s
    }};
}

fn to_retry(r: &RetryPlan) -> Retry {
    let mut retry = Retry::on(r.errors.clone());
    if let Some(v) = r.interval {
        retry = retry.interval_seconds(v);
    }
    if let Some(v) = r.attempts {
        retry = retry.max_attempts(v);
    }
    if let Some(v) = r.backoff {
        retry = retry.backoff_rate(v);
    }
    if let Some(v) = r.max_delay {
        retry = retry.max_delay_seconds(v);
    }
    if r.jitter {
        retry = retry.jitter(JitterStrategy::Full);
    }
    retry
}

fn to_catch(c: &CatchPlan, names: &mut Names) -> Catch {
    let mut catch = Catch::on(c.errors.clone(), Succeed::new(names.next("Handled")));
    if let Some(p) = &c.result_path {
        catch = catch.result_path(p.clone());
    }
    if let Some(o) = &c.output {
        catch = catch.output(o.clone());
    }
    if let Some(a) = &c.assign {
        catch = catch.assign("caught", a.clone());
    }
    catch
}

fn to_chain(plans: &[Plan], names: &mut Names) -> Chain {
    let mut chain: Option<Chain> = None;
    for plan in plans {
        let next = to_state(plan, names);
        chain = Some(match chain {
            None => next,
            Some(c) => c.next(next),
        });
    }
    chain.unwrap_or_else(|| Chain::start(Pass::new(names.next("Empty"))))
}

fn to_state(plan: &Plan, names: &mut Names) -> Chain {
    match plan {
        Plan::Pass {
            io,
            parameters,
            result,
        } => {
            let mut s = with_result!(with_io!(Pass::new(names.next("Pass")), io), io);
            if let Some(p) = parameters {
                s = s.parameters(p.clone());
            }
            if let Some(r) = result {
                s = s.result(r.clone());
            }
            s.into()
        }
        Plan::Task {
            io,
            work,
            timeout,
            heartbeat,
            credentials,
            selector,
            retries,
            catches,
        } => {
            let task = match work {
                Work::Function(p) => {
                    let t =
                        CustomTask::from_arn("arn:aws:lambda:us-east-1:123456789012:function:f");
                    match p {
                        Some(p) => t.parameters(p.clone()),
                        None => t,
                    }
                }
                Work::Queue {
                    token_in_body,
                    callback,
                    jsonata,
                } => {
                    let body = match (*token_in_body, *jsonata) {
                        (true, false) => {
                            json!({"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}})
                        }
                        (false, false) => json!({"QueueUrl": "q", "MessageBody.$": "$"}),
                        (true, true) => {
                            json!({"QueueUrl": "q", "MessageBody": "{% $states.context.Task.Token %}"})
                        }
                        (false, true) => {
                            json!({"QueueUrl": "q", "MessageBody": "{% $states.input %}"})
                        }
                    };
                    let t = CustomTask::new("sqs", "sendMessage").parameters(body);
                    if *callback {
                        t.integration_pattern(IntegrationPattern::WaitForTaskToken)
                    } else {
                        t
                    }
                }
            };
            let mut s = task.state(names.next("Task"));
            s = with_io!(s, io);
            s = with_result!(s, io);
            if let Some(f) = timeout.as_ref().and_then(num_field) {
                s = s.timeout_seconds(f);
            }
            if let Some(f) = heartbeat.as_ref().and_then(num_field) {
                s = s.heartbeat_seconds(f);
            }
            if let Some(c) = credentials {
                s = s.credentials(string_field(c));
            }
            if let Some(v) = selector {
                s = s.result_selector(v.clone());
            }
            with_errors!(s, retries, catches, names).into()
        }
        Plan::Wait { io, seconds, until } => {
            let name = names.next("Wait");
            let s = match seconds.as_ref().and_then(num_field) {
                Some(f) => Wait::seconds(name, f),
                None => Wait::until(name, string_field(until)),
            };
            with_io!(s, io).into()
        }
        Plan::Choice { io, rules, default } => {
            let mut s = with_io!(Choice::new(names.next("Choice")), io);
            for (condition, output, next) in rules {
                let mut rule =
                    sfn_tasks::runtime::Rule::new(to_condition(condition), to_chain(next, names));
                if let Some(o) = output {
                    rule = rule.output(o.clone());
                }
                s = s.rule(rule);
            }
            if let Some(d) = default {
                s = s.otherwise(to_chain(d, names));
            }
            // The states after a Choice continue its branches.
            s.afterwards()
        }
        Plan::Parallel {
            io,
            branches,
            retries,
            catches,
        } => {
            let mut s = with_result!(with_io!(Parallel::new(names.next("Parallel")), io), io);
            for b in branches {
                s = s.branch(to_chain(b, names));
            }
            with_errors!(s, retries, catches, names).into()
        }
        Plan::Map {
            io,
            processor,
            distributed,
            items_path,
            items,
            selector,
            max_concurrency,
            tolerance,
            batch,
            label,
            reader,
            writer,
        } => {
            let name = names.next("Map");
            let mut s = with_result!(with_io!(Map::new(name, to_chain(processor, names)), io), io);
            // The distributed-only fields come mostly with a distributed
            // Map, now and then (every fifth) with an inline one.
            let distributed_fields = *distributed || names.0 % 5 == 0;
            if *distributed {
                s = s.distributed(ExecutionType::Standard);
            }
            if let Some(p) = items_path {
                s = s.items_path(p.clone());
            }
            if let Some(i) = items {
                s = s.items(i.clone());
            }
            if let Some(v) = selector {
                s = s.item_selector(v.clone());
            }
            if let Some(f) = max_concurrency.as_ref().and_then(num_field) {
                s = s.max_concurrency(f);
            }
            if let Some(t) = tolerance.filter(|_| distributed_fields) {
                s = s.tolerated_failure_count(t);
            }
            if let Some((items, input)) = batch.as_ref().filter(|_| distributed_fields) {
                let mut b = ItemBatcher::new();
                if let Some(n) = items {
                    b = b.max_items_per_batch(*n);
                }
                if let Some(v) = input {
                    b = b.batch_input(v.clone());
                }
                s = s.item_batcher(b);
            }
            if let Some(l) = label.as_ref().filter(|_| distributed_fields) {
                s = s.label(l.clone());
            }
            if *reader && distributed_fields {
                s = s.item_reader(ItemReader::s3_object("bucket", "items.json"));
            }
            if *writer && distributed_fields {
                s = s.result_writer(ResultWriter::s3("bucket", "out/"));
            }
            s.into()
        }
        Plan::Succeed => Succeed::new(names.next("Succeed")).into(),
        Plan::Fail { error, cause } => {
            let mut s = Fail::new(names.next("Fail"));
            if let Some(e) = error {
                s = s.error(string_field(e));
            }
            if let Some(c) = cause {
                s = s.cause(string_field(c));
            }
            s.into()
        }
    }
}

/// The errors lint finds in the machine the builder made from `plans`, if
/// the builder accepted it.
fn lint_errors_of_accepted(
    plans: &[Plan],
    language: QueryLanguage,
) -> Option<(String, Vec<String>)> {
    let chain = to_chain(plans, &mut Names(0));
    let machine = StateMachine::builder(chain)
        .query_language(language)
        .build()
        .ok()?;
    let asl = machine.to_asl_string_pretty();
    let source = Source::parse("machine.asl.json", asl.clone()).expect("the builder's ASL parses");
    let errors = cli::lint(&source)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} at {}: {}", d.code, d.pointer, d.message))
        .collect();
    Some((asl, errors))
}

/// Runs on a thread with a large stack: proptest's nested strategies, not
/// the crate, need more than the test harness's 2 MB in a debug build.
fn with_large_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn every_machine_the_builder_accepts_lints_clean() {
    with_large_stack(|| {
        // 2,000 cases (about 280 accepted machines) unless PROPTEST_CASES says otherwise.
        let cases = std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(2_000);
        let mut runner = TestRunner::new(Config {
            cases,
            ..Config::default()
        });
        let outcome = runner.run(&machines(), |(language, plans)| {
            if let Some((asl, errors)) = lint_errors_of_accepted(&plans, language) {
                prop_assert!(
                    errors.is_empty(),
                    "lint rejects what the builder accepted:\n{}\n{asl}",
                    errors.join("\n")
                );
            }
            Ok(())
        });
        if let Err(e) = outcome {
            panic!("{e}");
        }
    });
}

/// The generator is not so wild that the builder refuses everything: a
/// good share of machines is accepted and linted, or the property above
/// would check nothing.
#[test]
fn the_generator_reaches_accepted_machines() {
    with_large_stack(|| {
        let mut runner = TestRunner::deterministic();
        let strategy = machines();
        let mut accepted = 0;
        for _ in 0..400 {
            let (language, plans) = strategy.new_tree(&mut runner).unwrap().current();
            accepted += usize::from(lint_errors_of_accepted(&plans, language).is_some());
        }
        assert!(accepted >= 40, "only {accepted} of 400 machines accepted");
        eprintln!("{accepted} of 400 generated machines accepted by the builder");
    });
}
