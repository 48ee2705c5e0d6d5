//! The structural checks of an ASL definition, over the position-keeping
//! tree of [`json`](mod@super::json).
//!
//! The rules are the crate's own (`StateMachine` validation): names, dangling
//! transitions, unreachable states, a way out, reference paths, fields of
//! one query language only, retry error lists. They are re-stated here over
//! raw JSON instead of building the crate's typed states, because a linter
//! must go on after the first malformed field and must point at the exact
//! key; the leaf parsers (JSONPath, intrinsic functions, JSONata) are the
//! crate's, so a path is valid here exactly when the builder accepts it.
//! The facts of the language (the fields of each state type, the Choice
//! operators, the limits) are the crate's too, from
//! [`vocabulary`](crate::runtime::vocabulary).
//!
//! This file is the entry point ([`lint_all`]), the [`Linter`] that walks a
//! definition and collects its findings, and the machine's own fields. The
//! other files each check one part:
//!
//! - [`scope`]: a set of states (the machine, a Parallel branch, a Map
//!   processor): names, transitions, reachability, a way out;
//! - [`state`]: one state: its `Type` and fields, its query language,
//!   `Next`/`End`, the fields several types share, and the types with few
//!   fields of their own (Wait, Fail, Parallel);
//! - [`task`]: a Task's `Resource`, integration pattern and timeouts, and
//!   its `Parameters`/`Arguments` (against the service models, through
//!   [`params`](crate::check::params));
//! - [`choice`]: Choice rules and conditions;
//! - [`map`]: Map: its processor, `ItemReader`, `ResultWriter`,
//!   `ItemBatcher` and limits;
//! - [`retry`]: retriers and catchers;
//! - [`paths`]: JSONPath, reference paths, intrinsic functions, JSONata,
//!   payload templates, and text with `${…}` placeholders;
//! - [`fields`]: the building blocks: unknown and duplicate keys, fields of
//!   the other query language, strings, numbers, objects, arrays,
//!   enumerated values, timestamps, transitions;
//! - [`suggest`]: the did-you-mean hints.
//!
//! Every finding has a stable code. Errors: `not-an-object` (the
//! definition), `wrong-type`, `missing-field`, `unknown-field`,
//! `duplicate-key`, `invalid-value`, `out-of-range`, `empty`, `conflict`
//! (a field and its `…Path` form, or `ItemProcessor` and `Iterator`),
//! `language` (a field of the other query language), `invalid-name`,
//! `duplicate-state`, `dangling-transition`, `unreachable`, `no-terminal`,
//! `next-and-end`, `no-next`, `invalid-path`, `invalid-jsonata`,
//! `invalid-intrinsic`, `invalid-condition`, `invalid-wait`,
//! `unknown-resource`, `unknown-action`, `unsupported-pattern`,
//! `missing-task-token`, and from the parameter check `unknown-parameter`,
//! `missing-parameter`, `invalid-enum`, `union`. Warnings: `literal-path`
//! (text under a key without `.$` that reads as a path) and `not-checked`
//! (a definition only known at deploy time).

mod choice;
mod fields;
mod map;
mod paths;
mod pointer;
mod retry;
mod scope;
mod state;
mod task;

use std::collections::HashMap;
use std::fmt::Display;

use super::json::{Node, Value};
use super::{Definition, Diagnostic, Finding, Severity, Source};
use crate::runtime::vocabulary::{ASL_VERSION, MACHINE_FIELDS, MAX_SECONDS};

pub(crate) use crate::check::suggest::did_you_mean;
/// Query language in force for a state: the builder's own type.
pub(crate) use crate::runtime::QueryLanguage as Language;
/// Whether a string is a JSONata template (`{% … %}`).
pub(crate) use crate::runtime::is_jsonata_template as is_jsonata;
pub(crate) use pointer::Pointer;

/// A transition found in a state: the target's name, the offset of the
/// value naming it, and its pointer.
type Target = (String, usize, String);

/// Walks one definition and collects findings.
pub(crate) struct Linter {
    /// Errors: the definition is wrong.
    pub(crate) findings: Vec<Finding>,
    /// Warnings and notes: probably a mistake, or something not checked.
    pub(crate) warnings: Vec<Finding>,
    /// Every state name → pointer of its first definition, machine-wide.
    names: HashMap<String, String>,
    /// Whether the scope being checked has a transition only known at
    /// deploy time, so that reachability cannot be judged.
    unknown_transition: bool,
    /// The state being checked, for findings.
    state: Option<String>,
}

impl crate::check::Report for Linter {
    fn error(&mut self, offset: usize, pointer: &str, code: &'static str, message: String) {
        Linter::error(self, offset, &pointer, code, message);
    }
}

impl Linter {
    pub(crate) fn new() -> Self {
        Linter {
            findings: Vec::new(),
            warnings: Vec::new(),
            names: HashMap::new(),
            unknown_transition: false,
            state: None,
        }
    }

    /// Names the state being checked, reusing the last name's buffer (this
    /// runs for every state, twice).
    fn set_state(&mut self, name: &str) {
        match &mut self.state {
            Some(state) => {
                state.clear();
                state.push_str(name);
            }
            None => self.state = Some(name.to_owned()),
        }
    }

