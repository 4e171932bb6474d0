//! The build context: the files `docker build` sends, and the `.dockerignore`
//! that leaves some of them out.
//!
//! [`crate::lint`] does no I/O: rules see the context through the read-only
//! [`BuildContext`] trait, injected in [`crate::LintOptions::build_context`].
//! [`filesystem`] implements it over a real directory (listing lazily, once
//! per directory, shared by every Dockerfile of a run); [`memory`] over a list
//! of paths, for tests and rule examples.

pub mod dockerignore;
pub mod filesystem;
pub mod memory;
mod pattern;

use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

pub use dockerignore::{IgnoreFile, IgnoreProblem};
pub use pattern::PatternError;

use crate::rules::support::security::secret_files::{SecretFile, secret_file};

/// What a build context holds, as the rules of one Dockerfile see it.
pub trait BuildContext: Send + Sync + Debug {
    /// The ignore file in effect for the Dockerfile being linted (BuildKit
    /// prefers `<Dockerfile name>.dockerignore` next to the Dockerfile over
    /// `.dockerignore` at the context root); `None` when there is neither.
    fn dockerignore(&self) -> Option<&IgnoreFile>;

    /// What is at `path` (relative to the context root, `/`-separated,
    /// cleaned; `""` is the root), without following a symlink; `None` when
    /// nothing is there.
    fn entry_kind(&self, path: &str) -> Option<EntryKind>;

    /// The credential files and `.git` directories under `directory` (`""`:
    /// the whole context) that the ignore file does not leave out. Computed
    /// once per directory and shared.
    fn exposed_entries(&self, directory: &str) -> Arc<[ExposedEntry]>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    File,
    Directory,
    /// Reported as an entry; never followed.
    Symlink,
    Other,
}

/// A context entry that should not reach an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposedEntry {
    /// Relative to the context root.
    pub path: String,
    pub kind: ExposedKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExposedKind {
    /// A credential file or directory (the kinds SS101 knows), with a
    /// description for messages.
    Credential(&'static str),
    /// A `.git` directory: the whole history, maybe with tokens in its config.
    GitDirectory,
}

/// The children of one directory of a context: names and kinds.
pub type Listing = Arc<[(String, EntryKind)]>;

/// Walks `directory` with `list` (which returns `None` for unreadable
/// directories, skipped quietly), pruning what `ignore` leaves out, and
/// collects the exposed entries. `.git` and credential directories are
/// reported whole, not entered.
pub fn scan_exposed(
    list: &dyn Fn(&str) -> Option<Listing>,
    directory: &str,
    ignore: Option<&IgnoreFile>,
) -> Vec<ExposedEntry> {
    let mut exposed = Vec::new();
    let mut pending = vec![directory.to_string()];
    while let Some(current) = pending.pop() {
        let Some(children) = list(&current) else {
            continue;
        };
        for (name, kind) in children.iter() {
            let path = join(&current, name);
            if ignore.is_some_and(|ignore| ignore.excludes(&path)) {
                // Inside, only what an exception re-includes is sent.
                if *kind == EntryKind::Directory && !ignore.is_some_and(|i| i.can_prune(&path)) {
                    pending.push(path);
                }
                continue;
            }
            match kind {
                EntryKind::Directory if name == ".git" => exposed.push(ExposedEntry {
                    path,
                    kind: ExposedKind::GitDirectory,
                }),
                EntryKind::Directory => match secret_file(&path) {
                    Some(secret @ (SecretFile::SshDirectory | SecretFile::AwsCredentials)) => {
                        exposed.push(ExposedEntry {
                            path,
                            kind: ExposedKind::Credential(secret.describe()),
                        });
                    }
                    _ => pending.push(path),
                },
                EntryKind::File => {
                    if let Some(secret) = secret_file(&path) {
                        exposed.push(ExposedEntry {
                            path,
                            kind: ExposedKind::Credential(secret.describe()),
                        });
                    }
                }
                EntryKind::Symlink | EntryKind::Other => {}
            }
        }
    }
    exposed.sort_by(|a, b| a.path.cmp(&b.path));
    exposed
}

/// `parent/name`, or `name` at the root.
pub(crate) fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}/{name}")
    }
}

/// A COPY/ADD source resolved as BuildKit resolves it inside the context:
/// cleaned from the root, so `./a`, `/a` and `../a` are all `a`, and `.` is `""`.
pub fn context_path(source: &str) -> String {
    let cleaned = pattern::clean_path(&format!("/{source}"));
    cleaned.trim_start_matches('/').to_string()
}

/// Go's `filepath.Clean` of a source, as BuildKit matches it against the ignore file.
pub fn clean_source(source: &str) -> String {
    pattern::clean_path(source)
}

/// Whether a COPY/ADD source copies everything at the context root (`.`,
/// `./`, `/`, `*`, `./*`).
pub fn is_whole_context(source: &str) -> bool {
    let path = context_path(source);
    path.is_empty() || path.chars().all(|c| c == '*')
}

/// Exposed entries per (directory, ignore file), each computed at most once
/// even when several threads ask together.
#[derive(Debug, Default)]
pub struct ExposureCache {
    entries: Mutex<HashMap<(String, String), ExposureSlot>>,
}

/// The entries of one (directory, ignore file), filled by the first thread that asks.
type ExposureSlot = Arc<OnceLock<Arc<[ExposedEntry]>>>;

impl ExposureCache {
    /// The entries under `directory` for the ignore file named `ignore_origin`
    /// (`""`: none): derived from the whole context when that is already
    /// known, else computed by `scan`.
    pub fn get_or_scan(
        &self,
        directory: &str,
        ignore_origin: &str,
        scan: impl FnOnce() -> Vec<ExposedEntry>,
    ) -> Arc<[ExposedEntry]> {
        let slot = |directory: &str| {
            let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(
                entries
                    .entry((directory.to_string(), ignore_origin.to_string()))
                    .or_default(),
            )
        };
        if !directory.is_empty()
            && let Some(whole) = slot("").get()
        {
            let prefix = format!("{directory}/");
            return whole
                .iter()
                .filter(|entry| entry.path.starts_with(&prefix))
                .cloned()
                .collect();
        }
        Arc::clone(slot(directory).get_or_init(|| scan().into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_resolve_inside_the_context() {
        assert_eq!(context_path("."), "");
        assert_eq!(context_path("./"), "");
        assert_eq!(context_path("/"), "");
        assert_eq!(context_path("../../a/./b/"), "a/b");
        assert!(is_whole_context("."));
        assert!(is_whole_context("./*"));
        assert!(is_whole_context("/"));
        assert!(!is_whole_context("src"));
        assert!(!is_whole_context("*.json"));
        assert_eq!(clean_source("./tmp//x"), "tmp/x");
    }
}
