//! Word-level splitting of instruction text (spec §5, §6). All ranges are byte
//! offsets relative to the text given.

/// BuildKit's `reWhitespace`: `[\t\v\f\r ]`.
pub fn is_split_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{b}' | '\u{c}' | '\r')
}

/// Go's `regexp.Split(text, -1)` on `[\t\v\f\r ]+`: `text` must be non-empty.
pub fn split_blank_runs(text: &str) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        if is_split_blank(c) {
            words.push((start, index));
            let mut end = index + c.len_utf8();
            while let Some(&(next, c)) = chars.peek() {
                if !is_split_blank(c) {
                    break;
                }
                end = next + c.len_utf8();
                chars.next();
            }
            start = end;
        }
    }
    words.push((start, text.len()));
    words
}

/// The first `[\t\v\f\r ]+` run: `(run_start, run_end)`.
pub fn first_blank_run(text: &str) -> Option<(usize, usize)> {
    let start = text.find(is_split_blank)?;
    let rest = text.get(start..).unwrap_or("");
    let run = rest.len() - rest.trim_start_matches(is_split_blank).len();
    Some((start, start + run))
}

/// BuildKit's `parseWords` (ARG, ENV, LABEL): Unicode whitespace separates words
/// outside quotes; quotes and escapes stay in the words. Each word is a
/// contiguous range (a final escape character at the end of the text is dropped).
pub fn quote_aware_words(text: &str, escape: char) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut end = text.len();
    let mut chars = text.char_indices();
    while let Some((index, c)) = chars.next() {
        let at_end = index + c.len_utf8() == text.len();
        let Some(word_start) = start else {
            if c.is_whitespace() {
                continue;
            }
            start = Some(index);
            if c == '\'' || c == '"' {
                quote = Some(c);
            } else if c == escape {
                if at_end {
                    end = index;
                } else {
                    chars.next();
                }
            }
            continue;
        };
        match quote {
            None if c.is_whitespace() => {
                words.push((word_start, index));
                start = None;
            }
            None if c == '\'' || c == '"' => quote = Some(c),
            Some(open) if c == open => quote = None,
            Some('\'') => {}
            _ if c == escape => {
                if at_end {
                    // A final escape character is dropped.
                    end = index;
                    quote = None;
                } else {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    if let Some(word_start) = start
        && end > word_start
    {
        words.push((word_start, end));
    }
    words
}

/// A flag word (`--name=value`) at the start of an instruction's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagWord {
    pub start: usize,
    pub end: usize,
    /// The word with quotes and escapes removed (leading `--` kept).
    pub text: String,
    /// For each byte of `text`, the offset of the source character it came from.
    pub origins: Vec<usize>,
}

/// BuildKit's `extractBuilderFlags`: the flag words and where the arguments start
/// (the arguments are the rest of the text, trimmed).
pub fn extract_flags(text: &str, escape: char) -> (Vec<FlagWord>, usize) {
    let mut flags = Vec::new();
    let mut position = 0;
    loop {
        let rest = text.get(position..).unwrap_or("");
        let skipped = rest.len() - rest.trim_start().len();
        position += skipped;
        let rest = text.get(position..).unwrap_or("");
        if !rest.starts_with("--") {
            return (flags, position);
        }
        let word = read_flag_word(text, position, escape);
        position = word.end;
        if word.text == "--" {
            let rest = text.get(position..).unwrap_or("");
            return (flags, position + (rest.len() - rest.trim_start().len()));
        }
        flags.push(word);
    }
}

fn read_flag_word(text: &str, start: usize, escape: char) -> FlagWord {
    let mut word = String::new();
    let mut origins = Vec::new();
    let mut quote: Option<char> = None;
    let mut chars = text.get(start..).unwrap_or("").char_indices().peekable();
    let mut end = text.len();
    while let Some((relative, c)) = chars.next() {
        let index = start + relative;
        match quote {
            None if c.is_whitespace() => {
                end = index;
                break;
            }
            None if c == '\'' || c == '"' => quote = Some(c),
            Some(open) if c == open => quote = None,
            _ => {
                let (origin, literal) = if c == escape {
                    match chars.next() {
                        Some((next_relative, next)) => (start + next_relative, next),
                        None => {
                            quote = None;
                            continue;
                        }
                    }
                } else {
                    (index, c)
                };
                let before = word.len();
                word.push(literal);
                origins.extend(std::iter::repeat_n(origin, word.len() - before));
            }
        }
    }
    FlagWord {
        start,
        end,
        text: word,
        origins,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        quote_aware_words(text, '\\')
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn quote_aware_split() {
        assert_eq!(words("foo bar"), ["foo", "bar"]);
        assert_eq!(words("foo\\ bar"), ["foo\\ bar"]);
        assert_eq!(words("foo bar 'abc xyz'"), ["foo", "bar", "'abc xyz'"]);
        assert_eq!(words("a=\"1 2\" b"), ["a=\"1 2\"", "b"]);
        assert_eq!(words("a\\"), ["a"]);
        assert_eq!(words("\\"), Vec::<&str>::new());
        assert_eq!(words("'a\\' b"), ["'a\\'", "b"]);
        assert_eq!(words("\"a\\\" b\" c"), ["\"a\\\" b\"", "c"]);
        assert_eq!(words("\"unterminated x"), ["\"unterminated x"]);
        assert_eq!(words("héllo wörld"), ["héllo", "wörld"]);
    }

    #[test]
    fn blank_runs() {
        let text = "a \t b\u{b}c";
        let parts: Vec<_> = split_blank_runs(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(parts, ["a", "b", "c"]);
        assert_eq!(first_blank_run("ab  c"), Some((2, 4)));
    }

    #[test]
    fn flags() {
        let text = "--mount=type=cache,target=/x  --link -- --yes";
        let (flags, rest) = extract_flags(text, '\\');
        let names: Vec<_> = flags.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(names, ["--mount=type=cache,target=/x", "--link"]);
        assert_eq!(&text[rest..], "--yes");
        let text = "--a=\"x y\" --b=c\\ d run";
        let (flags, rest) = extract_flags(text, '\\');
        assert_eq!(flags[0].text, "--a=x y");
        assert_eq!(flags[1].text, "--b=c d");
        assert_eq!(&text[rest..], "run");
        let (flags, rest) = extract_flags("-x --y", '\\');
        assert!(flags.is_empty());
        assert_eq!(rest, 0);
        let (flags, _) = extract_flags("--a=\"\"", '\\');
        assert_eq!(flags[0].text, "--a=");
    }
}
