//! The optimized integrations added beyond the first eleven services
//! (Athena, Bedrock, EMR Serverless, EMR on EKS, EventBridge, Glue
//! DataBrew, MediaConvert, EKS, API Gateway, the HTTP Task): `sfn-tasks policy` grants what AWS's "IAM
//! policies" section of each integration's page lists, for each pattern,
//! and lint knows every task. Expected values come from those pages (cited
//! per test), not from the curated data.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use sfn_tasks::cli::{self, Source};
use sfn_tasks::runtime::Bindings;

use crate::one_task::{one_task, statement_grants};

/// Every `(action, resource)` the policy grants, with the condition of its
/// statement (`""` when none).
fn grants(resource: &str, parameters: Value) -> BTreeSet<(String, String, String)> {
    let source = one_task(resource, parameters);
    let findings = errors(&source);
    assert!(findings.is_empty(), "{resource}: {findings:?}");
    let (document, _) = cli::policy(&source, &source.definitions[0], &Bindings::new(), None);
    let out: BTreeSet<_> = statement_grants(&document).into_iter().collect();
    assert!(!out.is_empty(), "{resource}: nothing granted");
    out
}

fn actions(grants: &BTreeSet<(String, String, String)>) -> BTreeSet<&str> {
    grants.iter().map(|(a, _, _)| a.as_str()).collect()
}

fn has(grants: &BTreeSet<(String, String, String)>, action: &str, resource: &str) -> bool {
    grants.iter().any(|(a, r, _)| a == action && r == resource)
}

/// An `execute-api` ARN in the region of the tests' endpoint host
/// (`abc123.execute-api.us-east-1.amazonaws.com`): API Gateway authorizes
/// the call in the API's region.
fn in_endpoint_region(rest: &str) -> String {
    format!("arn:${{AWS::Partition}}:execute-api:us-east-1:${{AWS::AccountId}}:{rest}")
}

fn regional(service: &str, rest: &str) -> String {
    format!("arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{rest}")
}

const STATES: &str = "arn:aws:states:::";

#[test]
fn athena_start_query_execution_per_pattern() {
    // https://docs.aws.amazon.com/step-functions/latest/dg/athena-iam.html:
    // start and the data catalog; `.sync` adds stop and get; S3, Glue and
    // Lake Formation for the data the query reads and writes.
    let parameters = json!({"QueryString": "SELECT 1", "WorkGroup": "analytics"});
    let rr = grants(
        &format!("{STATES}athena:startQueryExecution"),
        parameters.clone(),
    );
    let workgroup = regional("athena", "workgroup/analytics");
    assert!(
        has(&rr, "athena:StartQueryExecution", &workgroup),
        "{rr:#?}"
    );
    assert!(has(
        &rr,
        "athena:GetDataCatalog",
        &regional("athena", "datacatalog/*")
    ));
    for action in [
        "s3:GetObject",
        "s3:PutObject",
        "s3:GetBucketLocation",
        "glue:GetTable",
        "lakeformation:GetDataAccess",
    ] {
        assert!(actions(&rr).contains(action), "{action}: {rr:#?}");
    }
    assert!(
        !actions(&rr).contains("athena:GetQueryExecution"),
        "{rr:#?}"
    );

    let sync = grants(
        &format!("{STATES}athena:startQueryExecution.sync"),
        parameters,
    );
    assert!(
        has(&sync, "athena:GetQueryExecution", &workgroup),
        "{sync:#?}"
    );
    assert!(
        has(&sync, "athena:StopQueryExecution", &workgroup),
        "{sync:#?}"
    );
    assert!(rr.is_subset(&sync));
}

#[test]
fn athena_query_reads_are_request_response_only() {
    // https://docs.aws.amazon.com/step-functions/latest/dg/connect-athena.html:
    // only StartQueryExecution supports `.sync`.
    let results = grants(
        &format!("{STATES}athena:getQueryResults"),
        json!({"QueryExecutionId.$": "$.id"}),
    );
    assert!(has(
        &results,
        "athena:GetQueryResults",
        &regional("athena", "workgroup/*")
    ));
    assert!(actions(&results).contains("s3:GetObject"));
    for action in ["getQueryExecution", "stopQueryExecution"] {
        let found = grants(
            &format!("{STATES}athena:{action}"),
            json!({"QueryExecutionId": "q-1"}),
        );
        assert_eq!(found.len(), 1, "{found:#?}");
    }
    let source = one_task(
        &format!("{STATES}athena:getQueryResults.sync"),
        json!({"QueryExecutionId": "q-1"}),
    );
    let found = cli::lint(&source);
    assert!(
        found.iter().any(|d| d.code == "unsupported-pattern"),
        "{found:#?}"
    );
}

