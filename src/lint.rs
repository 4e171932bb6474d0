//! `lint(source, path, options) -> diagnostics`, free of I/O.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::line_index::LineIndex;
use crate::rules::{self, Checker, RuleMeta};
use crate::semantic::SemanticModel;
use crate::span::Span;
use crate::syntax::{self, Dockerfile};

/// Engine-reported codes (they have catalog entries but no `Rule`).
const PARSE_ERROR: &str = "DL1000";
const INVALID_UTF8: &str = "SS001";

/// What the caller chooses for one run (configuration grows in later issues).
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// When set, only rules matched by one of these selectors run (instead of
    /// the default-enabled ones). Selectors: `ALL`, a code, a code prefix
    /// (`DL3`), a rule name or an alias, case-insensitive.
    pub select: Option<Vec<String>>,
    /// Rules matched by one of these selectors do not run. Parse errors
    /// (DL1000) cannot be ignored: nothing else is reliable without them.
    pub ignore: Vec<String>,
    /// The `--target` stage: the image is built from it instead of the last stage.
    pub target: Option<String>,
}

impl LintOptions {
    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        if meta.code == PARSE_ERROR {
            return true;
        }
        let selected = match &self.select {
            Some(selectors) => selectors
                .iter()
                .any(|selector| rules::selector_matches(selector, meta)),
            None => meta.default_enabled,
        };
        selected
            && !self
                .ignore
                .iter()
                .any(|selector| rules::selector_matches(selector, meta))
    }
}

/// The result of linting one file.
#[derive(Debug, Clone)]
pub struct LintedFile {
    /// The decoded source text (lossily, if it was not valid UTF-8); spans index into it.
    pub source: String,
    pub line_index: LineIndex,
    /// Sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error("binary file (contains a NUL byte at offset {offset}), not a Dockerfile")]
    Binary { offset: usize },
}

pub fn lint(source: &[u8], path: &Path, options: &LintOptions) -> Result<LintedFile, LintError> {
    let _ = path;
    if let Some(offset) = source.iter().position(|&byte| byte == 0) {
        return Err(LintError::Binary { offset });
    }
    let (text, invalid_utf8) = decode(source);
    let dockerfile = syntax::parse(&text);
    let model = SemanticModel::build(&text, &dockerfile, options.target.as_deref());

    let mut diagnostics = Vec::new();
    if let Some(diagnostic) = invalid_utf8.and_then(|invalid| invalid.diagnostic(options)) {
        diagnostics.push(diagnostic);
    }
    report_parse_errors(&dockerfile, options, &mut diagnostics);
    // Rules run on whatever was parsed, as BuildKit lints files it then refuses.
    for rule in rules::all_rules() {
        let Some(meta) = rules::meta_for_code(rule.code()) else {
            continue;
        };
        if options.is_enabled(meta) {
            let mut checker = Checker::new(&text, &dockerfile, &model, meta, &mut diagnostics);
            rule.check(&mut checker);
        }
    }
    diagnostics.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));

    Ok(LintedFile {
        line_index: LineIndex::new(&text),
        source: text,
        diagnostics,
    })
}

/// Where the first invalid UTF-8 sequence was, in the raw bytes and the decoded text.
struct InvalidUtf8 {
    /// Offset of the replacement character in the decoded text.
    decoded_offset: usize,
    byte: u8,
    raw_offset: usize,
}

impl InvalidUtf8 {
    fn diagnostic(&self, options: &LintOptions) -> Option<Diagnostic> {
        let meta = rules::meta_for_code(INVALID_UTF8)?;
        if !options.is_enabled(meta) {
            return None;
        }
        let replacement = char::REPLACEMENT_CHARACTER.len_utf8();
        Some(Diagnostic {
            code: meta.code,
            name: meta.name,
            severity: meta.severity,
            message: format!(
                "the file is not valid UTF-8: byte 0x{:02X} at offset {} was replaced with U+FFFD",
                self.byte, self.raw_offset
            ),
            span: Span::new(self.decoded_offset, self.decoded_offset + replacement),
            fix: None,
        })
    }
}

