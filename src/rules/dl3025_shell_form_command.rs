//! DL3025: `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` should use the JSON (exec) form.

use crate::diagnostics::{Applicability, Edit, Fix};
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Command, Healthcheck, Keyword, Word};

pub struct ShellFormCommand;

impl Rule for ShellFormCommand {
    fn code(&self) -> &'static str {
        "DL3025"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Files without CMD, ENTRYPOINT or HEALTHCHECK: nothing to walk.
        if !checker.has_instruction(Keyword::Cmd)
            && !checker.has_instruction(Keyword::Entrypoint)
            && !checker.has_instruction(Keyword::Healthcheck)
        {
            return;
        }
        // `ONBUILD CMD` is not checked, as in hadolint.
        for instruction in &checker.dockerfile().instructions {
            let (what, command) = match (&instruction.kind, &instruction.args) {
                (Keyword::Cmd, Arguments::Command(command)) => ("CMD", command),
                (Keyword::Entrypoint, Arguments::Command(command)) => ("ENTRYPOINT", command),
                (
                    Keyword::Healthcheck,
                    Arguments::Healthcheck(Healthcheck {
                        command: Some(command),
                        ..
                    }),
                ) => ("HEALTHCHECK CMD", command),
                _ => continue,
            };
            let Command::Shell(shell) = command else {
                continue;
            };
            if shell.text.trim().is_empty() {
                continue;
            }
            let message = if instruction.kind == Keyword::Healthcheck {
                format!(
                    "{what} uses the shell form, which needs `/bin/sh` in the image; use the JSON form"
                )
            } else {
                format!(
                    "{what} uses the shell form: the process runs under `/bin/sh -c` and does not \
                     receive signals; use the JSON form"
                )
            };
            match exec_form_fix(checker.source(), shell) {
                Some(fix) => checker.report_with_fix(shell.span, message, fix),
                None => checker.report(shell.span, message),
            }
        }
    }
}

/// Rewrites a command made only of plain words (no quotes, variables,
/// operators or globs, on one line) to the JSON form. Unsafe: the command no
/// longer runs through a shell.
fn exec_form_fix(source: &str, shell: &Word) -> Option<Fix> {
    if shell.span.text(source) != shell.text {
        return None;
    }
    let is_plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c);
    let words: Vec<&str> = shell.text.split_ascii_whitespace().collect();
    if words.is_empty() || !words.iter().all(|word| word.chars().all(is_plain)) {
        return None;
    }
    let elements: Vec<String> = words.iter().map(|word| format!("\"{word}\"")).collect();
    Some(Fix {
        message: "Convert to the JSON form".to_string(),
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            span: shell.span,
            replacement: format!("[{}]", elements.join(", ")),
        }],
    })
}
