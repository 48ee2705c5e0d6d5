//! CloudFormation output: execution role, its policy, the state machine.

use serde_json::{Map, Value, json};

use super::{Chain, StateMachine, asl};
use crate::runtime::error::MachineError;
use crate::runtime::iam::{Bindings, PolicyStatement};
use crate::runtime::states::State;
use crate::runtime::states::map::ProcessorMode;

/// `STANDARD` or `EXPRESS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StateMachineType {
    /// Long-running, exactly-once workflows (the default).
    #[default]
    Standard,
    /// Short, high-volume workflows: request-response tasks only, no distributed Map.
    Express,
}

impl StateMachineType {
    /// The CloudFormation spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            StateMachineType::Standard => "STANDARD",
            StateMachineType::Express => "EXPRESS",
        }
    }
}

/// How much execution history goes to CloudWatch Logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LogLevel {
    /// Every event.
    All,
    /// Errors only (the default).
    #[default]
    Error,
    /// Fatal errors only.
    Fatal,
    /// Nothing.
    Off,
}

impl LogLevel {
    /// The CloudFormation spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::All => "ALL",
            LogLevel::Error => "ERROR",
            LogLevel::Fatal => "FATAL",
            LogLevel::Off => "OFF",
        }
    }
}

/// Where the logs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogDestination {
    /// A log group created in the template, kept for this many days.
    NewLogGroup {
        /// `RetentionInDays` (one of the values CloudWatch Logs accepts, e.g. 30).
        retention_days: u32,
    },
    /// An existing log group, by ARN (ending in `:*`).
    LogGroupArn(String),
}

/// `LoggingConfiguration` of the state machine.
///
/// ```
/// use sfn_tasks::runtime::{LogDestination, LogLevel, Logging};
///
/// let logging = Logging::new(LogLevel::All, LogDestination::NewLogGroup { retention_days: 30 })
///     .include_execution_data(true);
/// # let _ = logging;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logging {
    level: LogLevel,
    destination: LogDestination,
    include_execution_data: bool,
}

impl Logging {
    /// Logs at `level` to `destination`, without execution data.
    pub fn new(level: LogLevel, destination: LogDestination) -> Self {
        Logging {
            level,
            destination,
            include_execution_data: false,
        }
    }

    /// Whether inputs and outputs are logged too.
    pub fn include_execution_data(mut self, include: bool) -> Self {
        self.include_execution_data = include;
        self
    }
}

/// Options of [`StateMachine::to_cloudformation`].
///
/// ```
/// use sfn_tasks::runtime::{CfnOptions, StateMachineType};
///
/// let options = CfnOptions::new().state_machine_type(StateMachineType::Express).tracing(true);
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CfnOptions {
    machine_type: StateMachineType,
    logging: Option<Logging>,
    tracing: bool,
    references: Vec<String>,
    bindings: Bindings,
}

impl CfnOptions {
    /// Standard type, no logging, no tracing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `StateMachineType`.
    pub fn state_machine_type(mut self, machine_type: StateMachineType) -> Self {
        self.machine_type = machine_type;
        self
    }

    /// Sets `LoggingConfiguration`; the role gains the log-delivery actions
    /// CloudWatch Logs requires (they support no resource scoping).
    pub fn logging(mut self, logging: Logging) -> Self {
        self.logging = Some(logging);
        self
    }

    /// Enables X-Ray tracing; the role gains the X-Ray write actions.
    pub fn tracing(mut self, enabled: bool) -> Self {
        self.tracing = enabled;
        self
    }

    /// Lets `${Name}` (a parameter or `Ref`) or `${Name.Attribute}` (a
    /// `Fn::GetAtt`) through `Fn::Sub` unescaped, for templates that add those
    /// resources. Every other `${` is escaped as `${!`, so it stays literal.
    pub fn reference(mut self, name: impl Into<String>) -> Self {
        self.references.push(name.into());
        self
    }

    /// Concrete values for placeholders (normally left to CloudFormation).
    pub fn bindings(mut self, bindings: Bindings) -> Self {
        self.bindings = bindings;
        self
    }
}

// Logical ids, shared with the CLI's template for raw definitions.
pub(crate) const ROLE: &str = "StateMachineRole";
pub(crate) const POLICY: &str = "StateMachineRoleDefaultPolicy";
const LOG_GROUP: &str = "StateMachineLogGroup";
pub(crate) const MACHINE: &str = "StateMachine";

/// An `AWS::IAM::Role` that `service` (`states.amazonaws.com`) may assume.
pub(crate) fn service_role(service: &str) -> Value {
    json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"Service": service},
                    "Action": "sts:AssumeRole"
                }]
            }
        }
    })
}

