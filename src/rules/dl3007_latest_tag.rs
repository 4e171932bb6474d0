//! DL3007: `latest` is not a version.

use crate::rules::{Checker, Rule};
use crate::span::Span;

pub struct LatestTag;

impl Rule for LatestTag {
    fn code(&self) -> &'static str {
        "DL3007"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let source = checker.source();
        let model = checker.model();
        for stage in model.stages() {
            let Some(base) = &stage.base else {
                continue;
            };
            let Some(image) = base.resolved.as_deref() else {
                continue;
            };
            if base.parent_stage.is_some() {
                continue;
            }
            // Parsed once by the model (`scratch` has none and no tag).
            let Some(reference) = &base.reference else {
                continue;
            };
            // A digest pins the image whatever the tag says.
            if reference.digest.is_some() || reference.tag(image) != Some("latest") {
                continue;
            }
            // Point at the tag itself when the word is written literally;
            // otherwise (variables, quotes, continuations) at the whole word.
            let word_text = base.word.span.text(source);
            let span = match &reference.tag {
                Some(tag) if word_text == image => Span::new(
                    base.word.span.start as usize + tag.start,
                    base.word.span.start as usize + tag.end,
                ),
                _ => base.word.span,
            };
            let message = format!(
                "image {} uses the `latest` tag; pin a version",
                base.describe()
            );
            checker.report(span, message);
        }
    }
}
