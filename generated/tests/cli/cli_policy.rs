//! `sfn-tasks policy` against CDK's policies for the conformance cases
//! (`tests/fixtures/cdk/`): every action CDK grants is granted, and no grant
//! is broader than CDK's (placeholders compared as opaque text), except the
//! deviations listed in DEVIATIONS.md under "CLI policy".

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use sfn_tasks::cli::{self, Source};
use sfn_tasks::runtime::Bindings;

/// (case, action) pairs CDK grants and we do not, with the reason.
const MISSING_OK: &[(&str, &str, &str)] = &[
    (
        "call-aws-service-s3-list-buckets",
        "s3:listbuckets",
        "not an IAM action: S3 authorises ListBuckets with s3:ListAllMyBuckets, which we grant",
    ),
    (
        "ecs-run-task-ec2-request-response",
        "iam:passrole",
        "the task definition's roles are not in the definition",
    ),
    (
        "ecs-run-task-fargate-sync",
        "iam:passrole",
        "the task definition's roles are not in the definition",
    ),
    (
        "ecs-run-task-fargate-wait-for-task-token",
        "iam:passrole",
        "the task definition's roles are not in the definition",
    ),
    (
        "evaluate-expression",
        "lambda:invokefunction",
        "the Resource is an opaque placeholder",
    ),
    (
        "lambda-invoke-payload-response-only",
        "lambda:invokefunction",
        "the Resource is an opaque placeholder",
    ),
    (
        "codebuild-start-build-request-response",
        "codebuild:batchgetbuilds",
        "only .sync polls",
    ),
    (
        "codebuild-start-build-request-response",
        "codebuild:batchgetreports",
        "only .sync polls",
    ),
    (
        "codebuild-start-build-sync",
        "codebuild:batchgetreports",
        "authorized on report groups, so CDK's grant on the project does nothing; AWS's template omits it",
    ),
    (
        "codebuild-start-build-request-response",
        "codebuild:stopbuild",
        "only .sync stops",
    ),
    (
        "ecs-run-task-ec2-request-response",
        "ecs:describetasks",
        "only .sync polls",
    ),
    (
        "ecs-run-task-ec2-request-response",
        "ecs:stoptask",
        "only .sync stops",
    ),
    (
        "ecs-run-task-fargate-wait-for-task-token",
        "ecs:describetasks",
        "only .sync polls",
    ),
    (
        "ecs-run-task-fargate-wait-for-task-token",
        "ecs:stoptask",
        "only .sync stops",
    ),
    (
        "batch-submit-job-request-response",
        "events:putrule",
        "only .sync uses the managed rule",
    ),
    (
        "batch-submit-job-request-response",
        "events:puttargets",
        "only .sync uses the managed rule",
    ),
    (
        "batch-submit-job-request-response",
        "events:describerule",
        "only .sync uses the managed rule",
    ),
    (
        "sagemaker-create-transform-job-sync",
        "iam:passrole",
        "the model's role is not in the definition",
    ),
    (
        "sagemaker-create-transform-job-sync",
        "sagemaker:addtags",
        "granted only when Tags is set (optimized data)",
    ),
    (
        "sagemaker-create-training-job-sync",
        "sagemaker:addtags",
        "granted only when Tags is set (optimized data)",
    ),
    (
        "bedrock-create-model-customization-job-sync",
        "bedrock:tagresource",
        "the request sets no JobTags or CustomModelTags; AWS's bedrock-iam template grants only CreateModelCustomizationJob (and PassRole), CDK adds TagResource unconditionally",
    ),
    (
        "glue-start-crawler-run",
        "glue:getcrawler",
        "StartCrawler is authorized by glue:StartCrawler alone and an aws-sdk task does not poll; CDK's GlueStartCrawlerRun adds GetCrawler",
    ),
    (
        "call-aws-service-cross-region",
        "lambda:invokefunction",
        "the Resource is an opaque placeholder (CDK's cross-region Lambda function)",
    ),
    (
        "http-invoke",
        "states:invokehttpendpoint",
        "GAP: no IAM data for http:invoke yet (policy warns no-iam-data); AWS's call-https-apis page requires it",
    ),
    (
        "http-invoke",
        "events:retrieveconnectioncredentials",
        "GAP: no IAM data for http:invoke yet (policy warns no-iam-data); AWS's call-https-apis page requires it on the connection",
    ),
    (
        "http-invoke",
        "secretsmanager:getsecretvalue",
        "GAP: no IAM data for http:invoke yet (policy warns no-iam-data); AWS's call-https-apis page requires it on the connection's secret",
    ),
    (
        "http-invoke",
        "secretsmanager:describesecret",
        "GAP: no IAM data for http:invoke yet (policy warns no-iam-data); AWS's call-https-apis page requires it on the connection's secret",
    ),
];

