//! Finding variable references without expanding anything: the same grammar
//! as the lexer, but tolerant (malformed parts yield what could be read).

use super::chars::name_end;
use super::{MAX_NESTING, Reference};

/// Every variable reference in `word` (as BuildKit would expand it with escape
/// character `escape`), including those nested in `${v:-$w}` defaults, ordered
/// by start. Ranges are byte ranges of `word`; `${v...}` ranges include the
/// closing brace (or run to the end of the word when it is missing).
/// Positional and special parameters (`$1`, `$@`) are included, and so is the
/// empty name of `${+x}`, `${%x}`, `${/x/y}`, which BuildKit looks up too.
/// Tolerant: malformed input yields the references that could be read.
pub fn references(word: &str, escape: char) -> Vec<Reference> {
    let mut scanner = Scanner {
        src: word,
        // Go's text/scanner skips a byte order mark at the very start.
        pos: if word.starts_with('\u{FEFF}') { 3 } else { 0 },
        escape,
        refs: Vec::new(),
        depth: 0,
    };
    scanner.scan_until(None);
    scanner.refs
}

struct Scanner<'a> {
    src: &'a str,
    pos: usize,
    escape: char,
    refs: Vec<Reference>,
    depth: usize,
}

impl Scanner<'_> {
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

    /// Scans up to and including `stop`; false when the word ended first.
    fn scan_until(&mut self, stop: Option<char>) -> bool {
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.pos += ch.len_utf8();
                return true;
            }
            match ch {
                '$' => self.dollar(),
                '\'' => {
                    self.pos += 1;
                    while self.next_char().is_some_and(|ch| ch != '\'') {}
                }
                '"' => self.double_quoted(),
                _ => {
                    self.pos += ch.len_utf8();
                    if ch == self.escape {
                        self.next_char();
                    }
                }
            }
        }
        false
    }

    fn double_quoted(&mut self) {
        self.pos += 1;
        while let Some(ch) = self.peek() {
            match ch {
                '"' => {
                    self.pos += 1;
                    return;
                }
                '$' => self.dollar(),
                _ => {
                    self.pos += ch.len_utf8();
                    let escapable = |next: char| next == '"' || next == '$' || next == self.escape;
                    if ch == self.escape && self.peek().is_some_and(escapable) {
                        self.next_char();
                    }
                }
            }
        }
    }

    /// Reads a variable name after `$` / `${` (see `chars::name_end`).
    fn read_name(&mut self) -> String {
        let start = self.pos;
        self.pos = name_end(self.src, start);
        self.src.get(start..self.pos).unwrap_or("").to_owned()
    }

    /// A nested part of `${...}`; beyond `MAX_NESTING` the rest of the word is skipped.
    fn scan_nested(&mut self, stop: char) -> bool {
        if self.depth >= MAX_NESTING {
            self.pos = self.src.len();
            return false;
        }
        self.depth += 1;
        let found = self.scan_until(Some(stop));
        self.depth -= 1;
        found
    }

    fn dollar(&mut self) {
        let start = self.pos;
        self.pos += 1;
        if self.peek() != Some('{') {
            let name = self.read_name();
            if !name.is_empty() {
                self.refs.push(Reference {
                    name,
                    range: start..self.pos,
                    operator: None,
                });
            }
            return;
        }
        self.pos += 1;
        // `${`, `${{`, `${}`, `${:` are bad substitutions: no reference.
        if matches!(self.peek(), None | Some('{' | '}' | ':')) {
            return;
        }
        let name = self.read_name();
        // BuildKit applies `+`, `%` and `/` to the empty name (`${+x}` is valid);
        // any other character after an empty name is an unsupported modifier.
        if name.is_empty() && !matches!(self.peek(), Some('+' | '%' | '/')) {
            return;
        }
        let index = self.refs.len();
        self.refs.push(Reference {
            name,
            range: start..self.src.len(),
            operator: None,
        });
        let operator = match self.next_char() {
            None | Some('}') => None,
            Some('/') => {
                let operator = if self.peek() == Some('/') {
                    self.pos += 1;
                    "//"
                } else {
                    "/"
                };
                if self.scan_nested('/') {
                    self.scan_nested('}');
                }
                Some(operator.to_owned())
            }
            Some(first) => {
                let mut operator = first.to_string();
                let second = match first {
                    ':' => self.next_char(),
                    '#' | '%' if self.peek() == Some(first) => self.next_char(),
                    _ => None,
                };
                operator.extend(second);
                // Also read the word of a modifier BuildKit rejects, to find its references.
                self.scan_nested('}');
                Some(operator)
            }
        };
        if let Some(reference) = self.refs.get_mut(index) {
            reference.range.end = self.pos;
            reference.operator = operator;
        }
    }
}