/// The execution role, trusted by Step Functions of this account only, for
/// this state machine (`name`) or, when it has no fixed name, for the
/// account's state machines in this region: AWS's guidance against the
/// confused deputy for Step Functions roles (`aws:SourceAccount` and
/// `aws:SourceArn` on the trust). The machine's own ARN cannot be used
/// here; the machine depends on the role.
pub(crate) fn role_resource(name: Option<&str>) -> Value {
    let mut role = service_role("states.amazonaws.com");
    let machine = name.map_or_else(|| "*".to_owned(), escape_sub);
    role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Condition"] = json!({
        "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
        "ArnLike": {"aws:SourceArn": {"Fn::Sub": format!(
            "arn:${{AWS::Partition}}:states:${{AWS::Region}}:${{AWS::AccountId}}:stateMachine:{machine}"
        )}}
    });
    role
}

/// `text` as literal `Fn::Sub` text (`${` written `${!`).
fn escape_sub(text: &str) -> String {
    text.replace("${", "${!")
}

/// The role's policy holding `document`.
pub(crate) fn policy_resource(document: Value) -> Value {
    json!({
        "Type": "AWS::IAM::Policy",
        "Properties": {
            "PolicyName": POLICY,
            "PolicyDocument": document,
            "Roles": [{"Ref": ROLE}]
        }
    })
}

/// The state machine's and the role's ARNs.
pub(crate) fn outputs() -> Value {
    json!({
        "StateMachineArn": {"Value": {"Ref": MACHINE}},
        "StateMachineRoleArn": {"Value": {"Fn::GetAtt": [ROLE, "Arn"]}}
    })
}

pub(crate) fn template(
    machine: &StateMachine,
    options: &CfnOptions,
) -> Result<Value, MachineError> {
    if options.machine_type == StateMachineType::Express {
        check_express(&machine.definition)?;
    }
    let definition = asl::machine_to_string(machine, &options.bindings, true, false);
    // Resources the tasks bring along; their ids become known references.
    let mut extra = Vec::new();
    machine.definition.for_each_state(|state| {
        if let State::Task(t) = state {
            extra.extend(t.task.template_resources());
        }
    });
    let mut references = options.references.clone();
    for (id, _) in &extra {
        references.push(id.clone());
        references.push(format!("{id}.Arn"));
    }
    let options = &CfnOptions {
        references,
        ..options.clone()
    };

    let mut policy = machine.policy_document().bind(&options.bindings);
    if options.logging.is_some() {
        // The actions AWS documents for vended log delivery; none supports a
        // resource ARN, so `*` is the narrowest grant.
        policy.extend([PolicyStatement::allow(
            [
                "logs:CreateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:DescribeLogGroups",
                "logs:DescribeResourcePolicies",
                "logs:GetLogDelivery",
                "logs:ListLogDeliveries",
                "logs:PutResourcePolicy",
                "logs:UpdateLogDelivery",
            ],
            ["*"],
        )]);
    }
    if options.tracing {
        policy.extend([PolicyStatement::allow(
            [
                "xray:GetSamplingRules",
                "xray:GetSamplingTargets",
                "xray:PutTelemetryRecords",
                "xray:PutTraceSegments",
            ],
            ["*"],
        )]);
    }

    let mut resources = Map::new();
    resources.insert(ROLE.to_owned(), role_resource(machine.name()));
    let mut resolves =
        |name: &str| is_pseudo_parameter(name) || options.references.iter().any(|r| r == name);
    for (id, mut resource) in extra {
        // Their policies name resources as the machine's do (`${AWS::…}`).
        substitute_strings(&mut resource, &mut resolves);
        resources.entry(id).or_insert(resource);
    }
    let has_policy = !policy.is_empty();
    if has_policy {
        let mut document = policy.to_json();
        substitute_strings(&mut document, &mut resolves);
        resources.insert(POLICY.to_owned(), policy_resource(document));
    }

    let mut properties = Map::new();
    if let Some(name) = machine.name() {
        properties.insert("StateMachineName".to_owned(), Value::from(name));
    }
    properties.insert(
        "StateMachineType".to_owned(),
        Value::from(options.machine_type.as_str()),
    );
    properties.insert("RoleArn".to_owned(), json!({"Fn::GetAtt": [ROLE, "Arn"]}));
    properties.insert(
        "DefinitionString".to_owned(),
        substitute(&definition, &mut resolves),
    );
    if let Some(logging) = &options.logging {
        let arn = match &logging.destination {
            LogDestination::NewLogGroup { retention_days } => {
                resources.insert(
                    LOG_GROUP.to_owned(),
                    json!({
                        "Type": "AWS::Logs::LogGroup",
                        "DeletionPolicy": "Retain",
                        "UpdateReplacePolicy": "Retain",
                        "Properties": {"RetentionInDays": retention_days}
                    }),
                );
                json!({"Fn::GetAtt": [LOG_GROUP, "Arn"]})
            }
            LogDestination::LogGroupArn(arn) => substitute(arn, &mut resolves),
        };
        properties.insert(
            "LoggingConfiguration".to_owned(),
            json!({
                "Level": logging.level.as_str(),
                "IncludeExecutionData": logging.include_execution_data,
                "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": arn}}]
            }),
        );
    }
    if options.tracing {
        properties.insert("TracingConfiguration".to_owned(), json!({"Enabled": true}));
    }
    let mut state_machine = Map::new();
    state_machine.insert(
        "Type".to_owned(),
        Value::from("AWS::StepFunctions::StateMachine"),
    );
    if has_policy {
        // The role must hold its permissions before Step Functions checks
        // them (logging is validated at creation).
        state_machine.insert("DependsOn".to_owned(), json!([POLICY]));
    }
    state_machine.insert("Properties".to_owned(), Value::Object(properties));
    resources.insert(MACHINE.to_owned(), Value::Object(state_machine));

    let mut template = Map::new();
    template.insert(
        "AWSTemplateFormatVersion".to_owned(),
        Value::from("2010-09-09"),
    );
    if let Some(c) = &machine.comment {
        template.insert("Description".to_owned(), Value::from(c.as_str()));
    }
    template.insert("Resources".to_owned(), Value::Object(resources));
    template.insert("Outputs".to_owned(), outputs());
    Ok(Value::Object(template))
}

