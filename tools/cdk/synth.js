#!/usr/bin/env node
// Usage: node tools/cdk/synth.js [OUT_DIR] [--only CASE[,CASE...]] [--check-existing]
//   (after `npm ci --prefix tools/cdk`)
//
// Synthesizes one CDK stack per case (aws-cdk-lib pinned in package.json, feature flags as `cdk init`
// writes them) and writes OUT_DIR/<case>.json (default: ../../generated/tests/fixtures/cdk relative to
// this script). Each file holds the Task state's ASL definition, the state machine role's policy
// statements and the other resources of the stack, with CloudFormation tokens rendered as placeholders:
//   ${AWS::Partition} ... pseudo parameters, ${LogicalId} a Ref, ${LogicalId.Attr} a Fn::GetAtt,
//   ${Fn::Select(i,Fn::Split(sep,<inner>))} a Select/Split that cannot be evaluated.
// A case may add `note` (free text) and `other_policies` (statements of the stack's other IAM policies).
// Every fixture is checked before it is written: a single Task state named "Task" whose Resource is a
// states integration ARN or a placeholder, and no unresolved token text; the literal text "undefined"
// (CDK rendering a missing value) is reported as a warning.
// --check-existing synthesizes a few calibration cases that reproduce fixtures already in the default
// folder (written before this tool existed) into a temporary folder and compares them (ignoring
// `construct`); it writes nothing into the fixture folder.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

// The environment must not leak context or an output folder into the synthesis.
delete process.env.CDK_CONTEXT_JSON;
delete process.env.CDK_OUTDIR;

const cdk = require('aws-cdk-lib');
const sfn = require('aws-cdk-lib/aws-stepfunctions');
const tasks = require('aws-cdk-lib/aws-stepfunctions-tasks');
const iam = require('aws-cdk-lib/aws-iam');
const s3 = require('aws-cdk-lib/aws-s3');
const sqs = require('aws-cdk-lib/aws-sqs');
const lambda = require('aws-cdk-lib/aws-lambda');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const bedrock = require('aws-cdk-lib/aws-bedrock');
const events = require('aws-cdk-lib/aws-events');
const eks = require('aws-cdk-lib/aws-eks');
const apigateway = require('aws-cdk-lib/aws-apigateway');
const apigatewayv2 = require('aws-cdk-lib/aws-apigatewayv2');

const CDK_VERSION = require('aws-cdk-lib/package.json').version;
// `cdk init` (aws-cdk CLI) writes into cdk.json the context read from the installed aws-cdk-lib's
// recommended-feature-flags.json; it is the same object as cx-api's CURRENTLY_RECOMMENDED_FLAGS.
const INIT_FLAGS = require('aws-cdk-lib/recommended-feature-flags.json');

const SCOPE = { cdk, sfn, tasks, iam, s3, sqs, lambda, dynamodb, bedrock, events, eks, apigateway, apigatewayv2 };

