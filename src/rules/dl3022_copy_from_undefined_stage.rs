//! DL3022: `COPY --from` should name an earlier stage (or a tagged image).

use crate::rules::support::instr::{FromTarget, copy_from_flag, from_target};
use crate::rules::{Checker, Rule};
use crate::syntax::Keyword;

pub struct CopyFromUndefinedStage;

impl Rule for CopyFromUndefinedStage {
    fn code(&self) -> &'static str {
        "DL3022"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Files without COPY: nothing to walk.
        if !checker.has_instruction(Keyword::Copy) {
            return;
        }
        let model = checker.model();
        // A stage named by a variable (`AS ${STAGE}`) may be any name.
        let names_unknown = model.stages().iter().any(|stage| {
            stage
                .name
                .as_ref()
                .is_some_and(|name| name.value.contains('$'))
        });
        let mut findings = Vec::new();
        for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
            if instruction.kind != Keyword::Copy {
                continue;
            }
            let Some(value) = copy_from_flag(instruction).and_then(|flag| flag.value.as_ref())
            else {
                continue;
            };
            let Some(stage) = model.stage_of(index) else {
                continue;
            };
            let reference = value.value.as_str();
            let message = match from_target(model, stage, reference) {
                FromTarget::LaterStage => format!(
                    "`--from={reference}` names a stage defined later; a stage can only copy \
                     from earlier stages"
                ),
                FromTarget::IndexOutOfRange => format!(
                    "`--from={reference}` is not the index of any stage; use an earlier stage's \
                     name or index"
                ),
                // An image reference with a registry, tag or digest is clearly an image.
                FromTarget::External if !names_unknown && !reference.contains([':', '/', '@']) => {
                    format!(
                        "`--from={reference}` names no earlier stage; define `FROM ... AS \
                     {reference}` first, or give the image a tag"
                    )
                }
                _ => continue,
            };
            findings.push((value.span, message));
        }
        for (span, message) in findings {
            checker.report(span, message);
        }
    }
}
