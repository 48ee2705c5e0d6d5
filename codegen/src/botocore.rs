//! A faithful serde mirror of botocore's `service-2.json`, and its loader.
//!
//! Unknown keys are ignored on purpose: AWS adds traits to the models over
//! time and a new trait must not break the build. Unknown shape *types* are
//! errors, because the generator could not type them.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

use crate::error::{Error, ModelLocation};

/// One service model.
#[derive(Debug, Clone)]
pub struct ServiceModel {
    /// Service metadata.
    pub metadata: Metadata,
    /// Operations by name, in model order.
    pub operations: IndexMap<String, Operation>,
    /// Shapes by name, in model order.
    pub shapes: IndexMap<String, Shape>,
    /// Service documentation (HTML).
    pub documentation: Option<String>,
}

/// The model's `metadata` object (the fields we use).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// API version, e.g. `2012-08-10`.
    pub api_version: String,
    /// Long service name, e.g. `Amazon DynamoDB`.
    pub service_full_name: String,
    /// SDK service id, e.g. `DynamoDB`.
    #[serde(default)]
    pub service_id: Option<String>,
    /// Endpoint prefix, e.g. `elasticmapreduce`.
    pub endpoint_prefix: String,
    /// SigV4 signing name, when it differs from the endpoint prefix (`states`).
    #[serde(default)]
    pub signing_name: Option<String>,
    /// Wire protocol (`json`, `rest-json`, `query`, …).
    pub protocol: String,
}

/// One operation.
#[derive(Debug, Clone, Deserialize)]
pub struct Operation {
    /// The operation name, e.g. `PutItem`.
    pub name: String,
    /// The input shape, absent for operations without input.
    #[serde(default)]
    pub input: Option<ShapeRef>,
    /// Operation documentation (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
    /// Whether AWS marks the operation deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// The error shapes the operation can return.
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    /// The HTTP binding (REST protocols).
    #[serde(default)]
    pub http: Option<Http>,
}

/// An operation's HTTP binding.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Http {
    /// `GET`, `POST`, ...
    pub method: String,
    /// `/restapis/{restapi_id}`.
    #[serde(default)]
    pub request_uri: String,
}

/// A reference to a shape, as used by operations, members, list members and map keys/values.
#[derive(Debug, Clone, Deserialize)]
pub struct ShapeRef {
    /// Target shape name.
    pub shape: String,
    /// Documentation of the reference (members carry their own docs).
    #[serde(default)]
    pub documentation: Option<String>,
    /// Whether AWS marks the member deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// The name on the wire, when it differs (a URI label `restapi_id`).
    #[serde(default, rename = "locationName")]
    pub location_name: Option<String>,
}

/// The model as read, with shapes still raw: serde's internally tagged enums
/// lose the error path inside a variant, so shapes are typed one by one.
#[derive(Debug, Clone, Deserialize)]
struct RawServiceModel {
    metadata: Metadata,
    operations: IndexMap<String, Operation>,
    shapes: IndexMap<String, serde_json::Value>,
    #[serde(default)]
    documentation: Option<String>,
}

/// A shape, by its `type`.
#[derive(Debug, Clone)]
pub enum Shape {
    /// A structure; also used for unions (`union: true`) and documents (`document: true`).
    Structure(StructureShape),
    /// A list of `member`.
    List(ListShape),
    /// A map from `key` to `value`.
    Map(MapShape),
    /// A string, or an enumeration when `enum` is present.
    String(StringShape),
    /// 32-bit integer.
    Integer(Scalar),
    /// 64-bit integer.
    Long(Scalar),
    /// Single-precision float.
    Float(Scalar),
    /// Double-precision float.
    Double(Scalar),
    /// Boolean.
    Boolean(Scalar),
    /// Timestamp.
    Timestamp(Scalar),
    /// Binary data.
    Blob(Scalar),
}

/// Fields common to scalar shapes.
#[derive(Debug, Clone, Deserialize)]
pub struct Scalar {
    /// Smallest value (numbers) or length (blobs).
    #[serde(default)]
    pub min: Option<serde_json::Number>,
    /// Largest value (numbers) or length (blobs).
    #[serde(default)]
    pub max: Option<serde_json::Number>,
    /// Shape documentation (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
}

