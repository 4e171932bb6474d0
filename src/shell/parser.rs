//! Recursive-descent parser for lists, pipelines, compound and simple commands.
//!
//! Error tolerant: every loop either consumes input or returns to a caller
//! that does, unexpected tokens are recorded and skipped, and recursion is
//! capped at [`MAX_DEPTH`] (deeper constructs are skipped as text), so any
//! input parses in linear time without panicking.

use super::ast::{
    Command, CommandWords, Connector, Nesting, ParseError, Pipeline, PipelineCommands, Redirect,
    Word, WordPart, index_u32,
};
use super::command::Peeled;
use super::lexer::PLAIN_IN_WORD;
use super::scratch::Scratch;
use crate::span::Span;

/// Deepest nesting of substitutions, subshells and compound commands parsed as
/// such. Chosen so a debug build stays within 1 MiB of stack (half a default
/// thread stack); real scripts rarely nest beyond 5.
pub const MAX_DEPTH: u16 = 128;

/// Why a list stopped (the stopping token is not consumed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    End,
    /// A closing reserved word (`then`, `fi`, `done`, `}`, ...) at command position.
    Keyword(Span),
    CloseParen,
    /// `;;`, `;&` or `;;&`.
    CaseSeparator,
}

/// Script bytes per simple command, about (53 on average in the corpus):
/// sizes the parser's first allocations. Guessing fewer (32) reserved nearly
/// twice the commands needed, and these large blocks are slow to allocate and free.
const BYTES_PER_COMMAND: usize = 48;

/// Script bytes per word, about (17 on average). Measured: more room (12,
/// 8) made dropping the scripts slower than the copies it saved.
const BYTES_PER_WORD: usize = 16;

/// Commands room for even the shortest script (`cd x && make && make
/// install` is 3 commands in 30 bytes): growing from 1 would reallocate twice.
const MIN_COMMANDS: usize = 4;

/// Reserved words that end a list when they appear at command position.
const CLOSING_WORDS: [&str; 8] = ["then", "elif", "else", "fi", "do", "done", "esac", "}"];

pub(super) struct PendingHeredoc {
    pub delimiter: String,
    pub strip_tabs: bool,
    /// An unquoted delimiter: the body is expanded, so substitutions in it run.
    pub expands: bool,
    pub nesting: Nesting,
    /// `(command index, redirect index)` of the redirect to fill in.
    pub slot: Option<(usize, usize)>,
}

pub(super) struct Parser<'a> {
    pub text: &'a str,
    /// The bytes of `text` up to `end` (so one bounds check keeps reads before `end`).
    pub bytes: &'a [u8],
    pub pos: usize,
    /// Parsing never reads at or past this offset (backquoted substitutions
    /// narrow it): change it with [`Parser::set_end`].
    pub end: usize,
    pub commands: Vec<Command>,
    /// The words of every command, each command's contiguous (see
    /// [`CommandWords`]). Commands push their words here as they read them;
    /// a command finished while another's words are still being read (one
    /// nested in a substitution) moves its words to `nested_words`, so the
    /// outer command's words stay contiguous without being copied.
    pub words: Vec<Word>,
    pub pipelines: Vec<Pipeline>,
    pub errors: Vec<ParseError>,
    pub pending_heredocs: Vec<PendingHeredoc>,
    /// The package-manager commands, identified while each command is fresh
    /// in cache (a later pass over a long script's commands is dominated by
    /// cache misses).
    pub package_commands: Vec<super::packages::FoundPackageCommand>,
    /// The words of the commands listed in `nested_commands`, appended to
    /// `words` when the parse ends.
    pub nested_words: Vec<Word>,
    /// Indexes of the commands whose word ranges index `nested_words`.
    pub nested_commands: Vec<usize>,
    /// Simple commands whose words are being read (the outermost's words
    /// and those of the commands nested in them are on top of `words`).
    pub commands_in_progress: u32,
    /// Parts of the double-quoted strings being parsed, innermost last (see
    /// `parse_double_quoted`).
    pub part_stack: Vec<WordPart>,
    /// An offset where `parse_list` just found no reserved word, so the
    /// `parse_command` right after it at the same place need not look again.
    /// (Only the offset: copying the lookup's result here stalled on store
    /// forwarding, and the usual command is no reserved word.)
    pub no_keyword_at: Option<usize>,
}

