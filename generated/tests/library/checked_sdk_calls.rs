//! `CallAwsService::checked`: any operation of any service, checked against
//! its compact model when built and granted IAM from the data.

use serde_json::{Value, json};
use sfn_tasks::runtime::{CallAwsService, IntegrationPattern, PolicyStatement, StateMachine, Task};

use crate::support::iam::Database;

fn error(service: &str, action: &str, parameters: Value) -> String {
    match CallAwsService::checked(service, action, parameters) {
        Ok(_) => panic!("aws-sdk:{service}:{action} was accepted"),
        Err(e) => e.to_string(),
    }
}

fn statements(call: &CallAwsService) -> Vec<(Vec<String>, Vec<String>)> {
    call.policy_statements()
        .iter()
        .map(|s: &PolicyStatement| {
            (
                s.actions().map(str::to_owned).collect(),
                s.resources().map(str::to_owned).collect(),
            )
        })
        .collect()
}

#[test]
fn a_misspelt_member_is_an_error_that_names_it_at_any_depth() {
    let message = error(
        "s3",
        "getObject",
        json!({"Bucket": "reports", "Kee": "q4.csv"}),
    );
    assert!(message.contains("aws-sdk:s3:getObject"), "{message}");
    assert!(
        message.contains("/Kee: Kee is not a parameter here (did you mean \"Key\"?)"),
        "{message}"
    );
    let message = error(
        "rekognition",
        "detectLabels",
        json!({"Image": {"S3Object": {"Bucket": "photos", "Nme": "cat.jpg"}}}),
    );
    assert!(
        message
            .contains("/Image/S3Object/Nme: Nme is not a parameter here (did you mean \"Name\"?)"),
        "{message}"
    );
}

#[test]
fn unknown_services_and_actions_get_the_nearest_name() {
    let message = error("cloudwatchlog", "describeLogGroups", json!({}));
    assert!(message.contains("no such service"), "{message}");
    assert!(
        message.contains("did you mean \"cloudwatchlogs\"?"),
        "{message}"
    );
    let message = error("s3", "listObjectV2", json!({"Bucket": "b"}));
    assert!(
        message.contains("did you mean \"listObjectsV2\"?"),
        "{message}"
    );
    let message = error("lookoutvision", "detectAnomalies", json!({}));
    assert!(message.contains("retired"), "{message}");
}

#[test]
fn types_enums_and_required_members_are_checked() {
    let message = error(
        "sqs",
        "sendMessage",
        json!({"QueueUrl": "https://q", "MessageBody": "x", "DelaySeconds": "10"}),
    );
    assert!(
        message.contains("/DelaySeconds: expected an integer, found a string"),
        "{message}"
    );
    let message = error(
        "s3",
        "putObject",
        json!({"Bucket": "b", "Key": "k", "StorageClass": "GLACIAR"}),
    );
    assert!(
        message.contains("/StorageClass: \"GLACIAR\" is not a known value"),
        "{message}"
    );
    let message = error("s3", "getObject", json!({"Bucket": "b"}));
    assert!(
        message.contains("required parameter Key is missing"),
        "{message}"
    );
    // Every problem at once, not only the first; the misspelt required
    // member is reported once, as the misspelling.
    let message = error("s3", "getObject", json!({"Bucket": 1, "Kee": "k"}));
    assert!(
        message.contains("/Bucket: expected a string, found a number"),
        "{message}"
    );
    assert!(
        message.contains("/Kee: Kee is not a parameter here"),
        "{message}"
    );
    assert!(!message.contains("required parameter Key"), "{message}");
}

#[test]
fn paths_jsonata_and_java_v2_member_names_are_accepted() {
    CallAwsService::checked(
        "s3",
        "getObject",
        json!({"Bucket.$": "$.bucket", "Key.$": "$.key"}),
    )
    .unwrap();
    CallAwsService::checked(
        "s3",
        "getObject",
        json!({"Bucket": "{% $states.input.bucket %}", "Key": "k"}),
    )
    .unwrap();
    CallAwsService::checked(
        "rds",
        "stopDBInstance",
        json!({"DbInstanceIdentifier": "db-1"}),
    )
    .unwrap();
    // A path that is always a string cannot fill an object.
    let message = error(
        "s3",
        "putObject",
        json!({"Bucket": "b", "Key": "k", "Tagging": "x", "ChecksumAlgorithm": "CRC32", "ObjectLockLegalHoldStatus": "ON", "Metadata.$": "$$.Execution.Id"}),
    );
    assert!(message.contains("/Metadata"), "{message}");
}

#[test]
fn later_parameters_are_checked_too() {
    let call =
        CallAwsService::checked("s3", "getObject", json!({"Bucket": "b", "Key": "k"})).unwrap();
    let message = call
        .parameters(json!({"Bucket": "b", "Kye": "k"}))
        .unwrap_err()
        .to_string();
    assert!(message.contains("/Kye"), "{message}");
}

