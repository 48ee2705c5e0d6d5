//! The typed EventBridge `PutEvents` task run on moto's Step Functions
//! interpreter (moto runs `events:putEvents` in both of AWS's patterns;
//! see `tests/external/README.md`): the event reaches the bus, whose rule
//! hands it to an SQS queue the test reads.

use serde_json::{Value, json};
use sfn_tasks::runtime::{StateMachine, Task, TaskInput};
use sfn_tasks::services::eventbridge;
use sfn_tasks::{JsonPath, ToAsl};

use crate::support::moto::{MotoServer, Scenario};
use crate::support::tools::skip_external;

#[test]
fn eventbridge_put_events_reaches_the_bus() {
    let name = "eventbridge-put";
    if skip_external(name) {
        return;
    }
    let bus = Scenario::scoped(name, "bus");
    let tap = Scenario::scoped(name, "tap");
    let detail = TaskInput::object()
        .field("orderId", JsonPath::new("$.orderId").expect("valid path"))
        .field("status", "shipped");
    let entries = json!([{
        "EventBusName": bus,
        "Source": "com.example.orders",
        "DetailType": "OrderShipped",
        "Detail": detail.to_asl()
    }]);
    let machine = StateMachine::builder(
        eventbridge::PutEvents::new(entries)
            .state("Announce")
            .result_path("$.put"),
    )
    .name(name)
    .build()
    .expect("valid machine");
    let definition = serde_json::to_string(&machine.to_asl_json()).expect("ASL serialises");
    let report = MotoServer::shared().run(
        &Scenario::new(name)
            .bus(&bus, "com.example.orders", &tap)
            .input(json!({"orderId": "o-7"}))
            .definition(definition),
    );
    report.expect_status("SUCCEEDED");
    assert_eq!(report.output()["put"]["FailedEntryCount"], 0, "{report}");
    let messages = report.messages(&tap);
    assert_eq!(messages.len(), 1, "{report}");
    let event: Value = serde_json::from_str(messages[0]).expect("an EventBridge event");
    assert_eq!(event["source"], "com.example.orders", "{event}");
    assert_eq!(event["detail-type"], "OrderShipped", "{event}");
    assert_eq!(
        event["detail"],
        json!({"orderId": "o-7", "status": "shipped"}),
        "{event}"
    );
}
