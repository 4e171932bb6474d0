//! Physical lines and the continuation test (spec §1–§2).

/// BuildKit's scanner refuses lines longer than this (its buffer is 64 KiB including the `\n`).
pub const MAX_LINE_LEN: usize = 65535;

/// One physical line of the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhysicalLine {
    /// Offset of the first byte (after the BOM for the first line).
    pub start: usize,
    /// End of the content: every trailing `\r` and `\n` removed.
    pub content_end: usize,
    /// Offset of the next line (just after the `\n`, or the end of the text).
    pub end: usize,
}

impl PhysicalLine {
    pub fn content(self, source: &str) -> &str {
        source.get(self.start..self.content_end).unwrap_or("")
    }

    /// Length as BuildKit's scanner measures it (line break excluded).
    pub fn scanned_len(self, source: &str) -> usize {
        let bytes = source.as_bytes();
        let mut end = self.end;
        if end > self.start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        end - self.start
    }
}

/// Splits the source on `\n` only; a lone `\r` stays inside its line.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    source: &'a str,
    position: usize,
}

impl<'a> Lines<'a> {
    pub fn new(source: &'a str, start: usize) -> Lines<'a> {
        Lines {
            source,
            position: start.min(source.len()),
        }
    }
}

impl Lines<'_> {
    /// Offset of the next line to be returned (the text length at the end).
    pub fn position(&self) -> usize {
        self.position
    }
}

impl Iterator for Lines<'_> {
    type Item = PhysicalLine;

    fn next(&mut self) -> Option<PhysicalLine> {
        let bytes = self.source.as_bytes();
        let start = self.position;
        if start >= bytes.len() {
            return None;
        }
        let rest = bytes.get(start..).unwrap_or_default();
        let end = match memchr::memchr(b'\n', rest) {
            Some(newline) => start + newline + 1,
            None => bytes.len(),
        };
        let mut content_end = end;
        while content_end > start && matches!(bytes.get(content_end - 1), Some(b'\r' | b'\n')) {
            content_end -= 1;
        }
        self.position = end;
        Some(PhysicalLine {
            start,
            content_end,
            end,
        })
    }
}

/// Byte length of the leading Unicode whitespace of `text` (Go's `unicode.IsSpace`).
pub fn leading_whitespace_len(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// The continuation test: if `piece` ends with the escape character followed only by
/// spaces/tabs (and that escape character is not itself escaped), returns the length
/// of the text to keep; `None` when the piece does not continue.
pub fn continuation_cut(piece: &str, escape: char) -> Option<usize> {
    let without_blanks = piece.trim_end_matches([' ', '\t']);
    let before_escape = without_blanks.strip_suffix(escape)?;
    match before_escape.chars().next_back() {
        None => Some(0),
        Some(previous) if previous == escape => None,
        Some(_) => Some(before_escape.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_strip_every_trailing_break() {
        let text = "a\r\r\nb\rc\n\nd";
        let lines: Vec<_> = Lines::new(text, 0).collect();
        let contents: Vec<_> = lines.iter().map(|l| l.content(text)).collect();
        assert_eq!(contents, ["a", "b\rc", "", "d"]);
    }

    #[test]
    fn continuation_rules() {
        assert_eq!(continuation_cut("foo \\", '\\'), Some(4));
        assert_eq!(continuation_cut("foo \\  \t", '\\'), Some(4));
        assert_eq!(continuation_cut("\\", '\\'), Some(0));
        assert_eq!(continuation_cut(" \\", '\\'), Some(1));
        assert_eq!(continuation_cut("foo\\\\", '\\'), None);
        assert_eq!(continuation_cut("foo\\\\\\", '\\'), None);
        assert_eq!(continuation_cut("foo\\\x0c", '\\'), None);
        assert_eq!(continuation_cut("foo `", '`'), Some(4));
        assert_eq!(continuation_cut("foo \\", '`'), None);
        assert_eq!(continuation_cut("é\\", '\\'), Some(2));
    }
}
