//! The syntax tree of one Dockerfile.
//!
//! Every node carries a byte span into the source text, so the tree plus the
//! source is lossless: comments, directives, continuation lines and heredoc
//! bodies are all located. Values follow BuildKit's parser layer (see
//! `shared/docs/dockerfile-syntax.md`); nothing here is expanded or validated
//! beyond what that layer does.

use serde::Serialize;

use crate::span::{Span, Spanned};

#[derive(Debug, Clone, Serialize)]
pub struct Dockerfile {
    /// Whether the text starts with a UTF-8 byte order mark (skipped by the parser).
    pub bom: bool,
    /// The escape character in effect: `\` or `` ` ``.
    pub escape: char,
    /// Parser directives of the leading block (`# syntax=`, `# escape=`, `# check=`).
    pub directives: Vec<Directive>,
    pub instructions: Vec<Instruction>,
    /// Every comment line, in source order, including those inside continuations.
    pub comments: Vec<Comment>,
    /// Layer-2 errors (BuildKit would refuse the file); each becomes a DL1000 diagnostic.
    pub errors: Vec<SyntaxError>,
    /// Empty or whitespace-only lines inside a continued instruction (BuildKit warns).
    pub empty_continuation_lines: Vec<EmptyContinuationLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Directive {
    /// The key as written (`syntax`, `ESCAPE`, ...).
    pub key: Spanned<String>,
    /// The value, trailing whitespace removed.
    pub value: Spanned<String>,
    /// The whole directive line (from `#`, without the line break).
    pub span: Span,
}

impl Directive {
    /// The key lowercased (directive keys are case-insensitive).
    pub fn name(&self) -> String {
        self.key.value.to_ascii_lowercase()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Comment {
    /// From `#` to the end of the line, without the line break (and without a trailing `\r`).
    pub span: Span,
    /// The text after `#`, untrimmed.
    pub text: String,
    /// Whether the comment sits inside a continued instruction (BuildKit drops it there).
    pub inside_instruction: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    pub message: String,
    /// 2 when BuildKit's parser itself rejects the file; 3 when its instruction
    /// layer would (unknown instruction, wrong argument count, unknown flag, ...).
    pub layer: u8,
    /// The exact place of the problem (a whole instruction only when nothing finer is known).
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct EmptyContinuationLine {
    /// Index into `Dockerfile::instructions`.
    pub instruction: usize,
    /// The empty line (without its line break).
    pub span: Span,
}

/// The 18 instructions BuildKit knows, plus everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl Keyword {
    /// Case-insensitive lookup; unknown words give `Keyword::Unknown`.
    pub fn parse(word: &str) -> Keyword {
        const ALL: [(&str, Keyword); 18] = [
            ("ADD", Keyword::Add),
            ("ARG", Keyword::Arg),
            ("CMD", Keyword::Cmd),
            ("COPY", Keyword::Copy),
            ("ENTRYPOINT", Keyword::Entrypoint),
            ("ENV", Keyword::Env),
            ("EXPOSE", Keyword::Expose),
            ("FROM", Keyword::From),
            ("HEALTHCHECK", Keyword::Healthcheck),
            ("LABEL", Keyword::Label),
            ("MAINTAINER", Keyword::Maintainer),
            ("ONBUILD", Keyword::Onbuild),
            ("RUN", Keyword::Run),
            ("SHELL", Keyword::Shell),
            ("STOPSIGNAL", Keyword::Stopsignal),
            ("USER", Keyword::User),
            ("VOLUME", Keyword::Volume),
            ("WORKDIR", Keyword::Workdir),
        ];
        ALL.iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(word))
            .map_or(Keyword::Unknown, |(_, kw)| *kw)
    }

    /// The canonical (upper-case) spelling; `None` for unknown instructions.
    pub fn as_str(self) -> Option<&'static str> {
        Some(match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => return None,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Instruction {
    pub kind: Keyword,
    /// The keyword as written (`from`, `FrOm`, ...).
    pub keyword: Spanned<String>,
    /// From the keyword to the end of the instruction's last physical line
    /// (continuations included, line break and heredoc bodies excluded).
    pub span: Span,
    /// `span` extended over the heredoc bodies and terminators, if any.
    pub full_span: Span,
    pub flags: Vec<Flag>,
    pub args: Arguments,
    pub heredocs: Vec<Heredoc>,
    /// The assembled logical line (BuildKit's `Original`, left-trimmed) with its map back to the source.
    pub line: LogicalLine,
    /// Indexes into `Dockerfile::comments` of the comments attached to this
    /// instruction (BuildKit's `PrevComment`: those since the previous instruction).
    pub comments: Vec<usize>,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|flag| flag.name.value == name)
    }

    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags
            .iter()
            .filter(move |flag| flag.name.value == name)
    }
}

/// A `--name[=value]` word before the arguments.
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    /// The whole flag word in the source.
    pub span: Span,
    /// The name without the leading `--` (`mount`, `from`, ...).
    pub name: Spanned<String>,
    /// The value after the first `=`, quotes and escapes removed; `None` for `--link`.
    pub value: Option<Spanned<String>>,
    /// The flag as BuildKit stores it: leading `--` kept, quotes and escapes removed.
    pub raw: String,
}

/// One argument word, JSON string or free text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Word {
    /// For JSON elements the decoded string; otherwise the logical text
    /// (continuation markers removed, quotes and escapes kept).
    pub text: String,
    /// Where the word lies in the source (may cover several physical lines).
    pub span: Span,
    /// Variable references (`$v`, `${v...}`), only for words BuildKit expands.
    pub vars: Vec<VarRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VarRef {
    pub name: String,
    /// The whole reference (`$v`, `${v:-x}`) in the source.
    pub span: Span,
    /// The operator of a `${v<op>word}` form (`:-`, `-`, `:+`, `+`, `:?`, `?`, `#`, `##`, `%`, `%%`, `/`, `//`).
    pub operator: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "shape", rename_all = "snake_case")]
