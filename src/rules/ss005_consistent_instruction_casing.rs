//! SS005: every instruction keyword uses the file's majority case (BuildKit's
//! ConsistentInstructionCasing).

use crate::diagnostics::{Applicability, Edit, Fix};
use crate::rules::support::buildkit::{is_all_lower, is_all_upper};
use crate::rules::{Checker, Rule};
use crate::syntax::{Instruction, Keyword};

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
        let counted: Vec<&Instruction> = checker
            .dockerfile()
            .instructions
            .iter()
            .skip(first_stage.from_instruction)
            .filter(|instruction| instruction.kind != Keyword::Unknown)
            .collect();
        let lower = counted
            .iter()
            .filter(|instruction| is_all_lower(&instruction.keyword.value))
            .count();
        let upper = counted
            .iter()
            .filter(|instruction| is_all_upper(&instruction.keyword.value))
            .count();
        let majority_lower = lower > upper;
        for instruction in counted {
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
