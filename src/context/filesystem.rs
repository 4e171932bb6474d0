//! A build context on disk. Directories are listed lazily (only what COPY/ADD
//! sources reach), each at most once, and shared by every Dockerfile linted
//! in the context. Symlinks are reported as entries and never followed; file
//! contents are never read (only ignore files are); unreadable directories
//! are skipped quietly.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::{
    BuildContext, EntryKind, ExposedEntry, ExposureCache, IgnoreFile, Listing, scan_exposed,
};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContextError {
    #[error("the build context directory does not exist")]
    Missing(PathBuf),
    #[error("the build context is not a directory")]
    NotADirectory(PathBuf),
}

/// One context directory, shared (behind `Arc`) by the Dockerfiles using it.
#[derive(Debug)]
pub struct FsContext {
    root: PathBuf,
    /// Listings by path relative to the root, each read once.
    listings: Mutex<HashMap<String, Arc<OnceLock<Option<Listing>>>>>,
    /// Kinds of single entries by path relative to the root, each looked up once.
    kinds: Mutex<HashMap<String, Arc<OnceLock<Option<EntryKind>>>>>,
    /// Parsed ignore files by their path (`None`: the file does not exist).
    ignore_files: Mutex<HashMap<PathBuf, Option<Arc<IgnoreFile>>>>,
    exposure: ExposureCache,
}

impl FsContext {
    pub fn open(root: &Path) -> Result<FsContext, ContextError> {
        match std::fs::metadata(root) {
            Ok(metadata) if metadata.is_dir() => Ok(FsContext {
                root: root.to_path_buf(),
                listings: Mutex::default(),
                kinds: Mutex::default(),
                ignore_files: Mutex::default(),
                exposure: ExposureCache::default(),
            }),
            Ok(_) => Err(ContextError::NotADirectory(root.to_path_buf())),
            Err(_) => Err(ContextError::Missing(root.to_path_buf())),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The view of this context for the Dockerfile at `dockerfile`: its own
    /// `<name>.dockerignore` next to it wins over the root's `.dockerignore`.
    pub fn for_dockerfile(self: &Arc<Self>, dockerfile: &Path) -> DockerfileContext {
        let specific = dockerfile.file_name().map(|name| {
            let mut ignore_name = name.to_os_string();
            ignore_name.push(".dockerignore");
            dockerfile.with_file_name(ignore_name)
        });
        let ignore = specific
            .and_then(|path| self.ignore_file(&path))
            .or_else(|| self.ignore_file(&self.root.join(".dockerignore")));
        DockerfileContext {
            context: Arc::clone(self),
            ignore,
        }
    }

    fn ignore_file(&self, path: &Path) -> Option<Arc<IgnoreFile>> {
        let mut files = self
            .ignore_files
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        files
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let bytes = std::fs::read(path).ok()?;
                let text = String::from_utf8_lossy(&bytes);
                let origin = path.display().to_string();
                Some(Arc::new(IgnoreFile::parse(origin, &text)))
            })
            .clone()
    }

    /// What is at `path`: one `lstat` per path component, each cached, so a
    /// `COPY package.json .` costs one lookup and no directory listing.
    fn entry_kind(&self, path: &str) -> Option<EntryKind> {
        let ends = path
            .match_indices('/')
            .map(|(index, _)| index)
            .chain((!path.is_empty()).then_some(path.len()));
        let mut kind = EntryKind::Directory;
        // Component by component (a loop, not recursion: the path comes from the
        // Dockerfile); a symlink or a file ends the path, nothing is followed.
        for end in ends {
            if kind != EntryKind::Directory {
                return None;
            }
            kind = self.own_kind(path.get(..end)?)?;
        }
        Some(kind)
    }

    /// The kind of one entry whose parents are known directories, looked up once.
    fn own_kind(&self, path: &str) -> Option<EntryKind> {
        let slot = {
            let mut kinds = self.kinds.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(kinds.entry(path.to_string()).or_default())
        };
        *slot.get_or_init(|| {
            let kind = std::fs::symlink_metadata(self.root.join(path))
                .ok()?
                .file_type();
            Some(if kind.is_symlink() {
                EntryKind::Symlink
            } else if kind.is_dir() {
                EntryKind::Directory
            } else if kind.is_file() {
                EntryKind::File
            } else {
                EntryKind::Other
            })
        })
    }

    /// The children of a directory given relative to the root, or `None`
    /// when it is missing, unreadable, or reached through a symlink.
    fn list(&self, directory: &str) -> Option<Listing> {
        if self.entry_kind(directory)? != EntryKind::Directory {
            return None;
        }
        let slot = {
            let mut listings = self.listings.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(listings.entry(directory.to_string()).or_default())
        };
        slot.get_or_init(|| {
            let listing = read_listing(&self.root.join(directory))?;
            // The walk asks for the kind of every child next: it is known now.
            let mut kinds = self.kinds.lock().unwrap_or_else(PoisonError::into_inner);
            for (name, kind) in listing.iter() {
                let known = kinds.entry(super::join(directory, name)).or_default();
                let _ = known.set(Some(*kind));
            }
            Some(listing)
        })
        .clone()
    }
}

