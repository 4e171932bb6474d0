//! Windows onto very long lines for the human report.
//!
//! codespan-reporting prints every line a label touches in full. On a
//! 150 KB `RUN` line with thousands of findings that means gigabytes of output
//! nobody can read. When a line the renderer would show is longer than
//! [`MAX_LINE_CHARS`], the diagnostic is rendered from an [`Excerpt`] instead: a
//! small stand-in file holding only the shown lines, each long one cut to a
//! window around the label, with `…` where it was cut. The excerpt reports
//! the real line numbers and the real `line:col` of the label, so only the
//! drawn text differs.

use std::ops::Range;

use codespan_reporting::files::{Error as FilesError, Files, Location};

use super::CheckedFile;

/// Lines up to this many characters are shown whole.
pub const MAX_LINE_CHARS: usize = 200;
/// Characters kept on each side of the label in a cut line.
const CONTEXT_CHARS: usize = 80;
/// The most characters of a label shown on a cut line; the rest is elided.
const MAX_LABEL_CHARS: usize = 80;
const ELLIPSIS: &str = "…";
/// codespan's default context of a multi-line label: lines shown after its
/// first line and before its last one (`Config::start_context_lines`, `end_context_lines`).
const START_CONTEXT_LINES: usize = 3;
const END_CONTEXT_LINES: usize = 1;

/// A stand-in source file for one diagnostic whose lines are too long to print.
#[derive(Debug, Clone)]
pub struct Excerpt {
    name: String,
    text: String,
    lines: Vec<ExcerptLine>,
    /// The label's range in `text`.
    pub range: Range<usize>,
    /// The label's real start position.
    location: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ExcerptLine {
    /// Byte offset of the line in the excerpt's text.
    start: usize,
    /// The real 1-based line number.
    number: usize,
}

/// A real line the renderer will show, or a stand-in for skipped lines.
#[derive(Debug, Clone, Copy)]
enum Shown {
    Line(usize),
    /// Two of these in a row make the renderer draw its `·` break; the line is
    /// only used for the gutter width.
    Skipped(usize),
}

impl Excerpt {
    /// An excerpt for a label over `range` (char-aligned, within the text) of
    /// `file`, or `None` when every line the renderer would show is short
    /// enough to print whole (the output is then left to codespan untouched).
    pub fn build(file: &CheckedFile, range: Range<usize>) -> Option<Excerpt> {
        let lines = &file.linted.line_index;
        let source = &file.linted.source;
        let first = lines.line_of(range.start);
        let last = lines.line_of(range.end).max(first);
        let shown = shown_lines(first, last);
        let is_long = |line: usize| {
            let span = lines.line_span(line);
            span.len() > MAX_LINE_CHARS
                && lines.line_col(source, span.end as usize).column as usize - 1 > MAX_LINE_CHARS
        };
        if !shown
            .iter()
            .any(|shown| matches!(shown, Shown::Line(line) if is_long(*line)))
        {
            return None;
        }

        let mut excerpt = Excerpt {
            name: file.path.clone(),
            text: String::new(),
            lines: Vec::with_capacity(shown.len()),
            range: 0..0,
            location: Location {
                line_number: first + 1,
                column_number: lines.line_col(source, range.start).column as usize,
            },
        };
        for shown in shown {
            let start = excerpt.text.len();
            let line = match shown {
                Shown::Skipped(line) => line,
                Shown::Line(line) => {
                    let span = lines.line_span(line).range();
                    // Where the window is centred: the label's ends on its first
                    // and last lines, the line start in between.
                    let focus = match (line == first, line == last) {
                        (true, true) => range.clone(),
                        (true, false) => range.start..range.start,
                        (false, true) => range.end..range.end,
                        (false, false) => span.start..span.start,
                    };
                    let window = if is_long(line) {
                        window(source, span.clone(), focus)
                    } else {
                        span.clone()
                    };
                    let cut = CutLine::push(&mut excerpt.text, source, span, window);
                    if line == first {
                        excerpt.range.start = cut.map(range.start);
                    }
                    if line == last {
                        excerpt.range.end = cut.map(range.end);
                    }
                    line
                }
            };
            excerpt.text.push('\n');
            excerpt.lines.push(ExcerptLine {
                start,
                number: line + 1,
            });
        }
        excerpt.range.end = excerpt.range.end.max(excerpt.range.start);
        Some(excerpt)
    }

