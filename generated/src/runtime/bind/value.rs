//! What a literal parameter value is, read the way AWS reads it: an ARN
//! (whose `${AWS::Partition}`-style placeholders are single parts, not
//! separators), an SQS queue URL, a whole `${…}` placeholder, or a name.

/// The parts of an ARN: `arn:partition:service:region:account:resource`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArnParts<'a> {
    /// `aws`, `aws-cn`, or a placeholder.
    pub partition: &'a str,
    /// `lambda`, `sqs`, …
    pub service: &'a str,
    /// Empty for global resources.
    pub region: &'a str,
    /// Empty for some resources (S3 buckets).
    pub account: &'a str,
    /// Everything after the account, colons included (`function:f:PROD`).
    pub resource: &'a str,
}

/// Splits `text` at `:` outside `${…}`, into at most `limit` parts.
fn split_outside_placeholders(text: &str, limit: usize) -> Vec<&str> {
    let mut parts = Vec::with_capacity(limit);
    let bytes = text.as_bytes();
    let (mut start, mut depth, mut i) = (0, 0usize, 0);
    while i < bytes.len() && parts.len() + 1 < limit {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&text[start..]);
    parts
}

/// The parts of an ARN, or `None` when `text` is not one.
pub fn split_arn(text: &str) -> Option<ArnParts<'_>> {
    if !text.starts_with("arn:") {
        return None;
    }
    let parts = split_outside_placeholders(text, 6);
    let [_, partition, service, region, account, resource] = parts[..] else {
        return None;
    };
    if partition.is_empty() || service.is_empty() {
        return None;
    }
    Some(ArnParts {
        partition,
        service,
        region,
        account,
        resource,
    })
}

/// The name inside a value that is one whole `${Name}` placeholder.
pub fn whole_placeholder(text: &str) -> Option<&str> {
    let name = text.strip_prefix("${")?.strip_suffix('}')?;
    (!name.is_empty() && !name.contains(['{', '}', '$'])).then_some(name)
}

/// Whether `text` holds a `${…}` placeholder anywhere.
pub fn has_placeholder(text: &str) -> bool {
    text.contains("${")
}

/// The partition a literal region belongs to; a placeholder region (or
/// none) leaves the partition to CloudFormation.
fn partition_of_region(region: &str) -> &'static str {
    const PARTITIONS: &[(&str, &str)] = &[
        ("cn-", "aws-cn"),
        ("us-gov-", "aws-us-gov"),
        ("us-isob-", "aws-iso-b"),
        ("us-iso-", "aws-iso"),
        ("eu-isoe-", "aws-iso-e"),
        ("us-isof-", "aws-iso-f"),
    ];
    if has_placeholder(region) || region.is_empty() {
        return super::super::iam::PARTITION;
    }
    PARTITIONS
        .iter()
        .find(|(prefix, _)| region.starts_with(prefix))
        .map_or("aws", |(_, partition)| partition)
}

/// The queue ARN an SQS queue URL names, keeping the URL's own region and
/// account (`https://sqs.eu-west-1.amazonaws.com/999999999999/Q` →
/// `arn:aws:sqs:eu-west-1:999999999999:Q`). Accepts the current
/// (`sqs.<region>.…`), legacy (`<region>.queue.…`, `queue.amazonaws.com`)
/// and dual-stack (`sqs.<region>.api.aws`) hosts.
pub fn queue_url_arn(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    let mut segments = path.trim_end_matches('/').split('/');
    let (account, name) = (segments.next()?, segments.next()?);
    if segments.next().is_some() || name.is_empty() || !is_account(account) {
        return None;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let region = match labels.as_slice() {
        ["sqs", region, ..] if labels.len() >= 3 => *region,
        ["queue", "amazonaws", "com"] => "us-east-1",
        [region, "queue", ..] => *region,
        _ => return None,
    };
    let partition = if host.ends_with(".amazonaws.com.cn") {
        "aws-cn"
    } else {
        partition_of_region(region)
    };
    let region = if region.starts_with("${") {
        super::super::iam::REGION
    } else {
        region
    };
    Some(format!("arn:{partition}:sqs:{region}:{account}:{name}"))
}

/// A 12-digit account id, or a placeholder for one.
pub fn is_account(text: &str) -> bool {
    (text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()))
        || whole_placeholder(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_single_arn_parts() {
        let arn =
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:charge-card";
        let parts = split_arn(arn).unwrap();
        assert_eq!(parts.partition, "${AWS::Partition}");
        assert_eq!(parts.service, "lambda");
        assert_eq!(parts.region, "${AWS::Region}");
        assert_eq!(parts.account, "${AWS::AccountId}");
        assert_eq!(parts.resource, "function:charge-card");
        assert_eq!(
            split_arn("arn:aws:s3:::bucket/key:with:colons")
                .unwrap()
                .resource,
            "bucket/key:with:colons"
        );
        assert!(split_arn("arn:aws:lambda").is_none());
        assert!(split_arn("function:f").is_none());
    }

    #[test]
    fn queue_urls_keep_their_region_and_account() {
        assert_eq!(
            queue_url_arn("https://sqs.eu-west-1.amazonaws.com/999999999999/Q").as_deref(),
            Some("arn:aws:sqs:eu-west-1:999999999999:Q")
        );
        assert_eq!(
            queue_url_arn("https://sqs.cn-north-1.amazonaws.com.cn/999999999999/Q").as_deref(),
            Some("arn:aws-cn:sqs:cn-north-1:999999999999:Q")
        );
        assert_eq!(
            queue_url_arn("https://queue.amazonaws.com/123456789012/legacy").as_deref(),
            Some("arn:aws:sqs:us-east-1:123456789012:legacy")
        );
        assert_eq!(
            queue_url_arn("https://us-west-2.queue.amazonaws.com/123456789012/old.fifo").as_deref(),
            Some("arn:aws:sqs:us-west-2:123456789012:old.fifo")
        );
        assert_eq!(
            queue_url_arn("https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/jobs")
                .as_deref(),
            Some("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs")
        );
        assert_eq!(
            queue_url_arn("https://sqs.us-gov-west-1.amazonaws.com/123456789012/g").as_deref(),
            Some("arn:aws-us-gov:sqs:us-gov-west-1:123456789012:g")
        );
        assert!(queue_url_arn("jobs").is_none());
        assert!(queue_url_arn("https://example.com/123456789012/q").is_none());
        assert!(queue_url_arn("https://sqs.eu-west-1.amazonaws.com/notanaccount/q").is_none());
    }

    #[test]
    fn whole_placeholders() {
        assert_eq!(whole_placeholder("${TopicArn}"), Some("TopicArn"));
        assert_eq!(whole_placeholder("${Q.Arn}"), Some("Q.Arn"));
        assert_eq!(whole_placeholder("${A}${B}"), None);
        assert_eq!(whole_placeholder("x${A}"), None);
        assert_eq!(whole_placeholder("${}"), None);
    }
}