#[test]
fn bedrock_invoke_model_lives_in_bedrock_runtime() {
    // https://docs.aws.amazon.com/step-functions/latest/dg/bedrock-iam.html:
    // bedrock:InvokeModel on the foundation model; the body may come from S3.
    let model =
        "arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/anthropic.claude-v2";
    let plain = grants(
        &format!("{STATES}bedrock:invokeModel"),
        json!({"ModelId": "anthropic.claude-v2", "Body": {"prompt": "hi"}}),
    );
    assert_eq!(plain.len(), 1, "{plain:#?}");
    assert!(has(&plain, "bedrock:InvokeModel", model), "{plain:#?}");
    // A provisioned model's ARN is granted as it is.
    let provisioned = "arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc";
    let found = grants(
        &format!("{STATES}bedrock:invokeModel"),
        json!({"ModelId": provisioned, "Body": {}}),
    );
    assert!(
        has(&found, "bedrock:InvokeModel", provisioned),
        "{found:#?}"
    );
    let s3 = grants(
        &format!("{STATES}bedrock:invokeModel"),
        json!({"ModelId": "anthropic.claude-v2", "Input": {"S3Uri": "s3://in/req.json"}, "Output": {"S3Uri": "s3://out/res.json"}}),
    );
    assert!(
        actions(&s3).contains("s3:GetObject") && actions(&s3).contains("s3:PutObject"),
        "{s3:#?}"
    );
    // Bedrock's own tasks are still found under the same `bedrock:` prefix.
    let source = one_task(&format!("{STATES}bedrock:invokeModl"), json!({}));
    let found = cli::lint(&source);
    assert!(
        found
            .iter()
            .any(|d| d.code == "unknown-action" && d.message.contains("\"invokeModel\"")),
        "{found:#?}"
    );
}

#[test]
fn bedrock_model_customization_sync_polls_stops_and_passes_its_role() {
    // https://docs.aws.amazon.com/step-functions/latest/dg/bedrock-iam.html
    let parameters = json!({
        "BaseModelIdentifier": "amazon.titan-text-express-v1", "CustomModelName": "m", "JobName": "j",
        "RoleArn": "arn:aws:iam::111122223333:role/Bedrock",
        "TrainingDataConfig": {"S3Uri": "s3://d/train.jsonl"}, "OutputDataConfig": {"S3Uri": "s3://d/out/"},
        "HyperParameters": {}
    });
    let rr = grants(
        &format!("{STATES}bedrock:createModelCustomizationJob"),
        parameters.clone(),
    );
    assert!(actions(&rr).contains("bedrock:CreateModelCustomizationJob"));
    assert!(!actions(&rr).contains("bedrock:GetModelCustomizationJob"));
    let sync = grants(
        &format!("{STATES}bedrock:createModelCustomizationJob.sync"),
        parameters,
    );
    for action in [
        "bedrock:GetModelCustomizationJob",
        "bedrock:StopModelCustomizationJob",
    ] {
        assert!(actions(&sync).contains(action), "{sync:#?}");
    }
    assert!(
        sync.contains(&(
            "iam:PassRole".to_owned(),
            "arn:aws:iam::111122223333:role/Bedrock".to_owned(),
            json!({"StringEquals": {"iam:PassedToService": "bedrock.amazonaws.com"}}).to_string()
        )),
        "{sync:#?}"
    );
}

