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
    let name: String = service_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    without_affixes(name, ["amazon", "aws"], "service")
}

/// The package of the service's client in the AWS SDK for JavaScript v3,
/// `@aws-sdk/client-<name>`: the `serviceId` lower-cased, each space a
/// hyphen (`CloudWatch Logs` → `cloudwatch-logs`, `SFN` → `sfn`), as that
/// SDK's code generator names its packages. CDK's
/// `CallAwsServiceCrossRegion` function loads the client by this name.
pub fn js_client(service_id: &str) -> String {
    service_id
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// `name` without a leading vendor word and a trailing `service` (each
/// only when something is left), as the Java v2 SDK names its clients.
fn without_affixes(mut name: String, prefixes: [&str; 2], suffix: &str) -> String {
    for prefix in prefixes {
        if name.len() > prefix.len()
            && let Some(rest) = name.strip_prefix(prefix)
        {
            name = rest.to_owned();
        }
    }
    if name.len() > suffix.len()
        && let Some(rest) = name.strip_suffix(suffix)
    {
        name = rest.to_owned();
    }
    name
}

/// The prefix of the error names a service's SDK integration raises
/// (`DynamoDb.ConditionalCheckFailedException`): the AWS SDK for Java v2
/// client name, which Step Functions takes its error names from. The
/// `serviceId` is split into words as that SDK's code generator splits
/// names (`CodegenNamingUtils.splitOnWordBoundaries`), each word
/// capitalised and the rest lower-cased, then a leading `Amazon`/`Aws` and
/// a trailing `Service` dropped: `DynamoDB` → `DynamoDb`, `SFN` → `Sfn`,
/// `CloudWatch Logs` → `CloudWatchLogs`, `SageMaker` → `SageMaker`.
pub fn error_prefix(service_id: &str) -> String {
    let name: String = words(service_id)
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first
                .into_iter()
                .chain(chars.map(|c| c.to_ascii_lowercase()))
                .collect::<String>()
        })
        .collect();
    without_affixes(name, ["Amazon", "Aws"], "Service")
}

/// The words of a name, split where the Java v2 code generator splits them:
/// at anything but letters and digits, around a `v`/`V` version number
/// after two or more other characters, between a lower-case letter and an
/// upper-case one that a letter or digit follows (`AcmSuccess`), before the
/// last capital of an acronym that starts a word (`ACMSuccess`), and after
/// a digit followed by a letter (`s3ec2`).
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '+' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut spaced = String::with_capacity(chars.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // `TESTv4` -> `TEST v4 `, `TestV4` -> `Test V4 `.
        let version = (c == 'v' || c == 'V')
            && i >= 2
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            && chars[i - 2..i].iter().all(|p| {
                if c == 'v' {
                    !p.is_ascii_lowercase()
                } else {
                    !p.is_ascii_uppercase()
                }
            });
        if version {
            spaced.push(' ');
            spaced.push(c);
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                spaced.push(chars[i]);
                i += 1;
            }
            spaced.push(' ');
            continue;
        }
        if i > 0 {
            let before = chars[i - 1];
            let after = chars.get(i + 1).copied();
            let camel = before.is_ascii_lowercase()
                && c.is_ascii_uppercase()
                && after.is_some_and(|a| a.is_ascii_alphanumeric());
            let acronym = before.is_ascii_uppercase()
                && c.is_ascii_uppercase()
                && after.is_some_and(|a| a.is_ascii_lowercase());
            let digit = before.is_ascii_digit() && c.is_ascii_alphabetic();
            if camel || acronym || digit {
                spaced.push(' ');
            }
        }
        spaced.push(c);
        i += 1;
    }
    spaced.split_whitespace().map(str::to_owned).collect()
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
    use super::{error_prefix, js_client, sdk_name};

    #[test]
    fn javascript_clients_are_the_service_id_in_kebab_case() {
        // Package names as published on npm (`@aws-sdk/client-…`).
        for (service_id, package) in [
            ("S3", "s3"),
            ("SFN", "sfn"),
            ("DynamoDB", "dynamodb"),
            ("CloudWatch Logs", "cloudwatch-logs"),
            ("Lex Runtime V2", "lex-runtime-v2"),
            ("ACM PCA", "acm-pca"),
            ("Database Migration Service", "database-migration-service"),
        ] {
            assert_eq!(js_client(service_id), package, "{service_id}");
        }
    }

    #[test]
    fn error_prefixes_follow_the_java_v2_client_names() {
        for (service_id, prefix) in [
            ("DynamoDB", "DynamoDb"),
            ("SFN", "Sfn"),
            ("SageMaker", "SageMaker"),
            ("CloudWatch Logs", "CloudWatchLogs"),
            ("API Gateway", "ApiGateway"),
            ("EMR containers", "EmrContainers"),
            ("forecast", "Forecast"),
            ("ACM PCA", "AcmPca"),
            ("IoT", "Iot"),
            ("EC2", "Ec2"),
            ("Route 53 Domains", "Route53Domains"),
            ("Database Migration Service", "DatabaseMigration"),
            ("ACMSuccess", "AcmSuccess"),
        ] {
            assert_eq!(error_prefix(service_id), prefix, "{service_id}");
        }
    }

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