/// Where the pipeline element being parsed goes.
#[derive(Clone, Copy)]
pub(super) struct Slot {
    pub pipeline: u32,
    pub index_in_pipeline: u32,
    pub connector: Option<Connector>,
    pub negated: bool,
}

pub(super) fn is_blank(byte: u8) -> bool {
    byte == b' ' || byte == b'\t' || byte == b'\r'
}

/// Bytes that end an unquoted word.
pub(super) fn is_word_end(byte: u8) -> bool {
    matches!(
        byte,
        b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'
    )
}

pub(super) fn is_name(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == b'_')
        && bytes.all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
}

/// Moves `stack[start..]` into a vector of its own, allocated to size, by a
/// block copy (`drain(..).collect()` moves element by element; `split_off(0)`
/// would hand the whole stack buffer over and allocate the stack a new one).
pub(super) fn take_from<T>(stack: &mut Vec<T>, start: usize) -> Vec<T> {
    if start == 0 {
        let mut taken = Vec::with_capacity(stack.len());
        taken.append(stack);
        taken
    } else {
        stack.split_off(start.min(stack.len()))
    }
}

/// The range covered by `items`, which are in source order (each starts and
/// ends after the one before), so their first and last are enough.
fn extent<T>(items: &[T], span: impl Fn(&T) -> Span) -> Option<Span> {
    Some(span(items.first()?).cover(span(items.last()?)))
}

/// The range covering both, when there is any.
fn cover_both(first: Option<Span>, second: Option<Span>) -> Option<Span> {
    match (first, second) {
        (Some(first), Some(second)) => Some(first.cover(second)),
        (first, second) => first.or(second),
    }
}

impl<'a> Parser<'a> {
    pub fn new(text: &'a str) -> Parser<'a> {
        let Scratch {
            nested_words,
            part_stack,
        } = Scratch::take();
        // Growing the command and pipeline lists step by step costs a
        // reallocation and copy each time: start from a guess that holds
        // typical scripts whole.
        let expected_commands = text.len() / BYTES_PER_COMMAND + MIN_COMMANDS;
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            end: text.len(),
            commands: Vec::with_capacity(expected_commands),
            words: Vec::with_capacity(text.len() / BYTES_PER_WORD + MIN_COMMANDS),
            pipelines: Vec::with_capacity(expected_commands),
            errors: Vec::new(),
            pending_heredocs: Vec::new(),
            package_commands: Vec::new(),
            nested_words,
            nested_commands: Vec::new(),
            commands_in_progress: 0,
            part_stack,
            no_keyword_at: None,
        }
    }

    pub fn peek(&self) -> Option<u8> {
        self.peek_at(0)
    }

    pub fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    /// Moves the parse end (and the readable `bytes` with it).
    pub fn set_end(&mut self, end: usize) {
        self.end = end;
        let all = self.text.as_bytes();
        self.bytes = all.get(..end).unwrap_or(all);
    }

