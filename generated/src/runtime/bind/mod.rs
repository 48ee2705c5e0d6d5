//! Binding IAM ARN templates to a task's parameters.
//!
//! The generator knows, as data, which parameter identifies which part of a
//! resource ARN (`${TableName}` ← `/TableName`). At render time the value is
//! either a literal — then the grant names that resource — or resolved by Step
//! Functions later — then the grant keeps a wildcard for that part only
//! (`table/*`), which is still scoped to the service, region, account and
//! resource type.

use serde_json::Value;

use super::iam::{ACCOUNT_ID, PARTITION, REGION};

mod context;
mod references;
mod value;

pub(crate) use value::is_account;

pub use context::{BindWarning, collect_warnings, with_references, with_state_machine_name};
pub use references::{
    ByName, RETURN_VALUE_SOURCES, References, Stands, TemplateReferences, by_name,
};
pub use value::{ArnParts, queue_url_arn, split_arn, whole_placeholder};

/// How a parameter value yields a template variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extract {
    /// The value is the variable (`Orders` for `${TableName}`).
    Whole,
    /// The value is a name, a partial ARN (`123456789012:function:f`) or
    /// an ARN (`arn:aws:lambda:…:function:my-fn`); an ARN of the template's
    /// resource type becomes the whole resource, keeping its own partition,
    /// region and account.
    ArnOrName,
    /// The value is an SQS queue URL; it names the queue ARN with the URL's
    /// own region and account.
    UrlLastSegment,
    /// The value, when it is a literal ARN, is the whole resource (an
    /// `executionArn` for the `execution` resource type); otherwise the
    /// template's other bindings apply. `variable` is unused.
    WholeArn,
    /// Each key of the object at the pointer is one value (DynamoDB's
    /// `RequestItems`, keyed by table name): one resource per key.
    Keys,
    /// A revisioned name, `family` or `family:revision` (or its ARN): a
    /// revision is exact, a bare family stands for every revision
    /// (`family:*`, which `family*` would widen to other families).
    FamilyOrRevision,
    /// An id of the form `parent:suffix` (a CodeBuild build id
    /// `project:uuid`) or its ARN: the variable is the parent.
    IdPrefix,
    /// A host name whose first label is the variable (API Gateway's
    /// `ApiEndpoint`, `<api-id>.execute-api.<region>.amazonaws.com`).
    HostFirstLabel,
    /// A path whose leading `/` the ARN does not repeat (API Gateway's
    /// `Path`, `pets` or `/pets` for `…/GET/pets`).
    RelativePath,
    /// The region of an AWS endpoint host (`<id>.execute-api.<region>.
    /// amazonaws.com`, API Gateway's `ApiEndpoint`), bound to the template's
    /// `${Region}`: the call is authorized in the endpoint's region. A value
    /// of another form, or one known only at run time, leaves the state
    /// machine's region.
    HostRegion,
    /// An ARN of another service whose resource is `type/name/id`: the
    /// variable is `name` (an EventBridge connection ARN names the
    /// `events!connection/<name>/…` secret it keeps its credentials in);
    /// a value that is no ARN leaves a wildcard.
    ArnNameSegment,
    /// The state machine's own name, which the parameters do not carry
    /// (the HTTP Task's `states:InvokeHTTPEndpoint` is authorized on the
    /// machine itself); a wildcard when the machine has no name yet.
    /// `pointer` is unused.
    StateMachineName,
}

/// One template variable and the parameter that fills it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    /// Variable name without `${}` (`TableName`).
    pub variable: &'static str,
    /// JSON pointer into the rendered parameters (`/TableName`); a `*`
    /// segment stands for every element of a list or value of a map.
    pub pointer: &'static str,
    /// How to read the variable out of the value.
    pub extract: Extract,
    /// The value AWS uses when the member is absent (EventBridge's
    /// `default` bus for an entry without `EventBusName`), so an absent
    /// member names that resource instead of leaving `*`.
    pub default: Option<&'static str>,
}

/// An ARN template from the service-authorization data and its bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceTemplate {
    /// `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`.
    pub arn: &'static str,
    /// How its variables are filled; unbound variables become `*`.
    pub bindings: &'static [Binding],
}

/// A condition whose value comes from a parameter: `states:HTTPMethod`
/// from `/Method`, `states:HTTPEndpoint` from `/ApiEndpoint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionBinding {
    /// `StringEquals`, `StringLike`, …
    pub operator: &'static str,
    /// The condition key (`states:HTTPMethod`).
    pub key: &'static str,
    /// JSON pointer into the rendered parameters.
    pub pointer: &'static str,
}

/// The values a bound condition takes for these parameters, or `None` when
/// it has to be left out because a value is not known before run time.
///
/// A literal is the value, and so is a whole `${…}` placeholder standing for
/// an ARN or a literal. Under a `…Like` operator another placeholder in
/// it becomes `*`, and a `States.Format` with a literal template gives the
/// template with `*` for each `{}`; other values from paths, intrinsics or
/// JSONata leave the condition out (the statement is then as wide as the
/// resource allows, never narrower than the call).
pub fn condition_values(binding: &ConditionBinding, parameters: &Value) -> Option<Vec<String>> {
    let like = binding.operator.contains("Like");
    let mut values = Vec::new();
    for found in find_all(parameters, binding.pointer) {
        let value = match found {
            Found::Absent => continue,
            Found::Literal(text) => literal_condition(text, like)?,
            Found::Dynamic if like => {
                dynamic_text(parameters, binding.pointer).and_then(format_glob)?
            }
            Found::Dynamic => return None,
        };
        if !values.contains(&value) {
            values.push(value);
        }
    }
    (!values.is_empty()).then_some(values)
}

