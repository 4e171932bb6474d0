//! SS003: `FROM` and `AS` share one case (BuildKit's FromAsCasing).

use crate::diagnostics::{Applicability, Edit, Fix};
use crate::rules::support::buildkit::{from_as_name, is_all_lower, is_all_upper};
use crate::rules::{Checker, Rule};
use crate::syntax::Keyword;

pub struct FromAsCasing;

impl Rule for FromAsCasing {
    fn code(&self) -> &'static str {
        "SS003"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let dockerfile = checker.dockerfile();
        for from in &dockerfile.instructions {
            if from.kind != Keyword::From {
                continue;
            }
            let Some((as_word, _)) = from_as_name(from) else {
                continue;
            };
            let keyword = &from.keyword.value;
            // A mixed-case FROM is ConsistentInstructionCasing's business (SS005).
            let wanted = if is_all_lower(keyword) {
                "as"
            } else if is_all_upper(keyword) {
                "AS"
            } else {
                continue;
            };
            if as_word.text == wanted {
                continue;
            }
            let fix = Fix {
                message: format!("write `{wanted}`"),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    span: as_word.span,
                    replacement: wanted.to_string(),
                }],
            };
            checker.report_with_fix(
                as_word.span,
                format!(
                    "`{}` does not match the case of `{keyword}`; write `{wanted}`",
                    as_word.text
                ),
                fix,
            );
        }
    }
}
