//! DL3049: the image lacks a label the `label-schema` requires.

use std::collections::BTreeSet;

use crate::rules::support::labels::label_pairs;
use crate::rules::{Checker, Rule};

pub struct MissingRequiredLabel;

impl Rule for MissingRequiredLabel {
    fn code(&self) -> &'static str {
        "DL3049"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let schema = &checker.options().label_schema;
        if schema.is_empty() {
            return;
        }
        let model = checker.model();
        let Some(image_stage) = model.image_stage() else {
            return;
        };
        // The image carries the labels of its stage and of the stages it is
        // built FROM; labels of COPY --from sources do not reach it.
        let mut present = BTreeSet::new();
        for pair in label_pairs(checker) {
            let in_image = model
                .stage_of(pair.instruction)
                .is_some_and(|stage| model.is_in_image(stage.index));
            if !in_image {
                continue;
            }
            match pair.key {
                Some(key) => {
                    present.insert(key);
                }
                // A key we cannot expand may be any required label.
                None => return,
            }
        }
        let span = match &image_stage.base {
            Some(base) => base.word.span,
            None => match checker
                .dockerfile()
                .instructions
                .get(image_stage.from_instruction)
            {
                Some(from) => from.keyword.span,
                None => return,
            },
        };
        for label in schema.keys() {
            if present.contains(label) {
                continue;
            }
            let message = format!(
                "the image built from this stage lacks the required label `{label}`; add `LABEL {label}=...`"
            );
            checker.report(span, message);
        }
    }
}
