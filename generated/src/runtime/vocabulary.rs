//! The facts of the Amazon States Language that the builder, its validation,
//! the linter and the generator share: the state types and the fields each
//! allows, the Choice comparison operators, the enumerated values, the
//! integration pattern suffixes, the error names Step Functions defines, and
//! the limits it enforces.
//!
//! Plain data and pure functions over `&str`, with nothing from the rest of
//! the crate, so that the generator can include this same file. Lists keep
//! the order in which the linter offers them as suggestions.

// ---------------------------------------------------------------------------
// State types and their fields

/// The `Type` of every state, in the order error messages list them.
pub const STATE_TYPES: &[&str] = &[
    "Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map",
];

/// The top-level fields of a state machine.
pub const MACHINE_FIELDS: &[&str] = &[
    "Comment",
    "StartAt",
    "States",
    "TimeoutSeconds",
    "Version",
    "QueryLanguage",
];

/// The fields of a Task state.
pub const TASK_FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "QueryLanguage",
    "Next",
    "End",
    "InputPath",
    "OutputPath",
    "ResultPath",
    "Parameters",
    "ResultSelector",
    "Retry",
    "Catch",
    "Resource",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
    "Credentials",
    "Arguments",
    "Output",
    "Assign",
];

/// The fields of a Pass state.
pub const PASS_FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "QueryLanguage",
    "Next",
    "End",
    "InputPath",
    "OutputPath",
    "ResultPath",
    "Parameters",
    "Result",
    "Output",
    "Assign",
];

/// The fields of a Choice state.
pub const CHOICE_FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "QueryLanguage",
    "InputPath",
    "OutputPath",
    "Choices",
    "Default",
    "Output",
    "Assign",
];

/// The fields of a Wait state.
pub const WAIT_FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "QueryLanguage",
    "Next",
    "End",
    "InputPath",
    "OutputPath",
    "Seconds",
    "SecondsPath",
    "Timestamp",
    "TimestampPath",
    "Output",
    "Assign",
];

/// The fields of a Succeed state.
pub const SUCCEED_FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "QueryLanguage",
    "InputPath",
    "OutputPath",
    "Output",
];

/// The fields of a Fail state.
pub const FAIL_FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "QueryLanguage",
    "Error",
    "ErrorPath",
    "Cause",
    "CausePath",
];

/// The fields of a Parallel state.
pub const PARALLEL_FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "QueryLanguage",
    "Next",
    "End",
    "InputPath",
    "OutputPath",
    "ResultPath",
    "Parameters",
    "ResultSelector",
    "Retry",
    "Catch",
    "Branches",
    "Arguments",
    "Output",
    "Assign",
];

/// The fields of a Map state.
pub const MAP_FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "QueryLanguage",
    "Next",
    "End",
    "InputPath",
    "OutputPath",
    "ResultPath",
    "ResultSelector",
    "Retry",
    "Catch",
    "ItemsPath",
    "Items",
    "ItemSelector",
    "Parameters",
    "Iterator",
    "ItemProcessor",
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "Label",
    "Arguments",
    "Output",
    "Assign",
];

/// The fields a state of `state_type` allows; `None` for an unknown type.
pub fn state_fields(state_type: &str) -> Option<&'static [&'static str]> {
    Some(match state_type {
        "Task" => TASK_FIELDS,
        "Pass" => PASS_FIELDS,
        "Choice" => CHOICE_FIELDS,
        "Wait" => WAIT_FIELDS,
        "Succeed" => SUCCEED_FIELDS,
        "Fail" => FAIL_FIELDS,
        "Parallel" => PARALLEL_FIELDS,
        "Map" => MAP_FIELDS,
        _ => return None,
    })
}

/// Whether a state of `state_type` moves on with `Next` or ends with
/// `"End": true` (Choice, Succeed and Fail do neither).
pub fn has_transition(state_type: &str) -> bool {
    !matches!(state_type, "Choice" | "Succeed" | "Fail")
}

/// Whether a state of `state_type` always ends its scope (Succeed, Fail).
pub fn is_terminal_type(state_type: &str) -> bool {
    matches!(state_type, "Succeed" | "Fail")
}

