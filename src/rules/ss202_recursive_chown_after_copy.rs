//! SS202: `chown -R`/`chmod -R` over files an earlier COPY wrote copies them
//! into a second layer.

use crate::rules::support::run_commands::CommandNames;
use crate::rules::{Checker, Rule};
use crate::semantic::{RunScript, SemanticModel, resolve_path};
use crate::shell::Command;
use crate::span::Span;
use crate::syntax::Keyword;

pub struct RecursiveChownAfterCopy;

impl Rule for RecursiveChownAfterCopy {
    fn code(&self) -> &'static str {
        "SS202"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Only RUN commands named `chown` or `chmod` report (ONBUILD RUNs
        // are in the index too, so this only skips files without any).
        let ownership_commands = const { CommandNames::of(&["chown", "chmod"]) };
        if checker
            .run_commands_named(ownership_commands)
            .next()
            .is_none()
        {
            return;
        }
        let model = checker.model();
        let instructions = &checker.dockerfile().instructions;
        let mut reports: Vec<(Span, String)> = Vec::new();
        for stage in model.stages() {
            // Destinations written by COPY/ADD so far in this stage, with the instruction.
            let mut copied: Vec<(&str, usize)> = Vec::new();
            for index in stage.instructions.clone() {
                let Some(instruction) = instructions.get(index) else {
                    continue;
                };
                match instruction.kind {
                    Keyword::Copy | Keyword::Add => {
                        if let Some(destination) = model.copy_destination(index) {
                            copied.push((destination, index));
                        }
                    }
                    Keyword::Run if !copied.is_empty() => {
                        reports.extend(check_run(model, index, &copied));
                    }
                    _ => {}
                }
            }
        }
        for (span, message) in reports {
            checker.report(span, message);
        }
    }
}

fn check_run(model: &SemanticModel, index: usize, copied: &[(&str, usize)]) -> Vec<(Span, String)> {
    let workdir = model.workdir_at(index);
    // An unknown WORKDIR leaves relative paths unknown.
    let base = match workdir {
        Some(setting) => setting.value.as_deref().map(Some),
        None => Some(None),
    };
    let mut found = Vec::new();
    for script in model.scripts(index) {
        let mut changed_directory = false;
        for command in script.commands() {
            let effective = command.effective(&script.text);
            let name = effective.name(&script.text);
            let Some(tool) = name
                .as_deref()
                .filter(|name| matches!(*name, "chown" | "chmod"))
            else {
                changed_directory |= matches!(name.as_deref(), Some("cd" | "pushd"));
                continue;
            };
            for (word_span, path) in recursive_targets(model, index, script, command) {
                let absolute = if path.starts_with('/') {
                    resolve_path(None, &path)
                } else {
                    match base {
                        Some(base) if !changed_directory => resolve_path(base, &path),
                        _ => continue,
                    }
                };
                let Some((destination, _)) = copied
                    .iter()
                    .find(|(destination, _)| overlaps(&absolute, destination))
                else {
                    continue;
                };
                let option = if tool == "chown" {
                    "--chown"
                } else {
                    "--chmod"
                };
                found.push((
                    script.source_span(word_span),
                    format!(
                        "`{tool} -R` on `{}` rewrites files an earlier COPY/ADD put in `{}`, \
                         so the image holds them twice; set ownership or mode in the COPY with `{option}`",
                        display(&absolute),
                        display(destination)
                    ),
                ));
                // One report per RUN is enough.
                return found;
            }
        }
    }
    found
}

/// The path operands of a recursive `chown`/`chmod` (with their script
/// spans), their values expanded with the known ARG/ENV values; empty when
/// the command is not recursive.
fn recursive_targets(
    model: &SemanticModel,
    index: usize,
    script: &RunScript,
    command: &Command,
) -> Vec<(Span, String)> {
    let text = &script.text;
    let args = command.effective(text).args();
    let mut recursive = false;
    let mut operands = Vec::new();
    let mut options_done = false;
    for word in args {
        let literal = word.literal(text);
        match literal.as_deref() {
            Some("--") if !options_done => options_done = true,
            Some(option) if !options_done && option.starts_with("--") => {
                recursive |= option == "--recursive";
            }
            Some(option) if !options_done && option.starts_with('-') && option.len() > 1 => {
                // `chmod -x` is a mode, not an option; `-R`, `-Rf`, `-hR` are options.
                if option.chars().skip(1).all(|c| "RHLPfvch".contains(c)) {
                    recursive |= option.contains('R');
                } else {
                    operands.push(word);
                }
            }
            _ => operands.push(word),
        }
    }
    if !recursive {
        return Vec::new();
    }
    // The first operand is the owner or the mode.
    operands
        .iter()
        .skip(1)
        .filter_map(|word| {
            let value = match word.literal(text) {
                Some(value) => value.into_owned(),
                None if word.substitutions().is_empty() => {
                    model.expand_text(index, word.raw(text))?
                }
                None => return None,
            };
            Some((word.span, glob_parent(&value)?))
        })
        .collect()
}

/// `value` up to the directory holding its first glob character (`/app/*` → `/app/`).
fn glob_parent(value: &str) -> Option<String> {
    match value.find(['*', '?', '[']) {
        None => Some(value.to_string()),
        Some(glob) => {
            let before = value.get(..glob)?;
            let slash = before.rfind('/')?;
            before.get(..=slash).map(str::to_string)
        }
    }
}

/// A path for messages, without the trailing `/` that marks directories.
fn display(path: &str) -> &str {
    match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    }
}

/// Whether `path` is `destination`, contains it, or lies inside it. Nothing
/// counts as inside a copy to `/`: it only wrote the copied names there.
fn overlaps(path: &str, destination: &str) -> bool {
    let path = path.trim_end_matches('/');
    let destination = destination.trim_end_matches('/');
    let within = |inner: &str, outer: &str| {
        inner == outer
            || inner
                .strip_prefix(outer)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    path == destination
        || path.is_empty()
        || within(destination, path)
        || (!destination.is_empty() && within(path, destination))
}
