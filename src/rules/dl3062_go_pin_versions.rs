//! DL3062: modules fetched with `go get`, `go install` or `go run` should be pinned.

use crate::rules::support::pins::{InstalledPackage, PinPolicy, report_unpinned};
use crate::rules::{Checker, Rule};
use crate::shell::packages::{Manager, PackageKind};

pub struct GoPinVersions;

impl Rule for GoPinVersions {
    fn code(&self) -> &'static str {
        "DL3062"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_unpinned(
            checker,
            &PinPolicy {
                managers: &[Manager::Go],
                install_subcommands: &["get", "install", "run"],
                judge,
            },
        );
    }
}

/// Version queries that move: they are resolved at build time.
const MOVING_QUERIES: [&str; 6] = ["latest", "upgrade", "patch", "master", "main", "HEAD"];

fn judge(installed: &InstalledPackage<'_>) -> Option<String> {
    let package = installed.package;
    let name = installed.name();
    // Source files (`go run main.go`) and local packages are not fetched.
    if package.kind != PackageKind::Name || name.starts_with('.') || name.ends_with(".go") {
        return None;
    }
    match installed.version() {
        // `go install`/`go run` without a version build in the current
        // module, whose go.mod fixes the version; only `go get` fetches.
        None if installed.invocation.is_subcommand(&["get"]) => Some(format!(
            "go module `{name}` is not pinned; pin a version with `{name}@<version>`"
        )),
        Some(query) if MOVING_QUERIES.contains(&query) => Some(format!(
            "go module `{name}` asks for `@{query}`, which is not a version; pin one with `{name}@<version>`"
        )),
        _ => None,
    }
}
