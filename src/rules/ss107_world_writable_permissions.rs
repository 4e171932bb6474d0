//! SS107: permissions that let every user write (`chmod 777`, `COPY --chmod=666`).

use crate::diagnostics::{Applicability, Edit, Fix};
use crate::rules::support::security::file_mode::{parse_mode, without_others_write};
use crate::rules::support::security::modes::{
    MODE_COMMANDS, WorldWritableMode, command_modes, world_writable_modes,
};
use crate::rules::util::direct_or_onbuild;
use crate::rules::{Checker, Rule};
use crate::span::Span;
use crate::syntax::{Instruction, Keyword};

pub struct WorldWritablePermissions;

impl Rule for WorldWritablePermissions {
    fn code(&self) -> &'static str {
        "SS107"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let source = checker.source();
        let model = checker.model();
        // RUN commands come from the shared index, names already read: most
        // commands are none of the mode setters and cost one comparison.
        let mut found = Vec::new();
        for run in checker.run_commands_named(MODE_COMMANDS) {
            if let Some(name) = run.name() {
                command_modes(&run.effective, name, &run.script.text, &mut found);
            }
            for mode in found.drain(..) {
                report_mode(checker, source, run.source_span(mode.span), &mode);
            }
        }
        for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
            // CMD, ENTRYPOINT and HEALTHCHECK scripts are not in the RUN index.
            if direct_or_onbuild(instruction, Keyword::Run).is_none() {
                for run in model.scripts(index) {
                    for mode in world_writable_modes(&run.script, &run.text) {
                        report_mode(checker, source, run.source_span(mode.span), &mode);
                    }
                }
            }
            let Some((copy, keyword)) = copy_or_add(instruction) else {
                continue;
            };
            let Some(mode) = copy.flag("chmod").and_then(|flag| flag.value.as_ref()) else {
                continue;
            };
            if !parse_mode(&mode.value).is_some_and(|effect| effect.is_world_writable()) {
                continue;
            }
            let message = format!(
                "`{keyword} --chmod={}` makes the copied files writable by every user in the \
                 container; remove write permission for others",
                mode.value
            );
            match mode_fix(source, mode.span, &mode.value) {
                Some(fix) => checker.report_with_fix(mode.span, message, fix),
                None => checker.report(mode.span, message),
            }
        }
    }
}

/// Reports a mode set by a script command, at `span` in the Dockerfile.
fn report_mode(checker: &mut Checker<'_>, source: &str, span: Span, found: &WorldWritableMode) {
    let message = format!(
        "`{} {}` makes files writable by every user in the container; remove write \
         permission for others",
        found.command, found.mode
    );
    let fix = found
        .exact
        .then(|| mode_fix(source, span, &found.mode))
        .flatten();
    match fix {
        Some(fix) => checker.report_with_fix(span, message, fix),
        None => checker.report(span, message),
    }
}

fn copy_or_add(instruction: &Instruction) -> Option<(&Instruction, &'static str)> {
    direct_or_onbuild(instruction, Keyword::Copy)
        .map(|copy| (copy, "COPY"))
        .or_else(|| direct_or_onbuild(instruction, Keyword::Add).map(|add| (add, "ADD")))
}

/// Clears the others-write bit of an octal mode written as is. Unsafe: a
/// program that relies on writing there as another user breaks.
fn mode_fix(source: &str, span: Span, mode: &str) -> Option<Fix> {
    if span.text(source) != mode {
        return None;
    }
    let replacement = without_others_write(mode)?;
    Some(Fix {
        message: format!("Use mode {replacement}"),
        applicability: Applicability::Unsafe,
        edits: vec![Edit { span, replacement }],
    })
}