// Each case's `code` is JavaScript run with `stack` and the modules above in scope; it must define
// `const task`. The same text is written to the fixture's `construct` field, so it is exactly what
// was built. The task id is always 'Task' (the state name).
const CASES = [
  {
    case: 'athena-start-query-execution-sync',
    code: `
const task = new tasks.AthenaStartQueryExecution(stack, 'Task', {
  queryString: 'SELECT 1',
  workGroup: 'primary',
  resultConfiguration: {
    outputLocation: { bucketName: 'query-results-bucket', objectKey: 'results' },
  },
  integrationPattern: sfn.IntegrationPattern.RUN_JOB,
});`,
  },
  {
    case: 'athena-get-query-results',
    code: `
const task = new tasks.AthenaGetQueryResults(stack, 'Task', {
  queryExecutionId: sfn.JsonPath.stringAt('$.id'),
});`,
  },
  {
    case: 'athena-stop-query-execution',
    code: `
const task = new tasks.AthenaStopQueryExecution(stack, 'Task', {
  queryExecutionId: sfn.JsonPath.stringAt('$.id'),
});`,
  },
  {
    case: 'athena-get-query-execution',
    code: `
const task = new tasks.AthenaGetQueryExecution(stack, 'Task', {
  queryExecutionId: sfn.JsonPath.stringAt('$.id'),
});`,
  },
  {
    case: 'bedrock-invoke-model',
    code: `
const model = bedrock.FoundationModel.fromFoundationModelId(stack, 'Model',
  bedrock.FoundationModelIdentifier.AMAZON_TITAN_TEXT_G1_EXPRESS_V1);
const task = new tasks.BedrockInvokeModel(stack, 'Task', {
  model,
  body: sfn.TaskInput.fromObject({ inputText: 'Hello', textGenerationConfig: { maxTokenCount: 100 } }),
});`,
  },
  {
    case: 'bedrock-create-model-customization-job-sync',
    code: `
const model = bedrock.FoundationModel.fromFoundationModelId(stack, 'Model',
  bedrock.FoundationModelIdentifier.AMAZON_TITAN_TEXT_G1_EXPRESS_V1);
const trainingBucket = s3.Bucket.fromBucketName(stack, 'TrainingBucket', 'training-bucket');
const outputBucket = s3.Bucket.fromBucketName(stack, 'OutputBucket', 'output-bucket');
const task = new tasks.BedrockCreateModelCustomizationJob(stack, 'Task', {
  baseModel: model,
  customModelName: 'my-custom-model',
  jobName: 'my-customization-job',
  customizationType: tasks.CustomizationType.FINE_TUNING,
  hyperParameters: { epochCount: '1' },
  trainingData: { bucket: trainingBucket, path: 'train.jsonl' },
  validationData: [{ bucket: trainingBucket, path: 'validation.jsonl' }],
  outputData: { bucket: outputBucket, path: 'output/' },
  integrationPattern: sfn.IntegrationPattern.RUN_JOB,
});`,
  },
  {
    case: 'emr-containers-start-job-run-sync',
    code: `
const executionRole = iam.Role.fromRoleArn(stack, 'JobRole', 'arn:aws:iam::123456789012:role/emr-job-role');
const task = new tasks.EmrContainersStartJobRun(stack, 'Task', {
  virtualCluster: tasks.VirtualClusterInput.fromVirtualClusterId('vc-0123456789abcdef'),
  releaseLabel: tasks.ReleaseLabel.EMR_6_2_0,
  jobName: 'my-job',
  executionRole,
  jobDriver: {
    sparkSubmitJobDriver: {
      entryPoint: sfn.TaskInput.fromText('local:///usr/lib/spark/examples/src/main/python/pi.py'),
      sparkSubmitParameters: '--conf spark.executor.instances=2',
    },
  },
  integrationPattern: sfn.IntegrationPattern.RUN_JOB,
});`,
  },
  {
    case: 'emr-containers-create-virtual-cluster',
    code: `
const task = new tasks.EmrContainersCreateVirtualCluster(stack, 'Task', {
  eksCluster: tasks.EksClusterInput.fromTaskInput(sfn.TaskInput.fromText('my-eks-cluster')),
  eksNamespace: 'emr',
  virtualClusterName: 'my-virtual-cluster',
});`,
  },
  {
    case: 'emr-containers-delete-virtual-cluster-sync',
    code: `
const task = new tasks.EmrContainersDeleteVirtualCluster(stack, 'Task', {
  virtualClusterId: sfn.TaskInput.fromJsonPathAt('$.VirtualClusterId'),
  integrationPattern: sfn.IntegrationPattern.RUN_JOB,
});`,
  },
  {
    case: 'eventbridge-put-events',
    code: `
const eventBus = new events.EventBus(stack, 'EventBus', { eventBusName: 'my-bus' });
const task = new tasks.EventBridgePutEvents(stack, 'Task', {
  entries: [{
    detail: sfn.TaskInput.fromObject({ message: 'hello' }),
    detailType: 'MessageFromStepFunctions',
    source: 'step.functions',
    eventBus,
  }],
});`,
  },
  {
    case: 'eventbridge-put-events-wait-for-task-token',
    code: `
const eventBus = events.EventBus.fromEventBusArn(stack, 'EventBus',
  'arn:aws:events:us-east-1:123456789012:event-bus/my-bus');
const task = new tasks.EventBridgePutEvents(stack, 'Task', {
  entries: [{
    detail: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken }),
    detailType: 'MessageFromStepFunctions',
    source: 'step.functions',
    eventBus,
  }],
  integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
});`,
  },
  {
    case: 'glue-databrew-start-job-run-sync',
    code: `
const task = new tasks.GlueDataBrewStartJobRun(stack, 'Task', {
  name: 'my-databrew-job',
  integrationPattern: sfn.IntegrationPattern.RUN_JOB,
});`,
  },
  {
    case: 'mediaconvert-create-job-sync',
    code: `
const task = new tasks.MediaConvertCreateJob(stack, 'Task', {
  createJobRequest: {
    Role: 'arn:aws:iam::123456789012:role/MediaConvertRole',
    Settings: {
      OutputGroups: [],
      Inputs: [{ FileInput: 's3://input-bucket/input.mp4' }],
    },
  },
  integrationPattern: sfn.IntegrationPattern.RUN_JOB,
});`,
  },
  {
    case: 'glue-start-crawler-run',
    code: `
const task = new tasks.GlueStartCrawlerRun(stack, 'Task', {
  crawlerName: 'my-crawler',
});`,
  },
  {
    case: 'eventbridge-scheduler-create-schedule',
    code: `
const queue = new sqs.Queue(stack, 'Queue');
const schedulerRole = new iam.Role(stack, 'SchedulerRole', {
  assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
});
queue.grantSendMessages(schedulerRole);
const task = new tasks.EventBridgeSchedulerCreateScheduleTask(stack, 'Task', {
  scheduleName: 'my-schedule',
  schedule: tasks.Schedule.rate(cdk.Duration.minutes(5)),
  target: new tasks.EventBridgeSchedulerTarget({
    arn: queue.queueArn,
    role: schedulerRole,
    input: 'hello',
  }),
});`,
  },
  {
    case: 'eks-call',
    code: `
const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
  clusterName: 'my-cluster',
  clusterEndpoint: 'https://EXAMPLE0123456789.gr7.us-east-1.eks.amazonaws.com',
  clusterCertificateAuthorityData: 'Y2VydGlmaWNhdGU=',
});
const task = new tasks.EksCall(stack, 'Task', {
  cluster,
  httpMethod: tasks.HttpMethods.GET,
  httpPath: '/api/v1/namespaces/default/pods',
});`,
  },
  {
    case: 'apigateway-rest-api-endpoint',
    code: `
const api = new apigateway.RestApi(stack, 'Api');
api.root.addResource('pets').addMethod('GET');
const task = new tasks.CallApiGatewayRestApiEndpoint(stack, 'Task', {
  api,
  stageName: 'prod',
  method: tasks.HttpMethod.GET,
  apiPath: '/pets',
  authType: tasks.AuthType.IAM_ROLE,
});`,
  },
  {
    case: 'apigateway-rest-api-endpoint-no-auth',
    code: `
const api = new apigateway.RestApi(stack, 'Api');
api.root.addResource('pets').addMethod('GET');
const task = new tasks.CallApiGatewayRestApiEndpoint(stack, 'Task', {
  api,
  stageName: 'prod',
  method: tasks.HttpMethod.GET,
  apiPath: '/pets',
  authType: tasks.AuthType.NO_AUTH,
});`,
  },
  {
    case: 'apigateway-http-api-endpoint',
    code: `
const httpApi = new apigatewayv2.HttpApi(stack, 'HttpApi');
const task = new tasks.CallApiGatewayHttpApiEndpoint(stack, 'Task', {
  apiId: httpApi.apiId,
  apiStack: stack,
  method: tasks.HttpMethod.GET,
  apiPath: '/pets',
  authType: tasks.AuthType.IAM_ROLE,
});`,
  },
  {
    case: 'apigateway-http-api-endpoint-stage',
    code: `
const httpApi = new apigatewayv2.HttpApi(stack, 'HttpApi');
const task = new tasks.CallApiGatewayHttpApiEndpoint(stack, 'Task', {
  apiId: httpApi.apiId,
  apiStack: stack,
  stageName: '$default',
  method: tasks.HttpMethod.GET,
  apiPath: '/pets',
  authType: tasks.AuthType.IAM_ROLE,
});`,
  },
  {
    case: 'http-invoke',
    code: `
const connection = new events.Connection(stack, 'Connection', {
  authorization: events.Authorization.apiKey('x-api-key', cdk.SecretValue.unsafePlainText('my-api-key')),
});
const task = new tasks.HttpInvoke(stack, 'Task', {
  connection,
  apiRoot: 'https://api.example.com',
  apiEndpoint: sfn.TaskInput.fromText('path'),
  method: sfn.TaskInput.fromText('POST'),
  body: sfn.TaskInput.fromObject({ key: 'value' }),
  headers: sfn.TaskInput.fromObject({ 'Content-Type': 'application/json' }),
  queryStringParameters: sfn.TaskInput.fromObject({ id: '123' }),
});`,
  },
  {
    case: 'call-aws-service-cross-region',
    code: `
const task = new tasks.CallAwsServiceCrossRegion(stack, 'Task', {
  service: 's3',
  action: 'getObject',
  region: 'us-west-2',
  parameters: { Bucket: 'my-bucket', Key: sfn.JsonPath.stringAt('$.key') },
  iamResources: ['arn:aws:s3:::my-bucket/*'],
});`,
    note: 'CDK adds a singleton Lambda function (CrossRegionAwsSdk<uuid>) with its service role, that role\'s '
      + 'DefaultPolicy and a log group; the Task state invokes that function (Resource is its ARN, with the '
      + 'standard Lambda retry). The state machine role only gets lambda:InvokeFunction; the s3:getObject grant '
      + '(iamResources) goes to the Lambda role\'s policy, shown under other_policies.',
    otherPolicies: true,
  },
];