    pub fn starts_with(&self, token: &str) -> bool {
        self.bytes
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(token.as_bytes()))
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(ParseError {
            span,
            message: message.into(),
        });
    }

    /// The length of a backslash-newline at the cursor (a CRLF line break
    /// counts too: scripts from CRLF files should not break apart on it).
    pub fn line_continuation_len(&self) -> Option<usize> {
        match (self.peek(), self.peek_at(1), self.peek_at(2)) {
            (Some(b'\\'), Some(b'\n'), _) => Some(2),
            (Some(b'\\'), Some(b'\r'), Some(b'\n')) => Some(3),
            _ => None,
        }
    }

    /// Skips blanks and backslash-newline continuations.
    pub fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(byte) if is_blank(byte) => self.pos += 1,
                Some(b'\\') if let Some(len) = self.line_continuation_len() => self.pos += len,
                _ => return,
            }
        }
    }

    /// Skips a `#` comment up to (not including) the line break.
    pub fn skip_comment(&mut self) {
        if self.peek() == Some(b'#') {
            while let Some(byte) = self.peek() {
                if byte == b'\n' {
                    break;
                }
                self.pos += 1;
            }
        }
    }

    /// Skips blanks, comments and line breaks (reading pending heredoc bodies).
    pub fn skip_linebreaks(&mut self) {
        loop {
            self.skip_blanks();
            self.skip_comment();
            if self.peek() == Some(b'\n') {
                self.newline();
            } else {
                return;
            }
        }
    }

    /// The unquoted plain word at the cursor, if it is delimited like a reserved word.
    pub(super) fn peek_plain_word(&self) -> Option<(&'a str, Span)> {
        let text: &'a str = self.text;
        let start = self.pos;
        let rest = self.bytes.get(start..)?;
        // The run of bytes with no meaning in a word must end at a word end:
        // a quote, escape or expansion makes the word no plain one.
        let len = rest
            .iter()
            .position(|&byte| !PLAIN_IN_WORD[usize::from(byte)])
            .unwrap_or(rest.len());
        if rest.get(len).is_some_and(|&byte| !is_word_end(byte)) {
            return None;
        }
        let end = start + len;
        (end > start).then(|| (text.get(start..end).unwrap_or(""), Span::new(start, end)))
    }

    pub(super) fn peek_keyword(&self) -> Option<(&'a str, Span)> {
        // Called for every command: reject on the first byte before scanning the word.
        let first = self.peek()?;
        if !matches!(
            first,
            b'i' | b't'
                | b'e'
                | b'f'
                | b'd'
                | b'c'
                | b'w'
                | b'u'
                | b's'
                | b'{'
                | b'}'
                | b'['
                | b'!'
        ) {
            return None;
        }
        let (word, span) = self.peek_plain_word()?;
        let is_keyword = matches!(
            word,
            "if" | "then"
                | "elif"
                | "else"
                | "fi"
                | "do"
                | "done"
                | "case"
                | "esac"
                | "while"
                | "until"
                | "for"
                | "select"
                | "function"
                | "{"
                | "}"
                | "[["
                | "!"
        );
        is_keyword.then_some((word, span))
    }

    /// Parses a whole script (or a backquoted substitution's inside), never stopping early.
    pub fn parse_all(&mut self, nesting: Nesting) {
        loop {
            match self.parse_list(nesting) {
                Stop::End => return,
                stop => self.skip_unexpected(stop),
            }
        }
    }

    /// Records and consumes a token that no enclosing construct expected.
    pub(super) fn skip_unexpected(&mut self, stop: Stop) {
        let span = match stop {
            Stop::End => return,
            Stop::Keyword(span) => span,
            Stop::CloseParen => Span::new(self.pos, self.pos + 1),
            Stop::CaseSeparator => {
                let len = if self.starts_with(";;&") { 3 } else { 2 };
                Span::new(self.pos, self.pos + len)
            }
        };
        let token = span.text(self.text).to_string();
        self.error(span, format!("unexpected `{token}`"));
        self.pos = (span.end as usize).max(self.pos + 1).min(self.end);
    }

    /// Parses commands up to the end of input or a token closing an enclosing construct.
    pub fn parse_list(&mut self, nesting: Nesting) -> Stop {
        let mut connector: Option<Connector> = None;
        let mut started = false;
        loop {
            self.skip_blanks();
            self.skip_comment();
            let Some(byte) = self.peek() else {
                return Stop::End;
            };
            let operator_start = self.pos;
            match byte {
                b'\n' => {
                    self.newline();
                    if started && connector.is_none() {
                        connector = Some(Connector::Newline);
                    }
                    continue;
                }
                b')' => return Stop::CloseParen,
                b';' if self.starts_with(";;") || self.starts_with(";&") => {
                    return Stop::CaseSeparator;
                }
                b';' => {
                    self.pos += 1;
                    self.list_operator(
                        &mut connector,
                        started,
                        Connector::Semicolon,
                        operator_start,
                    );
                    continue;
                }
                b'&' if self.starts_with("&&") => {
                    self.pos += 2;
                    self.list_operator(&mut connector, started, Connector::And, operator_start);
                    self.skip_linebreaks();
                    continue;
                }
                b'&' if !self.starts_with("&>") => {
                    self.pos += 1;
                    self.list_operator(
                        &mut connector,
                        started,
                        Connector::Background,
                        operator_start,
                    );
                    continue;
                }
                b'|' if self.starts_with("||") => {
                    self.pos += 2;
                    self.list_operator(&mut connector, started, Connector::Or, operator_start);
                    self.skip_linebreaks();
                    continue;
                }
                b'|' => {
                    self.pos += if self.starts_with("|&") { 2 } else { 1 };
                    self.error(
                        Span::new(operator_start, self.pos),
                        "pipe without a command before it",
                    );
                    continue;
                }
                _ => {}
            }
            let keyword = self.peek_keyword();
            if let Some((word, span)) = keyword
                && CLOSING_WORDS.contains(&word)
            {
                return Stop::Keyword(span);
            }
            self.no_keyword_at = keyword.is_none().then_some(self.pos);
            if started && connector.is_none() {
                self.error(
                    Span::empty_at(self.pos),
                    "expected an operator between commands",
                );
            }
            let before = self.pos;
            self.parse_pipeline(nesting, connector.take());
            started = true;
            if self.pos == before {
                // Nothing could be parsed here: skip one byte so the loop advances.
                self.error(Span::new(before, before + 1), "unexpected character");
                self.pos += 1;
            }
        }
    }

    pub(super) fn list_operator(
        &mut self,
        connector: &mut Option<Connector>,
        started: bool,
        operator: Connector,
        start: usize,
    ) {
        let newline_only = matches!(connector, None | Some(Connector::Newline));
        if !started || !newline_only {
            self.error(
                Span::new(start, self.pos),
                format!("`{}` without a command before it", operator.as_str()),
            );
        }
        *connector = Some(operator);
    }

    pub(super) fn parse_pipeline(&mut self, nesting: Nesting, connector: Option<Connector>) {
        let start = self.pos;
        let mut negated = false;
        // `!` alone as a word (what `peek_plain_word` would return as "!").
        if self.peek() == Some(b'!') && self.peek_at(1).is_none_or(is_word_end) {
            negated = true;
            self.pos += 1;
            self.skip_blanks();
        }
        let index = self.pipelines.len();
        // Written in place (see `reserve_command`).
        self.pipelines.resize_with(index + 1, || Pipeline {
            span: Span::empty_at(start),
            negated,
            connector,
            len: 0,
            commands: PipelineCommands::new(),
            pipes: Vec::new(),
            nesting,
        });
        let mut len = 0;
        let mut members = PipelineCommands::new();
        let mut pipes = Vec::new();
        let mut element_connector = connector;
        let mut end = self.pos;
        loop {
            let slot = Slot {
                pipeline: index_u32(index),
                index_in_pipeline: index_u32(len),
                connector: element_connector,
                negated,
            };
            let before = self.pos;
            if let Some(command) = self.parse_command(nesting, slot) {
                members.push(command);
            }
            if self.pos > before {
                len += 1;
                end = self.pos;
            }
            self.skip_blanks();
            if self.peek() == Some(b'|') && !self.starts_with("||") {
                let pipe_start = self.pos;
                let stderr = self.starts_with("|&");
                self.pos += if stderr { 2 } else { 1 };
                pipes.push(Span::new(pipe_start, self.pos));
                element_connector = Some(if stderr {
                    Connector::PipeStderr
                } else {
                    Connector::Pipe
                });
                self.skip_linebreaks();
                if matches!(self.peek(), None | Some(b')' | b';' | b'&' | b'|')) {
                    self.error(
                        Span::new(pipe_start, self.pos),
                        "pipe without a command after it",
                    );
                    break;
                }
                continue;
            }
            break;
        }
        if len == 0 && index + 1 == self.pipelines.len() {
            self.pipelines.pop();
            return;
        }
        for &command in &members {
            if let Some(command) = self.commands.get_mut(command) {
                command.pipeline_len = index_u32(len);
            }
        }
        if let Some(pipeline) = self.pipelines.get_mut(index) {
            pipeline.span = Span::new(start, end.max(start));
            pipeline.len = index_u32(len);
            pipeline.commands = members;
            pipeline.pipes = pipes;
        }
    }

    /// After `(` (already consumed): a list up to the matching `)`, which is consumed.
    pub fn parse_until_close_paren(&mut self, nesting: Nesting) {
        let open = self.pos.saturating_sub(1);
        loop {
            match self.parse_list(nesting) {
                Stop::CloseParen => {
                    self.pos += 1;
                    return;
                }
                Stop::End => {
                    self.error(Span::new(open, open + 1), "unclosed `(`");
                    return;
                }
                stop => self.skip_unexpected(stop),
            }
        }
    }

    pub(super) fn is_declaration(&self, name: Option<&Word>) -> bool {
        name.is_some_and(|word| {
            matches!(
                word.raw(self.text),
                "export" | "declare" | "local" | "readonly" | "typeset"
            )
        })
    }

    /// Adds the command about to be read (its words then go on `words`).
    /// Each call is matched by [`Self::take_command_words`] or [`Self::abandon_command`].
    /// Where the words of a command that has just finished are (see
    /// `take_command_words`): set aside while an outer command's words are
    /// still being read on top of `words`.
    pub(super) fn finished_words(&self) -> &Vec<Word> {
        if self.commands_in_progress > 0 {
            &self.nested_words
        } else {
            &self.words
        }
    }

    /// [`Self::finished_words`], to append to.
    pub(super) fn finished_words_mut(&mut self) -> &mut Vec<Word> {
        if self.commands_in_progress > 0 {
            &mut self.nested_words
        } else {
            &mut self.words
        }
    }

    pub(super) fn reserve_command(&mut self, nesting: Nesting, slot: Slot) -> usize {
        self.commands_in_progress = self.commands_in_progress.saturating_add(1);
        let index = self.commands.len();
        let start = self.pos;
        // Built by a closure called once there is room, so it is written in
        // place: `push` built it on the stack first and copied it over whole
        // (a call to `memcpy` per command, stalled on store forwarding).
        self.commands.resize_with(index + 1, || Command {
            span: Span::empty_at(start),
            assignments: Vec::new(),
            words: CommandWords::default(),
            redirects: Vec::new(),
            pipeline: slot.pipeline,
            index_in_pipeline: slot.index_in_pipeline,
            pipeline_len: 1,
            connector: slot.connector,
            negated: slot.negated,
            nesting,
            peeled: Peeled::default(),
        });
        index
    }

    pub(super) fn finish_command(
        &mut self,
        index: usize,
        assignments: Vec<super::ast::Assignment>,
        words: std::ops::Range<usize>,
        redirects: Vec<Redirect>,
    ) {
        let Some(command) = self.commands.get_mut(index) else {
            return;
        };
        // `finished_words`, by fields: `command` borrows `commands` mutably.
        let all_words = if self.commands_in_progress > 0 {
            &self.nested_words
        } else {
            &self.words
        };
        let word_slice = all_words.get(words.clone()).unwrap_or(&[]);
        // Covered pairwise, not reduced from an array: the array, written
        // field by field and read back whole, stalled on store forwarding.
        let span = cover_both(
            cover_both(
                extent(&assignments, |assignment| assignment.span),
                extent(word_slice, |word| word.span),
            ),
            extent(&redirects, |redirect| redirect.span),
        );
        if let Some(span) = span {
            command.span = span;
        }
        command.assignments = assignments;
        // Built here, not by the caller: a `CommandWords` passed in was
        // written field by field and read back whole, a store-forwarding stall.
        command.words = CommandWords::range(words.start, words.end);
        command.redirects = redirects;
        command.peeled.peel(word_slice, self.text);
        if let Some(found) =
            super::packages::found_package_command(command, word_slice, self.text, index)
        {
            self.package_commands.push(found);
        }
        self.unwrap_shell_command(index);
    }
}