pub enum Arguments {
    /// No arguments at all (`RUN`, `CMD []` is `Command` with an empty exec list).
    Empty,
    /// RUN, CMD, ENTRYPOINT, SHELL.
    Command(Command),
    /// ADD, COPY, VOLUME (JSON or whitespace-split), FROM, EXPOSE (whitespace-split).
    Words {
        words: Vec<Word>,
        json: bool,
    },
    /// ARG.
    Arg(Vec<ArgDecl>),
    /// ENV, LABEL.
    KeyValues(Vec<KeyValue>),
    Healthcheck(Healthcheck),
    /// USER, WORKDIR, STOPSIGNAL, MAINTAINER: the rest of the line as one string.
    Text(Word),
    /// ONBUILD: the trigger instruction (absent when ONBUILD has nothing after it).
    Onbuild(Option<Box<Instruction>>),
    /// An unknown instruction: the rest of the line, kept for messages.
    Unknown(Option<Word>),
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Command {
    /// `["exe", "arg"]`: one word per element, decoded.
    Exec { elements: Vec<Word>, span: Span },
    /// Everything else: the whole text as one word.
    Shell(Word),
}

#[derive(Debug, Clone, Serialize)]
pub struct ArgDecl {
    /// The whole word (`NAME=default`, quotes kept).
    pub word: Word,
    pub name: Spanned<String>,
    /// The default after `=`, quotes kept (quote removal happens at expansion).
    pub default: Option<Word>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyValue {
    pub key: Word,
    /// The value, quotes and escapes kept.
    pub value: Word,
    /// The `=` of a `k=v` pair; `None` for the legacy `ENV k v` form.
    pub equals: Option<Span>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Healthcheck {
    /// `CMD`, `NONE`, or whatever was written; `None` for a bare `HEALTHCHECK`.
    pub kind: Option<Word>,
    /// The command after `CMD` (absent for NONE or a missing command).
    pub command: Option<Command>,
}

impl Healthcheck {
    pub fn is_none(&self) -> bool {
        self.kind
            .as_ref()
            .is_some_and(|word| word.text.eq_ignore_ascii_case("NONE"))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Heredoc {
    /// The delimiter name, quotes removed.
    pub name: String,
    /// The `<<EOF` word on the instruction line.
    pub marker: Span,
    /// `3<<EOF` gives `Some(3)`.
    pub file_descriptor: Option<u32>,
    /// `<<-`: leading tabs are stripped from body lines and the terminator.
    pub chomp: bool,
    /// False when any part of the delimiter was quoted.
    pub expand: bool,
    /// The raw body lines including their line endings, terminator excluded.
    pub body: Span,
    pub content: String,
    /// The terminator line; `None` when the file ended first (an error).
    pub terminator: Option<Span>,
}

/// An instruction's text after continuation lines are joined, with the map
/// from every logical offset back to the source.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LogicalLine {
    pub text: String,
    /// `(logical_offset, source_offset)` at the start of each contiguous piece, ascending.
    pub pieces: Vec<(u32, u32)>,
}

impl LogicalLine {
    /// Appends `text` that was read contiguously from `source_offset`.
    pub fn push_piece(&mut self, text: &str, source_offset: usize) {
        if text.is_empty() {
            return;
        }
        self.pieces
            .push((self.text.len() as u32, source_offset as u32));
        self.text.push_str(text);
    }

    /// Source offset of the logical offset `offset` (a character start).
    pub fn to_source(&self, offset: usize) -> usize {
        let offset = offset as u32;
        let index = match self.pieces.binary_search_by_key(&offset, |piece| piece.0) {
            Ok(index) => index,
            Err(0) => return self.pieces.first().map_or(0, |p| p.1 as usize),
            Err(next) => next - 1,
        };
        let (logical, source) = self.pieces[index];
        (source + (offset - logical)) as usize
    }

    /// Source offset just after the character that ends at logical `offset`:
    /// an end position stays on the piece it closes rather than jumping to the next line.
    pub fn to_source_end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.to_source(0);
        }
        let offset = offset as u32;
        let index = match self.pieces.binary_search_by_key(&offset, |piece| piece.0) {
            Ok(0) | Err(0) => 0,
            Ok(index) => index - 1,
            Err(next) => next - 1,
        };
        let (logical, source) = self.pieces[index];
        (source + (offset - logical)) as usize
    }

    /// The source span of the logical range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        if self.pieces.is_empty() {
            return Span::default();
        }
        let source_start = self.to_source(start);
        if end <= start {
            return Span::empty_at(source_start);
        }
        Span::new(source_start, self.to_source_end(end).max(source_start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logical_offsets_map_across_pieces() {
        // "RUN a \\\n  b" -> pieces "RUN a " at 0 and "  b" at 8
        let mut line = LogicalLine::default();
        line.push_piece("RUN a ", 0);
        line.push_piece("  b", 8);
        assert_eq!(line.text, "RUN a   b");
        assert_eq!(line.to_source(4), 4);
        assert_eq!(line.to_source(6), 8);
        assert_eq!(line.to_source(8), 10);
        // "a " ends at logical 6, which is on the first piece.
        assert_eq!(line.span(4, 6), Span::new(4, 6));
        // "a   b" spans both pieces.
        assert_eq!(line.span(4, 9), Span::new(4, 11));
    }
}
