//! `lint(source, path, options) -> diagnostics`, free of I/O.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

use crate::context::BuildContext;
use crate::diagnostics::{Diagnostic, Severity};
use crate::line_index::LineIndex;
use crate::rules::{self, Checker, Rule, RuleMeta, SharedFacts};
use crate::semantic::SemanticModel;
use crate::shellcheck::{self, ScriptCheckError, ScriptChecker};
use crate::span::Span;
use crate::suppression::{ExperimentalScope, Suppressions};
use crate::syntax::{self, Dockerfile};

/// Engine-reported codes (they have catalog entries but no `Rule`).
const PARSE_ERROR: &str = "DL1000";
const INVALID_UTF8: &str = "SS001";

/// What the caller chooses for one file: rule selection, severities, the fail
/// level and rule settings, already resolved from the configuration file and
/// the command line (see [`crate::config`]). The heavy parts are shared behind
/// `Arc`, so one configuration is cheap to clone per file.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// When set, only rules matched by one of these selectors run (instead of
    /// the default-enabled ones). Selectors: `ALL`, a code, a code prefix
    /// (`DL3`), a rule name or an alias, case-insensitive.
    pub select: Option<Vec<String>>,
    /// Rules matched by one of these selectors run in addition to the selected ones.
    pub extend_select: Vec<String>,
    /// Rules matched by one of these selectors do not run. Parse errors
    /// (DL1000) cannot be ignored: nothing else is reliable without them.
    pub ignore: Vec<String>,
    /// Selectors of `per-file-ignores` entries whose pattern matches this file.
    pub per_file_ignores: Vec<String>,
    /// Per-rule severity overrides, by code.
    pub severity: Arc<BTreeMap<&'static str, Severity>>,
    /// The least severe level that fails the run; `None` never fails.
    pub fail_level: Option<Severity>,
    /// The `--target` stage: the image is built from it instead of the last stage.
    pub target: Option<String>,
    /// The build context directory (`--context`), for rules that look at files.
    pub context: Option<PathBuf>,
    /// The files of the build context and the ignore file in effect, for the
    /// context rules (SS014, SS400, SS401); `None`: those rules do not run.
    pub build_context: Option<Arc<dyn BuildContext>>,
    /// Registries `FROM` images may come from (patterns: `*`, `*.example.com`, `docker.io`).
    pub trusted_registries: Arc<Vec<String>>,
    /// Glob patterns of the base images allowed in `FROM`.
    pub allowed_base_images: Arc<Vec<String>>,
    /// Labels every image must carry, with the type of their value.
    pub label_schema: Arc<BTreeMap<String, LabelType>>,
    /// With a label schema: labels outside the schema are reported too.
    pub strict_labels: bool,
    /// Inline suppressions (`# shipshape ignore=`, `# hadolint ignore=`,
    /// `# check=skip=`) are not honoured.
    pub disable_ignore_pragma: bool,
    /// `[rules.CODE]` tables of the configuration, by code.
    pub rule_settings: Arc<BTreeMap<&'static str, toml::Table>>,
    /// Checks RUN scripts for ShellCheck's `SC*` findings; `None`: not checked.
    pub script_checker: Option<Arc<dyn ScriptChecker>>,
}

impl Default for LintOptions {
    fn default() -> LintOptions {
        LintOptions {
            select: None,
            extend_select: Vec::new(),
            ignore: Vec::new(),
            per_file_ignores: Vec::new(),
            severity: Arc::default(),
            fail_level: Some(Severity::Warning),
            target: None,
            context: None,
            build_context: None,
            trusted_registries: Arc::default(),
            allowed_base_images: Arc::default(),
            label_schema: Arc::default(),
            strict_labels: false,
            disable_ignore_pragma: false,
            rule_settings: Arc::default(),
            script_checker: None,
        }
    }
}

/// The value types a `label-schema` entry can require (hadolint's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelType {
    Text,
    Url,
    Semver,
    Hash,
    Rfc3339,
    Spdx,
    Email,
}

impl LabelType {
    pub const ALL: [(&'static str, LabelType); 7] = [
        ("text", LabelType::Text),
        ("url", LabelType::Url),
        ("semver", LabelType::Semver),
        ("hash", LabelType::Hash),
        ("rfc3339", LabelType::Rfc3339),
        ("spdx", LabelType::Spdx),
        ("email", LabelType::Email),
    ];

    /// hadolint's spelling; the empty string means text, as in hadolint.
    pub fn parse(text: &str) -> Option<LabelType> {
        if text.is_empty() {
            return Some(LabelType::Text);
        }
        LabelType::ALL
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, kind)| *kind)
    }
}

