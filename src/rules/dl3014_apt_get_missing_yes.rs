//! DL3014: `apt-get install` (and other prompting subcommands) needs `-y`.

use std::cell::OnceCell;

use crate::diagnostics::Applicability;
use crate::rules::support::pkgflags::{
    FlagCheck, Found, apt_simulates, check_missing_flag, configures, runs_with_apt_setting,
    sets_apt_option,
};
use crate::rules::{Checker, Rule};
use crate::shell::packages::Manager;

pub struct AptGetMissingYes;

/// Subcommands that ask "Do you want to continue?" before changing packages.
const PROMPTING: &[&str] = &[
    "install",
    "reinstall",
    "remove",
    "purge",
    "autoremove",
    "autopurge",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "build-dep",
    "satisfy",
];

impl Rule for AptGetMissingYes {
    fn code(&self) -> &'static str {
        "DL3014"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let dockerfile = checker.dockerfile();
        let configured = OnceCell::new();
        check_missing_flag(
            checker,
            &FlagCheck {
                managers: &[Manager::AptGet, Manager::Apt],
                subcommands: PROMPTING,
                only_in_image: false,
                satisfied: &|model, instruction, found| {
                    assumes_yes(found)
                        || configured
                            .get_or_init(|| {
                                runs_with_apt_setting(dockerfile, model, &assume_yes_setting)
                            })
                            .iter()
                            .any(|&config| configures(model, config, instruction))
                },
                message: &|found| {
                    format!(
                        "`{} {}` asks for confirmation, which aborts a non-interactive build; add `-y`",
                        found.manager_name(),
                        found.invocation.subcommand().unwrap_or_default()
                    )
                },
                fix: Some(("-y", Applicability::Safe)),
            },
        );
    }
}

/// `-y`/`--yes`/`--assume-yes`, quiet level 2 or more (which implies `-y`),
/// `-o APT::Get::Assume-Yes=true`, a simulation (which never asks), or
/// answers piped from `yes`.
fn assumes_yes(found: &Found<'_>) -> bool {
    let invocation = found.invocation;
    if invocation.has_option(&["-y", "--yes", "--assume-yes", "--qq"])
        || apt_simulates(found)
        || found.fed_by_yes()
    {
        return true;
    }
    let mut quiet_level = 0u32;
    for option in &invocation.options {
        let value = option.value.as_ref().map(|(value, _)| value.as_str());
        match (option.name.as_ref(), value) {
            ("-q" | "--quiet" | "--silent", None) => quiet_level += 1,
            ("-q" | "--quiet", Some(level)) => {
                quiet_level = quiet_level.max(level.parse().unwrap_or(0));
            }
            ("-o" | "--option", Some(setting)) if assume_yes_setting(setting) => return true,
            _ => {}
        }
    }
    quiet_level >= 2
}

/// `APT::Get::Assume-Yes=true`, or `APT::Get::Assume-Yes "true";` in an apt.conf file.
fn assume_yes_setting(setting: &str) -> bool {
    sets_apt_option(setting, "apt::get::assume-yes", &["true", "yes", "1", "on"])
}
