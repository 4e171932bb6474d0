//! Path patterns of `exclude` and `per-file-ignores`, relative to the
//! configuration file's directory, with ruff's meaning: a pattern without `/`
//! matches any file or directory of that name; one with `/` matches the
//! relative path (or one of its parent directories).

use std::path::{Component, Path};

use globset::{GlobBuilder, GlobMatcher};

#[derive(Debug, Clone)]
pub struct PathPattern {
    pub text: String,
    matcher: GlobMatcher,
    /// No `/` in the pattern: matched against each path component.
    by_name: bool,
}

impl PathPattern {
    pub fn new(text: &str) -> Result<PathPattern, globset::Error> {
        let trimmed = text
            .strip_prefix("./")
            .unwrap_or(text)
            .trim_end_matches('/');
        let matcher = GlobBuilder::new(trimmed)
            .literal_separator(true)
            .build()?
            .compile_matcher();
        Ok(PathPattern {
            text: text.to_owned(),
            matcher,
            by_name: !trimmed.contains('/'),
        })
    }

    /// `relative` is the file's path relative to the configuration directory.
    pub fn matches(&self, relative: &Path) -> bool {
        if self.by_name {
            return relative.components().any(|component| match component {
                Component::Normal(name) => self.matcher.is_match(name),
                _ => false,
            });
        }
        relative
            .ancestors()
            .any(|prefix| !prefix.as_os_str().is_empty() && self.matcher.is_match(prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, path: &str) -> bool {
        PathPattern::new(pattern).unwrap().matches(Path::new(path))
    }

    #[test]
    fn names_and_paths() {
        assert!(matches("vendor", "vendor/x/Dockerfile"));
        assert!(matches("vendor", "a/vendor/Dockerfile"));
        assert!(matches("*.dev", "app/Dockerfile.dev"));
        assert!(matches("legacy/*", "legacy/Dockerfile"));
        assert!(matches("legacy/", "legacy/a/Dockerfile"));
        assert!(!matches("legacy/*", "app/legacy/Dockerfile"));
        assert!(matches("**/legacy/*", "app/legacy/Dockerfile"));
        assert!(matches("app/**", "app/x/Dockerfile"));
    }
}
