//! Words and what lives inside them: quotes, escapes, `$` expansions,
//! substitutions (parsed recursively for their commands), redirections and
//! heredoc bodies.

use super::ast::{Nesting, Word, WordPart, WordParts};
use super::parser::{MAX_DEPTH, Parser, is_word_end, take_from};
use crate::span::Span;

/// Bytes with no meaning inside an unquoted word (most of any word): the
/// lexer skips runs of them without dispatching on each.
pub(super) static PLAIN_IN_WORD: [bool; 256] = byte_table(b" \t\r\n;&|<>()\\'\"`$");

/// Bytes with no meaning inside double quotes.
static PLAIN_IN_DOUBLE_QUOTES: [bool; 256] = byte_table(b"\"\\`$");

/// A table that is true for every byte except those of `special`.
const fn byte_table(special: &[u8]) -> [bool; 256] {
    let mut table = [true; 256];
    let mut index = 0;
    while index < special.len() {
        table[special[index] as usize] = false;
        index += 1;
    }
    table
}

fn deeper(nesting: Nesting) -> Nesting {
    Nesting {
        depth: nesting.depth.saturating_add(1),
        ..nesting
    }
}

/// The nesting inside a substitution that starts at `start`.
fn substitution(nesting: Nesting, start: usize) -> Nesting {
    Nesting {
        in_substitution: true,
        scope: Some(start as u32),
        ..deeper(nesting)
    }
}

