//! DL3032: `yum install` should be followed by `yum clean all` in the same RUN.

use crate::rules::support::pkgflags::{CleanupCheck, check_cleanup, is_manager_clean};
use crate::rules::{Checker, Rule};
use crate::shell::packages::Manager;

pub struct YumCacheNotCleaned;

impl Rule for YumCacheNotCleaned {
    fn code(&self) -> &'static str {
        "DL3032"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        check_cleanup(
            checker,
            &CleanupCheck {
                managers: &[Manager::Yum],
                subcommands: &[
                    "install",
                    "localinstall",
                    "groupinstall",
                    "group install",
                    "groups install",
                    "reinstall",
                    "update",
                    "upgrade",
                ],
                // On EL8+ yum is dnf and caches under /var/cache/dnf.
                cache_paths: &["/var/cache/yum", "/var/cache/dnf"],
                cache_markers: &[],
                bare_fills: false,
                is_cleanup: &|script, index| {
                    is_manager_clean(
                        script,
                        index,
                        &[Manager::Yum, Manager::Dnf],
                        &["clean"],
                        &["all"],
                    )
                },
                message: &|found| {
                    format!(
                        "`yum {}` leaves its cache in the image; add `yum clean all` at the end of this RUN",
                        found.invocation.subcommand().unwrap_or_default()
                    )
                },
            },
        );
    }
}
