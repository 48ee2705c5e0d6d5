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
    chain(&templates, bytes)
}

/// About `bytes` of definition calling services the crate does not type,
/// checked against their compact models (decoded on first use).
fn untyped_definition(bytes: usize) -> String {
    let templates = [
        json!({"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
               "Parameters": {"Bucket": "reports", "Key.$": "$.key"}, "ResultPath": "$.object"}),
        json!({"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:ec2:describeInstances",
               "Parameters": {"Filters": [{"Name": "tag:team", "Values": ["data"]}], "MaxResults": 50}}),
        json!({"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:rekognition:detectLabels",
               "Parameters": {"Image": {"S3Object": {"Bucket": "photos", "Name.$": "$.name"}}, "MaxLabels": 10}}),
        json!({"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:eventbridge:putEvents",
               "Parameters": {"Entries": [{"Source": "app", "DetailType": "done", "Detail.$": "States.JsonToString($)"}]}}),
        json!({"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:secretsmanager:getSecretValue",
               "Parameters": {"SecretId": "db"}, "ResultPath": "$.secret"}),
    ];
    chain(&templates, bytes)
}

/// About `bytes` of pretty-printed definition: copies of `templates`, in
/// turn, chained.
fn chain(templates: &[Value], bytes: usize) -> String {
    let render = |count: usize| {
        let mut states = serde_json::Map::new();
        for i in 0..count {
            let mut state = templates[i % templates.len()].clone();
            state["Next"] = Value::from(format!("S{}", i + 1));
            states.insert(format!("S{i}"), state);
        }
        states.insert(format!("S{count}"), json!({"Type": "Succeed"}));
        serde_json::to_string_pretty(&json!({"StartAt": "S0", "States": states})).unwrap()
    };
    // Size one copy of every template, then scale to the target.
    let per_state = (render(templates.len()).len() - render(0).len()) / templates.len();
    render(bytes / per_state)
}

/// About 1 MB: under Step Functions' limit on a definition (1,048,576
/// bytes), beyond which lint reports the definition itself.
const SIZE: usize = 1_000_000;

fn bench(c: &mut Criterion) {
    let text = big_definition(SIZE);
    assert!(text.len() <= 1_048_576, "{} bytes", text.len());
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

    let untyped = untyped_definition(SIZE);
    assert!(untyped.len() <= 1_048_576, "{} bytes", untyped.len());
    eprintln!("untyped definition: {} bytes", untyped.len());
    let source = Source::parse("untyped.json", untyped.clone()).unwrap();
    let findings = cli::lint(&source);
    assert!(
        findings.is_empty(),
        "{:?}",
        findings.first().map(|d| d.to_text())
    );
    // The two shares of the figure below: reading the JSON (positions
    // kept), and the checks alone.
    group.bench_function("parse 1 MB", |b| {
        b.iter(|| Source::parse("untyped.json", untyped.clone()).unwrap())
    });
    group.bench_function("lint 1 MB, parsed, untyped services", |b| {
        b.iter(|| cli::lint(&source))
    });
    group.bench_function("parse + lint 1 MB, untyped services", |b| {
        b.iter(|| {
            let source = Source::parse("untyped.json", untyped.clone()).unwrap();
            cli::lint(&source)
        })
    });
    group.bench_function("policy 1 MB, untyped services", |b| {
        b.iter(|| cli::policy(&source, &source.definitions[0], &Bindings::new(), None))
    });
    // The public reader of a compact model (EC2's is the largest):
    // decompress and parse it into JSON. The linter decodes the same text
    // into its tables once per process and keeps them (leaked, so a loop
    // cannot repeat it); the process benchmarks below include that.
    group.bench_function("sdk_models::model(\"ec2\"): decompress + JSON", |b| {
        b.iter(|| sfn_tasks::runtime::sdk_models::model("ec2"))
    });
    // Start-up with the embedded data: the command, linting a one-state
    // definition that calls EC2 (so its model is decoded).
    let dir = std::env::temp_dir().join(format!("sfn-tasks-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let one = dir.join("one.json");
    std::fs::write(&one, json!({"StartAt": "A", "States": {"A": {"Type": "Task",
        "Resource": "arn:aws:states:::aws-sdk:ec2:describeInstances", "Parameters": {}, "End": true}}}).to_string()).unwrap();
    let s3 = dir.join("s3.json");
    std::fs::write(&s3, json!({"StartAt": "A", "States": {"A": {"Type": "Task",
        "Resource": "arn:aws:states:::aws-sdk:s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"}, "End": true}}}).to_string()).unwrap();
    for (name, file) in [
        ("sfn-tasks lint, one ec2 call (process)", &one),
        ("sfn-tasks lint, one s3 call (process)", &s3),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let status = std::process::Command::new(env!("CARGO_BIN_EXE_sfn-tasks"))
                    .arg("lint")
                    .arg(file)
                    .status()
                    .unwrap();
                assert!(status.success());
            })
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
