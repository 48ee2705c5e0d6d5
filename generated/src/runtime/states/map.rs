//! The Map state, inline and distributed.

use serde_json::{Map as JsonMap, Value};

use super::common::{
    Common, QueryLanguage, RenderContext, head, impl_assign, impl_base, impl_errors, impl_io,
    impl_result, impl_result_selector, put_errors, put_field, put_path, put_tail_io,
    put_transition, put_value,
};
use crate::runtime::iam::{PolicyStatement, arn};
use crate::runtime::machine::depth::{Judge, Nested};
use crate::runtime::machine::{Chain, asl::scope_to_asl};
use crate::runtime::task::{IntegrationPattern, Resource};
use crate::runtime::vocabulary::{
    EXECUTION_EXPRESS, EXECUTION_STANDARD, ITEM_READERS, MODE_DISTRIBUTED, MODE_INLINE,
    RESULT_WRITERS,
};
use crate::runtime::{Field, ObjectWriter};

/// Where a distributed Map's child workflows run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExecutionType {
    /// Standard child workflow executions.
    Standard,
    /// Express child workflow executions.
    Express,
}

impl ExecutionType {
    /// The ASL spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionType::Standard => EXECUTION_STANDARD,
            ExecutionType::Express => EXECUTION_EXPRESS,
        }
    }
}

/// How a Map runs its item processor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ProcessorMode {
    /// `INLINE`: iterations run inside this execution (at most 40 concurrently).
    #[default]
    Inline,
    /// `DISTRIBUTED`: each iteration (or batch) is a child workflow execution.
    Distributed(ExecutionType),
}

/// Reads a distributed Map's items from S3 (`ItemReader`).
///
/// ```
/// use sfn_tasks::runtime::ItemReader;
///
/// let reader = ItemReader::s3_object("inventory", "items.csv").csv_with_header();
/// assert_eq!(reader.policy_statements()[0].actions().collect::<Vec<_>>(), ["s3:GetObject"]);
/// ```
#[derive(Debug, Clone)]
pub struct ItemReader {
    resource: Resource,
    parameters: JsonMap<String, Value>,
    reader_config: Option<Value>,
    statements: Vec<PolicyStatement>,
}

/// The S3 ARN for `bucket` and an object key pattern; `*` when the bucket is dynamic.
/// The statements of a reader or writer integration, from the one table
/// (`map_io`) `sfn-tasks policy` reads too.
fn io_statements(integration: &str, parameters: &JsonMap<String, Value>) -> Vec<PolicyStatement> {
    super::map_io::statements_for(integration, &Value::Object(parameters.clone()))
        .unwrap_or_default()
}

impl ItemReader {
    /// Reads one S3 object (JSON array, CSV, JSONL or a manifest; see
    /// [`ItemReader::reader_config`]) with `s3:getObject`.
    pub fn s3_object(bucket: impl Into<Field<String>>, key: impl Into<Field<String>>) -> Self {
        let bucket = bucket.into();
        let key = key.into();
        let mut w = ObjectWriter::new();
        w.required("Bucket", bucket.as_asl());
        w.required("Key", key.as_asl());
        let parameters = into_object(w.finish());
        ItemReader {
            resource: Resource::integration("s3", "getObject", IntegrationPattern::RequestResponse),
            statements: io_statements("s3:getObject", &parameters),
            parameters,
            reader_config: None,
        }
    }

    /// Iterates over the objects of a bucket (optionally under a prefix)
    /// with `s3:listObjectsV2`.
    pub fn s3_list(bucket: impl Into<Field<String>>, prefix: Option<Field<String>>) -> Self {
        let bucket = bucket.into();
        let mut w = ObjectWriter::new();
        w.required("Bucket", bucket.as_asl());
        w.optional("Prefix", prefix.as_ref().map(Field::as_asl));
        let parameters = into_object(w.finish());
        ItemReader {
            resource: Resource::integration(
                "s3",
                "listObjectsV2",
                IntegrationPattern::RequestResponse,
            ),
            statements: io_statements("s3:listObjectsV2", &parameters),
            parameters,
            reader_config: None,
        }
    }

    /// Any reader resource, with its parameters and the statements it needs.
    pub fn custom(resource: Resource, parameters: Value, statements: Vec<PolicyStatement>) -> Self {
        ItemReader {
            resource,
            parameters: into_object(parameters),
            reader_config: None,
            statements,
        }
    }

