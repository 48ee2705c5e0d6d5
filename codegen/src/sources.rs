//! Vendored model bookkeeping: `models/SOURCES.toml`, hashes, and refreshing
//! the models from a botocore release.
