//! A generated input rendered to ASL: nested `AttributeValue` maps with
//! literal and JSONPath leaves, compared with the JSON Step Functions expects.

use std::collections::BTreeMap;

use serde_json::json;
use sfn_tasks::services::dynamodb::types::{AttributeValue, PutItemInput, ReturnValue};
use sfn_tasks::{Field, JsonPath, Jsonata, ToAsl};

fn path(p: &str) -> JsonPath {
    JsonPath::new(p).expect("valid path")
}

#[test]
fn put_item_with_nested_maps_and_paths() {
    let address = BTreeMap::from([
        (
            "city".to_owned(),
            Field::from(AttributeValue::default().with_s(path("$.order.city"))),
        ),
        (
            "zip".to_owned(),
            Field::from(AttributeValue::default().with_n("10115")),
        ),
    ]);
    let item = BTreeMap::from([
        (
            "pk".to_owned(),
            Field::from(AttributeValue::default().with_s(path("$.order.id"))),
        ),
        (
            "total".to_owned(),
            Field::from(AttributeValue::default().with_n(path("$.order.total"))),
        ),
        (
            "address".to_owned(),
            Field::from(AttributeValue::default().with_m(address)),
        ),
        (
            "tags".to_owned(),
            Field::from(AttributeValue::default().with_ss(vec!["new", "priority"])),
        ),
        ("raw".to_owned(), Field::from(path("$.order.rawAttribute"))),
    ]);
    let input = PutItemInput::new("Orders", item)
        .with_condition_expression("attribute_not_exists(pk)")
        .with_return_values(ReturnValue::AllOld);

    assert_eq!(
        input.to_asl(),
        json!({
            "TableName": "Orders",
            "Item": {
                "address": {"M": {"city": {"S.$": "$.order.city"}, "zip": {"N": "10115"}}},
                "pk": {"S.$": "$.order.id"},
                "raw.$": "$.order.rawAttribute",
                "tags": {"SS": ["new", "priority"]},
                "total": {"N.$": "$.order.total"}
            },
            "ReturnValues": "ALL_OLD",
            "ConditionExpression": "attribute_not_exists(pk)"
        })
    );
}

#[test]
fn whole_members_can_come_from_paths_or_jsonata() {
    let input = PutItemInput::new(path("$.table"), path("$.item"));
    assert_eq!(
        input.to_asl(),
        json!({"TableName.$": "$.table", "Item.$": "$.item"})
    );
    let input = PutItemInput::new(
        Jsonata::new("$states.input.table").expect("valid"),
        Jsonata::new("{% $states.input.item %}").expect("valid"),
    );
    assert_eq!(
        input.to_asl(),
        json!({"TableName": "{% $states.input.table %}", "Item": "{% $states.input.item %}"})
    );
}

#[test]
fn enum_escape_hatch_passes_new_values_through() {
    let input = PutItemInput::new("Orders", BTreeMap::new())
        .with_return_values(ReturnValue::Unmodeled("SOMETHING_NEW".to_owned()));
    assert_eq!(input.to_asl()["ReturnValues"], json!("SOMETHING_NEW"));
    assert_eq!(ReturnValue::AllOld.as_str(), "ALL_OLD");
    assert!(ReturnValue::VALUES.contains(&"UPDATED_NEW"));
}
