//! ARG and ENV scopes: which variables an instruction sees, with their values,
//! following BuildKit: ENV and ARG are inherited by stages built `FROM` a
//! stage, a bare `ARG NAME` imports a global ARG, and ENV wins over ARG.

use std::borrow::Cow;

use crate::span::Span;
use crate::syntax::expand::{expand_word, references};

/// Build arguments BuildKit defines for every build without an `ARG` line:
/// first the platform ARGs, then the proxy ARGs (`docker build` passes the
/// proxy ones through without declaration).
pub const PREDEFINED_ARGS: [&str; 18] = [
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// Set by BuildKit for every build from the target and build platforms, so
/// their value is never known from the Dockerfile alone (a default is ignored).
pub const AUTOMATIC_PLATFORM_ARGS: &[&str] = PREDEFINED_ARGS.split_at(8).0;

/// The proxy ARGs BuildKit predefines.
pub const PROXY_ARGS: &[&str] = PREDEFINED_ARGS.split_at(8).1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BindingKind {
    Env,
    Arg,
}

/// One variable declared by an `ENV` or `ARG` inside a stage (or a global ARG).
/// Names and values are borrowed from the syntax tree when written literally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding<'a> {
    pub kind: BindingKind,
    pub name: Cow<'a, str>,
    /// The span of the name (or of the whole `ARG` word).
    pub name_span: Span,
    /// The value after expansion; `None` when unknown (an ARG without default
    /// set by `--build-arg`, or a value depending on an unknown variable).
    pub value: Option<Cow<'a, str>>,
    /// Index of the declaring instruction.
    pub instruction: usize,
}

/// The known values of variables, borrowed from the model (`None`: unset or unknown).
pub(crate) type KnownValues<'v> = dyn Fn(&str) -> Option<&'v str> + 'v;

/// Expands `text` (BuildKit word syntax) with `lookup`; `None` when the word
/// does not expand or reads a variable whose value is unknown, except through
/// an operator that gives a well-defined value anyway (`${v:-default}`).
pub(crate) fn expand_known<'v>(
    text: &str,
    escape: char,
    lookup: &KnownValues<'v>,
) -> Option<String> {
    if let Some(expanded) = expand_simple(text, escape, lookup) {
        return expanded;
    }
    expand_with_lexer(text, escape, &|name| lookup(name).map(str::to_string))
}

/// [`expand_known`] borrowing `text` when it expands to itself (no variable
/// reference, quote or escape: most words), instead of copying it.
pub(crate) fn expand_known_cow<'t, 'v>(
    text: &'t str,
    escape: char,
    lookup: &KnownValues<'v>,
) -> Option<Cow<'t, str>> {
    if is_literal(text, escape) {
        return Some(Cow::Borrowed(text));
    }
    expand_known(text, escape, lookup).map(Cow::Owned)
}

/// Whether [`expand_simple`] would copy `text` unchanged: nothing in it is special.
fn is_literal(text: &str, escape: char) -> bool {
    let Ok(escape) = u8::try_from(escape) else {
        return false;
    };
    if matches!(escape, b'$' | b'\'' | b'"') || !escape.is_ascii() || text.starts_with('\u{FEFF}') {
        return false;
    }
    !text
        .bytes()
        .any(|byte| matches!(byte, b'$' | b'"' | b'\'') || byte == escape)
}

/// [`expand_known`] by BuildKit's word lexer, for any word.
fn expand_with_lexer(
    text: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let reads_platform_arg = std::cell::Cell::new(false);
    let guarded = |name: &str| {
        if AUTOMATIC_PLATFORM_ARGS.contains(&name) {
            reads_platform_arg.set(true);
            return None;
        }
        lookup(name)
    };
    let expansion = expand_word(text, escape, &guarded).ok()?;
    if reads_platform_arg.get() {
        return None;
    }
    if expansion.unset.is_empty() {
        return Some(expansion.value);
    }
    let found = references(text, escape);
    let guessed = expansion.unset.iter().any(|name| {
        let mut uses = found
            .iter()
            .filter(|reference| &reference.name == name)
            .peekable();
        let unseen = uses.peek().is_none();
        unseen || uses.any(|reference| reference.operator.is_none())
    });
    (!guessed).then_some(expansion.value)
}

