//! The word processor: one pass over a word that removes quotes, applies
//! escapes, expands variables and (optionally) splits words, in the order and
//! with the errors of BuildKit's `shellWord`.

use std::collections::HashSet;
use std::ops::Range;

use super::chars::{is_space, name_end};
use super::{ExpandError, ExpandFailure, Lexer, Lookup, MAX_NESTING, ProcessedWord, pattern};

/// Runs the lexer over `word`; `split` also collects the split words.
pub(super) fn process(
    lexer: &Lexer,
    word: &str,
    lookup: &Lookup,
    split: bool,
) -> Result<ProcessedWord, ExpandFailure> {
    let mut state = State {
        lexer,
        src: word,
        // Go's text/scanner skips a byte order mark at the very start.
        pos: if word.starts_with('\u{FEFF}') { 3 } else { 0 },
        lookup,
        unset: Vec::new(),
        unset_seen: HashSet::new(),
        depth: 0,
        error_range: None,
    };
    match state.process_until(None, lexer.raw_escapes, split) {
        Ok((value, words)) => Ok(ProcessedWord {
            value,
            words,
            unset: state.unset,
        }),
        Err(error) => Err(ExpandFailure {
            error,
            range: state.error_range.unwrap_or(0..word.len()),
        }),
    }
}

struct State<'a> {
    lexer: &'a Lexer,
    src: &'a str,
    pos: usize,
    lookup: &'a Lookup<'a>,
    unset: Vec<String>,
    unset_seen: HashSet<String>,
    /// Current `${...}` nesting, bounded by `MAX_NESTING`.
    depth: usize,
    /// The construct (`${...}`, quoted string) where processing failed.
    error_range: Option<Range<usize>>,
}

/// BuildKit's word splitter: whitespace from plain text and from `$` expansions
/// separates words; quoted text and escaped characters never do.
#[derive(Default)]
struct Splitter {
    enabled: bool,
    current: String,
    words: Vec<String>,
    in_word: bool,
}

impl Splitter {
    fn add_char(&mut self, ch: char) {
        if !self.enabled {
            return;
        }
        if !is_space(ch) {
            self.add_raw_char(ch);
        } else if self.in_word && !self.current.is_empty() {
            self.words.push(std::mem::take(&mut self.current));
            self.in_word = false;
        }
    }

    fn add_raw_char(&mut self, ch: char) {
        if self.enabled {
            self.current.push(ch);
            self.in_word = true;
        }
    }

    fn add_string(&mut self, text: &str) {
        if self.enabled {
            text.chars().for_each(|ch| self.add_char(ch));
        }
    }

    fn add_raw_string(&mut self, text: &str) {
        if self.enabled {
            self.current.push_str(text);
            self.in_word = true;
        }
    }

    fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() {
            self.words.push(self.current);
        }
        self.words
    }
}

