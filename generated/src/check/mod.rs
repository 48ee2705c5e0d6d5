//! Parameters checked against the service models (feature `sdk-models`):
//! the shape tables, every catalogued service's decoded from its compact
//! model, and the one checker that both the library's checked SDK calls
//! ([`CallAwsService::checked`](crate::runtime::CallAwsService::checked))
//! and `sfn-tasks lint` run.

pub(crate) mod catalog;
pub mod json;
pub(crate) mod params;
pub mod schema;
pub(crate) mod suggest;

/// Where the checker reports what it finds: the linter (with the offset in
/// the file) or a checked call's error.
pub(crate) trait Report {
    /// The parameters are wrong at `pointer` (byte `offset` of the text).
    fn error(&mut self, offset: usize, pointer: &str, code: &'static str, message: String);
}
