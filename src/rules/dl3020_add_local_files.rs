//! DL3020: use COPY, not ADD, for local files and folders.

use crate::diagnostics::{Applicability, Edit, Fix};
use crate::rules::util::strip_surrounding_quotes;
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Keyword};

pub struct AddLocalFiles;

/// Endings of the archives `ADD` unpacks (hadolint's DL3010 list plus zstd).
const ARCHIVE_SUFFIXES: [&str; 17] = [
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz", ".zst", ".tzst",
];

/// Flags only ADD understands: with them, COPY is no drop-in replacement.
const ADD_ONLY_FLAGS: [&str; 3] = ["checksum", "keep-git-dir", "unpack"];

impl Rule for AddLocalFiles {
    fn code(&self) -> &'static str {
        "DL3020"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Most files have no ADD: nothing to walk.
        if !checker.has_instruction(Keyword::Add) {
            return;
        }
        let model = checker.model();
        let mut findings = Vec::new();
        for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
            if instruction.kind != Keyword::Add {
                continue;
            }
            let Arguments::Words { words, .. } = &instruction.args else {
                continue;
            };
            let [sources @ .., _destination] = words.as_slice() else {
                continue;
            };
            let local = sources.iter().find(|word| {
                // Heredoc sources are inline files; unknown values may be URLs.
                !word.text.starts_with("<<")
                    && model
                        .expand(index, word)
                        .is_some_and(|value| is_local_path(strip_surrounding_quotes(&value)))
            });
            let Some(local) = local else {
                continue;
            };
            let message = format!(
                "`ADD` of the local path `{}`; use `COPY` for local files and folders",
                local.text
            );
            let replaceable = !instruction
                .flags
                .iter()
                .any(|flag| ADD_ONLY_FLAGS.contains(&flag.name.value.as_str()));
            let fix = replaceable.then(|| Fix {
                message: "replace `ADD` with `COPY`".to_string(),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    span: instruction.keyword.span,
                    replacement: "COPY".to_string(),
                }],
            });
            findings.push((instruction.keyword.span, message, fix));
        }
        for (span, message, fix) in findings {
            match fix {
                Some(fix) => checker.report_with_fix(span, message, fix),
                None => checker.report(span, message),
            }
        }
    }
}

/// Whether `source` is a plain local path: not a URL, a git remote, or an
/// archive that ADD would unpack.
fn is_local_path(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    let remote = ["http://", "https://", "git://", "ssh://", "git@"]
        .iter()
        .any(|scheme| lower.starts_with(scheme));
    let archive = ARCHIVE_SUFFIXES
        .iter()
        .any(|suffix| source.ends_with(suffix));
    !remote && !archive
}
