//! ARN templates: whether a policy resource can name a resource of a given
//! type ([`arn_matches`]), and how specific a template is.

use std::collections::BTreeSet;

/// One position of a pattern, as a tiny NFA step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Atom {
    Char(char),
    /// One or more characters of the class.
    Plus(Class),
    /// Zero or more characters of any kind (`*` in a policy ARN).
    Star,
    /// Exactly one character of any kind (`?` in a policy ARN).
    One,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Any,
    NotColon,
}

/// An ARN template as atoms. Every `${Variable}` is one or more characters
/// without `:`, except the last variable, which may contain `:` so that
/// qualified names (`function:my-fn:PROD`) and paths still match.
fn parse_template(template: &str) -> Vec<Atom> {
    let chars: Vec<char> = template.chars().collect();
    let vars = variable_spans(&chars);
    let last = vars.last().map(|(start, _)| *start);
    let mut atoms = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((start, end)) = vars.iter().find(|(s, _)| *s == i) {
            let class = if Some(*start) == last {
                Class::Any
            } else {
                Class::NotColon
            };
            atoms.push(Atom::Plus(class));
            i = *end;
        } else {
            atoms.push(Atom::Char(chars[i]));
            i += 1;
        }
    }
    atoms
}

/// A policy resource as atoms: `*` and `?` are IAM wildcards, and every
/// `${...}` (CloudFormation pseudo parameters such as `${AWS::Region}`, IAM
/// policy variables) stands for one or more characters without `:`.
fn parse_resource(arn: &str) -> Vec<Atom> {
    let chars: Vec<char> = arn.chars().collect();
    let vars = variable_spans(&chars);
    let mut atoms = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((_, end)) = vars.iter().find(|(s, _)| *s == i) {
            atoms.push(Atom::Plus(Class::NotColon));
            i = *end;
            continue;
        }
        atoms.push(match chars[i] {
            '*' => Atom::Star,
            '?' => Atom::One,
            c => Atom::Char(c),
        });
        i += 1;
    }
    atoms
}

/// `(start, end)` index ranges of well-formed `${...}` in `chars` (end exclusive).
fn variable_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == '$'
            && chars[i + 1] == '{'
            && let Some(close) = chars[i + 2..].iter().position(|c| *c == '}')
            && close > 0
        {
            let end = i + 2 + close + 1;
            spans.push((i, end));
            i = end;
            continue;
        }
        i += 1;
    }
    spans
}

/// Whether a policy resource `arn` can name a resource of the type whose ARN
/// template is `template`: some concrete ARN matches both.
///
/// Template variables (`${Partition}`, `${Region}`, `${TableName}`, ...) each
/// match a non-empty run without `:`, the last one any non-empty text.
/// In `arn`, `*` and `?` are wildcards and `${AWS::Partition}`-style
/// placeholders match any one template variable.
pub fn arn_matches(template: &str, arn: &str) -> bool {
    intersects(&parse_template(template), &parse_resource(arn))
}

/// A position in a pattern: the atom index, and whether the `Plus` atom there
/// has already consumed a character.
type Pos = (usize, bool);

/// True if some string is accepted by both patterns: a search over pairs of
/// positions of the two (tiny) automata.
fn intersects(a: &[Atom], b: &[Atom]) -> bool {
    let mut seen: BTreeSet<(Pos, Pos)> = BTreeSet::new();
    let mut stack = vec![((0, false), (0, false))];
    while let Some((pa, pb)) = stack.pop() {
        if !seen.insert((pa, pb)) {
            continue;
        }
        if pa.0 == a.len() && pb.0 == b.len() {
            return true;
        }
        if let Some(next) = epsilon(a, pa) {
            stack.push((next, pb));
        }
        if let Some(next) = epsilon(b, pb) {
            stack.push((pa, next));
        }
        if let (Some((ca, na)), Some((cb, nb))) = (consume(a, pa), consume(b, pb))
            && overlap(ca, cb)
        {
            stack.push((na, nb));
        }
    }
    false
}

/// Moves that consume nothing: past a `Star`, or out of a `Plus` that has
/// matched at least one character.
fn epsilon(atoms: &[Atom], (i, started): Pos) -> Option<Pos> {
    match atoms.get(i)? {
        Atom::Star => Some((i + 1, false)),
        Atom::Plus(_) if started => Some((i + 1, false)),
        _ => None,
    }
}

/// The characters acceptable at a position and the position after one of them.
fn consume(atoms: &[Atom], (i, _): Pos) -> Option<(CharSet, Pos)> {
    Some(match atoms.get(i)? {
        Atom::Char(c) => (CharSet::Exactly(*c), (i + 1, false)),
        Atom::Plus(class) => (CharSet::Class(*class), (i, true)),
        Atom::Star => (CharSet::Class(Class::Any), (i, false)),
        Atom::One => (CharSet::Class(Class::Any), (i + 1, false)),
    })
}

#[derive(Debug, Clone, Copy)]
enum CharSet {
    Exactly(char),
    Class(Class),
}

fn overlap(a: CharSet, b: CharSet) -> bool {
    match (a, b) {
        (CharSet::Exactly(x), CharSet::Exactly(y)) => x == y,
        (CharSet::Exactly(c), CharSet::Class(k)) | (CharSet::Class(k), CharSet::Exactly(c)) => {
            k == Class::Any || c != ':'
        }
        (CharSet::Class(_), CharSet::Class(_)) => true,
    }
}

/// Number of literal (non-variable) characters in an ARN template.
pub(crate) fn literal_len(template: &str) -> usize {
    parse_template(template)
        .iter()
        .filter(|a| matches!(a, Atom::Char(_)))
        .count()
}