/// State fields of JSONPath states only.
pub const JSONPATH_ONLY_FIELDS: &[&str] = &[
    "InputPath",
    "OutputPath",
    "ResultPath",
    "Parameters",
    "ResultSelector",
    "ItemsPath",
    "Result",
    "Iterator",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
    "MaxConcurrencyPath",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCountPath",
];

/// State fields of JSONata states only.
pub const JSONATA_ONLY_FIELDS: &[&str] = &["Arguments", "Output", "Items", "Condition"];

/// The ways a Wait state says how long to wait; it sets exactly one.
pub const WAIT_DURATION_FIELDS: &[&str] = &["Seconds", "Timestamp", "SecondsPath", "TimestampPath"];

/// The fields of a Parallel branch.
pub const BRANCH_FIELDS: &[&str] = &["StartAt", "States", "Comment", "QueryLanguage"];

/// The fields of a Map state's `ItemProcessor` (or older `Iterator`).
pub const ITEM_PROCESSOR_FIELDS: &[&str] = &[
    "StartAt",
    "States",
    "ProcessorConfig",
    "Comment",
    "QueryLanguage",
];

/// The fields of an `ItemProcessor`'s `ProcessorConfig`.
pub const PROCESSOR_CONFIG_FIELDS: &[&str] = &["Mode", "ExecutionType"];

/// The fields of an `ItemBatcher`.
pub const ITEM_BATCHER_FIELDS: &[&str] = &[
    "BatchInput",
    "MaxItemsPerBatch",
    "MaxInputBytesPerBatch",
    "MaxItemsPerBatchPath",
    "MaxInputBytesPerBatchPath",
];

/// The fields of an `ItemBatcher` of JSONPath states only.
pub const ITEM_BATCHER_PATH_FIELDS: &[&str] =
    &["MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"];

/// The fields of an `ItemReader`.
pub const ITEM_READER_FIELDS: &[&str] = &["Resource", "Parameters", "Arguments", "ReaderConfig"];

/// The fields of a `ResultWriter`.
pub const RESULT_WRITER_FIELDS: &[&str] = &["Resource", "Parameters", "Arguments", "WriterConfig"];

/// The integrations (`service:action`, request-response) a distributed Map
/// reads its items with (`ItemReader`).
pub const ITEM_READERS: &[&str] = &["s3:getObject", "s3:listObjectsV2"];

/// The integrations a distributed Map writes its results with (`ResultWriter`).
pub const RESULT_WRITERS: &[&str] = &["s3:putObject"];

/// The fields of a retrier (a `Retry` entry).
pub const RETRIER_FIELDS: &[&str] = &[
    "ErrorEquals",
    "IntervalSeconds",
    "MaxAttempts",
    "BackoffRate",
    "MaxDelaySeconds",
    "JitterStrategy",
    "Comment",
];

/// The fields of a catcher (a `Catch` entry).
pub const CATCHER_FIELDS: &[&str] = &[
    "ErrorEquals",
    "Next",
    "ResultPath",
    "Output",
    "Assign",
    "Comment",
];

/// The fields of a JSONPath Choice condition besides its comparison
/// operator ([`COMPARISON_OPERATORS`]); a rule, the top of a condition
/// tree, also has [`CHOICE_RULE_FIELDS`].
pub const CONDITION_FIELDS: &[&str] = &["Variable", "And", "Or", "Not", "Comment"];

/// The fields a JSONPath Choice rule has besides those of its condition.
pub const CHOICE_RULE_FIELDS: &[&str] = &["Next", "Assign"];

/// The fields of a JSONata Choice rule.
pub const JSONATA_CHOICE_RULE_FIELDS: &[&str] =
    &["Condition", "Next", "Comment", "Output", "Assign"];

/// The operators that combine JSONPath Choice conditions.
pub const CONDITION_COMBINATORS: &[&str] = &["And", "Or", "Not"];

// ---------------------------------------------------------------------------
// Choice comparison operators

