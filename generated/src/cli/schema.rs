//! Which schema describes a Task's `Resource`: a typed service's, when the
//! build has it, else the catalogued one's.

pub use crate::check::schema::*;

/// Every vendored service's schema.
pub fn services() -> &'static [&'static ServiceSchema] {
    crate::services::SCHEMAS
}

/// The service whose SDK integration is `aws-sdk:<name>`: a typed
/// service's schema, else the catalogued one's, decoded on first use.
pub fn sdk_service(name: &str) -> Option<&'static ServiceSchema> {
    services()
        .iter()
        .copied()
        .find(|s| s.sdk_service == name)
        .or_else(|| crate::check::catalog::schema(name))
}

/// The IAM status of a catalogued operation when its data is incomplete
/// (`unchecked`, `none`, `no-data`); see `check::catalog::iam_status`.
pub(crate) fn catalog_iam_status(service: &str, action: &str) -> Option<&'static str> {
    if services().iter().any(|s| s.sdk_service == service) {
        return None; // The typed services' grants are their own.
    }
    crate::check::catalog::iam_status(service, action)
}

/// The API model of an optimized integration's service that has no curated
/// data: the catalogued service of that SDK name or botocore name
/// (`events` → EventBridge).
pub fn api_of_optimized(name: &str) -> Option<&'static ServiceSchema> {
    sdk_service(name).or_else(|| {
        let service = crate::services::registry::CATALOG
            .iter()
            .find(|s| s.botocore == name)?;
        sdk_service(service.sdk_name)
    })
}

/// Every SDK service name Step Functions may call (`aws-sdk:<name>:`), sorted.
pub fn sdk_service_names() -> impl Iterator<Item = &'static str> {
    crate::check::catalog::names()
}

/// The first service whose optimized integrations are
/// `arn:aws:states:::<name>:…`; see [`optimized_services`] for all of them.
pub fn optimized_service(name: &str) -> Option<&'static ServiceSchema> {
    optimized_services(name).next()
}

/// Every service whose optimized integrations are
/// `arn:aws:states:::<name>:…`: usually one, several when one ARN service
/// spans APIs (`bedrock:invokeModel` is Bedrock Runtime's, the other
/// `bedrock:` tasks Bedrock's).
pub fn optimized_services(name: &str) -> impl Iterator<Item = &'static ServiceSchema> + '_ {
    services()
        .iter()
        .copied()
        .filter(move |s| s.optimized_services.contains(&name))
}

/// The optimized integration `arn:aws:states:::<name>:<action>`, with the
/// service whose API it follows.
pub fn optimized_integration(
    name: &str,
    action: &str,
) -> Option<(&'static ServiceSchema, &'static Optimized)> {
    optimized_services(name).find_map(|s| s.optimized(name, action).map(|o| (s, o)))
}
