//! Real executions on moto's Step Functions interpreter.
//!
//! One moto server per test binary, bound to 127.0.0.1 on a free port and
//! shared by its tests (each scenario names its own resources, so they can run
//! in parallel). The server is `tools/moto_server.py`, which switches the
//! interpreter and Docker-free Lambda on and exits when its stdin closes: the
//! test process holds that pipe, so the server cannot outlive the test binary
//! even though the shared handle lives in a static that is never dropped.
//!
//! AWS calls are made by `tools/moto_scenario.py` (boto3), one process per
//! scenario with JSON in and out: boto3 speaks every protocol involved
//! (DynamoDB and Step Functions JSON, the SQS and SNS query protocols, Lambda's
//! REST API) and signs requests, which plain HTTP from Rust would have to
//! reimplement; the Rust side keeps the part worth typing, the assertions.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::proc;
use super::tools::{self, Tool};

/// How long the server may take to answer its first request.
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// The server's own last-resort lifetime, in seconds.
const SERVER_MAX_SECONDS: u32 = 900;

/// A running moto server; dropping it kills its process group.
pub struct MotoServer {
    child: Mutex<Child>,
    pub port: u16,
    pub endpoint: String,
    pub log: std::path::PathBuf,
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|e| e.into_inner());
        proc::kill_group(child);
    }
}

impl MotoServer {
    /// Starts a server and waits until it answers.
    pub fn start() -> Result<MotoServer, String> {
        tools::require(Tool::Python);
        let mut last_error = String::new();
        // A port found free can be taken before moto binds it; retry a little.
        for _ in 0..3 {
            match Self::try_start() {
                Ok(server) => return Ok(server),
                Err(e) => last_error = e,
            }
        }
        Err(last_error)
    }

    fn try_start() -> Result<MotoServer, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port on 127.0.0.1: {e}"))?
            .port();
        let log = tools::scratch_dir("moto").join("server.log");
        let log_file =
            File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let mut command = Command::new(tools::venv_bin("python"));
        command
            .arg(tools::repo_root().join("tools/moto_server.py"))
            .arg(port.to_string())
            .arg(SERVER_MAX_SECONDS.to_string())
            .stdin(Stdio::piped())
            .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
            .stderr(log_file);
        aws_sandbox_env(&mut command);
        let child = proc::spawn_group(&mut command)
            .map_err(|e| format!("cannot start moto ({command:?}): {e}"))?;
        let server = MotoServer {
            child: Mutex::new(child),
            port,
            endpoint: format!("http://127.0.0.1:{port}"),
            log,
        };
        server.wait_ready()?;
        Ok(server)
    }

    fn wait_ready(&self) -> Result<(), String> {
        let started = Instant::now();
        while started.elapsed() < READY_TIMEOUT {
            if let Ok(Some(status)) = self.child.lock().unwrap().try_wait() {
                return Err(format!(
                    "moto exited during start-up ({status}); log:\n{}",
                    self.log_text()
                ));
            }
            if let Ok(response) = http_get(self.port, "/moto-api/") {
                if response.starts_with("HTTP/1.0 200") || response.starts_with("HTTP/1.1 200") {
                    return Ok(());
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "moto did not answer on port {} within {READY_TIMEOUT:?}; log:\n{}",
            self.port,
            self.log_text()
        ))
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The server shared by all tests of this binary, started on first use.
    pub fn shared() -> &'static MotoServer {
        static SERVER: OnceLock<Result<MotoServer, String>> = OnceLock::new();
        match SERVER.get_or_init(MotoServer::start) {
            Ok(server) => server,
            Err(e) => panic!("{e}"),
        }
    }

    /// Runs one scenario to the end of its execution and returns the report.
    /// Panics on harness failures (not on scenario failures: assert on the report).
    pub fn run(&self, scenario: &Scenario) -> Report {
        let request = json!({
            "endpoint": self.endpoint,
            "name": scenario.name,
            "definition": scenario.definition,
            "input": scenario.input,
            "tables": scenario.tables,
            "queues": scenario.queues,
            "topics": scenario.topics,
            "buses": scenario.buses,
            "functions": scenario.functions,
            "timeout_seconds": scenario.timeout.as_secs_f64(),
        });
        let mut command = Command::new(tools::venv_bin("python"));
        command.arg(tools::repo_root().join("tools/moto_scenario.py"));
        aws_sandbox_env(&mut command);
        // The driver's own deadline is the execution timeout; this one also
        // covers interpreter start, fixtures and the final inspection.
        let limit = scenario.timeout + Duration::from_secs(60);
        let done = proc::run(command, request.to_string().as_bytes(), limit)
            .unwrap_or_else(|e| panic!("scenario {}: {e}", scenario.name));
        let report: Value = serde_json::from_str(done.stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "scenario {}: the driver printed no JSON report ({e}):\n{}\n{}",
                scenario.name, done.stdout, done.stderr
            )
        });
        if let Some(trace) = report["harness_error"].as_str() {
            panic!(
                "scenario {}: harness error:\n{trace}\nserver log tail:\n{}",
                scenario.name,
                tail(&self.log_text(), 40)
            );
        }
        let report = Report {
            name: scenario.name.clone(),
            json: report,
        };
        if report.status() == "STILL_RUNNING_AT_DEADLINE" {
            panic!(
                "scenario {}: execution still RUNNING after {:?} (stopped by the harness; \
                 if every scenario does this, moto's interpreter is not switched on)\n{report}",
                scenario.name, scenario.timeout
            );
        }
        eprintln!(
            "scenario {}: {} in {}s",
            scenario.name,
            report.status(),
            report.json["elapsed_seconds"]
        );
        report
    }
}

