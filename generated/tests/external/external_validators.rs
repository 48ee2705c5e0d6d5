//! External validators over what the crate renders: asl-validator on every
//! ASL definition, cfn-lint on every CloudFormation template, and the IAM
//! service-authorization data on every policy. Each check is also fed
//! deliberately broken input, to show that it can fail.
//!
//! Needs `tools/install`; see `tests/support/mod.rs`.

use serde_json::Value;

use crate::support::samples::{self, Rendered};
use crate::support::tools::skip_external;
use crate::support::{asl, cfn, iam, validate};

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// Named JSON documents.
type Named = Vec<(String, Value)>;

/// Broken and good fixtures of one kind, split by file-name prefix.
fn fixtures(prefix: &str) -> (Named, Named) {
    let pick = |kind: &str| -> Named {
        samples::fixtures(kind)
            .into_iter()
            .filter(|(name, _)| name.starts_with(prefix))
            .collect()
    };
    let (broken, good) = (pick("broken"), pick("good"));
    assert!(!broken.is_empty(), "no broken {prefix}* fixtures");
    (broken, good)
}

#[test]
fn asl_validator_rejects_broken_definitions() {
    if skip_external("asl_validator_rejects_broken_definitions") {
        return;
    }
    let (broken, good) = fixtures("asl-");
    let mut batch: Vec<(String, Value)> = broken
        .iter()
        .chain(&good)
        .map(|(name, f)| (name.clone(), f["definition"].clone()))
        .collect();
    batch.sort_by(|a, b| a.0.cmp(&b.0));
    let reports = asl::validate_batch(&batch).unwrap_or_else(|e| panic!("{e}"));
    let mut problems = Vec::new();
    for report in &reports {
        let codes: Vec<&str> = report.errors.iter().map(|e| e.code.as_str()).collect();
        if let Some((_, fixture)) = broken.iter().find(|(n, _)| *n == report.name) {
            for expected in strings(&fixture["expect_codes"]) {
                if !codes.contains(&expected.as_str()) {
                    problems.push(format!(
                        "{}: expected {expected}, asl-validator said {:?}",
                        report.name, report.errors
                    ));
                }
            }
            if report.is_valid() {
                problems.push(format!("{}: accepted ({})", report.name, fixture["about"]));
            }
        } else if !report.is_valid() {
            problems.push(format!(
                "{} (good): rejected: {:?}",
                report.name, report.errors
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn cfn_lint_rejects_broken_templates() {
    if skip_external("cfn_lint_rejects_broken_templates") {
        return;
    }
    let (broken, good) = fixtures("cfn-");
    let batch: Vec<(String, Value)> = broken
        .iter()
        .chain(&good)
        .map(|(name, f)| (name.clone(), f["template"].clone()))
        .collect();
    let reports = cfn::lint_batch(&batch).unwrap_or_else(|e| panic!("{e}"));

    // Definitions cfn-lint cannot see (inside Fn::Sub) go to asl-validator.
    let mut definitions = Vec::new();
    for (name, template) in &batch {
        for (id, d) in cfn::definitions_in_template(template).unwrap_or_else(|e| panic!("{e}")) {
            definitions.push((format!("{name}#{id}"), d));
        }
    }
    let asl_reports = asl::validate_batch(&definitions).unwrap_or_else(|e| panic!("{e}"));

    let mut problems = Vec::new();
    for report in &reports {
        let rules: Vec<&str> = report.failures.iter().map(|f| f.rule.as_str()).collect();
        let definition_codes: Vec<&str> = asl_reports
            .iter()
            .filter(|r| r.name.starts_with(&format!("{}#", report.name)))
            .flat_map(|r| r.errors.iter().map(|e| e.code.as_str()))
            .collect();
        match broken.iter().find(|(n, _)| *n == report.name) {
            Some((_, fixture)) => {
                let expected_rules = strings(&fixture["expect_rules"]);
                let expected_codes = strings(&fixture["expect_definition_codes"]);
                for rule in &expected_rules {
                    if !rules.contains(&rule.as_str()) {
                        problems.push(format!(
                            "{}: expected cfn-lint {rule}, got {:?}",
                            report.name, report.failures
                        ));
                    }
                }
                for code in &expected_codes {
                    if !definition_codes.contains(&code.as_str()) {
                        problems.push(format!(
                            "{}: expected asl-validator {code} on the extracted definition, got {definition_codes:?}",
                            report.name
                        ));
                    }
                }
                if expected_rules.is_empty() && !report.failures.is_empty() {
                    // Documents a blind spot: if cfn-lint starts catching it,
                    // the fixture's note is out of date.
                    problems.push(format!(
                        "{}: cfn-lint now reports {:?}; update the fixture",
                        report.name, report.failures
                    ));
                }
            }
            None => {
                if !report.failures.is_empty() || !definition_codes.is_empty() {
                    problems.push(format!(
                        "{} (good): cfn-lint {:?}, asl-validator {definition_codes:?}",
                        report.name, report.failures
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn iam_check_rejects_broken_policies() {
    let (broken, good) = fixtures("iam-");
    let db = iam::Database::get();
    let mut problems = Vec::new();
    for (name, fixture) in &broken {
        let found = db.check_policy(&fixture["policy"]);
        if found.is_empty() {
            problems.push(format!("{name}: accepted ({})", fixture["about"]));
        }
        for expected in strings(&fixture["expect_messages"]) {
            if !found.iter().any(|f| f.contains(&expected)) {
                problems.push(format!(
                    "{name}: no problem mentions `{expected}`: {found:?}"
                ));
            }
        }
    }
    for (name, fixture) in &good {
        let found = db.check_policy(&fixture["policy"]);
        if !found.is_empty() {
            problems.push(format!("{name} (good): {found:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn iam_arn_matching_rules() {
    let table = "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}";
    let index =
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}";
    let bucket = "arn:${Partition}:s3:::${BucketName}";
    let object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    let function = "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}";
    let role = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
    let placeholders = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}";
    let cases = [
        (format!("{placeholders}:table/Orders"), table, true),
        (format!("{placeholders}:table/*"), table, true),
        (
            format!("{placeholders}:table/Orders/index/ByDate"),
            table,
            false,
        ),
        (format!("{placeholders}:table/Orders/index/*"), index, true),
        (
            "arn:aws:dynamodb:us-east-1:123456789012:table/T".into(),
            table,
            true,
        ),
        ("arn:aws:dynamodb:*:*:table/T".into(), table, true),
        (
            "arn:aws:dynamodb:useast:123456789012:table/T".into(),
            table,
            false,
        ),
        (
            "arn:aws:dynamodb:us-east-1:1234:table/T".into(),
            table,
            false,
        ),
        (
            "arn:aws:lambda:us-east-1:123456789012:function:f".into(),
            table,
            false,
        ),
        ("arn:aws:s3:::my-bucket".into(), bucket, true),
        ("arn:aws:s3:::my-bucket/key/deeper".into(), bucket, false),
        ("arn:aws:s3:::my-bucket/*".into(), object, true),
        // S3 has no region or account: placeholders there are wrong.
        (
            "arn:${AWS::Partition}:s3:${AWS::Region}:${AWS::AccountId}:b".into(),
            bucket,
            false,
        ),
        ("arn:aws:s3:*::b".into(), bucket, true),
        (
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}".into(),
            function,
            true,
        ),
        (
            "arn:aws:lambda:us-east-1:123456789012:function:f:*".into(),
            function,
            false,
        ),
        (
            "arn:aws:iam::123456789012:role/service/Worker".into(),
            role,
            true,
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(resource, template, expected)| iam::arn_matches(resource, template) != *expected)
        .map(|(r, t, e)| format!("{r} vs {t}: expected {e}"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every artefact the crate renders, run through every validator.
#[test]
fn rendered_outputs_pass_all_validators() {
    if skip_external("rendered_outputs_pass_all_validators") {
        return;
    }
    let mut rendered = Rendered::default();
    rendered.extend(samples::snapshot_outputs());
    rendered.extend(samples::machines());
    eprintln!(
        "validating {} definitions, {} templates, {} policies",
        rendered.definitions.len(),
        rendered.templates.len(),
        rendered.policies.len()
    );
    assert!(
        !rendered.definitions.is_empty()
            && !rendered.templates.is_empty()
            && !rendered.policies.is_empty(),
        "nothing to validate: the sample registry or the snapshots are missing"
    );

    validate::all_pass(&rendered, &[]);
}
