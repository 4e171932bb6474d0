//! DL3050: with `strict-labels`, every label must be in the `label-schema`.

use crate::rules::support::labels::label_pairs;
use crate::rules::{Checker, Rule};

pub struct LabelOutsideSchema;

impl Rule for LabelOutsideSchema {
    fn code(&self) -> &'static str {
        "DL3050"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let options = checker.options();
        if !options.strict_labels {
            return;
        }
        for pair in label_pairs(checker) {
            // A key we cannot expand may well be in the schema.
            let Some(key) = pair.key else {
                continue;
            };
            if options.label_schema.contains_key(&key) {
                continue;
            }
            let message = format!(
                "label `{key}` is not in the label schema; add it to `label-schema` or remove it"
            );
            checker.report(pair.key_span, message);
        }
    }
}
