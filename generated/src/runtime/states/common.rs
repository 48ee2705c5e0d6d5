//! Fields shared by several state types, the builder methods that set them,
//! and the helpers that write them in ASL order.

use serde_json::{Map, Value};

use super::retry::{Catch, Retry};
use crate::runtime::iam::Bindings;
use crate::runtime::vocabulary::{JSONATA, JSONPATH};
use crate::runtime::{Dynamic, Field, ToAsl};

/// The query language of a state or of the whole machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum QueryLanguage {
    /// JSONPath (the ASL default): `InputPath`, `Parameters`, `ResultSelector`,
    /// `ResultPath`, `OutputPath`, `.$` keys.
    #[default]
    JsonPath,
    /// JSONata: `Arguments`, `Output`, `Condition`, `Items`, `{% %}` values.
    Jsonata,
}

impl QueryLanguage {
    /// The ASL spelling (`JSONPath`, `JSONata`).
    pub fn as_str(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => JSONPATH,
            QueryLanguage::Jsonata => JSONATA,
        }
    }

    /// The field a state's input for its task goes in: `Parameters`
    /// (JSONPath) or `Arguments` (JSONata).
    pub(crate) fn arguments_key(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "Parameters",
            QueryLanguage::Jsonata => "Arguments",
        }
    }
}

/// A path field that may also be JSON `null` (`ResultPath: null` discards
/// the result; `InputPath: null` / `OutputPath: null` pass `{}`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NullablePath {
    Path(String),
    Null,
}

impl NullablePath {
    pub(crate) fn to_json(&self) -> Value {
        match self {
            NullablePath::Path(p) => Value::from(p.as_str()),
            NullablePath::Null => Value::Null,
        }
    }
}

/// Everything a state may carry besides its type-specific fields. Each state
/// type exposes builder methods only for the fields ASL allows on it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Common {
    pub(crate) name: String,
    pub(crate) comment: Option<String>,
    pub(crate) query_language: Option<QueryLanguage>,
    pub(crate) input_path: Option<NullablePath>,
    pub(crate) output_path: Option<NullablePath>,
    pub(crate) result_path: Option<NullablePath>,
    // Boxed: most states set none of these, and a state's size is what
    // every walk over a large machine pays for.
    pub(crate) result_selector: Option<Box<Value>>,
    pub(crate) parameters: Option<Box<Value>>,
    pub(crate) arguments: Option<Box<Value>>,
    pub(crate) output: Option<Box<Value>>,
    pub(crate) assign: Option<Box<Map<String, Value>>>,
    pub(crate) retry: Vec<Retry>,
    pub(crate) catch: Vec<Catch>,
    /// `None` renders `"End": true` on states that need a transition.
    pub(crate) next: Option<String>,
}

impl Common {
    pub(crate) fn named(name: impl Into<String>) -> Self {
        Common {
            name: name.into(),
            ..Common::default()
        }
    }

    /// The language the state runs in: its own, or the machine's.
    pub(crate) fn language(&self, machine: QueryLanguage) -> QueryLanguage {
        self.query_language.unwrap_or(machine)
    }
}

/// What the renderers need besides the state itself.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RenderContext<'a> {
    /// The query language the current scope's states inherit: the
    /// enclosing Parallel's or Map's, else the machine's.
    pub(crate) language: QueryLanguage,
    /// The machine's own query language.
    pub(crate) machine: QueryLanguage,
    /// Concrete values for placeholders (applied by the caller to the whole document).
    pub(crate) bindings: &'a Bindings,
    /// Whether integration ARNs keep `${AWS::Partition}` (CloudFormation) instead of `aws`.
    pub(crate) placeholders: bool,
}

impl RenderContext<'_> {
    /// The context of the scopes a Parallel or Map with `common` holds:
    /// their states inherit its language.
    pub(crate) fn inside(&self, common: &Common) -> Self {
        RenderContext {
            language: common.language(self.language),
            ..*self
        }
    }
}

