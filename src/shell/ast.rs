//! The parsed shape of a shell script: simple commands in source order, with
//! their words, assignments and redirections, plus pipeline and list context.
//!
//! Every [`Span`] here is a byte range into the script text that was parsed
//! (not into the Dockerfile); callers map it to the source themselves.

use std::sync::Arc;

use super::command::Peeled;
use crate::span::Span;

/// A parsed script. Built once by [`crate::shell::parse`]; rules query it.
#[derive(Debug, Clone, Default)]
pub struct Script {
    /// Every simple command, in source order (by start offset), including those
    /// nested in substitutions, compound commands and `sh -c` scripts.
    pub commands: Vec<Command>,
    /// Every pipeline (a single command is a pipeline of length 1), in source order.
    pub pipelines: Vec<Pipeline>,
    /// Problems found while parsing; parsing always goes on after them.
    pub errors: Vec<ParseError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub span: Span,
    pub message: String,
}

/// The operator joining a command (or pipeline) to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Connector {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;`
    Semicolon,
    /// A line break.
    Newline,
    /// `&`: the previous pipeline runs in the background.
    Background,
    /// `|`
    Pipe,
    /// `|&`
    PipeStderr,
}

impl Connector {
    pub fn as_str(self) -> &'static str {
        match self {
            Connector::And => "&&",
            Connector::Or => "||",
            Connector::Semicolon => ";",
            Connector::Newline => "\n",
            Connector::Background => "&",
            Connector::Pipe => "|",
            Connector::PipeStderr => "|&",
        }
    }
}

/// Where a command or pipeline sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Nesting {
    /// Inside `$(...)`, backticks or `<(...)`/`>(...)` (the command's output is consumed).
    pub in_substitution: bool,
    /// Inside `( ... )`.
    pub in_subshell: bool,
    /// Index (into [`Script::commands`]) of the `sh -c` / `bash -c` command whose
    /// inner script contains this command.
    pub shell_wrapper: Option<u32>,
    /// Start offset of the innermost enclosing subshell or substitution (a
    /// separate shell process); `None` at the top level of a script.
    pub scope: Option<u32>,
    /// Number of enclosing substitutions, subshells, groups, compound commands and wrappers.
    pub depth: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    /// From the first element (or `!`) to the end of the last element.
    pub span: Span,
    /// `! cmd | cmd`
    pub negated: bool,
    /// The operator before this pipeline in its list; `None` for the first one of a list.
    pub connector: Option<Connector>,
    /// Number of elements (simple or compound commands).
    pub len: u32,
    /// The simple commands that are direct elements, as indexes into [`Script::commands`].
    pub commands: PipelineCommands,
    /// The `|` / `|&` operators between elements.
    pub pipes: Vec<Span>,
    pub nesting: Nesting,
}

/// A simple command: assignments, words (argv) and redirections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// From the first assignment, word or redirection to the end of the last one.
    pub span: Span,
    /// `NAME=value` words before the command name.
    pub assignments: Vec<Assignment>,
    /// argv: the command name and its arguments, assignments excluded.
    pub words: CommandWords,
    pub redirects: Vec<Redirect>,
    /// Index into [`Script::pipelines`] of the pipeline this command is an element of.
    /// (Indexes and counts here are `u32`, like spans: commands are smaller
    /// to build, move and free.)
    pub pipeline: u32,
    /// Position among the pipeline's elements (0-based).
    pub index_in_pipeline: u32,
    /// Number of elements of that pipeline (1 when not piped).
    pub pipeline_len: u32,
    /// `|`/`|&` for a later pipeline element; for the first element, the list
    /// operator before its pipeline (`None` when it starts a list).
    pub connector: Option<Connector>,
    /// Whether its pipeline is negated with `!`.
    pub negated: bool,
    pub nesting: Nesting,
    /// The wrappers (`sudo`, `env`, ...) peeled off once by the parser, for
    /// [`Command::effective`], which every shell rule calls.
    pub(crate) peeled: Peeled,
}

/// The words of one command, read as a slice: a range of one array that all
/// the commands of a script share. One allocation per script instead of one
/// per command (allocating and freeing them was a tenth of building scripts).
#[derive(Clone, Default)]
pub struct CommandWords {
    /// `None` while the script is being parsed (the array is not built yet)
    /// and for a command without words.
    all: Option<Arc<Vec<Word>>>,
    start: u32,
    end: u32,
}

