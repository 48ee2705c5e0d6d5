//! Linting a large definition: the issue asks for well under a second for
//! 1 MB. The definition is built from the order workflow's states, renamed
//! and chained, so every Task is checked against the models.

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use sfn_tasks::cli::{self, Source};
use sfn_tasks::runtime::Bindings;

/// About `bytes` of definition: copies of three real Task states in a chain.
fn big_definition(bytes: usize) -> String {
    let save = json!({
        "Type": "Task",
        "Resource": "arn:aws:states:::dynamodb:putItem",
        "Parameters": {
            "TableName": "Orders",
            "Item": {"orderId": {"S.$": "$.orderId"}, "total": {"N.$": "States.Format('{}', $.total)"}},
            "ConditionExpression": "attribute_not_exists(orderId)"
        },
        "ResultPath": null,
        "Retry": [{"ErrorEquals": ["DynamoDB.ProvisionedThroughputExceededException"], "IntervalSeconds": 1, "MaxAttempts": 3}]
    });
    let charge = json!({
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "arn:aws:lambda:eu-west-1:123456789012:function:charge", "Payload.$": "$"},
        "ResultSelector": {"approved.$": "$.Payload.approved"},
        "ResultPath": "$.payment"
    });
    let send = json!({
        "Type": "Task",
        "Resource": "arn:aws:states:::aws-sdk:sqs:sendMessage",
        "Parameters": {"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/q", "MessageBody.$": "States.JsonToString($)", "DelaySeconds": 5}
    });
    let templates = [save, charge, send];
    let mut states = serde_json::Map::new();
    let mut size = 0;
    let mut i = 0;
    while size < bytes {
        let mut state = templates[i % 3].clone();
        state["Next"] = Value::from(format!("S{}", i + 1));
        size += state.to_string().len() + 12;
        states.insert(format!("S{i}"), state);
        i += 1;
    }
    states.insert(format!("S{i}"), json!({"Type": "Succeed"}));
    serde_json::to_string_pretty(&json!({"StartAt": "S0", "States": states})).unwrap()
}

fn bench(c: &mut Criterion) {
    let text = big_definition(1 << 20);
    eprintln!("definition: {} bytes", text.len());
    let source = Source::parse("big.json", text.clone()).unwrap();
    assert!(cli::lint(&source).is_empty());
    let mut group = c.benchmark_group("lint");
    group.sample_size(10);
    group.bench_function("parse + lint 1 MB", |b| {
        b.iter(|| {
            let source = Source::parse("big.json", text.clone()).unwrap();
            cli::lint(&source)
        })
    });
    group.bench_function("policy 1 MB", |b| {
        b.iter(|| cli::policy(&source, &source.definitions[0], &Bindings::new(), None))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
