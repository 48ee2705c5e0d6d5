//! The sfn-tasks generator: a pure function from the files under `models/`
//! to the file set under `generated/`.
//!
//! Stages, one module each: [`botocore`] and [`naming`] load the inputs,
//! [`lower`] turns them into the [`ir`] that holds every decision,
//! [`render`] prints the IR through the templates, and [`fileset`] compares
//! or writes the result. [`vendor`] owns the vendored data: `SOURCES.toml`
//! and its hashes ([`vendor::sources`]), reading upstream packages
//! ([`vendor::archive`]) and the updaters ([`vendor::models_update`],
//! [`vendor::iam_update`], sharing [`vendor::update`]). [`iam`] reads the IAM
//! data: the database and operation → action mapping ([`iam::database`]) and
//! ARN template matching ([`iam::arn`]). [`sources`] only re-exports old paths.

pub mod botocore;
pub mod catalog;
pub mod diff;
pub mod docs;
pub mod error;
pub mod fileset;
pub mod iam;
pub mod integration_shapes;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod optimized;
pub mod registry;
pub mod render;
pub mod schema;
pub mod sdk;
pub mod sources;
pub mod vendor;

/// The ASL vocabulary the runtime and the linter use, included from the
/// generated crate's source so that there is one copy; codegen reads only
/// some of it.
#[path = "../../generated/src/runtime/vocabulary.rs"]
#[allow(dead_code)]
mod vocabulary;

use std::path::Path;
use std::time::Instant;

pub use error::Error;
pub use fileset::{Drift, FileSet};

/// What one service produced.
#[derive(Debug, Clone)]
pub struct ServiceStats {
    /// Module name.
    pub module: String,
    /// Operations in the model.
    pub operations: usize,
    /// Rust types generated (structs, unions, enums).
    pub types: usize,
    /// Lines written for the service.
    pub lines: usize,
    /// Wall time to load, lower and render it.
    pub millis: u128,
}

/// A finished generation run.
#[derive(Debug)]
pub struct Generation {
    /// Every generated file.
    pub files: FileSet,
    /// Per-service figures, in botocore-name order.
    pub stats: Vec<ServiceStats>,
    /// Figures of the compact models of every service, when the tree has
    /// the IAM and SDK data.
    pub catalog: Option<CatalogStats>,
}

/// What the catalog of every service produced.
#[derive(Debug, Clone)]
pub struct CatalogStats {
    pub services: usize,
    pub figures: catalog::compact::Figures,
    /// Compressed bytes written.
    pub bytes: usize,
    /// Wall time to build and compress them (models already parsed).
    pub millis: u128,
    /// Per service (SDK name): microseconds to build its data (before compression).
    pub per_service: Vec<(String, u128)>,
}

/// The crate manifest's generated region lies between these lines.
const FEATURES_BEGIN: &str = "# @generated region: service features (cargo xtask regen)";
const FEATURES_END: &str = "# @end generated region";

/// Generates every service of the registry, `root/models/services.toml`.
pub fn generate(root: &Path) -> Result<Generation, Error> {
    let registry = registry::Registry::load(root)?;
    generate_with(root, &registry.botocore_keys(), &registry)
}

/// Generates the given services (botocore names) of the registry only.
pub fn generate_services(root: &Path, services: &[&str]) -> Result<Generation, Error> {
    let registry = registry::Registry::load(root)?;
    generate_with(root, services, &registry)
}

