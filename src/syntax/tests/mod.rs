//! Tests of exact spans and of error recovery on whole files.

mod recovery;
mod spans;

use crate::line_index::LineIndex;
use crate::span::Span;

/// 1-based (line, column) of a span's start.
fn position(source: &str, span: Span) -> (u32, u32) {
    let index = LineIndex::new(source);
    let at = index.line_col(source, span.start as usize);
    (at.line, at.column)
}
