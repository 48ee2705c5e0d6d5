//! Intrinsic functions and JSONata expressions through the public API:
//! parsing, validation with positions, typed builders and their rendering,
//! task-token detection, and random input that must never panic.

use proptest::prelude::*;
use sfn_tasks::runtime::{IntrinsicError, JsonataError, render_field};
use sfn_tasks::{Field, Intrinsic, JsonPath, Jsonata};

fn path(text: &str) -> JsonPath {
    JsonPath::new(text).unwrap()
}

fn err(text: &str) -> IntrinsicError {
    match Intrinsic::parse(text) {
        Ok(call) => panic!("`{text}` should be rejected, parsed as {call:?}"),
        Err(e) => e,
    }
}

#[test]
fn parses_documented_examples() {
    let cases = [
        ("States.Array($.Id)", "States.Array", 1),
        // The developer guide's own example: the template may be a path.
        ("States.Format($.template, $.name)", "States.Format", 2),
        (
            "States.ArrayPartition($.inputArray,4)",
            "States.ArrayPartition",
            2,
        ),
        (
            "States.ArrayContains($.inputArray, $.lookingFor)",
            "States.ArrayContains",
            2,
        ),
        ("States.ArrayRange(1, 9, 2)", "States.ArrayRange", 3),
        (
            "States.ArrayGetItem($.inputArray, $.index)",
            "States.ArrayGetItem",
            2,
        ),
        ("States.ArrayLength($.inputArray)", "States.ArrayLength", 1),
        ("States.ArrayUnique($.inputArray)", "States.ArrayUnique", 1),
        ("States.Base64Encode($.input)", "States.Base64Encode", 1),
        ("States.Base64Decode($.base64)", "States.Base64Decode", 1),
        ("States.Hash($.Data, $.Algorithm)", "States.Hash", 2),
        (
            "States.JsonMerge($.json1, $.json2, false)",
            "States.JsonMerge",
            3,
        ),
        (
            "States.StringToJson($.escapedJsonString)",
            "States.StringToJson",
            1,
        ),
        (
            "States.JsonToString($.unescapedJson)",
            "States.JsonToString",
            1,
        ),
        ("States.MathRandom($.start, $.end)", "States.MathRandom", 2),
        ("States.MathAdd($.value1, $.step)", "States.MathAdd", 2),
        (
            "States.StringSplit($.inputString, $.splitter)",
            "States.StringSplit",
            2,
        ),
        ("States.UUID()", "States.UUID", 0),
        (
            "States.Format('Hello, my name is {}.', $.name)",
            "States.Format",
            2,
        ),
        (
            "States.Format('{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0))",
            "States.Format",
            2,
        ),
    ];
    for (text, name, arity) in cases {
        let call = Intrinsic::parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(call.as_str(), text);
        assert_eq!(call.to_string(), text);
        assert_eq!(call.name(), name);
        assert_eq!(call.args().len(), arity, "{text}");
    }
}

#[test]
fn rejects_with_position_and_reason() {
    let cases: &[(&str, usize, &str)] = &[
        ("$.name", 0, "starts with `States.`"),
        ("States.Fromat('x')", 7, "did you mean `States.Format`"),
        (
            "States.ArrayLenght($.a)",
            7,
            "did you mean `States.ArrayLength`",
        ),
        (
            "States.Concat('a', 'b')",
            7,
            "unknown intrinsic function `States.Concat`",
        ),
        ("States.UUID", 11, "expected `(`"),
        ("States.ArrayLength($.a", 18, "unclosed `(`"),
        ("States.ArrayLength()", 19, "takes 1 argument, found 0"),
        ("States.ArrayRange(1, 2)", 22, "takes 3 arguments, found 2"),
        ("States.MathAdd(1, 2, 3)", 21, "takes 2 arguments, found 3"),
        (
            "States.Format('{}')",
            14,
            "1 `{}` placeholder but 0 arguments follow",
        ),
        (
            "States.Format('{} {}', $.a)",
            14,
            "2 `{}` placeholders but 1 argument follows",
        ),
        ("States.Format('a { b')", 17, "must be part of `{}`"),
        (
            "States.Format('it's')",
            18,
            "expected `,` or `)`, found `s`",
        ),
        ("States.Format('a\\tb')", 16, "unknown escape `\\t`"),
        (
            "States.Hash($.a, 'SHA-2')",
            17,
            "unsupported hash algorithm `SHA-2`",
        ),
        ("States.JsonMerge($.a, $.b, true)", 27, "must be `false`"),
        ("States.MathAdd($.a, 'one')", 20, "must be a number"),
        ("States.Array($.a.)", 17, "invalid path"),
        ("States.Array($.a b)", 17, "expected `,` or `)`"),
        ("States.Array(1,)", 15, "unexpected `)`"),
        ("States.Array(007)", 13, "leading zeros"),
        ("States.Array(yes)", 13, "unexpected `yes`"),
        (
            "States.UUID() States.UUID()",
            14,
            "after the end of the call",
        ),
    ];
    for &(text, position, reason) in cases {
        let e = err(text);
        assert_eq!(e.text, text);
        assert_eq!((text, e.position), (text, position), "{e}");
        assert!(e.reason.contains(reason), "{text}: {}", e.reason);
        assert!(e.to_string().contains(&format!("at byte {position}")));
    }
}

