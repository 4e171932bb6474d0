//! DL3036: `zypper install` should be followed by `zypper clean` in the same RUN.

use crate::rules::support::pkgflags::{CleanupCheck, check_cleanup, is_manager_clean};
use crate::rules::{Checker, Rule};
use crate::shell::packages::Manager;

pub struct ZypperCacheNotCleaned;

impl Rule for ZypperCacheNotCleaned {
    fn code(&self) -> &'static str {
        "DL3036"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        check_cleanup(
            checker,
            &CleanupCheck {
                managers: &[Manager::Zypper],
                subcommands: &[
                    "install",
                    "in",
                    "update",
                    "up",
                    "dist-upgrade",
                    "dup",
                    "patch",
                    "source-install",
                    "si",
                ],
                cache_paths: &["/var/cache/zypp"],
                cache_markers: &[],
                bare_fills: false,
                is_cleanup: &|script, index| {
                    is_manager_clean(script, index, &[Manager::Zypper], &["clean", "cc"], &[])
                },
                message: &|found| {
                    format!(
                        "`zypper {}` leaves its cache in the image; add `zypper clean` at the end of this RUN",
                        found.invocation.subcommand().unwrap_or_default()
                    )
                },
            },
        );
    }
}
