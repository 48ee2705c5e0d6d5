//! `sfn-tasks`: lint, policy, cfn and graph for existing Step Functions
//! definitions. The work is in `sfn_tasks::cli`; this is argument parsing
//! and exit codes: 0 clean (warnings only included), 1 errors found, 2 bad
//! usage or unreadable input.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use sfn_tasks::cli::{self, Definition, Diagnostic, GraphFormat, Severity, Source};
use sfn_tasks::runtime::Bindings;

#[derive(Parser)]
#[command(
    name = "sfn-tasks",
    version,
    about = "Check AWS Step Functions definitions against the AWS API models; derive their IAM policy, a CloudFormation template or a diagram"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check definitions (ASL JSON, or CloudFormation/SAM templates in JSON or YAML).
    Lint {
        /// Files to check (`-` reads standard input).
        #[arg(required = true)]
        files: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the least-privilege IAM policy document the definition needs.
    Policy {
        /// The definition or template.
        file: String,
        #[command(flatten)]
        bind: Bind,
        /// The state machine's name (scopes a distributed Map's child executions).
        #[arg(long, value_parser = machine_name)]
        name: Option<String>,
        /// Which state machine of a template (logical id); the first by default.
        #[arg(long)]
        resource: Option<String>,
    },
    /// Print a CloudFormation template: execution role, policy, state machine.
    Cfn {
        /// The definition or template.
        file: String,
        /// `StateMachineName`.
        #[arg(long, value_parser = machine_name)]
        name: Option<String>,
        #[command(flatten)]
        bind: Bind,
        /// Which state machine of a template (logical id); the first by default.
        #[arg(long)]
        resource: Option<String>,
    },
    /// Draw the workflow.
    Graph {
        /// The definition or template.
        file: String,
        /// Diagram language.
        #[arg(long, value_enum, default_value_t = Diagram::Mermaid)]
        format: Diagram,
        /// Which state machine of a template (logical id); the first by default.
        #[arg(long)]
        resource: Option<String>,
    },
}

#[derive(clap::Args)]
struct Bind {
    /// Partition instead of ${AWS::Partition}.
    #[arg(long)]
    partition: Option<String>,
    /// Region instead of ${AWS::Region}.
    #[arg(long)]
    region: Option<String>,
    /// Account id instead of ${AWS::AccountId}.
    #[arg(long)]
    account: Option<String>,
}

impl Bind {
    fn bindings(&self) -> Bindings {
        let mut b = Bindings::new();
        if let Some(p) = &self.partition {
            b = b.partition(p);
        }
        if let Some(r) = &self.region {
            b = b.region(r);
        }
        if let Some(a) = &self.account {
            b = b.account(a);
        }
        b
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Diagram {
    Mermaid,
    Dot,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version are not errors.
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli.command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("sfn-tasks: {message}");
            ExitCode::from(2)
        }
    }
}

/// Reads a file, or standard input for `-`.
fn load(path: &str) -> Result<Source, String> {
    let (label, bytes) = if path == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| format!("<stdin>: {e}"))?;
        ("<stdin>", bytes)
    } else {
        (
            path,
            std::fs::read(path).map_err(|e| format!("{path}: {e}"))?,
        )
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{label}: not UTF-8: invalid byte at offset {}",
            e.utf8_error().valid_up_to()
        )
    })?;
    Source::parse(label, text).map_err(|e| e.to_string())
}

/// `--name`: a name Step Functions accepts for a state machine.
fn machine_name(name: &str) -> Result<String, String> {
    match sfn_tasks::runtime::vocabulary::state_machine_name_problem(name) {
        Some(problem) => Err(problem),
        None => Ok(name.to_owned()),
    }
}

/// The definition `policy`, `cfn` and `graph` work on: it must be a state
/// machine (an object), not an empty file, an array or a definition kept
/// outside the file.
fn pick<'a>(source: &'a Source, resource: Option<&str>) -> Result<&'a Definition, String> {
    let definition = pick_any(source, resource)?;
    if definition.root.as_object().is_some() {
        return Ok(definition);
    }
    let path = &source.path;
    Err(if source.text.trim().is_empty() {
        format!("{path}: the file is empty; expected a state machine definition")
    } else if definition.root.is_deferred() {
        format!(
            "{path}: the state machine's definition is not in the file (it is read at deploy time); nothing to derive"
        )
    } else {
        format!(
            "{path}: not a state machine definition: expected an object with StartAt and States, found {}",
            definition.root.type_name()
        )
    })
}

fn pick_any<'a>(source: &'a Source, resource: Option<&str>) -> Result<&'a Definition, String> {
    match resource {
        None => source
            .definitions
            .first()
            .ok_or_else(|| format!("{}: no state machine", source.path)),
        Some(id) => source
            .definitions
            .iter()
            .find(|d| d.resource.as_deref() == Some(id))
            .ok_or_else(|| format!("{}: no state machine with logical id {id}", source.path)),
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("{}", w.to_text());
    }
}

fn print(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    Ok(())
}

fn pretty(value: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Lint { files, format } => {
            let mut diagnostics = Vec::new();
            let mut unreadable = false;
            for path in &files {
                match load(path) {
                    Ok(source) => diagnostics.extend(cli::lint(&source)),
                    Err(message) => {
                        eprintln!("sfn-tasks: {message}");
                        unreadable = true;
                    }
                }
            }
            match format {
                Format::Text => {
                    let mut text = String::new();
                    for d in &diagnostics {
                        text.push_str(&d.to_text());
                        text.push('\n');
                    }
                    print(&text)?;
                }
                Format::Json => {
                    let all: Vec<serde_json::Value> =
                        diagnostics.iter().map(Diagnostic::to_json).collect();
                    print(&pretty(&serde_json::Value::Array(all)))?;
                }
            }
            // Warnings are worth reading but do not make a definition wrong.
            let errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
            Ok(if unreadable {
                ExitCode::from(2)
            } else if errors {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Policy {
            file,
            bind,
            name,
            resource,
        } => {
            let source = load(&file)?;
            let definition = pick(&source, resource.as_deref())?;
            let (document, warnings) =
                cli::policy(&source, definition, &bind.bindings(), name.as_deref());
            print_warnings(&warnings);
            print(&pretty(&document))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Cfn {
            file,
            name,
            bind,
            resource,
        } => {
            let source = load(&file)?;
            let definition = pick(&source, resource.as_deref())?;
            let (template, warnings) =
                cli::cloudformation(&source, definition, &bind.bindings(), name.as_deref());
            print_warnings(&warnings);
            print(&pretty(&template))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Graph {
            file,
            format,
            resource,
        } => {
            let source = load(&file)?;
            let definition = pick(&source, resource.as_deref())?;
            let format = match format {
                Diagram::Mermaid => GraphFormat::Mermaid,
                Diagram::Dot => GraphFormat::Dot,
            };
            print(&cli::graph(definition, format))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
