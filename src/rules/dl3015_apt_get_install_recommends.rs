//! DL3015: `apt-get install` should use `--no-install-recommends`.

use std::cell::OnceCell;

use crate::diagnostics::Applicability;
use crate::rules::support::pkgflags::{
    FlagCheck, Found, apt_simulates, check_missing_flag, configures, runs_with_apt_setting,
    sets_apt_option,
};
use crate::rules::{Checker, Rule};
use crate::shell::packages::Manager;

pub struct AptGetInstallRecommends;

const APT: &[Manager] = &[Manager::AptGet, Manager::Apt];

impl Rule for AptGetInstallRecommends {
    fn code(&self) -> &'static str {
        "DL3015"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let dockerfile = checker.dockerfile();
        let configured = OnceCell::new();
        check_missing_flag(
            checker,
            &FlagCheck {
                managers: APT,
                subcommands: &["install"],
                only_in_image: false,
                satisfied: &|model, instruction, found| {
                    skips_recommends(found)
                        || apt_simulates(found)
                        || configured
                            .get_or_init(|| {
                                runs_with_apt_setting(dockerfile, model, &disables_recommends)
                            })
                            .iter()
                            .any(|&config| configures(model, config, instruction))
                },
                message: &|found| {
                    format!(
                        "`{} install` also installs recommended packages; add `--no-install-recommends`",
                        found.manager_name()
                    )
                },
                // Unsafe: a recommended package the image relies on would go missing.
                fix: Some(("--no-install-recommends", Applicability::Unsafe)),
            },
        );
    }
}

/// `--no-install-recommends`, `--install-recommends=false`, or
/// `-o APT::Install-Recommends=false` (also as a bare argument, which apt
/// accepts as a configuration item).
fn skips_recommends(found: &Found<'_>) -> bool {
    let invocation = found.invocation;
    invocation.options.iter().any(|option| {
        let value = option.value.as_ref().map(|(value, _)| value.as_str());
        match (option.name.as_ref(), value) {
            ("--no-install-recommends", _) => true,
            ("--install-recommends", Some(value)) => is_false(value),
            ("-o" | "--option", Some(setting)) => disables_recommends(setting),
            _ => false,
        }
    }) || invocation
        .packages
        .iter()
        .any(|package| disables_recommends(package.name(&found.script.text)))
}

fn is_false(value: &str) -> bool {
    matches!(
        value
            .trim()
            .trim_matches(['"', '\''])
            .to_ascii_lowercase()
            .as_str(),
        "false" | "no" | "0" | "off"
    )
}

/// `APT::Install-Recommends=false`, or `APT::Install-Recommends "0";` as
/// written in apt.conf files.
fn disables_recommends(setting: &str) -> bool {
    sets_apt_option(
        setting,
        "apt::install-recommends",
        &["0", "false", "no", "off"],
    )
}
