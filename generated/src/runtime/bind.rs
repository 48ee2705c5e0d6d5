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

/// How a parameter value yields a template variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extract {
    /// The value is the variable (`Orders` for `${TableName}`).
    Whole,
    /// The value is a name or an ARN (`my-fn` or `arn:aws:lambda:…:function:my-fn`);
    /// a full ARN becomes the whole resource.
    ArnOrName,
    /// The value is a URL whose last path segment is the variable (an SQS queue URL).
    UrlLastSegment,
    /// The value, when it is a literal ARN, is the whole resource (an
    /// `executionArn` for the `execution` resource type); otherwise the
    /// template's other bindings apply. `variable` is unused.
    WholeArn,
}

/// One template variable and the parameter that fills it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    /// Variable name without `${}` (`TableName`).
    pub variable: &'static str,
    /// JSON pointer into the rendered parameters (`/TableName`).
    pub pointer: &'static str,
    /// How to read the variable out of the value.
    pub extract: Extract,
}

/// An ARN template from the service-authorization data and its bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceTemplate {
    /// `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`.
    pub arn: &'static str,
    /// How its variables are filled; unbound variables become `*`.
    pub bindings: &'static [Binding],
}

/// What a parameter holds at a pointer.
pub(crate) enum Found<'a> {
    Literal(&'a str),
    /// Resolved at run time (a path, an intrinsic, JSONata) or not a string.
    Dynamic,
    Absent,
}

pub(crate) fn find<'a>(parameters: &'a Value, pointer: &str) -> Found<'a> {
    if let Some(value) = parameters.pointer(pointer) {
        return match value.as_str() {
            Some(s) if s.trim_start().starts_with("{%") => Found::Dynamic,
            Some(s) => Found::Literal(s),
            None => Found::Dynamic,
        };
    }
    // `Key.$` holds a path or intrinsic: the value is only known at run time.
    let dynamic_pointer = format!("{pointer}.$");
    if parameters.pointer(&dynamic_pointer).is_some() {
        Found::Dynamic
    } else {
        Found::Absent
    }
}

