//! SS300: copying the whole build context before installing dependencies
//! re-installs them on every source change.

use crate::rules::util::strip_surrounding_quotes;
use crate::rules::{Checker, Rule};
use crate::semantic::{RunScript, SemanticModel};
use crate::shell::packages::{Manager, PackageInvocation, PackageKind};
use crate::span::Span;
use crate::syntax::{Arguments, Instruction, Keyword};

pub struct SourceCopiedBeforeDependencies;

impl Rule for SourceCopiedBeforeDependencies {
    fn code(&self) -> &'static str {
        "SS300"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let instructions = &checker.dockerfile().instructions;
        let mut reports: Vec<(Span, String)> = Vec::new();
        for stage in model.stages() {
            // Without a copy of the whole context the stage has nothing to
            // report: its RUNs need no look (most stages).
            let Some((copy_index, copy_span)) = stage.instructions.clone().find_map(|index| {
                let instruction = instructions.get(index)?;
                if !matches!(instruction.kind, Keyword::Copy | Keyword::Add) {
                    return None;
                }
                whole_context_source(instruction).map(|span| (index, span))
            }) else {
                continue;
            };
            for index in stage.instructions.clone() {
                let is_run = instructions
                    .get(index)
                    .is_some_and(|instruction| instruction.kind == Keyword::Run);
                if !is_run {
                    continue;
                }
                let Some(install) = dependency_install(model, index) else {
                    continue;
                };
                // Only the stage's first install matters: once one ran
                // after the copy, every later one does too.
                if index > copy_index {
                    reports.push((copy_span, install));
                }
                break;
            }
        }
        for (span, install) in reports {
            checker.report(
                span,
                format!(
                    "the whole build context is copied before `{install}`, so any source change \
                     re-runs the install; copy the dependency manifests first, install, then copy the rest"
                ),
            );
        }
    }
}

/// The `.`/`./`/`*` source of a COPY or ADD from the build context.
fn whole_context_source(instruction: &Instruction) -> Option<Span> {
    if instruction.flag("from").is_some() {
        return None;
    }
    let Arguments::Words { words, .. } = &instruction.args else {
        return None;
    };
    let (_, sources) = words.split_last()?;
    sources
        .iter()
        .find(|word| {
            matches!(
                strip_surrounding_quotes(&word.text),
                "." | "./" | "*" | "./*"
            )
        })
        .map(|word| word.span)
}

/// The first dependency install of a RUN, as `manager subcommand` for messages.
fn dependency_install(model: &SemanticModel, index: usize) -> Option<String> {
    model.scripts(index).iter().find_map(|script| {
        script
            .packages
            .iter()
            .find(|invocation| installs_dependencies(script, invocation))
            .map(describe)
            .or_else(|| fetch_command(script))
    })
}

/// Whether the invocation installs a project's dependencies from its
/// manifests or sources (`npm ci`, `pip install -r requirements.txt`, `pip
/// install .`), rather than a named tool (`pip install poetry==1.7`).
fn installs_dependencies(script: &RunScript, invocation: &PackageInvocation) -> bool {
    let no_named_packages = invocation
        .packages
        .iter()
        .all(|package| package.kind != PackageKind::Name);
    let local_packages = invocation
        .packages
        .iter()
        .any(|package| package.kind == PackageKind::File);
    let from_manifest = no_named_packages || local_packages;
    let subcommand = invocation.subcommand();
    match invocation.manager {
        Manager::Pip => {
            invocation.is_subcommand(&["install"])
                && (invocation.has_option(&["-r", "--requirement", "-e", "--editable"])
                    || local_packages)
        }
        Manager::Poetry => invocation.is_subcommand(&["install"]),
        Manager::Pipenv => {
            invocation.is_subcommand(&["sync"])
                || (invocation.is_subcommand(&["install"]) && from_manifest)
        }
        Manager::Npm => {
            invocation.is_subcommand(&["ci", "clean-install"])
                || (invocation.is_subcommand(&["install", "i"])
                    && from_manifest
                    && !invocation.has_option(&["-g", "--global"]))
        }
        // A bare `yarn` installs.
        Manager::Yarn => subcommand.is_none() || invocation.is_subcommand(&["install"]),
        Manager::Pnpm => invocation.is_subcommand(&["install", "i"]) && from_manifest,
        Manager::Bundle => subcommand.is_none() || invocation.is_subcommand(&["install"]),
        Manager::Composer => invocation.is_subcommand(&["install", "update"]),
        Manager::Go => {
            invocation.is_subcommand(&["mod"])
                && invocation.command(&script.script).is_some_and(|command| {
                    command
                        .effective(&script.text)
                        .args()
                        .iter()
                        .any(|word| word.literal(&script.text).as_deref() == Some("download"))
                })
        }
        _ => false,
    }
}

fn describe(invocation: &PackageInvocation) -> String {
    match (invocation.manager, invocation.subcommand()) {
        (Manager::Go, _) => "go mod download".to_string(),
        (manager, Some(subcommand)) => format!("{} {subcommand}", manager.as_str()),
        (manager, None) => manager.as_str().to_string(),
    }
}

/// `cargo fetch` (cargo is not a package manager of the model).
fn fetch_command(script: &RunScript) -> Option<String> {
    script
        .script
        .commands_named(&script.text, "cargo")
        .any(|(_, command)| {
            command
                .effective(&script.text)
                .args()
                .first()
                .and_then(|word| word.literal(&script.text))
                .is_some_and(|sub| sub == "fetch")
        })
        .then(|| "cargo fetch".to_string())
}
