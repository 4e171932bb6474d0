//! The semantic model: stages, scopes and shell analysis, computed once per
//! file in one pass over the instructions and shared by every rule. Shell
//! scripts, the costliest part, are parsed on the first [`SemanticModel::scripts`]
//! call for their instruction (then kept), so rules that never look at an
//! instruction's scripts do not pay for them.
//!
//! Per-instruction state (`user_at`, `workdir_at`, `shell_at`, `env_at`,
//! `resolve`, ...) is the state *when the instruction runs*: set by the
//! instructions before it (its own change excluded), inherited through
//! `FROM <stage>` from the parent stage's final state.
//!
//! ```
//! use shipshape::{semantic::SemanticModel, syntax};
//!
//! let source = "FROM debian AS build\nWORKDIR /src\nRUN apt-get install -y \\\n    curl\n";
//! let dockerfile = syntax::parse(source);
//! let model = SemanticModel::build(source, &dockerfile, None);
//! assert_eq!(model.workdir_at(2).and_then(|w| w.value.as_deref()), Some("/src"));
//! let (script, install) = model.commands(2).next().unwrap();
//! let package = install.words.last().unwrap();
//! assert_eq!(script.source_span(package.span).text(source), "curl");
//! assert_eq!(script.packages[0].packages[0].name(&script.text), "curl");
//! ```
//!
//! Limits: values from `--build-arg` and the base image's config are unknown
//! (`None`); an ARG default stands for its value. Exec-form CMD/ENTRYPOINT are
//! not analysed; ONBUILD triggers get scripts but do not change the state.

mod build;
mod expose;
pub mod image_ref;
mod mounts;
mod scope;
mod scripts;
mod stages;
mod state;

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::syntax::{Dockerfile, Instruction, Word};

pub use expose::{ExposedPort, PortSpec};
pub use image_ref::{ImageRef, ImageRefError};
pub use mounts::{Mount, MountKind};
pub use scope::{AUTOMATIC_PLATFORM_ARGS, Binding, BindingKind, PREDEFINED_ARGS, PROXY_ARGS};
pub use scripts::{RunScript, ScriptOrigin};
pub use stages::{BaseImage, EdgeKind, EdgeSource, Stage, StageEdge, is_windows_image};
pub use state::{
    DEFAULT_SHELL, Setting, WINDOWS_SHELL, is_posix_shell, is_posix_shell_program, resolve_path,
};

use scope::{expand_known, expand_known_cow};
use state::InstructionState;

/// An `ARG` declared before the first `FROM` (usable only in FROM lines).
#[derive(Debug, Clone)]
pub struct GlobalArg {
    pub name: crate::span::Spanned<String>,
    /// Index of the declaring `ARG` instruction.
    pub instruction: usize,
    /// The default after expansion with the earlier global ARGs; `None` when
    /// there is no default (the value comes from `--build-arg`) or it depends
    /// on such an unknown value.
    pub value: Option<String>,
}

/// What the model knows about one instruction besides its stage.
#[derive(Debug, Clone, Default)]
struct InstructionFacts<'a> {
    state: InstructionState,
    /// Parsed on first use by [`SemanticModel::scripts`]: shell analysis is
    /// the costliest part of the model and many rules never look at it.
    scripts: OnceLock<Vec<RunScript>>,
    /// The command `scripts` are parsed from (the instruction, or its ONBUILD
    /// trigger); `None` when there is nothing to analyse (not a command, or
    /// not a POSIX shell).
    script_command: Option<&'a Instruction>,
}

/// The model of one Dockerfile; it borrows the source text and the syntax
/// tree it was built from (scripts are parsed from them on demand).
#[derive(Debug, Clone, Default)]
pub struct SemanticModel<'a> {
    source: &'a str,
    escape: char,
    stages: Vec<Stage<'a>>,
    global_args: Vec<GlobalArg>,
    /// ENV and ARG declarations inside stages, in instruction order (so
    /// each stage's are contiguous): one vector per file, not per stage.
    bindings: Vec<Binding<'a>>,
    facts: Vec<InstructionFacts<'a>>,
    /// The `--mount` flags of the RUNs that have some, by instruction index
    /// (ascending): kept apart from `facts`, which every instruction pays for.
    mounts: Vec<(usize, Vec<Mount>)>,
    /// The known COPY/ADD destinations, by instruction index (ascending).
    copy_destinations: Vec<(usize, Cow<'a, str>)>,
    /// The state after each stage's last instruction.
    stage_end: Vec<InstructionState>,
    settings: Vec<Setting>,
    shells: Vec<Vec<String>>,
    edges: Vec<StageEdge<'a>>,
    image_stage: Option<usize>,
    in_image: Vec<bool>,
    target_found: bool,
    exposed: Vec<ExposedPort>,
}

