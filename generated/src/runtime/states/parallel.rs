//! The Parallel state.

use serde_json::{Map, Value};

use super::common::{
    Common, RenderContext, head, impl_assign, impl_base, impl_errors, impl_io, impl_result,
    impl_result_selector, put_errors, put_path, put_tail_io, put_transition, put_value,
};
use crate::runtime::machine::{Chain, asl::scope_to_asl};

/// A Parallel state: runs every branch on the same input and outputs the
/// array of their outputs. Each branch is its own scope: transitions cannot
/// leave it.
///
/// ```
/// use sfn_tasks::runtime::{Parallel, Pass, StateMachine};
///
/// let both = Parallel::new("Notify")
///     .branch(Pass::new("Email"))
///     .branch(Pass::new("Sms"))
///     .result_path("$.notified");
/// let asl = StateMachine::new(both).unwrap().to_asl_json();
/// assert_eq!(asl["States"]["Notify"]["Branches"][1]["StartAt"], "Sms");
/// ```
#[derive(Debug, Clone)]
pub struct Parallel {
    pub(crate) common: Common,
    pub(crate) branches: Vec<Chain>,
}

impl_base!(Parallel);
impl_io!(Parallel);
impl_assign!(Parallel);
impl_result!(Parallel);
impl_result_selector!(Parallel);
impl_errors!(Parallel);

impl Parallel {
    /// A Parallel state with no branches yet.
    pub fn new(name: impl Into<String>) -> Self {
        Parallel {
            common: Common::named(name),
            branches: Vec::new(),
        }
    }

    /// Adds a branch.
    pub fn branch(mut self, branch: impl Into<Chain>) -> Self {
        self.branches.push(branch.into());
        self
    }

    /// Sets `Parameters` (JSONPath only): the input given to every branch.
    pub fn parameters(mut self, parameters: Value) -> Self {
        self.common.parameters = Some(Box::new(parameters));
        self
    }

    /// Sets `Arguments` (JSONata only): the input given to every branch.
    pub fn arguments(mut self, arguments: impl Into<Value>) -> Self {
        self.common.arguments = Some(Box::new(arguments.into()));
        self
    }

    /// The branches.
    pub fn branches(&self) -> &[Chain] {
        &self.branches
    }

    pub(crate) fn to_asl(&self, ctx: &RenderContext<'_>) -> Map<String, Value> {
        let mut m = head("Parallel", &self.common, ctx);
        put_path(&mut m, "InputPath", &self.common.input_path);
        put_value(&mut m, "Parameters", &self.common.parameters);
        put_value(&mut m, "Arguments", &self.common.arguments);
        m.insert(
            "Branches".to_owned(),
            Value::Array(
                self.branches
                    .iter()
                    .map(|b| scope_to_asl(b, &ctx.inside(&self.common)))
                    .collect(),
            ),
        );
        put_value(&mut m, "ResultSelector", &self.common.result_selector);
        put_path(&mut m, "ResultPath", &self.common.result_path);
        put_path(&mut m, "OutputPath", &self.common.output_path);
        put_tail_io(&mut m, &self.common);
        put_errors(&mut m, &self.common);
        put_transition(&mut m, &self.common);
        m
    }
}
