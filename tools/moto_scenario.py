"""Runs one Step Functions scenario against a running moto server.

Usage: .tools/venv/bin/python tools/moto_scenario.py < request.json > report.json

The Rust tests build and render the state machine; this script only does what
needs an AWS client: create the fixtures, create the machine, run one execution
to its end, and collect what happened. boto3 is used because it speaks every
protocol involved (DynamoDB JSON, SQS query/JSON, SNS query, Lambda REST,
Step Functions JSON) and is what moto is tested against.

Request (JSON on stdin):
  endpoint          "http://127.0.0.1:PORT"
  name              unique scenario name; used for the role, machine and execution
  definition        ASL JSON text; ${AWS::Partition|Region|AccountId|URLSuffix}
                    are replaced by the values CloudFormation would put in
  input             execution input (any JSON value)
  tables            [{"name", "key", "items": [<DynamoDB-typed item>]}]
  queues            [{"name"}]
  topics            [{"name", "tap_queue"}]  tap_queue is subscribed with raw delivery
  buses             [{"name", "source", "tap_queue"}]  an EventBridge bus whose rule
                    sends the events of `source` to tap_queue
  functions         [{"name"}]
  timeout_seconds   deadline for the execution (default 30)

Report (JSON on stdout):
  machine_arn, execution_arn, status, output, error, cause, elapsed_seconds,
  create_error      set when CreateStateMachine was refused (then nothing ran)
  events            [{"type", "state"?, "error"?, "cause"?, "parameters"?, "output"?}]
  tables            {name: [items]}       full scan after the run
  queues            {name: [bodies]}      every message still in the queue
  harness_error     set when the harness itself failed (not the scenario)

Exit status 0 whenever a report was written.
"""

import io
import json
import sys
import time
import traceback
import zipfile

import boto3
from botocore.config import Config

ACCOUNT = "123456789012"
REGION = "us-east-1"
PLACEHOLDERS = {
    "${AWS::Partition}": "aws",
    "${AWS::Region}": REGION,
    "${AWS::AccountId}": ACCOUNT,
    "${AWS::URLSuffix}": "amazonaws.com",
}
POLL_SECONDS = 0.03


def clients(endpoint):
    # No retries: moto's HTTP 500s should surface at once, not after backoff.
    config = Config(
        region_name=REGION,
        retries={"total_max_attempts": 1},
        connect_timeout=5,
        read_timeout=30,
    )
    session = boto3.session.Session(
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name=REGION,
    )

    def make(service):
        return session.client(service, endpoint_url=endpoint, config=config)

    return {
        s: make(s)
        for s in ("iam", "dynamodb", "sqs", "sns", "lambda", "events", "stepfunctions")
    }


def substitute(text):
    for token, value in PLACEHOLDERS.items():
        text = text.replace(token, value)
    if "${" in text:
        start = text.index("${")
        raise ValueError(f"unresolved placeholder in definition: {text[start:start + 60]!r}")
    return text


def dummy_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buf.getvalue()


