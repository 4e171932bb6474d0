//! DL3047: `wget` printing its progress bar into the build log.

use crate::rules::support::dlshell::read_options;
use crate::rules::support::run_commands::CommandNames;
use crate::rules::{Checker, Rule};
use crate::shell::{Command, RedirectOp};

pub struct WgetWithoutProgressOption;

/// wget's short options that take a value.
const SHORT_WITH_VALUE: &str = "aeiotwABDIOPQRTUX";
/// wget's long options (often used) that take a value when written without `=`.
const LONG_WITH_VALUE: &[&str] = &[
    "output-file",
    "append-output",
    "output-document",
    "execute",
    "input-file",
    "tries",
    "timeout",
    "wait",
    "user-agent",
    "header",
    "directory-prefix",
    "progress",
    "user",
    "password",
    "post-data",
    "ca-certificate",
];

/// Options that choose the progress display, silence wget, or send its
/// messages to a file.
const QUIET_OPTIONS: &[&str] = &[
    "-q",
    "--quiet",
    "--progress",
    "-o",
    "--output-file",
    "-a",
    "--append-output",
    "--no-verbose",
];

impl Rule for WgetWithoutProgressOption {
    fn code(&self) -> &'static str {
        "DL3047"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let mut reports = Vec::new();
        for run in checker.run_commands_named(const { CommandNames::of(&["wget"]) }) {
            if stderr_to_file(run.command) {
                continue;
            }
            let args = run.args();
            // `-nv` is one option, not the letters n and v.
            if args
                .iter()
                .any(|word| run.literal(word).as_deref() == Some("-nv"))
            {
                continue;
            }
            let (options, _) = read_options(run, args, SHORT_WITH_VALUE, LONG_WITH_VALUE);
            if options
                .iter()
                .any(|option| QUIET_OPTIONS.contains(&option.name.as_str()))
            {
                continue;
            }
            if let Some(word) = run.name_word() {
                reports.push(run.source_span(word.span));
            }
        }
        for span in reports {
            checker.report(
                span,
                "`wget` without a progress option fills the build log with its progress bar; add \
                 `--progress=dot:giga`, `-q` or `-nv`",
            );
        }
    }
}

/// `2> file` or `&> file`: the progress bar (on stderr) never reaches the log.
fn stderr_to_file(command: &Command) -> bool {
    command.redirects.iter().any(|redirect| match redirect.op {
        RedirectOp::OutputAll | RedirectOp::AppendAll => true,
        RedirectOp::Output | RedirectOp::Append | RedirectOp::Clobber => redirect.fd == Some(2),
        _ => false,
    })
}
