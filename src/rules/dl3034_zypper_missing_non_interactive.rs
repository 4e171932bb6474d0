//! DL3034: zypper commands that change packages need `-n`/`--non-interactive` or `-y`.

use crate::diagnostics::Applicability;
use crate::rules::support::pkgflags::{FlagCheck, check_missing_flag};
use crate::rules::{Checker, Rule};
use crate::shell::packages::Manager;

pub struct ZypperMissingNonInteractive;

/// zypper subcommands (and their short aliases) that ask before acting.
const PROMPTING: &[&str] = &[
    "install",
    "in",
    "remove",
    "rm",
    "source-install",
    "si",
    "patch",
    "update",
    "up",
    "dist-upgrade",
    "dup",
    "install-new-recommends",
    "inr",
];

impl Rule for ZypperMissingNonInteractive {
    fn code(&self) -> &'static str {
        "DL3034"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        check_missing_flag(
            checker,
            &FlagCheck {
                managers: &[Manager::Zypper],
                subcommands: PROMPTING,
                only_in_image: false,
                // The global `-n` goes before the subcommand, `-y` after it.
                satisfied: &|_, _, found| {
                    found.fed_by_yes()
                        || found.invocation.has_option(&[
                            "-n",
                            "--non-interactive",
                            "-y",
                            "--no-confirm",
                        ])
                },
                message: &|found| {
                    format!(
                        "`zypper {}` asks for confirmation, which aborts a non-interactive build; \
                         add `-n` (`zypper -n {0}`) or `-y`",
                        found.invocation.subcommand().unwrap_or_default()
                    )
                },
                fix: Some(("-y", Applicability::Safe)),
            },
        );
    }
}