/// Keeps every AWS client in the children local: dummy credentials, a fixed
/// region, no proxies for the loopback names (moto's interpreter calls the
/// other services at `localhost`), no profile or config file from the user.
fn aws_sandbox_env(command: &mut Command) {
    for var in [
        "MOTO_PORT",
        "AWS_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "http_proxy",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(var);
    }
    command
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .env("PYTHONDONTWRITEBYTECODE", "1");
}

/// A bare HTTP/1.0 GET with short timeouts: enough for a readiness probe
/// without an HTTP client dependency.
fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    let addr = ("127.0.0.1", port);
    let addr = std::net::ToSocketAddrs::to_socket_addrs(&addr)?
        .next()
        .expect("one address");
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500))?;
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    stream.set_write_timeout(Some(Duration::from_secs(2)))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response)
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// What to set up and run. Resource names must be unique across the tests
/// of a binary, since they share one server: prefix them with the scenario name
/// ([`Scenario::scoped`]).
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub definition: String,
    pub input: Value,
    pub tables: Vec<Value>,
    pub queues: Vec<Value>,
    pub topics: Vec<Value>,
    pub buses: Vec<Value>,
    pub functions: Vec<Value>,
    pub timeout: Duration,
}

impl Scenario {
    /// A scenario called `name` with input `{}`, no fixtures and no
    /// definition yet ([`Scenario::definition`]).
    pub fn new(name: &str) -> Self {
        Scenario {
            name: name.to_owned(),
            definition: String::new(),
            input: json!({}),
            tables: Vec::new(),
            queues: Vec::new(),
            topics: Vec::new(),
            buses: Vec::new(),
            functions: Vec::new(),
            timeout: Duration::from_secs(30),
        }
    }

    /// `<scenario>-<base>`: a resource name no other scenario uses.
    pub fn scoped(scenario: &str, base: &str) -> String {
        format!("{scenario}-{base}")
    }

    /// The ASL JSON text to run.
    pub fn definition(mut self, definition: impl Into<String>) -> Self {
        self.definition = definition.into();
        self
    }

    pub fn input(mut self, input: Value) -> Self {
        self.input = input;
        self
    }

    /// A DynamoDB table with a string hash key `key`, seeded with `items`
    /// (DynamoDB-typed JSON).
    pub fn table(mut self, name: &str, key: &str, items: Vec<Value>) -> Self {
        self.tables
            .push(json!({"name": name, "key": key, "items": items}));
        self
    }

    pub fn queue(mut self, name: &str) -> Self {
        self.queues.push(json!({"name": name}));
        self
    }

    /// An SNS topic whose messages land raw in the SQS queue `tap_queue`.
    pub fn topic(mut self, name: &str, tap_queue: &str) -> Self {
        self.topics
            .push(json!({"name": name, "tap_queue": tap_queue}));
        self
    }

    /// An EventBridge bus whose rule sends the events of `source` to the
    /// queue `tap_queue`, so what was put can be read back.
    pub fn bus(mut self, name: &str, source: &str, tap_queue: &str) -> Self {
        self.buses
            .push(json!({"name": name, "source": source, "tap_queue": tap_queue}));
        self
    }

    pub fn function(mut self, name: &str) -> Self {
        self.functions.push(json!({"name": name}));
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// The driver's report on one execution.
#[derive(Debug, Clone)]
pub struct Report {
    pub name: String,
    pub json: Value,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "report of {}:\n{}",
            self.name,
            serde_json::to_string_pretty(&self.json).unwrap_or_default()
        )
    }
}

impl Report {
    /// `SUCCEEDED`, `FAILED`, … (or `CREATE_REJECTED` when moto refused the machine).
    pub fn status(&self) -> &str {
        if self.json["create_error"].is_string() {
            return "CREATE_REJECTED";
        }
        self.json["status"].as_str().unwrap_or("?")
    }

    pub fn output(&self) -> &Value {
        &self.json["output"]
    }

    pub fn error(&self) -> Option<&str> {
        self.json["error"].as_str()
    }

    pub fn cause(&self) -> Option<&str> {
        self.json["cause"].as_str()
    }

    pub fn events(&self) -> &[Value] {
        self.json["events"].as_array().map_or(&[], Vec::as_slice)
    }

    /// Names of the states entered, in order.
    pub fn entered(&self) -> Vec<&str> {
        self.events()
            .iter()
            .filter(|e| {
                e["type"]
                    .as_str()
                    .is_some_and(|t| t.ends_with("StateEntered"))
            })
            .filter_map(|e| e["state"].as_str())
            .collect()
    }

    /// Error names of the `TaskFailed` events, in order (one per attempt).
    pub fn task_failures(&self) -> Vec<&str> {
        self.events()
            .iter()
            .filter(|e| e["type"] == "TaskFailed")
            .filter_map(|e| e["error"].as_str())
            .collect()
    }

    /// Items of a table after the run (DynamoDB-typed JSON).
    pub fn table(&self, name: &str) -> &[Value] {
        self.json["tables"][name]
            .as_array()
            .map_or(&[], Vec::as_slice)
    }

    /// Bodies of the messages left in a queue after the run.
    pub fn messages(&self, queue: &str) -> Vec<&str> {
        self.json["queues"][queue]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect()
    }

    /// `Err` with the whole report unless the execution ended with `status`.
    pub fn check_status(&self, status: &str) -> Result<(), String> {
        if self.status() == status {
            Ok(())
        } else {
            Err(format!(
                "expected status {status}, got {} ({:?}: {:?})\n{self}",
                self.status(),
                self.error(),
                self.cause()
            ))
        }
    }

    /// Panics with the whole report unless the execution ended with `status`.
    pub fn expect_status(&self, status: &str) -> &Self {
        if let Err(e) = self.check_status(status) {
            panic!("{e}");
        }
        self
    }
}
