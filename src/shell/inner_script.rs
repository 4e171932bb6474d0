//! `sh -c '...'` / `bash -lc "..."`: the inner script is parsed too and its
//! commands join the outer script's, with ranges mapped back through the
//! quote removal; plus the final reordering of commands into source order.

use std::sync::Arc;

use super::ast::{
    Command, CommandWords, Nesting, ParseError, Pipeline, Redirect, Script, Word, WordPart,
    index_u32,
};
use super::command::{EffectiveCommand, SetOption, read_set_options};
use super::packages::FoundPackageCommand;
use super::parser::{MAX_DEPTH, Parser};
use super::scratch::Scratch;
use super::word::Unquoted;
use crate::span::Span;

/// The POSIX-style shells: they run `-c` scripts and read scripts from stdin.
pub const POSIX_SHELLS: [&str; 7] = ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];

/// Whether [`shell_c_script`] can find a script in a command named `name`:
/// the parser asks once per command, so most commands skip the lookup.
pub(super) fn runs_inner_script(name: &str) -> bool {
    POSIX_SHELLS.contains(&name) || matches!(name, "su" | "runuser" | "busybox")
}

/// The `-c` script argument of a shell invocation (`sh`, `bash`, ..., `busybox sh`,
/// `su -c`), if this command is one.
pub fn shell_c_script<'c>(command: &'c Command, script: &str) -> Option<&'c Word> {
    shell_c_script_of(&command.effective(script), script)
}

/// [`shell_c_script`] of a command seen through its wrappers.
fn shell_c_script_of<'c>(effective: &EffectiveCommand<'c>, script: &str) -> Option<&'c Word> {
    let name = effective.name(script)?;
    let mut args = effective.args();
    if name == "su" || name == "runuser" {
        return su_command(args, script);
    }
    if name == "busybox" {
        let applet = args.first()?.literal(script)?;
        if applet != "sh" && applet != "ash" {
            return None;
        }
        args = args.get(1..)?;
    } else if !POSIX_SHELLS.contains(&name.as_ref()) {
        return None;
    }
    let mut has_c = false;
    let mut skip_next = false;
    for word in args {
        if skip_next {
            skip_next = false;
            continue;
        }
        let Some(text) = word.literal(script) else {
            return has_c.then_some(word);
        };
        if text == "--" {
            continue;
        }
        if let Some(long) = text.strip_prefix("--") {
            skip_next = matches!(long, "rcfile" | "init-file");
            continue;
        }
        if let Some(letters) = text
            .strip_prefix(['-', '+'])
            .filter(|rest| !rest.is_empty())
        {
            has_c |= text.starts_with('-') && letters.contains('c');
            skip_next = letters.contains(['o', 'O']);
            continue;
        }
        return has_c.then_some(word);
    }
    None
}

/// The options a shell wrapper sets for its `-c` script (`bash -eo pipefail -c ...`).
pub fn shell_c_options(command: &Command, script: &str) -> Vec<SetOption> {
    let Some(script_word) = shell_c_script(command, script) else {
        return Vec::new();
    };
    let effective = command.effective(script);
    let args = effective.args();
    let before_script = args
        .iter()
        .position(|word| word.span == script_word.span)
        .and_then(|end| args.get(..end))
        .unwrap_or(&[]);
    let first_option = before_script
        .iter()
        .position(|word| word.raw(script).starts_with(['-', '+']))
        .unwrap_or(before_script.len());
    read_set_options(before_script.get(first_option..).unwrap_or(&[]), script)
}

/// `su [options] [user] -c CMD`: the word after `-c` / `--command`.
fn su_command<'c>(args: &'c [Word], script: &str) -> Option<&'c Word> {
    let position = args.iter().position(|word| {
        word.literal(script)
            .is_some_and(|text| text == "-c" || text == "--command")
    })?;
    args.get(position + 1)
}

/// What a parse produced, before the commands are given their words (see
/// [`Parser::into_parts`]).
pub(super) struct ParsedParts {
    pub commands: Vec<Command>,
    pub pipelines: Vec<Pipeline>,
    pub errors: Vec<ParseError>,
    /// The words every command's range indexes.
    pub words: Vec<Word>,
    /// The package-manager commands, by ascending index.
    pub package_commands: Vec<FoundPackageCommand>,
}

