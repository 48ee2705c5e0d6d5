//! The IAM statements of every SDK task, checked over all operations of all
//! services against AWS's service-authorization data in `models/iam`.
//!
//! Each operation is given literal values for every member its ARN templates
//! bind (what a user writing literal identifiers would pass); the statements
//! must then name real actions and resources of the right type, and at least
//! 90% of the operations whose actions support resource-level permissions
//! must come out scoped to resources rather than `*`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};
use sfn_tasks::runtime::IntegrationPattern;
use sfn_tasks::runtime::PolicyDocument;
use sfn_tasks::runtime::bind::Extract;
use sfn_tasks::runtime::grant::{Grant, statements};

/// The statements of a request-response SDK task with these grants.
fn policy(grants: &[Grant], parameters: &Value) -> Vec<sfn_tasks::PolicyStatement> {
    statements(grants, IntegrationPattern::RequestResponse, parameters)
}
use sfn_tasks::services;

use crate::support;

type Table = &'static [(&'static str, &'static [Grant])];

fn all_services() -> Vec<(&'static str, &'static str, Table)> {
    vec![
        ("batch", "batch", services::batch::sdk::GRANTS),
        ("codebuild", "codebuild", services::codebuild::sdk::GRANTS),
        ("dynamodb", "dynamodb", services::dynamodb::sdk::GRANTS),
        ("ecs", "ecs", services::ecs::sdk::GRANTS),
        ("emr", "emr", services::emr::sdk::GRANTS),
        ("glue", "glue", services::glue::sdk::GRANTS),
        ("lambda", "lambda", services::lambda::sdk::GRANTS),
        ("sagemaker", "sagemaker", services::sagemaker::sdk::GRANTS),
        ("sns", "sns", services::sns::sdk::GRANTS),
        ("sqs", "sqs", services::sqs::sdk::GRANTS),
        ("sfn", "stepfunctions", services::sfn::sdk::GRANTS),
    ]
}

/// Literal parameters for every bound member, nested as its pointer says
/// (`*` as a one-element list; a `Keys` binding as an object with one key).
fn literal_parameters(grants: &[Grant]) -> Value {
    let mut params = Value::Object(Map::new());
    for grant in grants {
        for template in grant.resources {
            for binding in template.bindings {
                let name = binding
                    .pointer
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_lowercase();
                let value = match binding.extract {
                    // A member that takes the resource's ARN gets one.
                    Extract::WholeArn => Value::String(
                        template
                            .arn
                            .replace("${Partition}", "aws")
                            .replace("${Region}", "us-east-1")
                            .replace("${Account}", "123456789012")
                            .split("${")
                            .enumerate()
                            .map(|(i, part)| {
                                if i == 0 {
                                    part.to_owned()
                                } else {
                                    format!(
                                        "example{}",
                                        part.split_once('}').map_or("", |(_, rest)| rest)
                                    )
                                }
                            })
                            .collect(),
                    ),
                    Extract::UrlLastSegment => Value::String(format!(
                        "https://sqs.us-east-1.amazonaws.com/123456789012/example-{name}"
                    )),
                    Extract::Keys => json!({ format!("example-{name}"): [] }),
                    _ => Value::String(format!("example-{name}")),
                };
                insert(&mut params, binding.pointer, value);
            }
        }
    }
    params
}

/// The same parameters with every bound member given as a path instead.
fn path_parameters(grants: &[Grant]) -> Value {
    let mut params = Value::Object(Map::new());
    for grant in grants {
        for template in grant.resources {
            for binding in template.bindings {
                let (parent, last) = binding.pointer.rsplit_once('/').unwrap_or_default();
                let dynamic = format!("{parent}/{last}.$");
                insert(&mut params, &dynamic, Value::String("$.value".to_owned()));
            }
        }
    }
    params
}

