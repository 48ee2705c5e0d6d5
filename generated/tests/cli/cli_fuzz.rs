//! Random input never panics the definition parser, the linter, the policy
//! derivation or the diagram writers. Bounded runs (proptest's default case
//! count); `PROPTEST_CASES=100000 cargo test --features cli --test cli cli_fuzz::`
//! runs longer.

use proptest::prelude::*;
use sfn_tasks::cli::{self, GraphFormat, Source};
use sfn_tasks::runtime::Bindings;

fn exercise(text: String) {
    exercise_at("fuzz.json", text);
}

fn exercise_at(path: &str, text: String) {
    if let Ok(source) = Source::parse(path, text) {
        let _ = cli::lint(&source);
        for d in &source.definitions {
            let _ = cli::policy(&source, d, &Bindings::new(), None);
            let _ = cli::cloudformation(&source, d, &Bindings::new(), Some("M"));
            let _ = cli::graph(d, GraphFormat::Mermaid);
            let _ = cli::graph(d, GraphFormat::Dot);
        }
    }
}

/// JSON-ish text built from ASL's own vocabulary, so the linter's deeper
/// paths are reached, not only the parser's error paths.
fn asl_like() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("\"Type\"".to_owned()),
        Just("\"Task\"".to_owned()),
        Just("\"Choice\"".to_owned()),
        Just("\"Map\"".to_owned()),
        Just("\"Parallel\"".to_owned()),
        Just("\"StartAt\"".to_owned()),
        Just("\"States\"".to_owned()),
        Just("\"Next\"".to_owned()),
        Just("\"End\"".to_owned()),
        Just("\"Resource\"".to_owned()),
        Just("\"arn:aws:states:::dynamodb:putItem\"".to_owned()),
        Just(
            "\"arn:${AWS::Partition}:states:::aws-sdk:sqs:sendMessage.waitForTaskToken\""
                .to_owned()
        ),
        Just("\"Parameters\"".to_owned()),
        Just("\"Arguments\"".to_owned()),
        Just("\"QueryLanguage\"".to_owned()),
        Just("\"JSONata\"".to_owned()),
        Just("\"TableName\"".to_owned()),
        Just("\"Item.$\"".to_owned()),
        Just("\"$.a[?(@.b > 1)]\"".to_owned()),
        Just("\"States.Format('{}', $.x)\"".to_owned()),
        Just("\"{% $states.input %}\"".to_owned()),
        Just("\"Branches\"".to_owned()),
        Just("\"ItemProcessor\"".to_owned()),
        Just("\"Choices\"".to_owned()),
        Just("\"Variable\"".to_owned()),
        Just("\"StringEquals\"".to_owned()),
        Just("\"Resources\"".to_owned()),
        Just("\"AWS::StepFunctions::StateMachine\"".to_owned()),
        Just("\"DefinitionString\"".to_owned()),
        "[a-zA-Z$.{}%]{0,6}".prop_map(|s| format!("{s:?}")),
        Just("true".to_owned()),
        Just("null".to_owned()),
        (-5i64..100).prop_map(|n| n.to_string()),
    ];
    let leaf = atoms.boxed();
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((inner.clone(), inner), 0..6).prop_map(|v| {
                let members: Vec<String> = v
                    .into_iter()
                    .map(|(k, v)| {
                        let key = if k.starts_with('"') {
                            k
                        } else {
                            format!("{k:?}")
                        };
                        format!("{key}:{v}")
                    })
                    .collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

/// `text` with `${Name}` placeholders put in at the byte positions
/// `cuts` (those that fall on a character boundary).
fn with_placeholders(text: &str, cuts: &[(usize, bool)]) -> String {
    let mut out = text.to_owned();
    let mut cuts: Vec<_> = cuts
        .iter()
        .map(|&(c, arn)| (c % (text.len() + 1), arn))
        .collect();
    cuts.sort_unstable();
    for &(at, arn) in cuts.iter().rev() {
        if out.is_char_boundary(at) {
            out.insert_str(at, if arn { "${Topic.Arn}" } else { "${X}" });
        }
    }
    out
}

/// JSONata-looking text: the grammar's tokens in any order.
fn jsonata_like() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "$states",
        ".",
        "input",
        "$x",
        ":=",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ";",
        ":",
        "?",
        "+",
        "-",
        "*",
        "**",
        "/",
        "/a/i",
        "%",
        "|",
        "=",
        "!=",
        "<",
        ">=",
        "^",
        "~>",
        "..",
        "@",
        "#",
        "and",
        "or",
        "in",
        "&",
        "'s'",
        "\"t\"",
        "`n`",
        "12",
        "1.5e3",
        "true",
        "null",
        "function",
        "λ",
        "<n:n>",
        "$f",
        "/*c*/",
        "??",
        "?:",
        "!",
        "~",
        "'\\u00e9'",
    ]);
    prop::collection::vec(token, 0..24).prop_map(|t| t.join(" "))
}

