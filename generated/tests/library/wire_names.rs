//! ASL keys are botocore member names with the first letter upper-cased, at
//! every depth, whatever the Rust field is called.

use serde_json::json;
use sfn_tasks::ToAsl;
use sfn_tasks::services::batch::types::{ContainerOverrides, KeyValuePair, SubmitJobRequest};
use sfn_tasks::services::codebuild::types::{EnvironmentVariable, StartBuildInput};

#[test]
fn lower_camel_members_are_capitalised_at_every_depth() {
    let job = SubmitJobRequest::new("nightly", "queue", "definition:3").with_container_overrides(
        ContainerOverrides::default().with_environment(vec![
            KeyValuePair::default().with_name("MODE").with_value("full"),
        ]),
    );
    assert_eq!(
        job.to_asl(),
        json!({
            "JobName": "nightly",
            "JobQueue": "queue",
            "JobDefinition": "definition:3",
            "ContainerOverrides": {"Environment": [{"Name": "MODE", "Value": "full"}]}
        })
    );
}

#[test]
fn codebuild_members_are_capitalised() {
    let build = StartBuildInput::new("my-project")
        .with_environment_variables_override(vec![EnvironmentVariable::new("STAGE", "prod")]);
    assert_eq!(
        build.to_asl(),
        json!({
            "ProjectName": "my-project",
            "EnvironmentVariablesOverride": [{"Name": "STAGE", "Value": "prod"}]
        })
    );
}