#[test]
fn nesting_is_limited_to_ten_calls() {
    let nested = |n: usize| format!("{}$.x{}", "States.Array(".repeat(n), ")".repeat(n));
    assert!(Intrinsic::parse(nested(10)).is_ok());
    let e = err(&nested(11));
    assert_eq!(e.position, 130);
    assert!(e.reason.contains("at most 10"));
}

#[test]
fn keeps_the_text_as_written() {
    let text = "  States.Format( '{}' ,$.a )\n";
    assert_eq!(Intrinsic::parse(text).unwrap().as_str(), text.trim());
    let from_str: Intrinsic = "States.UUID()".parse().unwrap();
    assert_eq!(from_str, Intrinsic::uuid());
}

#[test]
fn builders_render_valid_calls() {
    let cases: Vec<(Intrinsic, &str)> = vec![
        (Intrinsic::uuid(), "States.UUID()"),
        (
            Intrinsic::string_to_json(path("$.body")),
            "States.StringToJson($.body)",
        ),
        (
            Intrinsic::json_to_string(path("$$.Execution.Input")),
            "States.JsonToString($$.Execution.Input)",
        ),
        (
            Intrinsic::format(
                "Order {} by {}: it's {done}",
                [path("$.id").into(), path("$.customer['full name']").into()],
            )
            .unwrap(),
            r"States.Format('Order {} by {}: it\'s \{done\}', $.id, $.customer['full name'])",
        ),
        (
            Intrinsic::array(["a".into(), 2.into(), false.into(), path("$.x").into()]).unwrap(),
            "States.Array('a', 2, false, $.x)",
        ),
        (
            Intrinsic::math_add(path("$.n"), 1).unwrap(),
            "States.MathAdd($.n, 1)",
        ),
        (
            Intrinsic::array_get_item(Intrinsic::string_split(path("$.arn"), ":").unwrap(), 4)
                .unwrap(),
            "States.ArrayGetItem(States.StringSplit($.arn, ':'), 4)",
        ),
        (
            Intrinsic::hash(path("$.data"), "SHA-512").unwrap(),
            "States.Hash($.data, 'SHA-512')",
        ),
        (
            Intrinsic::json_merge(path("$.a"), path("$.b")).unwrap(),
            "States.JsonMerge($.a, $.b, false)",
        ),
        (
            Intrinsic::call("ArrayRange", [0.into(), 10.into(), 5.into()]).unwrap(),
            "States.ArrayRange(0, 10, 5)",
        ),
    ];
    for (call, text) in cases {
        assert_eq!(call.as_str(), text);
        assert_eq!(Intrinsic::parse(text).unwrap(), call);
    }
    assert!(Intrinsic::format("{} {}", [path("$.a").into()]).is_err());
    assert!(Intrinsic::hash(path("$.a"), "CRC32").is_err());
}

#[test]
fn paths_and_task_token() {
    let call = Intrinsic::parse(
        "States.Format('{}/{}', $.a, States.Array($$.Task.Token, States.JsonToString($b.c)))",
    )
    .unwrap();
    let paths: Vec<&str> = call.paths().map(JsonPath::as_str).collect();
    assert_eq!(paths, ["$.a", "$$.Task.Token", "$b.c"]);
    assert!(call.references_task_token());
    let quoted = Intrinsic::parse("States.Format('$$.Task.Token')").unwrap();
    assert!(!quoted.references_task_token());
    assert_eq!(quoted.paths().count(), 0);
}

#[test]
fn renders_under_a_path_key() {
    let field: Field<String> = Intrinsic::uuid().into();
    assert_eq!(
        render_field("Id", &field).to_string(),
        r#"{"Id.$":"States.UUID()"}"#
    );
}

