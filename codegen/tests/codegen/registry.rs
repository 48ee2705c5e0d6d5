//! `codegen::registry`: the service registry `models/services.toml` is
//! strict, checked, and the one place the services are listed.

use std::path::Path;

use codegen::registry::Registry;

const ONE: &str = r#"
[services.stepfunctions]
module = "sfn"
sdk_name = "sfn"
error_prefix = "Sfn"
iam_prefix = "states"
reason = "r"
source = ["https://example.com"]
"#;

fn problems(text: &str) -> String {
    Registry::parse(text).err().unwrap_or_default()
}

#[test]
fn the_shipped_registry_loads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let registry = Registry::load(root).unwrap();
    assert_eq!(registry.services["emr"].iam_prefix, "elasticmapreduce");
    assert_eq!(registry.services["stepfunctions"].module, "sfn");
    // Every typed service's prefix, each once.
    let prefixes = registry.iam_prefixes();
    assert!(prefixes.contains(&"states") && prefixes.contains(&"elasticmapreduce"));
    let mut sorted = prefixes.clone();
    sorted.dedup();
    assert_eq!(sorted, prefixes);
    assert!(registry.names["apigateway"].iam_actions.is_some());
}

#[test]
fn a_minimal_entry_parses() {
    let registry = Registry::parse(ONE).unwrap();
    assert_eq!(registry.botocore_keys(), ["stepfunctions"]);
    assert!(!registry.services["stepfunctions"].helpers);
}

#[test]
fn unknown_and_missing_fields_name_their_key() {
    let err = problems(&ONE.replace("iam_prefix", "iam_prefx"));
    assert!(err.contains("services.stepfunctions"), "{err}");
    assert!(
        err.contains("iam_prefx") || err.contains("iam_prefix"),
        "{err}"
    );
}

#[test]
fn bad_values_are_all_reported() {
    let twice = format!(
        "{ONE}\n[services.other]\nmodule = \"sfn\"\nsdk_name = \"Sfn\"\nerror_prefix = \"sfn\"\niam_prefix = \"x\"\nreason = \"\"\nsource = []\n"
    );
    let err = problems(&twice);
    for expected in [
        "services.stepfunctions.module: `sfn` is used twice",
        "services.other.sdk_name: `Sfn` must be lower-case",
        "services.other.error_prefix: `sfn` must be PascalCase",
        "services.other: reason and source must not be empty",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in {err}");
    }
}

#[test]
fn exceptions_must_say_something() {
    let err = problems(&format!(
        "{ONE}\n[names.alpha]\nno_iam = true\niam_prefix = \"a\"\nreason = \"r\"\nsource = \"s\"\n\n[names.beta]\nduplicate_of = \"beta\"\nreason = \"\"\nsource = \"s\"\n"
    ));
    for expected in [
        "names.alpha: `no_iam` and `iam_prefix` contradict",
        "names.beta: a duplicate of itself",
        "names.beta: reason and source must not be empty",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in {err}");
    }
}
