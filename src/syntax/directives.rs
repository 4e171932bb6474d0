//! Parser directives (`# syntax=`, `# escape=`, `# check=`), spec §4.

use nom::{
    IResult, Parser,
    bytes::complete::{take_while, take_while1},
    character::complete::char,
    combinator::{recognize, rest},
    sequence::pair,
};

/// The directive keys BuildKit knows (lower case).
pub const KNOWN_KEYS: [&str; 3] = ["syntax", "escape", "check"];

/// Byte ranges (relative to the line given) of a directive-shaped line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirectiveMatch {
    pub key: (usize, usize),
    pub value: (usize, usize),
}

fn blanks(input: &str) -> IResult<&str, &str> {
    take_while(|c| c == ' ' || c == '\t')(input)
}

fn key(input: &str) -> IResult<&str, &str> {
    recognize(pair(
        take_while1(|c: char| c.is_ascii_alphabetic()),
        take_while(|c: char| c.is_ascii_alphanumeric()),
    ))
    .parse(input)
}

/// Matches `#[ \t]*key[ \t]*=[ \t]*value` where the value, with trailing blanks
/// removed, is non-empty. `line` has no line break and no leading whitespace.
pub fn match_directive(line: &str) -> Option<DirectiveMatch> {
    let (_, (_, _, key, _, _, _, value)) =
        (char('#'), blanks, key, blanks, char('='), blanks, rest)
            .parse(line)
            .ok()?;
    let value = value.trim_end_matches([' ', '\t']);
    if value.is_empty() {
        return None;
    }
    let key_start = offset_in(line, key);
    let value_start = offset_in(line, value);
    Some(DirectiveMatch {
        key: (key_start, key_start + key.len()),
        value: (value_start, value_start + value.len()),
    })
}

/// Offset of `part` (a sub-slice) inside `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(line: &str) -> Option<(&str, &str)> {
        match_directive(line).map(|m| (&line[m.key.0..m.key.1], &line[m.value.0..m.value.1]))
    }

    #[test]
    fn directive_shapes() {
        assert_eq!(parts("# escape=`"), Some(("escape", "`")));
        assert_eq!(parts("#ESCAPE = \\ \t"), Some(("ESCAPE", "\\")));
        assert_eq!(
            parts("# syntax = docker/dockerfile:1 x"),
            Some(("syntax", "docker/dockerfile:1 x"))
        );
        assert_eq!(parts("# escape="), None);
        assert_eq!(parts("# 1key=v"), None);
        assert_eq!(parts("# key v"), None);
        assert_eq!(parts("# key = FOO bar"), Some(("key", "FOO bar")));
    }
}
