//! The Wait state.

use serde_json::{Map, Value};

use super::common::{
    Common, head, impl_assign, impl_base, impl_io, put_field, put_path, put_tail_io, put_transition,
};
use crate::runtime::Field;

/// How long a Wait state waits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WaitFor {
    /// `Seconds`, `SecondsPath` or a JSONata `Seconds`.
    Seconds(Field<i64>),
    /// `Timestamp`, `TimestampPath` or a JSONata `Timestamp`.
    Timestamp(Field<String>),
}

/// A Wait state: pauses for a number of seconds or until a timestamp.
///
/// Each constructor takes a literal, a [`JsonPath`](crate::JsonPath)
/// (rendered as `SecondsPath`/`TimestampPath`) or a
/// [`Jsonata`](crate::Jsonata) expression.
///
/// ```
/// use sfn_tasks::runtime::{StateMachine, Wait};
/// use sfn_tasks::JsonPath;
///
/// let wait = Wait::seconds("Cool down", JsonPath::new("$.waitSeconds").unwrap());
/// let asl = StateMachine::new(wait).unwrap().to_asl_json();
/// assert_eq!(asl["States"]["Cool down"]["SecondsPath"], "$.waitSeconds");
///
/// let until = Wait::until("Until launch", "2030-01-01T00:00:00Z");
/// assert_eq!(StateMachine::new(until).unwrap().to_asl_json()["States"]["Until launch"]["Timestamp"],
///            "2030-01-01T00:00:00Z");
/// ```
#[derive(Debug, Clone)]
pub struct Wait {
    pub(crate) common: Common,
    pub(crate) wait: WaitFor,
}

impl_base!(Wait);
impl_io!(Wait);
impl_assign!(Wait);

impl Wait {
    /// Waits a number of seconds (`Seconds`, `SecondsPath`, or JSONata).
    pub fn seconds(name: impl Into<String>, seconds: impl Into<Field<i64>>) -> Self {
        Wait {
            common: Common::named(name),
            wait: WaitFor::Seconds(seconds.into()),
        }
    }

    /// Waits until a timestamp (`Timestamp`, `TimestampPath`, or JSONata).
    pub fn until(name: impl Into<String>, timestamp: impl Into<Field<String>>) -> Self {
        Wait {
            common: Common::named(name),
            wait: WaitFor::Timestamp(timestamp.into()),
        }
    }

    pub(crate) fn to_asl(&self) -> Map<String, Value> {
        let mut m = head("Wait", &self.common);
        match &self.wait {
            WaitFor::Seconds(s) => put_field(&mut m, "Seconds", &Some(s.clone())),
            WaitFor::Timestamp(t) => put_field(&mut m, "Timestamp", &Some(t.clone())),
        }
        put_path(&mut m, "InputPath", &self.common.input_path);
        put_path(&mut m, "OutputPath", &self.common.output_path);
        put_tail_io(&mut m, &self.common);
        put_transition(&mut m, &self.common);
        m
    }
}