    /// Sets `ReaderConfig`, e.g. `{"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}`.
    pub fn reader_config(mut self, config: Value) -> Self {
        self.reader_config = Some(config);
        self
    }

    /// Shorthand for a CSV whose first row is the header.
    pub fn csv_with_header(self) -> Self {
        self.reader_config(
            serde_json::json!({"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}),
        )
    }

    /// The statements reading needs.
    pub fn policy_statements(&self) -> Vec<PolicyStatement> {
        self.statements.clone()
    }

    /// What is wrong with this reader in a state of `language`, as
    /// (field, reason) pairs.
    pub(crate) fn problems(&self, language: QueryLanguage) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(reason) = io_resource_problem(&self.resource, ITEM_READERS) {
            out.push(("ItemReader.Resource".to_owned(), reason));
        }
        let config = self.reader_config.as_ref();
        if let Some(config) = config.filter(|c| !c.is_object()) {
            out.push((
                "ItemReader.ReaderConfig".to_owned(),
                format!("must be a JSON object, not {config}"),
            ));
        }
        if language == QueryLanguage::Jsonata
            && config.is_some_and(|c| c.get("MaxItemsPath").is_some())
        {
            out.push((
                "ItemReader.ReaderConfig.MaxItemsPath".to_owned(),
                "is a JSONPath field; in JSONata set MaxItems to an expression".to_owned(),
            ));
        }
        out
    }

    fn nested_parts(&self, judge: &mut Judge) {
        judge.part("ItemReader", Nested::Object(&self.parameters));
        if let Some(v) = &self.reader_config {
            judge.part("ItemReader", Nested::Value(v));
        }
    }

    fn to_asl(&self, ctx: &RenderContext<'_>, language: QueryLanguage) -> Value {
        let mut m = JsonMap::new();
        m.insert(
            "Resource".to_owned(),
            Value::from(self.resource.render(ctx.bindings, ctx.placeholders)),
        );
        put_value(&mut m, "ReaderConfig", &self.reader_config);
        m.insert(
            language.arguments_key().to_owned(),
            Value::Object(self.parameters.clone()),
        );
        Value::Object(m)
    }
}

/// Why `resource` cannot read or write a distributed Map's items, given
/// the `service:action` integrations `allowed` there.
fn io_resource_problem(resource: &Resource, allowed: &[&str]) -> Option<String> {
    let expected = allowed.join(" or ");
    match resource {
        Resource::Integration {
            service,
            action,
            pattern: IntegrationPattern::RequestResponse,
        } if allowed.contains(&format!("{service}:{action}").as_str()) => None,
        Resource::Integration {
            service, action, ..
        } => Some(format!(
            "{service}:{action} (with its pattern) is not an integration Step Functions supports here; expected {expected}"
        )),
        Resource::Arn(arn) => Some(format!("{arn} is not an integration; expected {expected}")),
    }
}

fn into_object(value: Value) -> JsonMap<String, Value> {
    match value {
        Value::Object(m) => m,
        other => {
            let mut m = JsonMap::new();
            m.insert("Value".to_owned(), other);
            m
        }
    }
}

/// Groups items into batches for a distributed Map (`ItemBatcher`).
///
/// ```
/// use sfn_tasks::runtime::ItemBatcher;
///
/// let batcher = ItemBatcher::new().max_items_per_batch(100).batch_input(serde_json::json!({"run": 1}));
/// # let _ = batcher;
/// ```
#[derive(Debug, Clone, Default)]
pub struct ItemBatcher {
    pub(crate) max_items: Option<Field<i64>>,
    pub(crate) max_bytes: Option<Field<i64>>,
    pub(crate) batch_input: Option<Value>,
}

impl ItemBatcher {
    /// A batcher with no limits set yet (set at least one).
    pub fn new() -> Self {
        Self::default()
    }

    /// `MaxItemsPerBatch` (or its path form).
    pub fn max_items_per_batch(mut self, items: impl Into<Field<i64>>) -> Self {
        self.max_items = Some(items.into());
        self
    }

    /// `MaxInputBytesPerBatch` (or its path form), at most 256 KiB.
    pub fn max_input_bytes_per_batch(mut self, bytes: impl Into<Field<i64>>) -> Self {
        self.max_bytes = Some(bytes.into());
        self
    }

