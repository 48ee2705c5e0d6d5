//! The policy, CloudFormation and Mermaid outputs.

use serde_json::{Value, json};
use sfn_tasks::JsonPath;
use sfn_tasks::runtime::{
    Bindings, Catch, CfnOptions, Choice, Condition, CustomTask, ExecutionType, Fail, ItemReader,
    LogDestination, LogLevel, Logging, Map, Parallel, Pass, PolicyStatement, ResultWriter,
    StateMachine, Succeed, Task, arn,
};

fn put(table: &str) -> CustomTask {
    CustomTask::new("dynamodb", "putItem")
        .parameters(json!({"TableName": table, "Item": {"id": {"S.$": "$.id"}}}))
        .policy_actions(
            ["dynamodb:PutItem"],
            [arn("dynamodb", &format!("table/{table}"))],
        )
}

fn get(table: &str) -> CustomTask {
    CustomTask::new("dynamodb", "getItem")
        .parameters(json!({"TableName": table, "Key": {"id": {"S.$": "$.id"}}}))
        .policy_actions(
            ["dynamodb:GetItem"],
            [arn("dynamodb", &format!("table/{table}"))],
        )
}

#[test]
fn policy_merges_across_branches_and_processors() {
    let chain = put("A").state("Put A").next(
        Parallel::new("Both")
            .branch(put("B").state("Put B"))
            .branch(Map::new("Each", get("A").state("Get A")).items_path("$.ids")),
    );
    let machine = StateMachine::new(chain).unwrap();
    let a = arn("dynamodb", "table/A");
    let b = arn("dynamodb", "table/B");
    assert_eq!(
        machine.policy_document().to_json(),
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": a.clone()},
            {"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": [a, b]}
        ]})
    );
}

#[test]
fn policy_is_independent_of_state_order() {
    let one = StateMachine::new(put("A").state("1").next(get("B").state("2"))).unwrap();
    let two = StateMachine::new(get("B").state("1").next(put("A").state("2"))).unwrap();
    assert_eq!(one.policy_document(), two.policy_document());
}

