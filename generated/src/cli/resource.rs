//! The linter's side of `Resource`: the parser is shared with the builder
//! ([`crate::runtime::task_resource`]); what only the linter checks is here.

pub(crate) use crate::runtime::task_resource::{TaskResource, parse};

use crate::runtime::IntegrationPattern;

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