    /// `BatchInput`: fixed JSON added to every batch.
    pub fn batch_input(mut self, input: Value) -> Self {
        self.batch_input = Some(input);
        self
    }

    fn to_asl(&self) -> Value {
        let mut m = JsonMap::new();
        put_field(&mut m, "MaxItemsPerBatch", &self.max_items);
        put_field(&mut m, "MaxInputBytesPerBatch", &self.max_bytes);
        put_value(&mut m, "BatchInput", &self.batch_input);
        Value::Object(m)
    }
}

/// Writes a distributed Map's results to S3 (`ResultWriter`).
///
/// ```
/// use sfn_tasks::runtime::ResultWriter;
///
/// let writer = ResultWriter::s3("results", "runs/");
/// assert!(writer.policy_statements()[0].actions().any(|a| a == "s3:PutObject"));
/// ```
#[derive(Debug, Clone)]
pub struct ResultWriter {
    resource: Resource,
    parameters: JsonMap<String, Value>,
    writer_config: Option<Value>,
    statements: Vec<PolicyStatement>,
}

impl ResultWriter {
    /// Writes the results under `prefix` in `bucket` with `s3:putObject`.
    pub fn s3(bucket: impl Into<Field<String>>, prefix: impl Into<Field<String>>) -> Self {
        let bucket = bucket.into();
        let prefix = prefix.into();
        let mut w = ObjectWriter::new();
        w.required("Bucket", bucket.as_asl());
        w.required("Prefix", prefix.as_asl());
        let parameters = into_object(w.finish());
        ResultWriter {
            resource: Resource::integration("s3", "putObject", IntegrationPattern::RequestResponse),
            statements: io_statements("s3:putObject", &parameters),
            parameters,
            writer_config: None,
        }
    }

    /// Sets `WriterConfig` (`OutputType`, `Transformation`).
    pub fn writer_config(mut self, config: Value) -> Self {
        self.writer_config = Some(config);
        self
    }

    /// The statements writing needs.
    pub fn policy_statements(&self) -> Vec<PolicyStatement> {
        self.statements.clone()
    }

    fn nested_parts(&self, judge: &mut Judge) {
        judge.part("ResultWriter", Nested::Object(&self.parameters));
        if let Some(v) = &self.writer_config {
            judge.part("ResultWriter", Nested::Value(v));
        }
    }

    fn to_asl(&self, ctx: &RenderContext<'_>, language: QueryLanguage) -> Value {
        let mut m = JsonMap::new();
        m.insert(
            "Resource".to_owned(),
            Value::from(self.resource.render(ctx.bindings, ctx.placeholders)),
        );
        put_value(&mut m, "WriterConfig", &self.writer_config);
        m.insert(
            language.arguments_key().to_owned(),
            Value::Object(self.parameters.clone()),
        );
        Value::Object(m)
    }
}

/// A Map state: runs its item processor for each item of an array
/// (`ItemsPath`/`Items`) or, in distributed mode, of an S3 source.
///
/// ```
/// use serde_json::json;
/// use sfn_tasks::runtime::{ExecutionType, ItemReader, Map, Pass, ResultWriter, StateMachine};
///
/// let inline = Map::new("Each line", Pass::new("Price line"))
///     .items_path("$.lines")
///     .item_selector(json!({"line.$": "$$.Map.Item.Value", "currency.$": "$.currency"}))
///     .max_concurrency(5);
/// let asl = StateMachine::new(inline).unwrap().to_asl_json();
/// assert_eq!(asl["States"]["Each line"]["ItemProcessor"]["ProcessorConfig"]["Mode"], "INLINE");
///
/// let distributed = Map::new("Each file", Pass::new("Process"))
///     .distributed(ExecutionType::Express)
///     .item_reader(ItemReader::s3_list("uploads", None))
///     .result_writer(ResultWriter::s3("results", "run/"))
///     .tolerated_failure_percentage(5.0)
///     .label("files");
/// let machine = StateMachine::new(distributed).unwrap();
/// assert!(machine.policy_document().statements().iter().any(|s| s.actions().any(|a| a == "states:StartExecution")));
/// ```
#[derive(Debug, Clone)]
pub struct Map {
    pub(crate) common: Common,
    pub(crate) processor: Chain,
    pub(crate) mode: ProcessorMode,
    pub(crate) items_path: Option<String>,
    pub(crate) items: Option<Value>,
    pub(crate) item_selector: Option<Value>,
    pub(crate) item_reader: Option<ItemReader>,
    pub(crate) item_batcher: Option<ItemBatcher>,
    pub(crate) result_writer: Option<ResultWriter>,
    pub(crate) max_concurrency: Option<Field<i64>>,
    pub(crate) tolerated_failure_percentage: Option<Field<f64>>,
    pub(crate) tolerated_failure_count: Option<Field<i64>>,
    pub(crate) label: Option<String>,
}

impl_base!(Map);
impl_io!(Map);
impl_assign!(Map);
impl_result!(Map);
impl_result_selector!(Map);
impl_errors!(Map);

impl Map {
    /// A Map state running `processor` for each item (inline mode).
    pub fn new(name: impl Into<String>, processor: impl Into<Chain>) -> Self {
        Map {
            common: Common::named(name),
            processor: processor.into(),
            mode: ProcessorMode::Inline,
            items_path: None,
            items: None,
            item_selector: None,
            item_reader: None,
            item_batcher: None,
            result_writer: None,
            max_concurrency: None,
            tolerated_failure_percentage: None,
            tolerated_failure_count: None,
            label: None,
        }
    }

