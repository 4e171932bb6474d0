//! The `LABEL` pairs of a file, with keys and values expanded as BuildKit
//! does, for the label-schema rules (DL3049-DL3058).

use crate::lint::LabelType;
use crate::rules::Checker;
use crate::span::Span;
use crate::syntax::{Arguments, Keyword};

/// One `key=value` pair of a `LABEL` instruction.
pub(crate) struct LabelPair {
    /// Index of the `LABEL` instruction.
    pub instruction: usize,
    /// The key with quotes removed and variables expanded; `None` when it
    /// reads a variable whose value is unknown.
    pub key: Option<String>,
    pub key_span: Span,
    /// The value with quotes removed and variables expanded; `None` when it
    /// reads a variable whose value is unknown.
    pub value: Option<String>,
    /// The value as written (may be empty for `key=`).
    pub value_span: Span,
}

impl LabelPair {
    /// From the key to the end of the value: the whole `key="value"`.
    pub fn pair_span(&self) -> Span {
        self.key_span.cover(self.value_span)
    }
}

/// Every pair of every `LABEL` (not `ONBUILD LABEL`: it labels another image),
/// in source order.
pub(crate) fn label_pairs(checker: &Checker<'_>) -> Vec<LabelPair> {
    if !checker.has_instruction(Keyword::Label) {
        return Vec::new();
    }
    let model = checker.model();
    let mut pairs = Vec::new();
    for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
        if instruction.kind != Keyword::Label {
            continue;
        }
        let Arguments::KeyValues(key_values) = &instruction.args else {
            continue;
        };
        for key_value in key_values {
            pairs.push(LabelPair {
                instruction: index,
                key: model.expand(index, &key_value.key),
                key_span: key_value.key.span,
                value: model.expand(index, &key_value.value),
                value_span: key_value.value.span,
            });
        }
    }
    pairs
}

/// The schema labels of type `kind` whose known value is not empty and fails
/// `is_valid`: the pairs a value-format rule reports.
pub(crate) fn invalid_values(
    checker: &Checker<'_>,
    kind: LabelType,
    is_valid: fn(&str) -> bool,
) -> Vec<(LabelPair, String)> {
    let schema = &checker.options().label_schema;
    // Without a schema label of this type (the default) there is nothing to
    // check: skip expanding every label.
    if !schema.values().any(|schema_kind| *schema_kind == kind) {
        return Vec::new();
    }
    label_pairs(checker)
        .into_iter()
        .filter(|pair| {
            pair.key
                .as_ref()
                .is_some_and(|key| schema.get(key) == Some(&kind))
        })
        .filter_map(|pair| {
            let value = pair.value.clone()?;
            // An empty value is DL3051's finding, not a format error.
            (!value.is_empty() && !is_valid(&value)).then_some((pair, value))
        })
        .collect()
}

/// Reports every schema label of type `kind` whose value fails `is_valid`,
/// with `describe` naming what the value should be.
pub(crate) fn report_invalid_values(
    checker: &mut Checker<'_>,
    kind: LabelType,
    is_valid: fn(&str) -> bool,
    expected: &str,
) {
    for (pair, value) in invalid_values(checker, kind, is_valid) {
        let key = pair.key.as_deref().unwrap_or_default();
        let message = format!("label `{key}` has the value `{value}`, which is not {expected}");
        checker.report(pair.value_span, message);
    }
}
