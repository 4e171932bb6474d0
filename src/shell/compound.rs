//! Pipeline elements: compound commands (`if`, loops, `case`, groups,
//! subshells, functions, `[[ ]]`), parsed shallowly but completely enough to
//! find every simple command inside them with its context.

use std::ops::Range;

use super::ast::{Nesting, Pipeline, PipelineCommands, Word, WordPart, WordParts, index_u32};
use super::parser::{MAX_DEPTH, Parser, Slot, Stop, is_blank, is_name, is_word_end};
use crate::span::Span;

impl Parser<'_> {
    /// One pipeline element; returns the index of the simple command it was, if any.
    pub(super) fn parse_command(&mut self, nesting: Nesting, slot: Slot) -> Option<usize> {
        let no_keyword_at = self.no_keyword_at.take();
        self.skip_blanks();
        let deeper = Nesting {
            depth: nesting.depth.saturating_add(1),
            ..nesting
        };
        let too_deep = nesting.depth >= MAX_DEPTH;
        if self.peek() == Some(b'(') {
            if self.peek_at(1) == Some(b'(') {
                self.skip_arithmetic(2, nesting);
            } else if too_deep {
                self.skip_too_deep();
            } else {
                let start = self.pos;
                self.pos += 1;
                self.parse_until_close_paren(Nesting {
                    in_subshell: true,
                    scope: Some(start as u32),
                    ..deeper
                });
            }
            self.parse_trailing_redirects(nesting);
            return None;
        }
        let keyword = match no_keyword_at {
            Some(offset) if offset == self.pos => None,
            _ => self.peek_keyword(),
        };
        if let Some((word, span)) = keyword
            && !too_deep
        {
            match word {
                "if" | "while" | "until" | "for" | "select" | "case" | "{" | "function" => {
                    self.pos = span.end as usize;
                    self.parse_compound(word, deeper);
                    self.parse_trailing_redirects(nesting);
                    return None;
                }
                "[[" => return self.parse_test_command(nesting, slot),
                "!" => {}
                _ => {
                    self.error(span, format!("unexpected `{}`", span.text(self.text)));
                    return None;
                }
            }
        }
        // `name() body` is recognised once its first word is read (see `at_function_parens`).
        self.parse_simple_command(nesting, slot)
    }

    /// Whether `word`, just read at the start of a command, is the name of a
    /// function definition: a plain name followed by `()`.
    pub(super) fn at_function_parens(&self, word: &Word, nesting: Nesting) -> bool {
        nesting.depth < MAX_DEPTH
            && self.is_function_parens_after(self.pos)
            && is_name(word.raw(self.text))
    }

    /// After a function's name: `()`, then the body.
    pub(super) fn parse_function_definition(&mut self, nesting: Nesting) {
        self.skip_function_parens();
        self.skip_linebreaks();
        self.parse_function_body(Nesting {
            depth: nesting.depth.saturating_add(1),
            ..nesting
        });
    }

    pub(super) fn is_function_parens_after(&self, mut offset: usize) -> bool {
        let at = |offset: usize| {
            self.bytes
                .get(offset)
                .copied()
                .filter(|_| offset < self.end)
        };
        while at(offset).is_some_and(is_blank) {
            offset += 1;
        }
        if at(offset) != Some(b'(') {
            return false;
        }
        offset += 1;
        while at(offset).is_some_and(is_blank) {
            offset += 1;
        }
        at(offset) == Some(b')')
    }

    pub(super) fn skip_function_parens(&mut self) {
        while let Some(byte) = self.peek() {
            self.pos += 1;
            if byte == b')' {
                break;
            }
        }
    }

    /// Consumes the expected closing keyword, or records what is missing.
    pub(super) fn expect_keyword(
        &mut self,
        stop: Stop,
        expected: &[&'static str],
    ) -> Option<&'static str> {
        if let Stop::Keyword(span) = stop {
            let word = span.text(self.text);
            if let Some(found) = expected.iter().find(|candidate| **candidate == word) {
                self.pos = span.end as usize;
                return Some(found);
            }
        }
        let list = expected
            .iter()
            .map(|word| format!("`{word}`"))
            .collect::<Vec<_>>()
            .join(" or ");
        self.error(Span::empty_at(self.pos), format!("expected {list}"));
        None
    }

    pub(super) fn parse_compound(&mut self, keyword: &str, nesting: Nesting) {
        match keyword {
            "if" => loop {
                let stop = self.parse_list(nesting);
                if self.expect_keyword(stop, &["then"]).is_none() {
                    return;
                }
                let stop = self.parse_list(nesting);
                match self.expect_keyword(stop, &["elif", "else", "fi"]) {
                    Some("elif") => continue,
                    Some("else") => {
                        let stop = self.parse_list(nesting);
                        self.expect_keyword(stop, &["fi"]);
                        return;
                    }
                    _ => return,
                }
            },
            "while" | "until" => {
                let stop = self.parse_list(nesting);
                if self.expect_keyword(stop, &["do"]).is_some() {
                    self.parse_do_body(nesting);
                }
            }
            "for" | "select" => self.parse_for(nesting),
            "case" => self.parse_case(nesting),
            "{" => {
                let stop = self.parse_list(nesting);
                self.expect_keyword(stop, &["}"]);
            }
            _ => self.parse_function_keyword(nesting),
        }
    }

    fn parse_do_body(&mut self, nesting: Nesting) {
        let stop = self.parse_list(nesting);
        self.expect_keyword(stop, &["done"]);
    }

    /// `for name [in words];` / `for ((...));` then `do list done`.
    fn parse_for(&mut self, nesting: Nesting) {
        self.skip_blanks();
        if self.starts_with("((") {
            self.skip_arithmetic(2, nesting);
        } else {
            self.parse_word(nesting);
            self.skip_linebreaks();
            if let Some(("in", span)) = self.peek_plain_word() {
                self.pos = span.end as usize;
                loop {
                    self.skip_blanks();
                    match self.peek() {
                        None | Some(b'\n' | b';') => break,
                        Some(byte) if is_word_end(byte) => {
                            self.error(
                                Span::new(self.pos, self.pos + 1),
                                "unexpected operator in `for` list",
                            );
                            self.pos += 1;
                        }
                        Some(_) => {
                            self.parse_word(nesting);
                        }
                    }
                }
            }
        }
        self.skip_blanks();
        if self.peek() == Some(b';') {
            self.pos += 1;
        }
        self.skip_linebreaks();
        match self.peek_plain_word() {
            Some(("do", span)) => {
                self.pos = span.end as usize;
                self.parse_do_body(nesting);
            }
            Some(("{", span)) => {
                self.pos = span.end as usize;
                self.parse_compound("{", nesting);
            }
            _ => self.error(Span::empty_at(self.pos), "expected `do`"),
        }
    }

    /// `case word in [(]pattern[|pattern]) list ;; ... esac`
    fn parse_case(&mut self, nesting: Nesting) {
        self.skip_blanks();
        self.parse_word(nesting);
        self.skip_linebreaks();
        match self.peek_plain_word() {
            Some(("in", span)) => self.pos = span.end as usize,
            _ => {
                self.error(Span::empty_at(self.pos), "expected `in`");
                return;
            }
        }
        loop {
            self.skip_linebreaks();
            match self.peek_plain_word() {
                Some(("esac", span)) => {
                    self.pos = span.end as usize;
                    return;
                }
                None if self.peek().is_none() => {
                    self.error(Span::empty_at(self.pos), "expected `esac`");
                    return;
                }
                _ => {}
            }
            if self.peek() == Some(b'(') {
                self.pos += 1;
            }
            loop {
                self.skip_blanks();
                match self.peek() {
                    Some(b')') => {
                        self.pos += 1;
                        break;
                    }
                    Some(b'|') => self.pos += 1,
                    Some(byte) if !is_word_end(byte) => {
                        self.parse_word(nesting);
                    }
                    _ => {
                        self.error(
                            Span::empty_at(self.pos),
                            "expected `)` after a case pattern",
                        );
                        return;
                    }
                }
            }
            match self.parse_list(nesting) {
                Stop::CaseSeparator => {
                    self.pos += if self.starts_with(";;&") { 3 } else { 2 };
                }
                Stop::Keyword(span) if span.text(self.text) == "esac" => {
                    self.pos = span.end as usize;
                    return;
                }
                _ => {
                    self.error(Span::empty_at(self.pos), "expected `;;` or `esac`");
                    return;
                }
            }
        }
    }

    /// After `function`: the name, optional `()`, then the body.
    fn parse_function_keyword(&mut self, nesting: Nesting) {
        self.skip_blanks();
        self.parse_word(nesting);
        self.skip_blanks();
        if self.is_function_parens_after(self.pos) {
            self.skip_function_parens();
        }
        self.skip_linebreaks();
        self.parse_function_body(nesting);
    }

    /// The body of a function definition: its own pipeline (the definition
    /// itself runs nothing where it stands).
    fn parse_function_body(&mut self, nesting: Nesting) {
        let index = self.pipelines.len();
        self.pipelines.push(Pipeline {
            span: Span::empty_at(self.pos),
            negated: false,
            connector: None,
            len: 0,
            commands: PipelineCommands::new(),
            pipes: Vec::new(),
            nesting,
        });
        let slot = Slot {
            pipeline: index_u32(index),
            index_in_pipeline: 0,
            connector: None,
            negated: false,
        };
        let start = self.pos;
        let command = self.parse_command(nesting, slot);
        if let Some(pipeline) = self.pipelines.get_mut(index) {
            pipeline.span = Span::new(start, self.pos.max(start));
            pipeline.len = u32::from(self.pos > start);
            pipeline.commands = command.into_iter().collect();
        }
    }

    /// Redirections after a compound command: parsed for their nested commands and heredocs.
    pub(super) fn parse_trailing_redirects(&mut self, nesting: Nesting) {
        loop {
            self.skip_blanks();
            if !self.at_redirect() {
                return;
            }
            self.parse_redirect(nesting, None);
        }
    }

    /// Assignments, words and redirections up to a list or pipe operator.
    pub(super) fn parse_simple_command(&mut self, nesting: Nesting, slot: Slot) -> Option<usize> {
        let index = self.reserve_command(nesting, slot);
        let mut assignments = Vec::new();
        // This command's words go on top of the script's words (commands
        // nested in them push theirs above and move them out when finished).
        let words_start = self.words.len();
        let mut redirects = Vec::new();
        loop {
            self.skip_blanks();
            let Some(byte) = self.peek() else { break };
            match byte {
                b'\n' | b';' | b'|' | b')' => break,
                b'&' if !self.starts_with("&>") => break,
                b'#' => self.skip_comment(),
                b'(' => {
                    let start = self.pos;
                    self.pos += 1;
                    self.error(Span::new(start, self.pos), "unexpected `(`");
                }
                _ if self.at_redirect() => {
                    let slot = Some((index, redirects.len()));
                    redirects.push(self.parse_redirect(nesting, slot));
                }
                _ => {
                    let first_word = self.words.len() == words_start;
                    self.push_word(nesting);
                    let Some(word) = self.words.last() else {
                        continue;
                    };
                    let starts_command =
                        first_word && assignments.is_empty() && redirects.is_empty();
                    if starts_command && self.at_function_parens(word, nesting) {
                        // `name() body` defines a function: it is no command.
                        self.words.pop();
                        self.abandon_command(index);
                        self.parse_function_definition(nesting);
                        return None;
                    }
                    if first_word && let Some(equals) = self.assignment_equals(word) {
                        if let Some(word) = self.words.pop() {
                            assignments.push(self.assignment(&word, equals, nesting));
                        }
                    } else if !first_word
                        && self.peek() == Some(b'(')
                        && word.raw(self.text).ends_with('=')
                        && self.is_declaration(self.words.get(words_start))
                        && let Some(word) = self.words.pop()
                    {
                        // `export NAME=(a b)`: declaration builtins take array values.
                        let array = self.parse_array(nesting);
                        let mut parts = word.parts;
                        parts.append(array.parts);
                        self.words.push(Word {
                            span: word.span.cover(array.span),
                            parts,
                        });
                    }
                }
            }
        }
        let no_words = self.words.len() <= words_start;
        if assignments.is_empty() && no_words && redirects.is_empty() {
            self.abandon_command(index);
            return None;
        }
        let words = self.take_command_words(index, words_start);
        self.finish_command(index, assignments, words, redirects);
        Some(index)
    }

    /// Ends the reading of the command at `index` (see
    /// [`Self::reserve_command`]), which pushed its words on `words` from
    /// `words_start`, and returns their range: in `words`, where they already
    /// are, or in `nested_words` for a command nested in another's words.
    pub(super) fn take_command_words(&mut self, index: usize, words_start: usize) -> Range<usize> {
        self.commands_in_progress = self.commands_in_progress.saturating_sub(1);
        let from = words_start.min(self.words.len());
        if self.commands_in_progress == 0 {
            return from..self.words.len();
        }
        let start = self.nested_words.len();
        self.nested_words.extend(self.words.drain(from..));
        self.nested_commands.push(index);
        start..self.nested_words.len()
    }

    /// Ends the reading of the command at `index`, which turned out to be
    /// none (nothing in it, or a function definition), and drops it.
    pub(super) fn abandon_command(&mut self, index: usize) {
        self.commands_in_progress = self.commands_in_progress.saturating_sub(1);
        if index + 1 == self.commands.len() {
            self.commands.pop();
        }
    }

    /// `[[ ... ]]`: one simple command whose words include its operators.
    pub(super) fn parse_test_command(&mut self, nesting: Nesting, slot: Slot) -> Option<usize> {
        let index = self.reserve_command(nesting, slot);
        // Pushed on the script's words, as a simple command's words are.
        let words_start = self.words.len();
        loop {
            self.skip_blanks();
            let start = self.pos;
            match self.peek() {
                None | Some(b'\n') => {
                    self.error(Span::empty_at(self.pos), "expected `]]`");
                    break;
                }
                Some(b'&' | b'|' | b'<' | b'>' | b'(' | b')' | b';') => {
                    self.pos += 1;
                    if matches!(self.peek(), Some(b'&' | b'|')) {
                        self.pos += 1;
                    }
                    let span = Span::new(start, self.pos);
                    self.words.push(Word {
                        span,
                        parts: WordParts::one(WordPart::Literal(span)),
                    });
                }
                Some(_) => {
                    let word = self.parse_word(nesting);
                    let closing = word.raw(self.text) == "]]";
                    self.words.push(word);
                    if closing {
                        break;
                    }
                }
            }
        }
        let words = self.take_command_words(index, words_start);
        self.finish_command(index, Vec::new(), words, Vec::new());
        Some(index)
    }
}