fn generate_with(
    root: &Path,
    services: &[&str],
    registry: &registry::Registry,
) -> Result<Generation, Error> {
    let naming = &naming::NamingTable::load(&root.join("models"))?;
    let models = root.join("models");
    let renderer = render::Renderer::new()?;
    // Read once per run and shared by every service's extensions. Fixture
    // trees of the codegen tests have neither, and get no SDK tasks.
    let catalog = if models.join("iam").is_dir() {
        Some(catalog::Catalog::load(
            root,
            registry,
            &iam_prefix_files(&models.join("iam"))?,
        )?)
    } else {
        None
    };
    let iam_data = match &catalog {
        Some(catalog) => {
            check_typed_names(registry, catalog)?;
            Some(
                iam::database::load_dir(&models.join("iam"), catalog.iam_prefixes()).map_err(
                    |e| Error::Curated {
                        file: "models/iam".into(),
                        message: e.to_string(),
                    },
                )?,
            )
        }
        None => None,
    };
    let sdk_data = if models.join("sdk.toml").is_file() {
        Some(sdk::SdkData::load(root, registry)?)
    } else {
        None
    };
    let shared = Shared {
        registry,
        naming,
        iam: iam_data.as_ref(),
        sdk: sdk_data.as_ref(),
        catalog: catalog.as_ref(),
    };

    // Services are independent: render them on all cores, then collect in order.
    let results: Vec<Result<ServiceOutput, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = services
            .iter()
            .map(|key| {
                let (renderer, models, shared) = (&renderer, &models, &shared);
                scope.spawn(move || generate_one(root, models, key, shared, renderer))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(panicked())))
            .collect()
    });

    let mut files = FileSet {
        owned_dirs: vec![SERVICES_DIR.to_owned(), CATALOG_DIR.to_owned()],
        ..FileSet::default()
    };
    let mut stats = Vec::new();
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok((out, stat)) => {
                entries.push(render::ServiceEntry {
                    schema: out.iter().any(|(path, _)| path.ends_with("/schema.rs")),
                    optimized: out.iter().any(|(path, _)| path.ends_with("/optimized.rs")),
                    module: stat.module.clone(),
                });
                files.files.extend(out);
                stats.push(stat);
            }
            Err(e) => errors.push(e),
        }
    }
    Error::collect(errors)?;
    entries.sort_by(|a, b| a.module.cmp(&b.module));
    files.files.insert(
        format!("{SERVICES_DIR}/mod.rs"),
        renderer.services_mod(&entries)?,
    );
    let typed: Vec<(&str, &registry::Service)> = services
        .iter()
        .map(|key| registry.service(key).map(|s| (*key, s)))
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    let mut catalog_stats = None;
    if let (Some(catalog), Some(iam), Some(sdk)) = (&catalog, &iam_data, &sdk_data) {
        let started = Instant::now();
        let mut problems = Vec::new();
        let mut totals = catalog::compact::Figures::default();
        let mut per_service = Vec::new();
        for (entry, model) in catalog.services.values() {
            let one = Instant::now();
            match catalog::compact::service(entry, model, iam, sdk) {
                Ok((value, figures)) => {
                    let file = format!("{}.json.gz", entry.sdk_name);
                    per_service.push((entry.sdk_name.clone(), one.elapsed().as_micros()));
                    files.binary.insert(
                        format!("{CATALOG_DIR}/{file}"),
                        catalog::compact::gzip(&value),
                    );
                    rows.push(render::CatalogRow {
                        sdk_name: entry.sdk_name.clone(),
                        botocore: entry.key.clone(),
                        js_client: entry.js_client.clone(),
                        iam_prefix: entry.iam_prefix().map(str::to_owned),
                        data: format!("../../data/sdk/{file}"),
                    });
                    totals.operations += figures.operations;
                    totals.unchecked += figures.unchecked;
                    totals.no_action += figures.no_action;
                    totals.no_data += figures.no_data;
                }
                Err(mut e) => problems.append(&mut e),
            }
        }
        Error::collect(problems)?;
        rows.sort_by(|a, b| a.sdk_name.cmp(&b.sdk_name));
        catalog_stats = Some(CatalogStats {
            services: rows.len(),
            figures: totals,
            bytes: files.binary.values().map(Vec::len).sum(),
            millis: started.elapsed().as_millis(),
            per_service,
        });
    }
    files.files.insert(
        format!("{SERVICES_DIR}/registry.rs"),
        renderer.registry(
            &typed,
            &rows,
            &registry
                .unmodelled
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        )?,
    );
    let manifest_path = root.join("generated/Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).map_err(|source| Error::Io {
        path: manifest_path,
        source,
    })?;
    files.files.insert(
        "generated/Cargo.toml".to_owned(),
        with_features(&manifest, &entries)?,
    );
    Ok(Generation {
        files,
        stats,
        catalog: catalog_stats,
    })
}

