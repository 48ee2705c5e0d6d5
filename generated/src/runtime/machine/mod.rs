//! State machines: composition, validation and the four outputs.
//!
//! # The API at a glance
//!
//! | what | how |
//! | --- | --- |
//! | a task integration | a type implementing [`Task`](crate::runtime::Task) (generated tasks, or [`CustomTask`](crate::runtime::CustomTask)) |
//! | a Task state | `task.state("Name")` or [`TaskState::new`](crate::runtime::TaskState::new) |
//! | other states | [`Pass`], [`Choice`], [`Wait`], [`Parallel`], [`Map`], [`Succeed`], [`Fail`] (each `::new(name)`, builder methods per ASL field) |
//! | error handling | `.retry(`[`Retry`]`)`, `.catch(`[`Catch`]`)`, error names in [`errors`](crate::runtime::errors) |
//! | composition | `a.next(b)` → [`Chain`]; Choice rules and catchers take states or chains; [`goto`] names a state defined elsewhere; [`Choice::afterwards`] joins branches |
//! | the machine | [`StateMachine::new`]`(chain)` or [`StateMachine::builder`]`(chain)…build()`: validates, returns [`MachineError`] naming the state |
//! | ASL | [`StateMachine::to_asl_json`], [`StateMachine::to_asl_string_pretty`], [`StateMachine::to_asl_json_with`] (bound partition/region/account) |
//! | IAM | [`StateMachine::policy_document`] → [`PolicyDocument`] (merged, sorted); [`StateMachine::policy_report`] adds what could not be derived |
//! | warnings | [`StateMachine::warnings`]: unscoped grants, retriers that never run, literals that look like paths |
//! | CloudFormation | [`StateMachine::to_cloudformation`]`(&`[`CfnOptions`]`)` → role, policy, state machine |
//! | diagram | [`StateMachine::to_mermaid`] |
//!
//! ```
//! use serde_json::json;
//! use sfn_tasks::runtime::*;
//!
//! let save = CustomTask::new("dynamodb", "putItem")
//!     .parameters(json!({"TableName": "Orders", "Item": {"id": {"S.$": "$.id"}}}))
//!     .policy_actions(["dynamodb:PutItem"], [arn("dynamodb", "table/Orders")])
//!     .state("Save order")
//!     .retry(Retry::on([errors::TASK_FAILED]).max_attempts(3))
//!     .catch(Catch::all(Fail::new("Save failed")).result_path("$.error"));
//!
//! let machine = StateMachine::builder(save.next(Succeed::new("Saved")))
//!     .comment("Stores an order")
//!     .timeout_seconds(300)
//!     .build()?;
//!
//! let asl = machine.to_asl_json();
//! assert_eq!(asl["StartAt"], "Save order");
//! assert_eq!(asl["States"]["Save order"]["Resource"], "arn:aws:states:::dynamodb:putItem");
//! let policy = machine.policy_document().to_json();
//! assert_eq!(policy["Statement"][0]["Action"], "dynamodb:PutItem");
//! let template = machine.to_cloudformation(&CfnOptions::default())?;
//! assert_eq!(template["Resources"]["StateMachine"]["Type"], "AWS::StepFunctions::StateMachine");
//! assert!(machine.to_mermaid().starts_with("flowchart TD"));
//! # Ok::<(), MachineError>(())
//! ```

pub(crate) mod asl;
pub(crate) mod cfn;
mod chain;
pub(crate) mod depth;
pub(crate) mod mermaid;
mod policy;
mod validate;
mod warnings;

use serde_json::Value;

pub use cfn::{CfnOptions, LogDestination, LogLevel, Logging, StateMachineType};
pub use chain::{Chain, Target, goto};
pub use warnings::{PolicyReport, Warning};

use super::error::MachineError;
use super::iam::{Bindings, PolicyDocument};
use super::states::QueryLanguage;
#[allow(unused_imports)] // Referenced by the module docs.
use super::states::{Catch, Choice, Fail, Map, Parallel, Pass, Retry, Succeed, Wait};

/// A validated state machine, ready to render.
///
/// Build one with [`StateMachine::new`] (defaults) or
/// [`StateMachine::builder`]; both validate the whole graph, so every
/// rendering method is infallible except CloudFormation, whose options can
/// conflict with the definition.
#[derive(Debug, Clone)]
pub struct StateMachine {
    pub(crate) definition: Chain,
    pub(crate) comment: Option<String>,
    pub(crate) timeout_seconds: Option<u32>,
    pub(crate) version: Option<String>,
    pub(crate) query_language: Option<QueryLanguage>,
    pub(crate) name: Option<String>,
}

/// Sets the top-level fields of a [`StateMachine`] before validating it.
#[derive(Debug, Clone)]
pub struct StateMachineBuilder {
    machine: StateMachine,
}

impl StateMachine {
    /// Validates `definition` and returns the machine with default settings.
    pub fn new(definition: impl Into<Chain>) -> Result<StateMachine, MachineError> {
        StateMachine::builder(definition).build()
    }

