//! The one place that turns byte offsets into lines and columns.
//!
//! Lines are split on `\n` only (as BuildKit does); a `\r` before it belongs to
//! the line's terminator for column purposes but is still a character of the line.
//! Columns are 1-based and counted from the true start of the physical line, in
//! Unicode scalar values (human and JSON output) or UTF-16 code units (SARIF, LSP).

use crate::span::Span;

#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the first byte of every line; `line_starts[0] == 0`.
    line_starts: Vec<u32>,
    len: u32,
}

/// A 1-based position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    /// 1-based column in Unicode scalar values.
    pub column: u32,
    /// 1-based column in UTF-16 code units.
    pub column_utf16: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        LineIndex {
            line_starts,
            len: text.len() as u32,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line number containing `offset` (an offset equal to the text
    /// length belongs to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = (offset as u32).min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where the 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(self.len) as usize
    }

    /// Byte span of the 0-based `line`, without its `\n` (a `\r` before it is kept).
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_start(line);
        let end = match self.line_starts.get(line + 1) {
            Some(next) => *next as usize - 1,
            None => self.len as usize,
        };
        Span::new(start, end.max(start))
    }

    /// 1-based line and columns of `offset` in `text` (the text this index was built from).
    /// Offsets inside a UTF-8 sequence are rounded down to its start.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let mut column = 1;
        let mut column_utf16 = 1;
        for (i, ch) in text[start..].char_indices() {
            if start + i >= offset {
                break;
            }
            column += 1;
            column_utf16 += ch.len_utf16() as u32;
        }
        LineCol {
            line: line as u32 + 1,
            column,
            column_utf16,
        }
    }

    /// Inverse of `line_col` for LSP: byte offset of a 0-based line and UTF-16 column,
    /// clamped to the line's end.
    pub fn offset_of_utf16(&self, text: &str, line: usize, utf16_column: usize) -> usize {
        if line >= self.line_count() {
            return text.len();
        }
        let span = self.line_span(line);
        let mut units = 0;
        for (i, ch) in span.text(text).char_indices() {
            if units >= utf16_column {
                return span.start as usize + i;
            }
            units += ch.len_utf16();
        }
        span.end as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_scalars_and_utf16_units() {
        let text = "FROM a\nLABEL x=\"é😀\" y=1\r\nRUN b";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let y = text.find("y=").unwrap();
        let pos = index.line_col(text, y);
        assert_eq!((pos.line, pos.column, pos.column_utf16), (2, 14, 15));
        let run = text.find("RUN").unwrap();
        assert_eq!(index.line_col(text, run).line, 3);
        assert_eq!(index.line_col(text, run).column, 1);
        assert_eq!(index.line_col(text, text.len()).column, 6);
        assert_eq!(index.offset_of_utf16(text, 1, 14), y);
    }

    #[test]
    fn line_span_excludes_newline() {
        let text = "a\nbc\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_span(1).text(text), "bc");
        assert_eq!(index.line_span(2).text(text), "");
    }
}
