//! Retriers and catchers, with the error names Step Functions defines
//! (kept in the [vocabulary](crate::runtime::vocabulary)).

use serde_json::{Map, Value};

use super::choice::Numeric;
use super::common::NullablePath;
use crate::runtime::machine::Target;
use crate::runtime::vocabulary::{
    JITTER_FULL, JITTER_NONE, MAX_RETRY_ATTEMPTS, MAX_RETRY_DELAY_SECONDS, MAX_SECONDS,
    MIN_BACKOFF_RATE,
};

pub use crate::runtime::vocabulary::errors;

/// How retry intervals are randomised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JitterStrategy {
    /// `FULL`: each wait is random between 0 and the computed interval.
    Full,
    /// `NONE`: waits follow the backoff exactly (the default).
    None,
}

impl JitterStrategy {
    /// The ASL spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            JitterStrategy::Full => JITTER_FULL,
            JitterStrategy::None => JITTER_NONE,
        }
    }
}

/// A retrier (`Retry` entry). Unset fields take the ASL defaults
/// (1 s interval, 3 attempts, backoff 2.0).
///
/// ```
/// use sfn_tasks::runtime::{errors, JitterStrategy, Retry};
///
/// let retry = Retry::on([errors::TASK_FAILED, "Lambda.ServiceException"])
///     .interval_seconds(2)
///     .max_attempts(6)
///     .backoff_rate(2.0)
///     .max_delay_seconds(30)
///     .jitter(JitterStrategy::Full);
/// assert_eq!(retry.to_json()["MaxAttempts"], 6);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Retry {
    pub(crate) errors: Vec<String>,
    pub(crate) interval_seconds: Option<u32>,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) backoff_rate: Option<f64>,
    pub(crate) max_delay_seconds: Option<u32>,
    pub(crate) jitter: Option<JitterStrategy>,
    pub(crate) comment: Option<String>,
}

impl Retry {
    /// Retries the given errors.
    pub fn on<I>(errors: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        Retry {
            errors: errors.into_iter().map(Into::into).collect(),
            interval_seconds: None,
            max_attempts: None,
            backoff_rate: None,
            max_delay_seconds: None,
            jitter: None,
            comment: None,
        }
    }

    /// Retries every error (`States.ALL`).
    pub fn all() -> Self {
        Retry::on([errors::ALL])
    }

    /// Seconds before the first retry (at least 1).
    pub fn interval_seconds(mut self, seconds: u32) -> Self {
        self.interval_seconds = Some(seconds);
        self
    }

    /// Maximum number of retries (0 disables retrying).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    /// Multiplier of the interval per attempt (at least 1.0).
    pub fn backoff_rate(mut self, rate: f64) -> Self {
        self.backoff_rate = Some(rate);
        self
    }

    /// Upper bound of any interval (1 to 31,622,400 seconds).
    pub fn max_delay_seconds(mut self, seconds: u32) -> Self {
        self.max_delay_seconds = Some(seconds);
        self
    }

    /// Jitter strategy.
    pub fn jitter(mut self, jitter: JitterStrategy) -> Self {
        self.jitter = Some(jitter);
        self
    }

    /// A comment for this retrier.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// The retrier as ASL JSON.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("ErrorEquals".to_owned(), Value::from(self.errors.clone()));
        if let Some(c) = &self.comment {
            m.insert("Comment".to_owned(), Value::from(c.as_str()));
        }
        if let Some(v) = self.interval_seconds {
            m.insert("IntervalSeconds".to_owned(), Value::from(v));
        }
        if let Some(v) = self.max_attempts {
            m.insert("MaxAttempts".to_owned(), Value::from(v));
        }
        if let Some(v) = self.backoff_rate {
            // Integral rates print as integers (`2`, not `2.0`), as Step
            // Functions and CDK write them.
            m.insert("BackoffRate".to_owned(), Numeric::to_json(v));
        }
        if let Some(v) = self.max_delay_seconds {
            m.insert("MaxDelaySeconds".to_owned(), Value::from(v));
        }
        if let Some(v) = self.jitter {
            m.insert("JitterStrategy".to_owned(), Value::from(v.as_str()));
        }
        Value::Object(m)
    }

    /// The problems with this retrier, if any.
    pub(crate) fn problems(&self) -> Option<String> {
        if let Some(p) = error_list_problem(&self.errors) {
            return Some(p);
        }
        if self.interval_seconds == Some(0) {
            return Some("IntervalSeconds must be at least 1".to_owned());
        }
        if self
            .interval_seconds
            .is_some_and(|v| i64::from(v) > MAX_SECONDS)
        {
            return Some(format!("IntervalSeconds must be at most {MAX_SECONDS}"));
        }
        if self
            .max_attempts
            .is_some_and(|v| i64::from(v) > MAX_RETRY_ATTEMPTS)
        {
            return Some(format!("MaxAttempts must be at most {MAX_RETRY_ATTEMPTS}"));
        }
        if let Some(rate) = self
            .backoff_rate
            .filter(|r| !(r.is_finite() && *r >= MIN_BACKOFF_RATE))
        {
            return Some(format!(
                "BackoffRate must be a number of at least 1.0, not {rate}"
            ));
        }
        if let Some(d) = self
            .max_delay_seconds
            .filter(|d| !(1..=MAX_RETRY_DELAY_SECONDS).contains(&i64::from(*d)))
        {
            return Some(format!(
                "MaxDelaySeconds must be between 1 and {MAX_RETRY_DELAY_SECONDS}, not {d}"
            ));
        }
        None
    }
}