/// The fast path of [`expand_known`] for the words most instructions have:
/// literal text, quotes, escapes and plain `$NAME`/`${NAME}` references
/// (ASCII names), processed as BuildKit's lexer does but in one pass over
/// the bytes, without the lexer's bookkeeping of unset names. `None` when
/// the word needs the full lexer (operators, special or non-ASCII names, an
/// unterminated quote, a byte order mark); `Some(None)` when a name has no
/// known value (the lexer's answer too: an unset name read without an
/// operator is a guess).
fn expand_simple<'v>(text: &str, escape: char, lookup: &KnownValues<'v>) -> Option<Option<String>> {
    let escape = u8::try_from(escape)
        .ok()
        .filter(|byte| !matches!(byte, b'$' | b'\'' | b'"') && byte.is_ascii())?;
    if text.starts_with('\u{FEFF}') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut expanded = String::with_capacity(text.len());
    // Text from `literal` up to `at` is copied as it is.
    let mut literal = 0;
    let mut at = 0;
    let mut in_double_quotes = false;
    loop {
        // Runs of ordinary bytes are passed over by one tight search.
        let rest = bytes.get(at..).unwrap_or_default();
        at += rest
            .iter()
            .position(|&byte| matches!(byte, b'$' | b'"' | b'\'') || byte == escape)
            .unwrap_or(rest.len());
        let Some(&byte) = bytes.get(at) else {
            break;
        };
        let special = match byte {
            b'$' | b'"' => true,
            // Literal inside double quotes.
            b'\'' => !in_double_quotes,
            _ => byte == escape,
        };
        if !special {
            at += 1;
            continue;
        }
        expanded.push_str(text.get(literal..at)?);
        if byte == b'$' {
            match plain_reference(bytes, at)? {
                PlainReference::Dollar => {
                    expanded.push('$');
                    at += 1;
                }
                PlainReference::Name { name, end } => {
                    let name = text.get(name)?;
                    if AUTOMATIC_PLATFORM_ARGS.contains(&name) {
                        return Some(None);
                    }
                    let Some(value) = lookup(name) else {
                        return Some(None);
                    };
                    expanded.push_str(value);
                    at = end;
                }
            }
            literal = at;
        } else if byte == b'"' {
            in_double_quotes = !in_double_quotes;
            at += 1;
            literal = at;
        } else if byte == b'\'' && !in_double_quotes {
            // Single-quoted text is literal, escapes included.
            let length = memchr::memchr(b'\'', bytes.get(at + 1..)?)?;
            expanded.push_str(text.get(at + 1..at + 1 + length)?);
            at += length + 2;
            literal = at;
        } else if in_double_quotes {
            // Inside double quotes the escape only escapes `"`, `$` and itself.
            match bytes.get(at + 1) {
                None => return None,
                Some(&next) if matches!(next, b'"' | b'$') || next == escape => {
                    literal = at + 1;
                    at += 2;
                }
                Some(_) => {
                    literal = at;
                    at += 1;
                }
            }
        } else {
            // Outside quotes it makes the next character literal (a final
            // lone escape is dropped).
            literal = at + 1;
            at += 1;
            if at < bytes.len() {
                at += 1;
                while bytes.get(at).is_some_and(|&b| b & 0xC0 == 0x80) {
                    at += 1;
                }
            }
        }
    }
    if in_double_quotes {
        return None;
    }
    expanded.push_str(text.get(literal..)?);
    Some(Some(expanded))
}

/// What a `$` of a word starts, for [`expand_simple`].
enum PlainReference {
    /// A `$` that starts no name stays literal.
    Dollar,
    /// `$NAME` or `${NAME}`: the name's range and the end of the reference.
    Name {
        name: std::ops::Range<usize>,
        end: usize,
    },
}

