//! Values of words: quote removal, expansion and glob detection, and the
//! offset map that lets an unquoted string (an `sh -c` script) point back
//! into the script text it came from.

use std::borrow::Cow;

use super::ast::{Word, WordPart};
use crate::span::Span;

/// A word's value after quote removal, with the script range every byte came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unquoted {
    pub text: String,
    /// For each byte of `text`, the script range it was read from (an escape
    /// sequence maps all the bytes it produces to the whole sequence).
    origins: Vec<(u32, u32)>,
    /// Where an empty range at the very end of `text` maps to.
    end: u32,
}

impl Unquoted {
    /// Maps a range of `text` back to the script.
    pub fn to_script_span(&self, inner: Span) -> Span {
        let start = self
            .origins
            .get(inner.start as usize)
            .map_or(self.end, |origin| origin.0);
        if inner.is_empty() {
            return Span::empty_at(start as usize);
        }
        let end = (inner.end as usize)
            .checked_sub(1)
            .and_then(|last| self.origins.get(last))
            .map_or(self.end, |origin| origin.1);
        Span::new(start as usize, end.max(start) as usize)
    }
}

/// Where quote removal writes its output: an [`Unquoted`] (text and offset
/// map) or a bare `String` (just the text, for [`Word::literal`]).
trait UnquoteSink {
    /// Appends `text`, every byte of which came from `origin`.
    fn push_str(&mut self, text: &str, origin: Span);
    /// Copies `span` of `script` verbatim, each byte mapping to itself.
    fn push_verbatim(&mut self, script: &str, span: Span);
}

impl UnquoteSink for Unquoted {
    fn push_str(&mut self, text: &str, origin: Span) {
        self.text.push_str(text);
        self.origins
            .extend(std::iter::repeat_n((origin.start, origin.end), text.len()));
    }

    fn push_verbatim(&mut self, script: &str, span: Span) {
        self.text.push_str(span.text(script));
        self.origins
            .extend((span.start..span.end).map(|offset| (offset, offset + 1)));
    }
}

impl UnquoteSink for String {
    fn push_str(&mut self, text: &str, _origin: Span) {
        String::push_str(self, text);
    }

    fn push_verbatim(&mut self, script: &str, span: Span) {
        String::push_str(self, span.text(script));
    }
}

impl Word {
    /// The word exactly as written.
    pub fn raw<'s>(&self, script: &'s str) -> &'s str {
        self.span.text(script)
    }

    /// The value after quote removal, when the word contains no expansion:
    /// `"foo"bar` → `foobar`, `$X` and `"${X}"` → `None`.
    #[inline]
    pub fn literal<'s>(&self, script: &'s str) -> Option<Cow<'s, str>> {
        // Inlined for the usual plain word, which rules ask about all the time.
        if let [WordPart::Literal(span)] = self.parts.as_slice() {
            return Some(Cow::Borrowed(span.text(script)));
        }
        self.literal_of_parts(script)
    }

    /// [`Self::literal`] for a word of any other shape.
    #[inline(never)]
    fn literal_of_parts<'s>(&self, script: &'s str) -> Option<Cow<'s, str>> {
        if self.has_expansion() {
            return None;
        }
        // Common single-part shapes borrow from the script instead of allocating.
        match self.parts.as_slice() {
            [] => return Some(Cow::Borrowed("")),
            [WordPart::SingleQuoted(span)] => {
                return Some(Cow::Borrowed(shrink(*span, 1, 1).text(script)));
            }
            [WordPart::DoubleQuoted { parts, .. }] => match parts.as_slice() {
                [] => return Some(Cow::Borrowed("")),
                [WordPart::Literal(span)] => return Some(Cow::Borrowed(span.text(script))),
                _ => {}
            },
            _ => {}
        }
        let mut text = String::with_capacity(self.span.len());
        unquote_parts(&self.parts, script, false, &mut text)?;
        Some(Cow::Owned(text))
    }

    /// Quote removal with an offset map. Parameter expansions are kept as their
    /// raw text when `keep_parameters` (an inner `sh -c` script sees them as
    /// unknown values); any other expansion gives `None`.
    pub fn unquote(&self, script: &str, keep_parameters: bool) -> Option<Unquoted> {
        let mut out = Unquoted {
            text: String::new(),
            origins: Vec::new(),
            end: self.span.end,
        };
        unquote_parts(&self.parts, script, keep_parameters, &mut out)?;
        Some(out)
    }

    /// Whether any part is an expansion (`$x`, `${x}`, `$(...)`, `` `...` ``, `$((...))`, `<(...)`).
    pub fn has_expansion(&self) -> bool {
        self.parts.iter().any(WordPart::is_expansion)
    }

    /// Whether an unquoted `*`, `?` or `[` makes this word a glob pattern.
    pub fn has_glob(&self, script: &str) -> bool {
        self.parts.iter().any(|part| match part {
            WordPart::Literal(span) => span.text(script).contains(['*', '?', '[']),
            _ => false,
        })
    }

    /// Whether any part is quoted or escaped.
    pub fn is_quoted(&self) -> bool {
        self.parts.iter().any(|part| {
            matches!(
                part,
                WordPart::SingleQuoted(_)
                    | WordPart::DoubleQuoted { .. }
                    | WordPart::AnsiCQuoted(_)
                    | WordPart::Escaped(_)
            )
        })
    }

    /// The spans of every command substitution, arithmetic or process
    /// substitution in the word (nested in double quotes too).
    pub fn substitutions(&self) -> Vec<Span> {
        let mut found = Vec::new();
        collect_substitutions(&self.parts, &mut found);
        found
    }
}

