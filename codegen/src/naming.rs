//! Every identifier the generator prints comes from here.
//!
//! Generic rules first (split into words, join in the target case, escape
//! keywords), then the fix-ups in `models/naming.toml`. Wire names are never
//! derived from Rust names: the ASL key is the botocore member name with its
//! first letter upper-cased, see [`wire_name`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::Error;

/// Rust keywords (strict and reserved, edition 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// The contents of `models/naming.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamingTable {
    /// Mixed-case acronyms → their one-word form.
    #[serde(default)]
    pub words: BTreeMap<String, WordFix>,
}

/// One word fix-up.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordFix {
    /// The replacement, one word in UpperCamel form.
    pub word: String,
    /// Why.
    pub reason: String,
}

impl NamingTable {
    /// Reads `models/naming.toml`.
    pub fn load(models_dir: &Path) -> Result<Self, Error> {
        let path = models_dir.join("naming.toml");
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        Self::parse(&text).map_err(|message| Error::Curated {
            file: Path::new("models/naming.toml").to_path_buf(),
            message,
        })
    }

    /// Parses the table from TOML text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let table: NamingTable = toml::from_str(text).map_err(|e| e.to_string())?;
        for (from, fix) in &table.words {
            if fix.word.chars().any(|c| !c.is_ascii_alphanumeric()) || from.is_empty() {
                return Err(format!(
                    "words.{from}: `{}` must be one alphanumeric word",
                    fix.word
                ));
            }
        }
        Ok(table)
    }

    /// Splits a model name into words, applying the word fix-ups first.
    pub fn words(&self, name: &str) -> Vec<String> {
        let mut text = name.to_owned();
        // Longest first, so a fix-up that contains another wins.
        let mut fixes: Vec<_> = self.words.iter().collect();
        fixes.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        for (from, fix) in fixes {
            // Keep a boundary after the replacement: `SSEKMSKeyId` → `SseKms_KeyId`.
            text = text.replace(from.as_str(), &format!("_{}_", fix.word));
        }
        split_words(&text)
    }

    /// A struct field name: snake_case, keywords escaped (`r#type`, `self_`).
    pub fn field_name(&self, member: &str) -> String {
        escape_keyword(&snake_of(&self.words(member)))
    }

    /// The setter for a field: `with_` plus the snake name (never raw).
    pub fn setter_name(&self, member: &str) -> String {
        format!("with_{}", snake_of(&self.words(member)))
    }

    /// A type name. Shape names are usually UpperCamel already and are kept
    /// as AWS wrote them (`SSESpecification`), so users can search the AWS
    /// docs for them; anything else is rebuilt from its words.
    pub fn type_name(&self, shape: &str) -> String {
        let valid = shape.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && shape.chars().all(|c| c.is_ascii_alphanumeric());
        let name = if valid {
            shape.to_owned()
        } else {
            camel_of(&self.words(shape))
        };
        escape_keyword(&name)
    }

    /// An enum variant for a model value (`PAY_PER_REQUEST` → `PayPerRequest`,
    /// `ml.m5.xlarge` → `MlM5Xlarge`) or a union member (`S` → `S`).
    pub fn variant_name(&self, value: &str) -> String {
        let name = camel_of(&self.words(value));
        if name.is_empty() {
            "Empty".to_owned()
        } else if name.starts_with(|c: char| c.is_ascii_digit()) {
            format!("V{name}")
        } else {
            escape_keyword(&name)
        }
    }
}

/// The ASL key for a botocore member: its name with the first letter
/// upper-cased, nothing else changed (`jobName` → `JobName`, `SSEKMSKeyId` stays).
pub fn wire_name(member: &str) -> String {
    let mut chars = member.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Splits an identifier-ish string into words.
///
/// Boundaries: any non-alphanumeric character; lower or digit → upper
/// (`jobName`); the last capital of a capital run followed by lower case
/// (`HTTPServer` → `HTTP`, `Server`) — except a plural `s` closing an acronym
/// (`ProviderARNs` → `Provider`, `ARNs`). Digits stay with the word before
/// them (`S3Location` → `S3`, `Location`).
pub fn split_words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = match prev {
            Some(p) if c.is_ascii_uppercase() => {
                p.is_ascii_lowercase()
                    // `EC2Instance` splits after the digit, `3DSettings` does not.
                    || (p.is_ascii_digit() && current.chars().any(|c| c.is_ascii_alphabetic()))
                    || (p.is_ascii_uppercase()
                        && next.is_some_and(|n| n.is_ascii_lowercase())
                        && !is_acronym_plural(&chars, i))
            }
            _ => false,
        };
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `ARNs`: at `N`, a capital run continues into a lone `s` that ends the word.
fn is_acronym_plural(chars: &[char], i: usize) -> bool {
    chars.get(i + 1) == Some(&'s')
        && chars
            .get(i + 2)
            .is_none_or(|c| c.is_ascii_uppercase() || !c.is_ascii_alphanumeric())
}

fn snake_of(words: &[String]) -> String {
    let snake = words
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else {
        snake
    }
}

fn camel_of(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn escape_keyword(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// An operation's action in a Step Functions Resource ARN: the operation
/// name with its first letter in lower case (`PutItem` → `putItem`).
pub fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
