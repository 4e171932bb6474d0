//! DL3019: `apk add` should use `--no-cache`.

use crate::diagnostics::Applicability;
use crate::rules::support::pkgflags::{
    FlagCheck, Found, cache_mounted, check_missing_flag, cleaned_after, removes_path,
};
use crate::rules::{Checker, Rule};
use crate::semantic::SemanticModel;
use crate::shell::packages::Manager;

pub struct ApkAddWithoutNoCache;

/// The index cache, and the package cache apk uses when `/etc/apk/cache` exists.
const APK_CACHE: &[&str] = &["/var/cache/apk", "/etc/apk/cache"];

impl Rule for ApkAddWithoutNoCache {
    fn code(&self) -> &'static str {
        "DL3019"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        check_missing_flag(
            checker,
            &FlagCheck {
                managers: &[Manager::Apk],
                subcommands: &["add"],
                only_in_image: true,
                satisfied: &cache_avoided,
                message: &|_| {
                    "`apk add` keeps the package index in the image; add `--no-cache`".to_string()
                },
                fix: Some(("--no-cache", Applicability::Safe)),
            },
        );
    }
}

/// `--no-cache`, `--no-network` (nothing is downloaded), a cache mount on
/// `/var/cache/apk` or `/etc/apk/cache`, or `rm -rf /var/cache/apk/*` later in the same RUN.
fn cache_avoided(model: &SemanticModel, instruction: usize, found: &Found<'_>) -> bool {
    found.invocation.has_option(&["--no-cache", "--no-network"])
        || cache_mounted(model, instruction, APK_CACHE)
        || cleaned_after(
            model,
            instruction,
            found.position(),
            &|script, _, command| removes_path(script, command, APK_CACHE),
        )
}
