//! Botocore `documentation` HTML → rustdoc Markdown.
//!
//! The models write their docs in a small HTML dialect (`<p>`, `<code>`,
//! lists, links, `<note>`). Rustdoc reads our output as CommonMark with
//! warnings denied and turns every indented or untagged fenced block into a
//! doctest, so the converter emits only the constructs it means (paragraphs,
//! emphasis, code spans, `text` fences, lists, block quotes, links to absolute
//! URLs) and escapes everything else that Markdown would read as syntax.
//!
//! The pipeline: tokens → a forgiving element tree → blocks and inlines →
//! Markdown lines, wrapped at 80 columns.

use std::collections::BTreeSet;

/// Target width of the Markdown lines, container indentation included.
const WIDTH: usize = 80;
/// Narrowest wrap width, so deep nesting cannot squeeze text to one word a line.
const MIN_WIDTH: usize = 40;
/// Open-element limit: deeper tags are dropped so recursion stays shallow.
const MAX_DEPTH: usize = 48;

/// Converts one botocore `documentation` string to rustdoc Markdown.
///
/// The result has no leading or trailing blank lines, no trailing spaces and
/// never contains an indented code block or a fence other than ```` ```text ````,
/// so rustdoc finds no doctests in it. Empty input gives an empty string.
pub fn html_to_markdown(html: &str) -> String {
    render_blocks(&to_blocks(&parse(html)), WIDTH, false).join("\n")
}

/// The first paragraph of a `documentation` string as Markdown, for places
/// that want a one-paragraph description (rustdoc's item summaries).
///
/// Notes are skipped when the doc has an ordinary paragraph; a doc without
/// any paragraph gives an empty string.
pub fn summary(html: &str) -> String {
    let blocks = to_blocks(&parse(html));
    let para = blocks
        .iter()
        .find_map(|b| match b {
            Block::Para(inlines) => Some(inlines),
            _ => None,
        })
        .or_else(|| blocks.iter().find_map(first_para));
    para.map(|p| render_para(p, WIDTH).join("\n"))
        .unwrap_or_default()
}

fn first_para(block: &Block) -> Option<&Vec<Inline>> {
    match block {
        Block::Para(inlines) => Some(inlines),
        Block::List { items, .. } => items.iter().flatten().find_map(first_para),
        Block::Quote(blocks) => blocks.iter().find_map(first_para),
        Block::Code(_) => None,
    }
}

// ---------------------------------------------------------------------------
// Tokenizer

#[derive(Debug)]
enum Token {
    Start {
        name: String,
        href: Option<String>,
        raw: String,
        self_closing: bool,
    },
    End(String),
    Text(String),
}

/// Splits HTML into tags and decoded text. Anything that does not parse as
/// markup (a stray `<`, an unterminated tag) stays text.
fn tokenize(html: &str) -> Vec<Token> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        match markup_at(&html[i..]) {
            Some((token, len)) => {
                if text_start < i {
                    out.push(Token::Text(decode_entities(&html[text_start..i])));
                }
                out.extend(token);
                i += len;
                text_start = i;
            }
            None => i += 1,
        }
    }
    if text_start < html.len() {
        out.push(Token::Text(decode_entities(&html[text_start..])));
    }
    out
}

