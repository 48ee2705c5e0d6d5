//! What the Distributed Map's S3 reader and writer integrations need of the
//! state machine's role, as data in the one grant model: the builder's
//! [`ItemReader`](super::ItemReader) and [`ResultWriter`](super::ResultWriter)
//! and `sfn-tasks policy` read the same table, keyed by the integration.
//! From AWS's "IAM policies for using Distributed Map states"
//! (<https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html>).

use serde_json::Value;

use crate::runtime::bind::{Binding, Extract, ResourceTemplate};
use crate::runtime::grant::{Grant, statements};
use crate::runtime::iam::PolicyStatement;
use crate::runtime::task::IntegrationPattern;

const fn member(variable: &'static str, pointer: &'static str) -> Binding {
    Binding {
        variable,
        pointer,
        extract: Extract::Whole,
        default: None,
    }
}

const fn grant(actions: &'static [&'static str], resources: &'static [ResourceTemplate]) -> Grant {
    Grant {
        patterns: &[],
        actions,
        resources,
        when: &[],
        conditions: &[],
        bound_conditions: &[],
    }
}

/// The object `s3:getObject` reads (a JSON, CSV or JSONL file, or a manifest).
const OBJECT: ResourceTemplate = ResourceTemplate {
    arn: "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
    bindings: &[
        member("BucketName", "/Bucket"),
        member("ObjectName", "/Key"),
    ],
};

/// The bucket `s3:listObjectsV2` lists.
const BUCKET: ResourceTemplate = ResourceTemplate {
    arn: "arn:${Partition}:s3:::${BucketName}",
    bindings: &[member("BucketName", "/Bucket")],
};

/// The objects the results are written under.
const RESULTS: ResourceTemplate = ResourceTemplate {
    arn: "arn:${Partition}:s3:::${BucketName}/${Prefix}*",
    bindings: &[member("BucketName", "/Bucket"), member("Prefix", "/Prefix")],
};

/// Each reader and writer integration (`<service>:<action>` of its
/// `Resource`) and its grants.
pub(crate) const ITEM_IO_GRANTS: &[(&str, &[Grant])] = &[
    // Reading one object.
    ("s3:getObject", &[grant(&["s3:GetObject"], &[OBJECT])]),
    // Listing a bucket (under a prefix): ListObjectsV2 is authorized as
    // s3:ListBucket on the bucket.
    ("s3:listObjectsV2", &[grant(&["s3:ListBucket"], &[BUCKET])]),
    // Writing the results: large result files go up in parts.
    (
        "s3:putObject",
        &[grant(
            &[
                "s3:AbortMultipartUpload",
                "s3:GetObject",
                "s3:ListMultipartUploadParts",
                "s3:PutObject",
            ],
            &[RESULTS],
        )],
    ),
];

/// The statements the reader or writer `integration` (`s3:getObject`)
/// needs with these rendered parameters; `None` for one the table lacks.
pub(crate) fn statements_for(
    integration: &str,
    parameters: &Value,
) -> Option<Vec<PolicyStatement>> {
    let (_, grants) = ITEM_IO_GRANTS.iter().find(|(i, _)| *i == integration)?;
    Some(statements(
        grants,
        IntegrationPattern::RequestResponse,
        parameters,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::vocabulary::{ITEM_READERS, RESULT_WRITERS};
    use serde_json::json;

    #[test]
    fn every_reader_and_writer_has_grants() {
        for integration in ITEM_READERS.iter().chain(RESULT_WRITERS) {
            let found = statements_for(
                integration,
                &json!({"Bucket": "b", "Key": "k", "Prefix": "p/"}),
            );
            assert!(found.is_some_and(|s| !s.is_empty()), "{integration}");
        }
    }

    #[test]
    fn literals_name_the_objects_and_paths_leave_a_scoped_wildcard() {
        let resource = |integration: &str, parameters: Value| {
            statements_for(integration, &parameters).unwrap()[0].to_json()["Resource"].clone()
        };
        assert_eq!(
            resource("s3:getObject", json!({"Bucket": "b", "Key": "items.json"})),
            "arn:${AWS::Partition}:s3:::b/items.json"
        );
        assert_eq!(
            resource(
                "s3:getObject",
                json!({"Bucket.$": "$.bucket", "Key": "items.json"})
            ),
            "arn:${AWS::Partition}:s3:::*/items.json"
        );
        assert_eq!(
            resource("s3:listObjectsV2", json!({"Bucket": "b"})),
            "arn:${AWS::Partition}:s3:::b"
        );
        assert_eq!(
            resource("s3:putObject", json!({"Bucket": "b", "Prefix": "out/"})),
            "arn:${AWS::Partition}:s3:::b/out/*"
        );
        assert_eq!(
            resource("s3:putObject", json!({"Bucket": "b", "Prefix.$": "$.p"})),
            "arn:${AWS::Partition}:s3:::b/*"
        );
    }
}