proptest! {
    #[test]
    fn jsonata_shaped_expressions_never_panic(expr in jsonata_like()) {
        let _ = sfn_tasks::Jsonata::new(expr.as_str());
        let state = serde_json::json!({"Type": "Pass", "Output": {"x": format!("{{% {expr} %}}")}, "End": true});
        let machine = serde_json::json!({"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": state}});
        exercise(machine.to_string());
    }

    #[test]
    fn substituted_definition_strings_never_panic(
        text in asl_like(),
        cuts in prop::collection::vec((0usize..4096, any::<bool>()), 0..6),
        variables in any::<bool>(),
    ) {
        let body = with_placeholders(&text, &cuts);
        let sub = if variables {
            serde_json::json!([body, {"X": 30, "Topic": {"Ref": "Topic"}}])
        } else {
            serde_json::json!(body)
        };
        let template = serde_json::json!({"Resources": {
            "M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": {"Fn::Sub": sub}}},
            "Topic": {"Type": "AWS::SNS::Topic"}}});
        exercise(template.to_string());
    }

    #[test]
    fn definition_uri_files_never_panic(
        text in prop_oneof![asl_like(), "\\PC{0,120}"],
        cuts in prop::collection::vec((0usize..4096, any::<bool>()), 0..6),
        yaml in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let name = if yaml { "flow.asl.yaml" } else { "flow.asl.json" };
        std::fs::write(dir.path().join(name), with_placeholders(&text, &cuts)).unwrap();
        let template = format!(
            "Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: {name}\n      DefinitionSubstitutions: {{X: 1}}\n"
        );
        let path = dir.path().join("template.yaml");
        exercise_at(path.to_str().unwrap(), template);
    }

    #[test]
    fn dedented_flow_collections_never_panic(
        lines in prop::collection::vec(
            (0usize..10, prop::sample::select(vec![
                "Resources:", "M:", "Type: AWS::StepFunctions::StateMachine", "Properties:",
                "Definition: {", "\"StartAt\": \"A\",", "\"States\": {", "\"A\": [1,",
                "2]", "}", "},", "]", "{", "[", "'it''s',", "\"a # b\",", "# c", "x: |", "  {",
                "Next: ${X}",
            ])),
            0..30,
        )
    ) {
        let text: String = lines
            .into_iter()
            .map(|(indent, line)| format!("{}{line}\n", " ".repeat(indent)))
            .collect();
        exercise(text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        exercise(text);
    }

    #[test]
    fn asl_shaped_input_never_panics(text in asl_like()) {
        exercise(text);
    }

    #[test]
    fn truncated_yaml_templates_never_panic(cut in 0usize..1200) {
        let text = include_str!("../fixtures/cli/broken/template.yaml");
        let end = cut.min(text.len());
        if text.is_char_boundary(end) {
            exercise(text[..end].to_owned());
        }
    }

    #[test]
    fn yaml_shaped_input_never_panics(
        lines in prop::collection::vec(
            (0usize..12, prop::sample::select(vec![
                "StartAt: A", "States:", "A:", "Type: Task", "Type: Parallel", "- ",
                "Branches:", "Resources:", "Definition:", "DefinitionString: !Sub |",
                "Resource: !Sub arn:${AWS::Partition}:states:::sqs:sendMessage",
                "Parameters: {QueueUrl: !Ref Q, MessageBody.$: $}", "End: true",
                "&a [x, *a]", "*a", "!GetAtt A.B", "? [k]", "'q", "{", "]", "---",
            ])),
            0..40,
        )
    ) {
        let text: String = lines
            .into_iter()
            .map(|(indent, line)| format!("{}{line}\n", " ".repeat(indent)))
            .collect();
        exercise(text);
    }

    #[test]
    fn truncated_real_definitions_never_panic(cut in 0usize..2000) {
        let text = include_str!("../fixtures/cli/snapshots/parallel_and_maps.asl.json");
        let end = cut.min(text.len());
        if text.is_char_boundary(end) {
            exercise(text[..end].to_owned());
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    exercise("[".repeat(100_000));
    exercise(format!("a: {}", "[".repeat(100_000)));
    exercise(
        (0..5_000)
            .map(|i| format!("{}- x:\n", " ".repeat(i)))
            .collect(),
    );
    exercise(format!("{}1{}", "[".repeat(200), "]".repeat(200)));
    let mut deep = String::from(
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Parallel\",\"End\":true,\"Branches\":[",
    );
    for _ in 0..100 {
        deep.push_str("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Parallel\",\"End\":true,\"Branches\":[");
    }
    exercise(deep);
}