impl CommandWords {
    /// The range `start..end` of the script's words, readable once
    /// [`Self::attach`] gives it the array.
    pub(super) fn range(start: usize, end: usize) -> CommandWords {
        // Fewer words than script bytes, and scripts are `u32`-addressed.
        let index = |value: usize| u32::try_from(value).unwrap_or(u32::MAX);
        CommandWords {
            all: None,
            start: index(start),
            end: index(end),
        }
    }

    /// The range in the script's words.
    pub(super) fn bounds(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Reads the words from `all` (the array the range indexes).
    pub(super) fn attach(&mut self, all: &Arc<Vec<Word>>) {
        if self.start < self.end {
            self.all = Some(Arc::clone(all));
        }
    }

    #[inline]
    pub fn as_slice(&self) -> &[Word] {
        self.all
            .as_deref()
            .and_then(|all| all.get(self.start as usize..self.end as usize))
            .unwrap_or(&[])
    }
}

impl std::ops::Deref for CommandWords {
    type Target = [Word];

    #[inline]
    fn deref(&self) -> &[Word] {
        self.as_slice()
    }
}

impl<'w> IntoIterator for &'w CommandWords {
    type Item = &'w Word;
    type IntoIter = std::slice::Iter<'w, Word>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl PartialEq for CommandWords {
    /// Equal words, wherever they are stored.
    fn eq(&self, other: &CommandWords) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for CommandWords {}

impl std::fmt::Debug for CommandWords {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_list().entries(self.as_slice()).finish()
    }
}

/// `NAME=value`, `NAME+=value` or `NAME=(array words)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub name_span: Span,
    /// Everything after `=` (possibly empty), as a word.
    pub value: Word,
    /// The whole assignment word.
    pub span: Span,
    pub append: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RedirectOp {
    /// `<`
    Input,
    /// `>`
    Output,
    /// `>|`
    Clobber,
    /// `>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupInput,
    /// `>&`
    DupOutput,
    /// `&>`
    OutputAll,
    /// `&>>`
    AppendAll,
    /// `<<` and `<<-`
    Heredoc,
    /// `<<<`
    HereString,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// From the file descriptor number (or operator) to the end of the target.
    pub span: Span,
    pub op: RedirectOp,
    pub op_span: Span,
    /// `2>` gives `Some(2)`.
    pub fd: Option<u32>,
    /// The file, descriptor (`1` of `2>&1`), here-string or heredoc delimiter word;
    /// `None` when missing (an error is recorded).
    pub target: Option<Word>,
    pub heredoc: Option<HeredocBody>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeredocBody {
    /// The delimiter after quote removal.
    pub delimiter: String,
    /// `<<-`: leading tabs are stripped from body lines and the terminator.
    pub strip_tabs: bool,
    /// Any part of the delimiter was quoted: the body is not expanded.
    pub quoted: bool,
    /// The body lines (line breaks included, terminator excluded). `None` when
    /// the script ends on the marker line: the body is outside the script text
    /// (a Dockerfile heredoc), not an error.
    pub body: Option<Span>,
    /// The terminator line; `None` when the script ended first.
    pub terminator: Option<Span>,
}

/// One shell word, with its parts as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub span: Span,
    pub parts: WordParts,
}

impl Word {
    /// An empty word, for the parser to push and fill in place (see `push_word`).
    pub(super) const PLACEHOLDER: Word = Word {
        span: Span { start: 0, end: 0 },
        parts: WordParts(PartsRepr::Many(Vec::new())),
    };
}

/// An index or count stored as `u32` in the AST (scripts are `u32`-addressed,
/// and there are fewer commands, pipelines or elements than script bytes).
pub(super) fn index_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// The command indexes of a pipeline: most pipelines have one or two
/// commands, kept inline (no allocation).
pub type PipelineCommands = smallvec::SmallVec<[usize; 2]>;

/// The parts of a word: most words are one part, kept inline (no
/// allocation). Read as a slice of [`WordPart`]s.
///
/// A plain enum rather than a `SmallVec`: the optimiser keeps a `SmallVec`'s
/// inline storage (a union) in memory, so each new word was built on the
/// stack and copied on whole right after, a store-forwarding stall per word.
#[derive(Clone, Default, Eq)]
pub struct WordParts(PartsRepr);

#[derive(Clone, Eq, PartialEq)]
enum PartsRepr {
    One(WordPart),
    Many(Vec<WordPart>),
}

impl Default for PartsRepr {
    fn default() -> Self {
        PartsRepr::Many(Vec::new())
    }
}

impl WordParts {
    /// No parts.
    pub fn new() -> WordParts {
        WordParts::default()
    }

