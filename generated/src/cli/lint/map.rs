//! Map: its `ItemProcessor` (or the older `Iterator`, not both) with its
//! `ProcessorConfig` and states; `ItemsPath` and the `…Path` limits;
//! `MaxConcurrency`, `ToleratedFailurePercentage` and
//! `ToleratedFailureCount`; `ItemBatcher`; and the S3 integrations of
//! `ItemReader` and `ResultWriter` with their parameters and configuration.

use super::{Language, Linter, Pointer, is_jsonata};
use crate::cli::json::{Node, Value};
use crate::cli::resource;
use crate::runtime::vocabulary::{
    EXECUTION_TYPES, ITEM_BATCHER_FIELDS, ITEM_BATCHER_PATH_FIELDS, ITEM_PROCESSOR_FIELDS,
    ITEM_READER_FIELDS, ITEM_READERS, MAX_BATCH_INPUT_BYTES, MAX_CONCURRENCY, MAX_READER_ITEMS,
    MAX_TOLERATED_FAILURE_PERCENTAGE, PROCESSOR_CONFIG_FIELDS, PROCESSOR_MODES,
    RESULT_WRITER_FIELDS, RESULT_WRITERS,
};

impl Linter {
    pub(super) fn map(&mut self, node: &Node, pointer: &Pointer<'_>, language: Language) {
        self.processor(node, pointer, language);
        self.reference_path_field(node, pointer, "ItemsPath");
        self.number_field(
            node,
            pointer,
            "MaxConcurrency",
            language,
            0,
            MAX_CONCURRENCY,
        );
        for field in [
            "MaxConcurrencyPath",
            "ToleratedFailurePercentagePath",
            "ToleratedFailureCountPath",
        ] {
            self.reference_path_field(node, pointer, field);
        }
        self.tolerance(node, pointer, language);
        if let Some(b) = node.get("ItemBatcher") {
            self.item_batcher(b, &pointer.key("ItemBatcher"), language);
        }
        for (field, allowed, fields, config) in [
            (
                "ItemReader",
                ITEM_READERS,
                ITEM_READER_FIELDS,
                "ReaderConfig",
            ),
            (
                "ResultWriter",
                RESULT_WRITERS,
                RESULT_WRITER_FIELDS,
                "WriterConfig",
            ),
        ] {
            if let Some(r) = node.get(field) {
                let here = pointer.key(field);
                self.map_io(r, &here, language, allowed, fields, config);
            }
        }
    }

    /// `ItemProcessor` or `Iterator`: a scope of states with a
    /// `ProcessorConfig`.
    fn processor(&mut self, node: &Node, pointer: &Pointer<'_>, language: Language) {
        let processor = match (node.entry("ItemProcessor"), node.entry("Iterator")) {
            (Some(_), Some(i)) => {
                self.error(
                    i.key_start,
                    &pointer.key("Iterator"),
                    "conflict",
                    "set ItemProcessor or the older Iterator, not both".to_owned(),
                );
                None
            }
            (Some(p), None) => Some(p),
            (None, Some(i)) => Some(i),
            (None, None) => {
                self.missing(node, pointer, "a Map state needs ItemProcessor");
                None
            }
        };
        let Some(p) = processor else {
            return;
        };
        let pp = pointer.key(&p.key);
        if let Some(entries) = p.value.as_object() {
            self.unknown_fields(
                entries,
                &pp,
                ITEM_PROCESSOR_FIELDS,
                "field of a Map processor",
            );
        }
        if let Some(config) = p.value.get("ProcessorConfig") {
            let cp = pp.key("ProcessorConfig");
            if let Some(entries) = config.as_object() {
                self.unknown_fields(
                    entries,
                    &cp,
                    PROCESSOR_CONFIG_FIELDS,
                    "field of ProcessorConfig",
                );
            }
            self.enum_field(config, &cp, "Mode", PROCESSOR_MODES);
            self.enum_field(config, &cp, "ExecutionType", EXECUTION_TYPES);
        }
        self.scope(&p.value, &pp, language);
    }