/// Every comparison operator of a JSONPath Choice rule. Each has a literal
/// form and (except the type tests and `StringMatches`) a `…Path` form
/// comparing with the value at another path.
pub const COMPARISON_OPERATORS: &[&str] = &[
    "StringEquals",
    "StringEqualsPath",
    "StringLessThan",
    "StringLessThanPath",
    "StringGreaterThan",
    "StringGreaterThanPath",
    "StringLessThanEquals",
    "StringLessThanEqualsPath",
    "StringGreaterThanEquals",
    "StringGreaterThanEqualsPath",
    "StringMatches",
    "NumericEquals",
    "NumericEqualsPath",
    "NumericLessThan",
    "NumericLessThanPath",
    "NumericGreaterThan",
    "NumericGreaterThanPath",
    "NumericLessThanEquals",
    "NumericLessThanEqualsPath",
    "NumericGreaterThanEquals",
    "NumericGreaterThanEqualsPath",
    "BooleanEquals",
    "BooleanEqualsPath",
    "TimestampEquals",
    "TimestampEqualsPath",
    "TimestampLessThan",
    "TimestampLessThanPath",
    "TimestampGreaterThan",
    "TimestampGreaterThanPath",
    "TimestampLessThanEquals",
    "TimestampLessThanEqualsPath",
    "TimestampGreaterThanEquals",
    "TimestampGreaterThanEqualsPath",
    "IsNull",
    "IsPresent",
    "IsNumeric",
    "IsString",
    "IsBoolean",
    "IsTimestamp",
];

/// Whether `name` is a comparison operator ([`COMPARISON_OPERATORS`]).
pub fn is_comparison_operator(name: &str) -> bool {
    COMPARISON_OPERATORS.contains(&name)
}

/// Whether a comparison operator compares with the value at another path
/// (`StringEqualsPath`) rather than with a literal.
pub fn compares_with_path(operator: &str) -> bool {
    operator.ends_with("Path")
}

/// Whether a comparison operator tests the variable's type or presence
/// (`IsNull`, `IsPresent`, …); it takes `true` or `false`.
pub fn is_type_test(operator: &str) -> bool {
    operator.starts_with("Is")
}

// ---------------------------------------------------------------------------
// Enumerated values

/// The only ASL `Version`.
pub const ASL_VERSION: &str = "1.0";

/// `QueryLanguage` of JSONPath states (the default).
pub const JSONPATH: &str = "JSONPath";
/// `QueryLanguage` of JSONata states.
pub const JSONATA: &str = "JSONata";
/// Every `QueryLanguage`.
pub const QUERY_LANGUAGES: &[&str] = &[JSONPATH, JSONATA];

/// `JitterStrategy` randomising each retry interval.
pub const JITTER_FULL: &str = "FULL";
/// `JitterStrategy` following the backoff exactly (the default).
pub const JITTER_NONE: &str = "NONE";
/// Every `JitterStrategy`.
pub const JITTER_STRATEGIES: &[&str] = &[JITTER_FULL, JITTER_NONE];

/// `ProcessorConfig.Mode` of a Map running its iterations in the execution.
pub const MODE_INLINE: &str = "INLINE";
/// `ProcessorConfig.Mode` of a Map running child workflow executions.
pub const MODE_DISTRIBUTED: &str = "DISTRIBUTED";
/// Every `ProcessorConfig.Mode`.
pub const PROCESSOR_MODES: &[&str] = &[MODE_INLINE, MODE_DISTRIBUTED];

/// `ProcessorConfig.ExecutionType` of standard child workflows.
pub const EXECUTION_STANDARD: &str = "STANDARD";
/// `ProcessorConfig.ExecutionType` of express child workflows.
pub const EXECUTION_EXPRESS: &str = "EXPRESS";
/// Every `ProcessorConfig.ExecutionType`.
pub const EXECUTION_TYPES: &[&str] = &[EXECUTION_STANDARD, EXECUTION_EXPRESS];

// ---------------------------------------------------------------------------
// Integration patterns