/// (case, action) pairs whose resources may be broader than CDK's, or
/// written differently, with the reason.
const BROADER_OK: &[(&str, &str, &str)] = &[
    (
        "http-invoke",
        "secretsmanager:describesecret",
        "CDK names the connection construct's SecretArn; a definition names only the connection's ARN (here a reference), so the secret is AWS's documented events!connection/* form (https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html#connect-http-task-permissions)",
    ),
    (
        "http-invoke",
        "secretsmanager:getsecretvalue",
        "as for secretsmanager:describesecret",
    ),
    (
        "call-aws-service-s3-list-buckets",
        "s3:listallmybuckets",
        "the action AWS documents for ListBuckets (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html); CDK guesses s3:listBuckets",
    ),
    (
        "batch-submit-job-request-response",
        "batch:submitjob",
        "`<definition>*` covers the revision a name resolves to (optimized data)",
    ),
    (
        "batch-submit-job-sync",
        "batch:submitjob",
        "`<definition>*` covers the revision a name resolves to (optimized data)",
    ),
    (
        "batch-submit-job-sync",
        "batch:describejobs",
        "AWS's .sync template polls with it; job ids are unknown in advance",
    ),
    (
        "batch-submit-job-sync",
        "batch:terminatejob",
        "AWS's .sync template cancels with it; job ids are unknown in advance",
    ),
    (
        "ecs-run-task-ec2-request-response",
        "ecs:runtask",
        "the family name with `*` for the revision, where CDK has the construct's ARN",
    ),
    (
        "ecs-run-task-fargate-sync",
        "ecs:runtask",
        "the family name with `*` for the revision, where CDK has the construct's ARN",
    ),
    (
        "ecs-run-task-fargate-wait-for-task-token",
        "ecs:runtask",
        "the family name with `*` for the revision, where CDK has the construct's ARN",
    ),
    (
        "sagemaker-create-endpoint",
        "sagemaker:addtags",
        "the request sets Tags, which needs it",
    ),
    (
        "apigateway-http-api-endpoint",
        "execute-api:invoke",
        "no Stage: the call goes to the HTTP API's $default stage, whose ARN segment AWS does not document, so any stage (`*`); CDK writes a literal `undefined` stage, which matches nothing",
    ),
    (
        "athena-start-query-execution-sync",
        "athena:startqueryexecution",
        "`datacatalog/*` as in AWS's athena-iam template: the SQL can name other catalogs than AwsDataCatalog",
    ),
    (
        "athena-start-query-execution-sync",
        "athena:getdatacatalog",
        "`datacatalog/*` as in AWS's athena-iam template: the SQL can name other catalogs than AwsDataCatalog",
    ),
    (
        "athena-start-query-execution-sync",
        "athena:stopqueryexecution",
        "AWS's .sync template stops the query when the execution is aborted; CDK omits it",
    ),
];

/// Like BROADER_OK, for a group of actions with one reason.
const BROADER_GROUPS_OK: &[(&str, &[&str], &str)] = &[
    (
        "athena-start-query-execution-sync",
        &[
            "glue:createdatabase",
            "glue:getdatabase",
            "glue:getdatabases",
            "glue:updatedatabase",
            "glue:deletedatabase",
            "glue:createtable",
            "glue:updatetable",
            "glue:gettable",
            "glue:gettables",
            "glue:deletetable",
            "glue:batchdeletetable",
            "glue:batchcreatepartition",
            "glue:createpartition",
            "glue:updatepartition",
            "glue:getpartition",
            "glue:getpartitions",
            "glue:batchgetpartition",
            "glue:deletepartition",
            "glue:batchdeletepartition",
        ],
        "AWS's athena-iam template grants the catalog's database/*, table/* and userDefinedFunction/*: the SQL names the databases and tables, not a parameter; CDK limits them to the `default` database",
    ),
    (
        "athena-start-query-execution-sync",
        &[
            "s3:abortmultipartupload",
            "s3:listbucketmultipartuploads",
            "s3:listmultipartuploadparts",
            "s3:putobject",
        ],
        "AWS's athena-iam template grants them on every bucket: a workgroup that enforces its configuration overrides ResultConfiguration.OutputLocation, so the literal location does not bound the write",
    ),
];

