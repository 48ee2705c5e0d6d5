//! AWS service-authorization data (`models/iam`).