    /// Records a finding; `pointer` is a [`Pointer`] or, from the
    /// parameter check, its text.
    pub(crate) fn error(
        &mut self,
        at: usize,
        pointer: &dyn Display,
        code: &'static str,
        message: String,
    ) {
        self.findings.push(Finding {
            offset: at,
            pointer: pointer.to_string(),
            state: self.state.clone(),
            code,
            message,
        });
    }

    /// Records a finding; `pointer` is a [`Pointer`] or, from the
    /// parameter check, its text.
    pub(crate) fn warn(
        &mut self,
        at: usize,
        pointer: &dyn Display,
        code: &'static str,
        message: String,
    ) {
        self.warnings.push(Finding {
            offset: at,
            pointer: pointer.to_string(),
            state: self.state.clone(),
            code,
            message,
        });
    }

    /// Checks a whole definition.
    pub(crate) fn definition(&mut self, root: &Node) {
        if let Value::Deferred(what) = &root.value {
            let message = if what == super::source::REMOTE_DEFINITION {
                "the definition is not in a local file (an S3 location, read at deploy time), so it was not checked".to_owned()
            } else {
                let function = what.trim_start_matches("${").trim_end_matches('}');
                format!(
                    "the definition is made by {function} at deploy time, so it was not checked"
                )
            };
            self.warn(root.start, &Pointer::ROOT, "not-checked", message);
            return;
        }
        let Some(entries) = root.as_object() else {
            self.error(
                root.start,
                &Pointer::ROOT,
                "not-an-object",
                format!(
                    "a state machine definition is an object, not {}",
                    root.type_name()
                ),
            );
            return;
        };
        self.unknown_fields(
            entries,
            &Pointer::ROOT,
            MACHINE_FIELDS,
            "field of a state machine",
        );
        let language = self.query_language(root, &Pointer::ROOT, Language::JsonPath);
        self.integer_field(root, &Pointer::ROOT, "TimeoutSeconds", 1, MAX_SECONDS);
        if let Some(v) = root.get("Version")
            && v.as_str() != Some(ASL_VERSION)
        {
            self.error(
                v.start,
                &Pointer::ROOT.key("Version"),
                "invalid-value",
                "Version must be \"1.0\", the only ASL version".to_owned(),
            );
        }
        if let Some(c) = root.get("Comment") {
            self.string(c, &Pointer::ROOT.key("Comment"));
        }
        self.scope(root, &Pointer::ROOT, language);
    }
}

/// Every finding of every definition of `source`, errors and warnings,
/// in document order (see [`cli::lint`](super::lint())).
pub(crate) fn lint_all(source: &Source) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for definition in &source.definitions {
        let mut linter = Linter::new();
        if definition.embedded.is_none() && source.text.trim().is_empty() {
            // Parsed, an empty file is `null`; say what the user sees.
            linter.error(
                0,
                &Pointer::ROOT,
                "not-an-object",
                "the file is empty; a state machine definition is an object with StartAt and States"
                    .to_owned(),
            );
        } else {
            linter.definition(&definition.root);
        }
        definition_size(&mut linter, source, definition);
        let mut found: Vec<(Severity, Finding)> = linter
            .findings
            .into_iter()
            .map(|f| (Severity::Error, f))
            .chain(linter.warnings.into_iter().map(|f| (Severity::Warning, f)))
            .collect();
        found.sort_by_key(|(_, f)| f.offset);
        for (severity, finding) in found {
            out.extend(super::place(source, definition, severity, vec![finding]));
        }
    }
    out
}

