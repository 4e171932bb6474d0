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
            let (all_lower, all_upper) = known_keyword_case(&instruction.keyword.value);
            total += 1;
            lower += usize::from(all_lower);
            upper += usize::from(all_upper);
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

/// Whether a known instruction keyword is all lower-case and whether it is
/// all upper-case ([`is_all_lower`], [`is_all_upper`]). It is ASCII letters
/// (`Keyword::parse` matched it), whose `0x20` bit is their case: one pass
/// over the bytes gives both.
fn known_keyword_case(keyword: &str) -> (bool, bool) {
    let (common_bits, any_bits) = keyword
        .bytes()
        .fold((0xff, 0), |(common, any), byte| (common & byte, any | byte));
    (common_bits & 0x20 != 0, any_bits & 0x20 == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keyword_case_agrees_with_the_general_tests() {
        for keyword in [
            "FROM",
            "from",
            "From",
            "fROM",
            "RUN",
            "healthCheck",
            "ENTRYPOINT",
        ] {
            assert_eq!(
                known_keyword_case(keyword),
                (is_all_lower(keyword), is_all_upper(keyword)),
                "{keyword}"
            );
        }
    }
}
