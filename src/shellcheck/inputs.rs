//! Which scripts of a file ShellCheck sees, as which shell, with which preamble.

use crate::rules::util::direct_or_onbuild;
use crate::semantic::{PROXY_ARGS, RunScript, ScriptOrigin, SemanticModel};
use crate::shell::basename;
use crate::suppression::parse_shell_pragma;
use crate::syntax::{Dockerfile, Instruction, Keyword};

use super::prepared::{Piece, PreparedScript};

/// The shells ShellCheck knows (`-s`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dialect {
    Sh,
    Bash,
    Dash,
    Ksh,
}

impl Dialect {
    /// ShellCheck's name for `-s`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Sh => "sh",
            Dialect::Bash => "bash",
            Dialect::Dash => "dash",
            Dialect::Ksh => "ksh",
        }
    }

    /// The dialect of a shell program (`/bin/bash`, `ash`, `busybox`);
    /// `None` for shells ShellCheck cannot check (zsh, fish, pwsh, cmd, ...).
    pub fn of_program(program: &str) -> Option<Dialect> {
        let name = basename(program).to_ascii_lowercase();
        Some(match name.as_str() {
            "sh" | "ash" | "busybox" => Dialect::Sh,
            "bash" => Dialect::Bash,
            "dash" => Dialect::Dash,
            "ksh" | "mksh" | "pdksh" | "ksh93" => Dialect::Ksh,
            _ => return None,
        })
    }

    /// The dialect of an argv or interpreter line (`/usr/bin/env -S bash -e`).
    fn of_command<'a>(mut words: impl Iterator<Item = &'a str>) -> Option<Dialect> {
        let program = words.next()?;
        if basename(program) == "env" {
            let program = words.find(|word| !word.starts_with('-') && !word.contains('='))?;
            return Dialect::of_program(program);
        }
        Dialect::of_program(program)
    }
}

/// Every script of the file ShellCheck should check, in source order.
pub(super) fn collect(
    source: &str,
    dockerfile: &Dockerfile,
    model: &SemanticModel,
) -> Vec<PreparedScript> {
    let pragmas = ShellPragmas::new(dockerfile);
    let mut prepared = Vec::new();
    for (index, instruction) in dockerfile.instructions.iter().enumerate() {
        let Some(run) = direct_or_onbuild(instruction, Keyword::Run) else {
            continue;
        };
        let scripts = model.scripts(index);
        if scripts.is_empty() {
            continue;
        }
        let shell = instruction_dialect(index, instruction, dockerfile, model, &pragmas);
        let mut preamble: Option<String> = None;
        for (position, script) in scripts.iter().enumerate() {
            let dialect = match script.origin {
                ScriptOrigin::ExecForm => None,
                ScriptOrigin::ShellForm => shell,
                ScriptOrigin::Heredoc { index: heredoc } => {
                    heredoc_dialect(script, run, heredoc, scripts).or(shell)
                }
            };
            let Some(dialect) = dialect else {
                continue;
            };
            let preamble = preamble.get_or_insert_with(|| exports(model, index));
            prepared.push(prepare(
                script,
                run,
                source,
                dialect,
                preamble,
                (index, position),
            ));
        }
    }
    prepared
}

/// The checker's text of a script: the preamble inserted (after an interpreter
/// line, if any) and, for a command line, the heredoc bodies it reads.
fn prepare(
    script: &RunScript,
    run: &Instruction,
    source: &str,
    dialect: Dialect,
    preamble: &str,
    (instruction, position): (usize, usize),
) -> PreparedScript {
    let text = script.text.as_str();
    let mut builder = PreparedScript::builder(instruction, position);
    let mut tail = text;
    let mut tail_line = 0;
    if text.starts_with("#!") {
        let (head, rest) = text.split_at(text.find('\n').map_or(text.len(), |at| at + 1));
        let head = if head.ends_with('\n') {
            head.to_owned()
        } else {
            format!("{head}\n")
        };
        builder.push(&head, Piece::Script { first_line: 0 });
        tail = rest;
        tail_line = 1;
    }
    builder.push(preamble, Piece::Added);
    let bodies = match script.origin {
        ScriptOrigin::ShellForm => heredoc_bodies(run, source),
        _ => Vec::new(),
    };
    if bodies.is_empty() || tail.ends_with('\n') {
        builder.push(
            tail,
            Piece::Script {
                first_line: tail_line,
            },
        );
    } else {
        builder.push(
            &format!("{tail}\n"),
            Piece::Script {
                first_line: tail_line,
            },
        );
    }
    for (start, body) in bodies {
        builder.push(&format!("{body}\n"), Piece::Source { start });
    }
    builder.finish(dialect)
}