/// The resource ARN for these parameters, with CloudFormation pseudo
/// parameters for partition, region and account.
///
/// A literal ARN (or a CloudFormation `${Logical.Arn}` reference) given for
/// an `ArnOrName` variable replaces the template up to that variable when it
/// is of the template's resource type (`function:${Name}:*` with a function
/// ARN gives `<arn>:*`); an ARN of another type contributes only its name (a
/// state machine ARN in an `execution:` template). Values are inserted as
/// they are: a `${…}` reference inside a literal survives.
pub fn resolve(template: &ResourceTemplate, parameters: &Value) -> String {
    let mut values: Vec<(&str, String)> = Vec::new();
    let mut head: Option<(String, &str)> = None;
    for binding in template.bindings {
        let found = find(parameters, binding.pointer);
        let value = match (binding.extract, found) {
            (Extract::WholeArn, Found::Literal(s)) if s.starts_with("arn:") => return s.to_owned(),
            (Extract::WholeArn, _) => continue,
            (Extract::Whole, Found::Literal(s)) => s.to_owned(),
            (Extract::UrlLastSegment, Found::Literal(s)) => last_segment(s).to_owned(),
            (Extract::ArnOrName, Found::Literal(s)) if is_whole_arn(s) => {
                let var = format!("${{{}}}", binding.variable);
                match template.arn.find(&var) {
                    Some(at)
                        if s.starts_with("${") || same_resource_type(&template.arn[..at], s) =>
                    {
                        // Everything up to and including the variable is this ARN.
                        if head.is_none() {
                            head = Some((s.to_owned(), binding.variable));
                        }
                        continue;
                    }
                    _ if s.starts_with("${") => "*".to_owned(),
                    _ => arn_resource_name(s).to_owned(),
                }
            }
            (Extract::ArnOrName, Found::Literal(s)) => s.to_owned(),
            (_, Found::Dynamic | Found::Absent) => "*".to_owned(),
        };
        values.push((
            binding.variable,
            if value.is_empty() {
                "*".to_owned()
            } else {
                value
            },
        ));
    }
    let resource = match head {
        Some((arn, variable)) => {
            let var = format!("${{{variable}}}");
            let tail = template
                .arn
                .find(&var)
                .map_or("", |at| &template.arn[at + var.len()..]);
            format!("{arn}{}", substitute(tail, &values))
        }
        None => substitute(template.arn, &values),
    };
    collapse_wildcards(resource)
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
/// parameter, or `*`. Inserted values are not scanned again.
fn substitute(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = &after[..end];
        match name {
            "Partition" => out.push_str(PARTITION),
            "Region" => out.push_str(REGION),
            "Account" => out.push_str(ACCOUNT_ID),
            _ if name.starts_with("AWS::") => {
                out.push_str("${");
                out.push_str(name);
                out.push('}');
            }
            _ => match values.iter().find(|(v, _)| *v == name) {
                Some((_, value)) => out.push_str(value),
                None => out.push('*'),
            },
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A literal that stands for a whole ARN: an ARN, or a CloudFormation
/// `${Logical.Arn}` reference, which `Fn::Sub` turns into one.
pub(crate) fn is_whole_arn(s: &str) -> bool {
    s.starts_with("arn:") || (s.starts_with("${") && s.ends_with(".Arn}") && !s[2..].contains("${"))
}

/// Whether `arn` is of the resource type the template prefix names
/// (`…:function:` for a function ARN), comparing the resource parts.
fn same_resource_type(template_prefix: &str, arn: &str) -> bool {
    let wanted = template_prefix.splitn(6, ':').nth(5).unwrap_or("");
    let have = arn.splitn(6, ':').nth(5).unwrap_or("");
    have.starts_with(wanted)
}

/// `arn:aws:lambda:r:a:function:my-fn:PROD` → `my-fn`: the part after the
/// resource type, before any qualifier.
fn arn_resource_name(arn: &str) -> &str {
    let resource = arn.splitn(6, ':').nth(5).unwrap_or(arn);
    let name = resource
        .split_once('/')
        .or_else(|| resource.split_once(':'))
        .map_or(resource, |(_, name)| name);
    name.split(':').next().unwrap_or(name)
}

fn last_segment(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or(url)
}

/// Whether a parameter is present, literally or as a `.$` key.
pub(crate) fn is_set(parameters: &Value, pointer: &str) -> bool {
    !matches!(find(parameters, pointer), Found::Absent)
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
    fn queue_urls_yield_the_queue_name() {
        let queue = ResourceTemplate {
            arn: "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}",
            bindings: &[Binding {
                variable: "QueueName",
                pointer: "/QueueUrl",
                extract: Extract::UrlLastSegment,
            }],
        };
        let params = json!({"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"});
        assert_eq!(
            resolve(&queue, &params),
            "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs"
        );
    }

    #[test]
    fn unbound_variables_become_wildcards() {
        let stream = ResourceTemplate {
            arn: "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}",
            bindings: &[Binding {
                variable: "TableName",
                pointer: "/TableName",
                extract: Extract::Whole,
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
            }],
        };
        assert!(
            resolve(&job, &json!({"TrainingJobName.$": "$.name"})).ends_with(":training-job/*")
        );
        assert!(resolve(&job, &json!({"TrainingJobName": "j"})).ends_with(":training-job/j*"));
    }

    #[test]
    fn names_come_out_of_qualified_arns() {
        assert_eq!(
            arn_resource_name("arn:aws:lambda:r:a:function:my-fn:PROD"),
            "my-fn"
        );
        assert_eq!(
            arn_resource_name("arn:aws:dynamodb:r:a:table/Orders"),
            "Orders"
        );
    }
}