fn literal_condition(text: &str, like: bool) -> Option<String> {
    // A whole placeholder is its literal, or the ARN it stands for (a
    // `${Role.Arn}` reference, which the template's `Fn::Sub` resolves).
    if let Some(name) = whole_placeholder(text) {
        match context::stands_for(name) {
            Stands::Literal(value) if !value.contains("${") => return Some(value),
            Stands::Arn(arn) => return Some(arn),
            _ => {}
        }
    }
    if !text.contains("${") {
        return Some(text.to_owned());
    }
    let glob = collapse_wildcards(map_placeholders(text, |_| Some("*".to_owned())));
    (like && glob != "*").then_some(glob)
}

/// The text of a `Key.$` value at a plain pointer (an intrinsic or path).
fn dynamic_text<'a>(parameters: &'a Value, pointer: &str) -> Option<&'a str> {
    parameters.pointer(&format!("{pointer}.$"))?.as_str()
}

/// `States.Format('https://api.example.com/{}', $.id)` →
/// `https://api.example.com/*`: each `{}` is its argument when that is a
/// string literal, `*` otherwise; `None` for any other expression, or one
/// whose every character comes from a run-time value.
fn format_glob(expression: &str) -> Option<String> {
    use super::intrinsic::{Intrinsic, IntrinsicArg};
    let call = Intrinsic::parse(expression).ok()?;
    let (Some(IntrinsicArg::String(template)), "States.Format") =
        (call.args().first(), call.name())
    else {
        return None;
    };
    // The parser has removed the template's escapes, so an escaped `\{}`
    // reads as an argument too: the glob is then wider, never narrower.
    let mut args = call.args()[1..].iter();
    let mut pieces = template.split("{}");
    let mut glob = pieces.next().unwrap_or_default().to_owned();
    for piece in pieces {
        match args.next() {
            Some(IntrinsicArg::String(value)) => glob.push_str(value),
            _ => glob.push('*'),
        }
        glob.push_str(piece);
    }
    let glob = collapse_wildcards(glob);
    (glob != "*").then_some(glob)
}

/// What a parameter holds at a pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found<'a> {
    Literal(&'a str),
    /// Resolved at run time (a path, an intrinsic, JSONata) or not a string.
    Dynamic,
    Absent,
}

fn of_value(value: &Value) -> Found<'_> {
    match value.as_str() {
        Some(s) if s.trim_start().starts_with("{%") => Found::Dynamic,
        Some(s) => Found::Literal(s),
        None => Found::Dynamic,
    }
}

/// The value at a plain pointer (no `*` segments).
pub(crate) fn find<'a>(parameters: &'a Value, pointer: &str) -> Found<'a> {
    if let Some(value) = parameters.pointer(pointer) {
        return of_value(value);
    }
    // `Key.$` holds a path or intrinsic: the value is only known at run time,
    // and so is everything under a parent given that way (`Overrides.$`).
    let mut end = pointer.len();
    loop {
        let prefix = &pointer[..end];
        if prefix.is_empty() {
            return Found::Absent;
        }
        if parameters.pointer(&format!("{prefix}.$")).is_some() {
            return Found::Dynamic;
        }
        end = prefix.rfind('/').unwrap_or(0);
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Every value at `pointer`, `*` segments expanded; none when absent.
pub(crate) fn find_all<'a>(parameters: &'a Value, pointer: &str) -> Vec<Found<'a>> {
    find_all_or(parameters, pointer, None)
}

/// [`find_all`], with `default` standing in for every place the member is
/// absent: the whole pointer, or one element of a `*` segment.
fn find_all_or<'a>(
    parameters: &'a Value,
    pointer: &str,
    default: Option<&'static str>,
) -> Vec<Found<'a>> {
    if !pointer.split('/').any(|s| s == "*") {
        return match (find(parameters, pointer), default) {
            (Found::Absent, Some(value)) => vec![Found::Literal(value)],
            (Found::Absent, None) => Vec::new(),
            (found, _) => vec![found],
        };
    }
    let mut current: Vec<&Value> = vec![parameters];
    let mut out = Vec::new();
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let mut next = Vec::new();
        for value in current {
            if *segment == "*" {
                match value {
                    Value::Array(items) => next.extend(items.iter()),
                    Value::Object(map) => next.extend(map.values()),
                    _ => {}
                }
                continue;
            }
            let key = unescape(segment);
            match value.get(&key) {
                Some(v) => next.push(v),
                // A dynamic value on the way: everything under it is too.
                None if value.get(format!("{key}.$")).is_some() => out.push(Found::Dynamic),
                None => {
                    if let (true, Some(value)) = (last, default) {
                        out.push(Found::Literal(value));
                    }
                }
            }
        }
        if last {
            out.extend(next.into_iter().map(of_value));
            return out;
        }
        current = next;
    }
    out
}

/// The keys at `pointer`: each key is a literal (a `Key.$` key still names
/// `Key`); a dynamic object is one dynamic value.
fn find_keys<'a>(parameters: &'a Value, pointer: &str) -> Vec<Found<'a>> {
    match parameters.pointer(pointer) {
        Some(Value::Object(map)) => map
            .keys()
            .map(|k| Found::Literal(k.strip_suffix(".$").unwrap_or(k)))
            .collect(),
        Some(_) => vec![Found::Dynamic],
        None if parameters.pointer(&format!("{pointer}.$")).is_some() => vec![Found::Dynamic],
        None => Vec::new(),
    }
}

/// What one value contributes to a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// Inserted for the variable; `fixed_tail` when the value already
    /// carries what the template's `:*` tail would add (a qualifier).
    Value { text: String, fixed_tail: bool },
    /// An ARN that replaces the template up to and including the variable.
    Head { arn: String, fixed_tail: bool },
    /// The whole resource.
    Whole(String),
    /// Contributes nothing (a `WholeArn` binding without an ARN).
    Skip,
}

const WILD: Part = Part::Value {
    text: String::new(),
    fixed_tail: false,
};

fn value_part(text: impl Into<String>) -> Part {
    Part::Value {
        text: text.into(),
        fixed_tail: false,
    }
}

/// The resource ARN for these parameters (the first when the parameters
/// name several), with CloudFormation pseudo parameters for partition,
/// region and account.
pub fn resolve(template: &ResourceTemplate, parameters: &Value) -> String {
    resolve_all(template, parameters)
        .into_iter()
        .next()
        .unwrap_or_else(|| pseudo_parameters(template.arn))
}

