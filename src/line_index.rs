//! The one place that turns byte offsets into lines and columns.
//!
//! Lines are split on `\n` only (as BuildKit does); a `\r` before it belongs to
//! the line's terminator for column purposes but is still a character of the line.
//! Columns are 1-based and counted from the true start of the physical line, in
//! Unicode scalar values (human and JSON output) or UTF-16 code units (SARIF, LSP).
//!
//! Columns cost O(1) on ASCII-only lines and O([`CHECKPOINT_STRIDE`]) on others,
//! whatever the line's length: a 150 KB line with thousands of findings stays fast.

use crate::span::Span;

/// Non-ASCII lines longer than this many bytes get column checkpoints.
const LONG_LINE_BYTES: usize = 512;
/// Bytes between two checkpoints of a long non-ASCII line.
const CHECKPOINT_STRIDE: usize = 256;

#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the first byte of every line; `line_starts[0] == 0`.
    line_starts: Vec<u32>,
    len: u32,
    /// One bit per line: set when the line has a non-ASCII byte (columns then
    /// differ from byte offsets).
    non_ascii: Vec<u64>,
    /// Long non-ASCII lines with their checkpoints, sorted by line.
    long_lines: Vec<LongLine>,
}

/// Column counts at every `CHECKPOINT_STRIDE` bytes of one long non-ASCII line.
#[derive(Debug, Clone)]
struct LongLine {
    line: u32,
    /// `checkpoints[k]` counts the characters before byte `k * CHECKPOINT_STRIDE`
    /// of the line (a checkpoint may fall inside a character: counting lead
    /// bytes makes that harmless).
    checkpoints: Vec<ColumnCount>,
}

/// Characters and UTF-16 code units in some stretch of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct ColumnCount {
    chars: u32,
    utf16: u32,
}

impl ColumnCount {
    /// Counts by lead bytes, so it never needs char boundaries: every byte that
    /// is not a continuation byte starts a character, and 4-byte characters
    /// (lead byte 0xF0 and up) take two UTF-16 units.
    fn of(bytes: &[u8]) -> ColumnCount {
        let mut chars = 0u32;
        let mut astral = 0u32;
        for &byte in bytes {
            chars += u32::from(byte & 0xC0 != 0x80);
            astral += u32::from(byte >= 0xF0);
        }
        ColumnCount {
            chars,
            utf16: chars + astral,
        }
    }

