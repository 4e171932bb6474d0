//! DL3009: the apt package lists fetched by `apt-get update` should be deleted in the same RUN.

use crate::rules::support::pkgflags::{CleanupCheck, check_cleanup, is_manager_clean};
use crate::rules::{Checker, Rule};
use crate::shell::packages::Manager;

pub struct AptListsNotDeleted;

impl Rule for AptListsNotDeleted {
    fn code(&self) -> &'static str {
        "DL3009"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        check_cleanup(
            checker,
            &CleanupCheck {
                managers: &[Manager::AptGet, Manager::Apt, Manager::Aptitude],
                subcommands: &["update"],
                cache_paths: &["/var/lib/apt/lists"],
                cache_markers: &[],
                bare_fills: false,
                // `apt-get clean` empties /var/cache/apt, not the lists;
                // `dist-clean` (apt 2.7.8+) removes both.
                is_cleanup: &|script, index| {
                    is_manager_clean(
                        script,
                        index,
                        &[Manager::AptGet, Manager::Apt],
                        &["dist-clean"],
                        &[],
                    )
                },
                message: &|found| {
                    format!(
                        "`{} update` leaves the package lists in the image; \
                         add `rm -rf /var/lib/apt/lists/*` at the end of this RUN",
                        found.manager_name()
                    )
                },
            },
        );
    }
}
