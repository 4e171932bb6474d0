//! Character classes exactly as Go's `unicode` package and BuildKit define them.

use super::unicode_tables::{DIGIT_RANGES, LETTER_RANGES};

fn in_ranges(ranges: &[(u32, u32)], ch: char) -> bool {
    let code = ch as u32;
    ranges
        .binary_search_by(|&(start, end)| {
            if end < code {
                std::cmp::Ordering::Less
            } else if start > code {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Go's `unicode.IsLetter`: general category L.
pub(super) fn is_letter(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_alphabetic();
    }
    in_ranges(LETTER_RANGES, ch)
}

/// Go's `unicode.IsDigit`: general category Nd.
pub(super) fn is_digit(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_digit();
    }
    in_ranges(DIGIT_RANGES, ch)
}

/// A character that continues a variable name.
pub(super) fn is_name_char(ch: char) -> bool {
    ch == '_' || is_letter(ch) || is_digit(ch)
}

/// POSIX special parameters, which BuildKit reads as one-character names.
pub(super) fn is_special_param(ch: char) -> bool {
    matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

/// Whether `name` is a positional (`1`, `999`, `001`) or special (`@`, `#`, ...)
/// parameter: BuildKit never sets these, so they always expand to empty.
pub fn is_special_or_positional(name: &str) -> bool {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), None) if is_special_param(first) => true,
        (Some(first), _) => is_digit(first) && name.chars().all(is_digit),
        (None, _) => false,
    }
}

/// Go's `unicode.IsSpace`, which is the Unicode White_Space property (as Rust's).
/// End (byte offset) of the variable name starting at `start` in `text`, after
/// `$` or `${`: digits only if it starts with a digit (positional parameter), one
/// special-parameter character, or else letters, digits and `_`.
pub(super) fn name_end(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    let mut chars = rest.char_indices().peekable();
    let len = match chars.peek() {
        Some(&(_, ch)) if is_digit(ch) => chars
            .find(|&(_, ch)| !is_digit(ch))
            .map_or(rest.len(), |(i, _)| i),
        Some(&(_, ch)) if is_special_param(ch) => ch.len_utf8(),
        _ => chars
            .find(|&(_, ch)| !is_name_char(ch))
            .map_or(rest.len(), |(i, _)| i),
    };
    start + len
}

pub(super) fn is_space(ch: char) -> bool {
    ch.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_go_not_rust() {
        assert!(is_letter('한') && is_letter('é') && is_letter('ß'));
        // Superscript two is numeric for Rust but not a Go digit.
        assert!(!is_digit('²') && !is_letter('²'));
        // Devanagari vowel sign AA is alphabetic for Rust but a mark for Go.
        assert!(!is_letter('\u{093E}'));
        assert!(is_digit('٣'));
        assert!(is_special_or_positional("1") && is_special_or_positional("001"));
        assert!(is_special_or_positional("@") && !is_special_or_positional("a1"));
        assert!(!is_special_or_positional(""));
    }
}