/// Reads the markup at the start of `s` (which starts with `<`): the token it
/// stands for, if any, and its length. `None` means "not markup".
fn markup_at(s: &str) -> Option<(Option<Token>, usize)> {
    if let Some(rest) = s.strip_prefix("<!--") {
        let len = rest.find("-->").map_or(s.len(), |p| 4 + p + 3);
        return Some((None, len));
    }
    if let Some(rest) = s.strip_prefix("<![CDATA[") {
        let (text, len) = match rest.find("]]>") {
            Some(p) => (&rest[..p], 9 + p + 3),
            None => (rest, s.len()),
        };
        return Some((Some(Token::Text(text.to_owned())), len));
    }
    if s.starts_with("<!") || s.starts_with("<?") {
        return s.find('>').map(|p| (None, p + 1));
    }
    let bytes = s.as_bytes();
    let closing = s.starts_with("</");
    let name_start = if closing { 2 } else { 1 };
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut i = name_start;
    while i < bytes.len() && !matches!(bytes[i], b'>' | b'/') && !bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut href = None;
    let mut self_closing = false;
    loop {
        match *bytes.get(i)? {
            b'>' => break,
            b'/' => {
                self_closing = true;
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                self_closing = false;
                let start = i;
                while i < bytes.len()
                    && !matches!(bytes[i], b'>' | b'/' | b'=')
                    && !bytes[i].is_ascii_whitespace()
                {
                    i += 1;
                }
                let attr = s[start..i].to_ascii_lowercase();
                while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                let mut value = String::new();
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                        i += 1;
                    }
                    let value_start;
                    match *bytes.get(i)? {
                        q @ (b'"' | b'\'') => {
                            value_start = i + 1;
                            let end = value_start + s[value_start..].find(q as char)?;
                            value = decode_entities(&s[value_start..end]);
                            i = end + 1;
                        }
                        _ => {
                            value_start = i;
                            while i < bytes.len()
                                && bytes[i] != b'>'
                                && !bytes[i].is_ascii_whitespace()
                            {
                                i += 1;
                            }
                            value = decode_entities(&s[value_start..i]);
                        }
                    }
                }
                if attr == "href" {
                    href = Some(value);
                }
            }
        }
    }
    let len = i + 1;
    let token = if closing {
        Token::End(name)
    } else {
        Token::Start {
            name,
            href,
            raw: s[..len].to_owned(),
            self_closing,
        }
    };
    Some((Some(token), len))
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        match entity(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the entity at the start of `s` (which starts with `&`).
fn entity(s: &str) -> Option<(char, usize)> {
    let semi = 1 + s[1..].find(';')?;
    let body = &s[1..semi];
    if body.is_empty() || body.len() > 32 {
        return None;
    }
    let c = if let Some(num) = body.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => u32::from_str_radix(hex, 16),
            None if num.bytes().all(|b| b.is_ascii_digit()) => num.parse(),
            _ => return None,
        }
        .ok()?;
        char::from_u32(value)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}')
    } else {
        named_entity(body)?
    };
    Some((c, semi + 1))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "minus" => '−',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "larr" => '←',
        "rarr" => '→',
        "micro" => 'µ',
        "para" => '¶',
        "sect" => '§',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Tree

#[derive(Debug)]
enum Node {
    Text(String),
    Elem(Elem),
}

#[derive(Debug)]
struct Elem {
    name: String,
    href: Option<String>,
    /// The start tag as written, for unknown tags that turn out to be text.
    raw: String,
    children: Vec<Node>,
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "note",
    "important",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "hr",
];
/// Elements a `<p>` cannot implicitly extend past.
const CONTAINERS: &[&str] = &[
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "note",
    "important",
    "blockquote",
    "div",
    "section",
    "article",
    "pre",
    "table",
    "td",
    "th",
];
const INLINE: &[&str] = &[
    "a", "b", "strong", "i", "em", "cite", "dfn", "var", "code", "tt", "kbd", "samp", "span", "u",
    "sup", "sub", "small", "br", "fullname",
];

fn is_block(name: &str) -> bool {
    BLOCK.contains(&name)
}

fn is_known(name: &str) -> bool {
    is_block(name) || INLINE.contains(&name) || VOID.contains(&name)
}

/// Builds a tree the way a browser would for this dialect, without ever
/// failing: end tags close the nearest matching element, `<p>`/`<li>`/`<dt>`
/// close their open predecessor, stray end tags are ignored, and an unknown
/// start tag that is never closed is kept as text (an unescaped placeholder
/// such as `<bucket-name>`).
fn parse(html: &str) -> Vec<Node> {
    let mut tree = TreeBuilder::default();
    for token in tokenize(html) {
        match token {
            Token::Text(text) => tree.append(Node::Text(text)),
            Token::Start {
                name,
                href,
                raw,
                self_closing,
            } => {
                tree.close_implied(&name);
                let elem = Elem {
                    name,
                    href,
                    raw,
                    children: Vec::new(),
                };
                if self_closing || VOID.contains(&elem.name.as_str()) {
                    tree.append(Node::Elem(elem));
                } else if tree.stack.len() < MAX_DEPTH {
                    tree.stack.push(elem);
                }
            }
            Token::End(name) => {
                if let Some(pos) = tree.stack.iter().rposition(|e| e.name == name) {
                    while tree.stack.len() > pos + 1 {
                        tree.pop(false);
                    }
                    tree.pop(true);
                }
            }
        }
    }
    while !tree.stack.is_empty() {
        tree.pop(false);
    }
    tree.root
}

