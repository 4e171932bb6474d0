//! One `.dockerignore` pattern, matched exactly as moby/patternmatcher does.
//!
//! patternmatcher sorts a pattern into an exact, prefix (`dir/**`), suffix
//! (`**/name`) or regular-expression match; the regular expression maps `*` to
//! `[^/]*`, `?` to `[^/]`, `**/` to `(.*/)?`, a trailing `**` to `.*`, and passes
//! `[...]` classes through. Its quirks are kept on purpose (`**foo` is a plain
//! suffix test, `foo**` a plain prefix test), so findings agree with BuildKit.

/// How a pattern is compared with a path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Matcher {
    Exact(String),
    /// `path.starts_with(prefix)` (a pattern ending in `**` with no other wildcard).
    Prefix(String),
    /// `path.ends_with(suffix)`, or equal to it without its leading `/`.
    Suffix(String),
    Tokens(Vec<Token>),
}

/// One element of the regular expression patternmatcher builds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(char),
    /// `*`: any run of characters except `/`.
    AnyRun,
    /// `?`: one character except `/`.
    AnyOne,
    /// `**/` (or `**` before more text): any number of whole leading segments.
    AnySegments,
    /// A trailing `**` after other wildcards: anything.
    AnyAll,
    /// `[...]`.
    Class(CharClass),
    /// A bare `^`, which patternmatcher leaves as a regular-expression anchor.
    Start,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct CharClass {
    negated: bool,
    ranges: Vec<(char, char)>,
}

impl CharClass {
    fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|&(low, high)| low <= c && c <= high) != self.negated
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    /// The pattern after cleaning, without its `!`.
    pub(crate) text: String,
    /// `!pattern`: re-includes what earlier patterns excluded.
    pub(crate) exception: bool,
    matcher: Matcher,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("`!` alone is not a pattern")]
    LoneExclamation,
    #[error("unterminated `[` in `{0}`")]
    UnterminatedClass(String),
}

impl Pattern {
    /// A pattern as `ignorefile.ReadAll` then `patternmatcher.New` prepare it;
    /// `None` for blank lines.
    pub(crate) fn parse(line: &str) -> Option<Result<Pattern, PatternError>> {
        let mut text = line.trim();
        if text.is_empty() {
            return None;
        }
        let exception = match text.strip_prefix('!') {
            Some(rest) => {
                text = rest.trim();
                if text.is_empty() {
                    return Some(Err(PatternError::LoneExclamation));
                }
                true
            }
            None => false,
        };
        let mut cleaned = clean_path(text);
        if cleaned.len() > 1 && cleaned.starts_with('/') {
            cleaned.remove(0);
        }
        Some(compile(&cleaned).map(|matcher| Pattern {
            text: cleaned,
            exception,
            matcher,
        }))
    }

    /// Whether the (cleaned, `/`-separated) path matches this pattern itself.
    pub(crate) fn matches(&self, path: &str) -> bool {
        match &self.matcher {
            Matcher::Exact(exact) => path == exact,
            Matcher::Prefix(prefix) => path.starts_with(prefix.as_str()),
            Matcher::Suffix(suffix) => {
                path.ends_with(suffix.as_str())
                    || suffix.strip_prefix('/').is_some_and(|bare| path == bare)
            }
            Matcher::Tokens(tokens) => {
                let chars: Vec<char> = path.chars().collect();
                tokens_match(tokens, &chars)
            }
        }
    }

    /// Whether this pattern has a `**` (it can match at any depth).
    pub(crate) fn spans_directories(&self) -> bool {
        self.text.contains("**")
    }

    /// The `/`-separated segments of the pattern.
    pub(crate) fn segments(&self) -> impl Iterator<Item = &str> {
        self.text.split('/')
    }
}

/// Whether one pattern segment (no `/`, no `**`) matches one path segment.
pub(crate) fn segment_matches(segment: &str, name: &str) -> bool {
    match compile(segment) {
        Ok(Matcher::Exact(exact)) => exact == name,
        Ok(Matcher::Tokens(tokens)) => {
            let chars: Vec<char> = name.chars().collect();
            tokens_match(&tokens, &chars)
        }
        // Prefix/suffix forms only come from `**`; callers rule those out.
        Ok(_) | Err(_) => true,
    }
}