/// Sets `value` at `pointer` unless something is there already (`*`
/// segments make one-element lists); a pointer crossing a value of another
/// shape is left out.
fn insert(node: &mut Value, pointer: &str, value: Value) {
    let Some(rest) = pointer.strip_prefix('/') else {
        if node.is_null() {
            *node = value;
        }
        return;
    };
    let (segment, tail) = match rest.split_once('/') {
        Some((segment, tail)) => (segment, format!("/{tail}")),
        None => (rest, String::new()),
    };
    if segment == "*" {
        if node.is_null() {
            *node = Value::Array(vec![Value::Null]);
        }
        if let Value::Array(items) = node {
            if items.is_empty() {
                items.push(Value::Null);
            }
            insert(&mut items[0], &tail, value);
        }
    } else {
        if node.is_null() {
            *node = Value::Object(Map::new());
        }
        if let Value::Object(map) = node {
            let key = segment.replace("~1", "/").replace("~0", "~");
            insert(map.entry(key).or_insert(Value::Null), &tail, value);
        }
    }
}

/// `(service key, Operation)` pairs that `models/iam/operation-actions.toml`
/// says are newer than the vendored IAM data.
fn not_in_database() -> BTreeSet<(String, String)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../models/iam/operation-actions.toml"
    );
    let text = std::fs::read_to_string(path).expect("operation-actions.toml");
    let doc: toml::Table = text.parse().expect("valid TOML");
    let mut out = BTreeSet::new();
    for exception in doc
        .get("exceptions")
        .and_then(|e| e.as_array())
        .into_iter()
        .flatten()
    {
        if exception.get("status").and_then(|s| s.as_str()) == Some("not-in-database") {
            let service = exception["service"].as_str().unwrap_or_default().to_owned();
            for op in exception["operations"].as_array().into_iter().flatten() {
                out.insert((service.clone(), op.as_str().unwrap_or_default().to_owned()));
            }
        }
    }
    out
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[test]
fn every_sdk_statement_is_valid_and_most_are_scoped() {
    let db = support::iam::Database::get();
    let undocumented_gaps = not_in_database();
    let mut problems = Vec::new();
    let mut report = BTreeMap::new();
    let (mut eligible_total, mut scoped_total, mut named_total) = (0usize, 0usize, 0usize);
    let mut unnamed = Vec::new();

    for (module, key, table) in all_services() {
        let (mut ops, mut eligible, mut scoped, mut stars, mut resource_statements, mut gaps) =
            (0, 0, 0, 0, 0, 0);
        let mut named = 0;
        for (action, grants) in table {
            ops += 1;
            let operation = upper_first(action);
            let known: Vec<Grant> = grants
                .iter()
                .copied()
                .filter(|g| {
                    g.actions.iter().all(|action| {
                        let (prefix, name) = action.split_once(':').unwrap_or(("", action));
                        db.services
                            .get(prefix)
                            .is_some_and(|s| s.actions.contains_key(name))
                    })
                })
                .collect();
            if known.len() < grants.len() {
                gaps += 1;
                if !undocumented_gaps.contains(&(key.to_owned(), operation.clone())) {
                    problems.push(format!(
                        "{module}::sdk::{operation}: grants an action missing from models/iam without a not-in-database entry"
                    ));
                }
            }
            let params = literal_parameters(&known);
            let statements = policy(&known, &params);
            let document = PolicyDocument::from_statements(statements.clone()).to_json();
            for problem in db.check_policy(&document) {
                problems.push(format!("{module}::sdk::{operation}: {problem}"));
            }
            let supports_resources = known.iter().flat_map(|g| g.actions).any(|action| {
                let (prefix, name) = action.split_once(':').unwrap_or(("", ""));
                db.services[prefix].actions[name].iter().next().is_some()
            });
            for s in &statements {
                if s.resources().any(|r| r == "*") {
                    stars += 1;
                } else {
                    resource_statements += 1;
                }
            }
            if supports_resources {
                eligible += 1;
                // Scoped: every grant of an action with resource-level
                // permissions names resources, not `*`.
                let all_scoped = known.iter().all(|g| {
                    g.actions.iter().all(|action| {
                        let (prefix, name) = action.split_once(':').unwrap_or(("", ""));
                        db.services[prefix].actions[name].is_empty() || !g.resources.is_empty()
                    })
                });
                if all_scoped {
                    scoped += 1;
                }
                // Named: with literal identifiers, no resource keeps a wildcard.
                let named_all = statements
                    .iter()
                    .all(|s| s.resources().all(|r| r == "*" || !r.contains('*')));
                if named_all {
                    named += 1;
                } else {
                    unnamed.push(format!("{module}::{operation}"));
                }
            }
        }
        eligible_total += eligible;
        scoped_total += scoped;
        named_total += named;
        report.insert(
            module,
            json!({"operations": ops, "resource_level": eligible, "scoped": scoped, "named": named,
                   "resource_statements": resource_statements, "star_statements": stars,
                   "actions_not_in_iam_data": gaps}),
        );
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    );
    println!(
        "scoped {scoped_total} of {eligible_total} operations with resource-level permissions"
    );
    println!("named exactly (no wildcard left): {named_total} of {eligible_total}");
    println!("with a wildcard left: {}", unnamed.join(" "));
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Exact names need every ARN variable in the input; the rest (batch APIs
    // taking lists, ARNs holding IDs AWS assigns) keep a scoped wildcard.
    // A floor, so a regression in the binding rules shows.
    assert!(
        named_total * 100 >= eligible_total * 70,
        "only {named_total} of {eligible_total} operations name their resources exactly"
    );
    assert!(
        scoped_total * 10 >= eligible_total * 9,
        "only {scoped_total} of {eligible_total} operations are resource-scoped"
    );
}

#[test]
fn paths_leave_a_scoped_wildcard() {
    use sfn_tasks::runtime::Task;
    use sfn_tasks::services::dynamodb::{sdk, types};
    use sfn_tasks::{Field, JsonPath};
    let key = std::collections::BTreeMap::from([(
        "pk".to_owned(),
        Field::from(types::AttributeValue::default().with_s("1")),
    )]);
    let literal = sdk::GetItem::new(types::GetItemInput::new("Orders", key.clone()));
    let from_path = sdk::GetItem::new(types::GetItemInput::new(
        JsonPath::new("$.table").expect("path"),
        key,
    ));
    let table = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/";
    assert_eq!(
        literal.policy_statements()[0].to_json()["Resource"],
        format!("{table}Orders")
    );
    assert_eq!(
        from_path.policy_statements()[0].to_json()["Resource"],
        format!("{table}*")
    );
    assert_eq!(
        literal.resource().to_arn(None),
        "arn:aws:states:::aws-sdk:dynamodb:getItem"
    );
    assert_eq!(
        literal
            .clone()
            .wait_for_task_token()
            .resource()
            .to_arn(None),
        "arn:aws:states:::aws-sdk:dynamodb:getItem.waitForTaskToken"
    );
    assert!(sdk::GetItem::ERRORS.contains(&sdk::errors::RESOURCE_NOT_FOUND_EXCEPTION));
    assert_eq!(
        sdk::errors::RESOURCE_NOT_FOUND_EXCEPTION,
        "DynamoDb.ResourceNotFoundException"
    );
}

#[test]
fn sqs_queue_urls_and_lambda_arns_scope_their_resources() {
    use sfn_tasks::runtime::Task;
    use sfn_tasks::services::{lambda, sqs};
    let send = sqs::sdk::SendMessage::new(sqs::types::SendMessageRequest::new(
        "https://sqs.eu-west-1.amazonaws.com/123456789012/orders",
        "hello",
    ));
    // A literal URL keeps its own region and account.
    assert_eq!(
        send.policy_statements()[0].to_json()["Resource"],
        "arn:aws:sqs:eu-west-1:123456789012:orders"
    );
    let arn = "arn:aws:lambda:eu-west-1:123456789012:function:charge";
    let invoke = lambda::sdk::Invoke::new(lambda::types::InvocationRequest::new(arn));
    let policy = invoke.policy_statements();
    assert_eq!(policy[0].to_json()["Action"], "lambda:InvokeFunction");
    assert_eq!(policy[0].to_json()["Resource"], arn);
}

/// The `iam:PassRole` statements of a policy, as JSON.
fn pass_role_statements(statements: &[sfn_tasks::runtime::PolicyStatement]) -> Vec<Value> {
    statements
        .iter()
        .filter(|s| s.actions().any(|a| a == "iam:PassRole"))
        .map(|s| s.to_json())
        .collect()
}

fn passed_to(statement: &Value) -> Vec<String> {
    match &statement["Condition"]["StringEquals"]["iam:PassedToService"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn resources(statement: &Value) -> Vec<String> {
    match &statement["Resource"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Over every operation of every service, with every bound member given a
/// literal identifier and then a path: every `iam:PassRole` statement says
/// which service receives the role, so none allows passing any role (or
/// the one a path names) to anyone. Literal identifiers must name the role.
#[test]
fn no_sdk_operation_passes_a_role_without_naming_the_service() {
    let mut problems = Vec::new();
    let (mut literal_statements, mut path_statements, mut operations) = (0, 0, BTreeSet::new());
    for (module, _, table) in all_services() {
        for (action, grants) in table {
            for (kind, params) in [
                ("literal", literal_parameters(grants)),
                ("path", path_parameters(grants)),
            ] {
                for statement in pass_role_statements(&policy(grants, &params)) {
                    operations.insert(format!("{module}::{action}"));
                    if kind == "literal" {
                        literal_statements += 1;
                    } else {
                        path_statements += 1;
                    }
                    let wildcard = resources(&statement).iter().any(|r| r.contains('*'));
                    if passed_to(&statement).is_empty() {
                        problems.push(format!(
                            "{module}::{action} ({kind}): iam:PassRole without iam:PassedToService{}: {statement}",
                            if wildcard { " on a wildcard" } else { "" }
                        ));
                    }
                    // Literal roles are named exactly, except where the
                    // data asks for PassRole and the input names no role.
                    let unbound = grants.iter().any(|g| {
                        g.actions.contains(&"iam:PassRole")
                            && g.resources.iter().all(|t| t.bindings.is_empty())
                    });
                    if kind == "literal" && wildcard && !unbound {
                        problems.push(format!(
                            "{module}::{action}: a literal role still leaves a wildcard: {statement}"
                        ));
                    }
                }
            }
        }
    }
    println!(
        "iam:PassRole: {} operations, {literal_statements} statements with literal roles, {path_statements} with roles from paths",
        operations.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Not a loop over nothing: the SDK tasks pass roles in over a hundred
    // operations (SageMaker, Glue, ECS, EMR, Batch, CodeBuild, ...).
    assert!(
        operations.len() >= 100 && literal_statements >= 150 && path_statements >= 100,
        "only {} operations, {literal_statements} and {path_statements} statements pass roles",
        operations.len()
    );
}

fn grants_of(table: Table, action: &str) -> &'static [Grant] {
    table
        .iter()
        .find(|(a, _)| *a == action)
        .unwrap_or_else(|| panic!("no SDK task {action}"))
        .1
}

/// (resource, PassedToService) of each PassRole statement, sorted.
fn passed_roles(statements: &[sfn_tasks::runtime::PolicyStatement]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = pass_role_statements(statements)
        .iter()
        .flat_map(|s| {
            let to = passed_to(s);
            resources(s).into_iter().map(move |r| (r, to.clone()))
        })
        .collect();
    out.sort();
    out
}

fn role(name: &str) -> String {
    format!("arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{name}")
}

#[test]
fn emr_run_job_flow_passes_its_roles_each_to_its_service() {
    use sfn_tasks::runtime::Task;
    use sfn_tasks::services::emr::{sdk, types};
    let input = || types::RunJobFlowInput::new("cluster", types::JobFlowInstancesConfig::default());
    let plain = sdk::RunJobFlow::new(input());
    assert!(passed_roles(&plain.policy_statements()).is_empty());

    let arn = "arn:aws:iam::123456789012:role/EMR_DefaultRole";
    let task = sdk::RunJobFlow::new(
        input()
            .with_service_role(arn)
            .with_job_flow_role("EMR_EC2_DefaultRole"),
    );
    assert_eq!(
        passed_roles(&task.policy_statements()),
        [
            (
                role("EMR_EC2_DefaultRole"),
                vec!["ec2.amazonaws.com".to_owned()]
            ),
            (
                arn.to_owned(),
                vec!["elasticmapreduce.amazonaws.com".to_owned()]
            ),
        ]
    );
    let with_scaling = sdk::RunJobFlow::new(
        input().with_auto_scaling_role(sfn_tasks::JsonPath::new("$.scaling").expect("path")),
    );
    assert_eq!(
        passed_roles(&with_scaling.policy_statements()),
        [(
            role("*"),
            vec!["application-autoscaling.amazonaws.com".to_owned()]
        )]
    );
    // The instance profile's ARN names the role the profile is named after.
    let profile = sdk::RunJobFlow::new(
        input()
            .with_job_flow_role("arn:aws:iam::123456789012:instance-profile/EMR_EC2_DefaultRole"),
    );
    assert_eq!(
        passed_roles(&profile.policy_statements()),
        [(
            role("EMR_EC2_DefaultRole"),
            vec!["ec2.amazonaws.com".to_owned()]
        )]
    );
    // `InstanceRole` of an instance group is MASTER, CORE or TASK, not a role.
    assert!(
        grants_of(services::emr::sdk::GRANTS, "runJobFlow")
            .iter()
            .flat_map(|g| g.when)
            .all(|p| !p.ends_with("/InstanceRole")),
    );
    let document = PolicyDocument::from_statements(task.policy_statements()).to_json();
    let problems = support::iam::Database::get().check_policy(&document);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn ecs_run_task_passes_roles_only_when_it_overrides_them() {
    use sfn_tasks::runtime::Task;
    use sfn_tasks::services::ecs::{sdk, types};
    let plain = sdk::RunTask::new(types::RunTaskRequest::new("app:3"));
    assert!(
        passed_roles(&plain.policy_statements()).is_empty(),
        "{:#?}",
        plain.policy_statements()
    );
    let overridden = sdk::RunTask::new(
        types::RunTaskRequest::new("app:3")
            .with_overrides(types::TaskOverride::new().with_task_role_arn("app-task")),
    );
    assert_eq!(
        passed_roles(&overridden.policy_statements()),
        [(role("app-task"), vec!["ecs-tasks.amazonaws.com".to_owned()])]
    );
}

#[test]
fn sns_create_topic_passes_only_its_delivery_status_roles() {
    let grants = grants_of(services::sns::sdk::GRANTS, "createTopic");
    let plain = policy(grants, &json!({"Name": "orders"}));
    assert!(passed_roles(&plain).is_empty(), "{plain:#?}");
    let other = policy(
        grants,
        &json!({"Name": "orders", "Attributes": {"DisplayName": "Orders"}}),
    );
    assert!(passed_roles(&other).is_empty(), "{other:#?}");
    let logged = policy(
        grants,
        &json!({"Name": "orders", "Attributes": {"LambdaSuccessFeedbackRoleArn": "arn:aws:iam::123456789012:role/sns-logs"}}),
    );
    assert_eq!(
        passed_roles(&logged),
        [(
            "arn:aws:iam::123456789012:role/sns-logs".to_owned(),
            vec!["sns.amazonaws.com".to_owned()]
        )]
    );
}

#[test]
fn sagemaker_and_lambda_roles_go_to_their_service() {
    use sfn_tasks::runtime::Task;
    use sfn_tasks::services::lambda;
    let model = policy(
        grants_of(services::sagemaker::sdk::GRANTS, "createModel"),
        &json!({"ModelName": "m", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/sm"}),
    );
    assert_eq!(
        passed_roles(&model),
        [(
            "arn:aws:iam::123456789012:role/sm".to_owned(),
            vec!["sagemaker.amazonaws.com".to_owned()]
        )]
    );
    let code = lambda::types::FunctionCode::new()
        .with_s3_bucket("code")
        .with_s3_key("fn.zip");
    let create = lambda::sdk::CreateFunction::new(lambda::types::CreateFunctionRequest::new(
        "fn", "fn-role", code,
    ));
    assert_eq!(
        passed_roles(&create.policy_statements()),
        [(role("fn-role"), vec!["lambda.amazonaws.com".to_owned()])]
    );
}

/// `(action, resources)` of the statements granting `action`.
fn granted(statements: &[sfn_tasks::runtime::PolicyStatement], action: &str) -> Vec<String> {
    let mut out: Vec<String> = statements
        .iter()
        .filter(|s| s.actions().any(|a| a == action))
        .flat_map(|s| s.resources().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn table(name: &str) -> String {
    format!("arn:${{AWS::Partition}}:dynamodb:${{AWS::Region}}:${{AWS::AccountId}}:table/{name}")
}

#[test]
fn dynamodb_batch_and_transaction_calls_name_their_tables() {
    let grants = services::dynamodb::sdk::GRANTS;
    let write = policy(
        grants_of(grants, "batchWriteItem"),
        &json!({"RequestItems": {"Orders": [], "Lines": []}}),
    );
    assert_eq!(
        granted(&write, "dynamodb:BatchWriteItem"),
        [table("Lines"), table("Orders")]
    );
    let get = policy(
        grants_of(grants, "batchGetItem"),
        &json!({"RequestItems": {"Orders": {"Keys": []}}}),
    );
    assert_eq!(granted(&get, "dynamodb:BatchGetItem"), [table("Orders")]);
    let from_path = policy(
        grants_of(grants, "batchWriteItem"),
        &json!({"RequestItems.$": "$.items"}),
    );
    assert_eq!(granted(&from_path, "dynamodb:BatchWriteItem"), [table("*")]);

    let transact = policy(
        grants_of(grants, "transactWriteItems"),
        &json!({"TransactItems": [
            {"Put": {"TableName": "Orders", "Item": {}}},
            {"Update": {"TableName": "Stock", "Key": {}, "UpdateExpression": "SET n = n - 1"}},
            {"ConditionCheck": {"TableName": "Customers", "Key": {}, "ConditionExpression": "attribute_exists(pk)"}}
        ]}),
    );
    for action in [
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:ConditionCheckItem",
    ] {
        assert_eq!(
            granted(&transact, action),
            [table("Customers"), table("Orders"), table("Stock")],
            "{action}"
        );
    }
    let transact_get = policy(
        grants_of(grants, "transactGetItems"),
        &json!({"TransactItems": [{"Get": {"TableName": "Orders", "Key": {}}}]}),
    );
    assert_eq!(
        granted(&transact_get, "dynamodb:GetItem"),
        [table("Orders")]
    );
}

#[test]
fn lambda_invoke_with_a_qualifier_grants_the_qualified_function() {
    use sfn_tasks::runtime::Task;
    use sfn_tasks::services::lambda::{sdk, types};
    let function = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:charge";
    let plain = sdk::Invoke::new(types::InvocationRequest::new("charge"));
    assert_eq!(
        granted(&plain.policy_statements(), "lambda:InvokeFunction"),
        [function]
    );
    let qualified =
        sdk::Invoke::new(types::InvocationRequest::new("charge").with_qualifier("PROD"));
    assert_eq!(
        granted(&qualified.policy_statements(), "lambda:InvokeFunction"),
        [function.to_owned(), format!("{function}:PROD")]
    );
    let by_arn = sdk::Invoke::new(
        types::InvocationRequest::new("arn:aws:lambda:eu-west-1:123456789012:function:charge")
            .with_qualifier("7"),
    );
    assert_eq!(
        granted(&by_arn.policy_statements(), "lambda:InvokeFunction"),
        [
            "arn:aws:lambda:eu-west-1:123456789012:function:charge",
            "arn:aws:lambda:eu-west-1:123456789012:function:charge:7"
        ]
    );
    let document = PolicyDocument::from_statements(qualified.policy_statements()).to_json();
    let problems = support::iam::Database::get().check_policy(&document);
    assert!(problems.is_empty(), "{problems:#?}");
}
