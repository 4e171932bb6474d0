//! SS401: a COPY/ADD of the whole context or of a directory takes credential
//! files (or `.git`) that the `.dockerignore` does not exclude.

use crate::context::{EntryKind, ExposedKind, context_path, is_whole_context};
use crate::diagnostics::Severity;
use crate::rules::support::context_sources::{context_sources, name_a_few};
use crate::rules::support::security::secret_files::secret_file;
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
            // `COPY .ssh /root/.ssh` names the credential itself: SS101 reports it.
            if secret_file(source.path).is_some() {
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;
    use std::sync::Arc;

    use crate::context::memory::MemoryContext;
    use crate::diagnostics::Severity;
    use crate::lint::{LintOptions, lint};

    fn findings(
        files: &[&str],
        ignore: &str,
        source: &str,
        options: LintOptions,
    ) -> Vec<(Severity, String)> {
        let context = MemoryContext::new(files).with_dockerignore(".dockerignore", ignore);
        let options = LintOptions {
            build_context: Some(Arc::new(context)),
            ..options
        };
        let file = lint(source.as_bytes(), Path::new("Dockerfile"), &options).unwrap();
        file.diagnostics
            .into_iter()
            .filter(|diagnostic| diagnostic.code == "SS401")
            .map(|diagnostic| (diagnostic.severity, diagnostic.message))
            .collect()
    }

    #[test]
    fn credentials_are_errors_git_alone_a_warning() {
        let source = "FROM alpine:3.20\nCOPY . /app\n";
        let both = findings(
            &[".env", ".git/HEAD", "a"],
            "x",
            source,
            LintOptions::default(),
        );
        assert_eq!(both.len(), 1);
        assert_eq!(both[0].0, Severity::Error);
        assert!(both[0].1.contains("`.env` (and `.git`)"), "{}", both[0].1);
        let git = findings(&[".git/HEAD", "a"], "x", source, LintOptions::default());
        assert_eq!(git[0].0, Severity::Warning);
    }

    #[test]
    fn many_files_are_summed_up_and_a_configured_severity_wins() {
        let files = ["a/.env", "b/.env", "c/.env", "d/.env", "e/.env"];
        let options = LintOptions {
            severity: Arc::new(BTreeMap::from([("SS401", Severity::Info)])),
            ..LintOptions::default()
        };
        let found = findings(&files, "x", "FROM alpine:3.20\nCOPY . /app\n", options);
        assert_eq!(found[0].0, Severity::Info);
        assert!(
            found[0]
                .1
                .contains("`a/.env`, `b/.env`, `c/.env` and 2 more"),
            "{}",
            found[0].1
        );
    }

    #[test]
    fn a_credential_directory_named_as_the_source_is_left_to_ss101() {
        let source = "FROM alpine:3.20\nCOPY .ssh /root/.ssh\n";
        assert!(findings(&[".ssh/id_rsa"], "x", source, LintOptions::default()).is_empty());
    }
}