#[test]
fn emr_serverless_job_runs_and_applications() {
    // https://docs.aws.amazon.com/step-functions/latest/dg/emr-serverless-iam.html:
    // `.sync` uses a managed EventBridge rule; the execution role is passed.
    let parameters = json!({"ApplicationId": "00abc", "ExecutionRoleArn": "arn:aws:iam::111122223333:role/Job",
        "JobDriver": {"SparkSubmit": {"EntryPoint": "s3://b/app.py"}}});
    let rr = grants(
        &format!("{STATES}emr-serverless:startJobRun"),
        parameters.clone(),
    );
    let application = regional("emr-serverless", "/applications/00abc");
    assert!(
        has(&rr, "emr-serverless:StartJobRun", &application),
        "{rr:#?}"
    );
    assert!(!actions(&rr).contains("events:PutRule"));
    let sync = grants(
        &format!("{STATES}emr-serverless:startJobRun.sync"),
        parameters,
    );
    assert!(has(
        &sync,
        "emr-serverless:GetJobRun",
        &format!("{application}/jobruns/*")
    ));
    assert!(
        has(
            &sync,
            "events:PutRule",
            &regional(
                "events",
                "rule/StepFunctionsGetEventsForEMRServerlessJobRule"
            )
        ),
        "{sync:#?}"
    );
    assert!(
        sync.contains(&(
            "iam:PassRole".to_owned(),
            "arn:aws:iam::111122223333:role/Job".to_owned(),
            json!({"StringEquals": {"iam:PassedToService": "emr-serverless.amazonaws.com"}})
                .to_string()
        )),
        "{sync:#?}"
    );
    let start = grants(
        &format!("{STATES}emr-serverless:startApplication.sync"),
        json!({"ApplicationId": "00abc"}),
    );
    assert!(has(&start, "emr-serverless:StartApplication", &application));
    assert!(
        has(
            &start,
            "events:PutRule",
            &regional(
                "events",
                "rule/StepFunctionsGetEventsForEMRServerlessApplicationRule"
            )
        ),
        "{start:#?}"
    );
}

#[test]
fn emr_on_eks_job_runs_and_virtual_clusters() {
    // https://docs.aws.amazon.com/step-functions/latest/dg/emr-eks-iam.html:
    // `.sync` polls with DescribeJobRun and cancels with CancelJobRun.
    let parameters = json!({"VirtualClusterId": "vc1", "ExecutionRoleArn": "arn:aws:iam::111122223333:role/Job",
        "ReleaseLabel": "emr-6.9.0-latest", "JobDriver": {"SparkSubmitJobDriver": {"EntryPoint": "s3://b/app.py"}}});
    let cluster = regional("emr-containers", "/virtualclusters/vc1");
    let rr = grants(
        &format!("{STATES}emr-containers:startJobRun"),
        parameters.clone(),
    );
    assert!(has(&rr, "emr-containers:StartJobRun", &cluster), "{rr:#?}");
    // The template pins the job's role with emr-containers:ExecutionRoleArn.
    let pinned = json!({"StringEquals": {"emr-containers:ExecutionRoleArn": "arn:aws:iam::111122223333:role/Job"}}).to_string();
    assert!(
        rr.iter()
            .any(|(a, r, c)| a == "emr-containers:StartJobRun" && *r == cluster && *c == pinned),
        "{rr:#?}"
    );
    let mut from_path = parameters.clone();
    from_path
        .as_object_mut()
        .unwrap()
        .remove("ExecutionRoleArn");
    from_path["ExecutionRoleArn.$"] = json!("$.role");
    let unpinned = grants(&format!("{STATES}emr-containers:startJobRun"), from_path);
    assert!(
        unpinned
            .iter()
            .any(|(a, _, c)| a == "emr-containers:StartJobRun" && c.is_empty()),
        "{unpinned:#?}"
    );
    let sync = grants(
        &format!("{STATES}emr-containers:startJobRun.sync"),
        parameters,
    );
    for action in [
        "emr-containers:DescribeJobRun",
        "emr-containers:CancelJobRun",
    ] {
        assert!(
            has(&sync, action, &format!("{cluster}/jobruns/*")),
            "{sync:#?}"
        );
    }
    let delete = grants(
        &format!("{STATES}emr-containers:deleteVirtualCluster.sync"),
        json!({"Id": "vc1"}),
    );
    assert!(
        has(&delete, "emr-containers:DescribeVirtualCluster", &cluster),
        "{delete:#?}"
    );
    // CreateVirtualCluster has no `.sync` (connect-emr-eks.html).
    let source = one_task(
        &format!("{STATES}emr-containers:createVirtualCluster.sync"),
        json!({"Name": "v", "ContainerProvider": {"Id": "c1", "Type": "EKS", "Info": {"EksInfo": {"Namespace": "ns"}}}}),
    );
    assert!(
        cli::lint(&source)
            .iter()
            .any(|d| d.code == "unsupported-pattern")
    );
}

