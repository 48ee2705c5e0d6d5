//! The service registry, `models/services.toml`: every fact about a service
//! that its botocore model does not carry, read once and checked, then used
//! by every stage (vendoring, naming, SDK tasks, IAM) and printed for the
//! runtime and the CLI (`generated/src/services/registry.rs`).
//!
//! Nothing else in codegen names a service.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Repository-relative path of the registry.
pub const REGISTRY_FILE: &str = "models/services.toml";

/// `models/services.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    /// Typed services by botocore folder name, in name order.
    pub services: BTreeMap<String, Service>,
    /// IAM prefixes vendored for curated grants, beyond the services' own.
    #[serde(default)]
    pub iam_only: BTreeMap<String, Fact>,
    /// SDK names of untyped services whose IAM prefix differs from the name.
    #[serde(default)]
    pub sdk_only: BTreeMap<String, SdkOnly>,
}

/// One typed service.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Rust module and cargo feature name (`sfn`).
    pub module: String,
    /// The service in `arn:aws:states:::aws-sdk:<sdk_name>:<action>`.
    pub sdk_name: String,
    /// Prefix of the error names its SDK integration raises (`DynamoDb`).
    pub error_prefix: String,
    /// Prefix of its IAM actions (`states`).
    pub iam_prefix: String,
    /// Whether `generated/src/helpers/<module>.rs` holds hand-written
    /// helpers that the service module re-exports.
    #[serde(default)]
    pub helpers: bool,
    /// Why these names.
    pub reason: String,
    /// Where they are documented.
    pub source: Vec<String>,
}

/// A fact with its reason and source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Why.
    pub reason: String,
    /// Where it is documented.
    pub source: String,
}

/// An untyped SDK service whose IAM prefix is not its SDK name.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SdkOnly {
    /// Its IAM prefix (`logs` for `cloudwatchlogs`).
    pub iam_prefix: String,
    /// Why.
    pub reason: String,
    /// Where it is documented.
    pub source: String,
}

impl Registry {
    /// Reads and checks `root/models/services.toml`.
    pub fn load(root: &Path) -> Result<Self, Error> {
        let path = root.join(REGISTRY_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: REGISTRY_FILE.into(),
            source,
        })?;
        Self::parse(&text).map_err(|message| Error::Curated {
            file: REGISTRY_FILE.into(),
            message,
        })
    }

    /// Parses and checks the registry; the error names the key at fault.
    pub fn parse(text: &str) -> Result<Self, String> {
        let de = toml::Deserializer::new(text);
        let registry: Registry = serde_path_to_error::deserialize(de)
            .map_err(|e| format!("{}: {}", e.path(), e.inner().message().trim()))?;
        registry.check()?;
        Ok(registry)
    }

    fn check(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        let mut modules = BTreeSet::new();
        let mut sdk_names = BTreeSet::new();
        for (key, s) in &self.services {
            let at = format!("services.{key}");
            for (field, value) in [
                ("module", &s.module),
                ("sdk_name", &s.sdk_name),
                ("iam_prefix", &s.iam_prefix),
            ] {
                let valid = !value.is_empty()
                    && value
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if !valid {
                    problems.push(format!(
                        "{at}.{field}: `{value}` must be lower-case letters, digits or `-`"
                    ));
                }
            }
            if s.module.contains('-') {
                problems.push(format!(
                    "{at}.module: `{}` is not a Rust identifier",
                    s.module
                ));
            }
            if !s.error_prefix.starts_with(|c: char| c.is_ascii_uppercase())
                || !s.error_prefix.chars().all(|c| c.is_ascii_alphanumeric())
            {
                problems.push(format!(
                    "{at}.error_prefix: `{}` must be PascalCase",
                    s.error_prefix
                ));
            }
            if s.reason.trim().is_empty() || s.source.is_empty() {
                problems.push(format!("{at}: reason and source must not be empty"));
            }
            if !modules.insert(&s.module) {
                problems.push(format!("{at}.module: `{}` is used twice", s.module));
            }
            if !sdk_names.insert(&s.sdk_name) {
                problems.push(format!("{at}.sdk_name: `{}` is used twice", s.sdk_name));
            }
        }
        for (name, s) in &self.sdk_only {
            if sdk_names.contains(name) {
                problems.push(format!(
                    "sdk_only.{name}: a typed service already has this SDK name"
                ));
            }
            if s.iam_prefix == *name {
                problems.push(format!(
                    "sdk_only.{name}: the IAM prefix is the SDK name, so the entry says nothing"
                ));
            }
        }
        for (prefix, fact) in &self.iam_only {
            if self.services.values().any(|s| s.iam_prefix == *prefix) {
                problems.push(format!(
                    "iam_only.{prefix}: already a typed service's IAM prefix"
                ));
            }
            if fact.reason.trim().is_empty() || fact.source.trim().is_empty() {
                problems.push(format!(
                    "iam_only.{prefix}: reason and source must not be empty"
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n  "))
        }
    }

    /// The botocore folder names of the typed services, in name order.
    pub fn botocore_keys(&self) -> Vec<&str> {
        self.services.keys().map(String::as_str).collect()
    }

    /// The typed service with this botocore folder name.
    pub fn service(&self, key: &str) -> Result<&Service, Error> {
        self.services.get(key).ok_or_else(|| Error::Curated {
            file: REGISTRY_FILE.into(),
            message: format!("services.{key}: missing; every vendored service needs an entry"),
        })
    }

    /// Every IAM prefix vendored in `models/iam`, sorted.
    pub fn iam_prefixes(&self) -> Vec<&str> {
        let all: BTreeSet<&str> = self
            .services
            .values()
            .map(|s| s.iam_prefix.as_str())
            .chain(self.iam_only.keys().map(String::as_str))
            .collect();
        all.into_iter().collect()
    }
}