/// Starts a state object: `Type`, `Comment`, `QueryLanguage`. A state that
/// sets no language but inherits one other than the machine's (it sits in a
/// Parallel or Map that set its own) is marked with it too: whether an
/// unmarked state there follows the machine or the enclosing state, the
/// rendered definition then means the same.
pub(crate) fn head(ty: &str, common: &Common, ctx: &RenderContext<'_>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("Type".to_owned(), Value::from(ty));
    if let Some(c) = &common.comment {
        m.insert("Comment".to_owned(), Value::from(c.as_str()));
    }
    let inherited = (ctx.language != ctx.machine).then_some(ctx.language);
    if let Some(q) = common.query_language.or(inherited) {
        m.insert("QueryLanguage".to_owned(), Value::from(q.as_str()));
    }
    m
}

pub(crate) fn put_path(m: &mut Map<String, Value>, key: &str, value: &Option<NullablePath>) {
    if let Some(v) = value {
        m.insert(key.to_owned(), v.to_json());
    }
}

pub(crate) fn put_value<V: std::borrow::Borrow<Value>>(
    m: &mut Map<String, Value>,
    key: &str,
    value: &Option<V>,
) {
    if let Some(v) = value {
        m.insert(key.to_owned(), v.borrow().clone());
    }
}

/// Writes a numeric or string field that also has a `…Path` form:
/// literal and JSONata under `key`, paths and intrinsics under `key` + `Path`.
pub(crate) fn put_field<T: ToAsl>(m: &mut Map<String, Value>, key: &str, value: &Option<Field<T>>) {
    match value {
        None => {}
        Some(Field::Value(v)) => {
            m.insert(key.to_owned(), v.to_asl());
        }
        Some(Field::Dynamic(d @ Dynamic::Jsonata(_))) => {
            m.insert(key.to_owned(), Value::from(d.to_asl_string()));
        }
        Some(Field::Dynamic(d)) => {
            m.insert(format!("{key}Path"), Value::from(d.to_asl_string()));
        }
    }
}

/// Writes `InputPath`, the given parameters (as `Parameters` or `Arguments`),
/// `ResultSelector`, `ResultPath`, `OutputPath`, `Output`, `Assign`.
pub(crate) fn put_io(
    m: &mut Map<String, Value>,
    common: &Common,
    parameters: Option<Value>,
    language: QueryLanguage,
) {
    put_path(m, "InputPath", &common.input_path);
    if let Some(p) = parameters {
        m.insert(language.arguments_key().to_owned(), p);
    }
    put_value(m, "ResultSelector", &common.result_selector);
    put_path(m, "ResultPath", &common.result_path);
    put_path(m, "OutputPath", &common.output_path);
    put_tail_io(m, common);
}

/// Writes `Output` and `Assign`.
pub(crate) fn put_tail_io(m: &mut Map<String, Value>, common: &Common) {
    put_value(m, "Output", &common.output);
    if let Some(a) = &common.assign {
        m.insert("Assign".to_owned(), Value::Object((**a).clone()));
    }
}

/// Writes `Retry` and `Catch`.
pub(crate) fn put_errors(m: &mut Map<String, Value>, common: &Common) {
    if !common.retry.is_empty() {
        m.insert(
            "Retry".to_owned(),
            Value::Array(common.retry.iter().map(Retry::to_json).collect()),
        );
    }
    if !common.catch.is_empty() {
        m.insert(
            "Catch".to_owned(),
            Value::Array(common.catch.iter().map(Catch::to_json).collect()),
        );
    }
}

/// Writes `Next` or `"End": true`.
pub(crate) fn put_transition(m: &mut Map<String, Value>, common: &Common) {
    match &common.next {
        Some(n) => m.insert("Next".to_owned(), Value::from(n.as_str())),
        None => m.insert("End".to_owned(), Value::Bool(true)),
    };
}

/// `name`, `comment` and `query_language` for every state type.
macro_rules! impl_base {
    ($ty:ty) => {
        impl $ty {
            /// The state's name.
            pub fn name(&self) -> &str {
                &self.common.name
            }

            /// Sets `Comment`.
            pub fn comment(mut self, comment: impl Into<String>) -> Self {
                self.common.comment = Some(comment.into());
                self
            }

            /// Sets this state's `QueryLanguage`, overriding the machine's.
            pub fn query_language(mut self, language: $crate::runtime::QueryLanguage) -> Self {
                self.common.query_language = Some(language);
                self
            }
        }
    };
}

