//! DL3023: `COPY --from` cannot copy from the stage it is in.

use crate::rules::support::instr::{FromTarget, copy_from_flag, from_target};
use crate::rules::{Checker, Rule};
use crate::syntax::Keyword;

pub struct CopyFromOwnStage;

impl Rule for CopyFromOwnStage {
    fn code(&self) -> &'static str {
        "DL3023"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Files without COPY: nothing to walk.
        if !checker.has_instruction(Keyword::Copy) {
            return;
        }
        let model = checker.model();
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
            if from_target(model, stage, &value.value) == FromTarget::OwnStage {
                findings.push((
                    value.span,
                    format!(
                        "`--from={}` refers to the stage this COPY is in; copy from an earlier \
                         stage or use a plain COPY",
                        value.value
                    ),
                ));
            }
        }
        for (span, message) in findings {
            checker.report(span, message);
        }
    }
}
