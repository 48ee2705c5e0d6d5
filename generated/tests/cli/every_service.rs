//! `aws-sdk:` calls of services the crate does not type: the linter and the
//! policy command read the compact model of every botocore service
//! (`data/sdk/`, feature `sdk-models`). The expected IAM comes from AWS's
//! Service Authorization Reference and API references (sources inline).

use serde_json::{Value, json};
use sfn_tasks::cli;
use sfn_tasks::runtime::Bindings;

use crate::one_task::{one_task, statement_grants};

/// `(code, pointer, message)` of every finding.
fn lint(resource: &str, parameters: Value) -> Vec<(String, String, String)> {
    cli::lint(&one_task(resource, parameters))
        .into_iter()
        .map(|d| (d.code.to_owned(), d.pointer, d.message))
        .collect()
}

/// The statements' (action, resource) pairs and the warnings' codes.
fn policy(resource: &str, parameters: Value) -> (Vec<(String, String)>, Vec<String>) {
    let source = one_task(resource, parameters);
    let (document, warnings) = cli::policy(&source, &source.definitions[0], &Bindings::new(), None);
    let pairs = statement_grants(&document)
        .into_iter()
        .map(|(action, resource, _)| (action, resource))
        .collect();
    (
        pairs,
        warnings.into_iter().map(|w| w.code.to_owned()).collect(),
    )
}

const SDK: &str = "arn:aws:states:::aws-sdk:";

#[test]
fn a_misspelt_member_of_s3_get_object_is_found() {
    let found = lint(
        &format!("{SDK}s3:getObject"),
        json!({"Bucket": "b", "Kee": "k"}),
    );
    assert!(
        found
            .iter()
            .any(|(code, pointer, message)| code == "unknown-parameter"
                && pointer == "/States/Call/Parameters/Kee"
                && message.contains("\"Key\"")),
        "{found:?}"
    );
    // Key is required, and missing once the misspelling is counted as it.
    assert!(
        lint(
            &format!("{SDK}s3:getObject"),
            json!({"Bucket": "b", "Key": "k"})
        )
        .is_empty()
    );
}

#[test]
fn a_misspelt_nested_member_of_rekognition_detect_labels_is_found() {
    let resource = format!("{SDK}rekognition:detectLabels");
    let found = lint(
        &resource,
        json!({"Image": {"S3Object": {"Bucket": "b", "Nme": "photo.jpg"}}}),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "unknown-parameter");
    assert_eq!(found[0].1, "/States/Call/Parameters/Image/S3Object/Nme");
    assert!(found[0].2.contains("\"Name\""), "{found:?}");
    let valid =
        json!({"Image": {"S3Object": {"Bucket": "b", "Name": "photo.jpg"}}, "MaxLabels": 10});
    assert!(lint(&resource, valid).is_empty());
}

#[test]
fn a_misspelt_member_of_the_optimized_athena_integration_is_found() {
    let resource = "arn:aws:states:::athena:startQueryExecution.sync";
    let found = lint(
        resource,
        json!({"QueryString": "SELECT 1", "ResultConfiguraton": {}}),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "unknown-parameter");
    assert!(found[0].2.contains("\"ResultConfiguration\""), "{found:?}");
    let valid = json!({
        "QueryString": "SELECT 1",
        "WorkGroup": "primary",
        "ResultConfiguration": {"OutputLocation": "s3://results/"}
    });
    assert!(lint(resource, valid).is_empty());
}

#[test]
fn unknown_actions_and_services_get_a_suggestion() {
    let found = lint(&format!("{SDK}s3:listObjectV2"), json!({"Bucket": "b"}));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "unknown-action");
    assert!(found[0].2.contains("\"listObjectsV2\""), "{found:?}");

    let found = lint(&format!("{SDK}cloudwatchlog:describeLogGroups"), json!({}));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "unknown-service");
    assert!(found[0].2.contains("\"cloudwatchlogs\""), "{found:?}");
}

#[test]
fn types_enums_and_required_members_are_checked_in_any_service() {
    let found = lint(
        &format!("{SDK}ec2:describeInstances"),
        json!({"MaxResults": "ten"}),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "wrong-type");

    let found = lint(
        &format!("{SDK}s3:putObject"),
        json!({"Bucket": "b", "Key": "k", "ACL": "public"}),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "invalid-enum");
    assert!(found[0].2.contains("\"public-read\""), "{found:?}");

    let found = lint(&format!("{SDK}secretsmanager:getSecretValue"), json!({}));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "missing-parameter");
    assert!(found[0].2.contains("SecretId"), "{found:?}");
}

