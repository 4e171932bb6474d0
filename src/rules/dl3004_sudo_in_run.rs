//! DL3004: `sudo` in a RUN.

use crate::rules::support::run_commands::CommandNames;
use crate::rules::{Checker, Rule};
use crate::shell::basename;

pub struct SudoInRun;

impl Rule for SudoInRun {
    fn code(&self) -> &'static str {
        "DL3004"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let mut reports = Vec::new();
        // `sudo` is a wrapper the effective command peels off, so look at
        // every wrapper word (and a bare `sudo -v`, which runs nothing else).
        for run in checker.run_commands_wrapped_or_named(const { CommandNames::of(&["sudo"]) }) {
            let text = &run.script.text;
            for word in run.effective.wrapper_words() {
                if word
                    .literal(text)
                    .is_some_and(|name| basename(&name) == "sudo")
                {
                    reports.push(run.source_span(word.span));
                }
            }
            // The cached name is the name word's literal basename.
            if run.name() == Some("sudo")
                && let Some(word) = run.name_word()
            {
                reports.push(run.source_span(word.span));
            }
        }
        for span in reports {
            checker.report(
                span,
                "`sudo` has unpredictable TTY and signal behaviour and is rarely installed; RUN \
                 already runs as the current USER, so switch with `USER root` when you need root",
            );
        }
    }
}