impl Parser<'_> {
    fn flush_literal(parts: &mut WordParts, start: usize, end: usize) {
        if end > start {
            parts.push(WordPart::Literal(Span::new(start, end)));
        }
    }

    /// [`Self::flush_literal`] inside double quotes.
    fn flush_quoted_literal(parts: &mut Vec<WordPart>, start: usize, end: usize) {
        if end > start {
            parts.push(WordPart::Literal(Span::new(start, end)));
        }
    }

    /// One word starting at the cursor (which must not be at a word end).
    pub(super) fn parse_word(&mut self, nesting: Nesting) -> Word {
        let start = self.pos;
        if let Some(end) = self.plain_word_end() {
            // Most words are plain text: one literal part, no loop below.
            self.pos = end;
            let span = Span::new(start, end);
            return Word {
                span,
                parts: WordParts::one(WordPart::Literal(span)),
            };
        }
        self.parse_word_of_parts(nesting)
    }

    /// [`Self::parse_word`] onto `words`. The usual plain word is
    /// filled in place there, after the push: a `Word` built first is kept
    /// on the stack across the push's growth check and copied on whole right
    /// after its field stores, a store-forwarding stall per word.
    pub(super) fn push_word(&mut self, nesting: Nesting) {
        let start = self.pos;
        if let Some(end) = self.plain_word_end() {
            self.pos = end;
            let span = Span::new(start, end);
            self.words.push(Word::PLACEHOLDER);
            if let Some(word) = self.words.last_mut() {
                word.span = span;
                word.parts = WordParts::one(WordPart::Literal(span));
            }
            return;
        }
        let word = self.parse_word_of_parts(nesting);
        self.words.push(word);
    }

    /// [`Self::parse_word`] for a word that is not plain text throughout.
    #[inline(never)]
    fn parse_word_of_parts(&mut self, nesting: Nesting) -> Word {
        let start = self.pos;
        let mut parts = WordParts::new();
        if self.starts_with("<(") || self.starts_with(">(") {
            parts.push(self.parse_process_substitution(nesting));
        }
        let mut literal_start = self.pos;
        loop {
            self.skip_bytes_in(&PLAIN_IN_WORD);
            let Some(byte) = self.peek() else {
                break;
            };
            if byte == b'('
                && self.pos > literal_start
                && matches!(
                    self.bytes.get(self.pos - 1),
                    Some(b'?' | b'*' | b'+' | b'@' | b'!')
                )
            {
                // Extended glob `@(a|b)`: literal text up to the matching `)`.
                self.skip_balanced_parens();
                continue;
            }
            if is_word_end(byte) {
                break;
            }
            let part_start = self.pos;
            match byte {
                b'\\' => {
                    Self::flush_literal(&mut parts, literal_start, part_start);
                    match self.peek_at(1) {
                        _ if let Some(len) = self.line_continuation_len() => {
                            self.pos += len;
                            parts.push(WordPart::LineContinuation(Span::new(part_start, self.pos)));
                        }
                        Some(_) => {
                            self.pos += 1 + self.char_len_at(self.pos + 1);
                            parts.push(WordPart::Escaped(Span::new(part_start, self.pos)));
                        }
                        None => {
                            self.pos += 1;
                            parts.push(WordPart::Literal(Span::new(part_start, self.pos)));
                        }
                    }
                }
                b'\'' => {
                    Self::flush_literal(&mut parts, literal_start, part_start);
                    parts.push(self.parse_single_quoted());
                }
                b'"' => {
                    Self::flush_literal(&mut parts, literal_start, part_start);
                    parts.push(self.parse_double_quoted(nesting, 1));
                }
                b'`' => {
                    Self::flush_literal(&mut parts, literal_start, part_start);
                    parts.push(self.parse_backquoted(nesting));
                }
                b'$' => {
                    Self::flush_literal(&mut parts, literal_start, part_start);
                    parts.push(self.parse_dollar(nesting, false));
                }
                _ => {
                    self.pos += 1;
                    continue;
                }
            }
            literal_start = self.pos;
        }
        Self::flush_literal(&mut parts, literal_start, self.pos);
        Word {
            span: Span::new(start, self.pos),
            parts,
        }
    }

    /// The end of the word at the cursor when it is plain text throughout
    /// (what [`Self::parse_word`] reads as a single literal part). Inlined:
    /// it runs for every word.
    #[inline]
    fn plain_word_end(&self) -> Option<usize> {
        let rest = self.bytes.get(self.pos..)?;
        let len = rest
            .iter()
            .position(|&byte| !PLAIN_IN_WORD[usize::from(byte)])
            .unwrap_or(rest.len());
        if len == 0 {
            return None;
        }
        let ends_word = match rest.get(len) {
            None => true,
            // `@(a|b)`: an extended glob goes on (see `parse_word`).
            Some(b'(') => !matches!(rest.get(len - 1), Some(b'?' | b'*' | b'+' | b'@' | b'!')),
            Some(&byte) => is_word_end(byte),
        };
        ends_word.then_some(self.pos + len)
    }

    /// Moves the cursor over bytes `table` marks, up to the parse end.
    fn skip_bytes_in(&mut self, table: &[bool; 256]) {
        let rest = self.bytes.get(self.pos..self.end).unwrap_or(&[]);
        self.pos += rest
            .iter()
            .position(|&byte| !table[usize::from(byte)])
            .unwrap_or(rest.len());
    }

    /// Moves the cursor over the letters, digits and `_` of a parameter name.
    fn skip_name_bytes(&mut self) {
        let rest = self.bytes.get(self.pos..self.end).unwrap_or(&[]);
        self.pos += rest
            .iter()
            .position(|&byte| !(byte.is_ascii_alphanumeric() || byte == b'_'))
            .unwrap_or(rest.len());
    }

    /// Byte length of the character starting at `offset` (1 for invalid positions).
    fn char_len_at(&self, offset: usize) -> usize {
        self.text
            .get(offset..)
            .and_then(|rest| rest.chars().next())
            .map_or(1, char::len_utf8)
    }

    fn parse_single_quoted(&mut self) -> WordPart {
        let start = self.pos;
        self.pos += 1;
        // Nothing is special inside but the closing quote: search for it.
        let rest = self.bytes.get(self.pos..self.end).unwrap_or(&[]);
        if let Some(close) = rest.iter().position(|&byte| byte == b'\'') {
            self.pos += close + 1;
            return WordPart::SingleQuoted(Span::new(start, self.pos));
        }
        self.pos = self.end.max(self.pos);
        self.error(Span::new(start, start + 1), "unterminated single quote");
        WordPart::SingleQuoted(Span::new(start, self.pos))
    }

    /// `$'...'` with backslash escapes.
    fn parse_ansi_c_quoted(&mut self) -> WordPart {
        let start = self.pos;
        self.pos += 2;
        while let Some(byte) = self.peek() {
            match byte {
                b'\\' => self.pos = (self.pos + 2).min(self.end),
                b'\'' => {
                    self.pos += 1;
                    return WordPart::AnsiCQuoted(Span::new(start, self.pos));
                }
                _ => self.pos += 1,
            }
        }
        self.error(Span::new(start, start + 2), "unterminated `$'` quote");
        WordPart::AnsiCQuoted(Span::new(start, self.pos))
    }

    /// `"..."` (`prefix_len` 1) or `$"..."` (2).
    fn parse_double_quoted(&mut self, nesting: Nesting, prefix_len: usize) -> WordPart {
        let start = self.pos;
        self.pos += prefix_len;
        // The parts go on the shared stack (strings nested in substitutions
        // push and pop theirs above), then move into one exact allocation.
        let parts_start = self.part_stack.len();
        let mut literal_start = self.pos;
        loop {
            self.skip_bytes_in(&PLAIN_IN_DOUBLE_QUOTES);
            let Some(byte) = self.peek() else {
                Self::flush_quoted_literal(&mut self.part_stack, literal_start, self.pos);
                self.error(
                    Span::new(start, start + prefix_len),
                    "unterminated double quote",
                );
                break;
            };
            let part_start = self.pos;
            match byte {
                b'"' => {
                    Self::flush_quoted_literal(&mut self.part_stack, literal_start, part_start);
                    self.pos += 1;
                    break;
                }
                b'\\' => match self.peek_at(1) {
                    Some(b'$' | b'`' | b'"' | b'\\') => {
                        Self::flush_quoted_literal(&mut self.part_stack, literal_start, part_start);
                        self.pos += 2;
                        self.part_stack
                            .push(WordPart::Escaped(Span::new(part_start, self.pos)));
                        literal_start = self.pos;
                    }
                    _ if let Some(len) = self.line_continuation_len() => {
                        Self::flush_quoted_literal(&mut self.part_stack, literal_start, part_start);
                        self.pos += len;
                        self.part_stack
                            .push(WordPart::LineContinuation(Span::new(part_start, self.pos)));
                        literal_start = self.pos;
                    }
                    // Any other backslash is literal; the next byte is read normally.
                    _ => self.pos += 1,
                },
                b'$' => {
                    Self::flush_quoted_literal(&mut self.part_stack, literal_start, part_start);
                    let part = self.parse_dollar(nesting, true);
                    self.part_stack.push(part);
                    literal_start = self.pos;
                }
                b'`' => {
                    Self::flush_quoted_literal(&mut self.part_stack, literal_start, part_start);
                    let part = self.parse_backquoted(nesting);
                    self.part_stack.push(part);
                    literal_start = self.pos;
                }
                _ => self.pos += 1,
            }
        }
        WordPart::DoubleQuoted {
            span: Span::new(start, self.pos),
            parts: take_from(&mut self.part_stack, parts_start),
        }
    }

    /// Everything that starts with `$`; a `$` that starts nothing is literal.
    pub(super) fn parse_dollar(&mut self, nesting: Nesting, in_double_quotes: bool) -> WordPart {
        let start = self.pos;
        match self.peek_at(1) {
            Some(b'(') if self.peek_at(2) == Some(b'(') => {
                self.pos += 3;
                self.skip_arithmetic_body(start, nesting);
                WordPart::Arithmetic(Span::new(start, self.pos))
            }
            Some(b'(') => {
                self.pos += 1;
                if nesting.depth >= MAX_DEPTH {
                    self.skip_too_deep();
                } else {
                    self.pos += 1;
                    self.parse_until_close_paren(substitution(nesting, start));
                }
                WordPart::CommandSubstitution {
                    span: Span::new(start, self.pos),
                    backquoted: false,
                }
            }
            Some(b'{') => self.parse_braced_parameter(nesting, in_double_quotes),
            Some(b'\'') if !in_double_quotes => self.parse_ansi_c_quoted(),
            Some(b'"') if !in_double_quotes => self.parse_double_quoted(nesting, 2),
            Some(b'[') => {
                self.pos += 2;
                while let Some(byte) = self.peek() {
                    self.pos += 1;
                    if byte == b']' {
                        break;
                    }
                }
                WordPart::Arithmetic(Span::new(start, self.pos))
            }
            Some(byte) if byte.is_ascii_alphabetic() || byte == b'_' => {
                self.pos += 1;
                self.skip_name_bytes();
                self.parameter(start, start + 1)
            }
            Some(byte) if byte.is_ascii_digit() || b"@*#?-$!".contains(&byte) => {
                self.pos += 2;
                self.parameter(start, start + 1)
            }
            _ => {
                self.pos += 1;
                WordPart::Literal(Span::new(start, self.pos))
            }
        }
    }

    fn parameter(&self, start: usize, name_start: usize) -> WordPart {
        WordPart::Parameter {
            span: Span::new(start, self.pos),
            name: Span::new(name_start, self.pos),
        }
    }

    /// `${...}`, including substitutions nested in its operand.
    fn parse_braced_parameter(&mut self, nesting: Nesting, in_double_quotes: bool) -> WordPart {
        let start = self.pos;
        self.pos += 2;
        if matches!(self.peek(), Some(b'#' | b'!'))
            && self
                .peek_at(1)
                .is_some_and(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
        {
            self.pos += 1;
        }
        let name_start = self.pos;
        match self.peek() {
            Some(byte) if byte.is_ascii_alphabetic() || byte == b'_' => self.skip_name_bytes(),
            Some(byte) if byte.is_ascii_digit() => {
                while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                    self.pos += 1;
                }
            }
            Some(byte) if b"@*#?-$!".contains(&byte) => self.pos += 1,
            _ => {}
        }
        let name = Span::new(name_start, self.pos);
        let inner = deeper(nesting);
        loop {
            let Some(byte) = self.peek() else {
                self.error(Span::new(start, start + 2), "unterminated `${`");
                break;
            };
            match byte {
                b'}' => {
                    self.pos += 1;
                    break;
                }
                b'\\' => self.pos = (self.pos + 2).min(self.end),
                _ if nesting.depth >= MAX_DEPTH => self.pos += 1,
                b'\'' if !in_double_quotes => {
                    self.parse_single_quoted();
                }
                b'"' => {
                    self.parse_double_quoted(inner, 1);
                }
                b'$' => {
                    self.parse_dollar(inner, in_double_quotes);
                }
                b'`' => {
                    self.parse_backquoted(inner);
                }
                _ => self.pos += 1,
            }
        }
        WordPart::Parameter {
            span: Span::new(start, self.pos),
            name,
        }
    }

    /// `` `...` ``: the inside is parsed in place, bounded by the closing backquote.
    pub(super) fn parse_backquoted(&mut self, nesting: Nesting) -> WordPart {
        let start = self.pos;
        let mut close = None;
        let mut offset = start + 1;
        while offset < self.end {
            match self.bytes.get(offset) {
                Some(b'\\') => offset += 2,
                Some(b'`') => {
                    close = Some(offset);
                    break;
                }
                _ => offset += 1,
            }
        }
        let inner_end = match close {
            Some(close) => close,
            None => {
                self.error(Span::new(start, start + 1), "unterminated backquote");
                self.end
            }
        };
        if nesting.depth >= MAX_DEPTH {
            self.error(Span::new(start, start + 1), "nesting too deep: skipped");
        } else {
            let saved_end = self.end;
            self.set_end(inner_end);
            self.pos = start + 1;
            self.parse_all(substitution(nesting, start));
            self.set_end(saved_end);
        }
        self.pos = close.map_or(inner_end, |close| close + 1);
        WordPart::CommandSubstitution {
            span: Span::new(start, self.pos),
            backquoted: true,
        }
    }

    /// `<(...)` or `>(...)` at the cursor.
    fn parse_process_substitution(&mut self, nesting: Nesting) -> WordPart {
        let start = self.pos;
        self.pos += 1;
        if nesting.depth >= MAX_DEPTH {
            self.skip_too_deep();
        } else {
            self.pos += 1;
            self.parse_until_close_paren(substitution(nesting, start));
        }
        WordPart::ProcessSubstitution(Span::new(start, self.pos))
    }

    /// `((` / `for ((` at the cursor: reads to the matching `))`.
    pub(super) fn skip_arithmetic(&mut self, open_len: usize, nesting: Nesting) {
        let start = self.pos;
        self.pos += open_len;
        self.skip_arithmetic_body(start, nesting);
    }

    /// After the opening `((`: reads to just past the matching `))`; the
    /// expansions inside (`$(nproc)`, `${#a}`) are parsed for their commands.
    fn skip_arithmetic_body(&mut self, start: usize, nesting: Nesting) {
        let inner = deeper(nesting);
        let parse_expansions = nesting.depth < MAX_DEPTH;
        let mut depth = 0usize;
        while let Some(byte) = self.peek() {
            match byte {
                b'$' if parse_expansions => {
                    self.parse_dollar(inner, true);
                    continue;
                }
                b'`' if parse_expansions => {
                    self.parse_backquoted(inner);
                    continue;
                }
                _ => {}
            }
            self.pos += 1;
            match byte {
                b'(' => depth += 1,
                b')' if depth == 0 => {
                    if self.peek() == Some(b')') {
                        self.pos += 1;
                    }
                    return;
                }
                b')' => depth -= 1,
                _ => {}
            }
        }
        self.error(
            Span::new(start, (start + 2).min(self.pos)),
            "unterminated arithmetic `((`",
        );
    }

    /// Skips a parenthesised region at the cursor without parsing it (used
    /// past [`MAX_DEPTH`] and for extended globs), quotes respected.
    pub(super) fn skip_balanced_parens(&mut self) {
        let mut depth = 0usize;
        while let Some(byte) = self.peek() {
            match byte {
                b'\\' => self.pos = (self.pos + 2).min(self.end),
                b'\'' | b'"' => {
                    self.pos += 1;
                    while let Some(inner) = self.peek() {
                        self.pos += 1;
                        if inner == byte {
                            break;
                        }
                        if inner == b'\\' && byte == b'"' {
                            self.pos = (self.pos + 1).min(self.end);
                        }
                    }
                }
                b'(' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' => {
                    self.pos += 1;
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    pub(super) fn skip_too_deep(&mut self) {
        let start = self.pos;
        self.skip_balanced_parens();
        self.error(
            Span::new(start, (start + 1).min(self.pos)),
            format!("nesting deeper than {MAX_DEPTH} levels: skipped"),
        );
    }
}