#[test]
fn eventbridge_put_events_on_the_named_buses() {
    // https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-iam.html:
    // events:PutEvents on the event bus; callback is supported.
    for suffix in ["", ".waitForTaskToken"] {
        let found = grants(
            &format!("{STATES}events:putEvents{suffix}"),
            json!({"Entries": [
                {"Source": "app", "DetailType": "done", "Detail": {"token.$": "$$.Task.Token"}, "EventBusName": "orders"},
                {"Source": "app", "DetailType": "done", "Detail": {}}
            ]}),
        );
        assert!(
            has(
                &found,
                "events:PutEvents",
                &regional("events", "event-bus/orders")
            ),
            "{found:#?}"
        );
        assert!(
            has(
                &found,
                "events:PutEvents",
                &regional("events", "event-bus/default")
            ),
            "{found:#?}"
        );
        assert_eq!(actions(&found), BTreeSet::from(["events:PutEvents"]));
    }
    // Only an entry without EventBusName goes to the default bus.
    let named = grants(
        &format!("{STATES}events:putEvents"),
        json!({"Entries": [{"Source": "app", "DetailType": "done", "Detail": {}, "EventBusName": "orders"}]}),
    );
    assert_eq!(
        named.iter().map(|(_, r, _)| r.as_str()).collect::<Vec<_>>(),
        [regional("events", "event-bus/orders")],
        "{named:#?}"
    );
    let source = one_task(
        &format!("{STATES}events:putEvents.sync"),
        json!({"Entries": [{"Source": "app", "DetailType": "done", "Detail": {}}]}),
    );
    assert!(
        cli::lint(&source)
            .iter()
            .any(|d| d.code == "unsupported-pattern")
    );
}

#[test]
fn databrew_and_mediaconvert_sync() {
    // https://docs.aws.amazon.com/step-functions/latest/dg/databrew-iam.html
    let rr = grants(
        &format!("{STATES}databrew:startJobRun"),
        json!({"Name": "clean"}),
    );
    assert_eq!(actions(&rr), BTreeSet::from(["databrew:StartJobRun"]));
    let sync = grants(
        &format!("{STATES}databrew:startJobRun.sync"),
        json!({"Name": "clean"}),
    );
    for action in [
        "databrew:StartJobRun",
        "databrew:ListJobRuns",
        "databrew:StopJobRun",
    ] {
        assert!(
            has(&sync, action, &regional("databrew", "job/clean")),
            "{sync:#?}"
        );
    }
    // https://docs.aws.amazon.com/step-functions/latest/dg/connect-mediaconvert.html:
    // `.sync` reads and cancels only jobs Step Functions tagged, through a
    // managed rule; the role is passed to MediaConvert.
    let parameters = json!({"Role": "arn:aws:iam::111122223333:role/Mc", "Settings": {}});
    let rr = grants(
        &format!("{STATES}mediaconvert:createJob"),
        parameters.clone(),
    );
    assert!(actions(&rr).contains("mediaconvert:CreateJob"));
    assert!(!actions(&rr).contains("mediaconvert:GetJob"));
    let sync = grants(&format!("{STATES}mediaconvert:createJob.sync"), parameters);
    assert!(
        sync.contains(&(
            "mediaconvert:GetJob".to_owned(),
            regional("mediaconvert", "jobs/*"),
            json!({"StringEquals": {"aws:ResourceTag/ManagedByService": "AWSStepFunctions"}})
                .to_string()
        )),
        "{sync:#?}"
    );
    assert!(has(
        &sync,
        "events:PutRule",
        &regional(
            "events",
            "rule/StepFunctionsGetEventsForMediaConvertJobRule"
        )
    ));
    assert!(
        sync.contains(&(
            "iam:PassRole".to_owned(),
            "arn:aws:iam::111122223333:role/Mc".to_owned(),
            json!({"StringEquals": {"iam:PassedToService": "mediaconvert.amazonaws.com"}})
                .to_string()
        )),
        "{sync:#?}"
    );
}

