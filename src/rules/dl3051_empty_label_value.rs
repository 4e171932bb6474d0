//! DL3051: a label of the `label-schema` must not be empty.

use crate::rules::support::labels::label_pairs;
use crate::rules::{Checker, Rule};

pub struct EmptyLabelValue;

impl Rule for EmptyLabelValue {
    fn code(&self) -> &'static str {
        "DL3051"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let schema = &checker.options().label_schema;
        if schema.is_empty() {
            return;
        }
        for pair in label_pairs(checker) {
            let (Some(key), Some(value)) = (&pair.key, &pair.value) else {
                continue;
            };
            if !schema.contains_key(key) || !value.is_empty() {
                continue;
            }
            let message = format!("label `{key}` is empty; give it a value");
            checker.report(pair.pair_span(), message);
        }
    }
}
