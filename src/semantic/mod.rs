//! The semantic model: stages and global ARGs, computed once per file and
//! shared by every rule. Later issues add scopes and shell analysis here.

pub mod image_ref;

use std::cell::Cell;
use std::ops::Range;

use crate::span::Spanned;
use crate::syntax::expand::expand_word;
use crate::syntax::{Arguments, Dockerfile, Keyword, Word};

pub use image_ref::{ImageRef, ImageRefError};

/// Set by BuildKit for every build from the target and build platforms, so
/// their value is never known from the Dockerfile alone (a default is ignored).
pub const AUTOMATIC_PLATFORM_ARGS: [&str; 8] = [
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

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
        let reads_platform_arg = Cell::new(false);
        let lookup = |name: &str| {
            if AUTOMATIC_PLATFORM_ARGS.contains(&name) {
                reads_platform_arg.set(true);
                return None;
            }
            self.global_arg_value(name).map(str::to_string)
        };
        let expansion = expand_word(&word.text, escape, &lookup).ok()?;
        if reads_platform_arg.get() {
            return None;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;
    use crate::syntax::{ArgDecl, Instruction, LogicalLine, VarRef};

    /// A word at a made-up offset; `$NAME` and `${NAME<op>…}` references are
    /// recorded the way the parser does for expanded words.
    fn word(text: &str) -> Word {
        let mut vars = Vec::new();
        let mut rest = text;
        while let Some(dollar) = rest.find('$') {
            rest = &rest[dollar + 1..];
            let braced = rest.starts_with('{');
            let body = rest.trim_start_matches('{');
            let name: String = body
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let after = &body[name.len()..];
            let operator = (braced && !after.starts_with('}'))
                .then(|| after.chars().take_while(|c| ":-+?".contains(*c)).collect());
            vars.push(VarRef {
                name,
                span: Span::default(),
                operator,
            });
        }
        Word {
            text: text.to_string(),
            span: Span::default(),
            vars,
        }
    }

    fn instruction(kind: Keyword, args: Arguments) -> Instruction {
        Instruction {
            kind,
            keyword: Spanned::new(String::new(), Span::default()),
            span: Span::default(),
            full_span: Span::default(),
            flags: Vec::new(),
            args,
            heredocs: Vec::new(),
            line: LogicalLine::default(),
            comments: Vec::new(),
        }
    }

    fn from(words: &[&str]) -> Instruction {
        let words = words.iter().map(|text| word(text)).collect();
        instruction(Keyword::From, Arguments::Words { words, json: false })
    }

    fn arg(name: &str, default: Option<&str>) -> Instruction {
        let declaration = ArgDecl {
            word: word(name),
            name: Spanned::new(name.to_string(), Span::default()),
            default: default.map(word),
        };
        instruction(Keyword::Arg, Arguments::Arg(vec![declaration]))
    }

    fn model(instructions: Vec<Instruction>) -> SemanticModel {
        SemanticModel::build(&Dockerfile {
            bom: false,
            escape: '\\',
            directives: Vec::new(),
            instructions,
            comments: Vec::new(),
            errors: Vec::new(),
            empty_continuation_lines: Vec::new(),
        })
    }

    #[test]
    fn stages_cover_their_instructions_and_know_their_parents() {
        let model = model(vec![
            arg("TAG", Some("1.0")),
            from(&["golang:1.23", "AS", "Build"]),
            instruction(Keyword::Run, Arguments::Empty),
            from(&["BUILD", "as", "test"]),
            from(&["later"]),
            from(&["alpine:3", "AS", "later"]),
        ]);
        let stages = model.stages();
        assert_eq!(stages.len(), 4);
        assert_eq!(stages[0].instructions, 1..3);
        assert_eq!(stages[3].instructions, 5..6);
        assert_eq!(
            stages[0].name.as_ref().map(|n| n.value.as_str()),
            Some("build")
        );
        assert_eq!(
            stages[1].base.as_ref().and_then(|b| b.parent_stage),
            Some(0)
        );
        // A stage name only refers to earlier stages.
        assert_eq!(stages[2].base.as_ref().and_then(|b| b.parent_stage), None);
        assert!(model.stage_of(0).is_none());
        assert_eq!(model.stage_of(2).map(|s| s.index), Some(0));
        assert_eq!(model.stage_of(5).map(|s| s.index), Some(3));
        assert!(model.stage_named_before("later", 3).is_none());
        assert_eq!(
            model.stage_named_before("LATER", 4).map(|s| s.index),
            Some(3)
        );
    }

    #[test]
    fn global_args_resolve_from_images_with_their_defaults_only() {
        let model = model(vec![
            arg("REGISTRY", Some("ghcr.io")),
            arg("IMAGE", Some("${REGISTRY}/acme/app")),
            arg("VERSION", None),
            from(&["$IMAGE:1.0"]),
            arg("LOCAL", Some("x")),
            from(&["img:${VERSION}"]),
            from(&["img:${VERSION:-2}"]),
            from(&["img:${LOCAL:-3}"]),
            from(&["\"quoted\""]),
            from(&["img${TARGETARCH:+:1}"]),
        ]);
        assert_eq!(model.global_args().len(), 3);
        assert_eq!(model.global_arg_value("IMAGE"), Some("ghcr.io/acme/app"));
        assert_eq!(model.global_arg_value("VERSION"), None);
        assert_eq!(model.global_arg_value("LOCAL"), None);
        let resolved: Vec<Option<&str>> = model
            .stages()
            .iter()
            .map(|stage| stage.base.as_ref().and_then(|b| b.resolved.as_deref()))
            .collect();
        assert_eq!(
            resolved,
            [
                Some("ghcr.io/acme/app:1.0"),
                None,
                Some("img:2"),
                Some("img:3"),
                Some("quoted"),
                None
            ]
        );
    }
}