/// The `Resource` suffix of the "Run a Job" pattern.
pub const SYNC_SUFFIX: &str = ".sync";
/// The `Resource` suffix of "Run a Job" with JSON output (`states:startExecution`).
pub const SYNC_V2_SUFFIX: &str = ".sync:2";
/// The `Resource` suffix of the callback pattern.
pub const WAIT_FOR_TASK_TOKEN_SUFFIX: &str = ".waitForTaskToken";
/// Every integration pattern suffix (request-response has none).
pub const PATTERN_SUFFIXES: &[&str] = &[SYNC_SUFFIX, SYNC_V2_SUFFIX, WAIT_FOR_TASK_TOKEN_SUFFIX];

/// What starts the service part of an AWS SDK integration
/// (`arn:aws:states:::aws-sdk:s3:listBuckets`).
pub const SDK_INTEGRATION_PREFIX: &str = "aws-sdk:";

// ---------------------------------------------------------------------------
// Reserved names

/// What starts every intrinsic function (`States.Format(…)`) and every error
/// name Step Functions defines (`States.Timeout`); user errors must not.
pub const STATES_PREFIX: &str = "States.";

/// Whether the value of a `.$` key is an intrinsic function call rather
/// than a path.
pub fn is_intrinsic_call(text: &str) -> bool {
    text.starts_with(STATES_PREFIX)
}

/// Error names defined by Step Functions, for `ErrorEquals`. Error names are
/// case-sensitive; user errors must not start with `States.`.
pub mod errors {
    /// Matches any error name (except `States.DataLimitExceeded` and `States.Runtime`).
    /// It must be alone and last.
    pub const ALL: &str = "States.ALL";
    /// A Parallel or Map branch failed.
    pub const BRANCH_FAILED: &str = "States.BranchFailed";
    /// Output exceeded the 256 KiB payload quota (not retriable, not matched by `States.ALL`).
    pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
    /// A Task's heartbeat timed out.
    pub const HEARTBEAT_TIMEOUT: &str = "States.HeartbeatTimeout";
    /// An intrinsic function failed.
    pub const INTRINSIC_FAILURE: &str = "States.IntrinsicFailure";
    /// A Map state's failure threshold was exceeded.
    pub const EXCEED_TOLERATED_FAILURE_THRESHOLD: &str = "States.ExceedToleratedFailureThreshold";
    /// A distributed Map could not read its items.
    pub const ITEM_READER_FAILED: &str = "States.ItemReaderFailed";
    /// A distributed Map could not write its results.
    pub const RESULT_WRITER_FAILED: &str = "States.ResultWriterFailed";
    /// No Choice rule matched and there is no `Default`.
    pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
    /// A path in `Parameters` did not resolve.
    pub const PARAMETER_PATH_FAILURE: &str = "States.ParameterPathFailure";
    /// The execution role lacks a permission.
    pub const PERMISSIONS: &str = "States.Permissions";
    /// `ResultPath` could not be applied.
    pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
    /// An unrecoverable runtime error (not retriable).
    pub const RUNTIME: &str = "States.Runtime";
    /// A Task failed; matches every error except `States.Timeout`.
    pub const TASK_FAILED: &str = "States.TaskFailed";
    /// A Task ran longer than `TimeoutSeconds` or missed its heartbeat.
    pub const TIMEOUT: &str = "States.Timeout";
    /// A JSONata expression failed to evaluate.
    pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";
}

// ---------------------------------------------------------------------------
// Limits

/// The most characters a state name has (and at least one).
pub const MAX_STATE_NAME_LENGTH: usize = 80;

/// The most characters a state machine's name has (and at least one).
pub const MAX_STATE_MACHINE_NAME_LENGTH: usize = 80;

/// Why `name` cannot name a state machine, if it cannot: Step Functions'
/// `CreateStateMachine` takes 1 to 80 characters without white space,
/// brackets `< > { } [ ]`, wildcards `? *`, the characters
/// `" # % \ ^ | ~ ` $ & , ; : /` and control characters (U+0000–001F,
/// U+007F–009F, U+FFFE–FFFF).
pub fn state_machine_name_problem(name: &str) -> Option<String> {
    const FORBIDDEN: &str = "<>{}[]?*\"#%\\^|~`$&,;:/";
    let length = name.chars().count();
    if length == 0 {
        return Some("the name is empty".to_owned());
    }
    if length > MAX_STATE_MACHINE_NAME_LENGTH {
        return Some(format!(
            "the name is {length} characters long; the limit is {MAX_STATE_MACHINE_NAME_LENGTH}"
        ));
    }
    let control = |c: char| matches!(c as u32, 0..=0x1f | 0x7f..=0x9f | 0xfffe..=0xffff | 0x10ffff);
    name.chars()
        .find(|&c| c.is_whitespace() || control(c) || FORBIDDEN.contains(c))
        .map(|c| {
            format!(
                "{c:?} is not allowed in a state machine's name (no white space, brackets, wildcards, control characters or any of \" # % \\ ^ | ~ ` $ & , ; : /)"
            )
        })
}