/// Express workflows run request-response integrations only and no distributed Map.
fn check_express(chain: &Chain) -> Result<(), MachineError> {
    chain.try_for_each_state(&mut |state| match state {
        State::Task(t) if !t.task.pattern().supported_by_express() => {
            Err(MachineError::PatternNotSupported {
                state: t.name().to_owned(),
                pattern: t.task.pattern(),
                machine_type: "EXPRESS".to_owned(),
            })
        }
        State::Map(m) if matches!(m.mode, ProcessorMode::Distributed(_)) => {
            Err(MachineError::InvalidField {
                state: m.name().to_owned(),
                field: "ItemProcessor.ProcessorConfig".to_owned(),
                reason: "EXPRESS state machines cannot run a distributed Map".to_owned(),
            })
        }
        _ => Ok(()),
    })
}

/// Whether `name` is a pseudo parameter `Fn::Sub` always resolves.
pub(crate) fn is_pseudo_parameter(name: &str) -> bool {
    matches!(
        name,
        "AWS::Partition"
            | "AWS::Region"
            | "AWS::AccountId"
            | "AWS::URLSuffix"
            | "AWS::StackName"
            | "AWS::StackId"
    )
}

/// A string for a template: plain when it has no variable `resolves`
/// accepts (cfn-lint flags a needless `Fn::Sub`), else `Fn::Sub` with every
/// other `${` escaped as `${!`, so it stays literal.
pub(crate) fn substitute(text: &str, resolves: &mut dyn FnMut(&str) -> bool) -> Value {
    let mut has_variable = false;
    let mut escaped = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("${") {
        escaped.push_str(&rest[..pos]);
        let after = &rest[pos + 2..];
        if after.find('}').is_some_and(|end| resolves(&after[..end])) {
            has_variable = true;
            escaped.push_str("${");
        } else {
            escaped.push_str("${!");
        }
        rest = after;
    }
    escaped.push_str(rest);
    if has_variable {
        json!({"Fn::Sub": escaped})
    } else {
        Value::from(text)
    }
}

/// Applies [`substitute`] to every string value of a JSON document, but
/// inside an `Fn::Sub` already written.
pub(crate) fn substitute_strings(value: &mut Value, resolves: &mut dyn FnMut(&str) -> bool) {
    match value {
        Value::Object(map) if map.contains_key("Fn::Sub") => {}
        Value::String(s) if s.contains("${") => *value = substitute(s, resolves),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| substitute_strings(v, resolves)),
        Value::Object(map) => map
            .values_mut()
            .for_each(|v| substitute_strings(v, resolves)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitution_escapes_unknown_variables() {
        let mut refs = |name: &str| is_pseudo_parameter(name) || name == "Table.Arn";
        assert_eq!(substitute("plain", &mut refs), json!("plain"));
        assert_eq!(substitute("${not.a.var}", &mut refs), json!("${not.a.var}"));
        assert_eq!(
            substitute(
                "arn:${AWS::Partition}:x ${Table.Arn} ${aws:username} ${",
                &mut refs
            ),
            json!({"Fn::Sub": "arn:${AWS::Partition}:x ${Table.Arn} ${!aws:username} ${!"})
        );
    }
}