fn collect_substitutions(parts: &[WordPart], found: &mut Vec<Span>) {
    for part in parts {
        match part {
            WordPart::CommandSubstitution { span, .. }
            | WordPart::Arithmetic(span)
            | WordPart::ProcessSubstitution(span) => found.push(*span),
            WordPart::DoubleQuoted { parts, .. } => collect_substitutions(parts, found),
            _ => {}
        }
    }
}

fn unquote_parts(
    parts: &[WordPart],
    script: &str,
    keep_parameters: bool,
    out: &mut impl UnquoteSink,
) -> Option<()> {
    for part in parts {
        match part {
            WordPart::Literal(span) => out.push_verbatim(script, *span),
            WordPart::Escaped(span) => {
                let escaped = span.text(script).get(1..).unwrap_or("");
                out.push_str(escaped, *span);
            }
            WordPart::LineContinuation(_) => {}
            WordPart::SingleQuoted(span) => {
                out.push_verbatim(script, shrink(*span, 1, 1));
            }
            WordPart::AnsiCQuoted(span) => decode_ansi_c(script, shrink(*span, 2, 1), out),
            WordPart::DoubleQuoted { parts, .. } => {
                unquote_parts(parts, script, keep_parameters, out)?;
            }
            WordPart::Parameter { span, .. } if keep_parameters => {
                out.push_verbatim(script, *span);
            }
            WordPart::Parameter { .. }
            | WordPart::CommandSubstitution { .. }
            | WordPart::Arithmetic(_)
            | WordPart::ProcessSubstitution(_) => return None,
        }
    }
    Some(())
}

/// `span` without `head` bytes at the start and `tail` at the end (an
/// unterminated quote has no closing byte to drop: the caller's spans may be
/// short, so this never inverts).
fn shrink(span: Span, head: u32, tail: u32) -> Span {
    let start = (span.start + head).min(span.end);
    let end = span.end.saturating_sub(tail).max(start);
    Span {
        start,
        end: end.max(start),
    }
}

/// Decodes the inside of `$'...'` (bash's ANSI-C quoting).
fn decode_ansi_c(script: &str, inner: Span, out: &mut impl UnquoteSink) {
    let text = inner.text(script);
    let base = inner.start as usize;
    let mut chars = text.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        let start = base + index;
        if ch != '\\' {
            let mut buffer = [0; 4];
            out.push_str(
                ch.encode_utf8(&mut buffer),
                Span::new(start, start + ch.len_utf8()),
            );
            continue;
        }
        let Some((_, escape)) = chars.next() else {
            out.push_str("\\", Span::new(start, start + 1));
            break;
        };
        let mut end = start + 1 + escape.len_utf8();
        let decoded: Option<char> = match escape {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'e' | 'E' => Some('\u{1b}'),
            'f' => Some('\u{c}'),
            'v' => Some('\u{b}'),
            '\\' | '\'' | '"' | '?' => Some(escape),
            'x' | 'u' | 'U' | '0'..='7' => {
                let (radix, max_digits, mut value) = match escape {
                    'x' => (16, 2, 0),
                    'u' => (16, 4, 0),
                    'U' => (16, 8, 0),
                    _ => (8, 2, escape.to_digit(8).unwrap_or(0)),
                };
                let mut digits = 0;
                while digits < max_digits {
                    let Some(&(_, next)) = chars.peek() else {
                        break;
                    };
                    let Some(digit) = next.to_digit(radix) else {
                        break;
                    };
                    value = value.wrapping_mul(radix).wrapping_add(digit);
                    chars.next();
                    end += 1;
                    digits += 1;
                }
                char::from_u32(value)
            }
            _ => None,
        };
        let origin = Span::new(start, end);
        match decoded {
            Some(decoded) => {
                let mut buffer = [0; 4];
                out.push_str(decoded.encode_utf8(&mut buffer), origin);
            }
            None => out.push_str(origin.text(script), origin),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_arg(text: &str) -> Word {
        let script = crate::shell::parse(text);
        script.commands[0].words[1].clone()
    }

    #[test]
    fn unquoted_text_maps_back_to_the_script() {
        let text = r#"x "a\"b"'c'd\ e"#;
        let word = first_arg(text);
        let unquoted = word.unquote(text, false).unwrap();
        assert_eq!(unquoted.text, "a\"bcd e");
        // `"b` of the value came from `\"b` (the escape maps as a whole).
        let span = unquoted.to_script_span(Span::new(1, 3));
        assert_eq!(span.text(text), "\\\"b");
        assert_eq!(unquoted.to_script_span(Span::new(3, 4)).text(text), "c");
        assert_eq!(unquoted.to_script_span(Span::new(5, 7)).text(text), "\\ e");
        assert_eq!(
            unquoted.to_script_span(Span::new(7, 7)),
            Span::empty_at(text.len())
        );
    }

    #[test]
    fn ansi_c_escapes() {
        let text = r"x $'a\tb\x41\101\u00e9\q'";
        let word = first_arg(text);
        assert_eq!(word.literal(text).as_deref(), Some("a\tbAAé\\q"));
    }

    #[test]
    fn parameters_kept_only_on_request() {
        let text = r#"x "pip install $PKG""#;
        let word = first_arg(text);
        assert_eq!(word.unquote(text, false), None);
        assert_eq!(word.unquote(text, true).unwrap().text, "pip install $PKG");
    }
}
