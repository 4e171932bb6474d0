//! DL1001: inline ignore pragmas, for teams that want every exception in config.

use crate::rules::{Checker, Rule};
use crate::suppression::{PragmaScope, parse_pragma};

pub struct InlineIgnorePragma;

impl Rule for InlineIgnorePragma {
    fn code(&self) -> &'static str {
        "DL1001"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let findings: Vec<_> = checker
            .dockerfile()
            .comments
            .iter()
            .filter_map(|comment| {
                let pragma = parse_pragma(&comment.text)?;
                (pragma.scope == PragmaScope::Instruction).then_some(comment.span)
            })
            .collect();
        for span in findings {
            checker.report(
                span,
                "inline ignore pragma; record the exception in the configuration instead",
            );
        }
    }
}
