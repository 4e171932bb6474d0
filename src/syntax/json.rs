//! The exec-form JSON array, decoded like Go's `encoding/json` into `[]interface{}` (spec §6).

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, take_while, take_while1},
    character::complete::{char, one_of},
    combinator::{opt, recognize},
    sequence::pair,
};

/// Go's decoder refuses deeper nesting.
const MAX_DEPTH: usize = 10_000;

/// A decoded string element with the byte range of its quoted token (quotes included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonString {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonArray {
    /// Not a syntactically valid JSON array: BuildKit falls back to shell form.
    NotJson,
    /// Every element is a string.
    Strings(Vec<JsonString>),
    /// Valid JSON, but the element at `bad` (byte range) is not a string: a layer-2 error.
    NonString {
        strings: Vec<JsonString>,
        bad: (usize, usize),
    },
}

/// Parses `text` (already trimmed on both sides) as a JSON array of strings.
pub fn parse_array(text: &str) -> JsonArray {
    let mut scanner = Scanner { text, pos: 0 };
    scanner.array().unwrap_or(JsonArray::NotJson)
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

fn json_number(input: &str) -> IResult<&str, &str> {
    let digits = || take_while1(|c: char| c.is_ascii_digit());
    recognize((
        opt(char('-')),
        alt((
            tag("0"),
            recognize(pair(
                one_of("123456789"),
                take_while(|c: char| c.is_ascii_digit()),
            )),
        )),
        opt(pair(char('.'), digits())),
        opt((one_of("eE"), opt(one_of("+-")), digits())),
    ))
    .parse(input)
}

fn json_literal(input: &str) -> IResult<&str, &str> {
    alt((tag("true"), tag("false"), tag("null"))).parse(input)
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.pos += 1)
    }

    fn array(&mut self) -> Option<JsonArray> {
        self.skip_whitespace();
        self.eat(b'[')?;
        let mut strings = Vec::new();
        let mut bad = None;
        self.skip_whitespace();
        if self.eat(b']').is_none() {
            loop {
                self.skip_whitespace();
                let start = self.pos;
                if self.peek() == Some(b'"') {
                    let value = self.string(true)?;
                    strings.push(JsonString {
                        value,
                        start,
                        end: self.pos,
                    });
                } else {
                    self.skip_value()?;
                    bad.get_or_insert((start, self.pos));
                }
                self.skip_whitespace();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.skip_whitespace();
        if self.pos != self.text.len() {
            return None;
        }
        Some(match bad {
            None => JsonArray::Strings(strings),
            Some(bad) => JsonArray::NonString { strings, bad },
        })
    }

    /// Skips one JSON value of any type, iteratively (no recursion on nesting).
    fn skip_value(&mut self) -> Option<()> {
        let mut open: Vec<u8> = Vec::new();
        loop {
            self.skip_whitespace();
            match self.peek()? {
                b'"' => {
                    self.string(false)?;
                }
                b'[' | b'{' => {
                    let bracket = self.peek()?;
                    self.pos += 1;
                    self.skip_whitespace();
                    let close = if bracket == b'[' { b']' } else { b'}' };
                    if self.eat(close).is_none() {
                        if open.len() + 1 >= MAX_DEPTH {
                            return None;
                        }
                        open.push(bracket);
                        if bracket == b'{' {
                            self.object_key()?;
                        }
                        continue;
                    }
                }
                _ => {
                    let rest = self.rest();
                    let (remaining, _) = alt((json_number, json_literal)).parse(rest).ok()?;
                    self.pos += rest.len() - remaining.len();
                }
            }
            // A value is complete: close containers until one wants another element.
            loop {
                let Some(&innermost) = open.last() else {
                    return Some(());
                };
                self.skip_whitespace();
                match (innermost, self.peek()?) {
                    (_, b',') => {
                        self.pos += 1;
                        if innermost == b'{' {
                            self.object_key()?;
                        }
                        break;
                    }
                    (b'[', b']') | (b'{', b'}') => {
                        self.pos += 1;
                        open.pop();
                    }
                    _ => return None,
                }
            }
        }
    }

    fn object_key(&mut self) -> Option<()> {
        self.skip_whitespace();
        (self.peek() == Some(b'"')).then_some(())?;
        self.string(false)?;
        self.skip_whitespace();
        self.eat(b':')
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// Reads a string token at `self.pos` (on its opening quote); decodes it when `decode`.
    fn string(&mut self, decode: bool) -> Option<String> {
        self.eat(b'"')?;
        let mut value = String::new();
        loop {
            let rest = self.rest();
            let plain = rest
                .find(|c: char| c == '"' || c == '\\' || (c as u32) < 0x20)
                .unwrap_or(rest.len());
            if decode {
                value.push_str(rest.get(..plain).unwrap_or(""));
            }
            self.pos += plain;
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(value);
                }
                b'\\' => {
                    self.pos += 1;
                    let escaped = self.peek()?;
                    self.pos += 1;
                    let decoded = match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    if decode {
                        value.push(decoded);
                    }
                }
                // A raw control character.
                _ => return None,
            }
        }
    }

    /// After `\u`: one code point, combining a surrogate pair like Go (lone halves give U+FFFD).
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.rest().starts_with("\\u") {
            let saved = self.pos;
            self.pos += 2;
            if let Some(second) = self.hex4()
                && (0xDC00..0xE000).contains(&second)
            {
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Some(char::from_u32(combined).unwrap_or('\u{FFFD}'));
            }
            self.pos = saved;
        }
        Some(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Option<Vec<String>> {
        match parse_array(text) {
            JsonArray::Strings(strings) => Some(strings.into_iter().map(|s| s.value).collect()),
            _ => None,
        }
    }

    #[test]
    fn decodes_like_go() {
        assert_eq!(values(r#"["a", "b"]"#), Some(vec!["a".into(), "b".into()]));
        assert_eq!(values("[]"), Some(vec![]));
        assert_eq!(values("[\t\"\\/\\u0000\"\t]"), Some(vec!["/\u{0}".into()]));
        assert_eq!(values(r#"["\ud83d\ude00"]"#), Some(vec!["😀".into()]));
        assert_eq!(values(r#"["\ud83d x"]"#), Some(vec!["\u{FFFD} x".into()]));
        assert_eq!(
            values(r#"["\ud83d\u0041"]"#),
            Some(vec!["\u{FFFD}A".into()])
        );
        assert_eq!(values(r#"["c:\windows"]"#), None);
        assert_eq!(values("['a']"), None);
        assert_eq!(values(r#"["a""#), None);
        assert_eq!(values(r#"["a"] x"#), None);
        assert_eq!(values(r#"["a",]"#), None);
        assert_eq!(values("[\"a\u{1}\"]"), None);
    }

    #[test]
    fn non_strings_are_located() {
        let text = r#"[ "echo", [ "nested json" ] ]"#;
        match parse_array(text) {
            JsonArray::NonString { strings, bad } => {
                assert_eq!(strings.len(), 1);
                assert_eq!(&text[bad.0..bad.1], r#"[ "nested json" ]"#);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            parse_array("[1, -2.5e3, null, {\"a\": [true]}]"),
            JsonArray::NonString { .. }
        ));
        assert_eq!(parse_array("[01]"), JsonArray::NotJson);
        assert_eq!(parse_array("[{\"a\" 1}]"), JsonArray::NotJson);
        let deep = "[".repeat(20_000) + &"]".repeat(20_000);
        assert_eq!(parse_array(&deep), JsonArray::NotJson);
    }
}
