//! ShellCheck's `SC*` findings on RUN scripts, without I/O: the engine hands
//! the scripts of a file to a caller-provided [`ScriptChecker`] (the CLI runs
//! the `shellcheck` binary) and maps what it reports back to exact Dockerfile
//! spans, before suppressions are applied.
//!
//! What is checked is what hadolint checks: shell-form `RUN` (also as an
//! `ONBUILD` trigger) and heredoc bodies run by a POSIX shell. Each script
//! gets a preamble of `export NAME` lines for the ARG/ENV names in scope and
//! the proxy ARGs (so SC2154 stays quiet about them), and a shell-form
//! command with heredocs gets their bodies appended, as the shell sees them;
//! positions are mapped past both.

mod codes;
mod inputs;
pub mod json1;
mod position;
mod prepared;

use crate::diagnostics::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::lint::LintOptions;
use crate::semantic::{RunScript, SemanticModel};
use crate::syntax::Dockerfile;

pub use codes::{intern_code, is_shellcheck_code, is_shellcheck_selector, wiki_url};
pub use inputs::Dialect;
use prepared::PreparedScript;

/// The `name` of every ShellCheck diagnostic (the code tells them apart).
pub const SHELLCHECK_NAME: &str = "shellcheck";

/// Codes hadolint always excludes: SC2187 (ash scripts), SC1090/SC1091
/// (sourced files, which do not exist outside the image).
pub const EXCLUDED_CODES: [&str; 3] = ["SC2187", "SC1090", "SC1091"];

/// Checks shell scripts; implemented by the caller (the CLI runs `shellcheck`).
pub trait ScriptChecker: Send + Sync + std::fmt::Debug {
    /// Checks every script of one Dockerfile in one go. Findings name their
    /// script by its index in `scripts`.
    fn check(&self, scripts: &[ScriptInput]) -> Result<Vec<ScriptFinding>, ScriptCheckError>;
}

/// One script as the checker sees it (preamble included).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScriptInput {
    pub text: String,
    pub dialect: Dialect,
}

/// One finding, positioned as ShellCheck's `-f json1` does: 1-based lines,
/// 1-based columns counted in characters (a tab is one), exclusive end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptFinding {
    /// Index into the `scripts` given to [`ScriptChecker::check`].
    pub script: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub severity: Severity,
    /// `SC2086`.
    pub code: String,
    pub message: String,
    /// ShellCheck's suggested edit (empty when it has none), in the same
    /// coordinates as the finding.
    pub replacements: Vec<ScriptReplacement>,
}

/// One edit of a ShellCheck fix: 1-based lines, 1-based character columns,
/// the end exclusive (`-f json1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptReplacement {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub replacement: String,
}

/// Why a checker could not check a file's scripts (the file is then linted
/// without SC findings).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScriptCheckError {
    #[error("could not run shellcheck: {0}")]
    Run(String),
    #[error("shellcheck failed (exit status {status}): {stderr}")]
    Failed { status: String, stderr: String },
    #[error("unreadable shellcheck output: {0}")]
    Output(String),
}

/// What running the checker on one file gave.
#[derive(Debug, Default)]
pub(crate) struct ShellcheckOutcome {
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the checker ran and answered (so an unused `ignore=SC…` means something).
    pub ran: bool,
    pub error: Option<ScriptCheckError>,
}