/// Each heredoc body with its terminator line, as it lies in the source.
fn heredoc_bodies<'s>(run: &Instruction, source: &'s str) -> Vec<(usize, &'s str)> {
    run.heredocs
        .iter()
        .filter_map(|heredoc| {
            let start = heredoc.body.start as usize;
            let end = heredoc
                .terminator
                .map_or(heredoc.body.end, |terminator| terminator.end)
                as usize;
            Some((start, source.get(start..end)?))
        })
        .collect()
}

/// `export NAME` for every ARG and ENV in scope and the proxy ARGs: declared
/// (no SC2154) with an unknown value (hadolint's `NAME=1` would hide SC2086).
fn exports(model: &SemanticModel, instruction: usize) -> String {
    let mut names: Vec<&str> = model
        .arg_at(instruction)
        .into_iter()
        .chain(model.env_at(instruction))
        .map(|binding| &*binding.name)
        .chain(PROXY_ARGS.iter().copied())
        .filter(|name| is_shell_name(name))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .iter()
        .map(|name| format!("export {name}\n"))
        .collect()
}

fn is_shell_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A heredoc's own shell: its interpreter line, else the shell reading it on
/// stdin (`RUN bash <<EOF`).
fn heredoc_dialect(
    script: &RunScript,
    run: &Instruction,
    heredoc: usize,
    scripts: &[RunScript],
) -> Option<Dialect> {
    if let Some(interpreter) = script
        .text
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("#!"))
    {
        return Dialect::of_command(interpreter.split_whitespace());
    }
    let name = &run.heredocs.get(heredoc)?.name;
    let command_line = scripts
        .iter()
        .find(|script| script.origin == ScriptOrigin::ShellForm)?;
    command_line
        .commands()
        .find(|command| {
            command.redirects.iter().any(|redirect| {
                redirect
                    .heredoc
                    .as_ref()
                    .is_some_and(|body| &body.delimiter == name)
            })
        })
        .and_then(|command| {
            command
                .effective(&command_line.text)
                .name(&command_line.text)
        })
        .and_then(|program| Dialect::of_program(&program))
}

/// The shell of a RUN: a `shell=` pragma when it is more recent than the
/// stage's SHELL, else the SHELL in effect. `None`: not a shell ShellCheck knows.
fn instruction_dialect(
    index: usize,
    instruction: &Instruction,
    dockerfile: &Dockerfile,
    model: &SemanticModel,
    pragmas: &ShellPragmas,
) -> Option<Dialect> {
    let start = instruction.span.start as usize;
    let stage = model.stage_of(index);
    let stage_start = stage
        .and_then(|stage| dockerfile.instructions.get(stage.from_instruction))
        .map_or(0, |from| from.span.start as usize);
    let last_shell = stage
        .and_then(|stage| dockerfile.instructions.get(stage.instructions.start..index))
        .and_then(|earlier| {
            earlier
                .iter()
                .rfind(|earlier| earlier.kind == Keyword::Shell)
                .map(|shell| shell.span.start as usize)
        });
    let in_stage = pragmas.last_between(stage_start, start);
    let pragma = match (in_stage, last_shell) {
        (Some(pragma), Some(shell)) if pragma.offset < shell => None,
        (Some(pragma), _) => Some(pragma),
        // A pragma before the first FROM is every stage's default.
        (None, None) => pragmas.last_between(0, pragmas.first_from),
        (None, Some(_)) => None,
    };
    match pragma {
        Some(pragma) => Dialect::of_program(&pragma.shell),
        None => Dialect::of_command(model.shell_at(index).into_iter()),
    }
}

#[derive(Debug)]
struct ShellPragma {
    offset: usize,
    shell: String,
}

/// The `# hadolint shell=` / `# shipshape shell=` comments of a file.
struct ShellPragmas {
    pragmas: Vec<ShellPragma>,
    first_from: usize,
}

impl ShellPragmas {
    fn new(dockerfile: &Dockerfile) -> ShellPragmas {
        let pragmas = dockerfile
            .comments
            .iter()
            .filter(|comment| !comment.inside_instruction)
            .filter_map(|comment| {
                Some(ShellPragma {
                    offset: comment.span.start as usize,
                    shell: parse_shell_pragma(&comment.text)?.to_owned(),
                })
            })
            .collect();
        let first_from = dockerfile
            .instructions
            .iter()
            .find(|instruction| instruction.kind == Keyword::From)
            .map_or(usize::MAX, |from| from.span.start as usize);
        ShellPragmas {
            pragmas,
            first_from,
        }
    }

    fn last_between(&self, start: usize, end: usize) -> Option<&ShellPragma> {
        self.pragmas
            .iter()
            .rfind(|pragma| start <= pragma.offset && pragma.offset < end)
    }
}
