//! BuildKit's shell lexer for Dockerfile words: quote removal, escapes,
//! `$var` expansion and word splitting (`frontend/dockerfile/shell/lex.go` semantics,
//! spec §10 of `shared/docs/dockerfile-syntax.md`).
//!
//! [`expand_word`] / [`expand_words`] process a word the way BuildKit's default
//! lexer does; [`Lexer`] exposes BuildKit's other modes (raw quotes and escapes
//! for heredoc bodies, no quote processing, unset references kept) and
//! [`Lexer::process`] gives everything at once, with the range of a failure.
//! [`references`] finds every `$v` / `${v...}` in a word without expanding it
//! and never fails. Nesting is bounded by [`MAX_NESTING`], so no input can
//! overflow the stack; pattern matching is linear in pattern × value.

mod chars;
mod lexer;
mod pattern;
mod scan;
#[rustfmt::skip]
mod unicode_tables;

use std::ops::Range;

pub use chars::is_special_or_positional;
pub use scan::references;

/// A variable reference found in a word, with its byte range inside that word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub name: String,
    pub range: Range<usize>,
    /// The operator of `${name<op>word}` (`:-`, `-`, `:+`, `+`, `:?`, `?`, `#`, `##`, `%`, `%%`, `/`, `//`).
    /// For a modifier BuildKit rejects, the characters it read as the modifier (`=`, `:=`, `:#`, ...).
    pub operator: Option<String>,
}

/// Why BuildKit would refuse to process a word. The messages are BuildKit's
/// (which wraps them as `failed to process "<word>": <message>`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpandError {
    /// `${}`, `${:...}`, `${{...`.
    #[error("syntax error: bad substitution")]
    BadSubstitution,
    /// `${v` or `${v:-w` with no closing brace.
    #[error("syntax error: missing '}}'")]
    MissingBrace,
    /// `${v/p}` or `${v//}`: the `/` between pattern and replacement is missing.
    #[error("syntax error: missing '/' in ${{}}")]
    MissingSlash,
    /// `${v=w}`, `${v:=w}`, `${v:#p}`, `${v.}`, ...
    #[error("unsupported modifier ({modifier}) in substitution")]
    UnsupportedModifier { modifier: String },
    #[error("unexpected end of statement while looking for matching single-quote")]
    UnterminatedSingleQuote,
    #[error("unexpected end of statement while looking for matching double-quote")]
    UnterminatedDoubleQuote,
    /// The word ended before `expected` (only seen for nested parts, where
    /// BuildKit reports it as a missing `}` or `/` instead).
    #[error("unexpected end of statement while looking for matching {expected}")]
    UnexpectedEnd { expected: char },
    /// `${v:?message}` on an unset or empty `v`, `${v?message}` on an unset `v`.
    #[error("{name}: {message}")]
    Required { name: String, message: String },
    /// A `#`, `%` or `/` pattern with an escape other than `\*`, `\?`, `\\`, `\}`, `\/`.
    #[error("invalid pattern ({pattern}) in substitution: invalid escape '\\{escaped}'")]
    InvalidPattern { pattern: String, escaped: char },
    /// `${a:-${b:-${c:-...}}}` nested deeper than [`MAX_NESTING`] (our limit, not BuildKit's).
    #[error("variable substitutions nested more than {MAX_NESTING} levels deep")]
    TooDeep,
}

/// How deep `${v:-${w:-...}}` may nest before processing gives up with
/// [`ExpandError::TooDeep`] (bounds recursion, so no input can overflow the stack).
pub const MAX_NESTING: usize = 100;

/// The result of processing one word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expansion {
    /// The word with quotes removed, escapes applied and variables expanded.
    pub value: String,
    /// Names that were looked up but not set, in order of first lookup, without
    /// duplicates (BuildKit's "unmatched"; positional and special parameters such
    /// as `1` or `@` are included: see [`is_special_or_positional`]).
    /// Like BuildKit, a default's own references count even when the default is
    /// not used (`${SET:-$UNSET}` reports `UNSET`).
    pub unset: Vec<String>,
}

/// Everything one run of the lexer over a word produces.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProcessedWord {
    /// As [`Expansion::value`].
    pub value: String,
    /// The value split into words (as [`expand_words`]; empty unless asked for).
    pub words: Vec<String>,
    /// As [`Expansion::unset`].
    pub unset: Vec<String>,
}

/// An [`ExpandError`] with the byte range of the word where it happened: the
/// `$...` substitution or quoted string at fault (for a missing `}` or `/`,
/// from its `${` to the end of the word).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
pub struct ExpandFailure {
    pub error: ExpandError,
    pub range: Range<usize>,
}

/// The environment a word is expanded in: `Some(value)` for a set variable
/// (possibly empty), `None` for an unset one.
pub type Lookup<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// BuildKit's `shell.Lex` with its options; the defaults are what BuildKit uses
/// for instruction arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexer {
    /// The Dockerfile escape character (`\` or `` ` ``).
    pub escape: char,
    /// Keep quote characters in the output (heredoc bodies).
    pub raw_quotes: bool,
    /// Keep escape characters in the output (heredoc bodies).
    pub raw_escapes: bool,
    /// Treat quotes as ordinary characters.
    pub skip_process_quotes: bool,
    /// Leave references to unset variables as written (`${A:-x}` stays
    /// `${A:-x}`, with its word processed), as BuildKit does for step names.
    pub skip_unset_env: bool,
}

impl Lexer {
    pub fn new(escape: char) -> Lexer {
        Lexer {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_process_quotes: false,
            skip_unset_env: false,
        }
    }

    /// The lexer BuildKit uses to expand the body of a COPY/ADD heredoc with an
    /// unquoted delimiter: quotes and escapes stay, only variables are expanded
    /// (and not inside single quotes). RUN heredoc bodies are left to the shell.
    pub fn for_heredoc(escape: char) -> Lexer {
        Lexer {
            raw_quotes: true,
            raw_escapes: true,
            ..Lexer::new(escape)
        }
    }

    /// Processes `word` as a single word (BuildKit's `ProcessWord`).
    pub fn expand_word(&self, word: &str, lookup: &Lookup) -> Result<Expansion, ExpandError> {
        let processed = self
            .process(word, lookup, false)
            .map_err(|failure| failure.error)?;
        Ok(Expansion {
            value: processed.value,
            unset: processed.unset,
        })
    }

    /// Processes `word` and splits the result on whitespace outside quotes
    /// (BuildKit's `ProcessWords`).
    pub fn expand_words(&self, word: &str, lookup: &Lookup) -> Result<Vec<String>, ExpandError> {
        let processed = self
            .process(word, lookup, true)
            .map_err(|failure| failure.error)?;
        Ok(processed.words)
    }

    /// Processes `word` once, giving the value, the unset names and (when
    /// `split`) the words; a failure says where in `word` it happened.
    pub fn process(
        &self,
        word: &str,
        lookup: &Lookup,
        split: bool,
    ) -> Result<ProcessedWord, ExpandFailure> {
        lexer::process(self, word, lookup, split)
    }
}

/// Processes `word` as a single word: quotes removed, escapes applied,
/// variables expanded, no splitting.
pub fn expand_word(word: &str, escape: char, lookup: &Lookup) -> Result<Expansion, ExpandError> {
    Lexer::new(escape).expand_word(word, lookup)
}

/// Processes `word` and splits it into words on whitespace outside quotes
/// (whitespace coming from a variable's value splits too).
pub fn expand_words(word: &str, escape: char, lookup: &Lookup) -> Result<Vec<String>, ExpandError> {
    Lexer::new(escape).expand_words(word, lookup)
}