impl LintOptions {
    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        if meta.code == PARSE_ERROR {
            return true;
        }
        // The usual case (no selector at all), asked for every rule of every file.
        let no_selectors = self.select.is_none()
            && self.extend_select.is_empty()
            && self.ignore.is_empty()
            && self.per_file_ignores.is_empty();
        if no_selectors {
            return meta.default_enabled;
        }
        let matches = |selectors: &[String]| {
            selectors
                .iter()
                .any(|selector| rules::selector_matches(selector, meta))
        };
        let selected = match &self.select {
            Some(selectors) => matches(selectors),
            None => meta.default_enabled,
        } || matches(&self.extend_select);
        selected && !self.is_ignored(meta)
    }

    /// Whether `ignore` or a matching `per-file-ignores` entry turns the rule off
    /// (they win over everything that enables it, even the file's own
    /// `# check=experimental=`).
    pub fn is_ignored(&self, meta: &RuleMeta) -> bool {
        let matches = |selectors: &[String]| {
            selectors
                .iter()
                .any(|selector| rules::selector_matches(selector, meta))
        };
        matches(&self.ignore) || matches(&self.per_file_ignores)
    }

    /// The severity `code` reports at: the override if any, else the catalog's.
    pub fn severity_of(&self, meta: &RuleMeta) -> Severity {
        self.severity
            .get(meta.code)
            .copied()
            .unwrap_or(meta.severity)
    }

    /// The `[rules.CODE]` table of a rule, if the configuration has one.
    pub fn rule_settings(&self, code: &str) -> Option<&toml::Table> {
        self.rule_settings.get(code)
    }

    /// One setting of a rule, deserialized on demand: `None` when absent,
    /// `Some(Err(..))` when present with the wrong shape (rules should report
    /// that rather than guess).
    pub fn rule_setting<T: serde::de::DeserializeOwned>(
        &self,
        code: &str,
        key: &str,
    ) -> Option<Result<T, toml::de::Error>> {
        let value = self.rule_settings(code)?.get(key)?.clone();
        Some(value.try_into())
    }
}

/// The result of linting one file.
#[derive(Debug, Clone)]
pub struct LintedFile<'a> {
    /// The decoded source text (lossily, if it was not valid UTF-8); spans
    /// index into it. Borrowed from the input when that was valid UTF-8.
    pub source: Cow<'a, str>,
    pub line_index: LineIndex,
    /// Sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// The file says `# check=error=true`: any finding of a rule BuildKit also
    /// has (one with an alias) fails the run, whatever the fail level.
    pub buildkit_error: bool,
    /// Why the script checker failed on this file (its SC findings are missing).
    pub script_check_error: Option<ScriptCheckError>,
}

impl LintedFile<'_> {
    /// Whether this file makes the run fail at `fail_level` (`None`: only
    /// through `# check=error=true`).
    pub fn fails(&self, fail_level: Option<Severity>) -> bool {
        self.diagnostics.iter().any(|diagnostic| {
            fail_level.is_some_and(|threshold| diagnostic.severity >= threshold)
                || (self.buildkit_error
                    && rules::meta_for_code(diagnostic.code)
                        .is_some_and(|meta| !meta.aliases.is_empty()))
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error("binary file (contains a NUL byte at offset {offset}), not a Dockerfile")]
    Binary { offset: usize },
}

/// Lints one file's bytes. The result borrows them when they are valid
/// UTF-8 (no copy); see [`lint_owned`] for a buffer the caller gives up.
pub fn lint<'a>(
    source: &'a [u8],
    path: &Path,
    options: &LintOptions,
) -> Result<LintedFile<'a>, LintError> {
    let _ = path;
    refuse_binary(source)?;
    let (text, invalid_utf8) = decode(source);
    Ok(lint_text(text, invalid_utf8, options))
}

/// [`lint`] of a buffer the caller no longer needs (a file just read): valid
/// UTF-8 becomes the result's source without a copy.
pub fn lint_owned(
    source: Vec<u8>,
    path: &Path,
    options: &LintOptions,
) -> Result<LintedFile<'static>, LintError> {
    let _ = path;
    refuse_binary(&source)?;
    let (text, invalid_utf8) = match String::from_utf8(source) {
        Ok(text) => (Cow::Owned(text), None),
        Err(error) => {
            let (text, invalid_utf8) = decode(error.as_bytes());
            (Cow::Owned(text.into_owned()), invalid_utf8)
        }
    };
    Ok(lint_text(text, invalid_utf8, options))
}

/// A NUL byte means a binary file: nothing to lint.
fn refuse_binary(source: &[u8]) -> Result<(), LintError> {
    match memchr::memchr(0, source) {
        Some(offset) => Err(LintError::Binary { offset }),
        None => Ok(()),
    }
}