#[test]
fn credentials_replace_task_grants_with_assume_role() {
    let task = put("A")
        .state("Cross")
        .credentials("arn:aws:iam::111122223333:role/Writer");
    let doc = StateMachine::new(task).unwrap().policy_document().to_json();
    assert_eq!(
        doc["Statement"],
        json!([{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/Writer"}])
    );
    let dynamic = put("A")
        .state("Cross")
        .credentials(JsonPath::new("$.role").unwrap());
    let doc = StateMachine::new(dynamic)
        .unwrap()
        .policy_document()
        .to_json();
    assert_eq!(doc["Statement"][0]["Resource"], "*");
}

#[test]
fn distributed_map_grants() {
    let map = Map::new("Files", Pass::new("P"))
        .distributed(ExecutionType::Standard)
        .item_reader(ItemReader::s3_list("in-bucket", None))
        .result_writer(ResultWriter::s3("out-bucket", "runs/"));
    let named = StateMachine::builder(map.clone())
        .name("Batch")
        .build()
        .unwrap();
    let doc = named.policy_document().to_json();
    let statements = doc["Statement"].as_array().unwrap();
    let find = |action: &str| {
        statements
            .iter()
            .find(|s| {
                s["Action"] == action
                    || s["Action"]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|x| x == action))
            })
            .unwrap_or_else(|| panic!("no {action}"))
            .clone()
    };
    assert_eq!(
        find("s3:ListBucket")["Resource"],
        "arn:${AWS::Partition}:s3:::in-bucket"
    );
    assert_eq!(
        find("s3:PutObject")["Resource"],
        "arn:${AWS::Partition}:s3:::out-bucket/runs/*"
    );
    assert_eq!(
        find("states:StartExecution")["Resource"],
        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:Batch"
    );
    assert_eq!(
        find("states:DescribeExecution")["Resource"],
        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:Batch:*"
    );
    let unnamed = StateMachine::new(map).unwrap().policy_document().to_json();
    assert!(unnamed.to_string().contains("stateMachine:*"));
}

#[test]
fn policy_binding() {
    let machine = StateMachine::new(put("T").state("Put")).unwrap();
    let bound = machine.policy_document().bind(
        &Bindings::new()
            .partition("aws")
            .region("eu-west-1")
            .account("123456789012"),
    );
    assert_eq!(
        bound.to_json()["Statement"][0]["Resource"],
        "arn:aws:dynamodb:eu-west-1:123456789012:table/T"
    );
}

#[test]
fn machines_without_grants_have_an_empty_policy_and_no_policy_resource() {
    let machine = StateMachine::new(Pass::new("P")).unwrap();
    assert!(machine.policy_document().is_empty());
    let template = machine.to_cloudformation(&CfnOptions::new()).unwrap();
    let resources = template["Resources"].as_object().unwrap();
    assert_eq!(
        resources.keys().collect::<Vec<_>>(),
        ["StateMachineRole", "StateMachine"]
    );
    assert!(
        template["Resources"]["StateMachine"]
            .get("DependsOn")
            .is_none()
    );
    // No placeholder anywhere: a plain string, no needless Fn::Sub.
    assert!(template["Resources"]["StateMachine"]["Properties"]["DefinitionString"].is_string());
}

#[test]
fn template_structure() {
    let machine = StateMachine::builder(put("Orders").state("Save"))
        .name("Orders")
        .comment("saves orders")
        .build()
        .unwrap();
    let t = machine.to_cloudformation(&CfnOptions::new()).unwrap();
    assert_eq!(t["AWSTemplateFormatVersion"], "2010-09-09");
    assert_eq!(t["Description"], "saves orders");
    let role = &t["Resources"]["StateMachineRole"];
    assert_eq!(role["Type"], "AWS::IAM::Role");
    assert_eq!(
        role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
        json!({"Service": "states.amazonaws.com"})
    );
    let policy = &t["Resources"]["StateMachineRoleDefaultPolicy"];
    assert_eq!(policy["Type"], "AWS::IAM::Policy");
    assert_eq!(
        policy["Properties"]["Roles"],
        json!([{"Ref": "StateMachineRole"}])
    );
    assert_eq!(
        policy["Properties"]["PolicyDocument"]["Statement"][0]["Resource"],
        json!({"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Orders"})
    );
    let sm = &t["Resources"]["StateMachine"];
    assert_eq!(sm["DependsOn"], json!(["StateMachineRoleDefaultPolicy"]));
    assert_eq!(sm["Properties"]["StateMachineName"], "Orders");
    assert_eq!(sm["Properties"]["StateMachineType"], "STANDARD");
    assert_eq!(
        sm["Properties"]["RoleArn"],
        json!({"Fn::GetAtt": ["StateMachineRole", "Arn"]})
    );
    let definition = sm["Properties"]["DefinitionString"]["Fn::Sub"]
        .as_str()
        .unwrap();
    let parsed: Value = serde_json::from_str(definition).unwrap();
    assert_eq!(
        parsed["States"]["Save"]["Resource"],
        "arn:${AWS::Partition}:states:::dynamodb:putItem"
    );
    assert_eq!(
        t["Outputs"]["StateMachineArn"]["Value"],
        json!({"Ref": "StateMachine"})
    );
}

#[test]
fn template_escapes_literal_dollar_braces() {
    let task = CustomTask::new("sns", "publish")
        .parameters(
            json!({"TopicArn": arn("sns", "t"), "Message": "Hello ${name}, ${AWS::NotAPseudo}"}),
        )
        .policy(PolicyStatement::allow(["sns:Publish"], [arn("sns", "t")]))
        .state("Publish");
    let machine = StateMachine::new(task).unwrap();
    let t = machine.to_cloudformation(&CfnOptions::new()).unwrap();
    let sub = t["Resources"]["StateMachine"]["Properties"]["DefinitionString"]["Fn::Sub"]
        .as_str()
        .unwrap();
    assert!(sub.contains("Hello ${!name}, ${!AWS::NotAPseudo}"), "{sub}");
    assert!(sub.contains("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:t"));
}

#[test]
fn template_references_pass_through() {
    let task = CustomTask::new("lambda", "invoke")
        .parameters(json!({"FunctionName": "${Fn.Arn}"}))
        .policy_actions(["lambda:InvokeFunction"], ["${Fn.Arn}"])
        .state("Call");
    let machine = StateMachine::new(task).unwrap();
    let t = machine
        .to_cloudformation(&CfnOptions::new().reference("Fn.Arn"))
        .unwrap();
    let sub = t["Resources"]["StateMachine"]["Properties"]["DefinitionString"]["Fn::Sub"]
        .as_str()
        .unwrap();
    assert!(sub.contains("\"FunctionName\":\"${Fn.Arn}\""));
    assert_eq!(
        t["Resources"]["StateMachineRoleDefaultPolicy"]["Properties"]["PolicyDocument"]["Statement"]
            [0]["Resource"],
        json!({"Fn::Sub": "${Fn.Arn}"})
    );
    // Undeclared, the same text is escaped and stays literal.
    let t = machine.to_cloudformation(&CfnOptions::new()).unwrap();
    let sub = t["Resources"]["StateMachine"]["Properties"]["DefinitionString"]["Fn::Sub"]
        .as_str()
        .unwrap();
    assert!(sub.contains("${!Fn.Arn}"));
}

#[test]
fn template_logging_and_tracing() {
    let machine = StateMachine::new(Pass::new("P")).unwrap();
    let options = CfnOptions::new()
        .logging(
            Logging::new(
                LogLevel::All,
                LogDestination::NewLogGroup { retention_days: 14 },
            )
            .include_execution_data(true),
        )
        .tracing(true);
    let t = machine.to_cloudformation(&options).unwrap();
    assert_eq!(
        t["Resources"]["StateMachineLogGroup"]["Properties"]["RetentionInDays"],
        14
    );
    let props = &t["Resources"]["StateMachine"]["Properties"];
    assert_eq!(
        props["LoggingConfiguration"],
        json!({"Level": "ALL", "IncludeExecutionData": true, "Destinations": [
            {"CloudWatchLogsLogGroup": {"LogGroupArn": {"Fn::GetAtt": ["StateMachineLogGroup", "Arn"]}}}
        ]})
    );
    assert_eq!(props["TracingConfiguration"], json!({"Enabled": true}));
    let actions = &t["Resources"]["StateMachineRoleDefaultPolicy"]["Properties"]["PolicyDocument"]
        ["Statement"][0]["Action"];
    for action in [
        "logs:CreateLogDelivery",
        "logs:PutResourcePolicy",
        "xray:PutTraceSegments",
        "xray:GetSamplingTargets",
    ] {
        assert!(
            actions.as_array().unwrap().iter().any(|a| a == action),
            "{action}"
        );
    }
    let existing = CfnOptions::new().logging(Logging::new(
        LogLevel::Error,
        LogDestination::LogGroupArn(
            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:sfn:*"
                .to_owned(),
        ),
    ));
    let t = machine.to_cloudformation(&existing).unwrap();
    assert!(t["Resources"].get("StateMachineLogGroup").is_none());
    assert!(
        t["Resources"]["StateMachine"]["Properties"]["LoggingConfiguration"]["Destinations"][0]["CloudWatchLogsLogGroup"]["LogGroupArn"]["Fn::Sub"]
            .is_string()
    );
}

#[test]
fn template_bindings() {
    let machine = StateMachine::new(put("T").state("Put")).unwrap();
    let t = machine
        .to_cloudformation(
            &CfnOptions::new().bindings(
                Bindings::new()
                    .partition("aws")
                    .region("us-east-1")
                    .account("123456789012"),
            ),
        )
        .unwrap();
    let definition = t["Resources"]["StateMachine"]["Properties"]["DefinitionString"]
        .as_str()
        .unwrap();
    assert!(definition.contains("arn:aws:states:::dynamodb:putItem"));
}

#[test]
fn asl_string_is_deterministic() {
    let build = || {
        StateMachine::new(
            put("T").state("Put").next(
                Choice::new("C")
                    .when(Condition::is_present("$.x", true), Succeed::new("S"))
                    .otherwise(Fail::new("F")),
            ),
        )
        .unwrap()
        .to_asl_string_pretty()
    };
    assert_eq!(build(), build());
    assert!(build().starts_with("{\n  \"StartAt\": \"Put\""));
}

#[test]
fn mermaid_shapes_edges_and_escaping() {
    let chain = put("T")
        .state("Save \"order\"")
        .catch(Catch::all(Fail::new("Failed #1")))
        .next(
            Choice::new("Big?")
                .when(
                    Condition::numeric_greater_than("$.total", 100),
                    Parallel::new("Both")
                        .branch(Pass::new("A"))
                        .branch(Pass::new("B")),
                )
                .otherwise(Map::new("Each", Pass::new("Item")).items_path("$.items")),
        );
    let m = StateMachine::new(chain).unwrap().to_mermaid();
    assert!(
        m.starts_with("flowchart TD\n    start((Start)) --> s0\n"),
        "{m}"
    );
    assert!(m.contains("s0[\"Save #quot;order#quot;\"]"), "{m}");
    assert!(m.contains("[[\"Failed #35;1\"]]"), "{m}");
    assert!(m.contains("{\"Big?\"}"), "{m}");
    assert!(m.contains("subgraph s3 [\"Both (Parallel)\"]"), "{m}");
    assert!(m.contains("subgraph s3_b0 [\"branch 1\"]"), "{m}");
    assert!(m.contains("[\"Each (Map)\"]"), "{m}");
    assert!(m.contains("s0 -.->|\"States.ALL\"| s1"), "{m}");
    assert!(m.contains("-->|\"$.total #gt; 100\"| s3"), "{m}");
    assert!(m.contains("-->|\"otherwise\"|"), "{m}");
}

#[test]
fn custom_task_trait_object_works_in_states() {
    let task: std::sync::Arc<dyn Task> = std::sync::Arc::new(put("T"));
    let state = sfn_tasks::runtime::TaskState::from_arc("Shared", task);
    assert!(StateMachine::new(state).is_ok());
}

#[test]
fn streamed_strings_equal_the_value_rendering() {
    let chain = put("T")
        .state("Put \"quoted\"\nname")
        .comment("line\nbreak")
        .next(Parallel::new("P").branch(Map::new("M", Pass::new("I")).items_path("$.x")))
        .next(
            Choice::new("C")
                .when(Condition::is_present("$.x", true), Succeed::new("S"))
                .otherwise(Fail::new("F")),
        );
    let machine = StateMachine::builder(chain)
        .comment("top")
        .timeout_seconds(5)
        .build();
    // The newline in the name is rejected; the streaming check uses a valid machine.
    assert!(machine.is_err());
    let chain = put("T")
        .state("Put \"quoted\" ${x}")
        .comment("line\nbreak")
        .next(Parallel::new("P").branch(Map::new("M", Pass::new("I")).items_path("$.x")))
        .next(Pass::new("Empty").result(json!({
            "object": {}, "array": [], "nested": [[], {}, [{}], {"a": []}], "ünïcode": "ß\u{1F600}\t"
        })))
        .next(
            Choice::new("C")
                .when(Condition::is_present("$.x", true), Succeed::new("S"))
                .otherwise(Fail::new("F")),
        );
    let machine = StateMachine::builder(chain)
        .comment("top")
        .timeout_seconds(5)
        .build()
        .unwrap();
    let value = machine.to_asl_json();
    assert_eq!(
        machine.to_asl_string_pretty(),
        serde_json::to_string_pretty(&value).unwrap()
    );
    assert_eq!(
        machine.to_asl_string(),
        serde_json::to_string(&value).unwrap()
    );
    let single = StateMachine::new(Pass::new("Only")).unwrap();
    assert_eq!(
        single.to_asl_string_pretty(),
        serde_json::to_string_pretty(&single.to_asl_json()).unwrap()
    );
}