/// Most resources one template yields before it falls back to a wildcard.
const MAX_RESOURCES: usize = 64;

/// Every resource ARN these parameters name, in order, without repeats.
///
/// A literal is read for what it is: an ARN of the template's resource type
/// replaces the template up to its variable and keeps its own partition,
/// region and account; an ARN of another type contributes its name; a
/// queue URL names its queue. A `${…}` placeholder standing for a whole
/// ARN or URL (see [`References`]) is used as the resource, never wrapped
/// into a new ARN; where that cannot be done the part is a wildcard and the
/// current report gets a warning. Values from paths, intrinsics or JSONata
/// leave a wildcard for their part only.
pub fn resolve_all(template: &ResourceTemplate, parameters: &Value) -> Vec<String> {
    let shape = Shape::of(template.arn);
    let mut choices: Vec<(&Binding, Vec<Part>)> = Vec::with_capacity(template.bindings.len());
    for binding in template.bindings {
        if binding.extract == Extract::StateMachineName {
            let part = match context::state_machine_name() {
                Some(name) => value_part(name),
                None => {
                    context::warn(
                        "unscoped",
                        format!(
                            "the state machine has no name, so {} is granted on {}; name it (`StateMachineBuilder::name`, or `--name` for `sfn-tasks policy`) to scope it",
                            template.arn.split(':').nth(2).unwrap_or("the call"),
                            collapse_wildcards(substitute(template.arn, &[]))
                        ),
                    );
                    WILD
                }
            };
            choices.push((binding, vec![part]));
            continue;
        }
        let found = match binding.extract {
            Extract::Keys => find_keys(parameters, binding.pointer),
            _ => find_all_or(parameters, binding.pointer, binding.default),
        };
        let mut parts: Vec<Part> = found
            .into_iter()
            .map(|f| interpret(binding, &shape, f))
            .collect();
        if parts.is_empty() {
            parts.push(match binding.extract {
                Extract::WholeArn | Extract::HostRegion => Part::Skip,
                _ => WILD,
            });
        }
        parts.dedup();
        // A wildcard part covers the literal ones beside it.
        if parts.len() > MAX_RESOURCES || (parts.len() > 1 && parts.contains(&WILD)) {
            parts = vec![WILD];
        }
        choices.push((binding, parts));
    }
    let mut out: Vec<String> = Vec::new();
    let mut picks = vec![0usize; choices.len()];
    loop {
        let resource = assemble(template, &choices, &picks);
        if !out.contains(&resource) {
            out.push(resource);
        }
        if out.len() >= MAX_RESOURCES {
            return vec![substitute(template.arn, &[])];
        }
        // Next combination (odometer order).
        let mut i = 0;
        loop {
            if i == picks.len() {
                return out;
            }
            picks[i] += 1;
            if picks[i] < choices[i].1.len() {
                break;
            }
            picks[i] = 0;
            i += 1;
        }
    }
}

fn assemble(
    template: &ResourceTemplate,
    choices: &[(&Binding, Vec<Part>)],
    picks: &[usize],
) -> String {
    let mut values: Vec<(&str, String)> = Vec::new();
    let mut head: Option<(&str, &str, bool)> = None;
    // Whether a value already carries what a qualifier tail would add.
    let mut fixed_by_value = false;
    for ((binding, parts), pick) in choices.iter().zip(picks) {
        match &parts[*pick] {
            Part::Whole(arn) => return arn.clone(),
            Part::Skip => {}
            Part::Head { arn, fixed_tail } => {
                if head.is_none() {
                    head = Some((arn, binding.variable, *fixed_tail));
                }
            }
            Part::Value { text, fixed_tail } => {
                let text = if text.is_empty() {
                    "*".to_owned()
                } else {
                    text.clone()
                };
                values.push((binding.variable, text));
                fixed_by_value |= *fixed_tail;
            }
        }
    }
    let resource = match head {
        Some((arn, variable, fixed_tail)) => {
            let var = format!("${{{variable}}}");
            let tail = template
                .arn
                .find(&var)
                .map_or("", |at| &template.arn[at + var.len()..]);
            let tail = if fixed_tail && is_any_qualifier(tail, template) {
                ""
            } else {
                tail
            };
            format!("{arn}{}", substitute(tail, &values))
        }
        None if fixed_by_value => {
            let trimmed = template
                .arn
                .rfind(':')
                .filter(|&at| is_any_qualifier(&template.arn[at..], template))
                .map_or(template.arn, |at| &template.arn[..at]);
            substitute(trimmed, &values)
        }
        None => substitute(template.arn, &values),
    };
    collapse_wildcards(resource)
}

/// A template tail that only adds "any qualifier": `:*`, or `:${Var}` with
/// no binding for `Var` (ECS's `:${TaskDefinitionRevisionNumber}`).
fn is_any_qualifier(tail: &str, template: &ResourceTemplate) -> bool {
    tail == ":*"
        || tail
            .strip_prefix(":${")
            .and_then(|t| t.strip_suffix('}'))
            .is_some_and(|var| {
                !var.contains(['{', '}', '$'])
                    && template.bindings.iter().all(|b| b.variable != var)
            })
}

/// The parts of a template that values are compared with.
struct Shape<'a> {
    arn: &'a str,
    parts: Option<ArnParts<'a>>,
}

impl<'a> Shape<'a> {
    fn of(arn: &'a str) -> Self {
        Shape {
            arn,
            parts: split_arn(arn),
        }
    }

