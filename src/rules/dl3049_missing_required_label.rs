//! DL3049: the image lacks a label the `label-schema` requires.

use std::collections::BTreeSet;

use crate::rules::support::labels::label_pairs;
use crate::rules::{Checker, Rule};
use crate::semantic::SemanticModel;

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
        if has_unknown_ancestry(model, image_stage.index) {
            return;
        }
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

/// Whether the oldest stage of the image's `FROM` chain has a base whose value
/// is unknown (`FROM base-$TARGETARCH`) while earlier named stages exist: it
/// may be one of them, so the labels the image inherits are unknown.
fn has_unknown_ancestry(model: &SemanticModel, image_stage: usize) -> bool {
    let root = model
        .ancestors(image_stage)
        .last()
        .copied()
        .unwrap_or(image_stage);
    let Some(stage) = model.stage(root) else {
        return false;
    };
    let unknown_base = stage
        .base
        .as_ref()
        .is_some_and(|base| base.resolved.is_none() && base.parent_stage.is_none());
    let earlier_named = model
        .stages()
        .get(..root)
        .unwrap_or_default()
        .iter()
        .any(|earlier| earlier.name.is_some());
    unknown_base && earlier_named
}
