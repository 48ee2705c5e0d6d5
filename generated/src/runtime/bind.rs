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
enum Found<'a> {
    Literal(&'a str),
    /// Resolved at run time (a path, an intrinsic, JSONata) or not a string.
    Dynamic,
    Absent,
}

fn find<'a>(parameters: &'a Value, pointer: &str) -> Found<'a> {
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
pub fn resolve(template: &ResourceTemplate, parameters: &Value) -> String {
    let mut out = template.arn.to_owned();
    for binding in template.bindings {
        if binding.extract == Extract::WholeArn {
            match find(parameters, binding.pointer) {
                Found::Literal(s) if s.starts_with("arn:") => return s.to_owned(),
                _ => continue,
            }
        }
        let value = match find(parameters, binding.pointer) {
            Found::Literal(s) => match binding.extract {
                Extract::Whole => s.to_owned(),
                Extract::ArnOrName if s.starts_with("arn:") => {
                    // A literal ARN names the resource exactly; keep it whole
                    // when it is the template's only free part.
                    if template.bindings.len() == 1 && free_variables(template.arn) == 1 {
                        return s.to_owned();
                    }
                    arn_resource_name(s).to_owned()
                }
                Extract::ArnOrName => s.to_owned(),
                Extract::UrlLastSegment => last_segment(s).to_owned(),
                Extract::WholeArn => continue,
            },
            Found::Dynamic | Found::Absent => "*".to_owned(),
        };
        let value = if value.is_empty() {
            "*".to_owned()
        } else {
            value
        };
        out = out.replace(&format!("${{{}}}", binding.variable), &value);
    }
    pseudo_parameters(&out)
}

/// Replaces the IAM data's own variables with CloudFormation pseudo
/// parameters, and any variable no binding filled with `*`.
pub fn pseudo_parameters(template: &str) -> String {
    let text = template
        .replace("${Partition}", PARTITION)
        .replace("${Region}", REGION)
        .replace("${Account}", ACCOUNT_ID);
    wildcard_unbound(&text)
}

/// `${Name}` → `*`, leaving `${AWS::…}` pseudo parameters alone.
fn wildcard_unbound(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match after.find('}') {
            Some(end) if after[2..end].starts_with("AWS::") => {
                out.push_str(&after[..=end]);
                rest = &after[end + 1..];
            }
            Some(end) => {
                out.push('*');
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// How many `${…}` variables besides partition, region and account.
fn free_variables(template: &str) -> usize {
    template
        .split("${")
        .skip(1)
        .filter(|v| {
            !v.starts_with("Partition}") && !v.starts_with("Region}") && !v.starts_with("Account}")
        })
        .count()
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