// Calibration cases: reproductions of fixtures that existed before this tool (see --check-existing).
const CALIBRATION = [
  {
    case: 'sqs-send-message',
    code: `
const queue = new sqs.Queue(stack, 'Queue');
const task = new tasks.SqsSendMessage(stack, 'Task', {
  queue,
  messageBody: sfn.TaskInput.fromText('hello'),
});`,
  },
  {
    case: 'lambda-invoke-default',
    code: `
const fn = new lambda.Function(stack, 'Fn', {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({});'),
});
const task = new tasks.LambdaInvoke(stack, 'Task', { lambdaFunction: fn });`,
  },
  {
    case: 'dynamodb-get-item',
    code: `
const table = new dynamodb.Table(stack, 'Table', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
});
const task = new tasks.DynamoGetItem(stack, 'Task', {
  table,
  key: {
    pk: tasks.DynamoAttributeValue.fromString('user#1'),
    sk: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.sk')),
  },
});`,
  },
  {
    case: 'sfn-start-execution-sync',
    code: `
const child = new sfn.StateMachine(stack, 'ChildStateMachine', {
  definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'ChildPass')),
});
const task = new tasks.StepFunctionsStartExecution(stack, 'Task', {
  stateMachine: child,
  input: sfn.TaskInput.fromObject({ a: sfn.JsonPath.stringAt('$.a') }),
  name: 'child-exec',
  integrationPattern: sfn.IntegrationPattern.RUN_JOB,
});`,
  },
  {
    case: 'emr-create-cluster-sync',
    code: `
const task = new tasks.EmrCreateCluster(stack, 'Task', {
  name: 'my-cluster',
  releaseLabel: 'emr-6.15.0',
  instances: { instanceCount: 3, masterInstanceType: 'm5.xlarge', slaveInstanceType: 'm5.xlarge' },
});`,
  },
];