    fn plus(self, other: ColumnCount) -> ColumnCount {
        ColumnCount {
            chars: self.chars + other.chars,
            utf16: self.utf16 + other.utf16,
        }
    }
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
        let mut non_ascii = Vec::new();
        let bytes = text.as_bytes();
        // Vectorised scans (line breaks, then ASCII-ness per line only when
        // the text has non-ASCII bytes at all): this runs on every file.
        let all_ascii = text.is_ascii();
        let mut line_start = 0;
        for newline in memchr::memchr_iter(b'\n', bytes) {
            if !all_ascii && !bytes.get(line_start..newline).is_none_or(<[u8]>::is_ascii) {
                set_bit(&mut non_ascii, line_starts.len() - 1);
            }
            line_starts.push(newline as u32 + 1);
            line_start = newline + 1;
        }
        if !all_ascii && !bytes.get(line_start..).is_none_or(<[u8]>::is_ascii) {
            set_bit(&mut non_ascii, line_starts.len() - 1);
        }
        let mut index = LineIndex {
            line_starts,
            len: text.len() as u32,
            non_ascii,
            long_lines: Vec::new(),
        };
        if !index.non_ascii.is_empty() {
            index.long_lines = index.checkpoint_long_lines(bytes);
        }
        index
    }

    fn checkpoint_long_lines(&self, bytes: &[u8]) -> Vec<LongLine> {
        let mut long_lines = Vec::new();
        for line in 0..self.line_count() {
            if !self.has_non_ascii(line) {
                continue;
            }
            let span = self.line_span(line);
            let Some(line_bytes) = bytes.get(span.range()) else {
                continue;
            };
            if line_bytes.len() <= LONG_LINE_BYTES {
                continue;
            }
            let mut count = ColumnCount::default();
            let mut checkpoints = Vec::with_capacity(line_bytes.len() / CHECKPOINT_STRIDE + 1);
            checkpoints.push(count);
            let mut chunks = line_bytes.chunks_exact(CHECKPOINT_STRIDE);
            for chunk in &mut chunks {
                count = count.plus(ColumnCount::of(chunk));
                checkpoints.push(count);
            }
            long_lines.push(LongLine {
                line: line as u32,
                checkpoints,
            });
        }
        long_lines
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line number containing `offset` (an offset equal to the text
    /// length belongs to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len as usize) as u32;
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

    /// Whether the 0-based `line` has a byte outside ASCII.
    fn has_non_ascii(&self, line: usize) -> bool {
        self.non_ascii
            .get(line / 64)
            .is_some_and(|word| word & (1 << (line % 64)) != 0)
    }

    /// 1-based line and columns of `offset` in `text` (the text this index was built from).
    /// Offsets inside a UTF-8 sequence are rounded down to its start.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let mut offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        let count = if self.has_non_ascii(line) {
            while offset > start && !text.is_char_boundary(offset) {
                offset -= 1;
            }
            self.count_before(text.as_bytes(), line, start, offset)
        } else {
            let columns = (offset - start) as u32;
            ColumnCount {
                chars: columns,
                utf16: columns,
            }
        };
        LineCol {
            line: line as u32 + 1,
            column: count.chars + 1,
            column_utf16: count.utf16 + 1,
        }
    }

    /// Characters and UTF-16 units of `line` (starting at byte `start`) before `offset`.
    fn count_before(&self, bytes: &[u8], line: usize, start: usize, offset: usize) -> ColumnCount {
        let long_line = self
            .long_lines
            .binary_search_by_key(&(line as u32), |long| long.line)
            .ok()
            .and_then(|found| self.long_lines.get(found));
        let (from, base) = match long_line {
            Some(long) => {
                let stride = (offset - start) / CHECKPOINT_STRIDE;
                match long.checkpoints.get(stride) {
                    Some(base) => (start + stride * CHECKPOINT_STRIDE, *base),
                    None => (start, ColumnCount::default()),
                }
            }
            None => (start, ColumnCount::default()),
        };
        base.plus(ColumnCount::of(bytes.get(from..offset).unwrap_or(&[])))
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

fn set_bit(bits: &mut Vec<u64>, index: usize) {
    let word = index / 64;
    if bits.len() <= word {
        bits.resize(word + 1, 0);
    }
    if let Some(slot) = bits.get_mut(word) {
        *slot |= 1 << (index % 64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The obvious per-character scan: what `line_col` must agree with.
    fn slow_line_col(text: &str, offset: usize) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let columns = &before[line_start..];
        LineCol {
            line: before.matches('\n').count() as u32 + 1,
            column: columns.chars().count() as u32 + 1,
            column_utf16: columns.encode_utf16().count() as u32 + 1,
        }
    }

    fn assert_matches_slow_scan(text: &str) {
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.line_col(text, offset),
                slow_line_col(text, offset),
                "offset {offset}"
            );
        }
    }

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

    #[test]
    fn short_lines_agree_with_a_character_scan() {
        assert_matches_slow_scan("");
        assert_matches_slow_scan("\n\n");
        assert_matches_slow_scan("FROM a\r\nLABEL x=\"é😀\" y=1\r\nRUN b\r\n");
        assert_matches_slow_scan("a\r\n\u{feff}ébc\n\n\t😀 x\\\n y\r");
    }

    #[test]
    fn long_ascii_lines_are_counted_from_their_start() {
        let long = "x".repeat(200_000);
        let text = format!("FROM a\r\nRUN {long}\r\nRUN é{long}");
        let index = LineIndex::new(&text);
        let end_of_run = text.find("\r\nRUN é").unwrap();
        let pos = index.line_col(&text, end_of_run);
        assert_eq!(
            (pos.line, pos.column, pos.column_utf16),
            (2, 200_005, 200_005)
        );
        let pos = index.line_col(&text, end_of_run + 1);
        assert_eq!((pos.line, pos.column), (2, 200_006));
        let pos = index.line_col(&text, text.len());
        assert_eq!(
            (pos.line, pos.column, pos.column_utf16),
            (3, 200_006, 200_006)
        );
        for offset in (0..text.len()).step_by(997) {
            assert_eq!(index.line_col(&text, offset), slow_line_col(&text, offset));
        }
    }

    #[test]
    fn long_non_ascii_lines_use_checkpoints() {
        // Mixed widths so that checkpoints fall inside characters of every length.
        let piece = "ab é€😀 \t";
        let line = piece.repeat(300);
        let text = format!("FROM a\nRUN {line}\r\nRUN {line}😀\n{line}");
        let index = LineIndex::new(&text);
        assert_eq!(index.long_lines.len(), 3);
        assert_matches_slow_scan(&text);
    }

    #[test]
    fn line_breaks_and_non_ascii_lines_are_found_whatever_the_line_lengths() {
        // Every line length up to 70 bytes, with accents first, in the middle and last.
        let mut text = String::new();
        for length in 0..70 {
            for accent in [None, Some(0), Some(length / 2), Some(length)] {
                for position in 0..=length {
                    text.push(if Some(position) == accent { 'é' } else { 'x' });
                }
                text.push('\n');
            }
        }
        // Control characters next to line breaks.
        text.push_str("\u{b}\n\n\u{b}\u{b}\n\u{b}x\n\u{b}\n");
        text.push_str("tail é");
        let index = LineIndex::new(&text);
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(index.line_count(), lines.len());
        for (number, line) in lines.iter().enumerate() {
            assert_eq!(index.line_span(number).text(&text), *line, "line {number}");
            assert_eq!(
                index.has_non_ascii(number),
                !line.is_ascii(),
                "line {number}"
            );
        }
    }

    #[test]
    fn positions_inside_a_character_round_down() {
        let text = "RUN é😀x";
        let index = LineIndex::new(text);
        let e_acute = text.find('é').unwrap();
        assert_eq!(index.line_col(text, e_acute + 1).column, 5);
        let emoji = text.find('😀').unwrap();
        for inside in emoji + 1..emoji + 4 {
            let pos = index.line_col(text, inside);
            assert_eq!((pos.column, pos.column_utf16), (6, 6));
        }
        assert_eq!(index.line_col(text, emoji + 4).column_utf16, 8);
    }

    #[test]
    fn offsets_past_the_end_and_foreign_texts_never_panic() {
        let text = "FROM é\nRUN x";
        let index = LineIndex::new(text);
        let end = index.line_col(text, text.len());
        assert_eq!(index.line_col(text, usize::MAX), end);
        assert_eq!((end.line, end.column), (2, 6));
        for other in ["", "é", "😀😀😀😀😀😀😀😀😀😀😀😀😀😀"] {
            for offset in 0..20 {
                let _ = index.line_col(other, offset);
            }
        }
    }
}
