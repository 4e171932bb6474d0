//! DL4005: `ln` replacing `/bin/sh` instead of SHELL.

use crate::rules::support::dlshell::read_options;
use crate::rules::support::run_commands::CommandNames;
use crate::rules::{Checker, Rule};

pub struct LnReplacesBinSh;

/// ln's short options that take a value.
const SHORT_WITH_VALUE: &str = "St";
/// ln's long options that take a value when written without `=`.
const LONG_WITH_VALUE: &[&str] = &["suffix", "target-directory"];

/// Where the default shell lives (`/usr/bin/sh` on merged-/usr systems).
const SHELL_PATHS: &[&str] = &["/bin/sh", "/usr/bin/sh"];

impl Rule for LnReplacesBinSh {
    fn code(&self) -> &'static str {
        "DL4005"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let mut reports = Vec::new();
        for run in checker.run_commands_named(const { CommandNames::of(&["ln"]) }) {
            let (options, operands) =
                read_options(run, run.args(), SHORT_WITH_VALUE, LONG_WITH_VALUE);
            // With a target directory every operand is a link target.
            if options
                .iter()
                .any(|option| matches!(option.name.as_str(), "-t" | "--target-directory"))
            {
                continue;
            }
            // `ln TARGET LINK_NAME`: the link name is the last of two or more operands.
            let [_, .., link_name] = operands.as_slice() else {
                continue;
            };
            let Some(path) = run.literal(link_name) else {
                continue;
            };
            if SHELL_PATHS.contains(&path.as_ref()) {
                reports.push(run.source_span(link_name.span));
            }
        }
        for span in reports {
            checker.report(
                span,
                "replacing `/bin/sh` with a link changes the shell of every later script in \
                 surprising ways; set the shell for RUN with the SHELL instruction",
            );
        }
    }
}
