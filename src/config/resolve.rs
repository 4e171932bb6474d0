//! Finding the configuration of each linted file and merging it with the
//! command line into [`LintOptions`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::selectors::{is_known, unknown_message};
use super::{Config, ConfigError, ConfigFormat, HADOLINT_NAMES, NATIVE_NAMES, hadolint};
use crate::diagnostics::Severity;
use crate::lint::LintOptions;
use crate::shellcheck::ScriptChecker;

/// What the command line says; `None`/empty means "not given".
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--select`: replaces the file's `select`, and drops its `extend-select` and `ignore` (as ruff).
    pub select: Option<Vec<String>>,
    /// `--extend-select`: added to the file's.
    pub extend_select: Vec<String>,
    /// `--ignore`: added to the file's.
    pub ignore: Vec<String>,
    /// `--fail-level`; `Some(None)` is `none`.
    pub fail_level: Option<Option<Severity>>,
    pub target: Option<String>,
    pub context: Option<PathBuf>,
    /// `--config FILE`: used for every file instead of discovery.
    pub config_file: Option<PathBuf>,
    /// `--isolated`: no configuration file at all.
    pub isolated: bool,
    /// `--shellcheck` (`Some(true)`) or `--no-shellcheck` (`Some(false)`).
    pub shellcheck: Option<bool>,
    /// What runs ShellCheck when it is on; `None` when it is not available.
    pub script_checker: Option<Arc<dyn ScriptChecker>>,
}

/// Configuration lookup with a cache per directory (many files share one file).
pub struct Resolver {
    overrides: Overrides,
    cwd: Option<PathBuf>,
    /// Directory → the configuration that applies there.
    by_dir: HashMap<PathBuf, Option<Arc<Config>>>,
    /// Configuration path → its base options (before per-file ignores).
    options: HashMap<Option<PathBuf>, Arc<LintOptions>>,
    /// Configuration paths whose errors were already returned once.
    failed: HashSet<PathBuf>,
    fixed: Option<Arc<Config>>,
    warnings: Vec<ConfigError>,
    /// Some file asked for ShellCheck and no checker was available.
    shellcheck_unavailable: bool,
}

impl Resolver {
    /// Checks the command-line selectors and loads `--config`.
    pub fn new(overrides: Overrides, cwd: Option<PathBuf>) -> Result<Resolver, Vec<ConfigError>> {
        let mut errors = Vec::new();
        let flags = [
            ("--select", overrides.select.clone().unwrap_or_default()),
            ("--extend-select", overrides.extend_select.clone()),
            ("--ignore", overrides.ignore.clone()),
        ];
        for (flag, selectors) in flags {
            for selector in selectors.iter().filter(|selector| !is_known(selector)) {
                errors.push(ConfigError::new(
                    Path::new(flag),
                    None,
                    unknown_message(selector),
                ));
            }
        }
        let mut resolver = Resolver {
            overrides,
            cwd,
            by_dir: HashMap::new(),
            options: HashMap::new(),
            failed: HashSet::new(),
            fixed: None,
            warnings: Vec::new(),
            shellcheck_unavailable: false,
        };
        if let Some(path) = resolver
            .overrides
            .config_file
            .clone()
            .filter(|_| !resolver.overrides.isolated)
        {
            match resolver.load(&path) {
                Ok(config) => resolver.fixed = Some(config),
                Err(mut load_errors) => errors.append(&mut load_errors),
            }
        }
        if errors.is_empty() {
            Ok(resolver)
        } else {
            Err(errors)
        }
    }

    /// Non-fatal notices gathered so far (unknown hadolint keys); drained.
    pub fn take_warnings(&mut self) -> Vec<ConfigError> {
        std::mem::take(&mut self.warnings)
    }

    /// The options for a file (`path` as given or found; for stdin, its
    /// `--stdin-filename` or the current directory). Errors of a broken
    /// configuration file are returned the first time only (then an empty list).
    pub fn options_for(&mut self, path: &Path) -> Result<LintOptions, Vec<ConfigError>> {
        let config = self.config_for(path)?;
        let key = config.as_ref().map(|config| config.path.clone());
        let base = match self.options.get(&key) {
            Some(base) => Arc::clone(base),
            None => {
                let base = Arc::new(self.base_options(config.as_deref()));
                self.options.insert(key, Arc::clone(&base));
                base
            }
        };
        let mut options = (*base).clone();
        if let Some(config) = &config {
            let relative = self.relative_to(config, path);
            for (pattern, selectors) in &config.settings.per_file_ignores {
                if pattern.matches(&relative) {
                    options.per_file_ignores.extend(selectors.iter().cloned());
                }
            }
        }
        Ok(options)
    }

    /// Whether the configuration of `path` excludes it.
    pub fn is_excluded(&mut self, path: &Path) -> Result<bool, Vec<ConfigError>> {
        let Some(config) = self.config_for(path)? else {
            return Ok(false);
        };
        let relative = self.relative_to(&config, path);
        Ok(config
            .settings
            .exclude
            .iter()
            .any(|pattern| pattern.matches(&relative)))
    }

    /// The configuration that applies to `path`, if any.
    pub fn config_for(&mut self, path: &Path) -> Result<Option<Arc<Config>>, Vec<ConfigError>> {
        if self.overrides.isolated {
            return Ok(None);
        }
        if let Some(config) = &self.fixed {
            return Ok(Some(Arc::clone(config)));
        }
        let absolute = self.absolute(path);
        let start = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        self.config_in(&start)
    }

    /// Walks up from `dir` to the repository root (a directory with `.git`).
    fn config_in(&mut self, dir: &Path) -> Result<Option<Arc<Config>>, Vec<ConfigError>> {
        if let Some(found) = self.by_dir.get(dir) {
            return Ok(found.clone());
        }
        let found = match find_file(dir) {
            Some(path) => Some(self.load(&path)?),
            None if dir.join(".git").exists() => None,
            None => match dir.parent() {
                Some(parent) => self.config_in(parent)?,
                None => None,
            },
        };
        self.by_dir.insert(dir.to_path_buf(), found.clone());
        Ok(found)
    }

    fn load(&mut self, path: &Path) -> Result<Arc<Config>, Vec<ConfigError>> {
        if self.failed.contains(path) {
            return Err(Vec::new());
        }
        match Config::load(path) {
            Ok(mut config) => {
                if let ConfigFormat::Hadolint { warnings } = &config.format {
                    self.warnings.extend(warnings.iter().cloned());
                    hadolint::apply_env(&mut config.settings, |name| std::env::var(name).ok());
                }
                Ok(Arc::new(config))
            }
            Err(errors) => {
                self.failed.insert(path.to_path_buf());
                Err(errors)
            }
        }
    }

    /// CLI > file > defaults.
    fn base_options(&mut self, config: Option<&Config>) -> LintOptions {
        let overrides = &self.overrides;
        let mut options = LintOptions::default();
        if let Some(config) = config {
            let settings = &config.settings;
            options.select = settings.select.clone();
            options.extend_select = settings.extend_select.clone();
            options.ignore = settings.ignore.clone();
            if let Some(level) = settings.fail_level {
                options.fail_level = level;
            }
            options.severity = Arc::new(settings.severity.clone());
            options.trusted_registries = Arc::new(settings.trusted_registries.clone());
            options.allowed_base_images = Arc::new(settings.allowed_base_images.clone());
            options.label_schema = Arc::new(settings.label_schema.clone());
            options.strict_labels = settings.strict_labels;
            options.disable_ignore_pragma = settings.disable_ignore_pragma;
            options.rule_settings = Arc::new(settings.rule_settings.clone());
        }
        if let Some(select) = &overrides.select {
            options.select = Some(select.clone());
            options.extend_select.clear();
            options.ignore.clear();
        }
        options
            .extend_select
            .extend(overrides.extend_select.iter().cloned());
        options.ignore.extend(overrides.ignore.iter().cloned());
        if let Some(level) = overrides.fail_level {
            options.fail_level = level;
        }
        options.target = overrides.target.clone();
        options.context = overrides
            .context
            .clone()
            .or_else(|| config.and_then(|config| config.settings.context.clone()));
        let shellcheck = overrides
            .shellcheck
            .or(config.and_then(|config| config.settings.shellcheck))
            .unwrap_or(false);
        if shellcheck {
            options.script_checker = overrides.script_checker.clone();
            self.shellcheck_unavailable |= options.script_checker.is_none();
        }
        options
    }

    /// Whether some file asked for ShellCheck while no checker is available.
    pub fn shellcheck_unavailable(&self) -> bool {
        self.shellcheck_unavailable
    }

    fn absolute(&self, path: &Path) -> PathBuf {
        if let Ok(canonical) = path.canonicalize() {
            return canonical;
        }
        let joined = match &self.cwd {
            Some(cwd) if path.is_relative() => cwd.join(path),
            _ => path.to_path_buf(),
        };
        // A file that does not exist (a stdin name): resolve its directory.
        match (
            joined.parent().and_then(|dir| dir.canonicalize().ok()),
            joined.file_name(),
        ) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => joined,
        }
    }

    fn relative_to(&self, config: &Config, path: &Path) -> PathBuf {
        let absolute = self.absolute(path);
        let dir = config
            .dir()
            .canonicalize()
            .unwrap_or_else(|_| config.dir().to_path_buf());
        absolute
            .strip_prefix(&dir)
            .map(Path::to_path_buf)
            .unwrap_or(absolute)
    }
}

/// The configuration file of one directory: native first, then hadolint's.
fn find_file(dir: &Path) -> Option<PathBuf> {
    NATIVE_NAMES
        .iter()
        .chain(HADOLINT_NAMES.iter())
        .map(|name| dir.join(name))
        .find(|path| path.is_file())
}
