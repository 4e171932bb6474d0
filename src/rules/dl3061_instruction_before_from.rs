//! DL3061: only `ARG` may come before the first `FROM`.

use crate::rules::{Checker, Rule};
use crate::syntax::Keyword;

pub struct InstructionBeforeFrom;

impl Rule for InstructionBeforeFrom {
    fn code(&self) -> &'static str {
        "DL3061"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let instructions = &checker.dockerfile().instructions;
        let before_first_from = instructions
            .iter()
            .take_while(|instruction| instruction.kind != Keyword::From);
        let mut findings = Vec::new();
        for instruction in before_first_from {
            // Unknown instructions are already syntax errors (DL1000).
            if matches!(instruction.kind, Keyword::Arg | Keyword::Unknown) {
                continue;
            }
            findings.push((
                instruction.keyword.span,
                format!(
                    "`{}` before the first `FROM`; only `ARG` may come before it",
                    instruction.keyword.value
                ),
            ));
        }
        for (span, message) in findings {
            checker.report(span, message);
        }
    }
}
