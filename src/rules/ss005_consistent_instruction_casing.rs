//! SS005: every instruction keyword uses the file's majority case (BuildKit's
//! ConsistentInstructionCasing).

use crate::diagnostics::{Applicability, Edit, Fix};
use crate::rules::support::buildkit::{is_all_lower, is_all_upper};
use crate::rules::{Checker, Rule};
use crate::syntax::Keyword;

pub struct ConsistentInstructionCasing;

impl Rule for ConsistentInstructionCasing {
    fn code(&self) -> &'static str {
        "SS005"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let Some(first_stage) = checker.model().stages().first() else {
            return;
        };
        // BuildKit counts FROM lines and stage instructions, not global ARGs.
        let dockerfile = checker.dockerfile();
        let counted = || {
            dockerfile
                .instructions
                .iter()
                .skip(first_stage.from_instruction)
                .filter(|instruction| instruction.kind != Keyword::Unknown)
        };
        let (mut total, mut lower, mut upper) = (0, 0, 0);
        for instruction in counted() {
            total += 1;
            lower += usize::from(is_all_lower(&instruction.keyword.value));
            upper += usize::from(is_all_upper(&instruction.keyword.value));
        }
        let majority_lower = lower > upper;
        // Nearly every file is consistent: then nothing is left to report.
        if total == if majority_lower { lower } else { upper } {
            return;
        }
        for instruction in counted() {
            let keyword = &instruction.keyword;
            let fits = if majority_lower {
                is_all_lower(&keyword.value)
            } else {
                is_all_upper(&keyword.value)
            };
            if fits {
                continue;
            }
            let (wanted, case) = if majority_lower {
                (keyword.value.to_lowercase(), "lower-case")
            } else {
                (keyword.value.to_uppercase(), "upper-case")
            };
            let fix = Fix {
                message: format!("write `{wanted}`"),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    span: keyword.span,
                    replacement: wanted.clone(),
                }],
            };
            checker.report_with_fix(
                keyword.span,
                format!(
                    "instruction `{}` should be {case} like most instructions in this file; write `{wanted}`",
                    keyword.value
                ),
                fix,
            );
        }
    }
}