fn lint_text<'a>(
    text: Cow<'a, str>,
    invalid_utf8: Option<InvalidUtf8>,
    options: &LintOptions,
) -> LintedFile<'a> {
    let dockerfile = syntax::parse(&text);
    let model = SemanticModel::build(&text, &dockerfile, options.target.as_deref());

    let mut diagnostics = Vec::new();
    if let Some(diagnostic) = invalid_utf8.and_then(|invalid| invalid.diagnostic(options)) {
        diagnostics.push(diagnostic);
    }
    report_parse_errors(&dockerfile, options, &mut diagnostics);
    // Suppressions are read first: `# check=experimental=` decides where
    // BuildKit's experimental checks run.
    let line_index = LineIndex::new(&text);
    let mut suppressions = Suppressions::collect(&text, &dockerfile, &line_index, options);
    // Rules run on whatever was parsed, as BuildKit lints files it then refuses.
    let shared = SharedFacts::new();
    let plan = RulePlan::for_options(options);
    if let Some(&(_, first_meta, _)) = plan.rules.first() {
        // One checker for every rule: see `Checker::start_rule`.
        let mut checker = Checker::new(&text, &dockerfile, &model, &shared, first_meta, options);
        for &(rule, meta, activation) in plan.rules.iter() {
            let scope = match activation {
                Activation::Enabled => ExperimentalScope::File,
                Activation::WhereTheFileEnables => suppressions.experimental.scope(meta),
            };
            if scope == ExperimentalScope::Off {
                continue;
            }
            let start = checker.start_rule(meta);
            rule.check(&mut checker);
            if let ExperimentalScope::Instructions(regions) = &scope {
                checker.retain_reported_since(start, |diagnostic| {
                    regions.iter().any(|region| {
                        region.start <= diagnostic.span.start && diagnostic.span.start < region.end
                    })
                });
            }
        }
        diagnostics.append(&mut checker.into_diagnostics());
    }
    let shellcheck = shellcheck::check_file(&text, &dockerfile, &model, options);
    diagnostics.extend(shellcheck.diagnostics);
    suppressions.shellcheck_ran = shellcheck.ran;
    suppressions.apply(&mut diagnostics, options);
    // Rules report at their catalog level unless they chose a lower one
    // (SS401: `.git` warns, credentials are errors); a configured level wins.
    if !options.severity.is_empty() {
        for diagnostic in &mut diagnostics {
            if let Some(&level) = options.severity.get(diagnostic.code) {
                diagnostic.severity = level;
            }
        }
    }
    diagnostics.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));

    LintedFile {
        line_index,
        source: text,
        diagnostics,
        buildkit_error: suppressions.buildkit_error,
        script_check_error: shellcheck.error,
    }
}

/// Every rule with its catalog entry, paired once rather than per file.
fn rules_with_meta() -> &'static [(&'static dyn Rule, &'static RuleMeta)] {
    static PAIRS: OnceLock<Vec<(&'static dyn Rule, &'static RuleMeta)>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        rules::all_rules()
            .iter()
            .filter_map(|&rule| Some((rule, rules::meta_for_code(rule.code())?)))
            .collect()
    })
}

/// Why a rule of a [`RulePlan`] may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Activation {
    /// The options enable it.
    Enabled,
    /// An experimental rule the options neither enable nor ignore: it runs
    /// where the file's `# check=experimental=` asks for it.
    WhereTheFileEnables,
}

/// The rules that may run under one set of selectors, in `lint`'s order.
/// Deciding that takes every selector against every rule, so it is done once
/// per distinct set of selectors (per thread) instead of once per file.
struct RulePlan {
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    per_file_ignores: Vec<String>,
    rules: Vec<(&'static dyn Rule, &'static RuleMeta, Activation)>,
}

impl RulePlan {
    fn for_options(options: &LintOptions) -> Rc<RulePlan> {
        thread_local! {
            static LAST: RefCell<Option<Rc<RulePlan>>> = const { RefCell::new(None) };
        }
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            match last.as_ref() {
                Some(plan) if plan.has_selectors_of(options) => Rc::clone(plan),
                _ => {
                    let plan = Rc::new(RulePlan::new(options));
                    *last = Some(Rc::clone(&plan));
                    plan
                }
            }
        })
    }

    fn new(options: &LintOptions) -> RulePlan {
        let rules = rules_with_meta()
            .iter()
            .filter_map(|&(rule, meta)| {
                let activation = if options.is_enabled(meta) {
                    Activation::Enabled
                } else if meta.experimental && !options.is_ignored(meta) {
                    Activation::WhereTheFileEnables
                } else {
                    return None;
                };
                Some((rule, meta, activation))
            })
            .collect();
        RulePlan {
            select: options.select.clone(),
            extend_select: options.extend_select.clone(),
            ignore: options.ignore.clone(),
            per_file_ignores: options.per_file_ignores.clone(),
            rules,
        }
    }

    /// Whether `options` has exactly the selectors this plan was made for
    /// (they alone decide [`LintOptions::is_enabled`] and [`LintOptions::is_ignored`]).
    fn has_selectors_of(&self, options: &LintOptions) -> bool {
        self.select == options.select
            && self.extend_select == options.extend_select
            && self.ignore == options.ignore
            && self.per_file_ignores == options.per_file_ignores
    }
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

fn decode(source: &[u8]) -> (Cow<'_, str>, Option<InvalidUtf8>) {
    match std::str::from_utf8(source) {
        Ok(text) => (Cow::Borrowed(text), None),
        Err(error) => {
            // Everything before the first invalid byte decodes unchanged, so
            // its offset is also where the first U+FFFD lands.
            let offset = error.valid_up_to();
            let invalid = InvalidUtf8 {
                decoded_offset: offset,
                byte: source.get(offset).copied().unwrap_or(0),
                raw_offset: offset,
            };
            (String::from_utf8_lossy(source), Some(invalid))
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
mod tests;
