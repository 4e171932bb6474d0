//! DL3060: `yarn install` should be followed by `yarn cache clean` in the same RUN.

use crate::rules::support::pkgflags::{CleanupCheck, check_cleanup, is_manager_clean};
use crate::rules::{Checker, Rule};
use crate::semantic::RunScript;
use crate::shell::packages::Manager;

pub struct YarnCacheNotCleaned;

impl Rule for YarnCacheNotCleaned {
    fn code(&self) -> &'static str {
        "DL3060"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        check_cleanup(
            checker,
            &CleanupCheck {
                managers: &[Manager::Yarn],
                subcommands: &["install"],
                // Yarn 1's cache under any home (`/usr/local/share/.cache/yarn` for root).
                cache_paths: &["/usr/local/share/.cache/yarn", "/root/.cache/yarn"],
                cache_markers: &[
                    ".cache/yarn",
                    "yarn-cache",
                    ".yarn/cache",
                    ".yarn/berry/cache",
                ],
                bare_fills: true,
                is_cleanup: &|script, index| {
                    is_manager_clean(script, index, &[Manager::Yarn], &["cache"], &["clean"])
                        || removes_reported_cache_dir(script, index)
                },
                message: &|_| {
                    "`yarn install` leaves its cache in the image; add `yarn cache clean` at the end of this RUN"
                        .to_string()
                },
            },
        );
    }
}

/// `rm -rf "$(yarn cache dir)"`: removes the directory yarn itself reports as
/// its cache, wherever that is.
fn removes_reported_cache_dir(script: &RunScript, index: usize) -> bool {
    let text = script.text.as_str();
    let Some(command) = script.script.commands.get(index) else {
        return false;
    };
    let effective = command.effective(text);
    effective.name(text).as_deref() == Some("rm")
        && effective.args().iter().any(|word| {
            let written: String = script.slice(word.span).split_whitespace().collect();
            written.contains("$(yarncachedir)") || written.contains("`yarncachedir`")
        })
}
