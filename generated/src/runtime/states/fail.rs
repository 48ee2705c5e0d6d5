//! The Fail state.

use serde_json::{Map, Value};

use super::common::{Common, RenderContext, head, impl_base, put_field};
use crate::runtime::Field;

/// A Fail state: ends the execution (or the branch) with an error.
///
/// `Error` and `Cause` take a literal, a [`JsonPath`](crate::JsonPath) or an
/// [`Intrinsic`](crate::Intrinsic) (rendered as `ErrorPath`/`CausePath`), or
/// a [`Jsonata`](crate::Jsonata) expression.
///
/// ```
/// use sfn_tasks::runtime::{Fail, StateMachine};
/// use sfn_tasks::JsonPath;
///
/// let fail = Fail::new("Rejected").error("OrderRejected").cause(JsonPath::new("$.reason").unwrap());
/// let asl = StateMachine::new(fail).unwrap().to_asl_json();
/// assert_eq!(asl["States"]["Rejected"]["CausePath"], "$.reason");
/// ```
#[derive(Debug, Clone)]
pub struct Fail {
    pub(crate) common: Common,
    pub(crate) error: Option<Field<String>>,
    pub(crate) cause: Option<Field<String>>,
}

impl_base!(Fail);

impl Fail {
    /// A Fail state called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Fail {
            common: Common::named(name),
            error: None,
            cause: None,
        }
    }

    /// Sets `Error` (or `ErrorPath` for a path or intrinsic).
    pub fn error(mut self, error: impl Into<Field<String>>) -> Self {
        self.error = Some(error.into());
        self
    }

    /// Sets `Cause` (or `CausePath` for a path or intrinsic).
    pub fn cause(mut self, cause: impl Into<Field<String>>) -> Self {
        self.cause = Some(cause.into());
        self
    }

    pub(crate) fn to_asl(&self, ctx: &RenderContext<'_>) -> Map<String, Value> {
        let mut m = head("Fail", &self.common, ctx);
        put_field(&mut m, "Error", &self.error);
        put_field(&mut m, "Cause", &self.cause);
        m
    }
}
