//! What a Task's `Resource` names: an optimized or SDK integration with its
//! pattern, an activity, a Lambda function called directly, or a
//! substitution placeholder the linter cannot see through.

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

/// Checks the `Resource` of an `ItemReader` or `ResultWriter`: one of
/// `allowed` (`service:action`), request-response, or a whole placeholder.
pub(crate) fn map_io(text: &str, allowed: &[&str]) -> Result<(), String> {
    let expected = || {
        allowed
            .iter()
            .map(|a| format!("arn:aws:states:::{a}"))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    match parse(text)? {
        TaskResource::Placeholder => Ok(()),
        TaskResource::Optimized {
            service,
            action,
            pattern: IntegrationPattern::RequestResponse,
        } => {
            let call = format!("{service}:{action}");
            if allowed.contains(&call.as_str()) {
                return Ok(());
            }
            let hint = super::lint::did_you_mean(&call, allowed.iter().copied());
            Err(format!(
                "{call:?} cannot be used here{hint}; expected {}",
                expected()
            ))
        }
        _ => Err(format!(
            "{text:?} cannot be used here; expected {}",
            expected()
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

/// SDK integrations support request-response and the callback pattern only.
pub(crate) fn sdk_pattern(pattern: IntegrationPattern) -> Result<(), String> {
    match pattern {
        IntegrationPattern::RequestResponse | IntegrationPattern::WaitForTaskToken => Ok(()),
        other => Err(format!(
            "AWS SDK integrations do not support {} (only request-response and .waitForTaskToken)",
            pattern_name(other)
        )),
    }
}

/// The pattern as its suffix reads.
pub(crate) fn pattern_name(pattern: IntegrationPattern) -> String {
    match pattern {
        IntegrationPattern::RequestResponse => "request-response (no suffix)".to_owned(),
        other => other.suffix().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::vocabulary::{ITEM_READERS, RESULT_WRITERS};

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

    #[test]
    fn map_readers_and_writers() {
        assert_eq!(
            map_io("arn:aws:states:::s3:getObject", ITEM_READERS),
            Ok(())
        );
        assert_eq!(
            map_io(
                "arn:${AWS::Partition}:states:::s3:listObjectsV2",
                ITEM_READERS
            ),
            Ok(())
        );
        assert_eq!(map_io("${Reader}", ITEM_READERS), Ok(()));
        let typo = map_io("arn:aws:states:::s3:getObjct", ITEM_READERS).unwrap_err();
        assert!(typo.contains("did you mean \"s3:getObject\""), "{typo}");
        assert!(map_io("arn:aws:states:::s3:getObject", RESULT_WRITERS).is_err());
        assert!(map_io("arn:aws:states:::s3:putObject.sync", RESULT_WRITERS).is_err());
        assert!(map_io("arn:aws:lambda:us-east-1:1:function:f", ITEM_READERS).is_err());
    }
}
