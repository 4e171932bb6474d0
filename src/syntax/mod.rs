//! The Dockerfile parser: physical lines → logical instructions → [`ast::Dockerfile`].
//!
//! It follows BuildKit's parser layer (`shared/docs/dockerfile-syntax.md`) and
//! never stops: every problem is recorded in [`Dockerfile::errors`] with its
//! exact span and parsing resumes at the next instruction.

pub mod ast;
mod directives;
pub mod dump;
pub mod expand;
mod heredoc;
mod instruction;
mod json;
mod lines;
#[cfg(test)]
mod tests;
mod validate;
mod words;

pub use ast::*;

use crate::span::{Span, Spanned};
use instruction::Builder;
use lines::{Lines, MAX_LINE_LEN, PhysicalLine};

const BOM: &str = "\u{feff}";

/// Parses a whole Dockerfile. Never fails: problems BuildKit's parser would
/// reject are collected in [`Dockerfile::errors`] and parsing goes on.
pub fn parse(source: &str) -> Dockerfile {
    let bom = source.starts_with(BOM);
    let mut parser = Parser {
        source,
        lines: Lines::new(source, if bom { BOM.len() } else { 0 }),
        in_directive_block: true,
        pending_comments: Vec::new(),
        pieces: Vec::new(),
        dockerfile: Dockerfile {
            bom,
            escape: '\\',
            directives: Vec::new(),
            // Growing a Vec of large instructions copies them each time: a
            // rough count from the size (corpus files average ~60 bytes per
            // instruction) saves most of that.
            instructions: Vec::with_capacity((source.len() / 64).clamp(4, 256)),
            comments: Vec::new(),
            errors: Vec::new(),
            empty_continuation_lines: Vec::new(),
        },
    };
    parser.run();
    let mut dockerfile = parser.dockerfile;
    if dockerfile.instructions.is_empty() {
        dockerfile.errors.push(SyntaxError {
            message: "file with no instructions".to_string(),
            layer: 2,
            span: Span::empty_at(source.len()),
        });
    }
    dockerfile.errors.sort_by_key(|error| error.span.start);
    dockerfile
}

struct Parser<'a> {
    source: &'a str,
    lines: Lines<'a>,
    in_directive_block: bool,
    /// Comments since the previous instruction (BuildKit's `PrevComment`).
    pending_comments: Vec<usize>,
    /// The current instruction's `(source_offset, len)` pieces, reused from
    /// one instruction to the next so its logical line is built once, at its
    /// exact size.
    pieces: Vec<(usize, usize)>,
    dockerfile: Dockerfile,
}

