//! DL3027: `apt` in a RUN instead of `apt-get`.

use crate::rules::support::run_commands::CommandNames;
use crate::rules::{Checker, Rule};

pub struct AptInsteadOfAptGet;

impl Rule for AptInsteadOfAptGet {
    fn code(&self) -> &'static str {
        "DL3027"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let mut reports = Vec::new();
        for run in checker.run_commands_named(const { CommandNames::of(&["apt"]) }) {
            if let Some(word) = run.name_word() {
                reports.push(run.source_span(word.span));
            }
        }
        for span in reports {
            checker.report(
                span,
                "`apt` is meant for people at a terminal and its command line is not stable; \
                 use `apt-get` (or `apt-cache`) in scripts",
            );
        }
    }
}