impl Parser<'_> {
    /// If the command at `index` is `sh -c SCRIPT`, parses SCRIPT and appends its commands.
    pub(super) fn unwrap_shell_command(&mut self, index: usize) {
        let Some(command) = self.commands.get(index) else {
            return;
        };
        if command.nesting.depth >= MAX_DEPTH || !command.peeled.may_run_script() {
            return;
        }
        let words = self
            .finished_words()
            .get(command.words.bounds())
            .unwrap_or(&[]);
        let Some(unquoted) = shell_c_script_of(&command.effective_in(words, self.text), self.text)
            .and_then(|word| word.unquote(self.text, true))
        else {
            return;
        };
        let outer = command.nesting;
        let nesting = Nesting {
            shell_wrapper: None,
            scope: None,
            depth: outer.depth.saturating_add(1),
            ..outer
        };
        let mut inner = Parser::new(&unquoted.text);
        inner.parse_all(nesting);
        let inner = inner.into_parts();
        self.append_inner(inner, &unquoted, index);
    }

    fn append_inner(&mut self, inner: ParsedParts, unquoted: &Unquoted, wrapper: usize) {
        let command_base = self.commands.len();
        let pipeline_base = self.pipelines.len();
        // The inner commands' words go where this command's are.
        let nested = self.commands_in_progress > 0;
        let words_base = self.finished_words().len();
        let map = |span: Span| unquoted.to_script_span(span);
        let rebase_nesting = |nesting: &mut Nesting| {
            nesting.shell_wrapper = Some(match nesting.shell_wrapper {
                Some(inner_wrapper) => index_u32(inner_wrapper as usize + command_base),
                None => index_u32(wrapper),
            });
            nesting.scope = nesting
                .scope
                .map(|scope| map(Span::empty_at(scope as usize)).start);
        };
        let all_words = self.finished_words_mut();
        for mut word in inner.words {
            map_word(&mut word, &map);
            all_words.push(word);
        }
        for mut command in inner.commands {
            map_command(&mut command, &map);
            let bounds = command.words.bounds();
            command.words = CommandWords::range(bounds.start + words_base, bounds.end + words_base);
            let words = self
                .finished_words()
                .get(command.words.bounds())
                .unwrap_or(&[]);
            // Word values are read from this script's text from now on.
            command.peeled.peel(words, self.text);
            command.pipeline = index_u32(command.pipeline as usize + pipeline_base);
            rebase_nesting(&mut command.nesting);
            // Judged on this script's text, as `package_invocations` will.
            let index = self.commands.len();
            if let Some(found) =
                super::packages::found_package_command(&command, words, self.text, index)
            {
                self.package_commands.push(found);
            }
            if nested {
                self.nested_commands.push(index);
            }
            self.commands.push(command);
        }
        for mut pipeline in inner.pipelines {
            pipeline.span = map(pipeline.span);
            for pipe in &mut pipeline.pipes {
                *pipe = map(*pipe);
            }
            for command in &mut pipeline.commands {
                *command += command_base;
            }
            rebase_nesting(&mut pipeline.nesting);
            self.pipelines.push(pipeline);
        }
        for mut error in inner.errors {
            error.span = map(error.span);
            error.message = format!("in the `-c` script: {}", error.message);
            self.errors.push(error);
        }
    }

    pub(super) fn into_script(self) -> Script {
        self.into_script_and_packages().0
    }

    /// The script, and its package-manager commands (by ascending index).
    pub(super) fn into_script_and_packages(self) -> (Script, Vec<FoundPackageCommand>) {
        let ParsedParts {
            mut commands,
            pipelines,
            errors,
            words,
            package_commands,
        } = self.into_parts();
        let words = Arc::new(words);
        for command in &mut commands {
            command.words.attach(&words);
        }
        let script = Script {
            commands,
            pipelines,
            errors,
        };
        (script, package_commands)
    }

    /// The parse's results in source order; the working stacks go back for the next parse.
    pub(super) fn into_parts(mut self) -> ParsedParts {
        // The nested commands' words go after the others, and their ranges with them.
        if !self.nested_words.is_empty() {
            let base = self.words.len();
            for &index in &self.nested_commands {
                if let Some(command) = self.commands.get_mut(index) {
                    let bounds = command.words.bounds();
                    command.words = CommandWords::range(bounds.start + base, bounds.end + base);
                }
            }
            self.words.append(&mut self.nested_words);
        }
        Scratch {
            nested_words: self.nested_words,
            part_stack: self.part_stack,
        }
        .give_back();
        let mut parts = ParsedParts {
            commands: self.commands,
            pipelines: self.pipelines,
            errors: self.errors,
            words: self.words,
            package_commands: self.package_commands,
        };
        if let Some(new_index) = sort_into_source_order(&mut parts) {
            for found in &mut parts.package_commands {
                found.index = new_index.get(found.index).copied().unwrap_or(found.index);
            }
        }
        parts
            .package_commands
            .sort_unstable_by_key(|found| found.index);
        parts
    }
}