/// A definition over Step Functions' size limit: measured as it is sent,
/// which is the text itself for a JSON file or a `DefinitionString`, and
/// compact JSON for a YAML file or an inline `Definition` (CloudFormation
/// and the tools convert those). Only text longer than the limit is
/// measured, so a normal lint does not pay for it.
fn definition_size(linter: &mut Linter, source: &Source, definition: &Definition) {
    use crate::runtime::vocabulary::MAX_DEFINITION_BYTES;
    let (written, as_text) = match &definition.embedded {
        Some(text) => (text.len(), true),
        None => (
            source.text.len(),
            definition.resource.is_none() && source.text.trim_start().starts_with('{'),
        ),
    };
    if written <= MAX_DEFINITION_BYTES {
        return;
    }
    let size = if as_text {
        written
    } else {
        definition.root.compact_len()
    };
    if size > MAX_DEFINITION_BYTES {
        linter.error(
            definition.root.start,
            &Pointer::ROOT,
            "definition-too-large",
            format!(
                "the definition is {size} bytes{}; Step Functions accepts at most {MAX_DEFINITION_BYTES} (1 MB)",
                if as_text { "" } else { " as compact JSON" }
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint_text(path: &str, text: &str) -> Vec<Diagnostic> {
        lint_all(&Source::parse(path, text.to_owned()).unwrap())
    }

    fn pass_with(parameters: &str, language: &str) -> String {
        format!(
            r#"{{"QueryLanguage": "{language}", "StartAt": "P", "States": {{"P": {{"Type": "Pass", "{}": {parameters}, "End": true}}}}}}"#,
            if language == "JSONata" {
                "Output"
            } else {
                "Parameters"
            }
        )
    }

    #[test]
    fn non_integer_timeouts_are_not_compared() {
        let found = lint_text(
            "m.json",
            r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "TimeoutSeconds": 10.5, "HeartbeatSeconds": 5.5, "End": true}}}"#,
        );
        assert!(!found.is_empty(), "non-integers are still findings");
        assert!(
            found
                .iter()
                .all(|d| !d.message.contains("must be smaller than TimeoutSeconds")),
            "{found:#?}"
        );
        let found = lint_text(
            "m.json",
            r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "TimeoutSeconds": 5, "HeartbeatSeconds": 5, "End": true}}}"#,
        );
        assert!(
            found
                .iter()
                .any(|d| d.message == "HeartbeatSeconds must be smaller than TimeoutSeconds"),
            "{found:#?}"
        );
    }

    #[test]
    fn enumerated_fields_known_at_deploy_time_are_not_judged() {
        let machine = |jitter: &str| {
            format!(
                r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {{"FunctionName": "f"}}, "Retry": [{{"ErrorEquals": ["States.ALL"], "JitterStrategy": {jitter}}}], "End": true}}}}}}"#
            )
        };
        let deferred = lint_text("m.json", &machine(r#""${Jitter}""#));
        assert!(
            deferred.iter().all(|d| d.code != "invalid-value"),
            "{deferred:#?}"
        );
        let wrong = lint_text("m.json", &machine(r#""SOMETIMES""#));
        assert!(
            wrong
                .iter()
                .any(|d| d.code == "invalid-value" && d.pointer.ends_with("/JitterStrategy")),
            "{wrong:#?}"
        );
    }

    #[test]
    fn a_literal_that_reads_as_a_path_is_a_warning_with_the_fix() {
        let found = lint_text(
            "m.json",
            &pass_with(
                r#"{"taskId": "$.result.taskId", "run": {"id": "$$.Execution.Id"}, "ok.$": "$.a", "price": "$5", "text": "$.", "note": "costs $.50 or so"}"#,
                "JSONPath",
            ),
        );
        let warnings: Vec<_> = found
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        assert!(
            found.iter().all(|d| d.severity == Severity::Warning),
            "{found:#?}"
        );
        assert_eq!(warnings.len(), 2, "{warnings:#?}");
        assert_eq!(warnings[0].code, "literal-path");
        assert_eq!(warnings[0].pointer, "/States/P/Parameters/taskId");
        assert_eq!(
            warnings[0].message,
            "\"$.result.taskId\" is sent as the literal text; did you mean \"taskId.$\"?"
        );
        assert_eq!(warnings[1].pointer, "/States/P/Parameters/run/id");
        // JSONata states have no `.$` keys: `$` text there is just text.
        let jsonata = lint_text(
            "m.json",
            &pass_with(r#"{"taskId": "$.result.taskId"}"#, "JSONata"),
        );
        assert!(jsonata.is_empty(), "{jsonata:#?}");
    }

    #[test]
    fn a_definition_in_s3_gets_a_note_not_an_error() {
        let template = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Remote:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: s3://bucket/machine.asl.json\n  Cfn:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionS3Location: {Bucket: b, Key: k}\n";
        let found = lint_text("template.yaml", template);
        assert_eq!(found.len(), 2, "{found:#?}");
        for (d, (resource, line)) in found.iter().zip([("Remote", 6), ("Cfn", 10)]) {
            assert_eq!(d.severity, Severity::Warning);
            assert_eq!(d.code, "not-checked");
            assert_eq!(d.resource.as_deref(), Some(resource));
            assert_eq!((d.file.as_str(), d.line), ("template.yaml", line));
            assert!(d.message.contains("not in a local file"), "{}", d.message);
        }
    }

    #[test]
    fn findings_in_a_definition_uri_file_name_that_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("statemachine")).unwrap();
        let machine = dir.path().join("statemachine/flow.asl.yaml");
        std::fs::write(
            &machine,
            "StartAt: Wait\nStates:\n  Wait:\n    Type: Wait\n    Seconds: ${Delay}\n    Nxet: Done\n    End: true\n",
        )
        .unwrap();
        let template = dir.path().join("template.yaml");
        let text = "Resources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: statemachine/flow.asl.yaml\n      DefinitionSubstitutions:\n        Delay: 30\n";
        let path = template.to_str().unwrap();
        let found = lint_text(path, text);
        assert_eq!(found.len(), 1, "{found:#?}");
        let d = &found[0];
        assert_eq!(d.code, "unknown-field");
        assert_eq!(d.file, machine.to_str().unwrap());
        assert_eq!((d.line, d.column), (6, 5));
        assert_eq!(d.resource.as_deref(), Some("Flow"));
        let source = Source::parse(path, text.to_owned()).unwrap();
        assert_eq!(
            source.definitions[0].context.substitutions["Delay"].as_deref(),
            Some("30")
        );
    }
}