def create_fixtures(c, req, role_arn):
    for t in req.get("tables", []):
        key = t.get("key", "pk")
        c["dynamodb"].create_table(
            TableName=t["name"],
            KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        for item in t.get("items", []):
            c["dynamodb"].put_item(TableName=t["name"], Item=item)
    queue_urls = {}
    for q in req.get("queues", []):
        queue_urls[q["name"]] = c["sqs"].create_queue(QueueName=q["name"])["QueueUrl"]
    for t in req.get("topics", []):
        topic_arn = c["sns"].create_topic(Name=t["name"])["TopicArn"]
        tap = t["tap_queue"]
        if tap not in queue_urls:
            queue_urls[tap] = c["sqs"].create_queue(QueueName=tap)["QueueUrl"]
        tap_arn = c["sqs"].get_queue_attributes(
            QueueUrl=queue_urls[tap], AttributeNames=["QueueArn"]
        )["Attributes"]["QueueArn"]
        c["sns"].subscribe(
            TopicArn=topic_arn,
            Protocol="sqs",
            Endpoint=tap_arn,
            Attributes={"RawMessageDelivery": "true"},
        )
    for b in req.get("buses", []):
        c["events"].create_event_bus(Name=b["name"])
        tap = b["tap_queue"]
        if tap not in queue_urls:
            queue_urls[tap] = c["sqs"].create_queue(QueueName=tap)["QueueUrl"]
        tap_arn = c["sqs"].get_queue_attributes(
            QueueUrl=queue_urls[tap], AttributeNames=["QueueArn"]
        )["Attributes"]["QueueArn"]
        rule = f"{b['name']}-tap"
        c["events"].put_rule(
            Name=rule,
            EventBusName=b["name"],
            EventPattern=json.dumps({"source": [b["source"]]}),
        )
        c["events"].put_targets(
            Rule=rule, EventBusName=b["name"], Targets=[{"Id": "tap", "Arn": tap_arn}]
        )
    for f in req.get("functions", []):
        c["lambda"].create_function(
            FunctionName=f["name"],
            Runtime="python3.12",
            Role=role_arn,
            Handler="index.handler",
            Code={"ZipFile": dummy_zip()},
        )
    return queue_urls


def event_report(event):
    out = {"type": event["type"]}
    for details in event.values():
        if not isinstance(details, dict):
            continue
        for key in ("name", "error", "cause", "parameters", "resource", "output"):
            if key in details:
                out["state" if key == "name" else key] = details[key]
    for key in ("parameters", "output"):
        if isinstance(out.get(key), str):
            out[key] = parse_json(out[key])
    return out


def history(sfn, execution_arn):
    events, token = [], None
    while True:
        kwargs = {"executionArn": execution_arn, "maxResults": 1000}
        if token:
            kwargs["nextToken"] = token
        page = sfn.get_execution_history(**kwargs)
        events.extend(event_report(e) for e in page["events"])
        token = page.get("nextToken")
        if not token:
            return events


def drain(sqs, url):
    bodies = []
    # Bounded: a queue holding more than 100 messages is a scenario bug anyway.
    for _ in range(10):
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
        messages = got.get("Messages", [])
        if not messages:
            break
        for m in messages:
            bodies.append(m["Body"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    return bodies


def parse_json(text):
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def run(req):
    c = clients(req["endpoint"])
    report = {}
    name = req["name"]
    role_arn = c["iam"].create_role(
        RoleName=f"{name}-role",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "states.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )["Role"]["Arn"]
    queue_urls = create_fixtures(c, req, role_arn)
    sfn = c["stepfunctions"]
    try:
        machine_arn = sfn.create_state_machine(
            name=name, definition=substitute(req["definition"]), roleArn=role_arn
        )["stateMachineArn"]
    except sfn.exceptions.ClientError as e:
        report["create_error"] = str(e)
        return report
    report["machine_arn"] = machine_arn
    started = time.monotonic()
    execution_arn = sfn.start_execution(
        stateMachineArn=machine_arn,
        name=f"{name}-run",
        input=json.dumps(req.get("input", {})),
    )["executionArn"]
    report["execution_arn"] = execution_arn
    deadline = started + float(req.get("timeout_seconds", 30))
    while True:
        described = sfn.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING":
            break
        if time.monotonic() > deadline:
            sfn.stop_execution(executionArn=execution_arn, error="Harness.Deadline")
            described = {"status": "STILL_RUNNING_AT_DEADLINE"}
            break
        time.sleep(POLL_SECONDS)
    report["elapsed_seconds"] = round(time.monotonic() - started, 3)
    report["status"] = described["status"]
    report["output"] = parse_json(described.get("output"))
    report["error"] = described.get("error")
    report["cause"] = described.get("cause")
    report["events"] = history(sfn, execution_arn)
    report["tables"] = {
        t["name"]: c["dynamodb"].scan(TableName=t["name"])["Items"] for t in req.get("tables", [])
    }
    report["queues"] = {q: drain(c["sqs"], url) for q, url in queue_urls.items()}
    return report


def main():
    try:
        report = run(json.load(sys.stdin))
    except Exception:  # the report carries it; the Rust side shows it in full
        report = {"harness_error": traceback.format_exc()}
    json.dump(report, sys.stdout, default=str)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