/// Runs `options.script_checker` (if any) on the file's scripts and turns its
/// findings into diagnostics at their Dockerfile spans (not yet suppressed).
pub(crate) fn check_file(
    source: &str,
    dockerfile: &Dockerfile,
    model: &SemanticModel,
    options: &LintOptions,
) -> ShellcheckOutcome {
    let Some(checker) = &options.script_checker else {
        return ShellcheckOutcome::default();
    };
    if !any_code_enabled(options) {
        return ShellcheckOutcome::default();
    }
    let prepared = inputs::collect(source, dockerfile, model);
    if prepared.is_empty() {
        return ShellcheckOutcome {
            ran: true,
            ..ShellcheckOutcome::default()
        };
    }
    let scripts: Vec<ScriptInput> = prepared.iter().map(|p| p.input.clone()).collect();
    let findings = match checker.check(&scripts) {
        Ok(findings) => findings,
        Err(error) => {
            return ShellcheckOutcome {
                error: Some(error),
                ..ShellcheckOutcome::default()
            };
        }
    };
    let diagnostics = findings
        .iter()
        .filter_map(|finding| {
            let code = intern_code(&finding.code)?;
            if EXCLUDED_CODES.contains(&code) || !is_code_enabled(options, code) {
                return None;
            }
            let prepared = prepared.get(finding.script)?;
            let script = model.scripts(prepared.instruction).get(prepared.script)?;
            let span = prepared.source_span(script, source, finding);
            Some(Diagnostic {
                code,
                name: SHELLCHECK_NAME,
                severity: finding.severity,
                message: finding.message.clone(),
                span,
                fix: suggested_fix(prepared, script, source, &finding.replacements),
            })
        })
        .collect();
    ShellcheckOutcome {
        diagnostics,
        ran: true,
        error: None,
    }
}

/// ShellCheck's suggestion as our edits, when every replacement maps to
/// Dockerfile bytes that are exactly the script text it replaces (not across
/// a line continuation or a dropped comment line) and none overlap. Unsafe:
/// quoting a variable, say, changes what the command does.
fn suggested_fix(
    prepared: &PreparedScript,
    script: &RunScript,
    source: &str,
    replacements: &[ScriptReplacement],
) -> Option<Fix> {
    if replacements.is_empty() {
        return None;
    }
    let mut edits = replacements
        .iter()
        .map(|replacement| {
            Some(Edit {
                span: prepared.verbatim_span(script, source, replacement)?,
                replacement: replacement.replacement.clone(),
            })
        })
        .collect::<Option<Vec<Edit>>>()?;
    // Stable: insertions at one point keep ShellCheck's order.
    edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let overlapping = edits
        .windows(2)
        .any(|pair| pair[0].span.end > pair[1].span.start);
    (!overlapping).then(|| Fix {
        message: "apply ShellCheck's suggestion".to_owned(),
        applicability: Applicability::Unsafe,
        edits,
    })
}

/// The scripts [`lint`](crate::lint()) would hand the checker for `source`
/// (decoded as `lint` decodes it), so a caller can check many files' scripts
/// in a few batches ahead of time and answer `lint`'s calls from the results.
pub fn script_inputs(source: &[u8]) -> Vec<ScriptInput> {
    if source.contains(&0) {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(source);
    let dockerfile = crate::syntax::parse(&text);
    let model = SemanticModel::build(&text, &dockerfile, None);
    inputs::collect(&text, &dockerfile, &model)
        .into_iter()
        .map(|prepared| prepared.input)
        .collect()
}

/// Whether an SC `code` is selected and not ignored, with the selectors'
/// usual meaning (`ALL`, an exact code, a prefix such as `SC2` or `SC`).
pub fn is_code_enabled(options: &LintOptions, code: &str) -> bool {
    let matches = |selectors: &[String]| {
        selectors
            .iter()
            .any(|selector| codes::selector_matches(selector, code))
    };
    let selected = match &options.select {
        Some(selectors) => matches(selectors),
        None => true,
    } || matches(&options.extend_select);
    selected && !matches(&options.ignore) && !matches(&options.per_file_ignores)
}

/// Whether some SC code may be enabled (if not, ShellCheck need not run).
pub fn any_code_enabled(options: &LintOptions) -> bool {
    let may_select = |selectors: &[String]| {
        selectors
            .iter()
            .any(|selector| codes::may_match_some(selector))
    };
    let covers_all = |selectors: &[String]| {
        selectors
            .iter()
            .any(|selector| codes::matches_every(selector))
    };
    let selected = match &options.select {
        Some(selectors) => may_select(selectors),
        None => true,
    } || may_select(&options.extend_select);
    selected && !covers_all(&options.ignore) && !covers_all(&options.per_file_ignores)
}

#[cfg(test)]
mod tests;
