//! A build context held in memory: a list of paths and an ignore file. For
//! tests, rule examples and callers that already know the files.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::{
    BuildContext, EntryKind, ExposedEntry, ExposureCache, IgnoreFile, Listing, join, scan_exposed,
};

#[derive(Debug, Default)]
pub struct MemoryContext {
    /// Every directory (`""` is the root) with its children.
    children: BTreeMap<String, BTreeSet<(String, EntryKind)>>,
    dockerignore: Option<IgnoreFile>,
    exposure: ExposureCache,
}

impl MemoryContext {
    /// A context with these paths (relative, `/`-separated). Parent
    /// directories are implied; a trailing `/` makes an empty directory, a
    /// trailing `@` a symlink (`link@`).
    pub fn new<S: AsRef<str>>(paths: &[S]) -> MemoryContext {
        let mut context = MemoryContext::default();
        context.children.entry(String::new()).or_default();
        for path in paths {
            let path = path.as_ref();
            let (path, kind) = if let Some(directory) = path.strip_suffix('/') {
                (directory, EntryKind::Directory)
            } else if let Some(link) = path.strip_suffix('@') {
                (link, EntryKind::Symlink)
            } else {
                (path, EntryKind::File)
            };
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            let mut parent = String::new();
            for (index, segment) in segments.iter().enumerate() {
                let last = index + 1 == segments.len();
                let kind = if last { kind } else { EntryKind::Directory };
                context
                    .children
                    .entry(parent.clone())
                    .or_default()
                    .insert((segment.to_string(), kind));
                parent = join(&parent, segment);
                if kind == EntryKind::Directory {
                    context.children.entry(parent.clone()).or_default();
                }
            }
        }
        context
    }

    /// The ignore file in effect (from `.dockerignore` or the Dockerfile's own).
    pub fn with_dockerignore(mut self, origin: &str, text: &str) -> MemoryContext {
        self.dockerignore = Some(IgnoreFile::parse(origin, text));
        self
    }

    fn list(&self, directory: &str) -> Option<Listing> {
        let children = self.children.get(directory)?;
        Some(children.iter().cloned().collect())
    }
}

impl BuildContext for MemoryContext {
    fn dockerignore(&self) -> Option<&IgnoreFile> {
        self.dockerignore.as_ref()
    }

    fn entry_kind(&self, path: &str) -> Option<EntryKind> {
        if path.is_empty() {
            return Some(EntryKind::Directory);
        }
        let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
        self.list(parent)?
            .iter()
            .find(|(child, _)| child == name)
            .map(|(_, kind)| *kind)
    }

    fn exposed_entries(&self, directory: &str) -> Arc<[ExposedEntry]> {
        let ignore = self.dockerignore.as_ref();
        let origin = ignore.map_or("", IgnoreFile::origin);
        self.exposure.get_or_scan(directory, origin, || {
            scan_exposed(&|dir| self.list(dir), directory, ignore)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::ExposedKind;

    #[test]
    fn lists_and_finds_entries() {
        let context = MemoryContext::new(&["src/main.py", "empty/", "link@", ".env"]);
        assert_eq!(context.entry_kind(""), Some(EntryKind::Directory));
        assert_eq!(context.entry_kind("src"), Some(EntryKind::Directory));
        assert_eq!(context.entry_kind("src/main.py"), Some(EntryKind::File));
        assert_eq!(context.entry_kind("empty"), Some(EntryKind::Directory));
        assert_eq!(context.entry_kind("link"), Some(EntryKind::Symlink));
        assert_eq!(context.entry_kind("missing"), None);
        assert_eq!(context.entry_kind("src/missing/deeper"), None);
    }

    #[test]
    fn exposed_entries_respect_the_ignore_file() {
        let files = [
            ".env",
            ".env.example",
            "config/.npmrc",
            ".git/config",
            ".ssh/id_rsa",
            "node_modules/pkg/.env",
            "keys/server.key",
            "src/app.py",
        ];
        let open = MemoryContext::new(&files);
        let paths: Vec<String> = open
            .exposed_entries("")
            .iter()
            .map(|entry| entry.path.clone())
            .collect();
        assert_eq!(
            paths,
            [
                ".env",
                ".git",
                ".ssh",
                "config/.npmrc",
                "keys/server.key",
                "node_modules/pkg/.env"
            ]
        );
        let git = open.exposed_entries("");
        assert!(
            git.iter()
                .any(|entry| entry.kind == ExposedKind::GitDirectory)
        );

        let ignored = MemoryContext::new(&files)
            .with_dockerignore(".dockerignore", "node_modules\n.git\n**/*.key\n.env\n");
        let paths: Vec<String> = ignored
            .exposed_entries("")
            .iter()
            .map(|entry| entry.path.clone())
            .collect();
        assert_eq!(paths, [".ssh", "config/.npmrc"]);
        let under_config: Vec<String> = ignored
            .exposed_entries("config")
            .iter()
            .map(|entry| entry.path.clone())
            .collect();
        assert_eq!(under_config, ["config/.npmrc"]);
    }

    #[test]
    fn exceptions_reach_into_excluded_directories() {
        let context = MemoryContext::new(&["build/out/.env", "build/keep/.env", "src/.env"])
            .with_dockerignore(".dockerignore", "build\n!build/keep\n");
        let paths: Vec<String> = context
            .exposed_entries("")
            .iter()
            .map(|entry| entry.path.clone())
            .collect();
        assert_eq!(paths, ["build/keep/.env", "src/.env"]);
    }
}
