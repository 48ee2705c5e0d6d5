//! Service modules written by `cargo xtask regen`.