    /// A builder for the top-level fields.
    pub fn builder(definition: impl Into<Chain>) -> StateMachineBuilder {
        StateMachineBuilder {
            machine: StateMachine {
                definition: definition.into(),
                comment: None,
                timeout_seconds: None,
                version: None,
                query_language: None,
                name: None,
            },
        }
    }

    /// The top-level chain (Parallel branches and Map processors are inside their states).
    pub fn definition(&self) -> &Chain {
        &self.definition
    }

    /// The state machine's name, if set.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The machine's query language (JSONPath unless set).
    pub fn query_language(&self) -> QueryLanguage {
        self.query_language.unwrap_or_default()
    }

    /// The ASL definition. Integration ARNs use the `aws` partition; other
    /// placeholders (`${AWS::Region}` …) stay as written.
    pub fn to_asl_json(&self) -> Value {
        asl::machine_to_asl(self, &Bindings::new(), false)
    }

    /// The ASL definition with `bindings` applied everywhere (integration
    /// ARNs take the bound partition).
    ///
    /// ```
    /// use sfn_tasks::runtime::{arn, Bindings, CustomTask, StateMachine, Task};
    ///
    /// let task = CustomTask::new("sqs", "sendMessage")
    ///     .parameters(serde_json::json!({"QueueUrl": "q", "MessageBody": arn("sqs", "x")}))
    ///     .state("Send");
    /// let m = StateMachine::new(task).unwrap();
    /// let asl = m.to_asl_json_with(&Bindings::new().partition("aws-cn").region("cn-north-1").account("1"));
    /// assert_eq!(asl["States"]["Send"]["Resource"], "arn:aws-cn:states:::sqs:sendMessage");
    /// assert_eq!(asl["States"]["Send"]["Parameters"]["MessageBody"], "arn:aws-cn:sqs:cn-north-1:1:x");
    /// ```
    pub fn to_asl_json_with(&self, bindings: &Bindings) -> Value {
        asl::machine_to_asl(self, bindings, false)
    }

    /// The ASL definition as compact JSON text.
    pub fn to_asl_string(&self) -> String {
        asl::machine_to_string(self, &Bindings::new(), false, false)
    }

    /// The ASL definition as pretty-printed JSON (two-space indent).
    pub fn to_asl_string_pretty(&self) -> String {
        asl::machine_to_string(self, &Bindings::new(), false, true)
    }

    /// The merged least-privilege IAM policy of every task, including those
    /// inside Parallel branches and Map processors.
    pub fn policy_document(&self) -> PolicyDocument {
        policy::policy_document(self)
    }

    /// The policy with what could not be derived: resources left as
    /// wildcards because a placeholder could not be placed, roles a service
    /// receives that no parameter names (an ECS task definition's roles).
    pub fn policy_report(&self) -> PolicyReport {
        warnings::policy_report(self)
    }

    /// Everything worth a look before deploy: the [`policy_report`]'s
    /// warnings, retriers that can never run because an earlier one (a
    /// task's default retrier) matches their errors first, and literals
    /// that look like paths under keys without `.$`.
    ///
    /// [`policy_report`]: StateMachine::policy_report
    pub fn warnings(&self) -> Vec<Warning> {
        warnings::warnings(self)
    }

    /// A CloudFormation template with the execution role, its policy and the
    /// state machine. Fails when the options conflict with the definition
    /// (an Express machine with `.sync` or callback tasks).
    pub fn to_cloudformation(&self, options: &CfnOptions) -> Result<Value, MachineError> {
        cfn::template(self, options)
    }

    /// A Mermaid flowchart of the machine.
    pub fn to_mermaid(&self) -> String {
        mermaid::render(self)
    }
}

impl StateMachineBuilder {
    /// Sets the top-level `Comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.machine.comment = Some(comment.into());
        self
    }

    /// Sets the top-level `TimeoutSeconds` of an execution.
    pub fn timeout_seconds(mut self, seconds: u32) -> Self {
        self.machine.timeout_seconds = Some(seconds);
        self
    }

    /// Sets the top-level `Version` of ASL (only `1.0` exists).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.machine.version = Some(version.into());
        self
    }

    /// Sets the top-level `QueryLanguage`, inherited by every state that sets none.
    pub fn query_language(mut self, language: QueryLanguage) -> Self {
        self.machine.query_language = Some(language);
        self
    }

    /// Names the state machine. The name scopes the IAM grants on the
    /// machine itself (distributed Map states' child executions, the HTTP
    /// Task's `states:InvokeHTTPEndpoint`) and becomes `StateMachineName` in
    /// CloudFormation.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.machine.name = Some(name.into());
        self
    }

    /// Every problem with the machine, in definition order (empty when valid).
    pub fn validate_all(&self) -> Vec<MachineError> {
        // Cloning recurses through the nesting: a machine too deep to
        // validate is reported without a copy.
        if let Err(e) = depth::scopes(&self.machine.definition, self.machine.query_language()) {
            let mut errors = validate::top_level(&self.machine);
            errors.push(e);
            return errors;
        }
        let mut copy = self.machine.clone();
        validate::validate(&mut copy)
    }

    /// Validates and returns the machine, or the first problem found.
    pub fn build(mut self) -> Result<StateMachine, MachineError> {
        let errors = validate::validate(&mut self.machine);
        match errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(self.machine),
        }
    }
}
