//! A `.dockerignore` file, read as BuildKit reads it (moby/patternmatcher's
//! `ignorefile.ReadAll` and `MatchesOrParentMatches`).

use super::pattern::{Pattern, PatternError, segment_matches};

/// The parsed patterns of one ignore file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreFile {
    /// Where it was read from (`.dockerignore`, `app.Dockerfile.dockerignore`,
    /// or a full path): names it in messages and keys caches.
    origin: String,
    patterns: Vec<Pattern>,
    /// Lines BuildKit would refuse (it fails the build); they are skipped here.
    problems: Vec<IgnoreProblem>,
}

/// A line of an ignore file that is not a valid pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreProblem {
    /// 1-based.
    pub line: usize,
    pub error: PatternError,
}

impl IgnoreFile {
    /// Parses the text of an ignore file: a UTF-8 BOM is skipped, lines
    /// starting with `#` are comments (only at the very start of the line),
    /// blank lines are skipped, and each pattern is trimmed and cleaned
    /// (`./a`, `/a` and `a/` all mean `a`). CRLF line ends are trimmed too.
    pub fn parse(origin: impl Into<String>, text: &str) -> IgnoreFile {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut patterns = Vec::new();
        let mut problems = Vec::new();
        for (index, line) in text.split('\n').enumerate() {
            if line.starts_with('#') {
                continue;
            }
            match Pattern::parse(line) {
                None => {}
                Some(Ok(pattern)) => patterns.push(pattern),
                Some(Err(error)) => problems.push(IgnoreProblem {
                    line: index + 1,
                    error,
                }),
            }
        }
        IgnoreFile {
            origin: origin.into(),
            patterns,
            problems,
        }
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn problems(&self) -> &[IgnoreProblem] {
        &self.problems
    }

    /// Whether some pattern is an exception (`!pattern`).
    pub fn has_exceptions(&self) -> bool {
        self.patterns.iter().any(|pattern| pattern.exception)
    }

    /// Whether a non-exception pattern is exactly one of `texts` (as cleaned).
    pub fn has_pattern(&self, texts: &[&str]) -> bool {
        self.patterns
            .iter()
            .any(|pattern| !pattern.exception && texts.contains(&pattern.text.as_str()))
    }

    /// Whether `path` (relative to the context, `/`-separated, cleaned) is
    /// left out of the context: the last pattern that matches it or one of
    /// its parent directories decides.
    pub fn excludes(&self, path: &str) -> bool {
        let parents: Vec<&str> = parent_prefixes(path).collect();
        let mut excluded = false;
        for pattern in &self.patterns {
            // An exclusion cannot change an unmatched path, nor an inclusion a matched one.
            if pattern.exception != excluded {
                continue;
            }
            let matched =
                pattern.matches(path) || parents.iter().any(|parent| pattern.matches(parent));
            if matched {
                excluded = !pattern.exception;
            }
        }
        excluded
    }

    /// Whether an excluded directory can be skipped whole while walking: no
    /// exception could re-include anything inside it.
    pub fn can_prune(&self, directory: &str) -> bool {
        let depth = directory.split('/').count();
        !self.patterns.iter().any(|pattern| {
            pattern.exception
                && (pattern.spans_directories()
                    || (pattern.segments().count() > depth
                        && pattern
                            .segments()
                            .zip(directory.split('/'))
                            .all(|(segment, name)| segment_matches(segment, name))))
        })
    }
}

/// `a`, `a/b` for `a/b/c`: what patternmatcher compares besides the path itself.
fn parent_prefixes(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/')
        .filter(|(index, _)| *index > 0)
        .filter_map(move |(index, _)| path.get(..index))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (patterns, path, excluded?) — BuildKit's behaviour, case by case.
    const CASES: &[(&str, &str, bool)] = &[
        // Plain names, directories and everything under them.
        ("node_modules", "node_modules", true),
        ("node_modules", "node_modules/a/b.js", true),
        ("node_modules", "src/node_modules", false),
        ("tmp/", "tmp/x", true),
        // Leading `/` and `./` are ignored; paths are cleaned.
        ("/build", "build/out", true),
        ("./build", "build", true),
        ("a//b/../c", "a/c", true),
        // `*` and `?` stay within one segment.
        ("*.log", "debug.log", true),
        ("*.log", "logs/debug.log", false),
        ("*/*.log", "logs/debug.log", true),
        ("?.txt", "a.txt", true),
        ("?.txt", "ab.txt", false),
        ("[a-c].txt", "b.txt", true),
        ("[^a-c].txt", "b.txt", false),
        ("[^a-c].txt", "d.txt", true),
        // `**` matches any number of segments, including none.
        ("**/*.log", "debug.log", true),
        ("**/*.log", "a/b/debug.log", true),
        ("**/secret", "secret", true),
        ("**/secret", "a/b/secret", true),
        ("**/secret", "a/b/secret/inner", true),
        ("docs/**", "docs/a/b.md", true),
        ("docs/**", "docs", false),
        ("docs/**/*.md", "docs/a/b.md", true),
        ("docs/**/*.md", "docs/b.md", true),
        ("**", "anything/at/all", true),
        // Exceptions: the last matching pattern wins.
        ("*.md\n!README.md", "README.md", false),
        ("*.md\n!README.md", "CHANGES.md", true),
        ("*.md\n!README.md\nREADME.md", "README.md", true),
        ("**\n!src", "src/main.rs", false),
        ("**\n!src", "lib/main.rs", true),
        (
            "node_modules\n!node_modules/keep",
            "node_modules/keep/x",
            false,
        ),
        // Comments only at the start of a line; blank lines; CRLF; BOM.
        ("# a comment\n\n.env", ".env", true),
        ("# .env", "# .env", false),
        (" # .env", "# .env", true),
        (".env\r\n*.key\r\n", "server.key", true),
        ("\u{FEFF}.env", ".env", true),
        // Escapes.
        ("\\*.txt", "*.txt", true),
        ("\\*.txt", "a.txt", false),
    ];

    #[test]
    fn patterns_behave_as_buildkit() {
        for &(patterns, path, excluded) in CASES {
            let file = IgnoreFile::parse(".dockerignore", patterns);
            assert_eq!(file.excludes(path), excluded, "{patterns:?} on {path:?}");
        }
    }

    #[test]
    fn invalid_lines_are_reported_and_skipped() {
        let file = IgnoreFile::parse(".dockerignore", "a\n!\n[x\nb");
        assert_eq!(file.problems().len(), 2);
        assert_eq!(file.problems()[0].line, 2);
        assert!(file.excludes("b"));
    }

    #[test]
    fn pruning_keeps_directories_an_exception_reaches_into() {
        let file = IgnoreFile::parse(".dockerignore", "node_modules\ndist\n!dist/keep.txt");
        assert!(file.can_prune("node_modules"));
        assert!(!file.can_prune("dist"));
        let spanning = IgnoreFile::parse(".dockerignore", "build\n!**/keep");
        assert!(!spanning.can_prune("build"));
        let top = IgnoreFile::parse(".dockerignore", "*\n!*.md");
        assert!(top.can_prune("src"));
    }

    #[test]
    fn exceptions_and_whole_context_patterns() {
        let file = IgnoreFile::parse(".dockerignore", "**/*\n!src");
        assert!(file.has_exceptions());
        assert!(file.has_pattern(&["*", "**", "**/*"]));
        let plain = IgnoreFile::parse(".dockerignore", ".*\nnode_modules");
        assert!(!plain.has_exceptions());
        assert!(!plain.has_pattern(&["*", "**", "**/*"]));
    }
}
