//! One logical line → [`Instruction`]: keyword, flag words and the argument
//! shape of each instruction (spec §5, §6). Offsets are logical offsets into the
//! instruction's [`LogicalLine`], mapped to source spans through it.

use super::ast::{
    ArgDecl, Arguments, Command, Flag, Healthcheck, Instruction, KeyValue, Keyword, LogicalLine,
    SyntaxError, VarRef, Word,
};
use super::expand;
use super::json::{self, JsonArray, JsonString};
use super::words::{self, FlagWord};
use crate::span::{Span, Spanned};

/// Builds instructions from one logical line, collecting layer-2 errors.
pub struct Builder<'a> {
    pub line: &'a LogicalLine,
    pub escape: char,
    pub errors: &'a mut Vec<SyntaxError>,
    /// How many ONBUILD levels enclose the instruction being built.
    pub depth: usize,
}

/// `ONBUILD ONBUILD ...` is rejected later anyway; past this depth the trigger
/// is not parsed, so hostile input cannot exhaust the stack.
const MAX_ONBUILD_DEPTH: usize = 8;

impl Builder<'_> {
    fn text(&self, start: usize, end: usize) -> &str {
        self.line.text.get(start..end).unwrap_or("")
    }

    fn span(&self, start: usize, end: usize) -> Span {
        self.line.span(start, end)
    }

    fn error(&mut self, message: String, span: Span) {
        self.errors.push(SyntaxError {
            message,
            layer: 2,
            span,
        });
    }

    fn word(&self, start: usize, end: usize) -> Word {
        Word {
            text: self.text(start, end).to_string(),
            span: self.span(start, end),
            vars: Vec::new(),
        }
    }

    /// A word BuildKit expands: its variable references are located too.
    fn expanded_word(&self, start: usize, end: usize) -> Word {
        let mut word = self.word(start, end);
        word.vars = expand::references(&word.text, self.escape)
            .into_iter()
            .map(|reference| VarRef {
                span: self.span(start + reference.range.start, start + reference.range.end),
                name: reference.name,
                operator: reference.operator,
            })
            .collect();
        word
    }

    /// A JSON element as a word; references map into the token when it has no escapes.
    fn json_word(&self, base: usize, element: JsonString, expanded: bool) -> Word {
        let token = self.span(base + element.start, base + element.end);
        let inner_start = base + element.start + 1;
        let raw_inner = self.text(inner_start, (base + element.end).saturating_sub(1));
        let vars = if expanded {
            let verbatim = raw_inner == element.value;
            expand::references(&element.value, self.escape)
                .into_iter()
                .map(|reference| VarRef {
                    span: if verbatim {
                        self.span(
                            inner_start + reference.range.start,
                            inner_start + reference.range.end,
                        )
                    } else {
                        token
                    },
                    name: reference.name,
                    operator: reference.operator,
                })
                .collect()
        } else {
            Vec::new()
        };
        Word {
            text: element.value,
            span: token,
            vars,
        }
    }

    /// Parses the instruction whose text starts at logical offset `start`.
    pub fn instruction(&mut self, start: usize) -> Instruction {
        let full = self.line.text.get(start..).unwrap_or("");
        let text_start = start + (full.len() - full.trim_start().len());
        let text_end = start + full.trim_end().len();
        let body = self.text(text_start, text_end);
        let (keyword_end, rest_start) = match words::first_blank_run(body) {
            Some((run_start, run_end)) => (text_start + run_start, text_start + run_end),
            None => (text_end, text_end),
        };
        let keyword = Spanned::new(
            self.text(text_start, keyword_end).to_string(),
            self.span(text_start, keyword_end),
        );
        let rest = self.text(rest_start, text_end).to_string();
        let (flag_words, args_offset) = words::extract_flags(&rest, self.escape);
        let flags = flag_words
            .into_iter()
            .map(|word| self.flag(rest_start, word))
            .collect();
        let args_start = rest_start + args_offset.min(rest.len());
        let kind = Keyword::parse(&keyword.value);
        let args = self.arguments(kind, args_start, text_end);
        let span = self.span(text_start, text_end);
        Instruction {
            kind,
            keyword,
            span,
            full_span: span,
            flags,
            args,
            heredocs: Vec::new(),
            line: LogicalLine::default(),
            comments: Vec::new(),
        }
    }

    fn flag(&self, base: usize, word: FlagWord) -> Flag {
        let origin = |index: usize| word.origins.get(index).map_or(word.end, |o| *o) + base;
        let end = base + word.end;
        let equals = word.text.find('=');
        let name_text = word
            .text
            .get(2..equals.unwrap_or(word.text.len()))
            .unwrap_or("")
            .to_string();
        let name_start = origin(2).min(end);
        let name_end = equals.map_or(end, origin).max(name_start);
        let value = equals.map(|index| {
            let value_start = (origin(index) + 1).min(end);
            Spanned::new(
                word.text.get(index + 1..).unwrap_or("").to_string(),
                self.span(value_start, end),
            )
        });
        Flag {
            span: self.span(base + word.start, end),
            name: Spanned::new(name_text, self.span(name_start, name_end)),
            value,
            raw: word.text,
        }
    }

    fn arguments(&mut self, kind: Keyword, start: usize, end: usize) -> Arguments {
        match kind {
            Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => self
                .maybe_json(start, end)
                .map_or(Arguments::Empty, Arguments::Command),
            Keyword::Add | Keyword::Copy | Keyword::Volume => self.maybe_json_list(start, end),
            Keyword::From | Keyword::Expose => self.blank_split(kind, start, end),
            Keyword::Arg => self.arg(start, end),
            Keyword::Env | Keyword::Label => self.key_values(kind, start, end),
            Keyword::Healthcheck => self.healthcheck(start, end),
            Keyword::Maintainer | Keyword::User | Keyword::Workdir | Keyword::Stopsignal => {
                if start == end {
                    Arguments::Empty
                } else if kind == Keyword::Maintainer {
                    Arguments::Text(self.word(start, end))
                } else {
                    Arguments::Text(self.expanded_word(start, end))
                }
            }
            Keyword::Onbuild => {
                if start == end || self.depth >= MAX_ONBUILD_DEPTH {
                    Arguments::Onbuild(None)
                } else {
                    self.depth += 1;
                    let mut inner = self.instruction(start);
                    self.depth -= 1;
                    inner.line = slice_line(self.line, start);
                    Arguments::Onbuild(Some(Box::new(inner)))
                }
            }
            Keyword::Unknown => Arguments::Unknown((start < end).then(|| self.word(start, end))),
        }
    }

    /// RUN/CMD/ENTRYPOINT/SHELL and the HEALTHCHECK command: JSON form if valid, else shell form.
    fn maybe_json(&mut self, start: usize, end: usize) -> Option<Command> {
        if start >= end {
            return None;
        }
        match self.json(start, end, false) {
            Some(elements) => Some(Command::Exec {
                elements,
                span: self.span(start, end),
            }),
            None => Some(Command::Shell(self.word(start, end))),
        }
    }

    /// The JSON array at `start..end`, if it is one (a non-string element is an error
    /// and the string elements are kept).
    fn json(&mut self, start: usize, end: usize, expanded: bool) -> Option<Vec<Word>> {
        let text = self.text(start, end);
        if !text.starts_with('[') {
            return None;
        }
        let strings = match json::parse_array(text) {
            JsonArray::NotJson => return None,
            JsonArray::Strings(strings) => strings,
            JsonArray::NonString { strings, bad } => {
                let span = self.span(start + bad.0, start + bad.1);
                self.error(
                    "a JSON array form must contain only strings".to_string(),
                    span,
                );
                strings
            }
        };
        Some(
            strings
                .into_iter()
                .map(|element| self.json_word(start, element, expanded))
                .collect(),
        )
    }

    fn maybe_json_list(&mut self, start: usize, end: usize) -> Arguments {
        match self.json(start, end, true) {
            Some(words) => Arguments::Words { words, json: true },
            None => self.blank_split(Keyword::Copy, start, end),
        }
    }

    /// FROM, EXPOSE and non-JSON ADD/COPY/VOLUME: split on `[\t\v\f\r ]+`.
    fn blank_split(&self, kind: Keyword, start: usize, end: usize) -> Arguments {
        if start >= end {
            return Arguments::Empty;
        }
        let words = words::split_blank_runs(self.text(start, end))
            .into_iter()
            .enumerate()
            .map(|(index, (word_start, word_end))| {
                let (word_start, word_end) = (start + word_start, start + word_end);
                // Only the image of FROM is expanded, not `AS` and the stage name.
                if kind == Keyword::From && index > 0 {
                    self.word(word_start, word_end)
                } else {
                    self.expanded_word(word_start, word_end)
                }
            })
            .collect();
        Arguments::Words { words, json: false }
    }

    fn arg(&self, start: usize, end: usize) -> Arguments {
        let declarations: Vec<ArgDecl> =
            words::quote_aware_words(self.text(start, end), self.escape)
                .into_iter()
                .map(|(word_start, word_end)| {
                    let (word_start, word_end) = (start + word_start, start + word_end);
                    let word = self.word(word_start, word_end);
                    let equals = word.text.find('=').map(|index| word_start + index);
                    let name_end = equals.unwrap_or(word_end);
                    ArgDecl {
                        name: Spanned::new(
                            self.text(word_start, name_end).to_string(),
                            self.span(word_start, name_end),
                        ),
                        default: equals.map(|eq| self.expanded_word(eq + 1, word_end)),
                        word,
                    }
                })
                .collect();
        if declarations.is_empty() {
            Arguments::Empty
        } else {
            Arguments::Arg(declarations)
        }
    }

    fn key_values(&mut self, kind: Keyword, start: usize, end: usize) -> Arguments {
        let text = self.text(start, end).to_string();
        let words = words::quote_aware_words(&text, self.escape);
        let Some(&(first_start, first_end)) = words.first() else {
            return Arguments::Empty;
        };
        let name = kind.as_str().unwrap_or("ENV");
        if !text.get(first_start..first_end).unwrap_or("").contains('=') {
            // Legacy `ENV key value`: the value is the raw rest of the line.
            let Some((run_start, run_end)) = words::first_blank_run(&text) else {
                let span = self.span(start, end);
                self.error(
                    format!("missing value: the legacy {name} form needs a name and a value"),
                    span,
                );
                return Arguments::KeyValues(Vec::new());
            };
            return Arguments::KeyValues(vec![KeyValue {
                key: self.expanded_word(start, start + run_start),
                value: self.expanded_word(start + run_end, end),
                equals: None,
            }]);
        }
        let mut pairs = Vec::with_capacity(words.len());
        for (word_start, word_end) in words {
            let (word_start, word_end) = (start + word_start, start + word_end);
            let Some(index) = self.text(word_start, word_end).find('=') else {
                let span = self.span(word_start, word_end);
                let word = self.text(word_start, word_end).to_string();
                self.error(
                    format!(
                        "missing `=` in {word:?}: {name} arguments must have the form name=value"
                    ),
                    span,
                );
                continue;
            };
            let equals = word_start + index;
            pairs.push(KeyValue {
                key: self.expanded_word(word_start, equals),
                value: self.expanded_word(equals + 1, word_end),
                equals: Some(self.span(equals, equals + 1)),
            });
        }
        Arguments::KeyValues(pairs)
    }

    fn healthcheck(&mut self, start: usize, end: usize) -> Arguments {
        let text = self.text(start, end);
        let kind_len = text.find(char::is_whitespace).unwrap_or(text.len());
        if kind_len == 0 {
            return Arguments::Healthcheck(Healthcheck {
                kind: None,
                command: None,
            });
        }
        let after_kind = text.get(kind_len..).unwrap_or("");
        let command_start = start + kind_len + (after_kind.len() - after_kind.trim_start().len());
        let kind = self.word(start, start + kind_len);
        let command = self.maybe_json(command_start, end);
        Arguments::Healthcheck(Healthcheck {
            kind: Some(kind),
            command,
        })
    }
}

/// The part of `line` from logical offset `from` on, as its own logical line.
pub fn slice_line(line: &LogicalLine, from: usize) -> LogicalLine {
    let mut sliced = LogicalLine::default();
    let len = line.text.len();
    for (index, &(logical, source)) in line.pieces.iter().enumerate() {
        let piece_start = logical as usize;
        let piece_end = line
            .pieces
            .get(index + 1)
            .map_or(len, |next| next.0 as usize);
        if piece_end <= from {
            continue;
        }
        let skip = from.saturating_sub(piece_start);
        if let Some(text) = line.text.get(piece_start + skip..piece_end) {
            sliced.push_piece(text, source as usize + skip);
        }
    }
    sliced
}