impl Parser<'_> {
    fn run(&mut self) {
        while let Some(first) = self.next_line() {
            let content = first.content(self.source);
            let indent = lines::leading_whitespace_len(content);
            let text = content.get(indent..).unwrap_or("");
            let text_start = first.start + indent;
            if self.in_directive_block {
                if self.directive(first, text_start, text) {
                    continue;
                }
                self.in_directive_block = false;
            }
            if text.starts_with('#') {
                self.comment(text_start, first.content_end, false);
                continue;
            }
            let escape = self.dockerfile.escape;
            let (keep, continued) = match lines::continuation_cut(text, escape) {
                Some(keep) => (keep, true),
                None => (text.len(), false),
            };
            if keep == 0 && !continued {
                continue;
            }
            self.pieces.clear();
            self.pieces.push((text_start, keep));
            self.instruction(first, continued);
        }
    }

    /// The next physical line, checking BuildKit's maximum line length.
    fn next_line(&mut self) -> Option<PhysicalLine> {
        let line = self.lines.next()?;
        if line.scanned_len(self.source) > MAX_LINE_LEN {
            self.dockerfile.errors.push(SyntaxError {
                message: format!("line longer than the maximum of {MAX_LINE_LEN} bytes"),
                layer: 2,
                span: Span::new(line.start, line.content_end),
            });
        }
        Some(line)
    }

    /// Handles a line of the leading directive block; false when it ends the block.
    fn directive(&mut self, line: PhysicalLine, text_start: usize, text: &str) -> bool {
        let Some(found) = directives::match_directive(text) else {
            return false;
        };
        let key = text.get(found.key.0..found.key.1).unwrap_or("");
        let value = text.get(found.value.0..found.value.1).unwrap_or("");
        let name = key.to_ascii_lowercase();
        if !directives::KNOWN_KEYS.contains(&name.as_str()) {
            return false;
        }
        let span = Span::new(text_start, line.content_end);
        let value_span = Span::new(text_start + found.value.0, text_start + found.value.1);
        if self
            .dockerfile
            .directives
            .iter()
            .any(|directive| directive.name() == name)
        {
            self.dockerfile.errors.push(SyntaxError {
                message: format!("the `{name}` parser directive may appear only once"),
                layer: 2,
                span,
            });
            return true;
        }
        if name == "escape" {
            match value {
                "\\" => self.dockerfile.escape = '\\',
                "`" => self.dockerfile.escape = '`',
                _ => self.dockerfile.errors.push(SyntaxError {
                    message: format!("invalid escape character {value:?}: it must be ` or \\"),
                    layer: 2,
                    span: value_span,
                }),
            }
        }
        self.dockerfile.directives.push(Directive {
            key: Spanned::new(
                key.to_string(),
                Span::new(text_start + found.key.0, text_start + found.key.1),
            ),
            value: Spanned::new(value.to_string(), value_span),
            span,
        });
        true
    }

    fn comment(&mut self, hash: usize, end: usize, inside_instruction: bool) {
        let text = self.source.get(hash + 1..end).unwrap_or("").to_string();
        let index = self.dockerfile.comments.len();
        if !inside_instruction {
            if text.trim().is_empty() {
                self.pending_comments.clear();
            } else {
                self.pending_comments.push(index);
            }
        }
        self.dockerfile.comments.push(Comment {
            span: Span::new(hash, end),
            text,
            inside_instruction,
        });
    }

    /// Reads the rest of an instruction that started on `first`, then its heredocs.
    fn instruction(&mut self, first: PhysicalLine, mut continued: bool) {
        let index = self.dockerfile.instructions.len();
        let escape = self.dockerfile.escape;
        let mut last = first;
        while continued {
            let Some(next) = self.next_line() else {
                break;
            };
            last = next;
            let content = next.content(self.source);
            let indent = lines::leading_whitespace_len(content);
            if content
                .get(indent..)
                .is_some_and(|rest| rest.starts_with('#'))
            {
                self.comment(next.start + indent, next.content_end, true);
                continue;
            }
            if indent == content.len() {
                self.dockerfile
                    .empty_continuation_lines
                    .push(EmptyContinuationLine {
                        instruction: index,
                        span: Span::new(next.start, next.content_end),
                    });
                continue;
            }
            let keep = match lines::continuation_cut(content, escape) {
                Some(keep) => keep,
                None => {
                    continued = false;
                    content.len()
                }
            };
            self.pieces.push((next.start, keep));
        }
        let line = self.logical_line();

        let mut instruction = Builder {
            line: &line,
            escape,
            errors: &mut self.dockerfile.errors,
            depth: 0,
        }
        .instruction(0);
        let start = if instruction.keyword.span.is_empty() {
            first.start
        } else {
            instruction.keyword.span.start as usize
        };
        instruction.span = Span::new(start, last.content_end.max(start));
        let mut end = instruction.span.end as usize;
        if accepts_heredocs(&instruction) {
            for marker in heredoc::find_markers(&line.text) {
                let (heredoc, body_end) = self.heredoc(&line, marker);
                end = end.max(body_end);
                instruction.heredocs.push(heredoc);
            }
        }
        instruction.full_span = Span::new(instruction.span.start as usize, end);
        if let Arguments::Onbuild(Some(inner)) = &mut instruction.args {
            inner.span.end = instruction.span.end;
            inner.full_span = Span::new(inner.span.start as usize, end);
            inner.heredocs = instruction.heredocs.clone();
        }
        instruction.line = line;
        instruction.comments = std::mem::take(&mut self.pending_comments);
        validate::check(&instruction, &mut self.dockerfile.errors);
        self.dockerfile.instructions.push(instruction);
    }

    /// The logical line of the pieces read for the current instruction.
    fn logical_line(&self) -> LogicalLine {
        let len = self.pieces.iter().map(|&(_, len)| len).sum();
        let mut line = LogicalLine {
            text: String::with_capacity(len),
            pieces: Vec::with_capacity(self.pieces.len()),
        };
        for &(start, len) in &self.pieces {
            let piece = self.source.get(start..start + len).unwrap_or("");
            line.push_piece(piece, start);
        }
        line
    }

    /// Reads one heredoc body; returns it and the end of its last consumed line.
    fn heredoc(&mut self, line: &LogicalLine, marker: heredoc::Marker) -> (Heredoc, usize) {
        let marker_span = line.span(marker.start, marker.end);
        let body_start = self.lines.position();
        let mut terminator = None;
        let mut body_end = body_start;
        let mut last_end = body_start;
        while let Some(next) = self.next_line() {
            let content = next.content(self.source);
            let candidate = if marker.chomp {
                content.trim_start_matches('\t')
            } else {
                content
            };
            if candidate == marker.name {
                terminator = Some(Span::new(next.start, next.content_end));
                last_end = next.content_end;
                break;
            }
            body_end = next.end;
            last_end = next.content_end;
        }
        if terminator.is_none() {
            self.dockerfile.errors.push(SyntaxError {
                message: format!(
                    "unterminated heredoc: no line `{}` before the end of the file",
                    marker.name
                ),
                layer: 2,
                span: marker_span,
            });
        }
        let body = Span::new(body_start, body_end);
        let heredoc = Heredoc {
            content: body.text(self.source).to_string(),
            name: marker.name,
            marker: marker_span,
            file_descriptor: marker.file_descriptor,
            chomp: marker.chomp,
            expand: marker.expand,
            body,
            terminator,
        };
        (heredoc, last_end)
    }
}

/// RUN, COPY and ADD in shell form (also as an ONBUILD trigger) may have heredocs.
fn accepts_heredocs(instruction: &Instruction) -> bool {
    let target = match &instruction.args {
        Arguments::Onbuild(Some(inner)) => inner.as_ref(),
        _ => instruction,
    };
    match (&target.kind, &target.args) {
        (Keyword::Run, Arguments::Command(Command::Exec { .. })) => false,
        (Keyword::Copy | Keyword::Add, Arguments::Words { json: true, .. }) => false,
        (kind, _) => matches!(kind, Keyword::Run | Keyword::Copy | Keyword::Add),
    }
}
