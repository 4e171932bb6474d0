//! What each package manager's command line looks like: its names, the
//! options that take a value, the subcommands that take packages, and how a
//! package argument spells its version.

use std::borrow::Cow;

use super::pins::PinSyntax;
use super::specs::SPECS;
use crate::shell::ast::Word;
use crate::shell::command::EffectiveCommand;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Manager {
    AptGet,
    Apt,
    Aptitude,
    Apk,
    Dnf,
    Microdnf,
    Yum,
    Zypper,
    Pip,
    Npm,
    Yarn,
    Pnpm,
    Gem,
    Go,
    Poetry,
    Pipenv,
    Bundle,
    Composer,
    /// conda, mamba, micromamba.
    Conda,
}

impl Manager {
    /// The canonical command name.
    pub fn as_str(self) -> &'static str {
        match self {
            Manager::AptGet => "apt-get",
            Manager::Apt => "apt",
            Manager::Aptitude => "aptitude",
            Manager::Apk => "apk",
            Manager::Dnf => "dnf",
            Manager::Microdnf => "microdnf",
            Manager::Yum => "yum",
            Manager::Zypper => "zypper",
            Manager::Pip => "pip",
            Manager::Npm => "npm",
            Manager::Yarn => "yarn",
            Manager::Pnpm => "pnpm",
            Manager::Gem => "gem",
            Manager::Go => "go",
            Manager::Poetry => "poetry",
            Manager::Pipenv => "pipenv",
            Manager::Bundle => "bundle",
            Manager::Composer => "composer",
            Manager::Conda => "conda",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OptionStyle {
    /// `-abc` bundles short flags; long options start with `--`.
    Getopt,
    /// Go's flag package: `-name` and `--name` are the same long option.
    SingleDashLong,
}

pub(super) struct ManagerSpec {
    pub manager: Manager,
    pub option_style: OptionStyle,
    /// Short option letters that take a value.
    pub value_short: &'static str,
    /// Long options (as written, with dashes) that take the next word as value.
    pub value_long: &'static [&'static str],
    /// Subcommands (space-joined when multi-word) whose operands are packages.
    pub package_subcommands: &'static [&'static str],
    /// First words of multi-word subcommands (`global` of `yarn global add`).
    pub subcommand_prefixes: &'static [&'static str],
    /// Options whose value is the version of the packages (`gem -v`).
    pub version_options: &'static [&'static str],
    pub pins: PinSyntax,
}

fn spec(manager: Manager) -> Option<&'static ManagerSpec> {
    // `SPECS` lists the managers in declaration order: index first, search as a fallback.
    SPECS
        .get(manager as usize)
        .filter(|spec| spec.manager == manager)
        .or_else(|| SPECS.iter().find(|spec| spec.manager == manager))
}

/// Whether a command name can name a package manager, by its first letter
/// (most commands of a script are not package managers: `cd`, `rm`, `echo`...).
fn may_name_manager(name: &str) -> bool {
    matches!(
        name.as_bytes().first(),
        Some(b'a' | b'b' | b'c' | b'd' | b'g' | b'm' | b'n' | b'p' | b'u' | b'y' | b'z')
    )
}

/// `pip`, `pip3`, `pip3.12` (not `pipx` or `pipenv`).
fn is_pip_name(name: &str) -> bool {
    name.strip_prefix("pip")
        .is_some_and(|version| version.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
}

/// `python`, `python3`, `python3.12`.
fn is_python_name(name: &str) -> bool {
    name.strip_prefix("python")
        .is_some_and(|version| version.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
}

/// Which manager an effective command runs, and its arguments after the
/// manager's own name (`python -m pip install x` → pip, `[install, x]`).
pub(super) fn identify<'w>(
    effective: &EffectiveCommand<'w>,
    text: &str,
) -> Option<(&'static ManagerSpec, &'w [Word])> {
    // The name the parser cached (no quote removal again for every command).
    let name: Cow<str> = effective.name(text)?;
    let name = name.as_ref();
    if !may_name_manager(name) {
        return None;
    }
    let args = effective.args();
    let manager = match name {
        "apt-get" => Manager::AptGet,
        "apt" => Manager::Apt,
        "aptitude" => Manager::Aptitude,
        "apk" => Manager::Apk,
        "dnf" | "dnf5" => Manager::Dnf,
        "microdnf" => Manager::Microdnf,
        "yum" => Manager::Yum,
        "zypper" => Manager::Zypper,
        "npm" => Manager::Npm,
        "yarn" | "yarnpkg" => Manager::Yarn,
        "pnpm" => Manager::Pnpm,
        "gem" => Manager::Gem,
        "go" => Manager::Go,
        "poetry" => Manager::Poetry,
        "pipenv" => Manager::Pipenv,
        "bundle" | "bundler" => Manager::Bundle,
        "composer" | "composer.phar" => Manager::Composer,
        "conda" | "mamba" | "micromamba" => Manager::Conda,
        // `uv pip install ...` mirrors pip's command line.
        "uv" if args.first().and_then(|word| word.literal(text)).as_deref() == Some("pip") => {
            return Some((spec(Manager::Pip)?, args.get(1..)?));
        }
        name if is_pip_name(name) => Manager::Pip,
        name if is_python_name(name) => return python_module_pip(args, text),
        _ => return None,
    };
    Some((spec(manager)?, args))
}

/// `python [options] -m pip ARGS`.
fn python_module_pip<'w>(
    args: &'w [Word],
    text: &str,
) -> Option<(&'static ManagerSpec, &'w [Word])> {
    for (index, word) in args.iter().enumerate() {
        let value = word.literal(text)?;
        let module = match value.as_ref() {
            "-m" => args.get(index + 1)?.literal(text)?.into_owned(),
            attached if attached.starts_with("-m") => attached.get(2..)?.to_string(),
            option if option.starts_with('-') => continue,
            _ => return None,
        };
        let skip = if value == "-m" { 2 } else { 1 };
        return match module.as_str() {
            "pip" | "pip3" => Some((spec(Manager::Pip)?, args.get(index + skip..)?)),
            "pipenv" => Some((spec(Manager::Pipenv)?, args.get(index + skip..)?)),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_are_indexed_by_manager() {
        for (index, spec) in SPECS.iter().enumerate() {
            assert_eq!(spec.manager as usize, index, "{:?}", spec.manager);
        }
    }

    #[test]
    fn every_manager_name_passes_the_first_letter_check() {
        for name in [
            "apt-get",
            "apt",
            "aptitude",
            "apk",
            "dnf",
            "dnf5",
            "microdnf",
            "yum",
            "zypper",
            "npm",
            "yarn",
            "yarnpkg",
            "pnpm",
            "gem",
            "go",
            "poetry",
            "pipenv",
            "bundle",
            "bundler",
            "composer",
            "composer.phar",
            "conda",
            "mamba",
            "micromamba",
            "uv",
            "pip",
            "pip3",
            "python3",
        ] {
            assert!(may_name_manager(name), "{name}");
        }
    }
}
