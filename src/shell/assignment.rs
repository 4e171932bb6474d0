//! `NAME=value` words in assignment position, and array values `NAME=(a b)`.

use super::ast::{Assignment, Nesting, Word, WordPart, WordParts};
use super::parser::{Parser, is_name, is_word_end};
use crate::span::Span;

impl Parser<'_> {
    /// Whether `word`, in assignment position, is `NAME=value` or
    /// `NAME+=value`: the offset of its `=` in the word and whether it appends.
    pub(super) fn assignment_equals(&self, word: &Word) -> Option<(usize, bool)> {
        let Some(WordPart::Literal(first)) = word.parts.first() else {
            return None;
        };
        let first_text = first.text(self.text);
        // A byte scan: first words are short, the generic searcher costs more.
        let equals = first_text.bytes().position(|byte| byte == b'=')?;
        let (name, append) = match first_text.get(..equals)? {
            name if name.ends_with('+') => (name.get(..name.len() - 1)?, true),
            name => (name, false),
        };
        is_name(name).then_some((equals, append))
    }

    /// The assignment `word` is, given its [`Self::assignment_equals`]
    /// (arrays `NAME=(...)` are read here too).
    pub(super) fn assignment(
        &mut self,
        word: &Word,
        (equals, append): (usize, bool),
        nesting: Nesting,
    ) -> Assignment {
        // The name starts the first part, a literal (see `assignment_equals`).
        let name_start = word
            .parts
            .first()
            .map_or(word.span.start, |first| first.span().start) as usize;
        let name_end = name_start + equals - usize::from(append);
        let value_start = name_start + equals + 1;
        let mut value_parts = WordParts::new();
        if let Some(WordPart::Literal(first)) = word.parts.first()
            && value_start < first.end as usize
        {
            value_parts.push(WordPart::Literal(Span::new(
                value_start,
                first.end as usize,
            )));
        }
        value_parts.extend(word.parts.iter().skip(1).cloned());
        let mut value = Word {
            span: Span::new(value_start, word.span.end as usize),
            parts: value_parts,
        };
        if value.parts.is_empty() && self.peek() == Some(b'(') {
            value = self.parse_array(nesting);
        }
        Assignment {
            name: self
                .text
                .get(name_start..name_end)
                .unwrap_or("")
                .to_string(),
            name_span: Span::new(name_start, name_end),
            span: word.span.cover(value.span),
            value,
            append,
        }
    }

    /// `(a b c)` after `NAME=`: one word; its parts are the elements' when any expands.
    pub(super) fn parse_array(&mut self, nesting: Nesting) -> Word {
        let start = self.pos;
        self.pos += 1;
        let mut parts = WordParts::new();
        loop {
            self.skip_linebreaks();
            match self.peek() {
                None => {
                    self.error(Span::new(start, start + 1), "unclosed array `(`");
                    break;
                }
                Some(b')') => {
                    self.pos += 1;
                    break;
                }
                Some(byte) if is_word_end(byte) => {
                    self.error(
                        Span::new(self.pos, self.pos + 1),
                        "unexpected operator in array",
                    );
                    self.pos += 1;
                }
                Some(_) => parts.append(self.parse_word(nesting).parts),
            }
        }
        let span = Span::new(start, self.pos);
        if !parts.iter().any(WordPart::is_expansion) {
            parts = WordParts::one(WordPart::Literal(span));
        }
        Word { span, parts }
    }
}
