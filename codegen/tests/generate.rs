//! The generator on a small fixture model that has every shape kind and the
//! naming obstacles: recursion, unions, enums, maps of structures, blobs,
//! timestamps, documents, keywords and acronyms.

use std::path::{Path, PathBuf};

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repo")
}

fn generate_fixture() -> codegen::Generation {
    match codegen::generate_services(&fixture_root(), &["fixture"]) {
        Ok(generation) => generation,
        Err(e) => panic!("fixture generation failed: {e}"),
    }
}

#[test]
fn fixture_types_snapshot() {
    let generation = generate_fixture();
    let types = &generation.files.files["generated/src/services/fixture/types.rs"];
    insta::assert_snapshot!("fixture_types", types);
    let module = &generation.files.files["generated/src/services/fixture/mod.rs"];
    insta::assert_snapshot!("fixture_mod", module);
    let services = &generation.files.files["generated/src/services/mod.rs"];
    insta::assert_snapshot!("services_mod", services);
}

#[test]
fn only_shapes_reachable_from_inputs_become_types() {
    let generation = generate_fixture();
    let types = &generation.files.files["generated/src/services/fixture/types.rs"];
    assert!(types.contains("pub struct NodeConfig"));
    assert!(
        !types.contains("pub struct Unused"),
        "Unused is not reachable from any input"
    );
    assert_eq!(generation.stats[0].operations, 2);
    // CreateThingRequest, NodeConfig, TreeNode, AttrValue, ThingType.
    assert_eq!(generation.stats[0].types, 5);
}

#[test]
fn recursion_is_boxed_only_where_needed() {
    let generation = generate_fixture();
    let types = &generation.files.files["generated/src/services/fixture/types.rs"];
    // A direct self-reference needs a box; a list of itself does not.
    assert!(types.contains("pub parent: ::std::option::Option<\n        crate::runtime::Field<::std::boxed::Box<TreeNode>>,"), "{types}");
    assert!(types.contains("::std::vec::Vec<TreeNode>"));
    // A union recursing through a map or list needs no box.
    assert!(!types.contains("Box<AttrValue>"));
}

#[test]
fn every_file_has_the_generated_header_and_output_is_deterministic() {
    let first = generate_fixture();
    let second = generate_fixture();
    assert_eq!(first.files.files, second.files.files);
    for (path, text) in &first.files.files {
        if path.ends_with(".rs") {
            assert!(
                text.starts_with(codegen::render::HEADER),
                "{path} lacks the header"
            );
        }
    }
}

#[test]
fn manifest_region_lists_features() {
    let generation = generate_fixture();
    let manifest = &generation.files.files["generated/Cargo.toml"];
    assert!(
        manifest.contains(
            "fixture = []\nsdk-fixture = [\"fixture\"]\nfull = [\"sdk-fixture\"]\n# @end generated region"
        ),
        "{manifest}"
    );
    assert!(manifest.starts_with("[package]\nname = \"fixture\""));
}
