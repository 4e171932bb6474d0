//! SS401: a COPY/ADD of the whole context or of a directory takes credential
//! files (or `.git`) that the `.dockerignore` does not exclude.

use crate::context::{EntryKind, ExposedKind, context_path, is_whole_context};
use crate::diagnostics::Severity;
use crate::rules::support::context_sources::{context_sources, name_a_few};
use crate::rules::{Checker, Rule};

pub struct ContextSecretNotIgnored;

/// How many paths a message names before "and N more".
const NAMED: usize = 3;

impl Rule for ContextSecretNotIgnored {
    fn code(&self) -> &'static str {
        "SS401"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let Some(context) = checker.options().build_context.as_deref() else {
            return;
        };
        let model = checker.model();
        for source in context_sources(checker.dockerfile()) {
            // As SS101: files copied into a stage the image is not built from stay out of it.
            if model
                .stage_of(source.instruction)
                .is_some_and(|stage| !model.is_in_image(stage.index))
            {
                continue;
            }
            let directory = if is_whole_context(source.path) {
                String::new()
            } else {
                let path = context_path(source.path);
                let is_glob = path.contains(['*', '?', '[']);
                if is_glob || context.entry_kind(&path) != Some(EntryKind::Directory) {
                    continue;
                }
                path
            };
            let exposed = context.exposed_entries(&directory);
            let credentials: Vec<String> = exposed
                .iter()
                .filter(|entry| matches!(entry.kind, ExposedKind::Credential(_)))
                .map(|entry| entry.path.clone())
                .collect();
            let git: Vec<String> = exposed
                .iter()
                .filter(|entry| entry.kind == ExposedKind::GitDirectory)
                .map(|entry| entry.path.clone())
                .collect();
            let copied = format!("`{}`", source.path);
            let (severity, message) = if credentials.is_empty() {
                if git.is_empty() {
                    continue;
                }
                let message = format!(
                    "{copied} includes {}, which the .dockerignore does not exclude: the \
                     repository history (and any token in its config) ends up in the image; \
                     add `.git` to the .dockerignore",
                    name_a_few(&git, NAMED)
                );
                (Severity::Warning, message)
            } else {
                let also_git = if git.is_empty() {
                    String::new()
                } else {
                    format!(" (and {})", name_a_few(&git, NAMED))
                };
                let message = format!(
                    "{copied} includes credential files the .dockerignore does not exclude: \
                     {}{also_git}; anyone with the image can read them: add them to the \
                     .dockerignore and mount them only where needed with \
                     `RUN --mount=type=secret`",
                    name_a_few(&credentials, NAMED)
                );
                (Severity::Error, message)
            };
            checker.report_with_severity(source.word.span, severity, message);
        }
    }
}
