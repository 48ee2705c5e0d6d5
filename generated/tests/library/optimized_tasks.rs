//! The hand-written tasks without service features: `EvaluateExpression`
//! in a CloudFormation template (its function and role, also from inside a
//! Parallel branch), `CallAwsService` and `InvokeActivity` in a machine, and
//! arbitrary text that never makes them panic.

use proptest::prelude::*;
use serde_json::json;
use sfn_tasks::runtime::{
    CallAwsService, CfnOptions, EvaluateExpression, InvokeActivity, Parallel, StateMachine, Task,
};

#[test]
fn evaluate_expression_brings_its_function() {
    let sum = EvaluateExpression::new("$.a + $.b").unwrap();
    let twice = EvaluateExpression::new("$.a * 2").unwrap();
    let parallel = Parallel::new("Both")
        .branch(sum.state("Sum"))
        .branch(twice.state("Twice"));
    let machine = StateMachine::new(parallel).unwrap();
    let template = machine.to_cloudformation(&CfnOptions::new()).unwrap();
    let resources = template["Resources"].as_object().unwrap();
    // One shared function and its role, next to the machine's own resources.
    assert_eq!(
        resources["EvaluateExpressionFunction"]["Properties"]["Role"],
        json!({"Fn::GetAtt": ["EvaluateExpressionFunctionServiceRole", "Arn"]})
    );
    assert!(resources.contains_key("EvaluateExpressionFunctionServiceRole"));
    // The function's ARN is a live reference in the definition and policy.
    let definition =
        template["Resources"]["StateMachine"]["Properties"]["DefinitionString"]["Fn::Sub"]
            .as_str()
            .unwrap();
    assert!(definition.contains("\"Resource\":\"${EvaluateExpressionFunction.Arn}\""));
    let policy = template["Resources"]["StateMachineRoleDefaultPolicy"].to_string();
    assert!(policy.contains("${EvaluateExpressionFunction.Arn}:*"));
    assert!(!policy.contains("${!EvaluateExpressionFunction"));
}

#[test]
fn activity_and_sdk_call_in_a_machine() {
    let call = CallAwsService::new("ec2", "describeInstances", ["*"])
        .unwrap()
        .iam_action("ec2:DescribeInstances");
    let review = InvokeActivity::new("arn:aws:states:us-east-1:123456789012:activity:Review")
        .heartbeat_seconds(30);
    let machine = StateMachine::new(call.state("Describe").next(review.state("Review"))).unwrap();
    let asl = machine.to_asl_json();
    assert_eq!(
        asl["States"]["Describe"]["Resource"],
        "arn:aws:states:::aws-sdk:ec2:describeInstances"
    );
    assert_eq!(asl["States"]["Review"]["HeartbeatSeconds"], 30);
    let policy = machine.policy_document().to_json();
    assert_eq!(policy["Statement"].as_array().unwrap().len(), 1);
}

proptest! {
    #[test]
    fn any_expression_is_accepted_or_refused(text in ".{0,40}", tail in "[$.\\[\\]a-z0-9`'\"{} +-]{0,20}") {
        let expression = format!("{text}{tail}");
        if let Ok(e) = EvaluateExpression::new(expression.as_str()) {
            let _ = e.jsonata();
            let _ = e.write_parameters();
        }
        let _ = CallAwsService::new(expression.as_str(), expression.as_str(), ["*"]);
    }
}

#[test]
fn evaluate_expression_is_a_jsonpath_task() {
    // Its parameters carry `.$` keys; in a JSONata state that is an error
    // (use `to_jsonata` there), not a silently broken definition.
    let state = EvaluateExpression::new("$.a + 1")
        .unwrap()
        .state("Eval")
        .query_language(sfn_tasks::runtime::QueryLanguage::Jsonata);
    assert!(StateMachine::new(state).is_err());
}