#[test]
fn valid_calls_of_untyped_services_lint_clean() {
    for (resource, parameters) in [
        ("s3:getObject", json!({"Bucket": "b", "Key": "k"})),
        ("s3:listObjectsV2", json!({"Bucket": "b", "Prefix": "in/"})),
        (
            "eventbridge:putEvents",
            json!({"Entries": [{"Source": "app", "DetailType": "done", "Detail": "{}"}]}),
        ),
        ("cloudwatchlogs:describeLogGroups", json!({"Limit": 5})),
        (
            "redshiftdata:executeStatement",
            json!({"Sql": "select 1", "Database": "dev", "WorkgroupName": "wg"}),
        ),
        (
            "bedrockagentruntime:invokeAgent",
            json!({"AgentId": "A1", "AgentAliasId": "B1", "SessionId": "s", "InputText.$": "$.text"}),
        ),
        ("secretsmanager:getSecretValue", json!({"SecretId": "db"})),
        ("sfn:startExecution", json!({"StateMachineArn.$": "$.arn"})),
    ] {
        let found = lint(&format!("{SDK}{resource}"), parameters);
        assert!(found.is_empty(), "{resource}: {found:?}");
    }
}

/// `arn:${AWS::Partition}:…:${AWS::Region}:${AWS::AccountId}:…`, as policy writes ARNs.
fn arn(service: &str, regional: bool, rest: &str) -> String {
    if regional {
        format!("arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{rest}")
    } else {
        format!("arn:${{AWS::Partition}}:{service}:::{rest}")
    }
}

#[test]
fn policy_grants_the_actions_aws_documents_on_the_named_resources() {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html: s3:GetObject on the object.
    let (pairs, _) = policy(
        &format!("{SDK}s3:getObject"),
        json!({"Bucket": "reports", "Key": "2026/q4.csv"}),
    );
    assert_eq!(
        pairs,
        [(
            "s3:GetObject".to_owned(),
            arn("s3", false, "reports/2026/q4.csv")
        )]
    );

    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html: s3:ListBucket on the bucket.
    let (pairs, _) = policy(
        &format!("{SDK}s3:listObjectsV2"),
        json!({"Bucket": "reports"}),
    );
    assert_eq!(
        pairs,
        [("s3:ListBucket".to_owned(), arn("s3", false, "reports"))]
    );

    // EventBridge's IAM prefix is `events`.
    let (pairs, _) = policy(
        &format!("{SDK}eventbridge:putEvents"),
        json!({"Entries": [{"Source": "app", "DetailType": "done", "Detail": "{}", "EventBusName": "orders"}]}),
    );
    assert!(
        pairs.contains(&(
            "events:PutEvents".to_owned(),
            arn("events", true, "event-bus/orders")
        )),
        "{pairs:?}"
    );

    // CloudWatch Logs' is `logs`; DescribeLogGroups has no resource-level permissions.
    let (pairs, _) = policy(&format!("{SDK}cloudwatchlogs:describeLogGroups"), json!({}));
    assert_eq!(
        pairs,
        [("logs:DescribeLogGroups".to_owned(), "*".to_owned())]
    );

    // The Redshift Data API's is `redshift-data`.
    let (pairs, _) = policy(
        &format!("{SDK}redshiftdata:executeStatement"),
        json!({"Sql": "select 1", "Database": "dev", "WorkgroupName": "wg"}),
    );
    assert!(
        pairs
            .iter()
            .any(|(a, _)| a == "redshift-data:ExecuteStatement"),
        "{pairs:?}"
    );
    assert!(
        pairs.iter().all(|(a, _)| !a.starts_with("redshiftdata:")),
        "{pairs:?}"
    );

    // Bedrock Agent Runtime signs as `bedrock`: bedrock:InvokeAgent on the agent alias.
    let (pairs, _) = policy(
        &format!("{SDK}bedrockagentruntime:invokeAgent"),
        json!({"AgentId": "AGENT1", "AgentAliasId": "ALIAS1", "SessionId": "s"}),
    );
    assert_eq!(
        pairs,
        [(
            "bedrock:InvokeAgent".to_owned(),
            arn("bedrock", true, "agent-alias/AGENT1/ALIAS1")
        )]
    );

    // Secrets Manager: on the secret's ARN.
    let secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf";
    let (pairs, _) = policy(
        &format!("{SDK}secretsmanager:getSecretValue"),
        json!({"SecretId": secret}),
    );
    assert_eq!(
        pairs,
        [(
            "secretsmanager:GetSecretValue".to_owned(),
            secret.to_owned()
        )]
    );
}

#[test]
fn policy_says_what_it_cannot_know() {
    // A misspelt action of a known service: nothing granted, a warning.
    let (pairs, warnings) = policy(&format!("{SDK}s3:listObjectV2"), json!({"Bucket": "b"}));
    assert!(pairs.is_empty(), "{pairs:?}");
    assert_eq!(warnings, ["unknown-action"]);
    // API Gateway's management API is authorised by HTTP method on the path.
    let (pairs, _) = policy(
        &format!("{SDK}apigateway:getRestApi"),
        json!({"RestApiId": "a1b2c3"}),
    );
    assert_eq!(
        pairs,
        [(
            "apigateway:GET".to_owned(),
            "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/a1b2c3".to_owned()
        )]
    );
}