#[test]
fn jsonata_accepts_bare_and_wrapped() {
    let bare = Jsonata::new("$states.input.order.id").unwrap();
    let wrapped = Jsonata::new("{% $states.input.order.id %}").unwrap();
    assert_eq!(bare, wrapped);
    assert_eq!(bare.expression(), "$states.input.order.id");
    assert_eq!(bare.to_template(), "{% $states.input.order.id %}");
    assert_eq!(bare.to_string(), bare.to_template());
    let field: Field<String> = bare.into();
    assert_eq!(
        render_field("Id", &field).to_string(),
        r#"{"Id":"{% $states.input.order.id %}"}"#
    );
}

#[test]
fn jsonata_rejects_with_position() {
    let cases: &[(&str, usize, &str)] = &[
        ("", 0, "empty"),
        ("{%  %}", 4, "empty"),
        ("{% $x", 0, "not closed by `%}`"),
        ("$sum($states.input.items.price", 4, "unclosed `(`"),
        ("{% $states.input.items[0 %}", 22, "unclosed `[`"),
        (
            "{% {'a': (1] } %}",
            11,
            "`]` does not close `(` opened at byte 9",
        ),
        ("$x & 'abc", 5, "unclosed string"),
        ("$x /* comment", 3, "unclosed comment"),
        ("$x %} more", 3, "stray `%}`"),
    ];
    for &(text, position, reason) in cases {
        let e: JsonataError = Jsonata::new(text).unwrap_err();
        assert_eq!(e.expression, text);
        assert_eq!((text, e.position), (text, position), "{e}");
        assert!(e.reason.contains(reason), "{text}: {}", e.reason);
    }
}

#[test]
fn jsonata_task_token() {
    let token = Jsonata::task_token();
    assert_eq!(token.to_template(), "{% $states.context.Task.Token %}");
    assert!(token.references_task_token());
    assert!(
        Jsonata::new("{% { 'token': $states.context.Task.Token } %}")
            .unwrap()
            .references_task_token()
    );
    assert!(
        !Jsonata::new("'$states.context.Task.Token'")
            .unwrap()
            .references_task_token()
    );
}

/// Characters that matter to the intrinsic and JSONata grammars.
const CALLISH: &str = "[$.\\[\\]'\"()?@*:,0-9a-c\\- \\\\{}%/`=~é]{0,40}";

proptest! {
    // Failures are reported with their minimal input; no regression files
    // are written into the source tree.
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_intrinsics_never_panic(text in any::<String>()) {
        check_intrinsic(&text)?;
        check_jsonata(&text)?;
    }

    #[test]
    fn callish_text_never_panics(tail in CALLISH) {
        for prefix in ["States.Format(", "States.Array(", "States.Array('", "States.Array($", "States.Hash("] {
            check_intrinsic(&format!("{prefix}{tail}"))?;
        }
        check_jsonata(&tail)?;
        check_jsonata(&format!("{{% {tail} %}}"))?;
    }

    #[test]
    fn generated_paths_embed_in_calls(name in "[a-z][a-z0-9_-]{0,8}", index in 0u32..100, quoted in "[a-z ,()\\[\\]]{0,8}") {
        let text = format!("$.{name}[{index}]['{quoted}']");
        let path = JsonPath::new(text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let call = Intrinsic::string_to_json(path.clone());
        let reparsed = Intrinsic::parse(call.as_str()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(reparsed.paths().collect::<Vec<_>>(), vec![&path]);
        prop_assert_eq!(reparsed, call);
    }
}

/// A valid call keeps its (trimmed) text and reparses to itself; an error
/// points at a character of the input.
fn check_intrinsic(text: &str) -> Result<(), TestCaseError> {
    match Intrinsic::parse(text) {
        Ok(call) => {
            prop_assert_eq!(call.as_str(), text.trim());
            prop_assert_eq!(Intrinsic::parse(call.as_str()).ok(), Some(call));
        }
        Err(e) => {
            prop_assert!(e.position <= text.len());
            prop_assert!(text.is_char_boundary(e.position));
        }
    }
    Ok(())
}

/// A valid expression reparses from its template; an error points at a
/// character of the input.
fn check_jsonata(text: &str) -> Result<(), TestCaseError> {
    match Jsonata::new(text) {
        Ok(expr) => prop_assert_eq!(Jsonata::new(expr.to_template()).ok(), Some(expr)),
        Err(e) => {
            prop_assert!(e.position <= text.len());
            prop_assert!(text.is_char_boundary(e.position));
        }
    }
    Ok(())
}
