//! Turning the command-line paths into the list of inputs to lint.
//!
//! A named file is always linted; a directory is searched recursively for files
//! with Dockerfile names, honouring `.gitignore` and `.ignore` (even outside a
//! git repository) and skipping hidden entries such as `.git`.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use super::input::{FileError, InputError, describe_io};
use super::paths::{absolute, display_path};

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File { path: PathBuf, display: String },
    Stdin { display: String },
}

impl Input {
    pub fn display(&self) -> &str {
        match self {
            Input::File { display, .. } | Input::Stdin { display } => display,
        }
    }
}

/// What discovery produced, in output order: inputs and per-path errors, plus
/// problems that do not stop the run (an unreadable `.gitignore`).
#[derive(Debug, Default)]
pub struct Discovery {
    pub inputs: Vec<Result<Input, FileError>>,
    pub warnings: Vec<(String, String)>,
}

/// The display name of stdin when `--stdin-filename` is not given.
pub const STDIN_DISPLAY: &str = "<stdin>";

/// Arguments in the order given; files found in one directory sorted by path.
/// A file reached twice is linted once. No arguments means the current
/// directory, or stdin when it has a name.
pub fn discover(paths: &[PathBuf], stdin_name: Option<&str>, cwd: Option<&Path>) -> Discovery {
    let mut discovery = Discovery::default();
    let mut seen = HashSet::new();
    // `--stdin-filename` alone means stdin, as in other linters.
    let default_paths = [PathBuf::from(if stdin_name.is_some() { "-" } else { "." })];
    let paths = if paths.is_empty() {
        &default_paths[..]
    } else {
        paths
    };
    for path in paths {
        if path.as_os_str() == "-" {
            if seen.insert(PathBuf::from("-")) {
                let display = stdin_name.unwrap_or(STDIN_DISPLAY).to_owned();
                discovery.inputs.push(Ok(Input::Stdin { display }));
            }
            continue;
        }
        let display = display_path(path, cwd);
        match fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => {
                let mut found = walk(path, cwd, &mut discovery.warnings);
                found.sort_by(|a, b| sort_key(a).cmp(sort_key(b)));
                for item in found {
                    let fresh = match &item {
                        Ok(Input::File { path, .. }) => seen.insert(absolute(path, cwd)),
                        _ => true,
                    };
                    if fresh {
                        discovery.inputs.push(item);
                    }
                }
            }
            Ok(metadata) if metadata.is_file() => {
                if seen.insert(absolute(path, cwd)) {
                    let path = path.clone();
                    discovery.inputs.push(Ok(Input::File { path, display }));
                }
            }
            Ok(_) => discovery.inputs.push(Err(FileError {
                path: display,
                error: InputError::NotAFile,
            })),
            Err(error) => discovery.inputs.push(Err(FileError {
                path: display,
                error: error.into(),
            })),
        }
    }
    discovery
}

fn sort_key(item: &Result<Input, FileError>) -> &str {
    match item {
        Ok(input) => input.display(),
        Err(error) => &error.path,
    }
}

fn walk(
    root: &Path,
    cwd: Option<&Path>,
    warnings: &mut Vec<(String, String)>,
) -> Vec<Result<Input, FileError>> {
    let mut found = Vec::new();
    let walker = WalkBuilder::new(root)
        .hidden(true)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error_path(&error).unwrap_or(root);
                let display = display_path(path, cwd);
                let message = describe_walk_error(&error);
                if error.is_partial() {
                    // A bad line in an ignore file: the walk went on without it.
                    warnings.push((display, message));
                } else {
                    found.push(Err(FileError {
                        path: display,
                        error: InputError::Walk(message),
                    }));
                }
                continue;
            }
        };
        if entry.depth() == 0 || !is_dockerfile_name(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let is_file = match entry.file_type() {
            Some(kind) if kind.is_symlink() => {
                fs::metadata(entry.path()).is_ok_and(|m| m.is_file())
            }
            Some(kind) => kind.is_file(),
            None => false,
        };
        if is_file {
            let path = entry.into_path();
            let display = display_path(&path, cwd);
            found.push(Ok(Input::File { path, display }));
        }
    }
    found
}

/// The innermost path an `ignore` error is about.
fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, err } => error_path(err).or(Some(path.as_path())),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errors) => errors.iter().find_map(error_path),
        ignore::Error::Loop { child, .. } => Some(child.as_path()),
        _ => None,
    }
}

fn describe_walk_error(error: &ignore::Error) -> String {
    match error.io_error() {
        Some(io_error) => describe_io(io_error),
        None => strip_path_prefix(error),
    }
}

/// `ignore` prefixes messages with the path, which our error line already shows.
fn strip_path_prefix(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            strip_path_prefix(err)
        }
        other => other.to_string(),
    }
}

/// Whether a file name looks like a Dockerfile (ASCII case-insensitively):
/// `Dockerfile`, `Containerfile`, `Dockerfile.*`, `Dockerfile-*`, `Dockerfile_*`,
/// `Containerfile.*`, `*.Dockerfile`, `*.containerfile`. Names with the extension of
/// another well-known kind of file (`Dockerfile.dockerignore`, `dockerfile_test.go`,
/// `Dockerfile.md`) have the shape but are not Dockerfiles.
pub fn is_dockerfile_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let after = |prefix: &str| name.strip_prefix(prefix);
    let shaped = name == "dockerfile"
        || name == "containerfile"
        || after("dockerfile").is_some_and(|rest| rest.starts_with(['.', '-', '_']))
        || after("containerfile").is_some_and(|rest| rest.starts_with('.'))
        || name.ends_with(".dockerfile")
        || name.ends_with(".containerfile");
    shaped && !has_foreign_extension(&name)
}