#[test]
fn eks_cluster_and_node_group_tasks() {
    // https://docs.aws.amazon.com/step-functions/latest/dg/eks-iam.html
    let cluster = json!({"Name": "c1", "RoleArn": "arn:aws:iam::111122223333:role/Eks", "ResourcesVpcConfig": {"SubnetIds": ["subnet-1"]}});
    let rr = grants(&format!("{STATES}eks:createCluster"), cluster.clone());
    assert!(has(&rr, "eks:CreateCluster", "*"), "{rr:#?}");
    assert!(
        has(&rr, "iam:PassRole", "arn:aws:iam::111122223333:role/Eks"),
        "{rr:#?}"
    );
    assert!(!actions(&rr).contains("eks:DescribeCluster"), "{rr:#?}");
    let sync = grants(&format!("{STATES}eks:createCluster.sync"), cluster);
    for action in ["eks:DescribeCluster", "eks:DeleteCluster"] {
        assert!(
            has(&sync, action, &regional("eks", "cluster/c1")),
            "{sync:#?}"
        );
    }
    let nodes = grants(
        &format!("{STATES}eks:createNodegroup.sync"),
        json!({"ClusterName": "c1", "NodegroupName": "ng", "NodeRole": "arn:aws:iam::111122223333:role/Node", "Subnets": ["subnet-1"]}),
    );
    assert!(
        has(
            &nodes,
            "eks:CreateNodegroup",
            &regional("eks", "cluster/c1")
        ),
        "{nodes:#?}"
    );
    assert!(
        has(
            &nodes,
            "eks:DescribeNodegroup",
            &regional("eks", "nodegroup/c1/ng/*")
        ),
        "{nodes:#?}"
    );
    assert!(has(&nodes, "ec2:DescribeSubnets", "*"), "{nodes:#?}");
    assert!(
        has(&nodes, "iam:GetRole", "arn:aws:iam::111122223333:role/Node"),
        "{nodes:#?}"
    );
    let delete = grants(
        &format!("{STATES}eks:deleteCluster.sync"),
        json!({"Name": "c1"}),
    );
    assert!(
        has(&delete, "eks:DeleteCluster", &regional("eks", "cluster/c1")),
        "{delete:#?}"
    );
    assert!(
        has(
            &delete,
            "eks:DescribeCluster",
            &regional("eks", "cluster/c1")
        ),
        "{delete:#?}"
    );
}

fn errors(source: &Source) -> Vec<String> {
    cli::lint(source)
        .iter()
        .filter(|d| d.severity == cli::Severity::Error)
        .map(|d| d.to_text())
        .collect()
}

#[test]
fn eks_kubernetes_requests_are_checked_and_grant_nothing() {
    // https://docs.aws.amazon.com/step-functions/latest/dg/connect-eks.html:
    // runJob (request-response and `.sync`) and call (request-response)
    // are authorized by the cluster's RBAC, not by an IAM action.
    let cluster = json!({"ClusterName": "c1", "CertificateAuthority": "abc", "Endpoint": "https://x.eks.amazonaws.com"});
    let mut job = cluster.clone();
    job["Namespace"] = json!("default");
    job["Job"] = json!({"apiVersion": "batch/v1", "kind": "Job"});
    job["LogOptions"] = json!({"RetrieveLogs": true, "LogParameters": {"tailLines": ["6"]}});
    let mut call = cluster.clone();
    call["Method"] = json!("GET");
    call["Path"] = json!("/api/v1/namespaces/default/pods");
    call["QueryParameters"] = json!({"labelSelector": ["job-name=example-job"]});
    for (resource, parameters) in [
        ("eks:runJob", &job),
        ("eks:runJob.sync", &job),
        ("eks:call", &call),
    ] {
        let source = one_task(&format!("{STATES}{resource}"), parameters.clone());
        let found = errors(&source);
        assert!(found.is_empty(), "{resource}: {found:?}");
        let (document, warnings) =
            cli::policy(&source, &source.definitions[0], &Bindings::new(), None);
        let text = document.to_string();
        assert!(
            !text.contains("eks:"),
            "{resource} granted something: {text}"
        );
        assert!(
            warnings.iter().any(|w| w.to_text().contains("RBAC")),
            "{resource}: no word on what authorizes it: {:?}",
            warnings.iter().map(|w| w.to_text()).collect::<Vec<_>>()
        );
    }
    // AWS lists only request-response for `call`.
    let source = one_task(&format!("{STATES}eks:call.sync"), call.clone());
    assert!(!errors(&source).is_empty(), "eks:call.sync was accepted");
    // Their parameters are checked: a misspelt member, a method Kubernetes
    // requests do not have, a missing Job.
    let mut typo = call.clone();
    typo["Pth"] = typo.as_object_mut().unwrap().remove("Path").unwrap();
    let found = errors(&one_task(&format!("{STATES}eks:call"), typo)).join("\n");
    assert!(found.contains("Pth") && found.contains("Path"), "{found}");
    let mut method = call;
    method["Method"] = json!("OPTIONS");
    let found = errors(&one_task(&format!("{STATES}eks:call"), method)).join("\n");
    assert!(found.contains("OPTIONS"), "{found}");
    let mut no_job = job;
    no_job.as_object_mut().unwrap().remove("Job");
    let found = errors(&one_task(&format!("{STATES}eks:runJob.sync"), no_job)).join("\n");
    assert!(found.contains("Job"), "{found}");
}

