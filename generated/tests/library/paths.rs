//! JSONPath validation through the public API: what Step Functions accepts,
//! where a rejected path goes wrong, the context-object helpers, and random
//! input that must never panic.

use proptest::prelude::*;
use sfn_tasks::runtime::{PathError, render_field};
use sfn_tasks::{Field, JsonPath};

fn err(text: &str) -> PathError {
    match JsonPath::new(text) {
        Ok(path) => panic!("`{text}` should be rejected, parsed as {path:?}"),
        Err(e) => e,
    }
}

#[test]
fn accepts_the_syntax_step_functions_documents() {
    // (path, reference path?)
    let cases: &[(&str, bool)] = &[
        ("$", true),
        ("$$", true),
        ("$.foo", true),
        ("$.bar[0]", true),
        ("$.car.cdr", true),
        ("$.abc.['def ghi']", true),
        ("$['with.dot']['and \"quotes\"']", true),
        ("$.detail.request-id", true),
        ("$.Payload.body", true),
        ("$$.Execution.Input.customer", true),
        ("$$.Map.Item.Value", true),
        ("$orderVar.items[3]", true),
        ("$.items[-1]", true),
        ("$[*][*]", false),
        ("$.store.book[*].author", false),
        ("$..author", false),
        ("$.store.*", false),
        ("$.book[0,1]", false),
        ("$.book['a','b']", false),
        ("$.book[:2]", false),
        ("$.book[-2:]", false),
        ("$.book[0:6:2]", false),
        ("$.book[?(@.isbn)]", false),
        ("$.book[?(@.price < 10 && @.category == 'fiction')]", false),
        ("$.book[?(@.author =~ /.*REES/i)]", false),
        ("$.book.length()", false),
    ];
    for &(text, reference) in cases {
        let path = JsonPath::new(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(path.as_str(), text);
        assert_eq!(path.to_string(), text);
        assert_eq!(path.is_reference_path(), reference, "{text}");
    }
}

#[test]
fn rejects_with_position_and_reason() {
    let cases: &[(&str, usize, &str)] = &[
        ("", 0, "a path starts with `$`"),
        ("order.id", 0, "a path starts with `$`"),
        ("$.", 2, "a path cannot end with `.`"),
        ("$.order.", 8, "a path cannot end with `.`"),
        ("$.order..", 9, "a path cannot end with `..`"),
        (
            "$.order id",
            7,
            "space cannot appear in a dot-notation name",
        ),
        ("$.order.id ", 10, "space cannot appear"),
        ("$.a#b", 3, "`#` cannot appear in a dot-notation name"),
        ("$.items[", 7, "unclosed `[`"),
        ("$.items[]", 7, "empty brackets"),
        ("$.items[0", 7, "unclosed `[`"),
        ("$.items[x]", 8, "expected a quoted name"),
        ("$.items['x]", 8, "unclosed quoted name"),
        ("$.items[0:1:0]", 12, "a slice step cannot be 0"),
        (
            "$.items[?(@.a == 1]",
            18,
            "`]` does not close `(` opened at byte 9",
        ),
        ("$.items[?(@.a == 'x)]", 17, "unclosed string"),
        ("$.items[?()]", 9, "empty filter expression"),
        ("$.items.length().x", 16, "must end the path"),
        ("$$.Task Token", 7, "space cannot appear"),
    ];
    for &(text, position, reason) in cases {
        let e = err(text);
        assert_eq!(e.path, text);
        assert_eq!((text, e.position), (text, position), "{e}");
        assert!(e.reason.contains(reason), "{text}: {}", e.reason);
        assert!(e.to_string().contains(&format!("at byte {position}")));
    }
}

#[test]
fn context_object_helpers() {
    let cases = [
        (JsonPath::whole_context(), "$$"),
        (JsonPath::task_token(), "$$.Task.Token"),
        (JsonPath::execution_id(), "$$.Execution.Id"),
        (JsonPath::execution_name(), "$$.Execution.Name"),
        (JsonPath::execution_start_time(), "$$.Execution.StartTime"),
        (JsonPath::execution_input(), "$$.Execution.Input"),
        (JsonPath::execution_role_arn(), "$$.Execution.RoleArn"),
        (JsonPath::state_name(), "$$.State.Name"),
        (JsonPath::state_entered_time(), "$$.State.EnteredTime"),
        (JsonPath::state_retry_count(), "$$.State.RetryCount"),
        (JsonPath::state_machine_id(), "$$.StateMachine.Id"),
        (JsonPath::state_machine_name(), "$$.StateMachine.Name"),
        (JsonPath::map_item_value(), "$$.Map.Item.Value"),
        (JsonPath::map_item_index(), "$$.Map.Item.Index"),
    ];
    for (path, text) in cases {
        assert_eq!(path.as_str(), text);
        assert!(path.is_context() && path.is_reference_path(), "{text}");
        assert_eq!(JsonPath::new(text).unwrap(), path);
    }
    assert_eq!(
        JsonPath::context("Map.Item.Value").unwrap(),
        JsonPath::map_item_value()
    );
    let e = JsonPath::context("Execution.").unwrap_err();
    assert_eq!((e.path.as_str(), e.position), ("$$.Execution.", 13));
    assert!(!JsonPath::whole_input().is_context());
    assert_eq!(JsonPath::whole_input().as_str(), "$");
}

#[test]
fn task_token_detection_is_exact() {
    assert!(JsonPath::task_token().is_task_token());
    for other in ["$$.Task", "$$.Task.Token.x", "$.Task.Token", "$$..Token"] {
        assert!(!JsonPath::new(other).unwrap().is_task_token(), "{other}");
    }
}

#[test]
fn variables() {
    let path = JsonPath::new("$total.amount").unwrap();
    assert!(path.is_variable());
    assert_eq!(path.variable_name(), Some("total"));
    assert_eq!(JsonPath::new("$.total").unwrap().variable_name(), None);
}

#[test]
fn conversions_and_rendering() {
    let path: JsonPath = "$.order.table".parse().unwrap();
    assert_eq!(JsonPath::try_from("$.order.table").unwrap(), path);
    assert!("$.order table".parse::<JsonPath>().is_err());
    let field: Field<String> = path.into();
    assert_eq!(
        render_field("TableName", &field).to_string(),
        r#"{"TableName.$":"$.order.table"}"#
    );
}

/// One generated segment and whether a reference path may contain it.
fn segment() -> impl Strategy<Value = (String, bool)> {
    prop_oneof![
        "\\.[a-zA-Z0-9_é-]{1,6}".prop_map(|s| (s, true)),
        "\\['[a-z ,.\\]\\[)(]{0,6}'\\]".prop_map(|s| (s, true)),
        "\\[\"[a-z ',]{0,4}\"\\]".prop_map(|s| (s, true)),
        "\\[-?[0-9]{1,3}\\]".prop_map(|s| (s, true)),
        Just((".*".to_owned(), false)),
        Just(("[*]".to_owned(), false)),
        "\\.\\.[a-z]{1,4}".prop_map(|s| (s, false)),
        "\\[[0-9], ?[0-9]\\]".prop_map(|s| (s, false)),
        "\\[(-?[0-9])?:[0-9]?\\]".prop_map(|s| (s, false)),
        Just(("[?(@.price < 10)]".to_owned(), false)),
        Just(("[?(@.name == 'a)]')]".to_owned(), false)),
    ]
}

fn valid_path() -> impl Strategy<Value = (String, bool)> {
    let root = prop_oneof![
        Just("$".to_owned()),
        Just("$$".to_owned()),
        "\\$[a-z_][a-z0-9_]{0,5}"
    ];
    (root, prop::collection::vec(segment(), 0..6)).prop_map(|(root, segments)| {
        let reference = segments.iter().all(|(_, r)| *r);
        let text = segments.into_iter().fold(root, |mut acc, (s, _)| {
            acc.push_str(&s);
            acc
        });
        (text, reference)
    })
}

/// Characters that matter to the path grammar, to reach deep error paths
/// more often than uniform random text would.
const PATHISH: &str = "[$.\\[\\]'\"()?@*:,0-9a-c\\- \\\\/=~<%{}é]{0,30}";

proptest! {
    // Failures are reported with their minimal input; no regression files
    // are written into the source tree.
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_paths_parse_and_classify((text, reference) in valid_path()) {
        let path = JsonPath::new(text.clone()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(path.as_str(), text.as_str());
        prop_assert_eq!(path.is_reference_path(), reference);
    }

    #[test]
    fn random_text_never_panics(text in any::<String>()) {
        check_any(&text)?;
    }

    #[test]
    fn pathish_text_never_panics(tail in PATHISH) {
        check_any(&format!("${tail}"))?;
        check_any(&format!("$$.{tail}"))?;
        check_any(&format!("$.a[{tail}"))?;
        check_any(&format!("$[?({tail}"))?;
    }
}

/// A valid path keeps its text; an error points at a character of the input.
fn check_any(text: &str) -> Result<(), TestCaseError> {
    match JsonPath::new(text) {
        Ok(path) => prop_assert_eq!(path.as_str(), text),
        Err(e) => {
            prop_assert!(e.position <= text.len());
            prop_assert!(text.is_char_boundary(e.position));
            prop_assert!(!e.reason.is_empty());
        }
    }
    Ok(())
}