impl State<'_> {
    fn peek(&self) -> Option<char> {
        self.src
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn next_char(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }

    /// Processes text until `stop` (consumed) or the end of the word.
    fn process_until(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
        split: bool,
    ) -> Result<(String, Vec<String>), ExpandError> {
        let mut result = String::new();
        let mut words = Splitter {
            enabled: split,
            ..Splitter::default()
        };
        let quotes = !self.lexer.skip_process_quotes;
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.pos += ch.len_utf8();
                return Ok((result, words.finish()));
            }
            match ch {
                '$' => {
                    let value = self.construct(Self::dollar)?;
                    result.push_str(&value);
                    words.add_string(&value);
                }
                '\'' if quotes => {
                    let value = self.construct(|state, _| state.single_quoted())?;
                    result.push_str(&value);
                    words.add_raw_string(&value);
                }
                '"' if quotes => {
                    let value = self.construct(|state, _| state.double_quoted(raw_escapes))?;
                    result.push_str(&value);
                    words.add_raw_string(&value);
                }
                _ => {
                    self.pos += ch.len_utf8();
                    if ch == self.lexer.escape {
                        if raw_escapes {
                            words.add_raw_char(ch);
                            result.push(ch);
                        }
                        // A final lone escape is dropped.
                        let Some(escaped) = self.next_char() else {
                            break;
                        };
                        words.add_raw_char(escaped);
                        result.push(escaped);
                    } else {
                        words.add_char(ch);
                        result.push(ch);
                    }
                }
            }
        }
        match stop {
            Some(expected) => Err(ExpandError::UnexpectedEnd { expected }),
            None => Ok((result, words.finish())),
        }
    }

    /// Runs the construct (`$...` or a quoted string) starting at the current
    /// position; the first error records the construct's range.
    fn construct(
        &mut self,
        body: impl FnOnce(&mut Self, usize) -> Result<String, ExpandError>,
    ) -> Result<String, ExpandError> {
        let start = self.pos;
        let result = body(self, start);
        if result.is_err() && self.error_range.is_none() {
            self.error_range = Some(start..self.pos);
        }
        result
    }

    /// Processes a nested part of the `${...}` at `start` up to `stop`; an error
    /// met at the end of the word becomes `at_end_error`, as in BuildKit.
    fn process_nested(
        &mut self,
        start: usize,
        stop: char,
        raw_escapes: bool,
        at_end_error: ExpandError,
    ) -> Result<String, ExpandError> {
        if self.depth >= MAX_NESTING {
            return Err(ExpandError::TooDeep);
        }
        self.depth += 1;
        let result = self.process_until(Some(stop), raw_escapes, false);
        self.depth -= 1;
        match result {
            Ok((value, _)) => Ok(value),
            Err(_) if self.at_end() => {
                self.error_range = Some(start..self.pos);
                Err(at_end_error)
            }
            Err(error) => Err(error),
        }
    }

    fn single_quoted(&mut self) -> Result<String, ExpandError> {
        self.pos += 1;
        let raw = self.lexer.raw_quotes;
        let mut result = String::new();
        if raw {
            result.push('\'');
        }
        loop {
            match self.next_char() {
                None => return Err(ExpandError::UnterminatedSingleQuote),
                Some('\'') => {
                    if raw {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(ch) => result.push(ch),
            }
        }
    }

    fn double_quoted(&mut self, raw_escapes: bool) -> Result<String, ExpandError> {
        self.pos += 1;
        let raw = self.lexer.raw_quotes;
        let escape = self.lexer.escape;
        let mut result = String::new();
        if raw {
            result.push('"');
        }
        loop {
            match self.peek() {
                None => return Err(ExpandError::UnterminatedDoubleQuote),
                Some('"') => {
                    self.pos += 1;
                    if raw {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.construct(Self::dollar)?;
                    result.push_str(&value);
                }
                Some(ch) => {
                    self.pos += ch.len_utf8();
                    let mut out = ch;
                    if ch == escape {
                        if raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            // Loops back to the unterminated-quote error.
                            None => continue,
                            // Only these can be escaped; before anything else the escape stays.
                            Some(next) if next == '"' || next == '$' || next == escape => {
                                self.pos += next.len_utf8();
                                out = next;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(out);
                }
            }
        }
    }

    /// Reads a variable name after `$` / `${` (see `chars::name_end`).
    fn read_name(&mut self) -> &str {
        let start = self.pos;
        self.pos = name_end(self.src, start);
        self.src.get(start..self.pos).unwrap_or("")
    }

    /// The value of `name`; when it is unset, `unset_text()` if unset
    /// references are kept, else empty.
    fn get_env_or(&mut self, name: &str, unset_text: impl FnOnce() -> String) -> String {
        match self.get_env(name) {
            Some(value) => value,
            None if self.lexer.skip_unset_env => unset_text(),
            None => String::new(),
        }
    }

    /// Looks `name` up, remembering unset names.
    fn get_env(&mut self, name: &str) -> Option<String> {
        let value = (self.lookup)(name);
        if value.is_none() && !self.unset_seen.contains(name) {
            self.unset_seen.insert(name.to_owned());
            self.unset.push(name.to_owned());
        }
        value
    }

    /// Processes `$name`, `${name}` or `${name<op>word}` at the current `$`.
    fn dollar(&mut self, start: usize) -> Result<String, ExpandError> {
        self.pos += 1;
        if self.peek() != Some('{') {
            let name = self.read_name().to_owned();
            if name.is_empty() {
                return Ok("$".to_owned());
            }
            return Ok(self.get_env_or(&name, || format!("${name}")));
        }
        self.pos += 1;
        match self.peek() {
            None => return Err(ExpandError::MissingBrace),
            Some('{' | '}' | ':') => return Err(ExpandError::BadSubstitution),
            Some(_) => {}
        }
        let name = self.read_name().to_owned();
        // BuildKit reports `${name` at the end as an unsupported modifier "\u{FFFD}"
        // (Go's EOF rune); a missing brace is the honest message.
        let Some(first) = self.next_char() else {
            return Err(ExpandError::MissingBrace);
        };
        match first {
            '}' => Ok(self.get_env_or(&name, || format!("${{{name}}}"))),
            '/' => self.substitute(start, &name),
            ':' => {
                let Some(operator) = self.next_char() else {
                    return Err(ExpandError::MissingBrace);
                };
                self.modify(start, &name, operator, true)
            }
            '+' | '-' | '?' | '#' | '%' => self.modify(start, &name, first, false),
            other => Err(ExpandError::UnsupportedModifier {
                modifier: other.to_string(),
            }),
        }
    }

    /// `${name<op>word}` and `${name:<op>word}` after the operator was read.
    fn modify(
        &mut self,
        start: usize,
        name: &str,
        operator: char,
        null_is_unset: bool,
    ) -> Result<String, ExpandError> {
        let modifier = || {
            let mut modifier = String::from(if null_is_unset { ":" } else { "" });
            modifier.push(operator);
            ExpandError::UnsupportedModifier { modifier }
        };
        // Patterns keep their escapes so the pattern syntax can see them.
        let is_pattern = operator == '#' || operator == '%';
        if null_is_unset && is_pattern {
            return Err(modifier());
        }
        let word = self.process_nested(start, '}', is_pattern, ExpandError::MissingBrace)?;
        let value = self.get_env(name);
        if value.is_none() && self.lexer.skip_unset_env {
            let colon = if null_is_unset { ":" } else { "" };
            return Ok(format!("${{{name}{colon}{operator}{word}}}"));
        }
        let empty = |value: &Option<String>| value.as_deref().is_none_or(str::is_empty);
        match operator {
            '-' => {
                if value.is_none() || (null_is_unset && empty(&value)) {
                    Ok(word)
                } else {
                    Ok(value.unwrap_or_default())
                }
            }
            '+' => {
                if value.is_none() || (null_is_unset && empty(&value)) {
                    Ok(String::new())
                } else {
                    Ok(word)
                }
            }
            '?' => {
                let default_message = match &value {
                    None => "is not allowed to be unset",
                    Some(set) if null_is_unset && set.is_empty() => "is not allowed to be empty",
                    Some(set) => return Ok(set.clone()),
                };
                let message = if word.is_empty() {
                    default_message.to_owned()
                } else {
                    word
                };
                Err(ExpandError::Required {
                    name: name.to_owned(),
                    message,
                })
            }
            '#' | '%' => {
                // A doubled operator (`##`, `%%`) asks for the longest match.
                let (pattern, greedy) = match word.strip_prefix(operator) {
                    Some(rest) => (rest, true),
                    None => (word.as_str(), false),
                };
                let value = value.unwrap_or_default();
                if operator == '%' {
                    pattern::trim_suffix(pattern, &value, greedy)
                } else {
                    pattern::trim_prefix(pattern, &value, greedy)
                }
            }
            _ => Err(modifier()),
        }
    }

    /// `${name/pattern/replacement}` and `${name//pattern/replacement}` after the first `/`.
    fn substitute(&mut self, start: usize, name: &str) -> Result<String, ExpandError> {
        let replace_all = self.peek() == Some('/');
        if replace_all {
            self.pos += 1;
        }
        let pattern = self.process_nested(start, '/', true, ExpandError::MissingSlash)?;
        let replacement = self.process_nested(start, '}', true, ExpandError::MissingBrace)?;
        let Some(value) = self.get_env(name) else {
            if self.lexer.skip_unset_env {
                // BuildKit writes a single `/` back even for `//`.
                return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
            }
            return pattern::replace(&pattern, "", &replacement, replace_all);
        };
        pattern::replace(&pattern, &value, &replacement, replace_all)
    }
}
