//! DL3001: commands that make no sense while building an image.

use crate::rules::support::run_commands::CommandNames;
use crate::rules::{Checker, Rule};

pub struct PointlessCommandInContainer;

/// Interactive tools, process and system management, and remote shells:
/// a build has no terminal, no init system and no running services.
const POINTLESS: CommandNames = CommandNames::of(&[
    "free", "ifconfig", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
]);

impl Rule for PointlessCommandInContainer {
    fn code(&self) -> &'static str {
        "DL3001"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let mut reports = Vec::new();
        for run in checker.run_commands_named(POINTLESS) {
            let (Some(name), Some(word)) = (run.name(), run.name_word()) else {
                continue;
            };
            reports.push((run.source_span(word.span), name));
        }
        for (span, name) in reports {
            checker.report(
                span,
                format!(
                    "`{name}` makes no sense while building an image (no terminal, no init \
                     system, no running services); remove it"
                ),
            );
        }
    }
}