// ---------------------------------------------------------------------------------------------
// Token rendering

function renderToken(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const k = keys[0];
      const a = v[k];
      if (k === 'Ref') return '${' + a + '}';
      if (k === 'Fn::GetAtt') return '${' + (Array.isArray(a) ? a.join('.') : a) + '}';
      if (k === 'Fn::Join') return a[1].map(renderToken).join(a[0]);
      if (k === 'Fn::Select') {
        const list = evalList(a[1]);
        if (list) return renderToken(list[Number(a[0])]);
        return '${Fn::Select(' + a[0] + ',' + renderListExpr(a[1]) + ')}';
      }
      if (k === 'Fn::Sub' && typeof a === 'string') return a; // ${X} / ${X.Attr} already match the convention
    }
  }
  throw new Error('cannot render token: ' + JSON.stringify(v));
}

// A list expression that can be evaluated to literal strings, or undefined.
function evalList(l) {
  if (Array.isArray(l)) return l;
  if (l && l['Fn::Split'] && typeof l['Fn::Split'][1] === 'string') return l['Fn::Split'][1].split(l['Fn::Split'][0]);
  return undefined;
}

function renderListExpr(l) {
  if (l && l['Fn::Split']) return 'Fn::Split(' + l['Fn::Split'][0] + ',' + renderToken(l['Fn::Split'][1]) + ')';
  throw new Error('cannot render list: ' + JSON.stringify(l));
}

