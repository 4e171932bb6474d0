//! Shell analysis of RUN, CMD, ENTRYPOINT and HEALTHCHECK: each command text
//! parsed once into a [`shell::Script`], with a map from script ranges back
//! to Dockerfile bytes.

use std::ops::Range;

use crate::shell::{self, POSIX_SHELLS, Script, basename, packages::PackageInvocation};
use crate::span::Span;
use crate::syntax::{Arguments, Command, Heredoc, Instruction, Keyword, LogicalLine, Word};

/// Where a script's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScriptOrigin {
    /// The shell-form command text (continuations joined, comment lines dropped).
    ShellForm,
    /// An exec-form argv, rendered as a shell command (`["sh","-c","x"]` →
    /// `sh -c 'x'`, whose inner script the shell parser unwraps).
    ExecForm,
    /// The body of the instruction's heredoc at this index, run as a shell script.
    Heredoc { index: usize },
}

/// One parsed script with its map back to the Dockerfile.
#[derive(Debug, Clone)]
pub struct RunScript {
    /// The script text; every span of `script` indexes into it.
    pub text: String,
    pub script: Script,
    pub origin: ScriptOrigin,
    /// Package-manager invocations of `script`.
    pub packages: Vec<PackageInvocation>,
    map: SourceMap,
}

#[derive(Debug, Clone)]
enum SourceMap {
    /// `text` is `line.text[start..]` (shell form, heredoc bodies with `<<-`).
    Line { line: LogicalLine, start: usize },
    /// `text` lies verbatim in the source from this offset (heredoc bodies,
    /// shell-form commands on one line).
    Offset(usize),
    /// `text` is rendered from exec-form elements.
    Elements(Vec<Element>),
}

/// An exec-form element inside a rendered script.
#[derive(Debug, Clone)]
struct Element {
    /// The element's value inside the rendered text (quotes excluded).
    value: Range<usize>,
    /// The JSON string token in the source.
    token: Span,
    /// Whether `value` maps character for character to `token.start + 1`
    /// (no escapes in the JSON string and no quoting in the rendering).
    verbatim: bool,
}

impl RunScript {
    fn new(text: String, origin: ScriptOrigin, map: SourceMap) -> RunScript {
        let (script, packages) = shell::parse_with_packages(&text);
        RunScript {
            text,
            script,
            origin,
            packages,
            map,
        }
    }

    /// Maps a range of `text` (a span from `script`) to the Dockerfile source.
    pub fn source_span(&self, span: Span) -> Span {
        match &self.map {
            SourceMap::Line { line, start } => shell::source_span(line, *start, span),
            SourceMap::Offset(offset) => {
                Span::new(offset + span.start as usize, offset + span.end as usize)
            }
            SourceMap::Elements(elements) => map_elements(elements, span),
        }
    }

    /// The text of a span of the script.
    pub fn slice(&self, span: Span) -> &str {
        span.text(&self.text)
    }

    /// Every simple command, nested ones included.
    pub fn commands(&self) -> impl Iterator<Item = &shell::Command> {
        self.script.commands.iter()
    }
}

fn map_elements(elements: &[Element], span: Span) -> Span {
    let start = span.start as usize;
    let end = span.end as usize;
    let containing = |offset: usize| {
        elements
            .iter()
            .find(|element| element.value.start <= offset && offset <= element.value.end)
    };
    let Some(first) = containing(start).or_else(|| elements.iter().find(|e| e.value.end >= start))
    else {
        return elements
            .last()
            .map_or(Span::default(), |element| element.token);
    };
    let last = containing(end).unwrap_or(first);
    // A whole element maps to its JSON string token, quotes included.
    if std::ptr::eq(first, last) && start <= first.value.start && end >= first.value.end {
        return first.token;
    }
    let source_start = if first.verbatim && start >= first.value.start {
        first.token.start as usize + 1 + (start - first.value.start)
    } else {
        first.token.start as usize
    };
    let source_end = if last.verbatim && end <= last.value.end && end >= last.value.start {
        last.token.start as usize + 1 + (end - last.value.start)
    } else {
        last.token.end as usize
    };
    Span::new(source_start, source_end.max(source_start))
}