fn read_listing(directory: &Path) -> Option<Listing> {
    let entries = std::fs::read_dir(directory).ok()?;
    let mut children: Vec<(String, EntryKind)> = entries
        .filter_map(Result::ok)
        .map(|entry| {
            // `DirEntry::file_type` does not follow symlinks.
            let kind = match entry.file_type() {
                Ok(kind) if kind.is_symlink() => EntryKind::Symlink,
                Ok(kind) if kind.is_dir() => EntryKind::Directory,
                Ok(kind) if kind.is_file() => EntryKind::File,
                _ => EntryKind::Other,
            };
            (entry.file_name().to_string_lossy().into_owned(), kind)
        })
        .collect();
    children.sort();
    Some(children.into())
}

/// One Dockerfile's view of an [`FsContext`]: the context and its ignore file.
#[derive(Debug, Clone)]
pub struct DockerfileContext {
    context: Arc<FsContext>,
    ignore: Option<Arc<IgnoreFile>>,
}

impl BuildContext for DockerfileContext {
    fn dockerignore(&self) -> Option<&IgnoreFile> {
        self.ignore.as_deref()
    }

    fn entry_kind(&self, path: &str) -> Option<EntryKind> {
        self.context.entry_kind(path)
    }

    fn exposed_entries(&self, directory: &str) -> Arc<[ExposedEntry]> {
        let ignore = self.ignore.as_deref();
        let origin = ignore.map_or("", IgnoreFile::origin);
        self.context.exposure.get_or_scan(directory, origin, || {
            scan_exposed(&|dir| self.context.list(dir), directory, ignore)
        })
    }
}

/// The contexts of one run, by directory: each opened once, whatever the
/// number of Dockerfiles in it.
#[derive(Debug, Default)]
pub struct ContextRegistry {
    contexts: Mutex<HashMap<PathBuf, Result<Arc<FsContext>, ContextError>>>,
}

impl ContextRegistry {
    pub fn new() -> ContextRegistry {
        ContextRegistry::default()
    }

    /// The context at `directory` (as written; `""` means the current directory).
    pub fn context(&self, directory: &Path) -> Result<Arc<FsContext>, ContextError> {
        let directory = if directory.as_os_str().is_empty() {
            Path::new(".")
        } else {
            directory
        };
        let mut contexts = self.contexts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = contexts.get(directory) {
            return known.clone();
        }
        // The same directory spelled two ways is still one context.
        let canonical = std::fs::canonicalize(directory).unwrap_or_else(|_| directory.into());
        let opened = match contexts.get(&canonical) {
            Some(known) => known.clone(),
            None => FsContext::open(directory).map(Arc::new),
        };
        contexts.insert(canonical, opened.clone());
        contexts.insert(directory.to_path_buf(), opened.clone());
        opened
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_non_directory_contexts_are_errors() {
        let registry = ContextRegistry::new();
        let missing = registry.context(Path::new("/nonexistent/shipshape-context"));
        assert!(matches!(missing, Err(ContextError::Missing(_))));
        let file = registry.context(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("Cargo.toml")
                .as_path(),
        );
        assert!(matches!(file, Err(ContextError::NotADirectory(_))));
    }

    #[cfg(unix)]
    #[test]
    fn lookups_and_walks_stop_at_symlinks() {
        let root = std::env::temp_dir().join(format!("shipshape-fs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("real/sub")).unwrap();
        std::fs::write(root.join("real/sub/.env"), "").unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("link")).unwrap();
        let context = Arc::new(FsContext::open(&root).unwrap());
        let view = context.for_dockerfile(&root.join("Dockerfile"));
        assert!(view.dockerignore().is_none());
        assert_eq!(view.entry_kind("real/sub"), Some(EntryKind::Directory));
        assert_eq!(view.entry_kind("link"), Some(EntryKind::Symlink));
        assert_eq!(view.entry_kind("link/sub"), None);
        assert_eq!(view.entry_kind("missing"), None);
        // A path as deep as a Dockerfile can make it is walked without recursion.
        assert_eq!(view.entry_kind(&"real/".repeat(200_000)), None);
        let exposed: Vec<String> = view
            .exposed_entries("")
            .iter()
            .map(|entry| entry.path.clone())
            .collect();
        assert_eq!(exposed, ["real/sub/.env"]);
        assert!(view.exposed_entries("link").is_empty());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn one_context_per_directory() {
        let registry = ContextRegistry::new();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let first = registry.context(root).unwrap();
        let second = registry.context(&root.join("src/..")).unwrap();
        assert!(Arc::ptr_eq(&first, &second));
    }
}
