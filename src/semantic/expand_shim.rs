//! A stand-in for `crate::syntax::expand::expand_word` (written by another
//! helper, not merged yet), with the same signature and documented meaning.
//! It covers what FROM lines need: quotes, escapes, `$v`, `${v}` and the
//! `:-`, `-`, `:+`, `+` operators; anything else is an error (callers then
//! do not guess). Replace its uses by the real function once merged.

/// The result of expanding one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    pub value: String,
    /// Variables that were referenced but not set.
    pub unset: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpandError {
    #[error("unterminated quote")]
    UnterminatedQuote,
    #[error("bad substitution")]
    BadSubstitution,
    #[error("unsupported modifier")]
    UnsupportedModifier,
}

pub fn expand_word(
    word: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Expansion, ExpandError> {
    let mut expander = Expander {
        chars: word.chars().collect(),
        position: 0,
        escape,
        lookup,
        unset: Vec::new(),
    };
    let value = expander.word(None)?;
    Ok(Expansion {
        value,
        unset: expander.unset,
    })
}

struct Expander<'l> {
    chars: Vec<char>,
    position: usize,
    escape: char,
    lookup: &'l dyn Fn(&str) -> Option<String>,
    unset: Vec<String>,
}

impl Expander<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.position).copied()
    }

    fn next(&mut self) -> Option<char> {
        let next = self.peek();
        if next.is_some() {
            self.position += 1;
        }
        next
    }

    /// Reads until the end, or until an unquoted `stop` (consumed) inside `${…}`.
    fn word(&mut self, stop: Option<char>) -> Result<String, ExpandError> {
        let mut value = String::new();
        while let Some(c) = self.next() {
            match c {
                c if Some(c) == stop => return Ok(value),
                c if c == self.escape => {
                    if let Some(escaped) = self.next() {
                        value.push(escaped);
                    }
                }
                '\'' => loop {
                    match self.next() {
                        Some('\'') => break,
                        Some(quoted) => value.push(quoted),
                        None => return Err(ExpandError::UnterminatedQuote),
                    }
                },
                '"' => self.double_quoted(&mut value)?,
                '$' => self.dollar(&mut value)?,
                other => value.push(other),
            }
        }
        match stop {
            Some(_) => Err(ExpandError::BadSubstitution),
            None => Ok(value),
        }
    }

    fn double_quoted(&mut self, value: &mut String) -> Result<(), ExpandError> {
        loop {
            match self.next() {
                Some('"') => return Ok(()),
                Some('$') => self.dollar(value)?,
                Some(c) if c == self.escape => match self.peek() {
                    Some(next) if next == '"' || next == '$' || next == self.escape => {
                        self.position += 1;
                        value.push(next);
                    }
                    _ => value.push(c),
                },
                Some(c) => value.push(c),
                None => return Err(ExpandError::UnterminatedQuote),
            }
        }
    }

    fn dollar(&mut self, value: &mut String) -> Result<(), ExpandError> {
        match self.peek() {
            Some('{') => {
                self.position += 1;
                self.braced(value)
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                let name = self.name();
                value.push_str(&self.get(&name).unwrap_or_default());
                Ok(())
            }
            Some(c) if c.is_ascii_digit() => {
                // Positional parameters are never set.
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.position += 1;
                }
                Ok(())
            }
            _ => {
                value.push('$');
                Ok(())
            }
        }
    }

    fn braced(&mut self, value: &mut String) -> Result<(), ExpandError> {
        let name = self.name();
        if name.is_empty() {
            return Err(ExpandError::BadSubstitution);
        }
        let current = self.get(&name);
        let colon = self.peek() == Some(':');
        if colon {
            self.position += 1;
        }
        match self.next() {
            Some('}') if !colon => value.push_str(&current.unwrap_or_default()),
            Some('-') => {
                let default = self.word(Some('}'))?;
                let use_default = match &current {
                    None => true,
                    Some(set) => colon && set.is_empty(),
                };
                value.push_str(&if use_default {
                    default
                } else {
                    current.unwrap_or_default()
                });
            }
            Some('+') => {
                let alternative = self.word(Some('}'))?;
                let use_alternative = match &current {
                    None => false,
                    Some(set) => !(colon && set.is_empty()),
                };
                if use_alternative {
                    value.push_str(&alternative);
                }
            }
            None => return Err(ExpandError::BadSubstitution),
            Some(_) => return Err(ExpandError::UnsupportedModifier),
        }
        Ok(())
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if !(c.is_alphanumeric() || c == '_') {
                break;
            }
            name.push(c);
            self.position += 1;
        }
        name
    }

    fn get(&mut self, name: &str) -> Option<String> {
        let value = (self.lookup)(name);
        if value.is_none() && !self.unset.iter().any(|known| known == name) {
            self.unset.push(name.to_string());
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(word: &str) -> Result<Expansion, ExpandError> {
        let lookup = |name: &str| match name {
            "TAG" => Some("1.0".to_string()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        expand_word(word, '\\', &lookup)
    }

    #[test]
    fn expands_variables_quotes_and_defaults() {
        assert_eq!(expand("img:${TAG}").unwrap().value, "img:1.0");
        assert_eq!(expand("\"img\":$TAG").unwrap().value, "img:1.0");
        assert_eq!(expand("img:${NOPE:-2}").unwrap().value, "img:2");
        assert_eq!(expand("img:${EMPTY:-2}").unwrap().value, "img:2");
        assert_eq!(expand("img:${EMPTY-2}").unwrap().value, "img:");
        assert_eq!(expand("img${TAG:+:x}").unwrap().value, "img:x");
        let unset = expand("img:$NOPE").unwrap();
        assert_eq!(
            (unset.value.as_str(), unset.unset),
            ("img:", vec!["NOPE".to_string()])
        );
        assert_eq!(expand("a\\$TAG").unwrap().value, "a$TAG");
        assert!(expand("${TAG%%x}").is_err());
        assert!(expand("'open").is_err());
    }
}