/// Where the compact models of every service go.
pub const CATALOG_DIR: &str = "generated/data/sdk";

/// Where the generated service modules go, repository-relative; regen owns
/// every file in it.
pub const SERVICES_DIR: &str = "generated/src/services";

/// The IAM prefixes vendored in `dir` (`<prefix>.json`).
fn iam_prefix_files(dir: &Path) -> Result<std::collections::BTreeSet<String>, Error> {
    iam::database::vendored_prefixes(dir).map_err(|e| Error::Curated {
        file: "models/iam".into(),
        message: e.to_string(),
    })
}

/// The typed services' names in the registry are the ones the rules derive;
/// a disagreement is a mistake in one of them.
fn check_typed_names(
    registry: &registry::Registry,
    catalog: &catalog::Catalog,
) -> Result<(), Error> {
    let mut problems = Vec::new();
    for (key, service) in &registry.services {
        let Some((entry, _)) = catalog.services.get(key) else {
            problems.push(format!("services.{key}: no model in models/botocore"));
            continue;
        };
        if entry.sdk_name != service.sdk_name {
            problems.push(format!(
                "services.{key}.sdk_name: `{}`, but the rule derives `{}` from the model",
                service.sdk_name, entry.sdk_name
            ));
        }
        if entry.error_prefix != service.error_prefix {
            problems.push(format!(
                "services.{key}.error_prefix: `{}`, but the rule derives `{}` from the model",
                service.error_prefix, entry.error_prefix
            ));
        }
        if entry.iam_prefix() != Some(service.iam_prefix.as_str()) {
            problems.push(format!(
                "services.{key}.iam_prefix: `{}`, but the rule derives {:?}",
                service.iam_prefix,
                entry.iam_prefix()
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Curated {
            file: registry::REGISTRY_FILE.into(),
            message: problems.join("\n  "),
        })
    }
}

fn panicked() -> Error {
    Error::Curated {
        file: "codegen".into(),
        message: "a generator thread panicked; this is a bug in codegen".to_owned(),
    }
}

/// Everything the lowering of a service may read.
pub struct ServiceContext<'a> {
    /// Workspace root.
    pub root: &'a Path,
    /// Botocore folder name (`stepfunctions`).
    pub key: &'a str,
    /// The service's registry entry.
    pub entry: &'a registry::Service,
    /// Repository-relative model file, for error messages.
    pub model_file: &'a Path,
    /// The parsed model.
    pub model: &'a botocore::ServiceModel,
    /// The lowered input types.
    pub ir: &'a ir::ServiceIr,
    /// The naming table.
    pub naming: &'a naming::NamingTable,
    /// The service-authorization data, when the tree has `models/iam`.
    pub iam: Option<&'a iam::IamDatabase>,
    /// `models/sdk.toml`, when the tree has it.
    pub sdk: Option<&'a sdk::SdkData>,
    /// How its operations map to IAM actions, when not by name
    /// (`[names.<key>].iam_actions` of the registry).
    pub iam_actions: Option<registry::IamActionsRule>,
    /// `models/integrations/<module>.toml` checked and lowered, when the
    /// service has optimized integrations.
    pub optimized: Option<&'a optimized::Curated>,
}

/// The files of one service and its figures.
type ServiceOutput = (Vec<(String, String)>, ServiceStats);

/// What every service of one run reads.
struct Shared<'a> {
    registry: &'a registry::Registry,
    naming: &'a naming::NamingTable,
    iam: Option<&'a iam::IamDatabase>,
    sdk: Option<&'a sdk::SdkData>,
    /// Every model, already parsed: a typed service's model is taken from
    /// here instead of being read and parsed a second time.
    catalog: Option<&'a catalog::Catalog>,
}

