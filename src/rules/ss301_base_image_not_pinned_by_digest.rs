//! SS301 (opt-in): a tag can be moved; only a digest names fixed content.

use crate::rules::{Checker, Rule};

pub struct BaseImageNotPinnedByDigest;

impl Rule for BaseImageNotPinnedByDigest {
    fn code(&self) -> &'static str {
        "SS301"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let mut reports = Vec::new();
        for stage in checker.model().stages() {
            let Some(base) = &stage.base else {
                continue;
            };
            // Earlier stages and `scratch` are not pulled; an unknown or invalid
            // reference cannot be judged.
            if base.parent_stage.is_some() || base.scratch || base.reference.is_none() {
                continue;
            }
            if base.digest().is_none() {
                reports.push((base.word.span, base.describe()));
            }
        }
        for (span, image) in reports {
            checker.report(
                span,
                format!(
                    "image {image} is not pinned by digest, so its content can change under the \
                     same tag; append `@sha256:<digest>`"
                ),
            );
        }
    }
}