/// The scripts of one instruction (RUN, or CMD/ENTRYPOINT/HEALTHCHECK in shell
/// form), for a POSIX shell.
pub(crate) fn build_scripts(instruction: &Instruction, source: &str) -> Vec<RunScript> {
    let command = match (instruction.kind, &instruction.args) {
        (Keyword::Run | Keyword::Cmd | Keyword::Entrypoint, Arguments::Command(command)) => command,
        (Keyword::Healthcheck, Arguments::Healthcheck(healthcheck)) => match &healthcheck.command {
            Some(command) => command,
            None => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    match command {
        Command::Shell(word) => shell_form(instruction, word, source),
        Command::Exec { elements, .. } if instruction.kind == Keyword::Run => {
            exec_form(elements, source).into_iter().collect()
        }
        Command::Exec { .. } => Vec::new(),
    }
}

fn shell_form(instruction: &Instruction, word: &Word, source: &str) -> Vec<RunScript> {
    let line = &instruction.line;
    let start = logical_start(line, word);
    let map = match line.pieces.as_slice() {
        // A line without continuations maps by a constant shift: no copy of its pieces.
        [(0, source)] => SourceMap::Offset(*source as usize + start),
        _ => SourceMap::Line {
            // Only the pieces are needed to map offsets; the text is `word.text`.
            line: LogicalLine {
                text: String::new(),
                pieces: line.pieces.clone(),
            },
            start,
        },
    };
    let command_line = RunScript::new(word.text.clone(), ScriptOrigin::ShellForm, map);
    if instruction.heredocs.is_empty() || instruction.kind != Keyword::Run {
        return vec![command_line];
    }
    // `RUN <<EOF`: BuildKit runs the first heredoc's body as the script.
    if command_line
        .script
        .commands
        .iter()
        .all(|command| command.words.is_empty())
    {
        return instruction
            .heredocs
            .first()
            .and_then(|heredoc| heredoc_script(heredoc, 0, source))
            .into_iter()
            .collect();
    }
    // Otherwise heredocs are data, except those fed to a shell's stdin (`bash <<EOF`).
    let mut used = vec![false; instruction.heredocs.len()];
    let mut scripts = Vec::new();
    for command in &command_line.script.commands {
        let reads_stdin_script = is_stdin_shell(command, &command_line.text);
        for redirect in &command.redirects {
            let Some(body) = &redirect.heredoc else {
                continue;
            };
            let found = instruction
                .heredocs
                .iter()
                .enumerate()
                .find(|(index, heredoc)| {
                    !used.get(*index).copied().unwrap_or(true) && heredoc.name == body.delimiter
                });
            let Some((index, heredoc)) = found else {
                continue;
            };
            if let Some(slot) = used.get_mut(index) {
                *slot = true;
            }
            if reads_stdin_script && matches!(redirect.fd, None | Some(0)) {
                scripts.extend(heredoc_script(heredoc, index, source));
            }
        }
    }
    scripts.insert(0, command_line);
    scripts
}

/// `bash` / `sh -e` with no script file or `-c`: it reads its script from stdin.
fn is_stdin_shell(command: &shell::Command, text: &str) -> bool {
    let effective = command.effective(text);
    let Some(name) = effective.name(text) else {
        return false;
    };
    POSIX_SHELLS.contains(&name.as_ref())
        && shell::shell_c_script(command, text).is_none()
        && effective.args().iter().all(|word| {
            word.literal(text)
                .is_some_and(|arg| arg.starts_with('-') && !arg.contains('c'))
        })
}

/// The body of `heredoc` as a shell script; `None` when its interpreter line
/// names something else (`#!/usr/bin/env python3`) or it is empty.
fn heredoc_script(heredoc: &Heredoc, index: usize, source: &str) -> Option<RunScript> {
    let body = heredoc.body.text(source);
    if body.is_empty() {
        return None;
    }
    if let Some(interpreter) = body.lines().next().and_then(|line| line.strip_prefix("#!")) {
        let mut words = interpreter.split_whitespace();
        let mut program = basename(words.next().unwrap_or(""));
        if program == "env" {
            program = words
                .find(|word| !word.starts_with('-') && !word.contains('='))
                .map_or("", basename);
        }
        if !POSIX_SHELLS.contains(&program) {
            return None;
        }
    }
    let origin = ScriptOrigin::Heredoc { index };
    let start = heredoc.body.start as usize;
    if !heredoc.chomp {
        return Some(RunScript::new(
            body.to_string(),
            origin,
            SourceMap::Offset(start),
        ));
    }
    // `<<-`: leading tabs are stripped from every line.
    let mut line = LogicalLine::default();
    let mut offset = start;
    for raw in body.split_inclusive('\n') {
        let tabs = raw.len() - raw.trim_start_matches('\t').len();
        line.push_piece(raw.get(tabs..).unwrap_or(""), offset + tabs);
        offset += raw.len();
    }
    Some(RunScript::new(
        line.text.clone(),
        origin,
        SourceMap::Line { line, start: 0 },
    ))
}

/// The exec-form argv rendered as one shell command, each element quoted
/// when needed, so `["bash","-c","..."]` gets its inner script analysed.
fn exec_form(elements: &[Word], source: &str) -> Option<RunScript> {
    if elements.is_empty() {
        return None;
    }
    let mut text = String::new();
    let mut map = Vec::with_capacity(elements.len());
    for element in elements {
        if !text.is_empty() {
            text.push(' ');
        }
        let value = element.text.as_str();
        let plain = !value.is_empty()
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_./=:,@%+-".contains(&b));
        let source_verbatim = element
            .span
            .text(source)
            .get(1..element.span.len().saturating_sub(1))
            == Some(value);
        let value_range;
        let verbatim;
        if plain {
            value_range = text.len()..text.len() + value.len();
            text.push_str(value);
            verbatim = source_verbatim;
        } else if !value.contains('\'') {
            text.push('\'');
            value_range = text.len()..text.len() + value.len();
            text.push_str(value);
            text.push('\'');
            verbatim = source_verbatim;
        } else {
            let start = text.len();
            text.push('\'');
            text.push_str(&value.replace('\'', "'\\''"));
            text.push('\'');
            value_range = start..text.len();
            verbatim = false;
        }
        map.push(Element {
            value: value_range,
            token: element.span,
            verbatim,
        });
    }
    Some(RunScript::new(
        text,
        ScriptOrigin::ExecForm,
        SourceMap::Elements(map),
    ))
}

/// The offset of `word` in `line.text` (the word is a slice of it).
fn logical_start(line: &LogicalLine, word: &Word) -> usize {
    let target = word.span.start as usize;
    let len = line.text.len();
    let mut pieces = line.pieces.iter().peekable();
    while let Some(&(logical, source)) = pieces.next() {
        let piece_end = pieces.peek().map_or(len, |next| next.0 as usize);
        let piece_len = piece_end.saturating_sub(logical as usize);
        let (logical, source) = (logical as usize, source as usize);
        if source <= target && target < source + piece_len.max(1) {
            let candidate = logical + (target - source);
            if line.text.get(candidate..candidate + word.text.len()) == Some(word.text.as_str()) {
                return candidate;
            }
        }
    }
    // Fall back on the text itself: the command is the end of the line.
    len.saturating_sub(word.text.len())
}
