//! DL3040: `dnf install` / `microdnf install` should be followed by `clean all` in the same RUN.

use crate::rules::support::pkgflags::{CleanupCheck, check_cleanup, is_manager_clean};
use crate::rules::{Checker, Rule};
use crate::shell::packages::Manager;

pub struct DnfCacheNotCleaned;

const FILLING: &[&str] = &[
    "install",
    "in",
    "localinstall",
    "groupinstall",
    "group install",
    "groups install",
    "module install",
    "upgrade",
    "up",
    "update",
    "upgrade-minimal",
    "up-min",
    "reinstall",
    "rei",
    "distro-sync",
];

/// dnf 4, dnf 5 and microdnf (which uses yum's directory on older releases).
const CACHE_PATHS: &[&str] = &["/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum"];

impl Rule for DnfCacheNotCleaned {
    fn code(&self) -> &'static str {
        "DL3040"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Each tool cleans its own cache: `microdnf install` then `dnf clean all` still fires.
        for manager in [Manager::Dnf, Manager::Microdnf] {
            check_cleanup(
                checker,
                &CleanupCheck {
                    managers: &[manager],
                    subcommands: FILLING,
                    cache_paths: CACHE_PATHS,
                    cache_markers: &[],
                    bare_fills: false,
                    is_cleanup: &|script, index| {
                        is_manager_clean(script, index, &[manager], &["clean"], &["all"])
                    },
                    message: &|found| {
                        let name = found.manager_name();
                        format!(
                            "`{name} {}` leaves its cache in the image; add `{name} clean all` at the end of this RUN",
                            found.invocation.subcommand().unwrap_or_default()
                        )
                    },
                },
            );
        }
    }
}
