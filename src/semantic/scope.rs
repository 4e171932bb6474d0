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
