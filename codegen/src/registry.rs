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
    /// Exceptions to the rules that name every botocore service
    /// ([`crate::catalog::names`]), by botocore folder name.
    #[serde(default)]
    pub names: BTreeMap<String, NameException>,
    /// SDK names AWS documents for Step Functions that no botocore model
    /// has any more (retired services), by SDK name.
    #[serde(default)]
    pub unmodelled: BTreeMap<String, Unmodelled>,
}

/// A documented SDK name without a model.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unmodelled {
    /// Why.
    pub reason: String,
    /// Where it is documented.
    pub source: String,
}

/// Where a service departs from the naming rules, and why.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameException {
    /// Its IAM prefix, when no model name is one (`tag` for the tagging API).
    pub iam_prefix: Option<String>,
    /// IAM authorises none of its operations (tokens, not SigV4).
    #[serde(default)]
    pub no_iam: bool,
    /// The IAM data has no prefix for it yet (a new or retired service).
    #[serde(default)]
    pub no_iam_data: bool,
    /// How its operations map to IAM actions, when not by name.
    pub iam_actions: Option<IamActionsRule>,
    /// Another folder of the same API under the same SDK name: this one is
    /// not offered.
    pub duplicate_of: Option<String>,
    /// Why.
    pub reason: String,
    /// Where it is documented.
    pub source: String,
}

/// How operations map to IAM actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IamActionsRule {
    /// The action is the HTTP method (`apigateway:GET`).
    HttpMethod,
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
        for (key, n) in &self.names {
            if n.reason.trim().is_empty() || n.source.trim().is_empty() {
                problems.push(format!("names.{key}: reason and source must not be empty"));
            }
            if n.no_iam && n.iam_prefix.is_some() {
                problems.push(format!("names.{key}: `no_iam` and `iam_prefix` contradict"));
            }
            if n.duplicate_of.as_deref() == Some(key.as_str()) {
                problems.push(format!("names.{key}: a duplicate of itself"));
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

    /// The typed services' IAM prefixes, sorted, each once: an IAM update
    /// must have them.
    pub fn iam_prefixes(&self) -> Vec<&str> {
        let all: BTreeSet<&str> = self
            .services
            .values()
            .map(|s| s.iam_prefix.as_str())
            .collect();
        all.into_iter().collect()
    }
}