    /// The resource-type part before `variable` (`function:` for
    /// `function:${FunctionName}:*`), when the variable is in the resource.
    fn type_prefix(&self, variable: &str) -> Option<&'a str> {
        let resource = self.parts?.resource;
        let at = resource.find(&format!("${{{variable}}}"))?;
        Some(&resource[..at])
    }

    /// Whether `arn` is of this template's service and resource type.
    fn same_type(&self, variable: &str, arn: &ArnParts<'_>) -> bool {
        let (Some(parts), Some(prefix)) = (self.parts, self.type_prefix(variable)) else {
            return false;
        };
        if parts.service != arn.service {
            return false;
        }
        // A type without a prefix (an SNS topic: `arn:…:sns:<region>:<account>:<name>`)
        // is the whole resource, one segment.
        if prefix.is_empty() {
            return !arn.resource.is_empty() && !arn.resource.contains([':', '/']);
        }
        arn.resource.starts_with(prefix)
    }

    /// The template's head rebuilt with another account and a resource.
    fn with_account(&self, account: &str, resource: &str) -> Option<String> {
        let parts = self.parts?;
        Some(format!(
            "arn:{}:{}:{}:{account}:{resource}",
            pseudo_parameters(parts.partition),
            parts.service,
            pseudo_parameters(parts.region),
        ))
    }
}

/// The name an ARN of another resource type contributes: the part after
/// its resource type (`stateMachine:child` → `child`, `table/Orders` →
/// `Orders`), qualifier included.
fn name_after_type(resource: &str) -> &str {
    resource
        .split_once('/')
        .or_else(|| resource.split_once(':'))
        .map_or(resource, |(_, name)| name)
}

fn unqualified(name: &str) -> &str {
    name.split(':').next().unwrap_or(name)
}

fn interpret(binding: &Binding, shape: &Shape<'_>, found: Found<'_>) -> Part {
    let Found::Literal(text) = found else {
        return match binding.extract {
            Extract::WholeArn | Extract::HostRegion => Part::Skip,
            _ => WILD,
        };
    };
    if binding.extract == Extract::HostRegion {
        return host_region(text).map_or(Part::Skip, value_part);
    }
    if text.is_empty() {
        return WILD;
    }
    if let Some(name) = whole_placeholder(text) {
        return placeholder(binding, shape, text, name);
    }
    if let Some(part) = qualified_placeholder(binding, text) {
        return part;
    }
    interpret_literal(binding, shape, text)
}

/// `${Fn.Arn}:$LATEST` (CloudFormation's `Fn::Join` of an ARN and a
/// qualifier): the ARN the placeholder stands for, qualified.
fn qualified_placeholder(binding: &Binding, text: &str) -> Option<Part> {
    if !matches!(
        binding.extract,
        Extract::ArnOrName | Extract::FamilyOrRevision
    ) {
        return None;
    }
    let end = text.find('}')?;
    let name = whole_placeholder(&text[..=end])?;
    let qualifier = text[end + 1..].strip_prefix(':')?;
    if qualifier.is_empty() || (qualifier.contains(['/', '$']) && !qualifier.starts_with("$LATEST"))
    {
        return None;
    }
    match context::stands_for(name) {
        Stands::Arn(arn) => Some(Part::Head {
            arn: format!("{arn}:{qualifier}"),
            fixed_tail: true,
        }),
        _ => None,
    }
}

/// A literal that is not a whole placeholder.
fn interpret_literal(binding: &Binding, shape: &Shape<'_>, text: &str) -> Part {
    if text.is_empty() {
        return WILD;
    }
    if let Some(arn) = split_arn(text) {
        return literal_arn(binding, shape, text, &arn);
    }
    match binding.extract {
        Extract::WholeArn => Part::Skip,
        Extract::UrlLastSegment => match queue_url_arn(text) {
            Some(arn) => Part::Head {
                arn,
                fixed_tail: false,
            },
            None => value_part(last_segment(text)),
        },
        Extract::FamilyOrRevision => Part::Value {
            text: if text.contains(':') {
                text.to_owned()
            } else {
                format!("{text}:*")
            },
            fixed_tail: true,
        },
        Extract::IdPrefix => value_part(unqualified(text)),
        Extract::HostFirstLabel => value_part(text.split('.').next().unwrap_or(text)),
        Extract::RelativePath => value_part(text.trim_start_matches('/')),
        Extract::ArnNameSegment => WILD,
        _ => name_or_partial_arn(binding, shape, text),
    }
}

/// A name, or a partial ARN `<account>:<type>:<name>` (Lambda accepts
/// `123456789012:function:f`): the latter keeps its account.
fn name_or_partial_arn(binding: &Binding, shape: &Shape<'_>, text: &str) -> Part {
    if let Some((account, rest)) = text.split_once(':')
        && value::is_account(account)
        && let Some(prefix) = shape.type_prefix(binding.variable)
        && !prefix.is_empty()
        && let Some(name) = rest.strip_prefix(prefix)
        && let Some(arn) = shape.with_account(account, rest)
    {
        return Part::Head {
            arn,
            fixed_tail: name.contains(':'),
        };
    }
    Part::Value {
        text: text.to_owned(),
        fixed_tail: text.contains(':') && binding.extract == Extract::ArnOrName,
    }
}

fn literal_arn(binding: &Binding, shape: &Shape<'_>, text: &str, arn: &ArnParts<'_>) -> Part {
    if binding.extract == Extract::WholeArn {
        return Part::Whole(text.to_owned());
    }
    if shape.same_type(binding.variable, arn) {
        let prefix = shape.type_prefix(binding.variable).unwrap_or("");
        let name = &arn.resource[prefix.len()..];
        return match binding.extract {
            Extract::FamilyOrRevision => Part::Head {
                arn: if name.contains(':') {
                    text.to_owned()
                } else {
                    format!("{text}:*")
                },
                fixed_tail: true,
            },
            Extract::IdPrefix => value_part(unqualified(name)),
            _ => Part::Head {
                arn: text.to_owned(),
                fixed_tail: name.contains(':'),
            },
        };
    }
    let name = name_after_type(arn.resource);
    match binding.extract {
        Extract::ArnNameSegment => match arn.resource.split('/').nth(1) {
            Some(segment) if !segment.is_empty() => value_part(segment),
            _ => WILD,
        },
        Extract::FamilyOrRevision => Part::Value {
            text: if name.contains(':') {
                name.to_owned()
            } else {
                format!("{name}:*")
            },
            fixed_tail: true,
        },
        _ => value_part(unqualified(name)),
    }
}

