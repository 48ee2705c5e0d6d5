//! The rules that name every botocore service: its Step Functions SDK name
//! and its IAM prefix, from the model's metadata. The exceptions are data
//! (`[names.<botocore>]` in `models/services.toml`).

use std::collections::BTreeSet;

use crate::botocore::Metadata;
use crate::registry::NameException;

/// The service in `arn:aws:states:::aws-sdk:<name>:<action>`: the model's
/// `serviceId`, letters and digits only, lower-cased, without a leading
/// `amazon`/`aws` or a trailing `service`. Step Functions follows the AWS
/// SDK for Java v2, whose client packages are named this way
/// (`CloudWatch Logs` → `cloudwatchlogs`, `Database Migration Service` →
/// `databasemigration`, `SFN` → `sfn`).
pub fn sdk_name(service_id: &str) -> String {
    let mut name: String = service_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    for prefix in ["amazon", "aws"] {
        if name.len() > prefix.len()
            && let Some(rest) = name.strip_prefix(prefix)
        {
            name = rest.to_owned();
        }
    }
    if name.len() > "service".len()
        && let Some(rest) = name.strip_suffix("service")
    {
        name = rest.to_owned();
    }
    name
}

/// What the rules say about a service's IAM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IamNaming {
    /// Its actions carry this prefix.
    Prefix(String),
    /// IAM authorises none of its calls.
    NoIam,
    /// The IAM data has nothing for it yet.
    NoData,
}

/// The IAM prefix of a service: the first of its signing name, endpoint
/// prefix and folder name that the IAM data knows, unless the registry says
/// otherwise. `None` when nothing matches and the registry is silent.
pub fn iam_naming(
    key: &str,
    metadata: &Metadata,
    exception: Option<&NameException>,
    known: &BTreeSet<String>,
) -> Option<IamNaming> {
    if let Some(e) = exception {
        if e.no_iam {
            return Some(IamNaming::NoIam);
        }
        if e.no_iam_data {
            return Some(IamNaming::NoData);
        }
        if let Some(prefix) = &e.iam_prefix {
            return Some(IamNaming::Prefix(prefix.clone()));
        }
    }
    [
        metadata.signing_name.as_deref(),
        Some(metadata.endpoint_prefix.as_str()),
        Some(key),
    ]
    .into_iter()
    .flatten()
    .find(|c| known.contains(*c))
    .map(|c| IamNaming::Prefix(c.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::sdk_name;

    #[test]
    fn sdk_names_follow_the_java_v2_client_names() {
        assert_eq!(sdk_name("CloudWatch Logs"), "cloudwatchlogs");
        assert_eq!(sdk_name("Database Migration Service"), "databasemigration");
        assert_eq!(sdk_name("Directory Service Data"), "directoryservicedata");
        assert_eq!(sdk_name("SFN"), "sfn");
        assert_eq!(sdk_name("Bedrock Agent Runtime"), "bedrockagentruntime");
        assert_eq!(sdk_name("Service Quotas"), "servicequotas");
        assert_eq!(sdk_name("ACM PCA"), "acmpca");
    }
}
