//! The Succeed state.

use serde_json::{Map, Value};

use super::common::{Common, RenderContext, head, impl_base, impl_io, put_path, put_value};

/// A Succeed state: ends the execution (or the branch) successfully.
///
/// ```
/// use sfn_tasks::runtime::{StateMachine, Succeed};
///
/// let asl = StateMachine::new(Succeed::new("Done")).unwrap().to_asl_json();
/// assert_eq!(asl["States"]["Done"], serde_json::json!({"Type": "Succeed"}));
/// ```
#[derive(Debug, Clone)]
pub struct Succeed {
    pub(crate) common: Common,
}

impl_base!(Succeed);
impl_io!(Succeed);

impl Succeed {
    /// A Succeed state called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Succeed {
            common: Common::named(name),
        }
    }

    pub(crate) fn to_asl(&self, ctx: &RenderContext<'_>) -> Map<String, Value> {
        let mut m = head("Succeed", &self.common, ctx);
        put_path(&mut m, "InputPath", &self.common.input_path);
        put_path(&mut m, "OutputPath", &self.common.output_path);
        put_value(&mut m, "Output", &self.common.output);
        m
    }
}
