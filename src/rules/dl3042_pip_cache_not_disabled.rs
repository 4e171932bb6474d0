//! DL3042: `pip install` should use `--no-cache-dir`.

use crate::diagnostics::Applicability;
use crate::rules::support::pkgflags::{
    FlagCheck, Found, check_missing_flag, cleaned_after, removes_marked_path, removes_path,
};
use crate::rules::{Checker, Rule};
use crate::semantic::SemanticModel;
use crate::shell::packages::Manager;

pub struct PipCacheNotDisabled;

const NO_CACHE_VARIABLE: &str = "PIP_NO_CACHE_DIR";

impl Rule for PipCacheNotDisabled {
    fn code(&self) -> &'static str {
        "DL3042"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        check_missing_flag(
            checker,
            &FlagCheck {
                managers: &[Manager::Pip],
                subcommands: &["install"],
                only_in_image: true,
                satisfied: &cache_disabled,
                message: &|found| {
                    format!(
                        "`{} install` keeps downloaded packages in the image's pip cache; add `--no-cache-dir`",
                        found.manager_name()
                    )
                },
                fix: Some(("--no-cache-dir", Applicability::Safe)),
            },
        );
    }
}

fn cache_disabled(model: &SemanticModel, instruction: usize, found: &Found<'_>) -> bool {
    let script = found.script;
    let text = script.text.as_str();
    let Some(command) = found.command() else {
        return true;
    };
    let effective = command.effective(text);
    // `uv pip install` has its own cache options.
    if effective.name(text).as_deref() == Some("uv") {
        return true;
    }
    if found.invocation.has_option(&["--no-cache-dir"]) {
        return true;
    }
    // `PIP_NO_CACHE_DIR=1 pip install`, `env PIP_NO_CACHE_DIR=1 pip install`.
    let prefix_assignments = command
        .assignments
        .iter()
        .filter(|assignment| assignment.name == NO_CACHE_VARIABLE)
        .filter_map(|assignment| {
            assignment
                .value
                .literal(text)
                .map(|value| value.into_owned())
        });
    let env_words = command
        .words
        .get(..effective.start)
        .unwrap_or_default()
        .iter()
        .filter_map(|word| word.literal(text))
        .filter_map(|word| word.strip_prefix("PIP_NO_CACHE_DIR=").map(str::to_string));
    if prefix_assignments
        .chain(env_words)
        .any(|value| disables_cache(&value))
    {
        return true;
    }
    // `export PIP_NO_CACHE_DIR=1` earlier in the script.
    let exported = script
        .script
        .commands
        .iter()
        .take(found.invocation.command_index)
        .filter(|earlier| earlier.name(text).as_deref() == Some("export"))
        .flat_map(|earlier| earlier.args())
        .filter_map(|word| word.literal(text))
        .filter_map(|word| word.strip_prefix("PIP_NO_CACHE_DIR=").map(str::to_string))
        .any(|value| disables_cache(&value));
    if exported {
        return true;
    }
    // `ENV`/`ARG PIP_NO_CACHE_DIR=1` in this stage or one it is built on.
    if model
        .resolve(instruction, NO_CACHE_VARIABLE)
        .is_some_and(disables_cache)
    {
        return true;
    }
    cache_mounted_for_pip(model, instruction, found)
        || cleaned_after(
            model,
            instruction,
            found.position(),
            &|script, _, command| {
                removes_path(script, command, &["/root/.cache/pip"])
                    || removes_marked_path(script, command, &[".cache/pip", "~/.cache"])
            },
        )
}

/// A cache/tmpfs mount on pip's cache: `~/.cache/pip` of any home, a parent
/// `.cache` directory, or the directory given by `--cache-dir`.
fn cache_mounted_for_pip(model: &SemanticModel, instruction: usize, found: &Found<'_>) -> bool {
    let cache_dir = found
        .invocation
        .option(&["--cache-dir"])
        .and_then(|option| option.value.as_ref())
        .map(|(value, _)| value.clone());
    model
        .mounts(instruction)
        .iter()
        .filter(|mount| mount.is_cache_or_tmpfs())
        .any(|mount| {
            let Some(target) = mount.target.as_deref() else {
                return false;
            };
            let target = target.trim_end_matches('/');
            target.contains(".cache/pip")
                || target.ends_with("/.cache")
                || cache_dir.as_deref().is_some_and(|dir| mount.covers(dir))
        })
}

/// Whether pip accepts `value` for `PIP_NO_CACHE_DIR`: any boolean, false
/// ones included, disables the cache (pip keeps an old quirk where `off`
/// meant "no cache"); an empty value or other text does not.
fn disables_cache(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "t" | "yes" | "y" | "on" | "0" | "false" | "f" | "no" | "n" | "off"
    )
}