/// The statements of the policy, as JSON text (for "grants nothing").
fn policy_text(resource: &str, parameters: Value) -> String {
    let source = one_task(resource, parameters);
    let found = errors(&source);
    assert!(found.is_empty(), "{resource}: {found:?}");
    cli::policy(&source, &source.definitions[0], &Bindings::new(), None)
        .0
        .to_string()
}

#[test]
fn api_gateway_invoke_grants_execute_api_only_for_iam_auth() {
    // https://docs.aws.amazon.com/step-functions/latest/dg/connect-api-gateway.html:
    // request-response and `.waitForTaskToken`, no `.sync`; with IAM_ROLE
    // the role needs execute-api:Invoke on
    // arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/<path>.
    let mut signed = json!({"ApiEndpoint": "abc123.execute-api.us-east-1.amazonaws.com", "Method": "GET", "Stage": "prod", "Path": "pets", "AuthType": "IAM_ROLE"});
    let invoke = format!("{STATES}apigateway:invoke");
    let rr = grants(&invoke, signed.clone());
    assert!(
        has(
            &rr,
            "execute-api:Invoke",
            &in_endpoint_region("abc123/prod/GET/pets")
        ),
        "{rr:#?}"
    );
    // A leading slash in Path is not doubled; a dynamic method and an
    // absent stage (an HTTP API's $default) leave wildcards.
    let mut dynamic = signed.clone();
    dynamic["Path"] = json!("/pets/{id}");
    dynamic.as_object_mut().unwrap().remove("Stage");
    dynamic.as_object_mut().unwrap().remove("Method");
    dynamic["Method.$"] = json!("$.method");
    let wild = grants(&invoke, dynamic);
    assert!(
        has(
            &wild,
            "execute-api:Invoke",
            &in_endpoint_region("abc123/*/*/pets/{id}")
        ),
        "{wild:#?}"
    );
    // The callback pattern passes the token in a header.
    signed["Headers"] = json!({"TaskToken.$": "States.Array($$.Task.Token)"});
    let callback = grants(&format!("{invoke}.waitForTaskToken"), signed.clone());
    assert!(
        actions(&callback).contains("execute-api:Invoke"),
        "{callback:#?}"
    );
    // NO_AUTH (also the default) and RESOURCE_POLICY need nothing of the role.
    for auth in [Some("NO_AUTH"), None, Some("RESOURCE_POLICY")] {
        let mut unsigned = signed.clone();
        unsigned.as_object_mut().unwrap().remove("Headers");
        match auth {
            Some(a) => unsigned["AuthType"] = json!(a),
            None => {
                unsigned.as_object_mut().unwrap().remove("AuthType");
            }
        }
        let text = policy_text(&invoke, unsigned);
        assert!(!text.contains("execute-api"), "{auth:?}: {text}");
    }
    // Patterns and parameters are checked.
    let source = one_task(&format!("{invoke}.sync"), signed.clone());
    assert!(
        !errors(&source).is_empty(),
        "apigateway:invoke.sync was accepted"
    );
    let mut typo = signed;
    typo["AuthType"] = json!("IAM");
    let found = errors(&one_task(&format!("{invoke}.waitForTaskToken"), typo)).join("\n");
    assert!(found.contains("IAM_ROLE"), "{found}");
}

