//! Tests for the botocore doc converter: one unit test per rule, snapshots of
//! real docs, invariants over every `documentation` string of the vendored
//! models, and a check that rustdoc itself accepts the output.

// Until `docs` is exported from the library, compile it into this test.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use codegen::docs::{html_to_markdown as md, summary};

// ---------------------------------------------------------------------------
// Rules

#[test]
fn paragraphs_are_separated_by_one_blank_line() {
    assert_eq!(
        md("<p>One.</p>  <p>Two.</p>\n\n<p>  </p><p>Three.</p>"),
        "One.\n\nTwo.\n\nThree."
    );
    assert_eq!(
        md("Loose text <p>then a paragraph</p> and more"),
        "Loose text\n\nthen a paragraph\n\nand more"
    );
}

#[test]
fn empty_and_blank_input() {
    assert_eq!(md(""), "");
    assert_eq!(md("   \n "), "");
    assert_eq!(md("<p></p><zonbook></zonbook><xhtml></xhtml>"), "");
    assert_eq!(summary(""), "");
}

#[test]
fn whitespace_is_collapsed_and_trimmed() {
    assert_eq!(
        md("<p>  a \n\t b   <code> x   y </code>  c  </p>"),
        "a b `x y` c"
    );
}

#[test]
fn code_spans() {
    assert_eq!(md("<code>PutItem</code>"), "`PutItem`");
    assert_eq!(md("a <code></code> b"), "a b");
    assert_eq!(md("<code>a`b</code>"), "``a`b``");
    assert_eq!(md("<code>`a</code>"), "`` `a ``");
    // Needs a three-backtick delimiter, which could open a fence: plain text.
    assert_eq!(md("<code>a``b</code>"), "a\\`\\`b");
    // Markup inside code is flattened to its text.
    assert_eq!(
        md("<code>arn:<i>&lt;region&gt;</i>:x</code>"),
        "`arn:<region>:x`"
    );
}

#[test]
fn emphasis() {
    assert_eq!(
        md("<b>bold</b> <strong>strong</strong>"),
        "**bold** **strong**"
    );
    assert_eq!(md("<i>it</i> <em>em</em>"), "*it* *em*");
    assert_eq!(md("a<b> x </b>b"), "a **x** b");
    assert_eq!(md("<b><i>both</i></b>"), "***both***");
    assert_eq!(md("<b>out <b>in</b></b>"), "**out in**");
    assert_eq!(md("<b><code>Name</code></b> is"), "**`Name`** is");
    assert_eq!(md("<b>  </b>x"), "x");
}

#[test]
fn emphasis_that_markdown_would_not_see_is_dropped() {
    // `**` after a letter and before punctuation cannot open emphasis.
    assert_eq!(md("a<b>(b)</b>"), "a(b)");
    assert_eq!(md("<b><code>X</code></b>s"), "`X`s");
    assert_eq!(md("<b>a</b><i>b</i>"), "**a**b");
}

#[test]
fn lists() {
    assert_eq!(md("<ul><li>a</li><li><p>b</p></li></ul>"), "- a\n- b");
    assert_eq!(md("<ol><li>a</li><li>b</li></ol>"), "1. a\n2. b");
    assert_eq!(
        md("<p>Intro:</p><ul><li>a</li></ul><p>After.</p>"),
        "Intro:\n\n- a\n\nAfter."
    );
    assert_eq!(
        md("<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>"),
        "- a\n  - b\n    1. c\n- d"
    );
    // An item with two paragraphs makes the list loose.
    assert_eq!(
        md("<ul><li><p>a</p><p>b</p></li><li>c</li></ul>"),
        "- a\n\n  b\n\n- c"
    );
    // Unclosed items and empty items.
    assert_eq!(md("<ul><li>a<li>b<li> </ul>"), "- a\n- b");
}

