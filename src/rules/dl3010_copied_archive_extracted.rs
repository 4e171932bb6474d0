//! DL3010: an archive COPYed from the context and then extracted by a RUN.

use std::borrow::Cow;

use crate::rules::support::dlshell::RunCommand;
use crate::rules::support::run_commands::CommandNames;
use crate::rules::util::strip_surrounding_quotes;
use crate::rules::{Checker, Rule};
use crate::span::Span;
use crate::syntax::{Arguments, Keyword};

pub struct CopiedArchiveExtracted;

/// File name endings of archives (hadolint's list).
const ARCHIVE_ENDINGS: &[&str] = &[
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz",
];

/// Endings that mean a (compressed) tar archive, which ADD unpacks.
const TAR_ENDINGS: &[&str] = &[
    ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz",
];

/// Every command that may extract an archive: `tar`, then the decompressors.
const EXTRACTORS: &[&str] = &[
    "tar",
    "unzip",
    "gunzip",
    "bunzip2",
    "unlzma",
    "unxz",
    "zgz",
    "uncompress",
    "zcat",
    "gzcat",
];

/// Commands that unpack or decompress their file operands.
const DECOMPRESSORS: &[&str] = EXTRACTORS.split_at(1).1;

/// A file copied in from the build context under an archive name.
struct CopiedArchive {
    stage: Option<usize>,
    instruction: usize,
    /// The file names it may have in the image (source and destination basenames).
    names: Vec<String>,
    /// The source word in the COPY.
    span: Span,
}

impl Rule for CopiedArchiveExtracted {
    fn code(&self) -> &'static str {
        "DL3010"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        // Most files extract nothing: then the COPY sources need no expanding.
        let extractors: Vec<_> = checker
            .run_commands_named(const { CommandNames::of(EXTRACTORS) })
            .collect();
        if extractors.is_empty() {
            return;
        }
        let archives = copied_archives(checker);
        if archives.is_empty() {
            return;
        }
        let mut reports: Vec<(Span, String)> = Vec::new();
        for run in extractors {
            let stage = model.stage_of(run.instruction).map(|stage| stage.index);
            for archive in &archives {
                if archive.stage != stage || archive.instruction >= run.instruction {
                    continue;
                }
                let Some(name) = extracted_name(run, &archive.names) else {
                    continue;
                };
                if !reports.iter().any(|(span, _)| *span == archive.span) {
                    reports.push((archive.span, name));
                }
            }
        }
        for (span, name) in reports {
            checker.report(
                span,
                format!(
                    "`{name}` is copied and then extracted by a later RUN, which keeps the \
                     archive in a layer; `ADD` unpacks a local tar archive in one step"
                ),
            );
        }
    }
}

/// Every `COPY` from the build context (no `--from`) of an archive-named file.
fn copied_archives(checker: &Checker<'_>) -> Vec<CopiedArchive> {
    let model = checker.model();
    let mut archives = Vec::new();
    for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
        if instruction.kind != Keyword::Copy
            || instruction.flag("from").is_some()
            || !instruction.heredocs.is_empty()
        {
            continue;
        }
        let Arguments::Words { words, .. } = &instruction.args else {
            continue;
        };
        let Some((destination, sources)) = words.split_last() else {
            continue;
        };
        let destination_text = model
            .expand(index, destination)
            .unwrap_or_else(|| destination.text.clone());
        let destination_name = Some(basename(strip_surrounding_quotes(&destination_text)))
            .filter(|name| is_archive_name(name))
            .map(str::to_string);
        for source in sources {
            // An unknown ARG stays as written: the RUN names the file with
            // the same variable, which the build passes to it.
            let text = model
                .expand(index, source)
                .unwrap_or_else(|| source.text.clone());
            let mut names: Vec<String> = destination_name.iter().cloned().collect();
            let source_name = basename(strip_surrounding_quotes(&text));
            if is_archive_name(source_name) {
                names.push(source_name.to_string());
            }
            if names.is_empty() {
                continue;
            }
            archives.push(CopiedArchive {
                stage: model.stage_of(index).map(|stage| stage.index),
                instruction: index,
                names,
                span: source.span,
            });
        }
    }
    archives
}

/// The name among `names` that this command extracts, if it extracts one:
/// `tar` in extract mode, or a decompressor applied to a tar archive.
fn extracted_name(run: &RunCommand<'_>, names: &[String]) -> Option<String> {
    let command = run.name()?;
    let args = run.args();
    let by_tar = command == "tar" && tar_extracts(run);
    if !by_tar && !DECOMPRESSORS.contains(&command) {
        return None;
    }
    args.iter().find_map(|word| {
        let text = run
            .literal(word)
            .map(Cow::into_owned)
            .unwrap_or_else(|| word.raw(&run.script.text).replace(['"', '\''], ""));
        let operand = basename(&text);
        names
            .iter()
            .find(|name| name.as_str() == operand && (by_tar || is_tar_name(name)))
            .cloned()
    })
}

/// Whether a `tar` command extracts: `-x...`, `x...` as the first (old-style)
/// argument, `--extract` or `--get`. Extracting with `--strip-components` or
/// a `--wildcards` selection is something ADD cannot do, so it does not count.
fn tar_extracts(run: &RunCommand<'_>) -> bool {
    let mut extracts = false;
    for (position, word) in run.args().iter().enumerate() {
        let Some(text) = run.literal(word) else {
            continue;
        };
        if text.starts_with("--strip-components") || text == "--wildcards" {
            return false;
        }
        let short_cluster = text
            .strip_prefix('-')
            .filter(|letters| !letters.starts_with('-'));
        let old_style = (position == 0 && !text.starts_with('-')).then_some(text.as_ref());
        if text == "--extract"
            || text == "--get"
            || short_cluster
                .or(old_style)
                .is_some_and(|letters| letters.contains('x'))
        {
            extracts = true;
        }
    }
    extracts
}

/// The last path component, for `/` and Windows `\` separators.
fn basename(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn is_archive_name(name: &str) -> bool {
    ARCHIVE_ENDINGS.iter().any(|ending| name.ends_with(ending))
}

fn is_tar_name(name: &str) -> bool {
    name.contains(".tar") || TAR_ENDINGS.iter().any(|ending| name.ends_with(ending))
}
