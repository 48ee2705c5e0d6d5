//! The naming table: generic rules plus the fix-ups in models/naming.toml.

use std::path::Path;

use codegen::naming::{NamingTable, split_words, wire_name};

fn table() -> NamingTable {
    match NamingTable::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../models")) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn field_names() {
    let t = table();
    let cases = [
        ("jobName", "job_name"),
        ("JobName", "job_name"),
        ("ProviderARNs", "provider_arns"),
        ("VPCs", "vpcs"),
        ("SubnetIds", "subnet_ids"),
        ("IPv6Address", "ipv6_address"),
        ("IPv4Addresses", "ipv4_addresses"),
        ("SSEKMSKeyId", "sse_kms_key_id"),
        ("SSESpecification", "sse_specification"),
        ("S3Location", "s3_location"),
        ("EC2InstanceType", "ec2_instance_type"),
        ("HTTPEndpoint", "http_endpoint"),
        ("KMSKeyArn", "kms_key_arn"),
        ("NULL", "null"),
        ("BOOL", "bool"),
        ("SS", "ss"),
        ("type", "r#type"),
        ("Type", "r#type"),
        ("match", "r#match"),
        ("self", "self_"),
        ("Self", "self_"),
        ("super", "super_"),
        ("crate", "crate_"),
        ("async", "r#async"),
        ("gen", "r#gen"),
        ("3DSettings", "_3d_settings"),
    ];
    for (member, want) in cases {
        assert_eq!(t.field_name(member), want, "field name of {member}");
    }
}

#[test]
fn setters_are_never_raw() {
    let t = table();
    assert_eq!(t.setter_name("type"), "with_type");
    assert_eq!(t.setter_name("self"), "with_self");
    assert_eq!(t.setter_name("ProviderARNs"), "with_provider_arns");
}

#[test]
fn type_names_keep_aws_spelling_when_valid() {
    let t = table();
    assert_eq!(t.type_name("SSESpecification"), "SSESpecification");
    assert_eq!(t.type_name("PutItemInput"), "PutItemInput");
    assert_eq!(t.type_name("__listOfString"), "ListOfString");
    assert_eq!(t.type_name("Self"), "Self_");
}

#[test]
fn enum_variants() {
    let t = table();
    let cases = [
        ("PAY_PER_REQUEST", "PayPerRequest"),
        ("ml.m5.xlarge", "MlM5Xlarge"),
        ("nodejs18.x", "Nodejs18X"),
        ("python3.12", "Python312"),
        ("1.0", "V10"),
        ("", "Empty"),
        ("S", "S"),
        ("SHA-256", "Sha256"),
        ("arn:aws", "ArnAws"),
    ];
    for (value, want) in cases {
        assert_eq!(t.variant_name(value), want, "variant of {value:?}");
    }
}

#[test]
fn wire_names_only_capitalise_the_first_letter() {
    assert_eq!(wire_name("jobName"), "JobName");
    assert_eq!(wire_name("SSEKMSKeyId"), "SSEKMSKeyId");
    assert_eq!(wire_name("name"), "Name");
    assert_eq!(wire_name("ProviderARNs"), "ProviderARNs");
}

#[test]
fn splitter_handles_acronyms_and_digits() {
    assert_eq!(split_words("HTTPServer"), ["HTTP", "Server"]);
    assert_eq!(split_words("ProviderARNs"), ["Provider", "ARNs"]);
    assert_eq!(split_words("ARNsList"), ["ARNs", "List"]);
    assert_eq!(split_words("S3Uri"), ["S3", "Uri"]);
    assert_eq!(
        split_words("snake_case-and.dots"),
        ["snake", "case", "and", "dots"]
    );
}

#[test]
fn every_fix_up_has_a_reason_and_changes_something() {
    let t = table();
    for (from, fix) in &t.words {
        assert!(!fix.reason.is_empty(), "words.{from} needs a reason");
        assert_ne!(
            split_words(from).join("_").to_lowercase(),
            split_words(&fix.word).join("_").to_lowercase(),
            "words.{from} changes nothing; remove it"
        );
    }
}

#[test]
fn typos_in_the_table_are_rejected() {
    let err = NamingTable::parse("[words]\nIPv4 = { word = \"Ipv4\", reson = \"typo\" }\n")
        .err()
        .unwrap_or_default();
    assert!(err.contains("unknown field `reson`"), "{err}");
}