#[test]
fn definition_lists_become_bullets() {
    assert_eq!(
        md("<dl><dt>ON</dt><dd><p>Enabled.</p></dd><dt>OFF</dt><dd>Disabled.</dd></dl>"),
        "- **ON**: Enabled.\n- **OFF**: Disabled."
    );
    assert_eq!(
        md("<dl><dt>T</dt><dd><p>a</p><p>b</p></dd></dl>"),
        "- **T**: a\n\n  b"
    );
}

#[test]
fn links() {
    assert_eq!(
        md(r#"<a href="https://example.com/x">Guide</a>"#),
        "[Guide](https://example.com/x)"
    );
    assert_eq!(
        md(r#"<a href=" https://example.com/x ">Guide</a>"#),
        "[Guide](https://example.com/x)"
    );
    assert_eq!(
        md(r#"<a href="https://e.com/a b(c)">x</a>"#),
        "[x](https://e.com/a%20b%28c%29)"
    );
    assert_eq!(
        md(r#"<a href="https://e.com/"><code>Op</code></a>"#),
        "[`Op`](https://e.com/)"
    );
    assert_eq!(
        md(r#"<a href="https://e.com/">https://e.com/</a>"#),
        "<https://e.com/>"
    );
    assert_eq!(md(r#"<a href="https://e.com/"></a>"#), "<https://e.com/>");
    assert_eq!(md(r#"<a href="">--volume</a>"#), "--volume");
    assert_eq!(md(r#"<a href="relative/page.html">Page</a>"#), "Page");
    // Anchors without `href` name an API: code.
    assert_eq!(md("See <a>DescribeJobs</a>."), "See `DescribeJobs`.");
    // No links inside links.
    assert_eq!(
        md(r#"<a href="https://a.com/">x <a href="https://b.com/">y</a></a>"#),
        "[x y](https://a.com/)"
    );
}

#[test]
fn notes_become_block_quotes() {
    assert_eq!(md("<note><p>Careful.</p></note>"), "> **Note:** Careful.");
    assert_eq!(
        md("<important><p>A.</p><p>B.</p></important>"),
        "> **Important:** A.\n>\n> B."
    );
    assert_eq!(
        md("<note><ul><li>x</li></ul></note>"),
        "> **Note:**\n>\n> - x"
    );
    assert_eq!(
        md("<ul><li>a<note>n</note></li></ul>"),
        "- a\n\n  > **Note:** n"
    );
}

#[test]
fn line_breaks() {
    assert_eq!(
        md("one<br/>two<br>  <br/>three<br/>"),
        "one\\\ntwo\\\nthree"
    );
}

#[test]
fn pre_becomes_a_text_fence() {
    assert_eq!(
        md("<pre>\n    a\n      b\n\n\n    c  \n</pre>"),
        "```text\na\n  b\n\nc\n```"
    );
    assert_eq!(md("<pre>x ``` y</pre>"), "````text\nx ``` y\n````");
    assert_eq!(md("<p>x</p><pre>\ty</pre>"), "x\n\n```text\ny\n```");
    // A paragraph that is only a multi-line `<code>` is a block too.
    assert_eq!(
        md("<p><code>{\n  \"a\": 1\n}</code></p>"),
        "```text\n{\n  \"a\": 1\n}\n```"
    );
    assert_eq!(
        md("<ul><li><pre>x\n y</pre></li></ul>"),
        "- ```text\n  x\n   y\n  ```"
    );
}

#[test]
fn fullname_and_unknown_tags_keep_their_text() {
    assert_eq!(
        md("<fullname>AWS Batch</fullname><p>Runs jobs.</p>"),
        "AWS Batch\n\nRuns jobs."
    );
    assert_eq!(
        md("<text>Runtime <span>version</span>.</text>"),
        "Runtime version."
    );
    // An unknown tag that is never closed was a placeholder.
    assert_eq!(
        md("<p>Use <bucket-name> here.</p>"),
        "Use &lt;bucket-name&gt; here."
    );
}

#[test]
fn entities_are_decoded() {
    assert_eq!(
        md("&lt;a&gt; &amp; &quot;q&quot; &#39;s&#39; &#x2014; &ndash;&nbsp;x &bogus; &amp"),
        "&lt;a&gt; & \"q\" 's' — –&nbsp;x &amp;bogus; &amp"
    );
    assert_eq!(md("&#0; &#xFFFFFFF; &#;"), "\u{fffd} \u{fffd} &#;");
}

#[test]
fn markdown_syntax_in_text_is_escaped() {
    assert_eq!(md("[a] [b](c) ![d]"), "\\[a\\] \\[b\\](c) !\\[d\\]");
    assert_eq!(
        md("*a* `b` ~c~ |d| \\e"),
        "\\*a\\* \\`b\\` \\~c\\~ \\|d\\| \\\\e"
    );
    assert_eq!(md("snake_case _x_ a_ _"), "snake_case \\_x\\_ a\\_ \\_");
    assert_eq!(md("x &lt;placeholder&gt; y"), "x &lt;placeholder&gt; y");
    assert_eq!(md("AT&amp;T &amp;amp; R&amp;D"), "AT&T &amp;amp; R&D");
}

#[test]
fn block_syntax_at_line_start_is_escaped() {
    assert_eq!(md("# not a heading"), "\\# not a heading");
    assert_eq!(md("###### no"), "\\###### no");
    assert_eq!(md("####### #hash"), "####### #hash");
    assert_eq!(md("- not a list"), "\\- not a list");
    assert_eq!(md("+ no"), "\\+ no");
    assert_eq!(md("-"), "\\-");
    assert_eq!(md("--- -"), "\\--- -");
    assert_eq!(md("--volume"), "--volume");
    assert_eq!(md("1. no"), "1\\. no");
    assert_eq!(md("2019) no"), "2019\\) no");
    assert_eq!(md("2019 yes"), "2019 yes");
    assert_eq!(md("&gt; no quote"), "&gt; no quote");
    assert_eq!(md("= ="), "\\= =");
    assert_eq!(md("a = b"), "a = b");
    // Wrapping must not create them either.
    let a79 = "a ".repeat(40).trim_end().to_owned();
    assert_eq!(md(&format!("{a79} - b")), format!("{a79}\n\\- b"));
    assert_eq!(md(&format!("{a79} 1. b")), format!("{a79}\n1\\. b"));
}

#[test]
fn bare_urls_become_autolinks() {
    assert_eq!(
        md("See https://example.com/a."),
        "See <https://example.com/a>."
    );
    assert_eq!(md("(http://e.com/x_(y))"), "(<http://e.com/x_(y)>)");
    assert_eq!(md("<code>https://e.com</code>"), "`https://e.com`");
    assert_eq!(md("https:// alone"), "https:// alone");
}

#[test]
fn lines_wrap_at_80_columns_without_splitting_atoms() {
    let words = "word ".repeat(40);
    let out = md(&format!("<p>{words}<code>{}</code></p>", "c".repeat(90)));
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.iter().all(|l| l.len() <= 80 || !l.contains(' ')),
        "{out}"
    );
    assert_eq!(
        lines.last(),
        Some(&format!("`{}`", "c".repeat(90)).as_str())
    );
    let nested = md(&format!("<ul><li>{words}</li></ul>"));
    assert!(
        nested.lines().skip(1).all(|l| l.starts_with("  word")),
        "{nested}"
    );
}

#[test]
fn malformed_html_does_not_panic() {
    for input in [
        "<",
        "<<",
        "<p",
        "</",
        "</p",
        "<a href=\"x",
        "<a href='x'",
        "<!--",
        "<!-- x",
        "<![CDATA[",
        "<![CDATA[<b>]]>",
        "<!DOCTYPE",
        "<?xml",
        "&",
        "&#",
        "&#x;",
        "&#99999999999;",
        "<b><i>x</b></i>",
        "</ul></li>",
        "<li>x",
        "<dd>x<dt>y",
        "<p><ul><li><p>x</ul></p>",
        "<a href=x>y",
        "<pre>",
        "<code>",
        "<br/>",
        "<br",
        "<p>é<b>ü</b>€</p>",
        "<a =x>",
        "<p/>",
        "x < y > z",
        "a <3 b",
        "<1>",
        "<-x>",
        "\u{0}\u{1}<b>\u{7f}</b>",
    ] {
        let out = md(input);
        check_markdown(input, &out).unwrap_or_else(|e| panic!("{input:?} → {out:?}: {e}"));
    }
    let deep = "<b><i><ul><li>".repeat(500) + "x";
    check_markdown(&deep, &md(&deep)).unwrap();
}

/// Random soup of tags, entities and Markdown-significant characters.
#[test]
fn random_markup_keeps_the_invariants() {
    const PARTS: &[&str] = &[
        "<p>",
        "</p>",
        "<code>",
        "</code>",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<ul>",
        "</ul>",
        "<ol>",
        "</ol>",
        "<li>",
        "</li>",
        "<a href=\"https://e.com/x\">",
        "<a>",
        "<a href=\"\">",
        "</a>",
        "<note>",
        "</note>",
        "<dl>",
        "<dt>",
        "<dd>",
        "</dl>",
        "<pre>",
        "</pre>",
        "<br/>",
        "<x-y>",
        "</x-y>",
        "&lt;",
        "&gt;",
        "&amp;",
        "&#96;",
        " ",
        "  ",
        "\n",
        "\t",
        "word",
        "1.",
        "-",
        "#",
        "*",
        "_",
        "`",
        "``",
        "[",
        "]",
        "(",
        ")",
        "|",
        "~",
        "\\",
        "https://e.com/p",
        "<",
        ">",
        "=",
        "+",
        "!",
        ":",
        "é",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        // xorshift64: deterministic, no dependency.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..5_000 {
        let len = (next() % 40) as usize;
        let input: String = (0..len)
            .map(|_| PARTS[(next() % PARTS.len() as u64) as usize])
            .collect();
        let out = md(&input);
        check_markdown(&input, &out).unwrap_or_else(|e| panic!("{input:?} → {out:?}: {e}"));
        assert_eq!(out, md(&input));
    }
}

#[test]
fn large_inputs_stay_fast() {
    let start = std::time::Instant::now();
    for input in [
        "<b>(x)</b>a ".repeat(20_000),
        "<b>".repeat(100_000),
        "<p>".repeat(100_000) + "x",
        "<ul><li>".repeat(20_000) + "x",
        "<i>a</i><b>b</b>".repeat(20_000),
        "<b> <i> x </i> </b>".repeat(20_000),
        "&lt;".repeat(100_000),
        "<a href=\"https://e.com\">".repeat(20_000),
    ] {
        let out = md(&input);
        check_markdown(&input, &out).unwrap();
    }
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

#[test]
fn summary_is_the_first_paragraph() {
    assert_eq!(
        summary("<p>First <code>x</code>.</p><p>Second.</p>"),
        "First `x`."
    );
    assert_eq!(
        summary("<note><p>Note first.</p></note><p>Real.</p>"),
        "Real."
    );
    assert_eq!(summary("<ul><li>Only a list.</li></ul>"), "Only a list.");
    assert_eq!(summary("<pre>code</pre>"), "");
}

// ---------------------------------------------------------------------------
// Snapshots of real docs (copied into fixtures so model updates do not move
// them) and of a hand-written fixture with the awkward cases.

#[test]
fn snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docs");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    assert!(files.len() >= 6);
    for file in files {
        let html = fs::read_to_string(&file).unwrap();
        let out = md(&html);
        check_markdown(&html, &out).unwrap();
        let name = file.file_stem().unwrap().to_str().unwrap().to_owned();
        insta::with_settings!({
            snapshot_path => "../fixtures/docs/snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, out);
        });
    }
}

// ---------------------------------------------------------------------------
// Every doc string of the vendored models

fn models_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/botocore")
}

/// All `documentation` strings of all vendored models, in file order.
fn corpus() -> Vec<String> {
    let mut files = Vec::new();
    // Only the typed services' docs are printed.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let typed = codegen::vendor::typed_services(&root).unwrap();
    for service in &typed {
        for version in fs::read_dir(models_dir().join(service)).unwrap() {
            files.push(version.unwrap().path().join("service-2.json"));
        }
    }
    files.sort();
    assert_eq!(files.len(), typed.len(), "one model per typed service");
    assert!(files.len() >= 11, "the typed services are missing");
    let mut out = Vec::new();
    for file in files {
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
        collect_docs(&json, &mut out);
    }
    out
}

fn collect_docs(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("documentation", serde_json::Value::String(s)) => out.push(s.clone()),
                    _ => collect_docs(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_docs(v, out)),
        _ => {}
    }
}

#[test]
fn every_model_doc_keeps_the_invariants() {
    let docs = corpus();
    assert!(docs.len() > 20_000, "only {} doc strings", docs.len());
    let mut failures = Vec::new();
    for html in &docs {
        let out = md(html);
        if let Err(e) = check_markdown(html, &out) {
            failures.push(format!("{e}\n  html: {html}\n  md: {out}"));
        }
        if out != md(html) {
            failures.push(format!("not deterministic: {html}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} docs fail:\n{}",
        failures.len(),
        docs.len(),
        failures[..failures.len().min(5)].join("\n")
    );
}

/// Line-level invariants that keep rustdoc from misreading the output. The
/// container tracking mirrors CommonMark for the subset we emit: list items
/// (`- `, `N. `) indent their content by the marker width, quotes prefix `>`.
fn check_markdown(html: &str, out: &str) -> Result<(), String> {
    if out.is_empty() {
        return Ok(());
    }
    if out.starts_with('\n') || out.ends_with('\n') {
        return Err("leading or trailing blank line".into());
    }
    let lower = html.to_ascii_lowercase();
    // Each list may also turn stray content into one item.
    let max_items = ["<li", "<dt", "<dd", "<ul", "<ol", "<dl"]
        .iter()
        .map(|t| lower.matches(t).count())
        .sum::<usize>();
    let max_quotes = lower.matches("<note").count() + lower.matches("<important").count();
    let max_fences = lower.matches("<pre").count() + lower.matches("<code").count();
    let (mut items, mut quotes, mut fences) = (0, 0, 0);

    #[derive(PartialEq)]
    enum Container {
        Item(usize),
        Quote,
    }
    let mut stack: Vec<Container> = Vec::new();
    // Open fence: its backtick count and the container depth it lives in.
    let mut fence: Option<(usize, usize)> = None;
    let mut blank_before = false;
    let mut open_links = 0usize;
    for line in out.lines() {
        if line.ends_with([' ', '\t']) || line.contains('\r') {
            return Err(format!("trailing whitespace: {line:?}"));
        }
        // Match the open containers; a blank line keeps list items open.
        let mut rest = line;
        let mut matched = 0;
        for c in &stack {
            match c {
                Container::Item(_) if rest.is_empty() => {}
                Container::Item(w)
                    if rest.bytes().take(*w).filter(|&b| b == b' ').count() == *w =>
                {
                    rest = &rest[*w..]
                }
                Container::Quote if rest.starts_with('>') => {
                    rest = rest[1..].strip_prefix(' ').unwrap_or(&rest[1..])
                }
                _ => break,
            }
            matched += 1;
        }
        if rest.is_empty() {
            if blank_before {
                return Err("two blank lines in a row".into());
            }
            if open_links > 0 && fence.is_none() {
                return Err("link text spans a blank line".into());
            }
            blank_before = true;
            stack.truncate(matched);
            continue;
        }
        blank_before = false;
        stack.truncate(matched);
        if let Some((ticks, depth)) = fence {
            if stack.len() < depth {
                return Err(format!("fence not closed before {line:?}"));
            }
            if rest.len() == ticks && rest.bytes().all(|b| b == b'`') {
                fence = None;
            }
            continue;
        }
        // New containers at the start of the content.
        loop {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if rest.starts_with("- ") {
                stack.push(Container::Item(2));
                rest = &rest[2..];
                items += 1;
            } else if digits > 0 && rest[digits..].starts_with(". ") {
                stack.push(Container::Item(digits + 2));
                rest = &rest[digits + 2..];
                items += 1;
            } else if rest.starts_with('>') {
                stack.push(Container::Quote);
                rest = rest[1..].strip_prefix(' ').unwrap_or(&rest[1..]);
                quotes += 1;
            } else {
                break;
            }
        }
        if rest.is_empty() {
            return Err(format!("empty container line {line:?}"));
        }
        if rest.starts_with([' ', '\t']) {
            return Err(format!("indented line (a code block): {line:?}"));
        }
        if rest.contains('\t') {
            return Err(format!("tab: {line:?}"));
        }
        if rest.starts_with("``") {
            let ticks = rest.bytes().take_while(|&b| b == b'`').count();
            if ticks >= 3 {
                if &rest[ticks..] != "text" {
                    return Err(format!("fence that is not ```text: {line:?}"));
                }
                fence = Some((ticks, stack.len()));
                fences += 1;
                continue;
            }
        }
        if let Some(what) = block_start(rest) {
            return Err(format!("{what} at line start: {line:?}"));
        }
        let first = rest.chars().next().unwrap_or(' ');
        if first == '<' && !rest.starts_with("<http") {
            return Err(format!("HTML block: {line:?}"));
        }
        check_inline(rest, &mut open_links).map_err(|e| format!("{e}: {line:?}"))?;
    }
    if fence.is_some() {
        return Err("unclosed fence".into());
    }
    if open_links > 0 {
        return Err("unclosed link".into());
    }
    if items > max_items {
        return Err(format!("{items} list items from {max_items} in the HTML"));
    }
    if quotes > max_quotes {
        return Err(format!(
            "{quotes} block quotes from {max_quotes} in the HTML"
        ));
    }
    if fences > max_fences {
        return Err(format!("{fences} fences from {max_fences} in the HTML"));
    }
    Ok(())
}

/// What CommonMark would start at the beginning of `rest`, other than the
/// list items and quotes the converter means.
fn block_start(rest: &str) -> Option<&'static str> {
    let b = rest.as_bytes();
    let run = |c: u8| b.iter().take_while(|&&x| x == c).count();
    let only = |set: &[u8]| b.iter().all(|x| set.contains(x));
    let digits = b.iter().take_while(|x| x.is_ascii_digit()).count();
    match b[0] {
        b'#' if run(b'#') <= 6 && matches!(b.get(run(b'#')), None | Some(b' ')) => Some("heading"),
        b'-' | b'+' | b'*' if matches!(b.get(1), None | Some(b' ')) => Some("list marker"),
        b'-' | b'*' | b'_' if only(&[b[0], b' ']) => Some("thematic break"),
        b'=' if only(b"= ") => Some("setext underline"),
        b'~' if run(b'~') >= 3 => Some("tilde fence"),
        b'0'..=b'9'
            if digits <= 9
                && matches!(b.get(digits), Some(b'.' | b')'))
                && matches!(b.get(digits + 1), None | Some(b' ')) =>
        {
            Some("ordered list marker")
        }
        _ => None,
    }
}

/// Code spans balanced on their line; `<` only in autolinks; `>` only closing
/// them; `[`/`]` only as `[text](http…)` links.
fn check_inline(line: &str, open_links: &mut usize) -> Result<(), String> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => {
                let n = b[i..].iter().take_while(|&&c| c == b'`').count();
                let fence = "`".repeat(n);
                let after = i + n;
                let close = (after..b.len())
                    .find(|&j| {
                        b[j..].starts_with(fence.as_bytes())
                            && b.get(j + n) != Some(&b'`')
                            && b[j - 1] != b'`'
                    })
                    .ok_or("unbalanced backticks")?;
                i = close + n;
            }
            b'<' => {
                let end = line[i..].find('>').ok_or("unescaped `<`")? + i;
                let url = &line[i + 1..end];
                if !(url.starts_with("https://") || url.starts_with("http://"))
                    || url.contains([' ', '<'])
                {
                    return Err("unescaped `<`".into());
                }
                i = end + 1;
            }
            b'>' => return Err("unescaped `>`".into()),
            b'[' => {
                if *open_links > 0 {
                    return Err("nested `[`".into());
                }
                *open_links += 1;
                i += 1;
            }
            b']' => {
                if *open_links == 0 || !line[i..].starts_with("](http") {
                    return Err("`]` outside a link".into());
                }
                *open_links -= 1;
                let end = line[i..].find(')').ok_or("unclosed link destination")? + i;
                if line[i + 2..end].contains([' ', '(', '<', '>']) {
                    return Err("bad link destination".into());
                }
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Rustdoc itself

/// Builds a throwaway crate whose items carry every distinct converted doc
/// and runs `cargo doc` with warnings denied and `cargo test --doc`: rustdoc
/// must stay silent and find no doctests. A second crate with known-bad docs
/// proves the harness would notice.
#[test]
fn rustdoc_accepts_every_model_doc() {
    let docs: BTreeSet<String> = corpus()
        .iter()
        .map(|h| md(h))
        .filter(|m| !m.is_empty())
        .collect();
    let mut lib = String::from("//! Converted botocore docs, one per enum variant.\n");
    for (n, chunk) in docs.iter().collect::<Vec<_>>().chunks(500).enumerate() {
        lib.push_str(&format!("\n/// Chunk {n}.\npub enum Docs{n} {{\n"));
        for (k, doc) in chunk.iter().enumerate() {
            // Both attribute shapes the generator may use: one attribute with
            // embedded newlines, or one per line as `///` comments produce.
            if k % 2 == 0 {
                lib.push_str(&format!("    #[doc = {doc:?}]\n"));
            } else {
                for line in doc.lines() {
                    let line = if line.is_empty() {
                        String::new()
                    } else {
                        format!(" {line}")
                    };
                    lib.push_str(&format!("    #[doc = {line:?}]\n"));
                }
            }
            lib.push_str(&format!("    V{k},\n"));
        }
        lib.push_str("}\n");
    }
    let (doc, test) = rustdoc_crate("docs_rustdoc_check", &lib);
    let stderr = String::from_utf8_lossy(&doc.stderr);
    assert!(
        doc.status.success() && !stderr.contains("warning"),
        "cargo doc failed:\n{stderr}"
    );
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert!(
        test.status.success(),
        "cargo test --doc failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&test.stderr)
    );
    assert!(
        stdout.contains("running 0 tests")
            && !stdout
                .lines()
                .any(|l| l.starts_with("running ") && l != "running 0 tests"),
        "doctests found:\n{stdout}"
    );

    let bad = "//! Canary.\n\n/// [broken] <region> https://example.com\n///\n///     let x = 1;\npub struct Bad;\n";
    let (doc, test) = rustdoc_crate("docs_rustdoc_canary", bad);
    let stderr = String::from_utf8_lossy(&doc.stderr);
    for lint in ["unresolved link", "unclosed HTML tag", "not a hyperlink"] {
        assert!(
            !doc.status.success() && stderr.contains(lint),
            "canary: {stderr}"
        );
    }
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert!(stdout.contains("running 1 test"), "canary: {stdout}");
}

/// Writes a standalone crate under the test's temp dir and runs
/// `cargo doc -D warnings` and `cargo test --doc` on it.
fn rustdoc_crate(name: &str, lib: &str) -> (Output, Output) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(dir.join("src"));
    fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n"
    );
    fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    fs::write(dir.join("src/lib.rs"), lib).unwrap();
    let cargo = |args: &[&str]| {
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(args)
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", dir.join("target"))
            .env("RUSTDOCFLAGS", "-D warnings")
            // The encoded form wins over RUSTDOCFLAGS; CI may set either.
            .env_remove("CARGO_ENCODED_RUSTDOCFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("RUSTFLAGS")
            .output()
            .unwrap()
    };
    (
        cargo(&["doc", "--offline", "--no-deps", "--quiet"]),
        cargo(&["test", "--offline", "--doc"]),
    )
}