    /// `ToleratedFailurePercentage` (0 to 100) and `ToleratedFailureCount`
    /// (0 or more), each a number or, in JSONata, an expression.
    fn tolerance(&mut self, node: &Node, pointer: &Pointer<'_>, language: Language) {
        self.number_field(
            node,
            pointer,
            "ToleratedFailureCount",
            language,
            0,
            i64::MAX,
        );
        let Some(v) = node.get("ToleratedFailurePercentage") else {
            return;
        };
        let here = pointer.key("ToleratedFailurePercentage");
        match &v.value {
            Value::Number(n)
                if n.as_f64()
                    .is_some_and(|p| (0.0..=MAX_TOLERATED_FAILURE_PERCENTAGE).contains(&p)) => {}
            Value::Number(n) => self.error(
                v.start,
                &here,
                "out-of-range",
                format!("{n} is outside 0..=100 (a percentage)"),
            ),
            Value::String(s) if language == Language::Jsonata && is_jsonata(s) => {
                self.jsonata(s, v.start, &here);
            }
            Value::Deferred(_) => {}
            _ => self.error(
                v.start,
                &here,
                "wrong-type",
                format!("expected a number from 0 to 100, found {}", v.type_name()),
            ),
        }
    }

    /// `ItemBatcher`: a positive `MaxItemsPerBatch` and/or a positive
    /// `MaxInputBytesPerBatch` (at most 256 KiB), or their `…Path` forms in
    /// JSONPath; `BatchInput` a payload template (an object).
    fn item_batcher(&mut self, node: &Node, pointer: &Pointer<'_>, language: Language) {
        let Some(entries) = self.object(node, pointer, format_args!("ItemBatcher is an object"))
        else {
            return;
        };
        self.unknown_fields(
            entries,
            pointer,
            ITEM_BATCHER_FIELDS,
            "field of ItemBatcher",
        );
        self.language_only(entries, pointer, language, ITEM_BATCHER_PATH_FIELDS, &[]);
        self.number_field(node, pointer, "MaxItemsPerBatch", language, 1, i64::MAX);
        self.number_field(
            node,
            pointer,
            "MaxInputBytesPerBatch",
            language,
            1,
            MAX_BATCH_INPUT_BYTES,
        );
        for field in ITEM_BATCHER_PATH_FIELDS {
            self.reference_path_field(node, pointer, field);
        }
        let set = entries.iter().any(|e| {
            e.key.starts_with("MaxItemsPerBatch") || e.key.starts_with("MaxInputBytesPerBatch")
        });
        if !set {
            self.missing(
                node,
                pointer,
                "ItemBatcher needs MaxItemsPerBatch, MaxInputBytesPerBatch or both",
            );
        }
        if let Some(input) = node.get("BatchInput") {
            let here = pointer.key("BatchInput");
            let jsonata = matches!(&input.value, Value::String(s) if language == Language::Jsonata && is_jsonata(s));
            if !jsonata && !input.is_deferred() && input.as_object().is_none() {
                self.error(
                    input.start,
                    &here,
                    "wrong-type",
                    format!(
                        "BatchInput is an object (a payload template), not {}",
                        input.type_name()
                    ),
                );
            }
            self.payload(input, &here, language);
        }
    }

    /// `ItemReader` / `ResultWriter`: an S3 integration Step Functions
    /// supports there (one of `allowed`), its `Parameters` (JSONPath) or
    /// `Arguments` (JSONata), and its configuration (`config`, one of `fields`).
    fn map_io(
        &mut self,
        node: &Node,
        pointer: &Pointer<'_>,
        language: Language,
        allowed: &[&str],
        fields: &[&str],
        config: &str,
    ) {
        let Some(entries) = self.object(
            node,
            pointer,
            format_args!("expected an object, found {}", node.type_name()),
        ) else {
            return;
        };
        self.unknown_fields(entries, pointer, fields, "field here");
        self.language_only(entries, pointer, language, &["Parameters"], &["Arguments"]);
        if let Some(r) = node.get("Resource")
            && let Some(text) = self.string(r, &pointer.key("Resource"))
            && let Err(m) = resource::map_io(&text, allowed)
        {
            self.error(r.start, &pointer.key("Resource"), "unknown-resource", m);
        }
        self.payload_fields(node, pointer, &["Parameters", "Arguments"], language);
        let Some(c) = node.get(config) else {
            return;
        };
        let here = pointer.key(config);
        if let Some(entries) = c.as_object() {
            self.language_only(entries, &here, language, &["MaxItemsPath"], &[]);
        }
        self.number_field(c, &here, "MaxItems", language, 0, MAX_READER_ITEMS);
        self.reference_path_field(c, &here, "MaxItemsPath");
    }
}