    /// A single part.
    #[inline]
    pub fn one(part: WordPart) -> WordParts {
        WordParts(PartsRepr::One(part))
    }

    #[inline]
    pub fn as_slice(&self) -> &[WordPart] {
        match &self.0 {
            PartsRepr::One(part) => std::slice::from_ref(part),
            PartsRepr::Many(parts) => parts,
        }
    }

    pub fn as_mut_slice(&mut self) -> &mut [WordPart] {
        match &mut self.0 {
            PartsRepr::One(part) => std::slice::from_mut(part),
            PartsRepr::Many(parts) => parts,
        }
    }

    #[inline]
    pub fn push(&mut self, part: WordPart) {
        if let PartsRepr::Many(parts) = &mut self.0
            && !parts.is_empty()
        {
            parts.push(part);
            return;
        }
        self.0 = match std::mem::take(&mut self.0) {
            PartsRepr::One(first) => PartsRepr::Many(vec![first, part]),
            PartsRepr::Many(_) => PartsRepr::One(part),
        };
    }

    /// Moves `other`'s parts after these.
    pub fn append(&mut self, other: WordParts) {
        match other.0 {
            PartsRepr::One(part) => self.push(part),
            PartsRepr::Many(parts) => parts.into_iter().for_each(|part| self.push(part)),
        }
    }
}

impl std::ops::Deref for WordParts {
    type Target = [WordPart];

    fn deref(&self) -> &[WordPart] {
        self.as_slice()
    }
}

impl std::ops::DerefMut for WordParts {
    fn deref_mut(&mut self) -> &mut [WordPart] {
        self.as_mut_slice()
    }
}

impl PartialEq for WordParts {
    /// Equal parts, however they are stored.
    fn eq(&self, other: &WordParts) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl std::fmt::Debug for WordParts {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_list().entries(self.as_slice()).finish()
    }
}

impl Extend<WordPart> for WordParts {
    fn extend<I: IntoIterator<Item = WordPart>>(&mut self, parts: I) {
        parts.into_iter().for_each(|part| self.push(part));
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordPart {
    /// Plain text (unquoted at the top level; quoted when inside `DoubleQuoted`).
    Literal(Span),
    /// A backslash and the character it quotes (`\x`); the value is that character.
    Escaped(Span),
    /// Backslash + line break: removed from the value.
    LineContinuation(Span),
    /// `'...'`, quotes included.
    SingleQuoted(Span),
    /// `$'...'`, quotes included.
    AnsiCQuoted(Span),
    /// `"..."` or `$"..."`, quotes included.
    DoubleQuoted { span: Span, parts: Vec<WordPart> },
    /// `$name`, `$1`, `$@`, `${...}`; `name` is the range of the name
    /// (`HOME` of `${HOME:-/root}`), empty when there is none (`${}`).
    Parameter { span: Span, name: Span },
    /// `$(...)` or `` `...` ``.
    CommandSubstitution { span: Span, backquoted: bool },
    /// `$((...))` or `$[...]`.
    Arithmetic(Span),
    /// `<(...)` or `>(...)`.
    ProcessSubstitution(Span),
}

impl WordPart {
    pub fn span(&self) -> Span {
        match self {
            WordPart::Literal(span)
            | WordPart::Escaped(span)
            | WordPart::LineContinuation(span)
            | WordPart::SingleQuoted(span)
            | WordPart::AnsiCQuoted(span)
            | WordPart::Arithmetic(span)
            | WordPart::ProcessSubstitution(span) => *span,
            WordPart::DoubleQuoted { span, .. }
            | WordPart::Parameter { span, .. }
            | WordPart::CommandSubstitution { span, .. } => *span,
        }
    }

    /// Whether the value depends on an expansion (parameter, substitution, arithmetic).
    pub fn is_expansion(&self) -> bool {
        match self {
            WordPart::Parameter { .. }
            | WordPart::CommandSubstitution { .. }
            | WordPart::Arithmetic(_)
            | WordPart::ProcessSubstitution(_) => true,
            WordPart::DoubleQuoted { parts, .. } => parts.iter().any(WordPart::is_expansion),
            _ => false,
        }
    }
}