/// `InputPath`, `OutputPath`, JSONata `Output`.
macro_rules! impl_io {
    ($ty:ty) => {
        impl $ty {
            /// Sets `InputPath` (JSONPath only), checked when the machine is built.
            pub fn input_path(mut self, path: impl Into<String>) -> Self {
                self.common.input_path = Some($crate::runtime::states::common::NullablePath::Path(
                    path.into(),
                ));
                self
            }

            /// Sets `InputPath: null`: the state sees `{}` as its input (JSONPath only).
            pub fn discard_input(mut self) -> Self {
                self.common.input_path = Some($crate::runtime::states::common::NullablePath::Null);
                self
            }

            /// Sets `OutputPath` (JSONPath only), checked when the machine is built.
            pub fn output_path(mut self, path: impl Into<String>) -> Self {
                self.common.output_path = Some(
                    $crate::runtime::states::common::NullablePath::Path(path.into()),
                );
                self
            }

            /// Sets `OutputPath: null`: the state passes `{}` on (JSONPath only).
            pub fn discard_output(mut self) -> Self {
                self.common.output_path = Some($crate::runtime::states::common::NullablePath::Null);
                self
            }

            /// Sets `Output` (JSONata only): any JSON, with `{% %}` strings evaluated.
            pub fn output(mut self, output: impl Into<serde_json::Value>) -> Self {
                self.common.output = Some(Box::new(output.into()));
                self
            }
        }
    };
}

/// `Assign` (workflow variables).
macro_rules! impl_assign {
    ($ty:ty) => {
        impl $ty {
            /// Adds a workflow variable to `Assign`. In JSONPath states a
            /// key ending in `.$` takes a path; in JSONata states `{% %}` strings
            /// are evaluated.
            pub fn assign(
                mut self,
                variable: impl Into<String>,
                value: impl Into<serde_json::Value>,
            ) -> Self {
                self.common
                    .assign
                    .get_or_insert_with(Default::default)
                    .insert(variable.into(), value.into());
                self
            }
        }
    };
}

/// `ResultPath`, including the discard form.
macro_rules! impl_result {
    ($ty:ty) => {
        impl $ty {
            /// Sets `ResultPath` (JSONPath only): where the result goes in the input.
            pub fn result_path(mut self, path: impl Into<String>) -> Self {
                self.common.result_path = Some(
                    $crate::runtime::states::common::NullablePath::Path(path.into()),
                );
                self
            }

            /// Sets `ResultPath: null`: discard the result and pass the input on (JSONPath only).
            pub fn discard_result(mut self) -> Self {
                self.common.result_path = Some($crate::runtime::states::common::NullablePath::Null);
                self
            }
        }
    };
}

/// `ResultSelector`.
macro_rules! impl_result_selector {
    ($ty:ty) => {
        impl $ty {
            /// Sets `ResultSelector` (JSONPath only): reshapes the raw result
            /// before `ResultPath`; `.$` keys take paths into the result.
            pub fn result_selector(mut self, selector: serde_json::Value) -> Self {
                self.common.result_selector = Some(Box::new(selector));
                self
            }
        }
    };
}

/// `Retry` and `Catch`.
macro_rules! impl_errors {
    ($ty:ty) => {
        impl $ty {
            /// Adds a retrier; retriers are tried in order.
            pub fn retry(mut self, retry: $crate::runtime::Retry) -> Self {
                self.common.retry.push(retry);
                self
            }

            /// Adds a catcher; catchers are tried in order after the retriers give up.
            pub fn catch(mut self, catch: $crate::runtime::Catch) -> Self {
                self.common.catch.push(catch);
                self
            }
        }
    };
}

pub(crate) use {impl_assign, impl_base, impl_errors, impl_io, impl_result, impl_result_selector};