/// Checks an `ErrorEquals` list: not empty, and `States.ALL` alone.
pub(crate) fn error_list_problem(errors: &[String]) -> Option<String> {
    if errors.is_empty() {
        return Some("ErrorEquals must name at least one error".to_owned());
    }
    if errors.iter().any(|e| e.is_empty()) {
        return Some("ErrorEquals contains an empty error name".to_owned());
    }
    if errors.len() > 1 && errors.iter().any(|e| e == errors::ALL) {
        return Some("States.ALL must be the only error in its ErrorEquals".to_owned());
    }
    None
}

/// A catcher (`Catch` entry): on the listed errors, go to `next`.
///
/// The target is either a chain of states, which becomes part of the
/// machine, or the name of a state defined elsewhere ([`goto`](crate::runtime::goto)).
///
/// ```
/// use sfn_tasks::runtime::{errors, Catch, Fail};
///
/// let catch = Catch::on([errors::TIMEOUT], Fail::new("Timed out").error("Timeout"))
///     .result_path("$.error");
/// assert_eq!(catch.to_json()["Next"], "Timed out");
/// ```
#[derive(Debug, Clone)]
pub struct Catch {
    pub(crate) errors: Vec<String>,
    pub(crate) next: Target,
    pub(crate) result_path: Option<NullablePath>,
    pub(crate) output: Option<Value>,
    pub(crate) assign: Option<Map<String, Value>>,
    pub(crate) comment: Option<String>,
}

impl Catch {
    /// Catches the given errors.
    pub fn on<I>(errors: I, next: impl Into<Target>) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        Catch {
            errors: errors.into_iter().map(Into::into).collect(),
            next: next.into(),
            result_path: None,
            output: None,
            assign: None,
            comment: None,
        }
    }

    /// Catches every error (`States.ALL`).
    pub fn all(next: impl Into<Target>) -> Self {
        Catch::on([errors::ALL], next)
    }

    /// Sets `ResultPath` (JSONPath only): where the error output goes in the input.
    pub fn result_path(mut self, path: impl Into<String>) -> Self {
        self.result_path = Some(NullablePath::Path(path.into()));
        self
    }

    /// Sets `ResultPath: null`: pass the original input on, drop the error.
    pub fn discard_result(mut self) -> Self {
        self.result_path = Some(NullablePath::Null);
        self
    }

    /// Sets `Output` (JSONata only); the default is `$states.errorOutput`.
    pub fn output(mut self, output: impl Into<Value>) -> Self {
        self.output = Some(output.into());
        self
    }

    /// Adds a workflow variable to `Assign`.
    pub fn assign(mut self, variable: impl Into<String>, value: impl Into<Value>) -> Self {
        self.assign
            .get_or_insert_with(Default::default)
            .insert(variable.into(), value.into());
        self
    }

    /// A comment for this catcher.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// The catcher as ASL JSON.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("ErrorEquals".to_owned(), Value::from(self.errors.clone()));
        if let Some(c) = &self.comment {
            m.insert("Comment".to_owned(), Value::from(c.as_str()));
        }
        if let Some(p) = &self.result_path {
            m.insert("ResultPath".to_owned(), p.to_json());
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn retry_renders_in_asl_order() {
        let r = Retry::all()
            .interval_seconds(1)
            .max_attempts(0)
            .backoff_rate(1.5)
            .max_delay_seconds(10)
            .jitter(JitterStrategy::None)
            .comment("c");
        assert_eq!(
            serde_json::to_string(&r.to_json()).unwrap(),
            r#"{"ErrorEquals":["States.ALL"],"Comment":"c","IntervalSeconds":1,"MaxAttempts":0,"BackoffRate":1.5,"MaxDelaySeconds":10,"JitterStrategy":"NONE"}"#
        );
        assert_eq!(
            Retry::all().backoff_rate(2.0).to_json()["BackoffRate"],
            json!(2)
        );
    }

    #[test]
    fn retry_problems() {
        assert!(Retry::all().problems().is_none());
        assert!(
            Retry::on(Vec::<String>::new())
                .problems()
                .unwrap()
                .contains("at least one")
        );
        assert!(
            Retry::on([errors::ALL, errors::TIMEOUT])
                .problems()
                .unwrap()
                .contains("only")
        );
        assert!(
            Retry::all()
                .interval_seconds(0)
                .problems()
                .unwrap()
                .contains("IntervalSeconds")
        );
        assert!(
            Retry::all()
                .backoff_rate(0.5)
                .problems()
                .unwrap()
                .contains("BackoffRate")
        );
        assert!(
            Retry::all()
                .backoff_rate(-1.0)
                .problems()
                .unwrap()
                .contains("BackoffRate")
        );
        assert!(
            Retry::all()
                .backoff_rate(f64::NAN)
                .problems()
                .unwrap()
                .contains("BackoffRate")
        );
        assert!(
            Retry::all()
                .max_delay_seconds(0)
                .problems()
                .unwrap()
                .contains("MaxDelaySeconds")
        );
        assert!(
            Retry::all()
                .max_attempts(100_000_000)
                .problems()
                .unwrap()
                .contains("MaxAttempts")
        );
    }
}
