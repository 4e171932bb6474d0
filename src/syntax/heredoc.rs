//! Heredoc detection on an instruction's logical line (spec §7).
//!
//! Detection always uses `\` as the escape character, whatever the `escape`
//! directive says, and leaves `$variables` alone.

use nom::{
    IResult, Parser,
    bytes::complete::{tag, take_while},
    character::complete::{char, digit0},
    combinator::opt,
};

/// A heredoc marker found on the logical line (offsets into that line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub name: String,
    pub file_descriptor: Option<u32>,
    pub chomp: bool,
    pub expand: bool,
    pub start: usize,
    pub end: usize,
}

/// Every heredoc marker of `line`, in order; none if the line does not lex
/// (an unbalanced quote anywhere disables heredocs for the whole line).
pub fn find_markers(line: &str) -> Vec<Marker> {
    if !line.contains("<<") {
        return Vec::new();
    }
    let Some(words) = shell_words(line) else {
        return Vec::new();
    };
    words
        .into_iter()
        .filter_map(|(start, end)| {
            let word = line.get(start..end)?;
            let (file_descriptor, chomp, delimiter) = split_marker(word)?;
            let (name, expand) = delimiter_name(delimiter)?;
            Some(Marker {
                name,
                file_descriptor,
                chomp,
                expand,
                start,
                end,
            })
        })
        .collect()
}

/// Go RE2's `\s`.
fn is_regex_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{c}' | '\r')
}

type MarkerParts<'a> = (&'a str, &'a str, Option<char>, &'a str);

fn marker_parts(word: &str) -> IResult<&str, MarkerParts<'_>> {
    (
        digit0,
        tag("<<"),
        opt(char('-')),
        take_while(is_regex_space),
    )
        .parse(word)
}

/// `^(\d*)<<(-?)\s*([^<]*)$`: file descriptor, chomp, and the non-empty delimiter word.
fn split_marker(word: &str) -> Option<(Option<u32>, bool, &str)> {
    let (delimiter, (digits, _, dash, _)) = marker_parts(word).ok()?;
    if delimiter.is_empty() || delimiter.contains('<') {
        return None;
    }
    let file_descriptor = if digits.is_empty() {
        None
    } else {
        digits.parse().ok()
    };
    Some((file_descriptor, dash.is_some(), delimiter))
}

/// Lexes the delimiter word with quote removal: it must be exactly one word.
/// Returns the name and whether the body is expanded (no part was quoted).
fn delimiter_name(delimiter: &str) -> Option<(String, bool)> {
    let mut name = String::new();
    let mut quoted = false;
    let mut chars = delimiter.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => return None,
            '\\' => {
                if let Some(next) = chars.next() {
                    name.push(next);
                }
            }
            '\'' => {
                quoted = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        other => name.push(other),
                    }
                }
            }
            '"' => {
                quoted = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            next @ ('"' | '$' | '\\') => name.push(next),
                            next => {
                                name.push('\\');
                                name.push(next);
                            }
                        },
                        other => name.push(other),
                    }
                }
            }
            other => name.push(other),
        }
    }
    if name.is_empty() && !quoted {
        return None;
    }
    Some((name, !quoted))
}

/// Splits the line into shell words (raw: quotes and escapes kept), returning
/// their ranges; `None` on an unbalanced quote. `<<` (and `<<-`) followed by
/// blanks glues to the next word, so `<<  EOF` is one word.
fn shell_words(line: &str) -> Option<Vec<(usize, usize)>> {
    let mut words = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut end = start;
        // Set once blanks after `<<` are being glued, so each blank is not re-checked.
        let mut gluing = false;
        while let Some(&(index, c)) = chars.peek() {
            if c.is_whitespace() {
                let blank = c == ' ' || c == '\t';
                if blank && (gluing || is_open_marker(line.get(start..index).unwrap_or(""))) {
                    gluing = true;
                    chars.next();
                    end = index + 1;
                    continue;
                }
                break;
            }
            gluing = false;
            chars.next();
            end = index + c.len_utf8();
            match c {
                '\\' => {
                    if let Some((next_index, next)) = chars.next() {
                        end = next_index + next.len_utf8();
                    }
                }
                '\'' | '"' => loop {
                    let (inner_index, inner) = chars.next()?;
                    end = inner_index + inner.len_utf8();
                    if inner == c {
                        break;
                    }
                    if c == '"' && inner == '\\' {
                        chars.next()?;
                    }
                },
                _ => {}
            }
        }
        words.push((start, end));
    }
    Some(words)
}

/// Whether a word so far is `\d*<<-?` followed only by blanks.
fn is_open_marker(word: &str) -> bool {
    let trimmed = word.trim_end_matches([' ', '\t']);
    let without_digits = trimmed.trim_start_matches(|c: char| c.is_ascii_digit());
    without_digits == "<<" || without_digits == "<<-"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool)> {
        find_markers(line)
            .into_iter()
            .map(|m| (m.name, m.expand))
            .collect()
    }

    fn name(line: &str) -> Option<String> {
        find_markers(line).into_iter().next().map(|m| m.name)
    }

    #[test]
    fn marker_words() {
        for word in [
            "<<EOF",
            "<<'EOF'",
            "<<\"EOF\"",
            "<<-EOF",
            "<<-'EOF'",
            "<<-\"EOF\"",
            "<<EO\"F\"",
            "<< EOF",
            "<<- EOF",
        ] {
            assert_eq!(
                name(&format!("RUN {word}")).as_deref(),
                Some("EOF"),
                "{word}"
            );
        }
        for line in [
            "RUN <<'EOF",
            "RUN \"<<EOF\"",
            "RUN '<<EOF'",
            "RUN <<",
            "RUN <<-",
            "RUN <EOF",
            "RUN <<<EOF",
            "RUN cat<<EOF",
            "RUN <<EOF echo don't",
            "RUN <<EOF<<X",
        ] {
            assert_eq!(name(line), None, "{line}");
        }
    }

    #[test]
    fn names_and_expansion() {
        assert_eq!(names("RUN <<eo'f'"), [("eof".into(), false)]);
        assert_eq!(names("RUN <<eo\\'f"), [("eo'f".into(), true)]);
        assert_eq!(names("RUN <<'e'o\\'f"), [("eo'f".into(), false)]);
        assert_eq!(names("RUN <<'one two'"), [("one two".into(), false)]);
        assert_eq!(names("RUN <<$EOF"), [("$EOF".into(), true)]);
        assert_eq!(names("RUN <<  EOF  > foo"), [("EOF".into(), true)]);
        assert_eq!(names("RUN << -EOF"), [("-EOF".into(), true)]);
        assert_eq!(names("RUN <<EOF <<EOF2").len(), 2);
        let markers = find_markers("RUN 3<<-EOF cat");
        assert_eq!(markers[0].file_descriptor, Some(3));
        assert!(markers[0].chomp);
        assert_eq!((markers[0].start, markers[0].end), (4, 11));
        let markers = find_markers("COPY <<A <<B /dest");
        assert_eq!(markers.iter().map(|m| m.start).collect::<Vec<_>>(), [5, 9]);
    }
}