fn grants(statements: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let list = match statements {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    for s in list {
        let one = |v: &Value| match v {
            Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect(),
            Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        };
        for action in one(&s["Action"]) {
            for resource in one(&s["Resource"]) {
                out.insert((action.to_lowercase(), canonical(&resource)));
            }
        }
    }
    out
}

/// CDK and we write a resource named by a template reference differently:
/// CDK uses the reference (`${Topic}`, `${Project.Arn}`), we build the ARN
/// around it (`arn:…:project/${Project}`). Both become `@Project` here, so
/// the comparison stays textual for everything else.
fn canonical(resource: &str) -> String {
    let mut r = resource.to_owned();
    // CDK's `${Fn::Select(6,Fn::Split(:,${X}))}` is the name inside `${X}`.
    while let Some(at) = r.find("${Fn::Select(") {
        let Some(inner) = r[at..]
            .find("${")
            .and_then(|_| r[at + 2..].find("${"))
            .map(|i| at + 2 + i)
        else {
            break;
        };
        let Some(close) = r[inner..].find('}').map(|i| inner + i) else {
            break;
        };
        let Some(end) = r[close..].find(")}").map(|i| close + i + 2) else {
            break;
        };
        r = format!("{}{}{}", &r[..at], &r[inner..=close], &r[end..]);
    }
    let Some(start) = r
        .match_indices("${")
        .map(|(i, _)| i)
        .find(|&i| !r[i..].starts_with("${AWS::"))
    else {
        return r;
    };
    let Some(len) = r[start..].find('}') else {
        return r;
    };
    let name = r[start + 2..start + len]
        .trim_end_matches(".Arn")
        .to_owned();
    let before = &r[..start];
    if before.is_empty() || before.starts_with("arn:") {
        format!("@{name}{}", &r[start + len + 1..])
    } else {
        r
    }
}

/// `pattern` with `*` matching any text.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(r) = rest.strip_prefix(part) else {
                return false;
            };
            rest = r;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

#[test]
fn policies_cover_and_do_not_exceed_cdk() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cdk");
    let mut problems = Vec::new();
    let mut cases = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let case = path.file_stem().unwrap().to_string_lossy().into_owned();
        let fixture: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let text = serde_json::to_string_pretty(&fixture["definition"]).unwrap();
        let source = Source::parse(&case, text).unwrap();
        assert!(
            cli::lint(&source).is_empty(),
            "{case} does not lint clean: {:#?}",
            cli::lint(&source)
        );
        let (document, _) = cli::policy(&source, &source.definitions[0], &Bindings::new(), None);
        let ours = grants(&document["Statement"]);
        let cdk = grants(&fixture["policy_statements"]);
        cases += 1;
        let our_actions: BTreeSet<&str> = ours.iter().map(|(a, _)| a.as_str()).collect();
        for (action, _) in &cdk {
            let excused = MISSING_OK.iter().any(|(c, a, _)| *c == case && a == action);
            if !our_actions.contains(action.as_str()) && !excused {
                problems.push(format!("{case}: CDK grants {action}, we do not"));
            }
        }
        for (action, resource) in &ours {
            let covered = cdk.iter().any(|(a, r)| a == action && glob(r, resource));
            let excused = BROADER_OK.iter().any(|(c, a, _)| *c == case && a == action)
                || BROADER_GROUPS_OK
                    .iter()
                    .any(|(c, actions, _)| *c == case && actions.contains(&action.as_str()));
            if !covered && !excused {
                problems.push(format!(
                    "{case}: {action} on {resource} is not within CDK's grants"
                ));
            }
        }
    }
    assert_eq!(cases, 66);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
