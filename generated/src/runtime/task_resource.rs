//! What a Task's `Resource` names: an optimized or SDK integration with its
//! pattern, an activity, a Lambda function called directly, or a
//! substitution placeholder that cannot be seen through. One parser for the
//! builder's validation and the linter, so both accept the same resources.

use crate::runtime::IntegrationPattern;
use crate::runtime::vocabulary::{
    SDK_INTEGRATION_PREFIX, SYNC_SUFFIX, SYNC_V2_SUFFIX, WAIT_FOR_TASK_TOKEN_SUFFIX,
};

/// A parsed `Resource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TaskResource {
    /// `arn:<partition>:states:::aws-sdk:<service>:<action>[.waitForTaskToken]`.
    Sdk {
        service: String,
        action: String,
        pattern: IntegrationPattern,
    },
    /// `arn:<partition>:states:::<service>:<action>[<suffix>]`.
    Optimized {
        service: String,
        action: String,
        pattern: IntegrationPattern,
    },
    /// `arn:<partition>:states:<region>:<account>:activity:<name>`.
    Activity,
    /// `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`.
    Function,
    /// A whole `${…}` substitution (a SAM `DefinitionSubstitutions` key, a
    /// CDK token): resolved at deploy time.
    Placeholder,
}

/// Parses a `Resource`; the error says what is wrong.
pub(crate) fn parse(text: &str) -> Result<TaskResource, String> {
    if text.starts_with("${") && text.ends_with('}') && text[2..].find('}') == Some(text.len() - 3)
    {
        return Ok(TaskResource::Placeholder);
    }
    // `${AWS::Partition}` and friends hold colons; they stand for one ARN part.
    let normal = without_placeholders(text);
    let parts: Vec<&str> = normal.splitn(6, ':').collect();
    if parts.len() < 6 || parts[0] != "arn" || parts[1].is_empty() {
        return Err(format!(
            "{text:?} is not an ARN (expected arn:<partition>:states:::<service>:<action>, an activity or a Lambda function ARN)"
        ));
    }
    match (parts[2], parts[3], parts[4]) {
        ("states", _, _) if parts[5].starts_with("activity:") => Ok(TaskResource::Activity),
        // The developer guide documents integrations as
        // `arn:partition:states:region:account:servicename:APIname`; region
        // and account are usually left empty, but may be given.
        ("states", region, account) if region.is_empty() == account.is_empty() => {
            integration(parts[5])
        }
        ("lambda", _, _) if parts[5].starts_with("function:") => Ok(TaskResource::Function),
        _ => Err(format!(
            "{text:?} is neither an integration (arn:<partition>:states:::…), an activity nor a Lambda function"
        )),
    }
}

/// `${…}` → `_`, so placeholders split like the values they stand for.
fn without_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push('_');
                rest = &rest[start + end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn integration(rest: &str) -> Result<TaskResource, String> {
    let (sdk, rest) = match rest.strip_prefix(SDK_INTEGRATION_PREFIX) {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let Some((service, call)) = rest.split_once(':') else {
        return Err(format!("{rest:?} is not <service>:<action>"));
    };
    let (action, suffix) = match call.find('.') {
        Some(i) => (&call[..i], &call[i..]),
        None => (call, ""),
    };
    let pattern = match suffix {
        "" => IntegrationPattern::RequestResponse,
        SYNC_SUFFIX => IntegrationPattern::RunJob,
        SYNC_V2_SUFFIX => IntegrationPattern::RunJobV2,
        WAIT_FOR_TASK_TOKEN_SUFFIX => IntegrationPattern::WaitForTaskToken,
        other => {
            return Err(format!(
                "unknown integration pattern suffix {other:?} (expected {SYNC_SUFFIX}, {SYNC_V2_SUFFIX} or {WAIT_FOR_TASK_TOKEN_SUFFIX})"
            ));
        }
    };
    if service.is_empty() || action.is_empty() || action.contains(':') {
        return Err(format!("{rest:?} is not <service>:<action>"));
    }
    let (service, action) = (service.to_owned(), action.to_owned());
    Ok(if sdk {
        TaskResource::Sdk {
            service,
            action,
            pattern,
        }
    } else {
        TaskResource::Optimized {
            service,
            action,
            pattern,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources() {
        assert_eq!(
            parse("arn:${AWS::Partition}:states:::aws-sdk:s3:listBuckets"),
            Ok(TaskResource::Sdk {
                service: "s3".into(),
                action: "listBuckets".into(),
                pattern: IntegrationPattern::RequestResponse
            })
        );
        assert_eq!(
            parse("arn:aws-cn:states:::states:startExecution.sync:2"),
            Ok(TaskResource::Optimized {
                service: "states".into(),
                action: "startExecution".into(),
                pattern: IntegrationPattern::RunJobV2
            })
        );
        assert_eq!(parse("${Activity04690B0A}"), Ok(TaskResource::Placeholder));
        assert_eq!(
            parse("arn:aws:lambda:eu-west-1:1:function:f:PROD"),
            Ok(TaskResource::Function)
        );
        // Region and account may be given (the developer guide's form).
        assert_eq!(
            parse("arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject"),
            Ok(TaskResource::Sdk {
                service: "s3".into(),
                action: "getObject".into(),
                pattern: IntegrationPattern::RequestResponse
            })
        );
        assert_eq!(
            parse("arn:aws:states:us-east-1:123456789012:lambda:invoke"),
            Ok(TaskResource::Optimized {
                service: "lambda".into(),
                action: "invoke".into(),
                pattern: IntegrationPattern::RequestResponse
            })
        );
        assert!(parse("arn:aws:states:us-east-1::lambda:invoke").is_err());
        assert!(parse("arn:aws:states:::lambda:invoke.sink").is_err());
        assert!(parse("lambda:invoke").is_err());
        assert!(parse("${A}${B}").is_err());
    }
}
