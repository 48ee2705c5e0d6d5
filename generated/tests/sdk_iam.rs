//! The IAM statements of every SDK task, checked over all operations of all
//! services against AWS's service-authorization data in `models/iam`.
//!
//! Each operation is given literal values for every member its ARN templates
//! bind (what a user writing literal identifiers would pass); the statements
//! must then name real actions and resources of the right type, and at least
//! 90% of the operations whose actions support resource-level permissions
//! must come out scoped to resources rather than `*`.
#![cfg(feature = "full")]

mod external;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};
use sfn_tasks::runtime::PolicyDocument;
use sfn_tasks::runtime::bind::Extract;
use sfn_tasks::runtime::sdk::{Grant, policy};
use sfn_tasks::services;

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

/// Literal parameters for every bound member.
fn literal_parameters(grants: &[Grant]) -> Value {
    let mut params = Map::new();
    for grant in grants {
        for template in grant.resources {
            for binding in template.bindings {
                let key = binding.pointer.trim_start_matches('/').to_owned();
                let value = match binding.extract {
                    // A member that takes the resource's ARN gets one.
                    Extract::WholeArn => template
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
                    Extract::UrlLastSegment => {
                        format!(
                            "https://sqs.us-east-1.amazonaws.com/123456789012/example-{}",
                            key.to_lowercase()
                        )
                    }
                    _ => format!("example-{}", key.to_lowercase()),
                };
                params.entry(key).or_insert(Value::String(value));
            }
        }
    }
    Value::Object(params)
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
    let db = external::iam::Database::get();
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
                    let (prefix, name) = g.action.split_once(':').unwrap_or(("", g.action));
                    db.services
                        .get(prefix)
                        .is_some_and(|s| s.actions.contains_key(name))
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
            let supports_resources = known.iter().any(|g| {
                let (prefix, name) = g.action.split_once(':').unwrap_or(("", ""));
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
                    let (prefix, name) = g.action.split_once(':').unwrap_or(("", ""));
                    db.services[prefix].actions[name].is_empty() || !g.resources.is_empty()
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
    assert_eq!(
        send.policy_statements()[0].to_json()["Resource"],
        "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:orders"
    );
    let arn = "arn:aws:lambda:eu-west-1:123456789012:function:charge";
    let invoke = lambda::sdk::Invoke::new(lambda::types::InvocationRequest::new(arn));
    let policy = invoke.policy_statements();
    assert_eq!(policy[0].to_json()["Action"], "lambda:InvokeFunction");
    assert_eq!(policy[0].to_json()["Resource"], arn);
}
