//! The Pass state.

use serde_json::{Map, Value};

use super::common::{
    Common, RenderContext, head, impl_assign, impl_base, impl_io, impl_result, put_path,
    put_tail_io, put_transition, put_value,
};

/// A Pass state: passes its input on, optionally reshaped or replaced.
///
/// ```
/// use serde_json::json;
/// use sfn_tasks::runtime::{Pass, StateMachine};
///
/// let pass = Pass::new("Defaults").result(json!({"retries": 0})).result_path("$.config");
/// let asl = StateMachine::new(pass).unwrap().to_asl_json();
/// assert_eq!(asl["States"]["Defaults"]["Result"], json!({"retries": 0}));
/// ```
#[derive(Debug, Clone)]
pub struct Pass {
    pub(crate) common: Common,
    pub(crate) result: Option<Value>,
}

impl_base!(Pass);
impl_io!(Pass);
impl_assign!(Pass);
impl_result!(Pass);

impl Pass {
    /// A Pass state called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Pass {
            common: Common::named(name),
            result: None,
        }
    }

    /// Sets `Parameters` (JSONPath only): a new input built from static JSON
    /// and `.$` keys.
    pub fn parameters(mut self, parameters: Value) -> Self {
        self.common.parameters = Some(Box::new(parameters));
        self
    }

    /// Sets `Result` (JSONPath only): a fixed value used as the state's result.
    pub fn result(mut self, result: Value) -> Self {
        self.result = Some(result);
        self
    }

    pub(crate) fn to_asl(&self, ctx: &RenderContext<'_>) -> Map<String, Value> {
        let mut m = head("Pass", &self.common, ctx);
        put_path(&mut m, "InputPath", &self.common.input_path);
        put_value(&mut m, "Parameters", &self.common.parameters);
        put_value(&mut m, "Result", &self.result);
        put_path(&mut m, "ResultPath", &self.common.result_path);
        put_path(&mut m, "OutputPath", &self.common.output_path);
        put_tail_io(&mut m, &self.common);
        put_transition(&mut m, &self.common);
        m
    }
}