#[test]
fn http_task_grants_what_the_guide_lists() {
    // https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html
    // ("IAM permissions to run an HTTP Task"): states:InvokeHTTPEndpoint on
    // the state machine with the method (StringEquals) and the endpoint
    // (StringLike) as conditions, events:RetrieveConnectionCredentials on
    // the connection, and the connection's secret in Secrets Manager. The
    // guide's own Stripe definition:
    let connection = "arn:aws:events:us-east-2:123456789012:connection/Stripe/81210c42-8af1-456b-9c4a-6ff02fc664ac";
    let invoke = format!("{STATES}http:invoke");
    let parameters = json!({
        "ApiEndpoint": "https://api.stripe.com/v1/customers",
        "Authentication": {"ConnectionArn": connection},
        "Method": "GET"
    });
    let source = one_task(&invoke, parameters.clone());
    assert!(errors(&source).is_empty(), "{:?}", errors(&source));
    let (document, warnings) = cli::policy(
        &source,
        &source.definitions[0],
        &Bindings::new(),
        Some("myStateMachine"),
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let found: BTreeSet<_> = statement_grants(&document).into_iter().collect();
    let call = (
        "states:InvokeHTTPEndpoint".to_owned(),
        regional("states", "stateMachine:myStateMachine"),
        json!({"StringEquals": {"states:HTTPMethod": "GET"},
               "StringLike": {"states:HTTPEndpoint": "https://api.stripe.com/v1/customers"}})
        .to_string(),
    );
    let secret = "arn:${AWS::Partition}:secretsmanager:*:*:secret:events!connection/Stripe/*";
    let expected: BTreeSet<(String, String, String)> = [
        call,
        (
            "events:RetrieveConnectionCredentials".to_owned(),
            connection.to_owned(),
            String::new(),
        ),
        (
            "secretsmanager:DescribeSecret".to_owned(),
            secret.to_owned(),
            String::new(),
        ),
        (
            "secretsmanager:GetSecretValue".to_owned(),
            secret.to_owned(),
            String::new(),
        ),
    ]
    .into();
    assert_eq!(found, expected);

    // InvocationConfig (the guide's recommended field) works the same; a
    // URL from States.Format keeps its literal parts as the condition's
    // glob, a method from a path leaves its condition out, and without a
    // machine name the call is granted on any machine, with a warning.
    let dynamic = json!({
        "ApiEndpoint.$": "States.Format('https://api.stripe.com/v1/customers/{}', $.customer_id)",
        "InvocationConfig": {"ConnectionArn": connection},
        "Method.$": "$.method"
    });
    let source = one_task(&invoke, dynamic);
    assert!(errors(&source).is_empty(), "{:?}", errors(&source));
    let (document, warnings) = cli::policy(&source, &source.definitions[0], &Bindings::new(), None);
    let found = statement_grants(&document);
    assert!(
        found.contains(&(
            "states:InvokeHTTPEndpoint".to_owned(),
            regional("states", "stateMachine:*"),
            json!({"StringLike": {"states:HTTPEndpoint": "https://api.stripe.com/v1/customers/*"}})
                .to_string(),
        )),
        "{found:#?}"
    );
    assert!(has(
        &found.iter().cloned().collect(),
        "events:RetrieveConnectionCredentials",
        connection
    ));
    let text: Vec<String> = warnings.iter().map(|w| w.to_text()).collect();
    assert!(
        text.iter()
            .any(|w| w.contains("unscoped") && w.contains("--name")),
        "{text:?}"
    );

    // Lint knows the fields: no `.sync`, the methods and encodings AWS lists.
    assert!(!errors(&one_task(&format!("{invoke}.sync"), parameters.clone())).is_empty());
    let mut bad = parameters.clone();
    bad["Method"] = json!("FETCH");
    bad["Transform"] = json!({"RequestBodyEncoding": "FORM"});
    let found = errors(&one_task(&invoke, bad)).join("\n");
    assert!(found.contains("FETCH") && found.contains("FORM"), "{found}");
    let mut typo = parameters;
    typo["Url"] = json!("https://example.com");
    let found = errors(&one_task(&invoke, typo)).join("\n");
    assert!(found.contains("Url"), "{found}");
}
