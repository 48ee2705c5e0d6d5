//! The compact model of every service Step Functions can call (feature
//! `sdk-models`): what `cargo xtask regen` writes to `data/sdk/` from the
//! botocore models and the IAM data, embedded gzip-compressed (about 1.7 MB
//! for every service) and decompressed one service at a time, the first
//! time something asks for it.
//!
//! Each service is one JSON object: `format`, `sdk_name`, `service`
//! (botocore), `name`, `iam_prefix`, `shapes` (a table: `k` kind, `m`
//! members `[key, shape, required]`, `e` element or value shape, `v` enum
//! values, `p` pattern, `min`/`max`) and `operations`, sorted by `action`
//! (`input` shape, `iam` status, `excluded` reason, `grants`).

use std::io::Read;

use crate::services::registry::catalog_service;

/// The format this crate reads.
pub const FORMAT: u64 = 1;

/// The compact model of the service called `sdk_name` in `aws-sdk:` ARNs,
/// or `None` for a name no botocore model has. An error means the embedded
/// data is damaged, which a build of this crate never produces.
pub fn model(sdk_name: &str) -> Result<Option<serde_json::Value>, String> {
    let Some(text) = text(sdk_name)? else {
        return Ok(None);
    };
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("data/sdk/{sdk_name}.json.gz: {e}"))?;
    match value.get("format").and_then(serde_json::Value::as_u64) {
        Some(FORMAT) => Ok(Some(value)),
        other => Err(format!(
            "data/sdk/{sdk_name}.json.gz: format {other:?}, this crate reads {FORMAT}"
        )),
    }
}

/// The compact model of `sdk_name` as JSON text, decompressed, or `None` for
/// a name no botocore model has; its `format` is not checked here.
pub fn text(sdk_name: &str) -> Result<Option<String>, String> {
    let Some(service) = catalog_service(sdk_name) else {
        return Ok(None);
    };
    let mut text = String::new();
    flate2::read::GzDecoder::new(service.data)
        .read_to_string(&mut text)
        .map_err(|e| format!("data/sdk/{sdk_name}.json.gz: {e}"))?;
    Ok(Some(text))
}
