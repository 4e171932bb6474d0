//! The semantic model: stages and global ARGs, computed once per file and
//! shared by every rule. Later issues add scopes and shell analysis here.

mod expand_shim;
pub mod image_ref;

use std::ops::Range;

use crate::span::Spanned;
use crate::syntax::{Arguments, Dockerfile, Keyword, Word};

pub use image_ref::{ImageRef, ImageRefError};

/// An `ARG` declared before the first `FROM` (usable only in FROM lines).
#[derive(Debug, Clone)]
pub struct GlobalArg {
    pub name: Spanned<String>,
    /// Index of the declaring `ARG` instruction.
    pub instruction: usize,
    /// The default after expansion with the earlier global ARGs; `None` when
    /// there is no default (the value comes from `--build-arg`) or it depends
    /// on such an unknown value.
    pub value: Option<String>,
}

/// The image a stage is built on.
#[derive(Debug, Clone)]
pub struct BaseImage {
    /// The image word as written.
    pub word: Word,
    /// The image with quotes removed and global ARG defaults substituted;
    /// `None` when it depends on a variable whose value is unknown.
    pub resolved: Option<String>,
    /// The index of the earlier stage this one builds on (`FROM builder`).
    pub parent_stage: Option<usize>,
}

impl BaseImage {
    /// "`img:${TAG}` (`img:1.0` with the ARG defaults)", or "`img:1.0`" when
    /// nothing was substituted: for messages.
    pub fn describe(&self) -> String {
        match &self.resolved {
            Some(resolved) if *resolved != self.word.text => {
                format!("`{}` (`{resolved}` with the ARG defaults)", self.word.text)
            }
            _ => format!("`{}`", self.word.text),
        }
    }
}

/// One build stage: a `FROM` and the instructions up to the next `FROM`.
#[derive(Debug, Clone)]
pub struct Stage {
    pub index: usize,
    /// Index of the `FROM` instruction in `Dockerfile::instructions`.
    pub from_instruction: usize,
    /// Instruction indexes of the stage, its `FROM` included.
    pub instructions: Range<usize>,
    /// The `AS` name, lowercased as BuildKit does, with the span of the name word.
    pub name: Option<Spanned<String>>,
    /// `None` for a `FROM` without arguments.
    pub base: Option<BaseImage>,
}

#[derive(Debug, Clone, Default)]
pub struct SemanticModel {
    stages: Vec<Stage>,
    global_args: Vec<GlobalArg>,
}

impl SemanticModel {
    pub fn build(dockerfile: &Dockerfile) -> SemanticModel {
        let mut model = SemanticModel::default();
        let instructions = &dockerfile.instructions;
        for (index, instruction) in instructions.iter().enumerate() {
            match instruction.kind {
                Keyword::From => {
                    if let Some(last) = model.stages.last_mut() {
                        last.instructions.end = index;
                    }
                    let stage = model.stage_from(index, &instruction.args, dockerfile.escape);
                    model.stages.push(stage);
                }
                Keyword::Arg if model.stages.is_empty() => {
                    model.declare_global_args(index, &instruction.args, dockerfile.escape);
                }
                _ => {}
            }
        }
        if let Some(last) = model.stages.last_mut() {
            last.instructions.end = instructions.len();
        }
        model
    }

    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    pub fn stage(&self, index: usize) -> Option<&Stage> {
        self.stages.get(index)
    }

    /// The stage an instruction belongs to; `None` before the first `FROM`.
    pub fn stage_of(&self, instruction: usize) -> Option<&Stage> {
        let after = self
            .stages
            .partition_point(|stage| stage.from_instruction <= instruction);
        after
            .checked_sub(1)
            .and_then(|index| self.stages.get(index))
    }

    /// The last stage before stage `before` named `name` (case-insensitive).
    pub fn stage_named_before(&self, name: &str, before: usize) -> Option<&Stage> {
        self.stages
            .get(..before)
            .unwrap_or(&self.stages)
            .iter()
            .rev()
            .find(|stage| {
                stage
                    .name
                    .as_ref()
                    .is_some_and(|own| own.value.eq_ignore_ascii_case(name))
            })
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
        let lookup = |name: &str| self.global_arg_value(name).map(str::to_string);
        let expansion = expand_shim::expand_word(&word.text, escape, &lookup).ok()?;
        // An unset variable read through `${v:-default}` or `${v+alt}` still
        // gives a well-defined value; a bare `$v` does not.
        let guessed = expansion.unset.iter().any(|name| {
            let references: Vec<_> = word.vars.iter().filter(|var| &var.name == name).collect();
            references.is_empty() || references.iter().any(|var| var.operator.is_none())
        });
        (!guessed).then_some(expansion.value)
    }

    fn stage_from(&self, from_instruction: usize, args: &Arguments, escape: char) -> Stage {
        let index = self.stages.len();
        let words: &[Word] = match args {
            Arguments::Words { words, .. } => words,
            _ => &[],
        };
        let name = match words {
            [_, as_word, name] if as_word.text.eq_ignore_ascii_case("as") => {
                Some(Spanned::new(name.text.to_lowercase(), name.span))
            }
            _ => None,
        };
        let base = words.first().map(|word| {
            let resolved = self.resolve_with_global_args(word, escape);
            let parent_stage = resolved
                .as_deref()
                .and_then(|image| self.stage_named_before(image, index))
                .map(|stage| stage.index);
            BaseImage {
                word: word.clone(),
                resolved,
                parent_stage,
            }
        });
        Stage {
            index,
            from_instruction,
            instructions: from_instruction..from_instruction + 1,
            name,
            base,
        }
    }

    fn declare_global_args(&mut self, instruction: usize, args: &Arguments, escape: char) {
        let Arguments::Arg(declarations) = args else {
            return;
        };
        for declaration in declarations {
            let value = declaration
                .default
                .as_ref()
                .and_then(|default| self.resolve_with_global_args(default, escape));
            self.global_args.push(GlobalArg {
                name: declaration.name.clone(),
                instruction,
                value,
            });
        }
    }
}
