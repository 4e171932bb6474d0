//! The single pass over the instructions that builds a [`SemanticModel`].

use std::borrow::Cow;

use crate::span::Spanned;
use crate::syntax::{Arguments, Command, Dockerfile, Instruction, Keyword, Word};

use super::image_ref::ImageRef;
use super::mounts::Mount;
use super::scope::expand_known_cow;
use super::scope::{AUTOMATIC_PLATFORM_ARGS, Binding, BindingKind};
use super::stages::{BaseImage, EdgeKind, EdgeSource, Stage, StageEdge, is_windows_image};
use super::state::{
    InstructionState, Setting, WINDOWS_SHELL, is_posix_shell, is_resolved_path, resolve_path,
};
use super::{GlobalArg, InstructionFacts, SemanticModel};

pub(super) struct Builder<'a> {
    dockerfile: &'a Dockerfile,
    model: SemanticModel<'a>,
    /// The state the next instruction runs with.
    current: InstructionState,
}

impl<'a> Builder<'a> {
    pub fn new(source: &'a str, dockerfile: &'a Dockerfile) -> Builder<'a> {
        let model = SemanticModel {
            source,
            escape: dockerfile.escape,
            ..SemanticModel::default()
        };
        Builder {
            dockerfile,
            model,
            current: InstructionState::default(),
        }
    }

    pub fn run(mut self, target: Option<&str>) -> SemanticModel<'a> {
        let instructions = &self.dockerfile.instructions;
        self.model.facts.reserve(instructions.len());
        // Sized exactly: a first push would reserve four stages (over 1 KiB),
        // a size glibc serves only after consolidating its free lists.
        let stage_count = instructions
            .iter()
            .filter(|instruction| instruction.kind == Keyword::From)
            .count();
        self.model.stages.reserve_exact(stage_count);
        for (index, instruction) in instructions.iter().enumerate() {
            if instruction.kind == Keyword::From {
                self.start_stage(index, instruction);
            }
            // Built in place: a value assembled on the stack field by field
            // and then copied whole stalled on store forwarding (perf annotate).
            let state = self.current;
            let count = self.model.facts.len() + 1;
            self.model.facts.resize_with(count, || InstructionFacts {
                state,
                ..InstructionFacts::default()
            });
            if self.model.stages.is_empty() {
                if instruction.kind == Keyword::Arg {
                    self.declare_global_args(index, &instruction.args);
                }
                continue;
            }
            self.apply(index, instruction);
        }
        self.end_stage(instructions.len());
        self.choose_image_stage(target);
        // Once every declaration is known: values expand as at each EXPOSE.
        let model = &self.model;
        let exposed = instructions
            .iter()
            .enumerate()
            .filter(|(_, instruction)| {
                matches!(instruction.kind, Keyword::Expose | Keyword::Onbuild)
            })
            .flat_map(|(index, instruction)| {
                super::expose::exposed_ports(index, instruction, &|word| model.expand(index, word))
            })
            .collect();
        self.model.exposed = exposed;
        self.model
    }

    fn start_stage(&mut self, from_instruction: usize, instruction: &'a Instruction) {
        self.end_stage(from_instruction);
        let index = self.model.stages.len();
        let words: &'a [Word] = match &instruction.args {
            Arguments::Words { words, .. } => words,
            _ => &[],
        };
        let name = match words {
            [_, as_word, name] if as_word.text.eq_ignore_ascii_case("as") => {
                Some(Spanned::new(name.text.to_lowercase(), name.span))
            }
            _ => None,
        };
        let escape = self.dockerfile.escape;
        let base = words.first().map(|word| {
            let resolved = expand_known_cow(&word.text, escape, &|name| {
                self.model.global_arg_value(name)
            });
            let parent_stage = resolved
                .as_deref()
                .and_then(|image| self.model.stage_named_before(image, index))
                .map(|stage| stage.index);
            let scratch = resolved.as_deref() == Some("scratch");
            let reference = match (&resolved, parent_stage, scratch) {
                (Some(image), None, false) => ImageRef::parse(image).ok(),
                _ => None,
            };
            BaseImage {
                word,
                resolved,
                reference,
                parent_stage,
                scratch,
            }
        });
        let parent = base.as_ref().and_then(|base| base.parent_stage);
        if let Some(base) = &base {
            let source = match parent {
                Some(parent) => EdgeSource::Stage(parent),
                None => EdgeSource::External(
                    base.resolved
                        .clone()
                        .unwrap_or(Cow::Borrowed(&base.word.text)),
                ),
            };
            self.model.edges.push(StageEdge {
                stage: index,
                source,
                kind: EdgeKind::FromBase,
                instruction: from_instruction,
            });
        }
        let windows = match (parent, &base) {
            (Some(parent), _) => self.model.stages.get(parent).is_some_and(|s| s.windows),
            (None, Some(base)) => match &base.resolved {
                Some(image) => is_windows_image(image),
                None => self.dockerfile.escape == '`',
            },
            (None, None) => false,
        };
        let platform = instruction
            .flag("platform")
            .and_then(|flag| flag.value.clone());
        self.model.stages.push(Stage {
            index,
            from_instruction,
            instructions: from_instruction..from_instruction + 1,
            name,
            base,
            platform,
            parent,
            windows,
        });
        // A stage built on another starts with that stage's final state.
        self.current = parent
            .and_then(|parent| self.model.stage_end.get(parent).copied())
            .unwrap_or_default();
        if windows && parent.is_none() {
            self.current.shell = Some(self.model.shells.len() as u32);
            self.model
                .shells
                .push(WINDOWS_SHELL.iter().map(|part| part.to_string()).collect());
        }
    }

    /// Closes the open stage (if any) before instruction `end`.
    fn end_stage(&mut self, end: usize) {
        let count = self.model.stages.len();
        if let Some(last) = self.model.stages.last_mut()
            && self.model.stage_end.len() < count
        {
            last.instructions.end = end;
            self.model.stage_end.push(self.current);
        }
    }

    fn apply(&mut self, index: usize, instruction: &'a Instruction) {
        match (&instruction.kind, &instruction.args) {
            (Keyword::Arg, Arguments::Arg(declarations)) => {
                for declaration in declarations {
                    let name = &declaration.name.value;
                    let value = match &declaration.default {
                        Some(default) => self.model.expand_text_cow(index, &default.text),
                        None if AUTOMATIC_PLATFORM_ARGS.contains(&name.as_str()) => None,
                        None => self
                            .model
                            .global_arg_value(name)
                            .map(|value| Cow::Owned(value.to_string())),
                    };
                    self.bind(
                        BindingKind::Arg,
                        Cow::Borrowed(name),
                        declaration.name.span,
                        value,
                        index,
                    );
                }
            }
            (Keyword::Env, Arguments::KeyValues(pairs)) => {
                // Every pair sees the environment from before the instruction:
                // bindings of this instruction are not visible to it, so they
                // can be added as they are made.
                for pair in pairs {
                    let name = self
                        .model
                        .expand_text_cow(index, &pair.key.text)
                        .unwrap_or(Cow::Borrowed(&pair.key.text));
                    let value = self.model.expand_text_cow(index, &pair.value.text);
                    self.bind(BindingKind::Env, name, pair.key.span, value, index);
                }
            }
            (Keyword::User, Arguments::Text(word)) => {
                let value = self.model.expand(index, word);
                self.current.user = Some(self.push_setting(index, word, value));
            }
            (Keyword::Workdir, Arguments::Text(word)) => {
                let value = self
                    .model
                    .expand(index, word)
                    .and_then(|path| self.against_workdir(Cow::Owned(path)))
                    .map(Cow::into_owned);
                self.current.workdir = Some(self.push_setting(index, word, value));
            }
            (Keyword::Shell, Arguments::Command(Command::Exec { elements, .. })) => {
                let argv = elements.iter().map(|word| word.text.clone()).collect();
                self.current.shell = Some(self.model.shells.len() as u32);
                self.model.shells.push(argv);
            }
            (Keyword::Copy | Keyword::Add, Arguments::Words { words, .. }) => {
                if let [_, .., destination] = words.as_slice() {
                    let resolved = self
                        .model
                        .expand_text_cow(index, &destination.text)
                        .and_then(|path| self.against_workdir(path));
                    if let Some(destination) = resolved {
                        self.model.copy_destinations.push((index, destination));
                    }
                }
                if instruction.kind == Keyword::Copy
                    && let Some(from) = instruction.flag("from").and_then(|f| f.value.as_ref())
                {
                    self.edge(index, Cow::Borrowed(&from.value), EdgeKind::CopyFrom);
                }
            }
            (Keyword::Run, _) => {
                let mounts: Vec<Mount> = instruction
                    .flags_named("mount")
                    .filter_map(|flag| {
                        let value = flag.value.as_ref()?;
                        Some(Mount::parse(&value.value, flag.span, &|text| {
                            self.model.expand_text(index, text)
                        }))
                    })
                    .collect();
                for from in mounts.iter().filter_map(|mount| mount.from.clone()) {
                    self.edge(index, Cow::Owned(from), EdgeKind::MountFrom);
                }
                if !mounts.is_empty() {
                    self.model.mounts.push((index, mounts));
                }
            }
            _ => {}
        }
        // An ONBUILD trigger's command is analysed as well (with this stage's SHELL).
        let command: &'a Instruction = match &instruction.args {
            Arguments::Onbuild(Some(trigger)) => trigger,
            _ => instruction,
        };
        if matches!(
            command.kind,
            Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck
        ) && self.current_shell_is_posix()
        {
            // Parsed on demand (see `SemanticModel::scripts`).
            self.facts().script_command = Some(command);
        }
    }

    /// The facts of the instruction being applied (`run` pushes them first).
    fn facts(&mut self) -> &mut InstructionFacts<'a> {
        if self.model.facts.is_empty() {
            self.model.facts.push(InstructionFacts::default());
        }
        let last = self.model.facts.len() - 1;
        &mut self.model.facts[last]
    }

    fn current_shell_is_posix(&self) -> bool {
        self.current
            .shell
            .and_then(|index| self.model.shells.get(index as usize))
            .is_none_or(|argv| is_posix_shell(argv))
    }

    /// `path` made absolute against the current WORKDIR; `None` when that is unknown.
    fn against_workdir(&self, path: Cow<'a, str>) -> Option<Cow<'a, str>> {
        // Windows paths (`C:\app`) are kept as written, and so are absolute
        // paths that resolving would not change (most of them).
        if path.get(1..2) == Some(":") || path.starts_with('\\') || is_resolved_path(&path) {
            return Some(path);
        }
        if path.starts_with('/') {
            return Some(Cow::Owned(resolve_path(None, &path)));
        }
        let resolved = match self
            .current
            .workdir
            .and_then(|i| self.model.settings.get(i as usize))
        {
            None => Some(resolve_path(None, &path)),
            Some(setting) => setting
                .value
                .as_deref()
                .map(|base| resolve_path(Some(base), &path)),
        };
        resolved.map(Cow::Owned)
    }

    fn push_setting(&mut self, index: usize, word: &Word, value: Option<String>) -> u32 {
        self.model.settings.push(Setting {
            instruction: index,
            raw: word.text.clone(),
            span: word.span,
            value,
        });
        (self.model.settings.len() - 1) as u32
    }

    fn bind(
        &mut self,
        kind: BindingKind,
        name: Cow<'a, str>,
        name_span: crate::span::Span,
        value: Option<Cow<'a, str>>,
        instruction: usize,
    ) {
        // Only inside a stage (global ARGs are kept apart).
        if !self.model.stages.is_empty() {
            self.model.bindings.push(Binding {
                kind,
                name,
                name_span,
                value,
                instruction,
            });
        }
    }

    /// A `--from` reference: an earlier stage by name or index, else an image.
    fn edge(&mut self, instruction: usize, reference: Cow<'a, str>, kind: EdgeKind) {
        let stage = self.model.stages.len().saturating_sub(1);
        let by_index = reference
            .parse::<usize>()
            .ok()
            .filter(|index| *index < stage);
        let source = match by_index.or_else(|| {
            self.model
                .stage_named_before(&reference, stage)
                .map(|found| found.index)
        }) {
            Some(index) => EdgeSource::Stage(index),
            None => EdgeSource::External(reference),
        };
        self.model.edges.push(StageEdge {
            stage,
            source,
            kind,
            instruction,
        });
    }

    fn declare_global_args(&mut self, instruction: usize, args: &Arguments) {
        let Arguments::Arg(declarations) = args else {
            return;
        };
        let escape = self.dockerfile.escape;
        for declaration in declarations {
            let value = declaration
                .default
                .as_ref()
                .and_then(|default| self.model.resolve_with_global_args(default, escape));
            self.model.global_args.push(GlobalArg {
                name: declaration.name.clone(),
                instruction,
                value,
            });
        }
    }

    fn choose_image_stage(&mut self, target: Option<&str>) {
        let targeted = target.and_then(|name| self.model.stage_by_name(name).map(|s| s.index));
        self.model.target_found = target.is_none() || targeted.is_some();
        let image = targeted.or_else(|| self.model.stages.len().checked_sub(1));
        self.model.image_stage = image;
        let mut in_image = vec![false; self.model.stages.len()];
        if let Some(flag) = image.and_then(|image| in_image.get_mut(image)) {
            *flag = true;
        }
        // Parents are earlier stages: one pass from the last stage down
        // reaches every ancestor.
        for stage in (0..in_image.len()).rev() {
            if !in_image.get(stage).copied().unwrap_or(false) {
                continue;
            }
            let Some(current) = self.model.stages.get(stage) else {
                continue;
            };
            match current.parent {
                Some(parent) => {
                    if let Some(flag) = in_image.get_mut(parent) {
                        *flag = true;
                    }
                }
                None => {
                    for parent in self.possible_parents(stage) {
                        if let Some(flag) = in_image.get_mut(parent) {
                            *flag = true;
                        }
                    }
                }
            }
        }
        self.model.in_image = in_image;
    }

    /// The stage `stage` is built on, or, when its `FROM` names a stage
    /// through a variable with no known value (`FROM base-$TARGETARCH`),
    /// every earlier stage that name can match: any of them may be the base.
    fn possible_parents(&self, stage: usize) -> Vec<usize> {
        let Some(current) = self.model.stages.get(stage) else {
            return Vec::new();
        };
        if let Some(parent) = current.parent {
            return vec![parent];
        }
        let Some(base) = current.base.as_ref().filter(|base| base.resolved.is_none()) else {
            return Vec::new();
        };
        let pieces = literal_pieces(&base.word.text.to_lowercase());
        if pieces.iter().all(|piece| piece.is_empty()) {
            return Vec::new();
        }
        self.model
            .stages
            .iter()
            .take(stage)
            .filter(|earlier| {
                earlier
                    .name
                    .as_ref()
                    .is_some_and(|name| matches_pieces(&name.value, &pieces))
            })
            .map(|earlier| earlier.index)
            .collect()
    }
}

/// The literal text between the variable references of a word (`base-$ARCH`
/// gives `["base-", ""]`): a glob with `*` for every reference.
fn literal_pieces(text: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            if let Some(piece) = pieces.last_mut() {
                piece.push(c);
            }
            continue;
        }
        if chars.peek() == Some(&'{') {
            for inner in chars.by_ref() {
                if inner == '}' {
                    break;
                }
            }
        } else {
            while chars
                .peek()
                .is_some_and(|next| next.is_ascii_alphanumeric() || *next == '_')
            {
                chars.next();
            }
        }
        pieces.push(String::new());
    }
    pieces
}

/// Whether `name` matches the glob whose literal pieces are `pieces`.
fn matches_pieces(name: &str, pieces: &[String]) -> bool {
    let [first, middle @ .., last] = pieces else {
        return pieces.first().is_some_and(|only| only == name);
    };
    let Some(mut rest) = name.strip_prefix(first.as_str()) else {
        return false;
    };
    for piece in middle {
        match rest.find(piece.as_str()) {
            Some(at) => rest = rest.get(at + piece.len()..).unwrap_or(""),
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last.as_str())
}