/// A whole `${Name}`: used as the resource when it stands for one, never
/// wrapped; a wildcard and a warning when it cannot be placed.
fn placeholder(binding: &Binding, shape: &Shape<'_>, text: &str, name: &str) -> Part {
    let stands = context::stands_for(name);
    let arn_like = |arn: String| match binding.extract {
        Extract::WholeArn => Part::Whole(arn),
        // Whether the ARN is qualified cannot be seen: keep the tail.
        _ => Part::Head {
            arn,
            fixed_tail: false,
        },
    };
    match (binding.extract, stands) {
        (_, Stands::Literal(value)) => interpret_literal(binding, shape, &value),
        // The name inside an ARN a placeholder stands for is not known here.
        (Extract::ArnNameSegment, _) => WILD,
        (_, Stands::Name) => match binding.extract {
            Extract::WholeArn => Part::Skip,
            _ => value_part(text),
        },
        (Extract::Keys, _) => value_part(text),
        (Extract::Whole | Extract::IdPrefix, Stands::Arn(_) | Stands::QueueUrl(_)) => unplaceable(
            binding,
            shape,
            text,
            "a whole ARN or URL where a name belongs",
        ),
        (Extract::UrlLastSegment, Stands::QueueUrl(Some(arn))) => arn_like(arn),
        (Extract::UrlLastSegment, Stands::QueueUrl(None)) => unplaceable(
            binding,
            shape,
            text,
            "a queue URL whose queue ARN is not known here",
        ),
        (Extract::UrlLastSegment, Stands::Arn(arn)) => arn_like(arn),
        (_, Stands::Arn(arn)) => arn_like(arn),
        (_, Stands::QueueUrl(Some(arn))) => arn_like(arn),
        (_, Stands::QueueUrl(None)) => {
            unplaceable(binding, shape, text, "a URL where an ARN or name belongs")
        }
    }
}

fn unplaceable(binding: &Binding, shape: &Shape<'_>, text: &str, what: &str) -> Part {
    let wildcard = substitute(shape.arn, &[]);
    context::warn(
        "placeholder",
        format!(
            "{} is {text}, {what}: granted on {} instead (reference the resource's ARN, e.g. `${{Logical.Arn}}`, to scope it)",
            binding.pointer.trim_start_matches('/'),
            collapse_wildcards(wildcard)
        ),
    );
    WILD
}

/// `name*` with a wildcard name gives `**`, which IAM reads as `*`; say it once.
fn collapse_wildcards(mut resource: String) -> String {
    while resource.contains("**") {
        resource = resource.replace("**", "*");
    }
    resource
}

/// Replaces the IAM data's own variables with CloudFormation pseudo
/// parameters, and any variable no binding filled with `*`.
pub fn pseudo_parameters(template: &str) -> String {
    substitute(template, &[])
}

/// One pass over the template: each `${Var}` becomes its value, a pseudo
/// parameter, or `*`. Inserted values are not scanned again. A bound
/// `${Region}` (an endpoint's region) wins over the pseudo parameter.
fn substitute(template: &str, values: &[(&str, String)]) -> String {
    map_placeholders(template, |name| {
        let bound = values
            .iter()
            .find(|(v, _)| *v == name)
            .map(|(_, value)| value.clone());
        Some(match (name, bound) {
            (_, Some(value)) => value,
            ("Partition", None) => PARTITION.to_owned(),
            ("Region", None) => REGION.to_owned(),
            ("Account", None) => ACCOUNT_ID.to_owned(),
            _ if name.starts_with("AWS::") => format!("${{{name}}}"),
            _ => "*".to_owned(),
        })
    })
}

/// The region label of an AWS endpoint host, `<id>.<service>.<region>.…`
/// (`abc123.execute-api.eu-west-1.amazonaws.com` → `eu-west-1`), when it
/// looks like one (or is a `${AWS::Region}` placeholder).
fn host_region(host: &str) -> Option<&str> {
    let host = host.strip_prefix("https://").unwrap_or(host);
    let label = host.split('/').next()?.split('.').nth(2)?;
    let region_like = label.contains('-')
        && label
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    (region_like || label == "${AWS::Region}").then_some(label)
}