/// Extensions of files that sit next to Dockerfiles with Dockerfile-like names.
const FOREIGN_EXTENSIONS: [&str; 24] = [
    "dockerignore",
    "go",
    "rs",
    "py",
    "js",
    "ts",
    "rb",
    "java",
    "kt",
    "c",
    "h",
    "cpp",
    "cs",
    "php",
    "swift",
    "md",
    "rst",
    "adoc",
    "json",
    "yml",
    "yaml",
    "toml",
    "xml",
    "lock",
];

fn has_foreign_extension(lowercase_name: &str) -> bool {
    lowercase_name
        .rsplit_once('.')
        .is_some_and(|(_, extension)| FOREIGN_EXTENSIONS.contains(&extension))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch tree under the system temp dir (outside any git repository).
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str, files: &[&str]) -> Scratch {
            let root = std::env::temp_dir()
                .join(format!("shipshape-discover-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&root);
            for file in files {
                let (relative, contents) = file.split_once('=').unwrap_or((file, "FROM a\n"));
                let path = root.join(relative);
                let created = path
                    .parent()
                    .map_or(Ok(()), fs::create_dir_all)
                    .and_then(|()| fs::write(&path, contents));
                assert!(created.is_ok(), "{created:?}");
            }
            Scratch(root)
        }

        fn discover(&self, paths: &[&str]) -> Vec<String> {
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            let discovery = discover(&paths, Some("piped"), Some(&self.0));
            assert!(discovery.warnings.is_empty(), "{:?}", discovery.warnings);
            discovery
                .inputs
                .iter()
                .map(|input| match input {
                    Ok(input) => input.display().to_owned(),
                    Err(error) => format!("error {}: {}", error.path, error.error),
                })
                .collect()
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn walks_honour_names_hidden_entries_and_ignore_files() {
        let scratch = Scratch::new(
            "walk",
            &[
                "Dockerfile",
                "web/DOCKERFILE.dev",
                "web/app.containerfile",
                "web/skip.Dockerfile",
                "web/.gitignore=skip.*\n",
                "README.md",
                "Dockerfile.dockerignore",
                ".git/Dockerfile",
                ".github/Dockerfile",
                "vendor/Dockerfile",
                "build/Dockerfile",
                ".gitignore=vendor/\n",
                ".ignore=/build\n",
            ],
        );
        let root = scratch.0.display().to_string();
        assert_eq!(
            scratch.discover(&[&root]),
            ["Dockerfile", "web/DOCKERFILE.dev", "web/app.containerfile"]
        );
    }

    #[test]
    fn a_hidden_directory_named_explicitly_is_walked() {
        let scratch = Scratch::new(
            "hidden-root",
            &[".devcontainer/Dockerfile", ".devcontainer/.x/Dockerfile"],
        );
        let root = format!("{}/.devcontainer", scratch.0.display());
        assert_eq!(scratch.discover(&[&root]), [".devcontainer/Dockerfile"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_to_files_are_linted_and_dangling_ones_skipped() {
        let scratch = Scratch::new("symlinks", &["real/Dockerfile", "app/README.md"]);
        let linked =
            std::os::unix::fs::symlink("../real/Dockerfile", scratch.0.join("app/Dockerfile"))
                .and_then(|()| {
                    std::os::unix::fs::symlink("nowhere", scratch.0.join("app/Dockerfile.x"))
                });
        assert!(linked.is_ok(), "{linked:?}");
        let root = scratch.0.display().to_string();
        assert_eq!(
            scratch.discover(&[&root]),
            ["app/Dockerfile", "real/Dockerfile"]
        );
    }

    #[test]
    fn arguments_keep_their_order_and_repeats_are_dropped() {
        let scratch = Scratch::new("order", &["b/Dockerfile", "a/Dockerfile", "Containerfile"]);
        let root = scratch.0.display().to_string();
        let b = format!("{root}/b");
        let listed = scratch.discover(&[&b, "-", &root, "-", &format!("{root}/missing")]);
        assert_eq!(
            listed,
            [
                "b/Dockerfile",
                "piped",
                "Containerfile",
                "a/Dockerfile",
                "error missing: no such file or directory"
            ]
        );
    }

    #[test]
    fn dockerfile_names_match_case_insensitively() {
        for name in [
            "Dockerfile",
            "dockerfile",
            "DOCKERFILE",
            "Containerfile",
            "Dockerfile.dev",
            "Dockerfile-alpine",
            "Dockerfile_test",
            "containerfile.arm64",
            "app.Dockerfile",
            "web.DOCKERFILE",
            "api.containerfile",
            "Dockerfile.prod.amd64",
            "Dockerfile.",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
    }

    #[test]
    fn other_names_do_not_match() {
        for name in [
            "Dockerfiles",
            "dockerfile.go",
            "dockerfile_test.go",
            "Dockerfile.md",
            "Containerfile-x",
            "Dockerfile.dockerignore",
            "app.Dockerfile.dockerignore",
            ".dockerignore",
            "README.md",
            "mydockerfile",
            "docker-compose.yml",
        ] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }
}
