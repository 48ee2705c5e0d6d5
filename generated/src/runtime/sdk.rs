//! What the generated AWS SDK integration tasks share beyond their
//! [`Grant`](super::grant::Grant) tables: their resource ARN and pattern.

use super::{IntegrationPattern, Resource};

/// `arn:aws:states:::aws-sdk:<service>:<action>`, with `.waitForTaskToken`
/// when the task waits for a callback.
pub fn resource(service: &str, action: &str, wait_for_task_token: bool) -> Resource {
    Resource::integration(
        format!("aws-sdk:{service}"),
        action,
        pattern(wait_for_task_token),
    )
}

/// The pattern of an SDK task: request-response, or `.waitForTaskToken`
/// when it waits for a callback (SDK integrations have no `.sync`).
pub fn pattern(wait_for_task_token: bool) -> IntegrationPattern {
    if wait_for_task_token {
        IntegrationPattern::WaitForTaskToken
    } else {
        IntegrationPattern::RequestResponse
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_carries_the_callback_suffix() {
        assert_eq!(
            resource("dynamodb", "putItem", false).to_arn(None),
            "arn:aws:states:::aws-sdk:dynamodb:putItem"
        );
        assert_eq!(
            resource("sqs", "sendMessage", true).to_arn(None),
            "arn:aws:states:::aws-sdk:sqs:sendMessage.waitForTaskToken"
        );
    }
}