/// `text` with each `${name}` replaced by what `replace` returns for the
/// name (the whole replacement), or kept when it returns `None`; one pass,
/// replacements are not scanned again, an unclosed `${` stays as it is.
pub fn map_placeholders(text: &str, mut replace: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        match replace(&after[..end]) {
            Some(replacement) => out.push_str(&replacement),
            None => out.push_str(&rest[start..start + 2 + end + 1]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The role ARN a role member's literal names: an ARN (or a placeholder
/// standing for one) as it is, a role name (or a placeholder for one, a
/// role's `Ref`) under the account's `role/`; `None` when the value cannot
/// name a role (a queue URL placeholder), after a warning.
pub(crate) fn role_arn(pointer: &str, text: &str) -> Option<String> {
    let named = |name: &str| format!("arn:{PARTITION}:iam::{ACCOUNT_ID}:role/{name}");
    if split_arn(text).is_some() {
        return Some(text.to_owned());
    }
    match whole_placeholder(text).map(context::stands_for) {
        Some(Stands::Arn(arn)) => Some(arn),
        Some(Stands::QueueUrl(_)) => {
            context::warn(
                "placeholder",
                format!(
                    "{} is {text}, which does not name a role; no iam:PassRole granted for it",
                    pointer.trim_start_matches('/')
                ),
            );
            None
        }
        Some(Stands::Literal(value)) if whole_placeholder(&value).is_none() => {
            role_arn(pointer, &value)
        }
        Some(Stands::Literal(reference)) => Some(named(&reference)),
        Some(Stands::Name) | None => Some(named(text)),
    }
}

/// Records a warning for the report being made, if any.
pub(crate) fn warn(code: &'static str, message: String) {
    context::warn(code, message);
}

fn last_segment(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or(url)
}

/// Whether a parameter is present, literally or as a `.$` key.
pub(crate) fn is_set(parameters: &Value, pointer: &str) -> bool {
    !find_all(parameters, pointer).is_empty()
}

/// Whether a grant's `when` condition holds: `/Pointer` holds when the
/// parameter is set; `/Pointer=VALUE` when it may be VALUE (that literal,
/// or a value only known at run time, a placeholder included).
pub(crate) fn when_holds(parameters: &Value, condition: &str) -> bool {
    let Some((pointer, wanted)) = condition.split_once('=') else {
        return is_set(parameters, condition);
    };
    find_all(parameters, pointer)
        .iter()
        .any(|found| match found {
            Found::Literal(text) => *text == wanted || whole_placeholder(text).is_some(),
            Found::Dynamic => true,
            Found::Absent => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TABLE: ResourceTemplate = ResourceTemplate {
        arn: "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}",
        bindings: &[Binding {
            variable: "TableName",
            pointer: "/TableName",
            extract: Extract::ArnOrName,
            default: None,
        }],
    };

    #[test]
    fn literal_path_jsonata_and_absent_values() {
        let base = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/";
        assert_eq!(
            resolve(&TABLE, &json!({"TableName": "Orders"})),
            format!("{base}Orders")
        );
        assert_eq!(
            resolve(&TABLE, &json!({"TableName.$": "$.t"})),
            format!("{base}*")
        );
        assert_eq!(
            resolve(&TABLE, &json!({"TableName": "{% $t %}"})),
            format!("{base}*")
        );
        assert_eq!(resolve(&TABLE, &json!({})), format!("{base}*"));
    }

    #[test]
    fn a_literal_arn_is_kept_whole() {
        let arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders";
        assert_eq!(resolve(&TABLE, &json!({"TableName": arn})), arn);
    }

    #[test]
    fn unbound_variables_become_wildcards() {
        let stream = ResourceTemplate {
            arn: "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}",
            bindings: &[Binding {
                variable: "TableName",
                pointer: "/TableName",
                extract: Extract::Whole,
                default: None,
            }],
        };
        assert_eq!(
            resolve(&stream, &json!({"TableName": "T"})),
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/T/stream/*"
        );
    }

    #[test]
    fn a_whole_arn_member_names_a_multi_part_resource() {
        let execution = ResourceTemplate {
            arn: "arn:${Partition}:states:${Region}:${Account}:execution:${StateMachineName}:${ExecutionId}",
            bindings: &[Binding {
                variable: "",
                pointer: "/ExecutionArn",
                extract: Extract::WholeArn,
                default: None,
            }],
        };
        let arn = "arn:aws:states:eu-west-1:123456789012:execution:M:e-1";
        assert_eq!(resolve(&execution, &json!({"ExecutionArn": arn})), arn);
        assert_eq!(
            resolve(&execution, &json!({"ExecutionArn.$": "$.arn"})),
            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:*:*"
        );
    }

    #[test]
    fn a_wildcard_name_before_a_wildcard_suffix_is_one_wildcard() {
        let job = ResourceTemplate {
            arn: "arn:${Partition}:sagemaker:${Region}:${Account}:training-job/${TrainingJobName}*",
            bindings: &[Binding {
                variable: "TrainingJobName",
                pointer: "/TrainingJobName",
                extract: Extract::Whole,
                default: None,
            }],
        };
        assert!(
            resolve(&job, &json!({"TrainingJobName.$": "$.name"})).ends_with(":training-job/*")
        );
        assert!(resolve(&job, &json!({"TrainingJobName": "j"})).ends_with(":training-job/j*"));
    }

    const FUNCTION: &[ResourceTemplate] = &[
        ResourceTemplate {
            arn: "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}",
            bindings: &[Binding {
                variable: "FunctionName",
                pointer: "/FunctionName",
                extract: Extract::ArnOrName,
                default: None,
            }],
        },
        ResourceTemplate {
            arn: "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}:*",
            bindings: &[Binding {
                variable: "FunctionName",
                pointer: "/FunctionName",
                extract: Extract::ArnOrName,
                default: None,
            }],
        },
    ];

    fn functions(name: &str) -> Vec<String> {
        FUNCTION
            .iter()
            .map(|t| resolve(t, &json!({ "FunctionName": name })))
            .collect()
    }

    const OWN: &str = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:";

    #[test]
    fn an_arn_with_pseudo_parameters_is_scoped_not_widened() {
        let arn = format!("{OWN}charge-card");
        assert_eq!(functions(&arn), [arn.clone(), format!("{arn}:*")]);
    }

    #[test]
    fn partial_arns_aliases_and_versions() {
        assert_eq!(
            functions("123456789012:function:F"),
            [
                "arn:${AWS::Partition}:lambda:${AWS::Region}:123456789012:function:F",
                "arn:${AWS::Partition}:lambda:${AWS::Region}:123456789012:function:F:*"
            ]
        );
        assert_eq!(
            functions("123456789012:function:F:PROD"),
            ["arn:${AWS::Partition}:lambda:${AWS::Region}:123456789012:function:F:PROD"; 2]
        );
        let own = format!("{OWN}F:PROD");
        assert_eq!(functions("F:PROD"), [own.clone(), own]);
        let qualified = "arn:aws:lambda:eu-west-1:111122223333:function:F:7";
        assert_eq!(functions(qualified), [qualified; 2]);
    }

    #[test]
    fn arns_of_another_type_give_their_name() {
        let execution = ResourceTemplate {
            arn: "arn:${Partition}:states:${Region}:${Account}:execution:${Name}:*",
            bindings: &[Binding {
                variable: "Name",
                pointer: "/StateMachineArn",
                extract: Extract::ArnOrName,
                default: None,
            }],
        };
        let params = json!({"StateMachineArn": "arn:aws:states:eu-west-1:1:stateMachine:child"});
        assert_eq!(
            resolve(&execution, &params),
            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:child:*"
        );
    }

    #[test]
    fn a_qualified_arn_placeholder_keeps_its_qualifier() {
        assert_eq!(
            functions("${Fn.Arn}:$LATEST"),
            ["${Fn.Arn}:$LATEST", "${Fn.Arn}:$LATEST"]
        );
        assert_eq!(functions("${FnArn}:live")[0], "${FnArn}:live");
        // A name placeholder with a qualifier stays inside the template.
        assert_eq!(functions("${Fn}:live")[0], format!("{OWN}${{Fn}}:live"));
    }

    #[test]
    fn placeholders_standing_for_arns_are_used_whole() {
        assert_eq!(functions("${Fn.Arn}"), ["${Fn.Arn}", "${Fn.Arn}:*"]);
        assert_eq!(
            functions("${ChargeFunctionArn}"),
            ["${ChargeFunctionArn}", "${ChargeFunctionArn}:*"]
        );
        // A bare name stays a name inside the template.
        assert_eq!(
            functions("${FunctionName}")[0],
            format!("{OWN}${{FunctionName}}")
        );
    }

    const QUEUE: ResourceTemplate = ResourceTemplate {
        arn: "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}",
        bindings: &[Binding {
            variable: "QueueName",
            pointer: "/QueueUrl",
            extract: Extract::UrlLastSegment,
            default: None,
        }],
    };

    #[test]
    fn queue_urls_keep_their_account_and_region() {
        let url = json!({"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/999999999999/Q"});
        assert_eq!(
            resolve(&QUEUE, &url),
            "arn:aws:sqs:eu-west-1:999999999999:Q"
        );
    }

    #[test]
    fn an_unknown_url_placeholder_is_a_warned_wildcard() {
        let (resource, warnings) =
            collect_warnings(|| resolve(&QUEUE, &json!({"QueueUrl": "${QueueUrl}"})));
        assert_eq!(
            resource,
            "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:*"
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].1.contains("${QueueUrl}"), "{warnings:?}");
        assert_eq!(warnings[0].0, "placeholder");
        // An ARN placeholder given for the URL is still the queue.
        assert_eq!(
            resolve(&QUEUE, &json!({"QueueUrl": "${Queue.Arn}"})),
            "${Queue.Arn}"
        );
    }

    #[test]
    fn a_template_reference_follows_its_return_value() {
        let refs = TemplateReferences {
            resource_types: [("Jobs".to_owned(), "AWS::SQS::Queue".to_owned())].into(),
            substitutions: Default::default(),
        };
        let (resource, warnings) = with_references(Box::new(refs), || {
            resolve(&QUEUE, &json!({"QueueUrl": "${Jobs}"}))
        });
        assert_eq!(resource, "${Jobs.Arn}");
        assert!(warnings.is_empty());
    }

    #[test]
    fn revisions_are_exact_and_families_take_every_revision() {
        let td = ResourceTemplate {
            arn: "arn:${Partition}:ecs:${Region}:${Account}:task-definition/${TaskDefinition}",
            bindings: &[Binding {
                variable: "TaskDefinition",
                pointer: "/TaskDefinition",
                extract: Extract::FamilyOrRevision,
                default: None,
            }],
        };
        let base = "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/";
        let of = |v: &str| resolve(&td, &json!({ "TaskDefinition": v }));
        assert_eq!(of("TD:7"), format!("{base}TD:7"));
        assert_eq!(of("TD"), format!("{base}TD:*"));
        let arn = "arn:aws:ecs:eu-west-1:111122223333:task-definition/TD:3";
        assert_eq!(of(arn), arn);
        assert_eq!(
            of("arn:aws:ecs:eu-west-1:111122223333:task-definition/TD"),
            "arn:aws:ecs:eu-west-1:111122223333:task-definition/TD:*"
        );
        assert_eq!(of("${TaskDefinitionArn}"), "${TaskDefinitionArn}");
        // The IAM data's own template names the revision separately.
        let split = ResourceTemplate {
            arn: "arn:${Partition}:ecs:${Region}:${Account}:task-definition/${TaskDefinitionFamilyName}:${TaskDefinitionRevisionNumber}",
            bindings: &[Binding {
                variable: "TaskDefinitionFamilyName",
                pointer: "/TaskDefinition",
                extract: Extract::FamilyOrRevision,
                default: None,
            }],
        };
        let of = |v: &str| resolve(&split, &json!({ "TaskDefinition": v }));
        assert_eq!(of("TD:7"), format!("{base}TD:7"));
        assert_eq!(of("TD"), format!("{base}TD:*"));
        assert_eq!(of(arn), arn);
        assert_eq!(
            resolve(&td, &json!({"TaskDefinition.$": "$.td"})),
            format!("{base}*")
        );
    }

    #[test]
    fn ids_name_their_parent() {
        let project = ResourceTemplate {
            arn: "arn:${Partition}:codebuild:${Region}:${Account}:project/${ProjectName}",
            bindings: &[Binding {
                variable: "ProjectName",
                pointer: "/Ids/*",
                extract: Extract::IdPrefix,
                default: None,
            }],
        };
        let base = "arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}:project/";
        assert_eq!(
            resolve_all(
                &project,
                &json!({"Ids": ["P:0b7a-11", "Q:9c", "arn:aws:codebuild:eu-west-1:1:build/R:1"]})
            ),
            [format!("{base}P"), format!("{base}Q"), format!("{base}R")]
        );
        assert_eq!(
            resolve_all(&project, &json!({"Ids.$": "$.ids"})),
            [format!("{base}*")]
        );
    }

    #[test]
    fn map_keys_and_list_elements_name_one_resource_each() {
        let keys = ResourceTemplate {
            arn: "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}",
            bindings: &[Binding {
                variable: "TableName",
                pointer: "/RequestItems",
                extract: Extract::Keys,
                default: None,
            }],
        };
        let base = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/";
        assert_eq!(
            resolve_all(&keys, &json!({"RequestItems": {"A": [], "B.$": "$.b"}})),
            [format!("{base}A"), format!("{base}B")]
        );
        assert_eq!(
            resolve_all(&keys, &json!({"RequestItems.$": "$.items"})),
            [format!("{base}*")]
        );
        let nested = ResourceTemplate {
            arn: keys.arn,
            bindings: &[Binding {
                variable: "TableName",
                pointer: "/TransactItems/*/Put/TableName",
                extract: Extract::ArnOrName,
                default: None,
            }],
        };
        let literal = json!({"TransactItems": [
            {"Put": {"TableName": "A"}},
            {"Update": {"TableName": "C"}},
            {"Put": {"TableName": "B"}}
        ]});
        assert_eq!(
            resolve_all(&nested, &literal),
            [format!("{base}A"), format!("{base}B")]
        );
        let params = json!({"TransactItems": [
            {"Put": {"TableName": "A"}},
            {"Update": {"TableName": "C"}},
            {"Put": {"TableName.$": "$.t"}}
        ]});
        assert_eq!(resolve_all(&nested, &params), [format!("{base}*")]);
        assert!(is_set(&params, "/TransactItems/*/Put/TableName"));
        // A parent given as a path hides what is under it.
        let dynamic_parent = json!({"Overrides.$": "$.overrides"});
        assert!(is_set(&dynamic_parent, "/Overrides/TaskRoleArn"));
        assert_eq!(
            find(&dynamic_parent, "/Overrides/TaskRoleArn"),
            Found::Dynamic
        );
        assert_eq!(find(&dynamic_parent, "/Other/TaskRoleArn"), Found::Absent);
        assert!(!is_set(&params, "/TransactItems/*/Delete/TableName"));
    }

    #[test]
    fn value_conditions_hold_for_that_value_or_an_unknown_one() {
        let when = "/AuthType=IAM_ROLE";
        assert!(when_holds(&json!({"AuthType": "IAM_ROLE"}), when));
        assert!(!when_holds(&json!({"AuthType": "NO_AUTH"}), when));
        assert!(!when_holds(&json!({}), when));
        assert!(when_holds(&json!({"AuthType.$": "$.auth"}), when));
        assert!(when_holds(&json!({"AuthType": "${Auth}"}), when));
        assert!(when_holds(&json!({"AuthType": "NO_AUTH"}), "/AuthType"));
    }

    #[test]
    fn absent_members_take_the_default() {
        const BUS: ResourceTemplate = ResourceTemplate {
            arn: "arn:${Partition}:events:${Region}:${Account}:event-bus/${EventBusName}",
            bindings: &[Binding {
                variable: "EventBusName",
                pointer: "/Entries/*/EventBusName",
                extract: Extract::ArnOrName,
                default: Some("default"),
            }],
        };
        let base = "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/";
        let named = json!({"Entries": [{"EventBusName": "orders"}, {"EventBusName": "audit"}]});
        assert_eq!(
            resolve_all(&BUS, &named),
            [format!("{base}orders"), format!("{base}audit")]
        );
        let mixed = json!({"Entries": [{"EventBusName": "orders"}, {"Source": "app"}]});
        let mut both = resolve_all(&BUS, &mixed);
        both.sort();
        assert_eq!(both, [format!("{base}default"), format!("{base}orders")]);
        let dynamic = json!({"Entries": [{"EventBusName.$": "$.bus"}, {"Source": "app"}]});
        assert_eq!(resolve_all(&BUS, &dynamic), [format!("{base}*")]);
    }

    #[test]
    fn endpoint_hosts_and_relative_paths() {
        const EXECUTE: ResourceTemplate = ResourceTemplate {
            arn: "arn:${Partition}:execute-api:${Region}:${Account}:${ApiId}/${Stage}/${Method}/${ApiSpecificResourcePath}",
            bindings: &[
                Binding {
                    variable: "ApiId",
                    pointer: "/ApiEndpoint",
                    extract: Extract::HostFirstLabel,
                    default: None,
                },
                Binding {
                    variable: "Region",
                    pointer: "/ApiEndpoint",
                    extract: Extract::HostRegion,
                    default: None,
                },
                Binding {
                    variable: "Stage",
                    pointer: "/Stage",
                    extract: Extract::Whole,
                    default: None,
                },
                Binding {
                    variable: "Method",
                    pointer: "/Method",
                    extract: Extract::Whole,
                    default: None,
                },
                Binding {
                    variable: "ApiSpecificResourcePath",
                    pointer: "/Path",
                    extract: Extract::RelativePath,
                    default: None,
                },
            ],
        };
        let base = "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:";
        // The endpoint's own region, not the state machine's.
        let params = json!({"ApiEndpoint": "a1b2.execute-api.eu-west-1.amazonaws.com", "Stage": "prod", "Method": "POST", "Path": "/orders/new"});
        assert_eq!(
            resolve(&EXECUTE, &params),
            "arn:${AWS::Partition}:execute-api:eu-west-1:${AWS::AccountId}:a1b2/prod/POST/orders/new"
        );
        // A host known only at run time: any API, the machine's region.
        let params = json!({"ApiEndpoint.$": "$.host", "Method": "GET"});
        assert_eq!(resolve(&EXECUTE, &params), format!("{base}*/*/GET/*"));
        // A reference to the API (its id) as the host's first label.
        let params = json!({"ApiEndpoint": "${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}", "Method": "GET"});
        assert_eq!(
            resolve(&EXECUTE, &params),
            format!("{base}${{Api}}/*/GET/*")
        );
    }

    #[test]
    fn roles_from_names_arns_and_references() {
        assert_eq!(
            role_arn("/RoleArn", "arn:aws:iam::1:role/r").as_deref(),
            Some("arn:aws:iam::1:role/r")
        );
        assert_eq!(
            role_arn("/RoleArn", "r").as_deref(),
            Some("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/r")
        );
        assert_eq!(
            role_arn("/RoleArn", "${ExecRole.Arn}").as_deref(),
            Some("${ExecRole.Arn}")
        );
    }
}