/// Maps a command's ranges, except its words' (they are mapped where they are stored).
fn map_command(command: &mut Command, map: &impl Fn(Span) -> Span) {
    command.span = map(command.span);
    for assignment in &mut command.assignments {
        assignment.span = map(assignment.span);
        assignment.name_span = map(assignment.name_span);
        map_word(&mut assignment.value, map);
    }
    for redirect in &mut command.redirects {
        map_redirect(redirect, map);
    }
}

fn map_redirect(redirect: &mut Redirect, map: &impl Fn(Span) -> Span) {
    redirect.span = map(redirect.span);
    redirect.op_span = map(redirect.op_span);
    if let Some(target) = &mut redirect.target {
        map_word(target, map);
    }
    if let Some(heredoc) = &mut redirect.heredoc {
        heredoc.body = heredoc.body.map(map);
        heredoc.terminator = heredoc.terminator.map(map);
    }
}

fn map_word(word: &mut Word, map: &impl Fn(Span) -> Span) {
    word.span = map(word.span);
    map_parts(&mut word.parts, map);
}

fn map_parts(parts: &mut [WordPart], map: &impl Fn(Span) -> Span) {
    for part in parts {
        match part {
            WordPart::Literal(span)
            | WordPart::Escaped(span)
            | WordPart::LineContinuation(span)
            | WordPart::SingleQuoted(span)
            | WordPart::AnsiCQuoted(span)
            | WordPart::Arithmetic(span)
            | WordPart::ProcessSubstitution(span)
            | WordPart::CommandSubstitution { span, .. } => *span = map(*span),
            WordPart::Parameter { span, name } => {
                *span = map(*span);
                *name = map(*name);
            }
            WordPart::DoubleQuoted { span, parts } => {
                *span = map(*span);
                map_parts(parts, map);
            }
        }
    }
}

/// Commands and pipelines are created in parse order, which is source order
/// except where an inner `sh -c` script was appended before later siblings.
/// Returns each old command index's new index when commands were reordered.
fn sort_into_source_order(script: &mut ParsedParts) -> Option<Vec<usize>> {
    let command_order = source_order(script.commands.iter().map(|command| command.span.start));
    let pipeline_order = source_order(script.pipelines.iter().map(|pipeline| pipeline.span.start));
    let mut command_renumbering = None;
    if let Some((order, new_index)) = command_order {
        script.commands = take_in_order(std::mem::take(&mut script.commands), &order);
        let renumber =
            |index: &mut usize| *index = new_index.get(*index).copied().unwrap_or(*index);
        let renumber_u32 = |index: &mut u32| {
            if let Some(&new) = new_index.get(*index as usize) {
                *index = index_u32(new);
            }
        };
        for command in &mut script.commands {
            if let Some(wrapper) = &mut command.nesting.shell_wrapper {
                renumber_u32(wrapper);
            }
        }
        for pipeline in &mut script.pipelines {
            pipeline.commands.iter_mut().for_each(renumber);
            if let Some(wrapper) = &mut pipeline.nesting.shell_wrapper {
                renumber_u32(wrapper);
            }
        }
        command_renumbering = Some(new_index);
    }
    if let Some((order, new_index)) = pipeline_order {
        script.pipelines = take_in_order(std::mem::take(&mut script.pipelines), &order);
        for command in &mut script.commands {
            if let Some(&new) = new_index.get(command.pipeline as usize) {
                command.pipeline = index_u32(new);
            }
        }
    }
    command_renumbering
}

/// `None` when already sorted; otherwise the stable sorted order of old
/// indexes and, for each old index, its new index.
fn source_order(starts: impl Iterator<Item = u32> + Clone) -> Option<(Vec<usize>, Vec<usize>)> {
    // The usual case, checked without allocating.
    if starts.clone().is_sorted() {
        return None;
    }
    let starts: Vec<u32> = starts.collect();
    let mut order: Vec<usize> = (0..starts.len()).collect();
    order.sort_by_key(|&index| (starts.get(index).copied(), index));
    let mut new_index = vec![0; starts.len()];
    for (new, &old) in order.iter().enumerate() {
        if let Some(slot) = new_index.get_mut(old) {
            *slot = new;
        }
    }
    Some((order, new_index))
}

fn take_in_order<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|&index| slots.get_mut(index).and_then(Option::take))
        .collect()
}