fn generate_one(
    root: &Path,
    models: &Path,
    key: &str,
    shared: &Shared<'_>,
    renderer: &render::Renderer,
) -> Result<ServiceOutput, Error> {
    let naming = shared.naming;
    let start = Instant::now();
    let path = botocore::model_path(models, key)?;
    let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let parsed = shared
        .catalog
        .and_then(|catalog| catalog.services.get(key))
        .map(|(_, model)| model.clone());
    let mut model = match parsed {
        Some(model) => model,
        None => {
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                path: relative.clone(),
                source,
            })?;
            botocore::parse(&relative, &text)?
        }
    };
    let entry = shared.registry.service(key)?;
    let own_shapes = integration_shapes::merge(root, &entry.module, &mut model)?;
    let ir = lower::lower_service(key, &entry.module, &relative, &model, &own_shapes, naming)?;
    let service = ServiceContext {
        root,
        key,
        entry,
        model_file: &relative,
        model: &model,
        ir: &ir,
        naming,
        iam: shared.iam,
        sdk: shared.sdk,
        iam_actions: shared.registry.names.get(key).and_then(|n| n.iam_actions),
        optimized: None,
    };
    let curated = optimized::load(&service)?;
    let service = ServiceContext {
        optimized: curated.as_ref(),
        ..service
    };
    let sdk = sdk::lower(&service)?;
    let schema = schema::lower(&service)?;
    let ir = ir::ServiceIr {
        helpers: entry.helpers,
        optimized: curated.map(|c| c.lowered),
        sdk,
        schema,
        ..ir
    };
    let out = renderer.service(&ir)?;
    let stats = ServiceStats {
        module: ir.module.clone(),
        operations: ir.operations.len(),
        types: ir.structs.len() + ir.unions.len() + ir.enums.len(),
        lines: out.iter().map(|(_, text)| text.lines().count()).sum(),
        millis: start.elapsed().as_millis(),
    };
    Ok((out, stats))
}

/// Rewrites the features region of the crate manifest.
fn with_features(manifest: &str, services: &[render::ServiceEntry]) -> Result<String, Error> {
    let modules: Vec<&str> = services.iter().map(|s| s.module.as_str()).collect();
    let bad = || Error::Curated {
        file: "generated/Cargo.toml".into(),
        message: format!("the `{FEATURES_BEGIN}` … `{FEATURES_END}` region is missing or broken"),
    };
    let begin = manifest.find(FEATURES_BEGIN).ok_or_else(bad)?;
    let end = manifest
        .find(FEATURES_END)
        .filter(|&e| e > begin)
        .ok_or_else(bad)?;
    let mut region = format!("{FEATURES_BEGIN}\n");
    for m in &modules {
        region.push_str(&format!("{m} = []\n"));
    }
    // SDK tasks are big; they get their own feature on top of the service's.
    for m in &modules {
        region.push_str(&format!("sdk-{m} = [\"{m}\"]\n"));
    }
    let sdk = |m: &str| format!("\"sdk-{m}\"");
    // The command line types the services of curated optimized
    // integrations; it checks the others' SDK calls from the compact models.
    let optimized: Vec<String> = services
        .iter()
        .filter(|s| s.optimized)
        .map(|s| sdk(&s.module))
        .collect();
    region.push_str(&format!(
        "optimized-services = [{}]\n",
        optimized.join(", ")
    ));
    let all: Vec<String> = modules.iter().map(|m| sdk(m)).collect();
    region.push_str(&format!("full = [{}]\n", all.join(", ")));
    Ok(format!(
        "{}{region}{}",
        &manifest[..begin],
        &manifest[end..]
    ))
}