    fn line(&self, line_index: usize) -> Result<&ExcerptLine, FilesError> {
        self.lines
            .get(line_index)
            .ok_or_else(|| FilesError::LineTooLarge {
                given: line_index,
                max: self.lines.len().saturating_sub(1),
            })
    }
}

/// The lines codespan shows for a label from `first` to `last` (0-based),
/// with the lines it would skip reduced to two stand-ins.
fn shown_lines(first: usize, last: usize) -> Vec<Shown> {
    // codespan also shows a single skipped line rather than a break.
    if last - first <= START_CONTEXT_LINES + END_CONTEXT_LINES + 2 {
        return (first..=last).map(Shown::Line).collect();
    }
    let mut shown: Vec<Shown> = (first..=first + START_CONTEXT_LINES)
        .map(Shown::Line)
        .collect();
    shown.push(Shown::Skipped(first + START_CONTEXT_LINES + 1));
    shown.push(Shown::Skipped(last - END_CONTEXT_LINES - 1));
    shown.extend((last - END_CONTEXT_LINES..=last).map(Shown::Line));
    shown
}

/// The part of the line `span` to show around `focus`: `CONTEXT_CHARS` on each
/// side of at most `MAX_LABEL_CHARS` of the focus, on char boundaries.
fn window(source: &str, span: Range<usize>, focus: Range<usize>) -> Range<usize> {
    let focus_start = focus.start.clamp(span.start, span.end);
    let focus_end = focus.end.clamp(focus_start, span.end);
    let before = source.get(span.start..focus_start).unwrap_or("");
    let left = before
        .char_indices()
        .rev()
        .take(CONTEXT_CHARS)
        .last()
        .map_or(focus_start, |(i, _)| span.start + i);
    let shown_focus_end = chars_forward(source, focus_start, focus_end, MAX_LABEL_CHARS);
    let right = chars_forward(source, shown_focus_end, span.end, CONTEXT_CHARS);
    left..right
}

/// The offset `count` characters after `from`, stopping at `limit`.
fn chars_forward(source: &str, from: usize, limit: usize, count: usize) -> usize {
    source
        .get(from..limit)
        .and_then(|text| text.char_indices().nth(count))
        .map_or(limit, |(i, _)| from + i)
}

/// Where one window of a real line landed in the excerpt's text.
struct CutLine {
    /// Excerpt offset of the window's first byte (after any leading `…`).
    content_start: usize,
    window: Range<usize>,
    /// Excerpt offset of the end of the line's text (after any trailing `…`).
    line_end: usize,
}

impl CutLine {
    fn push(text: &mut String, source: &str, span: Range<usize>, window: Range<usize>) -> CutLine {
        if window.start > span.start {
            text.push_str(ELLIPSIS);
        }
        let content_start = text.len();
        text.push_str(source.get(window.clone()).unwrap_or(""));
        // A `\r` before the line break is not text worth an ellipsis.
        let visible_end = match source.get(span.clone()) {
            Some(line) if line.ends_with('\r') => span.end - 1,
            _ => span.end,
        };
        if window.end < visible_end {
            text.push_str(ELLIPSIS);
        }
        CutLine {
            content_start,
            window,
            line_end: text.len(),
        }
    }

    /// The excerpt offset of the real `offset`: past the window means on the
    /// far side of the trailing `…`, so a cut label underlines it.
    fn map(&self, offset: usize) -> usize {
        if offset > self.window.end {
            self.line_end
        } else {
            self.content_start + offset.saturating_sub(self.window.start)
        }
    }
}

impl<'a> Files<'a> for Excerpt {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        let after = self.lines.partition_point(|line| line.start <= byte_index);
        Ok(after.saturating_sub(1))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.line(line_index)?.number)
    }

    /// Only meaningful for the label's start, the one position codespan asks about.
    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        if byte_index == self.range.start {
            return Ok(self.location.column_number);
        }
        let start = self.line(line_index)?.start;
        let before = self.text.get(start..byte_index.max(start)).unwrap_or("");
        Ok(before.chars().count() + 1)
    }

    fn location(&'a self, (): (), byte_index: usize) -> Result<Location, FilesError> {
        if byte_index == self.range.start {
            return Ok(self.location);
        }
        let line_index = self.line_index((), byte_index)?;
        Ok(Location {
            line_number: self.line_number((), line_index)?,
            column_number: self.column_number((), line_index, byte_index)?,
        })
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let start = self.line(line_index)?.start;
        let end = self
            .lines
            .get(line_index + 1)
            .map_or(self.text.len(), |next| next.start);
        Ok(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::file;

    fn excerpt(source: &str, range: Range<usize>) -> Option<Excerpt> {
        Excerpt::build(&file("Dockerfile", source, Vec::new()), range)
    }

    #[test]
    fn lines_of_up_to_the_limit_are_left_to_codespan() {
        let line = "é".repeat(MAX_LINE_CHARS - "RUN ".len());
        let source = format!("RUN {line}\nRUN x\n");
        assert!(excerpt(&source, 0..3).is_none());
        let longer = format!("RUN {line}é\n");
        assert!(excerpt(&longer, 0..3).is_some());
    }

    #[test]
    fn cuts_keep_real_lines_and_columns() {
        let source = format!("FROM a\r\nRUN {}é target\r\n", "ab".repeat(200));
        let start = source.find("target").unwrap_or(0);
        let Some(cut) = excerpt(&source, start..start + 6) else {
            panic!("a 400-character line is cut");
        };
        assert_eq!(cut.text, format!("…{}é target\r\n", "ab".repeat(39)));
        assert_eq!(&cut.text[cut.range.clone()], "target");
        let location = cut.location((), cut.range.start).ok();
        let expected = Location {
            line_number: 2,
            column_number: 4 + 400 + 2 + 1,
        };
        assert_eq!(location, Some(expected));
        assert_eq!(cut.line_number((), 0).ok(), Some(2));
        assert!(cut.line_range((), 1).is_err());
    }

    #[test]
    fn long_multi_line_spans_skip_the_middle() {
        let lines: Vec<String> = (0..20)
            .map(|i| format!("{i} {}", "x".repeat(300)))
            .collect();
        let source = lines.join("\n");
        let Some(cut) = excerpt(&source, 5..source.len() - 5) else {
            panic!("300-character lines are cut");
        };
        let numbers: Vec<usize> = cut.lines.iter().map(|line| line.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 18, 19, 20]);
        assert!(
            cut.text
                .lines()
                .all(|line| line.chars().count() <= 2 * CONTEXT_CHARS + 2)
        );
    }
}