fn decode(source: &[u8]) -> (String, Option<InvalidUtf8>) {
    match std::str::from_utf8(source) {
        Ok(text) => (text.to_string(), None),
        Err(error) => {
            // Everything before the first invalid byte decodes unchanged, so
            // its offset is also where the first U+FFFD lands.
            let offset = error.valid_up_to();
            let invalid = InvalidUtf8 {
                decoded_offset: offset,
                byte: source.get(offset).copied().unwrap_or(0),
                raw_offset: offset,
            };
            (String::from_utf8_lossy(source).into_owned(), Some(invalid))
        }
    }
}

fn report_parse_errors(
    dockerfile: &Dockerfile,
    options: &LintOptions,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(meta) = rules::meta_for_code(PARSE_ERROR) else {
        return;
    };
    if !options.is_enabled(meta) {
        return;
    }
    diagnostics.extend(dockerfile.errors.iter().map(|error| Diagnostic {
        code: meta.code,
        name: meta.name,
        severity: meta.severity,
        message: error.message.clone(),
        span: error.span,
        fix: None,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(select: Option<&[&str]>, ignore: &[&str]) -> LintOptions {
        LintOptions {
            select: select.map(|list| list.iter().map(|s| s.to_string()).collect()),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
            target: None,
        }
    }

    fn enabled(options: &LintOptions, code: &str) -> bool {
        rules::meta_for_code(code).is_some_and(|meta| options.is_enabled(meta))
    }

    #[test]
    fn a_nul_byte_means_binary() {
        let result = lint(
            b"FROM a\n\0",
            Path::new("Dockerfile"),
            &LintOptions::default(),
        );
        assert!(matches!(result, Err(LintError::Binary { offset: 7 })));
    }

    #[test]
    fn the_first_invalid_byte_is_reported_on_its_replacement_character() {
        let source = b"FROM a\nLABEL x=\"\xe9\xff\"\n";
        let file = lint(source, Path::new("Dockerfile"), &LintOptions::default()).unwrap();
        let invalid: Vec<_> = file
            .diagnostics
            .iter()
            .filter(|d| d.code == INVALID_UTF8)
            .collect();
        assert_eq!(invalid.len(), 1);
        assert_eq!(invalid[0].span.text(&file.source), "\u{FFFD}");
        assert_eq!(invalid[0].span.start, 16);
        assert!(invalid[0].message.contains("0xE9"));

        let ignored = lint(
            source,
            Path::new("Dockerfile"),
            &options(None, &["invalid-utf8"]),
        );
        assert!(
            ignored
                .unwrap()
                .diagnostics
                .iter()
                .all(|d| d.code != INVALID_UTF8)
        );
    }

    #[test]
    fn select_and_ignore_use_codes_prefixes_names_and_aliases() {
        let default = LintOptions::default();
        assert!(enabled(&default, "DL3006"));

        let only_dl3 = options(Some(&["dl3"]), &[]);
        assert!(enabled(&only_dl3, "DL3006"));
        assert!(!enabled(&only_dl3, "DL4000"));

        let by_alias = options(Some(&["MaintainerDeprecated"]), &[]);
        assert!(enabled(&by_alias, "DL4000"));
        assert!(!enabled(&by_alias, "DL3006"));

        let all_but = options(Some(&["ALL"]), &["untagged-image", "DL40"]);
        assert!(!enabled(&all_but, "DL3006"));
        assert!(!enabled(&all_but, "DL4003"));
        assert!(enabled(&all_but, "DL3007"));

        // Parse errors stay on whatever is selected.
        assert!(enabled(&options(Some(&["DL3006"]), &["ALL"]), PARSE_ERROR));
    }
}