/// A structure shape.
#[derive(Debug, Clone, Deserialize)]
pub struct StructureShape {
    /// Members in model order.
    #[serde(default)]
    pub members: IndexMap<String, ShapeRef>,
    /// Names of required members.
    #[serde(default)]
    pub required: Vec<String>,
    /// Exactly one member is set.
    #[serde(default)]
    pub union: bool,
    /// Free-form JSON document.
    #[serde(default)]
    pub document: bool,
    /// An error shape.
    #[serde(default)]
    pub exception: bool,
    /// Shape documentation (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
}

/// A list shape.
#[derive(Debug, Clone, Deserialize)]
pub struct ListShape {
    /// The element shape.
    pub member: ShapeRef,
    /// Fewest elements.
    #[serde(default)]
    pub min: Option<serde_json::Number>,
    /// Most elements.
    #[serde(default)]
    pub max: Option<serde_json::Number>,
    /// Shape documentation (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
}

/// A map shape.
#[derive(Debug, Clone, Deserialize)]
pub struct MapShape {
    /// The key shape.
    pub key: ShapeRef,
    /// The value shape.
    pub value: ShapeRef,
    /// Fewest entries.
    #[serde(default)]
    pub min: Option<serde_json::Number>,
    /// Most entries.
    #[serde(default)]
    pub max: Option<serde_json::Number>,
    /// Shape documentation (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
}

/// A string shape.
#[derive(Debug, Clone, Deserialize)]
pub struct StringShape {
    /// Allowed values, when the string is an enumeration.
    #[serde(default, rename = "enum")]
    pub values: Option<Vec<String>>,
    /// A regular expression the value must match.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Shortest length.
    #[serde(default)]
    pub min: Option<serde_json::Number>,
    /// Longest length.
    #[serde(default)]
    pub max: Option<serde_json::Number>,
    /// Shape documentation (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
}

impl Shape {
    /// The shape's documentation, whatever its type.
    pub fn documentation(&self) -> Option<&str> {
        match self {
            Shape::Structure(s) => s.documentation.as_deref(),
            Shape::List(s) => s.documentation.as_deref(),
            Shape::Map(s) => s.documentation.as_deref(),
            Shape::String(s) => s.documentation.as_deref(),
            Shape::Integer(s)
            | Shape::Long(s)
            | Shape::Float(s)
            | Shape::Double(s)
            | Shape::Boolean(s)
            | Shape::Timestamp(s)
            | Shape::Blob(s) => s.documentation.as_deref(),
        }
    }
}

/// A model together with where it was read from, for error messages.
#[derive(Debug, Clone)]
pub struct LoadedModel {
    /// Repository-relative path of the file.
    pub path: PathBuf,
    /// The parsed model.
    pub model: ServiceModel,
}

/// Parses one model file. Syntax errors name the line and column; type
/// errors name the JSON pointer of the offending value.
pub fn parse(path: &Path, text: &str) -> Result<ServiceModel, Error> {
    let raw: RawServiceModel = typed(path, "", &mut serde_json::Deserializer::from_str(text))?;
    let mut shapes = IndexMap::with_capacity(raw.shapes.len());
    for (name, value) in raw.shapes {
        let base = format!("/shapes/{}", escape(&name));
        let shape = shape(path, &base, value)?;
        shapes.insert(name, shape);
    }
    Ok(ServiceModel {
        metadata: raw.metadata,
        operations: raw.operations,
        shapes,
        documentation: raw.documentation,
    })
}

/// A file of shapes in botocore's format and nothing else (`{"shapes": …}`,
/// other top-level keys ignored): the curated input shapes of Step
/// Functions' own parameters. Errors are located as in [`parse`].
pub fn parse_shapes(path: &Path, text: &str) -> Result<IndexMap<String, Shape>, Error> {
    #[derive(Deserialize)]
    struct RawShapes {
        shapes: IndexMap<String, serde_json::Value>,
    }
    let raw: RawShapes = typed(path, "", &mut serde_json::Deserializer::from_str(text))?;
    let mut shapes = IndexMap::with_capacity(raw.shapes.len());
    for (name, value) in raw.shapes {
        let base = format!("/shapes/{}", escape(&name));
        shapes.insert(name, shape(path, &base, value)?);
    }
    Ok(shapes)
}

