//! ARG and ENV scopes: which variables an instruction sees, with their values,
//! following BuildKit: ENV and ARG are inherited by stages built `FROM` a
//! stage, a bare `ARG NAME` imports a global ARG, and ENV wins over ARG.

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub kind: BindingKind,
    pub name: String,
    /// The span of the name (or of the whole `ARG` word).
    pub name_span: Span,
    /// The value after expansion; `None` when unknown (an ARG without default
    /// set by `--build-arg`, or a value depending on an unknown variable).
    pub value: Option<String>,
    /// Index of the declaring instruction.
    pub instruction: usize,
}

/// Expands `text` (BuildKit word syntax) with `lookup`; `None` when the word
/// does not expand or reads a variable whose value is unknown, except through
/// an operator that gives a well-defined value anyway (`${v:-default}`).
pub(crate) fn expand_known(
    text: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    if is_verbatim(text, escape) {
        return Some(text.to_string());
    }
    if let Some(expanded) = expand_plain_references(text, escape, lookup) {
        return expanded;
    }
    expand_with_lexer(text, escape, lookup)
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

/// Whether BuildKit's word processing leaves `text` unchanged: no `$`, quote
/// or escape character to act on, and no byte order mark for it to skip.
/// Most instruction words (paths, plain ENV values) are like this, and the
/// check is far cheaper than running the lexer.
fn is_verbatim(text: &str, escape: char) -> bool {
    let special = |ch: char| matches!(ch, '$' | '\'' | '"') || ch == escape;
    !text.starts_with('\u{FEFF}') && !text.contains(special)
}

/// The fast path of [`expand_known`] for words whose only specials are plain
/// `$NAME` and `${NAME}` references (ASCII names), most variable uses in
/// Dockerfiles: no lexer, no list of unset names. `None` when the word needs
/// the full lexer; `Some(None)` when a name has no known value (the lexer's
/// answer too: an unset name read without an operator is a guess).
fn expand_plain_references(
    text: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Option<Option<String>> {
    let needs_lexer = |ch: char| matches!(ch, '\'' | '"') || ch == escape;
    if text.starts_with('\u{FEFF}') || text.contains(needs_lexer) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut expanded = String::with_capacity(text.len());
    let mut copied = 0;
    let mut next = 0;
    while let Some(found) = bytes.get(next..)?.iter().position(|&b| b == b'$') {
        let dollar = next + found;
        let braced = bytes.get(dollar + 1) == Some(&b'{');
        let name_start = dollar + 1 + usize::from(braced);
        match bytes.get(name_start) {
            Some(&b) if b.is_ascii_alphabetic() || b == b'_' => {}
            // A `$` before a byte that starts no name stays literal.
            None if !braced => {
                next = name_start;
                continue;
            }
            Some(&b)
                if !braced && b.is_ascii() && !b.is_ascii_digit() && !b"@*#?-$!".contains(&b) =>
            {
                next = name_start;
                continue;
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
        let name = text.get(name_start..name_end)?;
        if AUTOMATIC_PLATFORM_ARGS.contains(&name) {
            return Some(None);
        }
        let Some(value) = lookup(name) else {
            return Some(None);
        };
        expanded.push_str(text.get(copied..dollar)?);
        expanded.push_str(&value);
        copied = end;
        next = end;
    }
    expanded.push_str(text.get(copied..)?);
    Some(Some(expanded))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(name: &str) -> Option<String> {
        match name {
            "A" => Some("a-value".to_string()),
            "_B1" => Some(String::new()),
            "DOLLAR" => Some("$A".to_string()),
            _ => None,
        }
    }

    #[test]
    fn plain_references_expand_as_the_lexer_does() {
        let words = [
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
            "$A-$_B1.${A}_",
            "${A}}",
            "${A }",
        ];
        for word in words {
            for escape in ['\\', '`'] {
                if let Some(fast) = expand_plain_references(word, escape, &lookup) {
                    assert_eq!(
                        fast,
                        expand_with_lexer(word, escape, &lookup),
                        "{word:?} {escape:?}"
                    );
                }
                assert_eq!(
                    expand_known(word, escape, &lookup),
                    expand_with_lexer(word, escape, &lookup),
                    "{word:?} {escape:?}"
                );
            }
        }
        assert_eq!(
            expand_plain_references("x$A/${_B1}y", '\\', &lookup),
            Some(Some("xa-value/y".to_string()))
        );
    }
}