#[derive(Default)]
struct TreeBuilder {
    root: Vec<Node>,
    stack: Vec<Elem>,
}

impl TreeBuilder {
    fn append(&mut self, node: Node) {
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => self.root.push(node),
        }
    }

    /// Pops the innermost element; `matched` says its own end tag closed it.
    fn pop(&mut self, matched: bool) {
        let Some(elem) = self.stack.pop() else { return };
        if matched || is_known(&elem.name) {
            self.append(Node::Elem(elem));
        } else {
            self.append(Node::Text(elem.raw));
            for child in elem.children {
                self.append(child);
            }
        }
    }

    fn close_implied(&mut self, name: &str) {
        let (targets, scope): (&[&str], &[&str]) = match name {
            "li" => (
                &["li"],
                &["ul", "ol", "dl", "note", "important", "blockquote", "table"],
            ),
            "dt" | "dd" => (
                &["dt", "dd"],
                &["dl", "ul", "ol", "note", "important", "blockquote", "table"],
            ),
            _ if is_block(name) => (&["p"], CONTAINERS),
            _ => return,
        };
        for idx in (0..self.stack.len()).rev() {
            let open = self.stack[idx].name.as_str();
            if targets.contains(&open) {
                while self.stack.len() > idx {
                    self.pop(false);
                }
                return;
            }
            if scope.contains(&open) {
                return;
            }
        }
    }
}

fn text_content(elem: &Elem, out: &mut String) {
    for child in &elem.children {
        match child {
            Node::Text(t) => out.push_str(t),
            Node::Elem(e) if e.name == "br" => out.push('\n'),
            Node::Elem(e) => text_content(e, out),
        }
    }
}

fn has_block(elem: &Elem) -> bool {
    elem.children.iter().any(|c| match c {
        Node::Text(_) => false,
        Node::Elem(e) => is_block(&e.name) || has_block(e),
    })
}

// ---------------------------------------------------------------------------
// Blocks and inlines

#[derive(Debug)]
enum Block {
    Para(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Code(String),
}

#[derive(Debug)]
enum Inline {
    Text(String),
    /// Raw code text; whitespace is collapsed when rendered.
    Code(String),
    Strong(Vec<Inline>),
    Emph(Vec<Inline>),
    Link(String, Vec<Inline>),
    Break,
}

fn visible(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match i {
        Inline::Text(t) | Inline::Code(t) => !t.trim().is_empty(),
        Inline::Strong(c) | Inline::Emph(c) => visible(c),
        Inline::Link(..) => true,
        Inline::Break => false,
    })
}

fn to_blocks(nodes: &[Node]) -> Vec<Block> {
    let mut flow = Flow::default();
    flow.nodes(nodes);
    flow.flush();
    flow.blocks
}

/// Collects blocks; inline content accumulates in `pending` until a block
/// element or the end turns it into a paragraph.
#[derive(Default)]
struct Flow {
    blocks: Vec<Block>,
    pending: Vec<Inline>,
}

impl Flow {
    fn flush(&mut self) {
        let inlines = std::mem::take(&mut self.pending);
        if !visible(&inlines) {
            return;
        }
        // A paragraph that is one multi-line `<code>` is a code block.
        let mut shown = inlines.iter().filter(|i| match i {
            Inline::Text(t) => !t.trim().is_empty(),
            Inline::Break => false,
            _ => true,
        });
        let block = match (shown.next(), shown.next()) {
            (Some(Inline::Code(code)), None) if code.trim().contains('\n') => {
                Block::Code(code.clone())
            }
            _ => Block::Para(inlines),
        };
        self.blocks.push(block);
    }

