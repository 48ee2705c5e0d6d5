//! KMS grants for targets encrypted with a customer-managed key: the
//! parameters name the queue or topic, not its key, so the user names the
//! key and the task grants exactly what AWS documents on it.

use sfn_tasks::runtime::{PolicyDocument, Task, TaskInput};
use sfn_tasks::services::{sns, sqs};

use crate::support;

const KEY: &str = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const QUEUE: &str = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders";

fn kms_statements(statements: &[sfn_tasks::runtime::PolicyStatement]) -> Vec<serde_json::Value> {
    statements
        .iter()
        .map(|s| s.to_json())
        .filter(|s| s.to_string().contains("kms:"))
        .collect()
}

#[test]
fn sqs_send_message_grants_the_named_key_only() {
    let plain = sqs::SendMessage::new(QUEUE, TaskInput::text("hi"));
    assert!(kms_statements(&plain.policy_statements()).is_empty());

    let encrypted = sqs::SendMessage::new(QUEUE, TaskInput::text("hi")).grant_kms_key(KEY);
    let statements = encrypted.policy_statements();
    let kms = kms_statements(&statements);
    assert_eq!(kms.len(), 1, "{kms:?}");
    assert_eq!(
        kms[0]["Action"],
        serde_json::json!(["kms:Decrypt", "kms:GenerateDataKey"])
    );
    assert_eq!(kms[0]["Resource"], KEY);
    let document = PolicyDocument::from_statements(statements).to_json();
    let problems = support::iam::Database::get().check_policy(&document);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn sns_publish_grants_the_named_key() {
    let topic = "arn:aws:sns:eu-west-1:123456789012:alerts";
    let publish = sns::Publish::new(TaskInput::text("hi"))
        .with_topic_arn(topic)
        .grant_kms_key(KEY);
    let statements = publish.policy_statements();
    assert_eq!(kms_statements(&statements).len(), 1);
    let document = PolicyDocument::from_statements(statements).to_json();
    let problems = support::iam::Database::get().check_policy(&document);
    assert!(problems.is_empty(), "{problems:#?}");
}
