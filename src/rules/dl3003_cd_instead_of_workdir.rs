//! DL3003: `cd` in a RUN instead of WORKDIR.

use crate::rules::support::run_commands::CommandNames;
use crate::rules::{Checker, Rule};

pub struct CdInsteadOfWorkdir;

/// `pushd` changes the directory just like `cd` does.
const CHANGE_DIRECTORY: CommandNames = CommandNames::of(&["cd", "pushd"]);

impl Rule for CdInsteadOfWorkdir {
    fn code(&self) -> &'static str {
        "DL3003"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let mut reports = Vec::new();
        for run in checker.run_commands_named(CHANGE_DIRECTORY) {
            let (Some(name), Some(word)) = (run.name(), run.name_word()) else {
                continue;
            };
            reports.push((run.source_span(word.span), name));
        }
        for (span, name) in reports {
            checker.report(
                span,
                format!(
                    "`{name}` changes the directory for this RUN only; set it with WORKDIR \
                     (or use the command's own directory option, like `make -C`)"
                ),
            );
        }
    }
}