    fn block(&mut self, block: Block) {
        self.flush();
        self.blocks.push(block);
    }

    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Text(t) => self.pending.push(Inline::Text(t.clone())),
                Node::Elem(e) => self.elem(e),
            }
        }
    }

    fn elem(&mut self, e: &Elem) {
        match e.name.as_str() {
            "ul" | "ol" => self.block(list(e, e.name == "ol")),
            "dl" => self.block(definition_list(e)),
            "note" | "important" | "blockquote" => {
                let label = match e.name.as_str() {
                    "note" => "Note:",
                    "important" => "Important:",
                    _ => "",
                };
                let mut inner = to_blocks(&e.children);
                if inner.is_empty() {
                    return;
                }
                if !label.is_empty() {
                    let label = Inline::Strong(vec![Inline::Text(label.to_owned())]);
                    match inner.first_mut() {
                        Some(Block::Para(first)) => {
                            first.splice(0..0, [label, Inline::Text(" ".to_owned())]);
                        }
                        _ => inner.insert(0, Block::Para(vec![label])),
                    }
                }
                self.block(Block::Quote(inner));
            }
            "pre" => {
                let mut text = String::new();
                text_content(e, &mut text);
                if text.trim().is_empty() {
                    self.flush();
                } else {
                    self.block(Block::Code(text));
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                // Headings inside item docs would clash with rustdoc's own.
                self.flush();
                let mut inlines = Vec::new();
                inline_children(e, &mut inlines, Ctx::default());
                self.pending.push(Inline::Strong(inlines));
                self.flush();
            }
            name if is_block(name) => {
                self.flush();
                self.nodes(&e.children);
                self.flush();
            }
            name if INLINE.contains(&name) && !has_block(e) => {
                inline(e, &mut self.pending, Ctx::default());
            }
            // Unknown tags, and inline tags wrapped around blocks, are
            // transparent.
            _ => self.nodes(&e.children),
        }
    }
}

fn list(e: &Elem, ordered: bool) -> Block {
    let mut items: Vec<Vec<Block>> = Vec::new();
    for child in &e.children {
        match child {
            Node::Elem(li) if li.name == "li" => items.push(to_blocks(&li.children)),
            Node::Text(t) if t.trim().is_empty() => {}
            // Content between items (often a nested list written without
            // its `<li>`) belongs to the item before it.
            other => {
                let blocks = to_blocks(std::slice::from_ref(other));
                match items.last_mut() {
                    Some(item) => item.extend(blocks),
                    None => items.push(blocks),
                }
            }
        }
    }
    Block::List { ordered, items }
}

/// `<dl>` becomes a bullet list: `- **term**: definition`.
fn definition_list(e: &Elem) -> Block {
    let mut items: Vec<Vec<Block>> = Vec::new();
    let mut term_only = false;
    for child in &e.children {
        match child {
            Node::Elem(dt) if dt.name == "dt" => {
                let mut term = Vec::new();
                inline_children(dt, &mut term, Ctx::default());
                if visible(&term) {
                    items.push(vec![Block::Para(vec![Inline::Strong(term)])]);
                    term_only = true;
                }
            }
            Node::Text(t) if t.trim().is_empty() => {}
            other => {
                let mut blocks = match other {
                    Node::Elem(dd) if dd.name == "dd" => to_blocks(&dd.children),
                    _ => to_blocks(std::slice::from_ref(other)),
                };
                let Some(item) = items.last_mut() else {
                    items.push(blocks);
                    continue;
                };
                // The first definition paragraph joins its term's line.
                let joins = term_only && matches!(blocks.first(), Some(Block::Para(_)));
                if let (true, Some(Block::Para(line))) = (joins, item.first_mut()) {
                    let first = blocks.remove(0);
                    if let Block::Para(first) = first {
                        line.push(Inline::Text(": ".to_owned()));
                        line.extend(first);
                    }
                }
                item.extend(blocks);
                term_only = false;
            }
        }
    }
    Block::List {
        ordered: false,
        items,
    }
}

#[derive(Clone, Copy, Default)]
struct Ctx {
    in_link: bool,
    in_strong: bool,
    in_emph: bool,
}

fn inline_children(e: &Elem, out: &mut Vec<Inline>, ctx: Ctx) {
    for child in &e.children {
        match child {
            Node::Text(t) => out.push(Inline::Text(t.clone())),
            Node::Elem(e) => inline(e, out, ctx),
        }
    }
}

