//! A script as handed to the checker (preamble inserted, heredoc bodies
//! appended) and the map from its lines back to the Dockerfile.

use crate::semantic::RunScript;
use crate::span::Span;

use super::position::offset_of;
use super::{ScriptFinding, ScriptInput, ScriptReplacement};

/// What a run of lines of the checker's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Piece {
    /// Lines of the script's own text, from this 0-based script line on.
    Script { first_line: usize },
    /// Lines copied verbatim from the Dockerfile, starting at this byte.
    Source { start: usize },
    /// Lines we added (the `export` preamble).
    Added,
}

#[derive(Debug)]
pub(super) struct PreparedScript {
    pub input: ScriptInput,
    /// The instruction and the index of the script among its scripts.
    pub instruction: usize,
    pub script: usize,
    /// Each piece with the 0-based line of `input.text` where it starts, in order.
    pieces: Vec<(usize, Piece)>,
}

/// Where a position of the checker's text lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Location {
    /// A byte offset in the script's text.
    Script(usize),
    /// A byte offset in the Dockerfile.
    Source(usize),
}

impl PreparedScript {
    pub fn builder(instruction: usize, script: usize) -> PreparedBuilder {
        PreparedBuilder {
            text: String::new(),
            lines: 0,
            pieces: Vec::new(),
            instruction,
            script,
        }
    }

    /// The Dockerfile span of a finding on this script.
    pub fn source_span(&self, script: &RunScript, source: &str, finding: &ScriptFinding) -> Span {
        let start = self.locate(script, source, finding.line, finding.column);
        let end = self.locate(script, source, finding.end_line, finding.end_column);
        if let (Location::Script(start), Location::Script(end)) = (start, end) {
            return script.source_span(Span::new(start, end.max(start)));
        }
        let in_source = |location| match location {
            Location::Script(offset) => script.source_span(Span::empty_at(offset)).start as usize,
            Location::Source(offset) => offset,
        };
        let start = in_source(start);
        Span::new(start, in_source(end).max(start))
    }

    /// The Dockerfile bytes a replacement covers, only when they are exactly
    /// the checker's text there (so the edit changes what ShellCheck meant).
    pub fn verbatim_span(
        &self,
        script: &RunScript,
        source: &str,
        replacement: &ScriptReplacement,
    ) -> Option<Span> {
        let start = self.locate(script, source, replacement.line, replacement.column);
        let end = self.locate(script, source, replacement.end_line, replacement.end_column);
        match (start, end) {
            (Location::Script(start), Location::Script(end)) if start <= end => {
                let span = script.source_span(Span::new(start, end));
                let written = source.get(span.start as usize..span.end as usize)?;
                (script.text.get(start..end)? == written).then_some(span)
            }
            (Location::Source(start), Location::Source(end)) if start <= end => {
                Some(Span::new(start, end))
            }
            _ => None,
        }
    }

    fn locate(&self, script: &RunScript, source: &str, line: usize, column: usize) -> Location {
        let line = line.saturating_sub(1);
        let Some(&(first, piece)) = self.pieces.iter().rfind(|(first, _)| *first <= line) else {
            return Location::Script(0);
        };
        match piece {
            Piece::Script { first_line } => {
                Location::Script(offset_of(&script.text, first_line + line - first, column))
            }
            Piece::Source { start } => {
                let rest = source.get(start..).unwrap_or_default();
                Location::Source(start + offset_of(rest, line - first, column))
            }
            // Nothing should be reported there: the script's start.
            Piece::Added => Location::Script(0),
        }
    }
}

/// Appends whole lines to the checker's text, noting what each run of lines is.
pub(super) struct PreparedBuilder {
    text: String,
    lines: usize,
    pieces: Vec<(usize, Piece)>,
    instruction: usize,
    script: usize,
}

impl PreparedBuilder {
    /// Appends `chunk` (which should end with a line break unless it is last).
    pub fn push(&mut self, chunk: &str, piece: Piece) {
        if chunk.is_empty() {
            return;
        }
        self.pieces.push((self.lines, piece));
        // BuildKit drops the `\r` of CRLF line ends, so the shell never sees
        // it; dropping it moves no column (it is last on its line).
        self.text.push_str(&chunk.replace("\r\n", "\n"));
        self.lines += chunk.matches('\n').count();
    }

    pub fn finish(self, dialect: super::Dialect) -> PreparedScript {
        PreparedScript {
            input: ScriptInput {
                text: self.text,
                dialect,
            },
            instruction: self.instruction,
            script: self.script,
            pieces: self.pieces,
        }
    }
}