/// The reference at the `$` at `dollar`; `None` when it needs the lexer
/// (operators, special or positional parameters, non-ASCII names, bad
/// substitutions).
fn plain_reference(bytes: &[u8], dollar: usize) -> Option<PlainReference> {
    let braced = bytes.get(dollar + 1) == Some(&b'{');
    let name_start = dollar + 1 + usize::from(braced);
    match bytes.get(name_start) {
        Some(&b) if b.is_ascii_alphabetic() || b == b'_' => {}
        None if !braced => return Some(PlainReference::Dollar),
        Some(&b) if !braced && b.is_ascii() && !b.is_ascii_digit() && !b"@*#?-$!".contains(&b) => {
            return Some(PlainReference::Dollar);
        }
        _ => return None,
    }
    let name_end = bytes
        .get(name_start..)?
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .map_or(bytes.len(), |length| name_start + length);
    let after = bytes.get(name_end).copied();
    // A non-ASCII letter or digit would continue the name.
    if after.is_some_and(|b| !b.is_ascii()) {
        return None;
    }
    let end = if braced {
        if after != Some(b'}') {
            return None;
        }
        name_end + 1
    } else {
        name_end
    };
    Some(PlainReference::Name {
        name: name_start..name_end,
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(name: &str) -> Option<&'static str> {
        match name {
            "A" => Some("a-value"),
            "_B1" => Some(""),
            "DOLLAR" => Some("$A"),
            "QUOTED" => Some("\"q\" 'r'"),
            _ => None,
        }
    }

    fn lookup(name: &str) -> Option<String> {
        known(name).map(str::to_string)
    }

    #[test]
    fn the_fast_path_expands_as_the_lexer_does() {
        let words = [
            "",
            "plain/path",
            "$A",
            "${A}",
            "x$A/y",
            "${A}${_B1}z",
            "$A$A",
            "$",
            "a$",
            "$ x",
            "$/A",
            "$-",
            "$1",
            "$$",
            "${1}",
            "${A:-d}",
            "${A",
            "${}",
            "$UNSET",
            "${UNSET}",
            "$A$UNSET",
            "$TARGETARCH",
            "${BUILDOS}",
            "$Aé",
            "${Aé}",
            "é$A",
            "'$A'",
            "\"$A\"",
            "\\$A",
            "`$A",
            "$DOLLAR",
            "$QUOTED",
            "$A-$_B1.${A}_",
            "${A}}",
            "${A }",
            "\"a b\"",
            "\"\"",
            "''",
            "x\"y\"z'w'v",
            "\"it's\"",
            "'say \"hi\"'",
            "\"$A:${A}/$UNSET\"",
            "\"$\"",
            "\"a$\"b",
            "$'x'",
            "$\"x\"",
            "\"unterminated",
            "'unterminated",
            "a\"b'c\"d",
            "\"\\\"\"",
            "\"\\$A\"",
            "\"\\\\\"",
            "\"\\a\"",
            "\"`\"`$A\"",
            "\"``\"",
            "\"`a\"",
            "\"\\",
            "\"`",
            "a\\",
            "a`",
            "\\é\\x",
            "`é`x",
            "C:\\path\\to",
            "'\\'",
            "\"é$A\"é",
            "\u{FEFF}$A",
            "x\u{FEFF}",
        ];
        for word in words {
            for escape in ['\\', '`'] {
                if let Some(fast) = expand_simple(word, escape, &known) {
                    assert_eq!(
                        fast,
                        expand_with_lexer(word, escape, &lookup),
                        "{word:?} {escape:?}"
                    );
                }
                assert_eq!(
                    expand_known(word, escape, &known),
                    expand_with_lexer(word, escape, &lookup),
                    "{word:?} {escape:?}"
                );
                assert_eq!(
                    expand_known_cow(word, escape, &known).map(Cow::into_owned),
                    expand_known(word, escape, &known),
                    "{word:?} {escape:?}"
                );
            }
        }
        assert_eq!(
            expand_simple("x$A/${_B1}y", '\\', &known),
            Some(Some("xa-value/y".to_string()))
        );
        assert_eq!(
            expand_simple("\"a $A\"", '\\', &known),
            Some(Some("a a-value".to_string()))
        );
    }
}