    /// Switches to distributed mode with child executions of `execution_type`.
    pub fn distributed(mut self, execution_type: ExecutionType) -> Self {
        self.mode = ProcessorMode::Distributed(execution_type);
        self
    }

    /// Sets `ItemsPath` (JSONPath only): where the array is in the input.
    pub fn items_path(mut self, path: impl Into<String>) -> Self {
        self.items_path = Some(path.into());
        self
    }

    /// Sets `Items` (JSONata only): a JSON array or a `{% %}` expression.
    pub fn items(mut self, items: impl Into<Value>) -> Self {
        self.items = Some(items.into());
        self
    }

    /// Sets `ItemSelector`: the input of each iteration (`$$.Map.Item.Value`
    /// is the item in JSONPath, `$states.context.Map.Item.Value` in JSONata).
    pub fn item_selector(mut self, selector: Value) -> Self {
        self.item_selector = Some(selector);
        self
    }

    /// Sets `ItemReader` (distributed mode).
    pub fn item_reader(mut self, reader: ItemReader) -> Self {
        self.item_reader = Some(reader);
        self
    }

    /// Sets `ItemBatcher` (distributed mode).
    pub fn item_batcher(mut self, batcher: ItemBatcher) -> Self {
        self.item_batcher = Some(batcher);
        self
    }

    /// Sets `ResultWriter` (distributed mode).
    pub fn result_writer(mut self, writer: ResultWriter) -> Self {
        self.result_writer = Some(writer);
        self
    }

    /// Sets `MaxConcurrency` (0 means no limit), `MaxConcurrencyPath` or JSONata.
    pub fn max_concurrency(mut self, limit: impl Into<Field<i64>>) -> Self {
        self.max_concurrency = Some(limit.into());
        self
    }

    /// Sets `ToleratedFailurePercentage` (0–100; distributed mode), its path form or JSONata.
    pub fn tolerated_failure_percentage(mut self, percent: impl Into<Field<f64>>) -> Self {
        self.tolerated_failure_percentage = Some(percent.into());
        self
    }

    /// Sets `ToleratedFailureCount` (distributed mode), its path form or JSONata.
    pub fn tolerated_failure_count(mut self, count: impl Into<Field<i64>>) -> Self {
        self.tolerated_failure_count = Some(count.into());
        self
    }

    /// Sets `Label` (distributed mode): names the child executions.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// The item processor.
    pub fn processor(&self) -> &Chain {
        &self.processor
    }

    /// What is wrong with the reader and writer, as (field, reason) pairs.
    pub(crate) fn io_problems(&self, language: QueryLanguage) -> Vec<(String, String)> {
        let mut out = self
            .item_reader
            .as_ref()
            .map(|r| r.problems(language))
            .unwrap_or_default();
        if let Some(w) = &self.result_writer
            && let Some(reason) = io_resource_problem(&w.resource, RESULT_WRITERS)
        {
            out.push(("ResultWriter.Resource".to_owned(), reason));
        }
        out
    }