fn inline(e: &Elem, out: &mut Vec<Inline>, ctx: Ctx) {
    match e.name.as_str() {
        "code" | "tt" | "kbd" | "samp" | "pre" => {
            let mut text = String::new();
            text_content(e, &mut text);
            out.push(Inline::Code(text));
        }
        // The same emphasis nested in itself would double the delimiters.
        "b" | "strong" if !ctx.in_strong => {
            let mut inner = Vec::new();
            inline_children(
                e,
                &mut inner,
                Ctx {
                    in_strong: true,
                    ..ctx
                },
            );
            out.push(Inline::Strong(inner));
        }
        "i" | "em" | "cite" | "dfn" | "var" if !ctx.in_emph => {
            let mut inner = Vec::new();
            inline_children(
                e,
                &mut inner,
                Ctx {
                    in_emph: true,
                    ..ctx
                },
            );
            out.push(Inline::Emph(inner));
        }
        "a" => match e.href.as_deref().map(str::trim) {
            Some(url) if is_absolute_url(url) && !ctx.in_link => {
                let mut inner = Vec::new();
                inline_children(
                    e,
                    &mut inner,
                    Ctx {
                        in_link: true,
                        ..ctx
                    },
                );
                out.push(Inline::Link(url.to_owned(), inner));
            }
            // AWS writes `<a>OperationName</a>` for cross-references it
            // cannot link; code is the honest rendering.
            None if !ctx.in_link => {
                let mut text = String::new();
                text_content(e, &mut text);
                // A name, never a code block.
                let name = text.split(is_breaking_space).filter(|w| !w.is_empty());
                out.push(Inline::Code(name.collect::<Vec<_>>().join(" ")));
            }
            _ => inline_children(e, out, ctx),
        },
        "br" => out.push(Inline::Break),
        name if is_block(name) => {
            out.push(Inline::Text(" ".to_owned()));
            inline_children(e, out, ctx);
            out.push(Inline::Text(" ".to_owned()));
        }
        _ => inline_children(e, out, ctx),
    }
}

fn is_absolute_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    !rest.is_empty() && !rest.starts_with('/')
}

// ---------------------------------------------------------------------------
// Rendering blocks

fn render_blocks(blocks: &[Block], width: usize, in_item: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev_para = false;
    for block in blocks {
        let lines = render_block(block, width);
        if lines.is_empty() {
            continue;
        }
        // Inside a list item a nested list hugs the paragraph it follows,
        // which keeps simple nested lists tight.
        let hug = in_item && prev_para && matches!(block, Block::List { .. });
        if !out.is_empty() && !hug {
            out.push(String::new());
        }
        out.extend(lines);
        prev_para = matches!(block, Block::Para(_));
    }
    out
}

fn render_block(block: &Block, width: usize) -> Vec<String> {
    match block {
        Block::Para(inlines) => render_para(inlines, width),
        Block::Code(text) => render_code(text),
        Block::List { ordered, items } => {
            let mut rendered = Vec::new();
            for item in items {
                let marker = if *ordered {
                    format!("{}. ", rendered.len() + 1)
                } else {
                    "- ".to_owned()
                };
                let inner_width = width.saturating_sub(marker.len()).max(MIN_WIDTH);
                let lines = render_blocks(item, inner_width, true);
                if !lines.is_empty() {
                    rendered.push((marker, lines));
                }
            }
            let loose = rendered
                .iter()
                .any(|(_, lines)| lines.iter().any(String::is_empty));
            let mut out = Vec::new();
            for (n, (marker, lines)) in rendered.into_iter().enumerate() {
                if loose && n > 0 {
                    out.push(String::new());
                }
                let indent = " ".repeat(marker.len());
                for (k, line) in lines.into_iter().enumerate() {
                    out.push(match (k, line.is_empty()) {
                        (0, _) => format!("{marker}{line}"),
                        (_, true) => line,
                        (_, false) => format!("{indent}{line}"),
                    });
                }
            }
            out
        }
        Block::Quote(blocks) => {
            let width = width.saturating_sub(2).max(MIN_WIDTH);
            let mut lines = render_blocks(blocks, width, false);
            for line in &mut lines {
                *line = if line.is_empty() {
                    ">".to_owned()
                } else {
                    format!("> {line}")
                };
            }
            lines
        }
    }
}

/// A ```` ```text ```` fence: dedented, tabs expanded, no trailing spaces and
/// no runs of blank lines; the fence outgrows any backtick run inside.
fn render_code(text: &str) -> Vec<String> {
    let lines: Vec<String> = text
        .replace("\r\n", "\n")
        .split(['\n', '\r'])
        .map(|l| l.replace('\t', "    ").trim_end().to_owned())
        .collect();
    let indent = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut body: Vec<String> = Vec::new();
    for line in lines {
        let line = line.get(indent..).unwrap_or("").to_owned();
        if line.is_empty() && body.last().is_none_or(String::is_empty) {
            continue;
        }
        body.push(line);
    }
    while body.last().is_some_and(String::is_empty) {
        body.pop();
    }
    let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
    let mut out = vec![format!("{fence}text")];
    out.extend(body);
    out.push(fence);
    out
}

fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for c in s.chars() {
        cur = if c == ch { cur + 1 } else { 0 };
        best = best.max(cur);
    }
    best
}

// ---------------------------------------------------------------------------
// Rendering paragraphs

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Strong,
    Emph,
}

/// A paragraph flattened to the pieces its Markdown is made of.
#[derive(Clone, Debug)]
enum Piece {
    /// Escaped text without whitespace.
    Word(String),
    Space,
    Break,
    /// A code span or autolink: never escaped, never wrapped.
    Atom(String),
    Open(Mark, usize),
    Close(Mark, usize),
    LinkOpen,
    /// `](url)`.
    LinkClose(String),
}

impl Piece {
    fn text(&self) -> &str {
        match self {
            Piece::Word(s) | Piece::Atom(s) | Piece::LinkClose(s) => s,
            Piece::Space => " ",
            Piece::Break => "\n",
            Piece::Open(Mark::Strong, _) | Piece::Close(Mark::Strong, _) => "**",
            Piece::Open(Mark::Emph, _) | Piece::Close(Mark::Emph, _) => "*",
            Piece::LinkOpen => "[",
        }
    }

    fn is_white(&self) -> bool {
        matches!(self, Piece::Space | Piece::Break)
    }
}

fn render_para(inlines: &[Inline], width: usize) -> Vec<String> {
    let mut flat = Flattener::default();
    flat.inlines(inlines, false);
    let pieces = normalize_space(flat.pieces);
    let pieces = drop_unflanked(pieces);
    let mut lines = wrap(&pieces, width);
    for line in &mut lines {
        escape_line_start(line);
    }
    lines
}

#[derive(Default)]
struct Flattener {
    pieces: Vec<Piece>,
    next_id: usize,
}

impl Flattener {
    fn inlines(&mut self, inlines: &[Inline], in_link: bool) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => self.text(t, in_link),
                Inline::Code(c) => self.code(c, in_link),
                Inline::Strong(c) | Inline::Emph(c) => {
                    let mark = if matches!(inline, Inline::Strong(_)) {
                        Mark::Strong
                    } else {
                        Mark::Emph
                    };
                    let id = self.next_id;
                    self.next_id += 1;
                    self.pieces.push(Piece::Open(mark, id));
                    self.inlines(c, in_link);
                    self.pieces.push(Piece::Close(mark, id));
                }
                Inline::Link(url, content) => {
                    if !visible(content) || plain_text(content).trim() == url {
                        self.pieces.push(Piece::Atom(autolink(url)));
                    } else {
                        self.pieces.push(Piece::LinkOpen);
                        self.inlines(content, true);
                        let url = encode_url(url, "<>()\"\\`");
                        self.pieces.push(Piece::LinkClose(format!("]({url})")));
                    }
                }
                Inline::Break => self.pieces.push(Piece::Break),
            }
        }
    }

    fn text(&mut self, text: &str, in_link: bool) {
        let mut word = String::new();
        for c in text.chars() {
            if is_breaking_space(c) {
                self.word(&std::mem::take(&mut word), in_link);
                self.pieces.push(Piece::Space);
            } else {
                word.push(c);
            }
        }
        self.word(&word, in_link);
    }

    /// Pushes one whitespace-free word, turning bare URLs into autolinks
    /// (rustdoc's `bare_urls` lint) except inside link text.
    fn word(&mut self, mut word: &str, in_link: bool) {
        while !word.is_empty() {
            if word.chars().all(char::is_control) {
                return;
            }
            let found = if in_link { None } else { find_url(word) };
            let Some((start, end)) = found else {
                self.pieces.push(Piece::Word(escape_text(word)));
                return;
            };
            if start > 0 {
                self.pieces.push(Piece::Word(escape_text(&word[..start])));
            }
            self.pieces.push(Piece::Atom(autolink(&word[start..end])));
            word = &word[end..];
        }
    }

    fn code(&mut self, code: &str, in_link: bool) {
        let collapsed = code
            .split(is_breaking_space)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if collapsed.is_empty() {
            return;
        }
        let run = longest_run(&collapsed, '`');
        if run >= 2 {
            // Its delimiter would be three backticks, which opens a fence when
            // a wrapped line starts with it: show the text escaped instead.
            self.text(&collapsed, in_link);
            return;
        }
        let fence = "`".repeat(run + 1);
        let pad = if collapsed.starts_with('`') || collapsed.ends_with('`') {
            " "
        } else {
            ""
        };
        self.pieces
            .push(Piece::Atom(format!("{fence}{pad}{collapsed}{pad}{fence}")));
    }
}

fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(c) | Inline::Emph(c) | Inline::Link(_, c) => {
                out.push_str(&plain_text(c))
            }
            Inline::Break => out.push(' '),
        }
    }
    out
}

/// HTML collapses whitespace; non-breaking spaces are content.
fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// The byte range of the first `http(s)://` URL in a word, trailing
/// punctuation excluded.
fn find_url(word: &str) -> Option<(usize, usize)> {
    let lower = word.to_ascii_lowercase();
    let start = match (lower.find("https://"), lower.find("http://")) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    let rest = &word[start..];
    let mut end = rest.find(['<', '>', '"', '`']).unwrap_or(rest.len());
    loop {
        let url = &rest[..end];
        let Some(last) = url.chars().last() else {
            break;
        };
        let unbalanced = last == ')' && url.matches('(').count() < url.matches(')').count();
        if matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ']' | '}' | '*'
        ) || unbalanced
        {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    let scheme = if lower[start..].starts_with("https://") {
        8
    } else {
        7
    };
    (end > scheme).then_some((start, start + end))
}

fn autolink(url: &str) -> String {
    format!("<{}>", encode_url(url, "<>"))
}

/// Percent-encodes whitespace, controls and the given characters, which
/// would end or confuse a link destination.
fn encode_url(url: &str, special: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            c if c.is_control() || c.is_whitespace() || special.contains(c) => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes a whitespace-free run of text so that Markdown shows it verbatim.
fn escape_text(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // `snake_case` is safe; an `_` at a word edge may open emphasis.
            '_' => {
                let inner = i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if !inner {
                    out.push('\\');
                }
                out.push('_');
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if starts_entity(&chars[i + 1..]) => out.push_str("&amp;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `&` followed by `rest` would read as a character reference.
fn starts_entity(rest: &[char]) -> bool {
    let body = rest.strip_prefix(&['#']).unwrap_or(rest);
    let len = body
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    len > 0 && body.get(len) == Some(&';')
}

/// Moves whitespace out of emphasis and links (`<b> x</b>` → ` **x**`),
/// collapses runs and trims the ends.
fn normalize_space(mut pieces: Vec<Piece>) -> Vec<Piece> {
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..pieces.len().saturating_sub(1) {
            let (a, b) = (&pieces[i], &pieces[i + 1]);
            let opener_then_space = matches!(a, Piece::Open(..) | Piece::LinkOpen) && b.is_white();
            let space_then_closer =
                a.is_white() && matches!(b, Piece::Close(..) | Piece::LinkClose(_));
            if opener_then_space || space_then_closer {
                pieces.swap(i, i + 1);
                changed = true;
            }
        }
    }
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match piece {
            Piece::Space => {
                if out.last().is_some_and(|p| !p.is_white()) {
                    out.push(Piece::Space);
                }
            }
            Piece::Break => match out.last() {
                None | Some(Piece::Break) => {}
                Some(Piece::Space) => *out.last_mut().expect("checked") = Piece::Break,
                Some(_) => out.push(Piece::Break),
            },
            Piece::Close(mark, id) if matches!(out.last(), Some(Piece::Open(m, i)) if *m == mark && *i == id) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    while out.last().is_some_and(Piece::is_white) {
        out.pop();
    }
    out
}

/// Drops emphasis whose delimiters CommonMark would not read as emphasis
/// (for example `a**(b)**` or `**x**y` after punctuation), leaving the text
/// plain instead of showing stray asterisks.
fn drop_unflanked(mut pieces: Vec<Piece>) -> Vec<Piece> {
    loop {
        // Dropping a pair changes its neighbours' context, so repeat; a
        // whole batch per pass keeps long paragraphs linear in practice.
        let bad: BTreeSet<usize> = (0..pieces.len())
            .filter_map(|i| {
                let (prev, next) = (char_before(&pieces, i), char_after(&pieces, i));
                match pieces[i] {
                    Piece::Open(_, id) => {
                        let after_closer = i > 0 && matches!(pieces[i - 1], Piece::Close(..));
                        (after_closer || !left_flanking(prev, next)).then_some(id)
                    }
                    Piece::Close(_, id) => (!right_flanking(prev, next)).then_some(id),
                    _ => None,
                }
            })
            .collect();
        if bad.is_empty() {
            return pieces;
        }
        pieces
            .retain(|p| !matches!(p, Piece::Open(_, id) | Piece::Close(_, id) if bad.contains(id)));
    }
}

fn char_before(pieces: &[Piece], i: usize) -> Option<char> {
    pieces[..i]
        .iter()
        .rev()
        .find_map(|p| p.text().chars().last())
}

fn char_after(pieces: &[Piece], i: usize) -> Option<char> {
    pieces[i + 1..].iter().find_map(|p| p.text().chars().next())
}

fn is_white(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// CommonMark counts Unicode punctuation and symbols; for non-ASCII this
/// approximates them as "neither alphanumeric nor whitespace".
fn is_punct(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        c.is_ascii_punctuation() || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace())
    })
}

fn left_flanking(prev: Option<char>, next: Option<char>) -> bool {
    !is_white(next) && (!is_punct(next) || is_white(prev) || is_punct(prev))
}

fn right_flanking(prev: Option<char>, next: Option<char>) -> bool {
    !is_white(prev) && (!is_punct(prev) || is_white(next) || is_punct(next))
}

/// Fills lines up to `width`, breaking only at spaces; hard breaks end a
/// line with a backslash (trailing spaces would be invisible).
fn wrap(pieces: &[Piece], width: usize) -> Vec<String> {
    let mut out = Wrapper {
        width,
        ..Wrapper::default()
    };
    for piece in pieces {
        match piece {
            Piece::Space => {
                out.flush_unit();
                out.space = true;
            }
            Piece::Break => {
                out.flush_unit();
                out.space = false;
                if !out.line.is_empty() {
                    out.line.push('\\');
                    out.end_line();
                }
            }
            other => out.unit.push_str(other.text()),
        }
    }
    out.flush_unit();
    if !out.line.is_empty() {
        out.end_line();
    }
    out.lines
}

#[derive(Default)]
struct Wrapper {
    width: usize,
    lines: Vec<String>,
    line: String,
    line_len: usize,
    /// Text between two spaces: the unit that is never split.
    unit: String,
    /// Whether a space separates `unit` from `line`.
    space: bool,
}

impl Wrapper {
    fn flush_unit(&mut self) {
        if self.unit.is_empty() {
            return;
        }
        let len = self.unit.chars().count();
        if !self.line.is_empty() && self.space {
            if self.line_len + 1 + len > self.width {
                self.end_line();
            } else {
                self.line.push(' ');
                self.line_len += 1;
            }
        }
        self.line.push_str(&self.unit);
        self.line_len += len;
        self.unit.clear();
    }

    fn end_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
        self.line_len = 0;
    }
}

/// Escapes what would start a block at the beginning of a line: ATX
/// headings, list markers, thematic breaks and setext underlines. (`>`, `*`,
/// `_`, `` ` `` and `~` are escaped wherever they occur.)
fn escape_line_start(line: &mut String) {
    let bytes = line.as_bytes();
    let Some(&first) = bytes.first() else { return };
    let run = bytes.iter().take_while(|&&b| b == first).count();
    let space_after = |n: usize| matches!(bytes.get(n), None | Some(b' '));
    let only = |set: &[u8]| bytes.iter().all(|b| set.contains(b));
    let at = match first {
        b'#' if run <= 6 && space_after(run) => Some(0),
        b'-' | b'+' if space_after(1) || only(b"- ") => Some(0),
        b'=' if only(b"= ") => Some(0),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let marker = matches!(bytes.get(digits), Some(b'.' | b')'));
            (digits <= 9 && marker && space_after(digits + 1)).then_some(digits)
        }
        _ => None,
    };
    if let Some(at) = at {
        line.insert(at, '\\');
    }
}