/// patternmatcher's `compile`, building tokens instead of a regular expression.
fn compile(pattern: &str) -> Result<Matcher, PatternError> {
    #[derive(PartialEq)]
    enum Detected {
        Exact,
        Prefix,
        Suffix,
        Tokens,
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut detected = Detected::Exact;
    let mut index = 0;
    let mut first = true;
    while let Some(&c) = chars.get(index) {
        index += 1;
        let at_start = std::mem::replace(&mut first, false);
        match c {
            '*' if chars.get(index) == Some(&'*') => {
                index += 1;
                if chars.get(index) == Some(&'/') {
                    index += 1;
                }
                if index >= chars.len() {
                    if detected == Detected::Exact {
                        detected = Detected::Prefix;
                    } else {
                        tokens.push(Token::AnyAll);
                        detected = Detected::Tokens;
                    }
                } else {
                    tokens.push(Token::AnySegments);
                    detected = Detected::Tokens;
                }
                if at_start {
                    detected = Detected::Suffix;
                }
            }
            '*' => {
                tokens.push(Token::AnyRun);
                detected = Detected::Tokens;
            }
            '?' => {
                tokens.push(Token::AnyOne);
                detected = Detected::Tokens;
            }
            '\\' => match chars.get(index) {
                Some(&next) => {
                    index += 1;
                    tokens.push(Token::Literal(next));
                    detected = Detected::Tokens;
                }
                None => tokens.push(Token::Literal('\\')),
            },
            '[' => {
                let (class, next) = parse_class(&chars, index)
                    .ok_or_else(|| PatternError::UnterminatedClass(pattern.to_string()))?;
                tokens.push(Token::Class(class));
                index = next;
                detected = Detected::Tokens;
            }
            ']' => {
                tokens.push(Token::Literal(']'));
                detected = Detected::Tokens;
            }
            '^' => tokens.push(Token::Start),
            other => tokens.push(Token::Literal(other)),
        }
    }
    Ok(match detected {
        Detected::Exact => Matcher::Exact(pattern.to_string()),
        Detected::Prefix => Matcher::Prefix(
            pattern
                .get(..pattern.len().saturating_sub(2))
                .unwrap_or("")
                .to_string(),
        ),
        Detected::Suffix => Matcher::Suffix(pattern.get(2..).unwrap_or("").to_string()),
        Detected::Tokens => Matcher::Tokens(tokens),
    })
}

/// A `[...]` class starting after its `[`; returns it and the index after `]`,
/// or `None` where Go's `filepath.Match` finds the pattern malformed (no
/// closing `]`, an empty class, a bound that is `-` or `]`).
fn parse_class(chars: &[char], start: usize) -> Option<(CharClass, usize)> {
    let mut index = start;
    let negated = chars.get(index) == Some(&'^');
    if negated {
        index += 1;
    }
    let mut ranges = Vec::new();
    loop {
        if chars.get(index) == Some(&']') && !ranges.is_empty() {
            return Some((CharClass { negated, ranges }, index + 1));
        }
        let low = class_bound(chars, &mut index)?;
        let high = if chars.get(index) == Some(&'-') {
            index += 1;
            class_bound(chars, &mut index)?
        } else {
            low
        };
        ranges.push((low, high));
    }
}

/// One bound of a class range (Go's `getEsc`): `\x` is `x`; `-` and `]` are errors.
fn class_bound(chars: &[char], index: &mut usize) -> Option<char> {
    let mut c = *chars.get(*index)?;
    if c == '-' || c == ']' {
        return None;
    }
    *index += 1;
    if c == '\\' {
        c = *chars.get(*index)?;
        *index += 1;
    }
    Some(c)
}

/// Runs the tokens over the path as a set of reachable positions (no
/// backtracking, so no pattern can take exponential time).
fn tokens_match(tokens: &[Token], path: &[char]) -> bool {
    let mut positions = vec![false; path.len() + 1];
    positions[0] = true;
    for token in tokens {
        let mut next = vec![false; path.len() + 1];
        for start in 0..=path.len() {
            if !positions[start] {
                continue;
            }
            let rest = &path[start..];
            match token {
                Token::Literal(c) => {
                    if rest.first() == Some(c) {
                        next[start + 1] = true;
                    }
                }
                Token::AnyOne => {
                    if rest.first().is_some_and(|&c| c != '/') {
                        next[start + 1] = true;
                    }
                }
                Token::Class(class) => {
                    if rest.first().is_some_and(|&c| class.contains(c)) {
                        next[start + 1] = true;
                    }
                }
                Token::AnyRun => {
                    next[start] = true;
                    for (offset, &c) in rest.iter().enumerate() {
                        if c == '/' {
                            break;
                        }
                        next[start + offset + 1] = true;
                    }
                }
                Token::AnySegments => {
                    next[start] = true;
                    for (offset, &c) in rest.iter().enumerate() {
                        if c == '/' {
                            next[start + offset + 1] = true;
                        }
                    }
                }
                Token::AnyAll => {
                    for reachable in &mut next[start..] {
                        *reachable = true;
                    }
                }
                Token::Start => {
                    if start == 0 {
                        next[0] = true;
                    }
                }
            }
        }
        positions = next;
    }
    positions[path.len()]
}

/// Go's `path.Clean`: the shortest equivalent path (`a//b/../c` is `a/c`,
/// `./x` is `x`, `/..` is `/`, the empty path is `.`).
pub(crate) fn clean_path(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|last| *last != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> Pattern {
        Pattern::parse(text).unwrap().unwrap()
    }

    #[test]
    fn cleaning_follows_go() {
        for (input, cleaned) in [
            ("", "."),
            ("a//b/../c", "a/c"),
            ("./x", "x"),
            ("/..", "/"),
            ("../a", "../a"),
            ("a/..", "."),
            ("/a/b/", "/a/b"),
            ("a/./b/.", "a/b"),
        ] {
            assert_eq!(clean_path(input), cleaned, "{input}");
        }
    }

    #[test]
    fn match_kinds() {
        assert_eq!(pattern("foo/bar").matcher, Matcher::Exact("foo/bar".into()));
        assert_eq!(pattern("foo/**").matcher, Matcher::Prefix("foo/".into()));
        assert_eq!(pattern("**/foo").matcher, Matcher::Suffix("/foo".into()));
        assert_eq!(pattern("**").matcher, Matcher::Suffix(String::new()));
        assert!(matches!(pattern("**/*.go").matcher, Matcher::Tokens(_)));
    }

    #[test]
    fn errors() {
        assert_eq!(
            Pattern::parse("!"),
            Some(Err(PatternError::LoneExclamation))
        );
        assert!(matches!(
            Pattern::parse("a[b"),
            Some(Err(PatternError::UnterminatedClass(_)))
        ));
        assert_eq!(Pattern::parse("   "), None);
    }

    #[test]
    fn quirks_are_kept() {
        // `**foo` is a suffix test, `foo**` a prefix test.
        assert!(pattern("**foo").matches("barfoo"));
        assert!(pattern("foo**").matches("foobar/x"));
        // A bare `^` anchors: `^a*` matches like `a*`.
        assert!(pattern("^a*").matches("abc"));
    }

    #[test]
    fn classes_follow_go() {
        for bad in ["[]", "[]a]", "[a-]", "[-a]", "[a", "x[\\"] {
            assert!(
                matches!(Pattern::parse(bad), Some(Err(_))),
                "{bad} should be refused"
            );
        }
        assert!(pattern("[\\]]").matches("]"));
        assert!(pattern("[é-ü]x").matches("ñx"));
        assert!(pattern("[^a]").matches("b"));
        // The regular expression's class, unlike `?`, also matches `/`.
        assert!(pattern("[^a]").matches("/"));
    }

    #[test]
    fn odd_input_never_panics() {
        let patterns = [
            "**/**/**",
            "**",
            "*",
            "\\",
            "a\\",
            "^",
            "[^]",
            "[\\",
            "é*ü?",
            "!!",
            "!/",
            "/",
            "..",
            "../**",
            "***",
            "a/**/b/**",
            "**a",
            "a**",
            "\u{FEFF}x",
        ];
        let paths = ["", ".", "/", "a", "a/b/c", "é/ü", "**", "[", "\\", "../x"];
        for text in patterns {
            if let Some(Ok(pattern)) = Pattern::parse(text) {
                for path in paths {
                    let _ = pattern.matches(path);
                }
            }
        }
    }

    #[test]
    fn segments_match() {
        assert!(segment_matches("*.md", "README.md"));
        assert!(!segment_matches("*.md", "main.rs"));
        assert!(segment_matches("docs", "docs"));
        assert!(segment_matches("[a-c]x", "bx"));
    }
}
