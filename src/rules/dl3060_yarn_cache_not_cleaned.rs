//! DL3060: `yarn install` should be followed by `yarn cache clean` in the same RUN.

use crate::rules::support::pkgflags::{CleanupCheck, check_cleanup, is_manager_clean};
use crate::rules::{Checker, Rule};
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
                },
                message: &|_| {
                    "`yarn install` leaves its cache in the image; add `yarn cache clean` at the end of this RUN"
                        .to_string()
                },
            },
        );
    }
}
