//! Did-you-mean: the known name closest to a misspelt one (a field, a state,
//! an API action, a parameter, an enum value), when it is close enough to
//! be a typo.

/// ` (did you mean "X"?)` when one candidate is close to `word`.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    hint(suggestion(word, candidates))
}

/// ` (did you mean "X"?)` for a suggestion, nothing without one.
pub(crate) fn hint(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |c| format!(" (did you mean {c:?}?)"))
}

/// The candidate closest to `word`, when it is close enough to be a typo.
pub(crate) fn suggestion<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    // (score, edit distance as the tie-break, candidate)
    let mut best: Option<(usize, usize, &str)> = None;
    for c in candidates {
        let other = c.to_lowercase();
        let edits = distance(&lower, &other);
        let d = if other == lower {
            0
        } else if lower.len() >= 4 && (other.starts_with(&lower) || lower.starts_with(&other)) {
            // A shortened or extended name (`Consistent` for `ConsistentRead`).
            1
        } else {
            edits
        };
        if best.is_none_or(|(bd, be, _)| (d, edits) < (bd, be)) {
            best = Some((d, edits, c));
        }
    }
    let len = word.chars().count();
    let limit = (len / 3).max(2);
    match best {
        Some((d, _, c)) if d <= limit && d < len && c != word => Some(c),
        _ => None,
    }
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("TabelName", ["TableName", "Key"].into_iter()),
            " (did you mean \"TableName\"?)"
        );
        assert_eq!(
            did_you_mean("tableName", ["TableName"].into_iter()),
            " (did you mean \"TableName\"?)"
        );
        assert_eq!(did_you_mean("Zzzzzz", ["TableName"].into_iter()), "");
        // Two prefixes of each other: the one fewer edits away.
        assert_eq!(
            did_you_mean(
                "cloudwatchlog",
                ["cloudwatch", "cloudwatchlogs"].into_iter()
            ),
            " (did you mean \"cloudwatchlogs\"?)"
        );
    }
}
