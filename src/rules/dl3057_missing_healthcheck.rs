//! DL3057: the image should declare a HEALTHCHECK.

use crate::rules::support::policy::image_chain;
use crate::rules::{Checker, Rule};
use crate::syntax::Keyword;

pub struct MissingHealthcheck;

impl Rule for MissingHealthcheck {
    fn code(&self) -> &'static str {
        "DL3057"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let instructions = &checker.dockerfile().instructions;
        let chain = image_chain(model);
        let Some(image) = chain.first() else {
            return;
        };
        // A HEALTHCHECK (even NONE) of the image stage or a stage it is built on
        // is in the image; an ONBUILD one is not (it runs in another build).
        // Most files have no HEALTHCHECK at all: then no stage needs a look.
        let declared = checker.has_instruction(Keyword::Healthcheck)
            && chain.iter().any(|stage| {
                instructions
                    .get(stage.instructions.clone())
                    .unwrap_or(&[])
                    .iter()
                    .any(|instruction| instruction.kind == Keyword::Healthcheck)
            });
        if declared {
            return;
        }
        let Some(from) = instructions.get(image.from_instruction) else {
            return;
        };
        checker.report(
            from.keyword.span,
            "the image declares no HEALTHCHECK; add one so orchestrators can detect a hung container \
             (or `HEALTHCHECK NONE` to say it is deliberate)",
        );
    }
}
