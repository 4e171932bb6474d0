//! DL3015: `apt-get install` should use `--no-install-recommends`.

use crate::diagnostics::Applicability;
use crate::rules::support::pkgflags::{FlagCheck, Found, check_missing_flag, run_instructions};
use crate::rules::{Checker, Rule};
use crate::semantic::SemanticModel;
use crate::shell::packages::Manager;

pub struct AptGetInstallRecommends;

const APT: &[Manager] = &[Manager::AptGet, Manager::Apt];

impl Rule for AptGetInstallRecommends {
    fn code(&self) -> &'static str {
        "DL3015"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let configured = configured_runs(checker);
        check_missing_flag(
            checker,
            &FlagCheck {
                managers: APT,
                subcommands: &["install"],
                only_in_image: false,
                satisfied: &|model, instruction, found| {
                    skips_recommends(found)
                        || configured
                            .iter()
                            .any(|&config| configures_before(model, config, instruction))
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
        match (option.name.as_str(), value) {
            ("--no-install-recommends", _) => true,
            ("--install-recommends", Some(value)) => is_false(value),
            ("-o" | "--option", Some(setting)) => disables_recommends(setting),
            _ => false,
        }
    }) || invocation
        .packages
        .iter()
        .any(|package| disables_recommends(&package.name))
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
    const KEY: &str = "apt::install-recommends";
    let lower = setting.to_ascii_lowercase();
    let Some(at) = lower.find(KEY) else {
        return false;
    };
    let value = lower
        .get(at + KEY.len()..)
        .unwrap_or("")
        .trim_start_matches([' ', '\t', '"', '\'', '=']);
    ["0", "false", "no", "off"]
        .iter()
        .any(|falsy| value.starts_with(falsy))
}

/// RUNs that write an apt configuration turning recommends off
/// (`echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/...`): a word
/// of the script is such a setting.
fn configured_runs(checker: &Checker<'_>) -> Vec<usize> {
    let model = checker.model();
    run_instructions(checker)
        .into_iter()
        .filter(|&instruction| {
            model.commands(instruction).any(|(script, command)| {
                command.words.iter().any(|word| {
                    word.literal(&script.text)
                        .is_some_and(|value| disables_recommends(&value))
                })
            })
        })
        .collect()
}

/// Whether RUN `config` configures the image apt runs in at `instruction`:
/// earlier in the same stage or in a stage it is built on.
fn configures_before(model: &SemanticModel, config: usize, instruction: usize) -> bool {
    if config >= instruction {
        return false;
    }
    let (Some(config_stage), Some(stage)) = (model.stage_of(config), model.stage_of(instruction))
    else {
        return false;
    };
    config_stage.index == stage.index || model.ancestors(stage.index).contains(&config_stage.index)
}
