//! ShellCheck's `-f json1` positions to byte offsets: lines are 1-based and
//! split at `\n`; columns are 1-based and count characters (Unicode scalar
//! values), a tab being one column (unlike `-f json`, which expands tabs).

/// The byte offset in `text` of 0-based `line` and 1-based `column`, clamped
/// to the end of that line (or of the text).
pub(super) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let Some(line_start) = line_start(text, line) else {
        return text.len();
    };
    let rest = text.get(line_start..).unwrap_or_default();
    let line_text = rest.split('\n').next().unwrap_or_default();
    let chars_before = column.saturating_sub(1);
    let within = line_text
        .char_indices()
        .nth(chars_before)
        .map_or(line_text.len(), |(offset, _)| offset);
    line_start + within
}

/// The byte offset where 0-based `line` starts; `None` past the last line.
fn line_start(text: &str, line: usize) -> Option<usize> {
    if line == 0 {
        return Some(0);
    }
    text.match_indices('\n')
        .nth(line - 1)
        .map(|(offset, _)| offset + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_are_one_column_and_columns_count_characters() {
        // Positions measured with shellcheck 0.9.0 -f json1 on this very text.
        let text = "echo $a\n\techo $b\n\u{e9}\u{e9} echo $c\n\u{1F600}\techo $d \"\u{e9}\"$e\n";
        let at = |line, column| {
            text.get(offset_of(text, line, column)..)
                .unwrap_or_default()
        };
        assert!(at(0, 6).starts_with("$a"));
        assert!(at(1, 7).starts_with("$b"));
        assert!(at(2, 9).starts_with("$c"));
        assert!(at(3, 8).starts_with("$d"));
        assert!(at(3, 14).starts_with("$e"));
        // The exclusive end column of `$e` is the line end.
        assert_eq!(offset_of(text, 3, 16), text.len() - 1);
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\ncd";
        assert_eq!(offset_of(text, 0, 0), 0);
        assert_eq!(offset_of(text, 0, 99), 2);
        assert_eq!(offset_of(text, 1, 2), 4);
        assert_eq!(offset_of(text, 7, 1), text.len());
        assert_eq!(offset_of("", 0, 3), 0);
    }
}