fn shape(path: &Path, base: &str, value: serde_json::Value) -> Result<Shape, Error> {
    let kind = value
        .get("type")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned);
    let kind = kind.ok_or_else(|| Error::Model {
        file: path.to_path_buf(),
        location: ModelLocation::Pointer(format!("{base}/type")),
        message: "a shape needs a string `type`".to_owned(),
    })?;
    Ok(match kind.as_str() {
        "structure" => Shape::Structure(typed(path, base, value)?),
        "list" => Shape::List(typed(path, base, value)?),
        "map" => Shape::Map(typed(path, base, value)?),
        "string" => Shape::String(typed(path, base, value)?),
        "integer" => Shape::Integer(typed(path, base, value)?),
        "long" => Shape::Long(typed(path, base, value)?),
        "float" => Shape::Float(typed(path, base, value)?),
        "double" => Shape::Double(typed(path, base, value)?),
        "boolean" => Shape::Boolean(typed(path, base, value)?),
        "timestamp" => Shape::Timestamp(typed(path, base, value)?),
        "blob" => Shape::Blob(typed(path, base, value)?),
        other => {
            return Err(Error::Model {
                file: path.to_path_buf(),
                location: ModelLocation::Pointer(format!("{base}/type")),
                message: format!("unknown shape type `{other}`"),
            });
        }
    })
}

/// Deserializes with error paths; `base` is the pointer of the value.
fn typed<'de, T: Deserialize<'de>>(
    path: &Path,
    base: &str,
    de: impl serde::Deserializer<'de, Error = serde_json::Error>,
) -> Result<T, Error> {
    serde_path_to_error::deserialize(de).map_err(|err| {
        let pointer = format!("{base}{}", json_pointer(err.path()));
        let inner = err.into_inner();
        let location = if inner.is_syntax() || inner.is_eof() {
            ModelLocation::LineColumn {
                line: inner.line(),
                column: inner.column(),
            }
        } else {
            ModelLocation::Pointer(pointer)
        };
        Error::Model {
            file: path.to_path_buf(),
            location,
            message: strip_position(&inner.to_string()),
        }
    })
}

/// A name as one segment of an RFC 6901 JSON pointer.
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// What is wrong with the references of `shapes` (in `file`): each member,
/// list element, map key and value must name a shape `known` accepts, and
/// each required member must be a member. The first list holds the
/// unknown references, the second the required members that are not.
pub(crate) fn shape_reference_errors<'a>(
    file: &Path,
    shapes: impl IntoIterator<Item = (&'a String, &'a Shape)>,
    known: impl Fn(&str) -> bool,
) -> (Vec<Error>, Vec<Error>) {
    let at = |pointer: String, message: String| Error::Model {
        file: file.to_path_buf(),
        location: ModelLocation::Pointer(pointer),
        message,
    };
    let mut unknown = Vec::new();
    let mut required_errors = Vec::new();
    let mut check = |target: &ShapeRef, pointer: String| {
        if !known(&target.shape) {
            unknown.push(at(pointer, format!("unknown shape `{}`", target.shape)));
        }
    };
    for (name, shape) in shapes {
        let base = format!("/shapes/{}", escape(name));
        match shape {
            Shape::Structure(s) => {
                for (member, target) in &s.members {
                    check(target, format!("{base}/members/{}/shape", escape(member)));
                }
                for (i, required) in s.required.iter().enumerate() {
                    if !s.members.contains_key(required) {
                        required_errors.push(at(
                            format!("{base}/required/{i}"),
                            format!("required member `{required}` is not a member"),
                        ));
                    }
                }
            }
            Shape::List(l) => check(&l.member, format!("{base}/member/shape")),
            Shape::Map(m) => {
                check(&m.key, format!("{base}/key/shape"));
                check(&m.value, format!("{base}/value/shape"));
            }
            _ => {}
        }
    }
    (unknown, required_errors)
}

/// serde_path_to_error prints `shapes.Foo.members.Bar`; RFC 6901 pointers
/// read better next to JSON and survive names that contain dots.
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => out.push_str(&escape(key)),
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

/// serde_json appends ` at line L column C` to its messages; we report the
/// position separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Finds `models/botocore/<service>/<newest-version>/service-2.json` for one service.
pub fn model_path(models_dir: &Path, service: &str) -> Result<PathBuf, Error> {
    let dir = models_dir.join("botocore").join(service);
    let entries = std::fs::read_dir(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    let mut versions = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
        if entry.path().join("service-2.json").is_file() {
            versions.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    versions.sort();
    match versions.pop() {
        Some(v) => Ok(dir.join(v).join("service-2.json")),
        None => Err(Error::MissingModel { dir }),
    }
}