function isIntrinsic(v) {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

// Deep copy of a JSON value with every intrinsic rendered as a placeholder string; key order kept.
function renderDeep(v) {
  if (Array.isArray(v)) return v.map(renderDeep);
  if (isIntrinsic(v)) return renderToken(v);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = renderDeep(x);
    return out;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Synthesis

function synthCase(c) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-tasks-cdk-'));
  try {
    const app = new cdk.App({ outdir, context: { ...INIT_FLAGS }, analyticsReporting: false });
    const stack = new cdk.Stack(app, 'Stack');
    const build = new Function(...Object.keys(SCOPE), 'stack', `${c.code}\nreturn task;`);
    const task = build(...Object.values(SCOPE), stack);
    const sm = new sfn.StateMachine(stack, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(task),
    });

    const assembly = app.synth();
    const template = assembly.getStackByName(stack.stackName).template;
    const resources = template.Resources || {};

    const smId = stack.getLogicalId(sm.node.defaultChild);
    const roleId = stack.getLogicalId(sm.role.node.defaultChild);
    const own = new Set([smId, roleId]);
    // The role's policies: AWS::IAM::Policy resources whose Roles reference the state machine role
    // (the DefaultPolicy, plus any overflow policy).
    const policyIds = Object.keys(resources).filter((id) => {
      const r = resources[id];
      return r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles || []).some((x) => x && x.Ref === roleId);
    });
    policyIds.forEach((id) => own.add(id));

    const definition = JSON.parse(renderToken(resources[smId].Properties.DefinitionString));
    const statements = [];
    for (const id of policyIds) statements.push(...resources[id].Properties.PolicyDocument.Statement.map(renderDeep));

    const others = Object.keys(resources)
      .filter((id) => !own.has(id))
      .sort()
      .map((id) => ({ logicalId: id, type: resources[id].Type }));

    const fixture = {
      case: c.case,
      cdk_version: CDK_VERSION,
      construct: c.code.trim(),
      definition,
      policy_statements: statements,
      resources: others,
    };
    if (c.note) fixture.note = c.note;
    if (c.otherPolicies) {
      // Policies of the other roles in the stack (e.g. a Lambda function CDK adds), same placeholders.
      fixture.other_policies = Object.keys(resources)
        .filter((id) => !own.has(id) && resources[id].Type === 'AWS::IAM::Policy')
        .sort()
        .map((id) => ({
          logicalId: id,
          roles: (resources[id].Properties.Roles || []).map(renderToken),
          statements: resources[id].Properties.PolicyDocument.Statement.map(renderDeep),
        }));
    }
    return fixture;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function validate(fixture) {
  const problems = [];
  const warnings = [];
  const states = fixture.definition.States || {};
  const names = Object.keys(states);
  if (fixture.definition.StartAt !== 'Task' || names.length !== 1 || names[0] !== 'Task') problems.push('expected one state "Task"');
  const t = states.Task || {};
  if (t.Type !== 'Task') problems.push('state Task is not of Type Task');
  if (typeof t.Resource !== 'string' || !/^(arn:\$\{AWS::Partition\}:states:::(aws-sdk:[a-z0-9-]+|[a-z0-9-]+):[A-Za-z0-9]+(\.(sync(:2)?|waitForTaskToken))?|\$\{[A-Za-z0-9]+\.Arn\})$/.test(t.Resource)) {
    problems.push(`unexpected Resource ${JSON.stringify(t.Resource)}`);
  }
  const text = JSON.stringify(fixture);
  if (/\$\{Token\[|#\{Token|\[object Object\]/.test(text)) problems.push('unresolved token text');
  if (/undefined/.test(text)) warnings.push('the text "undefined" occurs');
  return { problems, warnings };
}

function write(dir, fixture) {
  fs.writeFileSync(path.join(dir, fixture.case + '.json'), JSON.stringify(fixture, null, 2) + '\n');
}

function main(argv) {
  const args = argv.slice(2);
  let out = path.resolve(__dirname, '../../generated/tests/fixtures/cdk');
  let only;
  let check = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--only') only = new Set(args[++i].split(','));
    else if (args[i] === '--check-existing') check = true;
    else if (args[i] === '-h' || args[i] === '--help') {
      console.log('usage: node tools/cdk/synth.js [OUT_DIR] [--only CASE[,CASE...]] [--check-existing]');
      return 0;
    } else out = path.resolve(args[i]);
  }

  if (check) {
    let bad = 0;
    for (const c of CALIBRATION) {
      const got = synthCase(c);
      delete got.construct;
      const file = path.join(out, c.case + '.json');
      const want = fs.readFileSync(file, 'utf8');
      const same = JSON.stringify(got, null, 2) + '\n' === want;
      if (!same) bad++;
      console.log(`${same ? 'same' : 'DIFFERS'} ${c.case}`);
      if (!same) {
        const tmp = path.join(os.tmpdir(), `cdk-check-${c.case}.json`);
        fs.writeFileSync(tmp, JSON.stringify(got, null, 2) + '\n');
        console.log(`  synthesized copy: ${tmp}`);
      }
    }
    return bad ? 1 : 0;
  }

  fs.mkdirSync(out, { recursive: true });
  const failed = [];
  for (const c of CASES) {
    if (only && !only.has(c.case)) continue;
    let fixture;
    try {
      fixture = synthCase(c);
    } catch (e) {
      failed.push(c.case);
      console.error(`FAILED ${c.case}: ${e.message}`);
      continue;
    }
    const { problems, warnings } = validate(fixture);
    for (const w of warnings) console.error(`warning ${c.case}: ${w}`);
    if (problems.length) {
      failed.push(c.case);
      console.error(`FAILED ${c.case}: ${problems.join('; ')}`);
      continue;
    }
    write(out, fixture);
    console.log(`wrote ${path.join(out, c.case + '.json')}`);
  }
  if (failed.length) console.error(`failed: ${failed.join(', ')}`);
  return failed.length ? 1 : 0;
}

process.exitCode = main(process.argv);
