//! Configuration files: the native `.shipshape.toml` / `shipshape.toml` and,
//! for teams coming from hadolint, `.hadolint.yaml` / `.hadolint.yml`.
//!
//! [`Resolver`] finds the file that applies to each linted file (walking up
//! from its directory to the repository root, cached per directory), merges
//! it with the command line ([`Overrides`]; CLI > file > defaults) and hands
//! out ready [`LintOptions`](crate::LintOptions). See `docs/configuration.md`.

mod hadolint;
mod native;
mod pattern;
mod resolve;
mod selectors;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostics::Severity;
use crate::lint::LabelType;

pub use pattern::PathPattern;
pub use resolve::{Overrides, Resolver};

/// Native file names, in the order they are looked for in each directory.
pub const NATIVE_NAMES: [&str; 2] = [".shipshape.toml", "shipshape.toml"];
/// hadolint file names, used where a directory has no native file.
pub const HADOLINT_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

/// One parsed configuration file.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub format: ConfigFormat,
    pub settings: Settings,
}

impl Config {
    /// The directory patterns (`exclude`, `per-file-ignores`) are relative to.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    /// Reads and parses a configuration file, its format chosen by its name.
    pub fn load(path: &Path) -> Result<Config, Vec<ConfigError>> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            vec![ConfigError::new(
                path,
                None,
                format!("cannot read: {}", short_io(&error)),
            )]
        })?;
        let is_yaml = path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml");
        if is_yaml {
            let (settings, warnings) = hadolint::parse(path, &text)?;
            Ok(Config {
                path: path.to_path_buf(),
                format: ConfigFormat::Hadolint { warnings },
                settings,
            })
        } else {
            Ok(Config {
                path: path.to_path_buf(),
                format: ConfigFormat::Native,
                settings: native::parse(path, &text)?,
            })
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigFormat {
    Native,
    /// A `.hadolint.yaml`; keys hadolint ignores silently are warned about.
    Hadolint {
        warnings: Vec<ConfigError>,
    },
}

/// What one configuration file says; everything is optional.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// `Some(None)`: `fail-level = "none"`.
    pub fail_level: Option<Option<Severity>>,
    pub severity: BTreeMap<&'static str, Severity>,
    pub per_file_ignores: Vec<(PathPattern, Vec<String>)>,
    pub exclude: Vec<PathPattern>,
    pub trusted_registries: Vec<String>,
    pub allowed_base_images: Vec<String>,
    pub label_schema: BTreeMap<String, LabelType>,
    pub strict_labels: bool,
    pub disable_ignore_pragma: bool,
    /// `shellcheck = true`: run ShellCheck on RUN scripts.
    pub shellcheck: Option<bool>,
    pub rule_settings: BTreeMap<&'static str, toml::Table>,
    /// The build context directory (`context`), already joined to the file's directory.
    pub context: Option<PathBuf>,
}

/// A problem in a configuration file (or with a command-line selector, where
/// `path` is the flag): `<path>:<line>: <message>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based.
    pub line: Option<usize>,
    pub message: String,
}

impl ConfigError {
    pub fn new(path: &Path, line: Option<usize>, message: String) -> ConfigError {
        ConfigError {
            path: path.to_path_buf(),
            line,
            message,
        }
    }

    /// `path:line` as shown, the path relative to `cwd` when under it.
    pub fn location(&self, cwd: Option<&Path>) -> String {
        let path = cwd
            .and_then(|cwd| self.path.strip_prefix(cwd).ok())
            .filter(|relative| !relative.as_os_str().is_empty())
            .unwrap_or(&self.path);
        match self.line {
            Some(line) => format!("{}:{line}", path.display()),
            None => path.display().to_string(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(None), self.message)
    }
}

/// `fail-level` / `--fail-level` values; `None` inside means never fail.
pub fn parse_fail_level(text: &str) -> Option<Option<Severity>> {
    if text.eq_ignore_ascii_case("none") {
        return Some(None);
    }
    Severity::parse(text).map(Some)
}

fn short_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = error.to_string();
            text.split(" (os error")
                .next()
                .unwrap_or_default()
                .to_owned()
        }
    }
}
