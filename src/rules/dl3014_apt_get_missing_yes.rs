//! DL3014: `apt-get install` (and other prompting subcommands) needs `-y`.

use crate::diagnostics::Applicability;
use crate::rules::support::pkgflags::{FlagCheck, Found, check_missing_flag};
use crate::rules::{Checker, Rule};
use crate::semantic::SemanticModel;
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
        check_missing_flag(
            checker,
            &FlagCheck {
                managers: &[Manager::AptGet, Manager::Apt],
                subcommands: PROMPTING,
                only_in_image: false,
                satisfied: &assumes_yes,
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
/// or `-o APT::Get::Assume-Yes=true`.
fn assumes_yes(_: &SemanticModel, _: usize, found: &Found<'_>) -> bool {
    let invocation = found.invocation;
    if invocation.has_option(&["-y", "--yes", "--assume-yes", "--qq"]) {
        return true;
    }
    let mut quiet_level = 0u32;
    for option in &invocation.options {
        let value = option.value.as_ref().map(|(value, _)| value.as_str());
        match (option.name.as_str(), value) {
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

/// `APT::Get::Assume-Yes=true` (keys are case-insensitive in apt).
fn assume_yes_setting(setting: &str) -> bool {
    setting.split_once('=').is_some_and(|(key, value)| {
        key.trim().eq_ignore_ascii_case("APT::Get::Assume-Yes")
            && matches!(
                value.trim().to_ascii_lowercase().as_str(),
                "true" | "yes" | "1" | "on"
            )
    })
}
