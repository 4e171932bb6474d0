//! DL3006: base images should name a tag or digest.

use crate::rules::{Checker, Rule};

pub struct UntaggedImage;

impl Rule for UntaggedImage {
    fn code(&self) -> &'static str {
        "DL3006"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        for stage in model.stages() {
            let Some(base) = &stage.base else {
                continue;
            };
            // A variable without a known value could hold any tag: no guessing.
            let Some(image) = base.resolved.as_deref() else {
                continue;
            };
            if image == "scratch" || base.parent_stage.is_some() {
                continue;
            }
            // An invalid reference is a different problem (BuildKit refuses
            // it); the model parsed the reference once for every rule.
            let Some(reference) = &base.reference else {
                continue;
            };
            if reference.has_tag_or_digest() {
                continue;
            }
            let message = format!(
                "image {} has no tag or digest; pin a version",
                base.describe()
            );
            checker.report(base.word.span, message);
        }
    }
}