    /// The parts of a Map of its own whose nesting the user decides.
    pub(crate) fn nested_parts(&self, judge: &mut Judge) {
        if let Some(v) = &self.items {
            judge.part("Items", Nested::Value(v));
        }
        if let Some(v) = &self.item_selector {
            judge.part("ItemSelector", Nested::Value(v));
        }
        if let Some(r) = &self.item_reader {
            r.nested_parts(judge);
        }
        if let Some(v) = self
            .item_batcher
            .as_ref()
            .and_then(|b| b.batch_input.as_ref())
        {
            judge.part("ItemBatcher", Nested::Value(v));
        }
        if let Some(w) = &self.result_writer {
            w.nested_parts(judge);
        }
    }

    pub(crate) fn to_asl(&self, ctx: &RenderContext<'_>) -> JsonMap<String, Value> {
        let language = self.common.language(ctx.language);
        let mut m = head("Map", &self.common, ctx);
        put_path(&mut m, "InputPath", &self.common.input_path);
        if let Some(p) = &self.items_path {
            m.insert("ItemsPath".to_owned(), Value::from(p.as_str()));
        }
        put_value(&mut m, "Items", &self.items);
        if let Some(r) = &self.item_reader {
            m.insert("ItemReader".to_owned(), r.to_asl(ctx, language));
        }
        put_value(&mut m, "ItemSelector", &self.item_selector);
        if let Some(b) = &self.item_batcher {
            m.insert("ItemBatcher".to_owned(), b.to_asl());
        }
        put_field(&mut m, "MaxConcurrency", &self.max_concurrency);
        put_field(
            &mut m,
            "ToleratedFailurePercentage",
            &self.tolerated_failure_percentage,
        );
        put_field(
            &mut m,
            "ToleratedFailureCount",
            &self.tolerated_failure_count,
        );
        let mut processor = JsonMap::new();
        let mut config = JsonMap::new();
        match self.mode {
            ProcessorMode::Inline => {
                config.insert("Mode".to_owned(), Value::from(MODE_INLINE));
            }
            ProcessorMode::Distributed(t) => {
                config.insert("Mode".to_owned(), Value::from(MODE_DISTRIBUTED));
                config.insert("ExecutionType".to_owned(), Value::from(t.as_str()));
            }
        }
        processor.insert("ProcessorConfig".to_owned(), Value::Object(config));
        if let Value::Object(scope) = scope_to_asl(&self.processor, &ctx.inside(&self.common)) {
            processor.extend(scope);
        }
        m.insert("ItemProcessor".to_owned(), Value::Object(processor));
        if let Some(l) = &self.label {
            m.insert("Label".to_owned(), Value::from(l.as_str()));
        }
        if let Some(w) = &self.result_writer {
            m.insert("ResultWriter".to_owned(), w.to_asl(ctx, language));
        }
        put_value(&mut m, "ResultSelector", &self.common.result_selector);
        put_path(&mut m, "ResultPath", &self.common.result_path);
        put_path(&mut m, "OutputPath", &self.common.output_path);
        put_tail_io(&mut m, &self.common);
        put_errors(&mut m, &self.common);
        put_transition(&mut m, &self.common);
        m
    }

    /// The statements of this Map itself (not of its processor): reading,
    /// writing, and starting child executions in distributed mode.
    pub(crate) fn own_policy_statements(&self, machine_name: Option<&str>) -> Vec<PolicyStatement> {
        let mut statements = Vec::new();
        if let Some(r) = &self.item_reader {
            statements.extend(r.policy_statements());
        }
        if let Some(w) = &self.result_writer {
            statements.extend(w.policy_statements());
        }
        if let ProcessorMode::Distributed(_) = self.mode {
            // The child executions belong to this same state machine. Without
            // a name we cannot scope them (naming the machine's own ARN from
            // its role would be a CloudFormation dependency cycle).
            let name = machine_name.unwrap_or("*");
            statements.push(PolicyStatement::allow(
                ["states:StartExecution"],
                [arn("states", &format!("stateMachine:{name}"))],
            ));
            statements.push(PolicyStatement::allow(
                ["states:DescribeExecution", "states:StopExecution"],
                [arn("states", &format!("execution:{name}:*"))],
            ));
        }
        statements
    }
}
