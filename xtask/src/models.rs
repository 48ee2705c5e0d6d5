//! `update-models` and `update-iam`: refresh the vendored inputs.