#[test]
fn iam_comes_from_the_data_on_the_named_resources() {
    let cases = [
        (
            "s3",
            "getObject",
            json!({"Bucket": "reports", "Key": "2026/q4.csv"}),
            "s3:GetObject",
            "arn:${AWS::Partition}:s3:::reports/2026/q4.csv",
        ),
        (
            "s3",
            "listObjectsV2",
            json!({"Bucket": "reports"}),
            "s3:ListBucket",
            "arn:${AWS::Partition}:s3:::reports",
        ),
        (
            "eventbridge",
            "putEvents",
            json!({"Entries": [{"EventBusName": "orders", "Source": "shop", "DetailType": "placed", "Detail": "{}"}]}),
            "events:PutEvents",
            "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/orders",
        ),
        (
            "secretsmanager",
            "getSecretValue",
            json!({"SecretId": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"}),
            "secretsmanager:GetSecretValue",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
        ),
        (
            "redshiftdata",
            "executeStatement",
            json!({"Sql": "select 1", "WorkgroupName": "wg"}),
            "redshift-data:ExecuteStatement",
            "",
        ),
        (
            "apigateway",
            "getRestApi",
            json!({"RestApiId": "a1b2c3"}),
            "apigateway:GET",
            "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/a1b2c3",
        ),
    ];
    for (service, action, parameters, wanted_action, wanted_resource) in cases {
        let call = CallAwsService::checked(service, action, parameters).unwrap();
        let found = statements(&call);
        let first = found
            .first()
            .unwrap_or_else(|| panic!("{service}:{action}: no statement"));
        assert_eq!(first.0, [wanted_action], "{service}:{action}: {found:?}");
        if !wanted_resource.is_empty() {
            // The data may list a second optional resource type (EventBridge's
            // `event-busv2`); the named resource must be among them.
            assert!(
                first.1.iter().any(|r| r == wanted_resource),
                "{service}:{action}: {found:?}"
            );
        }
    }
}

#[test]
fn a_path_leaves_a_scoped_wildcard_and_overrides_replace_the_data() {
    let call = CallAwsService::checked(
        "s3",
        "getObject",
        json!({"Bucket": "reports", "Key.$": "$.key"}),
    )
    .unwrap();
    assert_eq!(
        statements(&call)[0].1,
        ["arn:${AWS::Partition}:s3:::reports/*"]
    );
    let call = call
        .iam_action("s3:GetObjectVersion")
        .iam_resources(["arn:aws:s3:::reports/*"]);
    assert_eq!(
        statements(&call),
        [(
            vec!["s3:GetObjectVersion".to_owned()],
            vec!["arn:aws:s3:::reports/*".to_owned()]
        )]
    );
    let extra = PolicyStatement::allow(
        ["kms:Decrypt"],
        ["arn:aws:kms:eu-west-1:123456789012:key/k"],
    );
    let call = CallAwsService::checked("s3", "getObject", json!({"Bucket": "reports", "Key": "k"}))
        .unwrap()
        .additional_statement(extra);
    let found = statements(&call);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[1].0, ["kms:Decrypt"]);
}

#[test]
fn a_machine_of_checked_calls_renders_and_its_policy_exists_in_the_iam_data() {
    let calls = [
        CallAwsService::checked("s3", "getObject", json!({"Bucket": "reports", "Key.$": "$.key"})).unwrap(),
        CallAwsService::checked("athena", "startQueryExecution", json!({"QueryString": "select 1", "WorkGroup": "primary"})).unwrap(),
        CallAwsService::checked("ec2", "describeInstances", json!({"InstanceIds.$": "$.ids"})).unwrap(),
        CallAwsService::checked("bedrockagentruntime", "invokeAgent", json!({"AgentId": "A1B2C3D4E5", "AgentAliasId": "ALIAS12345", "SessionId": "s", "InputText": "hi"}))
            .unwrap()
            .integration_pattern(IntegrationPattern::RequestResponse)
            .unwrap(),
    ];
    let mut states = calls
        .into_iter()
        .enumerate()
        .map(|(i, c)| c.state(format!("Call{i}")));
    let mut chain = sfn_tasks::runtime::Chain::start(states.next().unwrap());
    for s in states {
        chain = chain.next(s);
    }
    let machine = StateMachine::new(chain).unwrap();
    let asl: Value = serde_json::from_str(&machine.to_asl_string()).unwrap();
    assert_eq!(
        asl["States"]["Call0"]["Resource"],
        "arn:aws:states:::aws-sdk:s3:getObject"
    );
    let policy = machine.policy_document().to_json();
    let problems = Database::get().check_policy(&policy);
    assert!(problems.is_empty(), "{problems:#?}");
    let actions: Vec<&Value> = policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["Action"])
        .collect();
    let text = serde_json::to_string(&actions).unwrap();
    for wanted in [
        "s3:GetObject",
        "athena:StartQueryExecution",
        "ec2:DescribeInstances",
        "bedrock:InvokeAgent",
    ] {
        assert!(text.contains(wanted), "{wanted} missing from {text}");
    }
}

/// The typed tier and the compact models come from the same model and the
/// same grant derivation: a checked call and the typed task of the same
/// operation render the same parameters and the same statements.
#[cfg(feature = "sdk-s3")]
#[test]
fn checked_and_typed_calls_agree() {
    use sfn_tasks::JsonPath;
    use sfn_tasks::services::s3::{sdk, types};
    let key = JsonPath::new("$.key").unwrap();
    let typed: Vec<Box<dyn Task>> = vec![
        Box::new(sdk::GetObject::new(types::GetObjectRequest::new(
            "reports", key,
        ))),
        Box::new(sdk::ListObjectsV2::new(types::ListObjectsV2Request::new(
            "reports",
        ))),
    ];
    for task in typed {
        let parameters = task.write_parameters().unwrap();
        let action = task.resource().to_arn(None);
        let action = action.rsplit(':').next().unwrap().to_owned();
        let checked = CallAwsService::checked("s3", action.clone(), parameters.clone()).unwrap();
        assert_eq!(checked.write_parameters().unwrap(), parameters);
        let json = |t: &dyn Task| -> Vec<Value> {
            t.policy_statements().iter().map(|s| s.to_json()).collect()
        };
        assert_eq!(json(&checked), json(task.as_ref()), "{action}");
    }
}