impl<'a> SemanticModel<'a> {
    /// Builds the model of `dockerfile` parsed from `source`; `target` is the
    /// `--target` stage name (the image is the last stage without it).
    pub fn build(
        source: &'a str,
        dockerfile: &'a Dockerfile,
        target: Option<&str>,
    ) -> SemanticModel<'a> {
        build::Builder::new(source, dockerfile).run(target)
    }

    // ---- stages ----

    pub fn stages(&self) -> &[Stage<'_>] {
        &self.stages
    }

    pub fn stage(&self, index: usize) -> Option<&Stage<'_>> {
        self.stages.get(index)
    }

    /// The stage an instruction belongs to; `None` before the first `FROM`.
    pub fn stage_of(&self, instruction: usize) -> Option<&Stage<'_>> {
        let after = self
            .stages
            .partition_point(|stage| stage.from_instruction <= instruction);
        after
            .checked_sub(1)
            .and_then(|index| self.stages.get(index))
    }

    /// The last stage named `name` (case-insensitive).
    pub fn stage_by_name(&self, name: &str) -> Option<&Stage<'_>> {
        self.stages.iter().rev().find(|stage| stage.is_named(name))
    }

    /// The last stage before stage `before` named `name` (case-insensitive).
    pub fn stage_named_before(&self, name: &str, before: usize) -> Option<&Stage<'_>> {
        self.stages
            .get(..before)
            .unwrap_or(&self.stages)
            .iter()
            .rev()
            .find(|stage| stage.is_named(name))
    }

    /// The stage that produces the image: the `--target` stage, else the last one.
    pub fn image_stage(&self) -> Option<&Stage<'_>> {
        self.image_stage.and_then(|index| self.stages.get(index))
    }

    /// False when a `--target` was given that names no stage (the image stage
    /// is then the last one).
    pub fn target_found(&self) -> bool {
        self.target_found
    }

    /// Whether the stage's filesystem ends up in the image: the image stage and
    /// the stages it is built `FROM`, transitively (not `COPY --from` sources).
    pub fn is_in_image(&self, stage: usize) -> bool {
        self.in_image.get(stage).copied().unwrap_or(false)
    }

    /// The stages `stage` is built on, nearest first.
    pub fn ancestors(&self, stage: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = self.stages.get(stage).and_then(|stage| stage.parent);
        // Parents are always earlier stages, so this ends.
        while let Some(parent) = current {
            chain.push(parent);
            current = self.stages.get(parent).and_then(|stage| stage.parent);
        }
        chain
    }

    /// Every use of a stage or external image by a stage, in instruction order.
    pub fn edges(&self) -> &[StageEdge<'_>] {
        &self.edges
    }

    /// Whether some other stage uses `stage` (as a base, `COPY --from` or mount source).
    pub fn is_used(&self, stage: usize) -> bool {
        self.edges
            .iter()
            .any(|edge| edge.source == EdgeSource::Stage(stage))
    }

    pub fn global_args(&self) -> &[GlobalArg] {
        &self.global_args
    }

    /// The value of a global ARG for FROM lines: the last declaration wins.
    pub fn global_arg_value(&self, name: &str) -> Option<&str> {
        self.global_args
            .iter()
            .rev()
            .find(|arg| arg.name.value == name)
            .and_then(|arg| arg.value.as_deref())
    }

    /// Expands `word` with the global ARGs' defaults; `None` when its value
    /// depends on a variable with no known value, or it does not expand.
    pub fn resolve_with_global_args(&self, word: &Word, escape: char) -> Option<String> {
        expand_known(&word.text, escape, &|name| self.global_arg_value(name))
    }

    // ---- scopes ----

    /// The ENV or ARG binding `name` resolves to when instruction `i` runs:
    /// ENV wins over ARG; a stage sees its parents' declarations. Before the
    /// first FROM, the global ARGs.
    pub fn binding(&self, instruction: usize, name: &str) -> Option<&Binding<'_>> {
        let find = |kind: BindingKind| {
            self.visible_bindings(instruction)
                .find(|binding| binding.name == name && binding.kind == kind)
        };
        find(BindingKind::Env).or_else(|| find(BindingKind::Arg))
    }

    /// The value of `name` when instruction `i` runs (see [`Self::binding`]);
    /// `None` when undeclared or unknown.
    pub fn resolve(&self, instruction: usize, name: &str) -> Option<&str> {
        if self.stage_of(instruction).is_none() {
            return self.global_arg_value(name);
        }
        self.binding(instruction, name)
            .and_then(|binding| binding.value.as_deref())
    }

    /// The ENV variables in effect at instruction `i`, latest declaration of each name.
    pub fn env_at(&self, instruction: usize) -> Vec<&Binding<'_>> {
        self.latest_of_kind(instruction, BindingKind::Env)
    }

    /// The ARGs in scope at instruction `i` (inside a stage), latest of each name.
    pub fn arg_at(&self, instruction: usize) -> Vec<&Binding<'_>> {
        self.latest_of_kind(instruction, BindingKind::Arg)
    }

    /// `word` expanded as BuildKit would at instruction `i`; `None` when it
    /// reads a variable with an unknown value or does not expand.
    pub fn expand(&self, instruction: usize, word: &Word) -> Option<String> {
        self.expand_text(instruction, &word.text)
    }

    /// Like [`Self::expand`], for any text in BuildKit word syntax.
    pub fn expand_text(&self, instruction: usize, text: &str) -> Option<String> {
        expand_known(text, self.escape, &|name| self.resolve(instruction, name))
    }

    /// Like [`Self::expand_text`], borrowing `text` when it expands to itself.
    pub(crate) fn expand_text_cow<'t>(
        &self,
        instruction: usize,
        text: &'t str,
    ) -> Option<Cow<'t, str>> {
        expand_known_cow(text, self.escape, &|name| self.resolve(instruction, name))
    }

    // ---- USER, WORKDIR, SHELL ----

    /// The USER in effect when instruction `i` runs; `None` when no USER was
    /// set (the base image's user, usually root).
    pub fn user_at(&self, instruction: usize) -> Option<&Setting> {
        self.setting(self.state(instruction).user)
    }

    /// The WORKDIR in effect when instruction `i` runs; `None` when none was set.
    pub fn workdir_at(&self, instruction: usize) -> Option<&Setting> {
        self.setting(self.state(instruction).workdir)
    }

    /// The effective SHELL argv when instruction `i` runs (default `/bin/sh -c`,
    /// `cmd /S /C` in a stage built on a Windows image).
    pub fn shell_at(&self, instruction: usize) -> Vec<&str> {
        match self
            .state(instruction)
            .shell
            .and_then(|index| self.shells.get(index as usize))
        {
            Some(shell) => shell.iter().map(String::as_str).collect(),
            None => DEFAULT_SHELL.to_vec(),
        }
    }

    /// The program of the effective SHELL when instruction `i` runs
    /// (`argv[0]` of [`Self::shell_at`]), without building the argv.
    pub fn shell_program_at(&self, instruction: usize) -> Option<&str> {
        match self
            .state(instruction)
            .shell
            .and_then(|index| self.shells.get(index as usize))
        {
            Some(shell) => shell.first().map(String::as_str),
            None => DEFAULT_SHELL.first().copied(),
        }
    }

    /// The USER after the stage's last instruction (what the stage's image runs as).
    pub fn final_user(&self, stage: usize) -> Option<&Setting> {
        self.setting(self.stage_end.get(stage).and_then(|state| state.user))
    }

    /// The WORKDIR after the stage's last instruction.
    pub fn final_workdir(&self, stage: usize) -> Option<&Setting> {
        self.setting(self.stage_end.get(stage).and_then(|state| state.workdir))
    }

    /// Every port word of every `EXPOSE` and `ONBUILD EXPOSE`, in order.
    pub fn exposed_ports(&self) -> &[ExposedPort] {
        &self.exposed
    }

    /// The expanded, absolute destination of a COPY/ADD (a trailing `/` kept);
    /// `None` for other instructions or an unknown value.
    pub fn copy_destination(&self, instruction: usize) -> Option<&str> {
        let found = self
            .copy_destinations
            .binary_search_by_key(&instruction, |(index, _)| *index)
            .ok()?;
        self.copy_destinations
            .get(found)
            .map(|(_, destination)| destination.as_ref())
    }

    // ---- RUN ----

    /// The parsed scripts of a RUN, or of a shell-form CMD, ENTRYPOINT or
    /// HEALTHCHECK CMD, also as an ONBUILD trigger; empty for other
    /// instructions and non-POSIX shells.
    pub fn scripts(&self, instruction: usize) -> &[RunScript] {
        // Most instructions have no script: their slot is never filled (a
        // one-time initialisation is a synchronised step, each time).
        let Some(facts) = self.facts.get(instruction) else {
            return &[];
        };
        let Some(command) = facts.script_command else {
            return &[];
        };
        facts
            .scripts
            .get_or_init(|| scripts::build_scripts(command, self.source))
    }

    /// Every simple command of the instruction's scripts, with its script.
    pub fn commands(
        &self,
        instruction: usize,
    ) -> impl Iterator<Item = (&RunScript, &crate::shell::Command)> {
        self.scripts(instruction)
            .iter()
            .flat_map(|script| script.commands().map(move |command| (script, command)))
    }

    /// Like [`Self::commands`], with each command's index in its script's
    /// `script.commands` (what `Script::pipefail_at` and [`Self::pipefail`] take).
    pub fn commands_indexed(
        &self,
        instruction: usize,
    ) -> impl Iterator<Item = (&RunScript, usize, &crate::shell::Command)> {
        self.scripts(instruction).iter().flat_map(|script| {
            script
                .commands()
                .enumerate()
                .map(move |(index, command)| (script, index, command))
        })
    }

    /// Whether the effective SHELL at instruction `i` turns on `pipefail`
    /// (`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, `-euo pipefail`).
    pub fn shell_pipefail(&self, instruction: usize) -> bool {
        let shell = self.shell_at(instruction);
        shell.windows(2).any(|pair| match pair {
            [option, "pipefail"] => {
                option.starts_with('-') && !option.starts_with("--") && option.ends_with('o')
            }
            _ => false,
        })
    }

    /// Whether `pipefail` is on when command `command` (an index into
    /// `script.script.commands`) of a script of instruction `i` runs: set by
    /// the SHELL (for shell-form and heredoc scripts) or inside the script.
    pub fn pipefail(&self, instruction: usize, script: &RunScript, command: usize) -> bool {
        let run_by_shell = script.origin != ScriptOrigin::ExecForm;
        (run_by_shell && self.shell_pipefail(instruction))
            || script.script.pipefail_at(&script.text, command)
    }

    /// The `--mount` flags of a RUN.
    pub fn mounts(&self, instruction: usize) -> &[Mount] {
        self.mounts
            .binary_search_by_key(&instruction, |(index, _)| *index)
            .ok()
            .and_then(|found| self.mounts.get(found))
            .map_or(&[], |(_, mounts)| mounts.as_slice())
    }

    /// The escape character of the file (`\` or `` ` ``).
    pub fn escape(&self) -> char {
        self.escape
    }

    // ---- helpers ----

    fn state(&self, instruction: usize) -> InstructionState {
        self.facts
            .get(instruction)
            .map(|facts| facts.state)
            .unwrap_or_default()
    }

    fn setting(&self, index: Option<u32>) -> Option<&Setting> {
        index.and_then(|index| self.settings.get(index as usize))
    }

    /// Bindings visible at instruction `i`, innermost and latest first.
    fn visible_bindings(&self, instruction: usize) -> impl Iterator<Item = &Binding<'_>> {
        let stage = self.stage_of(instruction);
        // The open stage's range may not be final yet (during the build):
        // its bindings are cut at `instruction` instead.
        let own = stage
            .map(|stage| self.bindings_between(stage.from_instruction, instruction))
            .unwrap_or_default()
            .iter()
            .rev();
        let parent_of = |stage: &usize| self.stages.get(*stage).and_then(|stage| stage.parent);
        let inherited = std::iter::successors(stage.and_then(|stage| stage.parent), parent_of)
            .flat_map(|parent| {
                self.stages
                    .get(parent)
                    .map(|parent| {
                        self.bindings_between(parent.from_instruction, parent.instructions.end)
                    })
                    .unwrap_or_default()
                    .iter()
                    .rev()
            });
        own.chain(inherited)
    }

    /// The bindings declared by instructions `start..end`.
    fn bindings_between(&self, start: usize, end: usize) -> &[Binding<'a>] {
        let first = self
            .bindings
            .partition_point(|binding| binding.instruction < start);
        let last = self
            .bindings
            .partition_point(|binding| binding.instruction < end);
        self.bindings
            .get(first..last.max(first))
            .unwrap_or_default()
    }

    fn latest_of_kind(&self, instruction: usize, kind: BindingKind) -> Vec<&Binding<'_>> {
        let mut seen: Vec<&str> = Vec::new();
        let mut found = Vec::new();
        for binding in self.visible_bindings(instruction) {
            if binding.kind == kind && !seen.contains(&&*binding.name) {
                seen.push(&binding.name);
                found.push(binding);
            }
        }
        found
    }
}

/// `text` with one pair of matching surrounding quotes removed (the quoting
/// of a word BuildKit strips at expansion).
pub fn strip_surrounding_quotes(text: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = text
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asking_for_the_scripts_of_an_instruction_without_any_fills_no_slot() {
        let source = "FROM a\nCOPY x y\nRUN echo a\nONBUILD RUN echo b\nUSER u\n";
        let dockerfile = crate::syntax::parse(source);
        let model = SemanticModel::build(source, &dockerfile, None);
        let counts: Vec<usize> = (0..5).map(|index| model.scripts(index).len()).collect();
        assert_eq!(counts, [0, 0, 1, 1, 0]);
        let filled: Vec<bool> = model
            .facts
            .iter()
            .map(|facts| facts.scripts.get().is_some())
            .collect();
        assert_eq!(filled, [false, false, true, true, false]);
        assert!(model.scripts(9).is_empty());
    }
}
