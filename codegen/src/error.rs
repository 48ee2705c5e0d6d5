//! The generator's errors. Each one says what is wrong and where: a file and
//! a JSON pointer (or line and column) for model problems, a template and an
//! output file for rendering problems.

use std::fmt;
use std::path::PathBuf;

/// Where in a model file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelLocation {
    /// An RFC 6901 JSON pointer such as `/shapes/PutItemInput/members/Item`.
    Pointer(String),
    /// A position, for syntax errors where no pointer exists yet.
    LineColumn {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
}

impl fmt::Display for ModelLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelLocation::Pointer(p) if p.is_empty() => f.write_str("/"),
            ModelLocation::Pointer(p) => f.write_str(p),
            ModelLocation::LineColumn { line, column } => write!(f, "line {line} column {column}"),
        }
    }
}

/// Everything that can stop a generation run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A service folder holds no `service-2.json`.
    #[error("{dir}: no API version folder with a service-2.json")]
    MissingModel {
        /// The service folder.
        dir: PathBuf,
    },
    /// A model file is not what botocore models look like.
    #[error("{file}: {location}: {message}")]
    Model {
        /// Repository-relative model file.
        file: PathBuf,
        /// Where in the file.
        location: ModelLocation,
        /// What is wrong.
        message: String,
    },
    /// A curated data file is invalid.
    #[error("{file}: {message}")]
    Curated {
        /// Repository-relative data file.
        file: PathBuf,
        /// What is wrong, with the key path.
        message: String,
    },
    /// Several model problems, reported together.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Error>),
    /// A template failed to render.
    #[error("template {template} for {output}: {message}")]
    Template {
        /// Template name.
        template: String,
        /// Output file being rendered.
        output: String,
        /// What tera reported.
        message: String,
    },
    /// A template produced text that is not Rust.
    #[error(
        "template {template} produced invalid Rust for {output} (raw text kept at {dump}): {message}"
    )]
    InvalidRust {
        /// Template name.
        template: String,
        /// Output file being rendered.
        output: String,
        /// Where the raw text was saved for inspection.
        dump: String,
        /// What syn reported.
        message: String,
    },
}

impl Error {
    /// Collapses a list of errors into one (or none).
    pub fn collect(mut errors: Vec<Error>) -> Result<(), Error> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(Error::Many(errors)),
        }
    }
}
