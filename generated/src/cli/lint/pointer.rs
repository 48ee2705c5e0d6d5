//! JSON pointers spelled out only when a finding needs one. The linter
//! descends into every field of every state; formatting each field's
//! pointer up front cost a third of the time of a clean lint. A
//! [`Pointer`] is a segment and a borrow of its parent, so descending
//! costs nothing and the text is built on demand.

use std::fmt;

use crate::cli::json::escape_segment;

/// A JSON pointer (RFC 6901) as a chain of segments on the stack.
pub(crate) struct Pointer<'a> {
    parent: Option<&'a Pointer<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    /// The whole document: the empty pointer.
    Root,
    /// An object member, unescaped.
    Key(&'a str),
    /// An array item.
    Index(usize),
}

impl<'a> Pointer<'a> {
    /// The pointer to the whole document (`""`).
    pub(crate) const ROOT: Pointer<'static> = Pointer {
        parent: None,
        segment: Segment::Root,
    };

    /// The member `key` of the value here.
    pub(crate) fn key(&'a self, key: &'a str) -> Pointer<'a> {
        Pointer {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    /// The item `index` of the array here.
    pub(crate) fn index(&'a self, index: usize) -> Pointer<'a> {
        Pointer {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// The pointer's text (`/States/Load/Parameters`).
    pub(crate) fn to_text(&self) -> String {
        // Room for the usual `/States/<name>/<field>` without regrowing.
        let mut out = String::with_capacity(64);
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.write(out);
        }
        match self.segment {
            Segment::Root => {}
            Segment::Key(key) => {
                out.push('/');
                out.push_str(&escape_segment(key));
            }
            Segment::Index(index) => {
                use fmt::Write as _;
                let _ = write!(out, "/{index}");
            }
        }
    }
}

impl fmt::Display for Pointer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_escaped_and_joined() {
        let states = Pointer::ROOT.key("States");
        let state = states.key("a/b~c");
        let retry = state.key("Retry");
        let first = retry.index(0);
        assert_eq!(first.to_text(), "/States/a~1b~0c/Retry/0");
        assert_eq!(Pointer::ROOT.to_text(), "");
        assert_eq!(format!("{}", states.key("Next")), "/States/Next");
    }
}