/// The largest state machine definition Step Functions accepts, in bytes
/// (1 MB; the "Maximum request size" and "state machine definition size"
/// quotas).
pub const MAX_DEFINITION_BYTES: usize = 1_048_576;

/// The most Step Functions accepts for `TimeoutSeconds` (of the machine and
/// of a Task), `HeartbeatSeconds`, a Wait's `Seconds` and a retrier's
/// `IntervalSeconds`.
pub const MAX_SECONDS: i64 = 99_999_999;

/// How deep arrays and objects may nest in a definition, the document
/// itself being level 1. AWS documents no nesting limit besides the 1 MB
/// size; this one is sfn-tasks' own, shared by the builder and the linter so
/// that both accept the same definitions and neither recursion (rendering,
/// validation, linting) can be driven past the stack. A Parallel adds 4
/// levels, a Map 3; real definitions stay far below it.
pub const MAX_JSON_NESTING: usize = 256;

/// The most `MaxAttempts` of a retrier.
pub const MAX_RETRY_ATTEMPTS: i64 = 99_999_999;

/// The most `MaxDelaySeconds` of a retrier (366 days; at least 1).
pub const MAX_RETRY_DELAY_SECONDS: i64 = 31_622_400;

/// The least `BackoffRate` of a retrier.
pub const MIN_BACKOFF_RATE: f64 = 1.0;

/// The most `MaxConcurrency` the linter accepts (0 means no limit).
pub const MAX_CONCURRENCY: i64 = 99_999_999;

/// The most `ToleratedFailurePercentage` of a distributed Map (at least 0).
pub const MAX_TOLERATED_FAILURE_PERCENTAGE: f64 = 100.0;

/// The most `MaxInputBytesPerBatch` of an `ItemBatcher` (256 KiB).
pub const MAX_BATCH_INPUT_BYTES: i64 = 262_144;

/// The most `MaxItems` of an `ItemReader`'s `ReaderConfig`.
pub const MAX_READER_ITEMS: i64 = 100_000_000;

/// The most characters of a distributed Map's `Label`.
pub const MAX_LABEL_LENGTH: usize = 40;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_type_has_its_fields() {
        for kind in STATE_TYPES {
            let fields = state_fields(kind).unwrap();
            assert_eq!(fields[0], "Type", "{kind}");
            assert!(fields.contains(&"Comment"), "{kind}");
        }
        assert_eq!(state_fields("Pasz"), None);
        assert!(has_transition("Map") && !has_transition("Choice"));
        assert!(is_terminal_type("Fail") && !is_terminal_type("Pass"));
    }

    #[test]
    fn language_only_fields_are_state_fields() {
        for field in JSONPATH_ONLY_FIELDS.iter().chain(JSONATA_ONLY_FIELDS) {
            let somewhere = STATE_TYPES
                .iter()
                .any(|kind| state_fields(kind).unwrap().contains(field));
            // `Condition` belongs to a JSONata Choice rule, not to a state.
            assert!(somewhere || *field == "Condition", "{field}");
        }
    }

    #[test]
    fn operators() {
        assert_eq!(COMPARISON_OPERATORS.len(), 39);
        assert!(is_comparison_operator("IsPresent"));
        assert!(!is_comparison_operator("And"));
        assert!(compares_with_path("NumericEqualsPath") && !compares_with_path("StringMatches"));
        assert!(is_type_test("IsTimestamp") && !is_type_test("TimestampEquals"));
        assert!(is_intrinsic_call("States.Format('{}', $.a)") && !is_intrinsic_call("$.a"));
    }
}
