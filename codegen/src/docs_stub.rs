//! Temporary: strips tags until the real converter lands.
pub fn html_to_markdown(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => { in_tag = true; out.push(' '); }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    text.replace(['[', ']', '<', '>', '`', '*', '_'], "")
}
